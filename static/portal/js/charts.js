/*
 * Charts of the portal: draws every <canvas data-chart="ID"> from the JSON in the element
 * with that ID, with the vendored Chart.js (static/vendor/chartjs/chart.umd.min.js).
 *
 * Interface (see docs/charts.md):
 *   - in the view:     context["sales_chart"] = portal.charts.chart(chart_id="sales", kind="line",
 *                          title=_("Units sold by week"), labels=[...], series=[(_("Units"), [...])],
 *                          unit="")            # unit: "" | ISO currency | "%" | a short word
 *   - in the template: {% include "portal/includes/chart.html" with chart=sales_chart %}
 *   - in the page:     <script src="{% static 'vendor/chartjs/chart.umd.min.js' %}" defer></script>
 *                      <script src="{% static 'portal/js/charts.js' %}" defer></script>
 *                      (base.html loads both on every page through {% block scripts %}.)
 * Kinds: "line", "bar", "stacked-bar", "doughnut". Figures on the axes and in tooltips are
 * formatted with Intl for the page's language (<html lang>). Charts in content that htmx
 * swaps in are drawn too. No inline script: the CSP forbids it.
 */
(function () {
  "use strict";

  // The same hues as the status badges; distinguishable in greyscale as well.
  var PALETTE = ["#0b5cad", "#1f7a3d", "#c26a00", "#7a3fb0", "#b3261e", "#3d8a9c", "#5b6475", "#a8326e"];

  function formatter(unit) {
    var lang = document.documentElement.lang || "en";
    if (/^[A-Z]{3}$/.test(unit)) {
      var money = new Intl.NumberFormat(lang, { style: "currency", currency: unit, maximumFractionDigits: 0 });
      return function (v) { return money.format(v); };
    }
    var plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    if (unit === "%") { return function (v) { return plain.format(v) + "%"; }; }
    if (unit) { return function (v) { return plain.format(v) + " " + unit; }; }
    return function (v) { return plain.format(v); };
  }

  function config(data) {
    var format = formatter(data.unit || "");
    var doughnut = data.kind === "doughnut";
    var stacked = data.kind === "stacked-bar";
    var reduceMotion = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var datasets = data.series.map(function (series, i) {
      var colour = PALETTE[i % PALETTE.length];
      return {
        label: series.name,
        data: series.values,
        backgroundColor: doughnut ? data.labels.map(function (_, j) { return PALETTE[j % PALETTE.length]; }) : colour,
        borderColor: doughnut ? "#fff" : colour,
        borderWidth: data.kind === "line" ? 2 : 1,
        tension: 0.25,
        spanGaps: true,
        pointRadius: data.kind === "line" ? 2 : 0,
      };
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: reduceMotion ? false : { duration: 300 },
      plugins: {
        legend: { display: doughnut || datasets.length > 1, position: "bottom" },
        tooltip: {
          callbacks: {
            label: function (ctx) {
              var value = doughnut ? ctx.parsed : ctx.parsed.y;
              return (doughnut ? ctx.label : ctx.dataset.label) + ": " + format(value);
            },
          },
        },
      },
    };
    if (!doughnut) {
      options.scales = {
        x: { stacked: stacked, ticks: { autoSkip: true, maxRotation: 0 } },
        y: { stacked: stacked, beginAtZero: true, ticks: { callback: function (v) { return format(v); } } },
      };
    }
    return { type: doughnut ? "doughnut" : (stacked ? "bar" : data.kind), data: { labels: data.labels, datasets: datasets }, options: options };
  }

  function draw(root) {
    if (typeof window.Chart === "undefined") { return; }
    (root || document).querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.chartDrawn) { return; }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      canvas.dataset.chartDrawn = "1";
      new window.Chart(canvas, config(JSON.parse(source.textContent)));
    });
  }

  document.addEventListener("DOMContentLoaded", function () { draw(document); });
  document.addEventListener("htmx:load", function (event) { draw(event.target); });
})();
