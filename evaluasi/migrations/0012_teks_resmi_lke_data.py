"""Data (issue 15 point 3): the official LKE wording of PermenPANRB 88/2021 as a NEW version of each national
88/2021 instrument, the old versions (our short wording, DOMAIN.md §2.1) kept as they are for the evaluations
that used them.

What this migration does, for `permenpanrb-88-2021` (method A) and `lke-internal-88-2021` (method B):
- copies the newest national version (components, sub-components, criteria with their scale and guidance, the
  facts beside each criterion: FaktaKriteria) to the next version, national, active: by the selector rules
  (selectors/pilihan.instrumen_pemda) it becomes the default of every pemda that chose none, while a pemda's
  own choice or own instrument still wins;
- gives the copy's sub-components and criteria the official statements (SUB_RESMI, KRITERIA_RESMI), the
  sub-components their meaning of AA and A (PANDUAN_NILAI) and the instrument its notes (CATATAN);
- maps every criterion of the old version to its copy (PemetaanKriteria), so last year's answers carry over.
Rows of the old version are only read, never written.

Sources of the statements (the Lampiran of PermenPANRB 88/2021, Lembar Kerja Evaluasi SAKIP, as transcribed):
- sub-component and criterion statements, all 12 sets 1a–4c: the LKE exported from Excel in the public
  repository workspacericky-dot/t-SEMAR, src/lib/data/criteria.ts (commit 190c2b3), 80 criteria with the
  weights 6/9/15, 6/9/15, 3/4,5/7,5, 5/7,5/12,5; its 1a.7 "unit satuan kerja" read "unit/satuan kerja" as in
  the other transcriptions;
- the 1a/1b split: see CATATAN.
The meaning of AA and A per kind of sub-component follows the grading table of DOMAIN.md §2.2 (Keberadaan:
kept at least 5 years / 1 year); for Kualitas and Pemanfaatan no official per-kind wording was found in the
sources above, so their text applies that table's general rule (AA: all met and a national model; A: all met
with commendable extra effort) and says so.
The values are copied here (not imported) so the migration stays what it was when it ran.
"""

from django.db import migrations, models

SUMBER = "PermenPANRB 88/2021, Lampiran: Lembar Kerja Evaluasi SAKIP"
KODE = ("permenpanrb-88-2021", "lke-internal-88-2021")
ACUAN_TEKS = "teks resmi LKE"

CATATAN = (
    "Teks subkomponen dan kriteria: pernyataan resmi LKE " + SUMBER + ", disalin dari transkripsi LKE "
    "(repositori publik workspacericky-dot/t-SEMAR, src/lib/data/criteria.ts).\n"
    'Pembagian 1a/1b: sumber berbeda. Transkripsi di atas menempatkan "Setiap unit/satuan kerja merumuskan dan '
    'menetapkan Perencanaan Kinerja" sebagai kriteria 1a.7 (7 kriteria keberadaan, 10 kriteria kualitas); '
    "beberapa aplikasi e-SAKIP publik lain menempatkannya sebagai 1b.10 (6/11). Dipilih 7/10: sesuai sumber di "
    "atas dan versi sebelumnya instrumen ini, sehingga setiap kriteria lama memetakan ke kriteria yang sama.\n"
    "Panduan nilai AA dan A per jenis subkomponen: tabel nilai metode A (DOMAIN.md §2.2); untuk Kualitas dan "
    "Pemanfaatan rumusan per jenis tidak ditemukan dalam sumber, sehingga dipakai aturan umum tabel itu."
)

SUB_RESMI = {
    "1a": "Dokumen Perencanaan kinerja telah tersedia",
    "1b": "Dokumen Perencanaan kinerja telah memenuhi standar yang baik, yaitu untuk mencapai hasil dengan ukuran "
    "kinerja yang SMART, menggunakan penyelarasan (cascading) di setiap level secara logis, serta memperhatikan "
    "kinerja bidang lain (crosscutting)",
    "1c": "Perencanaan Kinerja telah dimanfaatkan untuk mewujudkan hasil yang berkesinambungan",
    "2a": "Pengukuran Kinerja telah dilakukan",
    "2b": "Pengukuran Kinerja telah menjadi kebutuhan dalam mewujudkan Kinerja secara Efektif dan Efisien dan telah "
    "dilakukan secara berjenjang dan berkelanjutan",
    "2c": "Pengukuran Kinerja telah dijadikan dasar dalam pemberian Reward dan Punishment, serta penyesuaian "
    "strategi dalam mencapai kinerja yang efektif dan efisien",
    "3a": "Terdapat Dokumen Laporan yang menggambarkan Kinerja",
    "3b": "Dokumen Laporan Kinerja telah memenuhi Standar yang menggambarkan Kualitas atas Pencapaian Kinerja, "
    "informasi keberhasilan/kegagalan kinerja serta upaya perbaikan/penyempurnaannya",
    "3c": "Pelaporan Kinerja telah memberikan dampak yang besar dalam penyesuaian strategi/kebijakan dalam mencapai "
    "kinerja berikutnya",
    "4a": "Evaluasi Akuntabilitas Kinerja Internal telah dilaksanakan",
    "4b": "Evaluasi Akuntabilitas Kinerja Internal telah dilaksanakan secara berkualitas dengan Sumber Daya yang "
    "memadai",
    "4c": "Implementasi SAKIP telah meningkat karena evaluasi Akuntabilitas Kinerja Internal sehingga memberikan "
    "kesan yang nyata (dampak) dalam efektifitas dan efisiensi Kinerja",
}

KRITERIA_RESMI = {
    "1a": [
        "Terdapat pedoman teknis perencanaan kinerja.",
        "Terdapat dokumen perencanaan kinerja jangka panjang.",
        "Terdapat dokumen perencanaan kinerja jangka menengah.",
        "Terdapat dokumen perencanaan kinerja jangka pendek.",
        "Terdapat dokumen perencanaan aktivitas yang mendukung kinerja.",
        "Terdapat dokumen perencanaan anggaran yang mendukung kinerja.",
        "Setiap unit/satuan kerja merumuskan dan menetapkan Perencanaan Kinerja.",
    ],
    "1b": [
        "Dokumen Perencanaan Kinerja telah diformalkan.",
        "Dokumen Perencanaan Kinerja telah dipublikasikan tepat waktu.",
        "Dokumen Perencanaan Kinerja telah menggambarkan Kebutuhan atas Kinerja sebenarnya yang perlu dicapai.",
        "Kualitas Rumusan Hasil (Tujuan/Sasaran) telah jelas menggambarkan kondisi kinerja yang akan dicapai.",
        "Ukuran Keberhasilan (Indikator Kinerja) telah memenuhi kriteria SMART.",
        "Indikator Kinerja Utama (IKU) telah menggambarkan kondisi Kinerja Utama yang harus dicapai, tertuang "
        "secara berkelanjutan (sustainable - tidak sering diganti dalam 1 periode Perencanaan Strategis).",
        "Target yang ditetapkan dalam Perencanaan Kinerja dapat dicapai (achievable), menantang, dan realistis.",
        "Setiap Dokumen Perencanaan Kinerja menggambarkan hubungan yang berkesinambungan, serta selaras antara "
        "Kondisi/Hasil yang akan dicapai di setiap level jabatan (Cascading).",
        "Perencanaan kinerja dapat memberikan informasi tentang hubungan kinerja, strategi, kebijakan, bahkan "
        "aktivitas antar bidang/dengan tugas dan fungsi lain yang berkaitan (Crosscutting).",
        "Setiap pegawai merumuskan dan menetapkan Perencanaan Kinerja.",
    ],
    "1c": [
        "Anggaran yang ditetapkan telah mengacu pada Kinerja yang ingin dicapai.",
        "Aktivitas yang dilaksanakan telah mendukung Kinerja yang ingin dicapai.",
        "Target yang ditetapkan dalam Perencanaan Kinerja telah dicapai dengan baik, atau setidaknya masih on the "
        "right track.",
        "Rencana aksi kinerja dapat berjalan dinamis karena capaian kinerja selalu dipantau secara berkala.",
        "Terdapat perbaikan/penyempurnaan Dokumen Perencanaan Kinerja yang ditetapkan dari hasil analisis "
        "perbaikan kinerja sebelumnya.",
        "Terdapat perbaikan/penyempurnaan Dokumen Perencanaan Kinerja dalam mewujudkan kondisi/hasil yang lebih baik.",
        "Setiap unit/satuan kerja memahami dan peduli, serta berkomitmen dalam mencapai kinerja yang telah "
        "direncanakan.",
        "Setiap Pegawai memahami dan peduli, serta berkomitmen dalam mencapai kinerja yang telah direncanakan.",
    ],
    "2a": [
        "Terdapat pedoman teknis pengukuran kinerja dan pengumpulan data kinerja.",
        "Terdapat Definisi Operasional yang jelas atas kinerja dan cara mengukur indikator kinerja.",
        "Terdapat mekanisme yang jelas terhadap pengumpulan data kinerja yang dapat diandalkan.",
    ],
    "2b": [
        "Pimpinan selalu terlibat sebagai pengambil keputusan (Decision Maker) dalam mengukur capaian kinerja.",
        "Data kinerja yang dikumpulkan telah relevan untuk mengukur capaian kinerja yang diharapkan.",
        "Data kinerja yang dikumpulkan telah mendukung capaian kinerja yang diharapkan.",
        "Pengukuran kinerja telah dilakukan secara berkala.",
        "Setiap level organisasi melakukan pemantauan atas pengukuran capaian kinerja unit dibawahnya secara "
        "berjenjang.",
        "Pengumpulan data kinerja telah memanfaatkan Teknologi Informasi (Aplikasi).",
        "Pengukuran capaian kinerja telah memanfaatkan Teknologi Informasi (Aplikasi).",
    ],
    "2c": [
        "Pengukuran Kinerja telah menjadi dasar dalam penyesuaian (pemberian/pengurangan) tunjangan "
        "Kinerja/penghasilan.",
        "Pengukuran Kinerja telah menjadi dasar dalam penempatan/penghapusan Jabatan baik struktural maupun "
        "fungsional.",
        "Pengukuran kinerja telah mempengaruhi penyesuaian (Refocusing) Organisasi.",
        "Pengukuran kinerja telah mempengaruhi penyesuaian Strategi dalam mencapai kinerja.",
        "Pengukuran kinerja telah mempengaruhi penyesuaian Kebijakan dalam mencapai kinerja.",
        "Pengukuran kinerja telah mempengaruhi penyesuaian Aktivitas dalam mencapai kinerja.",
        "Pengukuran kinerja telah mempengaruhi penyesuaian Anggaran dalam mencapai kinerja.",
        "Terdapat efisiensi atas penggunaan anggaran dalam mencapai kinerja.",
        "Setiap unit/satuan kerja memahami dan peduli atas hasil pengukuran kinerja.",
        "Setiap pegawai memahami dan peduli atas hasil pengukuran kinerja.",
    ],
    "3a": [
        "Dokumen Laporan Kinerja telah disusun.",
        "Dokumen Laporan Kinerja telah disusun secara berkala.",
        "Dokumen Laporan Kinerja telah diformalkan.",
        "Dokumen Laporan Kinerja telah direviu.",
        "Dokumen Laporan Kinerja telah dipublikasikan.",
        "Dokumen Laporan Kinerja telah disampaikan tepat waktu.",
    ],
    "3b": [
        "Dokumen Laporan Kinerja disusun secara berkualitas sesuai dengan standar.",
        "Dokumen Laporan Kinerja telah mengungkap seluruh informasi tentang pencapaian kinerja.",
        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan target tahunan.",
        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan target jangka menengah.",
        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan realisasi kinerja "
        "tahun-tahun sebelumnya.",
        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja di level nasional/internasional "
        "(Benchmark Kinerja).",
        "Dokumen Laporan Kinerja telah menginfokan kualitas atas capaian kinerja beserta upaya nyata dan/atau "
        "hambatannya.",
        "Dokumen Laporan Kinerja telah menginfokan efisiensi atas penggunaan sumber daya dalam mencapai kinerja.",
        "Dokumen Laporan Kinerja telah menginfokan upaya perbaikan dan penyempurnaan kinerja ke depan "
        "(Rekomendasi perbaikan kinerja).",
    ],
    "3c": [
        "Informasi dalam laporan kinerja selalu menjadi perhatian utama pimpinan (Bertanggung Jawab).",
        "Penyajian informasi dalam laporan kinerja menjadi kepedulian seluruh pegawai.",
        "Informasi dalam laporan kinerja berkala telah digunakan dalam penyesuaian aktivitas untuk mencapai kinerja.",
        "Informasi dalam laporan kinerja berkala telah digunakan dalam penyesuaian penggunaan anggaran untuk "
        "mencapai kinerja.",
        "Informasi dalam laporan kinerja telah digunakan dalam evaluasi pencapaian keberhasilan kinerja.",
        "Informasi dalam laporan kinerja telah digunakan dalam penyesuaian perencanaan kinerja yang akan dihadapi "
        "berikutnya.",
        "Informasi dalam laporan kinerja selalu mempengaruhi perubahan budaya kinerja organisasi.",
    ],
    "4a": [
        "Terdapat pedoman teknis Evaluasi AKIP Internal.",
        "Evaluasi AKIP Internal telah dilaksanakan pada seluruh unit kerja/perangkat daerah.",
        "Evaluasi AKIP Internal telah dilaksanakan secara berjenjang.",
    ],
    "4b": [
        "Evaluasi AKIP Internal telah dilaksanakan sesuai standar.",
        "Evaluasi AKIP Internal telah dilaksanakan oleh SDM yang memadai.",
        "Evaluasi AKIP Internal telah dilaksanakan dengan pendalaman yang memadai.",
        "Evaluasi AKIP Internal telah dilaksanakan pada seluruh unit kerja/perangkat daerah.",
        "Evaluasi AKIP Internal telah dilaksanakan menggunakan Teknologi Informasi (Aplikasi).",
    ],
    "4c": [
        "Seluruh rekomendasi atas hasil evaluasi AKIP internal telah ditindaklanjuti.",
        "Telah terjadi peningkatan implementasi SAKIP dengan melaksanakan tindak lanjut atas rekomendasi hasil "
        "evaluasi AKIP internal.",
        "Hasil Evaluasi AKIP Internal telah dimanfaatkan untuk perbaikan dan peningkatan akuntabilitas kinerja.",
        "Hasil dari Evaluasi AKIP Internal telah dimanfaatkan dalam mendukung efektifitas dan efisiensi kinerja.",
        "Telah terjadi perbaikan dan peningkatan kinerja dengan memanfaatkan hasil evaluasi AKIP internal.",
    ],
}

PANDUAN_NILAI = {
    "keberadaan": "AA: seluruh kriteria terpenuhi, telah dipertahankan sekurang-kurangnya 5 tahun, dan layak "
    "menjadi contoh nasional.\nA: seluruh kriteria terpenuhi dan telah dipertahankan sekurang-kurangnya 1 tahun.",
    "kualitas": "AA: seluruh kriteria terpenuhi dengan mutu yang inovatif dan layak menjadi contoh nasional.\n"
    "A: seluruh kriteria terpenuhi dengan upaya tambahan atas mutu yang patut dihargai (aturan umum tabel nilai).",
    "pemanfaatan": "AA: seluruh kriteria terpenuhi dan pemanfaatannya inovatif sehingga layak menjadi contoh "
    "nasional.\nA: seluruh kriteria terpenuhi dengan upaya tambahan pemanfaatan yang patut dihargai (aturan umum "
    "tabel nilai).",
}


def _nama_baru(nama: str) -> str:
    return f"{nama} ({ACUAN_TEKS})"[:200]


def _salin_resmi(apps, sumber):
    """The next national version of `sumber` with the official wording; every old criterion mapped to its copy."""
    Instrumen = apps.get_model("evaluasi", "Instrumen")
    Komponen = apps.get_model("evaluasi", "Komponen")
    SubKomponen = apps.get_model("evaluasi", "SubKomponen")
    Kriteria = apps.get_model("evaluasi", "Kriteria")
    FaktaKriteria = apps.get_model("evaluasi", "FaktaKriteria")
    PemetaanKriteria = apps.get_model("evaluasi", "PemetaanKriteria")
    versi = Instrumen.objects.filter(kode=sumber.kode).aggregate(m=models.Max("versi"))["m"] + 1
    baru = Instrumen.objects.create(
        kode=sumber.kode,
        nama=_nama_baru(sumber.nama),
        metode=sumber.metode,
        tahun_berlaku=sumber.tahun_berlaku,
        versi=versi,
        skala_predikat_id=sumber.skala_predikat_id,
        skala_jawaban=sumber.skala_jawaban,
        tabel_nilai_a=sumber.tabel_nilai_a,
        induk=sumber,
        pemda=None,
        aktif=True,
        catatan=CATATAN,
    )
    peta = []
    for k in Komponen.objects.filter(instrumen=sumber).order_by("urutan", "kode"):
        komponen = Komponen.objects.create(instrumen=baru, kode=k.kode, nama=k.nama, bobot=k.bobot, urutan=k.urutan)
        for s in SubKomponen.objects.filter(komponen=k).order_by("urutan", "kode"):
            sub = SubKomponen.objects.create(
                komponen=komponen,
                kode=s.kode,
                nama=SUB_RESMI.get(s.kode, s.nama),
                jenis=s.jenis,
                bobot=s.bobot,
                urutan=s.urutan,
                panduan_nilai=PANDUAN_NILAI.get(s.jenis, s.panduan_nilai),
            )
            resmi = KRITERIA_RESMI.get(s.kode, [])
            for kr in Kriteria.objects.filter(subkomponen=s).order_by("nomor"):
                uraian = resmi[kr.nomor - 1] if len(resmi) >= kr.nomor >= 1 else kr.uraian
                salinan = Kriteria.objects.create(
                    subkomponen=sub, nomor=kr.nomor, kode=kr.kode, uraian=uraian, skala=kr.skala, petunjuk=kr.petunjuk
                )
                for f in FaktaKriteria.objects.filter(kriteria=kr):
                    FaktaKriteria.objects.create(kriteria=salinan, kunci=f.kunci, urutan=f.urutan)
                peta.append(
                    PemetaanKriteria(
                        instrumen_lama=sumber, instrumen_baru=baru, kriteria_lama=kr, kriteria_baru=salinan
                    )
                )
    PemetaanKriteria.objects.bulk_create(peta)
    return baru


def muat(apps, schema_editor):
    Instrumen = apps.get_model("evaluasi", "Instrumen")
    for kode in KODE:
        sumber = Instrumen.objects.filter(kode=kode, pemda__isnull=True).order_by("-versi").first()
        if sumber is None or sumber.nama.endswith(f"({ACUAN_TEKS})"):
            continue  # none to copy (a database without the national instruments), or already done
        _salin_resmi(apps, sumber)


def hapus(apps, schema_editor):
    """Remove the versions made here, refused once an evaluation uses one. Row by row in dependency order (plain
    deletes: the deletion collector mixes historical model classes when migrating backwards)."""
    g = apps.get_model
    db = schema_editor.connection.alias
    ids = list(
        g("evaluasi", "Instrumen")
        .objects.filter(kode__in=KODE, pemda__isnull=True, nama__endswith=f"({ACUAN_TEKS})")
        .values_list("pk", flat=True)
    )
    if not ids:
        return
    if g("evaluasi", "Evaluasi").objects.filter(instrumen_id__in=ids).exists():
        raise RuntimeError("Versi teks resmi LKE sudah dipakai evaluasi: migrasi ini tidak dapat dibatalkan.")
    kriteria = list(
        g("evaluasi", "Kriteria")
        .objects.filter(subkomponen__komponen__instrumen_id__in=ids)
        .values_list("pk", flat=True)
    )
    subs = list(
        g("evaluasi", "SubKomponen").objects.filter(komponen__instrumen_id__in=ids).values_list("pk", flat=True)
    )
    g("evaluasi", "PengaturanEvaluasi").objects.filter(instrumen_kota_id__in=ids).update(instrumen_kota=None)
    g("evaluasi", "PengaturanEvaluasi").objects.filter(instrumen_pd_id__in=ids).update(instrumen_pd=None)
    g("evaluasi", "Instrumen").objects.filter(induk_id__in=ids).update(induk=None)
    Pemetaan = g("evaluasi", "PemetaanKriteria").objects
    Pemetaan.filter(instrumen_baru_id__in=ids)._raw_delete(db)
    Pemetaan.filter(instrumen_lama_id__in=ids)._raw_delete(db)
    Pemetaan.filter(kriteria_baru_id__in=kriteria).update(kriteria_baru=None)
    g("evaluasi", "Rekomendasi").kriteria.through.objects.filter(kriteria_id__in=kriteria)._raw_delete(db)
    g("evaluasi", "FaktaKriteria").objects.filter(kriteria_id__in=kriteria)._raw_delete(db)
    g("evaluasi", "Kriteria").objects.filter(pk__in=kriteria)._raw_delete(db)
    g("evaluasi", "SubKomponen").objects.filter(pk__in=subs)._raw_delete(db)
    g("evaluasi", "Komponen").objects.filter(instrumen_id__in=ids)._raw_delete(db)
    g("evaluasi", "Instrumen").objects.filter(pk__in=ids)._raw_delete(db)


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0011_teks_resmi_lke")]

    operations = [migrations.RunPython(muat, hapus)]
