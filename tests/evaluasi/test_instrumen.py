"""The instrument as data: the migrated PermenPANRB 88/2021 worksheet, the band table, the lock on
instruments used by a final evaluation, copying to a new version, and the engine adapter."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi import scoring, services
from evaluasi.models import BandPredikat, Instrumen, InstrumenTerkunci, Komponen, Kriteria, SkalaPredikat, SubKomponen
from evaluasi.selectors import Masukan, hitung, instrumen_siap, instrumen_untuk_engine
from tests.evaluasi.factories import KODE_A, KODE_B, evaluasi_final, instrumen_a, instrumen_b

pytestmark = pytest.mark.django_db
D = Decimal

BOBOT_88 = {
    "1": ("30", ("6", "9", "15")),
    "2": ("30", ("6", "9", "15")),
    "3": ("15", ("3", "4.5", "7.5")),
    "4": ("25", ("5", "7.5", "12.5")),
}
JUMLAH_KRITERIA_88 = {
    "1a": 7,
    "1b": 10,
    "1c": 8,
    "2a": 3,
    "2b": 7,
    "2c": 10,
    "3a": 6,
    "3b": 9,
    "3c": 7,
    "4a": 3,
    "4b": 5,
    "4c": 5,
}


@pytest.mark.parametrize("kode", [KODE_A, KODE_B])
def test_migrated_instrument_has_the_88_2021_shape(kode):
    ins = Instrumen.objects.get(kode=kode, versi=1)
    komponen = list(Komponen.objects.filter(instrumen=ins).order_by("urutan"))
    assert [k.kode for k in komponen] == ["1", "2", "3", "4"]
    assert [k.nama for k in komponen] == [
        "Perencanaan Kinerja",
        "Pengukuran Kinerja",
        "Pelaporan Kinerja",
        "Evaluasi Akuntabilitas Kinerja Internal",
    ]
    assert sum(k.bobot for k in komponen) == D("100")
    for k in komponen:
        bobot, bobot_sub = BOBOT_88[k.kode]
        subs = list(k.subkomponen.order_by("urutan"))
        assert k.bobot == D(bobot)
        assert [s.bobot for s in subs] == [D(b) for b in bobot_sub]
        assert [s.jenis for s in subs] == ["keberadaan", "kualitas", "pemanfaatan"]
    subs = SubKomponen.objects.filter(komponen__instrumen=ins)
    assert subs.count() == 12
    assert {s.kode: s.kriteria.count() for s in subs} == JUMLAH_KRITERIA_88
    assert Kriteria.objects.filter(subkomponen__komponen__instrumen=ins).count() == 80


def test_method_a_instrument_uses_yt_and_method_b_mixes_yt_and_ae():
    assert set(
        Kriteria.objects.filter(subkomponen__komponen__instrumen=instrumen_a()).values_list("skala", flat=True)
    ) == {"YT"}
    b = Kriteria.objects.filter(subkomponen__komponen__instrumen=instrumen_b())
    assert set(b.filter(subkomponen__jenis="keberadaan").values_list("skala", flat=True)) == {"YT"}
    assert set(b.exclude(subkomponen__jenis="keberadaan").values_list("skala", flat=True)) == {"AE"}


def test_migrated_band_table_mirrors_the_engine_default():
    skala = SkalaPredikat.objects.get(versi="PermenPANRB 88/2021")
    assert skala.bawah_inklusif is False
    baris = {(b.kode, b.nama, b.makna, b.batas_bawah, b.batas_atas) for b in BandPredikat.objects.filter(skala=skala)}
    assert baris == {(k, n, m, D(bw), D(at)) for k, n, m, bw, at in scoring.BAND_DEFAULT}


def test_all_max_answers_score_100_on_both_migrated_instruments():
    for ins in (instrumen_a(), instrumen_b()):
        siap = instrumen_siap(ins)
        jawaban = {kr.kode: kr.pilihan[0] for kr in siap.kriteria_kode.values()}
        nilai_sub = dict.fromkeys(siap.sub_kode, "AA") if ins.metode == "A" else {}
        hasil = hitung(siap, Masukan(jawaban, nilai_sub))
        assert hasil.total == D("100.00") and hasil.lengkap and hasil.predikat.kode == "AA"


def test_worked_example_20_70_on_the_migrated_method_a_instrument():
    siap = instrumen_siap(instrumen_a())
    jawaban = {kr.kode: "Y" for kr in siap.kriteria_kode.values()}
    hasil = hitung(siap, Masukan(jawaban, {"1a": "A", "1b": "B", "1c": "CC"}))
    assert hasil.komponen[0].nilai == D("20.70")


def test_engine_adapter_uses_a_fixed_number_of_queries_and_caches():
    ins = instrumen_b()
    Instrumen.objects.filter(pk=ins.pk).update(nama="Sentuh")  # auto_now is not touched by update()
    ins = Instrumen.objects.select_related("skala_predikat").get(pk=ins.pk)
    from evaluasi import selectors

    selectors._CACHE.clear()
    with CaptureQueriesContext(connection) as q:
        instrumen_siap(ins)
    assert len(q) == 4  # bands, komponen, subkomponen, kriteria
    with CaptureQueriesContext(connection) as q:
        instrumen_siap(ins)
    assert len(q) == 0
    assert instrumen_untuk_engine(ins.pk).engine.jumlah_kriteria == 80


def test_editing_a_criterion_invalidates_the_cached_engine_input():
    salinan = services.instrumen_salin(instrumen=instrumen_b())
    salinan = Instrumen.objects.select_related("skala_predikat").get(pk=salinan.pk)
    lama = instrumen_siap(salinan)
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=salinan, kode="1a.1")
    kr.uraian = "Diubah"
    kr.save()
    baru = instrumen_siap(Instrumen.objects.select_related("skala_predikat").get(pk=salinan.pk))
    assert baru is not lama and baru.kriteria_kode["1a.1"].uraian == "Diubah"


def test_instrument_used_by_a_final_evaluation_cannot_be_edited(pemeran):
    e = evaluasi_final(pemeran)
    ins = e.instrumen
    assert ins.terkunci
    with pytest.raises(InstrumenTerkunci):
        ins.nama = "Ubah"
        ins.save()
    kr = Kriteria.objects.filter(subkomponen__komponen__instrumen=ins).first()
    with pytest.raises(InstrumenTerkunci):
        kr.uraian = "Ubah"
        kr.save()
    with pytest.raises(InstrumenTerkunci):
        kr.delete()
    sub = SubKomponen.objects.filter(komponen__instrumen=ins).first()
    with pytest.raises(InstrumenTerkunci):
        sub.bobot = D("1")
        sub.save()
    band = BandPredikat.objects.filter(skala=ins.skala_predikat).first()
    with pytest.raises(InstrumenTerkunci):
        band.nama = "Ubah"
        band.save()
    assert Kriteria.objects.get(pk=kr.pk).uraian != "Ubah"


def test_copy_makes_an_editable_next_version_with_every_criterion(pemeran):
    e = evaluasi_final(pemeran)
    salinan = services.instrumen_salin(instrumen=e.instrumen)
    assert salinan.versi == e.instrumen.versi + 1 and salinan.induk_id == e.instrumen.pk and not salinan.terkunci
    assert Kriteria.objects.filter(subkomponen__komponen__instrumen=salinan).count() == 80
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=salinan, kode="1b.5")
    kr.uraian = "Indikator kinerja memenuhi SMART dan memiliki meta data"
    kr.save()
    assert Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1b.5").uraian != kr.uraian
    siap = instrumen_siap(Instrumen.objects.select_related("skala_predikat").get(pk=salinan.pk))
    assert siap.engine.jumlah_kriteria == 80


def test_admin_is_read_only_for_a_locked_instrument_and_copies_it(pemeran, rf, admin_user):
    e = evaluasi_final(pemeran)
    model_admin = site._registry[Instrumen]
    request = rf.get("/")
    request.user = admin_user
    assert not model_admin.has_change_permission(request, e.instrumen)
    assert not model_admin.has_delete_permission(request, e.instrumen)
    assert model_admin.has_change_permission(request, instrumen_a())
    request._messages = _Pesan()
    from evaluasi.admin import salin_instrumen

    salin_instrumen(model_admin, request, Instrumen.objects.filter(pk=e.instrumen.pk))
    assert Instrumen.objects.filter(kode=e.instrumen.kode, versi=2).exists()


def test_admin_pages_render_for_the_instrument(admin_client):
    ins = instrumen_b()
    assert admin_client.get(f"/admin/evaluasi/instrumen/{ins.pk}/change/").status_code == 200
    sub = SubKomponen.objects.filter(komponen__instrumen=ins).first()
    assert admin_client.get(f"/admin/evaluasi/subkomponen/{sub.pk}/change/").status_code == 200


class _Pesan:
    def add(self, *args, **kwargs):
        pass
