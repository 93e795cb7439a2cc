"""Upgrades lose nothing (issue 11 §17, §19): evaluations of an unknown kind stored before jenis was
validated are kept with their answers, marked archived; follow-ups already filed get their filer from the
history, so "nobody verifies what they filed" holds for them too."""

from __future__ import annotations

import importlib

import pytest
from django.db import IntegrityError, transaction

from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (fixture)

SEBELUM = [("evaluasi", "0002_permenpanrb_88_2021")]
SESUDAH = [("evaluasi", "0005_evaluasi_jenis_dikenal")]


@pytest.fixture
def _instrumen_dimuat_lagi():
    """A transactional test flushes the tables afterwards, the migrated instruments with them: load them
    again the way their data migration does, for the tests that follow."""
    yield
    from django.apps import apps

    from evaluasi.models import Instrumen

    if not Instrumen.objects.exists():
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(apps, None)


def _baris_lama(lama):
    """Real-looking rows as the app stored them before: two proper evaluations, three of kinds the
    workflow does not know (one with answers), and a follow-up filed twice by different users."""
    g = lama.get_model
    pemda = g("perangkat_daerah", "Pemda").objects.create(kode="kota-migrasi-ev", nama="Kota Migrasi")
    pd = g("perangkat_daerah", "PerangkatDaerah").objects.create(pemda=pemda, kode="9.01", nama="Dinas Migrasi")
    User = g("auth", "User")
    operator, kepala = User.objects.create(username="op-migrasi"), User.objects.create(username="kepala-migrasi")
    if not g("evaluasi", "Instrumen").objects.filter(kode="lke-internal-88-2021", versi=1).exists():
        # flushed by an earlier transactional test (the order depends on which tests run)
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(lama, None)
    ins = g("evaluasi", "Instrumen").objects.get(kode="lke-internal-88-2021", versi=1)
    Evaluasi = g("evaluasi", "Evaluasi")
    baris = {
        "mandiri": Evaluasi.objects.create(
            instrumen=ins, tahun=2024, pemda=pemda, perangkat_daerah=pd, jenis="mandiri"
        ),
        "internal": Evaluasi.objects.create(
            instrumen=ins, tahun=2024, pemda=pemda, perangkat_daerah=pd, jenis="internal", status="final"
        ),
        "html": Evaluasi.objects.create(instrumen=ins, tahun=2024, pemda=pemda, perangkat_daerah=pd, jenis="<b>x</b>"),
        "kosong": Evaluasi.objects.create(instrumen=ins, tahun=2024, pemda=pemda, perangkat_daerah=pd, jenis=""),
        "internal_kota": Evaluasi.objects.create(instrumen=ins, tahun=2024, pemda=pemda, jenis="internal"),
    }
    kriteria = g("evaluasi", "Kriteria").objects.filter(subkomponen__komponen__instrumen=ins).order_by("pk")[:3]
    for kr in kriteria:
        g("evaluasi", "Jawaban").objects.create(evaluasi=baris["html"], kriteria=kr, nilai="A", catatan="ada")
    rek = g("evaluasi", "Rekomendasi").objects.create(
        pemda=pemda, evaluasi=baris["internal"], uraian="Perbaiki IKU", perangkat_daerah=pd,
        batas_waktu="2025-06-30", status="proses", tindak_lanjut="IKU diperbaiki",
    )  # fmt: skip
    jenis_konten = g("contenttypes", "ContentType").objects.get_or_create(app_label="evaluasi", model="rekomendasi")[0]
    Riwayat = g("perangkat_daerah", "Riwayat")
    for aksi, oleh in (("buat", None), ("tindak_lanjut", operator), ("tindak_lanjut", kepala)):
        Riwayat.objects.create(pemda=pemda, content_type=jenis_konten, object_id=rek.pk, aksi=aksi, oleh=oleh)
    return baris, rek, kepala


@pytest.mark.django_db(transaction=True)
def test_unknown_kinds_are_archived_and_filers_recovered_nothing_lost(migrasi_ke, _instrumen_dimuat_lagi):  # noqa: F811
    baris, rek, kepala = _baris_lama(migrasi_ke(SEBELUM))
    baru = migrasi_ke(SESUDAH)
    Evaluasi = baru.get_model("evaluasi", "Evaluasi")
    sesudah = {k: Evaluasi.objects.get(pk=e.pk) for k, e in baris.items()}
    assert {k: (e.jenis, e.arsip) for k, e in sesudah.items()} == {
        "mandiri": ("mandiri", False),
        "internal": ("internal", False),
        "html": ("<b>x</b>", True),
        "kosong": ("", True),
        "internal_kota": ("internal", True),
    }
    jawaban = baru.get_model("evaluasi", "Jawaban").objects.filter(evaluasi_id=baris["html"].pk)
    assert sorted(jawaban.values_list("nilai", "catatan")) == [("A", "ada")] * 3
    r = baru.get_model("evaluasi", "Rekomendasi").objects.get(pk=rek.pk)
    assert (r.status, r.tindak_lanjut, r.ditindaklanjuti_oleh_id) == ("proses", "IKU diperbaiki", kepala.pk)
    with pytest.raises(IntegrityError), transaction.atomic():
        e = baris["mandiri"]
        Evaluasi.objects.create(instrumen_id=e.instrumen_id, tahun=2030, pemda_id=e.pemda_id, jenis="lain")


@pytest.mark.django_db(transaction=True)
def test_pd_results_recorded_from_an_lhe_before_the_field_get_it_and_worksheets_do_not(
    migrasi_ke,  # noqa: F811
    _instrumen_dimuat_lagi,
):
    lama = migrasi_ke([("evaluasi", "0012_teks_resmi_lke_data")])
    g = lama.get_model
    pemda = g("perangkat_daerah", "Pemda").objects.create(kode="kota-lhe-pd", nama="Kota LHE")
    pd = g("perangkat_daerah", "PerangkatDaerah").objects.create(pemda=pemda, kode="9.02", nama="Dinas LHE")
    if not g("evaluasi", "Instrumen").objects.filter(kode="lke-internal-88-2021", versi=1).exists():
        # flushed by an earlier transactional test (the order depends on which tests run)
        importlib.import_module("evaluasi.migrations.0002_permenpanrb_88_2021").muat(lama, None)
    ins = g("evaluasi", "Instrumen").objects.get(kode="lke-internal-88-2021", versi=1)
    Evaluasi = g("evaluasi", "Evaluasi")
    buat = {"instrumen": ins, "pemda": pemda, "perangkat_daerah": pd, "jenis": "internal"}
    dari_lhe = Evaluasi.objects.create(tahun=2022, status="final", **buat)
    lembar = Evaluasi.objects.create(tahun=2023, status="final", **buat)
    draf = Evaluasi.objects.create(tahun=2024, **buat)
    kr = g("evaluasi", "Kriteria").objects.filter(subkomponen__komponen__instrumen=ins).first()
    g("evaluasi", "Jawaban").objects.create(evaluasi=lembar, kriteria=kr, nilai="A")
    baru = migrasi_ke([("evaluasi", "0013_lhe_pd_angka")])
    tanda = dict(baru.get_model("evaluasi", "Evaluasi").objects.values_list("pk", "dicatat_dari_lhe"))
    assert (tanda[dari_lhe.pk], tanda[lembar.pk], tanda[draf.pk]) == (True, False, False)
