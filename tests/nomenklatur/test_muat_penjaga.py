"""`manage.py muat_nomenklatur` reads an .xlsx only after THE shared upload guard (kinerja.excel.wajib_xlsx_aman,
issue 13 leftover): a hostile workbook (XML entities, a macro part, a zip of too many entries, an HTML page
named .xlsx) is refused in Indonesian before openpyxl opens it, and nothing is saved."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from nomenklatur.models import Nomenklatur
from tests.nomenklatur.test_muat import AWAL, K2021

pytestmark = pytest.mark.django_db

ENTITAS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">
<c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"""


def _lampiran() -> bytes:
    buku = Workbook()
    for baris in AWAL.strip().split("\n"):
        buku.active.append(baris.split(","))
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


def _ganti(data: bytes, **entri: bytes) -> bytes:
    """The workbook `data` with its parts `entri` (path with "/" written as "__") replaced or added."""
    asli = zipfile.ZipFile(io.BytesIO(data))
    isi = {n: asli.read(n) for n in asli.namelist()} | {k.replace("__", "/"): v for k, v in entri.items()}
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w", zipfile.ZIP_DEFLATED) as z:
        for nama, bagian in isi.items():
            z.writestr(nama, bagian)
    return keluaran.getvalue()


def _banyak_entri(data: bytes) -> bytes:
    return _ganti(data, **{f"xl__x{i}.bin": b"" for i in range(1001)})


@pytest.mark.parametrize(
    ("buat", "pesan"),
    [
        (lambda d: _ganti(d, **{"xl__worksheets__sheet1.xml": ENTITAS}), "deklarasi XML yang tidak diizinkan"),
        (lambda d: _ganti(d, **{"xl__vbaProject.bin": b"\0" * 64}), "makro"),
        (_banyak_entri, "bagian; batasnya 1000"),
        (lambda d: b"<html><body><table><tr><td>kode</td></tr></table></body></html>", "bukan berkas Excel"),
    ],
    ids=["entitas-xml", "makro", "entri-banyak", "html"],
)
def test_a_hostile_xlsx_is_refused_by_the_shared_guard_and_nothing_is_saved(tmp_path, buat, pesan):
    jalur = tmp_path / "lampiran.xlsx"
    jalur.write_bytes(buat(_lampiran()))
    with pytest.raises(CommandError, match=pesan):
        call_command("muat_nomenklatur", str(jalur), sumber=K2021, stdout=io.StringIO())
    assert not Nomenklatur.objects.exists()


def test_the_guard_lets_a_plain_lampiran_through(tmp_path):
    jalur = tmp_path / "lampiran.xlsx"
    jalur.write_bytes(_lampiran())
    call_command("muat_nomenklatur", str(jalur), sumber=K2021, stdout=io.StringIO())
    assert Nomenklatur.objects.count() == 6
