// The IOC dashboard's one script (served as /ioc/dashboard.js; the page's CSP allows same-origin scripts only).
// It draws each panel's chart from the table beside it (the numbers the server rendered, suppressed cells as gaps),
// polls /ioc/versions.json and reloads the page when a life event arrived or a form changed, and reloads at the
// configured interval in any case.
(function () {
  "use strict";
  var root = document.getElementById("ioc-dashboard");
  if (!root) { return; }

  function value(td) {
    var text = td ? td.getAttribute("data-value") : "";
    return text === null || text === "" ? null : Number(text);
  }

  function unique(list) {
    var seen = [];
    list.forEach(function (item) { if (seen.indexOf(item) < 0) { seen.push(item); } });
    return seen;
  }

  function draw(panel) {
    var canvas = panel.querySelector("canvas[data-chart]");
    var table = panel.querySelector("table.ioc-table");
    if (!canvas || !table || typeof Chart === "undefined") { return; }
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr.cell")).map(function (tr) {
      var keys = Array.prototype.map.call(tr.querySelectorAll("td.key"), function (td) { return td.textContent.trim(); });
      return { keys: keys, count: value(tr.querySelector("td.count")) };
    });
    var type = canvas.getAttribute("data-chart") || "bar";
    var labels = unique(rows.map(function (r) { return r.keys[0] || ""; }));
    var series = unique(rows.map(function (r) { return r.keys.slice(1).join(" · "); }));
    var datasets = series.map(function (name) {
      return {
        label: name || canvas.getAttribute("aria-label"),
        data: labels.map(function (label) {
          var row = rows.filter(function (r) { return (r.keys[0] || "") === label && r.keys.slice(1).join(" · ") === name; })[0];
          return row ? row.count : null; // suppressed or absent: a gap, never a made-up number
        }),
        spanGaps: false
      };
    });
    canvas.setAttribute("data-rendered", "true");
    new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 || type === "doughnut" || type === "pie" } },
        scales: type === "doughnut" || type === "pie" ? {} : { x: { stacked: type === "bar" }, y: { stacked: type === "bar", beginAtZero: true } }
      }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".ioc-panel"), draw);

  var version = root.getAttribute("data-version");
  var versions = root.getAttribute("data-versions");
  var poll = Math.max(1, Number(root.getAttribute("data-poll-seconds")) || 15) * 1000;
  var refresh = Math.max(5, Number(root.getAttribute("data-refresh-seconds")) || 300) * 1000;

  window.setTimeout(function () { window.location.reload(); }, refresh);
  window.setInterval(function () {
    fetch(versions, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (answer) { if (answer && answer.version !== version) { window.location.reload(); } })
      .catch(function () { /* the next poll tries again */ });
  }, poll);
})();
