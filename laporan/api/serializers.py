"""Serializers of the laporan API."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from perangkat_daerah.validasi import bulat_atau_galat
from sakip.api import TAHUN_MAKS, TAHUN_MIN
from sakip.lib.bilangan import ID_MAKS

from .. import jenis as jenis_laporan
from ..jenis import PESAN_TRIWULAN, PESAN_WAJIB, Lingkup
from ..models import Laporan, Narasi


class LaporanSerializer(serializers.ModelSerializer):
    """A report job as the API shows it; `unduh` is the download URL once it is done."""

    jenis_label = serializers.CharField(source="get_jenis_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    perangkat_daerah_nama = serializers.CharField(
        source="perangkat_daerah.nama", read_only=True, default=None, allow_null=True,
        help_text="Kosong (null) untuk laporan tingkat pemerintah daerah.",
    )  # fmt: skip
    unduh = serializers.SerializerMethodField()

    class Meta:
        model = Laporan
        fields = [
            "id", "jenis", "jenis_label", "tahun", "triwulan", "perangkat_daerah", "perangkat_daerah_nama",
            "evaluasi_id",
            "status", "status_label", "progres", "tahap", "nama_berkas", "jumlah_halaman", "galat",
            "diminta_pada", "mulai_pada", "selesai_pada", "unduh",
        ]  # fmt: skip
        read_only_fields = fields

    def get_unduh(self, obj: Laporan) -> str | None:
        if obj.status != Laporan.Status.SELESAI:
            return None
        request = self.context.get("request")
        path = f"/api/v1/laporan/{obj.pk}/unduh/"
        return request.build_absolute_uri(path) if request else path


@extend_schema_field(OpenApiTypes.INT)
class BilanganBulatSerializerField(serializers.Field):
    """A whole number through the one parser: ids by default (1 … 2⁶³−1); text, "²", overflow, negatives and
    booleans are a 400 with an Indonesian message (a negative evaluasi was a 500 from a CHECK constraint)."""

    def __init__(self, *, minimum: int = 1, maksimum: int = ID_MAKS, **kwargs):
        self.minimum, self.maksimum = minimum, maksimum
        super().__init__(**kwargs)

    def to_internal_value(self, data) -> int:
        try:
            return bulat_atau_galat(data, self.field_name, minimum=self.minimum, maksimum=self.maksimum)
        except ValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def to_representation(self, value) -> int:
        return value


def _kode(lingkup: Lingkup) -> str:
    return ", ".join(j.kode for j in jenis_laporan.dengan_lingkup(lingkup))


class LaporanMintaSerializer(serializers.Serializer):
    """A request for a report: LKjIP of a PD or the city, a PK document, or an evaluation's LKE workbook.
    Which field a kind needs comes from its registry entry (laporan/jenis.py), in the checks and the schema."""

    jenis = serializers.ChoiceField(choices=Laporan.Jenis.choices)
    tahun = BilanganBulatSerializerField(
        minimum=TAHUN_MIN, maksimum=TAHUN_MAKS, required=False,
        help_text=f"Tahun laporan (bawaan: tahun kerja). Untuk {_kode(Lingkup.EVALUASI)}: tahun evaluasinya.",
    )  # fmt: skip
    perangkat_daerah = BilanganBulatSerializerField(
        required=False, allow_null=True,
        help_text=f"Wajib untuk jenis {_kode(Lingkup.PD)}; diabaikan untuk jenis lain.",
    )  # fmt: skip
    evaluasi = BilanganBulatSerializerField(
        required=False, allow_null=True,
        help_text=f"Wajib untuk jenis {_kode(Lingkup.EVALUASI)}; diabaikan untuk jenis lain.",
    )  # fmt: skip
    triwulan = BilanganBulatSerializerField(
        minimum=1, maksimum=4, required=False, allow_null=True,
        help_text="Triwulan (1–4), wajib untuk jenis "
        + ", ".join(j.kode for j in jenis_laporan.semua() if j.per_triwulan) + "; diabaikan untuk jenis lain.",
    )  # fmt: skip

    tanggal = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=10,
        help_text="Tanggal yang tercetak pada dokumen (TTTT-BB-HH), untuk LKjIP dan PK; kosong: bawaan dalam jendela "
        "peraturan (LKjIP: 1 Januari–31 Maret tahun berikutnya; PK: tanggal penetapan, atau Januari).",
    )  # fmt: skip

    konfirmasi = serializers.BooleanField(
        required=False, default=False,
        help_text="LKjIP: true untuk tetap membuat laporan walau data tahunnya belum lengkap (target atau realisasi "
        "terverifikasi belum ada, anggaran belum diisi). Tanpa itu permintaan seperti itu dijawab 409 dengan "
        "daftar data yang belum lengkap (data_belum_lengkap).",
    )  # fmt: skip

    def validate(self, attrs: dict) -> dict:
        jenis = jenis_laporan.ambil(attrs["jenis"])
        kolom = jenis.kolom_wajib
        if kolom is not None and attrs.get(kolom) is None:
            raise serializers.ValidationError({kolom: [str(PESAN_WAJIB[jenis.lingkup])]})
        if jenis.per_triwulan and attrs.get("triwulan") is None:
            raise serializers.ValidationError({"triwulan": [str(PESAN_TRIWULAN)]})
        return attrs


class NarasiSerializer(serializers.ModelSerializer):
    """One chapter's narrative of an LKjIP (a PD's, or the city's when perangkat_daerah is null)."""

    bab_label = serializers.CharField(source="get_bab_display", read_only=True)

    class Meta:
        model = Narasi
        fields = ["id", "perangkat_daerah", "tahun", "bab", "bab_label", "teks", "versi", "diubah_pada"]
        read_only_fields = fields
