"""The batch "semua LKjIP PD" says, per PD, what data is missing (issue 14 points 10 and 13): before generating
(/laporan/semua-pd/periksa/) and on the batch page after, with the same rule and words as one PD's request
(laporan/kelengkapan.py), in a fixed number of queries whatever the number of PD."""

from __future__ import annotations

import pytest
from django.urls import reverse

from laporan import selectors, services
from laporan.kelengkapan import kelengkapan_per_pd, periksa_permintaan
from perangkat_daerah.models import PerangkatDaerah
from tests.factories import buat_pd
from tests.kinerja.factories import buat_indikator, buat_sasaran
from tests.laporan.test_data_belum_lengkap import TAHUN, data  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_the_batch_check_is_the_requests_check_for_every_pd(data):  # noqa: F811
    pd_list = list(PerangkatDaerah.objects.filter(pemda=data.pemda).order_by("kode"))
    semua = kelengkapan_per_pd(pemda_id=data.pemda.pk, daftar_pd=pd_list, tahun=TAHUN)
    for pd in pd_list:
        satu = periksa_permintaan(pemda_id=data.pemda.pk, perangkat_daerah=pd, tahun=TAHUN)
        assert (semua[pd.pk].teks(), semua[pd.pk].sasaran) == (satu.teks(), satu.sasaran)
    assert "Target 2024 belum ditetapkan (1 indikator): IK-4" in semua[data.pd_a.pk].teks()
    assert semua[data.pd_b.pk].lengkap


def test_the_check_takes_the_same_queries_for_more_pd(data, django_assert_max_num_queries):  # noqa: F811
    with django_assert_max_num_queries(20) as sedikit:
        selectors.kelengkapan_semua_pd(user=data.organisasi, tahun=TAHUN)
    for n in range(6):
        pd = buat_pd(data.pemda, nama=f"Dinas Tambahan {n}")
        buat_indikator(sasaran=buat_sasaran(data.pemda, pd, kode=f"T{n}.S1"), kode=f"T{n}-1")
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        hasil = selectors.kelengkapan_semua_pd(user=data.organisasi, tahun=TAHUN)
    assert (hasil["jumlah"], hasil["jumlah_kurang"]) == (8, 7)


def test_before_the_batch_organisasi_sees_which_pd_lacks_what(client, data):  # noqa: F811
    client.force_login(data.organisasi)
    url = f"{reverse('laporan:batch_periksa')}?tahun={TAHUN}"
    html = " ".join(client.get(url).content.decode().split())
    assert "1 dari 2 perangkat daerah datanya belum lengkap" in html
    baris_a = html[html.index('<th scope="row">Dinas A</th>') : html.index("</tr>", html.index(">Dinas A<"))]
    assert "Realisasi 2024 belum diverifikasi</strong> (1 indikator): IK-3" in baris_a
    assert "Realisasi anggaran 2024 belum diisi</strong> (1 perangkat daerah): Dinas A" in baris_a
    baris_b = html[html.index('<th scope="row">Dinas B</th>') : html.index("</tr>", html.index(">Dinas B<"))]
    assert "Lengkap" in baris_b and "belum" not in baris_b
    assert reverse("laporan:batch_buat") in html  # the button is on the same page
    assert url.split("?")[0] in client.get(f"/laporan/?tahun={TAHUN}").content.decode()  # linked from the list


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "pimpinan", "inspektorat"])
def test_only_who_makes_the_batch_sees_the_check(client, data, peran):  # noqa: F811
    client.force_login(getattr(data, peran))
    assert client.get(f"{reverse('laporan:batch_periksa')}?tahun={TAHUN}").status_code == 403


def test_after_the_batch_each_pds_job_shows_why_its_pdf_is_flagged(client, data):  # noqa: F811
    batch = services.batch_minta(user=data.organisasi, tahun=TAHUN)
    client.force_login(data.organisasi)
    url = f"{reverse('laporan:batch', args=[batch.pk])}?tahun={TAHUN}"
    html = " ".join(client.get(url).content.decode().split())
    assert "Dalam antrean" in html and "IK-4" in html and "1 dari 2 perangkat daerah" in html
    fragmen = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "IK-4" not in fragmen  # the polled progress does not recompute the check every two seconds
