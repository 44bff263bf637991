// Charts of the allocation simulation page: data from the page's json_script, no inline code.
(function () {
  "use strict";
  var source = document.getElementById("simulation-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var colours = ["#1f6feb", "#d1242f", "#1a7f37", "#9a6700", "#8250df", "#bf3989"];

  new Chart(document.getElementById("fill-chart"), {
    type: "line",
    data: {
      labels: data.weeks,
      datasets: Object.keys(data.fill).map(function (name, i) {
        return { label: data.labels[name] || name, data: data.fill[name], borderColor: colours[i], fill: false };
      }),
    },
    options: { plugins: { title: { display: true, text: data.fill_title } }, scales: { y: { suggestedMax: 100 } } },
  });

  var datasets = [];
  Object.keys(data.stock).forEach(function (policy) {
    Object.keys(data.stock[policy]).forEach(function (node, i) {
      datasets.push({
        label: node + " · " + (data.labels[policy] || policy),
        data: data.stock[policy][node],
        borderColor: colours[i % colours.length],
        borderDash: policy === "static" ? [6, 4] : [],
        fill: false,
      });
    });
  });
  new Chart(document.getElementById("stock-chart"), {
    type: "line",
    data: { labels: data.weeks, datasets: datasets },
    options: { plugins: { title: { display: true, text: data.stock_title } } },
  });
})();
