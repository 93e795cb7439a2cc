"""Serializers of the evaluasi API. Decimals travel as strings ("69.04") so nothing is rounded twice."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Evaluasi, Instrumen, Rekomendasi
from ..selectors import punya_hasil

VERSI_MAKS = 2**31 - 1  # a PositiveIntegerField


class InstrumenSerializer(serializers.ModelSerializer):
    """An instrument version (list); the detail adds its components, sub-components and criteria."""

    class Meta:
        model = Instrumen
        fields = ["id", "kode", "nama", "metode", "versi", "tahun_berlaku", "aktif", "induk", "skala_jawaban"]
        read_only_fields = fields


class HasilRingkasSerializer(serializers.Serializer):
    """The frozen total and predicate of a final evaluation."""

    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    predikat = serializers.CharField()
    predikat_nama = serializers.CharField()
    nilai_komponen = serializers.DictField(child=serializers.CharField())
    dihitung_pada = serializers.DateTimeField()


class EvaluasiSerializer(serializers.ModelSerializer):
    """An evaluation of a PD (or of the city when perangkat_daerah is null)."""

    perangkat_daerah_nama = serializers.CharField(source="perangkat_daerah.nama", default=None, read_only=True)
    hasil = serializers.SerializerMethodField()

    class Meta:
        model = Evaluasi
        fields = [
            "id", "tahun", "jenis", "status", "perangkat_daerah", "perangkat_daerah_nama", "instrumen", "versi",
            "nomor_lhe", "tanggal_lhe", "hasil",
        ]  # fmt: skip
        read_only_fields = fields

    def get_hasil(self, obj) -> dict | None:
        return HasilRingkasSerializer(obj.hasil).data if punya_hasil(obj) else None


class IsianSerializer(serializers.Serializer):
    """One answer (criterion code) or method-A grade (sub-component code) to write, with the versi read."""

    kode = serializers.CharField(max_length=20)
    nilai = serializers.CharField(max_length=4, allow_blank=True)
    versi = serializers.IntegerField(min_value=1, max_value=VERSI_MAKS)
    # length and control characters are checked by the service (teks_atau_galat), as for the pages
    catatan = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


class JawabanTulisSerializer(serializers.Serializer):
    """PATCH: the answers to change; PUT: every criterion of the instrument."""

    jawaban = IsianSerializer(many=True, required=False, default=list)
    nilai_subkomponen = IsianSerializer(many=True, required=False, default=list)


class RekomendasiSerializer(serializers.ModelSerializer):
    """A recommendation with its linked criteria, whether it is overdue and the points it would regain."""

    kriteria = serializers.SlugRelatedField(slug_field="kode", many=True, read_only=True)
    terlambat = serializers.SerializerMethodField()
    poin_dapat_diraih = serializers.SerializerMethodField()

    class Meta:
        model = Rekomendasi
        fields = [
            "id", "evaluasi", "uraian", "kriteria", "perangkat_daerah", "batas_waktu", "status", "tindak_lanjut",
            "catatan_verifikasi", "diverifikasi_pada", "versi", "terlambat", "poin_dapat_diraih",
        ]  # fmt: skip
        read_only_fields = fields

    def get_terlambat(self, obj) -> bool:
        return obj.terlambat()

    def get_poin_dapat_diraih(self, obj) -> str | None:
        poin = self.context.get("poin", {}).get(obj.pk)
        return None if poin is None else str(poin)
