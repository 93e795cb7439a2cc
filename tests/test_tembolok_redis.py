"""On Redis (production's cache, shared with the broker: docker-compose.yml) every entry the app writes
expires, so Redis bounded by `volatile-lru` can drop any of them under memory pressure and never has to drop a
queued task: sessions, the dashboards' and the tree pages' entries, the rate limits' counters."""

from __future__ import annotations

import pytest
import redis

from perangkat_daerah.pembatas import batasi
from tests.conftest import wajib_layanan
from tests.kinerja.test_mutu_pohon import TAHUN, pohon_bersih

pytestmark = [pytest.mark.layanan, pytest.mark.django_db]


@pytest.fixture
def tembolok_redis(settings):
    broker = wajib_layanan("CELERY_BROKER_URL")
    assert broker.startswith("redis://"), broker
    lokasi = broker.rsplit("/", 1)[0] + "/14"  # a database of its own, emptied before and after
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": lokasi}}
    from django.core.cache import cache

    cache.clear()
    yield redis.Redis.from_url(lokasi)
    cache.clear()


def test_every_cache_entry_expires(client, pemeran, tembolok_redis):
    pohon = pohon_bersih(pemeran)
    pd = pemeran.pd_a.pk
    halaman = {
        pemeran.organisasi: [f"/perencanaan/pohon/?tahun={TAHUN}", f"/perencanaan/pohon/?tahun={TAHUN}&pd={pd}",
                             f"/perencanaan/pohon/?tahun={TAHUN}&cari=A1", "/dasbor/organisasi/"],
        pemeran.pimpinan: ["/dasbor/pimpinan/"],
        pemeran.operator_a: [f"/perencanaan/pohon/pd/{pd}/?tahun={TAHUN}"],
    }  # fmt: skip
    for user, daftar in halaman.items():
        client.force_login(user)
        for url in daftar:
            assert client.get(url).status_code == 200, url
    batasi(user=pemeran.operator_a, lingkup="laporan")
    kunci = tembolok_redis.keys("*")
    nama = [k.decode().split(":", 2)[2] for k in kunci]  # Django's ":<version>:" before each key
    jenis = {"sesi" if n.startswith("django.contrib.sessions") else n.split(":")[0].split("-")[0] for n in nama}
    assert {"pohon", "dasbor", "sesi", "sakip"} <= jenis and pohon, jenis  # sakip: the rate limits' counters
    assert [k for k in kunci if tembolok_redis.ttl(k) < 0] == []  # -1: no expiry
