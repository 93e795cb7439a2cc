"""The context of the "Laporan Monev Renaksi" PDF (issue 16 point 2): for one quarter, each action of the
rencana aksi with its monthly targets against its realisations in the quarter's three months and to date, the
progress, the status of each month, the supporting and hindering factors and the follow-up; a summary per PD
(actions on plan, behind, without a verified realisation) and, for the city, one summary row per PD.

Only verified realisations count as realised (the LKjIP's rule); a month submitted, returned or in draft is
printed with its status and its value in brackets, not counted. The plan's target of a month is
`models_renaksi.target_sd` (a quarterly plan's target holds until the next), an action behind plan is
`models_renaksi.tertinggal`, the progress `capaian.hitung_capaian`: the rules of the rencana aksi pages.
The request guard (laporan/services.py) is the choke point: a PD's report reads that PD's rows.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from kinerja.capaian import Target, hitung_capaian
from kinerja.models_renaksi import RealisasiAksi, RencanaAksi, bulan_triwulan, target_sd, tertinggal
from kinerja.selectors import ROMAWI
from perangkat_daerah import pejabat
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_persen
from sakip.lib.tanggal import format_tanggal

from .konteks import tanggal_dokumen, teks_bersih
from .models import Laporan

S = RealisasiAksi.Status
SESUAI, TERTINGGAL, BELUM = "sesuai", "tertinggal", "belum"
KEADAAN = {SESUAI: "Sesuai rencana", TERTINGGAL: "Tertinggal", BELUM: "Belum ada realisasi terverifikasi"}


def nama_bulan(bulan: int) -> str:
    """The month's Indonesian name, whatever the worker's language."""
    with translation.override("id"):
        return str(MONTHS[bulan])


def _angka(rencana: RencanaAksi, nilai) -> str:
    """THE format of the action's indicator's values (a count whole: "12", never "12,00"); "–" when empty."""
    return rencana.indikator.format_nilai(None if nilai is None else Decimal(nilai))


def _sel(rencana: RencanaAksi, bulan: int, ra: RealisasiAksi | None) -> dict:
    """One month: the plan's target and the realisation, counted only when verified."""
    terverifikasi = ra is not None and ra.status == S.DIVERIFIKASI
    return {
        "target": _angka(rencana, target_sd(rencana.target_bulanan, bulan)),
        "realisasi": _angka(rencana, ra.nilai) if terverifikasi else "–",
        "dilaporkan": _angka(rencana, ra.nilai)
        if ra is not None and not terverifikasi and ra.nilai is not None
        else "",
        "status": ra.get_status_display() if ra is not None else _("Belum dilaporkan"),
        "terverifikasi": terverifikasi,
    }


def _terakhir_terverifikasi(per_bulan: dict[int, RealisasiAksi], bulan_akhir: int) -> RealisasiAksi | None:
    bulan = [b for b, ra in per_bulan.items() if b <= bulan_akhir and ra.status == S.DIVERIFIKASI]
    return per_bulan[max(bulan)] if bulan else None


def _teks_triwulan(per_bulan: dict[int, RealisasiAksi], bulan: list[int], kolom: str) -> list[str]:
    """A text field of the quarter's reported months (drafts are not reported yet), each distinct text once,
    named by its month when the months differ."""
    teks = [(b, getattr(per_bulan[b], kolom).strip()) for b in bulan if b in per_bulan]
    teks = [(b, t) for b, t in teks if t and per_bulan[b].status != S.DRAF]
    unik = list(dict.fromkeys(t for _b, t in teks))
    if len(unik) <= 1:
        return unik
    return [f"{nama_bulan(b)}: {t}" for b, t in teks]


def baris_aksi(rencana: RencanaAksi, triwulan: int, nomor: int) -> dict:
    """One action as the report prints it (its realisations prefetched as `rencana.realisasi`)."""
    bulan = bulan_triwulan(triwulan)
    per_bulan = {ra.bulan: ra for ra in rencana.realisasi.all()}
    target = target_sd(rencana.target_bulanan, bulan[-1])
    akhir = _terakhir_terverifikasi(per_bulan, bulan[-1])
    nilai = akhir.nilai if akhir is not None else None
    capaian = hitung_capaian(nilai, Target(nilai=target), rencana.indikator.arah) if target is not None else None
    return {**_aksi(rencana, nomor), **_keadaan(rencana, akhir),
        "bulan": [_sel(rencana, b, per_bulan.get(b)) for b in bulan],
        "target_sd": _angka(rencana, target),
        "realisasi_sd": _angka(rencana, nilai),
        "realisasi_sd_bulan": nama_bulan(akhir.bulan) if akhir is not None else "",
        "capaian": format_persen(capaian.persen) if capaian is not None else "–",
        "pendukung": _teks_triwulan(per_bulan, bulan, "faktor_pendukung"),
        "penghambat": _teks_triwulan(per_bulan, bulan, "faktor_penghambat"),
        "tindak_lanjut": _teks_triwulan(per_bulan, bulan, "tindak_lanjut"),
    }  # fmt: skip


def _keadaan(rencana: RencanaAksi, akhir: RealisasiAksi | None) -> dict:
    """On plan or behind: the latest verified month against that month's target (the pages' rule,
    `tertinggal`); no verified month yet is a state of its own."""
    if akhir is None:
        keadaan = BELUM
    else:
        target = target_sd(rencana.target_bulanan, akhir.bulan)
        keadaan = TERTINGGAL if tertinggal(rencana.indikator.arah, target, akhir.nilai) else SESUAI
    return {"keadaan": keadaan, "keadaan_label": KEADAAN[keadaan]}


def _aksi(rencana: RencanaAksi, nomor: int) -> dict:
    return {
        "nomor": nomor,
        "uraian": rencana.uraian,
        "tahapan": rencana.tahapan,
        "penanggung_jawab": rencana.penanggung_jawab,
        "jabatan": rencana.jabatan if rencana.jabatan != rencana.penanggung_jawab else "",
        "instruksi": rencana.instruksi_kepala_daerah,
    }


def _ringkasan(aksi: list[dict]) -> dict:
    """Actions on plan, behind, without a verified realisation; the share on plan of all actions."""
    hitung = {k: sum(1 for a in aksi if a["keadaan"] == k) for k in KEADAAN}
    persen = Decimal(hitung[SESUAI] * 100) / len(aksi) if aksi else None
    return {"jumlah": len(aksi), **hitung, "persen_sesuai": format_persen(persen)}


def bagian_pd(pd: PerangkatDaerah, rencana: list[RencanaAksi], triwulan: int) -> dict:
    """One PD's part: its actions grouped under their indicators, and its summary."""
    indikator: dict[int, dict] = {}
    semua = []
    for r in rencana:
        ind = r.indikator
        blok = indikator.setdefault(ind.pk, {"kode": ind.kode, "uraian": ind.uraian, "satuan": ind.satuan or "–",
                                             "aksi": []})  # fmt: skip
        baris = baris_aksi(r, triwulan, len(semua) + 1)
        blok["aksi"].append(baris)
        semua.append(baris)
    return {"nama": pd.nama, "singkatan": pd.singkatan or pd.nama, "indikator": list(indikator.values()),
            "ringkasan": _ringkasan(semua)}  # fmt: skip


def _rencana(laporan: Laporan) -> dict[int, list[RencanaAksi]]:
    """The actions of the report's year (one PD's, or every PD's of the pemda), with their realisations up to
    the quarter's last month, in the plan page's order (3 queries)."""
    akhir = bulan_triwulan(laporan.triwulan)[-1]
    qs = RencanaAksi.objects.filter(pemda_id=laporan.pemda_id, tahun=laporan.tahun)
    if laporan.perangkat_daerah_id is not None:
        qs = qs.filter(perangkat_daerah_id=laporan.perangkat_daerah_id)
    realisasi = RealisasiAksi.objects.filter(bulan__lte=akhir).order_by("bulan")
    qs = qs.select_related("indikator").prefetch_related(Prefetch("realisasi", queryset=realisasi))
    per_pd: dict[int, list[RencanaAksi]] = defaultdict(list)
    for r in qs.order_by("indikator__kode", "urutan", "pk"):
        per_pd[r.perangkat_daerah_id].append(r)
    return per_pd


def _pd_tercetak(laporan: Laporan) -> list[PerangkatDaerah]:
    if laporan.perangkat_daerah is not None:
        return [laporan.perangkat_daerah]
    return list(PerangkatDaerah.objects.filter(pemda_id=laporan.pemda_id, aktif=True).order_by("kode"))


def konteks_monev_renaksi(laporan: Laporan) -> dict:
    """Everything the Monev Renaksi PDF shows, as formatted texts."""
    pd, pemda, tw = laporan.perangkat_daerah, laporan.pemda, laporan.triwulan
    if tw is None:
        raise ValueError(_("Laporan Monev Renaksi memerlukan triwulan; minta ulang laporannya."))
    per_pd = _rencana(laporan)
    bagian = [bagian_pd(p, per_pd.get(p.pk, []), tw) for p in _pd_tercetak(laporan)]
    nama = pd.nama if pd else pemda.nama
    bulan = bulan_triwulan(tw)
    semua = [a for b in bagian for i in b["indikator"] for a in i["aksi"]]
    data = {
        "judul": f"Laporan Monev Rencana Aksi {nama} Triwulan {ROMAWI[tw]} Tahun {laporan.tahun}",
        "nama_instansi": nama,
        "pemda": pemda.nama,
        "tahun": str(laporan.tahun),  # as text: no thousand separator
        "triwulan": ROMAWI[tw],
        "bulan": [nama_bulan(b) for b in bulan],
        "periode": f"{nama_bulan(bulan[0])}–{nama_bulan(bulan[-1])} {laporan.tahun}",
        "bulan_akhir": nama_bulan(bulan[-1]),
        "untuk_pd": pd is not None,
        "bagian": [b for b in bagian if b["ringkasan"]["jumlah"]] if pd is None else bagian,
        "ringkasan_pd": [{"nama": b["nama"], **b["ringkasan"]} for b in bagian],
        "ringkasan": _ringkasan(semua),
        "penandatangan": (pejabat.kepala_pd(pd) if pd else pejabat.kepala_daerah(pemda)).sebagai_dict(),
        "tanggal": format_tanggal(tanggal_dokumen(laporan)),
        "tempat": pemda.ibu_kota or pemda.nama,
    }
    data["tempat_tanggal"] = f"{data['tempat']}, {data['tanggal']}"
    return teks_bersih(data)


TEMPLATE = "laporan/pdf/monev_renaksi.html"


def docx_monev_renaksi(data: dict) -> bytes:
    """The Monev Renaksi of this context (`konteks_monev_renaksi`, not recomputed) as an editable Word file: the
    PDF's own page walked into Word by the LKjIP's writer (`docx_lkjip.docx_dari_html`), landscape as the PDF,
    so the Word copy has the PDF's headings, plan-vs-realisation rows, factors and signature in its order."""
    from django.template.loader import render_to_string

    from .docx_lkjip import docx_dari_html

    return docx_dari_html(render_to_string(TEMPLATE, data), lanskap=True)


def jendela_triwulan(tahun: int, triwulan: int) -> tuple[datetime.date, datetime.date]:
    """The days a quarter's monev report is dated in: from the day after the quarter ends to the end of the
    following month (the month the PD reports its quarter's last month in)."""
    akhir = bulan_triwulan(triwulan)[-1]
    mulai = datetime.date(tahun + akhir // 12, akhir % 12 + 1, 1)
    berikut = datetime.date(mulai.year + mulai.month // 12, mulai.month % 12 + 1, 1)
    return mulai, berikut - datetime.timedelta(days=1)
