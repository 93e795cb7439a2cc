"""The public SAKIP page (issue 17 point 10): no login, only official results, final internal figures, verified
IKU and published LKjIP; nothing of a draft, a self-estimate, an unpublished document or another pemda."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi.models import Evaluasi, HasilEvaluasi
from kinerja.models import Indikator, Realisasi, Target
from laporan import terbit
from laporan.models import Laporan
from sakip.lib.angka import format_angka
from tests.dasbor.bantu import bagian, teks
from tests.dasbor.data import isi_kota
from tests.evaluasi.factories import instrumen_a
from tests.laporan.test_terbit import lkjip_selesai

pytestmark = pytest.mark.django_db


def _url(pemda) -> str:
    return f"/publik/{pemda.kode}/"


def _terbit(lap: Laporan) -> Laporan:
    Laporan.objects.filter(pk=lap.pk).update(terbit=True)
    return lap


def _resmi_lain(pemda, tahun: int, total: str, status=Evaluasi.Status.FINAL) -> Evaluasi:
    ins = instrumen_a()
    e = Evaluasi.objects.create(instrumen=ins, pemda=pemda, tahun=tahun, jenis=Evaluasi.Jenis.RESMI, status=status)
    HasilEvaluasi.objects.create(evaluasi=e, total=Decimal(total), predikat="C", predikat_nama="Kurang",
                                 nilai_komponen={}, instrumen_kode=ins.kode, instrumen_versi=ins.versi)  # fmt: skip
    return e


@pytest.fixture
def publik(pemeran, kota):
    """The cast's pemda with its data, one published and one unpublished LKjIP, and another pemda's data."""
    _terbit(lkjip_selesai(pemeran.pemda, nama_berkas="LKjIP-2024-Kota-Uji.pdf"))
    lkjip_selesai(pemeran.pemda, pemeran.pd_a, nama_berkas="LKjIP-rahasia-draf.pdf")
    _resmi_lain(pemeran.pemda, 2022, "55.55", status=Evaluasi.Status.DRAF)  # a draft "official" row
    _resmi_lain(pemeran.pemda_lain, 2021, "44.44")
    _terbit(lkjip_selesai(pemeran.pemda_lain, nama_berkas="LKjIP-Kabupaten-Lain.pdf"))
    return kota


def test_anonymous_reads_the_official_figures(client, pemeran, publik):
    resp = client.get(_url(pemeran.pemda))
    assert resp.status_code == 200
    html = resp.content.decode()
    resmi = bagian(html, "judul-resmi")
    assert "2024 69,04 B" in resmi and "2023 67,31 B" in resmi
    assert "Perencanaan Kinerja: 21,50 / 30,00" in resmi and "LHE LHE/2024" in resmi
    bb = bagian(html, "judul-bb")
    jumlah_bb = sum(1 for (t, _pd), h in publik.internal.items() if t == 2024 and h.predikat.kode in ("AA", "A", "BB"))
    assert f"{jumlah_bb} dari 2 perangkat daerah" in bb and "evaluasi internal tahun 2024" in bb
    iku = bagian(html, "judul-iku")
    assert "Indeks uji" in iku and "109,23% 2,36 / 2,6" in iku
    assert "LKjIP-2024-Kota-Uji.pdf" in bagian(html, "judul-dokumen")
    assert "Masuk (petugas)" in html and "Keluar" not in html  # the public layout, no logged-in menu


def test_nothing_unpublished_draft_internal_or_of_another_pemda_shows(client, pemeran, publik):
    isi = teks(client.get(_url(pemeran.pemda)).content.decode())
    mandiri = publik.mandiri_kota.hasil.total
    dilarang = [
        "LKjIP-rahasia-draf.pdf", "55,55", "2022",  # unpublished document, draft official row
        "44,44", "LKjIP-Kabupaten-Lain.pdf", pemeran.pemda_lain.nama,  # another pemda
        format_angka(mandiri), "mandiri", "Perkiraan",  # the city's self-estimate
        pemeran.pd_a.nama, pemeran.pd_b.nama,  # no PD internal results or self-assessments by name
        pemeran.organisasi.username, pemeran.pimpinan.username, " oleh ",  # no staff
    ]  # fmt: skip
    assert [d for d in dilarang if d in isi] == []
    for (_t, _pd), h in publik.internal.items():
        assert f" {format_angka(h.total)} " not in isi


def test_unverified_realisations_do_not_count(client, pemeran, publik):
    Realisasi.objects.filter(indikator=publik.iku, tahun=2024).update(nilai=Decimal("9.99"), status="diajukan")
    iku = bagian(client.get(_url(pemeran.pemda)).content.decode(), "judul-iku")
    assert "9,99" not in iku and "Belum diverifikasi" in iku


def test_the_public_download_serves_only_published_finished_lkjip_of_the_pemda(client, pemeran, publik):
    dokumen = {lap.nama_berkas: lap for lap in Laporan.objects.all()}
    lap = dokumen["LKjIP-2024-Kota-Uji.pdf"]
    resp = client.get(f"/publik/{pemeran.pemda.kode}/laporan/{lap.pk}/unduh/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content).startswith(b"%PDF")
    pk_terbit = _terbit(lkjip_selesai(pemeran.pemda, jenis="pk", nama_berkas="PK.pdf"))
    antri = Laporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pemda", tahun=2024, terbit=True)
    for x in (dokumen["LKjIP-rahasia-draf.pdf"], dokumen["LKjIP-Kabupaten-Lain.pdf"], pk_terbit, antri):
        assert client.get(f"/publik/{pemeran.pemda.kode}/laporan/{x.pk}/unduh/").status_code == 404, x.nama_berkas
    assert client.post(f"/publik/{pemeran.pemda.kode}/laporan/{lap.pk}/unduh/").status_code == 405


def test_publik_lists_the_pemda_or_shows_the_chosen_one(client, pemeran, publik, settings):
    html = client.get("/publik/").content.decode()
    assert f'href="/publik/{pemeran.pemda.kode}/"' in html and f'href="/publik/{pemeran.pemda_lain.kode}/"' in html
    settings.SAKIP_PEMDA_PUBLIK = pemeran.pemda.kode
    html = client.get("/publik/").content.decode()
    lap = Laporan.objects.get(nama_berkas="LKjIP-2024-Kota-Uji.pdf")
    assert "2024 69,04 B" in bagian(html, "judul-resmi") and f'href="/publik/laporan/{lap.pk}/unduh/"' in html
    assert client.get(f"/publik/laporan/{lap.pk}/unduh/").status_code == 200
    lain = Laporan.objects.get(nama_berkas="LKjIP-Kabupaten-Lain.pdf")
    assert client.get(f"/publik/laporan/{lain.pk}/unduh/").status_code == 404
    assert client.get("/publik/tidak-ada/").status_code == 404


def test_publishing_shows_at_once_despite_the_cache(client, pemeran, publik):
    assert "LKjIP-rahasia-draf.pdf" not in client.get(_url(pemeran.pemda)).content.decode()
    lap = Laporan.objects.get(nama_berkas="LKjIP-rahasia-draf.pdf")
    terbit.laporan_terbitkan(user=pemeran.organisasi, laporan=lap, terbit=True)
    assert "LKjIP-rahasia-draf.pdf" in client.get(_url(pemeran.pemda)).content.decode()
    terbit.laporan_terbitkan(user=pemeran.organisasi, laporan=lap, terbit=False)
    assert "LKjIP-rahasia-draf.pdf" not in client.get(_url(pemeran.pemda)).content.decode()


def _kueri(client, url: str) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_a_fixed_number_of_queries_whatever_the_data(client, pemeran, publik):
    url = _url(pemeran.pemda)
    awal = _kueri(client, url)
    for i in range(3):
        _terbit(lkjip_selesai(pemeran.pemda, pemeran.pd_b, nama_berkas=f"LKjIP-PD-{i}.pdf"))
        ind = Indikator.objects.create(sasaran=publik.iku.sasaran, pemda=pemeran.pemda, kode=f"IKU-X{i}",
                                       uraian=f"IKU tambahan {i}", satuan="%", iku=True)  # fmt: skip
        Target.objects.create(indikator=ind, tahun=2024, nilai=Decimal("80"))
        Realisasi.objects.create(indikator=ind, tahun=2024, triwulan=4, nilai=Decimal("70"), status="diverifikasi")
    _resmi_lain(pemeran.pemda, 2020, "60.00")
    isi_kota(pemeran.pemda_lain, [pemeran.pd_lain])
    assert _kueri(client, url) == awal
    with CaptureQueriesContext(connection) as q:  # cached: the fingerprint and the pemda only
        assert client.get(url).status_code == 200
    assert len(q) <= 2, [x["sql"] for x in q]
