"""City-level IKU (sasaran without a PD): Bagian Organisasi enters, submits and verifies them on the same
input and verification pages as a PD's quarter; other city roles read; PD staff and other pemda never."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from kinerja import services
from kinerja.models import Realisasi
from perangkat_daerah.services import riwayat_untuk
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db
URL = "/kinerja/realisasi/kota/2025/1/"
URL_VERIFIKASI = "/kinerja/verifikasi/kota/2025/1/"


@pytest.fixture
def ipm(pemeran):
    ind = buat_indikator(pemda=pemeran.pemda, kode="IKU-IPM", uraian="Indeks Pembangunan Manusia")
    buat_target(ind, 2025, nilai="80")
    return ind


def _isian(ind, nilai, aksi="simpan", versi=""):
    return {f"versi-{ind.pk}": versi, f"nilai-{ind.pk}": nilai, f"penjelasan-{ind.pk}": "Data BPS.", "aksi": aksi}


def test_organisasi_enters_submits_and_verifies_city_iku(client, pemeran, ipm):
    milik_pd = buat_indikator(pemeran.pd_a, kode="IK-PD")
    client.force_login(pemeran.organisasi)
    resp = client.get(URL)
    assert resp.status_code == 200
    assert [b.indikator for b in resp.context["h"].baris] == [ipm]
    assert milik_pd.kode not in resp.content.decode()
    assert client.post(URL, _isian(ipm, "82,5")).status_code == 302
    r = Realisasi.objects.get(indikator=ipm)
    assert r.nilai == Decimal("82.5") and r.status == "draf" and r.diubah_oleh == pemeran.organisasi
    assert client.post(URL, _isian(ipm, "82,5", aksi="ajukan", versi="1")).status_code == 302
    r.refresh_from_db()
    assert r.status == "diajukan"
    client.post("/tahun/", {"tahun": "2025", "next": "/"})
    kotak = client.get("/kinerja/verifikasi/").content.decode()
    assert "IKU Kota" in kotak and URL_VERIFIKASI in kotak
    assert URL_VERIFIKASI in client.get(URL).content.decode()
    resp = client.post(URL_VERIFIKASI, {f"keputusan-{ipm.pk}": "verifikasi", f"versi-{ipm.pk}": str(r.versi)})
    assert resp.status_code == 302
    r.refresh_from_db()
    assert r.status == "diverifikasi" and r.diverifikasi_oleh == pemeran.organisasi
    assert [x.aksi for x in riwayat_untuk(r)] == ["realisasi.verifikasi", "realisasi.ajukan", "realisasi.simpan"]
    html = client.get(f"/kinerja/riwayat/{ipm.pk}/2025/1/").content.decode()
    assert "Diverifikasi" in html and URL in html


def test_city_iku_submission_still_needs_every_indicator_filled(client, pemeran, ipm):
    miskin = buat_indikator(pemda=pemeran.pemda, kode="IKU-MISKIN", arah="turun")
    buat_target(miskin, 2025, nilai="2.6")
    client.force_login(pemeran.organisasi)
    resp = client.post(URL, _isian(ipm, "82,5", aksi="ajukan"))
    assert resp.status_code == 400 and "Belum diisi." in resp.content.decode()
    assert Realisasi.objects.get(indikator=ipm).status == "draf"


def test_pd_staff_get_403_on_city_pages_and_change_nothing(client, pemeran, ipm):
    r = buat_realisasi(ipm, 2025, 1, nilai="80", status="diajukan")
    for user in (pemeran.operator_a, pemeran.kepala_a):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, _isian(ipm, "1", versi="1")).status_code == 403
        assert client.get(URL_VERIFIKASI).status_code == 403
        data = {f"keputusan-{ipm.pk}": "verifikasi", f"versi-{ipm.pk}": "1"}
        assert client.post(URL_VERIFIKASI, data).status_code == 403
        assert client.get(f"/kinerja/riwayat/{ipm.pk}/2025/1/").status_code == 404
    r.refresh_from_db()
    assert (r.nilai, r.status, r.versi) == (Decimal(80), "diajukan", 1)


def test_pimpinan_reads_city_iku_but_cannot_write(client, pemeran, ipm):
    buat_realisasi(ipm, 2025, 1, nilai="80")
    client.force_login(pemeran.pimpinan)
    resp = client.get(URL)
    assert resp.status_code == 200 and f'name="nilai-{ipm.pk}"' not in resp.content.decode()
    assert client.post(URL, _isian(ipm, "1", versi="1")).status_code == 403
    assert client.get(URL_VERIFIKASI).status_code == 403
    assert Realisasi.objects.get().nilai == Decimal(80)


def test_another_pemdas_city_iku_is_never_shown_or_written(client, pemeran, ipm):
    lain = buat_indikator(pemda=pemeran.pemda_lain, kode="IKU-LAIN")
    buat_target(lain, 2025, nilai="50")
    org_lain = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    client.force_login(org_lain)
    resp = client.get(URL)
    assert [b.indikator for b in resp.context["h"].baris] == [lain]
    assert client.post(URL, {**_isian(ipm, "1"), **_isian(lain, "40")}).status_code == 302
    assert list(Realisasi.objects.values_list("indikator__kode", "nilai")) == [("IKU-LAIN", Decimal(40))]
    with pytest.raises(PermissionDenied):
        services.realisasi_simpan(indikator=ipm, tahun=2025, triwulan=1, oleh=org_lain, nilai="1")


def test_submitting_stays_with_who_enters(pemeran, ipm):
    kota = buat_realisasi(ipm, 2025, 1, nilai="80")
    with pytest.raises(PermissionDenied):
        services.realisasi_ajukan(realisasi=kota, versi=1, oleh=pemeran.operator_a)
    pd = buat_realisasi(buat_indikator(pemeran.pd_a), 2025, 1, nilai="80")
    with pytest.raises(PermissionDenied):
        services.realisasi_ajukan(realisasi=pd, versi=1, oleh=pemeran.organisasi)
    with pytest.raises(PermissionDenied):
        services.triwulan_ajukan(
            perangkat_daerah=None, pemda=pemeran.pemda, tahun=2025, triwulan=1, oleh=pemeran.operator_a
        )
    assert services.realisasi_ajukan(realisasi=kota, versi=1, oleh=pemeran.organisasi).status == "diajukan"


def test_locked_quarter_refuses_city_entry_too(client, pemeran, ipm):
    services.triwulan_kunci(pemda=pemeran.pemda, tahun=2025, triwulan=1, terkunci=True, oleh=pemeran.organisasi)
    client.force_login(pemeran.organisasi)
    resp = client.post(URL, _isian(ipm, "82,5"))
    assert resp.status_code == 400 and "sudah dikunci" in resp.content.decode()
    assert not Realisasi.objects.exists()


def test_city_iku_menu_and_current_quarter_redirect(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.get("/kinerja/realisasi/kota/")
    assert resp.status_code == 302 and resp.url.startswith("/kinerja/realisasi/kota/")
    assert 'href="/kinerja/realisasi/kota/?tahun=' in client.get(resp.url).content.decode()
    client.force_login(pemeran.operator_a)
    html = client.get(f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/").content.decode()
    assert 'href="/kinerja/realisasi/kota/?tahun=' not in html


def test_city_page_rejects_unknown_year_or_quarter(client, pemeran):
    client.force_login(pemeran.organisasi)
    assert client.get("/kinerja/realisasi/kota/2025/5/").status_code == 404
    assert client.get("/kinerja/realisasi/kota/1999/1/").status_code == 404
