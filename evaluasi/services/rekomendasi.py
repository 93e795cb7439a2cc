"""Recommendations of an LHE, their follow-up by the responsible PD and its verification."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from perangkat_daerah.access import Aksi, wajib_hak
from perangkat_daerah.services import berkas_dijaga, perbarui_dengan_riwayat, potret, riwayat_catat
from perangkat_daerah.validasi import teks_atau_galat

from ..models import Evaluasi, Kriteria, Rekomendasi
from .hak import PESAN_REKOMENDASI, aksi_rekomendasi, aksi_tindak_lanjut, berhak, wajib_hak_evaluasi
from .jawaban import nilai_bukti

KOLOM_REKOMENDASI = ["uraian", "status", "batas_waktu", "tindak_lanjut", "bukti", "catatan_verifikasi", "versi"]


@transaction.atomic
def rekomendasi_buat(
    *, evaluasi: Evaluasi, oleh, uraian: str, batas_waktu, perangkat_daerah=None, kriteria=()
) -> Rekomendasi:
    """Issue a recommendation of an LHE: the Inspektorat for an internal one, Bagian Organisasi otherwise."""
    wajib_hak_evaluasi(oleh, evaluasi, aksi_rekomendasi(evaluasi))
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
    # Not buat_dengan_riwayat: the criteria (many-to-many) are set on the saved row, and the history has them.
    riwayat_catat(obj=rek, pemda_id=rek.pemda_id, aksi="buat", oleh=oleh, sebelum=None, sesudah=_potret_rek(rek))
    return rek


def _potret_rek(rek: Rekomendasi) -> dict:
    data = potret(rek, KOLOM_REKOMENDASI)
    data["kriteria"] = sorted(rek.kriteria.values_list("kode", flat=True))
    return data


@transaction.atomic
def rekomendasi_tindak_lanjut(
    *, rekomendasi: Rekomendasi, oleh, versi: int, tindak_lanjut: str, berkas=None
) -> Rekomendasi:
    """The responsible PD (Bagian Organisasi for a city-level one) reports its follow-up: → proses.

    Separation of duties (issue 11 §17): Bagian Organisasi, which verifies, does not file a PD's follow-up;
    the filer is recorded so that someone else verifies it."""
    wajib_hak(oleh, Aksi.LIHAT, rekomendasi, pesan=PESAN_REKOMENDASI)
    _wajib_penanggung_jawab(oleh, rekomendasi)
    if rekomendasi.status == Rekomendasi.Status.SELESAI:
        raise ValidationError(_("Rekomendasi ini sudah selesai diverifikasi."))
    tindak_lanjut = teks_atau_galat(tindak_lanjut, "tindak_lanjut")
    if not tindak_lanjut:
        raise ValidationError({"tindak_lanjut": [_("Jelaskan tindak lanjut yang sudah dilakukan.")]})
    nilai = {"tindak_lanjut": tindak_lanjut, "status": Rekomendasi.Status.PROSES, "ditindaklanjuti_oleh": oleh}
    with berkas_dijaga():  # a stale versi leaves no new file; the replaced one goes after commit
        if berkas is not None:
            nilai.update(nilai_bukti(rekomendasi.bukti, berkas))
        perbarui_dengan_riwayat(
            rekomendasi, versi=versi, oleh=oleh, aksi="tindak_lanjut", pemda_id=rekomendasi.pemda_id,
            kolom=KOLOM_REKOMENDASI, nilai=nilai, tambahan={"ditindaklanjuti_pada": timezone.now()},
        )  # fmt: skip
    return rekomendasi


def _wajib_penanggung_jawab(oleh, rek: Rekomendasi) -> None:
    """PermissionDenied unless `oleh` is who files this follow-up (hak.aksi_tindak_lanjut), saying who is."""
    if not berhak(oleh, aksi_tindak_lanjut(rek), rek):
        raise PermissionDenied(
            _("Tindak lanjut rekomendasi ini dilaporkan oleh PD penanggung jawabnya, %(pd)s.")
            % {"pd": rek.perangkat_daerah.nama}
            if rek.perangkat_daerah_id
            else _("Tindak lanjut rekomendasi tingkat kota dilaporkan oleh Bagian Organisasi.")
        )


@transaction.atomic
def rekomendasi_verifikasi(
    *, rekomendasi: Rekomendasi, oleh, versi: int, diterima: bool, catatan: str = ""
) -> Rekomendasi:
    """Bagian Organisasi verifies a follow-up: accepted → selesai; not accepted → back to proses with a note.

    Nobody verifies a follow-up they filed themselves (issue 11 §17)."""
    wajib_hak(oleh, Aksi.VERIFIKASI, rekomendasi, pesan=PESAN_REKOMENDASI)
    if rekomendasi.ditindaklanjuti_oleh_id is not None and rekomendasi.ditindaklanjuti_oleh_id == oleh.pk:
        raise PermissionDenied(
            _("Anda sendiri yang melaporkan tindak lanjut ini; verifikasinya harus dilakukan pengguna lain.")
        )
    if rekomendasi.status != Rekomendasi.Status.PROSES:
        raise ValidationError(_("Hanya tindak lanjut berstatus dalam proses yang dapat diverifikasi."))
    catatan = teks_atau_galat(catatan, "catatan")
    if not diterima and not catatan:
        raise ValidationError({"catatan": [_("Tuliskan alasan tindak lanjut belum diterima.")]})
    status = Rekomendasi.Status.SELESAI if diterima else Rekomendasi.Status.PROSES
    perbarui_dengan_riwayat(
        rekomendasi, versi=versi, oleh=oleh, aksi="verifikasi" if diterima else "tolak_tindak_lanjut",
        pemda_id=rekomendasi.pemda_id, kolom=KOLOM_REKOMENDASI, catatan=catatan,
        nilai={"status": status, "catatan_verifikasi": catatan, "diverifikasi_oleh": oleh if diterima else None},
        tambahan={"diverifikasi_pada": timezone.now() if diterima else None},
    )  # fmt: skip
    return rekomendasi
