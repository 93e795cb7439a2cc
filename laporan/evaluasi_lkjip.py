"""Bab III C of the LKjIP: the evaluation results the report shows (a PD's final internal evaluation and its
self-assessment; the city's official result, its self-estimate, the trend and the share of PD at BB or above),
with the justified method-A grades above their criteria's support (issue 15 point 1)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from evaluasi.models import Evaluasi, HasilEvaluasi
from evaluasi.selectors import gambaran_pd, punya_hasil, tahun_kota_laporan
from evaluasi.tampilan import penyimpangan_laporan
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka


def evaluasi_laporan(pemda, pd, tahun: int) -> dict | None:
    """Bab III C: the PD's internal evaluation, or the city's official result."""
    if pd is not None:
        return _evaluasi_pd(pd, tahun)
    return _evaluasi_kota(pemda, tahun, PerangkatDaerah.objects.filter(pemda=pemda, aktif=True).count())


def _baris_hasil(label: str, sumber: str, total, kode: str, nama: str) -> dict:
    return {"label": label, "sumber": sumber, "nilai": format_angka(total), "predikat": kode, "predikat_nama": nama}


def _evaluasi_pd(pd: PerangkatDaerah, tahun: int) -> dict | None:
    """The PD's final internal evaluation (Inspektorat) of the year, and its own self-assessment."""
    baris = []
    label = {
        Evaluasi.Jenis.INTERNAL: (_("Evaluasi internal"), _("Inspektorat")),
        Evaluasi.Jenis.MANDIRI: (_("Penilaian mandiri"), _("Perangkat daerah")),
    }
    hasil = list(
        HasilEvaluasi.objects.filter(
            evaluasi__perangkat_daerah=pd, evaluasi__tahun=tahun, evaluasi__status=Evaluasi.Status.FINAL
        )
        .select_related("evaluasi__instrumen__skala_predikat")
        .order_by("evaluasi__jenis")
    )
    for h in hasil:
        judul, sumber = label.get(h.evaluasi.jenis, (h.evaluasi.get_jenis_display(), ""))
        baris.append(_baris_hasil(judul, sumber, h.total, h.predikat, h.predikat_nama))
    if not baris:
        return None
    utama = baris[0]
    return {
        "baris": baris,
        "penyimpangan": penyimpangan_laporan(h.evaluasi for h in hasil),
        "ringkasan": _("Hasil evaluasi akuntabilitas kinerja tahun %(t)s: %(n)s (%(p)s).")
        % {"t": tahun, "n": utama["nilai"], "p": utama["predikat"]},
    }


def _evaluasi_kota(pemda, tahun: int, jumlah_pd: int) -> dict | None:
    """The official KemenPANRB result, the city's self-estimate and the share of PD at BB or above."""
    semua = tahun_kota_laporan(pemda_id=pemda.pk, jumlah_pd=jumlah_pd)
    ini = next((t for t in semua if t.tahun == tahun), None)
    if ini is None:
        return None
    baris = []
    if ini.resmi is not None and punya_hasil(ini.resmi):
        h = ini.resmi.hasil
        baris.append(_baris_hasil(_("Hasil resmi"), _("KemenPANRB"), h.total, h.predikat, h.predikat_nama))
    if ini.mandiri is not None and punya_hasil(ini.mandiri):
        h = ini.mandiri.hasil
        baris.append(
            _baris_hasil(_("Penilaian mandiri pemda"), _("Pemda (internal)"), h.total, h.predikat, h.predikat_nama)
        )
    elif ini.mandiri_hasil is not None:
        h = ini.mandiri_hasil
        baris.append(
            _baris_hasil(_("Penilaian mandiri pemda"), _("Pemda (internal)"), h.total, h.predikat.kode, h.predikat.nama)
        )
    catatan = _catatan_pd(ini, gambaran_pd({t.tahun: t.jumlah_pd_final for t in semua}, jumlah_pd=jumlah_pd))
    tren = sorted((t.tahun, t.resmi.hasil.total) for t in semua if t.resmi is not None and punya_hasil(t.resmi))
    ringkas = baris[0] if baris else None
    return {
        "baris": baris,
        "penyimpangan": penyimpangan_laporan([ini.mandiri] if ini.mandiri is not None else []),
        "catatan": catatan,
        "tren": tren,
        "ringkasan": (
            _("Nilai SAKIP %(s)s tahun %(t)s: %(n)s (predikat %(p)s).")
            % {"s": ringkas["label"].lower(), "t": tahun, "n": ringkas["nilai"], "p": ringkas["predikat"]}
            if ringkas
            else catatan
        ),
    }


def _catatan_pd(ini, gambaran) -> str:
    """The share of PD at BB or above, over the active PD (the one base of every page, issue 11 point 3);
    a year whose internal evaluation is not complete says so instead of reading as the picture."""
    persen = Decimal(ini.jumlah_pd_bb * 100) / ini.jumlah_pd if ini.jumlah_pd else None
    catatan = _(
        "%(bb)s dari %(n)s perangkat daerah (%(p)s%%) memperoleh predikat evaluasi internal BB atau "
        "lebih; %(b)s memperoleh B atau lebih."
    ) % {"bb": ini.jumlah_pd_bb, "n": ini.jumlah_pd, "p": format_angka(persen), "b": ini.jumlah_pd_b}
    if gambaran.lengkap(ini.jumlah_pd_final):
        return catatan
    return _(
        "Evaluasi internal perangkat daerah tahun %(t)s sedang berjalan: %(f)s dari %(n)s PD sudah final "
        "(lengkap bila minimal %(m)s PD). Sejauh ini: %(c)s"
    ) % {"t": ini.tahun, "f": ini.jumlah_pd_final, "n": ini.jumlah_pd, "m": gambaran.minimal, "c": catatan}
