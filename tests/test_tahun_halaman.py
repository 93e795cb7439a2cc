"""The year selector changes what a page shows, not only its subtitle (issue 17 point 1). Every page of every
role's menu is rendered for two years of the demo city; with the years themselves masked out (the subtitle,
"tahun 2026", the previous year's comparisons) the page's content must differ between the two years for at
least one role. A page that holds nothing per year is listed in TANPA_TAHUN with its reason; the demo's empty
corners (no report job, no LKjIP review) get one row in the current year so their lists have something to
follow. A second test reads the right year's values on the pages that print figures."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from kinerja.models import Realisasi
from laporan.models import Laporan
from laporan.models_reviu import Reviu
from perangkat_daerah.access import profil_pengguna
from perangkat_daerah.demo import KODE_PEMDA_DEMO, PENGGUNA_DEMO
from perangkat_daerah.models import Pemda
from perangkat_daerah.navigasi import menu_untuk
from perangkat_daerah.tahun import tahun_bawaan
from sakip.lib.angka import parse_angka
from tests.demo_salin import muat_demo_salin

pytestmark = pytest.mark.django_db

# url (without ?tahun=) -> why it shows the same whatever the year
TANPA_TAHUN = {
    "/pd/": "the list of the pemda's PD: the organisation, the same every year",
    "/perencanaan/usulan/": "proposals to the performance tree belong to the RPJMD period's tree, not to a year",
    "/kinerja/target/impor/": "an upload form: its year range defaults to the working year, nothing else to show",
}

MAIN = re.compile(r"<main\b.*?</main>", re.S)  # the page's own content: not the header's year selector
# scripts, option lists (a page's own year or quarter choices list every year), tokens and tags
BUANG = re.compile(r"<script.*?</script>|<select.*?</select>|csrfmiddlewaretoken\S*|<[^>]+>", re.S)


def _isi(client, url: str, tahun: int) -> str:
    resp = client.get(url, {"tahun": tahun}, follow=True)
    assert resp.status_code == 200, (url, tahun, resp.status_code)
    teks = BUANG.sub(" ", MAIN.search(resp.content.decode()).group())
    for t in (tahun, tahun - 1, tahun + 1, tahun - 2):  # the year, the years before (comparisons) and after
        teks = teks.replace(str(t), f"T{tahun - t:+d}")
    return " ".join(teks.split())


def _sudut_kosong(tahun: int) -> None:
    """One report job and one LKjIP review in the current year: the demo has none in either year."""
    pemda = Pemda.objects.get(kode=KODE_PEMDA_DEMO)
    oleh = User.objects.get(username="organisasi")
    for pd in [None, *(profil_pengguna(User.objects.get(username=n)).perangkat_daerah for n, *_ in PENGGUNA_DEMO)]:
        jenis = Laporan.Jenis.LKJIP_PEMDA if pd is None else Laporan.Jenis.PK
        lain = {"status": "selesai", "nama_berkas": "x.pdf", "diminta_oleh": oleh}
        Laporan.objects.get_or_create(pemda=pemda, perangkat_daerah=pd, jenis=jenis, tahun=tahun, defaults=lain)
    Reviu.objects.create(pemda=pemda, tahun=tahun, status=Reviu.Status.DIREVIU)


@pytest.fixture
def demo():
    muat_demo_salin()
    tahun = tahun_bawaan()
    _sudut_kosong(tahun)
    return tahun


def test_every_menu_page_follows_the_chosen_year(client, demo):
    tahun, sama, dilihat = demo, {}, set()
    for nama, *_ in PENGGUNA_DEMO:
        user = User.objects.get(username=nama)
        client.force_login(user)
        for m in menu_untuk(profil_pengguna(user), "/"):
            url = m["url"]
            dilihat.add(url)
            if url in TANPA_TAHUN:
                continue
            if _isi(client, url, tahun) == _isi(client, url, tahun - 1):
                sama.setdefault(url, []).append(nama)
            else:
                sama[url] = sama.get(url, []) + [None]  # followed the year for this role
        client.logout()
    tidak_ikut = {url: peran for url, peran in sama.items() if None not in peran}
    assert tidak_ikut == {}, tidak_ikut
    assert set(TANPA_TAHUN) <= dilihat  # no stale exception
    assert len(dilihat) >= 15


def _tw1(pd, tahun: int) -> dict:
    baris = Realisasi.objects.filter(indikator__perangkat_daerah=pd, tahun=tahun, triwulan=1, nilai__isnull=False)
    return {r.indikator_id: r.nilai for r in baris}


NILAI_HALAMAN = re.compile(r'name="nilai-\d+" value="([^"]*)"|class="angka nilai-tetap">([^<]*)<')


def test_the_input_page_shows_the_chosen_years_values(client, demo):
    """The realisation page of TW I, opened for either year, holds exactly that year's stored values (the
    input fields, or the fixed values of a verified quarter), not the other year's."""
    tahun = demo
    user = User.objects.get(username="operator.dinkes")
    pd = profil_pengguna(user).perangkat_daerah
    client.force_login(user)
    for t, lain in ((tahun, tahun - 1), (tahun - 1, tahun)):
        sini, sana = _tw1(pd, t), _tw1(pd, lain)
        assert sorted(sini.values()) != sorted(sana.values()), "the demo holds different TW I values"
        html = client.get(f"/kinerja/realisasi/{pd.pk}/{t}/1/", {"tahun": t}).content.decode()
        tampil = [parse_angka(a or b) for a, b in NILAI_HALAMAN.findall(html) if (a or b).strip(" –")]
        assert sorted(tampil) == sorted(sini.values()), t
