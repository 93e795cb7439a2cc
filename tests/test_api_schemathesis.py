"""Schemathesis over every operation of the OpenAPI schema, in-process (the WSGI app), as an operator and as
an admin: nothing returns 5xx, and every documented response matches the schema. Bounded examples per
operation (SAKIP_SCHEMATHESIS_CONTOH, default 8) so CI stays quick."""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from sakip.wsgi import application

CONTOH = int(os.environ.get("SAKIP_SCHEMATHESIS_CONTOH", "8"))
PEMERIKSAAN = [not_a_server_error, response_schema_conformance, content_type_conformance]
PENGATURAN = settings(
    max_examples=CONTOH,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _muat_skema():
    """The schema the app publishes at /api/schema/, generated in-process (no HTTP, no database)."""
    from drf_spectacular.generators import SchemaGenerator
    from rest_framework.renderers import JSONRenderer

    data = json.loads(JSONRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
    skema = schemathesis.openapi.from_dict(data)
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


def _header(user) -> dict:
    token, _ = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}"}


@pytest.mark.django_db
@SKEMA.parametrize()
@PENGATURAN
def test_api_as_operator_never_fails_and_matches_schema(case, pemeran):
    case.call_and_validate(headers=_header(pemeran.operator_a), checks=PEMERIKSAAN)


@pytest.mark.django_db
@SKEMA.parametrize()
@PENGATURAN
def test_api_as_admin_never_fails_and_matches_schema(case, pemeran):
    case.call_and_validate(headers=_header(pemeran.admin), checks=PEMERIKSAAN)
