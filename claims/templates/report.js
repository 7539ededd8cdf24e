/* Report interactivity: filters and the document-context panel. Untrusted text is only ever
   written with textContent; data comes from the JSON block, never from the page's HTML. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent || "{}");
  var contexts = data.contexts || {};
  var form = document.getElementById("filters");
  var panel = document.getElementById("context");

  function values(el, attr) {
    var raw = el.getAttribute(attr);
    return raw === null ? null : raw.split("|");
  }

  function passes(el, attr, wanted) {
    if (!wanted) return true;
    var have = values(el, attr);
    return have === null || have.indexOf(wanted) !== -1;
  }

  function current() {
    var f = {};
    form.querySelectorAll("[data-filter]").forEach(function (s) { f[s.name] = s.value; });
    return f;
  }

  function visible(el, f) {
    var kindAttr = el.hasAttribute("data-kinds") ? "data-kinds" : "data-kind";
    return passes(el, kindAttr, f.kind) && passes(el, "data-sources", f.source) &&
      passes(el, "data-outlets", f.outlet) && passes(el, "data-topic", f.topic);
  }

  function apply() {
    var f = current(), shown = 0, total = 0;
    document.querySelectorAll(".filterable").forEach(function (el) {
      var ok = visible(el, f);
      el.hidden = !ok;
      if (el.classList.contains("finding")) { total += 1; if (ok) shown += 1; }
    });
    document.querySelectorAll(".filtered-out").forEach(function (el) {
      var section = el.closest("section");
      el.hidden = !section || section.querySelectorAll(".finding:not([hidden])").length > 0 ||
        section.querySelectorAll(".finding").length === 0;
    });
    var active = Object.keys(f).some(function (k) { return f[k]; });
    document.getElementById("shown").textContent = active ?
      shown + " of " + total + " shown" : total + " findings";
  }

  function changed() {
    apply();
    var top = document.getElementById("conflicts").getBoundingClientRect().top;
    if (top < 0) document.getElementById("conflicts").scrollIntoView();
  }

  function show(id) {
    var c = contexts[id];
    if (!c) return;
    document.getElementById("context-doc").textContent = c.doc + (c.outlet ? " · " + c.outlet : "");
    document.getElementById("context-where").textContent = "Original file " + c.path + ", line " + c.line +
      ", characters " + c.start + "–" + c.end;
    var pre = document.getElementById("context-text");
    pre.textContent = "";
    var mark = document.createElement("mark");
    mark.textContent = c.match;
    pre.appendChild(document.createTextNode(c.before));
    pre.appendChild(mark);
    pre.appendChild(document.createTextNode(c.after));
    panel.hidden = false;
    panel.setAttribute("data-claim-shown", id);
    panel.focus();
    mark.scrollIntoView({ block: "center" });
  }

  function hide() { panel.hidden = true; }

  form.addEventListener("change", changed);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  document.getElementById("context-close").addEventListener("click", hide);
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-claim]");
    if (el) show(el.getAttribute("data-claim"));
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hide(); return; }
    var el = ev.target.closest && ev.target.closest("[data-claim]");
    if (el && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); show(el.getAttribute("data-claim")); }
  });
  document.querySelectorAll("table.sortable button.sort").forEach(function (button) {
    button.addEventListener("click", function () {
      var th = button.closest("th"), table = button.closest("table"), body = table.tBodies[0];
      var key = button.getAttribute("data-sort"), numeric = button.hasAttribute("data-numeric");
      var ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.getAttribute("data-" + key), y = b.getAttribute("data-" + key);
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return (ascending ? order : -order) || Number(a.getAttribute("data-rank")) - Number(b.getAttribute("data-rank"));
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.open = true; });
  });
  apply();
})();
