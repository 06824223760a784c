namespace DataHub.Hub.Web;

/// <summary>
/// The one stylesheet of the server-rendered pages, inline in <see cref="MainLayout"/> and allowed by its hash in their
/// Content-Security-Policy (no file to fetch, no <c>unsafe-inline</c>).
/// </summary>
public static class PageStyle
{
    public const string Css = """
        :root{--ink:#1d2330;--muted:#56606c;--line:#d5d9e0;--brand:#123b6d;--paper:#fff;--ground:#f4f6f9}
        *{box-sizing:border-box}body{font:14px/1.5 system-ui,"Segoe UI",Roboto,sans-serif;margin:0;color:var(--ink);background:var(--ground)}
        header{display:flex;flex-wrap:wrap;gap:.4em 1.2em;align-items:center;padding:.55em 1.4em;background:#123b6d;color:#fff;box-shadow:0 1px 3px #0003}
        header .brand{font-size:1.05em;letter-spacing:.01em;margin-right:.6em}
        header a{color:#fff;text-decoration:none;padding:.2em .45em;border-radius:3px}header a:hover{background:#ffffff22}
        header a[aria-current=page]{background:#ffffff33;font-weight:600}
        header nav{display:flex;flex-wrap:wrap;align-items:center;gap:.15em}.account{margin-left:auto;display:flex;align-items:center;gap:.6em}
        header form{display:inline;margin:0}header button{background:transparent;color:#fff;border:1px solid #ffffff88;border-radius:3px;cursor:pointer}
        .who{opacity:.85}main{padding:1.2em 1.4em 2em;max-width:110em}h1{font-size:1.45em;margin:.2em 0 .7em}h2{font-size:1.15em;margin:1.4em 0 .5em}
        footer{padding:.8em 1.4em;color:var(--muted);font-size:.85em;border-top:1px solid var(--line)}
        table{border-collapse:collapse;background:var(--paper);margin:.5em 0 1.2em;box-shadow:0 1px 2px #0001}
        th,td{border:1px solid var(--line);padding:.32em .55em;text-align:left;vertical-align:top}thead th{background:#e9edf3;font-weight:600}
        tbody tr:nth-child(even) td{background:#fafbfc}code{font-size:.92em}time{white-space:nowrap}
        .matrix td{text-align:center;white-space:nowrap;font-size:.9em}.matrix tbody th{font-weight:normal;white-space:nowrap}
        td.baseline{background:#e3f1e6 !important;color:#1f5d2b}td.granted{background:#d7e8fb !important}td.granted a{color:#0b4a8b;font-weight:600}
        td.consent{background:#fff3d6 !important;color:#7a5600}td.never{background:#3a3f47 !important;color:#fff}td.none{color:#9aa3ad}
        .error{background:#fde8e8;border:1px solid #e0a0a0;border-radius:4px;padding:.5em .8em;color:#7d1d1d}.error ul{margin:.3em 0 0;padding-left:1.2em}
        .done{background:#e3f1e6;border:1px solid #a9d3b2;border-radius:4px;padding:.5em .8em}
        .help{color:var(--muted)}section.card,section.request{background:var(--paper);border:1px solid var(--line);border-radius:4px;padding:.7em 1.1em;margin:.7em 0}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em;margin:.4em 0}dt{color:var(--muted)}dd{margin:0}
        .decide{display:flex;flex-wrap:wrap;gap:1.5em}.decide form{flex:1 1 22em}
        form{margin:.3em 0}form.filters,form.stack{display:flex;flex-wrap:wrap;gap:.6em 1em;align-items:flex-end}
        label{display:inline-flex;flex-direction:column;gap:.15em;font-size:.9em;color:var(--muted)}
        input,select,textarea{font:inherit;color:var(--ink);padding:.25em .4em;border:1px solid #b8bfca;border-radius:3px;background:#fff}
        select[multiple]{min-width:18em;min-height:8em}
        textarea{display:block;width:100%;max-width:60em;font-family:ui-monospace,monospace}
        button{font:inherit;padding:.3em .9em;border-radius:3px;border:1px solid var(--brand);background:var(--brand);color:#fff;cursor:pointer}
        td form{display:flex;gap:.4em;align-items:center;margin:0}td form label{flex-direction:row;align-items:center}
        .ioc-body{display:flex;flex-wrap:wrap;gap:1em 1.5em;align-items:flex-start}.ioc-chart{position:relative;flex:1 1 30em;min-width:20em;height:22em}
        .ioc-table td.count,.ioc-table td.sum{text-align:right}.ioc-scroll{max-height:24em;overflow:auto}.ioc-table{margin:0}td.suppressed,.legend .suppressed{color:var(--muted);text-align:center}
        """;
}
