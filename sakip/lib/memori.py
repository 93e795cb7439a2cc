"""THE pause of Python's cyclic garbage collector around a block that allocates many short-lived objects
without reference cycles: a city's tree page (~100,000 rows, kinerja/selectors/pohon_tampil.py) and a
WeasyPrint render (boxes, styles and text layouts that live until the PDF is written, laporan/renderer.py).
Every automatic full collection walks all of them again (2–3× a tree build, a quarter of a 40-page render:
bench/pohon.py, bench/laporan.py). Whatever cycles they leave (WeasyPrint: some 366,000 objects after a
46-page render) are collected once the collector resumes; the peak RSS stays the same (bench/laporan.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_ditunda() -> Iterator[None]:
    """The collector paused for the block and resumed when it ends, unless it was already off (so nested
    pauses, or concurrent ones in threads, never turn it on early: only the first pauser resumes it)."""
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()
