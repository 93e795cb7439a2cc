"""The page of one LKjIP job (issue 14 polish): besides its progress, the reviu status of its document with a link
to the reviu page and whether this file carries the "Pernyataan Telah Direviu", and what the year's data lacks,
which marks the file "Data belum lengkap" (read from laporan/reviu.py and laporan/kelengkapan.py). Other kinds
show neither."""

from __future__ import annotations

import datetime
import html as html_lib
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kinerja.models import Anggaran
from laporan.models import Laporan
from laporan.models_reviu import Reviu
from tests.factories import buat_pd

pytestmark = pytest.mark.django_db
TAHUN = 2024


def _halaman(client, user, lap: Laporan) -> str:
    client.force_login(user)
    resp = client.get(f"/laporan/{lap.pk}/?tahun={TAHUN}")
    assert resp.status_code == 200
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", resp.content.decode())).split())


def _lkjip(pemeran, **kw) -> Laporan:
    return Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN,
                                  **kw)  # fmt: skip


def _selesai(pemeran, reviu: Reviu | None, *, jam_berkas: int) -> Laporan:
    """A finished LKjIP made at `jam_berkas` o'clock, the reviu (if any) last changed at 10 o'clock."""
    waktu = lambda jam: timezone.make_aware(datetime.datetime(2025, 3, 10, jam))  # noqa: E731
    if reviu is not None:
        Reviu.objects.filter(pk=reviu.pk).update(diubah_pada=waktu(10))
    return _lkjip(pemeran, status=Laporan.Status.SELESAI, selesai_pada=waktu(jam_berkas), progres=100)


def test_an_lkjip_without_reviu_and_budget_says_both(client, pemeran):
    teks = _halaman(client, pemeran.operator_a, _lkjip(pemeran))
    assert "Reviu dan kelengkapan data" in teks
    assert "Reviu Inspektorat Belum direviu" in teks
    assert "Pernyataan Telah Direviu tercetak pada LKjIP yang dibuat setelah Inspektorat menyelesaikan reviu" in teks
    assert "Kelengkapan data Data belum lengkap" in teks
    assert "Anggaran 2024 belum ada (1 perangkat daerah): Dinas A" in teks


def test_the_reviu_link_opens_the_documents_reviu_page_of_the_year(client, pemeran):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/laporan/{_lkjip(pemeran).pk}/?tahun={TAHUN}").content.decode()
    assert f'href="/laporan/reviu/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}">Buka halaman reviu</a>' in html
    kota = Laporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pemda", tahun=TAHUN)
    client.force_login(pemeran.organisasi)
    assert f'href="/laporan/reviu/kota/?tahun={TAHUN}">' in client.get(f"/laporan/{kota.pk}/").content.decode()


def test_complete_data_is_said_complete(client, pemeran):
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, pagu=1000, realisasi_t1=400)
    teks = _halaman(client, pemeran.operator_a, _lkjip(pemeran))
    assert "Kelengkapan data Lengkap Target, realisasi terverifikasi dan anggaran tahun ini tersedia" in teks
    assert "Data belum lengkap" not in teks


def test_a_file_made_after_the_completed_reviu_carries_the_statement_an_older_one_does_not(client, pemeran):
    reviu = Reviu.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                                 status=Reviu.Status.SELESAI, selesai_pada=datetime.date(2025, 3, 10))  # fmt: skip
    baru = _halaman(client, pemeran.operator_a, _selesai(pemeran, reviu, jam_berkas=11))
    assert "Reviu Inspektorat Selesai direviu pada 10 Maret 2025" in baru
    assert "Berkas ini memuat Pernyataan Telah Direviu." in baru and "dibuat sebelum reviu selesai" not in baru
    lama = _halaman(client, pemeran.operator_a, _selesai(pemeran, reviu, jam_berkas=9))
    assert "Berkas ini dibuat sebelum reviu selesai, sehingga belum memuat Pernyataan Telah Direviu" in lama
    assert "Berkas ini memuat" not in lama


def test_a_returned_reviu_is_shown_as_returned(client, pemeran):
    Reviu.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, tahun=TAHUN,
                         status=Reviu.Status.DIKEMBALIKAN)  # fmt: skip
    assert "Reviu Inspektorat Dikembalikan untuk perbaikan" in _halaman(client, pemeran.operator_a, _lkjip(pemeran))


def test_other_kinds_show_no_reviu_nor_completeness(client, pemeran):
    pk = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=TAHUN)
    teks = _halaman(client, pemeran.operator_a, pk)
    assert "Reviu" not in teks.replace("Reviu LKjIP", "") and "Kelengkapan data" not in teks


def test_the_city_lkjip_page_reads_in_a_fixed_number_of_queries(client, pemeran):
    kota = Laporan.objects.create(pemda=pemeran.pemda, jenis="lkjip_pemda", tahun=TAHUN)
    client.force_login(pemeran.organisasi)

    def hitung() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as q:
            teks = _halaman(client, pemeran.organisasi, kota)
        return len(q), teks

    dua, teks = hitung()
    assert "Anggaran 2024 belum ada (2 perangkat daerah)" in teks
    for n in range(3):
        buat_pd(pemeran.pemda, nama=f"Dinas Tambahan {n}")
    lima, teks = hitung()
    assert "Anggaran 2024 belum ada (5 perangkat daerah)" in teks
    assert lima == dua <= 16


def test_a_made_file_shows_the_gaps_it_printed_not_todays(client, pemeran):
    from laporan import services

    lap = _lkjip(pemeran, diminta_oleh=pemeran.operator_a)
    assert services.laporan_proses(lap.pk) == Laporan.Status.SELESAI  # made with no budget of the year
    lap.refresh_from_db()
    assert [b["judul"] for b in lap.kurang_tercetak] == ["Anggaran 2024 belum ada"]
    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, pagu=1000, realisasi_t1=400)  # complete now
    teks = _halaman(client, pemeran.operator_a, lap)
    assert "Kelengkapan data Data belum lengkap Berkas ini ditandai “Data belum lengkap”" in teks
    assert "Anggaran 2024 belum ada (1 perangkat daerah): Dinas A" in teks  # what the file holds
    assert "Keadaan data telah berubah sejak berkas ini dibuat" in teks
    assert "Menurut keadaan data ketika berkas dibuat" in teks


def test_a_complete_file_says_so_and_the_word_copy_stores_its_gaps_too(client, pemeran):
    from laporan.jenis import ambil

    Anggaran.objects.create(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, pagu=1000, realisasi_t1=400)
    lap = _lkjip(pemeran)
    assert ambil("lkjip_pd_docx").buat(lap, lambda p, s: None).kurang == []
    Laporan.objects.filter(pk=lap.pk).update(status=Laporan.Status.SELESAI, kurang_tercetak=[],
                                             selesai_pada=timezone.now())  # fmt: skip
    teks = _halaman(client, pemeran.operator_a, lap)
    assert "Kelengkapan data Lengkap Saat berkas ini dibuat" in teks and "telah berubah" not in teks


def test_a_file_made_before_the_gaps_were_stored_says_they_are_unknown(client, pemeran):
    lap = _selesai(pemeran, None, jam_berkas=9)  # as every row the migration carried: kurang_tercetak empty
    assert lap.kurang_tercetak is None
    teks = _halaman(client, pemeran.operator_a, lap)
    assert "Kelengkapan data saat berkas ini dibuat tidak diketahui" in teks
    assert "Keadaan data saat ini: Data belum lengkap" in teks
