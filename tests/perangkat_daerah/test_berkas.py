"""The shared evidence check: size limit and the type sniffed from the content, not the name."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from perangkat_daerah.berkas import BATAS_BUKTI, jenis_bukti


def _zip(isi: dict[str, bytes]) -> bytes:
    keluaran = io.BytesIO()
    with zipfile.ZipFile(keluaran, "w") as z:
        for nama, data in isi.items():
            z.writestr(nama, data)
    return keluaran.getvalue()


@pytest.mark.parametrize(
    ("nama", "isi", "ekstensi"),
    [
        ("laporan.pdf", b"%PDF-1.7\n...", ".pdf"),
        ("foto.bin", b"\x89PNG\r\n\x1a\n....", ".png"),
        ("foto.pdf", b"\xff\xd8\xff\xe0....", ".jpg"),
        ("surat.docx", _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<x/>"}), ".docx"),
        ("tabel.ods", _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), ".ods"),
    ],
)
def test_known_types_are_recognised_by_content(nama, isi, ekstensi):
    assert jenis_bukti(SimpleUploadedFile(nama, isi)).ekstensi == ekstensi


@pytest.mark.parametrize(
    "isi",
    [b"<html><script>alert(1)</script></html>", _zip({"a.txt": b"x"}), b"MZ\x90\x00 executable", b""],
)
def test_other_content_is_refused_whatever_the_name(isi):
    with pytest.raises(ValidationError, match="tidak dikenali"):
        jenis_bukti(SimpleUploadedFile("bukti.pdf", isi))


def test_files_over_10_mib_are_refused():
    with pytest.raises(ValidationError, match="batasnya 10 MiB"):
        jenis_bukti(SimpleUploadedFile("besar.pdf", b"%PDF-" + b"0" * BATAS_BUKTI))
