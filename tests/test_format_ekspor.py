"""Hygiene of numbers in generated documents (issue 17 point 4), as tests/test_format_halaman.py checks pages:
the rendered PK and LKjIP PDFs (their text, by pdftotext) and the main Excel exports (cell values and number
formats) never write a count with ",00" (126.000,00 kunjungan) and write percentages one way ("87,25%", THE
format of sakip.lib.angka.format_persen; in a workbook, one percent number format)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from kinerja import services as kinerja_services
from kinerja.models import Anggaran, PerjanjianKinerja, Realisasi
from laporan import services
from laporan.models import Laporan
from sakip.lib.angka import SATUAN_CACAH
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
TAHUN = 2024
PERSEN_BERSPASI = re.compile(r"\d[ \u00a0\u202f]%")
CACAH_DESIMAL = re.compile(r"\d,00\s+(" + "|".join(sorted(SATUAN_CACAH)) + r")\b", re.IGNORECASE)
CACAH = (Decimal(126000), Decimal(31500), Decimal(63000), Decimal(94500))


@pytest.fixture
def data(pemeran):
    """PD A with a count (126.000 kunjungan a year, whole quarters) and a percentage with decimals (87,25%),
    realised in every quarter and verified, under a set PK with a budget."""
    kunjungan = buat_indikator(pemeran.pd_a, kode="IK-KUNJ", uraian="Jumlah kunjungan perpustakaan",
                               satuan="kunjungan", agregasi="kumulatif")  # fmt: skip
    persen = buat_indikator(pemeran.pd_a, kode="IK-PERS", uraian="Persentase layanan tepat waktu", satuan="%")
    buat_target(kunjungan, TAHUN, nilai=126000, t1=31500, t2=63000, t3=94500, t4=126000)
    buat_target(persen, TAHUN, nilai="87.25")
    for tw in (1, 2, 3, 4):
        buat_realisasi(kunjungan, TAHUN, tw, nilai=31500, status=Realisasi.Status.DIVERIFIKASI)
        buat_realisasi(persen, TAHUN, tw, nilai="87.25", status=Realisasi.Status.DIVERIFIKASI)
    PerjanjianKinerja.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN)
    kinerja_services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, oleh=pemeran.kepala_a)
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, pagu=1_000_000_000,
                            realisasi_t1=872_500_000)  # fmt: skip
    return pemeran


def _salah(teks: str) -> list[str]:
    return [m.group() for pola in (PERSEN_BERSPASI, CACAH_DESIMAL) for m in pola.finditer(teks)] + [
        t for t in ("126.000,00", "31.500,00", "94.500,00") if t in teks
    ]


def _teks_pdf(p, jenis: str, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext tidak ada (apt-get install poppler-utils)")
    laporan = Laporan.objects.create(pemda=p.pemda, tahun=TAHUN, jenis=jenis, perangkat_daerah=p.pd_a,
                                     diminta_oleh=p.operator_a)  # fmt: skip
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    pdf = tmp_path / f"{jenis}.pdf"
    pdf.write_bytes(laporan.berkas.open("rb").read())
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("jenis", ["pk", "lkjip_pd"])
def test_generated_pdfs_write_counts_whole_and_percentages_one_way(data, jenis, tmp_path):
    teks = _teks_pdf(data, jenis, tmp_path)
    assert "126.000" in teks  # the count is there to be checked
    assert "87,25%" in teks if jenis == "lkjip_pd" else "87,25" in teks  # the PK lists targets, no capaian
    assert _salah(teks) == []


def _buku(client, user, url: str):
    client.force_login(user)
    resp = client.get(url)
    assert resp.status_code == 200, url
    isi = b"".join(resp.streaming_content) if resp.streaming else resp.content
    return openpyxl.load_workbook(io.BytesIO(isi))


def _ekspor(p) -> list[tuple[object, str]]:
    return [
        (p.operator_a, reverse("kinerja:templat_realisasi", args=[p.pd_a.pk, TAHUN, 4])),
        (p.organisasi, reverse("kinerja:kelengkapan_xlsx", args=[TAHUN])),
        (p.operator_a, reverse("perencanaan:renja_e81", args=[p.pd_a.pk, TAHUN])),
        (p.organisasi, reverse("perencanaan:pohon_pd_xlsx", args=[p.pd_a.pk])),
        (p.organisasi, reverse("dasbor:organisasi_xlsx") + f"?tahun={TAHUN}"),
    ]


def test_excel_exports_write_counts_whole_and_percentages_one_way(client, data):
    gagal, format_persen, dilihat_cacah = [], set(), 0
    for user, url in _ekspor(data):
        buku = _buku(client, user, url)
        for ws in buku.worksheets:
            for baris in ws.iter_rows():
                for sel in baris:
                    v, fmt = sel.value, sel.number_format or "General"
                    if isinstance(v, str):
                        gagal += [(url, sel.coordinate, s) for s in _salah(v)]
                    elif isinstance(v, int | float | Decimal) and not isinstance(v, bool) and Decimal(str(v)) in CACAH:
                        dilihat_cacah += 1
                        if ".0" in fmt:  # a whole count shown with decimals: 126.000,00
                            gagal.append((url, sel.coordinate, v, fmt))
                    if "%" in fmt:
                        format_persen.add(fmt)
    assert gagal == []
    assert dilihat_cacah > 0  # the exports do hold the count
    assert len(format_persen) <= 1, format_persen


def _dalam_buku(buku, url: str) -> tuple[list, set]:
    gagal, format_persen = [], set()
    for ws in buku.worksheets:
        for baris in ws.iter_rows():
            for sel in baris:
                if isinstance(sel.value, str):
                    gagal += [(url, sel.coordinate, s) for s in _salah(sel.value)]
                if "%" in (sel.number_format or ""):
                    format_persen.add(sel.number_format)
    return gagal, format_persen


def test_the_lke_workbook_writes_percentages_one_way(data, django_capture_on_commit_callbacks):
    """The evaluation's worksheet (LKE) as Excel, made by the report pipeline like the PDFs."""
    from tests.evaluasi.factories import evaluasi_final

    e = evaluasi_final(data, pd=data.pd_a, tahun=TAHUN, pola=lambda kr: kr.pilihan[1])
    with django_capture_on_commit_callbacks(execute=False):
        laporan = services.laporan_minta(user=data.inspektorat, jenis="lke_xlsx", tahun=TAHUN, evaluasi_id=e.pk)
    assert services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    buku = openpyxl.load_workbook(io.BytesIO(laporan.berkas.open("rb").read()))
    gagal, format_persen = _dalam_buku(buku, "lke")
    assert gagal == []
    assert len(format_persen) <= 1, format_persen
    assert any(isinstance(c.value, float) for ws in buku.worksheets for r in ws.iter_rows() for c in r)
