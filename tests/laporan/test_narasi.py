"""The LKjIP narrative editor: generated defaults; every chapter in one form saved all at once with a versi per
chapter (a stale chapter is a 409 that keeps what the user typed); the free-text rule; the report uses the
text; access; the unsaved-changes guard."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from laporan.konteks import konteks_lkjip
from laporan.models import Laporan, Narasi
from perangkat_daerah.models import Riwayat

pytestmark = pytest.mark.django_db
TAHUN = 2024


def _formulir(html: str) -> dict:
    """The editor form's fields as a browser would send them (hidden inputs and textareas)."""
    bentuk = re.search(r"<form method=\"post\"[^>]*data-jaga-perubahan.*?</form>", html, flags=re.S).group(0)
    data = {
        m.group(1): html_lib.unescape(m.group(2))
        for m in re.finditer(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', bentuk)
    }
    for m in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', bentuk, flags=re.S):
        data[m.group(1)] = html_lib.unescape(m.group(2)).replace("\n", "\r\n")  # as browsers send it
    data.pop("csrfmiddlewaretoken", None)
    return data


def _buka(client, user, pd=None) -> dict:
    client.force_login(user)
    kueri = f"?tahun={TAHUN}" + (f"&pd={pd.pk}" if pd else "")
    resp = client.get(f"/laporan/narasi/{kueri}")
    assert resp.status_code == 200
    return _formulir(resp.content.decode())


def _kirim(client, data, pd=None):
    kueri = f"?tahun={TAHUN}" + (f"&pd={pd.pk}" if pd else "")
    return client.post(f"/laporan/narasi/{kueri}", data)


def test_editor_starts_from_the_default_then_saves_and_the_report_uses_it(client, pemeran):
    data = _buka(client, pemeran.operator_a)
    assert "Dinas A" in data["teks-kata_pengantar"]
    resp = _kirim(client, {**data, "teks-bab4": "Penutup kami."})
    assert resp.status_code == 302 and f"tahun={TAHUN}" in resp["Location"]
    n = Narasi.objects.get(perangkat_daerah=pemeran.pd_a, tahun=TAHUN, bab="bab4")
    assert n.teks == "Penutup kami." and n.diubah_oleh == pemeran.operator_a
    assert Riwayat.objects.filter(object_id=n.pk, aksi="narasi.simpan").count() == 1
    # the chapters the user did not touch stay generated defaults (not frozen into rows)
    assert list(Narasi.objects.values_list("bab", flat=True)) == ["bab4"]
    laporan = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=TAHUN)
    assert konteks_lkjip(laporan)["narasi"]["bab4"] == "Penutup kami."


def test_two_edited_chapters_are_saved_by_one_save(client, pemeran):
    data = _buka(client, pemeran.operator_a)
    resp = _kirim(client, {**data, "teks-bab1": "Pendahuluan baru.", "teks-bab3": "Akuntabilitas baru."})
    assert resp.status_code == 302
    tersimpan = dict(Narasi.objects.filter(tahun=TAHUN).values_list("bab", "teks"))
    assert tersimpan == {"bab1": "Pendahuluan baru.", "bab3": "Akuntabilitas baru."}


def test_a_stale_chapter_is_a_409_that_keeps_everything_the_user_typed(client, pemeran):
    from django.test import Client

    lain = Client()
    data_lain = _buka(lain, pemeran.kepala_a)
    data = _buka(client, pemeran.operator_a)
    assert _kirim(lain, {**data_lain, "teks-bab1": "Versi kepala."}).status_code == 302
    resp = _kirim(client, {**data, "teks-bab1": "Tulisan saya yang basi", "teks-bab2": "Bab dua saya"})
    assert resp.status_code == 409
    html = resp.content.decode()
    assert "sudah diubah oleh pengguna lain" in html
    assert "Tulisan saya yang basi" in html and "Bab dua saya" in html and "Versi kepala." in html
    # all or nothing: the chapter without a conflict was not saved either
    assert dict(Narasi.objects.values_list("bab", "teks")) == {"bab1": "Versi kepala."}
    # saving the returned form again knowingly replaces the other user's text
    resp = _kirim(client, _formulir(html))
    assert resp.status_code == 302
    assert dict(Narasi.objects.values_list("bab", "teks")) == {"bab1": "Tulisan saya yang basi", "bab2": "Bab dua saya"}
    assert Narasi.objects.get(bab="bab1").versi == 2


def test_a_chapter_changed_elsewhere_but_untouched_here_is_no_conflict(client, pemeran):
    from django.test import Client

    lain = Client()
    data_lain = _buka(lain, pemeran.kepala_a)
    data = _buka(client, pemeran.operator_a)
    assert _kirim(lain, {**data_lain, "teks-bab1": "Versi kepala."}).status_code == 302
    assert _kirim(client, {**data, "teks-bab2": "Bab dua saya"}).status_code == 302
    assert dict(Narasi.objects.values_list("bab", "teks")) == {"bab1": "Versi kepala.", "bab2": "Bab dua saya"}


@pytest.mark.parametrize(
    ("teks", "pesan"),
    [
        ("Teks\x01rusak", "karakter kendali"),
        ("x" * 20001, "Paling banyak 20.000 karakter"),
        ("   ", "tidak boleh kosong"),
    ],
)
def test_chapter_text_goes_through_the_free_text_rule(client, pemeran, teks, pesan):
    data = _buka(client, pemeran.operator_a)
    resp = _kirim(client, {**data, "teks-bab1": teks, "teks-bab2": "Bab dua yang sah"})
    assert resp.status_code == 400
    assert pesan in resp.content.decode()
    assert Narasi.objects.count() == 0


def test_a_long_chapter_within_the_limit_is_saved(client, pemeran):
    data = _buka(client, pemeran.operator_a)
    assert _kirim(client, {**data, "teks-bab3": "a" * 20000}).status_code == 302
    assert len(Narasi.objects.get(bab="bab3").teks) == 20000


def test_editor_warns_before_unsaved_edits_are_lost_without_inline_script(client, pemeran):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/laporan/narasi/?tahun={TAHUN}").content.decode()
    assert html.count("data-jaga-perubahan") == 1 and 'src="/static/js/laporan.js"' in html
    assert "Simpan semua bab" in html and "Simpan bab ini" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # CSP: no inline script


def test_narrative_of_another_pd_or_the_city_is_refused(client, pemeran):
    client.force_login(pemeran.operator_a)
    assert client.get(f"/laporan/narasi/?pd={pemeran.pd_b.pk}").status_code == 404
    assert (
        client.post(f"/laporan/narasi/?pd={pemeran.pd_b.pk}", {"teks-bab1": "x", "versi-bab1": "0"}).status_code == 404
    )
    client.force_login(pemeran.pimpinan)
    assert client.get("/laporan/narasi/").status_code == 403
    assert Narasi.objects.count() == 0


@pytest.mark.parametrize("nilai", ["²", "9223372036854775808", "-1", "abc"])
def test_malformed_numbers_in_the_editor_are_a_400(client, pemeran, nilai):
    client.force_login(pemeran.operator_a)
    resp = client.get(f"/laporan/narasi/?pd={nilai}")
    isi = resp.content.decode()
    assert resp.status_code == 400 and ("bukan bilangan bulat" in isi or "harus antara" in isi)
    data = _buka(client, pemeran.operator_a)
    resp = _kirim(client, {**data, "teks-bab1": "Baru", "versi-bab1": nilai})
    assert resp.status_code == 400
    assert Narasi.objects.count() == 0
