"""Dinas Lingkungan Hidup's branch of the demo performance tree: sasaran strategis → sasaran program 2.11.11
(pengelolaan persampahan) → sasaran kegiatan → two sub kegiatan with budgets, and under its second sasaran
strategis the support programme 2.11.01 down to "Penyusunan Dokumen Perencanaan Perangkat Daerah". The gap
left on purpose (kinerja.demo_pohon lists it): the B3 waste programme 2.11.05 hangs under no sasaran
strategis, so its sub kegiatan budget is not tied to any sasaran."""

from __future__ import annotations

from .demo_pohon_cabang import Ind, Simpul, cabang_muat
from .models import Sasaran

KODE = "2.11.01"
_SAMPAH = "Sistem Informasi Pengelolaan Sampah Nasional (SIPSN) (contoh)"
RANTAI = (
    Simpul("2.11.01.P1", "sasaran_program", "2.11.01.S1", "Meningkatnya sampah yang tertangani (contoh)",
           "2.11.11", "Kepala Bidang Pengelolaan Sampah (contoh)",
           Ind("Persentase sampah rumah tangga yang tertangani (contoh)", "%", "naik", "akhir", "70", "3",
               jenis="outcome", rumus="Sampah tertangani ÷ timbulan sampah rumah tangga × 100%", sumber=_SAMPAH)),
    Simpul("2.11.01.K1", "sasaran_kegiatan", "2.11.01.P1",
           "Meningkatnya sarana pengurangan dan penanganan sampah (contoh)", "2.11.11.2.01",
           "Kepala Seksi Penanganan Sampah (contoh)",
           Ind("Jumlah sarana dan prasarana persampahan yang berfungsi (contoh)", "unit", "naik", "kumulatif",
               "120", "10", "kontribusi", sumber=_SAMPAH)),
    Simpul("2.11.01.SK1", "sub_kegiatan", "2.11.01.K1", "Penyediaan Sarana dan Prasarana Pengelolaan Sampah",
           "2.11.11.2.01.0001", "Pengelola Sarana Persampahan (contoh)",
           Ind("Jumlah Sarana dan Prasarana Pengelolaan Sampah yang Disediakan", "unit", "naik", "kumulatif",
               "120", "10", "sama", sumber=_SAMPAH), pagu=9_500_000_000),
    Simpul("2.11.01.SK2", "sub_kegiatan", "2.11.01.K1",
           "Penanganan Sampah dengan Melakukan Pemilahan, Pengumpulan, Pengangkutan, Pengolahan, dan Pemrosesan "
           "Akhir", "2.11.11.2.01.0002", "Pengawas Pengangkutan Sampah (contoh)",
           Ind("Jumlah Sampah yang Ditangani", "ton", "naik", "kumulatif", "290000", "8000", "kontribusi",
               sumber="Timbangan TPA Cipeucang (contoh)"), pagu=36_000_000_000),
    Simpul("2.11.01.P2", "sasaran_program", "2.11.01.S2",
           "Meningkatnya tata kelola perencanaan dan administrasi perangkat daerah (contoh)", "2.11.01",
           "Sekretaris Dinas Lingkungan Hidup (contoh)",
           Ind("Persentase dokumen perencanaan yang ditetapkan tepat waktu (contoh)", "%", "naik", "akhir", "90",
               "2", jenis="outcome")),
    Simpul("2.11.01.K2", "sasaran_kegiatan", "2.11.01.P2", "Tersusunnya dokumen perencanaan, penganggaran dan "
           "evaluasi kinerja (contoh)", "2.11.01.2.01", "Kepala Subbagian Perencanaan (contoh)",
           Ind("Jumlah dokumen perencanaan dan evaluasi kinerja yang tersusun (contoh)", "dokumen", "naik",
               "kumulatif", "8", "0", "kontribusi")),
    Simpul("2.11.01.SK3", "sub_kegiatan", "2.11.01.K2", "Penyusunan Dokumen Perencanaan Perangkat Daerah",
           "2.11.01.2.01.0001", "Perencana Ahli Muda (contoh)",
           Ind("Jumlah Dokumen Perencanaan Perangkat Daerah", "dokumen", "naik", "kumulatif", "4", "0", "kontribusi"),
           pagu=450_000_000),
    # gap: an orphan branch (no sasaran strategis above it) carrying a sub kegiatan budget
    Simpul("2.11.01.P9", "sasaran_program", None, "Terkelolanya limbah bahan berbahaya dan beracun (contoh)",
           "2.11.05", "Kepala Bidang Pengendalian Pencemaran (contoh)",
           Ind("Persentase limbah B3 fasilitas kesehatan yang terkelola (contoh)", "%", "naik", "akhir", "80", "3",
               jenis="outcome")),
    Simpul("2.11.01.K9", "sasaran_kegiatan", "2.11.01.P9", "Tersimpannya limbah B3 sementara sesuai ketentuan "
           "(contoh)", "2.11.05.2.01", "Kepala Seksi Pengelolaan Limbah B3 (contoh)",
           Ind("Jumlah limbah B3 yang disimpan sementara sesuai ketentuan (contoh)", "ton", "naik", "kumulatif",
               "36", "2", "kontribusi")),
    Simpul("2.11.01.SK9", "sub_kegiatan", "2.11.01.K9", "Penyimpanan Sementara Limbah B3", "2.11.05.2.01.0001",
           "Pengelola Limbah B3 (contoh)",
           Ind("Jumlah Limbah B3 yang Disimpan Sementara", "ton", "naik", "kumulatif", "36", "2", "sama"),
           pagu=750_000_000),
)  # fmt: skip


def muat(pembangun, dlh, *, tingkat, periode, per_kode, operator) -> list:
    """DLH's branch with targets, realisations and manuals; returns its budgeted sub kegiatan."""
    Sasaran.objects.filter(pk=per_kode[f"{KODE}.S1"].pk).update(jabatan="Kepala Dinas Lingkungan Hidup")
    return cabang_muat(pembangun, dlh, RANTAI, tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=operator)
