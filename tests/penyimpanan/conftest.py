"""The object-store path (issue 18 point 4) against a real S3-compatible server: moto's server mode, started
once per session as a child process on a free localhost port, which dies with pytest (PR_SET_PDEATHSIG,
`siapkan_anak`). Each test gets its own bucket and the storage that `SAKIP_PENYIMPANAN=s3` builds in
sakip/settings/base.py for it."""

from __future__ import annotations

import os
import runpy
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from perangkat_daerah.management.commands.jalankan import siapkan_anak

BASE = Path(__file__).resolve().parents[2] / "sakip" / "settings" / "base.py"
KUNCI, RAHASIA, WILAYAH = "uji-kunci", "uji-rahasia", "us-east-1"


def pengaturan_dari(monkeypatch, **lingkungan: str) -> dict:
    """The settings base.py builds from this environment (SAKIP_* variables not given are unset)."""
    for nama in [k for k in os.environ if k.startswith(("SAKIP_PENYIMPANAN", "SAKIP_S3_"))]:
        monkeypatch.delenv(nama)
    for nama, nilai in lingkungan.items():
        monkeypatch.setenv(nama, nilai)
    return runpy.run_path(str(BASE))


def _port_bebas() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _siap(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def server_s3(tmp_path_factory):
    """The endpoint URL of a running moto S3 server."""
    try:
        import moto.server  # noqa: F401
    except ImportError:
        pesan = "moto[server] tidak terpasang (requirements-dev.txt): jalur penyimpanan objek tidak diuji."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true tetapi {pesan}")
        pytest.skip(pesan)
    log = tmp_path_factory.mktemp("moto") / "server.log"
    port = _port_bebas()
    with log.open("wb") as keluaran:
        proses = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=keluaran,
            stderr=subprocess.STDOUT,
            env={**os.environ, "MOTO_PORT": str(port)},
            preexec_fn=siapkan_anak(os.getpid()),  # noqa: PLW1509 (dies with a killed pytest)
        )
    try:
        batas = time.monotonic() + 30
        while not _siap(port):
            if proses.poll() is not None or time.monotonic() > batas:
                pytest.fail(f"server moto tidak mulai: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proses.terminate()
        try:
            proses.wait(10)
        except subprocess.TimeoutExpired:
            proses.kill()
            proses.wait()


@pytest.fixture
def klien_s3(server_s3):
    """A boto3 client of the server, as an administrator of the store would hold it."""
    import boto3

    return boto3.client(
        "s3", endpoint_url=server_s3, aws_access_key_id=KUNCI, aws_secret_access_key=RAHASIA, region_name=WILAYAH
    )


@pytest.fixture
def penyimpanan_s3(server_s3, klien_s3, settings, monkeypatch, tmp_path):
    """This test's bucket, and Django's default storage switched to it exactly as `SAKIP_PENYIMPANAN=s3` with
    these SAKIP_S3_* values does; MEDIA_ROOT points at an empty folder that must stay empty."""
    bucket = f"sakip-uji-{uuid.uuid4().hex[:12]}"
    klien_s3.create_bucket(Bucket=bucket)
    dibangun = pengaturan_dari(
        monkeypatch,
        SAKIP_PENYIMPANAN="s3",
        SAKIP_S3_ENDPOINT=server_s3,
        SAKIP_S3_BUCKET=bucket,
        SAKIP_S3_ACCESS_KEY=KUNCI,
        SAKIP_S3_SECRET_KEY=RAHASIA,
        SAKIP_S3_REGION=WILAYAH,
        SAKIP_S3_GAYA_ALAMAT="path",
    )
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": dibangun["STORAGES"]["default"]}
    settings.SAKIP_PENYIMPANAN = dibangun["SAKIP_PENYIMPANAN"]
    return bucket
