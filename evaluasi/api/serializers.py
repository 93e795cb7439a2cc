"""Serializers of the evaluasi API. Decimals travel as strings ("69.04") so nothing is rounded twice."""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from sakip.lib.angka import AngkaTidakValid, parse_angka

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

    # null for a city-level evaluation (no perangkat daerah)
    perangkat_daerah_nama = serializers.CharField(
        source="perangkat_daerah.nama", default=None, read_only=True, allow_null=True
    )
    hasil = serializers.SerializerMethodField()

    class Meta:
        model = Evaluasi
        fields = [
            "id", "tahun", "jenis", "status", "perangkat_daerah", "perangkat_daerah_nama", "instrumen", "versi",
            "nomor_lhe", "tanggal_lhe", "hasil",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(HasilRingkasSerializer(allow_null=True))
    def get_hasil(self, obj) -> dict | None:
        return HasilRingkasSerializer(obj.hasil).data if punya_hasil(obj) else None


class IsianSerializer(serializers.Serializer):
    """One answer (criterion code) or method-A grade (sub-component code) to write, with the versi read."""

    kode = serializers.CharField(max_length=20)
    nilai = serializers.CharField(max_length=4, allow_blank=True)
    versi = serializers.IntegerField(min_value=1, max_value=VERSI_MAKS)
    # length and control characters are checked by the service (teks_atau_galat), as for the pages
    catatan = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    # a method-A grade only: the justification of a grade above its criteria's support (omitted: unchanged)
    alasan = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)


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


# --- Response bodies of the actions (the engine's results travel as text, exactly as computed) ----------------


class TeksDesimal(serializers.CharField):
    """A Decimal as the exact text the engine computed ("70.01", "90"): never re-rounded."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)


class WaktuIso(serializers.DateTimeField):
    """A stored moment as its ISO 8601 text, in the time zone it is stored in."""

    def to_representation(self, value):
        return None if value is None else value.isoformat()


class BandSerializer(serializers.Serializer):
    """One predicate band of the table: code, name, meaning and its bounds."""

    kode = serializers.CharField()
    nama = serializers.CharField()
    makna = serializers.CharField()
    batas_bawah = TeksDesimal()
    batas_atas = TeksDesimal()


class SkalaPredikatSerializer(serializers.Serializer):
    """The band table an instrument reads its predicates from, best band first."""

    versi = serializers.CharField()
    bawah_inklusif = serializers.BooleanField()
    bands = BandSerializer(many=True, source="urut_turun")


class KriteriaSerializer(serializers.Serializer):
    """A criterion: id (for the pages' fields), code, number, text, scale and the answers it offers."""

    id = serializers.IntegerField()
    kode = serializers.CharField()
    nomor = serializers.IntegerField()
    uraian = serializers.CharField()
    skala = serializers.CharField()
    pilihan = serializers.ListField(child=serializers.CharField())


class SubKomponenSerializer(serializers.Serializer):
    """A sub-component with its weight and criteria."""

    kode = serializers.CharField()
    nama = serializers.CharField()
    jenis = serializers.CharField()
    bobot = TeksDesimal()
    kriteria = KriteriaSerializer(many=True)


class KomponenSerializer(serializers.Serializer):
    """A component with its weight and sub-components."""

    kode = serializers.CharField()
    nama = serializers.CharField()
    bobot = TeksDesimal()
    subkomponen = SubKomponenSerializer(many=True)


class InstrumenDetailSerializer(InstrumenSerializer):
    """An instrument version with its band table and every component, sub-component and criterion; the
    view passes the engine's ready instrument (`siap`) in the context."""

    skala_predikat = serializers.SerializerMethodField()
    komponen = serializers.SerializerMethodField()

    class Meta(InstrumenSerializer.Meta):
        fields = [*InstrumenSerializer.Meta.fields, "skala_predikat", "komponen"]
        read_only_fields = fields

    @extend_schema_field(SkalaPredikatSerializer)
    def get_skala_predikat(self, obj) -> dict:
        return SkalaPredikatSerializer(self.context["siap"].skala_predikat).data

    @extend_schema_field(KomponenSerializer(many=True))
    def get_komponen(self, obj) -> list:
        return KomponenSerializer(self.context["siap"].komponen, many=True).data


class JawabanBacaSerializer(serializers.Serializer):
    """One answer with the versi to write it back with; `bukti` says whether evidence is attached."""

    kode = serializers.CharField()
    nilai = serializers.CharField()
    catatan = serializers.CharField()
    versi = serializers.IntegerField()
    bukti = serializers.BooleanField()
    diubah_pada = WaktuIso(allow_null=True)


class NilaiSubBacaSerializer(serializers.Serializer):
    """One method-A grade of a sub-component with its versi and the justification of a grade above its
    criteria's support."""

    kode = serializers.CharField()
    nilai = serializers.CharField()
    catatan = serializers.CharField()
    alasan = serializers.CharField()
    versi = serializers.IntegerField()


class LembarJawabanSerializer(serializers.Serializer):
    """The answers (and method-A grades) of an evaluation, each with its versi."""

    evaluasi = serializers.IntegerField()
    status = serializers.ChoiceField(choices=Evaluasi.Status.choices)
    jawaban = JawabanBacaSerializer(many=True)
    nilai_subkomponen = NilaiSubBacaSerializer(many=True)


class HasilBekuSerializer(serializers.Serializer):
    """The frozen result stored when the evaluation became final (or the official result as recorded)."""

    total = TeksDesimal()
    predikat = serializers.CharField()
    predikat_nama = serializers.CharField()
    nilai_komponen = serializers.DictField(child=serializers.CharField())
    nilai_subkomponen = serializers.DictField(child=serializers.CharField())
    instrumen = serializers.CharField()
    dihitung_pada = WaktuIso()


class PredikatSerializer(serializers.Serializer):
    """A predicate band as a result names it."""

    kode = serializers.CharField()
    nama = serializers.CharField()
    makna = serializers.CharField()


class HasilSubSerializer(serializers.Serializer):
    """A sub-component's value; for method A also the grade given, the one its criteria support (`usulan`)
    and whether the grade is above it."""

    kode = serializers.CharField()
    nilai = TeksDesimal()
    bobot = TeksDesimal()
    nilai_a = serializers.CharField(allow_null=True)
    usulan = serializers.CharField(allow_null=True)
    melebihi_dukungan = serializers.BooleanField()


class HasilKomponenSerializer(serializers.Serializer):
    """A component's value out of its weight."""

    kode = serializers.CharField()
    nilai = TeksDesimal()
    bobot = TeksDesimal()
    subkomponen = HasilSubSerializer(many=True)


class PoinHilangSerializer(serializers.Serializer):
    """Points an unmet or unanswered item loses (largest first)."""

    kode = serializers.CharField()
    jenis = serializers.CharField()
    subkomponen = serializers.CharField(source="subkomponen_kode")
    poin = TeksDesimal()


class HasilHitungSerializer(serializers.Serializer):
    """The live result of a worksheet (`resmi` false), beside the frozen one once final (`beku`)."""

    resmi = serializers.BooleanField()
    beku = HasilBekuSerializer(allow_null=True)
    total = TeksDesimal()
    predikat = PredikatSerializer()
    lengkap = serializers.BooleanField()
    jumlah_kriteria = serializers.IntegerField()
    jumlah_terjawab = serializers.IntegerField()
    kriteria_belum_dijawab = serializers.ListField(child=serializers.CharField())
    subkomponen_belum_dinilai = serializers.ListField(child=serializers.CharField())
    komponen = HasilKomponenSerializer(many=True)
    poin_hilang = PoinHilangSerializer(many=True)


class HasilResmiSerializer(serializers.Serializer):
    """An official result (`resmi` true): the recorded total and predicate code; no worksheet behind it."""

    resmi = serializers.BooleanField()
    beku = HasilBekuSerializer()
    total = TeksDesimal()
    predikat = serializers.CharField()


HASIL_SKEMA = PolymorphicProxySerializer(
    component_name="HasilEvaluasiApi",
    serializers=[HasilHitungSerializer, HasilResmiSerializer],
    resource_type_field_name=None,
)


class RencanaKueriSerializer(serializers.Serializer):
    """?target= (a total, e.g. 70 or 70,01) and/or ?predikat= (a band code, e.g. BB): at least one is
    required. The view passes the evaluation's ready instrument (`siap`) in the context."""

    target = serializers.CharField(required=False, allow_blank=True, help_text="Target nilai total, mis. 70 atau 70,01")
    predikat = serializers.CharField(required=False, allow_blank=True, help_text="Target predikat, mis. BB")

    def validate_target(self, teks: str) -> Decimal | None:
        teks = teks.strip()
        if not teks:
            return None
        try:
            target = parse_angka(teks)
        except AngkaTidakValid as exc:
            raise serializers.ValidationError(str(exc)) from exc
        if not 0 <= target <= 100:
            raise serializers.ValidationError("Target nilai harus antara 0 dan 100.")
        return target

    def validate_predikat(self, kode: str) -> str | None:
        kode = kode.strip() or None
        if kode is not None:
            try:
                self.context["siap"].skala_predikat.band(kode)
            except ValueError as exc:
                raise serializers.ValidationError(str(exc)) from exc
        return kode

    def validate(self, data: dict) -> dict:
        if data.get("target") is None and data.get("predikat") is None:
            raise serializers.ValidationError({"target": ["Tentukan ?target= (nilai) atau ?predikat= (mis. BB)."]})
        return data


class PerubahanSerializer(serializers.Serializer):
    """One change of a plan: a criterion's answer (method B) or a sub-component's grade (method A)."""

    kode = serializers.CharField()
    jenis = serializers.CharField()
    subkomponen = serializers.CharField(source="subkomponen_kode")
    dari = serializers.CharField(allow_null=True)
    ke = serializers.CharField()
    tambahan = TeksDesimal()


class RencanaSerializer(serializers.Serializer):
    """The fewest answer changes that reach the target, and where they lead."""

    tercapai = serializers.BooleanField()
    target_total = TeksDesimal()
    target_predikat = serializers.CharField(allow_null=True)
    total_awal = TeksDesimal()
    total = TeksDesimal()
    predikat = serializers.CharField(source="predikat.kode")
    jumlah_perubahan = serializers.IntegerField()
    perubahan = PerubahanSerializer(many=True)
