"""The admin page "Buat pemda dari workbook" on the Pemda list (issue 18 point 3): the platform superuser
uploads one workbook (evaluasi/onboarding) and sees the new users' initial passwords once, in the response
(never stored, never in a message or the session; `Cache-Control: no-store`). A pemda administrator, who
also enters the admin, gets 403. The Pemda admin of perangkat_daerah is registered again here with the two
extra URLs (that app cannot import evaluasi); everything else is inherited from it."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja import excel
from kinerja.views.excel import _berkas
from perangkat_daerah.admin import PemdaAdmin
from perangkat_daerah.models import Pemda
from perangkat_daerah.pembatas import dibatasi

from .onboarding import GalatOnboarding, HasilOnboarding, buat_pemda, templat_onboarding


class FormOnboarding(forms.Form):
    berkas = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    kirim_surel = forms.BooleanField(
        label=gettext_lazy("Kirim kata sandi awal lewat surel"),
        required=False,
        help_text=gettext_lazy("Ke pengguna baru yang punya alamat surel; yang lain ditampilkan di halaman ini."),
    )


def _wajib_superuser(request) -> None:
    if not (request.user.is_active and request.user.is_superuser):
        raise PermissionDenied(_("Hanya administrator platform yang dapat membuat pemda dari workbook."))


class PemdaAdminOnboarding(PemdaAdmin):
    change_list_template = "admin/perangkat_daerah/pemda/change_list_onboarding.html"

    def get_urls(self):
        return [
            path("buat-dari-workbook/", self.admin_site.admin_view(self.onboarding),
                 name="perangkat_daerah_pemda_onboarding"),
            path("buat-dari-workbook/templat.xlsx", self.admin_site.admin_view(self.onboarding_templat),
                 name="perangkat_daerah_pemda_onboarding_templat"),
            *super().get_urls(),
        ]  # fmt: skip

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "boleh_onboarding": request.user.is_superuser}
        return super().changelist_view(request, extra_context)

    def onboarding_templat(self, request):
        _wajib_superuser(request)
        respons = HttpResponse(templat_onboarding(), content_type=excel.MIME_XLSX)
        respons["Content-Disposition"] = content_disposition_header(True, "pemda-baru.xlsx")
        return respons

    def onboarding(self, request):
        _wajib_superuser(request)
        return _onboarding(request, self)


@dibatasi("impor")
def _onboarding(request, model_admin):
    form = FormOnboarding(request.POST or None, request.FILES or None)
    hasil, status = None, 200
    if request.method == "POST" and form.is_valid():
        try:
            data = _berkas(request)
            hasil = buat_pemda(data, oleh=request.user, kirim_surel=form.cleaned_data["kirim_surel"])
        except excel.BerkasDitolak as exc:
            hasil = HasilOnboarding(galat=[GalatOnboarding("", 0, "–", str(exc))])
        status = 200 if hasil.berhasil else 400
    konteks = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Buat pemda dari workbook"),
        "form": form,
        "hasil": hasil,
    }
    respons = TemplateResponse(request, "admin/perangkat_daerah/pemda/onboarding.html", konteks, status=status)
    add_never_cache_headers(respons)  # the initial passwords must not stay in any cache
    return respons


admin.site.unregister(Pemda)
admin.site.register(Pemda, PemdaAdminOnboarding)
