"""Dinas Kesehatan's branch of the demo performance tree: sasaran strategis → two sasaran program (1.02.02 pelayanan
kesehatan, 1.02.05 pemberdayaan masyarakat) → three sasaran kegiatan → four sub kegiatan with budgets, and under its
second sasaran strategis the support programme 1.02.01 with the ASN salaries and the puskesmas BLUD, which carry
most of a city health office's money. The six budgets add up to some Rp476 billion in 2024 (the PD's total,
`anggaran_pd_tahun`), the scale of the health office of a city of 1.4 million (Tangerang Selatan's is in the order
of Rp400–700 billion); demo figures ("contoh"). The nomenclature codes are Kepmendagri codes
(nomenklatur/data/nomenklatur_demo.csv); the sasaran and indicator wording above the sub kegiatan is invented and
marked (contoh). The existing outcome indicator "Cakupan imunisasi dasar lengkap" (1.02.01.03) becomes the
programme's indicator, contributing to the stunting rate. Dinkes' manuals are written by its operator; the IKU
"Angka kematian ibu" (1.02.01.01) is left without a manual on purpose."""

from __future__ import annotations

from .demo_pohon_cabang import Ind, Simpul, cabang_muat
from .models import Indikator, Sasaran
from .services.manual import KOLOM_MANUAL, manual_simpan

KODE = "1.02.01"
_PWS = "Laporan PWS KIA (contoh)"
RANTAI = (
    Simpul("1.02.01.P1", "sasaran_program", "1.02.01.S1",
           "Meningkatnya cakupan pelayanan kesehatan ibu dan anak (contoh)", "1.02.02",
           "Kepala Bidang Kesehatan Masyarakat"),
    Simpul("1.02.01.K1", "sasaran_kegiatan", "1.02.01.P1",
           "Meningkatnya ibu dan balita yang dilayani sesuai standar (contoh)", "1.02.02.2.02",
           "Kepala Seksi Kesehatan Keluarga dan Gizi",
           Ind("Jumlah ibu dan balita yang mendapatkan pelayanan kesehatan sesuai standar (contoh)", "orang",
               "naik", "kumulatif", "21000", "600", sumber=_PWS, manual=False)),
    Simpul("1.02.01.SK1", "sub_kegiatan", "1.02.01.K1", "Pengelolaan Pelayanan Kesehatan Balita",
           "1.02.02.2.02.0004", "Pengelola Program Kesehatan Anak",
           Ind("Jumlah Balita yang Mendapatkan Pelayanan Kesehatan Sesuai Standar", "orang", "naik", "kumulatif",
               "14000", "400", "rumus", sumber=_PWS, manual=False), pagu=6_500_000_000),
    Simpul("1.02.01.SK2", "sub_kegiatan", "1.02.01.K1", "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
           "1.02.02.2.02.0001", "Pengelola Program Kesehatan Ibu (contoh)",
           Ind("Jumlah Ibu Hamil yang Mendapatkan Pelayanan Kesehatan Sesuai Standar", "orang", "naik",
               "kumulatif", "7000", "200", "rumus",
               "Jumlah ibu hamil yang mendapat pelayanan antenatal sesuai standar pada periode pelaporan",
               sumber=_PWS), pagu=5_200_000_000),
    Simpul("1.02.01.K2", "sasaran_kegiatan", "1.02.01.P1",
           "Meningkatnya fasilitas pelayanan kesehatan yang memenuhi standar alat kesehatan (contoh)",
           "1.02.02.2.01", "Kepala Seksi Pelayanan Kesehatan Primer (contoh)",
           Ind("Jumlah alat kesehatan yang disediakan di fasilitas pelayanan kesehatan (contoh)", "unit", "naik",
               "kumulatif", "1200", "50", sumber="Aplikasi sarana prasarana alat kesehatan (contoh)")),
    Simpul("1.02.01.SK3", "sub_kegiatan", "1.02.01.K2",
           "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", "1.02.02.2.01.0014",
           "Pengelola Sarana dan Prasarana Kesehatan (contoh)",
           Ind("Jumlah Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan yang Disediakan",
               "unit", "naik", "kumulatif", "1200", "50", "rumus",
               sumber="Aplikasi sarana prasarana alat kesehatan (contoh)"), pagu=38_000_000_000),
    Simpul("1.02.01.P2", "sasaran_program", "1.02.01.S1",
           "Meningkatnya perilaku hidup bersih dan sehat masyarakat (contoh)", "1.02.05",
           "Kepala Bidang Kesehatan Masyarakat",
           Ind("Persentase rumah tangga ber-PHBS (contoh)", "%", "naik", "akhir", "68", "2", jenis="outcome",
               rumus="Rumah tangga ber-PHBS ÷ rumah tangga yang didata × 100%",
               sumber="Pendataan PHBS rumah tangga (contoh)")),
    Simpul("1.02.01.K3", "sasaran_kegiatan", "1.02.01.P2",
           "Meningkatnya jangkauan edukasi perilaku hidup bersih dan sehat (contoh)", "1.02.05.2.02",
           "Kepala Seksi Promosi dan Pemberdayaan Masyarakat (contoh)",
           Ind("Jumlah kegiatan komunikasi, informasi dan edukasi PHBS (contoh)", "kegiatan", "naik",
               "kumulatif", "48", "4", "kontribusi")),
    Simpul("1.02.01.SK4", "sub_kegiatan", "1.02.01.K3",
           "Penyelenggaraan Promosi Kesehatan dan Perilaku Hidup Bersih dan Sehat", "1.02.05.2.02.0001",
           "Penyuluh Kesehatan Masyarakat (contoh)",
           Ind("Jumlah Penyelenggaraan Promosi Kesehatan dan Perilaku Hidup Bersih dan Sehat", "kegiatan", "naik",
               "kumulatif", "48", "4", "sama"), pagu=2_100_000_000),
    Simpul("1.02.01.P3", "sasaran_program", "1.02.01.S2",
           "Meningkatnya dukungan tata kelola dan layanan penunjang Dinas Kesehatan (contoh)", "1.02.01",
           "Sekretaris Dinas Kesehatan (contoh)",
           Ind("Persentase puskesmas BLUD dengan laporan keuangan tepat waktu (contoh)", "%", "naik", "akhir", "85",
               "3", jenis="outcome")),
    Simpul("1.02.01.K4", "sasaran_kegiatan", "1.02.01.P3", "Terkelolanya administrasi keuangan Dinas Kesehatan "
           "(contoh)", "1.02.01.2.02", "Kepala Subbagian Keuangan Dinas Kesehatan (contoh)",
           Ind("Persentase pembayaran gaji dan tunjangan ASN yang tepat waktu (contoh)", "%", "naik", "akhir", "95",
               "1", "kontribusi")),
    Simpul("1.02.01.SK5", "sub_kegiatan", "1.02.01.K4", "Penyediaan Gaji dan Tunjangan ASN", "1.02.01.2.02.0001",
           "Pengelola Gaji Dinas Kesehatan (contoh)",
           Ind("Jumlah Orang yang Menerima Gaji dan Tunjangan ASN", "orang/bulan", "naik", "akhir", "1750", "25",
               "kontribusi", sumber="Aplikasi gaji (contoh)"), pagu=172_000_000_000),
    Simpul("1.02.01.K5", "sasaran_kegiatan", "1.02.01.P3", "Meningkatnya pelayanan puskesmas BLUD (contoh)",
           "1.02.01.2.10", "Kepala Seksi Pelayanan Kesehatan Primer (contoh)",
           Ind("Persentase puskesmas BLUD yang memenuhi standar pelayanan minimal (contoh)", "%", "naik", "akhir",
               "80", "4", "kontribusi")),
    Simpul("1.02.01.SK6", "sub_kegiatan", "1.02.01.K5", "Pelayanan dan Penunjang Pelayanan BLUD",
           "1.02.01.2.10.0001", "Pengelola Keuangan BLUD Puskesmas (contoh)",
           Ind("Jumlah BLUD yang Menyediakan Pelayanan dan Penunjang Pelayanan", "unit", "naik", "akhir", "29", "0",
               "kontribusi", sumber="Laporan keuangan BLUD puskesmas (contoh)"), pagu=230_000_000_000),
)  # fmt: skip

# Dinkes' own manuals by indicator code suffix: (definisi, rumus, alasan, jenis, sumber data, penanggung jawab,
# periode pelaporan). The IKU "Angka kematian ibu" (.01) is left without a manual on purpose (the gap the IKU
# document page shows). Wording follows the usual Renstra Dinkes manuals; marked (contoh).
MANUAL = {
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


def muat(pembangun, dinkes, *, tingkat, periode, per_kode, operator) -> list:
    """Dinkes' branch with targets, realisations and manuals; returns its budgeted sub kegiatan."""
    pemda = pembangun.pemda
    Sasaran.objects.filter(pk=per_kode[f"{KODE}.S1"].pk).update(jabatan="Kepala Dinas Kesehatan")
    anggaran = cabang_muat(
        pembangun, dinkes, RANTAI, tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=operator
    )
    stunting = Indikator.objects.get(pemda=pemda, kode=f"{KODE}.02")
    # imunisasi (an existing indicator) is the programme's outcome, contributing to the stunting rate
    Indikator.objects.filter(pemda=pemda, kode=f"{KODE}.03").update(
        sasaran=per_kode[f"{KODE}.P1"], induk_indikator=stunting, relasi_induk=Indikator.Relasi.KONTRIBUSI
    )
    for akhiran, isi in MANUAL.items():
        indikator = Indikator.objects.select_related("sasaran").get(pemda=pemda, kode=f"{KODE}{akhiran}")
        manual_simpan(indikator=indikator, oleh=operator, nilai=dict(zip(KOLOM_MANUAL, isi, strict=True)), versi=None)
    return anggaran
