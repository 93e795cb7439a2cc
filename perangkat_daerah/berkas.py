"""Evidence uploads (bukti), one check for every app: at most 10 MiB, and the type is read from the
content's magic bytes, never from the file name or the browser's claim. Files are stored under random names
(each model's upload_to) and served only by access-checked views."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BATAS_BUKTI = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class JenisBerkas:
    """A recognised evidence type: the extension it is stored with and the content type it is served as."""

    ekstensi: str
    mime: str


PDF = JenisBerkas(".pdf", "application/pdf")
PNG = JenisBerkas(".png", "image/png")
JPEG = JenisBerkas(".jpg", "image/jpeg")
OFFICE_LAMA = JenisBerkas(".doc", "application/x-ole-storage")  # .doc/.xls/.ppt share one container
_MAGIS = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OFFICE_LAMA),
)
_OOXML = {
    "word/": JenisBerkas(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": JenisBerkas(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": JenisBerkas(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}
_ODF = {
    b"application/vnd.oasis.opendocument.text": JenisBerkas(".odt", "application/vnd.oasis.opendocument.text"),
    b"application/vnd.oasis.opendocument.spreadsheet": JenisBerkas(
        ".ods", "application/vnd.oasis.opendocument.spreadsheet"
    ),
    b"application/vnd.oasis.opendocument.presentation": JenisBerkas(
        ".odp", "application/vnd.oasis.opendocument.presentation"
    ),
}


def _jenis_zip(berkas) -> JenisBerkas | None:
    """An Office Open XML or OpenDocument file is a zip with a telling member."""
    berkas.seek(0)
    try:
        with zipfile.ZipFile(berkas) as arsip:
            nama = arsip.namelist()
            if "mimetype" in nama:
                return _ODF.get(arsip.read("mimetype").strip())
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in nama:
        return None
    return next((jenis for awalan, jenis in _OOXML.items() if any(n.startswith(awalan) for n in nama)), None)


def jenis_bukti(berkas) -> JenisBerkas:
    """The sniffed type of an uploaded evidence file; ValidationError (Indonesian) when too big or unknown."""
    if berkas.size > BATAS_BUKTI:
        raise ValidationError(
            _("Berkas “%(nama)s” berukuran %(mb).1f MiB; batasnya 10 MiB.")
            % {"nama": berkas.name, "mb": berkas.size / 1024 / 1024}
        )
    berkas.seek(0)
    awal = berkas.read(16)
    jenis = next((j for magis, j in _MAGIS if awal.startswith(magis)), None)
    if jenis is None and awal.startswith(b"PK\x03\x04"):
        jenis = _jenis_zip(berkas)
    berkas.seek(0)
    if jenis is None:
        raise ValidationError(
            _("Berkas “%(nama)s” tidak dikenali. Unggah PDF, gambar PNG/JPEG, atau dokumen Office.")
            % {"nama": berkas.name}
        )
    return jenis
