/*
 * The MCF outcome chart: draws every <canvas data-mcf-chart="JSON"> from the JSON in that
 * attribute (the CSP forbids inline scripts), with the vendored Chart.js. Orders per channel and month as bars, fill rate as a line on its own axis.
 * Panels swapped in by htmx are drawn when they settle.
 */
(function () {
  "use strict";
  var PALETTE = ["#0b5cad", "#1f7a3d", "#c26a00", "#7a3fb0", "#b3261e", "#3d8a9c"];

  function draw(root) {
    if (!window.Chart) { return; }
    (root || document).querySelectorAll("canvas[data-mcf-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var data = JSON.parse(canvas.dataset.mcfChart);
      var datasets = [];
      data.channels.forEach(function (channel, i) {
        var colour = PALETTE[i % PALETTE.length];
        datasets.push({ type: "bar", label: channel.name + " · " + data.labels.orders, data: channel.orders,
                        backgroundColor: colour, yAxisID: "orders" });
        datasets.push({ type: "line", label: channel.name + " · " + data.labels.fill_rate, data: channel.fill_rate,
                        borderColor: colour, backgroundColor: colour, borderDash: [4, 3], yAxisID: "fill", spanGaps: true });
      });
      var reduce = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
      new window.Chart(canvas, {
        data: { labels: data.months, datasets: datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: reduce ? false : { duration: 300 },
          scales: {
            orders: { type: "linear", position: "left", beginAtZero: true, title: { display: true, text: data.labels.orders } },
            fill: { type: "linear", position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
                    title: { display: true, text: data.labels.fill_rate + " (%)" } }
          },
          plugins: { legend: { position: "bottom" } }
        }
      });
      canvas.dataset.drawn = "1";
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:afterSettle", function (event) { draw(event.target); });
})();
