"""scripts/cadangan.sh with `SAKIP_PENYIMPANAN=s3` (docs/SECURITY.md "Backup and restore"), on PostgreSQL and
moto's S3 server: the files are archived from the bucket, not from a media folder, and restored into another
bucket with the same names and bytes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.conftest import basis_data_sementara
from tests.penyimpanan.conftest import BASE

ROOT = BASE.parents[2]
pytestmark = pytest.mark.layanan


def _skrip(aksi: str, folder, env: dict) -> None:
    hasil = subprocess.run(
        ["bash", "scripts/cadangan.sh", aksi, str(folder)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip
    assert hasil.returncode == 0, hasil.stderr


def test_the_backup_script_archives_the_bucket(penyimpanan_s3, klien_s3, tmp_path):
    db = "sakip_uji_cadangan_s3"
    with basis_data_sementara(db) as dasar:
        _arsip_bucket(penyimpanan_s3, klien_s3, tmp_path, dasar, db)


def _arsip_bucket(penyimpanan_s3, klien_s3, tmp_path, dasar: str, db: str) -> None:
    isi = {"bukti/a.pdf": b"%PDF-a", "laporan/2024/b.pdf": b"%PDF-b"}
    for nama, data in isi.items():
        default_storage.save(nama, ContentFile(data))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sakip.settings.test", "DATABASE_URL": f"{dasar}/{db}",
           "PYTHON": sys.executable, "DJANGO_MEDIA_ROOT": str(tmp_path / "media")}  # fmt: skip
    folder = tmp_path / "cadangan"
    _skrip("buat", folder, env)
    assert not any((tmp_path / "media").rglob("*"))  # nothing came from a media folder

    kosong = f"{penyimpanan_s3}-pulih"
    klien_s3.create_bucket(Bucket=kosong)
    _skrip("pulihkan", folder, env | {"SAKIP_S3_BUCKET": kosong})
    kunci = {o["Key"] for o in klien_s3.list_objects_v2(Bucket=kosong).get("Contents", [])}
    assert {k: klien_s3.get_object(Bucket=kosong, Key=k)["Body"].read() for k in kunci} == isi
