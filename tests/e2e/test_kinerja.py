"""Journeys of the quarter: the Dinas Kesehatan operator enters and submits the due quarter of the current year,
Bagian Organisasi returns one indicator with a note and verifies the rest, and the operator sees the note."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from kinerja.demo_jam import jam_demo
from tests.e2e.conftest import periksa_aksesibilitas, pilih_tahun, tidak_gulir_samping

# the demo's current year and due quarter (kinerja/demo_jam.py): the demo is built as of today, Dinkes' due
# quarter holds two returned indicators and drafts
JAM = jam_demo()
TAHUN, TW = JAM.tahun, JAM.triwulan
ROMAWI = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _isi_input(page):
    nilai = page.locator("input[id^='nilai-']")
    jumlah = nilai.count()
    assert jumlah >= 2
    nilai.nth(0).fill("1.234,5")
    pertama = nilai.nth(0).get_attribute("id").removeprefix("nilai-")
    expect(page.locator(f"#capaian-{pertama}")).to_contain_text(re.compile(r"\d+,\d{2} ?%"), timeout=10_000)
    nilai.nth(1).fill("87,25")
    kedua = nilai.nth(1).get_attribute("id").removeprefix("nilai-")
    capaian = page.locator(f"#capaian-{kedua}")
    expect(capaian).to_contain_text(re.compile(r"\d+,\d{2} ?%"), timeout=10_000)
    expect(capaian.locator(".rumus")).to_contain_text("87,25")
    for i in range(2, jumlah):
        nilai.nth(i).fill(f"{60 + i},5")
    penjelasan = page.locator("textarea[id^='penjelasan-']")
    for i in range(penjelasan.count()):
        penjelasan.nth(i).fill("Sesuai laporan seksi; data dari SIMPUS.")
    return pertama


def test_operator_submits_quarter_and_verifier_returns_one_with_a_note(masuk, aplikasi, foto, galat_konsol):
    page = masuk("operator.dinkes")
    page.goto(aplikasi + "/kinerja/realisasi/")
    page.wait_for_load_state("networkidle")
    url_input = re.sub(r"/\d{4}/\d/$", f"/{TAHUN}/{TW}/", page.url)
    page.goto(url_input)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Triwulan {ROMAWI[TW]} {TAHUN}")
    assert periksa_aksesibilitas(page) == []
    pertama = _isi_input(page)
    foto("realisasi-input")
    page.get_by_role("button", name="Simpan draf").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".pesan-success")).to_be_visible()
    page.get_by_role("button", name=re.compile("Ajukan triwulan")).click()
    page.wait_for_load_state("networkidle")
    konfirmasi = page.locator("input[name='konfirmasi']")
    if konfirmasi.count():
        konfirmasi.check()
        page.get_by_role("button", name=re.compile("Ajukan triwulan")).click()
        page.wait_for_load_state("networkidle")
    expect(page.locator(".status-baris .status-diajukan").first).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert tidak_gulir_samping(page)
    # a submission refused for confirmation answers 400 with the form and its messages: not an error here
    assert [g for g in galat_konsol if "status of 400" not in g] == []

    page = masuk("organisasi")
    page.goto(aplikasi + "/kinerja/verifikasi/")
    pilih_tahun(page, str(TAHUN))
    baris = page.locator("tr", has_text="Dinas Kesehatan").filter(has_text=f"TW {ROMAWI[TW]}")
    baris.get_by_role("link", name="Periksa").click()
    page.wait_for_load_state("networkidle")
    keputusan = page.locator(f"input[name='keputusan-{pertama}'][value='kembalikan']")
    keputusan.check()
    page.locator(f"textarea[name='catatan-{pertama}']").fill("Lampirkan rekap puskesmas sebagai bukti.")
    radio = page.locator("input[type='radio'][value='verifikasi']")
    for i in range(radio.count()):
        if radio.nth(i).get_attribute("name") != f"keputusan-{pertama}":
            radio.nth(i).check()
    foto("verifikasi")
    # nothing irreversible on one click: the first opens the confirmation that says what becomes locked
    page.locator("summary", has_text="Simpan keputusan").click()
    expect(page.locator(".konfirmasi[open] .konfirmasi-isi")).to_contain_text("Indikator yang diverifikasi terkunci")
    page.get_by_role("button", name="Ya, simpan keputusan").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator(".pesan-error")).to_have_count(0)

    page = masuk("operator.dinkes")
    page.goto(url_input)
    expect(page.locator(".catatan-kembali")).to_contain_text("Lampirkan rekap puskesmas sebagai bukti.")
    expect(page.locator(".status-dikembalikan").first).to_be_visible()
    foto("realisasi-dikembalikan")
