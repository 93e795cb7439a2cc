"""The "Simpul" sheet of the tree import: one row per node, matched by code; the rights of each row, and THE
node rule (`services.pohon.simpul_galat`) run once over the whole batch with maps built once."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..excel_pohon import KOLOM_SIMPUL, LEMBAR_SIMPUL
from ..models import Sasaran
from ..services.pohon import PetaPohon, SimpulUji, info_tingkat, jenis_nomenklatur, simpul_galat
from ..services.rencana import Kunci, kunci_simpul
from ..services.simpul import INDUK_TIDAK_TERSEDIA, _nip
from .pohon_dasar import BarisLembar, Konteks

S_KODE, S_INDUK, S_TINGKAT, S_PERIODE, S_PD, _S_NAMA_PD, S_URAIAN, S_TEMA, S_NOMEN, S_JABATAN, S_NIP = range(11)
S_VERSI = 12  # after "Hanya Baca", which the import does not read
GALAT_KOLOM = {"induk": S_INDUK, "tingkat": S_TINGKAT, "perangkat_daerah": S_PD, "kode_nomenklatur": S_NOMEN}
FIELD_SIMPUL = ["kode", "induk_id", "tingkat_id", "periode_id", "perangkat_daerah_id", "uraian", "tema",
                "kode_nomenklatur", "jabatan", "nip"]  # fmt: skip
FIELD_TEKS = {"uraian": (S_URAIAN, 5000), "tema": (S_TEMA, 100), "kode_nomenklatur": (S_NOMEN, 40),
              "jabatan": (S_JABATAN, 200), "nip": (S_NIP, 18)}  # fmt: skip


@dataclass
class RencanaSimpul:
    """One node row, read: its values, the stored node (None for a new one), whether it changes, and the
    final document that locks it (None when free; `terkunci_lama`: the one of its stored place, when a move
    leaves one final document for another: both count the revision, as the node form does)."""

    b: BarisLembar
    kode: str
    induk_kode: str
    tingkat: object
    periode: object
    pd: object
    teks: dict[str, str]
    ada: Sasaran | None = None
    berubah: bool = True
    terkunci: Kunci = None
    terkunci_lama: Kunci = None

    @property
    def pd_id(self) -> int | None:
        return self.pd.pk if self.pd is not None else None


def baca_simpul(ktx: Konteks, baris: list, galat: list) -> dict[str, RencanaSimpul]:
    """Every node row of the sheet by code (rows with errors too, so that their children find them)."""
    rencana: dict[str, RencanaSimpul] = {}
    for nomor, sel in baris:
        b = BarisLembar(LEMBAR_SIMPUL, nomor, sel, KOLOM_SIMPUL, galat)
        if b.kosong():
            continue
        r = _baca(b, ktx)
        if r.kode in rencana:
            b.catat(
                S_KODE, _("Kode “%(k)s” sudah muncul di baris %(n)s.") % {"k": r.kode, "n": rencana[r.kode].b.nomor}
            )
            continue
        if r.kode:
            rencana[r.kode] = r
    for r in rencana.values():
        _cocokkan(r, ktx, rencana)
    _periksa_pohon(ktx, rencana)
    return rencana


def _baca(b: BarisLembar, ktx: Konteks) -> RencanaSimpul:
    kode = b.teks_wajib(S_KODE, 40, wajib=True)
    tingkat = periode = pd = None
    if (teks := b.teks(S_TINGKAT)) and (tingkat := ktx.tingkat.get(teks)) is None:
        pesan = _("Tingkat “%(t)s” tidak dikenal. Pilih: %(p)s.")
        b.catat(S_TINGKAT, pesan % {"t": teks, "p": ", ".join(ktx.tingkat)})
    if (teks := b.teks(S_PERIODE)) and (periode := ktx.periode.get(teks.replace("-", "–").replace(" ", ""))) is None:
        pesan = _("Periode “%(t)s” tidak ada. Pilih: %(p)s.")
        b.catat(S_PERIODE, pesan % {"t": teks, "p": ", ".join(ktx.periode) or _("(belum ada periode)")})
    ada = ktx.kenal.get(kode)
    if teks := b.teks(S_PD):
        pd = ktx.pd_tulis.get(teks)
        if pd is None and ada is not None and ada.perangkat_daerah and ada.perangkat_daerah.kode == teks:
            pd = ada.perangkat_daerah  # a reference row of another PD's node, kept as it is
        if pd is None:
            b.catat(S_PD, _("Kode PD “%s” tidak dikenal atau bukan wewenang Anda.") % teks)
    teks_isi = {f: b.teks_wajib(i, maks, wajib=f == "uraian") for f, (i, maks) in FIELD_TEKS.items()}
    try:
        teks_isi["nip"] = _nip(b.teks(S_NIP))  # the node form's rule: 18 digits
    except ValidationError as exc:
        b.catat(S_NIP, " ".join(exc.messages))
    return RencanaSimpul(b, kode, b.teks(S_INDUK), tingkat, periode, pd, teks_isi, ada=ada)


def _cocokkan(r: RencanaSimpul, ktx: Konteks, rencana: dict[str, RencanaSimpul]) -> None:
    """Resolve the parent, compare with the stored node, and check the user may write what changes."""
    b = r.b
    if r.induk_kode and r.induk_kode not in rencana and r.induk_kode not in ktx.kenal:
        b.catat(S_INDUK, _("Kode induk “%s” tidak ada di lembar Simpul maupun di pohon Anda.") % r.induk_kode)
    if r.ada is None and r.kode in ktx.semua:
        b.catat(S_KODE, _("Kode “%s” sudah dipakai simpul di luar wewenang Anda. Pakai kode lain.") % r.kode)
        return
    if r.ada is not None:
        s = r.ada
        induk = ktx.kode_simpul.get(s.induk_id, "")
        lama = (induk, s.tingkat_id, s.periode_id, s.perangkat_daerah_id, *(getattr(s, f) for f in FIELD_TEKS))
        baru = (r.induk_kode, _pk(r.tingkat), _pk(r.periode), r.pd_id, *r.teks.values())
        r.berubah = lama != baru
        if r.berubah and s.pk not in ktx.boleh_ubah:
            b.catat(S_KODE, _("Simpul “%s” hanya baca bagi Anda (milik kota atau perangkat daerah lain): "
                              "biarkan baris ini seperti aslinya.") % r.kode)  # fmt: skip
            return
        if r.berubah:
            b.versi_sama(S_VERSI, s.versi, _("Simpul"), r.kode)
    if not r.berubah:
        return
    if r.tingkat is None and not b.teks(S_TINGKAT):
        b.catat(S_TINGKAT, _("Pilih tingkat simpul."))
    induk = rencana.get(r.induk_kode) or ktx.kenal.get(r.induk_kode)
    induk_pd = (induk.pd_id if isinstance(induk, RencanaSimpul) else induk.perangkat_daerah_id) if induk else None
    if not ktx.kota and induk_pd not in (None, r.pd_id):
        b.catat(S_INDUK, str(INDUK_TIDAK_TERSEDIA))  # the node form's rule: a city node or the PD's own
    if r.pd is None and not b.teks(S_PD) and not ktx.kota:
        b.catat(S_PD, _("Simpul kota (Kode PD kosong) hanya dapat ditulis oleh Bagian Organisasi."))
    elif r.pd is not None and r.pd.kode not in ktx.pd_tulis:
        b.catat(S_PD, _("Anda hanya dapat menulis simpul perangkat daerah Anda sendiri."))
    r.terkunci = _terkunci(ktx, r.pd_id, _pk(r.periode))
    if r.ada is not None:
        r.terkunci_lama = _terkunci(ktx, r.ada.perangkat_daerah_id, r.ada.periode_id)
        r.terkunci = r.terkunci or r.terkunci_lama
    ktx.wajib_alasan(b, S_KODE, r.terkunci)


def _pk(obj) -> int | None:
    return obj.pk if obj is not None else None


def _terkunci(ktx: Konteks, pd_id: int | None, periode_id: int | None) -> Kunci:
    """THE lock (`rencana.kunci_simpul`: the final document, or None) of a node of this PD and period, asked
    once per pair."""
    kunci = ("simpul", pd_id, periode_id)
    if kunci in ktx.kunci:
        return ktx.kunci[kunci]
    return ktx.terkunci(
        kunci, lambda: kunci_simpul(Sasaran(pemda=ktx.pemda, perangkat_daerah_id=pd_id, periode_id=periode_id))
    )


def _periksa_pohon(ktx: Konteks, rencana: dict[str, RencanaSimpul]) -> None:
    """THE node rule over the batch: the stored tree with the sheet's rows laid over it, keyed by code; the
    changed and new rows are checked, and the rows under them (a parent's new level may not fit them)."""
    induk_dari = {k: ktx.kode_simpul.get(v[1]) for k, v in ktx.semua.items()}
    tingkat_dari = {k: v[2] for k, v in ktx.semua.items()}
    for r in rencana.values():
        induk_dari[r.kode], tingkat_dari[r.kode] = r.induk_kode or None, _pk(r.tingkat)
    peta = PetaPohon(
        tingkat=info_tingkat(ktx.tingkat.values()), induk_dari=induk_dari,
        pemda_dari=dict.fromkeys(induk_dari, ktx.pemda.pk), tingkat_dari=tingkat_dari,
        nomenklatur=jenis_nomenklatur({r.teks["kode_nomenklatur"] for r in rencana.values()} - {""}),
    )  # fmt: skip
    for r in rencana.values():
        induk = rencana.get(r.induk_kode)
        if r.b.salah or not (r.berubah or (induk is not None and induk.berubah)):
            continue
        uji = SimpulUji(
            kunci=r.kode, pemda_id=ktx.pemda.pk, ada_pd=r.pd is not None, tingkat_id=_pk(r.tingkat),
            induk=r.induk_kode or None, kode_nomenklatur=r.teks["kode_nomenklatur"],
        )  # fmt: skip
        for f, pesan in simpul_galat(uji, peta).items():
            r.b.catat(GALAT_KOLOM[f], pesan)
