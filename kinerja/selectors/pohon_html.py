"""THE markup of a tree page's nodes (issue 13: a page as built within 150 ms): the rows `pohon_tampil.ratakan`
prepared, written by a few format strings instead of a Django template loop, which spent 0,1 ms per node
resolving its variables (a 206-node city page: 22 ms of a 170 ms build). Every text of a row is escaped here,
as Django's autoescape would (`html.escape`: & < > " '); only the translated labels are not, as the template's
`{% translate %}` did not. The markup stays nested: a row with rendered children opens its list, and a last row
closes its ancestors' (`BarisTampil.tutup`)."""

from __future__ import annotations

from html import escape

from django.utils.translation import gettext as _

from .mutu_pohon import Cek


def aman(nilai) -> str:
    """A text as the page shows it: escaped as Django's autoescape does (the same five characters)."""
    return escape(str(nilai))


def _label() -> dict[str, str]:
    return {
        "lintas": _("lintas PD"), "mutu": _("Catatan mutu:"), "kontributor": _("Kontributor"),
        "anggaran": _("Anggaran"), "pagu": _("pagu"), "realisasi": _("realisasi"), "serapan": _("serapan"),
        "target": _("Target"), "realisasi_t": _("Realisasi"), "capaian": _("Capaian"),
        "tanpa": _("Simpul ini belum memiliki indikator."),
    }  # fmt: skip


def _bendera(daftar: list[Cek], label: dict[str, str]) -> str:
    return "".join(
        f' <span class="lencana lencana-mutu" title="{aman(c.penjelasan)}"><span class="sr-only">{label["mutu"]} '
        f"</span>{aman(c.bendera)}</span>"
        for c in daftar
    )


def _aksi(daftar: list) -> str:
    tautan = " · ".join(f'<a href="{aman(a.url)}">{aman(a.label)}</a>' for a in daftar)
    return f'<div class="kecil aksi-simpul">{tautan}</div>' if daftar else ""


def _indikator(i, label: dict[str, str]) -> str:
    relasi = f' <span class="lencana">{aman(i.relasi)}</span>' if i.relasi else ""
    rumus = f'<p class="kecil redup">{aman(i.rumus)}</p>' if i.rumus else ""
    return (
        f'<li id="indikator-{i.id}"><span class="kode">{aman(i.kode)}</span> {aman(i.uraian)}{relasi}'
        f"{_bendera(i.bendera, label)}\n"
        f'<dl class="pohon-angka"><div><dt>{label["target"]}</dt><dd>{aman(i.target)} {aman(i.satuan)}</dd></div>'
        f"<div><dt>{label['realisasi_t']}</dt><dd>{aman(i.realisasi)}</dd></div><div><dt>{label['capaian']}</dt>"
        f"<dd>{aman(i.capaian)}</dd></div></dl>{rumus}{_aksi(i.aksi)}</li>\n"
    )


def _keterangan(b, tahun: int, label: dict[str, str]) -> str:
    teks = ""
    if b.kontributor:
        teks += f'<p class="redup kecil">{label["kontributor"]}: {aman(b.kontributor)}</p>'
    if b.keterangan:
        teks += f'<p class="redup kecil">{aman(b.keterangan)}</p>'
    if b.anggaran:
        a = b.anggaran
        teks += (
            f'<p class="kecil anggaran-simpul">{label["anggaran"]} {tahun}: {label["pagu"]} <strong>{aman(a["pagu"])}'
            f"</strong> · {label['realisasi']} {aman(a['realisasi'])} · {label['serapan']} {aman(a['serapan'])}</p>"
        )
    return teks


def _baris(b, tahun: int, label: dict[str, str]) -> str:
    lintas = f' <span class="lencana lencana-lintas">{label["lintas"]}</span>' if b.kontributor else ""
    turunan = f' <span class="redup kecil">{aman(b.turunan)}</span>' if b.turunan else ""
    if b.indikator:
        indikator = '<ul class="pohon-indikator">' + "".join(_indikator(i, label) for i in b.indikator) + "</ul>"
    else:
        indikator = f'<p class="kecil peringatan-teks">{label["tanpa"]}</p>'
    ringkasan = "".join(
        f'<p class="kecil ringkasan-cabang">{aman(teks)}'
        + (f' · <a href="{aman(t.url)}">{aman(t.label)}</a>' if t else "")
        + "</p>"
        for teks, t in b.ringkasan
    )
    akhir = '<ul class="pohon">' if b.ada_anak else "</details></li>" + "</ul></details></li>" * len(b.tutup)
    return (
        f'<li class="simpul{"" if b.cocok else " simpul-konteks"}" id="simpul-{b.id}">\n'
        f"<details{' open' if b.terbuka else ''}>\n"
        f'<summary><span class="lencana">{aman(b.tingkat)}</span> <span class="lencana lencana-pd">{aman(b.pd)}</span>'
        f'{lintas}{_bendera(b.bendera, label)} <span class="kode">{aman(b.kode)}</span> {aman(b.uraian)}{turunan}'
        f"</summary>\n{_keterangan(b, tahun, label)}\n{indikator}\n{_aksi(b.aksi)}{ringkasan}\n{akhir}\n"
    )


def html_pohon(baris: list, tahun: int) -> str:
    """The rows `baris` (`pohon_tampil.BarisTampil`, in reading order) as the tree's nested list items."""
    label = _label()
    return "\n" + "".join(_baris(b, tahun, label) for b in baris) + "\n"
