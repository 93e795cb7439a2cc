"""Schemathesis over every operation of the OpenAPI schema, in-process (the WSGI app), as an operator, as
Bagian Organisasi and as an admin, with valid and invalid data (issue 12 point 6):

- nothing returns 5xx;
- every status code returned is documented (sakip.skema documents the errors of every operation);
- every documented response body matches its schema, with the documented content type;
- invalid data (a value the schema forbids: `?aktif=2`, an empty enum, a string for an integer) is refused.

Bounded examples per operation (SAKIP_SCHEMATHESIS_CONTOH, default 6, half valid and half invalid) so CI
stays under a minute. SAKIP_SCHEMATHESIS_LENGKAP=1 adds schemathesis's coverage phase (every boundary and
every kind of invalid value of every parameter; several minutes), for a deep run before a release."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from sakip.wsgi import application

CONTOH = int(os.environ.get("SAKIP_SCHEMATHESIS_CONTOH", "6"))
LENGKAP = os.environ.get("SAKIP_SCHEMATHESIS_LENGKAP", "") == "1"
PEMERIKSAAN = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
    negative_data_rejection,
]
PENGATURAN = settings(
    max_examples=CONTOH,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate] if LENGKAP else [Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# Endpoints whose schema another engineer of issue 12 is still making truthful: the check that fails there is
# expected to fail (strict: the test turns red as soon as it passes, so the entry must then be removed).
KNOWN_MISMATCH: dict[tuple[str, str], str] = {}


def _muat_skema():
    """The schema the app publishes at /api/schema/, generated in-process (no HTTP, no database)."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    data = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    skema = schemathesis.openapi.from_dict(data)
    skema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    skema.app = application
    return skema


SKEMA = _muat_skema()


@pytest.fixture(autouse=True)
def _sambungan_tetap():
    """Calling the WSGI app directly fires request_finished, which closes the database connection and with
    it the test's transaction (on PostgreSQL). Django's own test client disconnects it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _panggil(case, request, user) -> None:
    alasan = KNOWN_MISMATCH.get((case.operation.method.upper(), case.operation.path))
    if alasan:
        request.applymarker(pytest.mark.xfail(strict=True, reason=alasan))
    token, _ = Token.objects.get_or_create(user=user)
    case.call_and_validate(headers={"Authorization": f"Token {token.key}"}, checks=PEMERIKSAAN)


@pytest.mark.django_db
@SKEMA.parametrize()
@PENGATURAN
def test_api_as_operator_never_fails_and_matches_schema(case, pemeran, request):
    _panggil(case, request, pemeran.operator_a)


@pytest.mark.django_db
@SKEMA.parametrize()
@PENGATURAN
def test_api_as_organisasi_never_fails_and_matches_schema(case, pemeran, request):
    _panggil(case, request, pemeran.organisasi)


@pytest.mark.django_db
@SKEMA.parametrize()
@PENGATURAN
def test_api_as_admin_never_fails_and_matches_schema(case, pemeran, request):
    _panggil(case, request, pemeran.admin)
