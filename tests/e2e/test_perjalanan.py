"""Journeys of real users in a real browser, with accessibility checks and screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import periksa_aksesibilitas, pilih_tahun, tidak_gulir_samping


def test_login_page_is_accessible_and_fits_a_phone(page, aplikasi, foto, galat_konsol):
    page.goto(aplikasi + "/masuk/")
    expect(page.get_by_role("heading", name="Masuk ke SAKIP Kota")).to_be_visible()
    assert periksa_aksesibilitas(page) == []
    foto("masuk")
    page.set_viewport_size({"width": 390, "height": 844})
    assert tidak_gulir_samping(page)
    assert galat_konsol == []


def test_wrong_password_shows_the_error_next_to_the_form(page, aplikasi):
    page.goto(aplikasi + "/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.dinkes")
    page.get_by_label("Kata sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("Nama pengguna atau kata sandi salah")


def test_operator_gets_not_found_for_another_pd_by_url(masuk, aplikasi, foto):
    page = masuk("operator.dinkes")
    page.goto(aplikasi + "/pd/")
    daftar = page.locator("table.tabel tbody tr")
    expect(daftar).to_have_count(1)
    expect(daftar.first).to_contain_text("Dinas Kesehatan")
    page.goto(aplikasi + "/pd/")
    href_sendiri = page.locator("table.tabel tbody a").first.get_attribute("href")
    lain = int(re.search(r"/pd/(\d+)/", href_sendiri).group(1)) + 1
    resp = page.goto(f"{aplikasi}/pd/{lain}/")
    assert resp.status == 404
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
    foto("tidak-ditemukan")


def test_year_selector_remembers_the_choice(masuk, aplikasi):
    page = masuk("walikota")
    page.goto(aplikasi + "/pd/")
    pilih_tahun(page, "2024")
    page.goto(aplikasi + "/laporan/")
    expect(page.get_by_label("Tahun", exact=True)).to_have_value("2024")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2024")


@pytest.mark.parametrize("username", ["walikota", "organisasi", "inspektorat", "admin", "operator.dinkes"])
def test_every_demo_login_reaches_a_page_without_console_errors(masuk, username, galat_konsol, foto):
    page = masuk(username)
    expect(page.locator("header.kepala")).to_contain_text("Kota Tangerang Selatan")
    foto(f"beranda-{username}")
    assert galat_konsol == []


@pytest.mark.parametrize("alamat", ["/laporan/", "/dasbor/pimpinan/", "/evaluasi/kota/"])
def test_pages_print_cleanly(masuk, aplikasi, alamat):
    page = masuk("walikota")
    page.goto(aplikasi + alamat)
    page.emulate_media(media="print")
    expect(page.locator("header.kepala")).to_be_hidden()
    expect(page.locator("footer.kaki")).to_be_hidden()
    expect(page.locator("main h1")).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
