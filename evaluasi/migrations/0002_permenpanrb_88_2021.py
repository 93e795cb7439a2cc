"""Data: the default predicate band table (DOMAIN.md §3) and the PermenPANRB 88/2021 worksheet (§2).

Two instruments share the 80 criteria of DOMAIN.md §2.1 (our own short wording):
- `permenpanrb-88-2021`, method A (Y/T evidence, one grade per sub-component): the KemenPANRB style used
  for the pemda-level evaluation and the city's self-estimate;
- `lke-internal-88-2021`, method B (mean of criterion values): the Inspektorat's evaluation of each PD
  and the PD's self-assessment; existence criteria are Y/T, the others A–E.
The values are copied here (not imported) so the migration stays what it was when it ran.
"""

from decimal import Decimal

from django.db import migrations

VERSI_SKALA = "PermenPANRB 88/2021"
BAND = [
    ("AA", "Sangat Memuaskan", "Kinerja dikelola sangat baik di seluruh unit, terukur sampai individu", "90", "100"),
    ("A", "Memuaskan", "Memimpin perubahan menuju pemerintahan berorientasi hasil", "80", "90"),
    ("BB", "Sangat Baik", "Akuntabilitas sangat baik di dua pertiga unit kerja", "70", "80"),
    ("B", "Baik", "Akuntabilitas baik di sepertiga unit kerja, terutama unit utama", "60", "70"),
    ("CC", "Cukup (Memadai)", "Cukup; perlu banyak perbaikan yang tidak mendasar", "50", "60"),
    ("C", "Kurang", "Belum dapat diandalkan; perlu perbaikan mendasar", "30", "50"),
    ("D", "Sangat Kurang", "Perlu perubahan yang sangat mendasar", "0", "30"),
]
SKALA_JAWABAN = {
    "YT": {"Y": "1", "T": "0"},
    "AE": {"A": "1", "B": "0.75", "C": "0.5", "D": "0.25", "E": "0"},
    "AAE": {"AA": "1", "A": "0.9", "BB": "0.8", "B": "0.7", "CC": "0.6", "C": "0.5", "D": "0.3", "E": "0"},
}
TABEL_NILAI_A = {
    "bagian": SKALA_JAWABAN["AAE"],
    "usulan": [["BB", "100", True], ["B", "75", False], ["CC", "50", False], ["C", "25", False], ["D", "0", False],
               ["E", "0", True]],
}
PETUNJUK = {
    "YT": "Y bila bukti tersedia dan memadai; T bila tidak ada atau tidak memadai.",
    "AE": "A: > 90 %; B: > 75–90 %; C: > 40–75 %; D: > 10–40 %; E: ≤ 10 % dari yang diperiksa memenuhi.",
}

KOMPONEN = [
    ("1", "Perencanaan Kinerja", "perencanaan kinerja", ("6", "9", "15")),
    ("2", "Pengukuran Kinerja", "pengukuran kinerja", ("6", "9", "15")),
    ("3", "Pelaporan Kinerja", "pelaporan kinerja", ("3", "4.5", "7.5")),
    ("4", "Evaluasi Akuntabilitas Kinerja Internal", "evaluasi akuntabilitas kinerja internal", ("5", "7.5", "12.5")),
]
JENIS_SUB = (("a", "keberadaan", "Keberadaan"), ("b", "kualitas", "Kualitas"), ("c", "pemanfaatan", "Pemanfaatan"))

KRITERIA = {
    "1a": [
        "Pedoman teknis perencanaan kinerja telah tersedia",
        "Rencana jangka panjang (RPJPD) telah tersedia",
        "Rencana jangka menengah (RPJMD/Renstra) telah tersedia",
        "Rencana tahunan (RKPD/Renja/Perjanjian Kinerja) telah tersedia",
        "Rencana aksi kinerja telah tersedia",
        "Rencana anggaran yang mendukung kinerja telah tersedia",
        "Setiap unit kerja telah menyusun dan menetapkan rencana kinerjanya",
    ],
    "1b": [
        "Dokumen perencanaan kinerja telah diformalkan",
        "Dokumen perencanaan kinerja dipublikasikan tepat waktu",
        "Dokumen perencanaan menggambarkan kebutuhan kinerja yang sebenarnya",
        "Tujuan dan sasaran dirumuskan sebagai hasil (outcome)",
        "Indikator kinerja memenuhi kriteria SMART",
        "IKU menggambarkan kinerja utama dan stabil dalam satu periode",
        "Target kinerja menantang dan realistis",
        "Dokumen perencanaan selaras secara berjenjang (cascading)",
        "Keterkaitan antarbidang (crosscutting) terlihat dalam perencanaan",
        "Setiap pegawai menyusun rencana kinerja (SKP)",
    ],
    "1c": [
        "Anggaran mengacu pada kinerja yang ingin dicapai",
        "Aktivitas yang dilaksanakan mendukung pencapaian kinerja",
        "Target kinerja tercapai atau berada pada jalur yang benar (on the right track)",
        "Rencana aksi dipantau secara berkala",
        "Rencana diperbaiki berdasarkan analisis kinerja tahun sebelumnya",
        "Rencana diperbaiki untuk mendorong hasil yang lebih baik",
        "Setiap unit kerja memahami dan peduli pada kinerja yang direncanakan",
        "Setiap pegawai memahami dan peduli pada kinerja yang direncanakan",
    ],
    "2a": [
        "Pedoman teknis pengukuran dan pengumpulan data kinerja telah tersedia",
        "Definisi operasional dan cara menghitung setiap indikator kinerja jelas",
        "Mekanisme pengumpulan data kinerja andal",
    ],
    "2b": [
        "Pimpinan terlibat sebagai pengambil keputusan dalam pengukuran kinerja",
        "Data kinerja yang dikumpulkan relevan",
        "Data kinerja mendukung capaian kinerja yang dilaporkan",
        "Pengukuran kinerja dilakukan secara berkala",
        "Pemantauan kinerja dilakukan secara berjenjang",
        "Pengumpulan data kinerja memanfaatkan teknologi informasi",
        "Pengukuran capaian kinerja memanfaatkan teknologi informasi",
    ],
    "2c": [
        "Hasil pengukuran menjadi dasar pemberian tunjangan kinerja",
        "Hasil pengukuran menjadi dasar penempatan atau penghapusan jabatan",
        "Hasil pengukuran mendorong penataan ulang (refocusing) organisasi",
        "Hasil pengukuran dipakai untuk menyesuaikan strategi",
        "Hasil pengukuran dipakai untuk menyesuaikan kebijakan",
        "Hasil pengukuran dipakai untuk menyesuaikan aktivitas",
        "Hasil pengukuran dipakai untuk menyesuaikan anggaran",
        "Anggaran digunakan secara efisien",
        "Setiap unit kerja peduli pada hasil pengukuran kinerja",
        "Setiap pegawai peduli pada hasil pengukuran kinerja",
    ],
    "3a": [
        "Laporan kinerja telah disusun",
        "Laporan kinerja disusun secara berkala",
        "Laporan kinerja telah diformalkan",
        "Laporan kinerja telah direviu oleh APIP",
        "Laporan kinerja telah dipublikasikan",
        "Laporan kinerja disampaikan tepat waktu",
    ],
    "3b": [
        "Laporan kinerja disusun sesuai format standar",
        "Laporan mengungkap seluruh informasi capaian kinerja",
        "Laporan membandingkan realisasi dengan target tahunan",
        "Laporan membandingkan realisasi dengan target jangka menengah",
        "Laporan membandingkan realisasi dengan tahun-tahun sebelumnya",
        "Laporan membandingkan realisasi dengan standar nasional atau internasional (benchmark)",
        "Laporan menjelaskan penyebab keberhasilan atau kegagalan serta upaya yang dilakukan",
        "Laporan menyajikan efisiensi penggunaan sumber daya",
        "Laporan memuat rekomendasi perbaikan kinerja",
    ],
    "3c": [
        "Informasi laporan kinerja menjadi perhatian pimpinan",
        "Informasi laporan kinerja dipedulikan seluruh pegawai",
        "Informasi laporan kinerja dipakai untuk menyesuaikan aktivitas",
        "Informasi laporan kinerja dipakai untuk menyesuaikan anggaran",
        "Informasi laporan kinerja dipakai untuk menilai keberhasilan",
        "Informasi laporan kinerja dipakai untuk menyesuaikan perencanaan berikutnya",
        "Informasi laporan kinerja membangun budaya kinerja",
    ],
    "4a": [
        "Pedoman teknis evaluasi akuntabilitas kinerja internal telah tersedia",
        "Evaluasi internal mencakup seluruh unit kerja atau perangkat daerah",
        "Evaluasi internal dilakukan secara berjenjang",
    ],
    "4b": [
        "Evaluasi dilaksanakan sesuai standar",
        "Evaluator memiliki kapasitas yang memadai",
        "Evaluasi dilakukan dengan pendalaman yang memadai",
        "Evaluasi mencakup seluruh unit kerja",
        "Evaluasi memanfaatkan teknologi informasi",
    ],
    "4c": [
        "Seluruh rekomendasi hasil evaluasi telah ditindaklanjuti",
        "Implementasi SAKIP meningkat karena tindak lanjut rekomendasi",
        "Hasil evaluasi dipakai untuk memperbaiki akuntabilitas kinerja",
        "Hasil evaluasi dipakai untuk meningkatkan efektivitas dan efisiensi",
        "Kinerja benar-benar meningkat",
    ],
}

INSTRUMEN = [
    ("permenpanrb-88-2021", "LKE AKIP PermenPANRB 88/2021 (metode A)", "A"),
    ("lke-internal-88-2021", "LKE Evaluasi Internal Perangkat Daerah (metode B)", "B"),
]


def _skala_kriteria(metode: str, jenis: str) -> str:
    return "YT" if metode == "A" or jenis == "keberadaan" else "AE"


def _buat_instrumen(apps, skala, kode, nama, metode):
    Instrumen = apps.get_model("evaluasi", "Instrumen")
    Komponen = apps.get_model("evaluasi", "Komponen")
    SubKomponen = apps.get_model("evaluasi", "SubKomponen")
    Kriteria = apps.get_model("evaluasi", "Kriteria")
    instrumen = Instrumen.objects.create(
        kode=kode,
        nama=nama,
        metode=metode,
        tahun_berlaku=2022,
        versi=1,
        skala_predikat=skala,
        skala_jawaban=SKALA_JAWABAN,
        tabel_nilai_a=TABEL_NILAI_A,
    )
    for urutan_k, (kode_k, nama_k, nama_pendek, bobot_sub) in enumerate(KOMPONEN, start=1):
        komponen = Komponen.objects.create(
            instrumen=instrumen,
            kode=kode_k,
            nama=nama_k,
            bobot=sum(Decimal(b) for b in bobot_sub),
            urutan=urutan_k,
        )
        for urutan_s, ((huruf, jenis, label), bobot) in enumerate(zip(JENIS_SUB, bobot_sub), start=1):
            sub = SubKomponen.objects.create(
                komponen=komponen,
                kode=f"{kode_k}{huruf}",
                nama=f"{label} {nama_pendek}",
                jenis=jenis,
                bobot=Decimal(bobot),
                urutan=urutan_s,
            )
            skala_kr = _skala_kriteria(metode, jenis)
            Kriteria.objects.bulk_create(
                Kriteria(
                    subkomponen=sub,
                    nomor=nomor,
                    kode=f"{sub.kode}.{nomor}",
                    uraian=uraian,
                    skala=skala_kr,
                    petunjuk=PETUNJUK[skala_kr],
                )
                for nomor, uraian in enumerate(KRITERIA[sub.kode], start=1)
            )


def muat(apps, schema_editor):
    SkalaPredikat = apps.get_model("evaluasi", "SkalaPredikat")
    BandPredikat = apps.get_model("evaluasi", "BandPredikat")
    skala = SkalaPredikat.objects.create(versi=VERSI_SKALA, bawah_inklusif=False)
    BandPredikat.objects.bulk_create(
        BandPredikat(skala=skala, kode=k, nama=n, makna=m, batas_bawah=Decimal(b), batas_atas=Decimal(a))
        for k, n, m, b, a in BAND
    )
    for kode, nama, metode in INSTRUMEN:
        _buat_instrumen(apps, skala, kode, nama, metode)


def hapus(apps, schema_editor):
    apps.get_model("evaluasi", "Instrumen").objects.filter(kode__in=[i[0] for i in INSTRUMEN], versi=1).delete()
    apps.get_model("evaluasi", "SkalaPredikat").objects.filter(versi=VERSI_SKALA).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0001_initial")]

    operations = [migrations.RunPython(muat, hapus)]
