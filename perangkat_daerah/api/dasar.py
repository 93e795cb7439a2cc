"""The base of every API viewset (NetBox's `BaseViewSet.restrict()`): scoping is applied here, once, so no
endpoint can forget it and none calls `for_user` itself.

A viewset declares `queryset` (the model's rows with their joins and order) and, per DRF action that
changes an object, the right it needs (`aksi_tindakan`). Reads see only rows in the user's scope (another
PD's or pemda's row is a 404); an action on a visible row without the right is a 403 (`access.wajib_hak`).
"""

from __future__ import annotations

from rest_framework import viewsets

from ..access import Aksi, wajib_hak


class ViewSetBerlingkup(viewsets.GenericViewSet):
    """Every queryset scoped to the user (LIHAT); each object action checked against its right."""

    aksi_tindakan: dict[str, str] = {}

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user, Aksi.LIHAT)

    def get_object(self):
        obj = super().get_object()
        aksi = self.aksi_tindakan.get(self.action)
        if aksi is not None:
            wajib_hak(self.request.user, aksi, obj)
        return obj


class ViewSetBacaBerlingkup(
    viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin, ViewSetBerlingkup
):  # fmt: skip
    """A read-only resource in scope (list and detail)."""
