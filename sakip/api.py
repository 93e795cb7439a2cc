"""API conventions shared by every app: one error format, with messages in Indonesian.

Every error body is `{"detail": "...", "errors": {...}}`. A stale write (VersiKedaluwarsa) is HTTP 409.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.defaults import bad_request, page_not_found
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from perangkat_daerah.services import VersiKedaluwarsa
from sakip.lib.bilangan import ID_MAKS, BilanganTidakValid, bilangan_bulat


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


def tidak_ditemukan(request, exception=None):
    """handler404: under /api/ an address no route matches (`/api/v1/anggaran/0.5/`) is a 404 in the one
    error body, as the schema documents; elsewhere Django's page (templates/404.html)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Data tidak ditemukan atau bukan wewenang Anda."), "errors": {}}, status=404)
    return page_not_found(request, exception)


def permintaan_buruk(request, exception=None):
    """handler400: a request Django refuses before any view (more than DATA_UPLOAD_MAX_NUMBER_FIELDS fields, a
    suspicious header) is, under /api/, a 400 in the one error body as the schema documents; elsewhere the
    page (templates/400.html)."""
    if request.path.startswith("/api/"):
        pesan = _("Permintaan tidak valid: isian terlalu banyak atau tidak dapat dibaca.")
        return JsonResponse({"detail": pesan, "errors": {}}, status=400)
    return bad_request(request, exception)


# --- the error responses in the schema -----------------------------------------------------------------


class GalatSerializer(serializers.Serializer):
    """The one error body of the API: a message for people and the errors per field (may be empty)."""

    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.JSONField())


GALAT = {
    400: gettext_lazy("Permintaan tidak valid: parameter atau isian salah (rinciannya di `errors`)."),
    401: gettext_lazy("Tidak terautentikasi: token tidak ada atau tidak valid."),
    403: gettext_lazy("Tidak berwenang: peran pengguna tidak memiliki hak atas tindakan ini."),
    404: gettext_lazy("Tidak ditemukan, di luar cakupan pengguna, atau halaman daftar yang tidak ada."),
    409: gettext_lazy("Konflik: `versi` basi (data telah diubah orang lain) atau keadaan data tidak mengizinkan."),
    429: gettext_lazy("Terlalu banyak permintaan: batas laju tercapai; coba lagi setelah `Retry-After` detik."),
}


# Who may call each write operation (the access rules themselves live in perangkat_daerah/access.py).
# Every operation of the schema gets the scope rule; writes also get their roles. A write operation missing
# here fails tests/test_keamanan.py::test_every_api_write_documents_its_permissions.
LINGKUP = (
    "**Cakupan:** operator dan kepala PD hanya data PD-nya sendiri; Bagian Organisasi, Inspektorat, pimpinan "
    "dan admin seluruh pemda; tidak ada yang melintasi pemda. Objek di luar cakupan: 404; peran tanpa hak: 403."
)
HAK_TULIS = {
    ("post", "/api/v1/realisasi/"): "operator/kepala PD (PD sendiri); Bagian Organisasi (IKU kota)",
    ("patch", "/api/v1/realisasi/{id}/"): "operator/kepala PD (PD sendiri, draf atau dikembalikan); `versi` basi → 409",
    ("post", "/api/v1/realisasi/{id}/ajukan/"): "operator/kepala PD (PD sendiri)",
    ("post", "/api/v1/realisasi/{id}/verifikasi/"): "Bagian Organisasi, admin",
    ("post", "/api/v1/realisasi/{id}/kembalikan/"): "Bagian Organisasi, admin",
    ("put", "/api/v1/evaluasi/{id}/jawaban/"): "PD (penilaian mandiri PD sendiri), Inspektorat (evaluasi "
    "internal), Bagian Organisasi (perkiraan mandiri kota); tidak pada evaluasi final; `versi` basi → 409",
    ("patch", "/api/v1/evaluasi/{id}/jawaban/"): "sama dengan PUT",
    ("post", "/api/v1/laporan/"): "operator/kepala PD (laporan PD sendiri), Bagian Organisasi, admin; LKE: siapa "
    "pun yang dapat melihat evaluasinya; pohon kinerja: siapa pun yang dapat melihat pohonnya (pohon_pd: PD sendiri "
    "dan peran kota; pohon_kota: peran kota); dibatasi laju (`SAKIP_BATAS_LAPORAN`)",
    ("post", "/api/v1/laporan/{id}/ulangi/"): "yang berhak meminta laporan itu; dibatasi laju",
    ("post", "/api/v1/notifikasi/baca/"): "setiap pengguna, hanya notifikasinya sendiri",
}


def dokumentasi_hak(result, generator, request, public):
    """drf-spectacular postprocessing hook: append the permissions to every operation's description."""
    for path, operasi in result.get("paths", {}).items():
        for metode, op in operasi.items():
            hak = HAK_TULIS.get((metode, path))
            tambahan = LINGKUP + (f"\n\n**Peran yang boleh:** {hak}." if hak else "")
            op["description"] = ((op.get("description") or "") + "\n\n" + tambahan).strip()
    return result


# --- whole-number query parameters -----------------------------------------------------------------


class BilanganBulatField(forms.Field):
    """A form field for ids, years and counts in query strings: the one parser (`bilangan_bulat`), so
    non-ASCII digits, overflow, negatives and text are a 400 with an Indonesian message, never a 500."""

    def __init__(self, *, minimum: int = 1, maksimum: int = ID_MAKS, **kwargs):
        self.minimum, self.maksimum = minimum, maksimum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return bilangan_bulat(value, minimum=self.minimum, maksimum=self.maksimum, nama=str(self.label or "nilai"))
        except BilanganTidakValid as exc:
            # The message quotes the user's text, which may hold "%": pass it as a parameter, never as the
            # format string (django-filter formats `message % params`).
            raise DjangoValidationError("%(pesan)s", code="invalid", params={"pesan": str(exc)}) from None


class BilanganBulatFilter(django_filters.Filter):
    """An exact-match filter on an integer field (an id by default; pass minimum/maksimum for others)."""

    field_class = BilanganBulatField


class IdFilter(BilanganBulatFilter):
    """A filter by the id of a related row (`?pd=12`, `?indikator=7`)."""


class TahunFilter(BilanganBulatFilter):
    """A filter by year, bounded to years a pemda can hold."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("minimum", TAHUN_MIN)
        kwargs.setdefault("maksimum", TAHUN_MAKS)
        super().__init__(*args, **kwargs)


# The range of years any API field or filter accepts (pages show fewer: perangkat_daerah.tahun).
TAHUN_MIN, TAHUN_MAKS = 2000, 2100


class Halaman(PageNumberPagination):
    """Page-number pagination with the product's Indonesian message for a page that does not exist
    (`?page=²`, `?page=999`): 404 in the one error format."""

    invalid_page_message = gettext_lazy("Halaman “{page_number}” tidak ada.")

    def get_page_number(self, request, paginator):
        """The one `?page=` a client may send: a single whole number; anything else is the 404 above."""
        nilai = request.query_params.getlist(self.page_query_param)
        if not nilai:
            return 1
        if len(nilai) != 1 or not nilai[0].isascii() or not nilai[0].isdigit():
            raise exceptions.NotFound(self.invalid_page_message.format(page_number=",".join(nilai)[:30]))
        return nilai[0]


# --- strict list filters -----------------------------------------------------------------------------

_BOOLEAN = {"true", "false", "1", "0"}  # what django-filter's BooleanWidget reads, in any case


class SaringanKetat(DjangoFilterBackend):
    """The filter backend of every list: it refuses, with a 400, what the schema does not allow and
    django-filter would silently ignore: a filter given twice or empty (`?jenis=`), and a boolean that is
    not one (`?aktif=2`). Invalid values of the filters themselves are 400 as in django-filter."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is not None:
            galat = _galat_saringan(request.query_params, filterset.filters)
            if galat:
                raise exceptions.ValidationError(galat)
        return super().filter_queryset(request, queryset, view)


def _galat_saringan(kueri, saringan: dict) -> dict[str, list[str]]:
    galat = {}
    for nama, saring in saringan.items():
        nilai = kueri.getlist(nama)
        if not nilai:
            continue
        if len(nilai) > 1:
            galat[nama] = [_("Berikan paling banyak satu nilai.")]
        elif nilai[0] == "":
            galat[nama] = [_("Nilai tidak boleh kosong; hapus parameter ini untuk tidak menyaring.")]
        elif isinstance(saring, django_filters.BooleanFilter) and nilai[0].lower() not in _BOOLEAN:
            galat[nama] = [_("Gunakan true atau false.")]
    return galat
