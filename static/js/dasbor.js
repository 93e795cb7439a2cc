/* Dashboard charts (Chart.js, vendored). Data comes from <script type="application/json" id="dasbor-data">
   rendered by Django's json_script; every number is also in a table on the page. Colours come from the
   CSS variables --p-AA … --p-D of sakip.css, so a predicate has one colour everywhere. No inline script. */
(function () {
  "use strict";

  function css(nama, cadangan) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(nama).trim();
    return v || cadangan;
  }
  function warnaPredikat(kode) { return css("--p-" + kode, "#56606b"); }
  function transparan(hex, alpha) {
    var m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
    if (!m) { return hex; }
    return "rgba(" + parseInt(m[1], 16) + "," + parseInt(m[2], 16) + "," + parseInt(m[3], 16) + "," + alpha + ")";
  }
  var angkaId = new Intl.NumberFormat("id-ID", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function fmt(v) { return v === null || v === undefined ? "–" : angkaId.format(v); }

  /* band thresholds drawn as coloured background stripes behind the trend */
  var latarBand = {
    id: "latarBand",
    beforeDatasetsDraw: function (chart, _args, opsi) {
      var bands = opsi && opsi.bands;
      if (!bands || !bands.length) { return; }
      var ctx = chart.ctx, area = chart.chartArea, y = chart.scales.y;
      ctx.save();
      bands.forEach(function (b) {
        var atas = Math.max(y.getPixelForValue(b.atas), area.top);
        var bawah = Math.min(y.getPixelForValue(b.bawah), area.bottom);
        if (bawah <= area.top || atas >= area.bottom) { return; }
        ctx.fillStyle = transparan(warnaPredikat(b.kode), 0.12);
        ctx.fillRect(area.left, atas, area.right - area.left, bawah - atas);
        ctx.fillStyle = transparan(warnaPredikat(b.kode), 0.9);
        ctx.font = "11px sans-serif";
        ctx.textAlign = "right";
        ctx.fillText(b.kode, area.right - 4, atas + 12);
      });
      ctx.restore();
    }
  };

  /* a long category label in lines of at most n characters: on a phone the horizontal bars' labels were cut off */
  function baris(teks, n) {
    var hasil = [], kini = "";
    String(teks).split(" ").forEach(function (kata) {
      if (kini && (kini + " " + kata).length > n) { hasil.push(kini); kini = kata; } else { kini = kini ? kini + " " + kata : kata; }
    });
    if (kini) { hasil.push(kini); }
    return hasil;
  }

  function rentangY(nilai, bands) {
    var ada = nilai.filter(function (v) { return v !== null && v !== undefined; });
    if (!ada.length) { return { min: 0, max: 100 }; }
    var min = Math.floor((Math.min.apply(null, ada) - 5) / 5) * 5;
    var max = Math.ceil((Math.max.apply(null, ada) + 5) / 5) * 5;
    return { min: Math.max(0, min), max: Math.min(100, max) };
  }

  var pembuat = {
    tren: function (data) {
      var d = data.tren, biru = css("--biru", "#0b4f8a"), kuning = css("--kuning", "#8a6100");
      var semua = d.resmi.concat(d.mandiri || [], d.target === null ? [] : [d.target]);
      var y = rentangY(semua, d.bands);
      var set = [
        { label: d.label.resmi, data: d.resmi, borderColor: biru, backgroundColor: biru, borderWidth: 3, pointRadius: 5, spanGaps: true }
      ];
      if (d.mandiri) {  /* the group dashboard has no self-estimate */
        set.push({ label: d.label.mandiri, data: d.mandiri, borderColor: kuning, backgroundColor: kuning, borderDash: [6, 4], pointRadius: 4, pointStyle: "rectRot", spanGaps: true });
      }
      if (d.target !== null) {
        set.push({ label: d.label.target + " " + fmt(d.target), data: d.tahun.map(function () { return d.target; }),
          borderColor: css("--merah", "#b3261e"), borderWidth: 2, borderDash: [2, 3], pointRadius: 0 });
      }
      return {
        type: "line",
        data: { labels: d.tahun, datasets: set },
        options: { scales: { y: { min: y.min, max: y.max, title: { display: true, text: "Nilai" } } },
          plugins: { latarBand: { bands: d.bands } } },
        plugins: [latarBand]
      };
    },
    komponen: function (data) {
      var d = data.komponen, biru = css("--biru", "#0b4f8a");
      return {
        type: "bar",
        data: { labels: d.label, datasets: [
          { label: d.sumber || "Nilai", data: d.nilai, backgroundColor: biru, grouped: false, order: 1 },
          { label: "Bobot maksimal", data: d.maks, backgroundColor: "rgba(11,79,138,0.15)", grouped: false, order: 2 }
        ] },
        options: { indexAxis: "y", scales: { x: { beginAtZero: true }, y: { ticks: { autoSkip: false, callback: function (v) {
          var label = this.getLabelForValue(v);
          return this.chart.width < 560 ? baris(label, 18) : label;
        } } } } }
      };
    },
    bagian: function (data) {
      var d = data.pd.bagian, label = d.label || {};
      var set = [{ label: label.bb || "PD ≥ BB", data: d.bb, backgroundColor: warnaPredikat("BB") }];
      if (d.b) { set.push({ label: label.b || "PD ≥ B", data: d.b, backgroundColor: warnaPredikat("B") }); }
      if (d.dua_pertiga !== undefined && d.dua_pertiga !== null) {  /* a city's PD goal; no such line for a group */
        set.push({ type: "line", label: "Dua pertiga (" + fmt(d.dua_pertiga) + "%)", data: d.tahun.map(function () { return d.dua_pertiga; }),
          borderColor: css("--merah", "#b3261e"), borderDash: [6, 4], pointRadius: 0, borderWidth: 2 });
      }
      return {
        type: "bar",
        data: { labels: d.tahun, datasets: set },
        options: { scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } } }
      };
    },
    distribusi: function (data) {
      var d = data.pd.distribusi;
      return {
        type: "bar",
        data: { labels: d.kode, datasets: [{ label: d.label || "Jumlah PD", data: d.jumlah, backgroundColor: d.kode.map(warnaPredikat) }] },
        options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      };
    },
    iku: function (data) {
      var d = data.iku, palet = ["#0b4f8a", "#b08900", "#2e8b57", "#c23b22", "#6b4fa0", "#00838f", "#7a1d1d"];
      return {
        type: "line",
        data: { labels: d.tahun, datasets: d.seri.map(function (s, i) {
          return { label: s.label, data: s.data, borderColor: palet[i % palet.length], backgroundColor: palet[i % palet.length], spanGaps: true };
        }) },
        options: { scales: { y: { title: { display: true, text: "Capaian (%)" } } } }
      };
    }
  };

  function mulai() {
    var sumber = document.getElementById("dasbor-data");
    if (!sumber || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(sumber.textContent);
    var Chart = window.Chart;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.locale = "id-ID";
    document.querySelectorAll("canvas[data-grafik]").forEach(function (kanvas) {
      var buat = pembuat[kanvas.getAttribute("data-grafik")];
      if (!buat) { return; }
      try {
        kanvas.chart = new Chart(kanvas, buat(data));
        kanvas.setAttribute("data-siap", "1");
      } catch (e) {
        kanvas.setAttribute("data-galat", String(e));
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", mulai); } else { mulai(); }
})();
