"""Bab III A of the LKjIP: the analyses PermenPANRB 53/2014 asks for each sasaran (issue 14 point 1), as
numbers ready to print, each under its own heading:

1. target, realisasi and capaian of the report year;
2. the earlier years: realisasi and capaian per year (a year with no verified value for any indicator of the
   sasaran is left out);
3. the end-of-period target (RPJMD for the city, Renstra for a PD) and the capaian against it;
4. a national or provincial benchmark (`Indikator.pembanding_*`), or "tidak tersedia pembanding";
5. the causes of success or failure and the solutions: the saved narrative of the sasaran, or a draft made
   from the verified realisation explanations;
6. the efficiency of resources, and 7. the supporting programmes and kegiatan with their budgets: from the
   performance tree's budgets (`kinerja/selectors/anggaran_pohon.py`).

Only verified realisations count (DOMAIN §6); every figure goes through `kinerja.capaian` and
`sakip/lib/angka.py`, like the rest of the report."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext as _

from kinerja import capaian
from kinerja.models import Indikator, Sasaran, Target
from kinerja.selectors.anggaran_pohon import (
    SUMBER_PD,
    BarisEfisiensi,
    Jumlah,
    anggaran_pd_tahun,
    dalam_tahun,
    efisiensi_sasaran,
    jumlah_simpul,
)
from kinerja.selectors.penjelasan import penjelasan_terverifikasi  # re-exported: laporan/narasi.py reads it here
from sakip.lib.angka import dengan_satuan, format_persen

TIDAK_ADA_PEMBANDING = "tidak tersedia pembanding"
_NOMENKLATUR_PENDUKUNG = ("program", "kegiatan")  # the levels analysis 7 lists under a sasaran


def _target(t: Target | None) -> capaian.Target:
    return t.sebagai_capaian() if t else capaian.Target()


def _nilai(ind: Indikator, tahun: int, realisasi) -> Decimal | None:
    return capaian.nilai_tahunan(realisasi[0].get((ind.pk, tahun), {}), ind.agregasi)


def _capaian_teks(hasil: capaian.Capaian) -> str:
    return format_persen(hasil.persen) if hasil.persen is not None else (hasil.alasan or "–")


def tahun_lalu(daftar: list[Indikator], tahun: int, jumlah: int, target: dict, realisasi) -> dict:
    """Analysis 2: per earlier year (oldest first) each indicator's realisasi and capaian, beside the report
    year's; years where no indicator of `daftar` has a verified value are left out."""
    semua = range(tahun - jumlah, tahun)
    terisi = [th for th in semua if any(_nilai(ind, th, realisasi) is not None for ind in daftar)]
    baris = []
    for ind in daftar:
        sel = []
        for th in terisi:
            nilai = _nilai(ind, th, realisasi)
            hasil = capaian.hitung_capaian(nilai, _target(target.get((ind.pk, th))), ind.arah)
            sel.append({"realisasi": ind.format_nilai(nilai), "capaian": _capaian_teks(hasil)})
        nilai = _nilai(ind, tahun, realisasi)
        ini = capaian.hitung_capaian(nilai, _target(target.get((ind.pk, tahun))), ind.arah)
        baris.append({
            "kode": ind.kode, "uraian": ind.uraian, "satuan": ind.satuan, "tahun": sel,
            "ini": {"realisasi": ind.format_nilai(nilai), "capaian": _capaian_teks(ini)},
        })  # fmt: skip
    return {"tahun": [str(th) for th in terisi], "baris": baris}


def akhir_periode(daftar: list[Indikator], tahun: int, target: dict, realisasi, *, untuk_pd: bool) -> dict:
    """Analysis 3: the target of the last year of the indicator's planning period (the node's period; without
    one, the latest target the indicator has), and this year's realisasi against it."""
    dokumen = _("Renstra") if untuk_pd else _("RPJMD")
    baris = []
    for ind in daftar:
        periode = ind.sasaran.periode
        if periode is not None:
            t_akhir, th_akhir = target.get((ind.pk, periode.tahun_akhir)), periode.tahun_akhir
        else:
            t_akhir = target.get((ind.pk, "renstra"))
            th_akhir = t_akhir.tahun if t_akhir else None
        nilai = _nilai(ind, tahun, realisasi)
        hasil = capaian.hitung_capaian(nilai, _target(t_akhir), ind.arah)
        baris.append({
            "kode": ind.kode, "uraian": ind.uraian, "satuan": ind.satuan,
            "periode": str(periode) if periode else "",
            "target_akhir": _target(t_akhir).teks, "tahun_akhir": str(th_akhir) if th_akhir else "–",
            "realisasi": ind.format_nilai(nilai), "capaian": _capaian_teks(hasil),
        })  # fmt: skip
    return {"dokumen": dokumen, "baris": baris}


def pembanding(daftar: list[Indikator], tahun: int, realisasi) -> list[dict]:
    """Analysis 4: each indicator against its recorded national or provincial benchmark (the same capaian
    formula, with the benchmark in the target's place), or TIDAK_ADA_PEMBANDING."""
    baris = []
    for ind in daftar:
        nilai = _nilai(ind, tahun, realisasi)
        isi = {"kode": ind.kode, "uraian": ind.uraian, "satuan": ind.satuan, "realisasi": ind.format_nilai(nilai)}
        if ind.pembanding_nilai is None:
            baris.append(isi | {"ada": False, "keterangan": TIDAK_ADA_PEMBANDING})
            continue
        hasil = capaian.hitung_capaian(nilai, capaian.Target(nilai=ind.pembanding_nilai), ind.arah)
        sumber = ", ".join(
            x for x in (ind.pembanding_sumber, str(ind.pembanding_tahun) if ind.pembanding_tahun else "") if x
        )
        pembanding = dengan_satuan(ind.format_nilai(ind.pembanding_nilai), ind.satuan)  # "21,60%"
        baris.append(isi | {
            "ada": True, "tingkat": ind.get_pembanding_tingkat_display() or _("Pembanding"),
            "nilai": pembanding, "sumber": sumber, "capaian": _capaian_teks(hasil),
        })  # fmt: skip
    return baris


def draf_sebab(daftar: list[Indikator], penjelasan: dict[int, list[str]]) -> str:
    """Analysis 5's starting text: the verified explanations of the sasaran's indicators, one paragraph per
    indicator; a sentence saying none were given when there are none."""
    bagian = [f"{ind.kode} {ind.uraian}: " + " ".join(penjelasan[ind.pk]) for ind in daftar if penjelasan.get(ind.pk)]
    if not bagian:
        return _(
            "Belum ada penjelasan realisasi terverifikasi untuk sasaran ini. Uraikan penyebab keberhasilan atau "
            "kegagalan dan upaya yang telah dilakukan."
        )
    return "\n".join(bagian)


def _turunan(akar: Sasaran, anak: dict[int, list[Sasaran]]) -> list[Sasaran]:
    """Every node under `akar` (depth first, in code order), guarding against a cycle."""
    hasil, tumpukan, dilihat = [], list(reversed(anak.get(akar.pk, []))), {akar.pk}
    while tumpukan:
        s = tumpukan.pop()
        if s.pk in dilihat:
            continue
        dilihat.add(s.pk)
        hasil.append(s)
        tumpukan.extend(reversed(anak.get(s.pk, [])))
    return hasil


def jumlah_pendukung(akar: Sasaran, pendukung: list[Sasaran], per_id: dict[int, Sasaran], jumlah: dict) -> Jumlah:
    """The total of analysis 7's table: the budgets of the listed nodes that have no listed node above them (a
    programme, or a kegiatan hanging straight under the sasaran), since a programme's budget already holds its
    kegiatan's; summing every row would count a sub kegiatan once per level."""
    tercantum, total = {t.pk for t in pendukung}, Jumlah()
    for t in pendukung:
        induk, dilalui = t.induk_id, {t.pk}
        while induk is not None and induk != akar.pk and induk not in tercantum and induk not in dilalui:
            dilalui.add(induk)
            induk = per_id[induk].induk_id if induk in per_id else None
        if (induk is None or induk == akar.pk or induk in dilalui) and t.pk in jumlah:
            total.tambah(jumlah[t.pk])
    return total


def _teks_efisiensi(baris, sumber: str) -> dict:
    t = baris.teks
    return {"pagu": t["pagu"], "realisasi": t["realisasi"], "serapan": t["serapan"], "capaian": t["capaian"],
            "efisiensi": t["efisiensi"], "rumus": baris.rumus, "sumber": sumber}  # fmt: skip


def dukungan(*, pemda_id: int, simpul_sasaran: list[Sasaran], tahun: int, anggaran_pd=None) -> dict[int, dict]:
    """Analyses 6 and 7 per sasaran node id: the efficiency of the budget under the sasaran (its sub kegiatan
    budgets rolled up the tree; a PD report whose PD has no sub kegiatan budget at all falls back to the PD-level
    budget `anggaran_pd`, said so; a PD that has them never lends them to a sasaran they do not hang under), and
    the programmes and kegiatan under it with their budgets and capaian. A fixed number of queries."""
    semua = list(
        Sasaran.objects.filter(pemda_id=pemda_id)
        .filter(dalam_tahun(tahun, pemda_id=pemda_id))
        .select_related("tingkat", "perangkat_daerah")
        .order_by("kode_nomenklatur", "kode")
    )
    per_id = {s.pk: s for s in semua}
    anak: dict[int, list[Sasaran]] = defaultdict(list)
    for s in semua:
        if s.induk_id is not None:
            anak[s.induk_id].append(s)
    jumlah = jumlah_simpul(semua, tahun)
    pendukung = {
        s.pk: [t for t in _turunan(s, anak) if t.tingkat and t.tingkat.nomenklatur in _NOMENKLATUR_PENDUKUNG]
        for s in simpul_sasaran
    }
    daftar = list({s.pk: s for s in [*simpul_sasaran, *(t for d in pendukung.values() for t in d)]}.values())
    per_simpul = {b.simpul.pk: b for b in efisiensi_sasaran(daftar, jumlah, tahun)}
    hasil = {}
    for s in simpul_sasaran:
        baris = per_simpul[s.pk]
        if baris.jumlah is None and anggaran_pd is not None and anggaran_pd.sumber == SUMBER_PD:
            baris = BarisEfisiensi(s, anggaran_pd, baris.capaian, baris.indikator_dinilai, baris.indikator)
            sumber = _("anggaran perangkat daerah (belum ada anggaran sub kegiatan pada pohon kinerja)")
        else:
            sumber = _("anggaran sub kegiatan di bawah sasaran ini")
        program = [
            {"jenis": t.tingkat.get_nomenklatur_display(), "kode": t.kode_nomenklatur or t.kode, "uraian": t.uraian,
             "pd": t.perangkat_daerah.singkatan if t.perangkat_daerah else "", **per_simpul[t.pk].teks}
            for t in pendukung[s.pk]
        ]  # fmt: skip
        total = jumlah_pendukung(s, pendukung[s.pk], per_id, jumlah) if program else None
        hasil[s.pk] = {
            "efisiensi": _teks_efisiensi(baris, sumber) if baris.jumlah is not None else None,
            "program": program,
            "program_total": total.teks if total is not None and total.sub_kegiatan else None,
        }
    return hasil


def per_sasaran(
    *, daftar: list[Indikator], target: dict, realisasi, tahun: int, tahun_pembanding: int, pemda_id: int,
    perangkat_daerah, narasi: dict[str, str],
) -> dict[str, dict]:  # fmt: skip
    """The seven analyses of every sasaran of the report, keyed by the sasaran's code. `narasi` holds the saved
    causes-and-solutions texts by sasaran code; a sasaran without one gets the draft from the explanations."""
    kelompok: dict[str, list[Indikator]] = defaultdict(list)
    for ind in daftar:
        kelompok[ind.sasaran.kode].append(ind)
    simpul = {kode: inds[0].sasaran for kode, inds in kelompok.items()}
    anggaran_pd = None
    if perangkat_daerah is not None:
        anggaran_pd = anggaran_pd_tahun([perangkat_daerah], tahun).get(perangkat_daerah.pk)
    dukung = dukungan(pemda_id=pemda_id, simpul_sasaran=list(simpul.values()), tahun=tahun, anggaran_pd=anggaran_pd)
    penjelasan = penjelasan_terverifikasi([i.pk for i in daftar], tahun)
    untuk_pd = perangkat_daerah is not None
    return {
        kode: {
            "lalu": tahun_lalu(inds, tahun, tahun_pembanding, target, realisasi),
            "akhir": akhir_periode(inds, tahun, target, realisasi, untuk_pd=untuk_pd),
            "pembanding": pembanding(inds, tahun, realisasi),
            "sebab": narasi.get(kode) or draf_sebab(inds, penjelasan),
            "sebab_draf": kode not in narasi,
            **dukung[simpul[kode].pk],
        }
        for kode, inds in kelompok.items()
    }
