"""The public SAKIP page's figures (issue 17 point 10): what a pemda has made official or published, nothing else.

- the official results by year: the city's `Evaluasi` of kind RESMI (recorded from the KemenPANRB LHE, final)
  with its stored `HasilEvaluasi`, and the component values under each year's own instrument; never the
  city's self-estimate, an internal evaluation or a draft;
- the share of PD at BB or better of the latest complete year of final internal evaluations, counted by
  the one rule of the wali kota's dashboard (`evaluasi.selectors.tahun_kota_laporan` and `gambaran_pd`);
- the city IKU with their capaian from verified realisations only (`dasbor.selectors.iku.iku_kota_publik`);
- the LKjIP documents Bagian Organisasi published (`laporan.terbit.laporan_terbit`).
No user names: the rows carry figures, years, LHE numbers and document names only.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from evaluasi.models import Evaluasi
from evaluasi.selectors import gambaran_pd, punya_hasil, tahun_kota_laporan
from evaluasi.tampilan import bagian_resmi
from laporan.terbit import laporan_terbit
from perangkat_daerah.models import Pemda
from sakip.lib.angka import format_angka, format_persen

from .selectors.iku import BarisIku, iku_kota_publik
from .selectors.umum import DUA_PERTIGA, SERATUS, persen


@dataclass(frozen=True)
class HasilResmi:
    """One year's official result: total, predicate, the LHE it came from and its component values."""

    tahun: int
    total: str
    predikat: str
    predikat_nama: str
    nomor_lhe: str
    instrumen: str
    komponen: list[dict]  # evaluasi.tampilan.ringkasan_resmi's rows (kode, nama, nilai, bobot)


@dataclass(frozen=True)
class BagianBb:
    """The share of PD at BB or better in the latest complete year of internal evaluations."""

    tahun: int
    jumlah_pd: int
    jumlah_bb: int
    bagian: Decimal | None

    @property
    def bagian_teks(self) -> str:
        return format_persen(self.bagian)

    @property
    def dua_pertiga_teks(self) -> str:
        return format_persen(DUA_PERTIGA * SERATUS)

    @property
    def memenuhi(self) -> bool:
        return self.bagian is not None and self.bagian >= DUA_PERTIGA * SERATUS


@dataclass(frozen=True)
class Dokumen:
    """A published LKjIP: what it is and where the public downloads it."""

    tahun: int
    judul: str
    instansi: str
    nama_berkas: str
    url: str


@dataclass(frozen=True)
class HalamanPublik:
    """Everything the public page of one pemda shows."""

    pemda: Pemda
    resmi: list[HasilResmi]
    bb: BagianBb | None
    iku: list[BarisIku]
    iku_tahun: list[int]
    dokumen: list[Dokumen]


def _resmi(semua) -> list[HasilResmi]:
    hasil = []
    for t in semua:
        e = t.resmi
        if e is None or e.status != Evaluasi.Status.FINAL or not punya_hasil(e):
            continue
        h = e.hasil
        komponen = bagian_resmi(e)
        hasil.append(HasilResmi(t.tahun, format_angka(h.total), h.predikat, h.predikat_nama, e.nomor_lhe,
                                e.instrumen.nama, komponen))  # fmt: skip
    return hasil


def _bagian_bb(semua, jumlah_pd: int) -> BagianBb | None:
    gambaran = gambaran_pd({t.tahun: t.jumlah_pd_final for t in semua}, jumlah_pd=jumlah_pd)
    t = next((t for t in semua if t.tahun == gambaran.tahun), None)
    if t is None:
        return None
    return BagianBb(t.tahun, jumlah_pd, t.jumlah_pd_bb, persen(t.jumlah_pd_bb, jumlah_pd))


def _url_unduh(pemda: Pemda, pk: int, *, bawaan: bool) -> str:
    if bawaan:
        return reverse("publik:unduh", kwargs={"pk": pk})
    return reverse("publik:unduh_pemda", kwargs={"kode": pemda.kode, "pk": pk})


def _dokumen(pemda: Pemda, *, bawaan: bool) -> list[Dokumen]:
    qs = laporan_terbit(pemda_id=pemda.pk).select_related("perangkat_daerah")
    return [
        Dokumen(
            lap.tahun, lap.get_jenis_display(), lap.perangkat_daerah.nama if lap.perangkat_daerah else pemda.nama,
            lap.nama_berkas, _url_unduh(pemda, lap.pk, bawaan=bawaan),
        )
        for lap in qs.only("tahun", "jenis", "nama_berkas", "perangkat_daerah__nama")
    ]  # fmt: skip


def halaman_publik(*, pemda: Pemda, jumlah_pd: int, tahun: int, bawaan: bool = False) -> HalamanPublik:
    """The public page of `pemda` (`jumlah_pd` active PD, IKU up to `tahun`) in a fixed number of queries;
    `bawaan`: shown at /publik/ (the default pemda), so its downloads use the short address."""
    semua = tahun_kota_laporan(pemda_id=pemda.pk, jumlah_pd=jumlah_pd)
    iku, iku_tahun = iku_kota_publik(pemda_id=pemda.pk, tahun=tahun)
    return HalamanPublik(
        pemda, _resmi(semua), _bagian_bb(semua, jumlah_pd), iku, iku_tahun, _dokumen(pemda, bawaan=bawaan)
    )


def pemda_publik() -> tuple[Pemda | None, list[Pemda]]:
    """The pemda `/publik/` shows (settings.SAKIP_PEMDA_PUBLIK, else the only one), or the list to choose from."""
    kode = settings.SAKIP_PEMDA_PUBLIK
    if kode:
        pilihan = Pemda.objects.filter(kode=kode).first()
        if pilihan is not None:
            return pilihan, []
    semua = list(Pemda.objects.order_by("nama").only("kode", "nama"))
    return (semua[0], []) if len(semua) == 1 else (None, semua)
