"""Evidence files on evaluations (issue 11 points 1 and 21, the same class as realisasi evidence): a
replaced file is removed once the change commits, and a refused change (stale versi) leaves no new file."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluasi import services
from evaluasi.models import Jawaban
from perangkat_daerah.services import VersiKedaluwarsa
from tests.evaluasi.factories import buat_evaluasi, evaluasi_final

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n"


@pytest.fixture(autouse=True)
def _media_sendiri(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _berkas(settings) -> set[str]:
    return {str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()}


def _pdf(nama="sk.pdf", ekor=b""):
    return SimpleUploadedFile(nama, PDF + ekor, content_type="application/pdf")


def test_follow_up_evidence_replaced_removes_the_old_file_and_a_stale_one_leaves_none(
    pemeran, settings, django_capture_on_commit_callbacks
):
    e = evaluasi_final(pemeran, pd=pemeran.pd_a)
    rek = services.rekomendasi_buat(
        evaluasi=e, oleh=pemeran.inspektorat, uraian="Perbaiki IKU", batas_waktu=datetime.date(2030, 6, 30)
    )
    rek = services.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.operator_a, versi=rek.versi, tindak_lanjut="SK disusun", berkas=_pdf()
    )
    pertama = rek.bukti.name
    with pytest.raises(VersiKedaluwarsa):
        services.rekomendasi_tindak_lanjut(
            rekomendasi=rek, oleh=pemeran.operator_a, versi=rek.versi + 9, tindak_lanjut="x", berkas=_pdf(ekor=b"2")
        )
    assert _berkas(settings) == {pertama}
    with django_capture_on_commit_callbacks(execute=True):
        rek = services.rekomendasi_tindak_lanjut(
            rekomendasi=rek,
            oleh=pemeran.operator_a,
            versi=rek.versi,
            tindak_lanjut="SK ditetapkan",
            berkas=_pdf(ekor=b"3"),
        )
    assert rek.bukti.name != pertama
    assert _berkas(settings) == {rek.bukti.name}
    assert (settings.MEDIA_ROOT / rek.bukti.name).read_bytes() == PDF + b"3"


def test_answer_evidence_replaced_removes_the_old_file_and_a_stale_one_leaves_none(
    pemeran, settings, django_capture_on_commit_callbacks
):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    j = Jawaban.objects.filter(evaluasi=e).first() or Jawaban.objects.create(
        evaluasi=e, kriteria=e.instrumen.komponen.first().subkomponen.first().kriteria.first()
    )
    j = services.bukti_unggah(jawaban=j, berkas=_pdf(), oleh=pemeran.operator_a, versi=j.versi)
    pertama = j.bukti.name
    with pytest.raises(VersiKedaluwarsa):
        services.bukti_unggah(jawaban=j, berkas=_pdf(ekor=b"2"), oleh=pemeran.operator_a, versi=j.versi + 9)
    assert _berkas(settings) == {pertama}
    with django_capture_on_commit_callbacks(execute=True):
        j = services.bukti_unggah(jawaban=j, berkas=_pdf(ekor=b"3"), oleh=pemeran.operator_a, versi=j.versi)
    assert _berkas(settings) == {j.bukti.name} and j.bukti.name != pertama


def _header_unduhan(resp, nama: str) -> None:
    assert resp.status_code == 200
    assert resp["Content-Type"] == "application/pdf"  # the type sniffed when stored, not the upload's claim
    assert resp["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in resp["Content-Disposition"] and nama in resp["Content-Disposition"]


def test_both_evidence_downloads_set_the_same_headers_as_kinerja(pemeran, client):
    e = buat_evaluasi(pemeran.operator_a, pd=pemeran.pd_a)
    j = Jawaban.objects.filter(evaluasi=e).first()
    berkas = SimpleUploadedFile("sk kepala.pdf", PDF, content_type="text/html")
    services.bukti_unggah(jawaban=j, berkas=berkas, oleh=pemeran.operator_a, versi=j.versi)
    client.force_login(pemeran.operator_a)
    _header_unduhan(client.get(f"/evaluasi/jawaban/{j.pk}/bukti/"), "sk kepala.pdf")

    final = evaluasi_final(pemeran, pd=pemeran.pd_a)
    rek = services.rekomendasi_buat(
        evaluasi=final, oleh=pemeran.inspektorat, uraian="Perbaiki IKU", batas_waktu=datetime.date(2030, 6, 30)
    )
    services.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.operator_a, versi=rek.versi, tindak_lanjut="SK disusun", berkas=_pdf("tl.pdf")
    )
    _header_unduhan(client.get(f"/evaluasi/rekomendasi/{rek.pk}/bukti/"), "tl.pdf")
