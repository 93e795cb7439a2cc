"""Where files live is a setting (sakip/settings/base.py `SAKIP_PENYIMPANAN`), strictly parsed: the filesystem
unless told otherwise, the object store only when fully and safely described."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from tests.penyimpanan.conftest import pengaturan_dari

ROOT = Path(__file__).resolve().parents[2]
KUNCI_RAHASIA = "k8Jd2#pQ9vL!xZ4mN7wR1tY6uB3cE5gH0jK-sA_dF%qW^eT*rU(iO)pLzXcVbNm"
S3 = {"SAKIP_PENYIMPANAN": "s3", "SAKIP_S3_BUCKET": "sakip"}


def test_by_default_files_live_on_the_local_filesystem(monkeypatch, settings, tmp_path):
    assert pengaturan_dari(monkeypatch)["STORAGES"]["default"] == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    assert pengaturan_dari(monkeypatch, SAKIP_PENYIMPANAN="lokal")["SAKIP_PENYIMPANAN"] == "lokal"
    # and the running app (test settings, nothing set) writes under MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path
    default_storage._setup()
    assert type(default_storage._wrapped) is FileSystemStorage
    nama = default_storage.save("bukti/x.pdf", ContentFile(b"%PDF"))
    assert (tmp_path / nama).read_bytes() == b"%PDF"


def test_s3_builds_a_private_storage_that_never_signs_urls(monkeypatch):
    default = pengaturan_dari(
        monkeypatch, **S3, SAKIP_S3_ENDPOINT="http://minio:9000", SAKIP_S3_ACCESS_KEY="a", SAKIP_S3_SECRET_KEY="b"
    )["STORAGES"]["default"]
    assert default["BACKEND"] == "sakip.penyimpanan.PenyimpananObjek"
    opsi = default["OPTIONS"]
    assert opsi["bucket_name"] == "sakip" and opsi["endpoint_url"] == "http://minio:9000"
    assert opsi["default_acl"] == "private" and opsi["querystring_auth"] is False and opsi["file_overwrite"] is False
    assert opsi["addressing_style"] == "path" and opsi["region_name"] == "us-east-1"
    # AWS S3 itself, keys from boto3's own chain (an instance role), a bucket whose ACLs are disabled
    opsi = pengaturan_dari(monkeypatch, **S3, SAKIP_S3_ACL="")["STORAGES"]["default"]["OPTIONS"]
    assert opsi["endpoint_url"] is None and opsi["access_key"] is None and opsi["default_acl"] is None


@pytest.mark.parametrize(
    ("lingkungan", "pesan"),
    [
        ({"SAKIP_PENYIMPANAN": "ftp"}, "SAKIP_PENYIMPANAN"),
        ({"SAKIP_PENYIMPANAN": "s3"}, "SAKIP_S3_BUCKET"),
        (S3 | {"SAKIP_S3_ENDPOINT": "minio:9000"}, "SAKIP_S3_ENDPOINT"),
        (S3 | {"SAKIP_S3_ACCESS_KEY": "a"}, "SAKIP_S3_SECRET_KEY"),
        (S3 | {"SAKIP_S3_GAYA_ALAMAT": "jalan"}, "SAKIP_S3_GAYA_ALAMAT"),
        (S3 | {"SAKIP_S3_ACL": "public-read"}, "SAKIP_S3_ACL"),
        (S3 | {"SAKIP_S3_MEMORI_MAKS": "banyak"}, "SAKIP_S3_MEMORI_MAKS"),
    ],
)
def test_a_wrong_storage_setting_refuses_to_start(monkeypatch, lingkungan, pesan):
    with pytest.raises(ImproperlyConfigured, match=pesan):
        pengaturan_dari(monkeypatch, **lingkungan)


def test_production_keeps_the_object_store_beside_its_static_files():
    lingkungan = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAKIP_S3_"))}
    lingkungan |= S3 | {"DJANGO_SETTINGS_MODULE": "sakip.settings.production", "DJANGO_SECRET_KEY": KUNCI_RAHASIA,
                        "DJANGO_ALLOWED_HOSTS": "sakip.example.id"}  # fmt: skip
    kode = "from django.conf import settings as s; print(s.STORAGES['default']['BACKEND'], s.STORAGES['staticfiles'])"
    hasil = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {kode}"],
        cwd=ROOT, env=lingkungan, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr
    assert hasil.stdout.startswith("sakip.penyimpanan.PenyimpananObjek") and "whitenoise" in hasil.stdout


def test_cek_sistem_checks_the_media_folder(settings, tmp_path):
    from sakip.penyimpanan import masalah_penyimpanan

    settings.MEDIA_ROOT = tmp_path / "baru"
    assert masalah_penyimpanan() is None and (tmp_path / "baru").is_dir()
    (tmp_path / "berkas").write_text("bukan folder")
    settings.MEDIA_ROOT = tmp_path / "berkas" / "media"
    assert "tidak dapat dibuat" in masalah_penyimpanan()
