"""Report kinds: everything that makes a kind what it is, in one entry per kind (pretix's exporter classes).

An entry is a subclass of `JenisLaporan` registered with `@daftarkan`. It states the kind's code and label
(`Laporan.Jenis` is built from this registry), who may request it (`aksi`, checked by `access.wajib_hak` on
the object its `lingkup` names: the PD, the pemda, or the evaluation), the field a request must carry, the
file name prefix and extension, and how its document is made (`buat`: context builder → renderer).

Everything else reads the registry: the request guard and the worker (services.py, pembuat.py), the request
form's choices (selectors.py), the visibility rule of jobs (models.py), the API's validation and schema, and
the access-matrix test. **Adding a report kind means adding one entry here** (with its template under
templates/laporan/pdf/ for a PDF kind, and the migration `makemigrations laporan` writes for the new choice);
no other module changes. (The LKjIP batch and the narrative editor are features of the LKjIP kinds, so they
name them.)

The builders are imported when a document is made, not when this module loads: they pull WeasyPrint,
python-docx and openpyxl (and matplotlib, for the city's trend line only: the capaian chart is an HTML table),
and they read the models, which read this registry.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluasi.models import Evaluasi
from perangkat_daerah.access import Aksi

if TYPE_CHECKING:
    from .models import Laporan

Progres = Callable[[int, str], None]


class Lingkup(enum.Enum):
    """What a kind is about, hence on which object its right is checked and which field a request needs."""

    PD = "perangkat_daerah"  # one PD's report: needs `perangkat_daerah`; the right is checked on that PD
    KOTA = "pemda"  # the city's report: no PD; the right is checked on the pemda (city roles only)
    EVALUASI = "evaluasi"  # an export of one evaluation: needs `evaluasi`; its PD and year come with it


# The message when a request lacks the field its kind needs (the pages, the API and its schema say the same).
PESAN_WAJIB = {
    Lingkup.PD: gettext_lazy("Pilih perangkat daerah untuk laporan ini."),
    Lingkup.EVALUASI: gettext_lazy("Pilih evaluasi yang lembar kerjanya dibuat."),
}
PESAN_TRIWULAN = gettext_lazy("Pilih triwulan laporan ini.")  # a quarter's kind (`per_triwulan`) without one


@dataclass(frozen=True)
class Jendela:
    """The days in which a kind's document is dated by the regulation, relative to the report year: each end
    is (month, day, years after the report year)."""

    mulai: tuple[int, int, int]
    akhir: tuple[int, int, int]
    dasar: str  # the regulation, shown beside the date field

    def rentang(self, tahun: int) -> tuple[datetime.date, datetime.date]:
        (bm, hm, tm), (ba, ha, ta) = self.mulai, self.akhir
        return datetime.date(tahun + tm, bm, hm), datetime.date(tahun + ta, ba, ha)

    def bawaan(self, tahun: int, hari_ini: datetime.date) -> datetime.date:
        """Today when it falls in the window; otherwise the window's nearer end (never silently today)."""
        mulai, akhir = self.rentang(tahun)
        return min(max(hari_ini, mulai), akhir)


@dataclass(frozen=True)
class Dokumen:
    """The finished file and what it was made from."""

    isi: bytes
    nama_berkas: str
    jumlah_halaman: int | None
    hash_masukan: str
    status_sumber: str = ""  # LKE: the evaluation's status when the file was made
    kurang: list[dict] | None = None  # LKjIP: the "Data belum lengkap" items printed in it ([] when complete)


class JenisLaporan:
    """One report kind. Subclasses set the class attributes and `buat`; `@daftarkan` registers them."""

    kode: ClassVar[str]
    label: ClassVar[Promise]
    lingkup: ClassVar[Lingkup]
    aksi: ClassVar[str] = Aksi.BUAT_LAPORAN  # the right to request it, on the object `lingkup` names
    pesan_tolak: ClassVar[Promise] = gettext_lazy("Perangkat daerah ini bukan wewenang Anda.")
    awalan: ClassVar[str]  # file name prefix: LKjIP-2024-Dinas-Kesehatan.pdf
    akhiran: ClassVar[str] = "pdf"
    jendela: ClassVar[Jendela | None] = None  # a dated document's window (tanggal laporan); None: not dated
    salinan_dari: ClassVar[str] = ""  # the kind whose document this one is another file of (the LKjIP's Word copy)
    per_triwulan: ClassVar[bool] = False  # a quarter's document (Monev Renaksi): a request names its `triwulan`
    # its content is what its requester sees (the tree): a group batch (laporan/batch_grup.py) never makes it
    # for the members, whose documents are built from each pemda's own data
    dari_peminta: ClassVar[bool] = False

    def tanggal_bawaan(
        self, *, tahun: int, perangkat_daerah, hari_ini: datetime.date, triwulan: int | None = None
    ) -> datetime.date | None:
        """The date a new request of this kind carries unless the user picks one."""
        return self.jendela.bawaan(tahun, hari_ini) if self.jendela else None

    @property
    def kolom_wajib(self) -> str | None:
        """The request field this kind needs (None: the city's report needs neither PD nor evaluation)."""
        return None if self.lingkup is Lingkup.KOTA else self.lingkup.value

    def periksa_sumber(self, evaluasi: Evaluasi) -> None:
        """Refuse (ValidationError on `evaluasi`, with the reason) an evaluation this kind is not made from, at
        request time. Only kinds about an evaluation are asked; most accept any they may see."""

    def nama_berkas(self, laporan: Laporan) -> str:
        """A readable file name: LKjIP-2024-Dinas-Kesehatan.pdf."""
        pemilik = laporan.perangkat_daerah.nama if laporan.perangkat_daerah else laporan.pemda.nama
        bersih = re.sub(r"[^0-9A-Za-z]+", "-", pemilik).strip("-")
        periode = f"{laporan.tahun}-TW{laporan.triwulan}" if laporan.triwulan else laporan.tahun
        return f"{self.awalan}-{periode}-{bersih}.{self.akhiran}"

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        """Build the document of `laporan`, reporting progress at each stage."""
        raise NotImplementedError


class JenisPdf(JenisLaporan):
    """A PDF kind: its context builder fills `template`, the shared pipeline renders it (pembuat.py)."""

    template: ClassVar[str]

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        """Everything the template shows, as plain formatted values."""
        raise NotImplementedError

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        from .pembuat import dokumen_pdf

        return dokumen_pdf(laporan, self, self.konteks(laporan, progres), progres)


_REGISTRI: dict[str, JenisLaporan] = {}


def daftarkan(kelas: type[JenisLaporan]) -> type[JenisLaporan]:
    """Register one kind (class decorator); the order of registration is the order of the choices."""
    if kelas.kode in _REGISTRI:
        raise ValueError(f"Jenis laporan {kelas.kode} terdaftar dua kali.")
    _REGISTRI[kelas.kode] = kelas()
    return kelas


def semua() -> list[JenisLaporan]:
    """Every registered kind, in registration order."""
    return list(_REGISTRI.values())


def dengan_lingkup(lingkup: Lingkup) -> list[JenisLaporan]:
    """The kinds about a PD, the city or an evaluation."""
    return [j for j in _REGISTRI.values() if j.lingkup is lingkup]


def jenis_lkjip(*, kota: bool) -> list[JenisLaporan]:
    """The LKjIP kinds (PDF and Word) of a PD's document or of the city's."""
    return [j for j in dengan_lingkup(Lingkup.KOTA if kota else Lingkup.PD) if j.awalan == "LKjIP" and j.jendela]


def cari(kode: str) -> JenisLaporan | None:
    """The kind with this code, or None."""
    return _REGISTRI.get(kode)


def ambil(kode: str) -> JenisLaporan:
    """The kind with this code; an unknown one is a ValidationError on `jenis`."""
    jenis = _REGISTRI.get(kode)
    if jenis is None:
        raise ValidationError({"jenis": _("Jenis laporan tidak dikenal.")})
    return jenis


def per_dokumen(daftar: list[JenisLaporan]) -> list[list[JenisLaporan]]:
    """`daftar` grouped by document, in registry order: each kind followed by the kinds that are other files
    of its document (`salinan_dari`: the LKjIP and its Word copy); a copy without its source in `daftar` stands
    alone."""
    kelompok: dict[str, list[JenisLaporan]] = {}
    kode = {j.kode for j in daftar}
    for j in daftar:
        kelompok.setdefault(j.salinan_dari if j.salinan_dari in kode else j.kode, []).append(j)
    return [sorted(g, key=lambda j: j.kode != k) for k, g in kelompok.items()]


def pilihan() -> list[tuple[str, tuple[str, Promise]]]:
    """(member name, (code, label)) of every kind: the members of `Laporan.Jenis` (LKJIP_PD, PK, ...)."""
    return [(j.kode.upper(), (j.kode, j.label)) for j in _REGISTRI.values()]


# --- the kinds ------------------------------------------------------------------------------------------


class _Lkjip(JenisPdf):
    """LKjIP: verified performance against targets, charts, budget, evaluation results and narrative."""

    # Perpres 29/2014 pasal 28 and PermenPANRB 53/2014: the LKjIP is submitted at the latest three months
    # after the fiscal year ends
    jendela = Jendela((1, 1, 1), (3, 31, 1), "LKjIP paling lambat 3 bulan setelah tahun anggaran berakhir")
    awalan = "LKjIP"
    template = "laporan/pdf/lkjip.html"

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        from . import konteks

        progres(20, _("Mengumpulkan data kinerja terverifikasi"))
        data = konteks.konteks_lkjip(laporan)
        progres(40, _("Menggambar grafik"))
        data["grafik"] = konteks.grafik_lkjip(data)
        return data


@daftarkan
class LkjipPd(_Lkjip):
    """The LKjIP of one perangkat daerah: requested by that PD or by the city roles."""

    kode = "lkjip_pd"
    label = gettext_lazy("LKjIP Perangkat Daerah")
    lingkup = Lingkup.PD


@daftarkan
class LkjipPemda(_Lkjip):
    """The city's LKjIP, with every PD's summary: requested by the city roles only."""

    kode = "lkjip_pemda"
    label = gettext_lazy("LKjIP Pemerintah Daerah")
    lingkup = Lingkup.KOTA
    pesan_tolak = gettext_lazy("LKjIP pemerintah daerah dibuat oleh Bagian Organisasi.")


@daftarkan
class Pk(JenisPdf):
    """The performance agreement (Perjanjian Kinerja) of one PD and year."""

    kode = "pk"
    label = gettext_lazy("Dokumen Perjanjian Kinerja")
    lingkup = Lingkup.PD
    awalan = "PK"
    template = "laporan/pdf/pk.html"
    # PermenPANRB 53/2014: the PK is signed at the latest one month after the budget (DPA) is approved
    jendela = Jendela((1, 1, 0), (1, 31, 0), "PK ditandatangani paling lambat satu bulan setelah DPA disahkan")

    def tanggal_bawaan(
        self, *, tahun: int, perangkat_daerah, hari_ini: datetime.date, triwulan: int | None = None
    ) -> datetime.date | None:
        """The day the PK was set (ditetapkan) when it was; otherwise the regulation's window."""
        from django.utils import timezone

        from kinerja.models import PerjanjianKinerja

        pk = PerjanjianKinerja.objects.filter(perangkat_daerah=perangkat_daerah, tahun=tahun).first()
        if pk is not None and pk.ditetapkan_pada is not None:
            return timezone.localtime(pk.ditetapkan_pada).date()
        return super().tanggal_bawaan(tahun=tahun, perangkat_daerah=perangkat_daerah, hari_ini=hari_ini)

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        from . import konteks

        progres(30, _("Mengumpulkan sasaran, indikator dan target"))
        return konteks.konteks_pk(laporan)


@daftarkan
class LkeXlsx(JenisLaporan):
    """An evaluation's worksheet (LKE) as Excel: a read-only export, so whoever may see the evaluation may
    request it (the evaluasi app's visibility rule, through `ambil_untuk`)."""

    kode = "lke_xlsx"
    label = gettext_lazy("Lembar Kerja Evaluasi (Excel)")
    lingkup = Lingkup.EVALUASI
    aksi = Aksi.LIHAT
    awalan = "LKE"
    akhiran = "xlsx"

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        from .konteks import hash_konteks
        from .lke import buat_lke

        progres(30, _("Menghitung nilai dengan mesin penilaian"))
        evaluasi = Evaluasi.objects.select_related("instrumen", "perangkat_daerah", "pemda").get(
            pk=laporan.evaluasi_id, pemda_id=laporan.pemda_id
        )
        isi = buat_lke(evaluasi)
        progres(90, _("Menyimpan berkas"))
        hash_masukan = hash_konteks({"lke": isi.hex()[:64]})
        return Dokumen(isi, self.nama_berkas(laporan), None, hash_masukan, status_sumber=evaluasi.status)


@daftarkan
class Lhe(JenisPdf):
    """The Inspektorat's evaluation report (Laporan Hasil Evaluasi) of one PD's internal evaluation, as PDF:
    like the LKE workbook, whoever may see the evaluation may request it (so a PD sees its LHE only once the
    evaluation is final). Made from a final evaluation, or a scored one as a draft; refused otherwise with
    the reason (laporan/lhe.py). Dated on the evaluation's LHE date or the day it was made final, so no
    window (`jendela`)."""

    kode = "lhe"
    label = gettext_lazy("Laporan Hasil Evaluasi (LHE) Inspektorat")
    lingkup = Lingkup.EVALUASI
    aksi = Aksi.LIHAT
    awalan = "LHE"
    template = "laporan/pdf/lhe.html"

    def periksa_sumber(self, evaluasi: Evaluasi) -> None:
        """An evaluation that cannot be printed is refused when requested, with the reason
        (`evaluasi.selectors.alasan_lhe_tidak_dicetak`); the job checks again (laporan/lhe.py), as a guard for
        an evaluation that changed while the job waited."""
        from evaluasi.selectors import alasan_lhe_tidak_dicetak

        alasan = alasan_lhe_tidak_dicetak(evaluasi)
        if alasan:
            raise ValidationError({"evaluasi": alasan})

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        from .lhe import konteks_lhe

        progres(30, _("Menghitung nilai dengan mesin penilaian"))
        return konteks_lhe(laporan.evaluasi_id, laporan.pemda_id)

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        from dataclasses import replace

        from .pembuat import dokumen_pdf

        data = self.konteks(laporan, progres)
        return replace(dokumen_pdf(laporan, self, data, progres), status_sumber=data["status_sumber"])


class _Pohon(JenisPdf):
    """The performance tree (pohon kinerja & cascading) of the year as a landscape outline: a read-only
    print of the tree pages, so whoever may see the tree may request it (`Aksi.LIHAT`); its content is what
    the requester sees on the tree page (laporan/pohon.py)."""

    aksi = Aksi.LIHAT
    dari_peminta = True
    awalan = "Pohon-Kinerja"
    template = "laporan/pdf/pohon.html"

    def konteks(self, laporan: Laporan, progres: Progres) -> dict:
        from .pohon import konteks_pohon

        progres(20, _("Mengumpulkan simpul, indikator dan capaian pohon kinerja"))
        return konteks_pohon(laporan)


@daftarkan
class PohonKota(_Pohon):
    """The city's whole tree: the city roles (Bagian Organisasi, pimpinan, Inspektorat, admin)."""

    kode = "pohon_kota"
    label = gettext_lazy("Pohon Kinerja & Cascading Kota")
    lingkup = Lingkup.KOTA
    pesan_tolak = gettext_lazy(
        "Pohon kinerja seluruh kota dicetak oleh peran tingkat kota. Cetak pohon kinerja perangkat daerah Anda."
    )


@daftarkan
class PohonPd(_Pohon):
    """One PD's branch with the city nodes above it: that PD's users and the city roles."""

    kode = "pohon_pd"
    label = gettext_lazy("Pohon Kinerja & Cascading Perangkat Daerah")
    lingkup = Lingkup.PD


class _LkjipDocx(JenisLaporan):
    """The LKjIP as an editable Word file: the same context as the PDF kind, the same template's headings
    and tables (laporan/docx_lkjip.py); requested by whoever may request that PDF."""

    jendela = _Lkjip.jendela
    awalan = "LKjIP"
    akhiran = "docx"

    def buat(self, laporan: Laporan, progres: Progres) -> Dokumen:
        from . import kelengkapan, konteks
        from .docx_lkjip import docx_lkjip

        progres(20, _("Mengumpulkan data kinerja terverifikasi"))
        data = konteks.konteks_lkjip(laporan)
        progres(60, _("Menyusun dokumen Word"))
        isi = docx_lkjip(data)
        progres(95, _("Menyimpan berkas"))
        return Dokumen(isi, self.nama_berkas(laporan), None, konteks.hash_konteks(data),
                       kurang=kelengkapan.butir_tercetak(data))  # fmt: skip


@daftarkan
class LkjipPdDocx(_LkjipDocx):
    """One PD's LKjIP as Word: that PD or the city roles, as the PDF."""

    kode = "lkjip_pd_docx"
    label = gettext_lazy("LKjIP Perangkat Daerah (Word)")
    lingkup = Lingkup.PD
    salinan_dari = LkjipPd.kode


@daftarkan
class LkjipPemdaDocx(_LkjipDocx):
    """The city's LKjIP as Word: the city roles only, as the PDF."""

    kode = "lkjip_pemda_docx"
    label = gettext_lazy("LKjIP Pemerintah Daerah (Word)")
    lingkup = Lingkup.KOTA
    salinan_dari = LkjipPemda.kode
    pesan_tolak = LkjipPemda.pesan_tolak


# The Monev Renaksi kinds live beside their builder; imported last so the registry keeps its order.
from . import jenis_renaksi  # noqa: E402, F401
