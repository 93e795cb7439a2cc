/* Admin: the autocomplete fields (select2) are named by their field's label, so screen readers announce
   "Perangkat daerah" and not only the chosen value (issue 17 point 5). No inline script (CSP: self only). */
(function () {
  "use strict";
  function namai() {
    document.querySelectorAll(".select2-container").forEach(function (wadah) {
      var pilih = wadah.previousElementSibling;
      if (!pilih || pilih.tagName !== "SELECT" || !pilih.id) { return; }
      var label = document.querySelector("label[for='" + pilih.id + "']");
      if (!label) { return; }
      if (!label.id) { label.id = pilih.id + "-label"; }
      wadah.querySelectorAll("[role=combobox], .select2-search__field").forEach(function (el) {
        var semula = (el.getAttribute("aria-labelledby") || "").split(" ").filter(function (x) { return x && x !== label.id; });
        el.setAttribute("aria-labelledby", [label.id].concat(semula).join(" "));
      });
    });
  }
  document.addEventListener("DOMContentLoaded", namai);
  new MutationObserver(function (perubahan) {
    if (perubahan.some(function (p) { return p.addedNodes.length; })) { namai(); }
  }).observe(document.documentElement, {childList: true, subtree: true});
})();
