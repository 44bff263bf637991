// Draws each marketplace's weekly history and forecast band on the forecasts page.
// Data come from json_script blocks (no inline script: the CSP forbids it).
(function () {
  "use strict";
  function draw() {
    var data = JSON.parse(document.getElementById("forecast-data").textContent);
    var labels = JSON.parse(document.getElementById("forecast-labels").textContent);
    document.querySelectorAll("canvas.forecast-chart").forEach(function (canvas) {
      var market = data[canvas.dataset.market] || { history: [], forecast: [] };
      var weeks = market.history.map(function (h) { return h.week; })
        .concat(market.forecast.map(function (f) { return f.week; }));
      var n = market.history.length;
      function pad(values, before) {
        var out = [];
        for (var i = 0; i < before; i++) out.push(null);
        return out.concat(values);
      }
      new window.Chart(canvas, {
        type: "line",
        data: {
          labels: weeks,
          datasets: [
            { label: labels.sold, data: market.history.map(function (h) { return h.units; }), borderColor: "#1f4e79", pointRadius: 0 },
            { label: labels.band, data: pad(market.forecast.map(function (f) { return f.p90; }), n), borderColor: "rgba(217,119,6,0.3)", backgroundColor: "rgba(217,119,6,0.15)", fill: "+1", pointRadius: 0 },
            { label: "", data: pad(market.forecast.map(function (f) { return f.p10; }), n), borderColor: "rgba(217,119,6,0.3)", pointRadius: 0 },
            { label: labels.forecast, data: pad(market.forecast.map(function (f) { return f.mean; }), n), borderColor: "#d97706", borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: {
          animation: false,
          interaction: { mode: "index", intersect: false },
          plugins: { legend: { labels: { filter: function (item) { return item.text !== ""; } } } },
          scales: { y: { beginAtZero: true } }
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
