"""API serializers of the nomenclature (read-only)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Nomenklatur


class NomenklaturSerializer(serializers.ModelSerializer):
    """One code with its parent's code, its sub kegiatan metadata and whether it is in force."""

    induk_kode = serializers.CharField(source="induk.kode", read_only=True, allow_null=True, default=None)
    berlaku = serializers.BooleanField(read_only=True)

    class Meta:
        model = Nomenklatur
        fields = [
            "id", "kode", "jenis", "nama", "induk", "induk_kode", "kinerja", "indikator", "satuan",
            "berlaku", "berlaku_sejak", "dicabut_pada", "sumber",
        ]  # fmt: skip
        read_only_fields = fields
