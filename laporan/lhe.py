"""The LHE (Laporan Hasil Evaluasi) of one internal evaluation: the Inspektorat's report to a PD of its
evaluation of the PD's SAKIP. Cover block, the total and predicate with the band table used, every
component and sub-component (weights from the instrument), the findings per criterion whose answer is not
full (answer, lost points, the evaluator's note), the recommendations with due dates and follow-up status,
and the Inspektur's signature.

Every number is the scoring engine's (the same computation and formatting as the result page
/evaluasi/<id>/hasil/, through `evaluasi.tampilan`). Printable: an internal evaluation that is final, or
scored (`dinilai`), which prints as a draft ("KONSEP") without the final date (THE rule:
`evaluasi.selectors.alasan_lhe_tidak_dicetak`, which the result page's "Cetak LHE" button reads too).
A request for another evaluation is refused when it is made (`jenis.Lhe.periksa_sumber`, on the page and in the
API); the job checks again (`periksa_boleh_cetak`) for an evaluation that changed while the job waited.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi import scoring, tampilan
from evaluasi import selectors as ev
from evaluasi.models import Evaluasi, NilaiSubKomponen, Rekomendasi
from perangkat_daerah import pejabat
from sakip.lib.angka import format_angka


class LheTidakDapatDicetak(ValueError):
    """The evaluation is not one an LHE is made from (its kind or its state); the message says why."""


def periksa_boleh_cetak(evaluasi: Evaluasi) -> None:
    """Raise LheTidakDapatDicetak unless the evaluation is an internal one, scored or final."""
    alasan = ev.alasan_lhe_tidak_dicetak(evaluasi)
    if alasan:
        raise LheTidakDapatDicetak(alasan)


def _rentang(band: scoring.Band, skala: scoring.SkalaPredikat) -> str:
    """A band's range as the table's boundary rule reads (the scale's two ends belong to the end bands)."""
    naik = skala.urut_turun()[::-1]
    bawah, atas = format_angka(band.batas_bawah), format_angka(band.batas_atas)
    if skala.bawah_inklusif:
        tanda_atas = "≤" if band is naik[-1] else "<"
        return f"{bawah} ≤ N {tanda_atas} {atas}"
    tanda_bawah = "≤" if band is naik[0] else "<"
    return f"{bawah} {tanda_bawah} N ≤ {atas}"


def _tabel_predikat(skala: scoring.SkalaPredikat, kode: str) -> list[dict]:
    return [
        {"kode": b.kode, "nama": b.nama, "makna": b.makna, "rentang": _rentang(b, skala), "terpilih": b.kode == kode}
        for b in skala.urut_turun()
    ]


def _penuh(siap: ev.InstrumenSiap, info: ev.InfoKriteria, nilai: Decimal | None) -> bool:
    """True when the answer takes the scale's highest value (nothing lost at this criterion)."""
    if nilai is None:
        return False
    skala = siap.engine.skala_jawaban[info.skala]
    return nilai >= skala.nilai[skala.kode_maks]


def _temuan(siap: ev.InstrumenSiap, hasil: scoring.Hasil, catatan: dict[int, str], catatan_sub: dict) -> list[dict]:
    """Per component and sub-component: the criteria whose answer is not full, with the evaluator's note."""
    kelompok = []
    for info_k, hk in zip(siap.komponen, hasil.komponen, strict=True):
        for info_s, hs in zip(info_k.subkomponen, hk.subkomponen, strict=True):
            baris = [
                {
                    "kode": info.kode,
                    "uraian": info.uraian,
                    "jawaban": hc.jawaban or "–",
                    "poin": format_angka(hc.poin_hilang, kosong="–"),
                    "catatan": catatan.get(info.id) or ("" if hc.jawaban else _("Belum dijawab.")),
                }
                for info, hc in zip(info_s.kriteria, hs.kriteria, strict=True)
                if not _penuh(siap, info, hc.nilai)
            ]
            if baris or catatan_sub.get(info_s.id):
                kelompok.append(
                    {
                        "kode": info_s.kode,
                        "nama": f"{info_k.nama}: {info_s.nama}",
                        "catatan": catatan_sub.get(info_s.id, ""),
                        "baris": baris,
                    }
                )
    return kelompok


def _rekomendasi(evaluasi: Evaluasi) -> list[dict]:
    hari_ini = timezone.localdate()
    qs = (
        Rekomendasi.objects.filter(evaluasi=evaluasi)
        .select_related("perangkat_daerah")
        .prefetch_related("kriteria")
        .order_by("batas_waktu", "pk")
    )
    return [
        {
            "uraian": r.uraian,
            "kriteria": ", ".join(sorted(k.kode for k in r.kriteria.all())),
            "pd": r.perangkat_daerah.nama if r.perangkat_daerah else evaluasi.nama_objek,
            "batas_waktu": tampilan.tanggal(r.batas_waktu),
            "status": r.get_status_display(),
            "status_kode": r.status,
            "terlambat": r.terlambat(hari_ini),
            "tindak_lanjut": r.tindak_lanjut,
        }
        for r in qs
    ]


def _evaluator(pemda) -> str:
    """The evaluating unit: the pemda's Inspektorat by name."""
    inspektorat = pejabat.pd_inspektorat(pemda)
    return inspektorat.nama if inspektorat else _("Inspektorat %(pemda)s") % {"pemda": pemda.nama}


def tanggal_lhe(evaluasi: Evaluasi):
    """THE date an LHE carries: the LHE date entered on the evaluation, else the day it was made final (its
    frozen result); None for a scored draft (a KONSEP is not dated)."""
    if evaluasi.tanggal_lhe:
        return evaluasi.tanggal_lhe
    if evaluasi.final and ev.punya_hasil(evaluasi):
        return timezone.localtime(evaluasi.hasil.dihitung_pada).date()
    return None


def _kepala(evaluasi: Evaluasi, siap: ev.InstrumenSiap) -> dict:
    pemda = evaluasi.pemda
    tanggal = tanggal_lhe(evaluasi)
    return {
        "judul": _("LHE AKIP %(pd)s Tahun %(t)s") % {"pd": evaluasi.nama_objek, "t": evaluasi.tahun},
        "pd": evaluasi.nama_objek,
        "pemda": pemda.nama,
        "tahun": str(evaluasi.tahun),  # never "2.024"
        "evaluator": _evaluator(pemda),
        "nomor": evaluasi.nomor_lhe,
        "konsep": not evaluasi.final,
        "status": evaluasi.get_status_display(),
        "instrumen": f"{siap.nama} (v{siap.versi})",
        "metode": siap.metode,
        "tempat": pemda.ibu_kota or pemda.nama,
        "tanggal": tampilan.tanggal(tanggal) if tanggal else "",
        "penandatangan": pejabat.inspektur(pemda).sebagai_dict(),
    }


def _penyimpangan(evaluasi: Evaluasi, siap: ev.InstrumenSiap, hasil: scoring.Hasil) -> list[dict]:
    """Method A: every grade above what its criteria support, with the evaluator's written justification
    (the result page's list: evaluasi.tampilan.penyimpangan_evaluasi)."""
    return tampilan.penyimpangan_evaluasi(evaluasi, siap, hasil)


def konteks_lhe(evaluasi_id: int, pemda_id: int) -> dict:
    """Everything templates/laporan/pdf/lhe.html prints, as formatted values (a fixed number of queries)."""
    evaluasi = Evaluasi.objects.select_related("instrumen__skala_predikat", "perangkat_daerah", "pemda").get(
        pk=evaluasi_id, pemda_id=pemda_id
    )
    periksa_boleh_cetak(evaluasi)
    siap = ev.instrumen_siap(evaluasi.instrumen)
    hasil = ev.hitung(siap, ev.masukan_evaluasi(evaluasi, siap))
    catatan = {j.kriteria_id: j.catatan for j in evaluasi.jawaban.all() if j.catatan}
    catatan_sub = {n.subkomponen_id: n.catatan for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi) if n.catatan}
    ringkasan = tampilan.ringkasan_hasil(siap, hasil)
    return {
        **_kepala(evaluasi, siap),
        "ringkasan": ringkasan,
        "bobot_total": format_angka(sum((k.bobot for k in siap.komponen), Decimal(0))),
        "skala_versi": siap.skala_predikat.versi,
        "predikat_tabel": _tabel_predikat(siap.skala_predikat, hasil.predikat.kode),
        "temuan": _temuan(siap, hasil, catatan, catatan_sub),
        "penyimpangan": _penyimpangan(evaluasi, siap, hasil),
        "rekomendasi": _rekomendasi(evaluasi),
        "status_sumber": evaluasi.status,
    }
