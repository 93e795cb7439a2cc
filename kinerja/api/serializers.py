"""Serializers of the kinerja API. Numbers go out as exact decimal text ("87.2500"); realisasi values
come in as a number or Indonesian text ("87,25"), parsed by the service like every other input."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sakip.api import TAHUN_MAKS, TAHUN_MIN
from sakip.lib.bilangan import ID_MAKS

from ..models import TRIWULAN_PILIHAN, Anggaran, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi, Sasaran, Target
from .proyeksi import ProyeksiSerializer

TAHUN = {"min_value": TAHUN_MIN, "max_value": TAHUN_MAKS}
VERSI = {"min_value": 1, "max_value": 2**31 - 1}


class SasaranSerializer(serializers.ModelSerializer):
    """A sasaran of the city (perangkat_daerah null) or of a PD."""

    class Meta:
        model = Sasaran
        fields = ["id", "kode", "uraian", "perangkat_daerah", "induk"]
        read_only_fields = fields


class IndikatorSerializer(serializers.ModelSerializer):
    """An indicator with its unit, direction and aggregation, and its national or provincial benchmark (the
    LKjIP's fourth analysis; written on the indicator form, `kinerja/services/pembanding.py`, not here), and its
    year-end projection (`api/proyeksi.py`, read for the whole page by the view into the context)."""

    proyeksi = serializers.SerializerMethodField(
        help_text=_(
            "Proyeksi akhir tahun untuk `tahun` (bawaan: tahun kerja) dari realisasi diajukan dan terverifikasi "
            "sampai triwulan terakhir yang berisi data; null bila belum ada data."
        )
    )

    class Meta:
        model = Indikator
        fields = [
            "id", "kode", "uraian", "satuan", "iku", "arah", "agregasi", "definisi", "sumber_data",
            "sasaran", "perangkat_daerah", "boleh_negatif", "nilai_minimum", "nilai_maksimum", "bilangan_bulat",
            "pembanding_nilai", "pembanding_tingkat", "pembanding_sumber", "pembanding_tahun", "proyeksi",
        ]  # fmt: skip
        read_only_fields = fields
        extra_kwargs = {
            "pembanding_nilai": {"help_text": _(
                "Nilai pembanding nasional atau provinsi untuk indikator yang sama, dalam satuan indikator; "
                "null bila belum tercatat (LKjIP menulis “tidak tersedia pembanding”)."
            )},
            "pembanding_tingkat": {"help_text": _("Tingkat: nasional atau provinsi; kosong bila tidak ada.")},
            "pembanding_sumber": {"help_text": _("Sumber data pembanding, mis. Renstra Kemenkes; boleh kosong.")},
            "pembanding_tahun": {"help_text": _("Tahun data pembanding; null bila tidak ada pembanding.")},
            "bilangan_bulat": {"help_text": _(
                "Nilai dicacah utuh (true: tanpa desimal) atau tidak (false); null: ditentukan dari satuan."
            )},
        }  # fmt: skip

    @extend_schema_field(ProyeksiSerializer(allow_null=True))
    def get_proyeksi(self, obj: Indikator) -> dict | None:
        return self.context["proyeksi"].get(obj.pk)


class TargetSerializer(serializers.ModelSerializer):
    """A target for one year: nilai, or lo–hi; optional per-quarter targets."""

    class Meta:
        model = Target
        fields = ["id", "indikator", "tahun", "nilai", "lo", "hi", "t1", "t2", "t3", "t4", "versi"]
        read_only_fields = fields


class RealisasiSerializer(serializers.ModelSerializer):
    """A quarter's realisasi as the API shows it."""

    perangkat_daerah = serializers.IntegerField(source="indikator.perangkat_daerah_id", read_only=True, allow_null=True)
    bukti_ada = serializers.SerializerMethodField()

    class Meta:
        model = Realisasi
        fields = [
            "id", "indikator", "perangkat_daerah", "tahun", "triwulan", "nilai", "belum_tersedia",
            "alasan_belum_tersedia", "penjelasan", "bukti_ada", "status", "catatan_verifikasi", "terlambat",
            "versi", "diubah_pada", "diajukan_pada", "diverifikasi_pada",
        ]  # fmt: skip
        read_only_fields = fields

    def get_bukti_ada(self, obj) -> bool:
        return bool(obj.bukti)


class _IsianRealisasi(serializers.Serializer):
    nilai = serializers.CharField(
        required=False, allow_null=True, allow_blank=True, max_length=40,
        help_text=_("Angka, boleh ditulis cara Indonesia: 87,25 atau 1.234,5. Kosong = belum diisi."),
    )  # fmt: skip
    belum_tersedia = serializers.BooleanField(required=False)
    alasan_belum_tersedia = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    penjelasan = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class RealisasiBuatSerializer(_IsianRealisasi):
    """Create a quarter's realisasi (as a draft)."""

    indikator = serializers.IntegerField(min_value=1, max_value=ID_MAKS)
    tahun = serializers.IntegerField(**TAHUN)
    triwulan = serializers.ChoiceField(choices=TRIWULAN_PILIHAN)


class RealisasiUbahSerializer(_IsianRealisasi):
    """Change a draft or returned realisasi; `versi` is the version read (a stale one gives 409)."""

    versi = serializers.IntegerField(**VERSI)


class VersiSerializer(serializers.Serializer):
    """The version the client read, for a workflow action."""

    versi = serializers.IntegerField(**VERSI)


class AjukanSerializer(VersiSerializer):
    """Submit: `konfirmasi` confirms a value far above last year's."""

    konfirmasi = serializers.BooleanField(required=False, default=False)


class KembalikanSerializer(VersiSerializer):
    """Return to the PD with a note saying what to fix."""

    catatan = serializers.CharField(max_length=5000)


class PerjanjianKinerjaSerializer(serializers.ModelSerializer):
    """A PD's performance agreement (PK) for a year: draf or ditetapkan (targets locked), with revisions."""

    class Meta:
        model = PerjanjianKinerja
        fields = ["id", "perangkat_daerah", "tahun", "status", "ditetapkan_pada", "revisi", "versi"]
        read_only_fields = fields


class AnggaranSerializer(serializers.ModelSerializer):
    """A PD's budget for a year: pagu and realisasi per quarter (rupiah, exact decimal text)."""

    class Meta:
        model = Anggaran
        fields = [
            "id", "perangkat_daerah", "tahun", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3",
            "realisasi_t4", "versi",
        ]  # fmt: skip
        read_only_fields = fields


class KunciTriwulanSerializer(serializers.ModelSerializer):
    """A quarter's deadline and lock for the whole pemda."""

    class Meta:
        model = KunciTriwulan
        fields = ["id", "tahun", "triwulan", "batas_waktu", "terkunci", "versi"]
        read_only_fields = fields
