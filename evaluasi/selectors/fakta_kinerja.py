"""The facts computed from the performance data and the recommendations (issue 15 point 2), registered in THE
fact registry (evaluasi/fakta.py) when the evaluasi app is ready. Each reuses the rule that already has a home
(the tree's quality checks `kinerja/selectors/mutu_pohon.CEK` and `persen_lolos`, the IKU document's
`iku_dokumen`, the quarter deadline `kinerja/services/realisasi.lewat_batas`, the quarter assessment
`kinerja/selectors.nilai_baris`, THE PD budget `anggaran_pd_tahun`) and reads in a fixed number of queries.

Every read goes through the choke point `for_user` with the user who has already passed the worksheet's one
(`Lingkup.user`), then is narrowed to the scope: one PD, or the pemda as a whole. The definitions below are
shown beside each figure and written in docs/FAKTA.md."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.models import (
    INDIKATOR_DIHITUNG,
    DokumenIKU,
    Indikator,
    KunciTriwulan,
    PeriodePerencanaan,
    Realisasi,
    Target,
)
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_perencanaan import INDIKATOR_PK
from kinerja.selectors import ROMAWI, nilai_baris, realisasi_terverifikasi
from kinerja.selectors.anggaran import rupiah
from kinerja.selectors.anggaran_pohon import anggaran_pd_tahun
from kinerja.selectors.mutu_pohon import CEK, HasilMutu, persen_lolos
from kinerja.selectors.mutu_pohon_halaman import ringkas
from kinerja.selectors.pohon import mutu_terlihat
from kinerja.services.manual import iku_dokumen
from kinerja.services.realisasi import lewat_batas
from perangkat_daerah.access import Aksi
from perangkat_daerah.models import PerangkatDaerah
from sakip.lib.kueri import salah_satu

from ..fakta import PERSEN_PENUH, Fakta, Lingkup, Nilai, daftarkan, x_dari_n
from ..models import Rekomendasi


def _mutu(lingkup: Lingkup) -> HasilMutu:
    """The tree's quality checks over the scope's nodes, once per worksheet (four queries)."""
    return lingkup.sekali(
        "mutu", lambda: mutu_terlihat(lingkup.user, tahun=lingkup.tahun, perangkat_daerah=lingkup.perangkat_daerah)
    )


def _milik(lingkup: Lingkup):
    """Whether an item owner (a PD id, None for a city node) is in the scope: the PD, or any for the pemda."""
    pd_id = lingkup.perangkat_daerah.pk if lingkup.perangkat_daerah else None
    return (lambda pemilik: True) if lingkup.kota else (lambda pemilik: pemilik == pd_id)


def _butir(hasil: HasilMutu, kode: str, milik) -> tuple[list[int], set[int]]:
    """The items of check `kode` owned within the scope, and those of them failing."""
    cek = next(c for c in CEK if c.kode == kode)
    diperiksa = [i for i in hasil.diperiksa[kode] if milik(hasil.pemilik(cek, i))]
    return diperiksa, {i for i in diperiksa if i in hasil.gagal[kode]}


def _url_mutu(lingkup: Lingkup, cek: str = "") -> str:
    kueri = {"tahun": lingkup.tahun, **({"pd": lingkup.perangkat_daerah.pk} if lingkup.perangkat_daerah else {})}
    return f"{reverse('perencanaan:mutu')}?{urlencode(kueri | ({'cek': cek} if cek else {}))}"


def _periode_tahun(lingkup: Lingkup) -> str:
    return _("Tahun %(t)s") % {"t": lingkup.tahun}


# --- the performance tree ------------------------------------------------------------------------------------


def _kelengkapan_cascading(lingkup: Lingkup) -> Nilai:
    hasil = _mutu(lingkup)
    baris = ringkas(hasil, pilihan_pd=[lingkup.perangkat_daerah] if lingkup.perangkat_daerah else [],
                    kota=lingkup.kota)[-1]  # fmt: skip
    if not baris.diperiksa:
        return Nilai(_("Belum ada simpul pohon kinerja"), None, _periode_tahun(lingkup))
    rincian = "; ".join(f"{cek.judul}: {n}" for cek, n in baris.jumlah if n)
    teks = _("%(x)s butir lolos") % {"x": x_dari_n(baris.diperiksa - baris.gagal, baris.diperiksa)}
    return Nilai(teks, baris.kelengkapan, _("Pohon kinerja tahun %(t)s") % {"t": lingkup.tahun}, rincian)


def _sasaran_selaras(lingkup: Lingkup) -> Nilai:
    diperiksa, gagal = _butir(_mutu(lingkup), "belum-selaras", _milik(lingkup))
    if not diperiksa:
        return Nilai(_("Belum ada sasaran strategis PD"), None, _periode_tahun(lingkup))
    rincian = _("%(n)s tanpa induk simpul kota") % {"n": len(gagal)} if gagal else ""
    periode = _("Pohon kinerja tahun %(t)s") % {"t": lingkup.tahun}
    return Nilai(x_dari_n(len(diperiksa) - len(gagal), len(diperiksa)), persen_lolos(len(diperiksa), len(gagal)),
                 periode, rincian)  # fmt: skip


# --- IKU with a final manual -------------------------------------------------------------------------------


def _iku_manual_final(lingkup: Lingkup) -> Nilai:
    periode = PeriodePerencanaan.objects.filter(
        pemda_id=lingkup.pemda_id, tahun_mulai__lte=lingkup.tahun, tahun_akhir__gte=lingkup.tahun
    ).first()
    if periode is None:
        return Nilai(_("Belum ada periode perencanaan"), None, _periode_tahun(lingkup))
    pemilik = {"pemda_id": lingkup.pemda_id, "perangkat_daerah": lingkup.perangkat_daerah, "periode": periode}
    dokumen = DokumenIKU.objects.filter(**pemilik).first() or DokumenIKU(**pemilik)
    iku = list(iku_dokumen(dokumen).for_user(lingkup.user, Aksi.LIHAT).values_list("pk", flat=True))
    label_periode = _("IKU periode %(a)s–%(b)s") % {"a": periode.tahun_mulai, "b": periode.tahun_akhir}
    if not iku:
        return Nilai(_("Belum ada IKU"), None, label_periode)
    diperiksa, tanpa = _butir(_mutu(lingkup), "tanpa-manual", lambda pemilik: True)
    bermanual = len(set(iku) & (set(diperiksa) - tanpa))
    final = bermanual if dokumen.final else 0
    if not dokumen.final:
        rincian = _("Dokumen IKU belum final; %(m)s IKU sudah bermanual.") % {"m": x_dari_n(bermanual, len(iku))}
    else:
        rincian = _("%(n)s IKU belum bermanual.") % {"n": len(iku) - bermanual} if bermanual < len(iku) else ""
    return Nilai(x_dari_n(final, len(iku)), persen_lolos(len(iku), len(iku) - final), label_periode, rincian)


def _url_iku(lingkup: Lingkup) -> str:
    if lingkup.perangkat_daerah:
        return f"{reverse('perencanaan:iku_pd', args=[lingkup.perangkat_daerah.pk])}?tahun={lingkup.tahun}"
    return f"{reverse('perencanaan:iku')}?tahun={lingkup.tahun}"


# --- realisations and targets ------------------------------------------------------------------------------


def _indikator(lingkup: Lingkup, *, pk: bool):
    """The scope's indicators with a target of the year (with `pk`: only the PK's, THE rule INDIKATOR_PK; the
    pemda: the city's own for targets, every indicator of the pemda for realisations)."""
    qs = Indikator.objects.for_user(lingkup.user, Aksi.LIHAT).filter(
        pemda_id=lingkup.pemda_id, target__tahun=lingkup.tahun
    )
    if pk:
        return qs.filter(INDIKATOR_PK, perangkat_daerah=lingkup.perangkat_daerah)
    return qs if lingkup.kota else qs.filter(perangkat_daerah=lingkup.perangkat_daerah)


def _realisasi_tepat_waktu(lingkup: Lingkup) -> Nilai:
    kunci = KunciTriwulan.objects.filter(pemda_id=lingkup.pemda_id, tahun=lingkup.tahun)
    jatuh = sorted(k.triwulan for k in kunci if lewat_batas(k, lingkup.hari_ini))
    if not jatuh:
        teks = _("Belum ada batas waktu triwulan %(t)s yang lewat") % {"t": lingkup.tahun}
        return Nilai(teks, None, _periode_tahun(lingkup))
    ids = list(_indikator(lingkup, pk=False).exclude(INDIKATOR_DIHITUNG).values_list("pk", flat=True))
    baris = Realisasi.objects.filter(salah_satu("indikator_id", ids), tahun=lingkup.tahun, triwulan__in=jatuh)
    hitung = {"tepat": 0, "terlambat": 0, "menunggu": 0}
    for status, terlambat in baris.values_list("status", "terlambat"):
        if status == Realisasi.Status.DIVERIFIKASI:
            hitung["terlambat" if terlambat else "tepat"] += 1
        elif status == Realisasi.Status.DIAJUKAN:
            hitung["menunggu"] += 1
    n = len(ids) * len(jatuh)
    periode = _("Tahun %(t)s, TW %(tw)s (batas waktu telah lewat)") % {
        "t": lingkup.tahun, "tw": ", ".join(ROMAWI[t] for t in jatuh)}  # fmt: skip
    if not n:
        return Nilai(_("Belum ada indikator bertarget"), None, periode)
    bagian = (
        (hitung["terlambat"], _("%(n)s terverifikasi tetapi diajukan terlambat")),
        (hitung["menunggu"], _("%(n)s menunggu verifikasi")),
        (n - sum(hitung.values()), _("%(n)s belum diajukan atau dikembalikan")),
    )
    rincian = ", ".join(teks % {"n": jumlah} for jumlah, teks in bagian if jumlah)
    teks = _("%(x)s indikator-triwulan") % {"x": x_dari_n(hitung["tepat"], n)}
    return Nilai(teks, persen_lolos(n, n - hitung["tepat"]), periode, rincian)


def _target_tercapai(lingkup: Lingkup) -> Nilai:
    daftar = list(_indikator(lingkup, pk=True).distinct())
    if not daftar:
        return Nilai(_("Belum ada indikator PK bertarget"), None, _periode_tahun(lingkup))
    target = {t.indikator_id: t for t in Target.objects.filter(indikator__in=daftar, tahun=lingkup.tahun)}
    nilai, _belum = realisasi_terverifikasi(Realisasi.objects.filter(indikator__in=daftar, tahun=lingkup.tahun))
    tercapai = tanpa = 0
    for ind in daftar:
        tw = nilai.get((ind.pk, lingkup.tahun), {})
        if not tw:
            tanpa += 1
            continue
        hasil = nilai_baris(ind, target[ind.pk], tw, {}, max(tw), "").capaian.persen
        tercapai += hasil is not None and hasil >= PERSEN_PENUH
    rincian = _("%(n)s belum punya realisasi terverifikasi") % {"n": tanpa} if tanpa else ""
    periode = _("Tahun %(t)s, s.d. triwulan terverifikasi terakhir") % {"t": lingkup.tahun}
    return Nilai(x_dari_n(tercapai, len(daftar)), persen_lolos(len(daftar), len(daftar) - tercapai), periode, rincian)


def _url_pohon(lingkup: Lingkup) -> str:
    if lingkup.perangkat_daerah:
        return f"{reverse('perencanaan:pohon_pd', args=[lingkup.perangkat_daerah.pk])}?tahun={lingkup.tahun}"
    return f"{reverse('perencanaan:pohon')}?tahun={lingkup.tahun}"


# --- budget tied to sasaran --------------------------------------------------------------------------------


def _anggaran_terhubung(lingkup: Lingkup) -> Nilai:
    semua_pd = PerangkatDaerah.objects.for_user(lingkup.user).filter(pemda_id=lingkup.pemda_id)
    daftar_pd = list(semua_pd.values_list("pk", flat=True)) if lingkup.kota else [lingkup.perangkat_daerah.pk]
    total = sum((a.pagu for a in anggaran_pd_tahun(daftar_pd, lingkup.tahun).values()), Decimal(0))
    periode = _("Anggaran tahun %(t)s") % {"t": lingkup.tahun}
    if not total:
        return Nilai(_("Belum ada anggaran"), None, periode)
    diperiksa, lepas = _butir(_mutu(lingkup), "anggaran-lepas", _milik(lingkup))
    terhubung = set(diperiksa) - lepas
    pagu = AnggaranSubKegiatan.objects.filter(sasaran_id__in=terhubung, tahun=lingkup.tahun).aggregate(p=Sum("pagu"))
    nilai = pagu["p"] or Decimal(0)
    rincian = _("%(n)s sub kegiatan berpagu tidak terhubung ke sasaran strategis PD") % {"n": len(lepas)}
    if not diperiksa:
        rincian = _("Belum ada anggaran sub kegiatan pada pohon kinerja; anggaran tercatat di tingkat PD.")
    teks = _("%(a)s dari %(b)s") % {"a": rupiah(nilai), "b": rupiah(total)}
    return Nilai(teks, PERSEN_PENUH * nilai / total, periode, rincian if nilai < total else "")


def _url_anggaran(lingkup: Lingkup) -> str:
    if lingkup.perangkat_daerah:
        return reverse("perencanaan:anggaran_pd", args=[lingkup.perangkat_daerah.pk, lingkup.tahun])
    return reverse("perencanaan:anggaran", args=[lingkup.tahun])


# --- recommendations followed up ---------------------------------------------------------------------------


def _rekomendasi(lingkup: Lingkup) -> Nilai:
    qs = Rekomendasi.objects.for_user(lingkup.user).filter(pemda_id=lingkup.pemda_id, evaluasi__tahun__lt=lingkup.tahun)
    if lingkup.perangkat_daerah:
        qs = qs.filter(perangkat_daerah=lingkup.perangkat_daerah)
    status = list(qs.values_list("status", "batas_waktu"))
    periode = _("Rekomendasi hasil evaluasi sebelum tahun %(t)s") % {"t": lingkup.tahun}
    if not status:
        return Nilai(_("Tidak ada rekomendasi"), None, periode)
    selesai = sum(s == Rekomendasi.Status.SELESAI for s, _b in status)
    lewat = sum(s != Rekomendasi.Status.SELESAI and b < lingkup.hari_ini for s, b in status)
    rincian = _("%(n)s lewat batas waktu") % {"n": lewat} if lewat else ""
    return Nilai(x_dari_n(selesai, len(status)), persen_lolos(len(status), len(status) - selesai), periode, rincian)


FAKTA_KINERJA = (
    Fakta("kelengkapan-cascading", gettext_lazy("Kelengkapan cascading pohon kinerja"), gettext_lazy(
        "Butir pohon kinerja tahun itu (simpul dan indikator milik PD, atau seluruh pemda) yang lolos ketujuh "
        "pemeriksaan mutu pohon, dibagi butir yang diperiksa (halaman Mutu Pohon Kinerja)."),
        _kelengkapan_cascading, _url_mutu),
    Fakta("sasaran-selaras", gettext_lazy("Sasaran strategis PD yang selaras dengan sasaran kota"), gettext_lazy(
        "Simpul PD pada tingkat masuk (sasaran strategis) yang berinduk simpul kota, dibagi semua simpul PD pada "
        "tingkat itu, pada pohon kinerja tahun itu."),
        _sasaran_selaras, lambda lingkup: _url_mutu(lingkup, "belum-selaras")),
    Fakta("iku-manual-final", gettext_lazy("Indikator dengan manual IK final"), gettext_lazy(
        "IKU pada dokumen IKU periode yang mencakup tahun itu yang memiliki manual dengan definisi operasional, "
        "dan dokumen IKU-nya sudah final (manual terkunci), dibagi seluruh IKU dokumen itu."),
        _iku_manual_final, _url_iku),
    Fakta("realisasi-tepat-waktu", gettext_lazy("Realisasi diajukan tepat waktu dan terverifikasi"), gettext_lazy(
        "Untuk setiap indikator bertarget tahun itu dan setiap triwulan yang batas waktunya sudah lewat: "
        "realisasi yang terverifikasi dan diajukan sebelum batas waktu triwulannya, dibagi indikator × triwulan."),
        _realisasi_tepat_waktu, lambda lingkup: reverse("kinerja:kelengkapan", args=[lingkup.tahun])),
    Fakta("target-tercapai", gettext_lazy("Indikator PK yang mencapai target atau on track"), gettext_lazy(
        "Indikator PK bertarget tahun itu yang capaiannya s.d. triwulan terverifikasi terakhir (terhadap target "
        "triwulan itu bila ada, selain itu target tahunan) sekurang-kurangnya 100%, dibagi seluruh indikator "
        "itu; indikator tanpa realisasi terverifikasi dihitung belum tercapai."),
        _target_tercapai, _url_pohon),
    Fakta("anggaran-terhubung", gettext_lazy("Anggaran yang terhubung ke sasaran"), gettext_lazy(
        "Pagu sub kegiatan tahun itu yang rantai induknya sampai ke sasaran strategis PD, dibagi anggaran PD "
        "tahun itu (jumlah pagu sub kegiatan, atau anggaran tingkat PD bila belum ada)."),
        _anggaran_terhubung, _url_anggaran),
    Fakta("rekomendasi-ditindaklanjuti", gettext_lazy("Rekomendasi yang selesai ditindaklanjuti"), gettext_lazy(
        "Rekomendasi dari evaluasi tahun-tahun sebelumnya untuk PD itu (atau seluruh pemda) yang tindak "
        "lanjutnya sudah diverifikasi selesai, dibagi seluruh rekomendasi itu."),
        _rekomendasi, lambda lingkup: reverse("evaluasi:rekomendasi_daftar")),
)  # fmt: skip

for _fakta in FAKTA_KINERJA:
    daftarkan(_fakta)
