"""Serializers of the notifikasi API."""

from __future__ import annotations

from rest_framework import serializers

from sakip.lib.bilangan import ID_MAKS

from ..models import Notifikasi


class NotifikasiSerializer(serializers.ModelSerializer):
    """One notification of the user: the event (kind, title, message, link) and whether it was read."""

    jenis = serializers.CharField(source="peristiwa.jenis", read_only=True)
    jenis_label = serializers.CharField(source="peristiwa.get_jenis_display", read_only=True)
    judul = serializers.CharField(source="peristiwa.judul", read_only=True)
    pesan = serializers.CharField(source="peristiwa.pesan", read_only=True)
    tautan = serializers.CharField(source="peristiwa.tautan", read_only=True)
    perangkat_daerah = serializers.IntegerField(
        source="peristiwa.perangkat_daerah_id", read_only=True, allow_null=True,
        help_text="Kosong (null) untuk peristiwa tingkat pemerintah daerah.",
    )  # fmt: skip
    waktu = serializers.DateTimeField(source="peristiwa.dibuat_pada", read_only=True)

    class Meta:
        model = Notifikasi
        fields = ["id", "jenis", "jenis_label", "judul", "pesan", "tautan", "perangkat_daerah", "waktu", "dibaca_pada"]
        read_only_fields = fields


class BacaSerializer(serializers.Serializer):
    """Mark notifications read: the given ids of the user's own, or all of them (`semua`)."""

    id = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=ID_MAKS), required=False, max_length=200, default=list
    )
    semua = serializers.BooleanField(required=False, default=False)

    def validate(self, data):
        if not data["id"] and not data["semua"]:
            raise serializers.ValidationError("Sebutkan id notifikasi atau semua=true.")
        return data


class BacaHasilSerializer(serializers.Serializer):
    """How many notifications were marked read."""

    ditandai = serializers.IntegerField()
