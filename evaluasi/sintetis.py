"""A deterministic synthetic national dataset (issue 18 point 5), for scale benchmarks and the per-tenant plan
checks: `manage.py muat_sintetis --pemda 550 --pd 40 --tahun 5`.

Each synthetic pemda (kode `sin-0001` …, half kota, half kabupaten) gets, all from one seed and its own
number (so a pemda's rows do not depend on how many others are built, nor on the batch it falls in):
- `--pd` perangkat daerah, a pimpinan (wali kota/bupati) and a Bagian Organisasi user (no usable password:
  benchmarks and tests log in with `force_login`), and one operator for its first PD;
- one RPJMD period; 3 city sasaran with 2 IKU each; per PD 2 sasaran (under a city sasaran) with 2 + 1
  indicators;
- a target per indicator and year, and four quarterly realisations per indicator and year: verified, except
  the last year's fourth quarter, which is half submitted (waiting in the verification inbox) and half draft;
- per PD, a final internal evaluation of the last year (instrument `lke-internal-88-2021`, method B) with an
  answer to every criterion and its result frozen from the scoring engine;
- per year, the official result (`permenpanrb-88-2021`, method A), computed by the engine from generated
  grades, stored as figures as an LHE is.
- the national group `sintetis-nasional` holding every synthetic pemda.

Rows are built in memory per batch of pemda and written with bulk_create in large batches (one INSERT per
model per batch on PostgreSQL), so the number of queries grows with the batches, not with the rows.
A pemda that already exists is left alone (running twice changes nothing); `hapus()` removes every synthetic
pemda and its rows (`--reset`). `sidik()` is a digest of the dataset's content (natural keys and values, never
ids or timestamps): two builds with the same arguments give the same digest.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from kinerja.models import (
    Indikator,
    KunciTriwulan,
    PeriodePerencanaan,
    PerjanjianKinerja,
    Realisasi,
    Sasaran,
    Target,
)
from perangkat_daerah.access import Peran
from perangkat_daerah.models import GrupPemda, Pemda, PerangkatDaerah, Profil, Riwayat

from .models import Evaluasi, HasilEvaluasi, Instrumen, Jawaban, NilaiSubKomponen, Rekomendasi
from .selectors import InstrumenSiap, Masukan, hitung, instrumen_siap
from .services import hasil_baris

AWALAN = "sin-"
KODE_GRUP = "sintetis-nasional"
BENIH = 18_2026
KODE_A, KODE_B = "permenpanrb-88-2021", "lke-internal-88-2021"
TAHUN_AKHIR = 2025
BATCH = 5000  # rows per INSERT
JENIS_PD = [j for j, _ in PerangkatDaerah.Jenis.choices]
WAKTU = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)  # every stored timestamp: no clock in the data


@dataclass
class Ukuran:
    """The size of a build: pemda, PD per pemda, years (ending with `tahun_akhir`)."""

    pemda: int
    pd: int
    tahun: int
    tahun_akhir: int = TAHUN_AKHIR
    benih: int = BENIH

    @property
    def daftar_tahun(self) -> list[int]:
        return list(range(self.tahun_akhir - self.tahun + 1, self.tahun_akhir + 1))


@dataclass
class _Batch:
    """The rows of one batch of pemda, built in memory and written model by model."""

    pemda: list = field(default_factory=list)
    pd: list = field(default_factory=list)
    periode: list = field(default_factory=list)
    sasaran_kota: list = field(default_factory=list)
    sasaran_pd: list = field(default_factory=list)
    indikator: list = field(default_factory=list)
    target: list = field(default_factory=list)
    realisasi: list = field(default_factory=list)
    kunci: list = field(default_factory=list)
    pk: list = field(default_factory=list)
    evaluasi: list = field(default_factory=list)  # (Evaluasi, InstrumenSiap, Masukan, store answers)
    rekomendasi: list = field(default_factory=list)
    pengguna: list = field(default_factory=list)  # (User, Profil)


def kode_pemda(nomor: int) -> str:
    return f"{AWALAN}{nomor:04d}"


def kode_pd(j: int) -> str:
    return f"{j // 90 + 1}.{j % 90 + 10:02d}.01"


def _instrumen(kode: str) -> tuple[Instrumen, InstrumenSiap]:
    ins = Instrumen.objects.select_related("skala_predikat").get(kode=kode, versi=1, pemda__isnull=True)
    return ins, instrumen_siap(ins)


def _jawaban(siap: InstrumenSiap, acak: random.Random, level: float) -> dict[str, str]:
    """An answer to every criterion around `level` in [0, 1]."""
    hasil = {}
    for kr in siap.kriteria_kode.values():
        nilai = siap.engine.skala_jawaban[kr.skala].nilai
        if kr.skala == "YT":
            hasil[kr.kode] = "Y" if acak.random() < min(level + 0.1, 0.98) else "T"
        else:
            u = min(max(acak.gauss(level, 0.15), 0.0), 1.0)
            hasil[kr.kode] = min(nilai, key=lambda k, u=u: (abs(float(nilai[k]) - u), k))
    return hasil


def _nilai_sub(siap: InstrumenSiap, acak: random.Random, level: float) -> dict[str, str]:
    """A method-A grade of every sub-component around `level` (AA best … E worst)."""
    urut = list(siap.nilai_a_pilihan)  # best first
    return {
        k: urut[min(len(urut) - 1, max(0, round((1 - min(max(acak.gauss(level, 0.1), 0.0), 1.0)) * (len(urut) - 1))))]
        for k in sorted(siap.sub_kode)
    }


def _angka(x: float) -> Decimal:
    return Decimal(str(round(x, 2)))


def _bangun_pemda(b: _Batch, nomor: int, u: Ukuran, ins: dict, hash_sandi: str) -> None:
    """Every row of synthetic pemda `nomor` into the batch (unsaved; FKs are objects saved later in order)."""
    acak = random.Random(f"{u.benih}-{nomor}")
    kabupaten = nomor % 2 == 0
    pemda = Pemda(
        kode=kode_pemda(nomor),
        nama=f"{'Kabupaten' if kabupaten else 'Kota'} Sintetis {nomor:04d}",
        jenis=Pemda.Jenis.KABUPATEN if kabupaten else Pemda.Jenis.KOTA,
        kepala_nama=f"Kepala Daerah {nomor:04d}",
        ibu_kota=f"Sintetis {nomor:04d}",
    )
    b.pemda.append(pemda)
    level_pemda = 0.45 + 0.45 * acak.random()
    daftar_pd = [
        PerangkatDaerah(
            pemda=pemda,
            kode=kode_pd(j),
            nama=f"Perangkat Daerah {j + 1:02d}",
            singkatan=f"PD{j + 1:02d}",
            jenis=JENIS_PD[j % len(JENIS_PD)],
            kepala_nama=f"Kepala PD {j + 1:02d}",
        )
        for j in range(u.pd)
    ]
    b.pd += daftar_pd
    awal = u.daftar_tahun[0]
    periode = PeriodePerencanaan(
        pemda=pemda, tahun_mulai=awal, tahun_akhir=max(awal + 4, u.tahun_akhir), status="final", visi="Visi sintetis"
    )
    b.periode.append(periode)
    indikator = _sasaran_indikator(b, pemda, periode, daftar_pd, acak)
    _ukuran(b, indikator, u, acak)
    _kunci_pk(b, pemda, daftar_pd, u)
    _evaluasi(b, nomor, pemda, daftar_pd, u, ins, acak, level_pemda)
    _pengguna(b, pemda, daftar_pd, hash_sandi)


def _sasaran_indikator(b: _Batch, pemda, periode, daftar_pd: list, acak: random.Random) -> list:
    """The city sasaran with their IKU and each PD's sasaran with their indicators: [(Indikator, base target)]."""
    kota = [Sasaran(pemda=pemda, periode=periode, kode=f"SK.{k + 1}", uraian=f"Sasaran kota {k + 1}") for k in range(3)]
    b.sasaran_kota += kota
    indikator = []  # (Indikator, base target)
    for k, s in enumerate(kota):
        for n in range(2):
            ind = Indikator(
                sasaran=s, pemda=pemda, kode=f"IKU.{k + 1}.{n + 1}", uraian=f"Indikator kinerja utama {k + 1}.{n + 1}",
                satuan="%", iku=True, urutan=n,
            )  # fmt: skip
            indikator.append((ind, 60 + 30 * acak.random()))
    for j, pd in enumerate(daftar_pd):
        for k in range(2):
            s = Sasaran(
                pemda=pemda, perangkat_daerah=pd, periode=periode, induk=kota[(j + k) % 3],
                kode=f"S.{pd.kode}.{k + 1}", uraian=f"Sasaran {pd.singkatan} {k + 1}",
            )  # fmt: skip
            b.sasaran_pd.append(s)
            for n in range(2 - k):
                ind = Indikator(
                    sasaran=s, pemda=pemda, perangkat_daerah=pd, kode=f"I.{pd.kode}.{k + 1}.{n + 1}",
                    uraian=f"Indikator {pd.singkatan} {k + 1}.{n + 1}", satuan="%" if n == 0 else "dokumen",
                    iku=False, urutan=n,
                )  # fmt: skip
                indikator.append((ind, 50 + 50 * acak.random() if n == 0 else float(acak.randint(4, 40))))
    b.indikator += [i for i, _ in indikator]
    return indikator


def _ukuran(b: _Batch, indikator: list, u: Ukuran, acak: random.Random) -> None:
    """Targets and quarterly realisations of every indicator and year (the last year's TW IV still open)."""
    awal = u.daftar_tahun[0]
    akhir = u.daftar_tahun[-1]
    for ind, dasar in indikator:
        for th in u.daftar_tahun:
            target = dasar * (1 + 0.02 * (th - awal))
            b.target.append(Target(indikator=ind, tahun=th, nilai=_angka(target)))
            for tw in (1, 2, 3, 4):
                r = Realisasi(
                    indikator=ind, tahun=th, triwulan=tw, nilai=_angka(target * (0.7 + 0.45 * acak.random())),
                    status=Realisasi.Status.DIVERIFIKASI, diubah_pada=WAKTU, diajukan_pada=WAKTU,
                    diverifikasi_pada=WAKTU,
                )  # fmt: skip
                if th == akhir and tw == 4:
                    r.diverifikasi_pada = None
                    if acak.random() < 0.5:
                        r.status = Realisasi.Status.DIAJUKAN
                    else:
                        r.status, r.diajukan_pada = Realisasi.Status.DRAF, None
                b.realisasi.append(r)


def _kunci_pk(b: _Batch, pemda, daftar_pd: list, u: Ukuran) -> None:
    """The quarter locks (every year before the last locked) and the set PK of every PD and year."""
    akhir = u.daftar_tahun[-1]
    for th in u.daftar_tahun:
        for tw in (1, 2, 3, 4):
            b.kunci.append(
                KunciTriwulan(pemda=pemda, tahun=th, triwulan=tw, batas_waktu=datetime.date(th, 3 * tw, 28) +
                              datetime.timedelta(days=14), terkunci=th < akhir)
            )  # fmt: skip
        b.pk += [
            PerjanjianKinerja(perangkat_daerah=pd, tahun=th, status="ditetapkan", ditetapkan_pada=WAKTU)
            for pd in daftar_pd
        ]


def _evaluasi(b: _Batch, nomor: int, pemda, daftar_pd: list, u: Ukuran, ins: dict, acak, level_pemda: float) -> None:
    """The official (method A) result of every year with the last one's recommendations, and each PD's final
    internal (method B) evaluation of the last year, answers drawn around the pemda's level."""
    awal, akhir = u.daftar_tahun[0], u.daftar_tahun[-1]
    ins_a, siap_a = ins["A"]
    ins_b, siap_b = ins["B"]
    for th in u.daftar_tahun:
        level = min(level_pemda + 0.02 * (th - awal), 0.97)
        m = Masukan(_jawaban(siap_a, acak, level), _nilai_sub(siap_a, acak, level))
        e = Evaluasi(
            instrumen=ins_a, pemda=pemda, tahun=th, jenis=Evaluasi.Jenis.RESMI, status=Evaluasi.Status.FINAL,
            nomor_lhe=f"B/{nomor:04d}/M.AA.05/{th}", tanggal_lhe=datetime.date(th, 12, 10),
            catatan="Data sintetis",
        )  # fmt: skip
        b.evaluasi.append((e, siap_a, m, False))
    for k, status in enumerate(("belum", "proses", "selesai")):  # the last official result's recommendations
        b.rekomendasi.append(
            Rekomendasi(pemda=pemda, evaluasi=e, uraian=f"Rekomendasi sintetis {k + 1}", status=status,
                        perangkat_daerah=daftar_pd[k % len(daftar_pd)], batas_waktu=datetime.date(akhir + 1, 6, 30))
        )  # fmt: skip
    for pd in daftar_pd:
        level = min(max(level_pemda + acak.gauss(0, 0.12), 0.05), 0.97)
        m = Masukan(_jawaban(siap_b, acak, level), {})
        e = Evaluasi(
            instrumen=ins_b, pemda=pemda, perangkat_daerah=pd, tahun=akhir, jenis=Evaluasi.Jenis.INTERNAL,
            status=Evaluasi.Status.FINAL,
        )  # fmt: skip
        b.evaluasi.append((e, siap_b, m, True))


def _pengguna(b: _Batch, pemda, daftar_pd: list, hash_sandi: str) -> None:
    """Three users per pemda (pimpinan, Bagian Organisasi, one operator) with no usable password."""
    User = get_user_model()
    for nama, peran, pd in (
        ("pimpinan", Peran.PIMPINAN, None),
        ("organisasi", Peran.BAGIAN_ORGANISASI, None),
        ("operator", Peran.OPERATOR_PD, daftar_pd[0] if daftar_pd else None),
    ):
        if peran == Peran.OPERATOR_PD and pd is None:
            continue
        user = User(username=f"{pemda.kode}-{nama}", password=hash_sandi, is_active=True)
        b.pengguna.append((user, Profil(user=user, pemda=pemda, peran=peran, perangkat_daerah=pd)))


def _isi_fk(objek: list, *nama: str) -> None:
    """After the parents were saved, copy their ids into the children's FK columns (bulk_create needs ids)."""
    for o in objek:
        for n in nama:
            induk = getattr(o, n)
            if induk is not None:
                setattr(o, f"{n}_id", induk.pk)


def _simpan(b: _Batch) -> int:
    """Write the batch in FK order, each model in INSERTs of up to BATCH rows; returns the rows written."""
    Pemda.objects.bulk_create(b.pemda, batch_size=BATCH)
    _isi_fk(b.pd, "pemda")
    PerangkatDaerah.objects.bulk_create(b.pd, batch_size=BATCH)
    _isi_fk(b.periode, "pemda")
    PeriodePerencanaan.objects.bulk_create(b.periode, batch_size=BATCH)
    _isi_fk(b.sasaran_kota, "pemda", "periode")
    Sasaran.objects.bulk_create(b.sasaran_kota, batch_size=BATCH)
    _isi_fk(b.sasaran_pd, "pemda", "perangkat_daerah", "periode", "induk")
    Sasaran.objects.bulk_create(b.sasaran_pd, batch_size=BATCH)
    _isi_fk(b.indikator, "sasaran", "pemda", "perangkat_daerah")
    Indikator.objects.bulk_create(b.indikator, batch_size=BATCH)
    _isi_fk(b.target, "indikator")
    Target.objects.bulk_create(b.target, batch_size=BATCH)
    _isi_fk(b.realisasi, "indikator")
    Realisasi.objects.bulk_create(b.realisasi, batch_size=BATCH)
    _isi_fk(b.kunci, "pemda")
    KunciTriwulan.objects.bulk_create(b.kunci, batch_size=BATCH)
    _isi_fk(b.pk, "perangkat_daerah")
    PerjanjianKinerja.objects.bulk_create(b.pk, batch_size=BATCH)
    return _simpan_evaluasi(b) + sum(
        len(x)
        for x in (b.pemda, b.pd, b.periode, b.sasaran_kota, b.sasaran_pd, b.indikator, b.target, b.realisasi, b.kunci,
                  b.pk, b.rekomendasi)
    )  # fmt: skip


def _simpan_evaluasi(b: _Batch) -> int:
    """Evaluations, recommendations, the submission history, answers, frozen results and users of the batch
    (after its kinerja rows); returns the rows written."""
    evaluasi = [e for e, *_ in b.evaluasi]
    _isi_fk(evaluasi, "pemda", "perangkat_daerah")
    Evaluasi.objects.bulk_create(evaluasi, batch_size=BATCH)
    _isi_fk(b.rekomendasi, "pemda", "evaluasi", "perangkat_daerah")
    Rekomendasi.objects.bulk_create(b.rekomendasi, batch_size=BATCH)
    # the history of the last year's submissions, as the workflow writes it (one row per submitted quarter)
    jenis = ContentType.objects.get_for_model(Realisasi)
    pemda_indikator = {i.pk: i.pemda_id for i in b.indikator}
    akhir = max((r.tahun for r in b.realisasi), default=0)
    riwayat = [
        Riwayat(pemda_id=pemda_indikator[r.indikator_id], content_type=jenis, object_id=r.pk, aksi="ajukan",
                sesudah={"status": r.status, "nilai": str(r.nilai)})
        for r in b.realisasi if r.tahun == akhir and r.status != Realisasi.Status.DRAF
    ]  # fmt: skip
    Riwayat.objects.bulk_create(riwayat, batch_size=BATCH)
    jawaban, nilai_sub, hasil = [], [], []
    for e, siap, m, simpan_jawaban in b.evaluasi:
        if simpan_jawaban:
            jawaban += [Jawaban(evaluasi_id=e.pk, kriteria_id=kr.id, nilai=m.jawaban.get(k, "")) for k, kr in
                        siap.kriteria_kode.items()]  # fmt: skip
            if siap.metode == "A":
                nilai_sub += [NilaiSubKomponen(evaluasi_id=e.pk, subkomponen_id=s.id, nilai=m.nilai_sub.get(k, ""))
                              for k, s in siap.sub_kode.items()]  # fmt: skip
        h = hasil_baris(e, hitung(siap, m))
        h.dihitung_pada = WAKTU
        hasil.append(h)
    Jawaban.objects.bulk_create(jawaban, batch_size=BATCH)
    NilaiSubKomponen.objects.bulk_create(nilai_sub, batch_size=BATCH)
    HasilEvaluasi.objects.bulk_create(hasil, batch_size=BATCH)
    User = get_user_model()
    User.objects.bulk_create([u for u, _ in b.pengguna], batch_size=BATCH)
    profil = [p for _, p in b.pengguna]
    _isi_fk(profil, "user", "pemda", "perangkat_daerah")
    Profil.objects.bulk_create(profil, batch_size=BATCH)
    return sum(len(x) for x in (riwayat, evaluasi, jawaban, nilai_sub, hasil)) + 2 * len(b.pengguna)


def _grup_nasional() -> None:
    """The national group of every synthetic pemda (issue 18 point 1)."""
    grup, _ = GrupPemda.objects.get_or_create(
        kode=KODE_GRUP, defaults={"nama": "Nasional (data sintetis)", "jenis": GrupPemda.Jenis.NASIONAL}
    )
    Antara = GrupPemda.anggota.through
    ada = Antara.objects.filter(gruppemda=grup).values_list("pemda_id", flat=True)
    baru = Pemda.objects.filter(kode__startswith=AWALAN).exclude(pk__in=ada).values_list("pk", flat=True)
    Antara.objects.bulk_create([Antara(gruppemda=grup, pemda_id=p) for p in baru], batch_size=BATCH)


def muat(u: Ukuran, *, per_batch: int = 25, lapor: Callable[[str], None] | None = None) -> int:
    """Build the synthetic pemda 1..u.pemda that do not exist yet, `per_batch` pemda per transaction;
    returns the rows written."""
    ins = {"A": _instrumen(KODE_A), "B": _instrumen(KODE_B)}
    ada = set(Pemda.objects.filter(kode__startswith=AWALAN).values_list("kode", flat=True))
    nomor = [n for n in range(1, u.pemda + 1) if kode_pemda(n) not in ada]
    hash_sandi = make_password(None)  # unusable: synthetic users only log in through force_login
    total = 0
    for i in range(0, len(nomor), per_batch):
        b = _Batch()
        for n in nomor[i : i + per_batch]:
            _bangun_pemda(b, n, u, ins, hash_sandi)
        with transaction.atomic():
            total += _simpan(b)
        if lapor:
            lapor(f"{min(i + per_batch, len(nomor))}/{len(nomor)} pemda, {total} baris")
    with transaction.atomic():
        _grup_nasional()
    if total and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as c:  # fresh statistics: a bulk load leaves the planner guessing
            c.execute("ANALYZE")
    return total


@transaction.atomic
def hapus() -> None:
    """Remove every synthetic pemda and all its rows (raw deletes table by table, children first)."""
    pemda = Pemda.objects.filter(kode__startswith=AWALAN)
    ids = list(pemda.values_list("pk", flat=True))
    if not ids:
        return

    def raw(qs) -> None:
        qs._raw_delete(qs.db)

    raw(GrupPemda.anggota.through.objects.filter(pemda_id__in=ids))  # the group itself stays (its grants)
    raw(HasilEvaluasi.objects.filter(evaluasi__pemda_id__in=ids))
    raw(Jawaban.objects.filter(evaluasi__pemda_id__in=ids))
    raw(NilaiSubKomponen.objects.filter(evaluasi__pemda_id__in=ids))
    # what the product may have added on synthetic rows since (recommendations, history) goes with them
    Rekomendasi.kriteria.through.objects.filter(rekomendasi__pemda_id__in=ids).delete()
    raw(Rekomendasi.objects.filter(pemda_id__in=ids))
    raw(Riwayat.objects.filter(pemda_id__in=ids))
    raw(KunciTriwulan.objects.filter(pemda_id__in=ids))
    raw(PerjanjianKinerja.objects.filter(perangkat_daerah__pemda_id__in=ids))
    raw(Evaluasi.objects.filter(pemda_id__in=ids))
    raw(Realisasi.objects.filter(indikator__pemda_id__in=ids))
    raw(Target.objects.filter(indikator__pemda_id__in=ids))
    Indikator.objects.filter(pemda_id__in=ids).update(induk_indikator=None)
    raw(Indikator.objects.filter(pemda_id__in=ids))
    Sasaran.objects.filter(pemda_id__in=ids).update(induk=None)
    raw(Sasaran.objects.filter(pemda_id__in=ids))
    raw(PeriodePerencanaan.objects.filter(pemda_id__in=ids))
    User = get_user_model()
    pengguna = list(Profil.objects.filter(pemda_id__in=ids).values_list("user_id", flat=True))
    raw(Profil.objects.filter(pemda_id__in=ids))
    raw(User.objects.filter(pk__in=pengguna))  # benchmark accounts: nothing else points at them
    raw(PerangkatDaerah.objects.filter(pemda_id__in=ids))
    raw(Pemda.objects.filter(pk__in=ids))


def sidik() -> str:
    """A sha256 of the synthetic dataset's content by natural keys (no ids, no timestamps)."""
    h = hashlib.sha256()
    sin = {"kode__startswith": AWALAN}

    def tambah(qs, *kolom) -> None:
        for baris in qs.order_by(*kolom).values_list(*kolom):
            h.update(repr(baris).encode())
        h.update(b"|")

    tambah(Pemda.objects.filter(**sin), "kode", "nama", "jenis")
    tambah(PerangkatDaerah.objects.filter(pemda__kode__startswith=AWALAN), "pemda__kode", "kode", "nama", "jenis")
    tambah(
        Sasaran.objects.filter(pemda__kode__startswith=AWALAN),
        "pemda__kode", "kode", "perangkat_daerah__kode", "induk__kode", "periode__tahun_mulai",
    )  # fmt: skip
    tambah(
        Indikator.objects.filter(pemda__kode__startswith=AWALAN),
        "pemda__kode", "kode", "sasaran__kode", "perangkat_daerah__kode", "iku", "satuan",
    )  # fmt: skip
    tambah(Target.objects.filter(indikator__pemda__kode__startswith=AWALAN), "indikator__pemda__kode",
           "indikator__kode", "tahun", "nilai")  # fmt: skip
    tambah(Realisasi.objects.filter(indikator__pemda__kode__startswith=AWALAN), "indikator__pemda__kode",
           "indikator__kode", "tahun", "triwulan", "nilai", "status")  # fmt: skip
    tambah(Evaluasi.objects.filter(pemda__kode__startswith=AWALAN), "pemda__kode", "perangkat_daerah__kode",
           "tahun", "jenis", "status", "instrumen__kode")  # fmt: skip
    tambah(Jawaban.objects.filter(evaluasi__pemda__kode__startswith=AWALAN), "evaluasi__pemda__kode",
           "evaluasi__perangkat_daerah__kode", "evaluasi__tahun", "evaluasi__jenis", "kriteria__kode",
           "nilai")  # fmt: skip
    tambah(HasilEvaluasi.objects.filter(evaluasi__pemda__kode__startswith=AWALAN), "evaluasi__pemda__kode",
           "evaluasi__perangkat_daerah__kode", "evaluasi__tahun", "evaluasi__jenis", "total", "predikat",
           "nilai_komponen")  # fmt: skip
    tambah(KunciTriwulan.objects.filter(pemda__kode__startswith=AWALAN), "pemda__kode", "tahun", "triwulan",
           "batas_waktu", "terkunci")  # fmt: skip
    tambah(PerjanjianKinerja.objects.filter(perangkat_daerah__pemda__kode__startswith=AWALAN),
           "perangkat_daerah__pemda__kode", "perangkat_daerah__kode", "tahun", "status")  # fmt: skip
    tambah(Rekomendasi.objects.filter(pemda__kode__startswith=AWALAN), "pemda__kode", "uraian", "status",
           "perangkat_daerah__kode", "batas_waktu")  # fmt: skip
    tambah(Profil.objects.filter(pemda__kode__startswith=AWALAN), "user__username", "peran", "perangkat_daerah__kode")
    return h.hexdigest()
