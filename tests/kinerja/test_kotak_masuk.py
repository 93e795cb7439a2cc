"""The verification inbox shows the backlog of every year, oldest first, grouped by year (issue 11 point 4)."""

from __future__ import annotations

import re

import pytest

from kinerja.selectors.kotak_masuk import kotak_verifikasi
from tests.factories import buat_pd
from tests.kinerja.factories import buat_indikator, buat_realisasi

pytestmark = pytest.mark.django_db


def _ajukan(pd, tahun: int, triwulan: int, *, n: int = 1, terlambat: int = 0) -> None:
    """`n` submitted rows of `pd` for a quarter, the first `terlambat` of them late."""
    for i in range(n):
        ind = buat_indikator(pd)
        buat_realisasi(ind, tahun, triwulan, nilai=1, status="diajukan", terlambat=i < terlambat)


def _teks(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_new_year_still_shows_last_years_waiting_quarters_oldest_first(client, pemeran):
    _ajukan(pemeran.pd_b, 2026, 1)
    _ajukan(pemeran.pd_a, 2025, 3, n=2, terlambat=2)
    _ajukan(pemeran.pd_b, 2025, 2)
    _ajukan(pemeran.pd_a, 2024, 4, n=1, terlambat=1)
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/?tahun=2026").content.decode()
    isi = _teks(html)
    assert "Tidak ada realisasi yang menunggu" not in isi
    urutan = [isi.index(f"Tahun {t}") for t in (2024, 2025, 2026)]
    assert urutan == sorted(urutan)
    assert "Tahun 2025 · 2 triwulan menunggu · 1 dengan pengajuan terlambat" in isi
    assert "Tahun 2026 · 1 triwulan menunggu" in isi and "Tahun 2026 · 1 triwulan menunggu ·" not in isi
    tahun_2025 = isi[isi.index("Tahun 2025") : isi.index("Tahun 2026")]
    assert tahun_2025.index("TW II 2025") < tahun_2025.index("TW III 2025")
    assert "2 terlambat" in tahun_2025
    assert f'href="/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/3/"' in html
    assert f'href="/kinerja/verifikasi/{pemeran.pd_a.pk}/2024/4/"' in html


def test_the_inbox_shows_no_other_pemdas_submissions(client, pemeran):
    _ajukan(pemeran.pd_lain, 2025, 1)
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/").content.decode()
    assert pemeran.pd_lain.nama not in html
    assert "Tidak ada realisasi yang menunggu verifikasi, dari tahun mana pun." in _teks(html)


def test_pd_staff_cannot_open_the_inbox(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get("/kinerja/verifikasi/").status_code == 403


def test_inbox_reads_every_year_in_a_fixed_number_of_queries(pemeran, django_assert_num_queries):
    daftar_pd = [buat_pd(pemeran.pemda, nama=f"Dinas Uji {i}") for i in range(12)]
    for i, pd in enumerate(daftar_pd):
        for tahun in (2023, 2024, 2025, 2026):
            _ajukan(pd, tahun, 1 + (i % 4), terlambat=i % 2)
    with django_assert_num_queries(3):  # the user's profile (scope), the backlog, its PD
        per_tahun = kotak_verifikasi(user=pemeran.organisasi)
        [k.perangkat_daerah.kode for kelompok in per_tahun for k in kelompok.baris]
    assert [k.tahun for k in per_tahun] == [2023, 2024, 2025, 2026]
    assert all(k.jumlah == 12 and k.terlambat == 6 for k in per_tahun)


def test_inbox_page_query_count_does_not_grow_with_the_backlog(client, pemeran):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(pemeran.organisasi)
    _ajukan(pemeran.pd_a, 2025, 1)
    with CaptureQueriesContext(connection) as sedikit:
        assert client.get("/kinerja/verifikasi/").status_code == 200
    for i in range(10):
        pd = buat_pd(pemeran.pemda, nama=f"Dinas Tambahan {i}")
        for tahun in (2023, 2024):
            _ajukan(pd, tahun, 2, terlambat=1)
    with CaptureQueriesContext(connection) as banyak:
        assert client.get("/kinerja/verifikasi/").status_code == 200
    assert len(banyak) == len(sedikit)


def test_a_waiting_quarter_past_its_deadline_with_unsubmitted_indicators_is_marked_terlambat(client, pemeran):
    """The input page's overdue rule (`SelKelengkapan.lewat_tenggat`) in the inbox: A's 2024 TW IV and B's
    2025 TW I are past their deadline, A still has a draft there (Terlambat), B submitted everything (not);
    A's 2025 TW II has a draft but its deadline has not passed (not)."""
    import datetime

    from kinerja.models import KunciTriwulan

    kemarin, besok = datetime.date.today() - datetime.timedelta(days=1), datetime.date.today() + datetime.timedelta(1)
    for tahun, tw, batas in ((2024, 4, kemarin), (2025, 1, kemarin), (2025, 2, besok)):
        KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=tahun, triwulan=tw, batas_waktu=batas)
    _ajukan(pemeran.pd_a, 2024, 4)
    _ajukan(pemeran.pd_b, 2025, 1)
    _ajukan(pemeran.pd_a, 2025, 2)
    for tahun, tw in ((2024, 4), (2025, 2)):
        buat_realisasi(buat_indikator(pemeran.pd_a), tahun, tw, nilai=1, status="draf")
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/").content.decode()
    baris = {}
    for b in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if m := re.search(r"TW (I|II|III|IV) (\d{4})", _teks(b)):
            baris[(m.group(2), m.group(1), "Dinas A" in b)] = _teks(b)
    assert "Terlambat" in baris[("2024", "IV", True)]
    assert "Terlambat" not in baris[("2025", "I", False)] and "Terlambat" not in baris[("2025", "II", True)]
