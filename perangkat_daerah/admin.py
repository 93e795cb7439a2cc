"""Django admin for reference data: pemda, PD, users with their profile, API tokens, history.

Every class derives from `AdminBerlingkup` (admin_dasar.py): a pemda administrator sees and edits only its
own pemda; the platform superuser keeps the full admin. The admins of the framework's own models (users,
groups, tokens, login lockouts) are registered again here on the same base, so none escapes the scope.
"""

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from rest_framework.authtoken.admin import TokenAdmin
from rest_framework.authtoken.models import TokenProxy

from .admin_dasar import AdminBerlingkup, StackedBerlingkup, profil_admin_pemda
from .models import GrupPemda, HakPembina, Pemda, PerangkatDaerah, Profil, Riwayat

User = get_user_model()


@admin.register(Pemda)
class PemdaAdmin(AdminBerlingkup):
    """Pemda: a pemda administrator may edit its own; only the platform adds or removes one."""

    list_display = ["nama", "kode", "jenis"]
    search_fields = ["nama", "kode"]
    data_referensi = True

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class _AdminPlatform(AdminBerlingkup):
    """Platform data (no pemda's own): only the superuser sees or edits it (no `scope_pemda`, so a pemda
    administrator gets no page); each write's history row is filed under the pemda `_pemda_id` names."""


@admin.register(GrupPemda)
class GrupPemdaAdmin(_AdminPlatform):
    """Groups of pemda watched by a pembina (issue 18): the platform defines them."""

    list_display = ["nama", "kode", "jenis", "provinsi"]
    search_fields = ["nama", "kode"]
    filter_horizontal = ["anggota"]

    def _pemda_id(self, obj) -> int | None:
        return obj.provinsi_id or obj.anggota.values_list("pk", flat=True).order_by("pk").first()

    def potret_aman(self, obj) -> dict:
        return {**super().potret_aman(obj), "anggota": sorted(obj.anggota.values_list("pk", flat=True))}


@admin.register(HakPembina)
class HakPembinaAdmin(_AdminPlatform):
    """Who may see which group: granted by the platform superuser only; every grant and withdrawal is in the
    history (under the pembina's home pemda)."""

    list_display = ["user", "grup", "diberikan_oleh", "dibuat_pada"]
    list_filter = ["grup"]
    readonly_fields = ["diberikan_oleh", "dibuat_pada"]
    autocomplete_fields = ["user"]

    def _pemda_id(self, obj) -> int | None:
        return Profil.objects.filter(user_id=obj.user_id).values_list("pemda_id", flat=True).first()

    def save_model(self, request, obj, form, change):
        if not change:
            obj.diberikan_oleh = request.user
        super().save_model(request, obj, form, change)


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(AdminBerlingkup):
    """Perangkat daerah in the admin."""

    list_display = ["kode", "nama", "singkatan", "jenis", "pemda", "aktif"]
    list_filter = ["pemda", "jenis", "aktif"]
    search_fields = ["nama", "singkatan", "kode"]
    data_referensi = True


@admin.register(Profil)
class ProfilAdmin(AdminBerlingkup):
    """User profiles: a pemda administrator changes the role or PD of its own users (added with the user)."""

    list_display = ["user", "peran", "pemda", "perangkat_daerah"]
    list_filter = ["pemda", "peran"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["perangkat_daerah"]
    data_referensi = True
    lingkup_pemda = "pemda"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(user__is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        hasil = super().get_readonly_fields(request, obj)
        return hasil if request.user.is_superuser else [*hasil, "user"]

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        # without its profile a user would drop out of its pemda's scope: delete the user instead
        return request.user.is_superuser and super().has_delete_permission(request, obj)


@admin.register(Riwayat)
class RiwayatAdmin(AdminBerlingkup):
    """History is read-only in the admin."""

    list_display = ["waktu", "aksi", "content_type", "object_id", "oleh"]
    list_filter = ["aksi", "content_type"]
    readonly_fields = [f.name for f in Riwayat._meta.fields]
    lingkup_pemda = "pemda"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProfilInline(StackedBerlingkup):
    """A user's profile, on the user's page; a pemda administrator's new user must get one (of its pemda)."""

    model = Profil
    fields = ["pemda", "peran", "perangkat_daerah", "jabatan"]
    can_delete = False
    max_num = 1
    data_referensi = True
    lingkup_pemda = "pemda"
    lingkup_pemda_induk = "profil__pemda"

    def get_min_num(self, request, obj=None, **kwargs):
        return 0 if request.user.is_superuser else 1


admin.site.unregister(User)


@admin.register(User)
class PenggunaAdmin(AdminBerlingkup, UserAdmin):
    """Users: a pemda administrator manages the users whose profile is in its pemda, never a superuser,
    and cannot grant superuser status, groups or permissions."""

    inlines = [ProfilInline]
    data_referensi = True
    lingkup_pemda = "profil__pemda"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        hasil = list(super().get_readonly_fields(request, obj))
        if profil_admin_pemda(request) is not None:
            hasil += ["is_superuser", "groups", "user_permissions", "last_login", "date_joined"]
        return hasil


admin.site.unregister(TokenProxy)


@admin.register(TokenProxy)
class TokenBerlingkupAdmin(AdminBerlingkup, TokenAdmin):
    """API tokens: a pemda administrator sees its own users' tokens (not their keys) and may revoke them;
    creating a token for someone else is left to that user (on /profil/) or the platform."""

    data_referensi = True
    lingkup_pemda = "user__profil__pemda"

    def get_list_display(self, request):
        if request.user.is_superuser:
            return super().get_list_display(request)
        return ["user", "created"]

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def objek_riwayat(self, obj):
        return obj.user


# Platform data (no pemda): the superuser's only, through the same base.
class PlatformGroupAdmin(AdminBerlingkup, GroupAdmin):
    """Permission groups: platform data."""


class PlatformAccessAttemptAdmin(AdminBerlingkup, AccessAttemptAdmin):
    """Login lockouts (django-axes): platform data."""


class PlatformAccessLogAdmin(AdminBerlingkup, AccessLogAdmin):
    """Login log (django-axes): platform data."""


class PlatformAccessFailureLogAdmin(AdminBerlingkup, AccessFailureLogAdmin):
    """Failed logins (django-axes): platform data."""


for _model, _kelas in [
    (Group, PlatformGroupAdmin),
    (AccessAttempt, PlatformAccessAttemptAdmin),
    (AccessLog, PlatformAccessLogAdmin),
    (AccessFailureLog, PlatformAccessFailureLogAdmin),
]:
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _kelas)
