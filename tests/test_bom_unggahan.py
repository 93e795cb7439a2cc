"""Issue 11, point 9: decompression bombs on every upload path.

Evidence (`perangkat_daerah.berkas.jenis_bukti`, used by realisasi, jawaban and rekomendasi follow-up) and
Excel imports (`kinerja.excel.periksa_xlsx`, used by the realisasi and target import pages) both read zips
through `berkas.Arsip`. Archives are built here at run time, honest and lying (declared sizes patched in
the local header and the central directory), with every method zipfile writes, nested, encrypted and
overlapping. Limits are lowered by monkeypatch so the data stay small; the memory test runs the real
limits in a child process. Times are measured by `bench/unggah.py`, not asserted here.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluasi import services as ev_services
from evaluasi.models import Jawaban, Kriteria, Rekomendasi
from kinerja import excel
from kinerja.models import Realisasi, Target
from perangkat_daerah import berkas
from perangkat_daerah.berkas import Arsip, jenis_bukti
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final
from tests.kinerja.factories import buat_indikator, buat_target

AKAR = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024
METODE = {"stored": zipfile.ZIP_STORED, "deflate": zipfile.ZIP_DEFLATED, "bzip2": zipfile.ZIP_BZIP2,
          "lzma": zipfile.ZIP_LZMA}  # fmt: skip
DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}
XLSX = {"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}


# --- building archives -------------------------------------------------------------------------------


def buat_zip(anggota: dict[str, bytes], metode: int = zipfile.ZIP_DEFLATED) -> bytes:
    """An honest zip written by zipfile with one method for every member."""
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", compression=metode) as z:
        for nama, data in anggota.items():
            z.writestr(nama, data)
    return keluaran.getvalue()


def _rekaman_pusat(data: bytes) -> dict[str, int]:
    """Offset of each member's central-directory record, by name."""
    posisi = zipfile.ZipFile(io.BytesIO(data)).start_dir
    hasil = {}
    while data[posisi : posisi + 4] == b"PK\x01\x02":
        n, m, k = struct.unpack("<3H", data[posisi + 28 : posisi + 34])
        hasil[data[posisi + 46 : posisi + 46 + n].decode()] = posisi
        posisi += 46 + n + m + k
    return hasil


def tambal(data: bytes, nama: str, *, ukuran: int | None = None, bendera: int | None = None) -> bytes:
    """The archive with member `nama`'s declared uncompressed size (or general-purpose flags) patched in
    both its local header and its central-directory record, as a lying archive would have them."""
    keluar = bytearray(data)
    lokal = zipfile.ZipFile(io.BytesIO(data)).getinfo(nama).header_offset
    pusat = _rekaman_pusat(data)[nama]
    if ukuran is not None:
        keluar[lokal + 22 : lokal + 26] = keluar[pusat + 24 : pusat + 28] = struct.pack("<L", ukuran)
    if bendera is not None:
        keluar[lokal + 6 : lokal + 8] = keluar[pusat + 8 : pusat + 10] = struct.pack("<H", bendera)
    return bytes(keluar)


def nol_deflate(mib: int) -> tuple[bytes, int]:
    """A raw deflate stream of `mib` MiB of zeros (about 1 KB per MiB) and its CRC, made in milliseconds:
    after a full flush each MiB compresses to the same bytes, which are simply repeated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    nol = bytes(MIB)
    pertama = c.compress(nol) + c.flush(zlib.Z_FULL_FLUSH)
    ulang = c.compress(nol) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(nol, crc)
    return pertama + ulang * (mib - 1) + c.flush(), crc


def zip_mentah(anggota: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip written by hand from (name, compressed data, method, declared size, CRC) members."""
    isi, pusat = bytearray(), bytearray()
    for nama, data, metode, ukuran, crc in anggota:
        n, posisi = nama.encode(), len(isi)
        isi += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, metode, 0, 0x21, crc, len(data), ukuran, len(n), 0)
        isi += n + data
        pusat += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, metode, 0, 0x21, crc, len(data), ukuran, len(n), 0, 0, 0, 0, 0,
            posisi,
        ) + n  # fmt: skip
    akhir = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(anggota), len(anggota), len(pusat), len(isi), 0)
    return bytes(isi + pusat + akhir)


def bom(jalur: str, mib: int, *, bohong: bool, nama: str | None = None) -> bytes:
    """A docx (jalur "bukti") or xlsx ("impor") with a member of `mib` MiB of zeros, deflated, declaring
    either its true size or 100 bytes."""
    dasar = DOCX if jalur == "bukti" else XLSX
    data, crc = nol_deflate(mib)
    nama = nama or ("word/media/bom.bin" if jalur == "bukti" else "xl/media/bom.bin")
    anggota = [(n, isi, zipfile.ZIP_STORED, len(isi), zlib.crc32(isi)) for n, isi in dasar.items()]
    return zip_mentah([*anggota, (nama, data, zipfile.ZIP_DEFLATED, 100 if bohong else mib * MIB, crc)])


# --- the two paths -----------------------------------------------------------------------------------


def periksa(jalur: str, data: bytes) -> str:
    """Run one path's check; the refusal message, or "" when accepted."""
    try:
        if jalur == "bukti":
            jenis_bukti(SimpleUploadedFile("bukti.docx", data))
        else:
            excel.periksa_xlsx(data)
    except (ValidationError, excel.BerkasDitolak) as exc:
        return " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    return ""


def dokumen(jalur: str, tambahan: dict[str, bytes] | None = None, metode: int = zipfile.ZIP_DEFLATED) -> bytes:
    return buat_zip({**(DOCX if jalur == "bukti" else XLSX), **(tambahan or {})}, metode)


JALUR = ["bukti", "impor"]


@pytest.fixture
def batas_kecil(monkeypatch):
    """1 MiB inflated in total, on both paths."""
    monkeypatch.setattr(berkas, "BATAS_TERURAI", MIB)
    monkeypatch.setattr(excel, "BATAS_TERURAI", MIB)


@pytest.mark.parametrize("jalur", JALUR)
@pytest.mark.parametrize("metode", ["stored", "deflate"])
def test_honest_office_archive_is_accepted(jalur, metode):
    assert periksa(jalur, dokumen(jalur, {"x/a.bin": b"a" * 300_000}, METODE[metode])) == ""


@pytest.mark.parametrize("jalur", JALUR)
@pytest.mark.parametrize("metode", ["bzip2", "lzma"])
@pytest.mark.parametrize("bohong", [False, True], ids=["jujur", "bohong"])
def test_bzip2_and_lzma_are_refused_before_anything_is_inflated(jalur, metode, bohong):
    data = dokumen(jalur, {"x/a.bin": bytes(MIB)}, METODE[metode])
    if bohong:
        data = tambal(data, "x/a.bin", ukuran=100)
    assert f"metode kompresi {metode if metode == 'bzip2' else 'LZMA'} yang tidak didukung" in periksa(jalur, data)


@pytest.mark.parametrize("jalur", JALUR)
@pytest.mark.parametrize("metode", ["stored", "deflate"])
def test_member_inflating_past_its_declared_size_is_refused(jalur, metode):
    data = tambal(dokumen(jalur, {"x/a.bin": bytes(2 * MIB)}, METODE[metode]), "x/a.bin", ukuran=100)
    pesan = periksa(jalur, data)
    assert "bagian x/a.bin terurai lebih besar daripada ukuran yang dicantumkannya" in pesan
    assert "zip bomb" in pesan


@pytest.mark.parametrize("jalur", JALUR)
def test_member_inflating_to_less_than_declared_is_refused(jalur):
    data = tambal(dokumen(jalur, {"x/a.bin": bytes(1000)}), "x/a.bin", ukuran=5000)
    assert "bagian x/a.bin tidak utuh" in periksa(jalur, data)


@pytest.mark.parametrize("jalur", JALUR)
def test_lying_bomb_of_1_gib_is_refused_after_100_bytes(jalur):
    assert "zip bomb" in periksa(jalur, bom(jalur, 1024, bohong=True))


@pytest.mark.parametrize("jalur", JALUR)
def test_declared_total_over_the_limit_is_refused(jalur, batas_kecil):
    assert periksa(jalur, dokumen(jalur, {"x/a.bin": bytes(MIB // 2)})) == ""
    assert "batasnya 1 MiB (kemungkinan “zip bomb”)" in periksa(jalur, dokumen(jalur, {"x/a.bin": bytes(2 * MIB)}))


@pytest.mark.parametrize("jalur", JALUR)
def test_encrypted_member_is_refused(jalur):
    data = tambal(dokumen(jalur, {"x/a.bin": b"rahasia"}), "x/a.bin", bendera=0x1)
    assert "bagian yang dienkripsi (x/a.bin)" in periksa(jalur, data)


@pytest.mark.parametrize("jalur", JALUR)
def test_members_sharing_one_compressed_kernel_are_refused(jalur):
    """The overlapping-files bomb: many central-directory records point at the same data."""
    data = bytearray(dokumen(jalur, {"x/a.bin": bytes(1000), "x/b.bin": bytes(1000)}))
    pusat = _rekaman_pusat(bytes(data))
    data[pusat["x/b.bin"] + 42 : pusat["x/b.bin"] + 46] = data[pusat["x/a.bin"] + 42 : pusat["x/a.bin"] + 46]
    assert "saling tumpang tindih" in periksa(jalur, bytes(data))


@pytest.mark.parametrize("jalur", JALUR)
def test_more_than_1000_entries_are_refused(jalur):
    data = dokumen(jalur, {f"x/{i}.bin": b"" for i in range(1001)}, zipfile.ZIP_STORED)
    assert "berisi 1003 bagian; batasnya 1000" in periksa(jalur, data)


def test_evidence_accepts_a_docx_with_an_embedded_workbook():
    xlsx = buat_zip(XLSX)
    assert periksa("bukti", dokumen("bukti", {"word/embeddings/Microsoft_Excel_Worksheet.xlsx": xlsx})) == ""


def test_evidence_checks_the_archive_inside_a_member():
    dalam = tambal(buat_zip({**XLSX, "xl/a.bin": bytes(2 * MIB)}), "xl/a.bin", ukuran=100)
    pesan = periksa("bukti", dokumen("bukti", {"word/embeddings/lembar.xlsx": dalam}))
    assert "bagian xl/a.bin terurai lebih besar" in pesan


def test_evidence_nested_archives_share_one_budget(batas_kecil):
    dalam = buat_zip({"a.bin": bytes(600 * 1024)})
    satu = dokumen("bukti", {"word/embeddings/1.xlsx": dalam})
    dua = dokumen("bukti", {"word/embeddings/1.xlsx": dalam, "word/embeddings/2.xlsx": dalam})
    assert periksa("bukti", satu) == ""
    assert "Isi berkas bila diurai berukuran 0,6 MiB; batasnya 0,4 MiB" in periksa("bukti", dua)


def test_evidence_refuses_an_archive_two_levels_deep():
    dalam = buat_zip({"bom.zip": buat_zip({"a.bin": b"x"})})
    pesan = periksa("bukti", dokumen("bukti", {"word/embeddings/a.xlsx": dalam}))
    assert "arsip lain di dalamnya (bom.zip); arsip bersarang tidak diterima" in pesan


def test_import_refuses_any_archive_inside_the_workbook():
    pesan = periksa("impor", dokumen("impor", {"xl/embeddings/surat.docx": buat_zip(DOCX)}))
    assert "arsip lain di dalamnya (xl/embeddings/surat.docx)" in pesan


def test_odf_sniff_inflates_at_most_128_bytes_of_mimetype():
    data = buat_zip({"mimetype": b"application/vnd.oasis.opendocument.text" + bytes(4 * MIB)})
    arsip = Arsip(io.BytesIO(data))
    assert len(arsip.awal(arsip.anggota[0], 128)) <= 128


def test_odf_with_a_bomb_for_mimetype_is_refused(batas_kecil):
    data = buat_zip({"mimetype": b"application/vnd.oasis.opendocument.text" + bytes(2 * MIB)})
    assert "batasnya 1 MiB" in periksa("bukti", data)
    jujur = buat_zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<a/>"})
    assert jenis_bukti(SimpleUploadedFile("a.odt", jujur)).ekstensi == ".odt"


def test_import_refuses_a_sheet_spanning_more_cells_than_calamine_should_allocate(monkeypatch):
    """Two cells, at A1 and T101, in a few KB: calamine allocates the whole rectangle between them."""
    monkeypatch.setattr(excel, "BATAS_SEL", 2000)
    lembar = (
        b'<worksheet><sheetData><row r="1"><c r="A1"/></row><row r="101"><c r="T101"/></row></sheetData></worksheet>'
    )
    pesan = periksa("impor", dokumen("impor", {"xl/worksheets/sheet1.xml": lembar}))
    assert "Lembar kerja terlalu luas (sel T101; batasnya 2.000 sel" in pesan
    kecil = b'<worksheet><sheetData><row r="1"><c r="A1"/><c r="T1"/></row><row><c/></row></sheetData></worksheet>'
    assert periksa("impor", dokumen("impor", {"xl/worksheets/sheet1.xml": kecil})) == ""


# --- memory, with the real limits, in a child process ------------------------------------------------

_ANAK = """
import json, os, resource, sys
sys.path.insert(0, sys.argv[1])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.test")
import django
django.setup()
from tests.test_bom_unggahan import periksa
hasil = {}
for jalur, berkas in json.loads(sys.argv[2]):
    data = open(berkas, "rb").read()
    sebelum = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    pesan = periksa(jalur, data)
    hasil[berkas] = [(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - sebelum) / 1024, pesan]
print(json.dumps(hasil))
"""


def test_worst_bombs_keep_the_process_under_100_mib(tmp_path):
    """ru_maxrss is a peak, so each bomb's growth is measured over the peak of everything before it; the
    honest 190 MiB docx (accepted, inflated in full) comes last."""
    kasus = {
        "mimetype_1gib.odt": ("bukti", bom("bukti", 1024, bohong=False, nama="mimetype")),
        "bohong_1gib.docx": ("bukti", bom("bukti", 1024, bohong=True)),
        "bohong_1gib.xlsx": ("impor", bom("impor", 1024, bohong=True)),
        "bzip2.docx": ("bukti", dokumen("bukti", {"word/a.bin": bytes(16 * MIB)}, zipfile.ZIP_BZIP2)),
        "jujur_190mib.docx": ("bukti", bom("bukti", 190, bohong=False)),
    }
    daftar = []
    for nama, (jalur, data) in kasus.items():
        (tmp_path / nama).write_bytes(data)
        daftar.append((jalur, str(tmp_path / nama)))
    lingkungan = {**os.environ, "PYTHONPATH": str(AKAR)}
    keluar = subprocess.run(
        [sys.executable, "-c", _ANAK, str(AKAR), json.dumps(daftar)],
        capture_output=True, text=True, check=True, env=lingkungan, timeout=120,
    )  # fmt: skip
    hasil = {Path(k).name: v for k, v in json.loads(keluar.stdout.splitlines()[-1]).items()}
    for nama, (tumbuh, _pesan) in hasil.items():
        assert tumbuh < 100, (nama, tumbuh)
    assert "batasnya 200 MiB" in hasil["mimetype_1gib.odt"][1]
    assert "zip bomb" in hasil["bohong_1gib.docx"][1] and "zip bomb" in hasil["bohong_1gib.xlsx"][1]
    assert "tidak didukung" in hasil["bzip2.docx"][1]
    assert hasil["jujur_190mib.docx"][1] == ""


# --- every page that takes an upload answers with the message, never a 500 -----------------------------


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _bom_docx() -> SimpleUploadedFile:
    return SimpleUploadedFile("bukti.docx", bom("bukti", 1024, bohong=True), content_type="application/pdf")


@pytest.mark.django_db
def test_realisasi_page_refuses_a_bomb_with_400_and_saves_nothing(client, pemeran):
    ind = buat_indikator(pemeran.pd_a, kode="IK-BOM")
    buat_target(ind, 2025, nilai=80)
    client.force_login(pemeran.operator_a)
    isian = {f"versi-{ind.pk}": "", f"nilai-{ind.pk}": "80", "aksi": "simpan", f"bukti-{ind.pk}": _bom_docx()}
    resp = client.post(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/", isian)
    assert resp.status_code == 400
    assert "word/media/bom.bin terurai lebih besar" in _teks(resp)
    assert not Realisasi.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "peran"),
    [("/kinerja/realisasi/{pd}/2025/1/impor/", "operator_a"), ("/kinerja/target/impor/", "organisasi")],
)
def test_import_pages_refuse_a_bomb_with_400(client, pemeran, url, peran):
    client.force_login(getattr(pemeran, peran))
    berkas = SimpleUploadedFile("r.xlsx", bom("impor", 1024, bohong=True), content_type=excel.MIME_XLSX)
    resp = client.post(url.format(pd=pemeran.pd_a.pk), {"berkas": berkas})
    assert resp.status_code == 400
    assert "xl/media/bom.bin terurai lebih besar" in _teks(resp)
    assert not Realisasi.objects.exists() and not Target.objects.exists()


@pytest.mark.django_db
def test_self_assessment_evidence_bomb_is_refused_with_the_message(client, pemeran):
    """The sheet reports upload errors as a message after a redirect (its own design); no 500, no file."""
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1a.1")
    client.force_login(pemeran.operator_a)
    data = {"aksi": "simpan", f"bukti-{kr.pk}": _bom_docx()}
    for j in Jawaban.objects.filter(evaluasi=e):
        data |= {f"nilai-{j.kriteria_id}": j.nilai, f"versi-{j.kriteria_id}": str(j.versi)}
    resp = client.post(f"/evaluasi/{e.pk}/", data, follow=True)
    assert resp.status_code == 200
    assert "word/media/bom.bin terurai lebih besar" in _teks(resp)
    assert not Jawaban.objects.get(evaluasi=e, kriteria=kr).bukti


@pytest.mark.django_db
def test_recommendation_follow_up_bomb_is_refused_with_the_message(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[0])
    rek = ev_services.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="Susun pedoman", batas_waktu=datetime.date(2099, 1, 1)
    )
    client.force_login(pemeran.operator_a)
    isian = {"aksi": "tindak_lanjut", "versi": str(rek.versi), "tindak_lanjut": "Pedoman", "bukti": _bom_docx()}
    resp = client.post(f"/evaluasi/rekomendasi/{rek.pk}/", isian, follow=True)
    assert resp.status_code in (200, 400)
    assert "word/media/bom.bin terurai lebih besar" in _teks(resp)
    rek.refresh_from_db()
    assert not rek.bukti and rek.status == Rekomendasi.Status.BELUM
