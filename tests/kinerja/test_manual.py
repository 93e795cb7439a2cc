"""Manual IK and the IKU document (issue 13 point 4): rights, the lock of a final document with its reason,
history rows, the pages (form, 409 keeping typed input, 404 for another PD), query counts, API filters."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import DokumenIKU, ManualIK, PeriodePerencanaan
from kinerja.services import manual as layanan
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db
ISI = {
    "definisi": "Persentase balita diimunisasi", "rumus": "A ÷ B × 100", "alasan": "Prioritas", "jenis": "outcome",
    "sumber_data": "PWS", "penanggung_jawab": "Kabid", "periode_pelaporan": "triwulanan",
}  # fmt: skip


@pytest.fixture
def iku(pemeran):
    PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    return buat_indikator(pemeran.pd_a, kode="IKU-A1", iku=True)


def test_operator_writes_own_pd_manual_with_history(pemeran, iku):
    m = layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "A/B"}, versi=1)
    m.refresh_from_db()
    assert (m.rumus, m.versi, m.diubah_oleh) == ("A/B", 2, pemeran.operator_a)
    aksi = list(Riwayat.objects.filter(object_id=m.pk).order_by("pk").values_list("aksi", flat=True))
    assert aksi == ["manual.simpan", "manual.simpan"]


@pytest.mark.parametrize("peran", ["operator_b", "organisasi", "pimpinan"])
def test_others_may_not_write_a_pd_manual(pemeran, iku, peran):
    with pytest.raises(PermissionDenied):
        layanan.manual_simpan(indikator=iku, oleh=getattr(pemeran, peran), nilai=ISI, versi=None)
    assert ManualIK.objects.count() == 0


def test_bagian_organisasi_writes_the_citys_manuals_and_a_pd_user_may_not(pemeran):
    kota = buat_indikator(pemda=pemeran.pemda, kode="IKU-K1", iku=True)
    with pytest.raises(PermissionDenied):
        layanan.manual_simpan(indikator=kota, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    assert layanan.manual_simpan(indikator=kota, oleh=pemeran.organisasi, nilai=ISI, versi=None).versi == 1


def test_stale_version_is_refused(pemeran, iku):
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    with pytest.raises(VersiKedaluwarsa):
        layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "x"}, versi=None)


def test_final_document_locks_manuals_change_needs_reason_and_is_a_revision(pemeran, iku):
    m = layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    periode = PeriodePerencanaan.objects.get()
    dok = layanan.dokumen_iku_pastikan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, periode=periode,
                                       oleh=pemeran.operator_a)  # fmt: skip
    with pytest.raises(PermissionDenied):  # only the kepala PD sets a PD's document
        layanan.dokumen_iku_tetapkan(dokumen=dok, oleh=pemeran.operator_a, versi=dok.versi)
    layanan.dokumen_iku_tetapkan(dokumen=dok, oleh=pemeran.kepala_a, versi=dok.versi)
    assert DokumenIKU.objects.get().status == "final"
    with pytest.raises(ValidationError) as galat:
        layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "baru"}, versi=1)
    assert galat.value.message_dict == {"catatan": ["Kolom ini wajib diisi."]}
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "baru"}, versi=1,
                          catatan="Rumus disesuaikan Renstra")  # fmt: skip
    r = Riwayat.objects.filter(object_id=m.pk, aksi="manual.revisi").get()
    assert (r.catatan, r.sebelum["rumus"], r.sesudah["rumus"]) == ("Rumus disesuaikan Renstra", "A ÷ B × 100", "baru")


def test_a_revised_manual_counts_one_revision_on_its_final_iku_document(pemeran, iku):
    """THE count of a set document's revisions (`rencana.revisi_catat`): each revised manual is one revision of
    the IKU document, with its reason; a refused change counts none; the document's `versi` stays."""
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    dok = layanan.dokumen_iku_pastikan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                                       periode=PeriodePerencanaan.objects.get(), oleh=pemeran.operator_a)  # fmt: skip
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "draf"}, versi=1)
    layanan.dokumen_iku_tetapkan(dokumen=dok, oleh=pemeran.kepala_a, versi=dok.versi)
    assert DokumenIKU.objects.values_list("revisi", "versi").get() == (0, 2)  # a draft's edit is no revision
    with pytest.raises(ValidationError):
        layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": "x"}, versi=2)
    for versi, alasan in [(2, "Rumus disesuaikan Renstra"), (3, "Sumber data berganti")]:
        layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai={**ISI, "rumus": alasan}, versi=versi,
                              catatan=alasan)  # fmt: skip
    assert DokumenIKU.objects.values_list("revisi", "versi").get() == (2, 2)
    r = Riwayat.objects.filter(object_id=dok.pk, aksi="iku.revisi", content_type__model="dokumeniku")
    assert list(r.order_by("pk").values_list("catatan", "sesudah__revisi", "oleh")) == [
        ("Rumus disesuaikan Renstra", 1, pemeran.operator_a.pk),
        ("Sumber data berganti", 2, pemeran.operator_a.pk),
    ]


def test_a_document_with_an_iku_without_manual_cannot_be_set(pemeran, iku):
    dok = layanan.dokumen_iku_pastikan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a,
                                       periode=PeriodePerencanaan.objects.get(), oleh=pemeran.kepala_a)  # fmt: skip
    with pytest.raises(ValidationError) as galat:
        layanan.dokumen_iku_tetapkan(dokumen=dok, oleh=pemeran.kepala_a, versi=1)
    assert galat.value.messages == ["IKU berikut belum memiliki manual: IKU-A1."]


def test_manual_page_saves_through_the_form(client, pemeran, iku):
    client.force_login(pemeran.operator_a)
    url = f"/perencanaan/manual/{iku.pk}/"
    assert client.get(url).status_code == 200
    resp = client.post(url, {**ISI, "versi": ""})
    assert resp.status_code == 302
    assert ManualIK.objects.get().definisi == "Persentase balita diimunisasi"


def test_manual_page_stale_version_is_409_keeping_typed_input(client, pemeran, iku):
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    layanan.manual_simpan(indikator=iku, oleh=pemeran.kepala_a, nilai={**ISI, "rumus": "lain"}, versi=1)
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/perencanaan/manual/{iku.pk}/", {**ISI, "rumus": "ketikan saya", "versi": "1"})
    assert resp.status_code == 409
    assert "ketikan saya" in resp.content.decode()
    assert ManualIK.objects.get().rumus == "lain"


def test_another_pds_indicator_is_404(client, pemeran, iku):
    client.force_login(pemeran.operator_b)
    assert client.get(f"/perencanaan/manual/{iku.pk}/").status_code == 404
    assert client.post(f"/perencanaan/manual/{iku.pk}/", ISI).status_code == 404


def test_iku_page_flags_missing_manuals_in_fixed_queries(client, pemeran, iku, django_assert_max_num_queries):
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    for i in range(5):
        buat_indikator(pemeran.pd_a, kode=f"IKU-A{i + 2}", iku=True)
    client.force_login(pemeran.kepala_a)
    client.get(f"/perencanaan/iku/pd/{pemeran.pd_a.pk}/?tahun=2025")
    with django_assert_max_num_queries(12):
        html = client.get(f"/perencanaan/iku/pd/{pemeran.pd_a.pk}/?tahun=2025").content.decode()
    assert "5 IKU belum memiliki manual." in html and "Persentase balita diimunisasi" in html
    assert "Tetapkan" in html
    resp = client.post(f"/perencanaan/iku/pd/{pemeran.pd_a.pk}/tetapkan/?tahun=2025")
    assert resp.status_code == 302 and DokumenIKU.objects.count() == 1  # made, then refused: 5 lack a manual
    assert DokumenIKU.objects.get().status == "draf"


def test_api_lists_manuals_with_filters(pemeran, iku):
    from rest_framework.test import APIClient

    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    b = buat_indikator(pemeran.pd_b, kode="IKU-B1", iku=True)
    layanan.manual_simpan(indikator=b, oleh=pemeran.operator_b, nilai={**ISI, "jenis": "output"}, versi=None)
    klien = APIClient()
    klien.force_login(pemeran.organisasi)

    def kode(q):
        return sorted(r["indikator"] for r in klien.get(f"/api/v1/manual-ik/{q}").json()["results"])

    assert kode("") == sorted([iku.pk, b.pk])
    assert kode(f"?pd={pemeran.pd_b.pk}") == [b.pk]
    assert kode(f"?indikator={iku.pk}") == [iku.pk]
    assert kode("?jenis=output") == [b.pk]
    assert klien.get("/api/v1/manual-ik/?pd=abc").status_code == 400


def test_input_page_shows_the_manual_beside_the_indicator_without_extra_queries(
    client, pemeran, iku, django_assert_max_num_queries
):
    layanan.manual_simpan(indikator=iku, oleh=pemeran.operator_a, nilai=ISI, versi=None)
    client.force_login(pemeran.operator_a)
    url = f"/kinerja/realisasi/{pemeran.pd_a.pk}/2025/1/"
    client.get(url)
    with django_assert_max_num_queries(20):
        html = client.get(url).content.decode()
    assert "Persentase balita diimunisasi" in html and "A ÷ B × 100" in html
