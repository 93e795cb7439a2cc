"""The city part of the demo performance tree (issue 13 point 11): the RPJMD 2021–2026 tujuan and sasaran of
Kota Tangerang Selatan with one indicator each, the thematic branch "kemiskinan", and the alignment of every
PD's sasaran strategis under a city sasaran. The wording is a shortened reading of the RPJMD, marked
(contoh); the existing city sasaran K.S1 (with the city IKU) is placed under the first tujuan."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .demo_pohon_cabang import Ind, Simpul, cabang_muat
from .models import Sasaran
from .services.pohon import PetaPohon, SimpulUji, info_tingkat, simpul_galat, simpul_periksa

_TJ = "tujuan"
_SR = "sasaran_rpjmd"
KOTA = (
    Simpul("K.TJ1", _TJ, None, "Meningkatnya kualitas sumber daya manusia yang unggul dan berdaya saing (contoh)",
           indikator=Ind("Indeks Pembangunan Gender (IPG)", "indeks", "naik", "akhir", "93.2", "0.2",
                         jenis="impact", sumber="BPS Kota Tangerang Selatan")),
    Simpul("K.TJ2", _TJ, None, "Meningkatnya kualitas lingkungan dan infrastruktur kota yang lestari (contoh)",
           indikator=Ind("Indeks kualitas lingkungan hidup kota", "indeks", "naik", "akhir", "55", "1",
                         jenis="impact", sumber="Dinas Lingkungan Hidup")),
    Simpul("K.TJ3", _TJ, None, "Meningkatnya tata kelola pemerintahan yang baik berbasis teknologi informasi "
           "(contoh)", indikator=Ind("Indeks reformasi birokrasi", "nilai", "naik", "akhir", "68", "2",
                                     jenis="impact", sumber="Kementerian PANRB")),
    Simpul("K.S2", _SR, "K.TJ1", "Meningkatnya derajat kesehatan masyarakat (contoh)",
           indikator=Ind("Usia harapan hidup", "tahun", "naik", "akhir", "72.4", "0.1", "kontribusi",
                         jenis="outcome", sumber="BPS Kota Tangerang Selatan")),
    Simpul("K.S3", _SR, "K.TJ1", "Meningkatnya kualitas pendidikan masyarakat (contoh)",
           indikator=Ind("Rata-rata lama sekolah", "tahun", "naik", "akhir", "11.8", "0.05", "kontribusi",
                         jenis="outcome", sumber="BPS Kota Tangerang Selatan")),
    Simpul("K.S4", _SR, "K.TJ2", "Meningkatnya kualitas lingkungan hidup (contoh)",
           indikator=Ind("Persentase sampah kota yang terkelola", "%", "naik", "akhir", "70", "3", "kontribusi",
                         jenis="outcome", sumber="Dinas Lingkungan Hidup")),
    Simpul("K.S5", _SR, "K.TJ2", "Meningkatnya kualitas infrastruktur, ketertiban dan keselamatan kota (contoh)",
           indikator=Ind("Persentase jalan kota dalam kondisi mantap", "%", "naik", "akhir", "88", "1.5",
                         "kontribusi", jenis="outcome", sumber="Dinas Pekerjaan Umum")),
    Simpul("K.S6", _SR, "K.TJ3", "Meningkatnya akuntabilitas kinerja dan kualitas pelayanan publik (contoh)",
           indikator=Ind("Nilai SAKIP Kota", "nilai", "naik", "akhir", "76", "1", "kontribusi",
                         jenis="outcome", sumber="Laporan Hasil Evaluasi SAKIP")),
    Simpul("K.T1", "tematik", "K.S1", "Menurunnya prevalensi stunting (contoh)", tema="Stunting",
           indikator=Ind("Prevalensi balita stunting kota", "%", "turun", "akhir", "12", "-1.2", jenis="outcome",
                         sumber="e-PPGBM (Elektronik Pencatatan dan Pelaporan Gizi Berbasis Masyarakat)")),
    Simpul("K.TM1", "tematik", "K.S1", "Menurunnya angka kemiskinan (contoh)", tema="Kemiskinan",
           indikator=Ind("Jumlah keluarga miskin yang mendapat intervensi terpadu (contoh)", "KK", "naik",
                         "kumulatif", "2400", "150", jenis="outcome", sumber="DTKS (Dinas Sosial)")),
)  # fmt: skip

# The city sasaran each PD's first sasaran strategis (.S1) serves, by the start of the PD code; the second
# (.S2, accountability) serves K.S6. Dinsos and Disnaker serve the thematic branch kemiskinan.
SELARAS = (
    ("1.01", "K.S3"), ("2.19", "K.S3"), ("2.23", "K.S3"),
    ("1.02", "K.S2"),
    ("2.11", "K.S4"),
    ("1.03", "K.S5"), ("1.04", "K.S5"), ("1.05", "K.S5"), ("2.15", "K.S5"), ("8.", "K.S5"),
    ("1.06", "K.TM1"), ("2.07", "K.TM1"),
    ("2.08", "K.S1"), ("2.17", "K.S1"), ("2.18", "K.S1"), ("3.", "K.S1"),
    ("2.12", "K.S6"), ("2.16", "K.S6"), ("4.", "K.S6"), ("5.", "K.S6"), ("6.", "K.S6"), ("7.", "K.S6"),
)  # fmt: skip
# The gap left on purpose: Kecamatan Setu's first sasaran strategis is not aligned to any city sasaran.
TIDAK_SELARAS = "7.01.07.S1"


def _induk_kota(kode_pd: str) -> str:
    return next((kota for awal, kota in SELARAS if kode_pd.startswith(awal)), "K.S1")


def kota_muat(pembangun, *, tingkat, periode, per_kode, oleh) -> None:
    """The city's tujuan and sasaran (K.S1, made by kinerja.demo, goes under K.TJ1) and the thematic branch,
    each checked by `simpul_periksa`; the city indicators get targets and manuals (by Bagian Organisasi)."""
    ks1 = per_kode["K.S1"]
    cabang_muat(pembangun, None, KOTA[:3], tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=oleh,
                realisasi=False)  # fmt: skip
    ks1.induk = per_kode["K.TJ1"]
    simpul_periksa(sasaran=ks1)
    ks1.save(update_fields=["induk"])
    cabang_muat(pembangun, None, KOTA[3:], tingkat=tingkat, periode=periode, per_kode=per_kode, oleh=oleh,
                realisasi=False)  # fmt: skip


def _peta(pemda, tingkat) -> PetaPohon:
    """The maps of THE node rule for the whole pemda, built once (as the Excel import does for a batch)."""
    baris = list(Sasaran.objects.filter(pemda=pemda).values_list("pk", "induk_id", "tingkat_id"))
    return PetaPohon(
        tingkat=info_tingkat(tingkat.values()),
        induk_dari={pk: induk for pk, induk, _t in baris},
        pemda_dari=dict.fromkeys((pk for pk, _i, _t in baris), pemda.pk),
        tingkat_dari={pk: t for pk, _i, t in baris},
        nomenklatur={},
    )


def selaraskan(pemda, per_kode: dict[str, Sasaran], tingkat) -> None:
    """Hang every PD's sasaran strategis under its city sasaran (one left out: TIDAK_SELARAS), each checked
    by THE node rule (`simpul_galat`, the batch form of `simpul_periksa`), saved in one bulk update."""
    peta = _peta(pemda, tingkat)
    berubah = []
    strategis = Sasaran.objects.filter(pemda=pemda, perangkat_daerah__isnull=False, tingkat__kode="sasaran_strategis")
    for s in strategis.select_related("perangkat_daerah"):
        if s.kode == TIDAK_SELARAS:
            s.induk = None
        elif s.kode.endswith(".S2"):
            s.induk = per_kode["K.S6"]
        else:
            s.induk = per_kode[_induk_kota(s.perangkat_daerah.kode)]
        peta.induk_dari[s.pk] = s.induk_id
        uji = SimpulUji(kunci=s.pk, pemda_id=pemda.pk, ada_pd=True, tingkat_id=s.tingkat_id, induk=s.induk_id)
        if galat := simpul_galat(uji, peta):
            raise ValidationError(galat)
        berubah.append(s)
    Sasaran.objects.bulk_update(berubah, ["induk"])
