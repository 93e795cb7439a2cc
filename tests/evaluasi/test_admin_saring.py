"""The admin's foreign-key list filters offer a pemda administrator only the rows it may pick (the admin's
choke point `pilihan_untuk`): never another pemda's name, instrument or PD (issue 15 §4, no lookup falls back
to another pemda's rows)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from evaluasi import services
from tests.evaluasi.factories import buat_evaluasi, instrumen_b
from tests.factories import Peran, buat_pd, buat_pengguna

pytestmark = pytest.mark.django_db


def _admin(pemda):
    user = buat_pengguna(pemda, Peran.ADMIN)
    user.is_staff = True
    user.save()
    return user


def _isi(pemda, pd, nama_instrumen):
    """A final internal evaluation with a recommendation, and the pemda's own instrument copy."""
    inspektorat = buat_pengguna(pemda, Peran.INSPEKTORAT)
    e = buat_evaluasi(inspektorat, jenis="internal", pd=pd, tahun=2024, terisi=True, instrumen=instrumen_b())
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=inspektorat)
    services.evaluasi_finalkan(evaluasi=e, oleh=inspektorat)
    services.rekomendasi_buat(evaluasi=e, oleh=inspektorat, uraian="Perbaiki", batas_waktu=datetime.date(2025, 3, 31))
    services.instrumen_salin(instrumen=instrumen_b(), nama=nama_instrumen, oleh=_admin(pemda))


@pytest.mark.parametrize(
    "halaman",
    [
        "evaluasi_evaluasi",
        "evaluasi_rekomendasi",
        "evaluasi_komponen",
        "evaluasi_subkomponen",
        "perangkat_daerah_perangkatdaerah",
    ],
)
def test_fk_filters_never_name_another_pemdas_rows(client, pemeran, halaman):
    pd_lain = buat_pd(pemeran.pemda_lain, nama="Dinas Rahasia Tetangga")
    _isi(pemeran.pemda, pemeran.pd_a, "Salinan Kota Uji")
    _isi(pemeran.pemda_lain, pd_lain, "Salinan Rahasia Tetangga")
    admin = _admin(pemeran.pemda)
    client.force_login(admin)
    r = client.get(reverse(f"admin:{halaman}_changelist"))
    html = r.content.decode()
    assert r.status_code == 200
    assert pemeran.pemda_lain.nama not in html and "Rahasia Tetangga" not in html


def test_the_pd_filter_of_recommendations_offers_the_own_pemdas_pd(client, pemeran):
    _isi(pemeran.pemda, pemeran.pd_a, "Salinan Kota Uji")
    _isi(pemeran.pemda_lain, pemeran.pd_lain, "Salinan Lain")
    client.force_login(_admin(pemeran.pemda))
    html = client.get(reverse("admin:evaluasi_rekomendasi_changelist")).content.decode()
    saring = html.split('id="changelist-filter"')[1]
    assert f"perangkat_daerah__id__exact={pemeran.pd_a.pk}" in saring
    assert f"perangkat_daerah__id__exact={pemeran.pd_lain.pk}" not in saring
