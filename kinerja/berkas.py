"""Uploaded evidence (bukti): size limit and the real type sniffed from the content, never from the name
or the browser's claim. Stored under random names in MEDIA_ROOT and served only through an
access-checked view."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

BATAS_BUKTI = 10 * 1024 * 1024  # 10 MiB


@dataclass(frozen=True)
class JenisBerkas:
    """A recognised evidence type: its extension and the content type it is served as."""

    ekstensi: str
    mime: str


PDF = JenisBerkas(".pdf", "application/pdf")
PNG = JenisBerkas(".png", "image/png")
JPEG = JenisBerkas(".jpg", "image/jpeg")
_OFFICE = {
    "word/": JenisBerkas(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xl/": JenisBerkas(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ppt/": JenisBerkas(".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
}


def _jenis_office(awal: bytes, berkas) -> JenisBerkas | None:
    if not awal.startswith(b"PK\x03\x04"):
        return None
    berkas.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(berkas.read())) as arsip:
            nama = arsip.namelist()
    except zipfile.BadZipFile:
        return None
    if "[Content_Types].xml" not in nama:
        return None
    for awalan, jenis in _OFFICE.items():
        if any(n.startswith(awalan) for n in nama):
            return jenis
    return None


def jenis_bukti(berkas) -> JenisBerkas:
    """The sniffed type of an uploaded evidence file; ValidationError (in Indonesian) when it is too big
    or not a PDF, PNG, JPEG or Office (docx/xlsx/pptx) document."""
    if berkas.size > BATAS_BUKTI:
        raise ValidationError(
            _("Berkas bukti “%(nama)s” berukuran %(mb).1f MiB; batasnya 10 MiB.")
            % {"nama": berkas.name, "mb": berkas.size / 1024 / 1024}
        )
    berkas.seek(0)
    awal = berkas.read(16)
    jenis = None
    if awal.startswith(b"%PDF-"):
        jenis = PDF
    elif awal.startswith(b"\x89PNG\r\n\x1a\n"):
        jenis = PNG
    elif awal.startswith(b"\xff\xd8\xff"):
        jenis = JPEG
    else:
        jenis = _jenis_office(awal, berkas)
    berkas.seek(0)
    if jenis is None:
        raise ValidationError(
            _(
                "Berkas bukti “%(nama)s” tidak dikenali. "
                "Unggah PDF, gambar PNG/JPEG, atau dokumen Word/Excel/PowerPoint."
            )
            % {"nama": berkas.name}
        )
    return jenis
