"""Pages: the city years as the wali kota sees them, the result with lost points and the what-if plan,
the worksheet with partial saves, evidence and the live preview, recommendations; scoping on each."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi import services
from evaluasi.models import Evaluasi, Jawaban, Kriteria, Rekomendasi
from tests.evaluasi.factories import buat_evaluasi, buat_instrumen_kecil, evaluasi_final, isi_jawaban

pytestmark = pytest.mark.django_db
D = Decimal
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _resmi(pemeran):
    services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2023, total=D("67.31"), predikat="B")
    return services.hasil_resmi_catat(
        oleh=pemeran.organisasi,
        tahun=2024,
        total=D("69.04"),
        predikat="B",
        nilai_komponen={"1": D("21.50"), "2": D("19.80"), "3": D("10.24"), "4": D("17.50")},
        nomor_lhe="B/1187/M.AA.05/2024",
        tanggal_lhe=datetime.date(2024, 12, 10),
    )


# --- City years ------------------------------------------------------------------------------------------------


def test_walikota_sees_2024_official_69_04_b_gap_0_96_and_bb_needs_more_than_70(client, pemeran):
    _resmi(pemeran)
    evaluasi_final(pemeran, pd=pemeran.pd_a)  # 100,00 AA
    evaluasi_final(pemeran, pd=pemeran.pd_b, pola=lambda kr: kr.pilihan[-1])  # 0,00 D
    client.force_login(pemeran.pimpinan)
    resp = client.get("/evaluasi/kota/")
    assert resp.status_code == 200
    teks = _teks(resp)
    assert "Hasil resmi KemenPANRB 2024 69,04 B Baik" in teks
    assert (  # the dashboard's sentence, from the same rule (scoring.jarak_target, tampilan.kalimat_jarak)
        "Nilai 69,04 kurang 0,96 dari target 70,00, tetapi nilai 70,00 masih berpredikat B; predikat BB berarti "
        "nilai di atas 70,00, yaitu sekurang-kurangnya 70,01, jadi perlu tambahan 0,97 poin untuk target dan "
        "predikat BB."
    ) in teks
    assert "Naik 1,73 dari tahun sebelumnya (67,31)" in teks
    assert "10 Desember 2024" in teks
    assert "Perkiraan mandiri kota" in teks and "50,0% 1 / 2 PD" in teks


def test_operator_cannot_open_the_city_years_page(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get("/evaluasi/kota/").status_code == 403


def test_official_result_form_shows_clear_messages_then_records(client, pemeran):
    client.force_login(pemeran.organisasi)
    data = {"tahun": "2024", "total": "69,04", "predikat": "BB", "komponen_1": "31", "komponen_2": "19,80"}
    resp = client.post("/evaluasi/resmi/baru/", data)
    teks = _teks(resp)
    assert resp.status_code == 200
    assert "Predikat BB tidak sesuai nilai total 69,04" in teks
    assert "harus antara 0 dan bobotnya 30,00" in teks
    data.update(predikat="B", komponen_1="21,50", komponen_3="10,24", komponen_4="17,50")
    resp = client.post("/evaluasi/resmi/baru/", data)
    assert resp.status_code == 302
    assert Evaluasi.objects.get(jenis="resmi").hasil.total == D("69.04")
    client.force_login(pemeran.inspektorat)
    assert client.get("/evaluasi/resmi/baru/").status_code == 403


# --- Result page ------------------------------------------------------------------------------------------------


def test_result_page_shows_components_total_predicate_lost_points_and_plan(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])  # 60,02 B (see test_services)
    client.force_login(pemeran.pimpinan)
    resp = client.get(f"/evaluasi/{e.pk}/hasil/?predikat=BB")
    assert resp.status_code == 200
    teks = _teks(resp)
    assert "60,02 B" in teks and "Baik" in teks
    assert "1. Perencanaan Kinerja 18,00 / 30,00" in teks
    assert f"3b. {e.instrumen.komponen.get(kode='3').subkomponen.get(kode='3b').nama} 3,38 / 4,50" in teks
    rencana = resp.context["rencana"]
    assert rencana["tercapai"] and rencana["predikat"]["kode"] == "BB"
    assert rencana["langkah"][0]["ke"] in ("Y", "A")
    poin = resp.context["poin_hilang"]
    assert [D(p["poin"].replace(",", ".")) for p in poin] == sorted(
        (D(p["poin"].replace(",", ".")) for p in poin), reverse=True
    )


def test_plan_partial_for_target_total_and_bad_input(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: kr.pilihan[1])
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/rencana/?target=70")
    assert resp.status_code == 200 and "mencapai target 70,00" in _teks(resp)
    assert "bukan angka" in _teks(client.get(f"/evaluasi/{e.pk}/rencana/?target=tujuh"))
    assert "tidak dapat dicapai" not in _teks(client.get(f"/evaluasi/{e.pk}/rencana/?target=100"))
    assert "antara 0 dan 100" in _teks(client.get(f"/evaluasi/{e.pk}/rencana/?target=101"))


def test_result_page_query_count_does_not_grow_with_criteria(client, pemeran):
    hitungan = []
    for n in (2, 12):
        ins = buat_instrumen_kecil(n)
        e = buat_evaluasi(
            pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, tahun=2000 + n, instrumen=ins, terisi=True
        )
        client.force_login(pemeran.inspektorat)
        client.get(f"/evaluasi/{e.pk}/hasil/?target=99")  # warm the instrument cache like a running server
        with CaptureQueriesContext(connection) as q:
            resp = client.get(f"/evaluasi/{e.pk}/hasil/?target=99")
        assert resp.status_code == 200
        hitungan.append(len(q))
    assert hitungan[0] == hitungan[1], hitungan


def test_official_result_page_has_no_lost_points_but_links_the_self_estimate(client, pemeran):
    h = _resmi(pemeran)
    client.force_login(pemeran.pimpinan)
    teks = _teks(client.get(f"/evaluasi/{h.evaluasi_id}/hasil/"))
    assert "69,04 B" in teks and "Nilai resmi KemenPANRB" in teks and "21,50 / 30,00" in teks


# --- Scoping ------------------------------------------------------------------------------------------------------


def test_other_pd_and_other_pemda_get_404_on_every_page(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    j = Jawaban.objects.filter(evaluasi=e).first()
    for user in (pemeran.operator_b, pemeran.operator_lain, pemeran.pimpinan_lain):
        client.force_login(user)
        for url in (
            f"/evaluasi/{e.pk}/",
            f"/evaluasi/{e.pk}/hasil/",
            f"/evaluasi/{e.pk}/rencana/?target=70",
            f"/evaluasi/jawaban/{j.pk}/bukti/",
        ):
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/evaluasi/{e.pk}/pratinjau/", {}).status_code == 404
        assert client.post(f"/evaluasi/{e.pk}/", {"aksi": "simpan"}).status_code == 404


def test_pd_gets_404_for_internal_evaluation_before_final(client, pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    client.force_login(pemeran.operator_a)
    assert client.get(f"/evaluasi/{e.pk}/").status_code == 404
    assert client.get(f"/evaluasi/{e.pk}/hasil/").status_code == 404


# --- Worksheet ----------------------------------------------------------------------------------------------------


def _post_lembar(e, **isi):
    data = {"aksi": isi.pop("aksi", "simpan")}
    for j in Jawaban.objects.filter(evaluasi=e).select_related("kriteria"):
        data[f"nilai-{j.kriteria_id}"] = isi.get(j.kriteria.kode, j.nilai)
        data[f"versi-{j.kriteria_id}"] = str(j.versi)
        data[f"catatan-{j.kriteria_id}"] = j.catatan
    return data


def test_operator_saves_partially_and_cannot_submit_incomplete(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert resp.status_code == 200 and "0 dari 80 kriteria terjawab" in _teks(resp)
    resp = client.post(f"/evaluasi/{e.pk}/", _post_lembar(e, **{"1a.1": "Y", "2b.3": "B"}), follow=True)
    assert "2 jawaban disimpan" in _teks(resp)
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="2b.3").nilai == "B"
    resp = client.post(f"/evaluasi/{e.pk}/", _post_lembar(e, aksi="ajukan"), follow=True)
    assert "78 kriteria belum dijawab" in _teks(resp)
    e.refresh_from_db()
    assert e.status == "draf"


def test_stale_form_is_refused_and_changes_nothing(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    lama = _post_lembar(e, **{"1a.1": "T"})
    services.jawaban_simpan(evaluasi=e, oleh=pemeran.kepala_a, isian=[services.IsianJawaban("1a.1", "Y", 1)])
    client.force_login(pemeran.operator_a)
    lama[f"nilai-{Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode='1a.2').pk}"] = "Y"
    resp = client.post(f"/evaluasi/{e.pk}/", lama, follow=True)
    assert "sudah diubah oleh pengguna lain" in _teks(resp)
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.1").nilai == "Y"
    assert Jawaban.objects.get(evaluasi=e, kriteria__kode="1a.2").nilai == ""


def test_submit_when_complete(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, terisi=True)
    client.force_login(pemeran.operator_a)
    client.post(f"/evaluasi/{e.pk}/", _post_lembar(e, aksi="ajukan"))
    e.refresh_from_db()
    assert e.status == "diajukan"
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert resp.context["bisa_isi"] is False


def test_evidence_upload_sniffs_content_and_download_is_scoped(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1a.1")
    client.force_login(pemeran.operator_a)
    palsu = SimpleUploadedFile("renstra.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    resp = client.post(f"/evaluasi/{e.pk}/", {**_post_lembar(e), f"bukti-{kr.pk}": palsu}, follow=True)
    assert "tidak dikenali" in _teks(resp)
    asli = SimpleUploadedFile("SK Renstra.pdf", PDF, content_type="text/plain")
    resp = client.post(f"/evaluasi/{e.pk}/", {**_post_lembar(e, **{"1a.1": "Y"}), f"bukti-{kr.pk}": asli}, follow=True)
    j = Jawaban.objects.get(evaluasi=e, kriteria=kr)
    assert j.nilai == "Y" and j.bukti_nama == "SK Renstra.pdf" and j.bukti_jenis == "application/pdf"
    assert j.bukti.name.endswith(".pdf") and "Renstra" not in j.bukti.name
    unduh = client.get(f"/evaluasi/jawaban/{j.pk}/bukti/")
    assert unduh.status_code == 200 and unduh["Content-Type"] == "application/pdf"
    assert b"".join(unduh.streaming_content) == PDF
    client.force_login(pemeran.operator_b)
    assert client.get(f"/evaluasi/jawaban/{j.pk}/bukti/").status_code == 404


def test_evidence_over_10_mib_is_refused(client, pemeran):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1a.1")
    besar = SimpleUploadedFile("besar.pdf", PDF + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/evaluasi/{e.pk}/", {**_post_lembar(e), f"bukti-{kr.pk}": besar}, follow=True)
    assert "batasnya 10 MiB" in _teks(resp)
    assert not Jawaban.objects.get(evaluasi=e, kriteria=kr).bukti


def test_inspektorat_worksheet_shows_pd_answers_and_cannot_edit_them(client, pemeran):
    mandiri = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a, pola=lambda kr: "Y" if kr.skala == "YT" else "C")
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    client.force_login(pemeran.inspektorat)
    resp = client.get(f"/evaluasi/{e.pk}/")
    assert resp.status_code == 200 and resp.context["pasangan"].pk == mandiri.pk
    assert "Jawaban PD: C" in _teks(resp)
    resp = client.post(f"/evaluasi/{mandiri.pk}/", _post_lembar(mandiri, **{"1a.1": "T"}))
    assert resp.status_code == 403
    assert Jawaban.objects.get(evaluasi=mandiri, kriteria__kode="1a.1").nilai == "Y"


def test_live_preview_scores_the_form_without_saving(client, pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a)
    data = _post_lembar(e)
    for k in list(data):
        if k.startswith("nilai-"):
            data[k] = "Y" if Kriteria.objects.get(pk=k.removeprefix("nilai-")).skala == "YT" else "A"
    client.force_login(pemeran.inspektorat)
    resp = client.post(f"/evaluasi/{e.pk}/pratinjau/", data, HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    teks = _teks(resp)
    assert "100,00" in teks and "80 dari 80 kriteria terjawab" in teks and "belum disimpan" in teks
    assert not Jawaban.objects.filter(evaluasi=e).exclude(nilai="").exists()


def test_finalise_from_the_worksheet_then_read_only(client, pemeran):
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pemeran.pd_a, terisi=True)
    client.force_login(pemeran.inspektorat)
    client.post(f"/evaluasi/{e.pk}/", _post_lembar(e, aksi="nilai"))
    resp = client.post(f"/evaluasi/{e.pk}/status/finalkan/")  # finalising asks first (issue 15 point 1)
    assert resp.status_code == 200 and "Hasil yang akan dibekukan: 100,00 (predikat AA)" in _teks(resp)
    assert Evaluasi.objects.get(pk=e.pk).status == "dinilai"
    resp = client.post(f"/evaluasi/{e.pk}/status/finalkan/", {"konfirmasi": "1"})
    assert resp.status_code == 302 and resp["Location"] == f"/evaluasi/{e.pk}/hasil/"
    e.refresh_from_db()
    assert e.status == "final" and e.hasil.total == D("100.00")
    resp = client.post(f"/evaluasi/{e.pk}/", _post_lembar(e, **{"1a.1": "T"}), follow=True)
    assert "sudah final" in _teks(resp)


def test_pages_carry_no_inline_script_or_style(client, pemeran):
    e = evaluasi_final(pemeran)
    client.force_login(pemeran.inspektorat)
    for url in (
        "/evaluasi/",
        f"/evaluasi/{e.pk}/",
        f"/evaluasi/{e.pk}/hasil/?target=70",
        "/evaluasi/kota/",
        "/evaluasi/rekomendasi/",
    ):
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=", html) and " style=" not in html, url


# --- List ----------------------------------------------------------------------------------------------------


def test_list_shows_live_and_frozen_scores_and_what_can_be_opened(client, pemeran):
    evaluasi_final(pemeran, pd=pemeran.pd_a, tahun=2024)
    e = buat_evaluasi(pemeran.operator_b, pd=pemeran.pd_b, tahun=2024)
    isi_jawaban(e, lambda kr: "Y" if kr.kode.startswith("1a") else "")
    client.force_login(pemeran.inspektorat)
    client.post("/tahun/", {"tahun": "2024", "next": "/evaluasi/"})
    resp = client.get("/evaluasi/")
    teks = _teks(resp)
    assert "100,00" in teks and "6,00 sementara" in teks
    assert [p["pd"] for p in resp.context["bisa_buat"]] == [pemeran.pd_b]
    resp = client.post("/evaluasi/buat/", {"tahun": "2024", "jenis": "internal", "perangkat_daerah": pemeran.pd_b.pk})
    assert resp.status_code == 302
    assert Evaluasi.objects.filter(jenis="internal", perangkat_daerah=pemeran.pd_b, tahun=2024).exists()


# --- Recommendations -------------------------------------------------------------------------------------------


def test_recommendations_overdue_highlighted_with_points_and_follow_up(client, pemeran):
    e = evaluasi_final(pemeran, pola=lambda kr: "T" if kr.kode == "1a.1" else kr.pilihan[0])
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="1a.1")
    lama = services.rekomendasi_buat(
        evaluasi=e,
        oleh=pemeran.inspektorat,
        uraian="Susun pedoman",
        batas_waktu=datetime.date(2020, 1, 1),
        kriteria=[kr],
    )
    services.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="Lanjutkan", batas_waktu=datetime.date(2099, 1, 1)
    )
    client.force_login(pemeran.operator_a)
    resp = client.get("/evaluasi/rekomendasi/")
    teks = _teks(resp)
    assert "1 rekomendasi melewati batas waktu" in teks and "terlambat" in teks
    assert resp.context["baris"][0]["poin"] == "0,86"  # 1a: 6 / 7 criteria = 0,857… → 0,86
    bukti = SimpleUploadedFile("sk.pdf", PDF)
    resp = client.post(
        f"/evaluasi/rekomendasi/{lama.pk}/",
        {"aksi": "tindak_lanjut", "versi": "1", "tindak_lanjut": "Pedoman ditetapkan", "bukti": bukti},
    )
    assert resp.status_code == 302
    lama.refresh_from_db()
    assert lama.status == "proses" and lama.bukti_jenis == "application/pdf"
    client.force_login(pemeran.operator_b)
    assert client.get(f"/evaluasi/rekomendasi/{lama.pk}/").status_code == 404
    assert client.get(f"/evaluasi/rekomendasi/{lama.pk}/bukti/").status_code == 404
    client.force_login(pemeran.organisasi)
    resp = client.post(f"/evaluasi/rekomendasi/{lama.pk}/", {"aksi": "verifikasi", "versi": "2", "diterima": "1"})
    lama.refresh_from_db()
    assert lama.status == "selesai" and lama.diverifikasi_oleh == pemeran.organisasi


def test_inspektorat_issues_a_recommendation_from_the_result_page(client, pemeran):
    e = evaluasi_final(pemeran)
    kr = Kriteria.objects.get(subkomponen__komponen__instrumen=e.instrumen, kode="2b.1")
    client.force_login(pemeran.inspektorat)
    assert "Terbitkan rekomendasi" in _teks(client.get(f"/evaluasi/{e.pk}/hasil/"))
    resp = client.post(
        f"/evaluasi/{e.pk}/rekomendasi/baru/",
        {"uraian": "Libatkan pimpinan", "batas_waktu": "2025-06-30", "kriteria": [kr.pk]},
    )
    assert resp.status_code == 302
    r = Rekomendasi.objects.get()
    assert r.perangkat_daerah == pemeran.pd_a and list(r.kriteria.all()) == [kr]
    client.force_login(pemeran.operator_a)
    assert client.get(f"/evaluasi/{e.pk}/rekomendasi/baru/").status_code == 403


def test_menu_and_inspektorat_home(client, pemeran):
    client.force_login(pemeran.inspektorat)
    assert client.get("/")["Location"] == "/evaluasi/"
    client.force_login(pemeran.operator_a)
    menu = str(client.get("/evaluasi/").context["menu"])  # the header menu, rendered once per role and page
    assert re.search(r'href="/evaluasi/(\?tahun=\d+)?"', menu) and "Hasil Evaluasi Kota" not in menu
