"""Official wording (issue 15 point 3): the LKE statements of PermenPANRB 88/2021 as a new version of each
national 88/2021 instrument made by a data migration; the old version kept untouched for the evaluations that
used it; every old criterion mapped to the new one (PemetaanKriteria, for point 6); the choice between sources
in the instrument's notes; each sub-component's meaning of AA and A shown on the worksheet."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as apps_kini

from evaluasi.models import FaktaKriteria, Instrumen, Kriteria, PemetaanKriteria, PengaturanEvaluasi, SubKomponen
from evaluasi.selectors.pilihan import instrumen_pemda
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (fixture)
from tests.evaluasi.factories import KODE_A, KODE_B, buat_evaluasi, instrumen_a, instrumen_b

M0002 = importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021")
M0012 = importlib.import_module("evaluasi.migrations.0012_teks_resmi_lke_data")
SEBELUM = [("evaluasi", "0010_pemetaan_kriteria")]
SESUDAH = [("evaluasi", "0012_teks_resmi_lke_data")]


def _versi_resmi(kode: str) -> Instrumen:
    """The national version with the official wording (loaded again when a transactional test flushed it)."""
    qs = Instrumen.objects.filter(kode=kode, pemda__isnull=True, nama__endswith=f"({M0012.ACUAN_TEKS})")
    if not qs.exists():
        M0012.muat(apps_kini, None)
    return qs.select_related("skala_predikat", "induk").get()


def _teks(ins: Instrumen) -> tuple[dict, dict]:
    subs = {s.kode: s.nama for s in SubKomponen.objects.filter(komponen__instrumen=ins)}
    kriteria = {}
    for kr in Kriteria.objects.filter(subkomponen__komponen__instrumen=ins).select_related("subkomponen"):
        kriteria.setdefault(kr.subkomponen.kode, {})[kr.nomor] = kr.uraian
    return subs, {k: [v[n] for n in sorted(v)] for k, v in kriteria.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("kode", [KODE_A, KODE_B])
def test_the_new_version_carries_the_official_statements_and_its_notes(kode):
    baru = _versi_resmi(kode)
    lama = instrumen_a() if kode == KODE_A else instrumen_b()
    assert (baru.pemda_id, baru.aktif, baru.induk_id, baru.metode) == (None, True, lama.pk, lama.metode)
    assert baru.versi > lama.versi
    subs, kriteria = _teks(baru)
    assert subs == M0012.SUB_RESMI
    assert kriteria == M0012.KRITERIA_RESMI
    assert sum(len(v) for v in kriteria.values()) == 80
    assert kriteria["1a"][6] == "Setiap unit/satuan kerja merumuskan dan menetapkan Perencanaan Kinerja."
    assert "7/10" in baru.catatan and "6/11" in baru.catatan and "t-SEMAR" in baru.catatan
    panduan = dict(SubKomponen.objects.filter(komponen__instrumen=baru).values_list("kode", "panduan_nilai"))
    assert panduan["1a"] == M0012.PANDUAN_NILAI["keberadaan"] and "5 tahun" in panduan["1a"]
    assert panduan["2b"] == M0012.PANDUAN_NILAI["kualitas"] and panduan["4c"] == M0012.PANDUAN_NILAI["pemanfaatan"]


@pytest.mark.django_db
@pytest.mark.parametrize("kode", [KODE_A, KODE_B])
def test_the_old_version_is_unchanged(kode):
    _versi_resmi(kode)
    lama = instrumen_a() if kode == KODE_A else instrumen_b()
    subs, kriteria = _teks(lama)
    assert kriteria == M0002.KRITERIA
    assert subs["1a"] == "Keberadaan perencanaan kinerja" and lama.catatan == ""
    assert not SubKomponen.objects.filter(komponen__instrumen=lama).exclude(panduan_nilai="").exists()
    assert lama.nama == {k: n for k, n, _m in M0002.INSTRUMEN}[kode]


@pytest.mark.django_db
@pytest.mark.parametrize("kode", [KODE_A, KODE_B])
def test_every_old_criterion_is_mapped_to_its_counterpart_and_the_facts_follow(kode):
    baru = _versi_resmi(kode)
    lama = baru.induk
    peta = PemetaanKriteria.objects.filter(instrumen_baru=baru).select_related("kriteria_lama", "kriteria_baru")
    semua_lama = set(Kriteria.objects.filter(subkomponen__komponen__instrumen=lama).values_list("pk", flat=True))
    assert {p.kriteria_lama_id for p in peta} == semua_lama and len(peta) == 80
    assert all(p.instrumen_lama_id == lama.pk and p.kriteria_baru is not None for p in peta)
    assert all(p.kriteria_lama.kode == p.kriteria_baru.kode for p in peta)
    assert all(p.kriteria_baru.subkomponen.komponen.instrumen_id == baru.pk for p in peta)
    fakta = {
        (f.kriteria.kode, f.kunci)
        for f in FaktaKriteria.objects.filter(kriteria__subkomponen__komponen__instrumen=lama)
    }
    fakta_baru = {
        (f.kriteria.kode, f.kunci)
        for f in FaktaKriteria.objects.filter(kriteria__subkomponen__komponen__instrumen=baru)
    }
    assert fakta_baru == fakta


@pytest.mark.django_db
def test_the_new_version_is_the_default_only_where_the_selector_rules_allow(pemeran):
    baru = _versi_resmi(KODE_A)
    assert instrumen_pemda(pemeran.pemda.pk, kota=True) == baru
    assert instrumen_pemda(pemeran.pemda.pk, kota=False) == _versi_resmi(KODE_B)
    PengaturanEvaluasi.objects.update_or_create(pemda=pemeran.pemda, defaults={"instrumen_kota": instrumen_a()})
    assert instrumen_pemda(pemeran.pemda.pk, kota=True) == instrumen_a()  # a pemda's own choice still wins


@pytest.mark.django_db
def test_the_worksheet_shows_each_sub_components_meaning_of_aa_and_a(pemeran, client):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2025, instrumen=_versi_resmi(KODE_B))
    client.force_login(pemeran.operator_a)
    isi = client.get(f"/evaluasi/{e.pk}/").content.decode()
    assert isi.count("Panduan nilai AA dan A") == 12
    assert "AA: seluruh kriteria terpenuhi, telah dipertahankan sekurang-kurangnya 5 tahun" in isi
    assert "Dokumen Perencanaan kinerja telah tersedia" in isi
    assert "Terdapat pedoman teknis perencanaan kinerja." in isi
    lama = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=2024, instrumen=instrumen_b())
    isi_lama = client.get(f"/evaluasi/{lama.pk}/").content.decode()
    assert "Panduan nilai AA dan A" not in isi_lama and "Pedoman teknis perencanaan kinerja telah tersedia" in isi_lama


# --- The migration forward on real-looking data ------------------------------------------------------------


@pytest.fixture
def _instrumen_dimuat_lagi():
    """A transactional test flushes the tables afterwards: load the national instruments again as their data
    migrations do, for the tests that follow."""
    yield
    if not Instrumen.objects.exists():
        M0002.muat(apps_kini, None)
        M0012.muat(apps_kini, None)


def _jejak(g, ins: int):
    """Everything of instrument `ins` (its pk) a write could change."""
    Kriteria_ = g("evaluasi", "Kriteria")
    return (
        g("evaluasi", "Instrumen").objects.filter(pk=ins).values().get(),
        list(g("evaluasi", "SubKomponen").objects.filter(komponen__instrumen_id=ins).order_by("pk").values()),
        list(Kriteria_.objects.filter(subkomponen__komponen__instrumen_id=ins).order_by("pk").values()),
        list(g("evaluasi", "FaktaKriteria").objects.filter(kriteria__subkomponen__komponen__instrumen_id=ins).values()),
    )


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_maps_and_leaves_last_years_rows_alone(migrasi_ke, _instrumen_dimuat_lagi):  # noqa: F811
    lama = migrasi_ke(SEBELUM)
    g = lama.get_model
    Instrumen_ = g("evaluasi", "Instrumen")
    if not Instrumen_.objects.filter(kode=KODE_A, versi=1).exists():  # flushed by an earlier transactional test
        M0002.muat(lama, None)
    v1 = {k: Instrumen_.objects.get(kode=k, versi=1) for k in (KODE_A, KODE_B)}
    pemda = g("perangkat_daerah", "Pemda").objects.create(kode="kota-teks-resmi", nama="Kota Teks Resmi")
    pd = g("perangkat_daerah", "PerangkatDaerah").objects.create(pemda=pemda, kode="1.02", nama="Dinas Kesehatan")
    # last year's final internal evaluation with answers, a fact beside a criterion, and the pemda's own
    # adaptation that already took version 2 of the method-A code
    Evaluasi = g("evaluasi", "Evaluasi")
    ev = Evaluasi.objects.create(
        instrumen=v1[KODE_B], tahun=2024, pemda=pemda, perangkat_daerah=pd, jenis="internal", status="final"
    )
    kr = g("evaluasi", "Kriteria").objects.get(subkomponen__komponen__instrumen=v1[KODE_B], kode="1b.6")
    g("evaluasi", "Jawaban").objects.create(evaluasi=ev, kriteria=kr, nilai="B", catatan="IKU belum bermanual")
    g("evaluasi", "FaktaKriteria").objects.get_or_create(kriteria=kr, kunci="iku-manual-final")
    milik = Instrumen_.objects.create(
        kode=KODE_A, nama="Adaptasi kota", metode="A", tahun_berlaku=2024, versi=2, pemda=pemda, aktif=False,
        skala_predikat=v1[KODE_A].skala_predikat, induk=v1[KODE_A],
    )  # fmt: skip
    sebelum = {k: _jejak(g, i.pk) for k, i in v1.items()}

    baru = migrasi_ke(SESUDAH)
    g = baru.get_model
    for kode, i in v1.items():  # not one row of the old versions written (the new columns aside)
        sesudah = _jejak(g, i.pk)
        assert {k: sesudah[0][k] for k in sebelum[kode][0]} == sebelum[kode][0]
        assert [{k: b[k] for k in a} for a, b in zip(sebelum[kode][1], sesudah[1], strict=True)] == sebelum[kode][1]
        assert sesudah[2:] == sebelum[kode][2:]
        assert sesudah[0]["catatan"] == "" and {b["panduan_nilai"] for b in sesudah[1]} == {""}
    ev = g("evaluasi", "Evaluasi").objects.get(pk=ev.pk)
    assert ev.instrumen_id == v1[KODE_B].pk and ev.status == "final"
    assert g("evaluasi", "Jawaban").objects.get(evaluasi=ev, kriteria_id=kr.pk).catatan == "IKU belum bermanual"
    assert g("evaluasi", "Instrumen").objects.get(pk=milik.pk).nama == "Adaptasi kota"
    for kode, versi in ((KODE_A, 3), (KODE_B, 2)):  # the next free version: the pemda's copy keeps its number
        n = g("evaluasi", "Instrumen").objects.get(kode=kode, versi=versi)
        assert (n.pemda_id, n.aktif, n.induk_id) == (None, True, v1[kode].pk)
        peta = g("evaluasi", "PemetaanKriteria").objects.filter(instrumen_baru=n, instrumen_lama_id=v1[kode].pk)
        assert peta.count() == 80 and not peta.filter(kriteria_baru__isnull=True).exists()
    n_b = g("evaluasi", "Instrumen").objects.get(kode=KODE_B, versi=2)
    kr_baru = g("evaluasi", "PemetaanKriteria").objects.get(instrumen_baru=n_b, kriteria_lama_id=kr.pk).kriteria_baru
    assert kr_baru.uraian == M0012.KRITERIA_RESMI["1b"][5]
    assert g("evaluasi", "FaktaKriteria").objects.filter(kriteria=kr_baru, kunci="iku-manual-final").exists()
