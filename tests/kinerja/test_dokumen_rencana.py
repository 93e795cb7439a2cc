"""The planning documents' transitions (kinerja/services/dokumen_rencana.py): the RPJMD's visi/misi and
"Tetapkan", a PD's Renstra and Renja set final by its kepala, each draf → final once, with history; a final
document's content is then locked (kinerja/services/rencana.py)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.models import AnggaranSubKegiatan, DokumenRencana, PeriodePerencanaan, Sasaran
from kinerja.services import dokumen_rencana as layanan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from kinerja.services.rencana import anggaran_terkunci, simpul_terkunci
from kinerja.services.simpul import indikator_buat, indikator_ubah, simpul_hapus, simpul_ubah
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.factories import Peran, buat_pengguna
from tests.kinerja.factories import buat_indikator, buat_target

pytestmark = pytest.mark.django_db
TAHUN = list(range(2021, 2027))


@dataclass
class Rencana:
    """A small plan: the city's period with a tujuan → sasaran RPJMD (an IKU kota) and a thematic branch,
    and PD A's sasaran strategis → program → kegiatan → two sub kegiatan (one with a 2025 pagu)."""

    periode: PeriodePerencanaan
    tujuan: Sasaran
    sasaran_kota: Sasaran
    tematik: Sasaran
    strategis: Sasaran
    program: Sasaran
    kegiatan: Sasaran
    sub: Sasaran
    sub_tanpa_pagu: Sasaran


def _simpul(pemeran, t, kode, tingkat, induk=None, pd=None, periode=None, **kw) -> Sasaran:
    return Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pd, kode=kode, uraian=f"Uraian {kode}",
                                  tingkat=t[tingkat], induk=induk, periode=periode, **kw)  # fmt: skip


def _ukur(simpul: Sasaran, kode: str, *, iku=False, dasar=10) -> None:
    ind = buat_indikator(simpul.perangkat_daerah, sasaran=simpul, pemda=simpul.pemda, kode=kode, iku=iku)
    for i, tahun in enumerate(TAHUN):
        buat_target(ind, tahun, nilai=dasar + i)


def buat_rencana(pemeran) -> Rencana:
    """The plan above, with every node's indicator and a target for each year 2021–2026 (10, 11, … 15)."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(
        pemda=pemeran.pemda, tahun_mulai=2021, tahun_akhir=2026, visi="Kota yang maju", misi="Misi satu\n\nMisi dua"
    )
    kota = {"periode": periode}
    tujuan = _simpul(pemeran, t, "T1", "tujuan", **kota)
    sasaran_kota = _simpul(pemeran, t, "SR1", "sasaran_rpjmd", tujuan, **kota)
    tematik = _simpul(pemeran, t, "TM1", "tematik", sasaran_kota, tema="Kemiskinan", **kota)
    pd = {"pd": pemeran.pd_a, "periode": periode}
    strategis = _simpul(pemeran, t, "SS1", "sasaran_strategis", sasaran_kota, **pd)
    program = _simpul(pemeran, t, "SP1", "sasaran_program", strategis, **pd)
    kegiatan = _simpul(pemeran, t, "SK1", "sasaran_kegiatan", program, **pd)
    sub = _simpul(pemeran, t, "SUB1", "sub_kegiatan", kegiatan, **pd)
    sub2 = _simpul(pemeran, t, "SUB2", "sub_kegiatan", kegiatan, **pd)
    _ukur(sasaran_kota, "IKK1", iku=True, dasar=70)
    for s in (tujuan, tematik, strategis, program, kegiatan, sub):
        _ukur(s, f"I-{s.kode}")
    AnggaranSubKegiatan.objects.create(sasaran=sub, tahun=2025, pagu=Decimal("1500000"))
    return Rencana(periode, tujuan, sasaran_kota, tematik, strategis, program, kegiatan, sub, sub2)


@pytest.fixture
def rencana(pemeran) -> Rencana:
    return buat_rencana(pemeran)


def _final(periode: PeriodePerencanaan, pemeran) -> None:
    layanan.periode_tetapkan(periode=periode, oleh=pemeran.organisasi, versi=periode.versi)


def _aksi(obj) -> list[str]:
    return list(riwayat_untuk(obj).order_by("pk").values_list("aksi", flat=True))


def test_bagian_organisasi_edits_visi_and_misi_with_history(pemeran, rencana):
    p = rencana.periode
    assert layanan.periode_visi_misi_ubah(periode=p, oleh=pemeran.organisasi, visi=" Kota baru ",
                                          misi="A\n  \n B ", versi=1)  # fmt: skip
    p.refresh_from_db()
    assert (p.visi, p.misi, p.versi, p.status) == ("Kota baru", "A\nB", 2, "draf")
    r = Riwayat.objects.get(object_id=p.pk, aksi="rpjmd.ubah")
    assert (r.sebelum["visi"], r.sesudah["misi"], r.oleh) == ("Kota yang maju", "A\nB", pemeran.organisasi)


def test_a_stale_visi_edit_is_refused_and_nothing_changes(pemeran, rencana):
    with pytest.raises(VersiKedaluwarsa):
        layanan.periode_visi_misi_ubah(periode=rencana.periode, oleh=pemeran.organisasi, visi="X", misi="", versi=7)
    rencana.periode.refresh_from_db()
    assert (rencana.periode.visi, rencana.periode.versi) == ("Kota yang maju", 1)


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "pimpinan", "inspektorat"])
def test_only_bagian_organisasi_edits_or_sets_the_rpjmd_final(pemeran, rencana, peran):
    user = getattr(pemeran, peran)
    with pytest.raises(PermissionDenied):
        layanan.periode_visi_misi_ubah(periode=rencana.periode, oleh=user, visi="X", misi="", versi=1)
    with pytest.raises(PermissionDenied):
        layanan.periode_tetapkan(periode=rencana.periode, oleh=user, versi=1)
    rencana.periode.refresh_from_db()
    assert (rencana.periode.status, rencana.periode.visi) == ("draf", "Kota yang maju")


def test_setting_the_rpjmd_final_locks_the_city_nodes_once(pemeran, rencana):
    assert simpul_terkunci(rencana.sasaran_kota) == ""
    _final(rencana.periode, pemeran)
    rencana.periode.refresh_from_db()
    assert (rencana.periode.status, rencana.periode.versi) == ("final", 2)
    assert simpul_terkunci(rencana.sasaran_kota) == "RPJMD 2021–2026"
    assert simpul_terkunci(rencana.strategis) == ""  # a PD node waits for its Renstra
    with pytest.raises(ValidationError, match="sudah final"):
        layanan.periode_tetapkan(periode=rencana.periode, oleh=pemeran.organisasi, versi=2)
    assert _aksi(rencana.periode) == ["rpjmd.tetapkan"]


def test_a_visi_change_after_final_is_a_revision_with_a_reason(pemeran, rencana):
    _final(rencana.periode, pemeran)
    with pytest.raises(ValidationError) as exc:
        layanan.periode_visi_misi_ubah(periode=rencana.periode, oleh=pemeran.organisasi, visi="Baru", misi="", versi=2)
    assert "alasan" in exc.value.message_dict
    layanan.periode_visi_misi_ubah(periode=rencana.periode, oleh=pemeran.organisasi, visi="Baru", misi="M",
                                   versi=2, alasan="Perubahan RPJMD 2024")  # fmt: skip
    r = Riwayat.objects.get(object_id=rencana.periode.pk, aksi="rpjmd.ubah.revisi")
    assert (r.catatan, r.sesudah["visi"]) == ("Perubahan RPJMD 2024", "Baru")
    rencana.periode.refresh_from_db()
    assert rencana.periode.revisi == 1 and _aksi(rencana.periode)[-1] == "rpjmd.revisi"
    versi = rencana.periode.versi  # the same visi and misi again: nothing changed, no revision
    assert not layanan.periode_visi_misi_ubah(periode=rencana.periode, oleh=pemeran.organisasi, visi="Baru",
                                              misi="M", versi=versi, alasan="Ulang")  # fmt: skip
    rencana.periode.refresh_from_db()
    assert (rencana.periode.revisi, rencana.periode.versi) == (1, versi)


def _isian_simpul(s: Sasaran, **ubah) -> dict:
    nilai = {"kode": s.kode, "uraian": s.uraian, "induk": str(s.induk_id), "tingkat": str(s.tingkat_id),
             "periode": str(s.periode_id)}  # fmt: skip
    return nilai | ubah


def test_a_city_node_change_after_the_final_rpjmd_counts_a_revision_of_the_period(pemeran, rencana):
    simpul_ubah(sasaran=rencana.sasaran_kota, oleh=pemeran.organisasi, versi=1,
                nilai=_isian_simpul(rencana.sasaran_kota, uraian="Sebelum final"))  # fmt: skip
    rencana.periode.refresh_from_db()
    assert rencana.periode.revisi == 0  # a draft's change is no revision
    _final(rencana.periode, pemeran)
    simpul_ubah(sasaran=rencana.sasaran_kota, oleh=pemeran.organisasi, versi=2, alasan="Perda 2/2024",
                nilai=_isian_simpul(rencana.sasaran_kota, uraian="Sesudah final"))  # fmt: skip
    rencana.periode.refresh_from_db()
    assert rencana.periode.revisi == 1
    r = riwayat_untuk(rencana.periode).first()
    assert (r.aksi, r.sebelum, r.sesudah, r.catatan, r.oleh) == (
        "rpjmd.revisi", {"revisi": 0}, {"revisi": 1}, "Perda 2/2024", pemeran.organisasi)  # fmt: skip
    assert simpul_terkunci(rencana.strategis) == ""  # a PD node waits for its Renstra: no revision counted
    layanan.dokumen_rencana_tetapkan(
        jenis="renstra",
        perangkat_daerah=pemeran.pd_b,
        periode=rencana.periode,
        oleh=buat_pengguna(pemeran.pemda, Peran.KEPALA_PD, pemeran.pd_b),
        versi=None,
    )
    rencana.periode.refresh_from_db()
    assert rencana.periode.revisi == 1


def test_every_change_to_a_final_renstra_counts_one_revision_with_history(pemeran, rencana):
    _final(rencana.periode, pemeran)
    renstra = layanan.dokumen_rencana_tetapkan(
        jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode, oleh=pemeran.kepala_a, versi=None
    )
    op, alasan = pemeran.operator_a, {"alasan": "Reviu Renstra"}
    nilai = {"kode": "I-X", "uraian": "Baru", "satuan": "%", "arah": "naik", "agregasi": "akhir"}
    ind = indikator_buat(sasaran=rencana.program, oleh=op, nilai=nilai, target={2025: {"nilai": "5"}}, **alasan)
    # an indicator and its target in one form: one revision
    target = {2025: {"nilai": "6"}, 2026: {"nilai": "7"}}
    indikator_ubah(indikator=ind, oleh=op, nilai=nilai | {"uraian": "Diubah"}, versi=1, target=target, **alasan)
    # the same again: nothing changed, no revision
    indikator_ubah(indikator=ind, oleh=op, nilai=nilai | {"uraian": "Diubah"}, versi=2, target=target, **alasan)
    simpul_hapus(sasaran=rencana.sub_tanpa_pagu, oleh=op, versi=1, **alasan)
    renstra.refresh_from_db()
    assert renstra.revisi == 3
    revisi = riwayat_untuk(renstra).filter(aksi="renstra.revisi").order_by("pk")
    assert [(r.sesudah["revisi"], r.catatan, r.oleh) for r in revisi] == [(n, "Reviu Renstra", op) for n in (1, 2, 3)]
    assert DokumenRencana.objects.get(jenis="renstra").revisi == 3


def test_a_renstra_follows_a_final_rpjmd(pemeran, rencana):
    with pytest.raises(ValidationError, match="belum ditetapkan"):
        layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                         oleh=pemeran.kepala_a, versi=None)  # fmt: skip
    assert not DokumenRencana.objects.exists()


def test_the_kepala_pd_sets_the_renstra_final_and_its_nodes_lock(pemeran, rencana):
    _final(rencana.periode, pemeran)
    d = layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                         oleh=pemeran.kepala_a, versi=None, catatan="Perwal 12/2021")  # fmt: skip
    d.refresh_from_db()
    assert (d.jenis, d.status, d.tahun, d.ditetapkan_oleh, d.catatan) == (
        "renstra",
        "final",
        None,
        pemeran.kepala_a,
        "Perwal 12/2021",
    )
    assert d.ditetapkan_pada is not None
    assert _aksi(d) == ["renstra.buat", "renstra.tetapkan"]
    assert simpul_terkunci(rencana.sub) == "Renstra Dinas A RPJMD 2021–2026"
    with pytest.raises(ValidationError, match="sudah final"):
        layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                         oleh=pemeran.kepala_a, versi=d.versi)  # fmt: skip


def test_a_draft_renstra_row_is_set_final_with_its_version(pemeran, rencana):
    _final(rencana.periode, pemeran)
    d = DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode)
    kw = {"jenis": "renstra", "perangkat_daerah": pemeran.pd_a, "periode": rencana.periode, "oleh": pemeran.kepala_a}
    for basi in (None, 5):  # "no document yet" and an old version are both stale
        with pytest.raises(VersiKedaluwarsa):
            layanan.dokumen_rencana_tetapkan(**kw, versi=basi)
    layanan.dokumen_rencana_tetapkan(**kw, versi=1)
    d.refresh_from_db()
    assert (d.status, d.versi) == ("final", 2)


@pytest.mark.parametrize("peran", ["operator_a", "organisasi", "pimpinan", "kepala_b"])
def test_only_the_pds_own_kepala_sets_its_renstra_final(pemeran, rencana, peran):
    _final(rencana.periode, pemeran)
    user = (
        buat_pengguna(pemeran.pemda, Peran.KEPALA_PD, pemeran.pd_b) if peran == "kepala_b" else getattr(pemeran, peran)
    )
    with pytest.raises(PermissionDenied):
        layanan.dokumen_rencana_tetapkan(jenis="renstra", perangkat_daerah=pemeran.pd_a, periode=rencana.periode,
                                         oleh=user, versi=None)  # fmt: skip
    assert not DokumenRencana.objects.exists()


def test_a_renja_follows_the_final_renstra_and_locks_the_years_budgets(pemeran, rencana):
    _final(rencana.periode, pemeran)
    kw = {"jenis": "renja", "perangkat_daerah": pemeran.pd_a, "periode": rencana.periode, "oleh": pemeran.kepala_a}
    with pytest.raises(ValidationError, match="Renstra perangkat daerah ini"):
        layanan.dokumen_rencana_tetapkan(**kw, tahun=2025, versi=None)
    layanan.dokumen_rencana_tetapkan(**{**kw, "jenis": "renstra"}, versi=None)
    with pytest.raises(ValidationError, match="di luar"):
        layanan.dokumen_rencana_tetapkan(**kw, tahun=2030, versi=None)
    d = layanan.dokumen_rencana_tetapkan(**kw, tahun=2025, versi=None)
    assert (d.status, d.tahun, d.periode) == ("final", 2025, rencana.periode)
    assert anggaran_terkunci(rencana.sub, 2025) == "Renja Dinas A 2025"
    assert anggaran_terkunci(rencana.sub, 2026) == ""
    assert _aksi(d) == ["renja.buat", "renja.tetapkan"]
