"""The sub kegiatan budget service: who may write (Bagian Organisasi, as the PD-level budget), the checks
of the values, versions, history and the Renja lock (a final Renja makes a change a revision with a reason)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import DokumenRencana, PeriodePerencanaan
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.services.anggaran_sub_kegiatan import anggaran_sub_kegiatan_simpan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.kinerja.factories import buat_sasaran

pytestmark = pytest.mark.django_db


@pytest.fixture
def sub(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026)
    return buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.SK1", tingkat=t["sub_kegiatan"], periode=periode)


def _simpan(oleh, sasaran, pagu="Rp 120.000.000.000", realisasi=None, versi=None, **kw):
    return anggaran_sub_kegiatan_simpan(
        oleh=oleh, sasaran=sasaran, tahun=2025, pagu=pagu, realisasi=realisasi or {}, versi=versi, **kw
    )


def test_organisasi_creates_then_updates_with_history(pemeran, sub):
    a = _simpan(pemeran.admin, sub, realisasi={1: "10.000.000.000", 2: Decimal("2500000.5")})
    assert a.pagu == Decimal("120000000000") and a.realisasi_t1 == Decimal("10000000000")
    assert a.realisasi_t2 == Decimal("2500000.5") and a.realisasi_t3 is None
    assert (a.pemda_id, a.perangkat_daerah_id, a.versi) == (pemeran.pemda.pk, pemeran.pd_a.pk, 1)
    a = _simpan(pemeran.organisasi, sub, pagu="130.000.000.000", realisasi={1: "10.000.000.000"}, versi=1)
    a.refresh_from_db()
    assert a.pagu == Decimal("130000000000") and a.realisasi_t2 is None and a.versi == 2
    aksi = list(Riwayat.objects.filter(object_id=a.pk).order_by("pk").values_list("aksi", "sebelum"))
    assert [x[0] for x in aksi] == ["anggaran_sub_kegiatan.simpan"] * 2
    assert aksi[1][1]["pagu"] == "120000000000.0000"


def test_an_unchanged_save_writes_nothing(pemeran, sub):
    a = _simpan(pemeran.organisasi, sub, pagu="100")
    _simpan(pemeran.organisasi, sub, pagu="100,00", versi=1)
    a.refresh_from_db()
    assert a.versi == 1 and Riwayat.objects.filter(object_id=a.pk).count() == 1


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "operator_b", "pimpinan", "inspektorat", "operator_lain"])
def test_others_may_not_write(pemeran, sub, peran):
    with pytest.raises(PermissionDenied):
        _simpan(getattr(pemeran, peran), sub)
    assert not AnggaranSubKegiatan.objects.exists()


def test_only_a_sub_kegiatan_node_carries_a_budget(pemeran, sub):
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P1", tingkat=sub.tingkat.induk_boleh.first())
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, program)
    assert exc.value.message_dict == {
        "sasaran": ["Anggaran hanya dicatat pada simpul sub kegiatan; A.P1 bukan sub kegiatan."]
    }
    with pytest.raises(ValidationError) as exc:
        anggaran_sub_kegiatan_simpan(
            oleh=pemeran.organisasi, sasaran=sub, tahun=2027, pagu="1", realisasi={}, versi=None
        )
    assert exc.value.message_dict == {"tahun": ["Tahun 2027 di luar periode RPJMD 2021–2026 simpul ini."]}


def test_values_are_checked_all_at_once(pemeran, sub):
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, sub, pagu="", realisasi={1: "-5", 3: "abc"})
    galat = exc.value.message_dict
    assert galat["pagu"] == ["Pagu wajib diisi."]
    assert galat["realisasi_t1"] == ["Realisasi TW I tidak boleh negatif."]
    assert galat["realisasi_t3"] == ["Realisasi TW III: “abc” bukan angka yang valid. Contoh penulisan: 1.234,56"]
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, sub, pagu="Rp 12.5x")
    assert exc.value.message_dict == {"pagu": ["Pagu: “Rp 12.5x” bukan angka yang valid. Contoh penulisan: 1.234,56"]}
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, sub, pagu="-1")
    assert exc.value.message_dict == {"pagu": ["Pagu tidak boleh negatif."]}


def test_a_realised_total_above_the_pagu_is_refused(pemeran, sub):
    _simpan(pemeran.organisasi, sub, pagu="1.000", realisasi={1: "600", 2: "400"})  # equal is fine
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, sub, pagu="1.000", realisasi={1: "600", 2: "400", 3: "1"}, versi=1)
    assert exc.value.message_dict == {
        "realisasi": ["Total realisasi Rp1.001 melebihi pagu Rp1.000. Periksa kembali isian triwulan."]
    }


def test_a_stale_version_is_refused_and_nothing_is_lost(pemeran, sub):
    _simpan(pemeran.organisasi, sub, pagu="100")
    with pytest.raises(VersiKedaluwarsa):
        _simpan(pemeran.organisasi, sub, pagu="200", versi=None)  # loaded before the row existed
    _simpan(pemeran.organisasi, sub, pagu="300", versi=1)
    with pytest.raises(VersiKedaluwarsa):
        _simpan(pemeran.organisasi, sub, pagu="400", versi=1)
    assert AnggaranSubKegiatan.objects.get().pagu == 300
    with pytest.raises(VersiKedaluwarsa):
        _simpan(pemeran.organisasi, buat_sasaran(pemeran.pemda, pemeran.pd_a, tingkat=sub.tingkat), versi=3)


def test_a_final_renja_makes_a_change_a_revision_with_a_reason(pemeran, sub):
    _simpan(pemeran.organisasi, sub, pagu="100")
    renja = DokumenRencana.objects.create(
        jenis="renja", perangkat_daerah=pemeran.pd_a, periode=sub.periode, tahun=2025, status="final"
    )
    _simpan(pemeran.organisasi, sub, pagu="100", versi=1)  # no change: no reason needed, no revision
    with pytest.raises(ValidationError) as exc:
        _simpan(pemeran.organisasi, sub, pagu="150", versi=1)
    assert exc.value.message_dict == {
        "alasan": ["Renja Dinas A 2025 sudah final: perubahan ini adalah revisi dan memerlukan alasan."]
    }
    renja.refresh_from_db()
    assert renja.revisi == 0
    a = _simpan(pemeran.organisasi, sub, pagu="150", versi=1, alasan="APBD perubahan")
    r = riwayat_untuk(a).first()
    assert (r.aksi, r.catatan) == ("anggaran_sub_kegiatan.simpan.revisi", "APBD perubahan")
    renja.refresh_from_db()
    assert renja.revisi == 1  # counted on the Renja, with its own history row
    r = riwayat_untuk(renja).first()
    assert (r.aksi, r.sebelum, r.sesudah, r.catatan) == ("renja.revisi", {"revisi": 0}, {"revisi": 1}, "APBD perubahan")
    _simpan(pemeran.organisasi, sub, pagu="175", versi=2, alasan="Pergeseran")
    renja.refresh_from_db()
    assert renja.revisi == 2
