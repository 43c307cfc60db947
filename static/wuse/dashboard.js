// The dashboard's charts (Apache ECharts, vendored under static/vendor/echarts/, canvas renderer) and the tiles'
// definitions (Bootstrap tooltips). Each chart reads its numbers from the <script type="application/json"> that
// {{ x|json_script }} wrote beside it; the table under each chart holds the same numbers for screen readers and
// copy-paste. Nothing inline: the page's Content-Security-Policy forbids inline scripts and styles, so tooltips
// are drawn as rich text (no HTML with style attributes) and sizes are set through the CSSOM.
(function () {
  "use strict";

  var PALETTE = ["#0d6efd", "#198754", "#fd7e14", "#6f42c1", "#d63384", "#20c997", "#ffc107", "#6c757d",
                 "#0dcaf0", "#dc3545"];
  var FONT = 13;

  function number(value) {
    return value === null || value === undefined ? "—" : Number(value).toLocaleString();
  }

  function base() {
    return {
      color: PALETTE, animation: false, textStyle: {fontSize: FONT},
      tooltip: {renderMode: "richText", confine: true, valueFormatter: number},
    };
  }

  function lineOption(data) {
    // Small multiples: one row per figure, so counts, hours and money each keep their own scale.
    var option = base(), n = data.series.length, top = 8, height = 64, gap = 34;
    option.tooltip.trigger = "axis";
    option.grid = []; option.xAxis = []; option.yAxis = []; option.series = []; option.title = [];
    data.series.forEach(function (series, i) {
      var y = top + i * (height + gap) + 18;
      option.title.push({text: series.name, top: y - 22, left: 64, textStyle: {fontSize: FONT, fontWeight: "normal"}});
      option.grid.push({top: y, height: height, left: 64, right: 16});
      option.xAxis.push({type: "category", gridIndex: i, data: data.categories, boundaryGap: false,
                         axisLabel: {show: i === n - 1, fontSize: FONT - 1}});
      option.yAxis.push({type: "value", gridIndex: i, splitNumber: 2,
                         axisLabel: {fontSize: FONT - 1, showMaxLabel: false}});
      option.series.push({type: "line", name: series.name, xAxisIndex: i, yAxisIndex: i, data: series.values,
                          showSymbol: true, connectNulls: false, color: PALETTE[i % PALETTE.length]});
    });
    return {option: option, height: top + n * (height + gap) + 24};
  }

  function barOption(data, stacked) {
    var option = base(), rows = data.categories.length;
    option.tooltip.trigger = "axis";
    option.tooltip.axisPointer = {type: "shadow"};
    option.grid = {left: 8, right: 32, top: stacked ? 36 : 8, bottom: 8, containLabel: true};
    option.legend = stacked ? {top: 0, textStyle: {fontSize: FONT - 1}} : {show: false};
    option.yAxis = {type: "category", data: data.categories, inverse: true, axisLabel: {fontSize: FONT}};
    option.xAxis = {type: "value", minInterval: 1, axisLabel: {fontSize: FONT - 1}};
    option.series = data.series.map(function (series) {
      return {type: "bar", name: series.name, data: series.values, stack: stacked ? "all" : undefined,
              label: {show: !stacked, position: "right", fontSize: FONT - 1}, barMaxWidth: 22};
    });
    return {option: option, height: Math.max(200, rows * 30 + (stacked ? 60 : 24))};
  }

  function pieOption(data) {
    var option = base(), values = data.series[0].values;
    option.tooltip.trigger = "item";
    option.legend = {type: "scroll", orient: "vertical", left: 0, top: "middle", textStyle: {fontSize: FONT}};
    option.series = [{type: "pie", radius: ["38%", "68%"], center: ["66%", "50%"], name: data.series[0].name,
                      label: {formatter: "{c}", fontSize: FONT},
                      data: data.categories.map(function (name, i) { return {name: name, value: values[i]}; })
                        .filter(function (slice) { return slice.value; })}];  // a zero is in the table
    return {option: option, height: 280};
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-chart"));
    if (!source || !window.echarts) { return null; }
    var data = JSON.parse(source.textContent);
    var built = data.kind === "line" ? lineOption(data)
      : data.kind === "pie" ? pieOption(data)
      : barOption(data, data.kind === "stacked");
    element.style.height = built.height + "px";
    var chart = window.echarts.init(element, null, {renderer: "canvas"});
    chart.setOption(built.option);
    return chart;
  }

  function start() {
    var drawn = [];
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var chart = draw(element);
      if (chart) { drawn.push(chart); }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(function () { drawn.forEach(function (c) { c.resize(); }); }, 120);
    });
    if (window.bootstrap && window.bootstrap.Tooltip) {
      document.querySelectorAll("[data-bs-toggle='tooltip']").forEach(function (element) {
        window.bootstrap.Tooltip.getOrCreateInstance(element);
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
