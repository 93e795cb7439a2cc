"""`sakip.lib.kueri.salah_satu`: a long list of ids bound as one parameter reads the same rows as the list bound
id by id, and the tree pages and the tree API are byte for byte the same either way."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from perangkat_daerah.models import PerangkatDaerah
from sakip.lib import kueri
from tests.kinerja.test_mutu_pohon import TAHUN, pohon_bersih

pytestmark = pytest.mark.django_db
SATU_PARAMETER = re.compile(r"json_each|= ANY")


def test_a_short_list_stays_a_list_and_a_long_one_is_one_parameter(pemeran):
    PerangkatDaerah.objects.bulk_create(
        [PerangkatDaerah(pemda=pemeran.pemda, kode=f"7.{n:03d}", nama=f"Dinas {n}") for n in range(150)]
    )
    semua = sorted(PerangkatDaerah.objects.values_list("pk", flat=True))
    ids = [*semua[:140], max(semua) + 1000, max(semua) + 1001]  # and two ids no row has
    assert kueri.salah_satu("pk", ids[:3]) == Q(pk__in=ids[:3]) and kueri.salah_satu("pk", []) == Q(pk__in=[])
    qs = PerangkatDaerah.objects.filter(kueri.salah_satu("pk", ids)).values_list("pk", flat=True)
    sql, parameter = qs.query.sql_with_params()
    assert SATU_PARAMETER.search(sql) and len(parameter) == 1  # not 142
    assert sorted(qs) == semua[:140] == sorted(PerangkatDaerah.objects.filter(pk__in=ids).values_list("pk", flat=True))
    # a set, in an OR, and on a foreign key's column
    atau = PerangkatDaerah.objects.filter(kueri.salah_satu("pk", set(ids)) | Q(kode="7.149"))
    assert sorted(atau.values_list("pk", flat=True)) == sorted([*semua[:140], *PerangkatDaerah.objects.filter(
        kode="7.149").values_list("pk", flat=True)])  # fmt: skip
    pemda = PerangkatDaerah.objects.filter(kueri.salah_satu("pemda_id", [pemeran.pemda.pk] * 120))
    assert pemda.count() == PerangkatDaerah.objects.filter(pemda=pemeran.pemda).count()


def _halaman(client, bersih) -> dict[str, str]:
    p, hasil = bersih.p, {}
    pd = p.pd_a.pk
    for user, daftar in (
        (p.organisasi, [f"/perencanaan/pohon/?tahun={TAHUN}", f"/perencanaan/pohon/?tahun={TAHUN}&pd={pd}",
                        f"/perencanaan/pohon/pd/{pd}/?tahun={TAHUN}",
                        f"/perencanaan/pohon/?tahun={TAHUN}&tingkat=sasaran_program",
                        f"/perencanaan/pohon/?tahun={TAHUN}&cari=A1"]),
        (p.operator_a, [f"/perencanaan/pohon/?tahun={TAHUN}", f"/perencanaan/pohon/pd/{pd}/?tahun={TAHUN}",
                        "/api/v1/pohon-kinerja/"]),
    ):  # fmt: skip
        client.force_login(user)
        for url in daftar:
            respons = client.get(url)
            assert respons.status_code == 200, url
            html = re.sub(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+', r"\1", respons.content.decode())
            hasil[f"{user.username} {url}"] = html
    return hasil


def test_the_tree_pages_and_api_are_the_same_with_every_list_bound_as_one_parameter(client, pemeran, monkeypatch):
    from django.core.cache import cache

    bersih = pohon_bersih(pemeran)
    biasa = _halaman(client, bersih)
    cache.clear()
    monkeypatch.setattr(kueri, "DAFTAR_PANJANG", 0)  # every list of ids through the one parameter
    with CaptureQueriesContext(connection) as ctx:
        satu = _halaman(client, bersih)
    assert satu == biasa
    assert sum(bool(SATU_PARAMETER.search(q["sql"])) for q in ctx.captured_queries) >= 5
