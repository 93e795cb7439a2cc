"""Whether the system libraries for PDF rendering are present, and what to install when they are not."""

from __future__ import annotations

from functools import lru_cache

PAKET_DEBIAN = "libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core"
PESAN_TANPA_PANGO = (
    f"Pustaka sistem Pango untuk membuat PDF belum terpasang. Pasang dengan: sudo apt-get install {PAKET_DEBIAN}"
)


@lru_cache(maxsize=1)
def masalah_pdf() -> str | None:
    """None when WeasyPrint can render, else an Indonesian message naming the Debian packages to install."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError:
        return PESAN_TANPA_PANGO
    except ImportError as exc:
        return f"WeasyPrint tidak dapat dimuat ({exc}). Jalankan: make install"
    return None
