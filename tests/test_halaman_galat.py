"""Every error page in Indonesian, with a way back (issue 17 point 7); debug pages only on request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.views.defaults import bad_request, permission_denied, server_error

ROOT = Path(__file__).resolve().parent.parent
BERANDA = 'href="/"'

_PERIKSA_LOKAL = """
from django.conf import settings
from django.test import Client
k = Client(HTTP_HOST="127.0.0.1")
halaman = k.get("/alamat-salah-ketik/")
css = k.get("/static/css/sakip.css")
print(settings.DEBUG, halaman.status_code, "Halaman tidak ditemukan" in halaman.content.decode(), css.status_code)
"""


def _lokal(**env: str) -> str:
    lingkungan = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    lingkungan.update(DJANGO_SETTINGS_MODULE="sakip.settings.local", **env)
    hasil = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", _PERIKSA_LOKAL],
        cwd=ROOT, env=lingkungan, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    return hasil.stdout.strip().splitlines()[-1]


def test_make_run_settings_serve_the_indonesian_404_and_static_files_without_debug():
    assert _lokal() == "False 404 True 200"


def test_debug_pages_are_opt_in():
    assert _lokal(DJANGO_DEBUG="true").startswith("True 404 False")


@pytest.mark.django_db
def test_a_mistyped_address_shows_the_indonesian_404_with_a_way_back(client):
    respons = client.get("/kinerja/tidak-ada/")
    html = respons.content.decode()
    assert respons.status_code == 404
    assert "Halaman tidak ditemukan" in html and BERANDA in html
    assert "Page not found" not in html and "URLconf" not in html


@pytest.mark.django_db
def test_a_stale_form_shows_the_indonesian_csrf_page():
    respons = Client(enforce_csrf_checks=True).post("/masuk/", {"username": "x", "password": "y"})
    html = respons.content.decode()
    assert respons.status_code == 403
    assert "Formulir tidak dapat dikirim" in html and "belum tersimpan" in html and BERANDA in html
    assert "CSRF verification failed" not in html


def test_server_error_and_bad_request_pages_are_indonesian(rf):
    galat = server_error(rf.get("/"))
    buruk = bad_request(rf.get("/"), Exception())
    assert galat.status_code == 500 and "Terjadi kesalahan pada server" in galat.content.decode()
    assert buruk.status_code == 400 and "Permintaan tidak dapat diproses" in buruk.content.decode()
    assert BERANDA in galat.content.decode() and BERANDA in buruk.content.decode()


@pytest.mark.django_db
def test_permission_denied_page_is_indonesian(rf, pemeran):
    permintaan = rf.get("/")
    permintaan.user = pemeran.operator_a
    respons = permission_denied(permintaan, PermissionDenied())
    html = respons.content.decode()
    assert respons.status_code == 403 and "Akses ditolak" in html and BERANDA in html
