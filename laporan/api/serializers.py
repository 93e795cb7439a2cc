"""Serializers of the laporan API."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Laporan, Narasi


class LaporanSerializer(serializers.ModelSerializer):
    """A report job as the API shows it; `unduh` is the download URL once it is done."""

    jenis_label = serializers.CharField(source="get_jenis_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    perangkat_daerah_nama = serializers.CharField(source="perangkat_daerah.nama", read_only=True, default=None)
    unduh = serializers.SerializerMethodField()

    class Meta:
        model = Laporan
        fields = [
            "id", "jenis", "jenis_label", "tahun", "perangkat_daerah", "perangkat_daerah_nama", "evaluasi_id",
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


class LaporanMintaSerializer(serializers.Serializer):
    """A request for a report: LKjIP of a PD or the city, a PK document, or an evaluation's LKE workbook."""

    jenis = serializers.ChoiceField(choices=Laporan.Jenis.choices)
    tahun = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    perangkat_daerah = serializers.IntegerField(required=False, allow_null=True)
    evaluasi = serializers.IntegerField(required=False, allow_null=True)


class NarasiSerializer(serializers.ModelSerializer):
    """One chapter's narrative of an LKjIP (a PD's, or the city's when perangkat_daerah is null)."""

    bab_label = serializers.CharField(source="get_bab_display", read_only=True)

    class Meta:
        model = Narasi
        fields = ["id", "perangkat_daerah", "tahun", "bab", "bab_label", "teks", "versi", "diubah_pada"]
        read_only_fields = fields
