"""Method A grades the answers must support (issue 15 point 1): THE rule (a grade above the one the Y share
proposes, unless every criterion is met) in the engine; a written justification by default, or a refusal
under the pemda's setting; every submission checks; finalising asks for confirmation; the result page
shows each justified grade."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from evaluasi import scoring, services
from evaluasi.models import Evaluasi, Jawaban, NilaiSubKomponen, PengaturanEvaluasi
from evaluasi.selectors import instrumen_siap
from perangkat_daerah.services import riwayat_untuk
from tests.evaluasi.factories import buat_evaluasi, buat_instrumen_kecil, instrumen_a, isi_jawaban
from tests.evaluasi.test_scoring import buat_instrumen, jawab, semua_sub

D = Decimal


# --- The rule, in the engine (no database) ------------------------------------------------------------------


def _sub(hasil, kode):
    return next(s for k in hasil.komponen for s in k.subkomponen if s.kode == kode)


@pytest.mark.parametrize(
    ("nilai", "melebihi"),
    [("AA", True), ("A", True), ("BB", True), ("B", True), ("CC", False), ("C", False), ("D", False), ("E", False)],
)
def test_a_grade_above_the_one_the_y_share_proposes_is_above_support(nilai, melebihi):
    instrumen = buat_instrumen(metode=scoring.METODE_A, skala="YT")
    pola = {s.kode: "Y" * len(s.kriteria) for s in semua_sub(instrumen)} | {"2a": "YYT"}  # 2 of 3: CC
    grades = {s.kode: "BB" for s in semua_sub(instrumen)} | {"2a": nilai}
    s = _sub(scoring.score(instrumen, jawab(instrumen, pola), grades), "2a")
    assert (s.usulan, s.jumlah_terpenuhi, s.melebihi_dukungan) == ("CC", 2, melebihi)


def test_all_criteria_met_leaves_a_and_aa_to_the_evaluators_judgement():
    instrumen = buat_instrumen(metode=scoring.METODE_A, skala="YT")
    pola = {s.kode: "Y" * len(s.kriteria) for s in semua_sub(instrumen)}
    hasil = scoring.score(instrumen, jawab(instrumen, pola), {s.kode: "AA" for s in semua_sub(instrumen)})
    assert hasil.total == D("100.00") and hasil.subkomponen_melebihi_dukungan == ()


def test_every_criterion_t_and_every_grade_aa_is_twelve_grades_above_support():
    """The issue's case: the engine still scores the grades given (100,00); the policy is the services'."""
    instrumen = buat_instrumen(metode=scoring.METODE_A, skala="YT")
    pola = {s.kode: "T" * len(s.kriteria) for s in semua_sub(instrumen)}
    hasil = scoring.score(instrumen, jawab(instrumen, pola), {s.kode: "AA" for s in semua_sub(instrumen)})
    assert hasil.total == D("100.00")
    assert [(s.kode, s.usulan) for s in hasil.subkomponen_melebihi_dukungan] == [
        (s.kode, "E") for s in semua_sub(instrumen)
    ]


def test_undecided_until_every_criterion_is_answered():
    instrumen = buat_instrumen(metode=scoring.METODE_A, skala="YT")
    pola = {s.kode: "-" * len(s.kriteria) for s in semua_sub(instrumen)} | {"1a": "TTTTTT-"}
    s = _sub(scoring.score(instrumen, jawab(instrumen, pola), {"1a": "AA"}), "1a")
    assert s.usulan is None and not s.melebihi_dukungan
    assert not scoring.nilai_a_melebihi_dukungan("AA", None, False)
    assert scoring.nilai_a_melebihi_dukungan("BB", "B", False) and not scoring.nilai_a_melebihi_dukungan(
        "AA", "BB", True
    )


# --- The policy, in the services ----------------------------------------------------------------------------


def _internal(pemeran, pola="T", pd=None):
    """The Inspektorat's internal evaluation of a PD (A) on a small method-A instrument, criteria answered."""
    e = buat_evaluasi(
        pemeran.inspektorat, jenis="internal", pd=pd or pemeran.pd_a, instrumen=buat_instrumen_kecil(2, metode="A")
    )
    isi_jawaban(e, lambda kr: pola)
    return e


def _nilai(e, kode, nilai, alasan=None):
    n = NilaiSubKomponen.objects.get(evaluasi=e, subkomponen__kode=kode)
    return services.IsianJawaban(kode, nilai, n.versi, subkomponen=True, alasan=alasan)


def _jawab(e, kode, nilai):
    return services.IsianJawaban(kode, nilai, Jawaban.objects.get(evaluasi=e, kriteria__kode=kode).versi)


def _baris(e, kode) -> NilaiSubKomponen:
    return NilaiSubKomponen.objects.get(evaluasi=e, subkomponen__kode=kode)


def _tolak(pemda):
    PengaturanEvaluasi.objects.create(pemda=pemda, nilai_di_atas_dukungan="tolak")


def test_by_default_aa_over_t_answers_needs_a_written_justification(pemeran):
    e = _internal(pemeran)
    with pytest.raises(ValidationError) as galat:
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "AA", alasan="  ")])
    assert list(galat.value.message_dict) == ["1a"]
    assert galat.value.message_dict["1a"] == [
        "Nilai AA untuk Sub 1a di atas nilai yang didukung kriterianya (E; 0 dari 2 kriteria terpenuhi). "
        "Tuliskan alasannya pada isian “Alasan nilai di atas dukungan kriteria”."
    ]
    assert (_baris(e, "1a").nilai, _baris(e, "1a").versi) == ("", 1)  # nothing saved
    alasan = "Inovasi layanan daring diakui nasional; dokumen menyusul."
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "AA", alasan=alasan)])
    baris = _baris(e, "1a")
    assert (baris.nilai, baris.alasan, baris.diubah_oleh) == ("AA", alasan, pemeran.inspektorat)
    riwayat = riwayat_untuk(baris).get(aksi="ubah_jawaban")
    assert riwayat.sebelum["alasan"] == "" and riwayat.sesudah["alasan"] == alasan


def test_grades_at_or_below_support_and_a_or_aa_when_all_met_need_nothing(pemeran):
    e = _internal(pemeran)
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "E"), _nilai(e, "1b", "E")])
    semua_y = _internal(pemeran, pola="Y", pd=pemeran.pd_b)
    services.jawaban_simpan(evaluasi=semua_y, oleh=pemeran.inspektorat, isian=[_nilai(semua_y, "1a", "AA")])
    assert (_baris(e, "1a").nilai, _baris(semua_y, "1a").nilai) == ("E", "AA")


def test_a_pemda_that_refuses_such_grades_refuses_them_even_with_a_justification(pemeran):
    _tolak(pemeran.pemda)
    e = _internal(pemeran)
    with pytest.raises(ValidationError) as galat:
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "B", alasan="Yakin.")])
    assert "Pengaturan evaluasi pemda tidak mengizinkan" in galat.value.message_dict["1a"][0]
    assert "pilih E atau lebih rendah" in galat.value.message_dict["1a"][0]
    assert _baris(e, "1a").nilai == ""
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "E")])
    assert _baris(e, "1a").nilai == "E"


def test_another_pemdas_setting_does_not_apply(pemeran):
    _tolak(pemeran.pemda_lain)
    e = _internal(pemeran)
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "AA", alasan="Inovasi.")])
    assert _baris(e, "1a").nilai == "AA"
    assert not services.dukungan_ditolak(pemeran.pemda.pk) and services.dukungan_ditolak(pemeran.pemda_lain.pk)


def test_changing_a_criterion_under_a_saved_grade_asks_for_the_justification_too(pemeran):
    e = _internal(pemeran, pola="Y")
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1a", "BB")])
    with pytest.raises(ValidationError) as galat:
        services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_jawab(e, "1a.1", "T")])
    assert (
        "Nilai BB untuk Sub 1a" in galat.value.message_dict["1a"][0]
        and "(C; 1 dari 2" in galat.value.message_dict["1a"][0]
    )
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1").nilai == "Y"
    # a sub-component the save does not touch is left to the submission's check
    NilaiSubKomponen.objects.filter(evaluasi=e, subkomponen__kode="2b").update(nilai="AA")
    Jawaban.objects.filter(evaluasi=e, kriteria__kode="2b.1").update(nilai="T")
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_jawab(e, "1b.1", "T")])


def _isi_semua(e, nilai="AA", alasan=""):
    NilaiSubKomponen.objects.filter(evaluasi=e).update(nilai=nilai, alasan=alasan)


def test_every_submission_checks_every_grade_and_finalising_asks_for_confirmation(pemeran):
    e = _internal(pemeran)
    _isi_semua(e)  # written directly: the answer writer never saw them
    with pytest.raises(ValidationError) as galat:
        services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    assert sorted(galat.value.message_dict) == ["1a", "1b", "2a", "2b"]
    _isi_semua(e, alasan="Penilaian evaluator atas praktik baik.")
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    with pytest.raises(services.PerluKonfirmasi) as tanya:
        services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat)
    assert tanya.value.penyimpangan == ["1a", "1b", "2a", "2b"]
    e.refresh_from_db()
    assert e.status == "dinilai"
    hasil = services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat, konfirmasi=True)
    assert (hasil.total, hasil.predikat, Evaluasi.objects.get(pk=e.pk).status) == (D("100.00"), "AA", "final")


def test_under_the_refusal_setting_no_submission_passes_with_such_a_grade(pemeran):
    _tolak(pemeran.pemda)
    e = _internal(pemeran)
    _isi_semua(e, alasan="Ada alasannya.")
    with pytest.raises(ValidationError) as galat:
        services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    assert all("tidak mengizinkan" in p[0] for p in galat.value.message_dict.values())
    _isi_semua(e, nilai="E")
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    assert services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat).total == D("0.00")


def test_the_city_self_estimate_all_t_all_aa_is_no_longer_submitted_at_100(pemeran):
    """The case the issue reports: 80 criteria T, 12 sub-components AA."""
    e = buat_evaluasi(pemeran.organisasi, jenis="mandiri", instrumen=instrumen_a())
    isi_jawaban(e, lambda kr: "T", nilai_sub="AA")
    with pytest.raises(ValidationError) as galat:
        services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.organisasi)
    assert len(galat.value.message_dict) == 12
    assert all("(E; 0 dari" in p[0] for p in galat.value.message_dict.values())
    assert Evaluasi.objects.get(pk=e.pk).status == "draf"


# --- Acceptance: the Inspektorat's worksheet and the result page ------------------------------------------


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _form(e, **sub):
    """The worksheet form as the page posts it; `sub` maps a sub-component code to (grade, justification)."""
    data = {"aksi": "simpan"}
    for j in Jawaban.objects.filter(evaluasi=e):
        data |= {
            f"nilai-{j.kriteria_id}": j.nilai,
            f"versi-{j.kriteria_id}": str(j.versi),
            f"catatan-{j.kriteria_id}": "",
        }
    for n in NilaiSubKomponen.objects.filter(evaluasi=e).select_related("subkomponen"):
        nilai, alasan = sub.get(n.subkomponen.kode, (n.nilai, n.alasan))
        data |= {f"sub-{n.subkomponen_id}": nilai, f"subversi-{n.subkomponen_id}": str(n.versi)}
        data[f"subalasan-{n.subkomponen_id}"] = alasan
    return data


def test_inspektorat_grading_aa_over_t_is_asked_for_a_justification_that_the_result_page_shows(client, pemeran):
    e = _internal(pemeran)
    sub_1a = _baris(e, "1a").subkomponen_id
    client.force_login(pemeran.inspektorat)
    halaman = client.get(f"/evaluasi/{e.pk}/")
    assert f'name="subalasan-{sub_1a}"' in halaman.content.decode()
    assert "Nilai yang didukung kriteria: E (0 dari 2 kriteria terpenuhi)" in _teks(halaman)

    resp = client.post(f"/evaluasi/{e.pk}/", _form(e, **{"1a": ("AA", "")}))
    assert resp.status_code == 200  # the form again, with what was typed
    teks = _teks(resp)
    assert "Nilai AA untuk Sub 1a di atas nilai yang didukung kriterianya (E; 0 dari 2 kriteria terpenuhi)" in teks
    assert "Tuliskan alasannya" in teks
    assert '<span class="lencana lencana-merah">di atas dukungan kriteria</span>' in resp.content.decode()
    assert '<option value="AA" selected>AA</option>' in resp.content.decode().split(f'id="sub-{sub_1a}"')[1]
    assert 'aria-invalid="true"' in resp.content.decode()
    assert '<p class="galat" role="alert">Nilai AA untuk Sub 1a di atas' in resp.content.decode()  # beside the field
    assert "Belum ada yang disimpan." in teks
    assert _baris(e, "1a").nilai == ""

    alasan = "Sistem antrean daring menjadi rujukan nasional (surat KemenPANRB terlampir)."
    resp = client.post(f"/evaluasi/{e.pk}/", _form(e, **{"1a": ("AA", alasan)}))
    assert resp.status_code == 302
    assert (_baris(e, "1a").nilai, _baris(e, "1a").alasan) == ("AA", alasan)

    hasil = _teks(client.get(f"/evaluasi/{e.pk}/hasil/"))
    assert "Nilai di atas dukungan kriteria" in hasil
    assert f"1a Sub 1a AA E (0 dari 2 kriteria terpenuhi) {alasan} {pemeran.inspektorat.username}" in hasil


def test_finalising_lists_the_justified_grades_and_asks_first(client, pemeran):
    e = _internal(pemeran)
    NilaiSubKomponen.objects.filter(evaluasi=e).update(nilai="E")
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "2b", "BB", alasan="Praktik baik.")])
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    client.force_login(pemeran.inspektorat)
    resp = client.post(f"/evaluasi/{e.pk}/status/finalkan/")
    assert resp.status_code == 200
    teks = _teks(resp)
    assert "1 subkomponen bernilai di atas nilai yang didukung kriterianya" in teks
    assert "2b Sub 2b BB E (0 dari 2 kriteria terpenuhi) Praktik baik." in teks
    assert Evaluasi.objects.get(pk=e.pk).status == "dinilai"
    resp = client.post(f"/evaluasi/{e.pk}/status/finalkan/", {"konfirmasi": "1"})
    assert resp.status_code == 302 and Evaluasi.objects.get(pk=e.pk).status == "final"
    assert "2b Sub 2b BB E (0 dari 2 kriteria terpenuhi) Praktik baik." in _teks(client.get(f"/evaluasi/{e.pk}/hasil/"))
    client.force_login(pemeran.operator_a)  # the PD sees its final internal evaluation, with the justification
    assert "Praktik baik." in _teks(client.get(f"/evaluasi/{e.pk}/hasil/"))


def test_the_worksheet_under_the_refusal_setting_offers_no_justification_field(client, pemeran):
    _tolak(pemeran.pemda)
    e = _internal(pemeran)
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert "subalasan-" not in resp.content.decode()
    assert "nilai di atas nilai yang didukung kriteria tidak diizinkan" in _teks(resp)
    data = {k: v for k, v in _form(e, **{"1a": ("AA", "")}).items() if not k.startswith("subalasan-")}
    assert "tidak mengizinkan" in _teks(client.post(f"/evaluasi/{e.pk}/", data))
    assert instrumen_siap(e.instrumen).metode == "A" and _baris(e, "1a").nilai == ""


def test_the_api_takes_the_justification_with_the_grade_and_reports_the_grade_above_support(pemeran):
    from rest_framework.test import APIClient

    e = _internal(pemeran)
    c = APIClient()
    c.force_authenticate(pemeran.inspektorat)
    url = f"/api/v1/evaluasi/{e.pk}/jawaban/"
    resp = c.patch(url, {"nilai_subkomponen": [{"kode": "1a", "nilai": "AA", "versi": 1}]}, format="json")
    assert resp.status_code == 400 and "Tuliskan alasannya" in resp.data["errors"]["1a"][0]
    isian = {"kode": "1a", "nilai": "AA", "versi": 1, "alasan": "Rujukan nasional."}
    resp = c.patch(url, {"nilai_subkomponen": [isian]}, format="json")
    assert resp.status_code == 200
    assert next(n for n in resp.data["nilai_subkomponen"] if n["kode"] == "1a")["alasan"] == "Rujukan nasional."
    sub = c.get(f"/api/v1/evaluasi/{e.pk}/hasil/").data["komponen"][0]["subkomponen"][0]
    assert (sub["kode"], sub["nilai_a"], sub["usulan"], sub["melebihi_dukungan"]) == ("1a", "AA", "E", True)


def test_the_lhe_prints_every_justified_grade_above_support(pemeran, django_capture_on_commit_callbacks):
    import io

    from pypdf import PdfReader

    from laporan import services as laporan_services

    e = _internal(pemeran)
    NilaiSubKomponen.objects.filter(evaluasi=e).update(nilai="E")
    alasan = "Layanan pengaduan terpadu menjadi rujukan provinsi."
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1b", "A", alasan=alasan)])
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    with django_capture_on_commit_callbacks(execute=False):
        laporan = laporan_services.laporan_minta(user=pemeran.inspektorat, jenis="lhe", tahun=e.tahun, evaluasi_id=e.pk)
    laporan_services.laporan_proses(laporan.pk)
    laporan.refresh_from_db()
    halaman = PdfReader(io.BytesIO(laporan.berkas.open("rb").read())).pages
    teks = " ".join(" ".join(p.extract_text() for p in halaman).split())
    assert "Nilai subkomponen di atas dukungan kriteria." in teks
    assert f"1b Sub 1b A E (0/2) {alasan}" in teks


def test_the_lkjips_evaluation_part_lists_the_justified_grades(pemeran):
    """A PD's LKjIP lists those of its final evaluations; the city's those of its self-estimate."""
    from django.template.loader import render_to_string

    from laporan.konteks import evaluasi_laporan

    e = _internal(pemeran)
    NilaiSubKomponen.objects.filter(evaluasi=e).update(nilai="E")
    alasan = "Rujukan provinsi."
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.inspektorat, isian=[_nilai(e, "1b", "A", alasan=alasan)])
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat, konfirmasi=True)
    data = evaluasi_laporan(pemeran.pemda, pemeran.pd_a, 2024)
    html = render_to_string("laporan/pdf/_evaluasi.html", {"evaluasi": data, "tahun": 2024})
    assert (
        "Evaluasi internal (Inspektorat), 1b Sub 1b: nilai A, didukung kriteria E (0 dari 2 kriteria terpenuhi). "
        f"Alasan: {alasan}"
    ) in re.sub(r"\s+", " ", html)

    kota = buat_evaluasi(pemeran.organisasi, jenis="mandiri", instrumen=instrumen_a())
    isi_jawaban(kota, lambda kr: "Y", nilai_sub="BB")
    Jawaban.objects.filter(evaluasi=kota, kriteria__kode="4c.1").update(nilai="T")  # 4 of 5: B
    NilaiSubKomponen.objects.filter(evaluasi=kota, subkomponen__kode="4c").update(alasan="Tindak lanjut berjalan.")
    data = evaluasi_laporan(pemeran.pemda, None, 2024)
    assert [(p["evaluasi"], p["kode"], p["nilai"], p["didukung"], p["alasan"]) for p in data["penyimpangan"]] == [
        ("Penilaian mandiri", "4c", "BB", "B", "Tindak lanjut berjalan.")
    ]


def test_a_worksheet_save_keeps_a_sub_components_note_the_page_does_not_show(client, pemeran):
    """The worksheet offers no field for a grade's note (the API and the LHE do): saving the page keeps it."""
    e = _internal(pemeran, pola="Y")
    NilaiSubKomponen.objects.filter(evaluasi=e, subkomponen__kode="1a").update(catatan="Reviu renstra belum ada")
    client.force_login(pemeran.inspektorat)
    data = _form(e, **{"1a": ("BB", "")})
    assert client.post(f"/evaluasi/{e.pk}/", data).status_code == 302
    assert (_baris(e, "1a").nilai, _baris(e, "1a").catatan) == ("BB", "Reviu renstra belum ada")
