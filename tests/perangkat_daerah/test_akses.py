"""The access choke point: scope by pemda and PD, 404 outside scope, 403 for a forbidden action."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from perangkat_daerah.access import Aksi, ambil_untuk
from perangkat_daerah.models import PerangkatDaerah

pytestmark = pytest.mark.django_db


def test_operator_cannot_see_other_pd_page(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get(f"/pd/{pemeran.pd_b.pk}/").status_code == 404
    assert client.get(f"/pd/{pemeran.pd_lain.pk}/").status_code == 404
    resp = client.get(f"/pd/{pemeran.pd_a.pk}/")
    assert resp.status_code == 200
    assert "Dinas A" in resp.content.decode()


def test_operator_list_shows_only_own_pd(client, pemeran):
    client.force_login(pemeran.operator_a)
    resp = client.get("/pd/")
    assert resp.status_code == 200
    assert [pd.pk for pd in resp.context["daftar_pd"]] == [pemeran.pd_a.pk]


def test_operator_cannot_see_other_pd_in_api(pemeran):
    api = APIClient()
    api.force_authenticate(pemeran.operator_a)
    assert api.get(f"/api/v1/perangkat-daerah/{pemeran.pd_b.pk}/").status_code == 404
    assert api.get(f"/api/v1/perangkat-daerah/{pemeran.pd_lain.pk}/").status_code == 404
    data = api.get("/api/v1/perangkat-daerah/").json()
    assert [row["id"] for row in data["results"]] == [pemeran.pd_a.pk]


@pytest.mark.parametrize("peran", ["pimpinan", "organisasi", "inspektorat", "admin"])
def test_city_roles_see_all_pd_of_own_pemda_only(client, pemeran, peran):
    client.force_login(getattr(pemeran, peran))
    ids = {pd.pk for pd in client.get("/pd/").context["daftar_pd"]}
    assert ids == {pemeran.pd_a.pk, pemeran.pd_b.pk}
    assert client.get(f"/pd/{pemeran.pd_lain.pk}/").status_code == 404


def test_pimpinan_api_sees_whole_pemda_and_nothing_of_another(pemeran):
    api = APIClient()
    api.force_authenticate(pemeran.pimpinan)
    ids = {row["id"] for row in api.get("/api/v1/perangkat-daerah/").json()["results"]}
    assert ids == {pemeran.pd_a.pk, pemeran.pd_b.pk}
    assert api.get(f"/api/v1/perangkat-daerah/{pemeran.pd_lain.pk}/").status_code == 404


def test_other_pemda_sees_only_its_own(pemeran):
    api = APIClient()
    api.force_authenticate(pemeran.pimpinan_lain)
    ids = {row["id"] for row in api.get("/api/v1/perangkat-daerah/").json()["results"]}
    assert ids == {pemeran.pd_lain.pk}


def test_api_token_auth_is_scoped(pemeran):
    token = Token.objects.create(user=pemeran.operator_b)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/v1/perangkat-daerah/{pemeran.pd_b.pk}/").status_code == 200
    assert api.get(f"/api/v1/perangkat-daerah/{pemeran.pd_a.pk}/").status_code == 404


def test_api_is_read_only(pemeran):
    api = APIClient()
    api.force_authenticate(pemeran.admin)
    resp = api.patch(f"/api/v1/perangkat-daerah/{pemeran.pd_a.pk}/", {"nama": "Ganti"}, format="json")
    assert resp.status_code == 405
    pemeran.pd_a.refresh_from_db()
    assert pemeran.pd_a.nama == "Dinas A"


@pytest.mark.parametrize("url", ["/", "/pd/", "/pd/1/", "/pd/saya/"])
def test_anonymous_is_redirected_to_login(client, url):
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp["Location"].startswith("/masuk/?next=")


def test_anonymous_api_is_refused(db):
    assert APIClient().get("/api/v1/perangkat-daerah/").status_code in (401, 403)


def test_user_without_profile_sees_nothing(client, pemeran, django_user_model):
    user = django_user_model.objects.create_user(username="tanpa-profil", password="x-12345678")
    assert PerangkatDaerah.objects.for_user(user).count() == 0
    client.force_login(user)
    resp = client.get("/")
    assert resp.status_code == 403
    assert "belum memiliki peran" in resp.content.decode()


def test_in_scope_but_forbidden_action_is_403(pemeran):
    qs = PerangkatDaerah.objects.all()
    # the pimpinan sees PD A but may not verify: 403, not 404
    with pytest.raises(PermissionDenied):
        ambil_untuk(qs, pemeran.pimpinan, Aksi.VERIFIKASI, pk=pemeran.pd_a.pk)
    # out of scope stays 404 whatever the action
    with pytest.raises(Http404):
        ambil_untuk(qs, pemeran.operator_a, Aksi.ISI, pk=pemeran.pd_b.pk)
    assert ambil_untuk(qs, pemeran.operator_a, Aksi.ISI, pk=pemeran.pd_a.pk) == pemeran.pd_a
    assert ambil_untuk(qs, pemeran.organisasi, Aksi.VERIFIKASI, pk=pemeran.pd_b.pk) == pemeran.pd_b


def test_write_actions_follow_the_rights_table(pemeran):
    qs = PerangkatDaerah.objects.all()
    assert set(qs.for_user(pemeran.operator_a, Aksi.ISI)) == {pemeran.pd_a}
    assert set(qs.for_user(pemeran.organisasi, Aksi.ISI)) == set()
    assert set(qs.for_user(pemeran.inspektorat, Aksi.EVALUASI)) == {pemeran.pd_a, pemeran.pd_b}
    assert set(qs.for_user(pemeran.operator_a, Aksi.EVALUASI)) == set()
    assert set(qs.for_user(pemeran.pimpinan, Aksi.KELOLA)) == set()
