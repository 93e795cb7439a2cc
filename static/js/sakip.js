/* SAKIP Kota: small behaviours for every page. No inline scripts (CSP: self only). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-kirim-otomatis]")) {
      el.form.submit();
    }
  });
})();
