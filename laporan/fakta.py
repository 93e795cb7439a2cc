"""The LKjIP's facts beside the LKE criteria (issue 15 point 2): whether the year's LKjIP was generated, and its
reviu by the Inspektorat finished, by the deadline. Registered in THE fact registry (evaluasi/fakta.py) when the
laporan app is ready, so evaluasi does not import laporan. The deadline is the LKjIP kind's own window
(`jenis.Jendela`: at the latest 31 March of the next year), the reviu's state `laporan/reviu.py`'s."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluasi.fakta import PERSEN_PENUH, Fakta, Lingkup, Nilai, daftarkan
from sakip.lib.tanggal import format_tanggal

from . import jenis as jenis_laporan
from .models import Laporan
from .models_reviu import Reviu

TIDAK = Decimal(0)


def _jenis_lkjip(lingkup: Lingkup) -> list[jenis_laporan.JenisLaporan]:
    """The LKjIP kinds (PDF and Word) of the scope: a PD's, or the city's."""
    return jenis_laporan.jenis_lkjip(kota=lingkup.kota)


def _batas(lingkup: Lingkup) -> datetime.date:
    """The last day of the LKjIP's window for the year (31 March of the next year)."""
    return _jenis_lkjip(lingkup)[0].jendela.rentang(lingkup.tahun)[1]


def _periode(lingkup: Lingkup) -> str:
    return _("LKjIP %(t)s, batas %(b)s") % {"t": lingkup.tahun, "b": format_tanggal(_batas(lingkup))}


def _nilai_tanggal(tanggal: datetime.date | None, lingkup: Lingkup, *, belum: str, sudah: str) -> Nilai:
    """Met (100 %) when `tanggal` is on or before the deadline; otherwise not (0 %), saying why."""
    batas = _batas(lingkup)
    if tanggal is None:
        rincian = "" if lingkup.hari_ini <= batas else _("Batas waktu sudah lewat.")
        return Nilai(belum, TIDAK, _periode(lingkup), rincian)
    teks = sudah % {"tanggal": format_tanggal(tanggal)}
    if tanggal > batas:
        return Nilai(teks, TIDAK, _periode(lingkup), _("Melewati batas waktu."))
    return Nilai(teks, PERSEN_PENUH, _periode(lingkup))


def _lkjip_dibuat(lingkup: Lingkup) -> Nilai:
    pertama = (
        Laporan.objects.for_user(lingkup.user)
        .filter(pemda_id=lingkup.pemda_id, perangkat_daerah=lingkup.perangkat_daerah, tahun=lingkup.tahun,
                jenis__in=[j.kode for j in _jenis_lkjip(lingkup)], status=Laporan.Status.SELESAI)
        .aggregate(pertama=Min("selesai_pada"))["pertama"]
    )  # fmt: skip
    tanggal = timezone.localdate(pertama) if pertama else None
    return _nilai_tanggal(tanggal, lingkup, belum=_("Belum dibuat"), sudah=_("Dibuat %(tanggal)s"))


def _lkjip_direviu(lingkup: Lingkup) -> Nilai:
    reviu = (
        Reviu.objects.for_user(lingkup.user)
        .filter(pemda_id=lingkup.pemda_id, perangkat_daerah=lingkup.perangkat_daerah, tahun=lingkup.tahun)
        .first()
    )
    selesai = reviu.selesai_pada if reviu is not None and reviu.status == Reviu.Status.SELESAI else None
    belum = reviu.get_status_display() if reviu is not None else Reviu.Status.BELUM.label
    return _nilai_tanggal(selesai, lingkup, belum=str(belum), sudah=_("Selesai direviu %(tanggal)s"))


def _url_reviu(lingkup: Lingkup) -> str:
    if lingkup.perangkat_daerah:
        return f"{reverse('laporan:reviu_pd', args=[lingkup.perangkat_daerah.pk])}?tahun={lingkup.tahun}"
    return f"{reverse('laporan:reviu_kota')}?tahun={lingkup.tahun}"


FAKTA_LKJIP = (
    Fakta("lkjip-dibuat", gettext_lazy("LKjIP dibuat sebelum batas waktu"), gettext_lazy(
        "LKjIP tahun itu (PDF atau Word) selesai dibuat paling lambat hari terakhir jendela waktunya (3 bulan "
        "setelah tahun anggaran berakhir); 100% bila ya, 0% bila belum atau terlambat."),
        _lkjip_dibuat, lambda lingkup: f"{reverse('laporan:daftar')}?tahun={lingkup.tahun}"),
    Fakta("lkjip-direviu", gettext_lazy("Reviu LKjIP selesai sebelum batas waktu"), gettext_lazy(
        "Reviu Inspektorat atas LKjIP tahun itu berstatus selesai dengan tanggal selesai paling lambat batas "
        "waktu LKjIP; 100% bila ya, 0% bila belum atau terlambat."),
        _lkjip_direviu, _url_reviu),
)  # fmt: skip

for _fakta in FAKTA_LKJIP:
    daftarkan(_fakta)
