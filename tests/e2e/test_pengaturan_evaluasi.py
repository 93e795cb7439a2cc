"""Bagian Organisasi switches the pemda to a lower-bound-inclusive predicate scale in one confirmed action
(issue 15 point 4); the page passes axe."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import periksa_aksesibilitas


def test_organisasi_switches_to_an_inclusive_scale_in_one_confirmed_action(masuk, aplikasi, foto, galat_konsol):
    page = masuk("organisasi")
    page.goto(aplikasi + "/evaluasi/kota/")
    page.get_by_role("link", name="Instrumen dan skala predikat").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaturan evaluasi pemda")
    expect(page.locator("#pilihan-sekarang")).to_contain_text("batas bawah eksklusif")
    assert periksa_aksesibilitas(page) == []
    foto("evaluasi-pengaturan")
    skala = page.get_by_label("Skala predikat")
    nilai = skala.locator("option", has_text="sebagai batas bawah inklusif").first.get_attribute("value")
    skala.select_option(nilai)
    page.get_by_role("button", name="Periksa perubahan").click()
    page.wait_for_load_state("networkidle")
    konfirmasi = page.locator("#konfirmasi-pengaturan")
    expect(konfirmasi).to_contain_text("batas bawah inklusif (70,00 → BB)")
    expect(konfirmasi).to_contain_text("tetap dengan nilai dan predikatnya")
    assert periksa_aksesibilitas(page) == []
    foto("evaluasi-pengaturan-konfirmasi")
    page.get_by_role("button", name="Ya, terapkan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".pesan-success").first).to_contain_text("Pengaturan evaluasi disimpan")
    expect(page.locator("#pilihan-sekarang")).to_contain_text("batas bawah inklusif: 70,00 → BB")
    foto("evaluasi-pengaturan-sesudah")
    assert galat_konsol == []
