"""Rows for evaluasi tests: the migrated PermenPANRB 88/2021 instruments, small instruments of any size,
evaluations with answers filled by a pattern, and official results."""

from __future__ import annotations

import itertools
from decimal import Decimal

from evaluasi import services
from evaluasi.models import (
    Evaluasi,
    Instrumen,
    Jawaban,
    Komponen,
    Kriteria,
    NilaiSubKomponen,
    SkalaPredikat,
    SubKomponen,
)
from evaluasi.selectors import instrumen_siap

KODE_A = "permenpanrb-88-2021"
KODE_B = "lke-internal-88-2021"
_urut = itertools.count(1)


def instrumen_a() -> Instrumen:
    """The migrated method-A instrument (KemenPANRB style)."""
    return Instrumen.objects.select_related("skala_predikat").get(kode=KODE_A, versi=1)


def instrumen_b() -> Instrumen:
    """The migrated method-B instrument (internal PD evaluation)."""
    return Instrumen.objects.select_related("skala_predikat").get(kode=KODE_B, versi=1)


def bawaan_a() -> Instrumen:
    """The national method-A default: its newest active version (the official LKE wording, migration 0012)."""
    return _bawaan(KODE_A)


def bawaan_b() -> Instrumen:
    """The national method-B default: its newest active version (the official LKE wording, migration 0012)."""
    return _bawaan(KODE_B)


def _bawaan(kode: str) -> Instrumen:
    qs = Instrumen.objects.select_related("skala_predikat").filter(kode=kode, pemda__isnull=True, aktif=True)
    return qs.order_by("-versi").first()


def buat_instrumen_kecil(jumlah_kriteria_per_sub: int = 2, metode: str = "B") -> Instrumen:
    """A 2-component, 4-sub instrument (weights 30+20, 25+25) with `jumlah_kriteria_per_sub` A–E criteria each."""
    n = next(_urut)
    ins = Instrumen.objects.create(
        kode=f"uji-{n}",
        nama=f"Instrumen uji {n}",
        metode=metode,
        tahun_berlaku=2024,
        skala_predikat=SkalaPredikat.objects.get(versi="PermenPANRB 88/2021"),
    )
    for i, bobot in enumerate((("30", "20"), ("25", "25")), start=1):
        k = Komponen.objects.create(
            instrumen=ins, kode=str(i), nama=f"Komponen {i}", bobot=sum(map(Decimal, bobot)), urutan=i
        )
        for j, b in enumerate(bobot):
            s = SubKomponen.objects.create(
                komponen=k, kode=f"{i}{'ab'[j]}", nama=f"Sub {i}{'ab'[j]}", jenis="kualitas", bobot=Decimal(b), urutan=j
            )
            Kriteria.objects.bulk_create(
                Kriteria(
                    subkomponen=s,
                    nomor=m,
                    kode=f"{s.kode}.{m}",
                    uraian=f"Kriteria {s.kode}.{m}",
                    skala="AE" if metode == "B" else "YT",
                )
                for m in range(1, jumlah_kriteria_per_sub + 1)
            )
    return Instrumen.objects.select_related("skala_predikat").get(pk=ins.pk)


def isi_jawaban(evaluasi: Evaluasi, pola=None, nilai_sub=None) -> None:
    """Fill answers directly (no service): `pola(kriteria_info) -> code or ''`, default the top answer."""
    siap = instrumen_siap(evaluasi.instrumen)
    pola = pola or (lambda kr: kr.pilihan[0])
    for j in Jawaban.objects.filter(evaluasi=evaluasi):
        j.nilai = pola(siap.kriteria_id[j.kriteria_id])
        j.save(update_fields=["nilai"])
    if nilai_sub is not None:
        for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi):
            n.nilai = nilai_sub(siap.sub_id[n.subkomponen_id]) if callable(nilai_sub) else nilai_sub
            n.save(update_fields=["nilai"])


def buat_evaluasi(oleh, *, jenis="mandiri", pd=None, tahun=2024, instrumen=None, terisi=False, pola=None) -> Evaluasi:
    """An evaluation opened through the service (so answer rows exist), optionally filled."""
    e = services.evaluasi_buat(oleh=oleh, tahun=tahun, jenis=jenis, perangkat_daerah=pd, instrumen=instrumen)
    e = Evaluasi.objects.select_related("instrumen__skala_predikat", "perangkat_daerah", "pemda").get(pk=e.pk)
    if terisi or pola:
        isi_jawaban(e, pola, nilai_sub="BB" if e.instrumen.metode == "A" else None)
    return e


def evaluasi_final(pemeran, *, pd=None, tahun=2024, pola=None) -> Evaluasi:
    """A PD's internal evaluation taken to final by the Inspektorat."""
    e = buat_evaluasi(pemeran.inspektorat, jenis="internal", pd=pd or pemeran.pd_a, tahun=tahun, terisi=True, pola=pola)
    services.evaluasi_tandai_dinilai(evaluasi=e, oleh=pemeran.inspektorat)
    services.evaluasi_finalkan(evaluasi=e, oleh=pemeran.inspektorat)
    return Evaluasi.objects.select_related("instrumen__skala_predikat", "hasil").get(pk=e.pk)
