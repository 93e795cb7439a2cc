"""API conventions shared by every app: one error format, with messages in Indonesian.

Every error body is `{"detail": "...", "errors": {...}}`. A stale write (VersiKedaluwarsa) is HTTP 409.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from perangkat_daerah.services import VersiKedaluwarsa


class Konflik(exceptions.APIException):
    """HTTP 409: the row changed since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "konflik"


def _pesan_utama(data) -> str:
    if isinstance(data, dict) and "detail" in data:
        return str(data["detail"])
    return _("Data yang dikirim tidak valid. Periksa isian yang ditandai.")


def exception_handler(exc, context):
    """DRF's handler, with domain exceptions mapped and the body in one shape."""
    if isinstance(exc, VersiKedaluwarsa):
        exc = Konflik(str(exc))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Data tidak ditemukan atau bukan wewenang Anda."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(_("Anda tidak berwenang melakukan tindakan ini."))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    errors = {k: v for k, v in data.items() if k != "detail"} if isinstance(data, dict) else {"non_field_errors": data}
    return Response(
        {"detail": _pesan_utama(data), "errors": errors}, status=response.status_code, headers=_header(response)
    )


def _header(response) -> dict:
    return {k: v for k, v in response.items() if k.lower() in {"www-authenticate", "retry-after", "allow"}}
