"""docker-compose.yml offers MinIO as the shared file storage (issue 18 point 4): off by default (a profile),
its bucket created private by an init container, no port published, and the app's switch to it written out
with exactly the settings base.py reads."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_minio_is_an_optional_private_store_with_its_bucket_made_at_start():
    teks = (ROOT / "docker-compose.yml").read_text()
    layanan = yaml.safe_load(teks)["services"]
    minio, init = layanan["minio"], layanan["minio-init"]
    assert minio["image"].startswith("minio/minio") and minio["profiles"] == ["minio"]
    assert "ports" not in minio and "healthcheck" in minio
    assert init["profiles"] == ["minio"] and init["depends_on"]["minio"]["condition"] == "service_healthy"
    assert "mc mb --ignore-existing" in init["entrypoint"] and "mc anonymous set none" in init["entrypoint"]
    # the app's switch, commented: every SAKIP_S3_* it names is one base.py reads, pointed at this service
    saklar = dict(re.findall(r"#\s*(SAKIP_[A-Z0-9_]+):\s*(\S+)", teks))
    assert saklar["SAKIP_PENYIMPANAN"] == "s3" and saklar["SAKIP_S3_ENDPOINT"] == "http://minio:9000"
    base = (ROOT / "sakip" / "settings" / "base.py").read_text()
    assert all(f'"{nama}"' in base for nama in saklar)
    assert "SAKIP_PENYIMPANAN" not in yaml.safe_load(teks)["x-app"]["environment"]  # the filesystem by default
