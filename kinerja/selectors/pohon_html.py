"""THE markup of a tree page's nodes (issue 13: a page as built within 150 ms): the rows `pohon_tampil.ratakan`
prepared, written by a few format strings instead of a Django template loop, which spent 0,1 ms per node
resolving its variables (a 206-node city page: 22 ms of a 170 ms build). Every text of a row is escaped here,
as Django's autoescape would (`html.escape`: & < > " '); only the translated labels are not, as the template's
`{% translate %}` did not. The markup stays nested: a row with rendered children opens its list, and a last row
closes its ancestors' (`BarisTampil.tutup`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.utils.translation import gettext as _

from sakip.lib.angka import dengan_satuan

from .mutu_pohon import Cek

_KHUSUS = re.compile("[&<>\"']").search  # the five characters `escape` replaces


def aman(nilai) -> str:
    """A text as the page shows it: escaped as Django's autoescape does (the same five characters). A text
    without any is itself: looked for at once instead of five replacements (3,700 texts on a 200-node page)."""
    teks = nilai if type(nilai) is str else str(nilai)
    return escape(teks) if _KHUSUS(teks) else teks


def _label() -> dict[str, str]:
    return {
        "lintas": _("lintas PD"), "mutu": _("Catatan mutu:"), "kontributor": _("Kontributor"),
        "anggaran": _("Anggaran"), "pagu": _("pagu"), "realisasi": _("realisasi"), "serapan": _("serapan"),
        "target": _("Target"), "realisasi_t": _("Realisasi"), "capaian": _("Capaian"),
        "tanpa": _("Simpul ini belum memiliki indikator."),
    }  # fmt: skip


@dataclass
class _Teks:
    """A build's translated labels, and each quality flag's badge made once (a flag repeats on many rows)."""

    label: dict[str, str]
    _lencana: dict[int, str] = field(default_factory=dict)

    def lencana(self, c: Cek) -> str:
        teks = self._lencana.get(id(c))
        if teks is None:
            teks = self._lencana[id(c)] = (
                f' <span class="lencana lencana-mutu" title="{aman(c.penjelasan)}"><span class="sr-only">'
                f"{self.label['mutu']} </span>{aman(c.bendera)}</span>"
            )
        return teks


def _bendera(daftar: list[Cek], t: _Teks) -> str:
    return "".join(t.lencana(c) for c in daftar)


def _aksi(daftar: list) -> str:
    tautan = " · ".join(f'<a href="{aman(a.url)}">{aman(a.label)}</a>' for a in daftar)
    return f'<div class="kecil aksi-simpul">{tautan}</div>' if daftar else ""


def _indikator(i, t: _Teks) -> str:
    relasi = f' <span class="lencana">{aman(i.relasi)}</span>' if i.relasi else ""
    rumus = f'<p class="kecil redup">{aman(i.rumus)}</p>' if i.rumus else ""
    target = aman(dengan_satuan(i.target, i.satuan))  # "2,4%": THE percent format, no space
    return (
        f'<li id="indikator-{i.id}"><span class="kode">{aman(i.kode)}</span> {aman(i.uraian)}{relasi}'
        f"{_bendera(i.bendera, t)}\n"
        f'<dl class="pohon-angka"><div><dt>{t.label["target"]}</dt><dd>{target}</dd></div>'
        f"<div><dt>{t.label['realisasi_t']}</dt><dd>{aman(i.realisasi)}</dd></div><div><dt>{t.label['capaian']}</dt>"
        f"<dd>{aman(i.capaian)}</dd></div></dl>{rumus}{_aksi(i.aksi)}</li>\n"
    )


def _keterangan(b, tahun: int, t: _Teks) -> str:
    teks = ""
    if b.kontributor:
        teks += f'<p class="redup kecil">{t.label["kontributor"]}: {aman(b.kontributor)}</p>'
    if b.keterangan:
        teks += f'<p class="redup kecil">{aman(b.keterangan)}</p>'
    if b.anggaran:
        a = b.anggaran
        teks += (
            f'<p class="kecil anggaran-simpul">{t.label["anggaran"]} {tahun}: {t.label["pagu"]} '
            f"<strong>{aman(a['pagu'])}</strong> · {t.label['realisasi']} {aman(a['realisasi'])} · "
            f"{t.label['serapan']} {aman(a['serapan'])}</p>"
        )
    return teks


def _baris(b, tahun: int, t: _Teks) -> str:
    lintas = f' <span class="lencana lencana-lintas">{t.label["lintas"]}</span>' if b.kontributor else ""
    turunan = f' <span class="redup kecil">{aman(b.turunan)}</span>' if b.turunan else ""
    if b.indikator:
        indikator = '<ul class="pohon-indikator">' + "".join(_indikator(i, t) for i in b.indikator) + "</ul>"
    else:
        indikator = f'<p class="kecil peringatan-teks">{t.label["tanpa"]}</p>'
    ringkasan = "".join(
        f'<p class="kecil ringkasan-cabang">{aman(teks)}'
        + (f' · <a href="{aman(ke.url)}">{aman(ke.label)}</a>' if ke else "")
        + "</p>"
        for teks, ke in b.ringkasan
    )
    akhir = '<ul class="pohon">' if b.ada_anak else "</details></li>" + "</ul></details></li>" * len(b.tutup)
    return (
        f'<li class="simpul{"" if b.cocok else " simpul-konteks"}" id="simpul-{b.id}">\n'
        f"<details{' open' if b.terbuka else ''}>\n"
        f'<summary><span class="lencana">{aman(b.tingkat)}</span> <span class="lencana lencana-pd">{aman(b.pd)}</span>'
        f'{lintas}{_bendera(b.bendera, t)} <span class="kode">{aman(b.kode)}</span> {aman(b.uraian)}{turunan}'
        f"</summary>\n{_keterangan(b, tahun, t)}\n{indikator}\n{_aksi(b.aksi)}{ringkasan}\n{akhir}\n"
    )


def html_pohon(baris: list, tahun: int) -> str:
    """The rows `baris` (`pohon_tampil.BarisTampil`, in reading order) as the tree's nested list items."""
    t = _Teks(_label())
    return "\n" + "".join(_baris(b, tahun, t) for b in baris) + "\n"
