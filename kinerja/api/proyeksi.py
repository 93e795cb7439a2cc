"""The year-end projection on `/api/v1/indikator/` (issue 16 points 4 and 6), read-only: for the year asked
(`?tahun=`, default the working year) from the submitted and verified values up to the latest quarter with
data, in a fixed number of queries for a page of indicators (`selectors.proyeksi.bahan_proyeksi`)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..models import Indikator
from ..selectors.proyeksi import bahan_proyeksi

ANGKA = {"max_digits": 24, "decimal_places": 4, "read_only": True}
PERSEN = {"max_digits": 24, "decimal_places": 2, "read_only": True}


class PosisiJalurSerializer(serializers.Serializer):
    nilai_jalur = serializers.DecimalField(**ANGKA, help_text=_("Nilai jalur Renstra pada tahun ini."))
    selisih = serializers.DecimalField(
        **ANGKA, help_text=_("Positif: di depan jalur; negatif: tertinggal (sudah dibalik untuk arah turun).")
    )
    kalimat = serializers.CharField(read_only=True)


class ProyeksiSerializer(serializers.Serializer):
    """One indicator's projection; the field is null when the year has no submitted or verified value."""

    tahun = serializers.IntegerField(read_only=True)
    triwulan = serializers.IntegerField(read_only=True, help_text=_("Triwulan terakhir yang berisi data."))
    nilai = serializers.DecimalField(**ANGKA, help_text=_("Proyeksi nilai akhir tahun, dalam satuan indikator."))
    capaian = serializers.DecimalField(
        **PERSEN, allow_null=True, help_text=_("Proyeksi capaian (%) terhadap target tahun; null bila tak terhitung.")
    )
    capaian_alasan = serializers.CharField(read_only=True, allow_null=True)
    metode = serializers.CharField(read_only=True, help_text=_("Kalimat metode proyeksi."))
    berisiko = serializers.BooleanField(read_only=True, help_text=_("Proyeksi capaian di bawah ambang."))
    ambang = serializers.DecimalField(**PERSEN, help_text=_("Ambang berisiko pemda (%)."))
    posisi_jalur = PosisiJalurSerializer(read_only=True, allow_null=True)


def proyeksi_indikator(daftar: Sequence[Indikator], tahun: int) -> dict[int, dict | None]:
    """Each indicator's projection as the API shows it, or None without data: two queries per pemda (one for
    any user but a superuser) when the indicators came through `siapkan`."""
    per_pemda: dict[int, list[Indikator]] = {}
    for ind in daftar:
        per_pemda.setdefault(ind.pemda_id, []).append(ind)
    hasil: dict[int, dict | None] = {}
    for pemda_id, milik in per_pemda.items():
        bahan = bahan_proyeksi(indikator=milik, tahun=[tahun], pemda_id=pemda_id, hanya_terajukan=True)
        for ind in milik:
            nilai_tw = bahan.nilai.get((ind.pk, tahun), {})
            p = bahan.proyeksi(ind.pk, tahun) if nilai_tw else None
            ada = p is not None and p.nilai is not None
            hasil[ind.pk] = ProyeksiSerializer(_baris(p, tahun, max(nilai_tw))).data if ada else None
    return hasil


def _baris(p, tahun: int, triwulan: int) -> dict:
    capaian = p.capaian
    posisi = p.posisi
    return {
        "tahun": tahun,
        "triwulan": triwulan,
        "nilai": p.nilai,
        "capaian": capaian.persen if capaian else None,
        "capaian_alasan": capaian.alasan if capaian else None,
        "metode": p.metode,
        "berisiko": p.berisiko,
        "ambang": p.ambang,
        "posisi_jalur": None
        if posisi is None
        else {"nilai_jalur": posisi.nilai_jalur, "selisih": posisi.selisih, "kalimat": posisi.kalimat},
    }
