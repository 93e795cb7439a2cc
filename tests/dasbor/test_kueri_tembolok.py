"""A fixed number of queries with 10 and with 80 PD, and a content cache that every write invalidates."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from evaluasi import services as ev_services
from evaluasi.models import Evaluasi, HasilEvaluasi, Rekomendasi
from evaluasi.selectors import instrumen_siap
from kinerja import services as ki_services
from kinerja.models import Indikator, Realisasi, Sasaran
from tests.dasbor.bantu import bagian
from tests.dasbor.data import buat_pd_banyak, isi_kota
from tests.evaluasi.factories import instrumen_a, instrumen_b

HALAMAN = ["/dasbor/pimpinan/", "/dasbor/organisasi/", "/dasbor/organisasi/?jenis=kecamatan&urut=internal&arah=turun"]


def _realisasi_per_pd(pds) -> None:
    """One indicator per PD with 2024 values in every state (bulk)."""
    sasaran = Sasaran.objects.bulk_create(
        Sasaran(pemda=pd.pemda, perangkat_daerah=pd, kode=f"S-{pd.kode}", uraian="s") for pd in pds
    )
    ind = Indikator.objects.bulk_create(
        Indikator(sasaran=s, pemda=s.pemda, perangkat_daerah=s.perangkat_daerah, kode=f"I-{s.kode}", uraian="i",
                  satuan="%")
        for s in sasaran
    )  # fmt: skip
    status = ["diverifikasi", "diajukan", "draf", "dikembalikan"]
    Realisasi.objects.bulk_create(
        Realisasi(indikator=i, tahun=2024, triwulan=tw, nilai=Decimal(tw), status=status[(tw + n) % 4])
        for n, i in enumerate(ind) for tw in (1, 2, 3, 4)
    )  # fmt: skip


@pytest.mark.parametrize("jumlah_pd", [10, 80])
def test_each_dashboard_uses_at_most_19_queries(pemeran, masuk, django_assert_max_num_queries, jumlah_pd):
    pds = buat_pd_banyak(pemeran.pemda, jumlah_pd)
    isi_kota(pemeran.pemda, pds)
    _realisasi_per_pd(pds)
    # The evaluasi engine adapter caches instruments per process (4 queries once per instrument version);
    # a running server has them after its first request.
    instrumen_siap(instrumen_a()), instrumen_siap(instrumen_b())
    c = masuk(pemeran.organisasi, 2024)
    for url in HALAMAN:
        # built, nothing cached yet: 15, 3 for the at-risk IKU (kinerja/selectors/proyeksi.iku_berisiko) and 1
        # for the quarters' deadlines (an overdue quarter is marked: kinerja/selectors/lengkap.py)
        with django_assert_max_num_queries(19):
            pertama = c.get(url)
        # cached: the user, and the user's scope with the pemda's fingerprint in one query; the session comes
        # from the cache (a third query when its entry is gone; its idle renewal writes at most once a minute)
        with django_assert_max_num_queries(3) as kueri:
            kedua = c.get(url)
        assert pertama.status_code == kedua.status_code == 200
        isi = [r.content.decode() for r in (pertama, kedua)]
        assert [h[h.index("<main") :] for h in isi[:1]] == [h[h.index("<main") :] for h in isi[1:]]
        assert [q["sql"].startswith("SELECT lingkup.*") for q in kueri.captured_queries].count(True) == 1


def _isi(c, url: str, id_: str) -> str:
    return bagian(c.get(url).content.decode(), id_)


def test_verifying_a_realisasi_updates_the_backlog_at_once(pemeran, masuk, kota):
    ind = Indikator.objects.create(
        sasaran=Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode="SX", uraian="s"),
        kode="IX", uraian="i", satuan="%",
    )  # fmt: skip
    r = Realisasi.objects.create(indikator=ind, tahun=2024, triwulan=1, nilai=Decimal(5), status="diajukan")
    c = masuk(pemeran.organisasi, 2024)
    assert "TW I 1 / 1 0 0 1 0 0 0" in _isi(c, "/dasbor/organisasi/", "kelengkapan")
    assert "TW I 1 / 1 0 0 1 0 0 0" in _isi(c, "/dasbor/organisasi/", "kelengkapan")  # cached
    ki_services.realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=pemeran.organisasi)
    assert "TW I 1 / 1 0 0 0 1 0 0" in _isi(c, "/dasbor/organisasi/", "kelengkapan")


def test_recording_an_official_result_updates_the_headline_at_once(pemeran, masuk, kota):
    c = masuk(pemeran.pimpinan, 2025)
    assert "69,04" in _isi(c, "/dasbor/pimpinan/", "skor-resmi")
    komponen = {"1": Decimal("22.00"), "2": Decimal("21.00"), "3": Decimal("10.50"), "4": Decimal("17.00")}
    ev_services.hasil_resmi_catat(
        oleh=pemeran.organisasi, tahun=2025, total=Decimal("70.50"), predikat="BB", nilai_komponen=komponen
    )
    kepala = _isi(c, "/dasbor/pimpinan/", "skor-resmi")
    assert "70,50 BB Sangat Baik" in kepala and "+1,46 dari 2024" in kepala


def test_a_recommendation_follow_up_verified_updates_the_counts_at_once(pemeran, masuk, kota):
    rek = Rekomendasi.objects.filter(pemda=pemeran.pemda, status="proses").first()
    c = masuk(pemeran.pimpinan)
    sebelum = _isi(c, "/dasbor/pimpinan/", "rekomendasi")
    selesai = Rekomendasi.objects.filter(pemda=pemeran.pemda, status="selesai").count()
    assert sebelum.endswith(f"{selesai} selesai")
    ev_services.rekomendasi_verifikasi(rekomendasi=rek, oleh=pemeran.organisasi, versi=rek.versi, diterima=True)
    assert _isi(c, "/dasbor/pimpinan/", "rekomendasi").endswith(f"{selesai + 1} selesai")


def test_a_new_evaluation_result_written_in_bulk_updates_the_pd_section(pemeran, masuk, kota):
    c = masuk(pemeran.pimpinan)
    assert "Dievaluasi final: 2 PD" in _isi(c, "/dasbor/pimpinan/", "pd")
    from tests.factories import buat_pd

    pd = buat_pd(pemeran.pemda, nama="Dinas C")
    e = Evaluasi.objects.create(instrumen=instrumen_b(), pemda=pemeran.pemda, perangkat_daerah=pd, tahun=2024,
                                jenis="internal", status="final")  # fmt: skip
    HasilEvaluasi.objects.bulk_create([HasilEvaluasi(evaluasi=e, total=Decimal("75.00"), predikat="BB",
                                       predikat_nama="Sangat Baik", instrumen_kode="x", instrumen_versi=1,
                                       skala_predikat_versi="v")])  # fmt: skip
    assert "Dievaluasi final: 3 PD" in _isi(c, "/dasbor/pimpinan/", "pd")


def test_an_admin_change_of_a_pd_updates_the_review_table_at_once(pemeran, masuk, kota):
    admin_client = masuk(pemeran.organisasi)
    assert "Dinas A" in _isi(admin_client, "/dasbor/organisasi/", "tabel-pd")
    from perangkat_daerah.services import potret, riwayat_catat

    # What the admin's change view does (perangkat_daerah/admin_dasar.py): save the row, write its history.
    pd = pemeran.pd_a
    sebelum = potret(pd)
    pd.nama = "Dinas Alfa"
    pd.save()
    riwayat_catat(obj=pd, pemda_id=pd.pemda_id, aksi="admin.ubah", oleh=pemeran.admin, sebelum=sebelum,
                  sesudah=potret(pd))  # fmt: skip
    assert "Dinas Alfa" in _isi(admin_client, "/dasbor/organisasi/", "tabel-pd")


def test_cached_content_expires_with_the_day(pemeran, masuk, kota, monkeypatch):
    from django.utils import timezone

    c = masuk(pemeran.pimpinan)
    terlambat = Rekomendasi.objects.filter(pemda=pemeran.pemda, status="belum").first()
    Rekomendasi.objects.filter(pk=terlambat.pk).update(batas_waktu=timezone.localdate() + datetime.timedelta(days=1))
    rek = Rekomendasi.objects.get(pk=terlambat.pk)
    assert rek.perangkat_daerah_id == pemeran.pd_a.pk  # its PD files the follow-up (issue 11 §17)
    ev_services.rekomendasi_tindak_lanjut(rekomendasi=rek, oleh=pemeran.operator_a, versi=rek.versi, tindak_lanjut="tl")
    sebelum = _isi(c, "/dasbor/pimpinan/", "rekomendasi")
    besok = timezone.localdate() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: besok)
    assert _isi(c, "/dasbor/pimpinan/", "rekomendasi") != sebelum  # one more overdue from tomorrow on
