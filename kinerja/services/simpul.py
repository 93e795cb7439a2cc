"""Writes of the performance tree's nodes and their indicators from the node and indicator forms (issue 13
points 3 and 7): create, change and delete a node; create, change and delete an indicator of a node with its
targets for each year of the node's period (the last year's target is the end-of-period target).

Every write runs in one transaction and
- checks the right through the one guard (`wajib_hak` with `selectors.simpul.aksi_simpul`: a PD's node by
  its operator or kepala, a city node by Bagian Organisasi);
- re-checks every choice (a parent of another PD, a level of the wrong owner, a parent indicator outside the
  parent node are refused by field, in Indonesian), and calls THE node rule `pohon.simpul_periksa`;
- asks THE plan lock (`rencana.kunci_simpul`): a node fixed by a final RPJMD period or Renstra changes
  only with a reason (`alasan`), recorded with the history action ending in `.revisi` and counted on the
  document (`rencana.revisi_rencana`);
- writes through the history writer, refusing a stale `versi` (VersiKedaluwarsa).

Targets of a year whose Perjanjian Kinerja is set (ditetapkan) are refused here, keyed by the year, with the
PK page to go to: that page's revision path (`pk.target_revisi`) is the one way to change them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.models import Pemda, PerangkatDaerah
from perangkat_daerah.services import (
    VersiKedaluwarsa,
    buat_dengan_riwayat,
    perbarui_dengan_riwayat,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import bulat_atau_galat, nip_atau_galat, teks_atau_galat

from ..models import Indikator, PerjanjianKinerja, Sasaran, Target, TingkatPohon
from ..models_usulan import StatusKeputusan
from ..selectors import simpul as pilih
from .isian import angka_atau_galat, isian_target, kumpulkan
from .pk import _target_tulis, pk_untuk
from .pohon import simpul_indikator_periksa, simpul_periksa
from .rencana import Kunci, aksi_riwayat, alasan_revisi, kunci_simpul, revisi_rencana

KOLOM_SIMPUL = ["kode", "uraian", "induk", "tingkat", "periode", "tema", "kode_nomenklatur", "jabatan", "nip"]
KOLOM_INDIKATOR = [
    "kode", "uraian", "satuan", "iku", "arah", "agregasi", "induk_indikator", "relasi_induk",
    "boleh_negatif", "nilai_minimum", "nilai_maksimum", "bilangan_bulat",
]  # fmt: skip
INDUK_TIDAK_TERSEDIA = _lazy("Induk tidak tersedia: pilih simpul kota atau simpul perangkat daerah Anda sendiri.")
TEKS_SIMPUL = {"kode": (40, True), "uraian": (5000, True), "tema": (100, False), "jabatan": (200, False)}
TEKS_INDIKATOR = {"kode": (40, True), "uraian": (5000, True), "satuan": (40, True)}


def _galat(galat: dict) -> None:
    if galat:
        raise ValidationError(galat)


def _pilih(qs, nilai, kolom: str, pesan: str):
    """The row of `qs` whose id is `nilai` ("" → None), or a ValidationError on `kolom` with `pesan`
    (a forged id of a row outside the offered choices is refused like a wrong choice)."""
    pk = bulat_atau_galat(nilai, kolom, wajib=False)
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({kolom: pesan})
    return obj


def _wajib(obj, kolom: str, pesan: str):
    if obj is None:
        raise ValidationError({kolom: pesan})
    return obj


def _nip(nilai) -> str:
    return nip_atau_galat(nilai, "nip")  # THE NIP rule (18 digits; the grouping spaces dropped)


def _kode_nomenklatur(nilai) -> str:
    return teks_atau_galat(nilai, "kode_nomenklatur", maks=40)


def _isian_simpul(calon: Sasaran, nilai: dict) -> dict:
    """The node's fields from the form, each checked (every bad field at once), set on `calon`, then THE
    node rule. Returns the values to write."""
    galat: dict[str, list[str]] = {}
    isian = {
        k: kumpulkan(galat, teks_atau_galat, nilai.get(k), k, maks=m, wajib=w) for k, (m, w) in TEKS_SIMPUL.items()
    }
    isian["nip"] = kumpulkan(galat, _nip, nilai.get("nip"))
    isian["kode_nomenklatur"] = kumpulkan(galat, _kode_nomenklatur, nilai.get("kode_nomenklatur"))
    pemda_id, pd_id = calon.pemda_id, calon.perangkat_daerah_id
    tingkat = kumpulkan(galat, _pilih, pilih.tingkat_pilihan(pemda_id, pd_id), nilai.get("tingkat"), "tingkat",
                        _("Pilih tingkat yang tersedia untuk simpul ini."))  # fmt: skip
    if tingkat is None and "tingkat" not in galat:
        galat["tingkat"] = [_("Pilih tingkat simpul.")]
    isian["tingkat"] = tingkat
    isian["induk"] = kumpulkan(galat, _pilih, pilih.induk_pilihan(pemda_id, pd_id), nilai.get("induk"), "induk",
                               INDUK_TIDAK_TERSEDIA)  # fmt: skip
    isian["periode"] = kumpulkan(galat, _pilih, pilih.periode_pilihan(pemda_id), nilai.get("periode"), "periode",
                                 _("Pilih periode perencanaan yang tersedia."))  # fmt: skip
    _galat(galat)
    for kolom, isi in isian.items():
        setattr(calon, kolom, isi)
    if Sasaran.objects.filter(pemda_id=pemda_id, kode=calon.kode).exclude(pk=calon.pk).exists():
        galat["kode"] = [_("Kode %(kode)s sudah dipakai simpul lain.") % {"kode": calon.kode}]
    try:
        simpul_periksa(sasaran=calon)
    except ValidationError as exc:
        for kolom, pesan in exc.message_dict.items():
            galat.setdefault(kolom, []).extend(pesan)
    _galat(galat)
    return isian


def pemilik_simpul_baru(oleh) -> tuple[Pemda, PerangkatDaerah | None]:
    """The owner of a node `oleh` creates, after the guard: a PD user's own PD (ISI), else the city (KELOLA)."""
    pemilik = pilih.pemilik_baru(oleh)
    if pemilik is None:
        raise PermissionDenied(_("Anda tidak berwenang membuat simpul."))
    pemda = Pemda.objects.get(pk=pemilik[0])
    if pemilik[1] is not None:
        pd = PerangkatDaerah.objects.get(pk=pemilik[1])
        wajib_hak(oleh, Aksi.ISI, pd, pesan=_("Anda tidak berwenang membuat simpul perangkat daerah ini."))
        return pemda, pd
    wajib_hak(oleh, Aksi.KELOLA, pemda, pesan=_("Hanya Bagian Organisasi yang membuat simpul kota."))
    return pemda, None


@transaction.atomic
def simpul_buat(*, oleh, nilai: dict, alasan: str = "") -> Sasaran:
    """A new node of the user's own PD (operator, kepala) or of the city (Bagian Organisasi). A node in a
    period fixed by a final document needs `alasan` and is recorded as `simpul.buat.revisi`."""
    pemda, pd = pemilik_simpul_baru(oleh)
    calon = Sasaran(pemda=pemda, perangkat_daerah=pd)
    isian = _isian_simpul(calon, nilai)
    terkunci = kunci_simpul(calon)
    catatan = alasan_revisi(terkunci, alasan)
    baru = buat_dengan_riwayat(
        Sasaran, oleh=oleh, aksi=aksi_riwayat("simpul.buat", terkunci), pemda_id=pemda.pk, kolom=KOLOM_SIMPUL,
        catatan=catatan, pemda=pemda, perangkat_daerah=pd, **isian,
    )  # fmt: skip
    revisi_rencana(terkunci, oleh=oleh, catatan=catatan)
    return baru


def _kunci_baris(obj, versi):
    """`obj` read again under a row lock, with its version checked against the one the user read."""
    baris = type(obj).objects.select_for_update().get(pk=obj.pk)
    if versi is None or versi != baris.versi:
        raise VersiKedaluwarsa()
    return baris


def _salinan(obj):
    """An unsaved-state copy of a row to try new values on (the stored row stays as read, for the history)."""
    return type(obj)(**{f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields})


def _turunan_tetap_sah(calon: Sasaran) -> None:
    """A node's new level must still be one its children's levels may hang under (THE node rule, seen from
    the children): refused on `tingkat`, naming the first child that would break."""
    anak = list(Sasaran.objects.filter(induk_id=calon.pk, tingkat__isnull=False).select_related("tingkat"))
    lewat = TingkatPohon.induk_boleh.through.objects.filter(
        from_tingkatpohon__in={a.tingkat_id for a in anak}, to_tingkatpohon_id=calon.tingkat_id
    )
    boleh = set(lewat.values_list("from_tingkatpohon_id", flat=True))
    salah = next((a for a in anak if a.tingkat_id not in boleh), None)
    if salah is not None:
        pesan = _("Turunan %(kode)s (%(tingkat)s) tidak boleh berada di bawah tingkat %(baru)s: pindahkan atau "
                  "ubah turunannya dulu.")  # fmt: skip
        raise ValidationError(
            {"tingkat": pesan % {"kode": salah.kode, "tingkat": salah.tingkat.nama, "baru": calon.tingkat.nama}}
        )


@transaction.atomic
def simpul_ubah(*, sasaran: Sasaran, oleh, nilai: dict, versi: int | None, alasan: str = "") -> Sasaran:
    """Change a node's fields (kode, uraian, induk, tingkat, periode, tema, kode nomenklatur, jabatan, NIP).
    A node fixed by a final document (before or after the change) needs `alasan`: `simpul.ubah.revisi`."""
    wajib_hak(oleh, pilih.aksi_simpul(sasaran), sasaran)
    sasaran = _kunci_baris(sasaran, versi)
    calon = _salinan(sasaran)
    isian = _isian_simpul(calon, nilai)
    if calon.tingkat_id != sasaran.tingkat_id:
        _turunan_tetap_sah(calon)
    kunci = (kunci_simpul(sasaran), kunci_simpul(calon))  # a move may leave one final document for another
    terkunci = kunci[0] or kunci[1]
    catatan = alasan_revisi(terkunci, alasan)
    if perbarui_dengan_riwayat(
        sasaran, versi=None, oleh=oleh, aksi=aksi_riwayat("simpul.ubah", terkunci), pemda_id=sasaran.pemda_id,
        kolom=KOLOM_SIMPUL, nilai=isian, catatan=catatan,
    ):  # fmt: skip
        revisi_rencana(*kunci, oleh=oleh, catatan=catatan)
    return sasaran


def _target_pk_ditetapkan(pd_id: int | None, indikator) -> list[str]:
    """One line per indicator of the queryset `indikator` (of the PD `pd_id`) with targets in a set PK (the
    years listed). Two queries."""
    if pd_id is None:
        return []
    tahun_pk = PerjanjianKinerja.objects.filter(
        perangkat_daerah_id=pd_id, status=PerjanjianKinerja.Status.DITETAPKAN
    ).values_list("tahun", flat=True)
    per_kode: dict[str, list[str]] = {}
    target = Target.objects.filter(indikator__in=indikator, tahun__in=list(tahun_pk)).order_by("tahun")
    for kode, tahun in target.values_list("indikator__kode", "tahun"):
        per_kode.setdefault(kode, []).append(str(tahun))
    return [
        _("Target %(kode)s tahun %(tahun)s ada dalam PK yang sudah ditetapkan.") % {"kode": k, "tahun": ", ".join(t)}
        for k, t in sorted(per_kode.items())
    ]


def _berrealisasi(indikator) -> list[str]:
    """The line naming the indicators of the queryset `indikator` that have realisations (none: empty)."""
    kode = list(indikator.filter(realisasi__isnull=False).distinct().order_by("kode").values_list("kode", flat=True))
    return [_("Indikator %(kode)s sudah memiliki realisasi.") % {"kode": ", ".join(kode)}] if kode else []


def alasan_tidak_dapat_dihapus(sasaran: Sasaran) -> list[str]:
    """Why `sasaran` cannot be deleted (empty when it can): it has child nodes, an indicator with
    realisations, a target in a set PK or child indicators elsewhere, sub kegiatan budgets, or waiting
    proposals under it."""
    alasan = []
    anak = sasaran.turunan.count()
    if anak:
        alasan.append(
            _("Simpul ini masih memiliki %(n)d simpul turunan: pindahkan atau hapus turunannya dulu.") % {"n": anak}
        )
    indikator = Indikator.objects.filter(sasaran=sasaran).order_by("kode")
    alasan += _berrealisasi(indikator)
    anak_lain = Indikator.objects.filter(induk_indikator__sasaran=sasaran).exclude(sasaran=sasaran)
    kode = sorted(set(anak_lain.values_list("induk_indikator__kode", flat=True)))
    if kode:
        alasan.append(_("Indikator %(kode)s menjadi induk indikator simpul lain.") % {"kode": ", ".join(kode)})
    alasan += _target_pk_ditetapkan(sasaran.perangkat_daerah_id, indikator)
    if sasaran.anggaran_sub_kegiatan.exists():
        alasan.append(_("Simpul ini memiliki data anggaran sub kegiatan."))
    if sasaran.usulan_turunan.filter(status=StatusKeputusan.MENUNGGU).exists():
        alasan.append(_("Masih ada usulan simpul yang menunggu keputusan di bawah simpul ini."))
    return alasan


@transaction.atomic
def simpul_hapus(*, sasaran: Sasaran, oleh, versi: int | None, alasan: str = "") -> None:
    """Delete a node without children, realisations or budgets (refused in Indonesian otherwise), with its
    indicators and their targets; the deletion is recorded in the history (`simpul.hapus`, `.revisi` when a
    final document fixes the node, with the reason)."""
    wajib_hak(oleh, pilih.aksi_simpul(sasaran), sasaran)
    sasaran = _kunci_baris(sasaran, versi)
    halangan = alasan_tidak_dapat_dihapus(sasaran)
    if halangan:
        raise ValidationError(
            _("Simpul %(kode)s tidak dapat dihapus.") % {"kode": sasaran.kode} + " " + " ".join(halangan)
        )
    terkunci = kunci_simpul(sasaran)
    catatan = alasan_revisi(terkunci, alasan)
    sebelum = potret(sasaran, KOLOM_SIMPUL) | {
        "indikator": list(sasaran.indikator.order_by("kode").values_list("kode", flat=True))
    }
    # No helper deletes with history: the row goes, its history row (before, no after) stays.
    riwayat_catat(obj=sasaran, pemda_id=sasaran.pemda_id, aksi=aksi_riwayat("simpul.hapus", terkunci), oleh=oleh,
                  sebelum=sebelum, sesudah=None, catatan=catatan)  # fmt: skip
    sasaran.delete()
    revisi_rencana(terkunci, oleh=oleh, catatan=catatan)


# --- indicators of a node ----------------------------------------------------------------------------


def _pilihan_teks(nilai, kolom: str, pilihan, *, kosong: bool = False) -> str:
    isi = str(nilai or "")
    if (isi or not kosong) and isi not in pilihan.values:
        raise ValidationError({kolom: _("Pilih salah satu pilihan yang tersedia.")})
    return isi


BULAT_PILIHAN = {"": None, "1": True, "0": False}  # the form's choice: from the unit, whole numbers, decimals


def _bulat_pilihan(nilai) -> bool | None:
    """Whether the indicator counts whole things (`Indikator.bilangan_bulat`): "" decided by the unit (None)."""
    isi = str(nilai or "")
    if isi not in BULAT_PILIHAN:
        raise ValidationError({"bilangan_bulat": _("Pilih salah satu pilihan yang tersedia.")})
    return BULAT_PILIHAN[isi]


def _induk_indikator(calon: Indikator, nilai: dict, galat: dict) -> dict:
    """The parent indicator (an indicator of the node's parent) and the relation, required together."""
    sasaran = calon.sasaran
    qs = Indikator.objects.filter(sasaran_id=sasaran.induk_id) if sasaran.induk_id else Indikator.objects.none()
    if sasaran.induk_id:
        pesan = _("Indikator induk harus indikator dari simpul induk (%(kode)s).") % {"kode": sasaran.induk.kode}
    else:
        pesan = _("Simpul ini tidak memiliki induk, jadi indikatornya tidak memiliki indikator induk.")
    induk = kumpulkan(galat, _pilih, qs, nilai.get("induk_indikator"), "induk_indikator", pesan)
    relasi = kumpulkan(galat, _pilihan_teks, nilai.get("relasi_induk"), "relasi_induk", Indikator.Relasi, kosong=True)
    if induk is not None and not relasi and "relasi_induk" not in galat:
        galat["relasi_induk"] = [_("Pilih relasi dengan indikator induk (komponen rumus, kontribusi atau sama).")]
    if relasi and induk is None and "induk_indikator" not in galat:
        galat["induk_indikator"] = [_("Pilih indikator induk untuk relasi ini, atau kosongkan relasinya.")]
    return {"induk_indikator": induk, "relasi_induk": relasi or ""}


def _isian_indikator(calon: Indikator, nilai: dict) -> dict:
    """The indicator's fields from the form, each checked (every bad field at once), then the range rules
    of the model (minimum ≤ maximum, a negative minimum only when negatives are allowed)."""
    galat: dict[str, list[str]] = {}
    isian = {
        k: kumpulkan(galat, teks_atau_galat, nilai.get(k), k, maks=m, wajib=w) for k, (m, w) in TEKS_INDIKATOR.items()
    }
    isian["arah"] = kumpulkan(galat, _pilihan_teks, nilai.get("arah"), "arah", Indikator.Arah)
    isian["agregasi"] = kumpulkan(galat, _pilihan_teks, nilai.get("agregasi"), "agregasi", Indikator.Agregasi)
    isian["iku"], isian["boleh_negatif"] = bool(nilai.get("iku")), bool(nilai.get("boleh_negatif"))
    isian["bilangan_bulat"] = kumpulkan(galat, _bulat_pilihan, nilai.get("bilangan_bulat"))
    for kolom in ("nilai_minimum", "nilai_maksimum"):
        isian[kolom] = kumpulkan(galat, angka_atau_galat, nilai.get(kolom), kolom)
    isian |= _induk_indikator(calon, nilai, galat)
    for kolom, isi in isian.items():  # the valid ones also when others fail: the targets are checked with them
        if kolom not in galat:
            setattr(calon, kolom, isi)
    _galat(galat)
    if Indikator.objects.filter(pemda_id=calon.sasaran.pemda_id, kode=calon.kode).exclude(pk=calon.pk).exists():
        galat["kode"] = [_("Kode indikator %(kode)s sudah dipakai.") % {"kode": calon.kode}]
    kumpulkan(galat, calon.clean)
    _galat(galat)
    return isian


def _rencana_target(calon: Indikator, target: dict) -> list[tuple[int, dict, int | None]]:
    """The targets to write, one per year of the node's period whose value changed: checked against the
    indicator's range (the one rule, `isian_target`), refused for a year whose PK is set. Keys of errors:
    `target_<tahun>`."""
    galat: dict[str, list[str]] = {}
    rencana = []
    for tahun, ada in pilih.target_periode(calon, calon.sasaran):
        kolom = f"target_{tahun}"
        isi = target.get(tahun, {})
        teks = str(isi.get("nilai") or "").strip()
        if ada is not None and (ada.lo is not None or ada.hi is not None):
            continue  # a range target is changed on the PK page; the form shows it read-only
        if not teks:
            if ada is not None and ada.nilai is not None:
                galat[kolom] = [
                    _("Target %(tahun)d sudah ada: isi angkanya (target tidak dapat dikosongkan di sini).")
                    % {"tahun": tahun}
                ]
            continue
        try:
            angka = isian_target({"nilai": teks}, calon)["nilai"]
        except ValidationError as exc:
            galat[kolom] = [p for daftar in exc.message_dict.values() for p in daftar]
            continue
        if ada is not None and ada.nilai == angka:
            continue
        pk = pk_untuk(calon, tahun)
        if pk is not None and pk.ditetapkan:
            galat[kolom] = [
                _("Perjanjian Kinerja %(tahun)d sudah ditetapkan: ubah target tahun ini melalui revisi PK.")
                % {"tahun": tahun}
            ]
            continue
        versi = kumpulkan(galat, bulat_atau_galat, isi.get("versi"), kolom, wajib=False)
        rencana.append((tahun, {"nilai": angka}, versi if ada is not None else None))
    _galat(galat)
    return rencana


def _isian_dan_target(calon: Indikator, nilai: dict, target: dict) -> tuple[dict, list]:
    """The indicator's fields and its targets, every refusal at once (targets are checked against the new
    range when the fields are valid)."""
    galat: dict[str, list[str]] = {}
    isian = kumpulkan(galat, _isian_indikator, calon, nilai)
    rencana = kumpulkan(galat, _rencana_target, calon, target)
    _galat(galat)
    return isian, rencana


def _target_tulis_semua(ind: Indikator, rencana: list, *, oleh, terkunci: Kunci, catatan: str) -> bool:
    """Write the planned targets; whether any changed."""
    berubah = False
    for tahun, isian, versi in rencana:
        _t, ubah = _target_tulis(indikator=ind, tahun=tahun, oleh=oleh, versi=versi, isian=isian,
                                 aksi=aksi_riwayat("target.simpan", terkunci), catatan=catatan)  # fmt: skip
        berubah = berubah or ubah
    return berubah


def _siap_tulis_indikator(sasaran: Sasaran, oleh) -> None:
    """The start of every indicator write here: the node's writer (the one guard), then the node rule."""
    wajib_hak(oleh, pilih.aksi_simpul(sasaran), sasaran)
    simpul_indikator_periksa(sasaran=sasaran)


@transaction.atomic
def indikator_buat(*, sasaran: Sasaran, oleh, nilai: dict, target: dict, alasan: str = "") -> Indikator:
    """A new indicator of `sasaran` with its targets for the years of the node's period (`target`:
    {tahun: {"nilai": text}}). A node fixed by a final document needs `alasan` (`indikator.buat.revisi`)."""
    _siap_tulis_indikator(sasaran, oleh)
    calon = Indikator(sasaran=sasaran, pemda_id=sasaran.pemda_id, perangkat_daerah_id=sasaran.perangkat_daerah_id)
    isian, rencana = _isian_dan_target(calon, nilai, target)
    terkunci = kunci_simpul(sasaran)
    catatan = alasan_revisi(terkunci, alasan)
    urutan = max(Indikator.objects.filter(sasaran=sasaran).values_list("urutan", flat=True), default=0) + 1
    ind = buat_dengan_riwayat(
        Indikator, oleh=oleh, aksi=aksi_riwayat("indikator.buat", terkunci), pemda_id=sasaran.pemda_id,
        kolom=KOLOM_INDIKATOR, catatan=catatan, sasaran=sasaran, urutan=urutan, **isian,
    )  # fmt: skip
    _target_tulis_semua(ind, rencana, oleh=oleh, terkunci=terkunci, catatan=catatan)
    revisi_rencana(terkunci, oleh=oleh, catatan=catatan)
    return ind


@transaction.atomic
def indikator_ubah(
    *, indikator: Indikator, oleh, nilai: dict, versi: int | None, target: dict, alasan: str = ""
) -> Indikator:
    """Change an indicator of a node and its targets of the node's period (a target of a year whose PK is set
    is refused: the PK's revision page changes it). A node fixed by a final document needs `alasan`."""
    sasaran = indikator.sasaran
    _siap_tulis_indikator(sasaran, oleh)
    indikator = _kunci_baris(indikator, versi)
    calon = _salinan(indikator)
    calon.sasaran = sasaran
    isian, rencana = _isian_dan_target(calon, nilai, target)
    terkunci = kunci_simpul(sasaran)
    catatan = alasan_revisi(terkunci, alasan)
    berubah = perbarui_dengan_riwayat(
        indikator, versi=None, oleh=oleh, aksi=aksi_riwayat("indikator.ubah", terkunci), pemda_id=sasaran.pemda_id,
        kolom=KOLOM_INDIKATOR, nilai=isian, catatan=catatan,
    )  # fmt: skip
    if _target_tulis_semua(indikator, rencana, oleh=oleh, terkunci=terkunci, catatan=catatan) or berubah:
        revisi_rencana(terkunci, oleh=oleh, catatan=catatan)
    return indikator


def alasan_indikator_tidak_dapat_dihapus(indikator: Indikator) -> list[str]:
    """Why `indikator` cannot be deleted (empty when it can): it has realisations, it is its node's only
    indicator (every node keeps at least one), it is the parent of other indicators, or it has a target in a
    set PK."""
    satu = Indikator.objects.filter(pk=indikator.pk)
    alasan = _berrealisasi(satu)
    if not Indikator.objects.filter(sasaran_id=indikator.sasaran_id).exclude(pk=indikator.pk).exists():
        alasan.append(_("Indikator ini satu-satunya indikator simpulnya: setiap simpul harus memiliki sekurang-"
                        "kurangnya satu indikator. Tambahkan indikator lain dulu, atau hapus simpulnya."))  # fmt: skip
    anak = sorted(Indikator.objects.filter(induk_indikator=indikator).values_list("kode", flat=True))
    if anak:
        alasan.append(_("Indikator ini menjadi induk indikator %(kode)s: ubah induk indikator itu dulu.")
                      % {"kode": ", ".join(anak)})  # fmt: skip
    return alasan + _target_pk_ditetapkan(indikator.perangkat_daerah_id, satu)


@transaction.atomic
def indikator_hapus(*, indikator: Indikator, oleh, versi: int | None, alasan: str = "") -> None:
    """Delete an indicator of a node with its targets and manual (the node's writer; refused in Indonesian by
    `alasan_indikator_tidak_dapat_dihapus`), recorded in the history (`indikator.hapus`, `.revisi` with the
    reason when a final document fixes the node, and counted on it). The node is locked, so two deletions
    cannot leave it without an indicator."""
    sasaran = indikator.sasaran
    wajib_hak(oleh, pilih.aksi_simpul(sasaran), sasaran)
    Sasaran.objects.select_for_update().filter(pk=sasaran.pk).first()
    indikator = _kunci_baris(indikator, versi)
    halangan = alasan_indikator_tidak_dapat_dihapus(indikator)
    if halangan:
        raise ValidationError(
            _("Indikator %(kode)s tidak dapat dihapus.") % {"kode": indikator.kode} + " " + " ".join(halangan)
        )
    terkunci = kunci_simpul(sasaran)
    catatan = alasan_revisi(terkunci, alasan)
    sebelum = potret(indikator, KOLOM_INDIKATOR) | {
        "target": {str(t.tahun): potret(t, list(Target.NILAI_FIELDS)) for t in indikator.target.order_by("tahun")},
        "manual": hasattr(indikator, "manual_ik"),
    }
    riwayat_catat(obj=indikator, pemda_id=sasaran.pemda_id, aksi=aksi_riwayat("indikator.hapus", terkunci),
                  oleh=oleh, sebelum=sebelum, sesudah=None, catatan=catatan)  # fmt: skip
    indikator.delete()
    revisi_rencana(terkunci, oleh=oleh, catatan=catatan)
