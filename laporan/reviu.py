"""THE reviu of an LKjIP by the Inspektorat (issue 14 point 9): the checklist (data), which states follow which
(`TRANSISI`), who may act (the one guard `wajib_hak`), every write through the history writer, and the reads the
pages, the report list and the PDF use.

A reviu belongs to one LKjIP document, i.e. (pemda, PD or the city, year), never to one generated file: every
file of that document made after the reviu is complete carries the "Pernyataan Telah Direviu" page.

Rights: the Inspektorat reviews with the evaluation right (`Aksi.EVALUASI`: the Inspektorat's quality assurance
of a PD's accountability, the same role that scores its SAKIP evaluation); everyone else reads through the
row's scope (a PD its own LKjIP's reviu, city roles all of the pemda; another PD's reviu is a 404)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from perangkat_daerah.access import Aksi, Peran, berhak, profil_pengguna, wajib_hak
from perangkat_daerah.models import PerangkatDaerah
from perangkat_daerah.pejabat import inspektur
from perangkat_daerah.services import VersiKedaluwarsa, buat_dengan_riwayat, perbarui_dengan_riwayat, riwayat_untuk
from perangkat_daerah.validasi import teks_atau_galat
from sakip.lib.tanggal import format_tanggal

from . import jenis as jenis_laporan
from .models import Laporan
from .models_reviu import Reviu

# --- the checklist (data) ---------------------------------------------------------------------------------------
# Source: PermenPANRB 53/2014 (Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas
# Laporan Kinerja Instansi Pemerintah). Its annex on the LKjIP's format says what each chapter holds (Ikhtisar
# Eksekutif: the strategic plan's goals and how far they were reached, the obstacles and the steps taken; Bab I:
# the organisation with its strategic aspects and main issues; Bab II: the year's PK; Bab III A: the capaian of
# each sasaran with the seven analyses, B: the budget realised for the PK; Bab IV: conclusions and next steps;
# Lampiran: the PK): items A1-A7 and C5-C11 follow those words. Its annex on the reviu ("Pedoman Reviu atas
# Laporan Kinerja") has the reviewer check the format, the mechanism of compilation and the substance, to give
# limited assurance ("keyakinan terbatas") of the accuracy, reliability and validity of the performance data; what
# the reviewer finds is corrected by the unit, and the reviu is finished before the head signs: B1-B2, C1-C4.
# Public copies: the regulation, https://id.scribd.com/document/648092435; a ministry's implementing copy of the
# same reviu procedure (Lampiran V Permen PUPR 09/PRT/M/2018, "Reviu Laporan Kinerja": tujuan, tata cara, ruang
# lingkup), https://123dok.com/document/zpnlk23o-laporan-kinerja-kementerian-laporan-kinerja-kementerian-pekerjaan-
# perumahan.html (reference corpus, 2026). The annex's text itself was not in the corpus: the wording is aligned
# with the passages above, not copied from the annex. Codes are stored with the answers: never renumber them.
PEDOMAN = "Peraturan Menteri PANRB Nomor 53 Tahun 2014"
# the submission deadline is the LKjIP kind's own window (laporan/jenis.py), not restated here
_TENGGAT = jenis_laporan.ambil("lkjip_pd").jendela.dasar


@dataclass(frozen=True)
class Butir:
    kode: str
    kelompok: str
    teks: str


BUTIR_REVIU: tuple[Butir, ...] = (
    Butir("A1", "Format", f"Laporan Kinerja disusun dengan sistematika {PEDOMAN}: Ikhtisar Eksekutif, Bab I "
          "Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas Kinerja, Bab IV Penutup dan Lampiran."),
    Butir("A2", "Format", "Ikhtisar Eksekutif menyajikan tujuan dan sasaran rencana strategis, sejauh mana tujuan "
          "dan sasaran utama tercapai, kendala yang dihadapi, serta langkah yang telah dan akan dilakukan."),
    Butir("A3", "Format", "Bab I menjelaskan gambaran umum organisasi, dengan penekanan pada aspek strategis "
          "organisasi dan permasalahan utama (isu strategis) yang sedang dihadapi."),
    Butir("A4", "Format", "Bab II menyajikan ringkasan/ikhtisar Perjanjian Kinerja tahun yang bersangkutan."),
    Butir("A5", "Format", "Bab III menyajikan capaian kinerja setiap sasaran strategis sesuai hasil pengukuran "
          "kinerja, dan realisasi anggaran yang digunakan untuk mewujudkan kinerja sesuai Perjanjian Kinerja."),
    Butir("A6", "Format", "Bab IV memuat simpulan umum atas capaian kinerja organisasi serta langkah di masa "
          "mendatang untuk meningkatkan kinerjanya."),
    Butir("A7", "Format", "Lampiran memuat Perjanjian Kinerja tahun yang bersangkutan."),
    Butir("B1", "Mekanisme penyusunan", "Data kinerja dikumpulkan dan diolah secara berjenjang oleh unit "
          "penanggung jawab, dengan cara yang menjamin keandalan dan akurasinya."),
    Butir("B2", "Mekanisme penyusunan", "Reviu selesai sebelum Laporan Kinerja ditandatangani pimpinan, dan "
          f"Laporan Kinerja disampaikan tepat waktu ({_TENGGAT})."),
    Butir("C1", "Substansi", "Tujuan dan sasaran dalam Laporan Kinerja sama dengan yang ada dalam Renstra/RPJMD "
          "dan Perjanjian Kinerja."),
    Butir("C2", "Substansi", "Indikator kinerja dalam Laporan Kinerja sama dengan indikator kinerja utama dan "
          "indikator dalam Perjanjian Kinerja."),
    Butir("C3", "Substansi", "Target kinerja dalam Laporan Kinerja sama dengan target dalam Perjanjian Kinerja."),
    Butir("C4", "Substansi", "Realisasi kinerja didukung data dan dokumen sumber yang valid serta dapat ditelusuri."),
    Butir("C5", "Substansi", "Target dan realisasi kinerja tahun ini dibandingkan; capaiannya dihitung dengan benar "
          "sesuai rumus dan arah (polaritas) indikator."),
    Butir("C6", "Substansi", "Realisasi serta capaian kinerja tahun ini dibandingkan dengan tahun lalu dan beberapa "
          "tahun terakhir."),
    Butir("C7", "Substansi", "Realisasi kinerja sampai dengan tahun ini dibandingkan dengan target jangka menengah "
          "dalam dokumen perencanaan strategis (Renstra/RPJMD)."),
    Butir("C8", "Substansi", "Realisasi kinerja tahun ini dibandingkan dengan standar nasional, bila ada."),
    Butir("C9", "Substansi", "Penyebab keberhasilan/kegagalan atau peningkatan/penurunan kinerja dianalisis, beserta "
          "alternatif solusi yang telah dilakukan."),
    Butir("C10", "Substansi", "Efisiensi penggunaan sumber daya dianalisis."),
    Butir("C11", "Substansi", "Program/kegiatan yang menunjang keberhasilan ataupun kegagalan pencapaian kinerja "
          "dianalisis."),
)  # fmt: skip
JAWABAN = {"ya": "Ya", "tidak": "Tidak", "tidak_relevan": "Tidak relevan"}
TEMUAN = "tidak"  # an item answered "Tidak" when the reviu is complete is a finding the report did not fix

# The statement page (the annex's form "Pernyataan Telah Direviu"), printed once the reviu is complete: who reviewed
# what under which guideline, whose responsibility the content is, the limited assurance, and the conclusion. The
# conclusion claims no difference only when no item was left answered "Tidak"; otherwise it says there are such
# matters and names them (the item and the reviewer's note), never the clean sentence.
PERNYATAAN = (
    "Kami telah mereviu Laporan Kinerja {instansi} untuk Tahun Anggaran {tahun} sesuai Pedoman Reviu atas "
    "Laporan Kinerja. Substansi informasi yang dimuat dalam Laporan Kinerja ini menjadi tanggung jawab manajemen "
    "{instansi}.",
    "Reviu bertujuan untuk memberikan keyakinan terbatas bahwa Laporan Kinerja telah disajikan secara akurat, "
    "andal, dan valid.",
)
SIMPULAN_BERSIH = (
    "Berdasarkan reviu kami, tidak terdapat kondisi atau hal-hal yang menimbulkan perbedaan dalam meyakini "
    "keandalan informasi yang disajikan di dalam Laporan Kinerja ini."
)
SIMPULAN_TEMUAN = (
    "Berdasarkan reviu kami, terdapat kondisi atau hal-hal yang menimbulkan perbedaan dalam meyakini keandalan "
    "informasi yang disajikan di dalam Laporan Kinerja ini, yaitu:"
)

# --- the workflow -----------------------------------------------------------------------------------------------
S = Reviu.Status
# (state, the form's action) → the next state; anything else is refused.
TRANSISI: dict[tuple[str, str], str] = {
    (S.BELUM, "mulai"): S.DIREVIU,  # the Inspektorat starts the reviu
    (S.DIREVIU, "simpan"): S.DIREVIU,  # the checklist saved as it is filled
    (S.DIREVIU, "kembalikan"): S.DIKEMBALIKAN,  # returned to the PD / Bagian Organisasi with a note
    (S.DIREVIU, "selesai"): S.SELESAI,  # complete: every item answered; the statement prints from now on
    (S.DIKEMBALIKAN, "mulai"): S.DIREVIU,  # reviewed again once the report is fixed
    (S.SELESAI, "buka"): S.DIREVIU,  # reopened (the report changed after the reviu), with a note
}
AKSI = {"mulai": _l("dimulai"), "simpan": _l("disimpan"), "kembalikan": _l("dikembalikan"),
        "selesai": _l("diselesaikan"), "buka": _l("dibuka kembali")}  # fmt: skip
PESAN_TEMUAN = _l("Butir ini dijawab Tidak: tuliskan catatannya, karena tercetak pada Pernyataan Telah Direviu.")
WAJIB_CATATAN = {
    "kembalikan": _l("Tuliskan catatan perbaikan untuk perangkat daerah sebelum mengembalikan."),
    "buka": _l("Tuliskan alasan membuka kembali reviu yang sudah selesai."),
}
TANPA_BERKAS = _l(
    "Reviu belum dapat dimulai: belum ada berkas LKjIP %(tahun)s %(instansi)s yang selesai dibuat. Buat LKjIP-nya "
    "terlebih dahulu di halaman Laporan, lalu mulai reviu."
)
KOLOM = ["status", "jawaban", "catatan", "selesai_pada"]
PESAN_BERHASIL = {
    "mulai": _l("Reviu dimulai."),
    "simpan": _l("Kertas kerja reviu disimpan."),
    "kembalikan": _l("LKjIP dikembalikan ke perangkat daerah dengan catatan."),
    "selesai": _l("Reviu selesai. Pernyataan Telah Direviu tercetak pada LKjIP yang dibuat mulai sekarang."),
    "buka": _l("Reviu dibuka kembali; Pernyataan Telah Direviu tidak tercetak sampai reviu selesai lagi."),
}


def wajib_peninjau(user, pemda, perangkat_daerah: PerangkatDaerah | None) -> None:
    """403 unless `user` reviews this LKjIP (the Inspektorat of its pemda)."""
    wajib_hak(user, Aksi.EVALUASI, perangkat_daerah or pemda, pesan=_("Hanya Inspektorat yang mereviu LKjIP."))


def boleh_mereviu(user, pemda, perangkat_daerah: PerangkatDaerah | None) -> bool:
    return berhak(user, Aksi.EVALUASI, perangkat_daerah or pemda)


def jawaban_bersih(isian: dict) -> dict:
    """The checklist's answers from a form, checked: known items only, a known answer or none, a clean note."""
    hasil, galat = {}, {}
    for butir in BUTIR_REVIU:
        jawab, catatan = isian.get(butir.kode, ("", ""))
        try:
            catatan = teks_atau_galat(catatan, f"catatan-{butir.kode}", maks=2000)
        except ValidationError as exc:
            galat.update(exc.message_dict)
            continue
        if jawab and jawab not in JAWABAN:
            galat[f"jawaban-{butir.kode}"] = [_("Pilih Ya, Tidak atau Tidak relevan.")]
        elif jawab or catatan:
            hasil[butir.kode] = {"jawaban": jawab, "catatan": catatan}
    if galat:
        raise ValidationError(galat)
    return hasil


def belum_dijawab(jawaban: dict) -> list[str]:
    return [b.kode for b in BUTIR_REVIU if not (jawaban.get(b.kode) or {}).get("jawaban")]


def _periksa(kini: str, aksi: str, jawaban: dict, catatan: str) -> str:
    """The next state of `aksi` from `kini` (TRANSISI), or the refusal: a missing note, unanswered items."""
    if (kini, aksi) not in TRANSISI:
        raise ValidationError(_("Reviu berstatus “%(s)s” tidak dapat %(a)s.") % {"s": S(kini).label, "a": AKSI[aksi]})
    if aksi in WAJIB_CATATAN and not catatan:
        raise ValidationError({"catatan": str(WAJIB_CATATAN[aksi])})
    status = TRANSISI[(kini, aksi)]
    if status == S.SELESAI and (kosong := belum_dijawab(jawaban)):
        raise ValidationError(
            _("Reviu belum dapat diselesaikan: butir %(b)s belum dijawab.") % {"b": ", ".join(kosong)}
        )
    if status == S.SELESAI and (tanpa := temuan_tanpa_catatan(jawaban)):
        raise ValidationError({f"catatan-{k}": [str(PESAN_TEMUAN)] for k in tanpa})
    return status


def temuan_tanpa_catatan(jawaban: dict) -> list[str]:
    """Items answered "Tidak" without a note: a finding the statement would print without saying what it is."""
    return [k for k, isi in jawaban.items() if isi.get("jawaban") == TEMUAN and not isi.get("catatan")]


@transaction.atomic
def reviu_tindak(*, oleh, pemda, perangkat_daerah, tahun: int, aksi: str, versi: int, isian: dict | None = None,
                 catatan: str = "") -> Reviu:  # fmt: skip
    """One action of the Inspektorat on an LKjIP's reviu: start (or restart) it, save the checklist, return it with a
    note, complete it, or reopen a complete one with a note. The checklist in `isian` ({kode: (jawaban, catatan)})
    is saved with the action. `versi` is the version the form was loaded with (0: no reviu yet); a stale one
    raises VersiKedaluwarsa."""
    wajib_peninjau(oleh, pemda, perangkat_daerah)
    if aksi not in AKSI:
        raise ValidationError(_("Tindakan reviu tidak dikenal."))
    if aksi == "mulai" and not ada_berkas_lkjip(pemda, perangkat_daerah, tahun):
        raise ValidationError(str(TANPA_BERKAS) % {"tahun": tahun, "instansi": (perangkat_daerah or pemda).nama})
    reviu = (
        Reviu.objects.select_for_update()  # no ordering join: PostgreSQL locks no nullable side of an outer join
        .filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun)
        .order_by("pk")
        .first()
    )
    if (reviu.versi if reviu else 0) != versi:
        raise VersiKedaluwarsa(
            _("Reviu ini sudah diubah oleh pengguna lain sejak Anda membukanya. Muat ulang halaman.")
        )
    jawaban = (reviu.jawaban if reviu else {}) if isian is None else jawaban_bersih(isian)
    catatan = teks_atau_galat(catatan, "catatan")
    status = _periksa(reviu.status if reviu else S.BELUM, aksi, jawaban, catatan)
    nilai = {"status": status, "jawaban": jawaban}
    if aksi in WAJIB_CATATAN:
        nilai["catatan"] = catatan
    nilai["selesai_pada"] = timezone.localdate() if status == S.SELESAI else None
    if reviu is None:
        return buat_dengan_riwayat(
            Reviu, oleh=oleh, aksi="reviu_mulai", pemda_id=pemda.pk, kolom=KOLOM, catatan=catatan, pemda=pemda,
            perangkat_daerah=perangkat_daerah, tahun=tahun, diubah_oleh=oleh, **nilai,
        )  # fmt: skip
    perbarui_dengan_riwayat(
        reviu, versi=None, oleh=oleh, aksi=f"reviu_{aksi}", pemda_id=pemda.pk, kolom=KOLOM, nilai=nilai,
        tambahan={"diubah_oleh": oleh, "diubah_pada": timezone.now()}, catatan=catatan,
    )  # fmt: skip
    return reviu


# --- reads ------------------------------------------------------------------------------------------------------


def ada_berkas_lkjip(pemda, perangkat_daerah, tahun: int) -> bool:
    """Whether the document has a finished LKjIP file (PDF or Word): the reviu reads one, so it starts only then."""
    kode = [j.kode for j in jenis_laporan.jenis_lkjip(kota=perangkat_daerah is None)]
    return Laporan.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun, jenis__in=kode,
                                  status=Laporan.Status.SELESAI).exists()  # fmt: skip


def reviu_dokumen(pemda, perangkat_daerah, tahun: int) -> Reviu | None:
    return Reviu.objects.filter(pemda=pemda, perangkat_daerah=perangkat_daerah, tahun=tahun).first()


def catatan_reviu(reviu: Reviu | None) -> list:
    """Every note of the reviu, newest first (returns and restarts), from its history."""
    if reviu is None:
        return []
    return [r for r in riwayat_untuk(reviu).order_by("-pk") if r.catatan]


def butir_halaman(reviu: Reviu | None, isian: dict | None = None, galat: dict | None = None) -> list[dict]:
    """The checklist grouped for the page, each item with its answer (what was typed, after a refused submit)
    and its errors."""
    tersimpan, galat = (reviu.jawaban if reviu else {}), galat or {}
    kelompok: dict[str, list] = {}
    for b in BUTIR_REVIU:
        simpan = tersimpan.get(b.kode) or {}
        jawab, cat = (
            isian[b.kode] if isian and b.kode in isian else (simpan.get("jawaban", ""), simpan.get("catatan", ""))
        )
        kelompok.setdefault(b.kelompok, []).append({
            "kode": b.kode, "teks": b.teks, "jawaban": jawab, "label": JAWABAN.get(jawab, ""), "catatan": cat,
            "galat": galat.get(f"jawaban-{b.kode}", []) + galat.get(f"catatan-{b.kode}", []),
        })  # fmt: skip
    return [{"nama": k, "butir": v} for k, v in kelompok.items()]


def daftar_dokumen(user, pemda, tahun: int) -> list[dict]:
    """The LKjIP documents of the year `user` sees with their reviu status: the city first (for city roles), then
    every active PD in scope. Two queries whatever the number of PD."""
    pd_list = list(PerangkatDaerah.objects.for_user(user).filter(pemda=pemda, aktif=True).order_by("kode", "nama"))
    per_pd = {r.perangkat_daerah_id: r for r in Reviu.objects.for_user(user).filter(pemda=pemda, tahun=tahun)}
    baris = [{"pd": pd, "reviu": per_pd.get(pd.pk)} for pd in pd_list]
    profil = profil_pengguna(user)
    if profil is not None and not Peran.terikat_pd(profil.peran):
        baris.insert(0, {"pd": None, "reviu": per_pd.get(None)})
    return baris


def ringkasan(baris: list[dict]) -> list[tuple[str, str, int]]:
    """(status, label, how many documents) for the list's summary, in the workflow's order."""
    hitung = dict.fromkeys(S.values, 0)
    for b in baris:
        hitung[b["reviu"].status if b["reviu"] else S.BELUM] += 1
    return [(s, S(s).label, n) for s, n in hitung.items()]


def tandai_daftar(daftar_laporan: list) -> None:
    """Sets `reviu_status` and `reviu_label` on every LKjIP row of the report list, in one query."""
    lkjip = [lap for lap in daftar_laporan if getattr(jenis_laporan.cari(lap.jenis), "awalan", "") == "LKjIP"]
    if not lkjip:
        return
    qs = Reviu.objects.filter(pemda_id__in={lap.pemda_id for lap in lkjip}, tahun__in={lap.tahun for lap in lkjip})
    per = {(r.pemda_id, r.perangkat_daerah_id, r.tahun): r for r in qs}
    for lap in lkjip:
        reviu = per.get((lap.pemda_id, lap.perangkat_daerah_id, lap.tahun))
        lap.reviu_status = reviu.status if reviu else S.BELUM
        lap.reviu_label = reviu.get_status_display() if reviu else S.BELUM.label


def temuan(jawaban: dict) -> list[str]:
    """The findings as the statement prints them: each item answered "Tidak", with the reviewer's note."""
    hasil = []
    for b in BUTIR_REVIU:
        isi = jawaban.get(b.kode) or {}
        if isi.get("jawaban") == TEMUAN:
            catatan = f" {_('Catatan reviu')}: {isi['catatan']}" if isi.get("catatan") else ""
            hasil.append(f"{_('Belum terpenuhi')}: {b.teks}{catatan}")
    return hasil


def paragraf_pernyataan(instansi: str, tahun: int, jawaban: dict | None = None) -> list[str]:
    """The statement's paragraphs: the two of the form and its conclusion, which claims a clean reviu only when
    `jawaban` (the checklist) leaves no finding; the findings themselves are `temuan(jawaban)`."""
    simpulan = SIMPULAN_TEMUAN if temuan(jawaban or {}) else SIMPULAN_BERSIH
    return [p.format(instansi=instansi, tahun=tahun) for p in PERNYATAAN] + [simpulan]


def pernyataan(laporan) -> dict | None:
    """The "Pernyataan Telah Direviu" page of an LKjIP, or None while its reviu is not complete."""
    reviu = reviu_dokumen(laporan.pemda, laporan.perangkat_daerah, laporan.tahun)
    if reviu is None or reviu.status != S.SELESAI:
        return None
    pd, pemda = laporan.perangkat_daerah, laporan.pemda
    instansi = pd.nama if pd else pemda.nama
    return {
        "paragraf": paragraf_pernyataan(instansi, laporan.tahun, reviu.jawaban),
        "temuan": temuan(reviu.jawaban),
        "instansi": instansi,
        "tanggal": format_tanggal(reviu.selesai_pada),
        "tempat": pemda.ibu_kota or pemda.nama,
        "inspektur": inspektur(pemda).sebagai_dict(),
    }
