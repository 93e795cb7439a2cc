"""One base for every Django admin page: the admin obeys the same access rules as the app.

A platform superuser (made only by `createsuperuser`) keeps Django's full admin. Everyone else enters the
admin only as a pemda administrator (`Profil.peran == admin`, `is_staff`), and then:

- every list, form, history and delete page shows only the rows of the admin's pemda, through the choke
  point `for_user` (or the admin's `lingkup_pemda` lookup for models without it); another pemda's row is 404;
- foreign-key choices are the rows the related model's admin shows; a pemda field offers only the own pemda
  and is forced to it on save, so no row can move to another pemda; the list filters by a foreign key
  (pemda, instrument, PD) offer the same choices (`SaringBerlingkup`), never another pemda's names;
- workflow data (realisasi, target, PK, locks, budgets, evaluations, results, reports, history) is read-only:
  it changes only through the services, which keep versions and history. Reference data
  (`data_referensi = True`: PD, users, planning periods and tree levels, own instrument copies) may be edited;
- the rows whose service holds rules, locks or revisions (`AdminHanyaBaca`: the plan's nodes and indicators,
  targets, PK, realisasi, manuals, IKU and planning documents, proposals, contributors, evaluations, results,
  recommendations) cannot be added, changed or deleted here by anyone, the platform superuser included: a
  delete would drop a final or verified row (and what cascades from it) around the service's rules;
- every add, change and delete made here is written to the history (`riwayat_catat`), and a change bumps an
  optimistic `versi`, so a form opened in the app before the change is refused afterwards.

Models that belong to no pemda are platform data (superuser only) unless the admin sets `lingkup_global`
(visible read-only to pemda administrators, e.g. the national predicate bands).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from .access import Aksi, Peran, profil_pengguna
from .models import Pemda
from .services import potret, riwayat_catat

# never copied into the history
_RAHASIA = frozenset({"password", "key"})


def profil_admin_pemda(request):
    """The Profil of the pemda administrator behind `request`, or None (superusers and other roles too)."""
    user = request.user
    if not (user.is_active and user.is_staff) or user.is_superuser:
        return None
    profil = profil_pengguna(user)
    return profil if profil is not None and profil.peran == Peran.ADMIN else None


def _baris(obj):
    """`obj`'s own row as a queryset (a token proxy's `pk` is its user's id, so use the real primary key)."""
    kunci = obj._meta.pk.attname
    return type(obj)._default_manager.filter(**{kunci: getattr(obj, kunci)})


def _superuser(request) -> bool:
    return request.user.is_active and request.user.is_superuser


class _HakBerlingkup:
    """The rights and scope shared by model admins and inlines (see the module docstring)."""

    data_referensi = False  # True: a pemda administrator may add, change and delete its own pemda's rows
    lingkup_pemda: str | None = None  # lookup to the pemda id, for models without `scope_pemda`/`for_user`
    lingkup_nasional = False  # rows whose pemda is empty (national data) are visible, read-only
    lingkup_global = False  # a model of no pemda that pemda administrators may read

    def _jalur_pemda(self, model=None) -> str | None:
        """The lookup from a row of `model` (default: this admin's) to its pemda id."""
        if model is None or model is self.model:
            return self.lingkup_pemda or getattr(self.model, "scope_pemda", None)
        terdaftar = self.admin_site._registry.get(model)
        return terdaftar._jalur_pemda() if terdaftar is not None else getattr(model, "scope_pemda", None)

    def _terlihat(self) -> bool:
        return self.lingkup_global or self._jalur_pemda() is not None

    def lingkupi(self, request, qs):
        """`qs` restricted to what the pemda administrator may see (superusers: unchanged)."""
        if _superuser(request):
            return qs
        profil = profil_admin_pemda(request)
        if profil is None or not self._terlihat():
            return qs.none()
        if self.lingkup_global:
            return qs
        if self.lingkup_pemda is None and hasattr(qs, "for_user"):
            return qs.for_user(request.user, Aksi.LIHAT)
        jalur = self._jalur_pemda()
        syarat = Q(**{jalur: profil.pemda_id})
        if self.lingkup_nasional:
            syarat |= Q(**{f"{jalur}__isnull": True})
        return qs.filter(syarat)

    def milik_pemda(self, request, obj, jalur=None) -> bool:
        """Whether `obj` belongs to the administrator's own pemda (national and global rows do not)."""
        profil = profil_admin_pemda(request)
        jalur = jalur or self._jalur_pemda(type(obj))
        if profil is None or jalur is None or obj.pk is None:
            return False
        return _baris(obj).filter(**{jalur: profil.pemda_id}).exists()

    def _boleh_tulis(self, request, obj) -> bool:
        if profil_admin_pemda(request) is None or not self.data_referensi:
            return False
        return obj is None or self.milik_pemda(request, obj)

    def has_module_permission(self, request):
        if _superuser(request):
            return super().has_module_permission(request)
        return profil_admin_pemda(request) is not None and self._terlihat()

    def has_view_permission(self, request, obj=None):
        if _superuser(request):
            return super().has_view_permission(request, obj)
        return profil_admin_pemda(request) is not None and self._terlihat()

    def has_change_permission(self, request, obj=None):
        if _superuser(request):
            return super().has_change_permission(request, obj)
        return self._boleh_tulis(request, obj)

    def has_delete_permission(self, request, obj=None):
        if _superuser(request):
            return super().has_delete_permission(request, obj)
        return self._boleh_tulis(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not _superuser(request) and "queryset" not in kwargs:
            kwargs["queryset"] = self.pilihan_untuk(request, db_field.related_model)
            if db_field.related_model is Pemda:
                kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not _superuser(request) and "queryset" not in kwargs:
            kwargs["queryset"] = self.pilihan_untuk(request, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def pilihan_untuk(self, request, model):
        """The rows of `model` a pemda administrator may pick: what that model's admin shows, or its scope."""
        model_admin = self.admin_site._registry.get(model)
        if model_admin is not None:
            return model_admin.get_queryset(request)
        qs = model._default_manager.all()
        if hasattr(qs, "for_user"):
            return qs.for_user(request.user, Aksi.LIHAT)
        if model is get_user_model():
            return qs.filter(profil__pemda=profil_pengguna(request.user).pemda_id, is_superuser=False)
        return qs.none()


class SaringBerlingkup(admin.RelatedFieldListFilter):
    """A list filter by a foreign key offering only the rows the administrator may pick (`pilihan_untuk`)."""

    def field_choices(self, field, request, model_admin):
        if _superuser(request):
            return super().field_choices(field, request, model_admin)
        boleh = model_admin.pilihan_untuk(request, field.related_model).values("pk")
        urutan = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, ordering=urutan, limit_choices_to={"pk__in": boleh})


class AdminBerlingkup(_HakBerlingkup, admin.ModelAdmin):
    """The base of every ModelAdmin: scope, read-only workflow data, pemda fields locked, history written."""

    # None: a `versi` field is the optimistic lock and is bumped on every change; False for models whose
    # `versi` means something else (an instrument's version number)
    versi_optimistik: bool | None = None

    def get_queryset(self, request):
        return self.lingkupi(request, super().get_queryset(request))

    def get_list_filter(self, request):
        """Each plain foreign-key filter scoped as the form's choices are (`SaringBerlingkup`)."""
        return [self._saring(f) for f in super().get_list_filter(request)]

    def _saring(self, saring):
        if not isinstance(saring, str):
            return saring  # a filter class or (field, class) chosen on purpose
        medan = get_fields_from_path(self.model, saring)[-1]
        terlingkup = medan.related_model is not None and (
            medan.related_model in self.admin_site._registry
            or hasattr(medan.related_model._default_manager.all(), "for_user")
        )
        return (saring, SaringBerlingkup) if medan.many_to_one and terlingkup else saring

    def get_object(self, request, object_id, from_field=None):
        # out of scope is 404, as everywhere else (Django would redirect with "does not exist")
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
        return obj

    def has_add_permission(self, request):
        if _superuser(request):
            return super().has_add_permission(request)
        return self._boleh_tulis(request, None)

    def _berversi(self) -> bool:
        if self.versi_optimistik is not None:
            return self.versi_optimistik
        return any(f.name == "versi" and isinstance(f, models.PositiveIntegerField) for f in self.model._meta.fields)

    def get_readonly_fields(self, request, obj=None):
        hasil = list(super().get_readonly_fields(request, obj))
        if self._berversi() and "versi" not in hasil:
            hasil.append("versi")
        return hasil

    def _pemda_id(self, obj) -> int | None:
        jalur = self._jalur_pemda(type(obj))
        if jalur is None or obj.pk is None:
            return None
        return _baris(obj).values_list(jalur, flat=True).first()

    def potret_aman(self, obj) -> dict:
        """`potret(obj)` without secrets (password hashes, token keys)."""
        return {k: v for k, v in potret(obj).items() if k not in _RAHASIA}

    def objek_riwayat(self, obj):
        """The row the history is filed under (a token's is its user: its key is no row id)."""
        return obj

    def catat_riwayat(self, request, obj, aksi: str, sebelum, sesudah) -> None:
        """Write one history row for an admin write (rows of no pemda, e.g. national data, have none)."""
        pemda_id = self._pemda_id(obj)
        if pemda_id is not None:
            riwayat_catat(
                obj=self.objek_riwayat(obj),
                pemda_id=pemda_id,
                aksi=aksi,
                oleh=request.user,
                sebelum=sebelum,
                sesudah=sesudah,
            )

    def save_model(self, request, obj, form, change):
        profil = profil_admin_pemda(request)
        if profil is not None:
            for f in obj._meta.concrete_fields:
                if f.is_relation and f.related_model is Pemda and f.editable:
                    setattr(obj, f.attname, profil.pemda_id)
        obj._riwayat_sebelum = None
        if change:
            lama = _baris(obj).select_for_update().get()
            obj._riwayat_sebelum = self.potret_aman(lama)
            if self._berversi():
                obj.versi = lama.versi + 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # after the inlines, so that a new user's profile (and so its pemda) exists
        obj = form.instance
        aksi = "admin.ubah" if change else "admin.tambah"
        self.catat_riwayat(request, obj, aksi, getattr(obj, "_riwayat_sebelum", None), self.potret_aman(obj))

    def save_formset(self, request, form, formset, change):
        hapus = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        for obj in hapus:
            self.catat_riwayat(request, obj, "admin.hapus", self.potret_aman(obj), None)
        ubah = [f.instance for f in formset.initial_forms if f.has_changed() and f not in formset.deleted_forms]
        sebelum = {o.pk: self.potret_aman(_baris(o).get()) for o in ubah}
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self.catat_riwayat(request, obj, "admin.tambah", None, self.potret_aman(obj))
        for obj, _kolom in formset.changed_objects:
            self.catat_riwayat(request, obj, "admin.ubah", sebelum.get(obj.pk), self.potret_aman(obj))

    def delete_model(self, request, obj):
        self.catat_riwayat(request, obj, "admin.hapus", self.potret_aman(obj), None)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.catat_riwayat(request, obj, "admin.hapus", self.potret_aman(obj), None)
        super().delete_queryset(request, queryset)


class AdminHanyaBaca(AdminBerlingkup):
    """A row that changes only through its service (rules, locks, revisions with a reason, versions, history):
    no add, change or delete here, for anyone (see the module docstring); the pages stay readable."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FormMulaiGrup(forms.ModelForm):
    """The start form of a batch over a pemda group (`AdminBatchGrup`): a group is required and must have members."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grup"].required = True

    def clean_grup(self):
        grup = self.cleaned_data["grup"]
        if not grup.anggota.exists():
            raise forms.ValidationError(_("Grup ini belum punya anggota."))
        return grup


class AdminBatchGrup(AdminBerlingkup):
    """A batch of work over a pemda group (issue 18 point 4: the recompute, the report batch): "Tambah" shows
    `form_mulai` with `fields_mulai` and `save_model` starts the batch through its service; the list and each row
    show its progress (`readonly_fields`). Nothing is edited or deleted here; the service writes every row."""

    form_mulai: type[forms.ModelForm]
    fields_mulai: list[str]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = self.form_mulai
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request, obj=None):
        return self.fields_mulai if obj is None else self.readonly_fields

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        """Nothing more to save: the service wrote the batch (and whatever it makes)."""


class InlineBerlingkup(_HakBerlingkup):
    """The base of every inline: the parent's ownership decides the rights (`lingkup_pemda_induk`)."""

    lingkup_pemda_induk: str | None = None  # lookup from the parent object to its pemda id

    def get_queryset(self, request):
        return self.lingkupi(request, super().get_queryset(request))

    def _boleh_tulis(self, request, obj) -> bool:
        if profil_admin_pemda(request) is None or not self.data_referensi:
            return False
        jalur = self.lingkup_pemda_induk or self._jalur_pemda(self.parent_model)
        return obj is None or self.milik_pemda(request, obj, jalur=jalur)

    def has_add_permission(self, request, obj=None):
        if _superuser(request):
            return super().has_add_permission(request, obj)
        return self._boleh_tulis(request, obj)


class TabularBerlingkup(InlineBerlingkup, admin.TabularInline):
    """A tabular inline under the same rules."""


class StackedBerlingkup(InlineBerlingkup, admin.StackedInline):
    """A stacked inline under the same rules."""
