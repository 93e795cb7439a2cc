"""HTML + CSS → PDF bytes with WeasyPrint, behind a URL fetcher that allows only the app's own static files
and inline (data:) charts: no network, and no file:// outside the static folders."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

from sakip.lib.memori import gc_ditunda

from .sistem import masalah_pdf

BASE_URL = "sakip-static:/"


class PustakaPdfTidakTersedia(RuntimeError):
    """Pango is missing: rendering cannot start (the message names the Debian packages)."""


class UrlDitolak(ValueError):
    """The document asked for a resource outside the app's own static files."""


@dataclass(frozen=True, slots=True)
class HasilRender:
    """The rendered PDF and its page count."""

    pdf: bytes
    jumlah_halaman: int


def _berkas_statis(path: str) -> Path | None:
    relatif = path.removeprefix(settings.STATIC_URL).lstrip("/")
    if ".." in Path(relatif).parts:
        return None
    ditemukan = finders.find(relatif)
    return Path(ditemukan) if ditemukan else None


def _pengambil_kelas():
    """The fetcher class, built lazily so that importing this module never needs Pango."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class PengambilStatis(URLFetcher):
        """Serve `data:` URLs and the app's static files; refuse everything else (no network, no file://)."""

        def __init__(self):
            super().__init__(allowed_protocols=("data",), allow_redirects=False)

        def fetch(self, url, headers=None):
            path = url.removeprefix(BASE_URL.rstrip("/"))
            if path.startswith(settings.STATIC_URL):
                berkas = _berkas_statis(path)
                if berkas is None:
                    raise UrlDitolak(f"Berkas statis tidak ditemukan: {url}")
                mime, _ = mimetypes.guess_type(berkas.name)
                return URLFetcherResponse(
                    url, berkas.read_bytes(), {"Content-Type": mime or "application/octet-stream"}
                )
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise UrlDitolak(f"URL ditolak oleh pengambil URL laporan: {url}")

    return PengambilStatis


def url_fetcher():
    """A new fetcher that allows only the app's own static files and inline (data:) charts."""
    return _pengambil_kelas()()


def html_ke_pdf(html: str) -> HasilRender:
    """Render one HTML document to PDF. Relative URLs (e.g. /static/css/laporan-pdf.css) resolve to
    the app's static files only."""
    masalah = masalah_pdf()
    if masalah:
        raise PustakaPdfTidakTersedia(masalah)
    from weasyprint import HTML

    with gc_ditunda():
        dokumen = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render()
        hasil = HasilRender(pdf=dokumen.write_pdf(), jumlah_halaman=len(dokumen.pages))
        del dokumen  # before the collector resumes: its first pass then frees the layout instead of walking it
    return hasil
