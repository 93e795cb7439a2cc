"""Each demo role's day starts where its work is (issue 17, Tests and Acceptance): a journey per role from the
login page, whose first screen at 1366×768 shows that role's most urgent work, derived from the demo's rows
with the ORM (the demo follows the clock, so no year, quarter or count is written here); the completeness
matrix and the verification page clip no column at 390×844 nor at 1366×768; and axe-core finds nothing
serious or critical on every role's home, the verification page, the matrix, the public page and the group
dashboard with its drill-down. One login per role: the journey saves its storage state for the rest.

Screenshots: SAKIP_SCREENSHOT_DIR=/tmp/shots saves each page at both sizes (`foto`)."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from evaluasi.models import Evaluasi
from kinerja.models import INDIKATOR_DIHITUNG, Indikator, KunciTriwulan, PerjanjianKinerja, Realisasi
from kinerja.selectors import ROMAWI
from kinerja.services.realisasi import lewat_batas, triwulan_jatuh_tempo
from perangkat_daerah.models import GrupPemda, PerangkatDaerah, Profil
from sakip.lib.angka import format_persen
from tests.e2e.conftest import AXE, PASSWORD, pantau_jaringan, periksa_aksesibilitas, tunggu_sepi

LAPTOP = {"width": 1366, "height": 768}
PONSEL = {"width": 390, "height": 844}
BB_KE_ATAS = ("BB", "A", "AA")

_SESI: dict[str, dict] = {}  # username → storage state of its one login


@pytest.fixture(scope="module")
def buka(browser, browser_context_args, aplikasi):
    """A page logged in as `username` from its saved login (the journey's, or one login through the form)."""
    konteks = []

    def _buka(username: str, jalur: str | None = None):
        ctx = browser.new_context(**browser_context_args, storage_state=_SESI.get(username))
        konteks.append(ctx)
        page = pantau_jaringan(ctx.new_page())
        if username not in _SESI:
            _masuk_lewat_form(page, aplikasi, username)
        if jalur:
            page.goto(aplikasi + jalur)
            tunggu_sepi(page)
        return page

    yield _buka
    for ctx in konteks:
        ctx.close()


def _masuk_lewat_form(page, aplikasi: str, username: str) -> None:
    page.goto(aplikasi + "/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Masuk").click()
    tunggu_sepi(page)
    assert "/masuk/" not in page.url, f"{username} tidak berhasil masuk"
    _SESI[username] = page.context.storage_state()


def _di_layar_pertama(lokator) -> None:
    """The element lies wholly inside the 1366×768 viewport, without scrolling."""
    expect(lokator).to_be_visible()
    kotak = lokator.bounding_box()
    assert kotak["y"] >= 0 and kotak["y"] + kotak["height"] <= LAPTOP["height"], kotak
    assert kotak["x"] >= 0 and kotak["x"] + kotak["width"] <= LAPTOP["width"], kotak


def _tahun(page) -> int:
    """The working year the header's selector shows; the demo's live year is the clock's."""
    tahun = int(page.get_by_label("Tahun", exact=True).input_value())
    assert tahun == timezone.localdate().year
    return tahun


def _profil(db, username: str) -> Profil:
    return Profil.objects.using(db).select_related("perangkat_daerah", "pemda").get(user__username=username)


def _triwulan_pd(db, pd: PerangkatDaerah, tahun: int) -> dict[int, dict]:
    """Per quarter of `tahun`: the PD's returned rows and, past its deadline, the rows not yet submitted."""
    jumlah_ind = Indikator.objects.using(db).filter(perangkat_daerah=pd).exclude(INDIKATOR_DIHITUNG).distinct().count()
    status = dict.fromkeys(range(1, 5))
    for tw in status:
        baris = Realisasi.objects.using(db).filter(indikator__perangkat_daerah=pd, tahun=tahun, triwulan=tw)
        masuk = baris.filter(status__in=(Realisasi.Status.DIAJUKAN, Realisasi.Status.DIVERIFIKASI)).count()
        kunci = KunciTriwulan.objects.using(db).filter(pemda=pd.pemda_id, tahun=tahun, triwulan=tw).first()
        status[tw] = {
            "dikembalikan": baris.filter(status=Realisasi.Status.DIKEMBALIKAN).count(),
            "terlambat": jumlah_ind - masuk if lewat_batas(kunci) and jumlah_ind > masuk else 0,
        }
    return status


def _perhatian(page):
    return page.get_by_role("region", name="Perlu ditindaklanjuti")


def _periksa_pd(page, db, username: str) -> PerangkatDaerah:
    """An operator's or kepala's first screen: the due quarter, its overdue and returned rows at the top."""
    pd = _profil(db, username).perangkat_daerah
    tahun = _tahun(page)
    tw = triwulan_jatuh_tempo(tahun)
    assert page.url.split("?")[0].endswith(reverse("kinerja:realisasi", args=[pd.pk, tahun, tw]))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Triwulan {ROMAWI[tw]} {tahun}")
    perlu = {t: s for t, s in _triwulan_pd(db, pd, tahun).items() if s["dikembalikan"] or s["terlambat"]}
    assert perlu, "the demo's PD has nothing overdue or returned: the journey would prove nothing"
    _di_layar_pertama(_perhatian(page))
    for t, s in perlu.items():
        butir = (
            _perhatian(page)
            .get_by_role("listitem")
            .filter(has=page.get_by_role("link", name=f"Triwulan {ROMAWI[t]}", exact=True))
        )
        _di_layar_pertama(butir)
        if s["dikembalikan"]:
            expect(butir).to_contain_text(f"{s['dikembalikan']} indikator dikembalikan verifikator")
        if s["terlambat"]:
            expect(butir).to_contain_text(f"{s['terlambat']} indikator belum diajukan")
            tab = page.get_by_role("navigation", name="Pilih triwulan").get_by_role("link").nth(t - 1)
            expect(tab).to_contain_text("Terlambat")
    return pd


def test_operator_starts_at_the_due_quarter_with_returned_and_overdue_on_top(page, aplikasi, basis_demo, foto):
    _masuk_lewat_form(page, aplikasi, "operator.dinkes")
    _periksa_pd(page, basis_demo, "operator.dinkes")
    expect(_perhatian(page).locator("li.pk-ditetapkan")).to_have_count(0)  # setting the PK is the kepala's
    page.set_viewport_size(PONSEL)  # the four quarter tabs stay on one row, none broken into "TW" / "I"
    tab = page.get_by_role("navigation", name="Pilih triwulan").get_by_role("link")
    assert tab.count() == 4 and len({round(tab.nth(i).bounding_box()["y"]) for i in range(4)}) == 1
    baris_teks = (  # the lines the tab's own text ("TW I") takes
        "a => { const r = document.createRange(); r.selectNodeContents(a.firstChild); "
        "return r.getClientRects().length; }"
    )
    assert [tab.nth(i).evaluate(baris_teks) for i in range(4)] == [1, 1, 1, 1]
    page.set_viewport_size(LAPTOP)
    foto("beranda-operator")


def test_kepala_pd_sees_the_pk_to_set_first(page, aplikasi, basis_demo, foto):
    _masuk_lewat_form(page, aplikasi, "kepala.dinkes")
    pd = _periksa_pd(page, basis_demo, "kepala.dinkes")
    draf = list(
        PerjanjianKinerja.objects.using(basis_demo)
        .filter(perangkat_daerah=pd, status=PerjanjianKinerja.Status.DRAF)
        .values_list("tahun", flat=True)
    )
    assert draf, "the demo's kepala has no PK to set"
    for tahun in draf:
        tautan = _perhatian(page).get_by_role("link", name=f"Perjanjian Kinerja {tahun}", exact=True)
        _di_layar_pertama(tautan)
        assert tautan.get_attribute("href") == reverse("kinerja:pk", args=[pd.pk, tahun])
    foto("beranda-kepala")


def _antrean(db, pemda_id: int) -> dict[int, tuple[int, int]]:
    """Per year the submitted rows waiting for the verifier: (PD quarters, rows)."""
    hasil: dict[int, list[int]] = {}
    for b in (
        Realisasi.objects.using(db)
        .filter(indikator__pemda=pemda_id, status=Realisasi.Status.DIAJUKAN)
        .values("tahun", "triwulan", "indikator__perangkat_daerah")
        .annotate(n=Count("id"))
    ):
        jumlah = hasil.setdefault(b["tahun"], [0, 0])
        jumlah[0] += 1
        jumlah[1] += b["n"]
    return {t: tuple(j) for t, j in hasil.items()}


@pytest.mark.parametrize("username", ["organisasi", "admin"])
def test_the_verifier_sees_the_waiting_items_first(page, aplikasi, basis_demo, foto, username):
    _masuk_lewat_form(page, aplikasi, username)
    antrean = _antrean(basis_demo, _profil(basis_demo, username).pemda_id)
    assert antrean, "nothing waits for verification in the demo"
    kotak = page.get_by_role("region", name="Menunggu verifikasi, semua tahun")
    _di_layar_pertama(kotak.get_by_role("link", name="Buka kotak verifikasi"))
    for tahun, (triwulan_pd, n) in antrean.items():
        butir = kotak.get_by_role("listitem").filter(has_text=f"{tahun}:")
        _di_layar_pertama(butir)
        expect(butir).to_contain_text(f"{tahun}: {triwulan_pd} triwulan PD ({n} indikator)")
    foto(f"beranda-{username}")


def test_inspektorat_sees_the_submitted_evaluations_first(page, aplikasi, basis_demo, foto):
    _masuk_lewat_form(page, aplikasi, "inspektorat")
    tahun = _tahun(page)
    diajukan = (
        Evaluasi.objects.using(basis_demo)
        .filter(pemda=_profil(basis_demo, "inspektorat").pemda, tahun=tahun, status=Evaluasi.Status.DIAJUKAN)
        .select_related("perangkat_daerah")
    )
    assert diajukan, "no evaluation waits for the Inspektorat in the demo"
    for e in diajukan:
        baris = page.locator("main table tbody tr", has_text=e.perangkat_daerah.nama).filter(
            has_text=e.get_jenis_display()
        )
        _di_layar_pertama(baris)
        expect(baris).to_contain_text(e.get_status_display())
    foto("beranda-inspektorat")


def test_the_wali_kota_sees_the_share_of_pd_at_least_bb_without_scrolling(page, aplikasi, basis_demo, foto):
    _masuk_lewat_form(page, aplikasi, "walikota")
    pemda = _profil(basis_demo, "walikota").pemda
    jumlah_pd = PerangkatDaerah.objects.using(basis_demo).filter(pemda=pemda, aktif=True).count()
    final = Evaluasi.objects.using(basis_demo).filter(
        pemda=pemda, jenis=Evaluasi.Jenis.INTERNAL, status=Evaluasi.Status.FINAL, perangkat_daerah__aktif=True
    )
    # the latest year whose internal evaluation is complete (every active PD final), as the card says
    per_tahun = final.values("tahun").annotate(n=Count("id"), bb=Count("id", filter=Q(hasil__predikat__in=BB_KE_ATAS)))
    tahun = max(b["tahun"] for b in per_tahun if b["n"] >= jumlah_pd)
    bb = next(b["bb"] for b in per_tahun if b["tahun"] == tahun)
    kartu = page.get_by_role("article").filter(has=page.get_by_role("heading", name="PD dengan predikat BB ke atas"))
    _di_layar_pertama(kartu)
    bagian = Decimal(bb * 100) / Decimal(jumlah_pd)
    expect(kartu).to_contain_text(format_persen(bagian))
    expect(kartu).to_contain_text(f"{bb} dari {jumlah_pd} PD")
    expect(kartu).to_contain_text(f"Evaluasi internal Inspektorat {tahun}")
    dua_pertiga = "Mencapai garis dua pertiga" if bagian * 3 >= 200 else "Di bawah garis dua pertiga"
    expect(kartu).to_contain_text(f"{dua_pertiga} ({format_persen(Decimal(200) / 3)})")
    foto("beranda-walikota")


def test_the_pembina_lands_on_their_group_dashboard(page, aplikasi, basis_demo, foto):
    _masuk_lewat_form(page, aplikasi, "pembina.provinsi")
    grup = GrupPemda.objects.using(basis_demo).filter(hak_pembina__user__username="pembina.provinsi")
    assert grup.count() == 1  # one group: the dashboard itself, not the list of groups
    grup = grup.get()
    assert page.url.split("?")[0].endswith(reverse("dasbor:wilayah_grup", args=[grup.pk]))
    _di_layar_pertama(page.get_by_role("heading", level=1, name=grup.nama))
    expect(page.locator("main")).to_contain_text(f"{grup.anggota.count()} pemerintah daerah")
    _di_layar_pertama(page.get_by_role("heading", name="Pemda dengan predikat BB ke atas"))
    foto("beranda-pembina")


# --- no clipped column on the matrix and the verification page ------------------------------------------------


def _kolom_terpotong(page) -> list[dict]:
    """Every wide table's box scrolled to its end: its last header cell (or, when the phone stacks the rows
    into cards, every cell of its first row) must lie inside the box, and the box inside the viewport."""
    return page.evaluate(
        """() => {
        const hasil = [];
        const lebar = document.documentElement.clientWidth;
        for (const tabel of document.querySelectorAll('main table')) {
          const kotak = tabel.closest('.tabel-gulir') || tabel.parentElement;
          kotak.scrollLeft = kotak.scrollWidth;
          const rk = kotak.getBoundingClientRect();
          const kepala = [...tabel.querySelectorAll('thead tr:first-child > th')];
          const akhir = kepala[kepala.length - 1];
          let sel = akhir && akhir.getBoundingClientRect().width > 0 ? [akhir]
            : [...(tabel.querySelector('tbody tr') || tabel).children];
          for (const s of sel) {
            const r = s.getBoundingClientRect();
            if (r.width === 0) continue;
            const gulir = getComputedStyle(kotak).overflowX;
            const bisa = kotak.scrollWidth <= kotak.clientWidth + 1 || gulir === 'auto' || gulir === 'scroll';
            if (r.right > rk.right + 1 || r.left < rk.left - 1 || rk.right > lebar + 1 || !bisa) {
              hasil.push({tabel: tabel.className, sel: s.textContent.trim().slice(0, 30), kanan: r.right,
                          kotak: rk.right, lebar: kotak.scrollWidth, gulir});
            }
          }
          kotak.scrollLeft = 0;
        }
        return hasil;
      }"""
    )


def _verifikasi_url(db, pemda_id: int) -> str:
    """The verification page of the first PD quarter that waits (the demo has some)."""
    b = (
        Realisasi.objects.using(db)
        .filter(indikator__pemda=pemda_id, status=Realisasi.Status.DIAJUKAN, indikator__perangkat_daerah__isnull=False)
        .order_by("-tahun", "triwulan", "indikator__perangkat_daerah__kode")
        .values("tahun", "triwulan", "indikator__perangkat_daerah")
        .first()
    )
    return reverse("kinerja:verifikasi_putuskan", args=[b["indikator__perangkat_daerah"], b["tahun"], b["triwulan"]])


def _simpan_foto(page, nama: str, ukuran: dict) -> None:
    folder = os.environ.get("SAKIP_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{nama}-{ukuran['width']}.png"), full_page=True)


@pytest.mark.parametrize("halaman", ["matriks", "verifikasi"])
def test_the_matrix_and_the_verification_page_clip_no_column(buka, basis_demo, halaman):
    pemda = _profil(basis_demo, "organisasi").pemda_id
    jalur = reverse("kinerja:kelengkapan_ini") if halaman == "matriks" else _verifikasi_url(basis_demo, pemda)
    page = buka("organisasi", jalur)
    assert page.locator("main table").count() > 0
    for ukuran in (PONSEL, LAPTOP):
        page.set_viewport_size(ukuran)
        page.wait_for_function("w => document.documentElement.clientWidth === w", arg=ukuran["width"])
        assert page.evaluate("() => document.documentElement.scrollWidth") <= ukuran["width"], ukuran
        assert _kolom_terpotong(page) == [], ukuran
        _simpan_foto(page, f"{halaman}", ukuran)


# --- axe-core on every page these journeys touch ---------------------------------------------------------------


def _halaman_axe(db) -> list[tuple[str, str]]:
    pemda = _profil(db, "organisasi").pemda_id
    grup = GrupPemda.objects.using(db).get(hak_pembina__user__username="pembina.provinsi")
    anggota = grup.anggota.order_by("pk").first()
    return [
        ("operator.dinkes", "/"),
        ("kepala.dinkes", "/"),
        ("organisasi", "/"),
        ("inspektorat", "/"),
        ("walikota", "/"),
        ("admin", "/"),
        ("pembina.provinsi", "/"),
        ("organisasi", reverse("kinerja:kelengkapan_ini")),
        ("organisasi", _verifikasi_url(db, pemda)),
        ("organisasi", reverse("kinerja:verifikasi")),
        (None, "/publik/"),
        ("operator.dinkes", reverse("notifikasi:daftar")),  # the bell's list: its buttons sit on a white card
        ("pembina.provinsi", reverse("dasbor:wilayah_grup", args=[grup.pk])),
        ("pembina.provinsi", reverse("dasbor:wilayah_pemda", args=[grup.pk, anggota.pk])),
    ]


def test_every_page_of_the_journeys_passes_axe_at_both_sizes(buka, browser, browser_context_args, aplikasi, basis_demo):
    temuan = []
    halaman: dict = {}
    for username, jalur in _halaman_axe(basis_demo):
        if username not in halaman:
            if username is None:
                halaman[None] = browser.new_context(**browser_context_args).new_page()
            else:
                halaman[username] = buka(username)
            halaman[username].add_init_script(AXE)  # in every page it opens: no reload to inject it
        page = halaman[username]
        tanggapan = page.goto(aplikasi + jalur)
        assert tanggapan.status == 200, (username, jalur, tanggapan.status)
        tunggu_sepi(page)  # the public page's own context is not tracked: `networkidle`
        for ukuran in (LAPTOP, PONSEL):
            page.set_viewport_size(ukuran)
            if galat := periksa_aksesibilitas(page):
                temuan.append((username, jalur, ukuran["width"], galat))
            if page.evaluate("() => document.documentElement.scrollWidth") > ukuran["width"]:
                temuan.append((username, jalur, ukuran["width"], "lebih lebar dari layar"))
            nama = (username or "publik") + ("-beranda" if jalur == "/" else jalur.replace("/", "_").rstrip("_"))
            _simpan_foto(page, f"axe-{nama}", ukuran)
        page.set_viewport_size(LAPTOP)
    halaman[None].context.close()
    assert temuan == []
