"""docker-compose.yml parses and holds the services of the production-like path."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_file_declares_the_services():
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert set(data["services"]) == {"postgres", "redis", "web", "worker", "beat"}
    web = data["services"]["web"]["command"]
    assert "migrate" in web and "gunicorn" in web
    assert "laporan" in data["services"]["worker"]["command"]


def test_docker_compose_config_parses(tmp_path):
    alat = shutil.which("docker-compose")
    if alat is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI=true tetapi docker-compose tidak terpasang (.ci/run memasangnya).")
        pytest.skip("docker-compose tidak terpasang: pasang paket Debian docker-compose untuk memeriksa berkas ini.")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    hasil = subprocess.run([alat, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert hasil.returncode == 0, hasil.stderr
