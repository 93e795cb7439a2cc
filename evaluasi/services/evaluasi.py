"""Opening an evaluation: the instrument it uses and its empty answer rows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, profil_pengguna, wajib_hak
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.services import buat_dengan_riwayat
from perangkat_daerah.validasi import bulat_atau_galat

from .. import scoring
from ..models import (
    TAHUN_MAKS,
    TAHUN_MIN,
    Evaluasi,
    Instrumen,
    Jawaban,
    NilaiSubKomponen,
)
from ..selectors import InstrumenSiap, instrumen_siap
from ..selectors.pilihan import instrumen_pemda, metode_untuk
from .hak import aksi_isi

# --- Creating --------------------------------------------------------------------------------------------


def instrumen_bawaan(jenis: str, *, kota: bool, pemda_id: int) -> Instrumen:
    """A pemda's default instrument for a kind of evaluation: method A for the city, method B for a PD.

    The pemda's choice (`selectors.instrumen_pemda`: its settings, else its own active adaptation, else the
    national instrument); another pemda's instruments are never considered (issue 11 §10, issue 15 §4).
    """
    ins = instrumen_pemda(pemda_id, kota=kota)
    if ins is None:
        raise ValidationError(
            _("Belum ada instrumen evaluasi aktif dengan metode %(m)s.") % {"m": metode_untuk(kota=kota)}
        )
    return ins


def instrumen_untuk(instrumen: Instrumen | None, *, pemda_id: int, kota: bool, jenis: str) -> Instrumen:
    """The given instrument when it is national or the pemda's own, else the pemda's default."""
    if instrumen is None:
        return instrumen_bawaan(jenis, kota=kota, pemda_id=pemda_id)
    if instrumen.pemda_id not in (None, pemda_id):
        raise ValidationError({"instrumen": [_("Instrumen ini milik pemda lain dan tidak dapat dipakai.")]})
    return instrumen


def _jenis_dan_tahun(jenis, tahun) -> tuple[str, int]:
    """The kind among the known ones and the year within TAHUN_MIN..TAHUN_MAKS, else a ValidationError."""
    if jenis not in Evaluasi.Jenis.values:
        raise ValidationError(
            {"jenis": [_("Jenis evaluasi tidak dikenal. Pilih penilaian mandiri atau evaluasi internal.")]}
        )
    return jenis, bulat_atau_galat(tahun, "tahun", minimum=TAHUN_MIN, maksimum=TAHUN_MAKS)


@transaction.atomic
def evaluasi_buat(
    *, oleh, tahun: int, jenis: str, perangkat_daerah=None, instrumen: Instrumen | None = None
) -> Evaluasi:
    """Open a self-assessment or internal evaluation for one PD (or the city) and the given year, with empty
    answers. One per (PD or city, year, kind): a second is refused with a message, even when two requests
    race (the database's unique constraint decides)."""
    profil = profil_pengguna(oleh)
    if profil is None:
        raise PermissionDenied(_("Akun ini belum punya profil."))
    jenis, tahun = _jenis_dan_tahun(jenis, tahun)
    if jenis == Evaluasi.Jenis.RESMI:
        raise ValidationError(_("Hasil resmi dicatat lewat formulir hasil resmi."))
    if jenis == Evaluasi.Jenis.INTERNAL and perangkat_daerah is None:
        raise ValidationError(_("Evaluasi internal selalu untuk satu perangkat daerah."))
    _wajib_boleh_buka(oleh, Evaluasi(jenis=jenis, perangkat_daerah=perangkat_daerah, pemda_id=profil.pemda_id))
    pemda_id = perangkat_daerah.pemda_id if perangkat_daerah else profil.pemda_id
    sudah_ada = ValidationError(
        _("%(j)s %(o)s tahun %(t)s sudah ada; buka evaluasi yang sudah ada di daftar.")
        % {"j": Evaluasi.Jenis(jenis).label, "o": perangkat_daerah.nama if perangkat_daerah else _("tingkat kota"),
           "t": tahun}
    )  # fmt: skip
    if Evaluasi.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, tahun=tahun, jenis=jenis).exists():
        raise sudah_ada
    instrumen = instrumen_untuk(instrumen, pemda_id=pemda_id, kota=perangkat_daerah is None, jenis=jenis)
    siap = instrumen_siap(instrumen)
    if siap.engine.hasil_saja:
        raise ValidationError(
            {"instrumen": [_("Instrumen %(n)s hanya untuk mencatat hasil dari LHE; lembar kerjanya tidak tersedia.")
                           % {"n": instrumen.nama}]}
        )  # fmt: skip
    try:
        with transaction.atomic():
            evaluasi = buat_dengan_riwayat(
                Evaluasi, oleh=oleh, aksi="buat", pemda_id=pemda_id, kolom=None,  # every column
                # the row's pemda as an object: the helper's own pemda_id names the history's
                pemda=profil.pemda if profil.pemda_id == pemda_id else perangkat_daerah.pemda,
                instrumen=instrumen, tahun=tahun, perangkat_daerah=perangkat_daerah,
                jenis=jenis, dibuat_oleh=oleh,
            )  # fmt: skip
    except IntegrityError:  # a concurrent request opened the same one first
        raise sudah_ada from None
    _isi_baris_kosong(evaluasi, siap)
    return evaluasi


def evaluasi_dapat_dibuka(user, *, ada: set[tuple[int | None, str]]) -> list[tuple[str, PerangkatDaerah | None]]:
    """What `user` may open (kind, PD or None for the city) that is not in `ada` yet, (PD id, kind) pairs
    of what exists: their own PD's self-assessment (ISI), an internal evaluation of each active PD in their
    scope (EVALUASI), the city's self-estimate (KELOLA). The same rights `evaluasi_buat` checks."""
    profil = profil_pengguna(user)
    if profil is None:
        return []
    mandiri, internal = Evaluasi.Jenis.MANDIRI, Evaluasi.Jenis.INTERNAL
    pilihan: list[tuple[str, PerangkatDaerah | None]] = []
    if boleh(user, Aksi.ISI) and profil.perangkat_daerah_id and (profil.perangkat_daerah_id, mandiri) not in ada:
        pilihan.append((mandiri, profil.perangkat_daerah))
    if boleh(user, Aksi.EVALUASI):
        pd_lingkup = PerangkatDaerah.objects.for_user(user, Aksi.EVALUASI).filter(aktif=True).order_by("kode")
        pilihan += [(internal, pd) for pd in pd_lingkup if (pd.pk, internal) not in ada]
    if boleh(user, Aksi.KELOLA) and (None, mandiri) not in ada:
        pilihan.append((mandiri, None))
    return pilihan


def _wajib_boleh_buka(oleh, contoh: Evaluasi) -> None:
    """PermissionDenied unless `oleh` may answer an evaluation like `contoh`: for a PD, that PD is in their
    scope for the action (access.wajib_hak); for the city, their role grants it."""
    aksi, pesan = aksi_isi(contoh), _("Anda tidak berwenang membuka evaluasi ini.")
    if contoh.perangkat_daerah is not None:
        wajib_hak(oleh, aksi, contoh.perangkat_daerah, pesan=pesan)
    elif not boleh(oleh, aksi):
        raise PermissionDenied(pesan)


def _isi_baris_kosong(evaluasi: Evaluasi, siap: InstrumenSiap) -> None:
    """One empty answer row per criterion (and grade row per sub, method A): each then has its versi."""
    Jawaban.objects.bulk_create(Jawaban(evaluasi=evaluasi, kriteria_id=kid) for kid in siap.kriteria_id)
    if siap.metode == scoring.METODE_A:
        NilaiSubKomponen.objects.bulk_create(
            NilaiSubKomponen(evaluasi=evaluasi, subkomponen_id=sid) for sid in siap.sub_id
        )
