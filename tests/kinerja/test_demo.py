"""Demo kinerja data: what the issue asks for, idempotent, and rebuilt the same by --reset."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Count

from kinerja.demo_jam import jam_demo
from kinerja.models import Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, Sasaran, Target
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.selectors.anggaran_pohon import anggaran_pd_tahun
from perangkat_daerah.models import Pemda
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db
JAM = jam_demo()  # the demo's years as of the clock (kinerja/demo_jam.py): muat_demo builds as of today
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
    muat_demo_salin()
    return Pemda.objects.get(kode="kota-tangerang-selatan")


def test_muat_demo_twice_and_reset_give_the_same_rows(tangsel):
    pertama, target = _hitung(), _nilai(Target)
    muat_demo_salin()
    assert _hitung() == pertama
    muat_demo_salin("--reset")
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
    assert set(target.values_list("tahun", flat=True)) == set(JAM.tahun_target)


def test_realisations_verified_for_the_complete_years_and_mixed_in_the_current_one(tangsel):
    r = Realisasi.objects.filter(indikator__pemda=tangsel)
    assert set(r.filter(tahun__in=JAM.tahun_terverifikasi).values_list("status", flat=True)) == {"diverifikasi"}
    berjalan = r.filter(tahun=JAM.tahun)
    assert set(berjalan.filter(triwulan=JAM.triwulan).values_list("status", flat=True)) == {
        "draf", "diajukan", "diverifikasi", "dikembalikan"
    }  # fmt: skip
    assert set(berjalan.values_list("triwulan", flat=True)) == set(range(1, JAM.triwulan + 1))


def test_city_iku_and_budgets(tangsel):
    kota = Indikator.objects.filter(pemda=tangsel, perangkat_daerah__isnull=True)
    assert {i.uraian for i in kota} >= {"Indeks Pembangunan Manusia (IPM)", "Persentase penduduk miskin"}
    assert kota.get(kode="IKU.02").arah == "turun"
    assert Realisasi.objects.filter(indikator__in=kota, tahun=JAM.tahun_lalu).exists()
    assert Anggaran.objects.filter(perangkat_daerah__pemda=tangsel, realisasi_t1__isnull=False).count() >= 38 * 3


def test_city_budget_is_the_size_of_the_city(tangsel):
    # the city's budget, THE sum the LKjIP prints (Bab III B, Bab IV): Kota Tangerang Selatan's APBD is around
    # Rp4–5 trillion, so the demo's must not read as Rp17 trillion; it grows year to year, no PD above the
    # education office's scale, education, health and public works the largest, and a kecamatan is tens of billions
    pd = list(tangsel.perangkat_daerah.all())
    total = {th: sum(a.pagu for a in anggaran_pd_tahun(pd, th).values()) for th in JAM.tahun_anggaran}
    assert all(Decimal("3.8e12") <= t <= Decimal("5.2e12") for t in total.values()), total
    awal, lalu, ini = JAM.tahun_anggaran
    assert total[awal] < total[lalu] < total[ini]
    tahun_ini = anggaran_pd_tahun(pd, lalu)
    per_pd = {p.kode: tahun_ini[p.pk].pagu for p in pd}
    assert max(per_pd.values()) <= Decimal("1.5e12") and Decimal("10e9") <= per_pd["7.01.01"] <= Decimal("60e9")
    terbesar = sorted(per_pd, key=per_pd.get, reverse=True)[:4]
    assert {"1.01.01", "1.02.01", "1.03.01"} <= set(terbesar), terbesar


def test_demo_kepala_dinkes_can_set_the_draft_pk(client, tangsel):
    # the next year's PKs are drafts (its kepala PD sets them), every earlier year's is set
    dinkes = tangsel.perangkat_daerah.get(kode="1.02.01")
    depan = JAM.tahun_depan
    assert PerjanjianKinerja.objects.get(perangkat_daerah=dinkes, tahun=depan).status == "draf"
    assert set(PerjanjianKinerja.objects.filter(status="draf").values_list("tahun", flat=True)) == {depan}
    assert client.post("/masuk/", {"username": "kepala.dinkes", "password": "sakip-demo"}).status_code == 302
    url = f"/kinerja/pk/{dinkes.pk}/{depan}/"
    assert "Tetapkan Perjanjian Kinerja" in client.get(url).content.decode()
    resp = client.post(f"{url}tetapkan/")
    assert resp.status_code == 302
    pk = PerjanjianKinerja.objects.get(perangkat_daerah=dinkes, tahun=depan)
    assert pk.status == "ditetapkan" and pk.ditetapkan_oleh.username == "kepala.dinkes"


def test_dinkes_budget_is_the_size_of_a_city_health_office(tangsel):
    # a health office of a city of 1.4 million spends hundreds of billions (Tangsel's: some Rp400-700 billion),
    # most of it salaries and the puskesmas BLUD: THE PD total is its sub kegiatan budgets' sum, and its
    # PD-level row reads alike
    dinkes = tangsel.perangkat_daerah.get(kode="1.02.01")
    for th in JAM.tahun_anggaran:
        total = anggaran_pd_tahun([dinkes], th)[dinkes.pk]
        assert total.sumber == "sub_kegiatan" and Decimal("400e9") <= total.pagu <= Decimal("700e9"), (th, total)
        baris = Anggaran.objects.get(perangkat_daerah=dinkes, tahun=th).pagu
        assert abs(baris - total.pagu) <= total.pagu * Decimal("0.1"), (th, baris, total.pagu)
    sub = AnggaranSubKegiatan.objects.filter(perangkat_daerah=dinkes, tahun=JAM.tahun_lalu)
    assert sum(a.pagu for a in sub) == anggaran_pd_tahun([dinkes], JAM.tahun_lalu)[dinkes.pk].pagu
    assert max(a.pagu for a in sub) >= Decimal("150e9")  # the large lines a real budget has, not only programmes
