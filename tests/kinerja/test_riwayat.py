"""History shown to users: a quarter's realisasi (who, when, action, before → after, in Indonesian), reachable
from the input and verification pages, scoped (404 for another PD), and target history on the PK page."""

from __future__ import annotations

import datetime

import pytest

from kinerja import services
from kinerja.models import PerjanjianKinerja, Realisasi
from perangkat_daerah.models import Riwayat
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db


def _url(ind, tahun=2025, tw=1):
    return f"/kinerja/riwayat/{ind.pk}/{tahun}/{tw}/"


def _riwayat_kembali(pemeran, ind) -> Realisasi:
    """Draft 80, then 87,25, submitted, then returned with a note: four history rows."""
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    r = services.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, versi=r.versi, nilai="87,25"
    )
    r = services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    return services.realisasi_kembalikan(
        realisasi=r, versi=r.versi, catatan="Lampirkan laporan bulanan.", oleh=pemeran.organisasi
    )


def test_history_page_shows_who_when_action_and_before_after_in_indonesian(client, pemeran, ind):
    pemeran.organisasi.first_name, pemeran.organisasi.last_name = "Siti", "Verifikator"
    pemeran.organisasi.save()
    r = _riwayat_kembali(pemeran, ind)
    # 07.05 UTC is 14.05 in Jakarta; the earlier rows a day before
    for i, riwayat in enumerate(Riwayat.objects.order_by("pk")):
        riwayat.waktu = datetime.datetime(2024, 12, 30 + i // 3, 7, 2 + i, tzinfo=datetime.UTC)
        riwayat.save(update_fields=["waktu"])
    client.force_login(pemeran.operator_a)
    resp = client.get(_url(ind))
    assert resp.status_code == 200
    entri = resp.context["h"].entri
    assert [e.aksi for e in entri] == [
        "Dikembalikan ke perangkat daerah",
        "Diajukan untuk verifikasi",
        "Disimpan sebagai draf",
        "Disimpan sebagai draf",
    ]
    kembali = entri[0]
    assert kembali.oleh == "Siti Verifikator" and kembali.catatan == "Lampirkan laporan bulanan."
    assert ("Status", "Diajukan", "Dikembalikan") in [
        (p.kolom.capitalize(), p.sebelum, p.sesudah) for p in kembali.perubahan
    ]
    ubah = entri[2]
    assert [(p.sebelum, p.sesudah) for p in ubah.perubahan] == [("80", "87,25")]
    html = resp.content.decode()
    assert "31 Desember 2024 14.05" in html
    assert "80</span> → <strong>87,25</strong>" in html
    assert "Lampirkan laporan bulanan." in html
    assert r.status == "dikembalikan"


def test_history_of_an_empty_quarter_says_so(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.get(_url(ind, tw=2))
    assert resp.status_code == 200 and "belum pernah diisi" in resp.content.decode()


def test_operator_cannot_see_other_pd_realisasi_history(client, pemeran, ind):
    _riwayat_kembali(pemeran, ind)
    client.force_login(pemeran.operator_b)
    assert client.get(_url(ind)).status_code == 404
    client.force_login(pemeran.operator_lain)
    assert client.get(_url(ind)).status_code == 404
    client.force_login(pemeran.pimpinan)
    assert client.get(_url(ind)).status_code == 200


def test_history_page_rejects_unknown_year_or_quarter(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    assert client.get(_url(ind, tw=5)).status_code == 404
    assert client.get(_url(ind, tahun=1999)).status_code == 404


def test_history_query_count_does_not_grow_with_its_length(client, pemeran, ind, django_assert_max_num_queries):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="1")
    client.force_login(pemeran.operator_a)
    client.get(_url(ind))  # warm the content-type cache
    with django_assert_max_num_queries(9):
        assert len(client.get(_url(ind)).context["h"].entri) == 1
    for n in range(2, 42):
        r = services.realisasi_simpan(
            indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, versi=r.versi, nilai=str(n)
        )
    with django_assert_max_num_queries(9):
        assert len(client.get(_url(ind)).context["h"].entri) == 41


def test_input_and_verification_pages_link_to_the_history(client, pemeran, ind):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    client.force_login(pemeran.operator_a)
    assert _url(ind) in client.get(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/").content.decode()
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/").content.decode()
    assert _url(ind) in html
    html = client.get(_url(ind)).content.decode()
    assert f"/kinerja/verifikasi/{pemeran.pd_a.pk}/2025/1/" in html


def test_pk_page_shows_target_history_with_revision_reasons(client, pemeran, django_assert_max_num_queries):
    ind = buat_indikator(pemeran.pd_a, kode="IK-PK")
    lain = [buat_indikator(pemeran.pd_a, kode=f"IK-X{i}", sasaran=ind.sasaran) for i in range(5)]
    for i, x in enumerate([ind, *lain]):
        services.target_simpan(indikator=x, tahun=2025, oleh=pemeran.organisasi, nilai=str(80 + i))
    services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    services.target_revisi(indikator=ind, tahun=2025, alasan="Perubahan APBD", oleh=pemeran.kepala_a, lo="85", hi="90")
    assert PerjanjianKinerja.objects.get().revisi == 1
    client.force_login(pemeran.operator_a)
    url = f"/kinerja/pk/{pemeran.pd_a.pk}/2025/"
    with django_assert_max_num_queries(30) as awal:
        resp = client.get(url)
    riwayat = resp.context["h"].riwayat_target
    assert [e.aksi for e in riwayat][:2] == ["Revisi Perjanjian Kinerja", "Target disimpan"]
    revisi = riwayat[0]
    assert revisi.objek == "IK-PK" and revisi.catatan == "Perubahan APBD"
    assert [(p.sebelum, p.sesudah) for p in revisi.perubahan] == [("80", "–"), ("–", "85"), ("–", "90")]
    html = resp.content.decode()
    assert "Riwayat perubahan target" in html and "Perubahan APBD" in html
    # a longer history: the same number of queries
    for x in lain:
        services.target_revisi(indikator=x, tahun=2025, alasan="Refocusing", oleh=pemeran.kepala_a, nilai="5")
    with django_assert_max_num_queries(len(awal.captured_queries)):
        resp = client.get(url)
    assert len(resp.context["h"].riwayat_target) == 12
