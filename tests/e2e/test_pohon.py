"""Issue 13's acceptance, walked in a real browser on the demo city (Dinkes serves city sasaran K.S2):
Bagian Organisasi shows an evaluator the cascade from a city sasaran down to a budgeted sub kegiatan, the
quality flags and the kelengkapan cascading figure, and prints the tree; operator.dinkes sees their branch
under the city nodes, rejects the city's proposed branch with a note, accepts the crosscutting stunting node,
and gets 404 for a Disdik node."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from kinerja.demo_jam import jam_demo
from tests.e2e.conftest import pilih_tahun, tidak_gulir_samping

JAM = jam_demo()  # the demo's current year (kinerja/demo_jam.py), as the demo is built as of today

RANTAI = ["K.S2", "1.02.01.S1", "1.02.01.P1", "1.02.01.K1", "1.02.01.SK1"]


def test_organisasi_shows_the_cascade_with_budget_flags_and_kelengkapan_then_prints_it(
    masuk, aplikasi, foto, galat_konsol
):
    page = masuk("organisasi")
    page.goto(aplikasi + "/perencanaan/pohon/")
    pilih_tahun(page, str(JAM.tahun))
    expect(page.locator(".kelengkapan-pohon strong")).to_have_text(re.compile(r"^\d{1,3},\d{2}%$"))
    assert page.locator(".lencana-mutu").count() >= 5  # the demo's gaps, flagged inline on their nodes
    page.get_by_role("searchbox").fill("1.02.01.SK1")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_load_state("networkidle")
    pohon = page.locator("ul.pohon").first  # the root list (each node nests its own)
    for kode in RANTAI:  # the chain is open down to the match, each node with its level
        expect(pohon.locator(f"li.simpul:has(.kode:text-is('{kode}'))").first).to_be_visible()
    for tingkat in ("Sasaran RPJMD", "Sasaran Strategis", "Sasaran Program", "Sasaran Kegiatan", "Sub Kegiatan"):
        expect(pohon).to_contain_text(tingkat)
    sub = pohon.locator("li.simpul:has(.kode:text-is('1.02.01.SK1'))").last
    expect(sub.locator(".anggaran-simpul")).to_contain_text("pagu")
    expect(sub.locator(".anggaran-simpul")).to_contain_text("realisasi")
    expect(sub).to_contain_text("Jumlah Balita yang Mendapatkan Pelayanan Kesehatan Sesuai Standar")
    foto("pohon-organisasi")
    page.get_by_role("button", name="Cetak PDF").click()
    status = page.locator(".status-laporan progress")
    expect(status).to_have_attribute("value", "100", timeout=180_000)
    with page.expect_download() as unduhan:
        page.get_by_role("link", name=re.compile("Unduh")).click()
    assert unduhan.value.suggested_filename.startswith(f"Pohon-Kinerja-{JAM.tahun}")
    assert Path(unduhan.value.path()).read_bytes().startswith(b"%PDF")
    assert galat_konsol == []


def test_operator_dinkes_decides_the_proposal_and_the_invitation_and_cannot_reach_disdik(
    masuk, aplikasi, foto, galat_konsol
):
    page = masuk("operator.dinkes")
    page.goto(aplikasi + "/perencanaan/pohon/")
    pilih_tahun(page, str(JAM.tahun))
    pohon = page.locator("ul.pohon").first  # the root list (each node nests its own)
    expect(pohon).to_contain_text("1.02.01.S1")  # their branch
    expect(pohon).to_contain_text("K.S2")  # the city node above it
    expect(pohon).not_to_contain_text("1.01.01.S1")  # never Disdik's branch
    expect(pohon).not_to_contain_text("K.T1")  # the stunting node: only once Dinkes accepts
    # the city's proposed branch: refused with a note
    page.goto(aplikasi + "/perencanaan/usulan/")
    usulan = page.locator("li, tr").filter(has_text="1.02.01.S3").filter(has=page.get_by_role("button", name="Tolak"))
    usulan.get_by_label("Catatan (wajib bila ditolak)").fill("Gizi balita sudah di sasaran 1.02.01.S1.")
    usulan.get_by_role("button", name="Tolak").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("body")).to_contain_text("Gizi balita sudah di sasaran 1.02.01.S1.")
    # the crosscutting stunting node: accepted from the tree page, then shown in the branch
    page.goto(aplikasi + "/perencanaan/pohon/")
    undangan = page.locator(".undangan-lintas li").filter(has_text="K.T1")
    undangan.get_by_role("button", name="Setujui").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("ul.pohon").first).to_contain_text("K.T1")
    foto("pohon-dinkes")
    page.set_viewport_size({"width": 390, "height": 844})
    assert tidak_gulir_samping(page)
    page.set_viewport_size({"width": 1366, "height": 768})
    assert galat_konsol == []  # (the 404 below logs its own console line, by design)
    # a Disdik node by URL (its id read as Bagian Organisasi): not found, nor Disdik's branch page
    page = masuk("organisasi")
    page.goto(aplikasi + "/perencanaan/pohon/?cari=1.01.01.S1")
    disdik = page.locator("li.simpul:has(.kode:text-is('1.01.01.S1'))").first.get_attribute("id")
    simpul_id = int(disdik.removeprefix("simpul-"))
    page = masuk("operator.dinkes")
    assert page.goto(f"{aplikasi}/perencanaan/simpul/{simpul_id}/ubah/").status == 404
    expect(page.get_by_role("heading", name="Halaman tidak ditemukan")).to_be_visible()
