// detente workbench: the only script of the pages (served from this app; the CSP allows no other).
// Draws the plotly charts described in <script type="application/json" class="chart-data"> blocks
// and shows the record of a highlight in the article view. Data is read as JSON, written as text.
(function () {
  "use strict";
  function drawCharts() {
    document.querySelectorAll("script.chart-data").forEach(function (block) {
      var spec = JSON.parse(block.textContent);
      var target = document.getElementById(block.dataset.target);
      if (target && window.Plotly) {
        window.Plotly.newPlot(target, spec.data, spec.layout, { displaylogo: false, responsive: true });
      }
    });
  }
  function articleRecords() {
    var block = document.getElementById("article-records");
    if (!block) { return; }
    var records = JSON.parse(block.textContent);
    var panel = document.getElementById("record-body");
    var title = document.getElementById("record-title");
    document.querySelectorAll(".hl").forEach(function (span) {
      span.addEventListener("click", function (event) {
        event.stopPropagation();
        document.querySelectorAll(".hl.selected").forEach(function (other) { other.classList.remove("selected"); });
        span.classList.add("selected");
        var kind = span.dataset.kind, index = Number(span.dataset.index);
        var record = (records[kind] || [])[index];
        title.textContent = kind + " " + (record && record.id ? record.id : "");
        panel.textContent = JSON.stringify(record, null, 2);
        var link = document.getElementById("record-link");
        var person = null;
        if (record && kind === "mention" && record.kind === "person" && record.name) { person = record; }
        if (record && kind === "quote" && record.speaker && record.speaker.name) { person = record.speaker; }
        if (kind === "trigger" && record && /^[0-9A-Za-z_-]+$/.test(record.id)) {
          link.href = "/event/" + record.id; link.textContent = "open the event and why it was merged"; link.hidden = false;
        } else if (person) {  // the person's page: the name percent-encoded, never markup
          link.href = "/actor/person/" + encodeURIComponent(person.name) +
            (person.code && /^[0-9A-Za-z]+$/.test(person.code) ? "?code=" + person.code : "");
          link.textContent = "open the page of " + person.name; link.hidden = false;
        } else { link.hidden = true; }
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { drawCharts(); articleRecords(); });
})();
