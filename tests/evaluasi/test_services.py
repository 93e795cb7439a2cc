"""Workflow and writes: who may answer what, stale versi, history, freezing results, official results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluasi import services
from evaluasi.models import Evaluasi, HasilEvaluasi, Jawaban, NilaiSubKomponen
from evaluasi.services import IsianJawaban
from perangkat_daerah.services import VersiKedaluwarsa, riwayat_untuk
from tests.evaluasi.factories import bawaan_b, buat_evaluasi, evaluasi_final, isi_jawaban

pytestmark = pytest.mark.django_db
D = Decimal


def _jawaban(e, kode):
    return Jawaban.objects.get(evaluasi=e, kriteria__kode=kode)


# --- Who may answer ---------------------------------------------------------------------------------------


def test_operator_fills_own_pd_self_assessment_and_history_records_it(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    j = _jawaban(e, "1b.1")
    n = services.jawaban_simpan(
        evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1b.1", "B", j.versi, "Sudah diformalkan")]
    )
    assert n == 1
    j.refresh_from_db()
    assert (j.nilai, j.catatan, j.versi, j.diubah_oleh) == ("B", "Sudah diformalkan", 2, pemeran.operator_a)
    riwayat = list(riwayat_untuk(j))
    assert riwayat[0].sebelum["nilai"] == "" and riwayat[0].sesudah["nilai"] == "B"
    assert riwayat[0].oleh == pemeran.operator_a


def test_operator_cannot_open_or_answer_another_pd(pemeran):
    with pytest.raises(PermissionDenied):
        services.evaluasi_buat(oleh=pemeran.operator_a, tahun=2024, jenis="mandiri", perangkat_daerah=pemeran.pd_b)
    e = buat_evaluasi(pemeran.operator_b, pd=pemeran.pd_b)
    with pytest.raises(PermissionDenied):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.1", "Y", 1)])


def test_operator_cannot_evaluate(pemeran):
    with pytest.raises(PermissionDenied):
        services.evaluasi_buat(oleh=pemeran.operator_a, tahun=2024, jenis="internal", perangkat_daerah=pemeran.pd_a)
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    with pytest.raises(PermissionDenied):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.1", "Y", 1)])
    isi_jawaban(e)
    with pytest.raises(PermissionDenied):
        services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.operator_a)


def test_inspektorat_cannot_edit_a_pd_own_answers(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    with pytest.raises(PermissionDenied):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[IsianJawaban("1a.1", "Y", 1)])
    assert _jawaban(e, "1a.1").nilai == ""


def test_inspektorat_answers_internal_evaluation(pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[IsianJawaban("2b.1", "C", 1, "Perlu bukti")])
    assert _jawaban(e, "2b.1").nilai == "C"


def test_pd_does_not_see_internal_evaluation_before_final(pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    assert not Evaluasi.objects.for_user(pemeran.operator_a).filter(pk=e.pk).exists()
    assert Evaluasi.objects.for_user(pemeran.pimpinan).filter(pk=e.pk).exists()
    final = evaluasi_final(pemeran, pd=pemeran.pd_b)
    assert Evaluasi.objects.for_user(pemeran.operator_b).filter(pk=final.pk).exists()


def test_answer_outside_the_scale_is_refused(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    with pytest.raises(ValidationError, match="tidak ada pada skala"):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.1", "A", 1)])
    with pytest.raises(ValidationError, match="tidak ada pada instrumen"):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("9z.1", "Y", 1)])


# --- Optimistic locking -----------------------------------------------------------------------------------


def test_stale_versi_raises_and_nothing_changes(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.2", "Y", 1)])
    with pytest.raises(VersiKedaluwarsa):
        services.jawaban_simpan(
            evaluasi=e,
            oleh=pemeran.operator_a,
            isian=[IsianJawaban("1a.1", "Y", 1), IsianJawaban("1a.2", "T", 1)],  # 1a.2 is at versi 2 now
        )
    assert _jawaban(e, "1a.1").nilai == "" and _jawaban(e, "1a.2").nilai == "Y"
    assert _jawaban(e, "1a.1").versi == 1


def test_resending_the_stored_answer_is_not_a_conflict(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.2", "Y", 1)])
    assert services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.2", "Y", 1)]) == 0


# --- Workflow ------------------------------------------------------------------------------------------------


def test_submit_only_when_every_criterion_is_answered(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    isi_jawaban(e, lambda kr: "" if kr.kode == "4c.5" else kr.pilihan[0])
    with pytest.raises(ValidationError, match="1 kriteria belum dijawab"):
        services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.operator_a)
    isi_jawaban(e)
    services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.operator_a)
    e.refresh_from_db()
    assert e.status == "diajukan"
    with pytest.raises(ValidationError, match="saat draf"):
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.operator_a, isian=[IsianJawaban("1a.1", "T", 1)])


def test_inspektorat_returns_a_submission_with_a_note(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.operator_a)
    with pytest.raises(PermissionDenied):
        services.evaluasi_kembalikan(evaluasi=e, oleh=pemeran.operator_a)
    services.evaluasi_kembalikan(evaluasi=e, oleh=pemeran.inspektorat, catatan="Bukti 1a.2 kurang")
    e.refresh_from_db()
    assert e.status == "draf"
    assert riwayat_untuk(e).first().catatan == "Bukti 1a.2 kurang"


def test_finalising_internal_freezes_result_and_the_pd_submission(pemeran):
    mandiri = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    services.evaluasi_ajukan(evaluasi=mandiri, oleh=pemeran.operator_a)
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, pola=lambda kr: kr.pilihan[1])
    with pytest.raises(ValidationError, match="Dinilai"):
        services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat)
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    hasil = services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat)
    e.refresh_from_db()
    mandiri.refresh_from_db()
    assert e.status == "final" and mandiri.status == "final"
    # Y/T criteria answered T (0), A–E answered B (0.75): keberadaan 0, the others 75 % of their weight,
    # each sub rounded half-up (3b 3,375 → 3,38; 3c and 4b 5,625 → 5,63; 4c 9,375 → 9,38): 60,02, not 60,00
    assert hasil.total == D("60.02") and hasil.predikat == "B" and hasil.predikat_nama == "Baik"
    assert hasil.nilai_komponen == {"1": "18.00", "2": "18.00", "3": "9.01", "4": "15.01"}
    assert hasil.instrumen_kode == "lke-internal-88-2021" and hasil.instrumen_versi == bawaan_b().versi
    assert HasilEvaluasi.objects.get(evaluasi=mandiri).total == D("100.00")
    assert riwayat_untuk(hasil).first().aksi == "bekukan_hasil"


def test_nobody_edits_a_final_evaluation(pemeran):
    e = evaluasi_final(pemeran)
    for user in (pemeran.inspektorat, pemeran.admin, pemeran.organisasi):
        with pytest.raises((ValidationError, PermissionDenied)):
            services.jawaban_simpan(evaluasi=e, oleh=user, isian=[IsianJawaban("1a.1", "T", 1)])
    with pytest.raises(ValidationError):
        services.evaluasi_kembalikan(evaluasi=e, oleh=pemeran.inspektorat)
    assert not services.boleh_mengisi(pemeran.inspektorat, e)


def test_city_self_estimate_method_a_by_bagian_organisasi(pemeran):
    e = buat_evaluasi(pemeran.organisasi, jenis="mandiri")
    assert e.instrumen.metode == "A" and e.perangkat_daerah is None
    assert NilaiSubKomponen.objects.filter(evaluasi=e).count() == 12
    with pytest.raises(PermissionDenied):
        services.jawaban_simpan(
            evaluasi=e, oleh=pemeran.inspektorat, isian=[IsianJawaban("1a", "BB", 1, subkomponen=True)]
        )
    isi_jawaban(e)
    with pytest.raises(ValidationError, match="12 subkomponen belum dinilai"):
        services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.organisasi)
    services.jawaban_simpan(
        evaluasi=e, oleh=pemeran.organisasi, isian=[IsianJawaban(s, "BB", 1, subkomponen=True) for s in _subs()]
    )
    services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.organisasi)
    hasil = services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.organisasi)
    assert hasil.total == D("80.00") and hasil.predikat == "BB"


def _subs():
    return [f"{k}{h}" for k in "1234" for h in "abc"]


# --- Official result -----------------------------------------------------------------------------------------


def test_official_result_2024_is_recorded_with_components(pemeran):
    hasil = services.hasil_resmi_catat(
        oleh=pemeran.organisasi,
        tahun=2024,
        total=D("69.04"),
        predikat="B",
        nilai_komponen={"1": D("21.50"), "2": D("19.80"), "3": D("10.24"), "4": D("17.50")},
        nomor_lhe="B/123/M.AA.05/2024",
    )
    e = hasil.evaluasi
    assert (e.jenis, e.status, e.perangkat_daerah) == ("resmi", "final", None)
    assert hasil.total == D("69.04") and hasil.predikat_nama == "Baik"


@pytest.mark.parametrize(
    ("total", "predikat", "komponen", "kunci", "pesan"),
    [
        ("69.04", "BB", None, "predikat", "Predikat BB tidak sesuai nilai total 69,04"),
        ("70.00", "BB", None, "predikat", "berpredikat B (Baik)"),
        ("70.01", "B", None, "predikat", "berpredikat BB"),
        ("101", "AA", None, "total", "antara 0 dan 100"),
        ("78.87", "BB", {"1": "31.00", "2": "19.80", "3": "10.80", "4": "17.27"}, "komponen_1", "bobotnya 30,00"),
        ("78.87", "BB", {"1": "28.79", "2": "19.80", "3": "10.80", "4": "19.40"}, "total", "berbeda 0,08"),
        ("78.87", "BB", {"1": "28.79", "2": "19.80", "3": "10.80", "4": None}, "komponen_4", "kosongkan semuanya"),
        ("78.87", "BB", {"1": "28.79", "2": "-1", "3": "10.80", "4": "19.47"}, "komponen_2", "antara 0"),
    ],
)
def test_official_result_validation(pemeran, total, predikat, komponen, kunci, pesan):
    komponen = {k: None if v is None else D(v) for k, v in (komponen or {}).items()}
    with pytest.raises(ValidationError) as exc:
        services.hasil_resmi_catat(
            oleh=pemeran.organisasi, tahun=2024, total=D(total), predikat=predikat, nilai_komponen=komponen
        )
    assert pesan in " ".join(exc.value.message_dict[kunci])
    assert not Evaluasi.objects.filter(jenis="resmi").exists()


def test_official_balikpapan_style_parts_within_0_01_are_accepted(pemeran):
    komponen = {"1": D("28.79"), "2": D("19.80"), "3": D("10.80"), "4": D("19.47")}  # 78,86 vs total 78,87
    hasil = services.hasil_resmi_catat(
        oleh=pemeran.organisasi, tahun=2023, total=D("78.87"), predikat="BB", nilai_komponen=komponen
    )
    assert hasil.total == D("78.87")


def test_only_bagian_organisasi_records_official_results_once_a_year(pemeran):
    for user in (pemeran.inspektorat, pemeran.operator_a, pemeran.pimpinan):
        with pytest.raises(PermissionDenied):
            services.hasil_resmi_catat(oleh=user, tahun=2024, total=D("69.04"), predikat="B")
    services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2024, total=D("69.04"), predikat="B")
    with pytest.raises(ValidationError, match="sudah dicatat"):
        services.hasil_resmi_catat(oleh=pemeran.admin, tahun=2024, total=D("69.04"), predikat="B")


# --- Recommendations -------------------------------------------------------------------------------------------


def test_recommendation_follow_up_and_verification(pemeran):
    import datetime

    from evaluasi.models import Kriteria

    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[-1] if kr.kode.startswith("1b") else kr.pilihan[0])
    kriteria = list(Kriteria.objects.filter(subkomponen__komponen__instrumen=e.instrumen, kode__in=["1b.1", "1b.2"]))
    with pytest.raises(PermissionDenied):
        services.rekomendasi_buat(
            evaluasi=e, oleh=pemeran.operator_a, uraian="x", batas_waktu=datetime.date(2025, 6, 30)
        )
    rek = services.rekomendasi_buat(
        evaluasi=e,
        oleh=pemeran.inspektorat,
        uraian="Formalkan Renstra",
        batas_waktu=datetime.date(2025, 6, 30),
        kriteria=kriteria,
    )
    assert rek.perangkat_daerah == pemeran.pd_a
    with pytest.raises(PermissionDenied):
        services.rekomendasi_tindak_lanjut(rekomendasi=rek, oleh=pemeran.operator_b, versi=1, tindak_lanjut="x")
    services.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.operator_a, versi=1, tindak_lanjut="SK Renstra terbit"
    )
    with pytest.raises(VersiKedaluwarsa):
        services.rekomendasi_verifikasi(rekomendasi=rek, oleh=pemeran.organisasi, versi=1, diterima=True)
    with pytest.raises(PermissionDenied):
        services.rekomendasi_verifikasi(rekomendasi=rek, oleh=pemeran.inspektorat, versi=2, diterima=True)
    services.rekomendasi_verifikasi(rekomendasi=rek, oleh=pemeran.organisasi, versi=2, diterima=True)
    rek.refresh_from_db()
    assert rek.status == "selesai" and rek.diverifikasi_oleh == pemeran.organisasi
    assert [r.aksi for r in riwayat_untuk(rek)] == ["verifikasi", "tindak_lanjut", "buat"]


def test_the_workflow_steps_offered_are_the_ones_the_services_accept(pemeran):
    """services.tindakan_tersedia is the one statement of who may take which step when (issue 12 point 3)."""
    mandiri = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    assert services.tindakan_tersedia(pemeran.operator_a, mandiri) == [services.AJUKAN]
    assert services.tindakan_tersedia(pemeran.inspektorat, mandiri) == []
    services.evaluasi_ajukan(evaluasi=mandiri, oleh=pemeran.operator_a)
    mandiri.refresh_from_db()
    assert services.tindakan_tersedia(pemeran.operator_a, mandiri) == []  # the PD's one becomes final with the internal
    assert services.tindakan_tersedia(pemeran.inspektorat, mandiri) == [services.KEMBALIKAN]

    internal = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    assert services.tindakan_tersedia(pemeran.inspektorat, internal) == [services.NILAI]
    assert services.tindakan_tersedia(pemeran.operator_a, internal) == []
    services.evaluasi_tandai_dinilai(evaluasi=internal, oleh=pemeran.inspektorat)
    internal.refresh_from_db()
    assert services.tindakan_tersedia(pemeran.inspektorat, internal) == [services.KEMBALIKAN, services.FINALKAN]
    services.evaluasi_finalkan(evaluasi=internal, oleh=pemeran.inspektorat)
    internal.refresh_from_db()
    assert services.tindakan_tersedia(pemeran.inspektorat, internal) == []

    kota = buat_evaluasi(pemeran.organisasi, terisi=True)
    assert services.tindakan_tersedia(pemeran.organisasi, kota) == [services.AJUKAN]
    services.evaluasi_ajukan(evaluasi=kota, oleh=pemeran.organisasi)
    kota.refresh_from_db()
    assert services.tindakan_tersedia(pemeran.organisasi, kota) == [services.KEMBALIKAN, services.FINALKAN]
    assert services.tindakan_tersedia(pemeran.inspektorat, kota) == []
