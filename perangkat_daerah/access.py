"""THE access rules of the product: who may see and do what. Every view, endpoint, export and task
filters its rows through `Model.objects.for_user(user, aksi)`.

Scope: nobody crosses pemda; PD-bound roles (operator, kepala PD) see only their own PD's rows; city-level
roles see the whole pemda. Rights: the table `HAK` says which roles may perform which action. An object
outside the user's scope is a 404; in scope but not permitted is a 403 (`ambil_untuk`).
"""

from __future__ import annotations

import functools
from typing import NamedTuple

from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Peran(models.TextChoices):
    """The roles of DOMAIN.md §5."""

    OPERATOR_PD = "operator_pd", _("Operator PD")
    KEPALA_PD = "kepala_pd", _("Kepala PD")
    BAGIAN_ORGANISASI = "bagian_organisasi", _("Bagian Organisasi")
    INSPEKTORAT = "inspektorat", _("Inspektorat")
    PIMPINAN = "pimpinan", _("Pimpinan")
    ADMIN = "admin", _("Administrator")
    # a province's or ministry's supervisor (issue 18): city-level, read-only, and sees only the official,
    # published figures of the pemda of the groups granted to them (HakPembina); no right in `HAK`, see there
    PEMBINA = "pembina", _("Pembina")

    @classmethod
    def terikat_pd(cls, peran: str) -> bool:
        """True for the roles whose scope is one perangkat daerah."""
        return peran in PERAN_TERIKAT_PD


PERAN_TERIKAT_PD = frozenset({Peran.OPERATOR_PD, Peran.KEPALA_PD})
# the roles that work inside their pemda: every role but the pembina (whose menu is the group dashboard only)
PERAN_PEMDA = frozenset(Peran.values) - {Peran.PEMBINA}


class Aksi:
    """Names of the actions that the rights table grants."""

    LIHAT = "lihat"
    ISI = "isi"  # enter and submit a PD's own data (realisasi, self-assessment)
    SETUJUI = "setujui"  # the head of a PD approves (PK ditetapkan)
    VERIFIKASI = "verifikasi"  # verify or return realisations, verify follow-up
    EVALUASI = "evaluasi"  # score a PD's evaluation
    KELOLA = "kelola"  # manage the cycle and reference data
    BUAT_LAPORAN = "buat_laporan"


HAK: dict[str, frozenset[str]] = {
    # a pembina holds no right at all, not even LIHAT: every `for_user` (the models' own overrides included)
    # gives them nothing; they read their groups' published figures through `pemda_binaan`
    Aksi.LIHAT: PERAN_PEMDA,
    Aksi.ISI: frozenset({Peran.OPERATOR_PD, Peran.KEPALA_PD}),
    Aksi.SETUJUI: frozenset({Peran.KEPALA_PD}),
    Aksi.VERIFIKASI: frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN}),
    Aksi.EVALUASI: frozenset({Peran.INSPEKTORAT}),
    Aksi.KELOLA: frozenset({Peran.BAGIAN_ORGANISASI, Peran.ADMIN}),
    Aksi.BUAT_LAPORAN: frozenset({Peran.OPERATOR_PD, Peran.KEPALA_PD, Peran.BAGIAN_ORGANISASI, Peran.ADMIN}),
}


def profil_pengguna(user):
    """The user's Profil, or None for anonymous users and users without one (cached on the user)."""
    if user is None or not user.is_authenticated:
        return None
    if not hasattr(user, "_profil_cache"):
        from .models import Profil

        user._profil_cache = Profil.objects.select_related("pemda", "perangkat_daerah").filter(user=user).first()
    return user._profil_cache


class Lingkup(NamedTuple):
    """A user's scope as the rules above read it from their Profil: role, pemda, own PD (None: city-level)."""

    peran: str
    pemda_id: int
    perangkat_daerah_id: int | None


@functools.cache
def sql_lingkup() -> str:
    """One row of `Lingkup`'s columns, the Profil of the user `%(u)s` (no row: no profile), for a caller that
    reads the scope inside a query of its own (one round trip, dasbor.tembolok.penanda_pengguna)."""
    from .models import Profil

    kolom = ", ".join(connection.ops.quote_name(Profil._meta.get_field(f.removesuffix("_id")).column)
                      for f in Lingkup._fields)  # fmt: skip
    user = connection.ops.quote_name(Profil._meta.get_field("user").column)
    return f"SELECT {kolom} FROM {connection.ops.quote_name(Profil._meta.db_table)} WHERE {user} = %(u)s"


def pd_pengguna_id(user) -> int | None:
    """The id of the user's own PD, or None for city-level roles and users without a profile: where a "my PD"
    entry of the menu leads (the PD's page, or the city's list)."""
    profil = profil_pengguna(user)
    return None if profil is None else profil.perangkat_daerah_id


def grup_binaan(user):
    """The GrupPemda granted to `user` as pembina (HakPembina); none for every other role or without profile."""
    from .models import GrupPemda

    profil = profil_pengguna(user)
    if profil is None or profil.peran != Peran.PEMBINA:
        return GrupPemda.objects.none()
    return GrupPemda.objects.filter(hak_pembina__user=user)


def pemda_binaan(user, grup=None):
    """THE pemda a pembina may read (the official, published figures only): the members of the groups granted
    to them, of `grup` alone when given (nothing when `grup` is not granted). Nothing for every other role."""
    from .models import Pemda

    grup_qs = grup_binaan(user)
    if grup is not None:
        grup_qs = grup_qs.filter(pk=getattr(grup, "pk", grup))
    return Pemda.objects.filter(grup_pemda__in=grup_qs).distinct()


def wajib_kelola_semua(user, pemda_ids, *, pesan: str) -> None:
    """THE rule for work over many pemda at once (issue 18 point 4: a year's recompute, a group's report
    batch): the platform superuser, or a user holding KELOLA on every one of them (each through `wajib_hak`).
    None is the system itself (a command, beat). PermissionDenied (403, with `pesan`) otherwise."""
    from .models import Pemda

    if user is None or user.is_superuser:
        return
    for pemda in Pemda.objects.filter(pk__in=list(pemda_ids)):
        wajib_hak(user, Aksi.KELOLA, pemda, pesan=pesan)


def boleh(user, aksi: str) -> bool:
    """Whether the user's role grants `aksi` at all (scope aside)."""
    profil = profil_pengguna(user)
    return profil is not None and profil.peran in HAK.get(aksi, frozenset())


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how to restrict itself to a user's scope.

    Models declare `scope_pemda` (the lookup to the pemda id) and `scope_pd` (the lookup to the
    perangkat daerah id, or None for rows that belong to the city as a whole).
    """

    def for_user(self, user, aksi: str = Aksi.LIHAT) -> ScopedQuerySet:
        """Rows that `user` may perform `aksi` on."""
        profil = profil_pengguna(user)
        if profil is None or not boleh(user, aksi):
            return self.none()
        model = self.model
        qs = self.filter(**{model.scope_pemda: profil.pemda_id})
        if Peran.terikat_pd(profil.peran):
            if model.scope_pd is None:
                return qs.none() if aksi != Aksi.LIHAT else qs
            qs = qs.filter(**{model.scope_pd: profil.perangkat_daerah_id})
        return qs


def wajib_hak(user, aksi: str, obj, *, pesan: str | None = None) -> None:
    """THE answer to "may `user` do `aksi` to `obj`": nothing when yes, PermissionDenied (403, with `pesan`)
    when no. Scope and right both come from the model's `for_user`, so no caller restates a rule. Views
    that look an object up use `ambil_untuk`, which adds the 404 for objects outside the user's scope."""
    if not type(obj)._default_manager.for_user(user, aksi).filter(pk=obj.pk).exists():
        raise PermissionDenied(pesan or _("Anda tidak berwenang melakukan tindakan ini."))


def berhak(user, aksi: str, obj) -> bool:
    """The answer of `wajib_hak` as a yes or no (which buttons a page offers for this object)."""
    try:
        wajib_hak(user, aksi, obj)
    except PermissionDenied:
        return False
    return True


def wajib_dalam(boleh, obj, pesan: str) -> None:
    """PermissionDenied (403, with `pesan`) unless `obj` is among the rows `boleh`: a selector that states a
    union of rights once (e.g. `kinerja.selectors.indikator_dapat_diisi`). A single right: `wajib_hak`."""
    if not boleh.filter(pk=obj.pk).exists():
        raise PermissionDenied(pesan)


def ambil_untuk(queryset: ScopedQuerySet, user, aksi: str = Aksi.LIHAT, **lookup):
    """Get one object for `user`: 404 when out of scope, 403 when visible but `aksi` is not allowed."""
    obj = queryset.for_user(user, Aksi.LIHAT).filter(**lookup).first()
    if obj is None:
        raise Http404(_("Data tidak ditemukan atau bukan wewenang Anda."))
    if aksi != Aksi.LIHAT:
        wajib_hak(user, aksi, obj)
    return obj
