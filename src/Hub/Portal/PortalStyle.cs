namespace DataHub.Hub.Portal;

/// <summary>
/// The citizen portal's stylesheet: phone first (the provinces' citizen apps embed it in a web view), large touch
/// targets, contrast at least 4.5:1. Inline in <see cref="Pages.PortalLayout"/> and allowed by its hash in the pages'
/// Content-Security-Policy, like the console's.
/// </summary>
public static class PortalStyle
{
    public const string Css = """
        :root{--ink:#17202c;--muted:#4a5563;--line:#c9d0da;--brand:#0b4f8a;--ok:#1c6b34;--warn:#7a4b00;--bad:#9b1c1c;--ground:#f3f5f8}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--ground)}
        header{background:var(--brand);color:#fff;padding:.6em 1em}header .top{display:flex;align-items:center;gap:.6em;flex-wrap:wrap}
        header .brand{font-weight:700;font-size:1.05em;margin-right:auto}header a,header button{color:#fff}
        header form{margin:0}header button{background:transparent;border:1px solid #fff;border-radius:6px;padding:.35em .8em;font:inherit;min-height:44px}
        nav{display:flex;gap:.3em;overflow-x:auto;margin-top:.5em}nav a{flex:0 0 auto;color:#fff;text-decoration:none;padding:.5em .8em;border-radius:6px;min-height:44px;display:inline-flex;align-items:center}
        nav a[aria-current=page]{background:#ffffff30;font-weight:700}a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #f5b700;outline-offset:2px}
        .lang{padding:.35em .6em;min-height:44px;display:inline-flex;align-items:center}
        main{padding:1em;max-width:44em;margin:0 auto}h1{font-size:1.3em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
        .card{background:#fff;border:1px solid var(--line);border-radius:10px;padding:.8em 1em;margin:.7em 0}
        .card h3,.access h2{margin:0 0 .3em;font-size:1em}.meta{color:var(--muted);font-size:.92em}
        dl{margin:.3em 0;display:grid;grid-template-columns:minmax(7em,40%) 1fr;gap:.25em .8em}dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}
        ul.plain{list-style:none;padding:0;margin:0}
        .badge{display:inline-block;border-radius:999px;padding:.05em .6em;font-size:.88em;font-weight:600;border:1px solid}
        .live{color:var(--ok);border-color:var(--ok)}.expired,.declined{color:var(--muted);border-color:var(--muted)}.withdrawn,.rejected{color:var(--bad);border-color:var(--bad)}
        .pending{color:var(--warn);border-color:var(--warn)}.approved,.ok{color:var(--ok);border-color:var(--ok)}
        .DONE{color:var(--ok);border-color:var(--ok)}.WAITING{color:var(--warn);border-color:var(--warn)}.FAILED{color:var(--bad);border-color:var(--bad)}
        ol.steps{padding-left:1.3em;margin:.3em 0}ol.steps li{margin:.4em 0}
        label{display:block;margin:.5em 0 .2em;font-weight:600}fieldset{border:1px solid var(--line);border-radius:8px;margin:.6em 0;padding:.4em .8em}
        legend{font-weight:600;padding:0 .3em}fieldset label{font-weight:normal;display:flex;align-items:center;gap:.5em;min-height:44px;margin:0}
        input[type=text],select{width:100%;font:inherit;padding:.55em;border:1px solid #6b7684;border-radius:6px;background:#fff;color:var(--ink);min-height:44px}
        input[type=checkbox],input[type=radio]{width:1.3em;height:1.3em}
        button{font:inherit;min-height:44px;padding:.5em 1.1em;border-radius:8px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
        button.secondary{background:#fff;color:var(--brand)}button.danger{background:#fff;color:var(--bad);border-color:var(--bad)}
        button[disabled]{background:#e6e9ee;color:#4a5563;border-color:#aab2bd;cursor:not-allowed}
        .actions{display:flex;gap:.6em;flex-wrap:wrap;margin-top:.6em}.actions form{margin:0}
        .error{background:#fdecec;border:1px solid #e3a3a3;color:#7d1414;border-radius:8px;padding:.6em .9em}
        .notice{background:#fff6e0;border:1px solid #e8c77a;color:#5c3d00;border-radius:8px;padding:.6em .9em}
        .done{background:#e6f4ea;border:1px solid #9ccfaa;color:#14532d;border-radius:8px;padding:.6em .9em}
        footer{color:var(--muted);font-size:.85em;padding:1em;text-align:center}
        @media (min-width:48em){main{padding:1.5em}}
        """;
}
