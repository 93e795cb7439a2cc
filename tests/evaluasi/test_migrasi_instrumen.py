"""Instrument migration (issue 15 point 6): last year's answers, notes and evidence carried into this year's
draft on a new instrument version through a mapping (data), previewed first, applied all or nothing with
history, never over an answer the draft already holds, only by whoever answers the draft."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evaluasi import services
from evaluasi.models import Jawaban, Kriteria, PemetaanKriteria
from evaluasi.selectors import instrumen_siap
from evaluasi.services import migrasi_instrumen as migrasi
from perangkat_daerah.models import Riwayat
from tests.evaluasi.factories import buat_evaluasi, instrumen_a, instrumen_b
from tests.factories import Peran, buat_pd, buat_pengguna

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture(autouse=True)
def _media_sendiri(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _kr(ins, kode: str) -> Kriteria:
    return Kriteria.objects.get(subkomponen__komponen__instrumen=ins, kode=kode)


def _pilihan(j: Jawaban) -> tuple[str, ...]:
    return instrumen_siap(j.evaluasi.instrumen).kriteria_id[j.kriteria_id].pilihan


def _nilai(e) -> dict[str, str]:
    return dict(Jawaban.objects.filter(evaluasi=e).values_list("kriteria__kode", "nilai"))


def _jawaban(e, kode: str) -> Jawaban:
    return Jawaban.objects.get(evaluasi=e, kriteria__kode=kode)


@pytest.fixture
def dinkes(pemeran):
    """Dinkes' 2024 self-assessment on the national instrument, every criterion answered its scale's second
    answer, one with the first, a note and an evidence file; the pemda's copy of that instrument for 2025."""
    pd = buat_pd(pemeran.pemda, nama="Dinas Kesehatan", singkatan="Dinkes")
    operator = buat_pengguna(pemeran.pemda, Peran.OPERATOR_PD, pd)
    lama = instrumen_b()
    e2024 = buat_evaluasi(operator, pd=pd, tahun=2024, instrumen=lama, pola=lambda kr: kr.pilihan[1])
    j = (
        Jawaban.objects.filter(evaluasi=e2024)
        .order_by("kriteria__subkomponen__komponen__urutan", "kriteria__nomor")
        .first()
    )
    services.jawaban_simpan(
        evaluasi=e2024,
        oleh=operator,
        isian=[services.IsianJawaban(j.kriteria.kode, _pilihan(j)[0], j.versi, "Renstra 2021-2026")],
    )
    j.refresh_from_db()
    services.bukti_unggah(
        jawaban=j,
        berkas=SimpleUploadedFile("renstra.pdf", PDF, content_type="application/pdf"),
        oleh=operator,
        versi=j.versi,
    )
    baru = services.instrumen_salin(instrumen=lama, nama="LKE internal 2025", oleh=pemeran.admin)
    return pd, operator, lama, baru, e2024, j.kriteria.kode


def test_a_mapped_answer_carries_with_its_note_and_a_copy_of_its_evidence(dinkes, settings):
    pd, operator, lama, baru, e2024, kode = dinkes
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    rencana = migrasi.migrasi_rencana(e2025)
    assert rencana.sumber == e2024 and not rencana.tidak_dibawa
    assert len(rencana.dibawa) == Kriteria.objects.filter(subkomponen__komponen__instrumen=lama).count()
    migrasi.migrasi_terapkan(evaluasi=e2025, oleh=operator)
    asal, tujuan = _jawaban(e2024, kode), _jawaban(e2025, kode)
    assert (tujuan.nilai, tujuan.catatan, tujuan.bukti_nama) == (asal.nilai, "Renstra 2021-2026", "renstra.pdf")
    assert tujuan.bukti.name != asal.bukti.name  # its own copy: replacing it never deletes last year's
    assert (settings.MEDIA_ROOT / tujuan.bukti.name).read_bytes() == (
        settings.MEDIA_ROOT / asal.bukti.name
    ).read_bytes()
    assert tujuan.kriteria.subkomponen.komponen.instrumen_id == baru.pk and tujuan.versi == 2
    assert Riwayat.objects.filter(aksi="migrasi_jawaban", object_id=tujuan.pk).exists()
    assert _nilai(e2025) == _nilai(e2024)


def test_an_unmapped_answer_is_listed_and_not_carried_and_an_answer_in_the_draft_is_kept(dinkes):
    pd, operator, lama, baru, e2024, kode = dinkes
    kode_lain = Kriteria.objects.filter(subkomponen__komponen__instrumen=lama).exclude(kode=kode).first().kode
    PemetaanKriteria.objects.create(
        instrumen_lama=lama, instrumen_baru=baru, kriteria_lama=_kr(lama, kode), kriteria_baru=None
    )  # the data says: this one carries nowhere, though a criterion with its code exists
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    j = _jawaban(e2025, kode_lain)
    services.jawaban_simpan(
        evaluasi=e2025, oleh=operator, isian=[services.IsianJawaban(kode_lain, _pilihan(j)[-1], j.versi)]
    )
    rencana = migrasi.migrasi_rencana(e2025)
    assert [b.lama.kode for b in rencana.tanpa_pasangan] == [kode]
    assert {b.lama.kode: b.status for b in rencana.tidak_dibawa} == {
        kode: migrasi.TANPA_PASANGAN,
        kode_lain: migrasi.SUDAH_DIISI,
    }
    migrasi.migrasi_terapkan(evaluasi=e2025, oleh=operator)
    assert _jawaban(e2025, kode).nilai == "" and not _jawaban(e2025, kode).bukti
    assert _jawaban(e2025, kode_lain).nilai == _pilihan(j)[-1]


def test_acceptance_two_criteria_renamed_and_one_removed_migrate_dinkes_answers(dinkes, pemeran, client):
    pd, operator, lama, baru, e2024, kode = dinkes
    kriteria = list(Kriteria.objects.filter(subkomponen__komponen__instrumen=baru).order_by("pk"))
    teks_baru, kode_baru, dihapus = kriteria[1], kriteria[2], kriteria[3]
    teks_baru.uraian = "Uraian yang dirumuskan ulang pada instrumen 2025"
    teks_baru.save()  # renamed: same code, new text
    kode_lama, kode_baru.kode = kode_baru.kode, kode_baru.kode + "x"
    kode_baru.save()  # renamed: new code, same text
    kode_dihapus = dihapus.kode
    dihapus.delete()
    assert migrasi.pemetaan_isi(lama=lama, baru=baru, oleh=pemeran.admin, pemda_id=pemeran.pemda.pk) == len(kriteria)
    peta = {r.kriteria_lama.kode: r.kriteria_baru for r in PemetaanKriteria.objects.filter(instrumen_baru=baru)}
    assert peta[teks_baru.kode] == teks_baru and peta[kode_lama] == kode_baru and peta[kode_dihapus] is None
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    client.force_login(operator)
    url = reverse("evaluasi:migrasi", args=[e2025.pk])
    halaman = client.get(url).content.decode()
    assert kode_dihapus in halaman.split('id="migrasi-tanpa-pasangan"')[1].split("</ul>")[0]
    assert "tidak ditimpa" in halaman and f"{len(kriteria) - 1} jawaban akan dibawa; 1 tidak dibawa." in halaman
    assert client.post(url).status_code == 302
    hasil, tahun_lalu = _nilai(e2025), _nilai(e2024)
    assert hasil[teks_baru.kode] == tahun_lalu[teks_baru.kode] and hasil[kode_baru.kode] == tahun_lalu[kode_lama]
    assert kode_dihapus not in hasil and tahun_lalu[kode_dihapus]
    assert "" not in hasil.values() and len(hasil) == len(kriteria) - 1


def test_only_whoever_answers_the_draft_applies_it_another_pd_gets_404(dinkes, pemeran, client):
    pd, operator, lama, baru, e2024, kode = dinkes
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    url = reverse("evaluasi:migrasi", args=[e2025.pk])
    client.force_login(pemeran.operator_b)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(pemeran.inspektorat)  # sees the PD's self-assessment, does not answer it
    assert client.get(url).status_code == 403 and client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        migrasi.migrasi_terapkan(evaluasi=e2025, oleh=pemeran.inspektorat)
    assert not Jawaban.objects.filter(evaluasi=e2025).exclude(nilai="").exists()


def test_all_or_nothing_a_missing_evidence_file_carries_nothing_and_leaves_no_copy(dinkes, settings):
    pd, operator, lama, baru, e2024, kode = dinkes
    asal = _jawaban(e2024, kode)
    (settings.MEDIA_ROOT / asal.bukti.name).unlink()
    sebelum = {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    assert [b.lama.kode for b in migrasi.migrasi_rencana(e2025).dibawa if b.bukti_hilang] == [kode]
    with pytest.raises(ValidationError) as galat:
        migrasi.migrasi_terapkan(evaluasi=e2025, oleh=operator)
    assert "tidak ditemukan" in galat.value.message_dict[kode][0]
    assert not Jawaban.objects.filter(evaluasi=e2025).exclude(nilai="").exists()
    assert {p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()} == sebelum


def test_a_submitted_draft_is_refused(dinkes):
    pd, operator, lama, baru, e2024, kode = dinkes
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    e2025.status = "diajukan"
    e2025.save(update_fields=["status"])
    with pytest.raises((ValidationError, PermissionDenied)):
        migrasi.migrasi_terapkan(evaluasi=e2025, oleh=operator)


def test_the_worksheet_links_to_the_preview_only_for_whoever_answers_it(dinkes, pemeran, client):
    pd, operator, lama, baru, e2024, kode = dinkes
    e2025 = buat_evaluasi(operator, pd=pd, tahun=2025, instrumen=baru)
    url = reverse("evaluasi:migrasi", args=[e2025.pk])
    client.force_login(operator)
    assert url in client.get(reverse("evaluasi:lembar", args=[e2025.pk])).content.decode()
    client.force_login(pemeran.inspektorat)
    assert url not in client.get(reverse("evaluasi:lembar", args=[e2025.pk])).content.decode()


def test_the_admin_action_stores_the_suggested_mapping_for_the_pemdas_own_copy_only(dinkes, pemeran, client):
    pd, operator, lama, baru, e2024, kode = dinkes
    pemeran.admin.is_staff = True
    pemeran.admin.save(update_fields=["is_staff"])
    client.force_login(pemeran.admin)
    url = reverse("admin:evaluasi_instrumen_changelist")
    sudah_ada = set(PemetaanKriteria.objects.values_list("pk", flat=True))  # e.g. the migrated national versions
    client.post(url, {"action": "isi_pemetaan", "_selected_action": [lama.pk, baru.pk]})
    rows = PemetaanKriteria.objects.filter(instrumen_baru=baru)
    assert rows.count() == Kriteria.objects.filter(subkomponen__komponen__instrumen=lama).count()
    assert not rows.filter(kriteria_baru__isnull=True).exists()
    assert set(PemetaanKriteria.objects.exclude(instrumen_baru=baru).values_list("pk", flat=True)) == sudah_ada
    assert Riwayat.objects.filter(
        aksi="buat", pemda_id=pemeran.pemda.pk, content_type__model="pemetaankriteria"
    ).exists()
    client.post(url, {"action": "isi_pemetaan", "_selected_action": [baru.pk]})  # again: nothing new
    assert PemetaanKriteria.objects.filter(instrumen_baru=baru).count() == rows.count()


def test_the_inspektorat_carries_its_own_internal_evaluation_and_the_pd_does_not_see_that_draft(pemeran, client):
    lama = instrumen_b()
    e2024 = buat_evaluasi(
        pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2024, pola=lambda kr: kr.pilihan[0]
    )
    baru = services.instrumen_salin(instrumen=lama, oleh=pemeran.admin)
    e2025 = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2025, instrumen=baru)
    url = reverse("evaluasi:migrasi", args=[e2025.pk])
    client.force_login(pemeran.operator_a)  # a PD never sees the Inspektorat's draft
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    client.force_login(pemeran.inspektorat)
    assert client.post(url).status_code == 302
    assert _nilai(e2025) == _nilai(e2024)


def _sub_nilai(e) -> dict[str, tuple[str, str]]:
    from evaluasi.models import NilaiSubKomponen

    return {
        n.subkomponen.kode: (n.nilai, n.alasan)
        for n in NilaiSubKomponen.objects.filter(evaluasi=e).select_related("subkomponen")
    }


def test_method_a_grades_and_their_reasons_carry_for_mapped_sub_components_the_rest_listed(pemeran, client):
    """Method A: a sub-component grade and its written reason carry where the sub-component maps (its
    criteria's mapping, else its code); one whose criteria all map nowhere and whose code is gone is listed."""
    from evaluasi.models import NilaiSubKomponen, SubKomponen

    lama = services.instrumen_salin(instrumen=instrumen_a(), nama="LKE kota 2024", oleh=pemeran.admin)
    e2024 = buat_evaluasi(pemeran.organisasi, jenis="mandiri", tahun=2024, instrumen=lama)
    NilaiSubKomponen.objects.filter(evaluasi=e2024).update(nilai="B")
    n = NilaiSubKomponen.objects.filter(evaluasi=e2024).order_by("subkomponen__komponen__urutan", "subkomponen__urutan")
    pertama, kedua = n[0], n[1]
    pertama.nilai, pertama.alasan = "A", "Dokumen perencanaan diakui KemenPANRB"
    pertama.save(update_fields=["nilai", "alasan"])
    baru = services.instrumen_salin(instrumen=lama, nama="LKE kota 2025", oleh=pemeran.admin)
    sub_pergi = SubKomponen.objects.get(komponen__instrumen=baru, kode=kedua.subkomponen.kode)
    sub_pergi.kode = sub_pergi.kode + "-baru"  # renamed: its code no longer matches
    sub_pergi.save()
    for kr in Kriteria.objects.filter(subkomponen=kedua.subkomponen):
        PemetaanKriteria.objects.create(instrumen_lama=lama, instrumen_baru=baru, kriteria_lama=kr, kriteria_baru=None)
    e2025 = buat_evaluasi(pemeran.organisasi, jenis="mandiri", tahun=2025, instrumen=baru)
    client.force_login(pemeran.organisasi)
    url = reverse("evaluasi:migrasi", args=[e2025.pk])
    halaman = client.get(url).content.decode()
    daftar = halaman.split('id="migrasi-sub-tidak-dibawa"')[1].split("</ul>")[0]
    assert kedua.subkomponen.kode in daftar and pertama.subkomponen.kode not in daftar
    assert client.post(url).status_code == 302
    hasil = _sub_nilai(e2025)
    assert hasil[pertama.subkomponen.kode] == ("A", "Dokumen perencanaan diakui KemenPANRB")
    assert hasil[sub_pergi.kode] == ("", "")
    jumlah = NilaiSubKomponen.objects.filter(evaluasi=e2024).count()
    assert sum(1 for v in hasil.values() if v[0] == "B") == jumlah - 2
    carried = NilaiSubKomponen.objects.get(evaluasi=e2025, subkomponen__kode=pertama.subkomponen.kode)
    assert carried.versi == 2 and Riwayat.objects.filter(aksi="migrasi_jawaban", object_id=carried.pk).exists()


def test_method_a_grades_are_all_or_nothing_with_the_answers(pemeran, settings):
    """A refused migration (a missing evidence file) carries no sub-component grade either."""
    from evaluasi.models import NilaiSubKomponen

    lama = services.instrumen_salin(instrumen=instrumen_a(), nama="LKE kota 2024", oleh=pemeran.admin)
    e2024 = buat_evaluasi(pemeran.organisasi, jenis="mandiri", tahun=2024, instrumen=lama, pola=lambda kr: "Y")
    j = Jawaban.objects.filter(evaluasi=e2024).first()
    services.bukti_unggah(
        jawaban=j, berkas=SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf"),
        oleh=pemeran.organisasi, versi=j.versi,
    )  # fmt: skip
    j.refresh_from_db()
    (settings.MEDIA_ROOT / j.bukti.name).unlink()
    baru = services.instrumen_salin(instrumen=lama, nama="LKE kota 2025", oleh=pemeran.admin)
    e2025 = buat_evaluasi(pemeran.organisasi, jenis="mandiri", tahun=2025, instrumen=baru)
    assert migrasi.migrasi_rencana(e2025).sub_dibawa
    with pytest.raises(ValidationError):
        migrasi.migrasi_terapkan(evaluasi=e2025, oleh=pemeran.organisasi)
    assert not NilaiSubKomponen.objects.filter(evaluasi=e2025).exclude(nilai="").exists()
