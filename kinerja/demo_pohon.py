"""Demo performance tree (issue 13) for the demo pemda: the RPJMD 2021–2026 period, the default levels, the
city sasaran as `sasaran_rpjmd` and every PD sasaran as `sasaran_strategis`; for Dinas Kesehatan one chain
sasaran strategis → sasaran program → sasaran kegiatan → sub kegiatan, each with an indicator. The program,
kegiatan and sub kegiatan codes are those of the Kepmendagri nomenclature (nomenklatur/data); the sasaran
and indicator wording below them is invented and marked "(contoh)". Dinkes' indicators get their manuals
(Manual IK) through the manual service, except one IKU left without on purpose (the IKU document page flags
it); the city gets a draft IKU document for the period. Called by kinerja.demo."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth import get_user_model

from .models import Indikator, Kontributor, PeriodePerencanaan, Realisasi, Sasaran, TingkatPohon, Usulan
from .services.manual import KOLOM_MANUAL, dokumen_iku_pastikan, manual_simpan
from .services.pohon import tingkat_bawaan_pastikan

KODE_DINKES = "1.02.01"
KODE_DP3AP2KB = "2.08.01"  # Dinas Pemberdayaan Masyarakat, ... Anak dan Keluarga Berencana (perangkat_daerah/demo.py)
# The visi as published for the RPJMD 2021–2026 (to be checked against the Perda); the misi are a shortened
# wording, marked (contoh).
VISI = "Tangerang Selatan Unggul, Menuju Kota Lestari, Saling Terkoneksi, dan Berbasis Teknologi Informasi"
MISI = "\n".join(
    [
        "Mengembangkan sumber daya manusia yang unggul dan berdaya saing (contoh).",
        "Meningkatkan pembangunan infrastruktur yang lestari dan terkoneksi (contoh).",
        "Meningkatkan tata kelola pemerintahan yang baik berbasis teknologi informasi (contoh).",
    ]
)
# (kode, tingkat, uraian, kode nomenklatur, jabatan)
RANTAI_DINKES = (
    ("1.02.01.P1", "sasaran_program", "Meningkatnya cakupan pelayanan kesehatan ibu dan anak (contoh)",
     "1.02.02", "Kepala Bidang Kesehatan Masyarakat"),
    ("1.02.01.K1", "sasaran_kegiatan", "Meningkatnya ibu dan balita yang dilayani sesuai standar (contoh)",
     "1.02.02.2.02", "Kepala Seksi Kesehatan Keluarga dan Gizi"),
    ("1.02.01.SK1", "sub_kegiatan", "Pengelolaan Pelayanan Kesehatan Balita",
     "1.02.02.2.02.0004", "Pengelola Program Kesehatan Anak"),
)  # fmt: skip

# Dinkes' manuals by indicator code suffix: (definisi, rumus, alasan, jenis, sumber data, penanggung jawab,
# periode pelaporan). The IKU "Angka kematian ibu" (.01) is left without a manual on purpose (the gap the IKU
# document page shows). Wording follows the usual Renstra Dinkes manuals; marked (contoh).
MANUAL_DINKES = {
    ".02": (
        "Persentase balita (0–59 bulan) dengan tinggi/panjang badan menurut umur kurang dari -2 standar deviasi "
        "median standar pertumbuhan anak WHO, di wilayah kota pada tahun berjalan (contoh).",
        "Jumlah balita stunting hasil pengukuran ÷ jumlah balita yang diukur × 100%",
        "Stunting adalah sasaran prioritas nasional dan tema lintas PD kota; menggambarkan status gizi kronis.",
        "outcome",
        "e-PPGBM (Elektronik Pencatatan dan Pelaporan Gizi Berbasis Masyarakat)",
        "Kepala Bidang Kesehatan Masyarakat",
        "semesteran",
    ),
    ".03": (
        "Persentase bayi usia 0–11 bulan yang mendapat imunisasi dasar lengkap (HB-0, BCG, polio, DPT-HB-Hib, "
        "campak/MR) sesuai jadwal (contoh).",
        "Jumlah bayi yang mendapat imunisasi dasar lengkap ÷ jumlah bayi sasaran × 100%",
        "Imunisasi dasar lengkap mencegah penyakit yang memperburuk status gizi balita.",
        "outcome",
        "Laporan imunisasi puskesmas (ASIK)",
        "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
        "triwulanan",
    ),
    ".K1.1": (
        "Jumlah ibu hamil, ibu bersalin, ibu nifas dan balita yang mendapat pelayanan kesehatan sesuai standar "
        "pelayanan minimal bidang kesehatan (contoh).",
        "Jumlah ibu dan balita yang dilayani sesuai standar, dijumlahkan dari indikator sub kegiatannya",
        "Ukuran keluaran kegiatan pelayanan kesehatan ibu dan anak.",
        "output",
        "Laporan PWS KIA puskesmas",
        "Kepala Seksi Kesehatan Keluarga dan Gizi",
        "triwulanan",
    ),
    ".SK1.1": (
        "Jumlah balita usia 0–59 bulan yang mendapat pelayanan kesehatan sesuai standar: penimbangan, "
        "pengukuran, stimulasi deteksi dini tumbuh kembang, vitamin A dan imunisasi (contoh).",
        "Jumlah balita yang mendapat pelayanan kesehatan sesuai standar pada periode pelaporan",
        "Indikator Standar Pelayanan Minimal (Permenkes 4/2019) untuk sub kegiatan ini.",
        "output",
        "Laporan PWS KIA puskesmas",
        "Pengelola Program Kesehatan Anak",
        "triwulanan",
    ),
}


def _manual_dan_iku(pemda, dinkes) -> None:
    """Dinkes' manuals written by its operator through the manual service (with history), and the city's IKU
    document for the period as a draft, opened by Bagian Organisasi."""
    pengguna = get_user_model().objects.filter(profil__pemda=pemda)
    operator = pengguna.get(profil__perangkat_daerah=dinkes, profil__peran="operator_pd")
    for akhiran, isi in MANUAL_DINKES.items():
        indikator = Indikator.objects.select_related("sasaran").get(pemda=pemda, kode=f"{KODE_DINKES}{akhiran}")
        manual_simpan(indikator=indikator, oleh=operator, nilai=dict(zip(KOLOM_MANUAL, isi, strict=True)), versi=None)
    organisasi = pengguna.filter(profil__peran="bagian_organisasi").first()
    periode = PeriodePerencanaan.objects.get(pemda=pemda)
    dokumen_iku_pastikan(pemda=pemda, perangkat_daerah=None, periode=periode, oleh=organisasi)


def _periode_dan_tingkat(pemda) -> dict[str, TingkatPohon]:
    """The period, the levels, and the existing sasaran placed in them as migration 0004 does."""
    tingkat = tingkat_bawaan_pastikan(pemda=pemda)
    periode = PeriodePerencanaan.objects.create(
        pemda=pemda, tahun_mulai=2021, tahun_akhir=2026, visi=VISI, misi=MISI, status="final"
    )
    sasaran = Sasaran.objects.filter(pemda=pemda)
    sasaran.update(periode=periode)
    sasaran.filter(perangkat_daerah__isnull=True).update(tingkat=tingkat["sasaran_rpjmd"])
    sasaran.filter(perangkat_daerah__isnull=False).update(tingkat=tingkat["sasaran_strategis"])
    return tingkat


def _rantai(pemda, dinkes, tingkat) -> list[Sasaran]:
    induk = Sasaran.objects.get(pemda=pemda, kode=f"{KODE_DINKES}.S1")
    Sasaran.objects.filter(pk=induk.pk).update(jabatan="Kepala Dinas Kesehatan")
    rantai = []
    for kode, kode_tingkat, uraian, nomenklatur, jabatan in RANTAI_DINKES:
        induk = Sasaran.objects.create(
            pemda=pemda, perangkat_daerah=dinkes, induk=induk, kode=kode, uraian=uraian, tingkat=tingkat[kode_tingkat],
            periode=induk.periode, kode_nomenklatur=nomenklatur, jabatan=jabatan,
        )  # fmt: skip
        rantai.append(induk)
    return rantai


def _lintas_dan_usulan(pemda, daftar_pd, tingkat) -> None:
    """A crosscutting city stunting node (tematik): Dinkes accepted, DP3AP2KB not answered yet; a proposal of
    the city to Dinkes waiting, and one it rejected with a note (all wording invented, marked (contoh))."""
    per_kode = {pd.kode: pd for pd in daftar_pd}
    kota = Sasaran.objects.get(pemda=pemda, kode="K.S1")
    stunting = Sasaran.objects.create(
        pemda=pemda, induk=kota, kode="K.T1", uraian="Menurunnya prevalensi stunting (contoh)",
        tingkat=tingkat["tematik"], periode=kota.periode, tema="Stunting",
    )  # fmt: skip
    Kontributor.objects.create(
        sasaran=stunting, perangkat_daerah=per_kode[KODE_DINKES], status="disetujui", versi=2,
        catatan="Dinkes menangani gizi balita dan ibu hamil (contoh).",
    )  # fmt: skip
    if KODE_DP3AP2KB in per_kode:
        Kontributor.objects.create(sasaran=stunting, perangkat_daerah=per_kode[KODE_DP3AP2KB])
    umum = {"pemda": pemda, "arah": "kota_ke_pd", "perangkat_daerah": per_kode[KODE_DINKES], "induk": stunting,
            "tingkat": tingkat["sasaran_strategis"]}  # fmt: skip
    Usulan.objects.create(kode=f"{KODE_DINKES}.S3", uraian="Meningkatnya balita dengan gizi baik (contoh)", **umum)
    Usulan.objects.create(
        kode=f"{KODE_DINKES}.S4", uraian="Meningkatnya sanitasi rumah tangga (contoh)", status="ditolak", versi=2,
        catatan="Sanitasi menjadi tugas Dinas Perumahan dan Permukiman, bukan Dinkes (contoh).", **umum,
    )  # fmt: skip


def muat(pembangun, *, daftar_pd, dengan_cabang: bool) -> None:
    """Put the pemda's sasaran into the tree; with `dengan_cabang`, add the Dinkes chain, whose targets and
    realisations go into `pembangun`'s lists (bulk-created by kinerja.demo with the rest)."""
    from .demo import TAHUN_BERJALAN, TAHUN_TERVERIFIKASI, Pola

    pemda = pembangun.pemda
    tingkat = _periode_dan_tingkat(pemda)
    dinkes = next((pd for pd in daftar_pd if pd.kode == KODE_DINKES), None)
    if not dengan_cabang or dinkes is None:
        return
    program, kegiatan, sub = _rantai(pemda, dinkes, tingkat)
    _lintas_dan_usulan(pemda, daftar_pd, tingkat)
    stunting = Indikator.objects.get(pemda=pemda, kode=f"{KODE_DINKES}.02")
    # imunisasi (an existing indicator) is the programme's outcome, contributing to the stunting rate
    Indikator.objects.filter(pemda=pemda, kode=f"{KODE_DINKES}.03").update(
        sasaran=program, induk_indikator=stunting, relasi_induk=Indikator.Relasi.KONTRIBUSI
    )
    umum = {"pemda": pemda, "perangkat_daerah": dinkes, "satuan": "orang", "arah": "naik", "agregasi": "kumulatif"}
    ind_kegiatan = Indikator.objects.create(
        sasaran=kegiatan, kode=f"{KODE_DINKES}.K1.1", urutan=20, sumber_data="Laporan PWS KIA (contoh)",
        uraian="Jumlah ibu dan balita yang mendapatkan pelayanan kesehatan sesuai standar (contoh)", **umum,
    )  # fmt: skip
    ind_sub = Indikator.objects.create(
        sasaran=sub, kode=f"{KODE_DINKES}.SK1.1", urutan=21, induk_indikator=ind_kegiatan,
        relasi_induk=Indikator.Relasi.RUMUS, sumber_data="Laporan PWS KIA (contoh)",
        uraian="Jumlah Balita yang Mendapatkan Pelayanan Kesehatan Sesuai Standar", **umum,
    )  # fmt: skip
    pembangun.target_untuk(
        ind_kegiatan, Pola(ind_kegiatan.uraian, "orang", "naik", "kumulatif", Decimal(21000), Decimal(600))
    )
    pola = Pola(ind_sub.uraian, "orang", "naik", "kumulatif", Decimal(14000), Decimal(400))
    target = pembangun.target_untuk(ind_sub, pola)
    semua = dict.fromkeys((1, 2, 3, 4), Realisasi.Status.DIVERIFIKASI)
    for tahun in TAHUN_TERVERIFIKASI:
        pembangun.realisasi_tahun(ind_sub, pola, target[tahun], tahun, semua)
    status_2025 = {1: Realisasi.Status.DIVERIFIKASI, 2: Realisasi.Status.DIVERIFIKASI, 3: Realisasi.Status.DRAF}
    pembangun.realisasi_tahun(ind_sub, pola, target[TAHUN_BERJALAN], TAHUN_BERJALAN, status_2025)
    _manual_dan_iku(pemda, dinkes)
