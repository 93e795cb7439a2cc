"""Context builders: the year's verified data turned into plain, formatted values for the report templates
(no querysets reach a template). Each builder runs a fixed number of queries, whatever the number of
indicators.

Only verified realisations count; unverified ones are listed as such (DOMAIN.md §6, issue 6).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja import capaian
from kinerja.models import Indikator, PerjanjianKinerja, Realisasi, Target
from kinerja.models_perencanaan import INDIKATOR_PK
from kinerja.selectors import realisasi_terverifikasi
from kinerja.selectors.anggaran_pohon import anggaran_pd_tahun
from perangkat_daerah import pejabat, profil_instansi
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.angka import format_angka, format_persen
from sakip.lib.kueri import salah_satu
from sakip.lib.tanggal import format_tanggal
from sakip.lib.teks import tanpa_kendali

from . import analisis, bab, grafik, kelengkapan, lampiran, reviu
from . import jenis as jenis_laporan
from .evaluasi_lkjip import evaluasi_laporan
from .models import Laporan, Narasi

TAHUN_PEMBANDING = 2  # earlier years shown beside the report year


@dataclass
class BarisIndikator:
    """One indicator's line in a per-sasaran table, every value already formatted."""

    kode: str
    uraian: str
    satuan: str
    target: str
    realisasi: str
    capaian: str
    rumus: str
    kategori: str
    kategori_kode: str
    tahun_lalu: list[str]
    target_renstra: str
    capaian_renstra: str
    persen: Decimal | None = None
    belum_terverifikasi: bool = False


@dataclass
class BlokSasaran:
    """A sasaran with its indicator lines."""

    kode: str
    uraian: str
    baris: list[BarisIndikator] = field(default_factory=list)


def _target_capaian(t: Target | None) -> capaian.Target:
    return t.sebagai_capaian() if t else capaian.Target()


def _indikator(*, perangkat_daerah: PerangkatDaerah | None, pemda_id: int, tahun: int, semua_pd: bool = False):
    """Indicators of a PD (or the city's IKU, or with `semua_pd` every PD's) with their targets and
    realisations: three queries."""
    tahun_data = list(range(tahun - TAHUN_PEMBANDING, tahun + 1))
    qs = Indikator.objects.filter(INDIKATOR_PK, pemda_id=pemda_id)
    qs = qs.select_related("sasaran__periode", "perangkat_daerah")
    qs = qs.order_by("sasaran__kode", "urutan")
    if semua_pd:
        qs = qs.filter(perangkat_daerah__isnull=False)
    elif perangkat_daerah:
        qs = qs.filter(perangkat_daerah=perangkat_daerah)
    else:
        qs = qs.filter(perangkat_daerah__isnull=True)
    daftar = list(qs)
    ids = [i.pk for i in daftar]
    target = {(t.indikator_id, t.tahun): t for t in Target.objects.filter(salah_satu("indikator_id", ids))}
    # the Renstra end target: the indicator's target for the last year of its plan period
    for (iid, th), t in list(target.items()):
        akhir = target.get((iid, "renstra"))
        if akhir is None or th > akhir.tahun:
            target[(iid, "renstra")] = t
    # the report is built in a task for a request already checked: the pemda's rows, verified only
    realisasi = realisasi_terverifikasi(Realisasi.objects.filter(salah_satu("indikator_id", ids), tahun__in=tahun_data))
    return daftar, target, realisasi


def _nilai_tahunan(ind: Indikator, tahun: int, realisasi) -> Decimal | None:
    return capaian.nilai_tahunan(realisasi[0].get((ind.pk, tahun), {}), ind.agregasi)


def _baris(ind: Indikator, tahun: int, target: dict, realisasi) -> BarisIndikator:
    t = target.get((ind.pk, tahun))
    nilai = _nilai_tahunan(ind, tahun, realisasi)
    hasil = capaian.hitung_capaian(nilai, _target_capaian(t), ind.arah)
    t_renstra = target.get((ind.pk, "renstra"))
    hasil_renstra = capaian.hitung_capaian(nilai, _target_capaian(t_renstra), ind.arah)
    lalu = [ind.format_nilai(_nilai_tahunan(ind, th, realisasi)) for th in range(tahun - TAHUN_PEMBANDING, tahun)]
    return BarisIndikator(
        kode=ind.kode,
        uraian=ind.uraian,
        satuan=ind.satuan,
        target=_target_capaian(t).teks if t else "–",
        realisasi=ind.format_nilai(nilai),
        capaian=format_persen(hasil.persen) if hasil.persen is not None else (hasil.alasan or "–"),
        rumus=hasil.rumus or "",
        persen=hasil.persen,
        kategori=hasil.kategori.nama if hasil.kategori else "–",
        kategori_kode=hasil.kategori.kode if hasil.kategori else "",
        tahun_lalu=lalu,
        target_renstra=f"{_target_capaian(t_renstra).teks} ({t_renstra.tahun})" if t_renstra else "–",
        capaian_renstra=format_persen(hasil_renstra.persen),
        belum_terverifikasi=(ind.pk, tahun) in realisasi[1],
    )


def _ikhtisar(baris: list[BarisIndikator]) -> dict:
    dinilai = [b for b in baris if b.persen is not None]
    tercapai = [b for b in dinilai if b.persen >= 100]
    urut = sorted(dinilai, key=lambda b: b.persen)
    return {
        "jumlah_indikator": len(baris),
        "jumlah_dinilai": len(dinilai),
        "jumlah_tercapai": len(tercapai),
        "persen_tercapai": format_angka(Decimal(len(tercapai) * 100) / len(dinilai)) if dinilai else "–",
        "terbaik": asdict(urut[-1]) if urut else None,
        "terburuk": asdict(urut[0]) if urut else None,
    }


def _anggaran(*, perangkat_daerah: PerangkatDaerah | None, pemda_id: int, tahun: int) -> list[dict]:
    """Each PD's budget of the year, from THE PD budget (`anggaran_pd_tahun`: the sum of its sub kegiatan
    budgets, else its PD-level Anggaran), so the LKjIP agrees with the budget pages."""
    daftar_pd = PerangkatDaerah.objects.filter(pemda_id=pemda_id).order_by("kode")
    if perangkat_daerah:
        daftar_pd = daftar_pd.filter(pk=perangkat_daerah.pk)
    daftar_pd = list(daftar_pd)
    per_pd = anggaran_pd_tahun(daftar_pd, tahun)
    hasil = []
    for pd in daftar_pd:
        a = per_pd.get(pd.pk)
        if a is None:
            continue
        realisasi = a.realisasi_total or Decimal(0)
        serapan = capaian.serapan_anggaran(realisasi, a.pagu)
        hasil.append(
            {
                "pd": pd.nama,
                "pagu": format_angka(a.pagu, 0),
                "realisasi": format_angka(realisasi, 0),
                "serapan": format_angka(serapan),
                "serapan_angka": serapan,
                "sumber": a.sumber_teks,
            }
        )
    return hasil


def _narasi(*, pemda_id: int, perangkat_daerah: PerangkatDaerah | None, tahun: int, bawaan: dict[str, str]) -> dict:
    semua = Narasi.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, tahun=tahun)
    tersimpan = {n.bab: n.teks for n in semua.filter(sasaran__isnull=True)}
    return {bab: tersimpan.get(bab, teks) for bab, teks in bawaan.items()}


def narasi_bawaan(*, nama: str, tahun: int, ikhtisar: dict, bab4: dict | None = None) -> dict[str, str]:
    """The generated default narrative of each chapter (editable in the app); `bab4`: Bab IV's defaults drawn
    from the figures (laporan/bab.py `bab4_bawaan`), else generic texts."""
    umum = {
        Narasi.Bab.KATA_PENGANTAR: _(
            "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Kinerja Instansi "
            "Pemerintah (LKjIP) %(nama)s Tahun %(tahun)s. Laporan ini merupakan wujud pertanggungjawaban atas "
            "pelaksanaan tugas dan fungsi dalam mencapai sasaran yang ditetapkan dalam Perjanjian Kinerja."
        )
        % {"nama": nama, "tahun": tahun},
        Narasi.Bab.BAB1: _(
            "LKjIP ini disusun sesuai Peraturan Menteri PANRB Nomor 53 Tahun 2014 sebagai sarana akuntabilitas "
            "kinerja %(nama)s kepada pemangku kepentingan."
        )
        % {"nama": nama},
        Narasi.Bab.BAB2: _(
            "Perencanaan kinerja tahun %(tahun)s dituangkan dalam Perjanjian Kinerja yang memuat sasaran, indikator "
            "dan target kinerja sebagaimana tercantum pada lampiran."
        )
        % {"tahun": tahun},
        Narasi.Bab.BAB3: _(
            "Dari %(n)s indikator kinerja, %(ok)s indikator (%(p)s%%) mencapai atau melampaui target. Capaian "
            "dihitung hanya dari realisasi yang telah diverifikasi Bagian Organisasi."
        )
        % {"n": ikhtisar["jumlah_indikator"], "ok": ikhtisar["jumlah_tercapai"], "p": ikhtisar["persen_tercapai"]},
        Narasi.Bab.BAB4: _(
            "Capaian kinerja tahun %(tahun)s menjadi dasar perbaikan perencanaan dan pelaksanaan program tahun "
            "berikutnya. Indikator yang belum mencapai target akan dianalisis penyebabnya dan ditindaklanjuti."
        )
        % {"tahun": tahun},
        Narasi.Bab.BAB4_LANGKAH: _("Langkah perbaikan tahun %(t)s disusun dari indikator yang belum mencapai target.")
        % {"t": tahun + 1},
    }
    return umum | (bab4 or {})


def teks_bersih(data):
    """`data` with every text cleared of control characters: rows stored before the input rule must never
    break a report (WeasyPrint, the charts) for every later request (issue 11 point 14)."""
    if isinstance(data, str):
        return tanpa_kendali(data)
    if isinstance(data, dict):
        return {k: teks_bersih(v) for k, v in data.items()}
    if isinstance(data, list):
        return [teks_bersih(v) for v in data]
    if isinstance(data, tuple):
        return tuple(teks_bersih(v) for v in data)
    return data


def hash_konteks(data: dict) -> str:
    """A stable hash of the report's inputs (what was rendered from)."""
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _ringkasan_pd(*, pemda_id: int, tahun: int) -> list[dict]:
    """For the city report: per PD, how many indicators reached their target (verified data only)."""
    daftar, target, realisasi = _indikator(perangkat_daerah=None, pemda_id=pemda_id, tahun=tahun, semua_pd=True)
    per_pd: dict[int, list] = defaultdict(list)
    nama: dict[int, PerangkatDaerah] = {}
    for ind in daftar:
        per_pd[ind.perangkat_daerah_id].append(_baris(ind, tahun, target, realisasi))
        nama[ind.perangkat_daerah_id] = ind.perangkat_daerah
    hasil = []
    for pd_id in sorted(per_pd, key=lambda i: nama[i].kode):
        ringkas = _ikhtisar(per_pd[pd_id])
        hasil.append(
            {
                "pd": nama[pd_id].nama,
                **{k: ringkas[k] for k in ("jumlah_indikator", "jumlah_dinilai", "jumlah_tercapai", "persen_tercapai")},
            }
        )
    return hasil


def konteks_lkjip(laporan: Laporan) -> dict:
    """Everything the LKjIP template shows, for a PD or for the city."""
    pd, tahun, pemda = laporan.perangkat_daerah, laporan.tahun, laporan.pemda
    daftar, target, realisasi = _indikator(perangkat_daerah=pd, pemda_id=pemda.pk, tahun=tahun)
    blok: dict[str, BlokSasaran] = {}
    semua: list[BarisIndikator] = []
    for ind in daftar:
        b = _baris(ind, tahun, target, realisasi)
        blok.setdefault(ind.sasaran.kode, BlokSasaran(ind.sasaran.kode, ind.sasaran.uraian)).baris.append(b)
        semua.append(b)
    ikhtisar = _ikhtisar(semua)
    nama = pd.nama if pd else pemda.nama
    analisis_sasaran = analisis.per_sasaran(
        daftar=daftar, target=target, realisasi=realisasi, tahun=tahun, tahun_pembanding=TAHUN_PEMBANDING,
        pemda_id=pemda.pk, perangkat_daerah=pd, narasi=_narasi_sasaran(pemda.pk, pd, tahun),
    )  # fmt: skip
    anggaran = _anggaran(perangkat_daerah=pd, pemda_id=pemda.pk, tahun=tahun)
    evaluasi = evaluasi_laporan(pemda, pd, tahun)
    bab_tambahan, bab4 = _bab_lain(pemda, pd, tahun, (daftar, target, realisasi), semua, ikhtisar, evaluasi)
    bawaan = narasi_bawaan(nama=nama, tahun=tahun, ikhtisar=ikhtisar, bab4=bab4)
    data = {
        "judul": f"Laporan Kinerja Instansi Pemerintah {nama} Tahun {tahun}",
        "nama_instansi": nama,
        "pemda": pemda.nama,
        # years as text: the thousand separator must not turn 2024 into "2.024"
        "tahun": str(tahun),
        "untuk_pd": pd is not None,
        "tahun_lalu": [str(th) for th in range(tahun - TAHUN_PEMBANDING, tahun)],
        "ikhtisar": ikhtisar,
        "sasaran": [asdict(b) | {"analisis": analisis_sasaran[b.kode]} for b in blok.values()],
        "belum_terverifikasi": [asdict(b) for b in semua if b.belum_terverifikasi],
        "anggaran": anggaran,
        "ringkasan_pd": [] if pd else _ringkasan_pd(pemda_id=pemda.pk, tahun=tahun),
        "evaluasi": evaluasi,
        "narasi": _narasi(pemda_id=pemda.pk, perangkat_daerah=pd, tahun=tahun, bawaan=bawaan),
        **bab_tambahan,
        "penandatangan": _penandatangan(pemda, pd),
        "profil": _profil_instansi(pemda, pd),
        "tanggal": format_tanggal(tanggal_dokumen(laporan)),
        "tempat": pemda.ibu_kota or pemda.nama,
        "reviu": reviu.pernyataan(laporan),  # the Pernyataan Telah Direviu once the reviu is complete, else None
    }
    return teks_bersih(data)


def _bab_lain(pemda, pd, tahun: int, bacaan: tuple, semua: list, ikhtisar: dict, evaluasi) -> tuple[dict, dict]:
    """Bab II, Bab III B, the appendices and the incomplete-data list (laporan/bab.py, lampiran.py,
    kelengkapan.py), and Bab IV's defaults drawn from the same figures."""
    daftar, target, realisasi = bacaan
    anggaran = bab.bab3b(pemda=pemda, perangkat_daerah=pd, tahun=tahun)
    nama = pd.nama if pd else pemda.nama
    bab4 = bab.bab4_bawaan(nama=nama, tahun=tahun, baris=semua, ikhtisar=ikhtisar, anggaran=anggaran,
                           evaluasi=evaluasi)  # fmt: skip
    kurang = kelengkapan.kelengkapan_lkjip(pemda_id=pemda.pk, perangkat_daerah=pd, tahun=tahun, daftar=daftar,
                                           target=target, realisasi=realisasi)  # fmt: skip
    return {
        "bab2": bab.bab2(pemda=pemda, perangkat_daerah=pd, tahun=tahun),
        "anggaran_program": bab.tanpa_angka_mentah(anggaran),
        "iku": lampiran.iku(pemda_id=pemda.pk, perangkat_daerah=pd, tahun=tahun),
        "pohon": lampiran.pohon(pemda_id=pemda.pk, perangkat_daerah=pd, tahun=tahun),
        "belum_lengkap": kurang.sebagai_dict(),
        "tahun_berikut": str(tahun + 1),
    }, bab4


def _narasi_sasaran(pemda_id: int, pd, tahun: int) -> dict[str, str]:
    """The saved causes-and-solutions text of each sasaran, by the sasaran's code (laporan/narasi.py)."""
    qs = Narasi.objects.filter(pemda_id=pemda_id, perangkat_daerah=pd, tahun=tahun, sasaran__isnull=False)
    return dict(qs.values_list("sasaran__kode", "teks"))


def tanggal_dokumen(laporan: Laporan):
    """The date printed on the document: the one the request carries (laporan.tanggal, laporan_minta); a job
    made before reports had a date gets its kind's default, never silently today."""
    if laporan.tanggal is not None:
        return laporan.tanggal
    jenis = jenis_laporan.ambil(laporan.jenis)
    bawaan = jenis.tanggal_bawaan(tahun=laporan.tahun, perangkat_daerah=laporan.perangkat_daerah,
                                  hari_ini=timezone.localdate(), triwulan=laporan.triwulan)  # fmt: skip
    return bawaan or timezone.localdate()


def _profil_instansi(pemda, pd) -> dict | None:
    """Chapter I's organisation profile (perangkat_daerah/profil_instansi.py), or None when not entered."""
    profil = profil_instansi.profil_untuk(pemda=pemda, perangkat_daerah=pd)
    if profil is None:
        return None
    return {
        "tugas_pokok": profil.tugas_pokok,
        "fungsi": profil_instansi.baris(profil.fungsi),
        "struktur": [asdict(u) for u in profil_instansi.struktur_unit(profil.struktur)],
        "isu_strategis": profil_instansi.baris(profil.isu_strategis),
        "pegawai": profil_instansi.tabel_pegawai(profil.pegawai),
    }


def _penandatangan(pemda, pd) -> dict:
    """The report's signer: the PD's head for a PD report, the kepala daerah for the city's."""
    return (pejabat.kepala_pd(pd) if pd is not None else pejabat.kepala_daerah(pemda)).sebagai_dict()


def grafik_lkjip(konteks: dict) -> dict:
    """The report's charts, made on the server (laporan/grafik.py): the capaian bars as rows the template draws
    as an HTML table, the trend as a matplotlib SVG data: URI (which the URL fetcher allows)."""
    baris = [b for s in konteks["sasaran"] for b in s["baris"]]
    hasil = {}
    tren = (konteks.get("evaluasi") or {}).get("tren")
    if tren:
        hasil["tren"] = grafik.garis_tren(
            [t for t, _n in tren],
            [n for _t, n in tren],
            Decimal(settings.SAKIP_TARGET_NILAI_KOTA),
            _("Nilai SAKIP resmi (KemenPANRB) dan target"),
        )
    if not baris:
        return hasil
    return hasil | {
        "capaian": grafik.batang_capaian(
            [f"{b['kode']} {b['uraian']}" for b in baris],
            [b["persen"] for b in baris],
            _("Capaian indikator kinerja tahun %(tahun)s") % {"tahun": konteks["tahun"]},
        )
    }


def konteks_pk(laporan: Laporan) -> dict:
    """The PK document of one PD and year: the pernyataan, then sasaran, indikator, target and budget."""
    pd, tahun, pemda = laporan.perangkat_daerah, laporan.tahun, laporan.pemda
    daftar, target, _realisasi = _indikator(perangkat_daerah=pd, pemda_id=pemda.pk, tahun=tahun)
    blok: dict[str, dict] = {}
    for ind in daftar:
        t = target.get((ind.pk, tahun))
        blok.setdefault(ind.sasaran.kode, {"kode": ind.sasaran.kode, "uraian": ind.sasaran.uraian, "baris": []})
        blok[ind.sasaran.kode]["baris"].append(
            {
                "kode": ind.kode,
                "uraian": ind.uraian,
                "satuan": ind.satuan,
                "target": _target_capaian(t).teks if t else "–",
            }
        )
    pk = PerjanjianKinerja.objects.filter(perangkat_daerah=pd, tahun=tahun).first()
    anggaran = _anggaran(perangkat_daerah=pd, pemda_id=pemda.pk, tahun=tahun)
    data = {
        "judul": f"Perjanjian Kinerja {pd.nama} Tahun {tahun}",
        "nama_instansi": pd.nama,
        "pemda": pemda.nama,
        "tahun": str(tahun),
        "sasaran": list(blok.values()),
        "anggaran": anggaran[0] if anggaran else None,
        "status_pk": pk.get_status_display() if pk else _("Belum disusun"),
        "ditetapkan": bool(pk and pk.ditetapkan),
        "revisi": pk.revisi if pk else 0,
        "pihak_pertama": _penandatangan(pemda, pd),
        "pihak_kedua": pejabat.kepala_daerah(pemda).sebagai_dict(),
        "tanggal": format_tanggal(tanggal_dokumen(laporan)),
        "tempat": pemda.ibu_kota or pemda.nama,
    }
    return teks_bersih(data)
