// The campaign statistics' charts: each target's share per level beside the campaign's target,
// drawn by ECharts (static/vendor/echarts/, installed from the npm registry by `make setup`) from
// the figures the tables show (json_script). Without JavaScript, or without the library, the
// tables are the page and the chart boxes stay hidden. SVG charts print as they show.
(function () {
  "use strict";
  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () {
      window.print();
    });
  }
  if (typeof window.echarts === "undefined") return;
  var charts = [];
  document.querySelectorAll("[data-campaign-chart]").forEach(function (box) {
    var source = document.getElementById(box.dataset.campaignChart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    box.hidden = false;
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    var series = {
      name: data.actual_label,
      type: "bar",
      barMaxWidth: 48,
      data: data.actual,
      label: { show: true, position: "top", formatter: "{c}%" }
    };
    if (data.goal !== null) {
      series.markLine = {
        symbol: "none",
        lineStyle: { type: "dashed", color: "#b02a37" },
        label: { formatter: data.goal_label + " " + data.goal + "%" },
        data: [{ yAxis: data.goal }]
      };
    }
    chart.setOption({
      animation: false,
      grid: { left: 48, right: 96, top: 24, bottom: 64 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      xAxis: {
        type: "category",
        data: data.levels,
        axisLabel: { interval: 0, rotate: data.levels.length > 4 ? 30 : 0 }
      },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [series]
    });
    charts.push(chart);
  });
  function resize() {
    charts.forEach(function (chart) {
      chart.resize();
    });
  }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
