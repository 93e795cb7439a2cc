"""The performance tree page's reads as rows (issue 13: a PD page within 3× one query reading every node): its
nodes (`SimpulBaca`) and its indicators with their year's targets (`IndikatorBaca`, `TargetBaca`) from
`values_list`, instead of models through `select_related` (four models a node) and an indicator and a target
model each. A row answers what the page asks of it by the model's own rules (`Indikator.bulat`,
`Indikator.format_nilai`, `Target.sebagai_capaian`, the choices' display), so the page is the same
(tests/kinerja/test_pohon_baca.py compares the rows with the models)."""

from __future__ import annotations

from collections import namedtuple

from django.db.models import FilteredRelation, Q, QuerySet

from ..models import Indikator, PeriodePerencanaan, Sasaran, Target
from .anggaran_pohon import KOLOM_ANGGARAN

_KOLOM_BACA = ("pk", "induk_id", "perangkat_daerah_id", "tingkat_id", "periode_id", "kode", "uraian", "tema",
               "kode_nomenklatur", "jabatan", "nip", *KOLOM_ANGGARAN)  # fmt: skip
_PAGU = _KOLOM_BACA.index("anggaran_pagu")
_KOLOM_TINGKAT = ("tingkat__nama", "tingkat__urutan", "tingkat__kode")
_KOLOM_PD = ("perangkat_daerah__singkatan", "perangkat_daerah__nama")
_KOLOM_PERIODE = tuple(f.attname for f in PeriodePerencanaan._meta.concrete_fields)


TingkatBaca = namedtuple("TingkatBaca", "nama urutan kode")  # what the tree page prints of a node's level
PDBaca = namedtuple("PDBaca", "singkatan nama")  # and of its PD
# A node as the tree page reads it (`pohon.halaman_pohon`): its columns and annotations (`pohon._simpul_terlihat`),
# with its level and PD as above and its period as a model (one per period): a row where `select_related` built
# four models a node (4 ms of a 200-node PD page, bench/pohon.py).
SimpulBaca = namedtuple("SimpulBaca", (*_KOLOM_BACA, "lintas", "berpagu", "tingkat", "perangkat_daerah", "periode"))


def simpul_baca(qs: QuerySet[Sasaran], *, lintas: bool, pemda_id: int) -> list[SimpulBaca]:
    """The nodes of `qs` (annotated as `pohon._simpul_terlihat` does with a year) as `SimpulBaca` rows. The
    period is joined with its pemda in the join's condition: with only the key, PostgreSQL's planner, on some
    statistics, read every pemda's periods through their primary key for each node (tests/test_pohon_baca.py)."""
    qs = qs.annotate(periode_pemda=FilteredRelation("periode", condition=Q(periode__pemda_id=pemda_id)))
    kolom_periode = tuple(f"periode_pemda__{k}" for k in _KOLOM_PERIODE)
    n = len(_KOLOM_BACA) + lintas
    tingkat, pd, periode = {None: None}, {None: None}, {None: None}
    hasil = []
    for r in qs.values_list(*_KOLOM_BACA, *(("lintas",) if lintas else ()), *_KOLOM_TINGKAT, *_KOLOM_PD,
                            *kolom_periode):  # fmt: skip
        t_id, pd_id, p_id = r[3], r[2], r[4]
        if t_id not in tingkat:
            tingkat[t_id] = TingkatBaca(*r[n : n + 3])
        if pd_id not in pd:
            pd[pd_id] = PDBaca(*r[n + 3 : n + 5])
        if p_id not in periode:
            periode[p_id] = PeriodePerencanaan.from_db(qs.db, _KOLOM_PERIODE, r[n + 5 :])
        berpagu = r[_PAGU] is not None and r[_PAGU] > 0  # `mutu_pohon.berpagu_ada`: one budget a node and year
        hasil.append(
            SimpulBaca(*r[:n], *(() if lintas else (False,)), berpagu, tingkat[t_id], pd[pd_id], periode[p_id])
        )
    return hasil


_KOLOM_IND_BACA = ("pk", "sasaran_id", "kode", "uraian", "satuan", "arah", "agregasi", "induk_indikator_id",
                   "relasi_induk", "bilangan_bulat", "manual_definisi", "manual_jenis")  # fmt: skip


class IndikatorBaca(namedtuple("IndikatorBaca", _KOLOM_IND_BACA)):
    """An indicator as the tree page reads it (`pohon.ukuran(baca=True)`), formatting its values and naming its
    relation by the model's own rules: a row, not a model (300 models cost a 200-node PD page 3 ms)."""

    __slots__ = ()
    bulat = Indikator.bulat
    format_nilai = Indikator.format_nilai

    def get_relasi_induk_display(self) -> str:
        return Indikator._get_FIELD_display(self, Indikator._meta.get_field("relasi_induk"))


class TargetBaca(namedtuple("TargetBaca", Target.NILAI_FIELDS)):
    """The year's target of an `IndikatorBaca`, read by the model's rule (`Target.sebagai_capaian`)."""

    __slots__ = ()
    sebagai_capaian = Target.sebagai_capaian


def indikator_baca(qs: QuerySet[Indikator]) -> tuple[list[IndikatorBaca], dict[int, TargetBaca]]:
    """The indicators of `qs` (annotated as `pohon.ukuran` does, with the manuals) as rows, and their year's
    targets by indicator."""
    n, daftar, target = len(_KOLOM_IND_BACA), [], {}
    for r in qs.values_list(*_KOLOM_IND_BACA, "target_pk", *(f"target_{k}" for k in Target.NILAI_FIELDS)):
        daftar.append(IndikatorBaca(*r[:n]))
        if r[n] is not None:
            target[r[0]] = TargetBaca(*r[n + 1 :])
    return daftar, target
