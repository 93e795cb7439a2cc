"""Security settings that hold for every page: lockout, session limits, CSP, CSRF, offline API docs."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def test_five_failed_logins_lock_the_user_out(client, pemeran):
    username = pemeran.operator_a.username
    for _ in range(5):
        resp = client.post("/masuk/", {"username": username, "password": "salah-terus"})
    resp = client.post("/masuk/", {"username": username, "password": "kata-sandi-uji-123"})
    assert resp.status_code in (403, 429)
    assert "dikunci" in resp.content.decode()
    assert "_auth_user_id" not in client.session
    # another user from elsewhere is not affected by this user's lockout
    other = Client(REMOTE_ADDR="10.9.9.9")
    resp = other.post("/masuk/", {"username": pemeran.operator_b.username, "password": "kata-sandi-uji-123"})
    assert resp.status_code == 302


def test_lockout_settings_follow_the_issue():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def _masuk(alamat: str, username: str, password: str, **meta):
    return Client(REMOTE_ADDR=alamat, **meta).post("/masuk/", {"username": username, "password": password})


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(pemeran):
    walikota = pemeran.pimpinan.username
    for _ in range(5):
        _masuk("10.0.0.1", walikota, "tebakan-salah")
    # the wali kota, from the office, still gets in
    resp = _masuk("10.0.0.2", walikota, "kata-sandi-uji-123")
    assert resp.status_code == 302
    # the attacker's address stays locked for that username, even with the right password
    resp = _masuk("10.0.0.1", walikota, "kata-sandi-uji-123")
    assert resp.status_code in (403, 429)
    assert "dikunci" in resp.content.decode()
    # and other users of that address are not affected
    assert _masuk("10.0.0.1", pemeran.operator_a.username, "kata-sandi-uji-123").status_code == 302


def test_forwarded_for_is_ignored_without_a_proxy(pemeran):
    walikota = pemeran.pimpinan.username
    for i in range(5):
        _masuk("10.0.0.1", walikota, "tebakan-salah", HTTP_X_FORWARDED_FOR=f"192.0.2.{i}")
    resp = _masuk("10.0.0.1", walikota, "kata-sandi-uji-123", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert resp.status_code in (403, 429)


def test_behind_a_proxy_the_forwarded_client_address_is_locked(pemeran, settings):
    settings.SAKIP_PROXY_COUNT = 1
    walikota = pemeran.pimpinan.username
    proksi = "172.16.0.5"
    for _ in range(5):
        # the client's own claim (left) is ignored; the proxy appended the real address (right)
        _masuk(proksi, walikota, "tebakan-salah", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.0.1")
    resp = _masuk(proksi, walikota, "kata-sandi-uji-123", HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert resp.status_code == 302
    resp = _masuk(proksi, walikota, "kata-sandi-uji-123", HTTP_X_FORWARDED_FOR="9.9.9.9, 10.0.0.1")
    assert resp.status_code in (403, 429)


def test_session_expires_after_idle_time_setting():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


def test_activity_renews_the_idle_expiry_at_most_once_a_minute(client, pemeran):
    from django.contrib.sessions.models import Session

    client.force_login(pemeran.pimpinan)
    client.get("/pd/")
    kunci = client.session.session_key
    pertama = Session.objects.get(session_key=kunci).expire_date
    client.get("/pd/")  # within the minute: nothing written
    assert Session.objects.get(session_key=kunci).expire_date == pertama
    sesi = client.session
    sesi["_sakip_akses"] = int(time.time()) - settings.SAKIP_SESSION_PERBARUI_DETIK
    sesi.save()
    dipaksa = Session.objects.get(session_key=kunci).expire_date
    time.sleep(1.1)
    client.get("/pd/")  # a minute later: the expiry moves on
    assert Session.objects.get(session_key=kunci).expire_date > dipaksa


def test_session_ends_after_absolute_lifetime(client, pemeran):
    client.force_login(pemeran.pimpinan)
    assert client.get("/pd/").status_code == 200
    sesi = client.session
    sesi["_sakip_mulai"] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    sesi.save()
    resp = client.get("/pd/")
    assert resp.status_code == 302 and resp["Location"].startswith("/masuk/")
    assert client.get("/pd/").status_code == 302  # logged out for good


def test_every_page_sends_a_self_only_csp(client, pemeran):
    client.force_login(pemeran.pimpinan)
    for url in ["/masuk/", "/pd/", f"/pd/{pemeran.pd_a.pk}/", "/api/docs/"]:
        csp = client.get(url).headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp


def test_pages_have_no_inline_script_or_handlers(client, pemeran):
    client.force_login(pemeran.pimpinan)
    html = client.get("/pd/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert not re.search(r"\son[a-z]+=\"", html)


def test_forms_require_csrf(pemeran):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(pemeran.pimpinan)
    assert csrf_client.post("/tahun/", {"tahun": "2024"}).status_code == 403


def test_openapi_schema_and_offline_docs(client, pemeran):
    client.force_login(pemeran.pimpinan)
    schema = client.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/perangkat-daerah/" in schema["paths"]
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_every_api_write_documents_its_permissions(client, pemeran):
    from sakip.api import HAK_TULIS

    client.force_login(pemeran.pimpinan)
    schema = client.get("/api/schema/?format=json").json()
    tulis = {(m, p) for p, ops in schema["paths"].items() for m in ops if m in ("post", "put", "patch", "delete")}
    assert tulis - set(HAK_TULIS) == set()
    for path, ops in schema["paths"].items():
        for metode, op in ops.items():
            assert "Cakupan:" in op["description"], (metode, path)
            if (metode, path) in HAK_TULIS:
                assert "Peran yang boleh" in op["description"]
