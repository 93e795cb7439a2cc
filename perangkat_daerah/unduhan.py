"""The one way a stored file leaves the server (issue 12 point 5; issue 18 point 4): always a download through
a view that has already checked access, never shown inline, streamed by the app from the storage (the local
filesystem or the object store, sakip/settings/base.py `SAKIP_PENYIMPANAN`), never a redirect to a store URL.
Evidence carries the type recorded when it was stored (sniffed from its content) and `nosniff`, so a browser
cannot be talked into rendering an uploaded file as a page."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _


def unduhan_berkas(berkas, nama: str, jenis: str = "") -> FileResponse:
    """A download of the stored file `berkas` (a FieldFile) named `nama`, streamed in chunks from the storage;
    of type `jenis`, or the one its name implies when empty. A row whose file is gone from the storage is a 404
    that says so, never a server error."""
    aliran = getattr(berkas.storage, "buka_aliran", None)  # the object store: read as the body arrives
    try:
        isi, ukuran = aliran(berkas.name) if aliran else (berkas.open("rb"), None)
    except FileNotFoundError as exc:
        raise Http404(_("Berkas tidak ditemukan di penyimpanan.")) from exc
    respons = FileResponse(isi, as_attachment=True, filename=nama)
    if ukuran is not None:
        respons["Content-Length"] = str(ukuran)
    if jenis:
        respons["Content-Type"] = jenis
    respons["X-Content-Type-Options"] = "nosniff"
    return respons


def unduhan_bukti(berkas, nama: str, jenis: str) -> FileResponse:
    """An evidence file of the stored content type `jenis` (application/octet-stream when none was recorded)."""
    return unduhan_berkas(berkas, nama, jenis or "application/octet-stream")
