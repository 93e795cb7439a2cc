"""Quarterly targets derived from the year's target (issue 17 point 4): a count is never split into
fractions ("2,25 inovasi"), and the quarters end exactly on the year."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja.capaian import target_sd_triwulan

D = Decimal


@pytest.mark.parametrize(
    ("tahunan", "harapan"),
    [
        ("9", ["2", "4", "6", "9"]),  # 2, 2, 2, 3
        ("10", ["2", "4", "7", "10"]),  # 2, 2, 3, 3
        ("12", ["3", "6", "9", "12"]),
        ("3", ["0", "1", "2", "3"]),  # 0, 1, 1, 1
        ("126000", ["31500", "63000", "94500", "126000"]),
    ],
)
def test_a_cumulative_count_is_split_into_whole_quarters_that_sum_to_the_year(tahunan, harapan):
    hasil = target_sd_triwulan(D(tahunan), "kumulatif", bulat=True)
    assert hasil == {tw: D(h) for tw, h in zip((1, 2, 3, 4), harapan, strict=True)}
    assert all(v == v.to_integral_value() for v in hasil.values())


def test_a_cumulative_measure_is_spread_evenly_rounded_half_up_and_ends_on_the_year():
    assert target_sd_triwulan(D("10.01"), "kumulatif", bulat=False) == {
        1: D("2.50"), 2: D("5.01"), 3: D("7.51"), 4: D("10.01"),
    }  # fmt: skip


def test_a_count_with_a_fractional_year_target_is_spread_like_a_measure():
    assert target_sd_triwulan(D("9.5"), "kumulatif", bulat=True)[4] == D("9.5")


@pytest.mark.parametrize("agregasi", ["akhir", "rata_rata"])
def test_end_and_average_indicators_aim_at_the_year_value_every_quarter(agregasi):
    assert target_sd_triwulan(D("87.25"), agregasi, bulat=False) == dict.fromkeys((1, 2, 3, 4), D("87.25"))


# --- the page action: fill an indicator's quarterly targets from its year target -------------------


@pytest.fixture
def inovasi(pemeran):
    from tests.kinerja.factories import buat_indikator, buat_target

    ind = buat_indikator(pemeran.pd_a, kode="IK-INOV", satuan="inovasi", agregasi="kumulatif")
    buat_target(ind, 2025, nilai=9)
    return ind


def _url(pemeran, ind, aksi="kinerja:target_isi_triwulan"):
    from django.urls import reverse

    return reverse(aksi, args=[pemeran.pd_a.pk, 2025, ind.pk])


@pytest.mark.django_db
def test_the_pk_page_offers_the_split_with_a_confirmation_that_shows_it(client, pemeran, inovasi):
    client.force_login(pemeran.operator_a)
    from django.urls import reverse

    html = client.get(reverse("kinerja:pk", args=[pemeran.pd_a.pk, 2025])).content.decode()
    assert "Isi target triwulan dari target tahunan" in html
    assert 'class="konfirmasi"' in html
    assert "TW I 2 · TW II 4 · TW III 6 · TW IV 9" in html  # the confirmation says what is written


@pytest.mark.django_db
def test_filling_a_count_writes_whole_quarters_with_history(client, pemeran, inovasi):
    from kinerja.models import Target
    from perangkat_daerah.services import riwayat_untuk

    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran, inovasi), follow=True)
    t = Target.objects.get(indikator=inovasi, tahun=2025)
    assert (t.t1, t.t2, t.t3, t.t4) == (D(2), D(4), D(6), D(9))
    assert t.nilai == D(9)
    assert "Target triwulan IK-INOV diisi dari target tahunan: 2 · 4 · 6 · 9." in resp.content.decode()
    entri = riwayat_untuk(t).first()
    assert entri.aksi == "target.simpan" and entri.oleh == pemeran.operator_a


@pytest.mark.django_db
def test_a_range_target_is_refused_and_nothing_changes(client, pemeran):
    from kinerja.models import Target
    from tests.kinerja.factories import buat_indikator, buat_target

    ind = buat_indikator(pemeran.pd_a, kode="IK-R", satuan="unit", agregasi="kumulatif")
    buat_target(ind, 2025, lo=8, hi=10)
    client.force_login(pemeran.operator_a)
    resp = client.post(_url(pemeran, ind), follow=True)
    assert "bukan rentang" in resp.content.decode()
    assert Target.objects.get(indikator=ind).t1 is None


@pytest.mark.django_db
def test_a_set_pk_needs_a_revision_reason_and_records_the_revision(client, pemeran, inovasi):
    from kinerja import services
    from kinerja.models import RevisiPK, Target

    services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    client.force_login(pemeran.operator_a)  # the operator may not revise a set PK
    client.post(_url(pemeran, inovasi), {"alasan": "Dibagi per triwulan"})
    assert Target.objects.get(indikator=inovasi).t1 is None
    client.force_login(pemeran.kepala_a)
    resp = client.post(_url(pemeran, inovasi), follow=True)  # no reason
    assert "wajib disertai alasan" in resp.content.decode()
    assert Target.objects.get(indikator=inovasi).t1 is None
    client.post(_url(pemeran, inovasi), {"alasan": "Dibagi per triwulan"})
    t = Target.objects.get(indikator=inovasi)
    assert (t.t1, t.t4) == (D(2), D(9))
    assert RevisiPK.objects.get(target=t).alasan == "Dibagi per triwulan"


@pytest.mark.django_db
def test_another_pds_user_cannot_fill(client, pemeran, inovasi):
    from kinerja.models import Target

    client.force_login(pemeran.operator_b)
    assert client.post(_url(pemeran, inovasi)).status_code in (403, 404)
    assert Target.objects.get(indikator=inovasi).t1 is None
