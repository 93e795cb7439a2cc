"""Files on the object store (issue 18 point 4): with `SAKIP_PENYIMPANAN=s3`, evidence and generated reports
are written to and read from a real S3-compatible server (moto, tests/penyimpanan/conftest.py), leave only
through the access-checked views, streamed by the app, and the objects are private: nobody reads them from
the store without its keys."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile

import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from kinerja import services
from kinerja.models import Realisasi
from laporan import services as laporan_services
from laporan.models import Laporan
from laporan.zip_batch import NAMA_BACA
from sakip.penyimpanan import PenyimpananObjek
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target, isian_realisasi, url_realisasi
from tests.penyimpanan.conftest import BASE

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<< /Bukti (penyimpanan bersama) >>\n"


def _kunci(klien, bucket: str) -> set[str]:
    return {o["Key"] for o in klien.list_objects_v2(Bucket=bucket).get("Contents", [])}


def _isi(klien, bucket: str, kunci: str) -> bytes:
    return klien.get_object(Bucket=bucket, Key=kunci)["Body"].read()


def _ada(klien, bucket: str, kunci: str) -> bool:
    try:
        klien.head_object(Bucket=bucket, Key=kunci)
    except ClientError as exc:
        assert exc.response["Error"]["Code"] in {"404", "NoSuchKey"}
        return False
    return True


def _get_anonim(url: str) -> int:
    """The status of a GET without any credential, as a browser given the object's address would send it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as jawaban:  # noqa: S310 (our own local test server)
            return jawaban.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _isi_unduhan(resp) -> bytes:
    return b"".join(resp.streaming_content)


@pytest.fixture
def ind(pemeran):
    indikator = buat_indikator(pemeran.pd_a, kode="IK-A1")
    buat_target(indikator, 2025, nilai=80)
    return indikator


def test_the_configured_storage_is_the_object_store(penyimpanan_s3):
    default_storage._setup()
    assert isinstance(default_storage._wrapped, PenyimpananObjek)
    assert default_storage.bucket_name == penyimpanan_s3
    assert default_storage.default_acl == "private" and default_storage.querystring_auth is False
    assert default_storage.file_overwrite is False


def test_evidence_is_stored_in_the_bucket_and_downloaded_only_through_the_checked_view(
    client, pemeran, ind, penyimpanan_s3, klien_s3, server_s3, settings
):
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    resp = client.post(url_realisasi(pemeran.pd_a), isian_realisasi(ind, "80") | {f"bukti-{ind.pk}": berkas})
    assert resp.status_code == 302
    r = Realisasi.objects.get()
    assert r.bukti.name.startswith("bukti/") and r.bukti_nama == "sk.pdf"
    assert _kunci(klien_s3, penyimpanan_s3) == {r.bukti.name}
    assert _isi(klien_s3, penyimpanan_s3, r.bukti.name) == PDF
    assert not settings.MEDIA_ROOT.exists() or not any(settings.MEDIA_ROOT.rglob("*"))  # nothing on this host

    # an entitled reader (the city's Bagian Organisasi) gets the same bytes, streamed by the app
    client.force_login(pemeran.organisasi)
    unduh = client.get(f"/kinerja/bukti/{r.pk}/")
    assert unduh.status_code == 200 and unduh.streaming
    assert unduh["Content-Length"] == str(len(PDF))
    assert _isi_unduhan(unduh) == PDF
    assert unduh["Content-Type"] == "application/pdf" and unduh["X-Content-Type-Options"] == "nosniff"
    assert unduh["Content-Disposition"].startswith("attachment")
    # another PD's operator and another pemda's operator get nothing
    for orang in (pemeran.operator_b, pemeran.operator_lain):
        client.force_login(orang)
        assert client.get(f"/kinerja/bukti/{r.pk}/").status_code in {403, 404}

    # the object itself is private: no anonymous read from the store, and no URL into it is ever made
    assert _get_anonim(f"{server_s3}/{penyimpanan_s3}/{r.bukti.name}") == 403
    hibah = klien_s3.get_object_acl(Bucket=penyimpanan_s3, Key=r.bukti.name)["Grants"]
    assert not [g for g in hibah if "AllUsers" in g["Grantee"].get("URI", "")]
    alamat = r.bukti.url
    assert server_s3 not in alamat and penyimpanan_s3 not in alamat and "Signature" not in alamat


def test_the_anonymous_read_check_can_tell_a_public_object(penyimpanan_s3, klien_s3, server_s3):
    """The control of the test above: the same anonymous GET reads an object that was made public."""
    klien_s3.put_object(Bucket=penyimpanan_s3, Key="umum.txt", Body=b"umum", ACL="public-read")
    assert _get_anonim(f"{server_s3}/{penyimpanan_s3}/umum.txt") == 200


def test_replacing_evidence_deletes_the_old_object_after_commit(
    pemeran, ind, penyimpanan_s3, klien_s3, django_capture_on_commit_callbacks
):
    pertama = SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")
    r = services.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80", bukti=pertama
    )
    lama = r.bukti.name
    kedua = SimpleUploadedFile("b.pdf", PDF + b"2", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        r = services.realisasi_simpan(
            indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, versi=r.versi, nilai="80", bukti=kedua
        )
    assert r.bukti.name != lama and not _ada(klien_s3, penyimpanan_s3, lama)
    assert _kunci(klien_s3, penyimpanan_s3) == {r.bukti.name}
    assert _isi(klien_s3, penyimpanan_s3, r.bukti.name) == PDF + b"2"


def test_a_refused_write_leaves_no_object_behind(client, pemeran, ind, penyimpanan_s3, klien_s3):
    r = services.realisasi_simpan(indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80")
    client.force_login(pemeran.operator_a)
    berkas = SimpleUploadedFile("sk.pdf", PDF, content_type="application/pdf")
    data = isian_realisasi(ind, "81", versi=r.versi + 5) | {f"bukti-{ind.pk}": berkas}
    assert client.post(url_realisasi(pemeran.pd_a), data).status_code == 409  # a stale version
    r.refresh_from_db()
    assert not r.bukti
    assert _kunci(klien_s3, penyimpanan_s3) == set()  # the uploaded object was deleted again


def test_a_name_already_taken_is_never_overwritten(penyimpanan_s3, klien_s3):
    """As on the filesystem: a second file saved under a taken name gets another one, so a rolled-back write
    that deletes its own object can never delete someone else's."""
    pertama = default_storage.save("bukti/sama.pdf", SimpleUploadedFile("x", b"satu"))
    kedua = default_storage.save("bukti/sama.pdf", SimpleUploadedFile("x", b"dua"))
    assert pertama == "bukti/sama.pdf" and kedua != pertama
    assert _isi(klien_s3, penyimpanan_s3, pertama) == b"satu" and _isi(klien_s3, penyimpanan_s3, kedua) == b"dua"


@pytest.fixture
def data_laporan(pemeran):
    naik = buat_indikator(pemeran.pd_a, kode="IK-A1", uraian="Cakupan imunisasi dasar lengkap", agregasi="akhir")
    buat_target(naik, 2024, nilai="90")
    buat_realisasi(naik, 2024, 4, nilai="92", status="diverifikasi")
    return pemeran


def test_a_generated_report_is_stored_in_the_bucket_and_streamed_to_its_readers_only(
    client, data_laporan, penyimpanan_s3, klien_s3, server_s3
):
    pemeran = data_laporan
    laporan = Laporan.objects.create(
        pemda=pemeran.pemda, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pemeran.pd_a, tahun=2024,
        diminta_oleh=pemeran.operator_a,
    )  # fmt: skip
    assert laporan_services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI  # the worker's task body
    laporan.refresh_from_db()
    assert laporan.berkas.name.startswith("laporan/2024/")
    disimpan = _isi(klien_s3, penyimpanan_s3, laporan.berkas.name)
    assert disimpan.startswith(b"%PDF")

    client.force_login(pemeran.operator_a)
    for url in (f"/laporan/{laporan.pk}/unduh/", f"/api/v1/laporan/{laporan.pk}/unduh/"):
        resp = client.get(url)
        assert resp.status_code == 200 and resp.streaming, url
        assert resp["Content-Length"] == str(len(disimpan))
        assert _isi_unduhan(resp) == disimpan
        assert resp["Content-Type"] == "application/pdf" and "Location" not in resp
    for orang in (pemeran.operator_b, pemeran.operator_lain):
        client.force_login(orang)
        assert client.get(f"/laporan/{laporan.pk}/unduh/").status_code in {403, 404}
        assert client.get(f"/api/v1/laporan/{laporan.pk}/unduh/").status_code in {403, 404}
    assert _get_anonim(f"{server_s3}/{penyimpanan_s3}/{laporan.berkas.name}") == 403

    # built again (a retry, a newer version): the new object replaces the old one, which is deleted
    lama = laporan.berkas.name
    Laporan.objects.filter(pk=laporan.pk).update(status=Laporan.Status.ANTRI)
    assert laporan_services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    assert laporan.berkas.name != lama and _kunci(klien_s3, penyimpanan_s3) == {laporan.berkas.name}


def test_a_report_whose_object_is_gone_is_a_404_not_a_server_error(client, data_laporan, penyimpanan_s3, klien_s3):
    pemeran = data_laporan
    laporan = Laporan.objects.create(
        pemda=pemeran.pemda, jenis=Laporan.Jenis.LKJIP_PD, perangkat_daerah=pemeran.pd_a, tahun=2024,
        diminta_oleh=pemeran.operator_a,
    )  # fmt: skip
    assert laporan_services.laporan_proses(laporan.pk) == Laporan.Status.SELESAI
    laporan.refresh_from_db()
    client.force_login(pemeran.operator_a)
    assert client.get(f"/laporan/{laporan.pk}/unduh/").status_code == 200
    klien_s3.delete_object(Bucket=penyimpanan_s3, Key=laporan.berkas.name)
    assert client.get(f"/laporan/{laporan.pk}/unduh/").status_code == 404


def test_stored_files_are_backed_up_from_one_bucket_and_restored_into_another(
    penyimpanan_s3, klien_s3, settings, tmp_path
):
    """scripts/cadangan.sh on the object store: `cadangan_berkas` reads every object through the storage into
    one archive and writes them back, same names and bytes, into an empty bucket."""
    from django.core.management import call_command

    isi = {"bukti/a.pdf": PDF, "bukti/evaluasi/2025/01/b.png": b"\x89PNG", "laporan/2024/c.pdf": PDF + b"c"}
    for nama, data in isi.items():
        assert default_storage.save(nama, SimpleUploadedFile("x", data)) == nama
    arsip = str(tmp_path / "media.tar.gz")
    call_command("cadangan_berkas", "buat", arsip)

    kosong = f"{penyimpanan_s3}-pulih"
    klien_s3.create_bucket(Bucket=kosong)
    opsi = settings.STORAGES["default"]["OPTIONS"] | {"bucket_name": kosong}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": opsi}}
    call_command("cadangan_berkas", "pulihkan", arsip)
    assert {k: _isi(klien_s3, kosong, k) for k in _kunci(klien_s3, kosong)} == isi


def test_a_file_written_by_another_process_is_read_here(penyimpanan_s3, tmp_path):
    """Another host (a worker): its own process and its own empty media folder, the same SAKIP_* environment.
    What it stores, this process reads: the store is the only place the file is."""
    lain = tmp_path / "media-pekerja"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sakip.settings.test", "DJANGO_MEDIA_ROOT": str(lain)}
    kode = (
        "import django; django.setup(); from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s; s._setup();"
        "print(type(s._wrapped).__name__, s.save('laporan/2024/p.pdf', ContentFile(b'%PDF-p')))"
    )
    hasil = subprocess.run(
        [sys.executable, "-c", kode], cwd=BASE.parents[2], env=env, capture_output=True, text=True, timeout=120
    )
    pesan = f"stdout: {hasil.stdout}\nstderr: {hasil.stderr}"
    assert hasil.returncode == 0, pesan
    assert hasil.stdout.strip().splitlines()[-1].split() == ["PenyimpananObjek", "laporan/2024/p.pdf"], pesan
    with default_storage.open("laporan/2024/p.pdf", "rb") as berkas:
        assert berkas.read() == b"%PDF-p"
    assert not lain.exists() or not any(lain.rglob("*"))


def test_a_batch_zip_reads_its_reports_from_the_bucket_and_names_a_missing_one(
    client, pemeran, penyimpanan_s3, klien_s3, monkeypatch
):
    """laporan/zip_batch.py on the object store: finished PD reports come from the bucket into the ZIP; one whose
    object is gone is named in BACA-SAYA.txt, never a server error."""
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    batch = laporan_services.batch_minta(user=pemeran.organisasi, tahun=2024)
    for lap in batch.laporan.all():
        lap.berkas.save(f"{lap.pk}.pdf", ContentFile(b"%PDF-" + lap.perangkat_daerah.nama.encode()), save=False)
        lap.status, lap.nama_berkas = Laporan.Status.SELESAI, f"{lap.perangkat_daerah.nama}.pdf"
        lap.save()
    hilang = batch.laporan.get(perangkat_daerah=pemeran.pd_b)
    klien_s3.delete_object(Bucket=penyimpanan_s3, Key=hilang.berkas.name)
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/laporan/batch/{batch.pk}/zip/?tahun=2024")
    assert resp.status_code == 200
    arsip = zipfile.ZipFile(io.BytesIO(b"".join(resp.streaming_content)))
    assert sorted(arsip.namelist()) == [NAMA_BACA, "Dinas A.pdf"]
    assert arsip.read("Dinas A.pdf") == b"%PDF-Dinas A"
    assert "Dinas B: berkas tidak ditemukan di penyimpanan" in arsip.read(NAMA_BACA).decode()


def test_cek_sistem_says_whether_the_bucket_can_be_used(penyimpanan_s3, settings):
    from django.core.management import call_command

    from sakip.penyimpanan import masalah_penyimpanan

    keluaran = io.StringIO()
    call_command("cek_sistem", stdout=keluaran)
    assert "Penyimpanan berkas (s3) dapat dipakai" in keluaran.getvalue()
    opsi = settings.STORAGES["default"]["OPTIONS"] | {"bucket_name": "tidak-ada"}
    settings.STORAGES = {**settings.STORAGES, "default": {**settings.STORAGES["default"], "OPTIONS": opsi}}
    assert "bucket 'tidak-ada'" in masalah_penyimpanan()


def test_a_download_is_read_from_the_store_as_it_arrives(client, pemeran, ind, penyimpanan_s3, monkeypatch):
    """The view streams the object's body: it never first copies the whole object (S3File's `open()`, which
    spools it into memory or a temporary file)."""
    from storages.backends.s3 import S3File

    r = services.realisasi_simpan(
        indikator=ind, tahun=2025, triwulan=1, oleh=pemeran.operator_a, nilai="80",
        bukti=SimpleUploadedFile("a.pdf", PDF * 1000, content_type="application/pdf"),
    )  # fmt: skip

    def _disalin(*args, **kw):
        raise AssertionError("the download copied the whole object first")

    monkeypatch.setattr(S3File, "file", property(_disalin))
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/kinerja/bukti/{r.pk}/")
    assert resp.status_code == 200 and _isi_unduhan(resp) == PDF * 1000
