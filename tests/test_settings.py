"""Settings: production refuses to start without its secrets and passes check --deploy with them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
KUNCI = "k8Jd2#pQ9vL!xZ4mN7wR1tY6uB3cE5gH0jK-sA_dF%qW^eT*rU(iO)pLzXcVbNm"


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    lingkungan = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    lingkungan.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=lingkungan, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_secret_key():
    hasil = _manage("check", "--settings=sakip.settings.production", DJANGO_ALLOWED_HOSTS="sakip.example.id")
    assert hasil.returncode != 0
    assert "DJANGO_SECRET_KEY" in hasil.stderr


def test_production_refuses_a_short_secret_key():
    hasil = _manage(
        "check", "--settings=sakip.settings.production", DJANGO_SECRET_KEY="pendek", DJANGO_ALLOWED_HOSTS="a.id"
    )
    assert hasil.returncode != 0
    assert "long random value" in hasil.stderr


def test_production_refuses_to_start_without_hosts():
    hasil = _manage("check", "--settings=sakip.settings.production", DJANGO_SECRET_KEY=KUNCI, DJANGO_ALLOWED_HOSTS="")
    assert hasil.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in hasil.stderr


def test_production_check_deploy_prints_no_warning():
    hasil = _manage(
        "check",
        "--deploy",
        "--fail-level=WARNING",
        "--settings=sakip.settings.production",
        DJANGO_SECRET_KEY=KUNCI,
        DJANGO_ALLOWED_HOSTS="sakip.example.id",
    )
    assert hasil.returncode == 0, hasil.stderr
    assert "WARNING" not in hasil.stderr
    assert "no issues" in hasil.stdout


def test_locale_and_time_zone():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert settings.USE_THOUSAND_SEPARATOR is True


def test_strict_boolean_parsing(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from sakip.settings.base import env_bool

    monkeypatch.setenv("X_BOOL", "ya")
    assert env_bool("X_BOOL") is True
    monkeypatch.setenv("X_BOOL", "false")
    assert env_bool("X_BOOL") is False
    monkeypatch.setenv("X_BOOL", "mungkin")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_BOOL")


@pytest.mark.django_db
def test_pages_stay_indonesian_for_an_english_browser(client):
    html = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Nama pengguna" in html and "Kata sandi" in html
