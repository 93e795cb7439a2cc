"""The LKjIP page's captions and analysis 4 (issue 14 point 12), read from the template rendered with a real
context: Bab III's tables and figures numbered on across Bab III A (per sasaran), B and C; a sasaran without
any recorded benchmark says so in one sentence instead of a table of "tidak tersedia pembanding" rows."""

from __future__ import annotations

import re
import subprocess

import lxml.html
import pytest
from django.template.loader import render_to_string

from laporan import konteks, services
from laporan.models import Laporan
from tests.laporan.test_analisis import rencana  # noqa: F401  (the small PD plan with all seven analyses)

pytestmark = pytest.mark.django_db
TEMPLATE = "laporan/pdf/lkjip.html"


def _data(p) -> dict:
    laporan = Laporan.objects.create(pemda=p.pemda, tahun=2024, jenis=Laporan.Jenis.LKJIP_PD,
                                     perangkat_daerah=p.pd_a, diminta_oleh=p.operator_a)  # fmt: skip
    data = konteks.konteks_lkjip(laporan)
    data["grafik"] = konteks.grafik_lkjip(data)
    return data


def _keterangan(data: dict) -> list[str]:
    akar = lxml.html.document_fromstring(render_to_string(TEMPLATE, data))
    return [" ".join(c.text_content().split()) for c in akar.iter("caption", "figcaption")]


def test_bab_iii_tables_and_figures_are_numbered_on_across_its_parts(rencana):  # noqa: F811
    bab3 = [k for k in _keterangan(_data(rencana)) if re.match(r"(Tabel|Gambar) 3\.", k)]
    assert [k.split(" ", 2)[:2] for k in bab3] == [
        ["Gambar", "3.1"],  # the capaian bars, then A.S1's six analysis tables
        *[["Tabel", f"3.{n}"] for n in range(1, 7)],
        ["Tabel", "3.7"],  # Bab III B's budget (no evaluation yet: III C has no table)
    ]
    assert bab3[1] == "Tabel 3.1 Target, realisasi dan capaian sasaran A.S1 tahun 2024"
    assert bab3[4] == "Tabel 3.4 Capaian sasaran A.S1 dibandingkan standar nasional atau provinsi"
    assert bab3[7] == "Tabel 3.7 Realisasi anggaran per program tahun 2024"


def test_a_sasaran_with_no_benchmark_at_all_gets_a_sentence_not_a_table(rencana):  # noqa: F811
    data = _data(rencana)
    for r in data["sasaran"][0]["analisis"]["pembanding"]:
        r["ada"] = False  # as if IK-1's national benchmark were not recorded
    keterangan = _keterangan(data)
    assert not any("standar nasional" in k for k in keterangan)
    assert "Tabel 3.4 Efisiensi penggunaan sumber daya sasaran A.S1" in keterangan  # the next one moves up
    html = render_to_string(TEMPLATE, data)
    assert "Belum ada standar nasional atau provinsi yang tercatat sebagai pembanding" in html


def test_every_running_header_stays_on_one_line(rencana, tmp_path):  # noqa: F811
    # "Lampiran 3: Indikator Kinerja Utama dan Manual Indikator" beside the report's title used to wrap both
    rencana.pd_a.nama = "Dinas Kependudukan dan Pencatatan Sipil"  # a real PD's name, as long as the city's title
    rencana.pd_a.save(update_fields=["nama"])
    laporan = Laporan.objects.create(pemda=rencana.pemda, tahun=2024, jenis=Laporan.Jenis.LKJIP_PD,
                                     perangkat_daerah=rencana.pd_a, diminta_oleh=rencana.operator_a)  # fmt: skip
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    pdf = tmp_path / "lkjip.pdf"
    pdf.write_bytes(laporan.berkas.open("rb").read())
    teks = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    halaman = [h.split("\n") for h in teks.split("\f") if h.strip()]
    lampiran3 = [h for h in halaman if any(b.startswith("Lampiran 3:") and ".." not in b for b in h[1:])]
    assert lampiran3 and "Lampiran 3:" in lampiran3[0][0]  # the chapter's running title is printed
    for h in halaman[2:]:  # past the cover and the first page (no running header there)
        assert h[1].strip() == "", h[:2]  # the line under the header is empty: nothing wrapped
