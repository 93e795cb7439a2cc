"""Recommendations of an LHE, their follow-up by the responsible PD and its verification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi
from perangkat_daerah.berkas import jenis_bukti
from perangkat_daerah.services import (
    berkas_dijaga,
    berkas_ganti,
    perbarui_berversi,
    potret,
    riwayat_catat,
)
from perangkat_daerah.validasi import teks_atau_galat

from ..models import (
    Evaluasi,
    Kriteria,
    Rekomendasi,
)
from .hak import _pastikan

# --- Recommendations ---------------------------------------------------------------------------------------


def _aksi_rekomendasi(evaluasi: Evaluasi) -> str:
    return Aksi.EVALUASI if evaluasi.jenis == Evaluasi.Jenis.INTERNAL else Aksi.KELOLA


@transaction.atomic
def rekomendasi_buat(
    *, evaluasi: Evaluasi, oleh, uraian: str, batas_waktu, perangkat_daerah=None, kriteria=()
) -> Rekomendasi:
    """Issue a recommendation of an LHE: the Inspektorat for an internal one, Bagian Organisasi otherwise."""
    _pastikan(oleh, evaluasi, _aksi_rekomendasi(evaluasi))
    if evaluasi.jenis == Evaluasi.Jenis.INTERNAL:
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
