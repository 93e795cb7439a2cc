"""The Inspektorat's reviu of an LKjIP (issue 14 point 9): the workflow (start, return with a note, review again,
complete once every checklist item is answered), its rights, history and versions (laporan/reviu.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from laporan import reviu as alur
from laporan.models import Laporan, Reviu
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk

pytestmark = pytest.mark.django_db
TAHUN = 2024


@pytest.fixture(autouse=True)
def berkas_lkjip(pemeran):
    """A finished Word LKjIP of TAHUN for PD A, PD B and the city, made long ago: a reviu starts only once its
    document has a file (`alur.ada_berkas_lkjip`)."""
    lama = timezone.now() - datetime.timedelta(days=400)
    for pd, jenis in ((pemeran.pd_a, "lkjip_pd_docx"), (pemeran.pd_b, "lkjip_pd_docx"), (None, "lkjip_pemda_docx")):
        Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pd, jenis=jenis, tahun=TAHUN,
                               status=Laporan.Status.SELESAI, selesai_pada=lama)  # fmt: skip


def _semua(jawab="ya") -> dict:
    return {b.kode: (jawab, "") for b in alur.BUTIR_REVIU}


def _tindak(pemeran, aksi, versi, *, pd="a", oleh=None, **kw):
    return alur.reviu_tindak(
        oleh=oleh or pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=getattr(pemeran, f"pd_{pd}"),
        tahun=TAHUN, aksi=aksi, versi=versi, **kw,
    )  # fmt: skip


def test_return_with_a_note_then_review_again_and_complete(pemeran):
    r = _tindak(pemeran, "mulai", 0)
    assert (r.status, r.versi) == (Reviu.Status.DIREVIU, 1)
    r = _tindak(pemeran, "simpan", 1, isian={"A1": ("ya", "Sesuai"), "C3": ("tidak", "Target IK-2 beda dari PK")})
    assert r.jawaban == {"A1": {"jawaban": "ya", "catatan": "Sesuai"},
                         "C3": {"jawaban": "tidak", "catatan": "Target IK-2 beda dari PK"}}  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        _tindak(pemeran, "kembalikan", 2, catatan="  ")
    assert "catatan" in exc.value.message_dict
    r = _tindak(pemeran, "kembalikan", 2, catatan="Samakan target IK-2 dengan PK.")
    assert (r.status, r.catatan) == (Reviu.Status.DIKEMBALIKAN, "Samakan target IK-2 dengan PK.")
    assert r.jawaban["C3"]["jawaban"] == "tidak"  # the checklist kept (isian None: the stored answers)
    r = _tindak(pemeran, "mulai", r.versi)
    assert r.status == Reviu.Status.DIREVIU and r.selesai_pada is None
    r = _tindak(pemeran, "selesai", r.versi, isian=_semua())
    assert (r.status, r.selesai_pada) == (Reviu.Status.SELESAI, timezone.localdate())
    aksi = [h.aksi for h in riwayat_untuk(r).order_by("pk")]
    assert aksi == ["reviu_mulai", "reviu_simpan", "reviu_kembalikan", "reviu_mulai", "reviu_selesai"]
    assert [h.catatan for h in alur.catatan_reviu(r)] == ["Samakan target IK-2 dengan PK."]


def test_completing_needs_every_item_answered_and_names_the_missing_ones(pemeran):
    _tindak(pemeran, "mulai", 0)
    isian = _semua() | {"C10": ("", "belum dicek"), "B2": ("", "")}
    with pytest.raises(ValidationError) as exc:
        _tindak(pemeran, "selesai", 1, isian=isian)
    assert "B2, C10" in exc.value.messages[0]
    assert Reviu.objects.get().status == Reviu.Status.DIREVIU  # nothing written
    r = _tindak(pemeran, "selesai", 1, isian=_semua("tidak_relevan"))
    assert r.status == Reviu.Status.SELESAI


def test_an_unknown_answer_is_refused_with_the_item(pemeran):
    _tindak(pemeran, "mulai", 0)
    with pytest.raises(ValidationError) as exc:
        _tindak(pemeran, "simpan", 1, isian={"A1": ("mungkin", "")})
    assert "jawaban-A1" in exc.value.message_dict


@pytest.mark.parametrize(
    ("langkah", "aksi"),
    [([], "selesai"), ([], "kembalikan"), ([], "simpan"), (["mulai"], "mulai"),
     (["mulai", "kembalikan"], "simpan"), (["mulai", "selesai"], "mulai"), (["mulai", "selesai"], "kembalikan")],
)  # fmt: skip
def test_transitions_outside_the_table_are_refused(pemeran, langkah, aksi):
    versi = 0
    for a in langkah:
        versi = _tindak(pemeran, a, versi, isian=_semua(), catatan="Perbaiki").versi
    with pytest.raises(ValidationError):
        _tindak(pemeran, aksi, versi, isian=_semua(), catatan="Perbaiki")


def test_a_stale_version_is_refused_and_nothing_changes(pemeran):
    _tindak(pemeran, "mulai", 0)
    _tindak(pemeran, "simpan", 1, isian={"A1": ("ya", "")})
    with pytest.raises(VersiKedaluwarsa):
        _tindak(pemeran, "kembalikan", 1, catatan="Perbaiki")
    with pytest.raises(VersiKedaluwarsa):
        _tindak(pemeran, "mulai", 0)  # two inspectors starting the same reviu
    r = Reviu.objects.get()
    assert (r.status, r.versi) == (Reviu.Status.DIREVIU, 2)


@pytest.mark.parametrize("peran", ["operator_a", "kepala_a", "organisasi", "pimpinan", "admin"])
def test_only_the_inspektorat_reviews(pemeran, peran):
    with pytest.raises(PermissionDenied):
        _tindak(pemeran, "mulai", 0, oleh=getattr(pemeran, peran))
    assert not Reviu.objects.exists()


def test_the_city_lkjip_has_its_own_reviu(pemeran):
    kota = alur.reviu_tindak(oleh=pemeran.inspektorat, pemda=pemeran.pemda, perangkat_daerah=None, tahun=TAHUN,
                             aksi="mulai", versi=0)  # fmt: skip
    pd = _tindak(pemeran, "mulai", 0)
    assert kota.pk != pd.pk and kota.perangkat_daerah is None
    assert alur.reviu_dokumen(pemeran.pemda, None, TAHUN) == kota
    assert alur.reviu_dokumen(pemeran.pemda, pemeran.pd_a, TAHUN + 1) is None  # per year


def test_a_complete_reviu_reopens_only_with_a_reason_and_the_statement_goes(pemeran):
    from laporan.models import Laporan

    versi = _tindak(pemeran, "mulai", 0).versi
    r = _tindak(pemeran, "selesai", versi, isian=_semua())
    laporan = Laporan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN)
    assert alur.pernyataan(laporan) is not None
    with pytest.raises(ValidationError) as exc:
        _tindak(pemeran, "buka", r.versi)
    assert "catatan" in exc.value.message_dict
    r = _tindak(pemeran, "buka", r.versi, catatan="Realisasi IK-4 direvisi setelah reviu.")
    assert (r.status, r.selesai_pada, r.catatan) == (
        Reviu.Status.DIREVIU,
        None,
        "Realisasi IK-4 direvisi setelah reviu.",
    )
    assert alur.pernyataan(laporan) is None
    assert r.jawaban == {k: {"jawaban": "ya", "catatan": ""} for k in _semua()}  # the checklist kept


def test_a_clean_checklist_gives_the_clean_conclusion_and_no_findings():
    semua = {k: {"jawaban": j, "catatan": ""} for k, j in zip(("A1", "C8"), ("ya", "tidak_relevan"), strict=True)}
    paragraf = alur.paragraf_pernyataan("Dinas A", 2024, semua)
    assert paragraf[-1] == alur.SIMPULAN_BERSIH and alur.temuan(semua) == []
    assert paragraf[-1].startswith("Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal")


def test_an_item_left_answered_tidak_needs_its_note_and_the_statement_names_it(pemeran):
    r = _tindak(pemeran, "mulai", 0)
    isian = _semua() | {"C3": ("tidak", "")}
    with pytest.raises(ValidationError) as exc:
        _tindak(pemeran, "selesai", r.versi, isian=isian)
    assert exc.value.message_dict == {"catatan-C3": [str(alur.PESAN_TEMUAN)]}
    assert Reviu.objects.get().status == Reviu.Status.DIREVIU  # nothing written
    r = _tindak(pemeran, "selesai", r.versi, isian=isian | {"C3": ("tidak", "Target IK-2 berbeda dari PK.")})
    assert r.status == Reviu.Status.SELESAI
    paragraf = alur.paragraf_pernyataan("Dinas A", TAHUN, r.jawaban)
    assert paragraf[-1] == alur.SIMPULAN_TEMUAN and alur.SIMPULAN_BERSIH not in paragraf
    assert alur.temuan(r.jawaban) == [
        "Belum terpenuhi: Target kinerja dalam Laporan Kinerja sama dengan target dalam Perjanjian Kinerja. "
        "Catatan reviu: Target IK-2 berbeda dari PK."
    ]


def test_the_checklist_names_the_seven_analyses_and_the_deadline_of_the_lkjip_kind():
    from laporan import jenis

    teks = {b.kode: b.teks for b in alur.BUTIR_REVIU}
    assert len(teks) == len(alur.BUTIR_REVIU)  # codes are unique (answers are stored by code)
    assert jenis.ambil("lkjip_pd").jendela.dasar in teks["B2"]
    for kode, kata in [("C5", "Target dan realisasi kinerja tahun ini"), ("C6", "tahun lalu"),
                       ("C7", "target jangka menengah"), ("C8", "standar nasional"), ("C9", "alternatif solusi"),
                       ("C10", "Efisiensi"), ("C11", "Program/kegiatan")]:  # fmt: skip
        assert kata in teks[kode]


def test_a_reviu_cannot_start_before_its_lkjip_has_a_file(pemeran):
    Laporan.objects.filter(perangkat_daerah=pemeran.pd_a).delete()
    Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN)  # queued
    Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=TAHUN,
                           status=Laporan.Status.SELESAI)  # another kind's file does not count  # fmt: skip
    with pytest.raises(ValidationError) as galat:
        _tindak(pemeran, "mulai", 0)
    assert galat.value.messages == [
        f"Reviu belum dapat dimulai: belum ada berkas LKjIP {TAHUN} {pemeran.pd_a.nama} yang selesai dibuat. Buat "
        "LKjIP-nya terlebih dahulu di halaman Laporan, lalu mulai reviu."
    ]
    assert not Reviu.objects.filter(perangkat_daerah=pemeran.pd_a).exists()
    Laporan.objects.filter(jenis="lkjip_pd").update(status=Laporan.Status.SELESAI)
    assert _tindak(pemeran, "mulai", 0).status == Reviu.Status.DIREVIU
