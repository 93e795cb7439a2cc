"""LKjIP chapters around Bab III A (issue 14 points 2, 4 and 5), as plain values ready to print:

- Bab II: the RPJMD (city) or Renstra (PD) summary read from the planning structure (visi, misi, the tujuan and
  sasaran RPJMD or the PD's sasaran strategis with their indicators, the report year's target and the end-of-
  period target), through the planning pages' own reads (`kinerja/selectors/rencana.py`);
- Bab III B: the budget per program for a PD (each program node's sub kegiatan budgets rolled up, with a total
  row equal to THE PD budget), per PD for the city (a city has hundreds of programmes: the PD is the unit the
  reader compares); a PD without sub kegiatan budgets falls back to its PD-level budget, saying so;
- Bab IV: the generated default texts of the conclusions (`bab4`) and of the steps for next year
  (`bab4_langkah`), both editable in /laporan/narasi/.

Every figure is Decimal arithmetic printed with `sakip/lib/angka.py`; each builder runs a fixed number of
queries whatever the number of nodes."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja import efisiensi as ef
from kinerja.models import PeriodePerencanaan, Sasaran
from kinerja.selectors import rencana
from kinerja.selectors.anggaran_pohon import SUMBER_PD, anggaran_pd_tahun, dalam_tahun, jumlah_simpul
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka, format_persen
from sakip.lib.teks import kalimat

from .models import Narasi

NOL = Decimal(0)


def periode_tahun(pemda_id: int, tahun: int) -> PeriodePerencanaan | None:
    """The planning period of the pemda that covers `tahun` (one query)."""
    qs = PeriodePerencanaan.objects.filter(pemda_id=pemda_id, tahun_mulai__lte=tahun, tahun_akhir__gte=tahun)
    return qs.order_by("-tahun_mulai").first()


# ---------------------------------------------------------------- Bab II


def _baris_rencana(simpul: list, dengan_induk: bool) -> list[dict]:
    """One row per indicator (the node's texts on its first row only), so the table reads like the PK; a PD's
    node names the city sasaran it serves (`dengan_induk`), a city node's parent shows as the indent."""
    hasil = []
    for s in simpul:
        indikator = s.indikator or [None]
        for i, ind in enumerate(indikator):
            hasil.append(
                {
                    "awal": i == 0,
                    "baris_simpul": len(indikator),
                    "tingkat": s.tingkat,
                    "kedalaman": min(s.kedalaman, 3),
                    "kode": s.kode,
                    "uraian": s.uraian,
                    "induk_kota": s.induk_kota if dengan_induk else "",
                    "indikator": f"{ind.kode} {ind.uraian}" if ind else _("(belum ada indikator)"),
                    "satuan": ind.satuan if ind else "",
                    "target_tahun": ind.target[0] if ind else "–",
                    "target_akhir": ind.target_akhir if ind else "–",
                }
            )
    return hasil


def bab2(*, pemda, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> dict:
    """The RPJMD (city: tujuan and sasaran RPJMD) or Renstra (PD: its sasaran strategis and the city sasaran
    each serves) of the period covering `tahun`, with visi and misi. Four queries."""
    dokumen = _("Renstra") if perangkat_daerah else _("RPJMD")
    periode = periode_tahun(pemda.pk, tahun)
    if periode is None:
        return {"dokumen": dokumen, "ada": False, "baris": []}
    tingkat = ("sasaran_strategis",) if perangkat_daerah else rencana.TINGKAT_RPJMD
    simpul = list(
        Sasaran.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah, periode=periode)
        .filter(tingkat__kode__in=tingkat)
        .select_related("tingkat", "induk")
    )
    baris, _data = rencana._baris(simpul, [tahun, periode.tahun_akhir])
    return {
        "dokumen": dokumen,
        "ada": True,
        "periode": f"{periode.tahun_mulai}–{periode.tahun_akhir}",
        "tahun_akhir": str(periode.tahun_akhir),
        "visi": periode.visi,
        "misi": [m for m in (b.strip() for b in periode.misi.splitlines()) if m],
        "status": periode.get_status_display() if not perangkat_daerah else "",
        "baris": _baris_rencana(baris, dengan_induk=perangkat_daerah is not None),
        "jumlah_simpul": len(baris),
    }


# ---------------------------------------------------------------- Bab III B


def _uang(pagu: Decimal, realisasi: Decimal | None) -> dict:
    return {
        "pagu": format_angka(pagu, 0),
        "realisasi": format_angka(realisasi, 0),
        "serapan": format_persen(ef.serapan(realisasi, pagu)),
        "pagu_angka": pagu,
        "realisasi_angka": realisasi,
    }


def _total(baris: list[dict]) -> dict:
    pagu = sum((b["pagu_angka"] for b in baris), NOL)
    terisi = [b["realisasi_angka"] for b in baris if b["realisasi_angka"] is not None]
    return _uang(pagu, sum(terisi, NOL) if terisi else None)


def _program_pd(pd: PerangkatDaerah, tahun: int) -> list[dict]:
    """The PD's program nodes of the year with their sub kegiatan budgets rolled up (two queries); the sub
    kegiatan budgets under no program of the PD become one "outside any program" row."""
    simpul = list(
        Sasaran.objects.filter(perangkat_daerah=pd)
        .filter(dalam_tahun(tahun, pemda_id=pd.pemda_id))
        .select_related("tingkat")
        .order_by("kode_nomenklatur", "kode")
    )  # fmt: skip
    jumlah = jumlah_simpul(simpul, tahun)
    program = [s for s in simpul if s.tingkat and s.tingkat.nomenklatur == "program" and s.pk in jumlah]
    hasil = []
    for s in program:
        j = jumlah[s.pk]
        hasil.append({"kode": s.kode_nomenklatur or s.kode, "uraian": s.uraian, **_uang(j.pagu, j.realisasi_total)})
    return hasil


def bab3b(*, pemda, perangkat_daerah: PerangkatDaerah | None, tahun: int) -> dict:
    """Bab III B: realisasi anggaran per program (PD) or per PD (city), a total row and the serapan. The total
    is THE PD budget (`anggaran_pd_tahun`), so it agrees with the budget pages and Bab III A."""
    if perangkat_daerah is None:
        daftar_pd = list(PerangkatDaerah.objects.filter(pemda=pemda).order_by("kode"))
        per_pd = anggaran_pd_tahun(daftar_pd, tahun)
        baris = [
            {"kode": "", "uraian": p.nama, "cadangan": per_pd[p.pk].sumber == SUMBER_PD,
             **_uang(per_pd[p.pk].pagu, per_pd[p.pk].realisasi_total)}
            for p in daftar_pd if p.pk in per_pd
        ]  # fmt: skip
        cadangan = any(b["cadangan"] for b in baris)
        return {"per": "pd", "baris": baris, "total": _total(baris) if baris else None, "cadangan": cadangan}
    a = anggaran_pd_tahun([perangkat_daerah], tahun).get(perangkat_daerah.pk)
    if a is None:
        return {"per": "program", "baris": [], "total": None, "cadangan": False}
    if a.sumber == SUMBER_PD:
        baris = [{"kode": "", "uraian": _("Anggaran tingkat perangkat daerah"), **_uang(a.pagu, a.realisasi_total)}]
        return {"per": "program", "baris": baris, "total": _total(baris), "cadangan": True}
    baris = _program_pd(perangkat_daerah, tahun)
    total = _total(baris)
    if baris == [] or total["pagu_angka"] != a.pagu or total["realisasi_angka"] != a.realisasi_total:
        lain_pagu = a.pagu - total["pagu_angka"]
        lain_real = (a.realisasi_total or NOL) - (total["realisasi_angka"] or NOL)
        sisa = _uang(lain_pagu, lain_real if a.realisasi_total is not None else None)
        baris.append({"kode": "", "uraian": _("Sub kegiatan di luar program pada pohon kinerja"), **sisa})
    return {"per": "program", "baris": baris, "total": _uang(a.pagu, a.realisasi_total), "cadangan": False}


# ---------------------------------------------------------------- Bab IV


def _daftar(butir: list[str]) -> str:
    return "; ".join(butir)


def bab4_kesimpulan(*, nama: str, tahun: int, ikhtisar: dict, anggaran: dict, evaluasi: dict | None) -> str:
    """The default conclusions: indicators at target, the best and worst, the budget, efficiency, evaluation."""
    bagian = [
        _("Berdasarkan pengukuran kinerja %(nama)s tahun %(tahun)s, dari %(n)s indikator kinerja, %(d)s dapat "
          "dinilai dan %(ok)s di antaranya (%(p)s%%) mencapai atau melampaui target.")
        % {"nama": nama, "tahun": tahun, "n": ikhtisar["jumlah_indikator"], "d": ikhtisar["jumlah_dinilai"],
           "ok": ikhtisar["jumlah_tercapai"], "p": ikhtisar["persen_tercapai"]}
    ]  # fmt: skip
    if ikhtisar["terbaik"]:
        t, b = ikhtisar["terbaik"], ikhtisar["terburuk"]
        bagian.append(
            _("Capaian tertinggi pada %(a)s (%(ca)s) dan terendah pada %(b)s (%(cb)s).")
            % {"a": f"{t['kode']} {t['uraian']}", "ca": t["capaian"], "b": f"{b['kode']} {b['uraian']}",
               "cb": b["capaian"]}
        )  # fmt: skip
    total = anggaran.get("total")
    if total:
        serapan = ef.serapan(total["realisasi_angka"], total["pagu_angka"])
        rata = ef.rata_rata(b["persen"] for b in ikhtisar.get("baris", []))
        bagian.append(
            _("Realisasi anggaran Rp%(r)s dari pagu Rp%(p)s (serapan %(s)s).")
            % {"r": total["realisasi"], "p": total["pagu"], "s": total["serapan"]}
        )
        if ef.efisiensi(rata, serapan) is not None:
            bagian += [_("Rata-rata capaian kinerja %(c)s.") % {"c": format_persen(rata)}, ef.rumus(rata, serapan)]
    if evaluasi:
        bagian.append(evaluasi["ringkasan"])
    return kalimat(*bagian)


def bab4_langkah(*, tahun: int, baris: list) -> str:
    """The default steps for next year: one per indicator below target, then the indicators not assessed."""
    berikut = tahun + 1
    kurang = sorted((b for b in baris if b.persen is not None and b.persen < 100), key=lambda b: b.persen)
    tak_dinilai = [b for b in baris if b.persen is None]
    langkah = [
        _("%(i)s. %(kode)s %(uraian)s (capaian %(c)s): telaah penyebab belum tercapainya target dan tetapkan "
          "rencana aksi tahun %(t)s beserta penanggung jawabnya.")
        % {"i": n, "kode": b.kode, "uraian": b.uraian, "c": b.capaian, "t": berikut}
        for n, b in enumerate(kurang, 1)
    ]  # fmt: skip
    if tak_dinilai:
        langkah.append(
            kalimat(
                _("%(i)s. Lengkapi target dan realisasi terverifikasi indikator berikut agar dapat dinilai: %(d)s")
                % {"i": len(langkah) + 1, "d": _daftar([f"{b.kode} {b.uraian}" for b in tak_dinilai])}
            )
        )
    if not langkah:
        return _(
            "Seluruh indikator yang dinilai mencapai target tahun %(tahun)s. Langkah tahun %(t)s: pertahankan "
            "capaian, tinjau kembali target yang terlalu mudah dicapai, dan jaga ketepatan waktu verifikasi realisasi."
        ) % {"tahun": tahun, "t": berikut}
    pembuka = _("Langkah perbaikan tahun %(t)s:") % {"t": berikut}
    return "\n".join([pembuka, *langkah])


def bab4_bawaan(*, nama: str, tahun: int, baris: list, ikhtisar: dict, anggaran: dict, evaluasi) -> dict[str, str]:
    """Both Bab IV defaults, keyed by their narrative chapter."""
    ringkas = ikhtisar | {"baris": [{"persen": b.persen} for b in baris]}
    return {
        Narasi.Bab.BAB4: bab4_kesimpulan(nama=nama, tahun=tahun, ikhtisar=ringkas, anggaran=anggaran,
                                         evaluasi=evaluasi),
        Narasi.Bab.BAB4_LANGKAH: bab4_langkah(tahun=tahun, baris=baris),
    }  # fmt: skip


def tanpa_angka_mentah(anggaran: dict) -> dict:
    """Bab III B without its Decimal helpers (the template gets texts only)."""

    def bersih(b: dict | None) -> dict | None:
        return None if b is None else {k: v for k, v in b.items() if not k.endswith("_angka")}

    return anggaran | {"baris": [bersih(b) for b in anggaran["baris"]], "total": bersih(anggaran["total"])}
