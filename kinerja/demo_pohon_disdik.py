"""Dinas Pendidikan dan Kebudayaan's branch of the demo performance tree: sasaran strategis → sasaran program
1.01.02 (pengelolaan pendidikan) → sasaran kegiatan SD and SMP → three sub kegiatan with budgets, and under
its second sasaran strategis the support programme 1.01.01 down to "Penyediaan Gaji dan Tunjangan ASN".
Gaps left on purpose (kinerja.demo_pohon lists them): the SMP kegiatan node has no indicator, and the salary
sub kegiatan has a budget but no output indicator."""

from __future__ import annotations

from .demo_pohon_cabang import Ind, Simpul, cabang_muat
from .models import Sasaran

KODE = "1.01.01"
_DAPODIK = "Dapodik (contoh)"
RANTAI = (
    Simpul("1.01.01.P1", "sasaran_program", "1.01.01.S1", "Meningkatnya mutu layanan pendidikan dasar (contoh)",
           "1.01.02", "Kepala Bidang Pembinaan Sekolah Dasar dan Menengah Pertama (contoh)",
           Ind("Angka partisipasi sekolah usia 7–15 tahun (contoh)", "%", "naik", "akhir", "98", "0.3",
               jenis="outcome", rumus="Penduduk usia 7–15 tahun yang bersekolah ÷ penduduk usia 7–15 tahun × 100%",
               sumber=_DAPODIK)),
    Simpul("1.01.01.K1", "sasaran_kegiatan", "1.01.01.P1",
           "Meningkatnya sekolah dasar yang memenuhi standar pelayanan minimal (contoh)", "1.01.02.2.01",
           "Kepala Seksi Kurikulum dan Sarana Sekolah Dasar (contoh)",
           Ind("Persentase sekolah dasar yang memenuhi standar sarana dan prasarana (contoh)", "%", "naik",
               "akhir", "72", "4", "kontribusi", sumber=_DAPODIK)),
    Simpul("1.01.01.SK1", "sub_kegiatan", "1.01.01.K1", "Pengelolaan Dana BOS Sekolah Dasar", "1.01.02.2.01.0029",
           "Pengelola Dana BOS Sekolah Dasar (contoh)",
           Ind("Jumlah Satuan Pendidikan Sekolah Dasar yang Mengelola Dana BOS", "unit", "naik", "kumulatif",
               "600", "8", "kontribusi", sumber="Aplikasi ARKAS (contoh)"), pagu=48_000_000_000),
    Simpul("1.01.01.SK2", "sub_kegiatan", "1.01.01.K1", "Pembangunan Ruang Kelas Baru", "1.01.02.2.01.0047",
           "Pengelola Sarana dan Prasarana Sekolah Dasar (contoh)",
           Ind("Jumlah Ruang Kelas Baru yang Dibangun", "unit", "naik", "kumulatif", "40", "4", "kontribusi",
               sumber=_DAPODIK), pagu=14_000_000_000),
    # gap: a kegiatan node without an indicator
    Simpul("1.01.01.K2", "sasaran_kegiatan", "1.01.01.P1",
           "Meningkatnya sekolah menengah pertama yang memenuhi standar pelayanan minimal (contoh)",
           "1.01.02.2.02", "Kepala Seksi Kurikulum dan Sarana SMP (contoh)"),
    Simpul("1.01.01.SK3", "sub_kegiatan", "1.01.01.K2", "Pengelolaan Dana BOS Sekolah Menengah Pertama",
           "1.01.02.2.02.0042", "Pengelola Dana BOS SMP (contoh)",
           Ind("Jumlah Satuan Pendidikan Sekolah Menengah Pertama yang Mengelola Dana BOS", "unit", "naik",
               "kumulatif", "240", "4", sumber="Aplikasi ARKAS (contoh)"), pagu=21_000_000_000),
    Simpul("1.01.01.P2", "sasaran_program", "1.01.01.S2",
           "Meningkatnya tata kelola administrasi dan keuangan perangkat daerah (contoh)", "1.01.01",
           "Sekretaris Dinas Pendidikan dan Kebudayaan (contoh)",
           Ind("Persentase dokumen perencanaan dan keuangan yang disusun tepat waktu (contoh)", "%", "naik",
               "akhir", "90", "2", jenis="outcome")),
    Simpul("1.01.01.K3", "sasaran_kegiatan", "1.01.01.P2", "Terkelolanya administrasi keuangan perangkat daerah "
           "(contoh)", "1.01.01.2.02", "Kepala Subbagian Keuangan (contoh)",
           Ind("Persentase laporan keuangan yang disusun tepat waktu (contoh)", "%", "naik", "akhir", "92", "2",
               "kontribusi")),
    # gap: a sub kegiatan with a budget but no output indicator
    Simpul("1.01.01.SK4", "sub_kegiatan", "1.01.01.K3", "Penyediaan Gaji dan Tunjangan ASN", "1.01.01.2.02.0001",
           "Pengelola Gaji (contoh)", pagu=310_000_000_000),
)  # fmt: skip


def muat(pembangun, disdik, *, tingkat, periode, per_kode, operator) -> list:
    """Disdik's branch with targets, realisations and manuals; returns its budgeted sub kegiatan."""
    Sasaran.objects.filter(pk=per_kode[f"{KODE}.S1"].pk).update(jabatan="Kepala Dinas Pendidikan dan Kebudayaan")
    return cabang_muat(pembangun, disdik, RANTAI, tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=operator)
