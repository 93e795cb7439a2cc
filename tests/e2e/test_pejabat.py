"""Issue 14's remainders in a real browser on the demo city: the officials' pages (Bagian Organisasi changes the
wali kota's name and sees the Inspektur; a PD operator fixes its kepala's NIP after an Indonesian refusal, and the
change is in the history), the batch's data check before generating, and the reviu page's statement preview that
names a finding instead of claiming a clean reviu. Each new page passes axe and does not scroll sideways on a
phone."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from kinerja.demo_jam import jam_demo
from tests.e2e.conftest import periksa_aksesibilitas, pilih_tahun, tidak_gulir_samping

JAM = jam_demo()  # the demo's years (kinerja/demo_jam.py), as the demo is built as of today
LALU = JAM.tahun_lalu  # complete, as the LKjIP journey (test_lkjip.py) reviews it


def _telepon_rapi(page) -> bool:
    page.set_viewport_size({"width": 390, "height": 844})
    rapi = tidak_gulir_samping(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    return rapi


def test_officials_pages(page, aplikasi, masuk, foto, galat_konsol):
    page = masuk("organisasi")
    page.goto(aplikasi + "/pd/kota/pejabat/")
    kepala = page.locator("section.blok-pejabat").first
    expect(kepala.locator(".pratinjau-ttd .jabatan")).to_have_text("Wali Kota Tangerang Selatan")
    expect(page.locator("#judul-inspektur")).to_contain_text("Inspektur")
    assert periksa_aksesibilitas(page) == []
    kepala.get_by_label("Nama (dengan gelar)").fill("H. Benyamin Davnie")
    kepala.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Data pejabat tersimpan.")).to_be_visible()
    expect(kepala.locator(".pratinjau-ttd .nama")).to_have_text("H. Benyamin Davnie")
    expect(kepala.locator("summary")).to_contain_text("Riwayat perubahan")
    foto("pejabat-kota")
    assert _telepon_rapi(page)

    page = masuk("operator.dinkes")
    page.goto(aplikasi + "/pd/saya/")
    page.get_by_role("link", name="Pejabat penanda tangan").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("NIP").fill("1970 0101 1995")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("#pd-nip-galat")).to_have_text("NIP harus terdiri dari 18 digit angka.")
    assert periksa_aksesibilitas(page) == []
    foto("pejabat-pd-galat")
    assert [g for g in galat_konsol if "400" not in g] == []  # (the refusal is a 400, which the console logs)
    galat_konsol.clear()
    page.get_by_label("NIP").fill("19700101 199503 1 001")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".pratinjau-ttd")).to_contain_text("NIP 197001011995031001")
    page.locator("main summary").click()
    expect(page.locator(".riwayat-pejabat")).to_contain_text("197001011995031001")
    foto("pejabat-pd")
    assert _telepon_rapi(page)
    assert galat_konsol == []


def test_batch_data_check_and_reviu_statement_preview(page, aplikasi, masuk, foto, galat_konsol):
    page = masuk("organisasi")
    page.goto(aplikasi + "/laporan/")
    pilih_tahun(page, str(JAM.tahun))  # the demo's current year is still being filled: gaps to show
    page.get_by_role("link", name="Periksa dahulu data semua PD yang belum lengkap").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", name="Kelengkapan data per perangkat daerah")).to_be_visible()
    expect(page.locator(".tabel-kelengkapan tbody tr")).to_have_count(38)
    kurang = page.locator(".tabel-kelengkapan tbody tr.baris-kurang")
    assert kurang.count() > 0
    expect(page.get_by_text(f"{kurang.count()} dari 38 perangkat daerah datanya belum lengkap")).to_be_visible()
    expect(kurang.first.locator(".daftar-kurang li").first).to_contain_text(str(JAM.tahun))
    assert periksa_aksesibilitas(page) == []
    foto("batch-periksa")
    assert _telepon_rapi(page)

    # Disdik: the LKjIP journey (test_lkjip.py) reviews Dinkes' previous year in the same session's database; a reviu
    # starts only once the LKjIP has a file, so Disdik's operator makes it first
    page = masuk("operator.disdik")
    page.goto(aplikasi + "/laporan/")
    pilih_tahun(page, str(LALU))
    page.get_by_role("button", name=f"Buat laporan tahun {LALU}", exact=True).click()
    page.wait_for_load_state("networkidle")
    if "belum lengkap" in page.get_by_role("heading", level=1).inner_text().lower():
        page.get_by_role("button", name=re.compile("Tetap buat laporan")).click()
    expect(page.locator(".status-laporan progress")).to_have_attribute("value", "100", timeout=120_000)

    page = masuk("inspektorat")
    page.goto(aplikasi + f"/laporan/reviu/?tahun={LALU}")
    page.get_by_role("link", name="Dinas Pendidikan dan Kebudayaan", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Mulai reviu").click()
    page.wait_for_load_state("networkidle")
    for butir in page.locator("fieldset[id^='butir-']").all():
        butir.get_by_label("Ya", exact=True).check()
    c4 = page.locator("#butir-C4")
    c4.get_by_label("Tidak", exact=True).check()
    c4.get_by_label("Catatan butir C4").fill("Bukti realisasi triwulan IV belum diunggah.")
    page.get_by_role("button", name="Simpan kertas kerja").click()
    page.wait_for_load_state("networkidle")
    pernyataan = page.locator("section.kartu", has=page.get_by_role("heading", name="Pernyataan Telah Direviu"))
    expect(pernyataan).to_contain_text("terdapat kondisi atau hal-hal")
    expect(pernyataan.locator(".temuan-reviu")).to_contain_text("Bukti realisasi triwulan IV belum diunggah.")
    expect(pernyataan.locator(".pratinjau-ttd .jabatan")).to_have_text("Inspektur")
    pernyataan.scroll_into_view_if_needed()
    foto("reviu-pernyataan-temuan")
    assert galat_konsol == []
