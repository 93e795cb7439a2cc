"""Issue 15 §4: each pemda chooses its default instruments and predicate scale, switched in one action on a
page; no lookup ever uses another pemda's instruments or band tables (evaluasi/selectors/pilihan.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluasi import scoring, services
from evaluasi.models import Evaluasi, Instrumen, PengaturanEvaluasi, SkalaPredikat
from evaluasi.selectors import instrumen_siap, instrumen_terlihat, skala_pemda, skala_terlihat
from evaluasi.selectors.pilihan import instrumen_pemda, versi_inklusif
from evaluasi.services.pengaturan import SALIN, TETAP, UBAH_SKALA, pengaturan_terapkan, rencana_pengaturan
from perangkat_daerah.models import Riwayat
from tests.evaluasi.factories import bawaan_a, bawaan_b, buat_evaluasi, evaluasi_final
from tests.factories import Peran, buat_pengguna

pytestmark = pytest.mark.django_db

STANDAR = scoring.VERSI_SKALA_PREDIKAT_DEFAULT


def _standar() -> SkalaPredikat:
    return SkalaPredikat.objects.get(versi=STANDAR, pemda__isnull=True)


def _inklusif(oleh) -> PengaturanEvaluasi:
    """The one action: keep the national instruments, copy the standard scale as lower-bound-inclusive."""
    return pengaturan_terapkan(
        oleh=oleh, versi=None, instrumen_kota=bawaan_a().pk, instrumen_pd=bawaan_b().pk,
        skala=f"inklusif:{_standar().pk}",
    )  # fmt: skip


def _predikat(ins: Instrumen, total: str) -> str:
    return scoring.predikat(Decimal(total), instrumen_siap(ins).skala_predikat).kode


def test_two_pemda_with_different_choices_neither_sees_nor_uses_the_others_rows(pemeran):
    org_lain = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    pengaturan = _inklusif(pemeran.organisasi)
    skala = pengaturan.skala_predikat
    assert skala.pemda_id == pemeran.pemda.pk and skala.bawah_inklusif
    assert [b.kode for b in skala.bands.all()] == [b.kode for b in _standar().bands.all()]
    kota, pd = pengaturan.instrumen_kota, pengaturan.instrumen_pd
    assert (
        kota.pemda_id == pd.pemda_id == pemeran.pemda.pk and kota.skala_predikat_id == pd.skala_predikat_id == skala.pk
    )
    # the other pemda keeps the national rows and the standard boundary rule
    assert instrumen_pemda(pemeran.pemda_lain.pk, kota=True) == bawaan_a()
    assert instrumen_pemda(pemeran.pemda_lain.pk, kota=False) == bawaan_b()
    assert skala_pemda(pemeran.pemda_lain.pk) == _standar()
    assert _predikat(instrumen_pemda(pemeran.pemda.pk, kota=True), "70.00") == "BB"
    assert _predikat(instrumen_pemda(pemeran.pemda_lain.pk, kota=True), "70.00") == "B"
    # neither sees the other's rows
    assert skala not in skala_terlihat(pemeran.pemda_lain.pk)
    assert not instrumen_terlihat(pemeran.pemda_lain.pk).filter(pk__in=[kota.pk, pd.pk]).exists()
    assert skala in skala_terlihat(pemeran.pemda.pk) and _standar() in skala_terlihat(pemeran.pemda.pk)
    assert SkalaPredikat.objects.for_user(org_lain).filter(pk=skala.pk).exists() is False
    # ... nor uses them: another pemda's scale or instrument is refused by the service
    with pytest.raises(ValidationError):
        rencana_pengaturan(oleh=org_lain, instrumen_kota=bawaan_a().pk, instrumen_pd=bawaan_b().pk,
                           skala=f"skala:{skala.pk}")  # fmt: skip
    with pytest.raises(ValidationError):
        rencana_pengaturan(oleh=org_lain, instrumen_kota=kota.pk, instrumen_pd=bawaan_b().pk,
                           skala=f"skala:{_standar().pk}")  # fmt: skip
    # new evaluations of each pemda use its own default
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    e_lain = services.evaluasi_buat(
        oleh=buat_pengguna(pemeran.pemda_lain, Peran.INSPEKTORAT), tahun=2024, jenis="internal",
        perangkat_daerah=pemeran.pd_lain,
    )  # fmt: skip
    assert e.instrumen_id == pd.pk and e_lain.instrumen_id == bawaan_b().pk
    # and an official 70,00 is BB for this pemda, B (BB refused) for the other
    assert services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=Decimal("70.00"), predikat="BB")
    with pytest.raises(ValidationError):
        services.hasil_resmi_catat(oleh=org_lain, tahun=2024, total=Decimal("70.00"), predikat="BB")
    assert services.hasil_resmi_catat(oleh=org_lain, tahun=2024, total=Decimal("70.00"), predikat="B")


def test_a_pemda_without_its_own_falls_back_only_to_the_national_rows(pemeran):
    _inklusif(pemeran.organisasi)
    lain = pemeran.pemda_lain.pk
    assert PengaturanEvaluasi.objects.filter(pemda_id=lain).exists() is False
    assert instrumen_pemda(lain, kota=True).pemda_id is None and skala_pemda(lain).pemda_id is None
    # a settings row pointing at another pemda's rows (written around the page) is ignored, not followed
    milik = PengaturanEvaluasi.objects.get(pemda=pemeran.pemda)
    PengaturanEvaluasi.objects.create(
        pemda_id=lain, instrumen_kota=milik.instrumen_kota, instrumen_pd=milik.instrumen_pd,
        skala_predikat=milik.skala_predikat,
    )  # fmt: skip
    assert instrumen_pemda(lain, kota=True) == bawaan_a()
    assert instrumen_pemda(lain, kota=False) == bawaan_b()
    assert skala_pemda(lain) == _standar()
    assert services.instrumen_bawaan("mandiri", kota=True, pemda_id=lain) == bawaan_a()


def test_switching_recomputes_drafts_on_the_pemdas_own_instrument_and_final_results_keep_their_predicate(pemeran):
    final = evaluasi_final(pemeran, pd=pemeran.pd_b, tahun=2023)
    predikat_final = final.hasil.predikat
    pengaturan = _inklusif(pemeran.organisasi)
    kota = pengaturan.instrumen_kota
    draf = buat_evaluasi(pemeran.organisasi, jenis="mandiri", tahun=2024)
    assert draf.instrumen_id == kota.pk
    # back to the standard scale: the pemda's own unlocked copies move in place, the draft is recomputed
    rencana = rencana_pengaturan(oleh=pemeran.organisasi, instrumen_kota=kota.pk,
                                 instrumen_pd=pengaturan.instrumen_pd_id, skala=f"skala:{_standar().pk}")  # fmt: skip
    assert [lk.tindakan for lk in rencana.langkah] == [UBAH_SKALA, UBAH_SKALA]
    assert rencana.langkah[0].dihitung_ulang == [draf]
    assert rencana.final_tetap == 1 and rencana.berjalan_tetap == 0
    pengaturan_terapkan(oleh=pemeran.organisasi, versi=pengaturan.versi, instrumen_kota=kota.pk,
                        instrumen_pd=pengaturan.instrumen_pd_id, skala=f"skala:{_standar().pk}")  # fmt: skip
    kota.refresh_from_db()
    assert kota.skala_predikat_id == _standar().pk and _predikat(kota, "70.00") == "B"
    final.refresh_from_db()
    final.hasil.refresh_from_db()
    assert final.hasil.predikat == predikat_final and final.instrumen_id == bawaan_b().pk
    assert bawaan_b().skala_predikat_id == _standar().pk and bawaan_b().pemda_id is None


def test_a_locked_or_national_instrument_is_copied_and_the_national_one_is_untouched(pemeran):
    rencana = rencana_pengaturan(oleh=pemeran.organisasi, instrumen_kota=bawaan_a().pk,
                                 instrumen_pd=bawaan_b().pk, skala=f"inklusif:{_standar().pk}")  # fmt: skip
    assert [lk.tindakan for lk in rencana.langkah] == [SALIN, SALIN] and rencana.skala is None
    same = rencana_pengaturan(oleh=pemeran.organisasi, instrumen_kota=bawaan_a().pk,
                              instrumen_pd=bawaan_b().pk, skala=f"skala:{_standar().pk}")  # fmt: skip
    assert [lk.tindakan for lk in same.langkah] == [TETAP, TETAP]
    jumlah = Instrumen.objects.filter(pemda__isnull=True).count()
    _inklusif(pemeran.organisasi)
    assert Instrumen.objects.filter(pemda__isnull=True).count() == jumlah
    assert bawaan_a().skala_predikat_id == _standar().pk and _standar().bawah_inklusif is False
    # a second switch reuses the pemda's copy of the scale rather than making another
    _inklusif(pemeran.organisasi)
    assert SkalaPredikat.objects.filter(pemda=pemeran.pemda).count() == 1


def test_only_kelola_on_its_pemda_may_switch(pemeran):
    for pengguna in (pemeran.operator_a, pemeran.inspektorat, pemeran.pimpinan):
        with pytest.raises(PermissionDenied):
            _inklusif(pengguna)
    assert not PengaturanEvaluasi.objects.exists()


def test_the_page_switches_to_an_inclusive_scale_in_one_confirmed_action(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get("/evaluasi/pengaturan/").status_code == 403
    client.force_login(pemeran.organisasi)
    halaman = client.get("/evaluasi/pengaturan/").content.decode()
    assert "Yang dipakai sekarang" in halaman and "batas bawah eksklusif: 70,00 → B" in halaman
    assert f"inklusif:{_standar().pk}" in halaman
    data = {"instrumen_kota": bawaan_a().pk, "instrumen_pd": bawaan_b().pk, "skala": f"inklusif:{_standar().pk}"}
    pratinjau = client.post("/evaluasi/pengaturan/", data).content.decode()
    assert "Periksa perubahan" in pratinjau and "batas bawah inklusif (70,00 → BB)" in pratinjau
    assert "hasil final dan hasil resmi tetap dengan nilai dan predikatnya" in pratinjau
    assert not PengaturanEvaluasi.objects.exists()
    riwayat = Riwayat.objects.count()
    jawab = client.post("/evaluasi/pengaturan/", {**data, "konfirmasi": "1"})
    assert jawab.status_code == 302
    pengaturan = PengaturanEvaluasi.objects.get(pemda=pemeran.pemda)
    assert pengaturan.skala_predikat.bawah_inklusif and pengaturan.instrumen_kota.pemda_id == pemeran.pemda.pk
    assert Riwayat.objects.count() - riwayat == 4  # the scale, two instrument copies, the settings
    sesudah = client.get("/evaluasi/pengaturan/").content.decode()
    assert "batas bawah inklusif: 70,00 → BB" in sesudah and f"inklusif:{_standar().pk}" not in sesudah
    # the city pages read the pemda's default instrument, now its own copy on the inclusive scale
    assert client.get("/evaluasi/kota/").status_code == 200
    assert client.get("/evaluasi/resmi/baru/").status_code == 200
    h = services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=Decimal("70.00"), predikat="BB")
    assert h.evaluasi.instrumen_id == pengaturan.instrumen_kota_id and h.predikat == "BB"
    # a confirmation read before another change is stale (409 message, nothing written)
    basi = {**data, "skala": f"skala:{_standar().pk}", "konfirmasi": "1", "versi": pengaturan.versi - 1}
    client.post("/evaluasi/pengaturan/", basi, follow=True)
    pengaturan.refresh_from_db()
    assert pengaturan.skala_predikat.bawah_inklusif


def test_evaluations_already_opened_keep_their_instrument_when_the_default_is_copied(pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    rencana = rencana_pengaturan(oleh=pemeran.organisasi, instrumen_kota=bawaan_a().pk,
                                 instrumen_pd=bawaan_b().pk, skala=f"inklusif:{_standar().pk}")  # fmt: skip
    assert rencana.berjalan_tetap == 1
    _inklusif(pemeran.organisasi)
    e.refresh_from_db()
    assert e.instrumen_id == bawaan_b().pk
    assert Evaluasi.objects.get(pk=e.pk).instrumen.skala_predikat_id == _standar().pk


def test_the_inclusive_copys_name_fits_and_differs_per_pemda(pemeran):
    sumber = SkalaPredikat(versi="S" * 60)
    nama = {versi_inklusif(sumber, p) for p in (pemeran.pemda, pemeran.pemda_lain)}
    assert len(nama) == 2 and all(len(n) <= 60 for n in nama)
    assert versi_inklusif(_standar(), pemeran.pemda) == f"{STANDAR} (bawah inklusif, {pemeran.pemda.kode})"


def test_the_results_only_12_2015_scale_and_instrument_are_no_choice_for_new_evaluations(client, pemeran):
    era_lama = SkalaPredikat.objects.get(versi="PermenPANRB 12/2015", pemda__isnull=True)
    client.force_login(pemeran.organisasi)
    halaman = client.get("/evaluasi/pengaturan/").content.decode()
    assert f"skala:{_standar().pk}" in halaman
    assert "12/2015" not in halaman and f"skala:{era_lama.pk}" not in halaman
    assert f"inklusif:{era_lama.pk}" not in halaman
    data = {"instrumen_kota": bawaan_a().pk, "instrumen_pd": bawaan_b().pk, "skala": f"skala:{era_lama.pk}"}
    client.post("/evaluasi/pengaturan/", {**data, "konfirmasi": "1"})
    assert not PengaturanEvaluasi.objects.exists()
