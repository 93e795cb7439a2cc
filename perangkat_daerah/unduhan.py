"""The one way an uploaded evidence file leaves the server (issue 12 point 5): always a download, never
shown inline, with the type recorded when it was stored (sniffed from its content) and `nosniff`, so a
browser cannot be talked into rendering an uploaded file as a page."""

from __future__ import annotations

from django.http import FileResponse


def unduhan_bukti(berkas, nama: str, jenis: str) -> FileResponse:
    """A download of the stored file `berkas` (a FieldFile) named `nama`, of the stored content type `jenis`
    (application/octet-stream when none was recorded)."""
    respons = FileResponse(berkas.open("rb"), as_attachment=True, filename=nama)
    respons["Content-Type"] = jenis or "application/octet-stream"
    respons["X-Content-Type-Options"] = "nosniff"
    return respons
