"""Django admin for the kinerja data (sasaran, indikator, targets, locks, budgets, the planning period and tree
levels).

The planning period (while a draft) and the tree levels (while no node of a final plan stands on one) are
reference data a pemda administrator may edit (with history). The tree's nodes (`Sasaran`) and indicators are
not: their writers hold rules the admin would bypass (THE node rule `pohon.simpul_periksa`, every node keeps at
least one indicator, the in-app deletes' refusals, the plan lock with a reason and a counted revision
`rencana.revisi_rencana`), and the app has full forms for them (`/perencanaan/simpul/...`,
`/perencanaan/indikator/...`). So they are read-only here, like every workflow row (targets, PK, realisasi,
manuals, IKU and planning documents, proposals, contributors, sub kegiatan budgets): `AdminHanyaBaca`, no add,
change or delete for anyone, the platform superuser included, since a delete would drop a final row and what
cascades from it (`perangkat_daerah/admin_dasar.py`). Quarter locks and PD budgets stay a superuser's correction
with history and a version bump.
"""

from django.contrib import admin

from perangkat_daerah.admin_dasar import AdminBerlingkup, AdminHanyaBaca

from .models import (
    Anggaran,
    DokumenIKU,
    DokumenRencana,
    Indikator,
    Kontributor,
    KunciTriwulan,
    ManualIK,
    PengaturanKinerja,
    PeriodePerencanaan,
    PerjanjianKinerja,
    Realisasi,
    RevisiPK,
    Sasaran,
    Target,
    TingkatPohon,
    Usulan,
)
from .models_anggaran import AnggaranSubKegiatan
from .models_renaksi import RealisasiAksi, RencanaAksi
from .services.rencana import kunci_simpul


@admin.register(Sasaran)
class SasaranAdmin(AdminHanyaBaca):
    """The tree's nodes (sasaran of the city and of each PD), read-only: written on the node pages and the tree
    import (`kinerja.services.simpul`, `kinerja.impor.pohon*`), under the node rule and the plan lock."""

    list_display = ["kode", "uraian", "perangkat_daerah", "periode", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["kode", "uraian"]


@admin.register(Indikator)
class IndikatorAdmin(AdminHanyaBaca):
    """Indicators with their unit, direction and aggregation, read-only: written on the indicator pages and the
    tree import (`kinerja.services.simpul`: never a node's last indicator, the plan lock with a reason)."""

    list_display = ["kode", "uraian", "satuan", "iku", "arah", "agregasi", "perangkat_daerah"]
    list_filter = ["pemda", "iku", "arah", "agregasi"]
    search_fields = ["kode", "uraian"]


@admin.register(Target)
class TargetAdmin(AdminHanyaBaca):
    """Targets are read-only here: they change through the PK page or the import (history, PK lock)."""

    list_display = ["indikator", "tahun", "nilai", "lo", "hi", "versi"]
    list_filter = ["tahun"]
    search_fields = ["indikator__kode", "indikator__uraian"]


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(AdminHanyaBaca):
    """Perjanjian Kinerja per PD and year (read-only: set by the kepala PD in the app)."""

    list_display = ["perangkat_daerah", "tahun", "status", "revisi", "ditetapkan_pada"]
    list_filter = ["tahun", "status"]


@admin.register(RevisiPK)
class RevisiPKAdmin(AdminHanyaBaca):
    """PK revisions are history: read-only."""

    list_display = ["perjanjian", "nomor", "alasan", "oleh", "pada"]


@admin.register(Realisasi)
class RealisasiAdmin(AdminHanyaBaca):
    """Realisasi, read-only: the workflow lives in the app."""

    list_display = ["indikator", "tahun", "triwulan", "nilai", "status", "terlambat", "diubah_pada"]
    list_filter = ["tahun", "triwulan", "status", "terlambat"]
    search_fields = ["indikator__kode", "indikator__uraian"]


@admin.register(KunciTriwulan)
class KunciTriwulanAdmin(AdminBerlingkup):
    """Quarter deadlines and locks: read-only for a pemda administrator (Bagian Organisasi locks and unlocks
    them in the app, through `triwulan_kunci`); a superuser's change bumps `versi` and is written to the history."""

    list_display = ["pemda", "tahun", "triwulan", "batas_waktu", "terkunci"]
    list_filter = ["pemda", "tahun"]


@admin.register(Anggaran)
class AnggaranAdmin(AdminBerlingkup):
    """Budgets per PD and year (read-only for a pemda administrator: the budget page keeps history)."""

    list_display = ["perangkat_daerah", "tahun", "pagu", "realisasi_t1", "realisasi_t2", "realisasi_t3", "realisasi_t4"]
    list_filter = ["tahun"]


@admin.register(PeriodePerencanaan)
class PeriodePerencanaanAdmin(AdminBerlingkup):
    """The pemda's planning periods (RPJMD) with visi and misi: reference data of the pemda while a draft. A
    final period is read-only here: a change to it is a revision with a reason, counted on the period, made on
    the RPJMD page (`kinerja.services.dokumen_rencana.periode_visi_misi_ubah`)."""

    list_display = ["__str__", "status", "revisi", "pemda"]
    list_filter = ["pemda", "status"]
    # final only through "Tetapkan RPJMD" (services/dokumen_rencana.py), never back; revisions counted there
    readonly_fields = ["status", "revisi"]
    data_referensi = True

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == PeriodePerencanaan.Status.FINAL:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == PeriodePerencanaan.Status.FINAL:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(TingkatPohon)
class TingkatPohonAdmin(AdminBerlingkup):
    """The levels of the pemda's performance tree: reference data of the pemda (the rule of a node's place,
    `kinerja.services.pohon.simpul_periksa`, and the PK's indicators read them). A level a node of a final plan
    stands on is read-only to everyone: changing its allowed parents, scope or PK flag would change that plan
    without a revision (a new level can still be added)."""

    list_display = ["urutan", "kode", "nama", "lingkup", "nomenklatur", "pemda"]
    list_filter = ["pemda", "lingkup"]
    search_fields = ["kode", "nama"]
    filter_horizontal = ["induk_boleh"]
    data_referensi = True

    def _terkunci(self, obj) -> bool:
        """Whether a node on level `obj` is fixed by a final document (THE lock `rencana.kunci_simpul`, asked
        once per owner and period of the level's nodes; remembered on `obj` for the page's other questions)."""
        if obj is None or obj.pk is None:
            return False
        if not hasattr(obj, "_terkunci_rencana"):
            pasangan = Sasaran.objects.filter(tingkat=obj).order_by().values_list("perangkat_daerah_id", "periode_id")
            obj._terkunci_rencana = any(
                kunci_simpul(Sasaran(perangkat_daerah_id=pd, periode_id=periode)) is not None
                for pd, periode in pasangan.distinct()
            )
        return obj._terkunci_rencana

    def has_change_permission(self, request, obj=None):
        return not self._terkunci(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._terkunci(obj) and super().has_delete_permission(request, obj)


@admin.register(AnggaranSubKegiatan)
class AnggaranSubKegiatanAdmin(AdminHanyaBaca):
    """Sub kegiatan budgets, read-only: entered on the budget page (`kinerja.services.anggaran_sub_kegiatan`,
    versioned, with history, locked by a final Renja)."""

    list_display = ["sasaran", "perangkat_daerah", "tahun", "pagu", "versi"]
    list_filter = ["tahun"]
    search_fields = ["sasaran__kode", "sasaran__uraian"]


@admin.register(ManualIK)
class ManualIKAdmin(AdminHanyaBaca):
    """Indicator manuals, read-only: written on the manual page (`kinerja.services.manual.manual_simpan`,
    which locks the manuals of a final IKU document)."""

    list_display = ["indikator", "jenis", "periode_pelaporan", "penanggung_jawab", "versi", "diubah_pada"]
    list_filter = ["jenis", "periode_pelaporan"]
    search_fields = ["indikator__kode", "indikator__uraian"]


@admin.register(RencanaAksi)
class RencanaAksiAdmin(AdminHanyaBaca):
    """Action plans, read-only: written on the plan page (`kinerja.services.renaksi`, fixed with the set PK)."""

    list_display = ["indikator", "perangkat_daerah", "tahun", "uraian", "penanggung_jawab", "instruksi_kepala_daerah"]
    list_filter = ["tahun", "instruksi_kepala_daerah"]
    search_fields = ["indikator__kode", "uraian", "penanggung_jawab"]


@admin.register(RealisasiAksi)
class RealisasiAksiAdmin(AdminHanyaBaca):
    """Monthly realisations of the action plans, read-only: reported and verified in the app."""

    list_display = ["rencana_aksi", "bulan", "nilai", "status"]
    list_filter = ["status", "bulan"]
    search_fields = ["rencana_aksi__indikator__kode", "rencana_aksi__uraian"]


@admin.register(DokumenIKU)
class DokumenIKUAdmin(AdminHanyaBaca):
    """IKU documents of the city and of each PD, read-only: set final in the app."""

    list_display = ["__str__", "perangkat_daerah", "periode", "status", "ditetapkan_pada"]
    list_filter = ["status"]


@admin.register(DokumenRencana)
class DokumenRencanaAdmin(AdminHanyaBaca):
    """PD Renstra and Renja documents, read-only: set final in the app (`kinerja.services.dokumen_rencana`)."""

    list_display = ["__str__", "jenis", "perangkat_daerah", "periode", "tahun", "status", "ditetapkan_pada"]
    list_filter = ["jenis", "status"]


@admin.register(Usulan)
class UsulanAdmin(AdminHanyaBaca):
    """Proposals of new nodes, read-only: decided in the app (`kinerja.services.usulan`)."""

    list_display = ["kode", "uraian", "arah", "perangkat_daerah", "status", "dibuat_pada"]
    list_filter = ["arah", "status"]
    search_fields = ["kode", "uraian"]


@admin.register(Kontributor)
class KontributorAdmin(AdminHanyaBaca):
    """Contributors of crosscutting nodes, read-only: invited and answered in the app."""

    list_display = ["sasaran", "nama", "status", "diputuskan_pada"]
    list_filter = ["status"]


@admin.register(PengaturanKinerja)
class PengaturanKinerjaAdmin(AdminBerlingkup):
    """A pemda's kinerja settings (the berisiko threshold of the projection): its administrator edits its own
    row (history and versi by the base)."""

    list_display = ["pemda", "ambang_berisiko", "ajukan_sebelum_pk"]
    data_referensi = True
