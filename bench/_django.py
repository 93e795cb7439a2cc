"""Benchmark setup: a private embedded database (or DATABASE_URL), migrated and loaded with the demo city."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def siapkan(muat_demo: bool = True) -> None:
    """Point Django at a fresh private SQLite database (unless DATABASE_URL is set) and load the demo."""
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("SAKIP_VAR_DIR", tempfile.mkdtemp(prefix="sakip-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sakip.settings.local")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if muat_demo:
        call_command("muat_demo", "--jika-kosong", verbosity=0)
