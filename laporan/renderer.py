"""HTML + CSS → PDF bytes with WeasyPrint, behind a URL fetcher that allows only the app's own static files
and inline (data:) charts: no network, and no file:// outside the static folders. On Linux, in a process with
one thread (a Celery pool child), the render runs in a forked child that exits without freeing its layout."""

from __future__ import annotations

import contextlib
import gc
import mimetypes
import os
import pickle
import signal
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

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
    if sys.platform == "linux" and threading.active_count() == 1:  # fork only where no other thread holds a lock
        return _render_di_anak(html)
    with gc_ditunda():
        return _render(html)  # the layout is unreferenced before the collector resumes: freed, not walked


def _render(html: str) -> HasilRender:
    from weasyprint import HTML

    dokumen = HTML(string=html, base_url=BASE_URL, url_fetcher=url_fetcher()).render()
    return HasilRender(pdf=dokumen.write_pdf(), jumlah_halaman=len(dokumen.pages))


def _render_di_anak(html: str) -> HasilRender:
    """The render in a forked child, which sends the result back through a pipe and exits without freeing
    anything: WeasyPrint's boxes, styles and texts are held in reference cycles (~367,000 objects for a
    46-page LKjIP) that only the cyclic collector frees, some 15 % of a render's CPU (bench/laporan.py). The
    child starts with everything this process has loaded. Its error is raised here (its traceback as a note);
    a child that dies (killed, out of memory) is a RuntimeError; if this process is interrupted meanwhile (the
    task's soft time limit), the child is killed."""
    baca, tulis = os.pipe()
    pid = os.fork()
    if pid == 0:
        _anak(html, baca, tulis)
    os.close(tulis)
    try:
        with os.fdopen(baca, "rb") as pipa:
            data = pipa.read()
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        with contextlib.suppress(ChildProcessError):  # already reaped (SIGCHLD ignored)
            os.waitpid(pid, 0)
    if not data:
        raise RuntimeError(_("Proses pembuat PDF berhenti sebelum selesai (dihentikan atau kehabisan memori)."))
    berhasil, isi = pickle.loads(data)  # from our own child, through our own pipe
    if not berhasil:
        raise isi
    return isi


def _anak(html: str, baca: int, tulis: int) -> NoReturn:
    """The forked child: render, send (True, result) or (False, error) pickled, and leave at once: no
    collection, no freeing, no exit handlers (nothing of the parent's, such as its connections, is closed)."""
    kode = 1
    try:
        os.close(baca)
        gc.disable()
        try:
            hasil = (True, _render(html))
        except Exception as exc:
            exc.add_note(traceback.format_exc())
            hasil = (False, exc)
        try:
            data = pickle.dumps(hasil)
        except Exception:  # an error that does not pickle: its type and text
            data = pickle.dumps((False, RuntimeError(f"{type(hasil[1]).__name__}: {hasil[1]}")))
        with os.fdopen(tulis, "wb") as pipa:
            pipa.write(data)
        kode = 0
    finally:
        os._exit(kode)
