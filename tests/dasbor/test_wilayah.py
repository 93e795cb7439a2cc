"""The pembina's group dashboard (issue 18 points 1 and 2): only the pemda of a group granted to the user, only
official results and published LKjIP; never a draft, another group's pemda or a working row; its workbook and
its drill-down to one member's public figures; a fixed number of queries whatever the number of members."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from evaluasi.models import Evaluasi, HasilEvaluasi
from laporan.models import Laporan
from perangkat_daerah.access import grup_binaan, pemda_binaan
from perangkat_daerah.models import GrupPemda, HakPembina, Pemda, PerangkatDaerah, Riwayat
from tests.dasbor.bantu import bagian, teks
from tests.evaluasi.factories import instrumen_a
from tests.factories import Peran, buat_pemda, buat_pengguna
from tests.laporan.test_terbit import lkjip_selesai

pytestmark = pytest.mark.django_db


def resmi(pemda, tahun: int, komponen: dict[str, str], predikat: str, status=Evaluasi.Status.FINAL) -> Evaluasi:
    """An official result whose total is the sum of its component values."""
    ins = instrumen_a()
    e = Evaluasi.objects.create(instrumen=ins, pemda=pemda, tahun=tahun, jenis=Evaluasi.Jenis.RESMI, status=status)
    total = sum((Decimal(v) for v in komponen.values()), Decimal(0))
    HasilEvaluasi.objects.create(
        evaluasi=e, total=total, predikat=predikat, predikat_nama=predikat, nilai_komponen=komponen,
        instrumen_kode=ins.kode, instrumen_versi=ins.versi,
    )  # fmt: skip
    return e


def _komponen(a: str, b: str, c: str, d: str) -> dict[str, str]:
    return {"1": a, "2": b, "3": c, "4": d}


@pytest.fixture
def wilayah(pemeran):
    """A province group of the cast's pemda and one kabupaten, a pembina granted it, and data in and out."""
    prov = buat_pemda(nama="Provinsi Uji")
    kab = buat_pemda(nama="Kabupaten Satu")
    grup = GrupPemda.objects.create(kode="prov-uji", nama="Provinsi Uji", jenis="provinsi", provinsi=prov)
    grup.anggota.set([pemeran.pemda, kab])
    lain = GrupPemda.objects.create(kode="grup-lain", nama="Grup Lain", jenis="nasional")
    lain.anggota.set([pemeran.pemda_lain])
    pembina = buat_pengguna(prov, Peran.PEMBINA)
    HakPembina.objects.create(user=pembina, grup=grup)
    resmi(pemeran.pemda, 2023, _komponen("20.00", "19.00", "9.00", "17.00"), "B")  # 65.00
    resmi(pemeran.pemda, 2024, _komponen("22.00", "20.00", "10.00", "20.00"), "BB")  # 72.00
    resmi(kab, 2023, _komponen("21.00", "20.50", "10.00", "19.00"), "BB")  # 70.50
    resmi(kab, 2024, _komponen("20.00", "19.00", "10.00", "19.00"), "B")  # 68.00
    resmi(kab, 2025, _komponen("29.99", "29.00", "15.00", "25.00"), "AA", status=Evaluasi.Status.DRAF)  # 98.99
    resmi(pemeran.pemda_lain, 2024, _komponen("28.00", "27.00", "14.00", "21.00"), "A")  # 90.00, outside
    lap = lkjip_selesai(kab, nama_berkas="LKjIP-Kabupaten-Satu.pdf")
    Laporan.objects.filter(pk=lap.pk).update(terbit=True)
    lkjip_selesai(pemeran.pemda, nama_berkas="LKjIP-Kota-Uji-belum-terbit.pdf")  # unpublished
    return pemeran, grup, lain, kab, pembina


def _url(grup) -> str:
    return f"/dasbor/wilayah/{grup.pk}/"


def test_the_pembina_lands_on_their_only_group(client, wilayah):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    assert client.get("/")["Location"].startswith("/dasbor/wilayah/")
    assert client.get("/dasbor/wilayah/")["Location"] == _url(grup)
    menu = teks(client.get(_url(grup)).content.decode())
    assert "Dasbor Wilayah" in menu and "Perangkat Daerah" not in menu.split("Provinsi Uji")[0]


def test_the_dashboard_shows_the_groups_official_figures(client, wilayah):
    pemeran, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(_url(grup)).content.decode()
    tabel = bagian(html, "tabel-pemda")
    # ranked by 2024's total, with the change of total and of place since 2023, and the published LKjIP year
    assert "1 Kota Uji 72,00 BB 65,00 B +7,00 ▲ 1 –" in tabel
    assert "2 Kabupaten Satu 68,00 B 70,50 BB −2,50 ▼ 1 2024" in tabel
    assert "50,00% 1 dari 2 pemda" in bagian(html, "bagian-bb")
    sebaran = bagian(html, "sebaran")
    assert "BB Sangat Baik 1 50,00%" in sebaran and "B Baik 1 50,00%" in sebaran and "AA" in sebaran
    tren = bagian(html, "tren")
    assert "2023 2 67,75 1 50,00%" in tren and "2024 2 70,00 1 50,00%" in tren
    # averages against the instrument's weights; the component losing the most points first
    komponen = bagian(html, "komponen")
    assert komponen.index("2. ") < komponen.index("1. ") < komponen.index("4. ") < komponen.index("3. ")
    assert "19,50 30,00 10,50 65,00%" in komponen and "10,00 15,00 5,00 66,67%" in komponen


def test_no_draft_unpublished_or_outside_figure_shows(client, wilayah):
    pemeran, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(_url(grup)).content.decode()
    for rahasia in ("98,99", "90,00", pemeran.pemda_lain.nama, "belum-terbit", pemeran.pd_a.nama):
        assert rahasia not in html, rahasia
    assert "2025" not in bagian(html, "tren") and "AA Sangat Memuaskan 0" in bagian(html, "sebaran")


def test_drill_down_shows_a_members_public_figures_and_404s_outside(client, wilayah):
    pemeran, grup, lain, kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(f"{_url(grup)}pemda/{kab.pk}/").content.decode()
    resmi_ = bagian(html, "judul-resmi")
    assert "2024 68,00 B" in resmi_ and "2023 70,50 BB" in resmi_ and "98,99" not in html
    assert "LKjIP-Kabupaten-Satu.pdf" in html
    assert "belum-terbit" not in client.get(f"{_url(grup)}pemda/{pemeran.pemda.pk}/").content.decode()
    for url in (
        f"{_url(grup)}pemda/{pemeran.pemda_lain.pk}/",  # a pemda outside the group
        f"{_url(lain)}pemda/{pemeran.pemda_lain.pk}/",  # a group not granted
        f"{_url(lain)}pemda/{kab.pk}/",
        _url(lain),
        f"{_url(lain)}xlsx/",
        "/dasbor/wilayah/999999/",
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("peran", ["pimpinan", "organisasi", "admin", "operator_a", "pimpinan_lain"])
def test_every_other_role_gets_nothing(client, wilayah, peran):
    pemeran, grup, _lain, kab, _pembina = wilayah
    client.force_login(getattr(pemeran, peran))
    assert client.get("/dasbor/wilayah/").status_code == 403
    for url in (_url(grup), f"{_url(grup)}xlsx/", f"{_url(grup)}pemda/{kab.pk}/"):
        assert client.get(url).status_code == 404, url


def test_a_pembina_gets_no_working_row_and_only_the_granted_pemda(wilayah):
    pemeran, grup, lain, kab, pembina = wilayah
    from evaluasi.models import Instrumen, SkalaPredikat
    from kinerja.models import Indikator, Realisasi

    for model in (Evaluasi, PerangkatDaerah, Pemda, Laporan, Instrumen, SkalaPredikat, Indikator, Realisasi):
        assert not model.objects.for_user(pembina).exists(), model  # not even the national instrument
    assert set(pemda_binaan(pembina)) == {pemeran.pemda, kab}
    assert set(pemda_binaan(pembina, lain)) == set()
    assert list(grup_binaan(pembina)) == [grup]
    assert not pemda_binaan(pemeran.pimpinan).exists()


def test_the_workbook_holds_the_tables_rows(client, wilayah):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    resp = client.get(f"{_url(grup)}xlsx/")
    assert resp.status_code == 200 and "dasbor-wilayah-prov-uji-2024.xlsx" in resp["Content-Disposition"]
    ws = load_workbook(io.BytesIO(resp.content)).active
    baris = [list(r) for r in ws.iter_rows(values_only=True)]
    assert baris[0][:5] == ["Peringkat", "Pemerintah daerah", "Jenis", "Nilai resmi 2024", "Predikat 2024"]
    assert baris[1] == [1, "Kota Uji", "Kota", 72, "BB", 65, "B", 7, 2, None]
    assert baris[2] == [2, "Kabupaten Satu", "Kota", 68, "B", 70.5, "BB", -2.5, 1, 2024]
    assert len(baris) == 3


def _kueri(client, url: str) -> int:
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def test_a_fixed_number_of_queries_whatever_the_number_of_members(client, wilayah):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    client.get(_url(grup))  # the instruments' process cache (evaluasi.selectors.mesin), then measure
    awal = _kueri(client, _url(grup))
    assert awal <= 8
    for i in range(4):
        p = buat_pemda(nama=f"Kota Tambahan {i}")
        grup.anggota.add(p)
        resmi(p, 2023, _komponen("20.00", "20.00", "10.00", "15.00"), "B")
        resmi(p, 2024, _komponen("21.00", "21.00", "11.00", f"1{i}.00"), "B")
        Laporan.objects.filter(pk=lkjip_selesai(p).pk).update(terbit=True)
    assert _kueri(client, _url(grup)) == awal
    assert "Kota Tambahan 3" in client.get(_url(grup)).content.decode()
    with CaptureQueriesContext(connection) as q:  # cached: session, user, profile, group, fingerprint
        assert client.get(_url(grup)).status_code == 200
    assert len(q) < awal, [x["sql"] for x in q]


def test_a_new_official_result_shows_at_once_despite_the_cache(client, wilayah):
    _p, grup, _lain, kab, pembina = wilayah
    client.force_login(pembina)
    assert "68,00" in client.get(_url(grup)).content.decode()
    HasilEvaluasi.objects.filter(evaluasi__pemda=kab, evaluasi__tahun=2024).delete()
    resmi(kab, 2022, _komponen("1.00", "1.00", "1.00", "1.11"), "D")  # a new row moves the fingerprint
    tren = bagian(client.get(_url(grup)).content.decode(), "tren")
    assert "2022 1 4,11 0 0,00%" in tren and "2024 1 72,00 1 50,00%" in tren


def test_granting_a_group_in_the_admin_is_superuser_only_and_kept_in_history(client, wilayah):
    pemeran, grup, _lain, _kab, _pembina = wilayah
    baru = buat_pengguna(pemeran.pemda, Peran.PEMBINA)
    pemeran.admin.is_staff = True
    pemeran.admin.save()
    client.force_login(pemeran.admin)  # a pemda administrator: no page
    assert client.get("/admin/perangkat_daerah/hakpembina/add/").status_code == 403
    root = get_user_model().objects.create_superuser("akar", "akar@contoh.invalid", "kata-sandi-uji-123")
    client.force_login(root)
    resp = client.post("/admin/perangkat_daerah/hakpembina/add/", {"user": baru.pk, "grup": grup.pk})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    hak = HakPembina.objects.get(user=baru)
    assert hak.diberikan_oleh == root
    r = Riwayat.objects.get(object_id=hak.pk, aksi="admin.tambah", content_type__model="hakpembina")
    assert r.pemda_id == pemeran.pemda.pk and r.sesudah["grup_id"] == grup.pk
    assert client.get("/admin/perangkat_daerah/gruppemda/add/").status_code == 200
    resp = client.post(
        f"/admin/perangkat_daerah/gruppemda/{grup.pk}/change/",
        {"kode": grup.kode, "nama": grup.nama, "jenis": "provinsi", "provinsi": grup.provinsi_id,
         "anggota": [pemeran.pemda.pk]},
    )  # fmt: skip
    assert resp.status_code == 302 and list(grup.anggota.all()) == [pemeran.pemda]
    ubah = Riwayat.objects.get(object_id=grup.pk, aksi="admin.ubah", content_type__model="gruppemda")
    assert len(ubah.sebelum["anggota"]) == 2 and ubah.sesudah["anggota"] == [pemeran.pemda.pk]
    # only a pembina may hold a grant
    resp = client.post("/admin/perangkat_daerah/hakpembina/add/", {"user": pemeran.pimpinan.pk, "grup": grup.pk})
    assert resp.status_code == 200 and not HakPembina.objects.filter(user=pemeran.pimpinan).exists()


def test_the_demo_group_has_three_members_a_trend_and_its_pembina(client):
    from dasbor import demo_wilayah
    from perangkat_daerah import demo

    konteks = demo.muat()
    # the demo city's official years (evaluasi/demo.py writes them, following the clock) are the group's years
    resmi(konteks.pemda, 2023, _komponen("21.00", "19.20", "10.11", "17.00"), "B")
    resmi(konteks.pemda, 2024, _komponen("21.50", "19.80", "10.24", "17.50"), "B")
    resmi(konteks.pemda_lain, 2024, _komponen("19.00", "17.50", "9.15", "16.50"), "B")
    demo_wilayah.muat(konteks)
    demo_wilayah.muat(konteks)  # safe to run again
    grup = GrupPemda.objects.get(kode=demo_wilayah.KODE_GRUP)
    assert {p.kode for p in grup.anggota.all()} == {"kabupaten-sukamaju", "kota-wanasari", "kabupaten-cibening"}
    hasil = HasilEvaluasi.objects.filter(evaluasi__pemda__in=grup.anggota.all())
    assert hasil.count() == 6
    for h in hasil.exclude(evaluasi__pemda=konteks.pemda_lain):  # components sum to the total, under the weights
        assert sum(Decimal(v) for v in h.nilai_komponen.values()) == h.total
    user = get_user_model().objects.get(username=demo_wilayah.USERNAME_PEMBINA)
    assert user.check_password(demo.PASSWORD_DEMO) and user.profil.peran == Peran.PEMBINA
    client.force_login(user)
    html = client.get("/", follow=True).content.decode()
    tren = bagian(html, "tren")
    assert "2023 3" in tren and "2024 3" in tren
    assert "Kota Wanasari" in bagian(html, "tabel-pemda") and konteks.pemda.nama not in bagian(html, "tabel-pemda")
    demo_wilayah.hapus()
    assert not GrupPemda.objects.exists() and not Pemda.objects.filter(kode="kota-wanasari").exists()
    assert not get_user_model().objects.filter(username=demo_wilayah.USERNAME_PEMBINA).exists()


def test_no_page_of_any_menu_breaks_for_a_pembina(client, wilayah):
    """Pages not meant for them are empty, 403 or 404, never an error (for_user gives them no row)."""
    from django.urls import reverse

    from perangkat_daerah.navigasi import _gabungan

    client.force_login(wilayah[4])
    for entri in _gabungan()[0]:
        url = reverse(entri[1])
        assert client.get(url).status_code in (200, 302, 403, 404), url


# --- the chosen year (the header's year selector, or ?tahun= in a link) and the charts -----------------------


def _grafik(html: str) -> dict:
    import json
    import re

    return json.loads(re.search(r'<script id="dasbor-data" type="application/json">(.*?)</script>', html, re.S)[1])


def test_the_chosen_year_is_shown_ranked_against_the_year_before_it(client, wilayah):
    pemeran, grup, _lain, kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(_url(grup), {"tahun": 2023}).content.decode()
    tabel = bagian(html, "tabel-pemda")
    assert "1 Kabupaten Satu 70,50 BB – – – 2024" in tabel and "2 Kota Uji 65,00 B – – –" in tabel
    assert "Nilai 2023" in tabel and "Nilai 2022" in tabel and "72,00 BB" not in teks(html)
    tren = bagian(html, "tren")
    assert "2023 2 67,75 1 50,00%" in tren and "2024" not in tren
    assert "50,00% 1 dari 2 pemda" in bagian(html, "bagian-bb") and 'id="tahun-bergeser"' not in html
    # the years with an official result (never the draft's 2025), the chosen one current, the others links
    assert '<strong aria-current="page">2023</strong>' in html and '<a href="?tahun=2024">2024</a>' in html
    assert "2025" not in bagian(html, "tahun-hasil")
    # the workbook and each member's public figures follow the year shown
    assert f'href="/dasbor/wilayah/{grup.pk}/xlsx/?tahun=2023"' in html
    assert f'href="/dasbor/wilayah/{grup.pk}/pemda/{kab.pk}/?tahun=2023"' in html
    anggota = client.get(f"{_url(grup)}pemda/{kab.pk}/", {"tahun": 2023}).content.decode()
    assert f'<a href="{_url(grup)}?tahun=2023">Provinsi Uji</a>' in anggota  # and back to the same year
    resp = client.get(f"{_url(grup)}xlsx/", {"tahun": 2023})
    assert "dasbor-wilayah-prov-uji-2023.xlsx" in resp["Content-Disposition"]
    baris = [list(r) for r in load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True)]
    assert baris[1] == [1, "Kabupaten Satu", "Kota", 70.5, "BB", None, None, None, None, 2024]
    # the same group in another year is another cache entry: 2024 again shows 2024
    assert "1 Kota Uji 72,00 BB 65,00 B +7,00 ▲ 1" in bagian(
        client.get(_url(grup), {"tahun": 2024}).content.decode(), "tabel-pemda"
    )


def test_a_year_without_official_results_says_which_year_it_shows(client, wilayah):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(_url(grup), {"tahun": 2025}).content.decode()  # 2025 holds only a draft
    assert "Belum ada hasil evaluasi resmi tahun 2025 dari pemda anggota; yang ditampilkan hasil resmi terakhir " \
        "sebelumnya, tahun 2024." in bagian(html, "tahun-bergeser")  # fmt: skip
    assert "1 Kota Uji 72,00 BB 65,00 B +7,00 ▲ 1" in bagian(html, "tabel-pemda") and "98,99" not in html
    html = client.get(_url(grup), {"tahun": 2022}).content.decode()  # before any official result
    assert "Belum ada hasil evaluasi resmi sampai tahun 2022 dari pemda anggota." in bagian(html, "tahun-bergeser")
    assert '<a href="?tahun=2023">2023</a> · <a href="?tahun=2024">2024</a>' in html
    assert 'id="sebaran"' not in html and "70,50" not in html and "Nilai –" not in html


def test_every_chart_draws_the_numbers_of_the_table_beside_it(client, wilayah):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    html = client.get(_url(grup), {"tahun": 2024}).content.decode()
    for nama in ("distribusi", "komponen", "tren", "bagian"):  # drawn by static/js/dasbor.js, each with its text
        assert re.search(rf'<canvas data-grafik="{nama}" role="img" aria-label="[^"]*tabel[^"]*">', html), nama
    assert html.count('<table class="tabel tabel-ringkas') == 4 and "js/dasbor.js" in html and "chart.umd" in html
    g = _grafik(html)
    assert g["pd"]["distribusi"] == {
        "kode": ["AA", "A", "BB", "B", "CC", "C", "D"], "jumlah": [0, 0, 1, 1, 0, 0, 0], "label": "Jumlah pemda"
    }  # fmt: skip
    assert g["pd"]["bagian"]["tahun"] == ["2023", "2024"] and g["pd"]["bagian"]["bb"] == [50.0, 50.0]
    assert "b" not in g["pd"]["bagian"] and "dua_pertiga" not in g["pd"]["bagian"]  # no city PD goal line
    assert g["tren"]["resmi"] == [67.75, 70.0] and "mandiri" not in g["tren"] and g["tren"]["target"] is None
    assert [b["kode"] for b in g["tren"]["bands"]] == ["AA", "A", "BB", "B", "CC", "C", "D"]
    assert g["komponen"]["label"][0].startswith("2. ") and g["komponen"]["nilai"][0] == 19.5
    assert g["komponen"]["maks"][0] == 30.0


@pytest.mark.parametrize("tahun", [2023, 2025])
def test_any_year_in_a_fixed_number_of_queries(client, wilayah, tahun):
    _p, grup, _lain, _kab, pembina = wilayah
    client.force_login(pembina)
    url = f"{_url(grup)}?tahun={tahun}"
    client.get(url)  # the instruments' process cache
    awal = _kueri(client, url)
    assert awal <= 8
    for i in range(3):
        p = buat_pemda(nama=f"Kota Tambahan {i}")
        grup.anggota.add(p)
        for t in (2022, 2023, 2024):
            resmi(p, t, _komponen("20.00", "20.00", "10.00", f"1{i}.00"), "B")
    assert _kueri(client, url) == awal
    assert "Kota Tambahan 2" in client.get(url).content.decode()


# --- the cached page: the grant checked first, then the whole page's bytes of this user ----------------------


def test_a_cached_page_is_checked_first_and_belongs_to_its_user(wilayah):
    from django.test import Client

    pemeran, grup, _lain, _kab, pembina = wilayah
    client = Client(enforce_csrf_checks=True)
    client.force_login(pembina)
    assert client.get(_url(grup)).status_code == 200
    with CaptureQueriesContext(connection) as q:  # a hit: user, profile, grant, fingerprint; no template
        resp = client.get(_url(grup))
    assert resp.status_code == 200 and not resp.templates and len(q) <= 4, [x["sql"][:80] for x in q]
    html = resp.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    assert "sakipTokenCsrf" not in html and f'"X-CSRFToken": "{token}"' in html
    # the page's own token works: the year selector posts with it
    assert client.post("/tahun/", {"tahun": 2023, "next": _url(grup), "csrfmiddlewaretoken": token}).status_code == 302
    assert "Nilai 2023" in bagian(client.get(_url(grup)).content.decode(), "tabel-pemda")
    # another pembina of the same group: their own name, never the first one's page
    kedua = buat_pengguna(pemeran.pemda, Peran.PEMBINA, username="pembina-kedua")
    HakPembina.objects.create(user=kedua, grup=grup)
    lain = Client()
    lain.force_login(kedua)
    html_kedua = lain.get(_url(grup), {"tahun": 2023}).content.decode()
    assert ">pembina-kedua<" in html_kedua and f">{pembina.username}<" not in html_kedua
    # the grant withdrawn (no write the fingerprint sees): the cached page is not served any more
    HakPembina.objects.filter(user=kedua).delete()
    assert lain.get(_url(grup), {"tahun": 2023}).status_code == 404
    # a message shows once, on a page rendered for it
    pesan = client.get(_url(grup), {"tahun": "abc"}).content.decode()
    assert "Tahun “abc” tidak tersedia" in pesan and "Tahun “abc”" not in client.get(_url(grup)).content.decode()
