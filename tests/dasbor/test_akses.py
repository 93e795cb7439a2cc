"""Who reaches which dashboard: operators and other roles get 403, pimpinan only read, no pemda crossing."""

from __future__ import annotations

import re

import pytest

from tests.dasbor.data import isi_kota

URL = ["/dasbor/pimpinan/", "/dasbor/organisasi/", "/dasbor/organisasi/xlsx/"]


@pytest.mark.parametrize("url", URL)
def test_operator_and_kepala_pd_get_403_on_every_dashboard(pemeran, masuk, url):
    for user in (pemeran.operator_a, pemeran.kepala_a, pemeran.inspektorat):
        assert masuk(user).get(url).status_code == 403


@pytest.mark.parametrize("url", URL)
def test_anonymous_is_sent_to_login(client, url):
    r = client.get(url)
    assert r.status_code == 302 and r["Location"].startswith("/masuk/")


def test_pimpinan_sees_own_dashboard_but_not_the_review_one(pemeran, masuk):
    c = masuk(pemeran.pimpinan)
    assert c.get("/dasbor/pimpinan/").status_code == 200
    assert c.get("/dasbor/organisasi/").status_code == 403
    assert c.get("/dasbor/organisasi/xlsx/").status_code == 403


@pytest.mark.parametrize("peran", ["organisasi", "admin"])
def test_bagian_organisasi_and_admin_see_both(pemeran, masuk, peran):
    c = masuk(getattr(pemeran, peran))
    assert c.get("/dasbor/pimpinan/").status_code == 200
    assert c.get("/dasbor/organisasi/").status_code == 200


@pytest.fixture
def beranda_dasbor(monkeypatch):
    """The dashboards' home pages switched on (dasbor.navigasi.BERANDA_DASBOR)."""
    from dasbor import navigasi
    from perangkat_daerah.navigasi import _gabungan

    monkeypatch.setattr(navigasi, "BERANDA", navigasi.BERANDA_DASBOR)
    _gabungan.cache_clear()
    yield
    _gabungan.cache_clear()


def test_home_sends_each_deciding_role_to_its_dashboard(pemeran, masuk, beranda_dasbor):
    assert masuk(pemeran.pimpinan).get("/")["Location"] == "/dasbor/pimpinan/"
    assert masuk(pemeran.organisasi).get("/")["Location"] == "/dasbor/organisasi/"
    assert masuk(pemeran.admin).get("/")["Location"] == "/dasbor/organisasi/"


def test_dashboards_are_read_only(pemeran, masuk, kota):
    c = masuk(pemeran.pimpinan)
    assert c.post("/dasbor/pimpinan/").status_code == 405
    html = c.get("/dasbor/pimpinan/").content.decode()
    isi = html[html.index('<main id="isi"') : html.index("</main>")]
    assert not re.search(r"<form[^>]*method=\"post\"", isi, re.I)  # no write action on the page itself
    assert masuk(pemeran.organisasi).post("/dasbor/organisasi/").status_code == 405


def test_other_pemda_data_never_shows(pemeran, masuk, kota):
    isi_kota(pemeran.pemda_lain, [pemeran.pd_lain], resmi=False)
    html_lain = masuk(pemeran.pimpinan_lain).get("/dasbor/pimpinan/").content.decode()
    assert "69,04" not in html_lain and "Belum ada hasil resmi" in html_lain
    assert pemeran.pd_a.nama not in html_lain
    html = masuk(pemeran.pimpinan).get("/dasbor/pimpinan/").content.decode()
    assert pemeran.pd_lain.nama not in html and "69,04" in html


def test_review_table_lists_only_own_pemda_pd(pemeran, masuk, kota):
    isi_kota(pemeran.pemda_lain, [pemeran.pd_lain], resmi=False)
    html = masuk(pemeran.organisasi).get("/dasbor/organisasi/").content.decode()
    assert pemeran.pd_a.nama in html and pemeran.pd_b.nama in html
    assert pemeran.pd_lain.nama not in html


def test_menu_offers_dashboards_per_role(pemeran, masuk):
    html = masuk(pemeran.pimpinan).get("/dasbor/pimpinan/").content.decode()
    assert 'href="/dasbor/pimpinan/?tahun=' in html and 'href="/dasbor/organisasi/' not in html
    html = masuk(pemeran.organisasi).get("/dasbor/pimpinan/").content.decode()
    assert 'href="/dasbor/organisasi/?tahun=' in html


def test_templates_compute_nothing():
    """Views pass prepared values: no arithmetic or number formatting in the dashboard templates."""
    from pathlib import Path

    for berkas in Path("templates/dasbor").glob("*.html"):
        isi = berkas.read_text()
        for filter_hitung in ("|add", "|floatformat", "widthratio", "|divisibleby", "|length_is"):
            assert filter_hitung not in isi, (berkas, filter_hitung)
