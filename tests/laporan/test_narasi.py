"""The LKjIP narrative editor: generated defaults, saving with versi, the report uses the text, access."""

from __future__ import annotations

import pytest

from laporan.konteks import konteks_lkjip
from laporan.models import Laporan, Narasi
from perangkat_daerah.models import Riwayat

pytestmark = pytest.mark.django_db


def test_editor_starts_from_the_default_then_saves_and_the_report_uses_it(client, pemeran):
    client.force_login(pemeran.operator_a)
    client.post("/tahun/", {"tahun": "2024", "next": "/"})
    html = client.get("/laporan/narasi/").content.decode()
    assert "Teks bawaan (belum pernah diubah)" in html and "Dinas A" in html
    resp = client.post(
        "/laporan/narasi/", {"pd": pemeran.pd_a.pk, "bab": "bab4", "teks": "Penutup kami.", "versi": "0"}
    )
    assert resp.status_code == 302
    n = Narasi.objects.get(perangkat_daerah=pemeran.pd_a, tahun=2024, bab="bab4")
    assert n.teks == "Penutup kami." and n.diubah_oleh == pemeran.operator_a
    assert Riwayat.objects.filter(object_id=n.pk, aksi="narasi.simpan").count() == 1
    laporan = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=2024)
    assert konteks_lkjip(laporan)["narasi"]["bab4"] == "Penutup kami."


def test_stale_or_empty_narrative_is_refused_and_the_typed_text_kept(client, pemeran):
    client.force_login(pemeran.operator_a)
    client.post("/tahun/", {"tahun": "2024", "next": "/"})
    data = {"pd": pemeran.pd_a.pk, "bab": "bab1", "teks": "Versi pertama", "versi": "0"}
    assert client.post("/laporan/narasi/", data).status_code == 302
    resp = client.post("/laporan/narasi/", {**data, "teks": "Tulisan saya yang basi"})  # still versi 0
    assert resp.status_code == 400
    html = resp.content.decode()
    assert "sudah diubah oleh pengguna lain" in html and "Tulisan saya yang basi" in html
    resp = client.post("/laporan/narasi/", {**data, "teks": "  ", "versi": "1"})
    assert resp.status_code == 400 and "tidak boleh kosong" in resp.content.decode()
    assert Narasi.objects.get(bab="bab1").teks == "Versi pertama"


def test_narrative_of_another_pd_or_the_city_is_refused(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get(f"/laporan/narasi/?pd={pemeran.pd_b.pk}").status_code == 404
    assert (
        client.post("/laporan/narasi/", {"pd": pemeran.pd_b.pk, "bab": "bab1", "teks": "x", "versi": "0"}).status_code
        == 404
    )
    client.force_login(pemeran.pimpinan)
    assert client.get("/laporan/narasi/").status_code == 403
    assert Narasi.objects.count() == 0
