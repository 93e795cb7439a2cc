"""The report pages: the request form offers only what the user may request, with defaults that work
(issue 11 point 7); every link and action carries the year the page shows (point 5); numbers from the
request are a 400, never a 500 (point 20)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from laporan.models import BatchLaporan, Laporan

pytestmark = pytest.mark.django_db
TAHUN = 2023
SEMUA_PERAN = ["operator_a", "kepala_a", "organisasi", "inspektorat", "pimpinan", "admin"]


@pytest.fixture(autouse=True)
def _tanpa_pekerja(monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)


def _formulir_buat(html: str) -> list[tuple[str, dict]]:
    """Every request form on the page as (action, the data a browser sends for each choice of kind)."""
    hasil = []
    for m in re.finditer(r'<form method="post" action="(/laporan/buat/[^"]*)"[^>]*>(.*?)</form>', html, flags=re.S):
        aksi, isi = html_lib.unescape(m.group(1)), m.group(2)
        tetap = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', isi))
        tetap.pop("csrfmiddlewaretoken", None)
        pilih = {}
        for s in re.finditer(r'<select id="[^"]+" name="(\w+)"[^>]*>(.*?)</select>', isi, flags=re.S):
            nilai = re.findall(r'<option value="([^"]*)"( selected)?', s.group(2))
            pilih[s.group(1)] = ([v for v, _ in nilai], next((v for v, dipilih in nilai if dipilih), nilai[0][0]))
        tombol = re.findall(r'<button type="submit" name="jenis" value="(\w+)"', isi)  # one button per file
        jenis = pilih.pop("jenis", (tombol or [tetap.get("jenis")], None))[0]
        bawaan = {nama: terpilih for nama, (_, terpilih) in pilih.items()}
        hasil += [(aksi, {**tetap, **bawaan, "jenis": j}) for j in jenis]
    return hasil


KOTA_SEMUA = {"lkjip_pd", "pk", "pohon_pd", "lkjip_pemda", "pohon_kota", "lkjip_pd_docx", "lkjip_pemda_docx",
              "monev_renaksi_pd", "monev_renaksi_kota", "renaksi_pd_docx", "renaksi_kota_docx"}  # fmt: skip


@pytest.mark.parametrize("peran", SEMUA_PERAN)
def test_every_choice_the_form_offers_works_with_its_defaults(client, pemeran, peran):
    user = getattr(pemeran, peran)
    client.force_login(user)
    pilihan = _formulir_buat(client.get(f"/laporan/?tahun={TAHUN}").content.decode())
    for aksi, data in pilihan:
        resp = client.post(aksi, data)
        if resp.status_code == 200 and 'name="konfirmasi"' in resp.content.decode():  # incomplete data: confirm
            resp = client.post(aksi, {**data, "konfirmasi": "1"})
        assert resp.status_code == 302 and re.match(r"/laporan/\d+/", resp["Location"]), (peran, data, resp.status_code)
    jenis = {d["jenis"] for _, d in pilihan}
    harap = {
        "operator_a": {"lkjip_pd", "pk", "pohon_pd", "lkjip_pd_docx", "monev_renaksi_pd", "renaksi_pd_docx"},
        "kepala_a": {"lkjip_pd", "pk", "pohon_pd", "lkjip_pd_docx", "monev_renaksi_pd", "renaksi_pd_docx"},
        "organisasi": KOTA_SEMUA,
        "admin": KOTA_SEMUA,
    }.get(peran, set())
    assert jenis == harap
    assert Laporan.objects.count() == len(pilihan)


def test_operator_sees_own_pd_preselected_and_nothing_for_the_city(client, pemeran):
    client.force_login(pemeran.operator_a)
    html = client.get(f"/laporan/?tahun={TAHUN}").content.decode()
    assert "LKjIP Pemerintah Daerah" not in html.split('<form method="get"')[0]
    assert "untuk LKjIP pemda" not in html
    [(_, data)] = [p for p in _formulir_buat(html) if p[1]["jenis"] == "pk"]
    assert data["perangkat_daerah"] == str(pemeran.pd_a.pk)
    for pilih in ("buat-pd", "f-pd"):  # PD B is offered nowhere (the quarter chooser's values are no PD)
        assert f'value="{pemeran.pd_b.pk}"' not in re.search(rf'<select id="{pilih}".*?</select>', html, re.S).group(0)


def test_each_document_is_offered_with_its_own_date_and_its_word_copy_beside_it(client, pemeran):
    client.force_login(pemeran.organisasi)
    html = client.get(f"/laporan/?tahun={TAHUN}").content.decode()
    # the PD documents: each Word copy right after its PDF (the LKjIP's, the Monev Renaksi's), the PK and the tree
    pilih = re.search(r'<select id="buat-jenis"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    assert re.findall(r'value="(\w+)"', pilih) == [
        "lkjip_pd", "lkjip_pd_docx", "pk", "pohon_pd", "monev_renaksi_pd", "renaksi_pd_docx"
    ]  # fmt: skip
    # the city documents: one form each, with its date (when dated) and its files
    kota = re.findall(r'<form method="post" action="[^"]*" class="saring dokumen-baris">(.*?)</form>', html, re.S)
    baris = [
        (re.search(r'class="dokumen-nama"[^>]*>([^<]*)<', isi).group(1), isi.count('type="date"'),
         re.findall(r'name="jenis" value="(\w+)"[^>]*>([^<]*)<', isi))
        for isi in kota
    ]  # fmt: skip
    assert baris == [
        (f"LKjIP Pemerintah Daerah {TAHUN}", 1, [("lkjip_pemda", "Buat PDF"), ("lkjip_pemda_docx", "Buat Word")]),
        (f"Pohon Kinerja &amp; Cascading Kota {TAHUN}", 0, [("pohon_kota", "Buat PDF")]),
        (
            f"Laporan Monev Renaksi Kota {TAHUN}",
            1,
            [("monev_renaksi_kota", "Buat PDF"), ("renaksi_kota_docx", "Buat Word")],
        ),
    ]
    # the PD form's, the city LKjIP's and the city Monev Renaksi's: no date without its document
    assert html.count('name="tanggal"') == 3
    # a quarter's document names its quarter: the PD form (for its Monev Renaksi) and the city Monev Renaksi row
    assert html.count('name="triwulan"') == 2


def test_a_city_document_button_is_named_by_its_document(client, pemeran):
    client.force_login(pemeran.organisasi)
    html = client.get(f"/laporan/?tahun={TAHUN}").content.decode()
    assert 'id="buat-lkjip_pemda_docx" aria-labelledby="buat-lkjip_pemda_docx dokumen-lkjip_pemda"' in html
    assert 'id="dokumen-lkjip_pemda">LKjIP Pemerintah Daerah 2023<' in html


def test_the_word_button_requests_the_word_copy_with_the_rows_date(client, pemeran):
    client.force_login(pemeran.organisasi)
    data = {"jenis": "lkjip_pemda_docx", "tanggal": "2024-03-14", "konfirmasi": "1"}
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", data)
    assert resp.status_code == 302
    lap = Laporan.objects.get()
    assert (lap.jenis, lap.perangkat_daerah, str(lap.tanggal)) == ("lkjip_pemda_docx", None, "2024-03-14")


def test_city_pd_chooser_has_no_empty_default(client, pemeran):
    client.force_login(pemeran.organisasi)
    html = client.get(f"/laporan/?tahun={TAHUN}").content.decode()
    pilih = re.search(r'<select id="buat-pd"[^>]*>(.*?)</select>', html, flags=re.S).group(1)
    assert 'value=""' not in pilih
    assert {int(v) for v in re.findall(r'value="(\d+)"', pilih)} == {pemeran.pd_a.pk, pemeran.pd_b.pk}


def test_list_links_and_actions_carry_the_year_shown(client, pemeran):
    lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=TAHUN)
    client.force_login(pemeran.organisasi)
    html = html_lib.unescape(client.get(f"/laporan/?tahun={TAHUN}").content.decode())
    konten = html.split("<main", 1)[-1]
    for alamat in re.findall(r'(?:href|action)="(/laporan/[^"]*)"', konten):
        if "/status/" in alamat or "/unduh/" in alamat:
            continue
        assert f"tahun={TAHUN}" in alamat, alamat
    assert f'href="/laporan/{lap.pk}/?tahun={TAHUN}"' in html
    assert re.search(rf'<input type="hidden" name="tahun" value="{TAHUN}">', html)


def test_actions_act_on_the_year_in_the_address(client, pemeran):
    client.force_login(pemeran.organisasi)
    client.post("/tahun/", {"tahun": "2024", "next": "/"})  # the remembered year differs
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", {"jenis": "lkjip_pemda", "konfirmasi": "1"})
    assert resp.status_code == 302 and f"tahun={TAHUN}" in resp["Location"]
    assert Laporan.objects.get().tahun == TAHUN
    resp = client.post(f"/laporan/semua-pd/?tahun={TAHUN}")
    assert BatchLaporan.objects.get().tahun == TAHUN and f"tahun={TAHUN}" in resp["Location"]


def test_batch_page_links_to_the_batch_year(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post(f"/laporan/semua-pd/?tahun={TAHUN}")
    html = html_lib.unescape(client.get(resp["Location"]).content.decode())
    tautan = re.search(r'<a href="([^"]+)">Lihat dan unduh laporan per PD', html).group(1)
    assert f"tahun={TAHUN}" in tautan and "jenis=lkjip_pd" in tautan


def test_detail_page_leads_back_to_the_jobs_year(client, pemeran):
    lap = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="pk", tahun=TAHUN)
    client.force_login(pemeran.operator_a)
    html = html_lib.unescape(client.get(f"/laporan/{lap.pk}/").content.decode())
    assert f'href="/laporan/?tahun={TAHUN}"' in html


@pytest.mark.parametrize("nilai", ["²", "9223372036854775808", "-1", "1.5", "abc"])
def test_malformed_numbers_on_the_pages_are_a_400_with_a_message(client, pemeran, nilai):
    client.force_login(pemeran.organisasi)
    resp = client.get(f"/laporan/?pd={nilai}")
    assert resp.status_code == 400 and "Permintaan tidak valid" in resp.content.decode()
    for data in ({"jenis": "pk", "perangkat_daerah": nilai}, {"jenis": "lke_xlsx", "evaluasi": nilai}):
        resp = client.post(f"/laporan/buat/?tahun={TAHUN}", data)
        isi = resp.content.decode()
        assert resp.status_code == 400 and ("bukan bilangan bulat" in isi or "harus antara" in isi), data
    assert Laporan.objects.count() == 0


def test_a_missing_pd_is_a_400_with_a_message_not_an_error(client, pemeran):
    client.force_login(pemeran.organisasi)
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", {"jenis": "lkjip_pd"})
    assert resp.status_code == 400 and "Pilih perangkat daerah" in resp.content.decode()
