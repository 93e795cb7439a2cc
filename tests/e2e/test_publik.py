"""The public SAKIP page in a real browser (issue 17 point 10): without login, at phone size, nothing scrolls
sideways outside the tables' own regions and axe-core finds no serious or critical violation."""

from __future__ import annotations

from tests.e2e.conftest import periksa_aksesibilitas, tidak_gulir_samping

PONSEL = {"width": 390, "height": 844}
KODE_DEMO = "kota-tangerang-selatan"


def test_the_public_page_fits_a_phone_and_passes_axe(page, aplikasi, foto):
    page.context.clear_cookies()
    page.set_viewport_size(PONSEL)
    for jalur in ("/publik/", f"/publik/{KODE_DEMO}/"):
        resp = page.goto(aplikasi + jalur)
        assert resp.status == 200, jalur
        assert "/masuk/" not in page.url
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390, jalur
        assert tidak_gulir_samping(page), jalur
        assert periksa_aksesibilitas(page) == [], jalur
    assert page.get_by_role("heading", name="Nilai SAKIP resmi per tahun").is_visible()
    assert page.get_by_role("link", name="Keluar").count() == 0
    foto("publik")
