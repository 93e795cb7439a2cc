"""Tests: fast hashing, files in a temporary folder, SQLite unless DATABASE_URL says otherwise."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or tempfile.mkdtemp(prefix="sakip-test-media-"))
# STORAGES as in base.py: the filesystem (MEDIA_ROOT above) unless SAKIP_PENYIMPANAN says otherwise; the
# object-store tests switch to moto's S3 server themselves (tests/penyimpanan/).
