"""The facts beside the criteria on the pages (issue 15 point 2): the default mapping of the migrated criteria,
the mapping as admin-edited data that follows an instrument's copy, the worksheet showing each fact with its
value, period and link, the plan's ranked list of what the data says is missing, access through the worksheet's
one choke point, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluasi import fakta, services
from evaluasi.models import FaktaKriteria, Kriteria, Rekomendasi
from evaluasi.selectors import fakta as fakta_selector
from evaluasi.selectors import hitung, instrumen_siap, masukan_evaluasi
from kinerja.models import DokumenIKU, Indikator, KunciTriwulan, ManualIK, PeriodePerencanaan
from laporan.models import Laporan
from perangkat_daerah.models import Riwayat
from tests.evaluasi.factories import buat_evaluasi, instrumen_a, instrumen_b, isi_jawaban
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target
from tests.kinerja.test_mutu_pohon import _pagu, pohon_bersih

pytestmark = pytest.mark.django_db
TAHUN = 2025
PETA_BAWAAN = {
    "1a.6": ["anggaran-terhubung"],
    "1b.6": ["iku-manual-final"],
    "1b.8": ["kelengkapan-cascading", "sasaran-selaras"],
    "1c.1": ["anggaran-terhubung"],
    "1c.3": ["target-tercapai"],
    "2a.2": ["iku-manual-final"],
    "2a.3": ["realisasi-tepat-waktu"],
    "2b.4": ["realisasi-tepat-waktu"],
    "3a.1": ["lkjip-dibuat"],
    "3a.4": ["lkjip-direviu"],
    "3a.6": ["lkjip-dibuat", "lkjip-direviu"],
    "4c.1": ["rekomendasi-ditindaklanjuti"],
}


def _iku_draf(pemeran, pd):
    """Two IKU of `pd` in the 2021–2026 period, one with a manual; no IKU document yet."""
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    s = buat_sasaran(pemeran.pemda, pd, periode=periode)
    ManualIK.objects.create(indikator=buat_indikator(sasaran=s, iku=True), definisi="Definisi.")
    buat_indikator(sasaran=s, iku=True)
    return periode


def test_the_migrated_criteria_have_the_default_mapping_of_registered_facts():
    for ins in (instrumen_a(), instrumen_b()):
        assert fakta_selector.peta_fakta(ins.pk) == PETA_BAWAAN, ins.kode
    kunci = set(FaktaKriteria.objects.values_list("kunci", flat=True))
    assert kunci == {f.kunci for f in fakta.semua()}


def test_a_copy_of_the_instrument_carries_its_mapping(pemeran):
    salinan = services.instrumen_salin(instrumen=instrumen_b(), oleh=pemeran.admin)
    assert salinan.pemda_id == pemeran.pemda.pk
    assert fakta_selector.peta_fakta(salinan.pk) == PETA_BAWAAN


def test_an_unknown_fact_key_is_refused():
    kr = Kriteria.objects.filter(subkomponen__komponen__instrumen=instrumen_b(), kode="1c.4").get()
    with pytest.raises(Exception, match="Fakta ini tidak dikenal"):
        FaktaKriteria(kriteria=kr, kunci="tidak-ada").full_clean()


# --- the worksheet and the plan ----------------------------------------------------------------------------


def test_dinkes_like_worksheet_shows_each_mapped_fact_with_value_period_and_link(pemeran, client):
    _iku_draf(pemeran, pemeran.pd_a)
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN)
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert resp.status_code == 200
    isi = resp.content.decode()
    assert "Indikator dengan manual IK final:</span> <strong>0 dari 2</strong> (0,00%)" in isi
    assert "IKU periode 2021–2026" in isi and "Dokumen IKU belum final; 1 dari 2 IKU sudah bermanual." in isi
    assert f'href="/perencanaan/iku/pd/{pemeran.pd_a.pk}/?tahun=2025"' in isi
    assert f'href="/perencanaan/mutu/?tahun=2025&amp;pd={pemeran.pd_a.pk}&amp;cek=belum-selaras"' in isi
    assert "LKjIP dibuat sebelum batas waktu:</span> <strong>Belum dibuat</strong>" in isi
    # beside its criterion: the IKU fact stands in the rows of 1b.6 and 2a.2, twice in all
    kriteria = {kr["info"].kode: kr for k in resp.context["komponen"] for s in k["subs"] for kr in s["kriteria"]}
    assert [f.kunci for f in kriteria["2a.2"]["fakta"]] == ["iku-manual-final"]
    assert kriteria["1c.4"]["fakta"] == []
    assert isi.count("Indikator dengan manual IK final:") == 2


def test_the_plan_ranks_the_criteria_the_data_says_are_short_by_points_lost(pemeran, client):
    _iku_draf(pemeran, pemeran.pd_a)
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN)
    isi_jawaban(e, lambda kr: "T" if kr.kode == "2a.2" else kr.pilihan[0])  # 2a.2 loses points; 1b.6 none
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/evaluasi/{e.pk}/hasil/")
    assert resp.status_code == 200
    daftar = resp.context["perbaikan_fakta"]
    kode = [p.kode for p in daftar]
    assert kode[0] == "2a.2" and Decimal(daftar[0].poin.replace(",", ".")) > 0
    assert "1b.6" in kode and "3a.1" in kode
    assert "4c.1" not in kode and "1c.3" not in kode  # no recommendation, no PK indicator: nothing to count
    assert all(p.poin == "0,00" for p in daftar[1:])
    assert all(f.kurang for p in daftar for f in p.fakta)
    assert "Yang perlu diperbaiki menurut data SAKIP Kota" in resp.content.decode()


def test_a_criterion_whose_facts_are_complete_is_not_listed(pemeran):
    periode = _iku_draf(pemeran, pemeran.pd_a)
    tanpa = Indikator.objects.get(perangkat_daerah=pemeran.pd_a, manual_ik__isnull=True)
    ManualIK.objects.create(indikator=tanpa, definisi="Definisi kedua.")
    DokumenIKU.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, periode=periode, status="final")
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN, terisi=True)
    siap = instrumen_siap(e.instrumen)
    fakta_lembar = fakta_selector.fakta_lembar(evaluasi=e, user=pemeran.operator_a)
    assert [(f.teks, f.persen) for f in fakta_lembar["2a.2"]] == [("2 dari 2", Decimal(100))]
    daftar = fakta_selector.perbaikan_fakta(siap, hitung(siap, masukan_evaluasi(e, siap)), fakta_lembar)
    assert "2a.2" not in [p.kode for p in daftar] and "1b.6" not in [p.kode for p in daftar]
    assert "3a.1" in [p.kode for p in daftar]  # the LKjIP is still missing


# --- access: the worksheet's one choke point ---------------------------------------------------------------


def test_another_pds_user_gets_neither_the_worksheet_nor_its_facts(pemeran, client):
    _iku_draf(pemeran, pemeran.pd_a)
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN)
    client.force_login(pemeran.operator_b)
    for url in (f"/evaluasi/{e.pk}/", f"/evaluasi/{e.pk}/hasil/"):
        resp = client.get(url)
        assert resp.status_code == 404
        assert "Indikator dengan manual IK final" not in resp.content.decode()
    client.force_login(buat_pengguna(pemeran.pemda_lain, Peran.INSPEKTORAT))
    assert client.get(f"/evaluasi/{e.pk}/").status_code == 404


def test_the_inspektorats_draft_hides_its_facts_from_the_pd_and_shows_them_to_the_inspektorat(pemeran, client):
    _iku_draf(pemeran, pemeran.pd_a)
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=TAHUN)
    client.force_login(pemeran.operator_a)
    assert client.get(f"/evaluasi/{e.pk}/").status_code == 404
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert "Indikator dengan manual IK final:</span> <strong>0 dari 2</strong>" in resp.content.decode()
    # the same facts whoever reads them, once past the choke point
    mandiri = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN)
    assert fakta_selector.fakta_lembar(evaluasi=mandiri, user=pemeran.inspektorat) == fakta_selector.fakta_lembar(
        evaluasi=mandiri, user=pemeran.operator_a
    )


# --- a fixed number of queries -----------------------------------------------------------------------------


def _data(pemeran, n: int, pohon) -> None:
    """`n` more of everything the facts read: nodes with indicators, targets and realisations, budgets,
    recommendations, LKjIP jobs."""
    awal = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2020 + n % 5)
    for i in range(n):
        s = buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=pohon.program, tingkat=pohon.t["sasaran_kegiatan"])
        ind = buat_indikator(sasaran=s, iku=True)
        ManualIK.objects.create(indikator=ind, definisi="Definisi.")
        buat_target(ind, TAHUN, nilai=10)
        buat_realisasi(ind, TAHUN, 1, nilai=10, status="diverifikasi")
        sub = buat_sasaran(pemeran.pemda, pemeran.pd_a, induk=s, tingkat=pohon.t["sub_kegiatan"])
        _pagu(sub, "1000")
        Rekomendasi.objects.create(pemda=pemeran.pemda, evaluasi=awal, uraian=f"R{i}", perangkat_daerah=pemeran.pd_a,
                                   batas_waktu=datetime.date(2025, 6, 30))  # fmt: skip
        Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN,
                               status="selesai", selesai_pada=timezone.now())  # fmt: skip


def test_the_worksheets_facts_take_a_fixed_number_of_queries(pemeran, django_assert_max_num_queries):
    pohon = pohon_bersih(pemeran)
    PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    for tw in (1, 2):
        batas = datetime.date(TAHUN, 4, 1)
        KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=tw, batas_waktu=batas)
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, tahun=TAHUN)
    _data(pemeran, 1, pohon)
    with CaptureQueriesContext(connection) as sedikit:
        kecil = fakta_selector.fakta_lembar(evaluasi=e, user=pemeran.inspektorat)
    assert len(sedikit.captured_queries) <= 25
    _data(pemeran, 12, pohon)
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        besar = fakta_selector.fakta_lembar(evaluasi=e, user=pemeran.inspektorat)
    assert kecil["3a.4"] == besar["3a.4"] and kecil["2a.3"] != besar["2a.3"]  # the data grew, the reads did not


# --- the admin ---------------------------------------------------------------------------------------------


@pytest.fixture
def admin_pemda(pemeran, client):
    pemeran.admin.is_staff = True
    pemeran.admin.save()
    client.force_login(pemeran.admin)
    return client


def _kriteria(instrumen, kode: str) -> Kriteria:
    return Kriteria.objects.get(subkomponen__komponen__instrumen=instrumen, kode=kode)


def test_pemda_admin_maps_a_fact_to_a_criterion_of_its_own_copy_with_history(pemeran, admin_pemda):
    salinan = services.instrumen_salin(instrumen=instrumen_b(), oleh=pemeran.admin)
    kr = _kriteria(salinan, "1c.4")
    data = {"kriteria": kr.pk, "kunci": "realisasi-tepat-waktu", "urutan": 1}
    assert admin_pemda.post("/admin/evaluasi/faktakriteria/add/", data).status_code == 302
    baris = FaktaKriteria.objects.get(kriteria=kr)
    assert baris.kunci == "realisasi-tepat-waktu"
    r = Riwayat.objects.get(object_id=baris.pk, aksi="admin.tambah", content_type__model="faktakriteria")
    assert (r.pemda_id, r.oleh) == (pemeran.pemda.pk, pemeran.admin)
    assert fakta_selector.peta_fakta(salinan.pk)["1c.4"] == ["realisasi-tepat-waktu"]


def test_pemda_admin_cannot_map_a_national_or_another_pemdas_criterion_nor_an_unknown_fact(pemeran, admin_pemda):
    lain = services.instrumen_salin(instrumen=instrumen_b(), oleh=buat_pengguna(pemeran.pemda_lain, Peran.ADMIN))
    sendiri = services.instrumen_salin(instrumen=instrumen_b(), oleh=pemeran.admin)
    ditolak = [(instrumen_b(), "target-tercapai"), (lain, "target-tercapai"), (sendiri, "tidak-ada")]
    for kr, kunci in ((_kriteria(ins, "1c.4"), kunci) for ins, kunci in ditolak):
        resp = admin_pemda.post("/admin/evaluasi/faktakriteria/add/", {"kriteria": kr.pk, "kunci": kunci, "urutan": 0})
        assert resp.status_code == 200 and resp.context["adminform"].form.errors
        assert not FaktaKriteria.objects.filter(kriteria=kr).exists()
    pilihan = admin_pemda.get("/admin/evaluasi/faktakriteria/add/").context["adminform"].form.fields["kriteria"]
    instrumen = set(pilihan.queryset.values_list("subkomponen__komponen__instrumen", flat=True))
    assert instrumen == {sendiri.pk}


def test_a_national_mapping_is_read_only_to_the_pemda_admin(admin_pemda):
    baris = FaktaKriteria.objects.filter(kriteria__subkomponen__komponen__instrumen=instrumen_b()).first()
    assert admin_pemda.get(f"/admin/evaluasi/faktakriteria/{baris.pk}/change/").status_code == 200
    data = {"kriteria": baris.kriteria_id, "kunci": "target-tercapai", "urutan": 9}
    assert admin_pemda.post(f"/admin/evaluasi/faktakriteria/{baris.pk}/change/", data).status_code == 403
    assert admin_pemda.post(f"/admin/evaluasi/faktakriteria/{baris.pk}/delete/", {"post": "yes"}).status_code == 403
    baris.refresh_from_db()
    assert baris.urutan != 9


def test_superuser_edits_the_national_mapping(admin_client):
    kr = _kriteria(instrumen_b(), "1c.4")
    data = {"kriteria": kr.pk, "kunci": "realisasi-tepat-waktu", "urutan": 1}
    assert admin_client.post("/admin/evaluasi/faktakriteria/add/", data).status_code == 302
    assert fakta_selector.peta_fakta(instrumen_b().pk)["1c.4"] == ["realisasi-tepat-waktu"]
    assert admin_client.get("/admin/evaluasi/faktakriteria/").status_code == 200
