"""Demo performance tree (issue 13 point 11) for the demo pemda: the RPJMD period of the demo's today
(2021–2026 until 2025, then 2025–2029 and on: kinerja/demo_jam.py) with its visi and misi, the default levels,
the city's tujuan and sasaran RPJMD (`demo_pohon_kota`), every PD's sasaran strategis aligned under a city
sasaran, the thematic branch "kemiskinan" (Dinsos and Disnaker contribute) and the crosscutting stunting node
(Dinkes accepted, DP3AP2KB not answered yet), one proposal waiting and one rejected; full branches down to sub
kegiatan with indicators, targets, realisations, manuals and sub kegiatan budgets of the demo's budget years for
Dinkes, Disdik and DLH (`demo_pohon_dinkes`, `_disdik`, `_dlh`); the city's IKU
document as a draft. Every node is placed through `simpul_periksa`, manuals through the manual service and
budgets through the sub kegiatan budget service (as Bagian Organisasi). The program, kegiatan and sub
kegiatan codes are Kepmendagri codes (nomenklatur/data/nomenklatur_demo.csv); wording that is not the
nomenclature's is invented and marked "(contoh)". Called by kinerja.demo.

Gaps left on purpose, so the quality checks have something to show (one each):
- node without an indicator: Disdik's sasaran kegiatan SMP (1.01.01.K2), and the salary sub kegiatan below;
- indicator without a manual: Dinkes' IKU "Angka kematian ibu" (1.02.01.01) (besides the generated PD
  indicators of kinerja.demo, which have none);
- PD sasaran strategis not aligned to a city sasaran: Kecamatan Setu's 7.01.07.S1 (no parent);
- sub kegiatan with a budget but no output indicator: Disdik's "Penyediaan Gaji dan Tunjangan ASN"
  (1.01.01.SK4);
- budget not tied to any sasaran: DLH's B3 waste branch 2.11.01.P9 → K9 → SK9 hangs under no sasaran
  strategis, and SK9 carries a budget."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from . import demo_pohon_dinkes, demo_pohon_disdik, demo_pohon_dlh
from .demo_pohon_cabang import anggaran_muat, operator_pd
from .demo_pohon_kota import kota_muat, selaraskan
from .models import Kontributor, PeriodePerencanaan, Sasaran, TingkatPohon, Usulan
from .models_anggaran import AnggaranSubKegiatan
from .services.manual import dokumen_iku_pastikan
from .services.pohon import tingkat_bawaan_pastikan

KODE_DINKES = demo_pohon_dinkes.KODE
KODE_DP3AP2KB = "2.08.01"  # Dinas Pemberdayaan Masyarakat, ... Anak dan Keluarga Berencana (perangkat_daerah/demo.py)
CABANG_PD = (demo_pohon_dinkes, demo_pohon_disdik, demo_pohon_dlh)

# The visi as published for the RPJMD 2021–2026 (to be checked against the Perda), kept for the later demo
# periods too; the misi are a shortened wording, marked (contoh).
VISI = "Tangerang Selatan Unggul, Menuju Kota Lestari, Saling Terkoneksi, dan Berbasis Teknologi Informasi"
MISI = "\n".join(
    [
        "Mengembangkan sumber daya manusia yang unggul dan berdaya saing (contoh).",
        "Meningkatkan pembangunan infrastruktur yang lestari dan terkoneksi (contoh).",
        "Meningkatkan tata kelola pemerintahan yang baik berbasis teknologi informasi (contoh).",
    ]
)


def _periode_dan_tingkat(pemda, jam) -> tuple[dict[str, TingkatPohon], PeriodePerencanaan]:
    """The period, the levels, and the existing sasaran placed in them as migration 0004 does."""
    tingkat = tingkat_bawaan_pastikan(pemda=pemda)
    mulai, akhir = jam.periode
    periode = PeriodePerencanaan.objects.create(pemda=pemda, tahun_mulai=mulai, tahun_akhir=akhir, visi=VISI, misi=MISI)
    sasaran = Sasaran.objects.filter(pemda=pemda)
    sasaran.update(periode=periode)
    sasaran.filter(perangkat_daerah__isnull=True).update(tingkat=tingkat["sasaran_rpjmd"])
    sasaran.filter(perangkat_daerah__isnull=False).update(tingkat=tingkat["sasaran_strategis"])
    return tingkat, periode


def _lintas_dan_usulan(pemda, daftar_pd, tingkat) -> None:
    """The crosscutting city stunting node (tematik): DP3AP2KB accepted, Dinkes invited and not answered yet (so
    operator.dinkes can accept it, as issue 13's acceptance walks through); a proposal of the city to Dinkes
    waiting, and one it rejected with a note (all wording invented, marked (contoh))."""
    per_kode = {pd.kode: pd for pd in daftar_pd}
    stunting = Sasaran.objects.get(pemda=pemda, kode="K.T1")  # made by demo_pohon_kota
    Kontributor.objects.create(
        sasaran=stunting, perangkat_daerah=per_kode[KODE_DINKES],
        catatan="Dinkes diminta menangani gizi balita dan ibu hamil (contoh).",
    )  # fmt: skip
    if KODE_DP3AP2KB in per_kode:
        Kontributor.objects.create(
            sasaran=stunting, perangkat_daerah=per_kode[KODE_DP3AP2KB], status="disetujui", versi=2,
            catatan="DP3AP2KB menggerakkan kader keluarga (contoh).",
        )  # fmt: skip
    umum = {"pemda": pemda, "arah": "kota_ke_pd", "perangkat_daerah": per_kode[KODE_DINKES], "induk": stunting,
            "tingkat": tingkat["sasaran_strategis"]}  # fmt: skip
    Usulan.objects.create(kode=f"{KODE_DINKES}.S3", uraian="Meningkatnya balita dengan gizi baik (contoh)", **umum)
    Usulan.objects.create(
        kode=f"{KODE_DINKES}.S4", uraian="Meningkatnya sanitasi rumah tangga (contoh)", status="ditolak", versi=2,
        catatan="Sanitasi menjadi tugas Dinas Perumahan dan Permukiman, bukan Dinkes (contoh).", **umum,
    )  # fmt: skip


def _cabang(pembangun, daftar_pd, tingkat, periode) -> None:
    """The city nodes, the alignment of every PD's sasaran strategis, the three full PD branches and their
    budgets, then the crosscutting node and the proposals."""
    pemda = pembangun.pemda
    organisasi = get_user_model().objects.filter(profil__pemda=pemda, profil__peran="bagian_organisasi").first()
    per_kode = {s.kode: s for s in Sasaran.objects.filter(pemda=pemda)}
    kota_muat(pembangun, tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=organisasi)
    selaraskan(pemda, per_kode, tingkat)
    per_pd = {pd.kode: pd for pd in daftar_pd}
    anggaran = []
    for modul in CABANG_PD:
        pd = per_pd[modul.KODE]
        anggaran += modul.muat(pembangun, pd, tingkat=tingkat, periode=periode, per_kode=per_kode,
                               operator=operator_pd(pemda, pd))  # fmt: skip
    anggaran_muat(anggaran, oleh=organisasi, acak=pembangun.acak, jam=pembangun.jam)
    _lintas_dan_usulan(pemda, daftar_pd, tingkat)
    dokumen_iku_pastikan(pemda=pemda, perangkat_daerah=None, periode=periode, oleh=organisasi)


def muat(pembangun, *, daftar_pd, dengan_cabang: bool) -> None:
    """Put the pemda's sasaran into the tree; with `dengan_cabang` (the demo city), add the city nodes and
    branches, whose targets and realisations go into `pembangun`'s lists (bulk-created by kinerja.demo with
    the rest). The period is built as a draft and made final at the end (a final RPJMD locks city nodes)."""
    tingkat, periode = _periode_dan_tingkat(pembangun.pemda, pembangun.jam)
    if dengan_cabang and any(pd.kode == KODE_DINKES for pd in daftar_pd):
        _cabang(pembangun, daftar_pd, tingkat, periode)
    PeriodePerencanaan.objects.filter(pk=periode.pk).update(status=PeriodePerencanaan.Status.FINAL)


def hapus(pemda) -> None:
    """The rows of the tree that kinerja.demo.hapus does not know, removed before their nodes."""
    AnggaranSubKegiatan.objects.filter(pemda__in=pemda).delete()
