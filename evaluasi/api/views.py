"""API of the evaluasi app. Every viewset derives from the scoped base (perangkat_daerah.api.dasar): rows
outside the user's scope are a 404, and every response has a serializer, so the schema says what comes back.

Answers are written with the `versi` the client read: a stale one is HTTP 409 and nothing is saved.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from perangkat_daerah.api.dasar import ViewSetBacaBerlingkup
from sakip.api import IdFilter, TahunFilter

from .. import selectors, services
from ..models import Evaluasi, Instrumen, Jawaban, NilaiSubKomponen, Rekomendasi
from .serializers import (
    HASIL_SKEMA,
    EvaluasiSerializer,
    HasilHitungSerializer,
    HasilResmiSerializer,
    InstrumenDetailSerializer,
    InstrumenSerializer,
    JawabanTulisSerializer,
    LembarJawabanSerializer,
    RekomendasiSerializer,
    RencanaKueriSerializer,
    RencanaSerializer,
)


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


class InstrumenViewSet(ViewSetBacaBerlingkup):
    """LKE instruments: national ones and the user's pemda adaptations; the detail lists every criterion."""

    queryset = Instrumen.objects.select_related("skala_predikat").order_by("kode", "versi")
    serializer_class = InstrumenSerializer
    filterset_fields = ["kode", "metode", "aktif"]

    @extend_schema(responses={200: InstrumenDetailSerializer})
    def retrieve(self, request, *args, **kwargs):
        ins = self.get_object()
        siap = selectors.instrumen_siap(ins)
        return Response(InstrumenDetailSerializer(ins, context={"siap": siap}).data)


class EvaluasiViewSet(ViewSetBacaBerlingkup):
    """Evaluations in scope; answers (read, PATCH/PUT with versi), live result and what-if plan."""

    queryset = Evaluasi.objects.select_related(
        "instrumen__skala_predikat", "perangkat_daerah", "pemda", "hasil"
    ).order_by("-tahun", "perangkat_daerah__kode", "jenis")
    serializer_class = EvaluasiSerializer
    filterset_class = EvaluasiFilter

    @extend_schema(methods=["GET"], responses={200: LembarJawabanSerializer})
    @extend_schema(methods=["PATCH", "PUT"], request=JawabanTulisSerializer, responses={200: LembarJawabanSerializer})
    # JSON only: the nested lists of a body are lost in form and multipart encodings
    @action(detail=True, methods=["get", "patch", "put"], parser_classes=[JSONParser])
    def jawaban(self, request, pk=None):
        """The answers (and method-A grades) with their versi; write with the versi you read (JSON only)."""
        e = self.get_object()
        if request.method != "GET":
            self._tulis(request, e)
            e = self.get_object()
        return Response(LembarJawabanSerializer(_lembar_jawaban(e)).data)

    def _tulis(self, request, e: Evaluasi) -> None:
        tulis = JawabanTulisSerializer(data=request.data)
        tulis.is_valid(raise_exception=True)
        d = tulis.validated_data
        isian = [services.IsianJawaban(i["kode"], i["nilai"], i["versi"], i.get("catatan")) for i in d["jawaban"]]
        isian += [
            services.IsianJawaban(
                i["kode"], i["nilai"], i["versi"], i.get("catatan"), subkomponen=True, alasan=i.get("alasan")
            )
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

    @extend_schema(responses={200: HASIL_SKEMA})
    @action(detail=True, methods=["get"])
    def hasil(self, request, pk=None):
        """The result: per component and sub-component, total, predicate, lost points (largest first)."""
        e = self.get_object()
        beku = _beku(e)
        if e.jenis == Evaluasi.Jenis.RESMI:
            data = {"resmi": True, "beku": beku, "total": e.hasil.total, "predikat": e.hasil.predikat}
            return Response(HasilResmiSerializer(data).data)
        siap = selectors.instrumen_siap(e.instrumen)
        h = selectors.hitung(siap, selectors.masukan_evaluasi(e, siap))
        data = {"resmi": False, "beku": beku, **{nama: getattr(h, nama) for nama in _KOLOM_HASIL}}
        return Response(HasilHitungSerializer(data).data)

    @extend_schema(parameters=[RencanaKueriSerializer], responses={200: RencanaSerializer})
    @action(detail=True, methods=["get"])
    def rencana(self, request, pk=None):
        """The fewest answer changes that reach ?target= (total) and/or ?predikat= (e.g. BB → 70.01); at least
        one of the two is required."""
        e = self.get_object()
        if e.jenis == Evaluasi.Jenis.RESMI:
            raise ValidationError({"detail": ["Hasil resmi tidak punya jawaban untuk disimulasikan."]})
        siap = selectors.instrumen_siap(e.instrumen)
        kueri = RencanaKueriSerializer(data=request.query_params, context={"siap": siap})
        kueri.is_valid(raise_exception=True)
        target, kode = kueri.validated_data.get("target"), kueri.validated_data.get("predikat")
        r = selectors.rencana(siap, selectors.masukan_evaluasi(e, siap), target_total=target, target_predikat=kode)
        return Response(RencanaSerializer(r).data)


_KOLOM_HASIL = [
    "total", "predikat", "lengkap", "jumlah_kriteria", "jumlah_terjawab", "kriteria_belum_dijawab",
    "subkomponen_belum_dinilai", "komponen", "poin_hilang",
]  # fmt: skip


def _beku(e: Evaluasi) -> dict | None:
    """The frozen result of a final evaluation (None before), for HasilBekuSerializer."""
    if not selectors.punya_hasil(e):
        return None
    h = e.hasil
    return {
        "total": h.total, "predikat": h.predikat, "predikat_nama": h.predikat_nama,
        "nilai_komponen": h.nilai_komponen, "nilai_subkomponen": h.nilai_subkomponen,
        "instrumen": f"{h.instrumen_kode} v{h.instrumen_versi}", "dihitung_pada": h.dihitung_pada,
    }  # fmt: skip


def _lembar_jawaban(e: Evaluasi) -> dict:
    """The answer and grade rows of an evaluation, by code, as LembarJawabanSerializer shows them."""
    siap = selectors.instrumen_siap(e.instrumen)
    urutan = ("kriteria__subkomponen__komponen__urutan", "kriteria__subkomponen__urutan", "kriteria__nomor")
    jawaban = [
        {"kode": siap.kriteria_id[j.kriteria_id].kode, "nilai": j.nilai, "catatan": j.catatan, "versi": j.versi,
         "bukti": bool(j.bukti), "diubah_pada": j.diubah_pada}
        for j in Jawaban.objects.filter(evaluasi=e).order_by(*urutan)
    ]  # fmt: skip
    nilai_sub = [
        {
            "kode": siap.sub_id[n.subkomponen_id].kode,
            "nilai": n.nilai,
            "catatan": n.catatan,
            "alasan": n.alasan,
            "versi": n.versi,
        }
        for n in NilaiSubKomponen.objects.filter(evaluasi=e)
    ]
    return {"evaluasi": e.pk, "status": e.status, "jawaban": jawaban, "nilai_subkomponen": nilai_sub}


class RekomendasiViewSet(ViewSetBacaBerlingkup):
    """Recommendations in scope, with overdue flag and the points their criteria would regain."""

    queryset = (
        Rekomendasi.objects.select_related(
            "evaluasi__instrumen__skala_predikat", "evaluasi__perangkat_daerah", "perangkat_daerah"
        )
        .prefetch_related("kriteria")
        .order_by("batas_waktu", "pk")
    )
    serializer_class = RekomendasiSerializer
    filterset_class = RekomendasiFilter

    def get_serializer(self, *args, **kwargs):
        if args:
            objek = args[0]
            daftar = list(objek) if not hasattr(objek, "pk") else [objek]
            kwargs.setdefault("context", self.get_serializer_context())["poin"] = selectors.poin_rekomendasi(daftar)
        return super().get_serializer(*args, **kwargs)
