"""The schema class of the API (settings REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]): the error responses of
every operation, in the one error body of sakip.api.

Apart from sakip/api.py because drf-spectacular's AutoSchema imports DRF's generic views, which import the
pagination class of sakip/api.py.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from .api import GALAT, GalatSerializer


class SkemaSakip(AutoSchema):
    """drf-spectacular's AutoSchema, documenting the errors each operation can return in the one error body
    (`{"detail", "errors"}`): 400, 401, 403 and 404 everywhere, 409 on writes, 429 where a throttle applies."""

    def _get_response_bodies(self, direction="response"):
        tanggapan = super()._get_response_bodies(direction)
        if direction != "response":
            return tanggapan
        for kode in self._kode_galat():
            if str(kode) not in tanggapan:
                jawab = OpenApiResponse(response=GalatSerializer, description=str(GALAT[kode]))
                tanggapan[str(kode)] = self._get_response_for_code(jawab, str(kode), direction=direction)
        return tanggapan

    def _kode_galat(self) -> list[int]:
        kode = [400, 401, 403, 404]
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            kode.append(409)
        if self.view.get_throttles():
            kode.append(429)
        return kode
