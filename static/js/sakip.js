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

/* Header sub-menus (<details class="menu-grup">, templates/_navigasi.html): one open at a time, Escape closes
   and returns focus to its summary, a tap or click elsewhere closes. Without script they still open and close. */
(function () {
  "use strict";
  function tutup(kecuali) {
    document.querySelectorAll("details.menu-grup[open]").forEach(function (d) {
      if (d !== kecuali) { d.open = false; }
    });
  }
  document.addEventListener("toggle", function (event) {
    var d = event.target;
    if (d.matches && d.matches("details.menu-grup") && d.open) { tutup(d); }
  }, true);
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var d = event.target.closest && event.target.closest("details.menu-grup[open]");
    if (d) {
      d.open = false;
      d.querySelector("summary").focus();
    }
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest || !event.target.closest("details.menu-grup")) { tutup(null); }
  });
})();

/* Every wide table's scroll box (.tabel-gulir) is a keyboard-reachable region named by its table's caption, or
   by the heading of its section (issue 17 point 5). Templates that name theirs already are left alone. */
(function () {
  "use strict";
  var nomor = 0;
  function namai(akar) {
    akar.querySelectorAll(".tabel-gulir:not([tabindex])").forEach(function (el) {
      el.tabIndex = 0;
      el.setAttribute("role", "region");
      var judul = el.querySelector("caption");
      if (!judul || !judul.textContent.trim()) {
        var bagian = el.closest("section, .kartu, form, main");
        judul = bagian && bagian.querySelector("h1, h2, h3");
      }
      if (judul) {
        if (!judul.id) { nomor += 1; judul.id = "judul-tabel-" + nomor; }
        el.setAttribute("aria-labelledby", judul.id);
      } else {
        el.setAttribute("aria-label", "Tabel");
      }
    });
  }
  /* A table outside any scroll box gets one, so a wide table scrolls inside it instead of widening the page. */
  function dalamGulir(el) {
    for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (p.matches(".tabel-gulir") || /auto|scroll|hidden/.test(getComputedStyle(p).overflowX)) { return true; }
    }
    return false;
  }
  function bungkus(akar) {
    akar.querySelectorAll("main table").forEach(function (tabel) {
      if (dalamGulir(tabel)) { return; }
      var gulir = document.createElement("div");
      gulir.className = "tabel-gulir tabel-gulir-polos";
      tabel.parentNode.insertBefore(gulir, tabel);
      gulir.appendChild(tabel);
    });
  }
  function rapikan(akar) { bungkus(akar); namai(akar); }
  rapikan(document);
  document.addEventListener("htmx:afterSwap", function (event) { rapikan(event.target); });
})();
