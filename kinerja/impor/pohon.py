"""The import of the performance tree workbook (issue 13 point 8; the export is `kinerja/excel_pohon.py`).

Who: Bagian Organisasi (KELOLA) imports the whole tree of the pemda, city nodes and every PD's; an operator
or kepala PD (ISI) imports their own PD's branch. Rows of the city's or another PD's nodes may stay in a PD's
file as unchanged references (as the PD export writes them, marked "Hanya Baca"); a changed one is refused
by row. Rights come from the choke point (`for_user`, `wajib_hak`).

How: the upload passes the file guard of every import (`excel.wajib_xlsx_aman`: size, zip bomb, macros,
DTD/entities, formula cells, oversized sheets); each sheet is read once; rows are matched by code (new codes
are created; nothing is ever deleted); every node goes through THE node rule (`services.pohon.simpul_galat`,
run once over the batch with maps built once), indicator ranges through the model's rule and target values
through THE range rule; a target of a year whose PK is set is refused (it changes through a PK revision);
a change fixed by a final RPJMD, Renstra, Renja or IKU document needs the form's one reason and is recorded
as a revision; a row (node, indicator, target, manual, budget) that changes a stored one must carry its current
version ("Versi" of the download; a change made in the application since is not overwritten), and the rows to
change are locked and their versions checked again before the write. Any error anywhere: nothing is saved,
and every error is listed by sheet, row and column.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, boleh, profil_pengguna, wajib_hak
from perangkat_daerah.models import Pemda, PerangkatDaerah

from .. import excel
from ..excel_pohon import (
    KOLOM_ANGGARAN,
    KOLOM_INDIKATOR,
    KOLOM_MANUAL,
    KOLOM_SIMPUL,
    LEMBAR_ANGGARAN,
    LEMBAR_INDIKATOR,
    LEMBAR_MANUAL,
    LEMBAR_SIMPUL,
    teks_periode,
)  # fmt: skip
from ..models import Indikator, PeriodePerencanaan, PerjanjianKinerja, Sasaran, TingkatPohon
from ..selectors.pohon import _simpul_terlihat
from ..services.rencana import alasan_revisi
from .dasar import HasilImpor
from .pohon_dasar import Konteks, baca_lembar, buka_buku
from .pohon_indikator import baca_indikator
from .pohon_lain import baca_anggaran, baca_manual
from .pohon_simpul import baca_simpul
from .pohon_tulis import kunci_yang_berubah, tulis

URUTAN_LEMBAR = [LEMBAR_SIMPUL, LEMBAR_INDIKATOR, LEMBAR_MANUAL, LEMBAR_ANGGARAN]


def aksi_impor(user) -> str:
    """The right the user imports with: KELOLA (the whole tree) or ISI (their PD's branch); 403 otherwise."""
    if boleh(user, Aksi.KELOLA):
        return Aksi.KELOLA
    if boleh(user, Aksi.ISI):
        return Aksi.ISI
    raise PermissionDenied(_("Impor pohon kinerja hanya untuk Bagian Organisasi dan perangkat daerah."))


def _sambung(simpul: list[Sasaran], tingkat, pd) -> list[Sasaran]:
    """The nodes with their level and PD attached from the import's own maps, as select_related attaches them
    but without a copy of each for every node (a third of reading 8,000 nodes)."""
    tingkat, pd = {t.pk: t for t in tingkat}, {p.pk: p for p in pd}
    medan_tingkat, medan_pd = Sasaran._meta.get_field("tingkat"), Sasaran._meta.get_field("perangkat_daerah")
    for s in simpul:
        if s.tingkat_id in tingkat:
            medan_tingkat.set_cached_value(s, tingkat[s.tingkat_id])
        if s.perangkat_daerah_id is None or s.perangkat_daerah_id in pd:
            medan_pd.set_cached_value(s, pd.get(s.perangkat_daerah_id))
    return simpul


def _konteks(oleh, alasan: str) -> Konteks:
    """The import's maps, built once (a constant number of queries)."""
    aksi = aksi_impor(oleh)
    pemda = Pemda.objects.for_user(oleh).first()
    if pemda is None:
        raise PermissionDenied(_("Akun Anda belum terhubung ke pemda."))
    profil = profil_pengguna(oleh)
    wajib_hak(oleh, aksi, pemda if aksi == Aksi.KELOLA else profil.perangkat_daerah)
    semua = {k: (pk, induk, tingkat) for k, pk, induk, tingkat in Sasaran.objects.filter(pemda=pemda)
             .values_list("kode", "pk", "induk_id", "tingkat_id")}  # fmt: skip
    tingkat = {t.kode: t for t in TingkatPohon.objects.for_user(oleh).filter(pemda=pemda)}
    pd_tulis = {p.kode: p for p in PerangkatDaerah.objects.for_user(oleh, aksi)}
    if aksi == Aksi.KELOLA:  # every node, which the user may all change
        kenal = _sambung(list(Sasaran.objects.for_user(oleh, aksi)), tingkat.values(), pd_tulis.values())
        boleh_ubah = {s.pk for s in kenal}
    else:  # the user's branch, the crosscutting nodes it accepted, and the city plan it may hang from
        kota = Sasaran.objects.filter(pemda=pemda, perangkat_daerah__isnull=True).select_related("tingkat")
        kenal = _simpul_terlihat(oleh, tahun=None, perangkat_daerah=None) + list(kota)
        boleh_ubah = set(Sasaran.objects.for_user(oleh, aksi).values_list("pk", flat=True))
    indikator = {i.kode: i for i in Indikator.objects.filter(pemda=pemda)}
    return Konteks(
        pemda=pemda, oleh=oleh, aksi=aksi, alasan=alasan_revisi("", alasan), tingkat=tingkat,
        periode={teks_periode(p): p for p in PeriodePerencanaan.objects.for_user(oleh)}, pd_tulis=pd_tulis,
        semua=semua, kenal={s.kode: s for s in kenal}, boleh_ubah=boleh_ubah,
        indikator=indikator, kode_simpul={v[0]: k for k, v in semua.items()},
        kode_indikator={i.pk: k for k, i in indikator.items()},
        pk_tetap=set(PerjanjianKinerja.objects.filter(
            perangkat_daerah__pemda=pemda, status=PerjanjianKinerja.Status.DITETAPKAN
        ).values_list("perangkat_daerah_id", "tahun")),
    )  # fmt: skip


@transaction.atomic
def impor_pohon(*, data: bytes, oleh, alasan: str = "") -> HasilImpor:
    """Import the tree workbook: every row of every sheet valid, then everything saved (bulk, with one
    history row per created or changed row), or nothing with the errors by sheet, row and column.
    PermissionDenied without the right; BerkasDitolak for a file the guard refuses or a wrong layout;
    ValidationError for a reason that is not acceptable text."""
    ktx = _konteks(oleh, alasan)
    excel.wajib_xlsx_aman(data)
    buku = buka_buku(data)
    _j, baris_simpul = baca_lembar(buku, LEMBAR_SIMPUL, KOLOM_SIMPUL)
    judul, baris_indikator = baca_lembar(buku, LEMBAR_INDIKATOR, KOLOM_INDIKATOR, tambahan=True)
    _j, baris_manual = baca_lembar(buku, LEMBAR_MANUAL, KOLOM_MANUAL)
    _j, baris_anggaran = baca_lembar(buku, LEMBAR_ANGGARAN, KOLOM_ANGGARAN)
    hasil = HasilImpor()
    simpul = baca_simpul(ktx, baris_simpul, hasil.galat)
    indikator = baca_indikator(ktx, baris_indikator, judul, simpul, hasil.galat)
    manual = baca_manual(ktx, baris_manual, indikator, simpul, hasil.galat)
    anggaran = baca_anggaran(ktx, baris_anggaran, simpul, hasil.galat)
    if not hasil.galat:
        kunci_yang_berubah(simpul, indikator, manual, anggaran)
    if hasil.galat:
        hasil.galat.sort(key=lambda g: (URUTAN_LEMBAR.index(g.kolom.split(" · ")[0]), g.baris))
        return hasil
    hasil.jumlah = tulis(ktx, simpul, indikator, manual, anggaran)
    return hasil
