"""The action plans (rencana aksi, issue 16 points 1 and 6) in the API, read-only: each action with its monthly
targets and its monthly realisations. They are written on the plan and report pages, where the PK's lock, the
reasons of a revision and the workflow apply. Scoped by the base viewset (operators: their own PD's)."""

from __future__ import annotations

import django_filters
from rest_framework import serializers

from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import IdFilter, TahunFilter

from ..models_renaksi import RealisasiAksi, RencanaAksi


class RealisasiAksiSerializer(serializers.ModelSerializer):
    """One month's realisation of an action (evidence through the pages' download)."""

    class Meta:
        model = RealisasiAksi
        fields = [
            "id", "bulan", "nilai", "faktor_pendukung", "faktor_penghambat", "tindak_lanjut", "status",
            "catatan_verifikasi", "versi", "diajukan_pada", "diverifikasi_pada",
        ]  # fmt: skip
        read_only_fields = fields


class RencanaAksiSerializer(serializers.ModelSerializer):
    """One planned action: `target_bulanan` maps a month ("1".."12") to its target as a decimal string."""

    target_bulanan = serializers.DictField(child=serializers.CharField(), read_only=True)
    realisasi = RealisasiAksiSerializer(many=True, read_only=True)

    class Meta:
        model = RencanaAksi
        fields = [
            "id", "perangkat_daerah", "indikator", "tahun", "urutan", "uraian", "tahapan", "jenis_target",
            "target_bulanan", "penanggung_jawab", "jabatan", "instruksi_kepala_daerah", "versi", "realisasi",
        ]  # fmt: skip
        read_only_fields = fields


class RencanaAksiFilter(django_filters.FilterSet):
    pd = IdFilter(field_name="perangkat_daerah", label="perangkat daerah")
    indikator = IdFilter(label="indikator")
    tahun = TahunFilter(label="tahun")

    class Meta:
        model = RencanaAksi
        fields = ["pd", "indikator", "tahun", "instruksi_kepala_daerah"]


class RencanaAksiViewSet(ViewSetBacaBerlingkup):
    """The action plans the user may see (operators and heads of a PD: their own PD's; city roles: all)."""

    queryset = RencanaAksi.objects.prefetch_related("realisasi").order_by("perangkat_daerah", "tahun", "urutan", "pk")
    serializer_class = RencanaAksiSerializer
    filterset_class = RencanaAksiFilter
