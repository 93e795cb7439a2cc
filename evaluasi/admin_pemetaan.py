"""Django admin of the instrument migration mapping (issue 15 point 6): which old criterion answers for which
new one (or none). A pemda administrator edits the mapping into its own pemda's instrument copies; a national
pair's mapping is read-only to it. The instruments' action "Isi pemetaan kriteria dari induk" stores the
suggestions (same code, else same text) for the old criteria without a row."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from perangkat_daerah.admin_dasar import AdminBerlingkup

from .admin import InstrumenAdmin
from .models import PemetaanKriteria
from .models.pemetaan import JALUR_PEMDA_PEMETAAN
from .services.migrasi_instrumen import pemetaan_isi


@admin.register(PemetaanKriteria)
class PemetaanKriteriaAdmin(AdminBerlingkup):
    """Old criterion → new criterion (empty: not carried), per pair of instrument versions."""

    list_display = ["instrumen_baru", "kriteria_lama", "kriteria_baru"]
    list_filter = [("instrumen_baru", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["instrumen_baru", "kriteria_lama", "kriteria_baru"]
    search_fields = ["kriteria_lama__kode", "kriteria_lama__uraian", "kriteria_baru__kode", "kriteria_baru__uraian"]
    raw_id_fields = ["kriteria_lama", "kriteria_baru"]
    data_referensi = True
    lingkup_pemda = JALUR_PEMDA_PEMETAAN
    lingkup_nasional = True


@admin.action(description=_("Isi pemetaan kriteria dari instrumen induk (kode sama, lalu uraian sama)"))
def isi_pemetaan(modeladmin, request, queryset):
    """For each selected copy, store the suggested mapping from the instrument it was copied from."""
    for ins in queryset.select_related("induk"):
        boleh = request.user.is_superuser or modeladmin.milik_pemda(request, ins)
        if ins.induk is None or ins.pemda_id is None or not boleh:
            pesan = _("%(a)s dilewati: bukan salinan milik pemda Anda dari instrumen induk.") % {"a": ins}
            modeladmin.message_user(request, pesan, messages.WARNING)
            continue
        n = pemetaan_isi(lama=ins.induk, baru=ins, oleh=request.user, pemda_id=ins.pemda_id)
        modeladmin.message_user(
            request, _("%(n)s baris pemetaan dibuat untuk %(a)s.") % {"n": n, "a": ins}, messages.SUCCESS
        )


InstrumenAdmin.actions = [*InstrumenAdmin.actions, isi_pemetaan]
