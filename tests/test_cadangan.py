"""Backup and restore (docs/SECURITY.md) proven on PostgreSQL: dump a database with demo data and a stored
report file, restore both into a fresh database and media folder, and find the same rows and bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from tests.conftest import basis_data_sementara

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.layanan


def _jalankan(*args: str, env: dict) -> str:
    hasil = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert hasil.returncode == 0, hasil.stderr
    return hasil.stdout


def _hitung(url: str) -> dict:
    with psycopg.connect(url) as conn:
        return {
            tabel: conn.execute(f"SELECT count(*) FROM {tabel}").fetchone()[0]  # noqa: S608 - fixed names
            for tabel in ("perangkat_daerah_perangkatdaerah", "auth_user", "kinerja_realisasi", "laporan_laporan")
        }


def test_backup_and_restore_round_trip(tmp_path):
    sumber, tujuan = "sakip_uji_cadangan_a", "sakip_uji_cadangan_b"
    with basis_data_sementara(sumber, tujuan) as dasar:
        _pulang_pergi(tmp_path, dasar, sumber, tujuan)


def _pulang_pergi(tmp_path, dasar: str, sumber: str, tujuan: str) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sakip.settings.local",
        "DATABASE_URL": f"{dasar}/{sumber}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media-a"),
        "SAKIP_VAR_DIR": str(tmp_path / "var"),
    }
    # one process migrates, loads the demo and makes the report (three `manage.py` starts cost ~2 s each)
    kode = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0);"
        "call_command('muat_demo');"
        "from laporan.models import Laporan; from laporan.services import laporan_proses;"
        "from perangkat_daerah.models import Pemda; p = Pemda.objects.get(kode='kota-tangerang-selatan');"
        "l = Laporan.objects.create(pemda=p, jenis='lkjip_pemda', tahun=2024); laporan_proses(l.pk);"
        "l.refresh_from_db(); print(l.berkas.name)"
    )
    berkas = _jalankan(sys.executable, "manage.py", "shell", "-c", kode, env=env).strip().splitlines()[-1]
    isi_asli = hashlib.sha256((tmp_path / "media-a" / berkas).read_bytes()).hexdigest()
    _jalankan("bash", "scripts/cadangan.sh", "buat", str(tmp_path / "cadangan"), env=env)

    env_b = {**env, "DATABASE_URL": f"{dasar}/{tujuan}", "DJANGO_MEDIA_ROOT": str(tmp_path / "media-b")}
    _jalankan("bash", "scripts/cadangan.sh", "pulihkan", str(tmp_path / "cadangan"), env=env_b)
    assert _hitung(f"{dasar}/{tujuan}") == _hitung(f"{dasar}/{sumber}")
    assert _hitung(f"{dasar}/{tujuan}")["kinerja_realisasi"] > 0
    assert hashlib.sha256((tmp_path / "media-b" / berkas).read_bytes()).hexdigest() == isi_asli
