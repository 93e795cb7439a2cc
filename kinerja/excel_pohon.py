"""The performance tree as one workbook (issue 13 point 8): the export of the city's tree or of one PD's
branch with the city nodes above it, and the columns its import (`kinerja.impor.pohon`) reads back.

Sheets: "Petunjuk" (how to fill it, in Indonesian), "Simpul" (one row per node with its parent's code),
"Indikator" (one row per indicator, with the target of each year of the period), "Manual" (the Manual IK of
each indicator) and "Anggaran" (pagu and realisasi per sub kegiatan and year). Which nodes are exported is
the tree pages' rule (`selectors.pohon._simpul_terlihat`); a row the user may not change is marked
"Ya" in "Hanya Baca" and shaded. A node's and an indicator's row carry its version ("Versi"), so that the
import refuses a row whose node or indicator was changed in the application after the download instead of
putting the old values back. Every text goes through `sakip.lib.xlsx.tulis_sel` (never a formula).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from perangkat_daerah.access import Aksi, boleh
from sakip.lib.angka import format_angka
from sakip.lib.xlsx import tulis_sel

from .excel import BARIS_JUDUL, Kolom
from .models import Indikator, PeriodePerencanaan, Sasaran, Target
from .models_anggaran import AnggaranSubKegiatan
from .models_manual import ManualIK
from .selectors.pohon import _simpul_terlihat

LEMBAR_PETUNJUK, LEMBAR_SIMPUL, LEMBAR_INDIKATOR = "Petunjuk", "Simpul", "Indikator"
LEMBAR_MANUAL, LEMBAR_ANGGARAN = "Manual", "Anggaran"
YA, TIDAK = "Ya", "Tidak"

KOLOM_SIMPUL = [
    Kolom("Kode", 16), Kolom("Kode Induk", 16), Kolom("Tingkat", 18), Kolom("Periode", 11), Kolom("Kode PD", 12),
    Kolom("Nama PD", 28), Kolom("Uraian", 60), Kolom("Tema", 16), Kolom("Kode Nomenklatur", 20),
    Kolom("Jabatan", 24), Kolom("NIP", 20), Kolom("Hanya Baca", 11), Kolom("Versi", 7),
]  # fmt: skip
KOLOM_INDIKATOR = [
    Kolom("Kode Simpul", 16), Kolom("Kode", 16), Kolom("Uraian", 60), Kolom("Satuan", 12), Kolom("IKU", 6),
    Kolom("Arah", 8), Kolom("Agregasi", 11), Kolom("Kode Indikator Induk", 18), Kolom("Relasi", 11),
    Kolom("Boleh Negatif", 8), Kolom("Nilai Minimum", 10), Kolom("Nilai Maksimum", 10), Kolom("Versi", 7),
]  # fmt: skip
JUDUL_TARGET = "Target %s"
JUDUL_VERSI_TARGET = "Versi Target %s"
KOLOM_MANUAL = [
    Kolom("Kode Indikator", 16), Kolom("Definisi Operasional", 50), Kolom("Rumus", 40), Kolom("Alasan Pemilihan", 40),
    Kolom("Jenis", 10), Kolom("Sumber Data", 24), Kolom("Penanggung Jawab", 24), Kolom("Periode Pelaporan", 14),
    Kolom("Versi", 7),
]  # fmt: skip
KOLOM_ANGGARAN = [
    Kolom("Kode Sub Kegiatan", 18), Kolom("Tahun", 8), Kolom("Pagu", 18), Kolom("Realisasi TW I", 16),
    Kolom("Realisasi TW II", 16), Kolom("Realisasi TW III", 16), Kolom("Realisasi TW IV", 16), Kolom("Versi", 7),
]  # fmt: skip
FIELD_MANUAL = ["definisi", "rumus", "alasan", "jenis", "sumber_data", "penanggung_jawab", "periode_pelaporan"]
FIELD_ANGGARAN = ["pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]

_JUDUL = Font(bold=True, color="FFFFFF")
_LATAR_JUDUL = PatternFill("solid", fgColor="0B4F8A")
_LATAR_BACA = PatternFill("solid", fgColor="E5E7EB")


def teks_periode(periode) -> str:
    """A period as the "Periode" column writes it: "2021–2026"."""
    return f"{periode.tahun_mulai}–{periode.tahun_akhir}" if periode is not None else ""


def angka_sel(nilai: Decimal | None):
    """A stored number as a cell: a float when it round-trips exactly, else Indonesian text ("1.234,5678")."""
    if nilai is None:
        return None
    if Decimal(str(float(nilai))) == nilai:
        return int(nilai) if nilai == nilai.to_integral_value() and abs(nilai) < 10**15 else float(nilai)
    return format_angka(nilai, 4)


def target_sel(t: Target | None):
    """A year's target as a cell: its value, or its range as "lo–hi" text."""
    if t is None:
        return None
    if t.nilai is None and t.lo is not None and t.hi is not None:
        return f"{format_angka(t.lo, 4).rstrip('0').rstrip(',')}–{format_angka(t.hi, 4).rstrip('0').rstrip(',')}"
    return angka_sel(t.nilai)


def tahun_periode(user, tahun: int) -> list[int]:
    """The years whose targets the workbook carries: the working year's RPJMD period, or that year alone."""
    periode = PeriodePerencanaan.objects.for_user(user).filter(tahun_mulai__lte=tahun, tahun_akhir__gte=tahun).first()
    return list(range(periode.tahun_mulai, periode.tahun_akhir + 1)) if periode else [tahun]


def ekspor_pohon(*, user, tahun: int, perangkat_daerah=None) -> bytes:
    """The workbook of the nodes `user` sees in `tahun` (a PD's branch with the city nodes above it when
    `perangkat_daerah` is given or the user is bound to a PD), with their indicators, targets of the
    period's years, manuals and sub kegiatan budgets. A constant number of queries."""
    simpul = _simpul_terlihat(user, tahun=tahun, perangkat_daerah=perangkat_daerah)
    aksi = Aksi.KELOLA if boleh(user, Aksi.KELOLA) else Aksi.ISI
    boleh_ubah = set(Sasaran.objects.for_user(user, aksi).filter(pemda_id__in={s.pemda_id for s in simpul})
                     .values_list("pk", flat=True))  # fmt: skip
    daftar_tahun = tahun_periode(user, tahun)
    isi = _isi(simpul, daftar_tahun)
    buku = Workbook(write_only=True)
    _petunjuk(buku, daftar_tahun)
    kode = dict(Sasaran.objects.filter(pemda_id__in={s.pemda_id for s in simpul}).values_list("pk", "kode"))
    periode = {p.pk: teks_periode(p) for p in PeriodePerencanaan.objects.for_user(user)}
    baris = [_baris_simpul(s, kode, periode) + [TIDAK if s.pk in boleh_ubah else YA, s.versi] for s in simpul]
    baca = {i for i, s in enumerate(simpul) if s.pk not in boleh_ubah}
    _lembar(buku, LEMBAR_SIMPUL, _("Simpul pohon kinerja"), KOLOM_SIMPUL, baris, baca)
    kolom_ind = KOLOM_INDIKATOR + [Kolom(JUDUL_TARGET % t, 10) for t in daftar_tahun]
    kolom_ind += [Kolom(JUDUL_VERSI_TARGET % t, 7) for t in daftar_tahun]
    _lembar(buku, LEMBAR_INDIKATOR, _("Indikator dan target"), kolom_ind, isi["indikator"], set())
    _lembar(buku, LEMBAR_MANUAL, _("Manual indikator kinerja"), KOLOM_MANUAL, isi["manual"], set())
    _lembar(buku, LEMBAR_ANGGARAN, _("Anggaran sub kegiatan"), KOLOM_ANGGARAN, isi["anggaran"], set())
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def _baris_simpul(s: Sasaran, kode: dict[int, str], periode: dict[int, str]) -> list:
    pd = s.perangkat_daerah
    return [
        s.kode, kode.get(s.induk_id, ""), s.tingkat.kode if s.tingkat_id else "", periode.get(s.periode_id, ""),
        pd.kode if pd else "", pd.nama if pd else "", s.uraian, s.tema, s.kode_nomenklatur, s.jabatan, s.nip,
    ]  # fmt: skip


def _isi(simpul: list[Sasaran], daftar_tahun: list[int]) -> dict[str, list[list]]:
    """The rows of the Indikator, Manual and Anggaran sheets of the given nodes (four queries)."""
    if not simpul:
        return {"indikator": [], "manual": [], "anggaran": []}
    pemda_id, ada = simpul[0].pemda_id, {s.pk: s.kode for s in simpul}
    semua = list(Indikator.objects.filter(pemda_id=pemda_id).order_by("sasaran__kode", "urutan", "kode"))
    kode_ind = {i.pk: i.kode for i in semua}
    indikator = [i for i in semua if i.sasaran_id in ada]
    pilih = {i.pk for i in indikator}
    target = {
        (t.indikator_id, t.tahun): t
        for t in Target.objects.filter(indikator__pemda_id=pemda_id, tahun__in=daftar_tahun)
        if t.indikator_id in pilih
    }
    baris_ind = [
        [ada[i.sasaran_id], i.kode, i.uraian, i.satuan, YA if i.iku else TIDAK, i.arah, i.agregasi,
         kode_ind.get(i.induk_indikator_id, ""), i.relasi_induk, YA if i.boleh_negatif else TIDAK,
         angka_sel(i.nilai_minimum), angka_sel(i.nilai_maksimum), i.versi]
        + [target_sel(target.get((i.pk, t))) for t in daftar_tahun]
        + [getattr(target.get((i.pk, t)), "versi", 0) for t in daftar_tahun]
        for i in indikator
    ]  # fmt: skip
    manual = ManualIK.objects.filter(indikator__pemda_id=pemda_id).order_by("indikator__kode")
    baris_manual = [[kode_ind[m.indikator_id]] + [getattr(m, f) for f in FIELD_MANUAL] + [m.versi]
                    for m in manual if m.indikator_id in pilih]  # fmt: skip
    anggaran = AnggaranSubKegiatan.objects.filter(pemda_id=pemda_id, tahun__in=daftar_tahun).order_by(
        "sasaran__kode", "tahun"
    )
    baris_ang = [[ada[a.sasaran_id], a.tahun] + [angka_sel(getattr(a, f)) for f in FIELD_ANGGARAN] + [a.versi]
                 for a in anggaran if a.sasaran_id in ada]  # fmt: skip
    return {"indikator": baris_ind, "manual": baris_manual, "anggaran": baris_ang}


def _sel(lembar, nilai, *, font=None, fill=None) -> WriteOnlyCell:
    sel = tulis_sel(WriteOnlyCell(lembar), nilai)
    if font is not None:
        sel.font = font
    if fill is not None:
        sel.fill = fill
    return sel


def _lembar(buku, nama: str, judul: str, kolom: list[Kolom], baris: list[list], baca: set[int]) -> None:
    """One data sheet: title, a note, the header on row BARIS_JUDUL, then the rows (read-only ones shaded)."""
    lembar = buku.create_sheet(nama)
    for i, k in enumerate(kolom):
        lembar.column_dimensions[_huruf(i)].width = k.lebar
    lembar.freeze_panes = f"C{BARIS_JUDUL + 1}"
    lembar.append([_sel(lembar, judul, font=Font(bold=True, size=13))])
    lembar.append([_sel(lembar, _("Lihat lembar Petunjuk. Judul kolom di baris %s jangan diubah.") % BARIS_JUDUL)])
    for _kosong in range(BARIS_JUDUL - 3):
        lembar.append([])
    lembar.append([_sel(lembar, k.judul, font=_JUDUL, fill=_LATAR_JUDUL) for k in kolom])
    for n, b in enumerate(baris):
        if n in baca:
            lembar.append([_sel(lembar, v, fill=_LATAR_BACA) for v in b])
        else:
            lembar.append([_sel(lembar, v) for v in b])


def _huruf(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i + 1)


PETUNJUK = [
    ("", "Pohon kinerja dalam satu buku kerja. Ubah atau tambah baris, lalu unggah kembali di menu Perencanaan → "
         "Pohon Kinerja → Impor Excel. Semua baris disimpan bersama, atau tidak sama sekali bila ada kesalahan."),
    ("", "Baris dicocokkan dengan kode: kode yang sudah ada diperbarui, kode baru ditambahkan. Impor tidak pernah "
         "menghapus simpul, indikator, target, manual, atau anggaran; sel target kosong membiarkan target lama."),
    ("", "Baris bertanda “Hanya Baca” = Ya (abu-abu) adalah simpul kota atau perangkat daerah lain di atas cabang "
         "Anda: boleh dibiarkan sebagai rujukan, tetapi tidak boleh diubah."),
    ("", "Kolom Versi (di semua lembar) dan Versi Target jangan diubah. Bila simpul, indikator, target, manual, atau "
         "anggaran sudah diubah di aplikasi setelah berkas ini diunduh, barisnya ditolak agar perubahan itu tidak "
         "tertimpa nilai lama: unduh ulang berkas lalu ulangi perubahan Anda. Untuk baris baru, biarkan Versi "
         "kosong."),
    ("", "Bila simpul berada pada RPJMD/Renstra/Renja yang sudah final, perubahan adalah revisi: isi alasan revisi "
         "di formulir impor. Target tahun yang Perjanjian Kinerjanya sudah ditetapkan hanya berubah lewat revisi PK."),
    (LEMBAR_SIMPUL, "Kode: kode unik simpul. Kode Induk: kode simpul di atasnya (kosong untuk akar). Tingkat: kode "
                    "tingkat (tujuan, sasaran_rpjmd, tematik, sasaran_strategis, sasaran_program, sasaran_kegiatan, "
                    "sub_kegiatan, rhk). Periode: mis. 2021–2026. Kode PD kosong untuk simpul kota; Nama PD hanya "
                    "keterangan. Kode Nomenklatur: kode program/kegiatan/sub kegiatan Kepmendagri sesuai tingkat."),
    (LEMBAR_INDIKATOR, "Kode Simpul: simpul pemilik indikator. IKU: Ya/Tidak. Arah: naik/turun. Agregasi: kumulatif, "
                       "akhir, atau rata_rata. Relasi dengan indikator induk: rumus, kontribusi, atau sama (diisi "
                       "bersama Kode Indikator Induk). Boleh Negatif: Ya/Tidak; Nilai Minimum/Maksimum: rentang sah. "
                       "Target per tahun: satu angka (87,25) atau rentang (70–80)."),
    (LEMBAR_MANUAL, "Satu baris per indikator. Jenis: input, output, outcome, atau impact. Periode Pelaporan: "
                    "bulanan, triwulanan, semesteran, atau tahunan."),
    (LEMBAR_ANGGARAN, "Satu baris per simpul sub kegiatan dan tahun: pagu (wajib) dan realisasi tiap triwulan "
                      "(belanja triwulan itu sendiri, bukan kumulatif). Angka tidak boleh negatif."),
]  # fmt: skip


def _petunjuk(buku, daftar_tahun: list[int]) -> None:
    lembar = buku.create_sheet(LEMBAR_PETUNJUK)
    lembar.column_dimensions["A"].width = 14
    lembar.column_dimensions["B"].width = 120
    lembar.append([_sel(lembar, _("Petunjuk impor pohon kinerja"), font=Font(bold=True, size=13))])
    lembar.append([_sel(lembar, ""), _sel(lembar, _("Tahun target: %s.") % ", ".join(map(str, daftar_tahun)))])
    for nama, teks in PETUNJUK:
        lembar.append([_sel(lembar, nama, font=Font(bold=True)), _sel(lembar, teks)])
