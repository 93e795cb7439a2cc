"""Reading and checking the onboarding workbook: every sheet through the import machinery of kinerja
(`impor.dasar._baris_data`, the upload guard `excel.wajib_xlsx_aman`, `_Baris` that records errors by row and
column), every value through the rule that already holds it (the models' field rules and `clean`, THE NIP rule
inside `PerangkatDaerah.clean` and `pejabat.isian_pejabat`, `validasi.teks_atau_galat`, the RPJMD's
visi/misi limits, the instruments and scales a pemda may use). Nothing is written here: the result is a plan
(`Rencana`) or the list of errors."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from kinerja import excel
from kinerja.excel import BerkasDitolak
from kinerja.impor.dasar import GalatImpor, _Baris, _baris_data
from kinerja.models import PeriodePerencanaan
from kinerja.services.dokumen_rencana import MISI_MAKS, VISI_MAKS
from perangkat_daerah.access import Peran
from perangkat_daerah.models import GrupPemda, Pemda, PerangkatDaerah, Profil
from perangkat_daerah.pejabat import KOLOM_DAERAH, isian_pejabat
from perangkat_daerah.pejabat import KOLOM_PD as KOLOM_PEJABAT_PD
from perangkat_daerah.validasi import teks_atau_galat

from ..models import Instrumen, PengaturanEvaluasi, SkalaPredikat
from ..selectors.pilihan import instrumen_lembar, skala_lembar
from .kolom import (
    D_JENIS,
    D_KODE,
    D_NAMA,
    D_SINGKATAN,
    I_KOTA,
    I_PD,
    I_SKALA,
    I_VERSI_KOTA,
    I_VERSI_PD,
    LEMBAR,
    LEMBAR_INSTRUMEN,
    LEMBAR_PD,
    LEMBAR_PEMDA,
    LEMBAR_PENGGUNA,
    LEMBAR_PERIODE,
    P_GRUP,
    P_JENIS,
    P_KODE,
    P_NAMA,
    P_TEMPAT,
    R_AKHIR,
    R_MISI,
    R_MULAI,
    R_VISI,
    U_EMAIL,
    U_JABATAN,
    U_NAMA,
    U_PD,
    U_PERAN,
    U_USERNAME,
    GalatOnboarding,
)

TAHUN_SAH = range(2000, 2101)
# the pemda's columns and the PD's, in sheet order (the kepala columns are THE officials' rule's)
BIDANG_PEMDA = ["kode", "nama", "jenis", "kepala_nama", "kepala_jabatan", "ibu_kota"]
BIDANG_PD = ["kode", "nama", "singkatan", "jenis", "kepala_nama", "kepala_nip", "kepala_jabatan", "kepala_pangkat"]


@dataclass
class BarisPengguna:
    nomor: int
    username: str
    first_name: str
    last_name: str
    email: str
    peran: str
    kode_pd: str
    jabatan: str


@dataclass
class Rencana:
    """A checked workbook: what the pemda should look like. `pemda` is the stored row (None: a new pemda)."""

    pemda: Pemda | None
    nilai_pemda: dict
    grup: list[GrupPemda]
    pd: dict[str, dict]  # kode → values, sheet order
    instrumen: dict[str, Instrumen | SkalaPredikat | None] | None  # kota / pd / skala; None: sheet left empty
    periode: list[dict]
    pengguna: list[BarisPengguna]
    galat: list[GalatOnboarding] = field(default_factory=list)


class _Lembar:
    """One sheet's rows read through the import machinery, its errors kept by row and column."""

    def __init__(self, data: bytes, nama: str, galat: list[GalatOnboarding]):
        self.nama, self.kolom, self._galat_akhir = nama, LEMBAR[nama], galat
        self.galat: list[GalatImpor] = []
        try:
            baris = _baris_data(data, nama, self.kolom)
        except BerkasDitolak as exc:
            galat.append(GalatOnboarding(nama, 0, "–", str(exc)))
            baris = []
        self.baris = [b for n, sel in baris if not (b := _Baris(n, sel, self.kolom, self.galat)).kosong()]

    def selesai(self) -> None:
        self._galat_akhir.extend(GalatOnboarding(self.nama, g.baris, g.kolom, g.pesan) for g in self.galat)

    def lembar_galat(self, pesan: str) -> None:
        self._galat_akhir.append(GalatOnboarding(self.nama, 0, "–", pesan))


def _pesan(exc: ValidationError) -> dict[str, list[str]]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}


def _catat_bidang(b: _Baris, exc: ValidationError, kolom_bidang: dict[str, int], cadangan: int) -> None:
    """A model's or a rule's ValidationError recorded on the row, each field's messages under its column."""
    sudah = set()
    for bidang, pesan in _pesan(exc).items():
        i = kolom_bidang.get(bidang, cadangan)
        for p in pesan:
            if (i, p) not in sudah:
                sudah.add((i, p))
                b.catat(i, p)


def _teks(b: _Baris, i: int, model, bidang: str, *, wajib: bool = False, maks: int | None = None) -> str:
    """A text cell through THE free-text rule, with the model field's length."""
    try:
        return teks_atau_galat(
            b.teks(i), bidang, maks=maks or model._meta.get_field(bidang).max_length or 5000, wajib=wajib
        )
    except ValidationError as exc:
        for p in exc.messages:
            b.catat(i, p)
        return ""


def _pilihan(b: _Baris, i: int, pilihan, judul: str) -> str:
    """A choice by its value or its label, any case ("kota", "Kota"); an error names the choices."""
    teks = b.teks(i)
    for nilai, label in pilihan:
        if teks.casefold() in (str(nilai).casefold(), str(label).casefold()):
            return nilai
    b.catat(i, _("%(j)s “%(t)s” tidak dikenal. Pilihan: %(p)s.")
            % {"j": judul, "t": teks, "p": ", ".join(str(v) for v, _l in pilihan)})  # fmt: skip
    return ""


def _pejabat(b: _Baris, nilai: dict, kolom: list[str], kolom_bidang: dict[str, int]) -> dict:
    """The head's columns through THE officials' rule when any is filled (a name, then, is required)."""
    if not any(b.teks(kolom_bidang[k]) for k in kolom):
        return dict.fromkeys(kolom, "")
    try:
        return isian_pejabat({k: b.teks(kolom_bidang[k]) for k in kolom}, kolom)
    except ValidationError as exc:
        _catat_bidang(b, exc, kolom_bidang, kolom_bidang[kolom[0]])
        return {k: nilai.get(k, "") for k in kolom}


# --- Pemda ------------------------------------------------------------------------------------------


def _baca_pemda(lembar: _Lembar) -> tuple[Pemda | None, dict, list[GrupPemda]] | None:
    if len(lembar.baris) != 1:
        lembar.lembar_galat(_("Lembar ini harus berisi tepat satu baris pemda (sekarang %s).") % len(lembar.baris))
        return None
    b = lembar.baris[0]
    kolom_bidang = {k: i for i, k in enumerate(BIDANG_PEMDA)}
    nilai = {
        "kode": b.teks(P_KODE),
        "nama": _teks(b, P_NAMA, Pemda, "nama", wajib=True),
        "jenis": _pilihan(b, P_JENIS, Pemda.Jenis.choices, _("Jenis pemda")),
        "ibu_kota": _teks(b, P_TEMPAT, Pemda, "ibu_kota"),
    }
    nilai.update(_pejabat(b, nilai, KOLOM_DAERAH, kolom_bidang))
    try:
        nilai["kode"] = Pemda._meta.get_field("kode").clean(nilai["kode"], None)
    except ValidationError as exc:
        _catat_bidang(b, ValidationError({"kode": exc.messages}), kolom_bidang, P_KODE)
    kode_grup = [k.strip() for k in b.teks(P_GRUP).split(",") if k.strip()]
    grup = {g.kode: g for g in GrupPemda.objects.filter(kode__in=kode_grup)}
    for k in kode_grup:
        if k not in grup:
            b.catat(P_GRUP, _("Grup “%s” tidak dikenal. Buat grupnya dulu di admin (Grup pemda).") % k)
    pemda = Pemda.objects.filter(kode=nilai["kode"]).first() if nilai["kode"] else None
    return pemda, nilai, [grup[k] for k in kode_grup if k in grup]


# --- Perangkat Daerah -----------------------------------------------------------------------------


def _baca_pd(lembar: _Lembar) -> dict[str, dict]:
    kolom_bidang = {k: i for i, k in enumerate(BIDANG_PD)}
    hasil, sudah = {}, {}
    for b in lembar.baris:
        nilai = {
            "kode": _teks(b, D_KODE, PerangkatDaerah, "kode", wajib=True),
            "nama": _teks(b, D_NAMA, PerangkatDaerah, "nama", wajib=True),
            "singkatan": _teks(b, D_SINGKATAN, PerangkatDaerah, "singkatan", wajib=True),
            "jenis": _pilihan(b, D_JENIS, PerangkatDaerah.Jenis.choices, _("Jenis perangkat daerah")),
        }
        nilai.update(_pejabat(b, nilai, KOLOM_PEJABAT_PD, kolom_bidang))
        if not b.salah:
            try:  # the model's own rules: lengths, choices, THE NIP rule in clean()
                PerangkatDaerah(**nilai).full_clean(
                    exclude=["pemda"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                _catat_bidang(b, exc, kolom_bidang, D_KODE)
        kode = nilai["kode"]
        if kode and kode in sudah:
            b.catat(
                D_KODE, _("Kode perangkat daerah “%(k)s” sudah ada di baris %(b)s.") % {"k": kode, "b": sudah[kode]}
            )
        sudah.setdefault(kode, b.nomor)
        if not b.salah:
            hasil[kode] = nilai
    return hasil


# --- Instrumen ----------------------------------------------------------------------------------------


def _instrumen(b: _Baris, i_kode: int, i_versi: int, pemda: Pemda | None, *, kota: bool, sekarang) -> Instrumen | None:
    """An instrument the pemda may open a worksheet on (the national ones and its own, `instrumen_lembar`), by
    code and version; without a version the newest active one, or the current choice when it has that code."""
    kode = b.teks(i_kode)
    if not kode:
        if b.teks(i_versi):
            b.catat(i_kode, _("Isi kode instrumen bila versinya diisi."))
        return None
    qs = instrumen_lembar(pemda.pk if pemda else 0, kota=kota).filter(kode=kode).select_related("skala_predikat")
    versi = b.bulat(i_versi)
    if b.teks(i_versi) and versi is None:
        b.catat(i_versi, _("Versi “%s” bukan bilangan bulat.") % b.teks(i_versi))
        return None
    if versi is not None:
        ins = qs.filter(versi=versi).first()
    elif sekarang is not None and sekarang.kode == kode:
        ins = sekarang
    else:
        ins = qs.filter(aktif=True).order_by(F("pemda_id").asc(nulls_last=True), "-versi").first()  # as instrumen_pemda
    if ins is None:
        jenis = _("evaluasi kota (metode A)") if kota else _("evaluasi perangkat daerah (metode B)")
        b.catat(i_kode, _("Instrumen “%(k)s”%(v)s untuk %(j)s tidak ditemukan di antara instrumen nasional "
                    "dan milik pemda ini.")
                % {"k": kode, "v": f" versi {versi}" if versi is not None else "", "j": jenis})  # fmt: skip
    return ins


def _baca_instrumen(lembar: _Lembar, pemda: Pemda | None) -> dict | None:
    """The default instruments and scale of the pemda's evaluation settings (evaluasi/services/pengaturan.py
    holds the later switches; here a scale must be the one the chosen instruments already use)."""
    hasil: dict = {"instrumen_kota": None, "instrumen_pd": None, "skala_predikat": None}
    if len(lembar.baris) > 1:
        lembar.lembar_galat(_("Lembar ini berisi paling banyak satu baris (sekarang %s).") % len(lembar.baris))
        return hasil
    if not lembar.baris:
        return None  # no row: the pemda's settings are left as they are (or its defaults apply)
    b = lembar.baris[0]
    atur = PengaturanEvaluasi.objects.filter(pemda=pemda).select_related("instrumen_kota", "instrumen_pd").first()
    hasil["instrumen_kota"] = _instrumen(b, I_KOTA, I_VERSI_KOTA, pemda, kota=True,
                                         sekarang=atur.instrumen_kota if atur else None)  # fmt: skip
    hasil["instrumen_pd"] = _instrumen(b, I_PD, I_VERSI_PD, pemda, kota=False,
                                       sekarang=atur.instrumen_pd if atur else None)  # fmt: skip
    versi_skala = b.teks(I_SKALA)
    if versi_skala:
        skala = skala_lembar(pemda.pk if pemda else 0).filter(versi=versi_skala).first()
        if skala is None:
            b.catat(I_SKALA, _("Skala predikat “%s” tidak ditemukan di antara skala nasional.") % versi_skala)
        for ins in (hasil["instrumen_kota"], hasil["instrumen_pd"]):
            if skala is not None and ins is not None and ins.skala_predikat_id != skala.pk:
                b.catat(I_SKALA, _("Instrumen “%(i)s” memakai skala “%(s)s”. Kosongkan kolom ini atau pilih skala "
                                   "itu; skala lain dipilih kemudian di halaman Pengaturan evaluasi.")
                        % {"i": ins.kode, "s": ins.skala_predikat.versi})  # fmt: skip
        hasil["skala_predikat"] = skala
    elif hasil["instrumen_kota"] is not None:
        hasil["skala_predikat"] = hasil["instrumen_kota"].skala_predikat
    return hasil


# --- Periode ------------------------------------------------------------------------------------------


def _baca_periode(lembar: _Lembar, pemda: Pemda | None) -> list[dict]:
    ada = {p.tahun_mulai: p for p in PeriodePerencanaan.objects.filter(pemda=pemda, jenis="rpjmd")} if pemda else {}
    hasil, sudah = [], {}
    for b in lembar.baris:
        mulai, akhir = b.bulat(R_MULAI), b.bulat(R_AKHIR)
        for i, th in ((R_MULAI, mulai), (R_AKHIR, akhir)):
            if th not in TAHUN_SAH:
                b.catat(i, _("Tahun “%s” tidak valid (2000–2100).") % b.teks(i))
        if mulai in TAHUN_SAH and akhir in TAHUN_SAH and mulai > akhir:
            b.catat(R_AKHIR, _("Tahun akhir harus sama dengan atau sesudah tahun mulai."))
        if mulai in sudah:
            b.catat(R_MULAI, _("Periode yang mulai %(t)s sudah ada di baris %(b)s.") % {"t": mulai, "b": sudah[mulai]})
        sudah.setdefault(mulai, b.nomor)
        visi = _teks(b, R_VISI, PeriodePerencanaan, "visi", maks=VISI_MAKS)
        misi_baris = [x.strip() for x in _teks(b, R_MISI, PeriodePerencanaan, "misi", maks=MISI_MAKS).splitlines()]
        misi = "\n".join(x for x in misi_baris if x)
        nilai = {"tahun_mulai": mulai, "tahun_akhir": akhir, "visi": visi, "misi": misi}
        lama = ada.get(mulai)
        final = lama is not None and lama.status == PeriodePerencanaan.Status.FINAL
        if final and (lama.tahun_akhir, lama.visi, lama.misi) != (akhir, visi, misi):
            b.catat(R_VISI, _("RPJMD %s sudah final: ubah visi/misinya di halaman RPJMD dengan alasan revisi.") % lama)
        if not b.salah:
            hasil.append(nilai)
    return hasil


# --- Pengguna -----------------------------------------------------------------------------------------


def _baca_pengguna(lembar: _Lembar, pemda: Pemda | None, kode_pd: set[str]) -> list[BarisPengguna]:
    User = get_user_model()
    f_username, f_email = User._meta.get_field("username"), User._meta.get_field("email")
    nama_ada = {b.teks(U_USERNAME) for b in lembar.baris}
    pemilik = {
        u.username: u for u in User.objects.filter(username__in=nama_ada).select_related("profil")
    }  # fmt: skip
    hasil, sudah = [], {}
    for b in lembar.baris:
        username = b.teks(U_USERNAME)
        try:
            username = f_username.clean(username, None)
        except ValidationError as exc:
            for p in exc.messages:
                b.catat(U_USERNAME, p)
        if username in sudah:
            b.catat(U_USERNAME, _("Username “%(u)s” sudah ada di baris %(b)s.") % {"u": username, "b": sudah[username]})
        sudah.setdefault(username, b.nomor)
        lama = pemilik.get(username)
        profil = getattr(lama, "profil", None) if lama is not None else None
        if lama is not None and (lama.is_superuser or profil is None or pemda is None or profil.pemda_id != pemda.pk):
            b.catat(
                U_USERNAME, _("Username “%s” sudah dipakai akun di luar pemda ini. Pilih username lain.") % username
            )
        nama = _teks(b, U_NAMA, User, "first_name", wajib=True, maks=300)
        depan, _spasi, belakang = nama.partition(" ")
        if len(depan) > 150 or len(belakang) > 150:
            b.catat(U_NAMA, _("Nama depan dan nama belakang masing-masing paling banyak 150 karakter."))
        email = b.teks(U_EMAIL)
        try:
            email = f_email.clean(email, None)
        except ValidationError as exc:
            for p in exc.messages:
                b.catat(U_EMAIL, p)
        peran = _pilihan(b, U_PERAN, Peran.choices, _("Peran"))
        kode = b.teks(U_PD)
        if kode and kode not in kode_pd:
            b.catat(U_PD, _("Kode perangkat daerah “%s” tidak ada di lembar Perangkat Daerah maupun di pemda ini.")
                    % kode)  # fmt: skip
        jabatan = _teks(b, U_JABATAN, Profil, "jabatan")
        if not b.salah:
            hasil.append(BarisPengguna(b.nomor, username, depan, belakang, email, peran, kode, jabatan))
    return hasil


def baca(data: bytes) -> Rencana:
    """The checked plan of the workbook `data`, or (in `galat`) every error by sheet, row and column. The
    upload guard refuses a hostile file first (BerkasDitolak, as every import does)."""
    excel.wajib_xlsx_aman(data)
    galat: list[GalatOnboarding] = []
    lembar = {nama: _Lembar(data, nama, galat) for nama in LEMBAR}
    dibaca = _baca_pemda(lembar[LEMBAR_PEMDA])
    pemda, nilai_pemda, grup = dibaca if dibaca is not None else (None, {}, [])
    pd = _baca_pd(lembar[LEMBAR_PD])
    kode_pd = {b.teks(D_KODE) for b in lembar[LEMBAR_PD].baris}  # a bad PD row is reported on its own sheet
    if pemda is not None:
        kode_pd |= set(PerangkatDaerah.objects.filter(pemda=pemda).values_list("kode", flat=True))
    rencana = Rencana(
        pemda=pemda,
        nilai_pemda=nilai_pemda,
        grup=grup,
        pd=pd,
        instrumen=_baca_instrumen(lembar[LEMBAR_INSTRUMEN], pemda),
        periode=_baca_periode(lembar[LEMBAR_PERIODE], pemda),
        pengguna=_baca_pengguna(lembar[LEMBAR_PENGGUNA], pemda, kode_pd),
        galat=galat,
    )
    for satu in lembar.values():
        satu.selesai()
    urutan = list(LEMBAR)
    galat.sort(key=lambda g: (urutan.index(g.lembar) if g.lembar in urutan else -1, g.baris))
    return rencana


def pilihan_model(model: type[models.Model], bidang: str) -> list[str]:
    """The stored values of a choice field (for the template's notes)."""
    return [str(v) for v, _l in model._meta.get_field(bidang).choices]
