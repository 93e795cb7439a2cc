"""Phones and navigation (issue 17 points 5 and 6): no page of any role's menu, nor the key detail pages, is
wider than a 390 px phone; the header's sub-menus work on keyboard and by tap; the touched pages pass axe-core
at both sizes; the admin's autocomplete fields have names and its pages find their favicon."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import periksa_aksesibilitas, tunggu_sepi

PONSEL = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}
PERAN = ("walikota", "organisasi", "inspektorat", "admin", "operator.dinkes", "kepala.dinkes")


def _tautan(page, pola: str, jalur: str) -> str | None:
    """The first link on `jalur` whose href matches `pola` (a detail page to visit), or None."""
    page.goto(jalur)
    for href in page.locator("main a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        if re.search(pola, href):
            return href.split("#")[0]
    return None


def _halaman_rinci(page, url: str) -> list[str]:
    """The key detail pages this role can open: a PD, an evaluation result, a report, the verification page."""
    hasil = ["/perencanaan/pohon/", "/kinerja/kelengkapan/", "/laporan/narasi/"]
    eid = _tautan(page, r"^/evaluasi/\d+/", url + "/evaluasi/?tahun=2025")
    cari = [
        (r"^/pd/\d+/$", url + "/pd/"),
        (r"^/laporan/\d+/$", url + "/laporan/?tahun=2025"),
        (r"^/kinerja/verifikasi/(\d+|kota)/", url + "/kinerja/verifikasi/"),
    ]
    hasil += [h for pola, jalur in cari if (h := _tautan(page, pola, jalur))]
    if eid:
        hasil.append(re.match(r"^/evaluasi/\d+/", eid).group(0) + "hasil/")
    return hasil


def test_no_page_of_any_roles_menu_is_wider_than_the_phone_or_the_laptop(page, masuk, aplikasi):
    lebar_lebih = []
    dikunjungi = 0
    for username in PERAN:
        masuk(username)  # one login per role; the pages share its session
        page.set_viewport_size(PONSEL)
        menu = page.locator("nav.navigasi a[href]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        jalur = [h for h in menu if not h.startswith("/admin/")] + _halaman_rinci(page, aplikasi)
        for h in dict.fromkeys(jalur):
            tanggapan = page.goto(aplikasi + h)
            if tanggapan.status >= 400:  # not this role's page (the detail pages are found, not assumed)
                continue
            tunggu_sepi(page)
            dikunjungi += 1
            for ukuran in (PONSEL, LAPTOP):  # a wide table scrolls in its box on a laptop too, never clipped
                page.set_viewport_size(ukuran)
                lebar = page.evaluate("() => document.documentElement.scrollWidth")
                if lebar > ukuran["width"]:
                    lebar_lebih.append((username, h, ukuran["width"], lebar))
            page.set_viewport_size(PONSEL)
    assert dikunjungi >= 60
    assert lebar_lebih == []


def _diperluas(page, teks: str) -> bool | None:
    """The expanded state assistive technology reads from a group's summary (Chromium's accessibility tree)."""
    cdp = page.context.new_cdp_session(page)
    for n in cdp.send("Accessibility.getFullAXTree")["nodes"]:
        peran, nama = str(n.get("role", {}).get("value")), str(n.get("name", {}).get("value"))
        if peran.startswith("DisclosureTriangle") and teks in nama:
            return {p["name"]: p["value"]["value"] for p in n.get("properties", [])}.get("expanded")
    return None


def test_the_header_groups_open_with_the_keyboard_and_close_with_escape(masuk, galat_konsol):
    page = masuk("organisasi")
    nav = page.get_by_role("navigation", name="Navigasi utama")
    assert nav.locator(":scope > ul > li").count() <= 7
    grup = nav.locator("details.menu-grup", has_text="Pengukuran Kinerja")
    ringkas = grup.locator("summary")
    verifikasi = grup.get_by_role("link", name="Verifikasi", exact=True)
    expect(verifikasi).to_be_hidden()
    assert _diperluas(page, "Pengukuran Kinerja") is False
    ringkas.focus()
    page.keyboard.press("Enter")
    expect(verifikasi).to_be_visible()
    assert _diperluas(page, "Pengukuran Kinerja") is True
    assert page.evaluate("() => document.querySelector('details.menu-grup[open] summary').textContent") == (
        "Pengukuran Kinerja"
    )
    page.keyboard.press("Tab")  # into the sub-menu
    assert page.evaluate("() => document.activeElement.closest('.menu-anak') !== null")
    page.keyboard.press("Escape")
    expect(verifikasi).to_be_hidden()
    assert _diperluas(page, "Pengukuran Kinerja") is False
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    # one group open at a time
    ringkas.press("Enter")
    lain = nav.locator("details.menu-grup", has_text="Perencanaan").locator("summary")
    lain.focus()
    page.keyboard.press("Enter")
    expect(verifikasi).to_be_hidden()
    page.keyboard.press("Escape")
    # Enter on a sub-menu link opens its page
    ringkas.press("Enter")
    verifikasi.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/kinerja/verifikasi/" in page.url
    expect(nav.locator("details.menu-grup.aktif summary")).to_have_text("Pengukuran Kinerja")
    assert galat_konsol == []


def test_the_header_groups_open_by_tap_on_the_phone(masuk):
    page = masuk("organisasi")
    page.set_viewport_size(PONSEL)
    nav = page.get_by_role("navigation", name="Navigasi utama")
    nav.locator("summary", has_text="Evaluasi").click()
    tautan = nav.get_by_role("link", name="Hasil Evaluasi Kota")
    expect(tautan).to_be_visible()
    kotak = tautan.bounding_box()
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= PONSEL["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PONSEL["width"]
    assert periksa_aksesibilitas(page) == []
    page.locator("main h1").click()  # a tap elsewhere closes it
    expect(tautan).to_be_hidden()
    nav.locator("summary", has_text="Evaluasi").click()
    tautan.click()
    page.wait_for_load_state("networkidle")
    assert page.url.split("?")[0].endswith("/evaluasi/kota/")


def _periksa_kedua_ukuran(page, nama: str, foto) -> None:
    for ukuran in (LAPTOP, PONSEL):
        page.set_viewport_size(ukuran)
        page.wait_for_timeout(200)
        assert periksa_aksesibilitas(page) == [], (nama, ukuran)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= ukuran["width"], (nama, ukuran)
    page.set_viewport_size(LAPTOP)
    foto(nama)


def test_touched_pages_pass_axe_at_both_sizes_and_their_wide_tables_scroll_by_keyboard(masuk, aplikasi, foto):
    page = masuk("organisasi")
    halaman = {
        "ponsel-dasbor-organisasi": "/dasbor/organisasi/",
        "ponsel-matriks": "/kinerja/kelengkapan/",
        "ponsel-narasi": "/laporan/narasi/",
        "ponsel-verifikasi": _tautan(page, r"^/kinerja/verifikasi/\d+/", aplikasi + "/kinerja/verifikasi/"),
        "ponsel-hasil": re.match(
            r"^/evaluasi/\d+/", _tautan(page, r"^/evaluasi/\d+/", aplikasi + "/evaluasi/?tahun=2025")
        ).group(0)
        + "hasil/",
    }
    for nama, jalur in halaman.items():
        page.goto(aplikasi + jalur)
        tunggu_sepi(page)
        tanpa_nama = page.locator(".tabel-gulir:not([tabindex='0'][role='region'])")
        expect(tanpa_nama).to_have_count(0)
        _periksa_kedua_ukuran(page, nama, foto)


def test_the_matrix_keeps_the_pd_column_in_view_and_shows_every_quarter_on_the_phone(masuk, aplikasi):
    page = masuk("organisasi")
    page.set_viewport_size(PONSEL)
    page.goto(aplikasi + "/kinerja/kelengkapan/")
    gulir = page.get_by_role("region", name=re.compile("Matriks kelengkapan"))
    for tw in ("TW I", "TW II", "TW III", "TW IV"):
        expect(gulir.get_by_role("columnheader", name=tw, exact=True)).to_have_count(1)
    gulir.focus()
    for _ in range(30):  # the keyboard scrolls the region to its last column
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert gulir.evaluate("el => el.scrollLeft") > 0
    pd = gulir.locator("tbody th[scope=row]").first.bounding_box()
    tw4 = gulir.get_by_role("columnheader", name="TW IV", exact=True).bounding_box()
    assert pd["x"] >= 0 and tw4["x"] + tw4["width"] <= PONSEL["width"] + 1


def test_verification_cards_label_every_field_on_the_phone(masuk, aplikasi):
    page = masuk("organisasi")
    page.set_viewport_size(PONSEL)
    page.goto(aplikasi + _tautan(page, r"^/kinerja/verifikasi/\d+/", aplikasi + "/kinerja/verifikasi/"))
    sel = page.locator(".tabel-realisasi tbody tr:not(.baris-catatan) td")
    assert sel.count() > 0
    label = sel.evaluate_all("tds => tds.map(td => getComputedStyle(td, '::before').content)")
    assert all(c not in ("none", "normal", "") for c in label), label


def test_admin_autocomplete_fields_have_names_and_the_favicon_loads(masuk, aplikasi):
    """(The admin's own 404 for a relative 'widgets.css' and its inline-style CSP notices are left alone.)"""
    page = masuk("admin")
    gagal = []
    page.on("response", lambda r: gagal.append(r.url) if r.status >= 400 else None)
    page.goto(aplikasi + "/admin/perangkat_daerah/profil/")
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_load_state("networkidle")
    kotak = page.get_by_role("combobox", name=re.compile("Perangkat daerah", re.I))
    expect(kotak).to_have_count(1)
    assert periksa_aksesibilitas(page) == []
    assert [u for u in gagal if "favicon" in u] == []
    ikon = page.evaluate("() => document.querySelector('link[rel=icon]').href")
    assert ikon.endswith(".svg") and page.request.get(ikon).status == 200
