"""Issue 15 point 2 acceptance on the demo city: the Dinas Kesehatan worksheet shows, beside its criteria, facts
from the product such as "Indikator dengan manual IK final: 0 dari 2" (its IKU document is still a draft) with
a link to the page that proves it, and the result page lists the criteria the data says are short."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from kinerja.demo_jam import jam_demo
from tests.e2e.conftest import periksa_aksesibilitas, pilih_tahun

JAM = jam_demo()  # the demo's current year (kinerja/demo_jam.py), as the demo is built as of today


def test_dinkes_worksheet_shows_facts_beside_its_criteria_with_links(masuk, aplikasi, foto, galat_konsol):
    page = masuk("operator.dinkes")
    page.goto(aplikasi + "/evaluasi/")
    pilih_tahun(page, str(JAM.tahun))
    baris = page.locator("tr", has_text="Dinas Kesehatan").filter(has_text="Penilaian mandiri")
    baris.get_by_role("link", name="Lembar kerja").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Dinas Kesehatan {JAM.tahun}")
    iku = page.locator("#kr-1b\\.6 .fakta-daftar")  # in the first tab, open on arrival
    expect(iku).to_contain_text(re.compile(r"Indikator dengan manual IK final: \d+ dari \d+ \(\d+,\d{2}%\)"))
    expect(iku).to_contain_text("IKU periode {}–{}".format(*JAM.periode))
    cascading = page.locator("#kr-1b\\.8 .fakta-daftar")
    expect(cascading).to_contain_text(re.compile(r"Kelengkapan cascading pohon kinerja: \d+ dari \d+ butir lolos"))
    expect(cascading).to_contain_text("Sasaran strategis PD yang selaras dengan sasaran kota")
    assert page.locator(".fakta-daftar").count() >= 10
    foto("evaluasi-fakta")
    assert periksa_aksesibilitas(page) == []
    iku.get_by_role("link", name="lihat data").click()  # the page that proves it
    page.wait_for_load_state("networkidle")
    assert re.search(rf"/perencanaan/iku/pd/\d+/\?tahun={JAM.tahun}$", page.url)
    expect(page.locator("main")).to_contain_text("Angka kematian ibu")
    page.go_back()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name=re.compile("Lihat hasil")).click()
    page.wait_for_load_state("networkidle")
    daftar = page.locator("#perbaikan-fakta")
    expect(daftar.get_by_role("heading")).to_have_text("Yang perlu diperbaiki menurut data SAKIP Kota")
    expect(daftar).to_contain_text("Indikator dengan manual IK final")
    foto("evaluasi-fakta-perbaikan")
    assert galat_konsol == []
