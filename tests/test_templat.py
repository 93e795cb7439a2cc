"""Template hygiene that holds for every page: ids never pass through the thousand separator (2.208 would
break a form field name or a link), and no template carries inline script, handler or style (CSP)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = sorted((Path(__file__).resolve().parent.parent / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_ids_are_unlocalized(path):
    assert re.findall(r"\{\{ *[a-z_.]*\.(?:pk|id) *\}\}", path.read_text()) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_no_inline_script_handler_or_style(path):
    teks = path.read_text()
    assert not re.search(r"<script(?![^>]*\b(src|type=\"application/json\")=?)[^>]*>", teks), "inline <script>"
    assert not re.search(r"\son[a-z]+=\"", teks), "inline event handler"
    # The PDF templates never reach a browser (WeasyPrint renders them on the server, fetching nothing), so the
    # CSP's ban on inline style does not apply there: a bar's width or a tick's place is data, written inline.
    if "pdf" not in path.relative_to(path.parents[1]).parts:
        assert not re.search(r"\sstyle=\"", teks), "inline style"


@pytest.mark.django_db
def test_large_ids_render_plainly(client, pemeran):
    from laporan.models import Laporan

    Laporan.objects.create(pk=12345, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=2026)
    client.force_login(pemeran.organisasi)
    client.post("/tahun/", {"tahun": "2026", "next": "/"})
    html = client.get("/laporan/").content.decode()
    assert 'id="status-12345"' in html and "12.345" not in html
