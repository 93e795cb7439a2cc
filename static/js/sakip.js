/* SAKIP Kota: small behaviours for every page. No inline scripts (CSP: self only). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el && el.matches && el.matches("select[data-kirim-otomatis]")) {
      el.form.submit();
    }
    // THE file input (templates/_berkas.html): show the chosen file's name beside "Pilih berkas"
    if (el && el.matches && el.matches("input[data-berkas]")) {
      var nama = el.parentNode.querySelector("[data-berkas-nama]");
      var daftar = Array.prototype.map.call(el.files || [], function (f) { return f.name; });
      if (nama) { nama.textContent = daftar.length ? daftar.join(", ") : "Belum ada berkas dipilih"; }
    }
  });
})();
