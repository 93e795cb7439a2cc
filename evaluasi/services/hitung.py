"""THE recompute of a year's results: one pemda (`hitung_ulang_pemda`), and many pemda spread over Celery
workers (`hitung_ulang_banyak`, issue 18 point 4).

One pemda's recompute is one transaction: its evaluations of the year are locked the way every evaluation
write locks them (`SELECT … FOR UPDATE`, as `hak.kunci`, in id order so two recomputes cannot deadlock), then
scored by the engine (`selectors.hasil_banyak`) and written to `HasilHitung` (insert or update on the
evaluation: running it twice gives the same rows). A user saving answers meanwhile waits for that one pemda's
transaction (tens of milliseconds) or is waited for; no evaluation is scored from half a save.

Many pemda: one `BatchHitung` row and one `BagianHitung` row per pemda, then a Celery group of chunk tasks of
`SAKIP_HITUNG_PEMDA_PER_TUGAS` pemda each, on the `batch` queue. A chunk marks each pemda done in the same
transaction as its results, so a chunk retried after a transient database error (autoretry with backoff)
skips what it already did; a pemda whose data the engine refuses is marked failed with the reason and the
chunk goes on. At its end a chunk recounts the batch's counters from the pemda rows (THE recount of every
batch, `perangkat_daerah.batch.batch_rekap`: exact and serialised on the batch row), and the recount that
finds every pemda done or failed closes the batch.
"""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import wajib_kelola_semua
from perangkat_daerah.batch import BERJALAN, batch_kirim, batch_mulai, batch_pulihkan_macet, batch_rekap
from perangkat_daerah.models import GrupPemda, Pemda
from sakip.lib.kueri import salah_satu

from .. import scoring
from ..models import BagianHitung, BatchHitung, Evaluasi, HasilEvaluasi, HasilHitung, Jawaban, NilaiSubKomponen
from ..selectors.mesin import hitung, instrumen_siap_per_id, masukan_dari_baris

log = logging.getLogger(__name__)
TUNGGU_KUNCI_MS = 500  # the longest a recompute waits for a row a user holds (PostgreSQL's deadlock_timeout: 1 s)
_NILAI = ("total", "predikat", "nilai_komponen", "lengkap", "sama_dengan_beku")  # what a recompute compares
_SETELAN_PG = "SELECT set_config('lock_timeout', %s, true), set_config('synchronous_commit', 'off', true)"


def evaluasi_dihitung(pemda_id: int, tahun: int):
    """The evaluations a recompute scores: every self-assessment and internal evaluation of the year (PD and
    city), not the official results nor those recorded from an LHE (no answers), nor archived rows."""
    return Evaluasi.objects.filter(pemda_id=pemda_id, tahun=tahun, arsip=False, dicatat_dari_lhe=False).exclude(
        jenis=Evaluasi.Jenis.RESMI
    )


@transaction.atomic(savepoint=False)
def hitung_ulang_pemda(pemda_id: int, tahun: int) -> int:
    """Recompute one pemda's year in one transaction (rows locked as every evaluation write locks them);
    returns how many evaluations were scored. Idempotent: a result the engine gives again is not rewritten
    (a re-run over unchanged answers writes nothing; `dihitung_pada` is when that result was last written).
    Inside a chunk's transaction it opens no savepoint of its own: any error rolls the whole pemda back.

    It yields to users: on PostgreSQL it waits at most TUNGGU_KUNCI_MS for a row a user's transaction holds
    (less than the server's deadlock check, 1 s), then fails with an OperationalError, which the chunk task
    retries later. So a finalisation that locks an internal evaluation and then its self-assessment (the
    other order from this id-ordered lock) is never the one aborted.

    Its commit does not wait for the WAL flush (`synchronous_commit = off`, this transaction only): what it
    writes is derived and re-derivable, a server crash can only lose the last fraction of a second of such
    commits, results and the pemda's mark together (still consistent), and the stuck-batch sweep sends that
    pemda again. One commit per pemda: waiting for each flush would be most of a pemda's time under write load."""
    if connection.vendor == "postgresql":
        with connection.cursor() as c:  # one round trip for both, this transaction only
            c.execute(_SETELAN_PG, [f"{TUNGGU_KUNCI_MS}ms"])
    daftar = list(
        evaluasi_dihitung(pemda_id, tahun).select_for_update(of=("self",)).order_by("pk")
        .values_list("pk", "status", "instrumen_id", "instrumen__diubah_pada", "instrumen__skala_predikat_id")
    )  # fmt: skip
    hasil = _hasil(daftar)
    final = [eid for eid, status, *_ in daftar if status == Evaluasi.Status.FINAL]
    beku = {
        eid: (total, predikat)
        for eid, total, predikat in HasilEvaluasi.objects.filter(evaluasi__in=final).values_list(
            "evaluasi_id", "total", "predikat"
        )
    } if final else {}  # fmt: skip
    nilai = {}
    for eid, h in hasil.items():
        sama = beku[eid] == (h.total, h.predikat.kode) if eid in beku else None
        nilai[eid] = (h.total, h.predikat.kode, {k.kode: str(k.nilai) for k in h.komponen}, h.lengkap, sama)
    _simpan(pemda_id, tahun, nilai)
    return len(daftar)


def _hasil(daftar: list[tuple]) -> dict:
    """The engine's result of each (id, status, instrumen_id, diubah_pada, skala_id) row: the answers in one
    query, the sub-component grades only for method-A instruments (method B ignores them), instruments from
    the process cache (`selectors.instrumen_siap_per_id`)."""
    siap = instrumen_siap_per_id((i, d, s) for _, _, i, d, s in daftar)
    ids = [eid for eid, *_ in daftar]
    jawaban, nilai_sub = defaultdict(list), defaultdict(list)
    for eid, kid, n in (
        Jawaban.objects.filter(salah_satu("evaluasi_id", ids))
        .exclude(nilai="")
        .values_list("evaluasi_id", "kriteria_id", "nilai")
    ):
        jawaban[eid].append((kid, n))
    metode_a = [eid for eid, _, i, *_ in daftar if siap[i].metode == scoring.METODE_A]
    sub = NilaiSubKomponen.objects.filter(salah_satu("evaluasi_id", metode_a)).exclude(nilai="")
    for eid, sid, n in sub.values_list("evaluasi_id", "subkomponen_id", "nilai") if metode_a else ():
        nilai_sub[eid].append((sid, n))
    return {eid: hitung(siap[i], masukan_dari_baris(siap[i], jawaban[eid], nilai_sub[eid])) for eid, _, i, *_ in daftar}


def _simpan(pemda_id: int, tahun: int, nilai: dict[int, tuple]) -> None:
    """Write the results that differ from the stored ones (one upsert) and delete the snapshot of an evaluation
    that left the set since the last recompute (archived, recorded from an LHE)."""
    lama = {
        eid: tuple(v)
        for eid, *v in HasilHitung.objects.filter(pemda_id=pemda_id, tahun=tahun).values_list("evaluasi_id", *_NILAI)
    }
    baru = [(eid, v) for eid, v in nilai.items() if lama.get(eid) != v]
    sekarang = timezone.now()
    if baru and connection.vendor == "postgresql":
        _upsert_pg([(eid, pemda_id, tahun, *v, sekarang) for eid, v in baru])
    elif baru:
        baris = [HasilHitung(evaluasi_id=eid, pemda_id=pemda_id, tahun=tahun, dihitung_pada=sekarang,
                             **dict(zip(_NILAI, v, strict=True))) for eid, v in baru]  # fmt: skip
        kolom = ["pemda", "tahun", *_NILAI, "dihitung_pada"]
        HasilHitung.objects.bulk_create(
            baris, batch_size=500, update_conflicts=True, unique_fields=["evaluasi"], update_fields=kolom
        )
    basi = set(lama) - set(nilai)
    if basi:
        HasilHitung.objects.filter(evaluasi_id__in=basi).delete()


_KOLOM_PG = (
    ("evaluasi_id", "integer"), ("pemda_id", "integer"), ("tahun", "integer"), ("total", "numeric"),
    ("predikat", "text"), ("nilai_komponen", "jsonb"), ("lengkap", "boolean"), ("sama_dengan_beku", "boolean"),
    ("dihitung_pada", "timestamptz"),
)  # fmt: skip


def _upsert_pg(baris: list[tuple]) -> None:
    """One INSERT … ON CONFLICT (evaluasi) DO UPDATE of all these rows, sent as ONE jsonb parameter
    (`jsonb_to_recordset`): bulk_create's UNNEST arrays, or a VALUES list of nine parameters a row, cost the
    worker several ms of client-side quoting and query splitting per pemda; `json.dumps` is C."""
    nama = [k for k, _ in _KOLOM_PG]
    dok = json.dumps(
        [dict(zip(nama, b, strict=True)) for b in baris],
        default=lambda x: x.isoformat() if hasattr(x, "isoformat") else str(x),
    )
    sql = (
        f"INSERT INTO {connection.ops.quote_name(HasilHitung._meta.db_table)} ({', '.join(nama)}) "
        f"SELECT * FROM jsonb_to_recordset(%s::jsonb) AS r({', '.join(f'{k} {t}' for k, t in _KOLOM_PG)}) "
        f"ON CONFLICT (evaluasi_id) DO UPDATE SET {', '.join(f'{k} = excluded.{k}' for k in nama[1:])}"
    )
    with connection.cursor() as c:
        c.execute(sql, [dok])


def wajib_boleh_hitung(oleh, pemda_ids: Iterable[int]) -> None:
    """Who may recompute many pemda: THE rule for work over many pemda (`access.wajib_kelola_semua`: the
    install's superuser, or a user with KELOLA on every one of them; None is the system itself)."""
    pesan = _("Hanya Bagian Organisasi pemda yang bersangkutan yang dapat menghitung ulang hasilnya.")
    wajib_kelola_semua(oleh, pemda_ids, pesan=pesan)


@transaction.atomic
def hitung_ulang_banyak(
    pemda_ids: Iterable[int], tahun: int, *, oleh=None, grup: GrupPemda | None = None
) -> BatchHitung:
    """Start recomputing `tahun` for these pemda: the batch row, one row per pemda, and (after commit) a Celery
    group of chunk tasks of SAKIP_HITUNG_PEMDA_PER_TUGAS pemda on the `batch` queue. A batch of the same year
    and pemda still running is returned instead of a second one (`sudah_ada`)."""
    ids = sorted(set(Pemda.objects.filter(pk__in=list(pemda_ids)).values_list("pk", flat=True)))
    if not ids:
        raise PermissionDenied(_("Tidak ada pemda yang dapat dihitung ulang."))
    wajib_boleh_hitung(oleh, ids)
    Pemda.objects.select_for_update().filter(pk=ids[0]).exists()  # serialise the duplicate check below
    for lama in BatchHitung.objects.filter(tahun=tahun, status__in=BERJALAN):
        if sorted(lama.bagian.values_list("pemda_id", flat=True)) == ids:
            lama.sudah_ada = True
            return lama
    batch = BatchHitung.objects.create(
        tahun=tahun, grup=grup, total=len(ids), diminta_oleh=oleh, dikirim_pada=timezone.now()
    )
    BagianHitung.objects.bulk_create([BagianHitung(batch=batch, pemda_id=p) for p in ids])
    _jadwalkan(batch.pk, ids)
    batch.sudah_ada = False
    return batch


def _jadwalkan(batch_id: int, pemda_ids: list[int]) -> None:
    """After commit, one Celery group of chunk tasks of SAKIP_HITUNG_PEMDA_PER_TUGAS pemda (queue `batch`)."""
    from ..tasks import hitung_ulang_bagian

    batch_kirim(hitung_ulang_bagian, batch_id, pemda_ids, ukuran=settings.SAKIP_HITUNG_PEMDA_PER_TUGAS)


def hitung_pulihkan_macet() -> int:
    """Beat: THE stuck-batch rule (`perangkat_daerah.batch.batch_pulihkan_macet`) over the recompute batches with
    SAKIP_HITUNG_MACET_DETIK: a batch none of whose pemda finished since its chunks were sent (its messages lost:
    a broker restarted without persistence, a purged queue) gets the chunks of its waiting pemda sent again;
    harmless if they were only slow (a chunk skips what is done). Returns how many batches were sent again."""
    from ..tasks import hitung_ulang_bagian

    return batch_pulihkan_macet(
        BatchHitung, detik=settings.SAKIP_HITUNG_MACET_DETIK, tugas=hitung_ulang_bagian,
        ukuran=settings.SAKIP_HITUNG_PEMDA_PER_TUGAS, kunci="pemda_id",
    )  # fmt: skip


def hitung_ulang_grup(grup: GrupPemda, tahun: int, *, oleh=None) -> BatchHitung:
    """ "Hitung ulang semua hasil tahun Y" for every member of a pemda group (see `hitung_ulang_banyak`)."""
    return hitung_ulang_banyak(grup.anggota.values_list("pk", flat=True), tahun, oleh=oleh, grup=grup)


def _tandai(batch_id: int, pemda_id: int, *, status: str, jumlah: int = 0, galat: str = "") -> None:
    """Mark one pemda of the batch done or failed, once (a conditional UPDATE from antri); `batch_rekap` counts."""
    BagianHitung.objects.filter(batch_id=batch_id, pemda_id=pemda_id, status=BagianHitung.Status.ANTRI).update(
        status=status, jumlah_evaluasi=jumlah, galat=galat[:2000], selesai_pada=timezone.now()
    )


def hitung_ulang_potongan(batch_id: int, pemda_ids: list[int], galat_sementara: tuple = ()) -> int:
    """One chunk of a batch (what the Celery task runs): each pemda not done yet, its results and its mark in one
    transaction. A transient error (`galat_sementara`) propagates so the task retries the chunk; any other
    error marks that pemda failed and the chunk goes on. Returns the number of pemda done now."""
    batch = BatchHitung.objects.filter(pk=batch_id).first()
    if batch is None:
        return 0
    batch_mulai(BatchHitung, batch_id)
    belum = set(
        BagianHitung.objects.filter(batch_id=batch_id, pemda_id__in=pemda_ids, status=BagianHitung.Status.ANTRI)
        .values_list("pemda_id", flat=True)
    )  # fmt: skip
    jumlah = 0
    for pemda_id in sorted(belum):
        try:
            with transaction.atomic():
                n = hitung_ulang_pemda(pemda_id, batch.tahun)
                _tandai(batch_id, pemda_id, status=BagianHitung.Status.SELESAI, jumlah=n)
        except galat_sementara:
            raise
        except Exception as exc:  # one pemda's bad data must not stop the others
            log.exception("hitung ulang pemda %s tahun %s gagal", pemda_id, batch.tahun)
            _tandai(batch_id, pemda_id, status=BagianHitung.Status.GAGAL, galat=f"{type(exc).__name__}: {exc}")
        else:
            jumlah += 1
    batch_rekap(BatchHitung, batch_id)
    return jumlah


def potongan_gagal(batch_id: int, pemda_ids: list[int], exc: BaseException) -> None:
    """A chunk that exhausted its retries: its pemda not done yet are marked failed, and the batch may close."""
    for pemda_id in pemda_ids:
        _tandai(batch_id, pemda_id, status=BagianHitung.Status.GAGAL, galat=f"{type(exc).__name__}: {exc}")
    batch_rekap(BatchHitung, batch_id)
