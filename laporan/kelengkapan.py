"""Incomplete data of an LKjIP (issue 14 point 13): what is missing for the report's year, grouped by kind,
so that a request for a year with unverified or missing data asks for confirmation first (the page shows the
list, the API answers 409 with it unless `konfirmasi` is true), and the PDF prints a "Data belum lengkap" box
on its first content page and a note on each affected table.

Checked, over the report's PK indicators (`INDIKATOR_PK`, the indicators the report measures): a target of
the year; a verified realisation of the year (values awaiting verification are named apart); and the budget
of the year (none at all, or no realisation entered). The same checks run per PD over a whole batch
(`kelengkapan_per_pd`: the batch page lists why each PD's PDF is flagged, before and after generating)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.selectors.anggaran_pohon import anggaran_pd_tahun
from perangkat_daerah.models import PerangkatDaerah

JENIS_DIPERIKSA = frozenset({"lkjip_pd", "lkjip_pemda", "lkjip_pd_docx", "lkjip_pemda_docx"})  # report kinds checked


@dataclass
class Kelengkapan:
    """What is missing: `butir` (title → the codes or names concerned, in print order), the indicator codes
    concerned (for the notes on the indicator tables), and whether the budget is concerned."""

    butir: list[dict] = field(default_factory=list)
    indikator: set[str] = field(default_factory=set)
    anggaran: bool = False
    sasaran: list[dict] = field(default_factory=list)  # {"kode": a sasaran's code, "indikator": its codes concerned}

    @property
    def lengkap(self) -> bool:
        return not self.butir

    def teks(self) -> list[str]:
        """Each kind as one line: "Realisasi 2024 belum diverifikasi (2 indikator): IK-1, IK-2"."""
        return [f"{b['judul']} ({b['jumlah']}): {', '.join(b['isi'])}" for b in self.butir]

    def sebagai_dict(self) -> dict:
        return {"butir": self.butir, "indikator": sorted(self.indikator), "anggaran": self.anggaran,
                "sasaran": self.sasaran}  # fmt: skip


def butir_tercetak(data: dict) -> list[dict] | None:
    """The "Data belum lengkap" items a document made from the context `data` prints ([] when complete; None for
    a kind that is not checked), stored on its Laporan row so its page shows what the file holds."""
    return list(data["belum_lengkap"]["butir"]) if "belum_lengkap" in data else None


def _tambah(hasil: Kelengkapan, judul: str, satuan: str, isi: list[str]) -> None:
    if isi:
        hasil.butir.append({"judul": judul, "jumlah": f"{len(isi)} {satuan}", "isi": isi})


def periksa_indikator(hasil: Kelengkapan, *, daftar: list, target: dict, realisasi, tahun: int) -> None:
    """Targets and verified realisations of `tahun` of the indicators `daftar` (konteks._indikator's reads:
    no query)."""
    nilai, belum = realisasi
    tanpa_target = [i.kode for i in daftar if (i.pk, tahun) not in target]
    menunggu = [i.kode for i in daftar if not nilai.get((i.pk, tahun)) and (i.pk, tahun) in belum]
    kosong = [i.kode for i in daftar if not nilai.get((i.pk, tahun)) and (i.pk, tahun) not in belum]
    sebagian = [i.kode for i in daftar if nilai.get((i.pk, tahun)) and (i.pk, tahun) in belum]
    indikator = _("indikator")
    _tambah(hasil, _("Target %(t)s belum ditetapkan") % {"t": tahun}, indikator, tanpa_target)
    _tambah(hasil, _("Realisasi %(t)s belum diisi") % {"t": tahun}, indikator, kosong)
    _tambah(hasil, _("Realisasi %(t)s belum diverifikasi") % {"t": tahun}, indikator, menunggu)
    _tambah(hasil, _("Sebagian realisasi %(t)s belum diverifikasi") % {"t": tahun}, indikator, sebagian)
    hasil.indikator |= {*tanpa_target, *menunggu, *kosong, *sebagian}
    per_sasaran: dict[str, list[str]] = {}
    for i in daftar:
        if i.kode in hasil.indikator:
            per_sasaran.setdefault(i.sasaran.kode, []).append(i.kode)
    hasil.sasaran = [{"kode": k, "indikator": v} for k, v in per_sasaran.items()]


def periksa_anggaran(hasil: Kelengkapan, *, pemda_id: int, perangkat_daerah, tahun: int) -> None:
    """THE budget of the year of the PD (or of every active PD for the city): none, or no realisation."""
    daftar = [perangkat_daerah] if perangkat_daerah else list(
        PerangkatDaerah.objects.filter(pemda_id=pemda_id, aktif=True).order_by("kode")
    )  # fmt: skip
    nama = (lambda p: p.nama) if perangkat_daerah else (lambda p: p.singkatan or p.nama)
    _periksa_anggaran(hasil, daftar=daftar, per_pd=anggaran_pd_tahun(daftar, tahun), tahun=tahun, nama=nama)


def _periksa_anggaran(hasil: Kelengkapan, *, daftar: list, per_pd: dict, tahun: int, nama) -> None:
    tanpa = [nama(p) for p in daftar if p.pk not in per_pd]
    tanpa_realisasi = [nama(p) for p in daftar if p.pk in per_pd and per_pd[p.pk].realisasi_total is None]
    satuan = _("perangkat daerah")
    _tambah(hasil, _("Anggaran %(t)s belum ada") % {"t": tahun}, satuan, tanpa)
    _tambah(hasil, _("Realisasi anggaran %(t)s belum diisi") % {"t": tahun}, satuan, tanpa_realisasi)
    hasil.anggaran = bool(tanpa or tanpa_realisasi)


def kelengkapan_lkjip(*, pemda_id: int, perangkat_daerah, tahun: int, daftar, target, realisasi) -> Kelengkapan:
    """Everything missing for the LKjIP of `tahun` (two queries beyond the indicator reads given)."""
    hasil = Kelengkapan()
    periksa_indikator(hasil, daftar=daftar, target=target, realisasi=realisasi, tahun=tahun)
    periksa_anggaran(hasil, pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, tahun=tahun)
    return hasil


def kelengkapan_per_pd(*, pemda_id: int, daftar_pd: list, tahun: int) -> dict[int, Kelengkapan]:
    """What is missing for each PD's LKjIP of `tahun`, by PD id: the checks of one PD's request, run over every
    PD of `daftar_pd` at once (the batch "semua LKjIP PD"), in a fixed number of queries whatever their number."""
    from .konteks import _indikator  # the report's reads; konteks imports this module

    daftar, target, realisasi = _indikator(perangkat_daerah=None, pemda_id=pemda_id, tahun=tahun, semua_pd=True)
    indikator_pd: dict[int, list] = {}
    for ind in daftar:
        indikator_pd.setdefault(ind.perangkat_daerah_id, []).append(ind)
    anggaran = anggaran_pd_tahun(daftar_pd, tahun)
    hasil = {}
    for pd in daftar_pd:
        kurang = Kelengkapan()
        periksa_indikator(kurang, daftar=indikator_pd.get(pd.pk, []), target=target, realisasi=realisasi, tahun=tahun)
        _periksa_anggaran(kurang, daftar=[pd], per_pd=anggaran, tahun=tahun, nama=lambda p: p.nama)
        hasil[pd.pk] = kurang
    return hasil


def periksa_permintaan(*, pemda_id: int, perangkat_daerah, tahun: int) -> Kelengkapan:
    """The check a request runs before it is queued: the report's own indicator reads, then the above."""
    from .konteks import _indikator  # the report's reads; konteks imports this module

    daftar, target, realisasi = _indikator(perangkat_daerah=perangkat_daerah, pemda_id=pemda_id, tahun=tahun)
    return kelengkapan_lkjip(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, tahun=tahun, daftar=daftar,
                             target=target, realisasi=realisasi)  # fmt: skip


class DataBelumLengkap(Exception):
    """A request for an LKjIP whose year's data is incomplete, not confirmed: the page asks, the API answers 409."""

    def __init__(self, kelengkapan: Kelengkapan):
        self.kelengkapan = kelengkapan
        super().__init__(str(PESAN_KONFIRMASI))


PESAN_KONFIRMASI = gettext_lazy(
    "Data tahun ini belum lengkap. Lengkapi dan verifikasi datanya dahulu, atau konfirmasi untuk tetap membuat "
    'laporan; bagian yang terdampak akan ditandai "Data belum lengkap".'
)
