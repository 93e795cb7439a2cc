"""API of the evaluasi app, every queryset through the access choke point (404 outside scope).

Answers are written with the `versi` the client read: a stale one is HTTP 409 and nothing is saved.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from perangkat_daerah.access import Aksi
from sakip.api import IdFilter, TahunFilter
from sakip.lib.angka import AngkaTidakValid, parse_angka

from .. import scoring, selectors, services
from ..models import Evaluasi, Instrumen, Jawaban, NilaiSubKomponen, Rekomendasi
from .serializers import EvaluasiSerializer, InstrumenSerializer, JawabanTulisSerializer, RekomendasiSerializer


class EvaluasiFilter(django_filters.FilterSet):
    """?tahun=, ?perangkat_daerah= through the one whole-number parser (a malformed one is a 400)."""

    tahun = TahunFilter(label="tahun")
    perangkat_daerah = IdFilter(label="perangkat daerah")

    class Meta:
        model = Evaluasi
        fields = ["tahun", "jenis", "perangkat_daerah", "status"]


class RekomendasiFilter(django_filters.FilterSet):
    """?perangkat_daerah=, ?evaluasi=, ?tahun= (of the evaluation) through the one whole-number parser."""

    perangkat_daerah = IdFilter(label="perangkat daerah")
    evaluasi = IdFilter(label="evaluasi")
    tahun = TahunFilter(field_name="evaluasi__tahun", label="tahun")

    class Meta:
        model = Rekomendasi
        fields = ["status", "perangkat_daerah", "evaluasi", "tahun"]


class InstrumenViewSet(viewsets.ReadOnlyModelViewSet):
    """LKE instruments: national ones and the user's pemda adaptations; the detail lists every criterion."""

    serializer_class = InstrumenSerializer
    filterset_fields = ["kode", "metode", "aktif"]

    def get_queryset(self):
        return (
            Instrumen.objects.for_user(self.request.user, Aksi.LIHAT)
            .select_related("skala_predikat")
            .order_by("kode", "versi")
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def retrieve(self, request, *args, **kwargs):
        ins = self.get_object()
        siap = selectors.instrumen_siap(ins)
        data = InstrumenSerializer(ins).data
        data["skala_predikat"] = {
            "versi": siap.skala_predikat.versi,
            "bawah_inklusif": siap.skala_predikat.bawah_inklusif,
            "bands": [
                {
                    "kode": b.kode,
                    "nama": b.nama,
                    "makna": b.makna,
                    "batas_bawah": str(b.batas_bawah),
                    "batas_atas": str(b.batas_atas),
                }
                for b in siap.skala_predikat.urut_turun()
            ],
        }
        data["komponen"] = [_komponen(k) for k in siap.komponen]
        return Response(data)


def _komponen(k) -> dict:
    return {
        "kode": k.kode,
        "nama": k.nama,
        "bobot": str(k.bobot),
        "subkomponen": [
            {
                "kode": s.kode,
                "nama": s.nama,
                "jenis": s.jenis,
                "bobot": str(s.bobot),
                "kriteria": [
                    {
                        "id": kr.id,
                        "kode": kr.kode,
                        "nomor": kr.nomor,
                        "uraian": kr.uraian,
                        "skala": kr.skala,
                        "pilihan": list(kr.pilihan),
                    }
                    for kr in s.kriteria
                ],
            }
            for s in k.subkomponen
        ],
    }


class EvaluasiViewSet(viewsets.ReadOnlyModelViewSet):
    """Evaluations in scope; answers (read, PATCH/PUT with versi), live result and what-if plan."""

    serializer_class = EvaluasiSerializer
    filterset_class = EvaluasiFilter

    def get_queryset(self):
        return selectors.evaluasi_dasar(self.request.user).order_by("-tahun", "perangkat_daerah__kode", "jenis")

    @extend_schema(methods=["GET"], responses={200: OpenApiTypes.OBJECT})
    @extend_schema(methods=["PATCH", "PUT"], request=JawabanTulisSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get", "patch", "put"])
    def jawaban(self, request, pk=None):
        """The answers (and method-A grades) with their versi; write with the versi you read."""
        e = self.get_object()
        if request.method != "GET":
            self._tulis(request, e)
            e = self.get_object()
        return Response(_jawaban_data(e))

    def _tulis(self, request, e: Evaluasi) -> None:
        tulis = JawabanTulisSerializer(data=request.data)
        tulis.is_valid(raise_exception=True)
        d = tulis.validated_data
        isian = [services.IsianJawaban(i["kode"], i["nilai"], i["versi"], i.get("catatan")) for i in d["jawaban"]]
        isian += [
            services.IsianJawaban(i["kode"], i["nilai"], i["versi"], i.get("catatan"), subkomponen=True)
            for i in d["nilai_subkomponen"]
        ]
        if request.method == "PUT":
            siap = selectors.instrumen_siap(e.instrumen)
            kurang = set(siap.kriteria_kode) - {i["kode"] for i in d["jawaban"]}
            if kurang:
                raise ValidationError(
                    {"jawaban": [f"PUT memerlukan semua kriteria; kurang: {', '.join(sorted(kurang))}."]}
                )
        services.jawaban_simpan(evaluasi=e, oleh=request.user, isian=isian)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def hasil(self, request, pk=None):
        """The result: per component and sub-component, total, predicate, lost points (largest first)."""
        e = self.get_object()
        beku = _beku(e)
        if e.jenis == Evaluasi.Jenis.RESMI:
            return Response({"resmi": True, "beku": beku, "total": beku["total"], "predikat": beku["predikat"]})
        siap = selectors.instrumen_siap(e.instrumen)
        return Response(
            {"resmi": False, "beku": beku, **_hasil_data(selectors.hitung(siap, selectors.masukan_evaluasi(e, siap)))}
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("target", str, description="Target nilai total, mis. 70 atau 70,01"),
            OpenApiParameter("predikat", str, description="Target predikat, mis. BB"),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def rencana(self, request, pk=None):
        """The fewest answer changes that reach ?target= (total) and/or ?predikat= (e.g. BB → 70.01)."""
        e = self.get_object()
        if e.jenis == Evaluasi.Jenis.RESMI:
            raise ValidationError({"detail": ["Hasil resmi tidak punya jawaban untuk disimulasikan."]})
        siap = selectors.instrumen_siap(e.instrumen)
        target, kode = _target(request, siap)
        r = selectors.rencana(siap, selectors.masukan_evaluasi(e, siap), target_total=target, target_predikat=kode)
        return Response(
            {
                "tercapai": r.tercapai,
                "target_total": str(r.target_total),
                "target_predikat": r.target_predikat,
                "total_awal": str(r.total_awal),
                "total": str(r.total),
                "predikat": r.predikat.kode,
                "jumlah_perubahan": r.jumlah_perubahan,
                "perubahan": [
                    {
                        "kode": p.kode,
                        "jenis": p.jenis,
                        "subkomponen": p.subkomponen_kode,
                        "dari": p.dari,
                        "ke": p.ke,
                        "tambahan": str(p.tambahan),
                    }
                    for p in r.perubahan
                ],
            }
        )


def _target(request, siap):
    teks, kode = (
        request.query_params.get("target", "").strip(),
        request.query_params.get("predikat", "").strip() or None,
    )
    if not teks and not kode:
        raise ValidationError({"target": ["Tentukan ?target= (nilai) atau ?predikat= (mis. BB)."]})
    try:
        target = parse_angka(teks) if teks else None
    except AngkaTidakValid as exc:
        raise ValidationError({"target": [str(exc)]}) from exc
    if target is not None and not 0 <= target <= 100:
        raise ValidationError({"target": ["Target nilai harus antara 0 dan 100."]})
    if kode is not None:
        try:
            siap.skala_predikat.band(kode)
        except ValueError as exc:
            raise ValidationError({"predikat": [str(exc)]}) from exc
    return target, kode


def _beku(e: Evaluasi) -> dict | None:
    if not selectors.punya_hasil(e):
        return None
    h = e.hasil
    return {
        "total": str(h.total),
        "predikat": h.predikat,
        "predikat_nama": h.predikat_nama,
        "nilai_komponen": h.nilai_komponen,
        "nilai_subkomponen": h.nilai_subkomponen,
        "instrumen": f"{h.instrumen_kode} v{h.instrumen_versi}",
        "dihitung_pada": h.dihitung_pada.isoformat(),
    }


def _hasil_data(h: scoring.Hasil) -> dict:
    return {
        "total": str(h.total),
        "predikat": {"kode": h.predikat.kode, "nama": h.predikat.nama, "makna": h.predikat.makna},
        "lengkap": h.lengkap,
        "jumlah_kriteria": h.jumlah_kriteria,
        "jumlah_terjawab": h.jumlah_terjawab,
        "kriteria_belum_dijawab": list(h.kriteria_belum_dijawab),
        "subkomponen_belum_dinilai": list(h.subkomponen_belum_dinilai),
        "komponen": [
            {
                "kode": k.kode,
                "nilai": str(k.nilai),
                "bobot": str(k.bobot),
                "subkomponen": [
                    {
                        "kode": s.kode,
                        "nilai": str(s.nilai),
                        "bobot": str(s.bobot),
                        "nilai_a": s.nilai_a,
                        "usulan": s.usulan,
                    }
                    for s in k.subkomponen
                ],
            }
            for k in h.komponen
        ],
        "poin_hilang": [
            {"kode": p.kode, "jenis": p.jenis, "subkomponen": p.subkomponen_kode, "poin": str(p.poin)}
            for p in h.poin_hilang
        ],
    }


def _jawaban_data(e: Evaluasi) -> dict:
    siap = selectors.instrumen_siap(e.instrumen)
    jawaban = [
        {
            "kode": siap.kriteria_id[j.kriteria_id].kode,
            "nilai": j.nilai,
            "catatan": j.catatan,
            "versi": j.versi,
            "bukti": bool(j.bukti),
            "diubah_pada": j.diubah_pada.isoformat() if j.diubah_pada else None,
        }
        for j in Jawaban.objects.filter(evaluasi=e).order_by(
            "kriteria__subkomponen__komponen__urutan", "kriteria__subkomponen__urutan", "kriteria__nomor"
        )
    ]
    nilai_sub = [
        {"kode": siap.sub_id[n.subkomponen_id].kode, "nilai": n.nilai, "catatan": n.catatan, "versi": n.versi}
        for n in NilaiSubKomponen.objects.filter(evaluasi=e)
    ]
    return {"evaluasi": e.pk, "status": e.status, "jawaban": jawaban, "nilai_subkomponen": nilai_sub}


class RekomendasiViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations in scope, with overdue flag and the points their criteria would regain."""

    serializer_class = RekomendasiSerializer
    filterset_class = RekomendasiFilter

    def get_queryset(self):
        return selectors.rekomendasi_list(user=self.request.user)

    def get_serializer(self, *args, **kwargs):
        if args:
            objek = args[0]
            daftar = list(objek) if not hasattr(objek, "pk") else [objek]
            kwargs.setdefault("context", self.get_serializer_context())["poin"] = selectors.poin_rekomendasi(daftar)
        return super().get_serializer(*args, **kwargs)
