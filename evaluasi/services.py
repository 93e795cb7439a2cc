"""Writes of the evaluasi app: creating evaluations, answers with optimistic locking and history, the
workflow draf → diajukan → dinilai → final, frozen results, official results, recommendations, and copying
an instrument to a new version.

Every function checks the caller's right through the access choke point (a PermissionDenied otherwise),
runs in one transaction, and records history (Riwayat) for answers, results and recommendations.
Who answers what: a PD's self-assessment its operator/kepala (ISI); the internal evaluation of a PD the
Inspektorat (EVALUASI); the city's self-estimate Bagian Organisasi (KELOLA). Nobody edits a final one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, profil_pengguna
from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    berkas_dijaga,
    berkas_ganti,
    perbarui_berversi,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import bulat_atau_galat, teks_atau_galat
from sakip.lib.angka import format_angka

from . import scoring
from .models import (
    TAHUN_MAKS,
    TAHUN_MIN,
    Evaluasi,
    HasilEvaluasi,
    Instrumen,
    Jawaban,
    Komponen,
    Kriteria,
    NilaiSubKomponen,
    Rekomendasi,
    SubKomponen,
)
from .selectors import InstrumenSiap, hitung, instrumen_siap, masukan_evaluasi

S = Evaluasi.Status
J = Evaluasi.Jenis
SELISIH_RESMI = Decimal("0.01")  # DOMAIN.md §2.2: an LHE's parts may differ from its total by 0,01
SEPERSERATUS = Decimal("0.01")  # values are stored with two decimals (HasilEvaluasi.total)
NOMOR_LHE_MAKS = 100  # Evaluasi.nomor_lhe


# --- Rights -------------------------------------------------------------------------------------------------


def aksi_isi(evaluasi: Evaluasi) -> str:
    """The action that answering this evaluation needs."""
    if evaluasi.jenis == J.INTERNAL:
        return Aksi.EVALUASI
    if evaluasi.jenis == J.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.ISI
    return Aksi.KELOLA


def _pastikan(user, evaluasi: Evaluasi, aksi: str) -> None:
    """PermissionDenied unless `user` may perform `aksi` on this evaluation."""
    if not Evaluasi.objects.for_user(user, aksi).filter(pk=evaluasi.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada evaluasi ini."))


def _pastikan_bukan_final(evaluasi: Evaluasi) -> None:
    if evaluasi.status == S.FINAL:
        raise ValidationError(_("Evaluasi ini sudah final dan tidak dapat diubah."))


def boleh_mengisi(user, evaluasi: Evaluasi) -> bool:
    """Whether `user` may answer this evaluation now (right, scope and status)."""
    if evaluasi.jenis == J.RESMI or evaluasi.status != S.DRAF or evaluasi.arsip:
        return False
    return Evaluasi.objects.for_user(user, aksi_isi(evaluasi)).filter(pk=evaluasi.pk).exists()


def _kunci(evaluasi: Evaluasi) -> Evaluasi:
    """Reload the evaluation row locked for update (a second writer waits, then sees the new status).

    An archived row (a kind the workflow does not know, kept by migration 0005) is read-only."""
    e = Evaluasi.objects.select_for_update().select_related("instrumen__skala_predikat").get(pk=evaluasi.pk)
    if e.arsip:
        raise ValidationError(_("Evaluasi ini diarsipkan (jenisnya tidak dikenal) dan hanya dapat dibaca."))
    return e


# --- Creating --------------------------------------------------------------------------------------------


def instrumen_bawaan(jenis: str, *, kota: bool, pemda_id: int) -> Instrumen:
    """A pemda's default instrument for a kind of evaluation: method A for the city, method B for a PD.

    The pemda chooses by activating its own adaptation, which then wins over the national instruments (no
    pemda; shared by all, as they are). Another pemda's instruments are never considered (issue 11 §10).
    """
    metode = scoring.METODE_A if kota else scoring.METODE_B
    ins = (
        Instrumen.objects.filter(Q(pemda__isnull=True) | Q(pemda_id=pemda_id), aktif=True, metode=metode)
        .select_related("skala_predikat")
        .order_by(F("pemda_id").asc(nulls_last=True), "-tahun_berlaku", "-versi")
        .first()
    )
    if ins is None:
        raise ValidationError(_("Belum ada instrumen evaluasi aktif dengan metode %(m)s.") % {"m": metode})
    return ins


def _instrumen_untuk(instrumen: Instrumen | None, *, pemda_id: int, kota: bool, jenis: str) -> Instrumen:
    """The given instrument when it is national or the pemda's own, else the pemda's default."""
    if instrumen is None:
        return instrumen_bawaan(jenis, kota=kota, pemda_id=pemda_id)
    if instrumen.pemda_id not in (None, pemda_id):
        raise ValidationError({"instrumen": [_("Instrumen ini milik pemda lain dan tidak dapat dipakai.")]})
    return instrumen


def _jenis_dan_tahun(jenis, tahun) -> tuple[str, int]:
    """The kind among the known ones and the year within TAHUN_MIN..TAHUN_MAKS, else a ValidationError."""
    if jenis not in J.values:
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
    if jenis == J.RESMI:
        raise ValidationError(_("Hasil resmi dicatat lewat formulir hasil resmi."))
    if jenis == J.INTERNAL and perangkat_daerah is None:
        raise ValidationError(_("Evaluasi internal selalu untuk satu perangkat daerah."))
    contoh = Evaluasi(jenis=jenis, perangkat_daerah=perangkat_daerah, pemda_id=profil.pemda_id)
    aksi = aksi_isi(contoh)
    if not boleh(oleh, aksi) or (perangkat_daerah is not None and not _pd_dalam_lingkup(oleh, perangkat_daerah, aksi)):
        raise PermissionDenied(_("Anda tidak berwenang membuka evaluasi ini."))
    pemda_id = perangkat_daerah.pemda_id if perangkat_daerah else profil.pemda_id
    sudah_ada = ValidationError(
        _("%(j)s %(o)s tahun %(t)s sudah ada; buka evaluasi yang sudah ada di daftar.")
        % {"j": J(jenis).label, "o": perangkat_daerah.nama if perangkat_daerah else _("tingkat kota"), "t": tahun}
    )
    if Evaluasi.objects.filter(pemda_id=pemda_id, perangkat_daerah=perangkat_daerah, tahun=tahun, jenis=jenis).exists():
        raise sudah_ada
    instrumen = _instrumen_untuk(instrumen, pemda_id=pemda_id, kota=perangkat_daerah is None, jenis=jenis)
    try:
        with transaction.atomic():
            evaluasi = Evaluasi.objects.create(
                instrumen=instrumen,
                tahun=tahun,
                pemda_id=pemda_id,
                perangkat_daerah=perangkat_daerah,
                jenis=jenis,
                dibuat_oleh=oleh,
            )
    except IntegrityError:  # a concurrent request opened the same one first
        raise sudah_ada from None
    _isi_baris_kosong(evaluasi, instrumen_siap(instrumen))
    riwayat_catat(obj=evaluasi, pemda_id=pemda_id, aksi="buat", oleh=oleh, sebelum=None, sesudah=potret(evaluasi))
    return evaluasi


def _pd_dalam_lingkup(user, pd, aksi: str) -> bool:
    from perangkat_daerah.models import PerangkatDaerah

    return PerangkatDaerah.objects.for_user(user, aksi).filter(pk=pd.pk).exists()


def _isi_baris_kosong(evaluasi: Evaluasi, siap: InstrumenSiap) -> None:
    """One empty answer row per criterion (and grade row per sub, method A): each then has its versi."""
    Jawaban.objects.bulk_create(Jawaban(evaluasi=evaluasi, kriteria_id=kid) for kid in siap.kriteria_id)
    if siap.metode == scoring.METODE_A:
        NilaiSubKomponen.objects.bulk_create(
            NilaiSubKomponen(evaluasi=evaluasi, subkomponen_id=sid) for sid in siap.sub_id
        )


# --- Answers -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IsianJawaban:
    """One answer change: the criterion (or, with `subkomponen`, a method-A grade), value, note, versi."""

    kode: str
    nilai: str
    versi: int
    catatan: str | None = None
    subkomponen: bool = False


@transaction.atomic
def jawaban_simpan(*, evaluasi: Evaluasi, oleh, isian: list[IsianJawaban]) -> int:
    """Save answers (and method-A grades); returns how many rows changed.

    All or nothing: one stale `versi` raises VersiKedaluwarsa and nothing is saved. Unchanged rows are
    left alone (their versi stays). Each change is recorded in the history.
    """
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    if evaluasi.status != S.DRAF:
        raise ValidationError(
            _("Evaluasi berstatus %(s)s; jawaban hanya dapat diubah saat draf.") % {"s": evaluasi.get_status_display()}
        )
    siap = instrumen_siap(evaluasi.instrumen)
    baris_kr = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    baris_sub = {n.subkomponen_id: n for n in NilaiSubKomponen.objects.filter(evaluasi=evaluasi)}
    berubah = 0
    for item in isian:
        baris = _baris_untuk(siap, item, baris_kr, baris_sub)
        berubah += _simpan_satu(evaluasi, baris, item, oleh)
    return berubah


def _baris_untuk(siap: InstrumenSiap, item: IsianJawaban, baris_kr: dict, baris_sub: dict):
    if item.subkomponen:
        sub = siap.sub_kode.get(item.kode)
        if sub is None or sub.id not in baris_sub:
            raise ValidationError({item.kode: _("Subkomponen %(k)s tidak ada pada instrumen ini.") % {"k": item.kode}})
        if item.nilai and item.nilai not in siap.nilai_a_pilihan:
            raise ValidationError({item.kode: _("Nilai %(n)s tidak dikenal untuk subkomponen.") % {"n": item.nilai}})
        return baris_sub[sub.id]
    kr = siap.kriteria_kode.get(item.kode)
    if kr is None or kr.id not in baris_kr:
        raise ValidationError({item.kode: _("Kriteria %(k)s tidak ada pada instrumen ini.") % {"k": item.kode}})
    if item.nilai and item.nilai not in kr.pilihan:
        raise ValidationError(
            {item.kode: _("Jawaban “%(n)s” tidak ada pada skala %(s)s.") % {"n": item.nilai, "s": "/".join(kr.pilihan)}}
        )
    return baris_kr[kr.id]


def _simpan_satu(evaluasi: Evaluasi, baris, item: IsianJawaban, oleh) -> int:
    catatan = baris.catatan if item.catatan is None else teks_atau_galat(item.catatan, item.kode)
    if baris.nilai == item.nilai and baris.catatan == catatan:
        return 0  # nothing to change, so nothing to conflict with
    if item.versi != baris.versi:
        raise VersiKedaluwarsa()
    sebelum = potret(baris, ["nilai", "catatan", "versi"])
    perbarui_berversi(
        baris, versi=item.versi, nilai=item.nilai, catatan=catatan, diubah_oleh=oleh, diubah_pada=timezone.now()
    )
    riwayat_catat(
        obj=baris,
        pemda_id=evaluasi.pemda_id,
        aksi="ubah_jawaban",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=potret(baris, ["nilai", "catatan", "versi"]),
    )
    return 1


@transaction.atomic
def bukti_unggah(*, jawaban: Jawaban, berkas, oleh, versi: int) -> Jawaban:
    """Attach an evidence file to an answer (type sniffed from its content, ≤ 10 MiB, random stored name)."""
    evaluasi = jawaban.evaluasi
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    if evaluasi.status != S.DRAF:
        raise ValidationError(_("Bukti hanya dapat diunggah saat evaluasi berstatus draf."))
    jenis = jenis_bukti(berkas)
    nama_asli = berkas.name[-200:]
    sebelum = potret(jawaban, ["bukti", "bukti_nama", "versi"])
    with berkas_dijaga():  # a stale versi leaves no new file; the replaced one goes after commit
        perbarui_berversi(
            jawaban,
            versi=versi,
            bukti=berkas_ganti(jawaban.bukti, berkas, f"bukti{jenis.ekstensi}"),
            bukti_nama=nama_asli,
            bukti_jenis=jenis.mime,
            diubah_oleh=oleh,
            diubah_pada=timezone.now(),
        )
    riwayat_catat(
        obj=jawaban,
        pemda_id=evaluasi.pemda_id,
        aksi="unggah_bukti",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=potret(jawaban, ["bukti", "bukti_nama", "versi"]),
    )
    return jawaban


# --- Workflow -------------------------------------------------------------------------------------------


def _ubah_status(evaluasi: Evaluasi, *, oleh, ke: str, versi: int | None, catatan: str = "") -> Evaluasi:
    sebelum = {"status": evaluasi.status, "versi": evaluasi.versi}
    perbarui_berversi(evaluasi, versi=evaluasi.versi if versi is None else versi, status=ke)
    riwayat_catat(
        obj=evaluasi,
        pemda_id=evaluasi.pemda_id,
        aksi=f"status_{ke}",
        oleh=oleh,
        sebelum=sebelum,
        sesudah={"status": ke, "versi": evaluasi.versi},
        catatan=catatan,
    )
    return evaluasi


def _pastikan_lengkap(evaluasi: Evaluasi) -> scoring.Hasil:
    siap = instrumen_siap(evaluasi.instrumen)
    hasil = hitung(siap, masukan_evaluasi(evaluasi, siap))
    if not hasil.lengkap:
        kurang = hasil.jumlah_kriteria - hasil.jumlah_terjawab
        pesan = _("Belum lengkap: %(n)s kriteria belum dijawab") % {"n": kurang}
        if hasil.subkomponen_belum_dinilai:
            pesan += _(", %(n)s subkomponen belum dinilai") % {"n": len(hasil.subkomponen_belum_dinilai)}
        raise ValidationError(pesan + ".")
    return hasil


@transaction.atomic
def evaluasi_ajukan(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """Submit a self-assessment (draf → diajukan); only when every criterion is answered."""
    _pastikan(oleh, evaluasi, aksi_isi(evaluasi))
    evaluasi = _kunci(evaluasi)
    if evaluasi.jenis != J.MANDIRI or evaluasi.status != S.DRAF:
        raise ValidationError(_("Hanya penilaian mandiri berstatus draf yang dapat diajukan."))
    _pastikan_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=S.DIAJUKAN, versi=versi)


@transaction.atomic
def evaluasi_tandai_dinilai(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> Evaluasi:
    """The Inspektorat marks its internal evaluation as scored (draf → dinilai); only when complete."""
    _pastikan(oleh, evaluasi, Aksi.EVALUASI)
    evaluasi = _kunci(evaluasi)
    if evaluasi.jenis != J.INTERNAL or evaluasi.status != S.DRAF:
        raise ValidationError(_("Hanya evaluasi internal berstatus draf yang dapat ditandai dinilai."))
    _pastikan_lengkap(evaluasi)
    return _ubah_status(evaluasi, oleh=oleh, ke=S.DINILAI, versi=versi)


def _aksi_kembalikan(evaluasi: Evaluasi) -> str:
    if evaluasi.jenis == J.MANDIRI and evaluasi.perangkat_daerah_id:
        return Aksi.EVALUASI  # the Inspektorat returns a PD's submission
    return aksi_isi(evaluasi)


@transaction.atomic
def evaluasi_kembalikan(*, evaluasi: Evaluasi, oleh, catatan: str = "", versi: int | None = None) -> Evaluasi:
    """Back to draf: a submitted self-assessment (by the Inspektorat, with a note) or a scored internal one."""
    _pastikan(oleh, evaluasi, _aksi_kembalikan(evaluasi))
    catatan = teks_atau_galat(catatan, "catatan")
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    if evaluasi.status not in (S.DIAJUKAN, S.DINILAI):
        raise ValidationError(_("Evaluasi ini masih draf."))
    return _ubah_status(evaluasi, oleh=oleh, ke=S.DRAF, versi=versi, catatan=catatan)


@transaction.atomic
def evaluasi_finalkan(*, evaluasi: Evaluasi, oleh, versi: int | None = None) -> HasilEvaluasi:
    """Freeze the result (→ final, HasilEvaluasi stored): an internal evaluation once scored (Inspektorat),
    or the city's self-estimate once submitted (Bagian Organisasi). Finalising a PD's internal evaluation
    also freezes that PD's submitted self-assessment of the year."""
    if evaluasi.jenis == J.RESMI:
        raise ValidationError(_("Hasil resmi sudah final sejak dicatat."))
    _pastikan(oleh, evaluasi, Aksi.EVALUASI if evaluasi.jenis == J.INTERNAL else aksi_isi(evaluasi))
    if evaluasi.jenis == J.MANDIRI and evaluasi.perangkat_daerah_id:
        raise PermissionDenied(_("Penilaian mandiri PD menjadi final bersama evaluasi internalnya."))
    evaluasi = _kunci(evaluasi)
    _pastikan_bukan_final(evaluasi)
    siap_status = S.DINILAI if evaluasi.jenis == J.INTERNAL else S.DIAJUKAN
    if evaluasi.status != siap_status:
        raise ValidationError(_("Evaluasi harus berstatus %(s)s sebelum difinalkan.") % {"s": S(siap_status).label})
    hasil = _bekukan(evaluasi, oleh=oleh, versi=versi)
    if evaluasi.jenis == J.INTERNAL:
        mandiri = (
            Evaluasi.objects.select_for_update()
            .select_related("instrumen__skala_predikat")
            .filter(
                perangkat_daerah_id=evaluasi.perangkat_daerah_id,
                tahun=evaluasi.tahun,
                jenis=J.MANDIRI,
                status=S.DIAJUKAN,
            )
            .first()
        )
        if mandiri is not None:
            _bekukan(mandiri, oleh=oleh, versi=None)
    return hasil


def hasil_baris(evaluasi: Evaluasi, hasil: scoring.Hasil) -> HasilEvaluasi:
    """An unsaved HasilEvaluasi snapshot of an engine result (values as text, versions beside)."""
    ins = evaluasi.instrumen
    return HasilEvaluasi(
        evaluasi=evaluasi,
        total=hasil.total,
        predikat=hasil.predikat.kode,
        predikat_nama=hasil.predikat.nama,
        nilai_komponen={k.kode: str(k.nilai) for k in hasil.komponen},
        nilai_subkomponen={s.kode: str(s.nilai) for k in hasil.komponen for s in k.subkomponen},
        lengkap=hasil.lengkap,
        instrumen_kode=ins.kode,
        instrumen_versi=ins.versi,
        skala_predikat_versi=ins.skala_predikat.versi,
    )


def _bekukan(evaluasi: Evaluasi, *, oleh, versi: int | None) -> HasilEvaluasi:
    hasil = _pastikan_lengkap(evaluasi)
    _ubah_status(evaluasi, oleh=oleh, ke=S.FINAL, versi=versi)
    simpan = hasil_baris(evaluasi, hasil)
    simpan.save()
    riwayat_catat(
        obj=simpan, pemda_id=evaluasi.pemda_id, aksi="bekukan_hasil", oleh=oleh, sebelum=None, sesudah=potret(simpan)
    )
    return simpan


# --- Official result ------------------------------------------------------------------------------------


def hasil_resmi_periksa(
    siap: InstrumenSiap, *, total: Decimal, predikat: str, nilai_komponen: dict[str, Decimal | None]
) -> dict[str, list[str]]:
    """Check an official result as read from an LHE; returns {field: [messages]} (empty when valid).

    Each value with at most two decimals (what is stored is what is checked: 70,005 would be stored as
    70,00 but read as 70,01); each component within 0..its weight; the components, when given, all given
    and summing to the total within 0,01; the predicate the one the band table gives the total.
    """
    galat: dict[str, list[str]] = {}
    _periksa_dua_desimal({"total": total, **{f"komponen_{k}": v for k, v in nilai_komponen.items()}}, galat)
    if galat:
        return galat
    skala = siap.skala_predikat
    try:
        band = scoring.predikat(total, skala)
    except ValueError:
        galat["total"] = [_("Nilai total harus antara 0 dan 100.")]
        band = None
    if band is not None and predikat != band.kode:
        galat["predikat"] = [
            _("Predikat %(p)s tidak sesuai nilai total %(t)s: menurut skala %(v)s nilai itu berpredikat %(b)s (%(n)s).")
            % {"p": predikat, "t": format_angka(total), "v": skala.versi, "b": band.kode, "n": band.nama}
        ]
    _periksa_komponen(siap, total, nilai_komponen, galat)
    return galat


def _jumlah_desimal(v: Decimal) -> int:
    """Decimal places that carry a digit (70,000 has none beyond 70); exact, with no context rounding."""
    _tanda, digit, eksponen = v.as_tuple()
    while eksponen < 0 and digit and digit[-1] == 0:
        digit, eksponen = digit[:-1], eksponen + 1
    return max(0, -eksponen)


def _periksa_dua_desimal(nilai: dict[str, Decimal | None], galat: dict) -> None:
    for kunci, v in nilai.items():
        if v is not None and _jumlah_desimal(v) > 2:
            galat[kunci] = [
                _("Nilai %(n)s memiliki lebih dari dua angka desimal; tulis seperti pada LHE, mis. 70,01.")
                % {"n": str(v).replace(".", ",")}
            ]


def _periksa_komponen(siap: InstrumenSiap, total: Decimal, nilai_komponen: dict, galat: dict) -> None:
    terisi = {k: v for k, v in nilai_komponen.items() if v is not None}
    if not terisi:
        return
    for komponen in siap.komponen:
        nilai = terisi.get(komponen.kode)
        kunci = f"komponen_{komponen.kode}"
        if nilai is None:
            galat[kunci] = [_("Isi nilai semua komponen, atau kosongkan semuanya.")]
        elif not Decimal(0) <= nilai <= komponen.bobot:
            galat[kunci] = [
                _("Nilai komponen %(k)s (%(n)s) harus antara 0 dan bobotnya %(b)s.")
                % {"k": komponen.nama, "n": format_angka(nilai), "b": format_angka(komponen.bobot)}
            ]
    if len(terisi) == len(siap.komponen) and not galat.keys() & {f"komponen_{k.kode}" for k in siap.komponen}:
        jumlah = sum(terisi.values())
        if abs(jumlah - total) > SELISIH_RESMI:
            galat.setdefault("total", []).append(
                _("Jumlah nilai komponen %(j)s berbeda %(s)s dari nilai total %(t)s; selisih paling banyak 0,01.")
                % {"j": format_angka(jumlah), "s": format_angka(abs(jumlah - total)), "t": format_angka(total)}
            )


@transaction.atomic
def hasil_resmi_catat(
    *,
    oleh,
    tahun: int,
    total: Decimal,
    predikat: str,
    nilai_komponen: dict[str, Decimal | None] | None = None,
    nomor_lhe: str = "",
    tanggal_lhe=None,
    catatan: str = "",
    instrumen: Instrumen | None = None,
) -> HasilEvaluasi:
    """Record the official KemenPANRB result of the user's pemda for a year (Bagian Organisasi/admin).

    Refused with field messages when a component is outside its weight, the components do not sum to the
    total within 0,01, or the predicate is not the band of the total. The stated total is the one that counts.
    """
    if not boleh(oleh, Aksi.KELOLA):
        raise PermissionDenied(_("Hanya Bagian Organisasi yang mencatat hasil resmi."))
    pemda_id = profil_pengguna(oleh).pemda_id
    tahun = bulat_atau_galat(tahun, "tahun", minimum=TAHUN_MIN, maksimum=TAHUN_MAKS)
    nomor_lhe = teks_atau_galat(nomor_lhe, "nomor_lhe", maks=NOMOR_LHE_MAKS)
    catatan = teks_atau_galat(catatan, "catatan")
    instrumen = _instrumen_untuk(instrumen, pemda_id=pemda_id, kota=True, jenis=J.RESMI)
    siap = instrumen_siap(instrumen)
    nilai_komponen = nilai_komponen or {}
    galat = hasil_resmi_periksa(siap, total=total, predikat=predikat, nilai_komponen=nilai_komponen)
    if galat:
        raise ValidationError(galat)
    # Stored exactly as checked: two decimals at most, so quantize changes only the exponent.
    total = total.quantize(SEPERSERATUS)
    nilai_komponen = {k: None if v is None else v.quantize(SEPERSERATUS) for k, v in nilai_komponen.items()}
    if Evaluasi.objects.filter(pemda_id=pemda_id, perangkat_daerah=None, tahun=tahun, jenis=J.RESMI).exists():
        raise ValidationError({"tahun": [_("Hasil resmi tahun %(t)s sudah dicatat.") % {"t": tahun}]})
    evaluasi = Evaluasi.objects.create(
        instrumen=instrumen,
        tahun=tahun,
        pemda_id=pemda_id,
        jenis=J.RESMI,
        status=S.FINAL,
        nomor_lhe=nomor_lhe,
        tanggal_lhe=tanggal_lhe,
        catatan=catatan,
        dibuat_oleh=oleh,
    )
    band = siap.skala_predikat.band(predikat)
    hasil = HasilEvaluasi.objects.create(
        evaluasi=evaluasi,
        total=total,
        predikat=predikat,
        predikat_nama=band.nama,
        nilai_komponen={k: str(v) for k, v in nilai_komponen.items() if v is not None},
        lengkap=bool(nilai_komponen),
        instrumen_kode=instrumen.kode,
        instrumen_versi=instrumen.versi,
        skala_predikat_versi=siap.skala_predikat.versi,
    )
    riwayat_catat(
        obj=hasil, pemda_id=pemda_id, aksi="catat_hasil_resmi", oleh=oleh, sebelum=None, sesudah=potret(hasil)
    )
    return hasil


# --- Recommendations ---------------------------------------------------------------------------------------


def _aksi_rekomendasi(evaluasi: Evaluasi) -> str:
    return Aksi.EVALUASI if evaluasi.jenis == J.INTERNAL else Aksi.KELOLA


@transaction.atomic
def rekomendasi_buat(
    *, evaluasi: Evaluasi, oleh, uraian: str, batas_waktu, perangkat_daerah=None, kriteria=()
) -> Rekomendasi:
    """Issue a recommendation of an LHE: the Inspektorat for an internal one, Bagian Organisasi otherwise."""
    _pastikan(oleh, evaluasi, _aksi_rekomendasi(evaluasi))
    if evaluasi.jenis == J.INTERNAL:
        perangkat_daerah = evaluasi.perangkat_daerah
    if perangkat_daerah is not None and perangkat_daerah.pemda_id != evaluasi.pemda_id:
        raise ValidationError({"perangkat_daerah": [_("Perangkat daerah harus dari pemda yang sama.")]})
    uraian = teks_atau_galat(uraian, "uraian")
    if not uraian:
        raise ValidationError({"uraian": [_("Tuliskan isi rekomendasi.")]})
    kriteria = list(kriteria)
    kode_instrumen = set(
        Kriteria.objects.filter(subkomponen__komponen__instrumen=evaluasi.instrumen).values_list("pk", flat=True)
    )
    if any(k.pk not in kode_instrumen for k in kriteria):
        raise ValidationError({"kriteria": [_("Kriteria terkait harus dari instrumen evaluasi ini.")]})
    rek = Rekomendasi.objects.create(
        pemda_id=evaluasi.pemda_id,
        evaluasi=evaluasi,
        uraian=uraian,
        perangkat_daerah=perangkat_daerah,
        batas_waktu=batas_waktu,
        dibuat_oleh=oleh,
    )
    rek.kriteria.set(kriteria)
    riwayat_catat(obj=rek, pemda_id=rek.pemda_id, aksi="buat", oleh=oleh, sebelum=None, sesudah=_potret_rek(rek))
    return rek


def _potret_rek(rek: Rekomendasi) -> dict:
    data = potret(rek, ["uraian", "status", "batas_waktu", "tindak_lanjut", "bukti", "catatan_verifikasi", "versi"])
    data["kriteria"] = sorted(rek.kriteria.values_list("kode", flat=True))
    return data


def _pastikan_rek(user, rek: Rekomendasi, aksi: str) -> None:
    if not Rekomendasi.objects.for_user(user, aksi).filter(pk=rek.pk).exists():
        raise PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini pada rekomendasi ini."))


def _aksi_tindak_lanjut(rek: Rekomendasi) -> str:
    """A PD's recommendation is followed up by that PD (ISI), a city-level one by Bagian Organisasi (KELOLA)."""
    return Aksi.ISI if rek.perangkat_daerah_id else Aksi.KELOLA


def boleh_tindak_lanjut(user, rek: Rekomendasi) -> bool:
    """Whether `user` may file the follow-up of this recommendation now."""
    if rek.status == Rekomendasi.Status.SELESAI:
        return False
    return Rekomendasi.objects.for_user(user, _aksi_tindak_lanjut(rek)).filter(pk=rek.pk).exists()


def boleh_verifikasi(user, rek: Rekomendasi) -> bool:
    """Whether `user` may verify this follow-up now: a verifier who did not file it."""
    if rek.status != Rekomendasi.Status.PROSES or rek.ditindaklanjuti_oleh_id == user.pk:
        return False
    return Rekomendasi.objects.for_user(user, Aksi.VERIFIKASI).filter(pk=rek.pk).exists()


@transaction.atomic
def rekomendasi_tindak_lanjut(
    *, rekomendasi: Rekomendasi, oleh, versi: int, tindak_lanjut: str, berkas=None
) -> Rekomendasi:
    """The responsible PD (Bagian Organisasi for a city-level one) reports its follow-up: → proses.

    Separation of duties (issue 11 §17): Bagian Organisasi, which verifies, does not file a PD's follow-up;
    the filer is recorded so that someone else verifies it."""
    _pastikan_rek(oleh, rekomendasi, Aksi.LIHAT)
    if not Rekomendasi.objects.for_user(oleh, _aksi_tindak_lanjut(rekomendasi)).filter(pk=rekomendasi.pk).exists():
        raise PermissionDenied(
            _("Tindak lanjut rekomendasi ini dilaporkan oleh PD penanggung jawabnya, %(pd)s.")
            % {"pd": rekomendasi.perangkat_daerah.nama}
            if rekomendasi.perangkat_daerah_id
            else _("Tindak lanjut rekomendasi tingkat kota dilaporkan oleh Bagian Organisasi.")
        )
    if rekomendasi.status == Rekomendasi.Status.SELESAI:
        raise ValidationError(_("Rekomendasi ini sudah selesai diverifikasi."))
    tindak_lanjut = teks_atau_galat(tindak_lanjut, "tindak_lanjut")
    if not tindak_lanjut:
        raise ValidationError({"tindak_lanjut": [_("Jelaskan tindak lanjut yang sudah dilakukan.")]})
    sebelum = _potret_rek(rekomendasi)
    nilai = {
        "tindak_lanjut": tindak_lanjut,
        "status": Rekomendasi.Status.PROSES,
        "ditindaklanjuti_oleh": oleh,
        "ditindaklanjuti_pada": timezone.now(),
    }
    with berkas_dijaga():  # a stale versi leaves no new file; the replaced one goes after commit
        if berkas is not None:
            jenis = jenis_bukti(berkas)
            nilai.update(bukti_nama=berkas.name[-200:], bukti_jenis=jenis.mime)
            nilai["bukti"] = berkas_ganti(rekomendasi.bukti, berkas, f"bukti{jenis.ekstensi}")
        perbarui_berversi(rekomendasi, versi=versi, **nilai)
    riwayat_catat(
        obj=rekomendasi,
        pemda_id=rekomendasi.pemda_id,
        aksi="tindak_lanjut",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=_potret_rek(rekomendasi),
    )
    return rekomendasi


@transaction.atomic
def rekomendasi_verifikasi(
    *, rekomendasi: Rekomendasi, oleh, versi: int, diterima: bool, catatan: str = ""
) -> Rekomendasi:
    """Bagian Organisasi verifies a follow-up: accepted → selesai; not accepted → back to proses with a note.

    Nobody verifies a follow-up they filed themselves (issue 11 §17)."""
    _pastikan_rek(oleh, rekomendasi, Aksi.VERIFIKASI)
    if rekomendasi.ditindaklanjuti_oleh_id is not None and rekomendasi.ditindaklanjuti_oleh_id == oleh.pk:
        raise PermissionDenied(
            _("Anda sendiri yang melaporkan tindak lanjut ini; verifikasinya harus dilakukan pengguna lain.")
        )
    if rekomendasi.status != Rekomendasi.Status.PROSES:
        raise ValidationError(_("Hanya tindak lanjut berstatus dalam proses yang dapat diverifikasi."))
    catatan = teks_atau_galat(catatan, "catatan")
    if not diterima and not catatan:
        raise ValidationError({"catatan": [_("Tuliskan alasan tindak lanjut belum diterima.")]})
    sebelum = _potret_rek(rekomendasi)
    status = Rekomendasi.Status.SELESAI if diterima else Rekomendasi.Status.PROSES
    perbarui_berversi(
        rekomendasi,
        versi=versi,
        status=status,
        catatan_verifikasi=catatan,
        diverifikasi_oleh=oleh if diterima else None,
        diverifikasi_pada=timezone.now() if diterima else None,
    )
    riwayat_catat(
        obj=rekomendasi,
        pemda_id=rekomendasi.pemda_id,
        aksi="verifikasi" if diterima else "tolak_tindak_lanjut",
        oleh=oleh,
        sebelum=sebelum,
        sesudah=_potret_rek(rekomendasi),
        catatan=catatan,
    )
    return rekomendasi


# --- Instrument versions ----------------------------------------------------------------------------------


@transaction.atomic
def instrumen_salin(*, instrumen: Instrumen, nama: str = "", oleh=None) -> Instrumen:
    """Deep-copy an instrument (components, sub-components, criteria) to the next version, unlocked.

    The copy belongs to the copier's pemda (a copy of a national instrument becomes that pemda's
    adaptation, never a new national one); without a profile (a platform superuser) it keeps the source's.
    Another pemda's instrument is not copied (issue 11 §10)."""
    profil = profil_pengguna(oleh)
    pemda_id = profil.pemda_id if profil is not None else instrumen.pemda_id
    if instrumen.pemda_id not in (None, pemda_id):
        raise PermissionDenied(_("Instrumen ini milik pemda lain."))
    nama = teks_atau_galat(nama, "nama", maks=200)
    versi = (
        Instrumen.objects.filter(kode=instrumen.kode).order_by("-versi").values_list("versi", flat=True).first() or 0
    ) + 1
    salinan = Instrumen.objects.create(
        kode=instrumen.kode,
        nama=nama or instrumen.nama,
        metode=instrumen.metode,
        tahun_berlaku=instrumen.tahun_berlaku,
        versi=versi,
        skala_predikat=instrumen.skala_predikat,
        skala_jawaban=instrumen.skala_jawaban,
        tabel_nilai_a=instrumen.tabel_nilai_a,
        induk=instrumen,
        pemda_id=pemda_id,
        aktif=False,
    )
    for k in instrumen.komponen.prefetch_related("subkomponen__kriteria"):
        komponen = Komponen.objects.create(instrumen=salinan, kode=k.kode, nama=k.nama, bobot=k.bobot, urutan=k.urutan)
        for s in k.subkomponen.all():
            sub = SubKomponen.objects.create(
                komponen=komponen, kode=s.kode, nama=s.nama, jenis=s.jenis, bobot=s.bobot, urutan=s.urutan
            )
            Kriteria.objects.bulk_create(
                Kriteria(
                    subkomponen=sub,
                    nomor=kr.nomor,
                    kode=kr.kode,
                    uraian=kr.uraian,
                    skala=kr.skala,
                    petunjuk=kr.petunjuk,
                )
                for kr in s.kriteria.all()
            )
    return salinan
