"""The proposal and crosscutting workflow (kinerja/services/usulan.py): every legal and illegal transition,
who may trigger each, the note of a rejection, the node created on approval, stale versions, history."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import Kontributor, Sasaran, Usulan
from kinerja.services import usulan as alur
from kinerja.services.pohon import tingkat_bawaan_pastikan
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa
from tests.kinerja.factories import buat_sasaran

pytestmark = pytest.mark.django_db


@pytest.fixture
def pohon(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    pemeran.t = t
    pemeran.kota = buat_sasaran(pemeran.pemda, kode="K.S1", uraian="Kota sehat", tingkat=t["sasaran_rpjmd"])
    pemeran.a1 = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", induk=pemeran.kota,
                              tingkat=t["sasaran_strategis"])  # fmt: skip
    return pemeran


def _ke_pd(p, kode="A.S9", pd=None) -> Usulan:
    return alur.usulan_ajukan(
        oleh=p.organisasi, arah="kota_ke_pd", perangkat_daerah=pd or p.pd_a, induk=p.kota,
        tingkat=p.t["sasaran_strategis"], kode=kode, uraian="Cabang usulan kota",
    )  # fmt: skip


def _ke_kota(p, kode="A.S8") -> Usulan:
    return alur.usulan_ajukan(
        oleh=p.operator_a, arah="pd_ke_kota", perangkat_daerah=p.pd_a, induk=p.kota,
        tingkat=p.t["sasaran_strategis"], kode=kode, uraian="Sasaran usulan PD",
    )  # fmt: skip


def test_the_city_proposes_a_branch_and_the_pd_approval_creates_the_node_under_it(pohon):
    u = _ke_pd(pohon)
    assert (u.status, u.versi, u.arah, u.pengusul) == ("menunggu", 1, "kota_ke_pd", pohon.organisasi)
    alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", catatan="", versi=1)
    u.refresh_from_db()
    simpul = Sasaran.objects.get(kode="A.S9")
    assert (u.status, u.versi, u.simpul_hasil, u.diputuskan_oleh) == ("disetujui", 2, simpul, pohon.operator_a)
    assert (simpul.perangkat_daerah, simpul.induk, simpul.tingkat.kode) == (pohon.pd_a, pohon.kota, "sasaran_strategis")
    assert list(Riwayat.objects.filter(object_id=u.pk).values_list("aksi", flat=True).order_by("pk")) == [
        "usulan_ajukan", "usulan_disetujui",
    ]  # fmt: skip


def test_the_pd_rejects_a_proposed_branch_only_with_a_note(pohon):
    u = _ke_pd(pohon)
    with pytest.raises(ValidationError) as e:
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="ditolak", catatan="  ", versi=1)
    assert e.value.message_dict == {"catatan": ["Tuliskan alasan penolakan."]}
    alur.usulan_putuskan(usulan=u, oleh=pohon.kepala_a, status="ditolak", catatan="Bukan tugas kami", versi=1)
    u.refresh_from_db()
    assert (u.status, u.catatan, u.simpul_hasil) == ("ditolak", "Bukan tugas kami", None)
    assert not Sasaran.objects.filter(kode="A.S9").exists()


@pytest.mark.parametrize("peran", ["organisasi", "operator_b", "inspektorat", "pimpinan", "operator_lain"])
def test_only_the_receiving_pd_decides_a_city_proposal(pohon, peran):
    u = _ke_pd(pohon)
    with pytest.raises(PermissionDenied):
        alur.usulan_putuskan(usulan=u, oleh=getattr(pohon, peran), status="disetujui", versi=1)
    u.refresh_from_db()
    assert (u.status, u.versi) == ("menunggu", 1) and not Sasaran.objects.filter(kode="A.S9").exists()


def test_a_pd_proposes_its_sasaran_and_bagian_organisasi_approves_it(pohon):
    u = _ke_kota(pohon)
    for peran in ("operator_a", "kepala_a", "operator_b", "inspektorat"):
        with pytest.raises(PermissionDenied):
            alur.usulan_putuskan(usulan=u, oleh=getattr(pohon, peran), status="disetujui", versi=1)
    alur.usulan_putuskan(usulan=u, oleh=pohon.organisasi, status="disetujui", versi=1)
    u.refresh_from_db()
    assert (u.status, u.simpul_hasil.kode, u.simpul_hasil.perangkat_daerah) == ("disetujui", "A.S8", pohon.pd_a)


def test_bagian_organisasi_rejects_a_pd_proposal_with_a_note(pohon):
    u = _ke_kota(pohon)
    alur.usulan_putuskan(usulan=u, oleh=pohon.admin, status="ditolak", catatan="Gabungkan dengan A.S1", versi=1)
    u.refresh_from_db()
    assert (u.status, u.catatan) == ("ditolak", "Gabungkan dengan A.S1")


@pytest.mark.parametrize("awal", ["disetujui", "ditolak"])
@pytest.mark.parametrize("ke", ["disetujui", "ditolak", "menunggu"])
def test_a_decided_proposal_is_final(pohon, awal, ke):
    u = _ke_pd(pohon)
    alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status=awal, catatan="alasan", versi=1)
    with pytest.raises(ValidationError) as e:
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status=ke, catatan="lagi", versi=2)
    label = {"disetujui": "Disetujui", "ditolak": "Ditolak"}[awal]
    assert e.value.messages == [f"Sudah diputuskan ({label}); keputusan tidak dapat diubah."]
    assert Sasaran.objects.filter(kode="A.S9").count() == (1 if awal == "disetujui" else 0)


@pytest.mark.parametrize("ke", ["menunggu", "batal", ""])
def test_a_waiting_proposal_is_only_approved_or_rejected(pohon, ke):
    u = _ke_pd(pohon)
    with pytest.raises(ValidationError) as e:
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status=ke, catatan="x", versi=1)
    assert e.value.messages == ["Keputusan harus disetujui atau ditolak."]


def test_a_stale_version_changes_nothing(pohon):
    u = _ke_pd(pohon)
    with pytest.raises(VersiKedaluwarsa):
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", versi=0)
    u.refresh_from_db()
    assert (u.status, u.versi) == ("menunggu", 1) and not Sasaran.objects.filter(kode="A.S9").exists()


def test_who_may_propose_what(pohon):
    with pytest.raises(PermissionDenied):  # a PD does not propose branches to another PD
        alur.usulan_ajukan(oleh=pohon.operator_a, arah="kota_ke_pd", perangkat_daerah=pohon.pd_b, induk=pohon.kota,
                           tingkat=pohon.t["sasaran_strategis"], kode="B.S9", uraian="x")  # fmt: skip
    with pytest.raises(PermissionDenied):  # nor for another PD
        alur.usulan_ajukan(oleh=pohon.operator_a, arah="pd_ke_kota", perangkat_daerah=pohon.pd_b, induk=pohon.kota,
                           tingkat=pohon.t["sasaran_strategis"], kode="B.S9", uraian="x")  # fmt: skip
    with pytest.raises(PermissionDenied):  # the city proposes to a PD, it does not propose for one
        alur.usulan_ajukan(oleh=pohon.organisasi, arah="pd_ke_kota", perangkat_daerah=pohon.pd_a, induk=pohon.kota,
                           tingkat=pohon.t["sasaran_strategis"], kode="A.S9", uraian="x")  # fmt: skip
    assert Usulan.objects.count() == 0


def test_a_proposal_breaking_the_tree_rule_is_refused_early(pohon):
    with pytest.raises(ValidationError) as e:  # a PD node may not hang under a PD node of the strategic level
        alur.usulan_ajukan(oleh=pohon.organisasi, arah="kota_ke_pd", perangkat_daerah=pohon.pd_a, induk=pohon.a1,
                           tingkat=pohon.t["sasaran_program"], kode="A.P1", uraian="x")  # fmt: skip
    assert e.value.message_dict == {"induk": ["Induk usulan harus simpul kota dari pemda yang sama."]}
    with pytest.raises(ValidationError) as e:
        _ke_pd(pohon, kode="A.S1")
    assert e.value.message_dict == {"kode": ["Kode A.S1 sudah dipakai simpul lain."]}
    with pytest.raises(ValidationError) as e:
        alur.usulan_ajukan(oleh=pohon.organisasi, arah="kota_ke_pd", perangkat_daerah=pohon.pd_a, induk=pohon.kota,
                           tingkat=pohon.t["tujuan"], kode="A.S7", uraian="x")  # fmt: skip
    assert e.value.message_dict == {
        "tingkat": ["Tingkat Tujuan milik kota, bukan perangkat daerah."],
        "induk": ["Simpul Tujuan hanya boleh di bawah: (tanpa induk)."],
    }
    assert Usulan.objects.count() == 0


def test_a_node_made_meanwhile_with_the_same_code_blocks_the_approval(pohon):
    u = _ke_pd(pohon)
    buat_sasaran(pohon.pemda, pohon.pd_b, kode="A.S9")
    with pytest.raises(ValidationError):
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", versi=1)
    u.refresh_from_db()
    assert u.status == "menunggu"


# --- crosscutting contributors ------------------------------------------------------------------------


def test_the_invited_pd_accepts_and_the_other_rejects_with_a_note(pohon):
    a = alur.kontributor_undang(sasaran=pohon.kota, oleh=pohon.organisasi, perangkat_daerah=pohon.pd_a)
    b = alur.kontributor_undang(sasaran=pohon.kota, oleh=pohon.organisasi, perangkat_daerah=pohon.pd_b)
    alur.kontributor_putuskan(kontributor=a, oleh=pohon.operator_a, status="disetujui", versi=1)
    with pytest.raises(ValidationError) as e:
        alur.kontributor_putuskan(kontributor=b, oleh=pohon.operator_b, status="ditolak", versi=1)
    assert e.value.message_dict == {"catatan": ["Tuliskan alasan penolakan."]}
    alur.kontributor_putuskan(kontributor=b, oleh=pohon.operator_b, status="ditolak", catatan="Tidak terkait", versi=1)
    a.refresh_from_db()
    b.refresh_from_db()
    assert [(k.status, k.versi, k.diputuskan_oleh) for k in (a, b)] == [
        ("disetujui", 2, pohon.operator_a), ("ditolak", 2, pohon.operator_b),
    ]  # fmt: skip
    with pytest.raises(ValidationError):  # final
        alur.kontributor_putuskan(kontributor=b, oleh=pohon.operator_b, status="disetujui", versi=2)


@pytest.mark.parametrize("peran", ["organisasi", "operator_b", "pimpinan", "operator_lain"])
def test_only_the_invited_pd_answers_its_invitation(pohon, peran):
    a = alur.kontributor_undang(sasaran=pohon.kota, oleh=pohon.organisasi, perangkat_daerah=pohon.pd_a)
    with pytest.raises(PermissionDenied):
        alur.kontributor_putuskan(kontributor=a, oleh=getattr(pohon, peran), status="disetujui", versi=1)


def test_an_outside_partners_answer_is_recorded_by_bagian_organisasi(pohon):
    m = alur.kontributor_undang(sasaran=pohon.kota, oleh=pohon.organisasi, mitra="Puskesmas Swasta (contoh)")
    with pytest.raises(PermissionDenied):
        alur.kontributor_putuskan(kontributor=m, oleh=pohon.operator_a, status="disetujui", versi=1)
    alur.kontributor_putuskan(kontributor=m, oleh=pohon.organisasi, status="disetujui", versi=1)
    assert Kontributor.objects.get(pk=m.pk).status == "disetujui"


def test_who_may_invite_and_whom(pohon):
    with pytest.raises(PermissionDenied):  # a PD invites only to its own nodes
        alur.kontributor_undang(sasaran=pohon.kota, oleh=pohon.operator_a, perangkat_daerah=pohon.pd_b)
    k = alur.kontributor_undang(sasaran=pohon.a1, oleh=pohon.operator_a, perangkat_daerah=pohon.pd_b)
    assert (k.status, k.sasaran, k.perangkat_daerah) == ("menunggu", pohon.a1, pohon.pd_b)
    for pd, mitra in ((pohon.pd_b, ""), (pohon.pd_a, ""), (pohon.pd_lain, ""), (None, ""), (pohon.pd_b, "x")):
        with pytest.raises(ValidationError):
            alur.kontributor_undang(sasaran=pohon.a1, oleh=pohon.organisasi, perangkat_daerah=pd, mitra=mitra)
    assert Kontributor.objects.count() == 1


def test_the_approved_node_is_recorded_in_the_history_like_any_new_node(pohon):
    u = _ke_pd(pohon)
    alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", catatan="", versi=1)
    simpul = Sasaran.objects.get(kode="A.S9")
    r = Riwayat.objects.get(object_id=simpul.pk, aksi="simpul.buat")
    assert (r.oleh, r.sebelum, r.sesudah["kode"], r.catatan) == (
        pohon.operator_a, None, "A.S9", "Dari usulan A.S9 yang disetujui.",
    )  # fmt: skip


def test_approving_under_a_final_renstra_is_a_revision_that_needs_the_note_as_its_reason(pohon):
    from kinerja.models import DokumenRencana, PeriodePerencanaan

    periode = PeriodePerencanaan.objects.create(pemda=pohon.pemda, tahun_mulai=2021, tahun_akhir=2026)
    Sasaran.objects.filter(pk=pohon.kota.pk).update(periode=periode)
    pohon.kota.refresh_from_db()
    renstra = DokumenRencana.objects.create(
        jenis="renstra", perangkat_daerah=pohon.pd_a, periode=periode, status=DokumenRencana.Status.FINAL
    )
    u = _ke_pd(pohon)
    with pytest.raises(ValidationError) as galat:
        alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", catatan="", versi=1)
    assert "Renstra" in galat.value.message_dict["catatan"][0] and "alasan" in galat.value.message_dict["catatan"][0]
    u.refresh_from_db()
    assert (u.status, Sasaran.objects.filter(kode="A.S9").exists()) == ("menunggu", False)

    alur.usulan_putuskan(usulan=u, oleh=pohon.operator_a, status="disetujui", catatan="Arahan wali kota", versi=1)
    simpul = Sasaran.objects.get(kode="A.S9")
    r = Riwayat.objects.get(object_id=simpul.pk, aksi="simpul.buat.revisi")
    renstra.refresh_from_db()
    assert (r.catatan, renstra.revisi, simpul.periode) == ("Arahan wali kota", 1, periode)
