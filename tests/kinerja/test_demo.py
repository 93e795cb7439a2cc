"""Demo kinerja data: what the issue asks for, idempotent, and rebuilt the same by --reset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count

from kinerja.models import Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.selectors.anggaran_pohon import anggaran_pd_tahun
from perangkat_daerah.models import Pemda

pytestmark = pytest.mark.django_db
MODEL = [Sasaran, Indikator, Target, Realisasi, PerjanjianKinerja, KunciTriwulan, Anggaran]


def _hitung() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in MODEL}


def _nilai(model, **kw):
    return list(
        model.objects.filter(**kw)
        # both demo pemda use the same indicator codes: order by pemda too, or PostgreSQL may swap ties
        .order_by("indikator__pemda__kode", "indikator__kode", "tahun")
        .values_list("indikator__pemda__kode", "indikator__kode", "tahun", "nilai", "lo", "hi")
    )


@pytest.fixture
def tangsel():
    call_command("muat_demo")
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def test_muat_demo_twice_and_reset_give_the_same_rows(tangsel):
    pertama, target = _hitung(), _nilai(Target)
    call_command("muat_demo")
    assert _hitung() == pertama
    call_command("muat_demo", "--reset")
    assert _hitung() == pertama
    assert _nilai(Target) == target  # deterministic generator


def test_every_pd_has_six_to_ten_mixed_indicators_with_renstra_targets(tangsel):
    # the PK/realisation indicators of each PD hang on its sasaran strategis; the nodes below them (program,
    # kegiatan, sub kegiatan) are the performance tree's (kinerja/demo_pohon*.py, tests/kinerja/test_pohon_demo.py)
    pd_ind = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__isnull=False)
    per_pd = pd_ind.filter(sasaran__tingkat__kode="sasaran_strategis").values("perangkat_daerah")
    jumlah = [r["n"] for r in per_pd.annotate(n=Count("id"))]
    assert len(jumlah) == 38 and min(jumlah) >= 6 and max(jumlah) <= 10
    ind = Indikator.objects.filter(pemda=tangsel)
    assert set(ind.values_list("arah", flat=True)) == {"naik", "turun"}
    assert {"kumulatif", "akhir"} <= set(ind.values_list("agregasi", flat=True))
    target = Target.objects.filter(indikator__pemda=tangsel)
    assert target.filter(lo__isnull=False).exists() and target.filter(nilai__isnull=False).exists()
    assert set(target.values_list("tahun", flat=True)) == set(range(2021, 2027))


def test_realisations_verified_for_2023_2024_and_mixed_in_2025(tangsel):
    r = Realisasi.objects.filter(indikator__pemda=tangsel)
    assert set(r.filter(tahun__in=[2023, 2024]).values_list("status", flat=True)) == {"diverifikasi"}
    status_2025 = set(r.filter(tahun=2025).values_list("status", flat=True))
    assert status_2025 == {"draf", "diajukan", "diverifikasi", "dikembalikan"}
    assert set(r.filter(tahun=2025).values_list("triwulan", flat=True)) == {1, 2, 3}


def test_city_iku_and_budgets(tangsel):
    kota = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__isnull=True)
    assert {i.uraian for i in kota} >= {"Indeks Pembangunan Manusia (IPM)", "Persentase penduduk miskin"}
    assert kota.get(kode="IKU.02").arah == "turun"
    assert Realisasi.objects.filter(indikator__in=kota, tahun=2024).exists()
    assert Anggaran.objects.filter(perangkat_daerah__pemda=tangsel, realisasi_t1__isnull=False).count() >= 38 * 3


def test_city_budget_is_the_size_of_the_city(tangsel):
    # the city's budget, THE sum the LKjIP prints (Bab III B, Bab IV): Kota Tangerang Selatan's APBD is around
    # Rp4 trillion, so the demo's must not read as Rp17 trillion; it grows year to year, no PD above the
    # education office's scale, and a kecamatan is tens of billions
    pd = list(tangsel.perangkat_daerah.all())
    total = {th: sum(a.pagu for a in anggaran_pd_tahun(pd, th).values()) for th in (2023, 2024, 2025)}
    assert all(Decimal("3.8e12") <= t <= Decimal("4.2e12") for t in total.values()), total
    assert total[2023] < total[2024] < total[2025]
    tahun_ini = anggaran_pd_tahun(pd, 2024)
    per_pd = {p.kode: tahun_ini[p.pk].pagu for p in pd}
    assert max(per_pd.values()) <= Decimal("1.3e12") and Decimal("10e9") <= per_pd["7.01.01"] <= Decimal("60e9")


def test_demo_kepala_dinkes_can_set_the_draft_pk(client, tangsel):
    dinkes = tangsel.perangkat_daerah.get(kode="1.02.01")
    assert PerjanjianKinerja.objects.get(perangkat_daerah=dinkes, tahun=2026).status == "draf"
    assert not PerjanjianKinerja.objects.filter(status="draf").exclude(perangkat_daerah=dinkes).exists()
    assert client.post("/masuk/", {"username": "kepala.dinkes", "password": "sakip-demo"}).status_code == 302
    url = f"/kinerja/pk/{dinkes.pk}/2026/"
    assert "Tetapkan Perjanjian Kinerja" in client.get(url).content.decode()
    resp = client.post(f"{url}tetapkan/")
    assert resp.status_code == 302
    pk = PerjanjianKinerja.objects.get(perangkat_daerah=dinkes, tahun=2026)
    assert pk.status == "ditetapkan" and pk.ditetapkan_oleh.username == "kepala.dinkes"


def test_dinkes_budget_is_the_size_of_a_city_health_office(tangsel):
    # a health office of a city of 1.4 million spends hundreds of billions (Tangsel's: some Rp400-700 billion),
    # most of it salaries and the puskesmas BLUD: THE PD total is its sub kegiatan budgets' sum, and its
    # PD-level row reads alike
    dinkes = tangsel.perangkat_daerah.get(kode="1.02.01")
    for th in (2023, 2024, 2025):
        total = anggaran_pd_tahun([dinkes], th)[dinkes.pk]
        assert total.sumber == "sub_kegiatan" and Decimal("400e9") <= total.pagu <= Decimal("700e9"), (th, total)
        baris = Anggaran.objects.get(perangkat_daerah=dinkes, tahun=th).pagu
        assert abs(baris - total.pagu) <= total.pagu * Decimal("0.1"), (th, baris, total.pagu)
    sub = AnggaranSubKegiatan.objects.filter(perangkat_daerah=dinkes, tahun=2024)
    assert sum(a.pagu for a in sub) == anggaran_pd_tahun([dinkes], 2024)[dinkes.pk].pagu
    assert max(a.pagu for a in sub) >= Decimal("150e9")  # the large lines a real budget has, not only programmes
