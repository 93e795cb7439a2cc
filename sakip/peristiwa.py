"""THE hook through which a workflow announces that something happened (issue 16 point 5).

The app that owns a transition calls `umumkan(jenis, objek)` at the transition's one home (a realisation
returned: `kinerja/services/realisasi.realisasi_kembalikan`; a report finished or failed:
`laporan/services.laporan_proses`). The `notifikasi` app, above every other app, connects to `terjadi` and
turns the announcement into notifications, so no app imports `notifikasi` and the imports keep pointing one
way. A failing receiver is logged and never undoes the transition that announced it.
"""

from __future__ import annotations

import logging

from django.dispatch import Signal

log = logging.getLogger(__name__)

# sender: the kind of event (a str, e.g. "dikembalikan"); keyword `objek`: the row it is about.
terjadi = Signal()


def umumkan(jenis: str, objek) -> None:
    """Announce that `jenis` happened to `objek`; receivers' errors are logged, never raised."""
    for _penerima, hasil in terjadi.send_robust(sender=jenis, objek=objek):
        if isinstance(hasil, Exception):
            log.error("Penerima peristiwa %s gagal: %r", jenis, hasil, exc_info=hasil)
