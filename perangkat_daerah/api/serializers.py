"""Serializers of the perangkat_daerah API."""

from rest_framework import serializers

from ..models import PerangkatDaerah


class PerangkatDaerahSerializer(serializers.ModelSerializer):
    """A perangkat daerah as the API shows it."""

    pemda = serializers.CharField(source="pemda.nama", read_only=True)
    jenis_label = serializers.CharField(source="get_jenis_display", read_only=True)

    class Meta:
        model = PerangkatDaerah
        fields = [
            "id",
            "kode",
            "nama",
            "singkatan",
            "jenis",
            "jenis_label",
            "kepala_nama",
            "kepala_nip",
            "aktif",
            "pemda",
        ]
        read_only_fields = fields
