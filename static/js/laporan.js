/* Narrative editor: warn before leaving with unsaved edits. CSP: self only, no inline script.
   A form marked data-jaga-perubahan becomes "dirty" on input and clean when it is submitted. */
(function () {
  "use strict";
  // after a refused save the page holds the user's unsaved text: leaving would lose it
  var kotor = !!document.querySelector("form[data-jaga-perubahan][data-kotor]");
  document.addEventListener("input", function (e) {
    if (e.target.closest && e.target.closest("form[data-jaga-perubahan]")) { kotor = true; }
  });
  document.addEventListener("submit", function (e) {
    if (e.target.matches && e.target.matches("form[data-jaga-perubahan]")) { kotor = false; }
  });
  window.addEventListener("beforeunload", function (e) {
    if (!kotor) { return; }
    e.preventDefault();
    e.returnValue = "";
  });
})();
