"""THE home of which instrument and which predicate scale a pemda uses (issue 15 point 4).

Every lookup of instruments and band tables for a pemda goes through here: a pemda sees the national rows
(no pemda, shared by all as they are) and its own, never another pemda's. Its choice is its
`PengaturanEvaluasi` row (default instrument per kind, scale); without one, its own newest active
instrument wins over the national one."""

from __future__ import annotations

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Value, When

from perangkat_daerah.models import Pemda

from .. import scoring
from ..models import Instrumen, PengaturanEvaluasi, SkalaPredikat, SubKomponen


def instrumen_terlihat(pemda_id: int) -> QuerySet[Instrumen]:
    """The instruments pemda `pemda_id` may use: the national ones and its own."""
    return Instrumen.objects.filter(Q(pemda__isnull=True) | Q(pemda_id=pemda_id))


def instrumen_lembar(pemda_id: int, *, kota: bool) -> QuerySet[Instrumen]:
    """The instruments pemda `pemda_id` may open a worksheet on, for the city (method A) or a PD (method B):
    never a results-only one (components without sub-components, e.g. PermenPANRB 12/2015, whose results are
    recorded from their LHE as figures)."""
    punya_sub = Exists(SubKomponen.objects.filter(komponen__instrumen=OuterRef("pk")))
    return instrumen_terlihat(pemda_id).filter(punya_sub, metode=metode_untuk(kota=kota))


def skala_terlihat(pemda_id: int) -> QuerySet[SkalaPredikat]:
    """The band tables pemda `pemda_id` may use: the national ones and its own."""
    return SkalaPredikat.objects.filter(Q(pemda__isnull=True) | Q(pemda_id=pemda_id))


def skala_lembar(pemda_id: int) -> QuerySet[SkalaPredikat]:
    """The band tables pemda `pemda_id` may choose for new evaluations: those it may use, except a table only
    results-only instruments use (e.g. PermenPANRB 12/2015's own, kept for the results of its era). A table no
    instrument uses yet (a pemda's new inclusive copy) stays a choice."""
    punya_sub = Exists(SubKomponen.objects.filter(komponen__instrumen=OuterRef("pk")))
    lembar = Instrumen.objects.filter(punya_sub, skala_predikat=OuterRef("pk"))
    dipakai = Instrumen.objects.filter(skala_predikat=OuterRef("pk"))
    return skala_terlihat(pemda_id).filter(Exists(lembar) | ~Exists(dipakai))


def metode_untuk(*, kota: bool) -> str:
    """The scoring method of a kind of evaluation: method A for the city, method B for a PD."""
    return scoring.METODE_A if kota else scoring.METODE_B


def instrumen_hasil_resmi(pemda_id: int) -> QuerySet[Instrumen]:
    """The instruments an official result of pemda `pemda_id` may be recorded under: every city (method A)
    instrument it may use, active or not, so that a result of an earlier era is recorded under the
    instrument of its time (e.g. PermenPANRB 12/2015 for 2017); newest first."""
    return (
        instrumen_terlihat(pemda_id)
        .filter(metode=metode_untuk(kota=True))
        .select_related("skala_predikat")
        .order_by("-tahun_berlaku", "kode", "-versi")
    )


def instrumen_pemda(pemda_id: int, *, kota: bool, pengaturan: PengaturanEvaluasi | None = None) -> Instrumen | None:
    """The pemda's default instrument for the city (method A) or a PD (method B), with its scale loaded.

    The instrument chosen in the pemda's settings when it is one the pemda may use; else its own newest active
    one; else the newest active national one; None when there is none (2 queries)."""
    pengaturan = pengaturan or PengaturanEvaluasi.untuk(pemda_id)
    pilihan_id = pengaturan.instrumen_kota_id if kota else pengaturan.instrumen_pd_id
    qs = instrumen_lembar(pemda_id, kota=kota).select_related("skala_predikat")
    urutan = (F("pemda_id").asc(nulls_last=True), "-tahun_berlaku", "-versi")
    if pilihan_id is not None:  # the choice (even an inactive older version) sorts first
        pilihan = Case(When(pk=pilihan_id, then=Value(0)), default=Value(1))
        return qs.filter(Q(pk=pilihan_id) | Q(aktif=True)).order_by(pilihan, *urutan).first()
    return qs.filter(aktif=True).order_by(*urutan).first()


def skala_pemda(pemda_id: int, *, pengaturan: PengaturanEvaluasi | None = None) -> SkalaPredikat | None:
    """The pemda's predicate scale: the one chosen in its settings when it may use it, else the scale of its
    default city instrument, else the national default band table (DOMAIN.md §3)."""
    pengaturan = pengaturan or PengaturanEvaluasi.untuk(pemda_id)
    if pengaturan.skala_predikat_id is not None:
        skala = skala_terlihat(pemda_id).filter(pk=pengaturan.skala_predikat_id).first()
        if skala is not None:
            return skala
    ins = instrumen_pemda(pemda_id, kota=True, pengaturan=pengaturan)
    if ins is not None:
        return ins.skala_predikat
    return SkalaPredikat.objects.filter(pemda__isnull=True, versi=scoring.VERSI_SKALA_PREDIKAT_DEFAULT).first()


def versi_inklusif(sumber: SkalaPredikat, pemda: Pemda) -> str:
    """The name of a pemda's lower-bound-inclusive copy of `sumber` (unique: the pemda's code is part of it;
    stored data, so never translated: the lookup must find it in any language), at most 60 characters with the
    source's name kept whole when it fits."""
    nama = f"{sumber.versi} (bawah inklusif, {pemda.kode})"
    if len(nama) <= 60:
        return nama
    return f"{sumber.versi[:30]} (bawah inklusif, {pemda.kode}"[:59] + ")"


def salinan_inklusif(sumber: SkalaPredikat, pemda: Pemda) -> SkalaPredikat | None:
    """The pemda's existing lower-bound-inclusive copy of `sumber`, if any."""
    return SkalaPredikat.objects.filter(pemda_id=pemda.pk, versi=versi_inklusif(sumber, pemda)).first()
