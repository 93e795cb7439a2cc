"""Kinerja services: the realisasi workflow (every legal and illegal transition), stale edits, locks,
deadlines, PK and target revisions, and who may do what."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja import services
from kinerja.models import PerjanjianKinerja, Realisasi, RevisiPK, Target
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target

pytestmark = pytest.mark.django_db


@pytest.fixture
def ind(pemeran):
    indikator = buat_indikator(pemeran.pd_a)
    buat_target(indikator, 2025, nilai=80)
    return indikator


def _simpan(ind, oleh, **kw):
    kw.setdefault("tahun", 2025)
    kw.setdefault("triwulan", 1)
    return services.realisasi_simpan(indikator=ind, oleh=oleh, **kw)


# --- saving -----------------------------------------------------------------------------------------


def test_operator_saves_draft_with_indonesian_decimal_and_history(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="87,25", penjelasan="Sesuai laporan")
    r.refresh_from_db()
    assert r.nilai == Decimal("87.25") and r.status == Realisasi.Status.DRAF and r.versi == 1
    assert r.diubah_oleh == pemeran.operator_a
    jejak = list(riwayat_untuk(r))
    assert len(jejak) == 1 and jejak[0].aksi == "realisasi.simpan" and jejak[0].sesudah["nilai"] == "87.2500"


def test_update_bumps_versi_and_records_before_and_after(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="70")
    r = _simpan(ind, pemeran.operator_a, nilai="75,5", versi=r.versi)
    r.refresh_from_db()
    assert r.versi == 2 and r.nilai == Decimal("75.5")
    terbaru = riwayat_untuk(r).first()
    assert terbaru.sebelum["nilai"] == "70.0000" and terbaru.sesudah["nilai"] == "75.5000"


def test_unchanged_save_keeps_versi_and_writes_no_history(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="70")
    _simpan(ind, pemeran.operator_a, nilai="70,0", versi=1)
    r.refresh_from_db()
    assert r.versi == 1 and riwayat_untuk(r).count() == 1


def test_stale_edit_is_refused_and_nothing_changes(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="70")
    _simpan(ind, pemeran.kepala_a, nilai="71", versi=1)
    with pytest.raises(VersiKedaluwarsa):
        _simpan(ind, pemeran.operator_a, nilai="99", versi=1)
    r.refresh_from_db()
    assert r.nilai == Decimal(71) and r.versi == 2


def test_creating_when_someone_else_already_created_is_stale(pemeran, ind):
    _simpan(ind, pemeran.operator_a, nilai="70")
    with pytest.raises(VersiKedaluwarsa):
        _simpan(ind, pemeran.kepala_a, nilai="80", versi=None)


@pytest.mark.parametrize("siapa", ["operator_b", "operator_lain", "organisasi", "pimpinan", "inspektorat"])
def test_nobody_but_own_pd_writes_pd_realisasi(pemeran, ind, siapa):
    with pytest.raises(PermissionDenied):
        _simpan(ind, getattr(pemeran, siapa), nilai="70")
    assert not Realisasi.objects.exists()


def test_bagian_organisasi_enters_city_level_indicator(pemeran):
    kota = buat_indikator(pemda=pemeran.pemda, kode="IKU-IPM")
    r = _simpan(kota, pemeran.organisasi, nilai="82,5")
    assert r.nilai == Decimal("82.5")
    with pytest.raises(PermissionDenied):
        _simpan(kota, pemeran.operator_a, nilai="1", triwulan=2)


@pytest.mark.parametrize(
    ("isian", "kolom"),
    [
        ({"nilai": "12,3,4"}, "nilai"),
        ({"nilai": "5", "belum_tersedia": True, "alasan_belum_tersedia": "x"}, "nilai"),
        ({"belum_tersedia": True, "alasan_belum_tersedia": "  "}, "alasan_belum_tersedia"),
        ({"nilai": "5", "triwulan": 5}, "triwulan"),
    ],
)
def test_bad_input_gets_an_indonesian_message(pemeran, ind, isian, kolom):
    with pytest.raises(ValidationError) as info:
        _simpan(ind, pemeran.operator_a, **isian)
    assert kolom in info.value.message_dict
    assert not Realisasi.objects.exists()


# --- transitions ------------------------------------------------------------------------------------


def _diajukan(ind, pemeran, nilai="80"):
    r = _simpan(ind, pemeran.operator_a, nilai=nilai)
    return services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)


def test_draft_to_submitted_to_verified(pemeran, ind):
    r = _diajukan(ind, pemeran)
    assert r.status == Realisasi.Status.DIAJUKAN and r.diajukan_pada is not None and not r.terlambat
    r = services.realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=pemeran.organisasi)
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIVERIFIKASI and r.diverifikasi_oleh == pemeran.organisasi
    assert [j.aksi for j in riwayat_untuk(r)] == ["realisasi.verifikasi", "realisasi.ajukan", "realisasi.simpan"]


def test_returned_with_note_then_edited_and_resubmitted(pemeran, ind):
    r = _diajukan(ind, pemeran)
    r = services.realisasi_kembalikan(realisasi=r, versi=r.versi, catatan="Bukti belum diunggah", oleh=pemeran.admin)
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIKEMBALIKAN and r.catatan_verifikasi == "Bukti belum diunggah"
    r = _simpan(ind, pemeran.operator_a, nilai="81", versi=r.versi)
    assert r.status == Realisasi.Status.DIKEMBALIKAN
    r = services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.kepala_a)
    assert r.status == Realisasi.Status.DIAJUKAN


def test_return_needs_a_note(pemeran, ind):
    r = _diajukan(ind, pemeran)
    with pytest.raises(ValidationError):
        services.realisasi_kembalikan(realisasi=r, versi=r.versi, catatan=" ", oleh=pemeran.organisasi)
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIAJUKAN


@pytest.mark.parametrize("status", [Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI])
def test_submitted_or_verified_cannot_be_edited(pemeran, ind, status):
    r = buat_realisasi(ind, nilai=80, status=status)
    with pytest.raises(ValidationError):
        _simpan(ind, pemeran.operator_a, nilai="90", versi=r.versi)
    r.refresh_from_db()
    assert r.nilai == Decimal(80)


@pytest.mark.parametrize("status", [Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI])
def test_cannot_submit_twice_or_after_verification(pemeran, ind, status):
    r = buat_realisasi(ind, nilai=80, status=status)
    with pytest.raises(ValidationError):
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)


@pytest.mark.parametrize(
    "status", [Realisasi.Status.DRAF, Realisasi.Status.DIVERIFIKASI, Realisasi.Status.DIKEMBALIKAN]
)
def test_only_submitted_can_be_verified_or_returned(pemeran, ind, status):
    r = buat_realisasi(ind, nilai=80, status=status)
    with pytest.raises(ValidationError):
        services.realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=pemeran.organisasi)
    with pytest.raises(ValidationError):
        services.realisasi_kembalikan(realisasi=r, versi=r.versi, catatan="x", oleh=pemeran.organisasi)
    r.refresh_from_db()
    assert r.status == status


@pytest.mark.parametrize("siapa", ["operator_a", "kepala_a", "pimpinan", "inspektorat"])
def test_only_bagian_organisasi_verifies(pemeran, ind, siapa):
    r = _diajukan(ind, pemeran)
    with pytest.raises(PermissionDenied):
        services.realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=getattr(pemeran, siapa))


def test_organisasi_of_another_pemda_cannot_verify(pemeran, ind):
    from tests.factories import Peran, buat_pengguna

    r = _diajukan(ind, pemeran)
    asing = buat_pengguna(pemeran.pemda_lain, Peran.BAGIAN_ORGANISASI)
    with pytest.raises(PermissionDenied):
        services.realisasi_verifikasi(realisasi=r, versi=r.versi, oleh=asing)


def test_organisasi_cannot_submit_for_pd(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="80")
    with pytest.raises(PermissionDenied):
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.organisasi)


def test_stale_verify_is_refused(pemeran, ind):
    r = _diajukan(ind, pemeran)
    with pytest.raises(VersiKedaluwarsa):
        services.realisasi_verifikasi(realisasi=r, versi=r.versi - 1, oleh=pemeran.organisasi)
    r.refresh_from_db()
    assert r.status == Realisasi.Status.DIAJUKAN


# --- submit rules -----------------------------------------------------------------------------------


def test_quarter_submit_needs_every_indicator_filled(pemeran, ind):
    kedua = buat_indikator(pemeran.pd_a, kode="IK-KEDUA")
    _simpan(ind, pemeran.operator_a, nilai="80")
    with pytest.raises(ValidationError) as info:
        services.triwulan_ajukan(perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a)
    assert list(info.value.message_dict) == ["IK-KEDUA"]
    assert Realisasi.objects.get(indikator=ind).status == Realisasi.Status.DRAF
    _simpan(kedua, pemeran.operator_a, belum_tersedia=True, alasan_belum_tersedia="Data BPS terbit Juli")
    n = services.triwulan_ajukan(perangkat_daerah=pemeran.pd_a, tahun=2025, triwulan=1, oleh=pemeran.operator_a)
    assert n == 2 and set(Realisasi.objects.values_list("status", flat=True)) == {Realisasi.Status.DIAJUKAN}


def test_capaian_above_150_needs_penjelasan(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="130")  # 162,5 % of 80
    with pytest.raises(ValidationError) as info:
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    assert "wajib diisi penjelasan" in str(info.value)
    r = _simpan(ind, pemeran.operator_a, nilai="130", penjelasan="Ada program tambahan", versi=r.versi)
    assert (
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a).status
        == Realisasi.Status.DIAJUKAN
    )


def test_jump_over_three_times_last_year_needs_confirmation(pemeran, ind):
    buat_realisasi(ind, tahun=2024, triwulan=1, nilai=20, status=Realisasi.Status.DIVERIFIKASI)
    r = _simpan(ind, pemeran.operator_a, nilai="70")
    with pytest.raises(ValidationError) as info:
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    assert "konfirmasi" in str(info.value)
    r = services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a, konfirmasi=True)
    assert r.status == Realisasi.Status.DIAJUKAN


def test_cumulative_value_going_down_blocks_submit(pemeran):
    ind = buat_indikator(pemeran.pd_a, agregasi="kumulatif", boleh_negatif=True)
    buat_target(ind, 2025, nilai=100)
    buat_realisasi(ind, triwulan=1, nilai=30, status=Realisasi.Status.DIVERIFIKASI)
    r = _simpan(ind, pemeran.operator_a, triwulan=2, nilai="-5", penjelasan="koreksi")
    with pytest.raises(ValidationError) as info:
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    assert "kumulatif turun" in str(info.value)


# --- locks and deadlines ----------------------------------------------------------------------------


def test_locked_quarter_refuses_save_and_submit(pemeran, ind):
    r = _simpan(ind, pemeran.operator_a, nilai="80")
    services.triwulan_kunci(pemda=pemeran.pemda, tahun=2025, triwulan=1, terkunci=True, oleh=pemeran.organisasi)
    with pytest.raises(ValidationError, match="dikunci"):
        _simpan(ind, pemeran.operator_a, nilai="81", versi=r.versi)
    with pytest.raises(ValidationError, match="dikunci"):
        services.realisasi_ajukan(realisasi=r, versi=r.versi, oleh=pemeran.operator_a)
    r.refresh_from_db()
    assert r.nilai == Decimal(80) and r.status == Realisasi.Status.DRAF
    _simpan(ind, pemeran.operator_a, nilai="81", triwulan=2)  # other quarters stay open


def test_submission_after_deadline_is_flagged_late(pemeran, ind):
    kemarin = timezone.localdate() - datetime.timedelta(days=1)
    services.triwulan_kunci(
        pemda=pemeran.pemda, tahun=2025, triwulan=1, terkunci=False, batas_waktu=kemarin, oleh=pemeran.organisasi
    )
    r = _diajukan(ind, pemeran)
    assert r.terlambat is True


def test_operator_cannot_lock_a_quarter(pemeran):
    with pytest.raises(PermissionDenied):
        services.triwulan_kunci(pemda=pemeran.pemda, tahun=2025, triwulan=1, terkunci=True, oleh=pemeran.operator_a)
    with pytest.raises(PermissionDenied):
        services.triwulan_kunci(
            pemda=pemeran.pemda_lain, tahun=2025, triwulan=1, terkunci=True, oleh=pemeran.organisasi
        )


# --- PK and targets ---------------------------------------------------------------------------------


def test_kepala_sets_pk_which_locks_targets(pemeran, ind):
    with pytest.raises(PermissionDenied):
        services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.operator_a)
    pk = services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    assert pk.status == PerjanjianKinerja.Status.DITETAPKAN and pk.ditetapkan_oleh == pemeran.kepala_a
    with pytest.raises(ValidationError, match="revisi"):
        services.target_simpan(indikator=ind, tahun=2025, oleh=pemeran.organisasi, nilai="90")
    assert Target.objects.get(indikator=ind, tahun=2025).nilai == Decimal(80)


def test_pk_needs_a_target_for_every_indicator(pemeran, ind):
    buat_indikator(pemeran.pd_a, kode="TANPA-TARGET")
    with pytest.raises(ValidationError, match="TANPA-TARGET"):
        services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    assert not PerjanjianKinerja.objects.filter(status="ditetapkan").exists()


def test_revision_needs_reason_and_keeps_history(pemeran, ind):
    services.pk_tetapkan(perangkat_daerah=pemeran.pd_a, tahun=2025, oleh=pemeran.kepala_a)
    with pytest.raises(ValidationError):
        services.target_revisi(indikator=ind, tahun=2025, alasan="", oleh=pemeran.kepala_a, nilai="85")
    with pytest.raises(PermissionDenied):
        services.target_revisi(indikator=ind, tahun=2025, alasan="x", oleh=pemeran.operator_a, nilai="85")
    t = services.target_revisi(
        indikator=ind, tahun=2025, alasan="Refocusing anggaran", oleh=pemeran.kepala_a, nilai="75"
    )
    assert t.nilai == Decimal(75)
    pk = PerjanjianKinerja.objects.get()
    assert pk.revisi == 1 and pk.ditetapkan
    rev = RevisiPK.objects.get()
    assert (
        rev.alasan == "Refocusing anggaran" and rev.sebelum["nilai"] == "80.0000" and rev.sesudah["nilai"] == "75.0000"
    )
    assert riwayat_untuk(t).first().catatan == "Refocusing anggaran"


def test_draft_pk_target_can_be_set_directly_and_range_is_checked(pemeran, ind):
    t = services.target_simpan(indikator=ind, tahun=2025, oleh=pemeran.operator_a, lo="70", hi="80")
    assert (t.nilai, t.lo, t.hi) == (None, Decimal(70), Decimal(80))
    with pytest.raises(ValidationError, match="Batas bawah"):
        services.target_simpan(indikator=ind, tahun=2025, oleh=pemeran.operator_a, lo="90", hi="80")
    with pytest.raises(PermissionDenied):
        services.target_simpan(indikator=ind, tahun=2025, oleh=pemeran.operator_b, nilai="1")
