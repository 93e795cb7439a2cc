"""The context of the "Pohon Kinerja & Cascading" PDF: the performance tree of the report's year as a flat,
numbered outline (one row group per node), every value already formatted.

The nodes come from the tree pages' own selector (`kinerja.selectors.pohon.halaman_pohon`) called as the user
who requested the report, so the PDF shows exactly what that user sees on `/perencanaan/pohon/` (the city's
report) or `/perencanaan/pohon/pd/<id>/` (a PD's branch with the city nodes above it and the crosscutting nodes
it contributes to): a PD user's PDF never holds another PD's branch.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.selectors.mutu_pohon import CEK, persen_lolos
from kinerja.selectors.pohon import HalamanPohon, Saringan, Simpul, halaman_pohon
from sakip.lib.angka import format_persen
from sakip.lib.tanggal import format_tanggal

from .konteks import teks_bersih
from .models import Laporan

KEDALAMAN_MAKS = 7  # deeper nodes are indented as this level (the CSS has classes d-0 … d-7)


def _bendera(obj) -> list[str]:
    """The failed quality checks of a node or indicator as short texts (the tree page's inline flags)."""
    return [str(c.bendera) for c in obj.bendera]


def _indikator(simpul: Simpul) -> list[dict]:
    return [
        {
            "kode": i.kode,
            "uraian": i.uraian,
            "satuan": i.satuan or "–",
            "target": i.target,
            "realisasi": i.realisasi,
            "capaian": i.capaian,
            "relasi": i.relasi,
            "rumus": i.rumus,
            "bendera": _bendera(i),
        }
        for i in simpul.indikator
    ]


def _baris(simpul: Simpul, nomor: str, kedalaman: int) -> dict:
    """One node as the template prints it."""
    return {
        "nomor": nomor,
        "kedalaman": min(kedalaman, KEDALAMAN_MAKS),
        "tingkat": simpul.tingkat,
        "kode": simpul.kode,
        "uraian": simpul.uraian,
        "pd": simpul.pd,
        "keterangan": list(simpul.keterangan),
        "kontributor": list(simpul.kontributor),
        "indikator": _indikator(simpul),
        "bendera": _bendera(simpul),
        "anggaran": simpul.anggaran.teks if simpul.anggaran is not None else None,  # pagu, realisasi, serapan
    }


def ratakan(akar: list[Simpul], awalan: str = "", kedalaman: int = 0) -> Iterator[dict]:
    """The tree in reading order (parent before its children), each node numbered as in an outline: 1, 1.2,
    1.2.3."""
    for urut, simpul in enumerate(akar, start=1):
        nomor = f"{awalan}{urut}"
        yield _baris(simpul, nomor, kedalaman)
        yield from ratakan(simpul.anak, f"{nomor}.", kedalaman + 1)


def _lingkup(laporan: Laporan) -> str:
    if laporan.perangkat_daerah is None:
        return _("Seluruh pohon kinerja pemerintah daerah")
    return _("Cabang %(pd)s beserta simpul kota di atasnya dan simpul lintas PD yang diikutinya") % {
        "pd": laporan.perangkat_daerah.nama
    }


def _periode(h: HalamanPohon) -> dict:
    if h.periode is None:
        return {"nama": _("Belum ada periode perencanaan yang mencakup tahun ini."), "visi": ""}
    return {"nama": str(h.periode), "visi": getattr(h.periode, "visi", "") or ""}


def _mutu(h: HalamanPohon, pd) -> dict | None:
    """The quality checks over the printed nodes, counted as on /perencanaan/mutu/: a PD's branch counts that
    PD's items, the city's tree every item; each check's failing count and the kelengkapan cascading figure
    (`persen_lolos`, the one formula)."""
    if h.mutu is None:
        return None
    cek, diperiksa, gagal = [], 0, 0
    for c in CEK:
        butir = [i for i in h.mutu.diperiksa[c.kode] if pd is None or h.mutu.pemilik(c, i) == pd.pk]
        n_gagal = sum(1 for i in butir if i in h.mutu.gagal[c.kode])
        cek.append({"judul": str(c.judul), "jumlah": n_gagal})
        diperiksa, gagal = diperiksa + len(butir), gagal + n_gagal
    kelengkapan = format_persen(persen_lolos(diperiksa, gagal))
    return {"kelengkapan": kelengkapan, "diperiksa": diperiksa, "gagal": gagal, "cek": cek}


def halaman(laporan: Laporan) -> HalamanPohon:
    """The tree as the requester sees it on the tree page (no filter)."""
    if laporan.diminta_oleh is None:
        raise ValueError(_("Pengguna yang meminta laporan ini sudah tidak ada; minta ulang laporannya."))
    return halaman_pohon(
        user=laporan.diminta_oleh, tahun=laporan.tahun, saringan=Saringan(), perangkat_daerah=laporan.perangkat_daerah
    )


def konteks_pohon(laporan: Laporan) -> dict:
    """Everything the tree PDF shows: the title block (pemda, period, year, date, scope, counts) and the rows."""
    pd, pemda = laporan.perangkat_daerah, laporan.pemda
    h = halaman(laporan)
    baris = list(ratakan(h.akar))
    per_tingkat = Counter(b["tingkat"] for b in baris)
    nama = pd.nama if pd else pemda.nama
    data = {
        "judul": _("Pohon Kinerja & Cascading %(nama)s Tahun %(tahun)s") % {"nama": nama, "tahun": laporan.tahun},
        "nama_instansi": nama,
        "pemda": pemda.nama,
        "tahun": str(laporan.tahun),  # as text: no thousand separator
        "untuk_pd": pd is not None,
        "lingkup": _lingkup(laporan),
        "periode": _periode(h),
        "tanggal": format_tanggal(timezone.localdate()),
        "tempat": pemda.ibu_kota or pemda.nama,
        "jumlah_simpul": len(baris),
        "jumlah_indikator": sum(len(b["indikator"]) for b in baris),
        "per_tingkat": [{"tingkat": t, "jumlah": n} for t, n in per_tingkat.items()],
        "mutu": _mutu(h, pd),
        "baris": baris,
    }
    return teks_bersih(data)
