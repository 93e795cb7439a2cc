"""Rencana aksi (issue 16 point 1): the plan under PK indicators, its lock with the PK and revisions with a
reason, the monthly realisation's validation and THE workflow of reported values, and access."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import KunciTriwulan, PerjanjianKinerja, RealisasiAksi, RencanaAksi
from kinerja.services import renaksi
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.kinerja.factories import buat_indikator

TAHUN = 2025


@pytest.fixture
def ind(pemeran):
    return buat_indikator(pemeran.pd_a, kode="IK-A1", nilai_maksimum=Decimal(100))


def _isian(**kw) -> dict:
    isian = {
        "uraian": "Sosialisasi posyandu", "tahapan": "Persiapan; pelaksanaan; evaluasi",
        "penanggung_jawab": "Kepala Bidang Kesmas", "jabatan": "Kabid", "instruksi_kepala_daerah": True,
        "jenis_target": "bulanan", "target_bulanan": {"1": "10", "2": "20", "3": "30,5"},
    }  # fmt: skip
    isian.update(kw)
    return isian


def _rencana(pemeran, ind, **kw) -> RencanaAksi:
    return renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, **_isian(**kw))


def _tetapkan_pk(pemeran) -> PerjanjianKinerja:
    return PerjanjianKinerja.objects.create(
        perangkat_daerah=pemeran.pd_a, tahun=TAHUN, status=PerjanjianKinerja.Status.DITETAPKAN
    )


def test_operator_plans_an_action_with_monthly_targets_and_history(pemeran, ind):
    r = _rencana(pemeran, ind)
    r.refresh_from_db()
    assert r.target_bulanan == {"1": "10.0000", "2": "20.0000", "3": "30.5000"}
    assert (r.perangkat_daerah_id, r.instruksi_kepala_daerah, r.urutan) == (pemeran.pd_a.pk, True, 1)
    assert riwayat_untuk(r).get().aksi == "renaksi.buat"


@pytest.mark.parametrize(
    ("isian", "kolom"),
    [
        ({"target_bulanan": {"1": "120"}}, "target_1"),  # above the indicator's maximum
        ({"target_bulanan": {"13": "5"}}, "bulan"),
        ({"target_bulanan": {}}, "target"),
        ({"jenis_target": "triwulanan", "target_bulanan": {"2": "5"}}, "target_2"),
        ({"uraian": ""}, "uraian"),
        ({"penanggung_jawab": " "}, "penanggung_jawab"),
    ],
)
def test_plan_input_is_validated_with_indonesian_messages(pemeran, ind, isian, kolom):
    with pytest.raises(ValidationError) as e:
        _rencana(pemeran, ind, **isian)
    assert kolom in e.value.message_dict
    assert not RencanaAksi.objects.exists()


@pytest.mark.parametrize("siapa", ["operator_b", "organisasi", "inspektorat", "pimpinan", "operator_lain"])
def test_only_own_pd_plans(pemeran, ind, siapa):
    with pytest.raises(PermissionDenied):
        renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=getattr(pemeran, siapa), **_isian())


def test_set_pk_locks_the_plan_and_a_change_is_a_revision_with_reason(pemeran, ind):
    r = _rencana(pemeran, ind)
    pk = _tetapkan_pk(pemeran)
    with pytest.raises(ValidationError) as e:
        renaksi.rencana_aksi_ubah(rencana=r, versi=r.versi, oleh=pemeran.operator_a, **_isian(uraian="Baru"))
    assert "alasan" in e.value.message_dict
    r.refresh_from_db()
    assert r.uraian == "Sosialisasi posyandu"
    renaksi.rencana_aksi_ubah(
        rencana=r, versi=r.versi, oleh=pemeran.operator_a, alasan="Anggaran digeser", **_isian(uraian="Baru")
    )
    r.refresh_from_db()
    pk.refresh_from_db()
    assert (r.uraian, pk.revisi) == ("Baru", 1)
    terakhir = riwayat_untuk(r).first()
    assert (terakhir.aksi, terakhir.catatan) == ("renaksi.ubah.revisi", "Anggaran digeser")
    assert riwayat_untuk(pk).first().aksi == "pk.revisi"


def test_unchanged_plan_after_pk_is_no_revision(pemeran, ind):
    r = _rencana(pemeran, ind)
    pk = _tetapkan_pk(pemeran)
    renaksi.rencana_aksi_ubah(rencana=r, versi=r.versi, oleh=pemeran.operator_a, alasan="tidak ada", **_isian())
    pk.refresh_from_db()
    assert pk.revisi == 0


def test_adding_and_deleting_after_pk_count_revisions(pemeran, ind):
    pk = _tetapkan_pk(pemeran)
    with pytest.raises(ValidationError):
        _rencana(pemeran, ind)
    r = _rencana(pemeran, ind, alasan="Instruksi baru wali kota")
    renaksi.rencana_aksi_hapus(rencana=r, versi=r.versi, oleh=pemeran.operator_a, alasan="Dibatalkan")
    pk.refresh_from_db()
    assert pk.revisi == 2
    assert not RencanaAksi.objects.exists()


def test_stale_plan_edit_is_refused(pemeran, ind):
    r = _rencana(pemeran, ind)
    with pytest.raises(VersiKedaluwarsa):
        renaksi.rencana_aksi_ubah(rencana=r, versi=r.versi + 1, oleh=pemeran.operator_a, **_isian(uraian="X"))


def test_action_with_realisation_cannot_be_deleted(pemeran, ind):
    r = _rencana(pemeran, ind)
    renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai="10")
    with pytest.raises(ValidationError):
        renaksi.rencana_aksi_hapus(rencana=r, versi=r.versi, oleh=pemeran.operator_a)
    assert RencanaAksi.objects.filter(pk=r.pk).exists()


# --- monthly realisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bulan", "isian", "kolom"),
    [(0, {"nilai": "5"}, "bulan"), (13, {"nilai": "5"}, "bulan"), (2, {"nilai": "101"}, "nilai"),
     (2, {"nilai": "-1"}, "nilai"), (2, {"nilai": "abc"}, "nilai")],
)  # fmt: skip
def test_month_and_value_are_validated(pemeran, ind, bulan, isian, kolom):
    r = _rencana(pemeran, ind)
    with pytest.raises(ValidationError) as e:
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=bulan, oleh=pemeran.operator_a, **isian)
    assert kolom in e.value.message_dict
    assert not RealisasiAksi.objects.exists()


def test_month_not_yet_begun_is_refused(pemeran):
    from django.utils import timezone

    tahun = timezone.localdate().year + 1
    ind = buat_indikator(pemeran.pd_a)
    r = renaksi.rencana_aksi_buat(indikator=ind, tahun=tahun, oleh=pemeran.operator_a, **_isian())
    with pytest.raises(ValidationError) as e:
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai="1")
    assert "belum berjalan" in str(e.value)


def _diajukan(pemeran, ind, nilai="12") -> RealisasiAksi:
    r = _rencana(pemeran, ind)
    ra = renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai=nilai)
    return renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)


def test_draft_submitted_verified_is_read_only_after(pemeran, ind):
    ra = _diajukan(pemeran, ind)
    renaksi.realisasi_aksi_verifikasi(realisasi=ra, versi=ra.versi, oleh=pemeran.organisasi)
    ra.refresh_from_db()
    assert ra.status == RealisasiAksi.Status.DIVERIFIKASI
    with pytest.raises(ValidationError, match="diverifikasi"):
        renaksi.realisasi_aksi_simpan(rencana=ra.rencana_aksi, bulan=1, oleh=pemeran.operator_a, versi=ra.versi,
                                      nilai="13")  # fmt: skip
    aksi = [h.aksi for h in riwayat_untuk(ra)]
    assert aksi == ["renaksi.realisasi.verifikasi", "renaksi.realisasi.ajukan", "renaksi.realisasi.simpan"]


def test_returned_with_note_then_edited_and_resubmitted(pemeran, ind):
    ra = _diajukan(pemeran, ind)
    with pytest.raises(ValidationError):
        renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan=" ", oleh=pemeran.organisasi)
    renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan="Lampirkan bukti", oleh=pemeran.organisasi)
    ra.refresh_from_db()
    assert (ra.status, ra.catatan_verifikasi) == (RealisasiAksi.Status.DIKEMBALIKAN, "Lampirkan bukti")
    ra = renaksi.realisasi_aksi_simpan(rencana=ra.rencana_aksi, bulan=1, oleh=pemeran.operator_a, versi=ra.versi,
                                       nilai="11")  # fmt: skip
    renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    ra.refresh_from_db()
    assert (ra.status, ra.nilai) == (RealisasiAksi.Status.DIAJUKAN, Decimal(11))


@pytest.mark.parametrize("status", ["draf", "dikembalikan", "diverifikasi"])
def test_only_submitted_can_be_verified_or_returned(pemeran, ind, status):
    r = _rencana(pemeran, ind)
    ra = RealisasiAksi.objects.create(rencana_aksi=r, bulan=1, nilai=Decimal(10), status=status)
    with pytest.raises(ValidationError):
        renaksi.realisasi_aksi_verifikasi(realisasi=ra, versi=ra.versi, oleh=pemeran.organisasi)
    with pytest.raises(ValidationError):
        renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan="x", oleh=pemeran.organisasi)


@pytest.mark.parametrize("status", ["diajukan", "diverifikasi"])
def test_cannot_submit_twice_or_after_verification(pemeran, ind, status):
    r = _rencana(pemeran, ind)
    ra = RealisasiAksi.objects.create(rencana_aksi=r, bulan=1, nilai=Decimal(10), status=status)
    with pytest.raises(ValidationError):
        renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)


@pytest.mark.parametrize("siapa", ["operator_a", "kepala_a", "inspektorat", "pimpinan"])
def test_only_verifiers_verify(pemeran, ind, siapa):
    ra = _diajukan(pemeran, ind)
    with pytest.raises(PermissionDenied):
        renaksi.realisasi_aksi_verifikasi(realisasi=ra, versi=ra.versi, oleh=getattr(pemeran, siapa))


def test_other_pd_cannot_report_or_submit(pemeran, ind):
    r = _rencana(pemeran, ind)
    with pytest.raises(PermissionDenied):
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_b, nilai="1")
    ra = renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai="12")
    with pytest.raises(PermissionDenied):
        renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_b)


def test_behind_plan_needs_hindering_factor_and_follow_up(pemeran, ind):
    r = _rencana(pemeran, ind)
    ra = renaksi.realisasi_aksi_simpan(rencana=r, bulan=2, oleh=pemeran.operator_a, nilai="15")
    with pytest.raises(ValidationError, match="faktor penghambat"):
        renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    ra = renaksi.realisasi_aksi_simpan(
        rencana=r, bulan=2, oleh=pemeran.operator_a, versi=ra.versi, nilai="15",
        faktor_penghambat="Kader kurang", tindak_lanjut="Rekrut kader",
    )  # fmt: skip
    renaksi.realisasi_aksi_ajukan(realisasi=ra, versi=ra.versi, oleh=pemeran.operator_a)
    ra.refresh_from_db()
    assert ra.status == RealisasiAksi.Status.DIAJUKAN


def test_locked_quarter_refuses_the_months_report(pemeran, ind):
    r = _rencana(pemeran, ind)
    KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=1, terkunci=True)
    with pytest.raises(ValidationError, match="dikunci"):
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=3, oleh=pemeran.operator_a, nilai="30")
    renaksi.realisasi_aksi_simpan(rencana=r, bulan=4, oleh=pemeran.operator_a, nilai="30")


def test_returning_a_month_in_a_locked_quarter_is_refused_as_a_quarters_realisation_is(pemeran, ind):
    ra = _diajukan(pemeran, ind)
    kunci = KunciTriwulan.objects.create(pemda=pemeran.pemda, tahun=TAHUN, triwulan=1, terkunci=True)
    with pytest.raises(ValidationError, match="terkunci"):
        renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan="Perbaiki", oleh=pemeran.organisasi)
    ra.refresh_from_db()
    assert (ra.status, ra.catatan_verifikasi) == (RealisasiAksi.Status.DIAJUKAN, "")
    kunci.terkunci = False
    kunci.save()
    renaksi.realisasi_aksi_kembalikan(realisasi=ra, versi=ra.versi, catatan="Perbaiki", oleh=pemeran.organisasi)
    ra.refresh_from_db()
    assert ra.status == RealisasiAksi.Status.DIKEMBALIKAN


def test_stale_report_is_refused(pemeran, ind):
    r = _rencana(pemeran, ind)
    ra = renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai="10")
    with pytest.raises(VersiKedaluwarsa):
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, versi=ra.versi - 1, nilai="11")


def test_target_of_a_month_holds_until_the_next_and_direction_decides_behind():
    from kinerja.models_renaksi import target_sd, tertinggal

    target = {"3": "30", "6": "60"}
    assert (target_sd(target, 2), target_sd(target, 5), target_sd(target, 12)) == (None, Decimal(30), Decimal(60))
    assert tertinggal("naik", Decimal(30), Decimal(29)) and not tertinggal("naik", Decimal(30), Decimal(30))
    assert tertinggal("turun", Decimal(5), Decimal(6)) and not tertinggal("turun", Decimal(5), Decimal(4))
    assert not tertinggal("naik", None, Decimal(1))


def test_plan_page_reads_in_a_fixed_number_of_queries(pemeran, ind):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kinerja.selectors.renaksi import halaman_renaksi

    def hitung() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as q:
            h = halaman_renaksi(user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=TAHUN)
        return len(q), h.jumlah_aksi

    _rencana(pemeran, ind)
    satu, _n = hitung()
    for i in range(4):
        r = _rencana(pemeran, buat_indikator(pemeran.pd_a), uraian=f"Aksi {i}")
        renaksi.realisasi_aksi_simpan(rencana=r, bulan=1, oleh=pemeran.operator_a, nilai="5")
    banyak, n = hitung()
    assert (n, banyak) == (5, satu)
