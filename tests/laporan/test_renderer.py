"""The WeasyPrint render in a forked child (laporan/renderer.py): same PDF as in this process, its errors raised
here, a dying or interrupted child never left behind."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

import pytest

from laporan import renderer
from laporan.sistem import masalah_pdf

pytestmark = [
    pytest.mark.skipif(bool(masalah_pdf()), reason="Pango tidak tersedia"),
    pytest.mark.skipif(sys.platform != "linux", reason="render di proses anak hanya di Linux"),
]

HTML = """<!DOCTYPE html><html lang="id"><head><link rel="stylesheet" href="/static/css/laporan-pdf.css"></head>
<body><h1 class="tanpa-putus">Bab I</h1><table><tr><td>Indikator</td><td class="angka">104,99%</td></tr></table>
<h1>Bab II</h1><p>Halaman kedua.</p></body></html>"""


@pytest.fixture
def anak(monkeypatch):
    """The fork path taken whatever else runs in this test process (a browser test's live server leaves threads,
    a Celery fixture children), and the children the renderer forks recorded: `anak.tersisa()` asserts that each
    one has been reaped."""
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    dibuat = []
    fork_asli = os.fork

    def fork():
        pid = fork_asli()
        if pid:
            dibuat.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", fork)

    class Anak:
        pids = dibuat

        @staticmethod
        def tersisa():
            assert dibuat, "the renderer forked no child"
            for pid in dibuat:
                with pytest.raises(ChildProcessError):  # reaped: no such child any more
                    os.waitpid(pid, os.WNOHANG)

    return Anak


def test_render_in_child_gives_the_same_pdf_as_in_this_process(anak):
    dari_anak = renderer.html_ke_pdf(HTML)
    di_sini = renderer._render(HTML)
    assert dari_anak.jumlah_halaman == di_sini.jumlah_halaman == 2
    assert dari_anak.pdf.startswith(b"%PDF") and dari_anak.pdf == di_sini.pdf
    anak.tersisa()


def test_render_runs_in_another_process(monkeypatch, anak):
    monkeypatch.setattr(renderer, "_render", lambda html: renderer.HasilRender(str(os.getpid()).encode(), 1))
    assert int(renderer.html_ke_pdf(HTML).pdf) != os.getpid()
    anak.tersisa()


def test_another_thread_renders_in_this_process(monkeypatch):
    monkeypatch.setattr(renderer, "_render", lambda html: renderer.HasilRender(str(os.getpid()).encode(), 1))
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert int(renderer.html_ke_pdf(HTML).pdf) == os.getpid()


def test_error_in_child_is_raised_here_with_its_traceback(monkeypatch, anak):
    def rusak(html):
        raise ValueError("font rusak")

    monkeypatch.setattr(renderer, "_render", rusak)
    with pytest.raises(ValueError, match="font rusak") as galat:
        renderer.html_ke_pdf(HTML)
    assert "in rusak" in "".join(galat.value.__notes__)
    anak.tersisa()


def test_child_that_dies_is_a_readable_error(monkeypatch, anak):
    induk = os.getpid()
    monkeypatch.setattr(renderer, "_render", lambda html: os._exit(3) if os.getpid() != induk else None)
    with pytest.raises(RuntimeError, match="Proses pembuat PDF berhenti"):
        renderer.html_ke_pdf(HTML)
    anak.tersisa()


def test_interrupted_wait_kills_the_child(monkeypatch, anak):
    """As when the task's soft time limit fires while the child renders: the child does not run on."""
    monkeypatch.setattr(renderer, "_render", lambda html: time.sleep(30))

    def waktu_habis(signum, frame):
        raise TimeoutError("batas waktu")

    lama = signal.signal(signal.SIGALRM, waktu_habis)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.5)
        mulai = time.monotonic()
        with pytest.raises(TimeoutError):
            renderer.html_ke_pdf(HTML)
        assert time.monotonic() - mulai < 10
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, lama)
    anak.tersisa()
