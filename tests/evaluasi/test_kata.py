"""Issue 17 point 8, wording: the what-if plan's steps are sentences that say who takes them and a jump of
several predicates (D → A) is explained with a nearer step; the LKE guidance is specific to each criterion;
a worksheet the reader cannot edit says who works on it now and what can happen next."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from evaluasi import services, tampilan
from evaluasi.models import Evaluasi, Kriteria
from evaluasi.selectors import instrumen_siap
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def test_a_jump_from_d_to_a_is_explained_with_the_next_predicate_as_a_nearer_goal(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[-1])  # everything at the bottom: predicate D
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/rencana/?predikat=A")
    rencana = resp.context["rencana"]
    assert rencana["predikat"]["kode"] in ("A", "AA")
    teks = _teks(resp)
    assert "Dari D ke A berarti naik 5 predikat sekaligus, melewati C, CC, B, BB" in teks
    assert "jadikan predikat C (nilai di atas 30,00) sasaran antara tahun ini" in teks
    assert f"memerlukan {rencana['jumlah']} perubahan jawaban" in teks


def test_a_one_predicate_step_needs_no_explanation(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])  # 60,02 B
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/rencana/?predikat=BB")
    assert resp.context["rencana"]["penjelasan"] == ""
    assert 'id="rencana-lompatan"' not in resp.content.decode()


def test_plan_steps_are_full_sentences_naming_who_takes_them(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])
    client.force_login(pemeran.inspektorat)
    langkah = client.get(f"/evaluasi/{e.pk}/rencana/?predikat=BB").context["rencana"]["langkah"]
    assert langkah
    for baris in langkah:
        assert baris["uraian"][0].isupper() and baris["uraian"].endswith("."), baris["uraian"]
        assert baris["pelaku"] in ("PD", "Evaluator")
    kriteria = next(b for b in langkah if b["pelaku"] == "PD")
    assert kriteria["uraian"].startswith("Penuhi kriteria “")
    assert f"naik dari {kriteria['dari']} ke {kriteria['ke']}." in kriteria["uraian"]


def test_each_criterion_has_its_own_guidance(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    siap = instrumen_siap(e.instrumen)
    semua = [(kr, s.jenis) for k in siap.komponen for s in k.subkomponen for kr in s.kriteria]
    petunjuk = [tampilan.petunjuk_kriteria(kr, jenis) for kr, jenis in semua]
    assert len(set(petunjuk)) == len(petunjuk)  # no two criteria share one generic text
    kr, jenis = next((kr, j) for kr, j in semua if kr.skala == "YT")
    teks = tampilan.petunjuk_kriteria(kr, jenis)
    assert kr.uraian.rstrip(".") in teks and teks.startswith("Jawab Y bila ada bukti bahwa")
    assert teks not in tampilan.PETUNJUK_UMUM


def test_a_guidance_written_for_the_criterion_is_kept(pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    kr = Kriteria.objects.filter(subkomponen__komponen__instrumen=e.instrumen).first()
    kr.petunjuk = "Lihat SK Wali Kota tentang IKU."
    kr.save(update_fields=["petunjuk"])
    siap = instrumen_siap(Evaluasi.objects.get(pk=e.pk).instrumen)
    info = siap.kriteria_kode[kr.kode]
    assert tampilan.petunjuk_kriteria(info, "keberadaan") == "Lihat SK Wali Kota tentang IKU."


def test_the_worksheet_shows_the_criterion_guidance(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    client.force_login(pemeran.operator_a)
    teks = _teks(client.get(f"/evaluasi/{e.pk}/"))
    kr = instrumen_siap(e.instrumen).komponen[0].subkomponen[0].kriteria[0]
    assert f"Jawab Y bila ada bukti bahwa “{kr.uraian.rstrip('.')}” terpenuhi" in teks


def test_no_template_says_only_read_only_by_you():
    for berkas in (ROOT / "templates").rglob("*.html"):
        assert "hanya dapat dibaca oleh Anda" not in berkas.read_text(), berkas


def test_a_submitted_pd_self_assessment_tells_the_pd_and_the_inspektorat_what_comes_next(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    client.force_login(pemeran.operator_a)
    assert "Lembar kerja ini hanya dapat dibaca" not in _teks(client.get(f"/evaluasi/{e.pk}/"))
    services.evaluasi_ajukan(evaluasi=e, oleh=pemeran.operator_a)
    teks = _teks(client.get(f"/evaluasi/{e.pk}/"))
    assert "sudah mengajukan penilaian mandiri ini, jadi PD tidak dapat mengubahnya lagi" in teks
    assert "Inspektorat dapat mengembalikannya ke PD dengan catatan" in teks


def test_an_internal_draft_tells_a_reader_that_the_inspektorat_fills_it(client, pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert resp.status_code == 200
    assert "Inspektorat sedang mengisi evaluasi internal ini; Anda dapat membacanya" in _teks(resp)


@pytest.mark.parametrize(
    ("jenis", "pd", "status", "kalimat"),
    [
        ("mandiri", True, "draf", "Operator atau kepala"),
        ("internal", True, "dinilai", "Inspektorat dapat memfinalkannya atau mengembalikannya ke draf"),
        ("mandiri", False, "draf", "Bagian Organisasi sedang mengisi penilaian mandiri kota ini"),
        ("mandiri", False, "diajukan", "Bagian Organisasi dapat memfinalkannya"),
        ("internal", True, "final", "sudah final: nilainya terkunci"),
    ],
)
def test_every_status_names_who_acts_next(pemeran, jenis, pd, status, kalimat):
    oleh = {"internal": pemeran.inspektorat}.get(jenis, pemeran.operator_a if pd else pemeran.organisasi)
    e = buat_evaluasi(oleh, jenis=jenis, pd=pemeran.pd_a if pd else None)
    e.status = status
    assert kalimat in tampilan.keterangan_status(e)


# --- generated recommendations -------------------------------------------------------------------------------


def test_a_generated_recommendation_is_one_indonesian_sentence():
    from evaluasi.selectors import kalimat_rekomendasi

    teks = kalimat_rekomendasi(
        "Kepala Dinas Kesehatan",
        ["Terdapat pedoman teknis perencanaan kinerja.", "IKU telah dimanfaatkan dalam dokumen perencanaan"],
    )
    assert teks == (
        "Kepala Dinas Kesehatan agar memastikan bahwa terdapat pedoman teknis perencanaan kinerja dan bahwa IKU "
        "telah dimanfaatkan dalam dokumen perencanaan, serta menyimpan buktinya untuk evaluasi berikutnya."
    )
    assert kalimat_rekomendasi("Kepala Dinas Kesehatan", []) == ""


def test_the_new_recommendation_form_proposes_a_sentence_about_the_most_lost_criteria(client, pemeran):
    from evaluasi.selectors import usulan_rekomendasi

    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])
    uraian, kriteria = usulan_rekomendasi(e)
    assert uraian.startswith(f"Kepala {pemeran.pd_a.nama} agar memastikan bahwa ") and uraian.endswith(".")
    assert len(kriteria) == 2 and "Perbaiki:" not in uraian
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/rekomendasi/baru/")
    assert resp.status_code == 200
    form = resp.context["form"]
    assert form.initial["uraian"] == uraian and form.initial["kriteria"] == kriteria
    assert uraian in resp.content.decode().replace("&quot;", '"')
