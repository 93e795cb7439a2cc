"""Reads of the laporan app, through the access choke point."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from kinerja.selectors import ROMAWI
from kinerja.services.realisasi import triwulan_jatuh_tempo
from perangkat_daerah.access import Aksi, Peran, boleh, profil_pengguna, wajib_hak
from perangkat_daerah.models import Pemda, PerangkatDaerah

from . import jenis as jenis_laporan
from . import kelengkapan, reviu
from .jenis import JenisLaporan, Lingkup
from .models import BatchLaporan, Laporan
from .models_reviu import Reviu
from .services import narasi_sidik


def laporan_list(*, user, tahun: int, jenis: str = "", pd_id: int | None = None, status: str = "") -> QuerySet:
    """The report jobs of a year that the user may see, newest first, optionally filtered (`pd_id` parsed)."""
    qs = Laporan.objects.for_user(user).filter(tahun=tahun).select_related("perangkat_daerah", "diminta_oleh")
    if jenis:
        qs = qs.filter(jenis=jenis)
    if pd_id is not None:
        qs = qs.filter(perangkat_daerah_id=pd_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def pd_untuk_laporan(*, user) -> QuerySet:
    """The PD whose reports the user may request."""
    return PerangkatDaerah.objects.for_user(user, Aksi.BUAT_LAPORAN).filter(aktif=True).order_by("kode")


def pd_saring(*, user) -> QuerySet:
    """The active PD the user may see, for the list's filter."""
    return PerangkatDaerah.objects.for_user(user).filter(aktif=True).order_by("kode")


def _boleh_minta(user, jenis: JenisLaporan, pemda) -> bool:
    """Whether `user` may request a city-level kind (city roles only; the access choke point on the pemda)."""
    if Peran.terikat_pd(profil_pengguna(user).peran):
        return False
    return Pemda.objects.for_user(user, jenis.aksi).filter(pk=pemda.pk).exists()


FORMAT_BERKAS = {"pdf": "PDF", "docx": "Word", "xlsx": "Excel"}


def _dokumen(kelompok: list[JenisLaporan]) -> dict:
    """One document of the request form: its label, whether it is dated, and the files it can be made as."""
    asal = kelompok[0]
    return {
        "kode": asal.kode,
        "label": asal.label,
        "bertanggal": asal.jendela is not None,
        "per_triwulan": asal.per_triwulan,
        "berkas": [(j.kode, FORMAT_BERKAS.get(j.akhiran, j.akhiran.upper())) for j in kelompok],
    }


def pilihan_permintaan(*, user, tahun: int) -> dict:
    """What the request form offers `user`: only what the user may request, with defaults that work, read
    from the registry of kinds (laporan/jenis.py), each document followed by its other files (the LKjIP's Word
    copy) so the form never separates them.

    PD users: their own PD's kinds, their PD preselected. City roles that may request reports: the PD kinds
    with a chooser of every active PD (the first preselected, no empty choice), each city document as its own
    row (its date, its files), and the batch of every PD's LKjIP for Bagian Organisasi. Roles without the right
    see no form. An evaluation's export is requested from its evaluation."""
    profil = profil_pengguna(user)
    if profil is None or not boleh(user, Aksi.BUAT_LAPORAN):
        return {"boleh": False}
    daftar_pd = list(pd_untuk_laporan(user=user))
    jenis_pd = [j for g in jenis_laporan.per_dokumen(jenis_laporan.dengan_lingkup(Lingkup.PD)) for j in g]
    kota = [j for j in jenis_laporan.dengan_lingkup(Lingkup.KOTA) if _boleh_minta(user, j, profil.pemda)]
    return {
        "boleh": True,
        "jenis_pd": [(j.kode, j.label) for j in jenis_pd] if daftar_pd else [],
        "pd": daftar_pd,
        "pd_terpilih": profil.perangkat_daerah_id or (daftar_pd[0].pk if daftar_pd else None),
        "dokumen_kota": [_dokumen(g) for g in jenis_laporan.per_dokumen(kota)],
        "batch": boleh(user, Aksi.KELOLA),
        "triwulan": any(j.per_triwulan for j in jenis_pd),
        "triwulan_pilihan": triwulan_cetak(tahun)["pilihan"],
        "triwulan_terpilih": triwulan_cetak(tahun)["terpilih"],
    }


def triwulan_cetak(tahun: int) -> dict:
    """The quarters a quarter's document (Monev Renaksi) of `tahun` is requested for, the year's due quarter
    preselected (`triwulan_jatuh_tempo`: IV for a past year, the last ended one in the current year)."""
    return {"pilihan": [(tw, ROMAWI[tw]) for tw in ROMAWI], "terpilih": triwulan_jatuh_tempo(tahun)}


def boleh_cetak_kota(*, user, kode: str) -> bool:
    """Whether `user` may request the city-level kind `kode` (the request form's rule, for a page's button)."""
    profil = profil_pengguna(user)
    return profil is not None and _boleh_minta(user, jenis_laporan.ambil(kode), profil.pemda)


def narasi_editor(*, user, perangkat_daerah, tahun: int, post=None, galat=None, bentrok=None) -> dict:
    """The narrative editor's context: every chapter (saved text or generated default, versi, fingerprint).

    After a refused save (`galat` by chapter, `bentrok`: chapter → (message, stored row)), every chapter
    shows what the user typed; a conflicting one also shows the stored text and carries its current versi, so
    saving again knowingly replaces it."""
    from .narasi import butir_narasi  # the LKjIP context builders: loaded when a narrative is edited, not per page

    post, galat, bentrok = post or {}, galat or {}, bentrok or {}
    pemda = profil_pengguna(user).pemda
    bab_list = butir_narasi(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun)
    for b in bab_list:
        kode = b["bab"]
        b["sidik"] = narasi_sidik(b["teks"])
        b["galat"] = " ".join(galat.get(kode, []))
        if f"teks-{kode}" in post:
            b["teks"], b["sidik"] = post[f"teks-{kode}"], post.get(f"sidik-{kode}", "")
            b["versi"] = post.get(f"versi-{kode}", b["versi"])
        if kode in bentrok:
            b["galat"], b["tersimpan"] = bentrok[kode][0], bentrok[kode][1]
            b["versi"] = b["tersimpan"].versi if b["tersimpan"] else 0
    kode_bab = {b["bab"] for b in bab_list}
    return {
        "pd": perangkat_daerah,
        "bab_list": bab_list,
        "galat_umum": [p for k, daftar in galat.items() if k not in kode_bab for p in daftar],
        "pd_pilihan": list(pd_untuk_laporan(user=user)),
        "boleh_kota": boleh(user, Aksi.KELOLA),
        "ada_galat": bool(galat or bentrok),
    }


def batch_progres(*, user, batch_id: int) -> dict | None:
    """A batch's counts per status, in one query; None when out of scope."""
    # a batch is Bagian Organisasi's tool; its counts cover every PD, so PD users do not see it
    batch = BatchLaporan.objects.for_user(user, Aksi.KELOLA).filter(pk=batch_id).first()
    if batch is None:
        return None
    hitung = Laporan.objects.filter(batch=batch).aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in Laporan.Status.values}
    )
    selesai = hitung[Laporan.Status.SELESAI] + hitung[Laporan.Status.GAGAL]
    persen = round(100 * selesai / hitung["total"]) if hitung["total"] else 100
    return {"batch": batch, "hitung": hitung, "persen": persen, "berjalan": selesai < hitung["total"]}


def _ringkas_kelengkapan(baris: list[dict]) -> dict:
    kurang = sum(1 for b in baris if not b["kurang"].lengkap)
    return {"baris": baris, "jumlah": len(baris), "jumlah_kurang": kurang}


def kelengkapan_semua_pd(*, user, tahun: int) -> dict:
    """Before a batch: what is missing for each active PD's LKjIP of `tahun` (laporan/kelengkapan.py), for
    Bagian Organisasi and the admin (KELOLA on the pemda, as the batch itself; PermissionDenied otherwise)."""
    profil = profil_pengguna(user)
    if profil is None:
        raise PermissionDenied
    wajib_hak(user, Aksi.KELOLA, profil.pemda, pesan=_("Hanya Bagian Organisasi yang membuat LKjIP semua PD."))
    daftar_pd = list(PerangkatDaerah.objects.for_user(user).filter(aktif=True).order_by("kode"))
    kurang = kelengkapan.kelengkapan_per_pd(pemda_id=profil.pemda_id, daftar_pd=daftar_pd, tahun=tahun)
    return _ringkas_kelengkapan([{"pd": pd, "laporan": None, "kurang": kurang[pd.pk]} for pd in daftar_pd])


def batch_kelengkapan(*, batch: BatchLaporan) -> dict:
    """After a batch (its scope checked by `batch_progres`): each PD's job with what is missing for its LKjIP
    today, so the page says why a PD's PDF carries the "Data belum lengkap" notes."""
    jobs = list(
        Laporan.objects.filter(batch=batch).select_related("perangkat_daerah").order_by("perangkat_daerah__kode")
    )
    daftar_pd = [j.perangkat_daerah for j in jobs if j.perangkat_daerah is not None]
    kurang = kelengkapan.kelengkapan_per_pd(pemda_id=batch.pemda_id, daftar_pd=daftar_pd, tahun=batch.tahun)
    return _ringkas_kelengkapan(
        [{"pd": j.perangkat_daerah, "laporan": j, "kurang": kurang[j.perangkat_daerah_id]} for j in jobs
         if j.perangkat_daerah is not None]
    )  # fmt: skip


def keadaan_lkjip(*, laporan: Laporan) -> dict | None:
    """What an LKjIP job's page says beside its progress (None for the other kinds): the reviu of its document by
    the Inspektorat (`reviu.reviu_dokumen`: the status, and whether this file carries the "Pernyataan Telah
    Direviu", i.e. it was made after the reviu was completed, the reviu page's rule) and what the year's data
    lacks (`kelengkapan.periksa_permintaan`, THE check of a request: a file made from incomplete data is marked
    "Data belum lengkap"). A made file shows the items it printed (`Laporan.kurang_tercetak`, stored when it was
    rendered) and whether today's data differs; a file made before that was stored says its state is unknown,
    and a job not yet made shows today's state, which it will print."""
    if laporan.jenis not in kelengkapan.JENIS_DIPERIKSA:
        return None
    r = reviu.reviu_dokumen(laporan.pemda, laporan.perangkat_daerah, laporan.tahun)
    status = r.status if r else Reviu.Status.BELUM
    jadi = laporan.status == Laporan.Status.SELESAI and laporan.selesai_pada is not None
    selesai = status == Reviu.Status.SELESAI
    kurang = kelengkapan.periksa_permintaan(
        pemda_id=laporan.pemda_id, perangkat_daerah=laporan.perangkat_daerah, tahun=laporan.tahun
    )
    return {
        "reviu_status": status,
        "reviu_label": r.get_status_display() if r else Reviu.Status.BELUM.label,
        "reviu_selesai_pada": r.selesai_pada if selesai else None,
        "pernyataan_tercetak": jadi and selesai and laporan.selesai_pada >= r.diubah_pada,
        "pernyataan_tertinggal": jadi and selesai and laporan.selesai_pada < r.diubah_pada,
        "kurang": kurang,
        "berkas_kurang": laporan.kurang_tercetak,  # None: unknown (not made yet, or made before it was stored)
        "berkas_tanpa_catatan": jadi and laporan.kurang_tercetak is None,
        "data_berubah": laporan.kurang_tercetak is not None and laporan.kurang_tercetak != kurang.butir,
    }
