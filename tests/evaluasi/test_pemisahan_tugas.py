"""Issue 11 §17: separation of duties on recommendations. The responsible PD files its follow-up (Bagian
Organisasi a city-level one); someone else verifies; nobody verifies what they filed. Pages and services."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied

from evaluasi import services
from evaluasi.models import Rekomendasi
from perangkat_daerah.models import Riwayat
from tests.evaluasi.factories import evaluasi_final

pytestmark = pytest.mark.django_db
BATAS = datetime.date(2030, 6, 30)


def _rek_pd(pemeran) -> Rekomendasi:
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    return services.rekomendasi_buat(evaluasi=e, oleh=pemeran.inspektorat, uraian="Perbaiki IKU", batas_waktu=BATAS)


def _rek_kota(pemeran) -> Rekomendasi:
    h = services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=Decimal("69.04"), predikat="B")
    return services.rekomendasi_buat(
        evaluasi=h.evaluasi, oleh=pemeran.organisasi, uraian="Perbaiki cascading", batas_waktu=BATAS
    )


def _riwayat(rek) -> list[tuple[str, int]]:
    jenis = ContentType.objects.get_for_model(Rekomendasi)
    return [(r.aksi, r.oleh_id) for r in Riwayat.objects.filter(content_type=jenis, object_id=rek.pk).order_by("pk")]


def test_bagian_organisasi_cannot_file_a_pds_follow_up(client, pemeran):
    rek = _rek_pd(pemeran)
    with pytest.raises(PermissionDenied, match="PD penanggung jawab"):
        services.rekomendasi_tindak_lanjut(rekomendasi=rek, oleh=pemeran.organisasi, versi=1, tindak_lanjut="x")
    client.force_login(pemeran.organisasi)
    url = f"/evaluasi/rekomendasi/{rek.pk}/"
    assert client.get(url).context["tl_form"] is None
    resp = client.post(url, {"aksi": "tindak_lanjut", "versi": "1", "tindak_lanjut": "Sudah saya urus"})
    assert resp.status_code == 403
    rek.refresh_from_db()
    assert (rek.status, rek.tindak_lanjut, rek.versi) == ("belum", "", 1)


def test_the_pd_files_and_bagian_organisasi_verifies_two_users_in_the_history(client, pemeran):
    rek = _rek_pd(pemeran)
    client.force_login(pemeran.operator_a)
    resp = client.post(
        f"/evaluasi/rekomendasi/{rek.pk}/", {"aksi": "tindak_lanjut", "versi": "1", "tindak_lanjut": "IKU diperbaiki"}
    )
    assert resp.status_code == 302
    rek.refresh_from_db()
    assert (rek.status, rek.ditindaklanjuti_oleh_id) == ("proses", pemeran.operator_a.pk)
    client.force_login(pemeran.organisasi)
    resp = client.post(f"/evaluasi/rekomendasi/{rek.pk}/", {"aksi": "verifikasi", "versi": "2", "diterima": "1"})
    assert resp.status_code == 302
    rek.refresh_from_db()
    assert (rek.status, rek.diverifikasi_oleh_id) == ("selesai", pemeran.organisasi.pk)
    riwayat = dict(_riwayat(rek))
    assert riwayat["tindak_lanjut"] == pemeran.operator_a.pk and riwayat["verifikasi"] == pemeran.organisasi.pk


def test_nobody_verifies_a_follow_up_they_filed(client, pemeran):
    rek = _rek_kota(pemeran)
    rek = services.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.organisasi, versi=1, tindak_lanjut="Pohon kinerja disusun"
    )
    with pytest.raises(PermissionDenied, match="pengguna lain"):
        services.rekomendasi_verifikasi(rekomendasi=rek, oleh=pemeran.organisasi, versi=rek.versi, diterima=True)
    client.force_login(pemeran.organisasi)
    url = f"/evaluasi/rekomendasi/{rek.pk}/"
    assert client.get(url).context["ver_form"] is None
    assert client.post(url, {"aksi": "verifikasi", "versi": "2", "diterima": "1"}).status_code == 403
    rek.refresh_from_db()
    assert (rek.status, rek.diverifikasi_oleh_id) == ("proses", None)
    client.force_login(pemeran.admin)
    assert client.get(url).context["ver_form"] is not None
    assert client.post(url, {"aksi": "verifikasi", "versi": "2", "diterima": "1"}).status_code == 302
    rek.refresh_from_db()
    assert (rek.status, rek.diverifikasi_oleh_id, rek.ditindaklanjuti_oleh_id) == (
        "selesai",
        pemeran.admin.pk,
        pemeran.organisasi.pk,
    )


def test_a_pd_user_cannot_file_a_city_level_follow_up(pemeran):
    rek = _rek_kota(pemeran)
    with pytest.raises(PermissionDenied):
        services.rekomendasi_tindak_lanjut(rekomendasi=rek, oleh=pemeran.operator_a, versi=1, tindak_lanjut="x")
