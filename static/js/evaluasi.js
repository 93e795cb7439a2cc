/* Evaluasi worksheet: tabs per component (without JavaScript every component is shown). CSP: self only. */
(function () {
  "use strict";
  function pilih(daftar, tab) {
    daftar.querySelectorAll("[role=tab]").forEach(function (t) {
      var aktif = t === tab;
      t.setAttribute("aria-selected", aktif ? "true" : "false");
      t.tabIndex = aktif ? 0 : -1;
      var panel = document.getElementById(t.getAttribute("aria-controls"));
      if (panel) { panel.hidden = !aktif; }
    });
  }
  function siapkan() {
    document.querySelectorAll("[data-tab-daftar]").forEach(function (daftar) {
      var tabs = Array.prototype.slice.call(daftar.querySelectorAll("[role=tab]"));
      if (!tabs.length) { return; }
      daftar.hidden = false;
      var awal = tabs[0];
      if (location.hash) {
        var sasaran = document.querySelector(location.hash);
        var panel = sasaran && sasaran.closest("[data-tab-panel]");
        awal = (panel && daftar.querySelector("[aria-controls='" + panel.id + "']")) || awal;
      }
      pilih(daftar, awal);
      daftar.addEventListener("click", function (e) {
        var tab = e.target.closest("[role=tab]");
        if (tab) { pilih(daftar, tab); }
      });
      daftar.addEventListener("keydown", function (e) {
        var i = tabs.indexOf(document.activeElement);
        if (i < 0 || (e.key !== "ArrowRight" && e.key !== "ArrowLeft")) { return; }
        var j = (i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length;
        pilih(daftar, tabs[j]);
        tabs[j].focus();
        e.preventDefault();
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", siapkan); } else { siapkan(); }
})();
