"""The berisiko flag and the projection on the pages (issue 16 point 4): Input Realisasi, the verification
inbox, the PD page and both dashboards; another PD's user never sees this PD's projections."""

from __future__ import annotations

import re

from kinerja.models import PengaturanKinerja
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_target, url_realisasi

TAHUN = 2025


def _kumulatif(pd, kode, tw_nilai, *, status="diverifikasi", iku=True):
    ind = buat_indikator(pd, kode=kode, agregasi="kumulatif", iku=iku)
    buat_target(ind, TAHUN, nilai=100)
    for tw, nilai in tw_nilai.items():
        buat_realisasi(ind, TAHUN, tw, nilai=nilai, status=status)
    return ind


def _baris(html: str, kode: str) -> str:
    """The table row of indicator `kode` on the input page."""
    return next(b for b in re.findall(r"<tr id=\"baris-\d+\".*?</tr>", html, re.S) if kode in b)


def test_input_page_flags_the_at_risk_indicator_with_projection_and_method(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-RISIKO", {1: 20, 2: 20}, status="draf")
    _kumulatif(pemeran.pd_a, "IK-AMAN", {1: 25, 2: 25}, status="draf")
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, TAHUN, 2)).content.decode()
    risiko, aman = _baris(html, "IK-RISIKO"), _baris(html, "IK-AMAN")
    assert '<span class="lencana berisiko">Berisiko</span>' in risiko
    assert "Proyeksi akhir tahun 80,00%, capaian 80,00%. Metode: Laju rata-rata TW I–II × 4." in risiko
    assert "<details" in risiko and "di bawah 90,00%" in risiko
    assert "Berisiko" not in aman and "Proyeksi 100,00%" in aman


def test_input_page_reads_the_pemdas_threshold_and_the_pages_quarter(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-1", {1: 20, 2: 30}, status="draf")
    PengaturanKinerja.objects.create(pemda=pemeran.pemda, ambang_berisiko=75)
    client.force_login(pemeran.operator_a)
    assert "lencana berisiko" not in client.get(url_realisasi(pemeran.pd_a, TAHUN, 1)).content.decode()  # 80 %
    PengaturanKinerja.objects.update(ambang_berisiko=85)
    assert "lencana berisiko" in client.get(url_realisasi(pemeran.pd_a, TAHUN, 1)).content.decode()
    assert "lencana berisiko" not in client.get(url_realisasi(pemeran.pd_a, TAHUN, 2)).content.decode()  # 100 %


def test_input_page_without_realisation_shows_no_projection(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-KOSONG", {})
    client.force_login(pemeran.operator_a)
    html = client.get(url_realisasi(pemeran.pd_a, TAHUN, 1)).content.decode()
    assert "IK-KOSONG" in html and "Proyeksi" not in _baris(html, "IK-KOSONG")


def test_another_pds_operator_gets_404_on_this_pds_input_page(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-RISIKO", {1: 10})
    client.force_login(pemeran.operator_b)
    assert client.get(url_realisasi(pemeran.pd_a, TAHUN, 1)).status_code == 404


def _baris_kotak(html: str, nama: str) -> str:
    return next(b for b in re.findall(r"<tr>.*?</tr>", html, re.S) if nama in b)


def test_inbox_lists_the_at_risk_indicators_of_each_waiting_quarter(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-A-RISIKO", {1: 10}, status="diajukan")
    _kumulatif(pemeran.pd_a, "IK-A-AMAN", {1: 30}, status="diajukan")
    _kumulatif(pemeran.pd_b, "IK-B-AMAN", {1: 25}, status="diajukan")
    client.force_login(pemeran.organisasi)
    html = client.get("/kinerja/verifikasi/").content.decode()
    baris_a, baris_b = _baris_kotak(html, "Dinas A"), _baris_kotak(html, "Dinas B")
    assert "1 berisiko" in baris_a and "IK-A-RISIKO" in baris_a and "IK-A-AMAN" not in baris_a
    assert "Proyeksi akhir tahun 40,00%, capaian 40,00%. Metode: Laju rata-rata TW I × 4." in baris_a
    assert "berisiko" not in baris_b


def test_inbox_projection_queries_do_not_grow_with_the_backlog(client, pemeran, django_assert_max_num_queries):
    from tests.factories import buat_pd

    client.force_login(pemeran.organisasi)
    _kumulatif(pemeran.pd_a, "IK-0", {1: 10}, status="diajukan")
    with django_assert_max_num_queries(40) as sedikit:
        client.get("/kinerja/verifikasi/")
    for n in range(6):
        pd = buat_pd(pemeran.pemda, nama=f"Dinas Tambahan {n}")
        for k in range(3):
            _kumulatif(pd, f"IK-{n}-{k}", {1: 10, 2: 10}, status="diajukan")
    with django_assert_max_num_queries(len(sedikit.captured_queries)):
        html = client.get("/kinerja/verifikasi/").content.decode()
    assert html.count("3 berisiko") == 12  # each new PD waits in TW I and TW II, both projecting 40 %


def test_pd_page_lists_its_at_risk_indicators_and_no_other_pds(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-A-RISIKO", {1: 10}, iku=False)
    _kumulatif(pemeran.pd_a, "IK-A-AMAN", {1: 30})
    _kumulatif(pemeran.pd_b, "IK-B-RISIKO", {1: 10})
    client.force_login(pemeran.operator_a)
    html = client.get(f"/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}").content.decode()
    bagian = html[html.index('id="proyeksi-berisiko"') :]
    assert "IK-A-RISIKO" in bagian and "Laju rata-rata TW I × 4" in bagian and "lencana berisiko" in bagian
    assert "IK-A-AMAN" not in bagian and "IK-B-RISIKO" not in html
    client.force_login(pemeran.operator_b)
    assert client.get(f"/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}").status_code == 404


def test_pd_page_without_at_risk_indicators_says_so(client, pemeran):
    _kumulatif(pemeran.pd_a, "IK-A-AMAN", {1: 30})
    client.force_login(pemeran.pimpinan)
    html = client.get(f"/pd/{pemeran.pd_a.pk}/?tahun={TAHUN}").content.decode()
    assert "Tidak ada indikator yang berisiko" in html


def _bagian_dasbor(html: str) -> str:
    awal = html.index('id="iku-berisiko"')
    return html[awal : html.index("</section>", awal)]


def test_both_dashboards_count_and_list_the_at_risk_iku(client, pemeran):
    _kumulatif(pemeran.pd_a, "IKU-A-RISIKO", {1: 10, 2: 10})
    _kumulatif(pemeran.pd_b, "IKU-B-RISIKO", {1: 20})
    _kumulatif(pemeran.pd_b, "IKU-B-AMAN", {1: 25})
    _kumulatif(pemeran.pd_b, "IK-B-BUKAN-IKU", {1: 1}, iku=False)
    for user, url in ((pemeran.pimpinan, "/dasbor/pimpinan/"), (pemeran.organisasi, "/dasbor/organisasi/")):
        client.force_login(user)
        respons = client.get(f"{url}?tahun={TAHUN}")
        assert respons.status_code == 200
        bagian = _bagian_dasbor(respons.content.decode())
        assert '<span class="lencana berisiko">2</span>' in bagian
        assert bagian.index("IKU-A-RISIKO") < bagian.index("IKU-B-RISIKO")  # 40 % before 80 %
        assert "Laju rata-rata TW I–II × 4" in bagian and f">{pemeran.pd_a.singkatan}<" in bagian
        assert "IKU-B-AMAN" not in bagian and "IK-B-BUKAN-IKU" not in bagian


def test_dashboard_without_at_risk_iku_says_so_and_other_pemda_sees_none(client, pemeran):
    _kumulatif(pemeran.pd_a, "IKU-A-RISIKO", {1: 10})
    client.force_login(pemeran.pimpinan_lain)
    bagian = _bagian_dasbor(client.get(f"/dasbor/pimpinan/?tahun={TAHUN}").content.decode())
    assert '<span class="lencana">0</span>' in bagian and "IKU-A-RISIKO" not in bagian
    assert "Tidak ada IKU yang berisiko" in bagian


def test_threshold_changed_in_the_admin_updates_the_cached_dashboard(client, pemeran):
    from django.urls import reverse

    _kumulatif(pemeran.pd_a, "IKU-A", {1: 20})  # 80 %
    pengaturan = PengaturanKinerja.objects.create(pemda=pemeran.pemda)
    client.force_login(pemeran.organisasi)
    assert "IKU-A" in _bagian_dasbor(client.get(f"/dasbor/organisasi/?tahun={TAHUN}").content.decode())
    pemeran.admin.is_staff = True
    pemeran.admin.save(update_fields=["is_staff"])
    client.force_login(pemeran.admin)
    url = reverse("admin:kinerja_pengaturankinerja_change", args=[pengaturan.pk])
    respons = client.post(url, {"pemda": pemeran.pemda.pk, "ambang_berisiko": "75", "versi": pengaturan.versi})
    assert respons.status_code == 302, respons.content.decode()[-2000:]
    pengaturan.refresh_from_db()
    assert pengaturan.ambang_berisiko == 75
    client.force_login(pemeran.organisasi)
    assert "IKU-A" not in _bagian_dasbor(client.get(f"/dasbor/organisasi/?tahun={TAHUN}").content.decode())


def test_verification_page_shows_the_projection_from_submitted_values(client, pemeran):
    ind = _kumulatif(pemeran.pd_a, "IK-RISIKO", {1: 10}, status="diajukan")
    buat_realisasi(ind, TAHUN, 2, nilai=40, status="draf")  # the PD's draft of TW II does not count here
    client.force_login(pemeran.organisasi)
    html = client.get(f"/kinerja/verifikasi/{pemeran.pd_a.pk}/{TAHUN}/2/").content.decode()
    assert "lencana berisiko" in html and "Proyeksi akhir tahun 40,00%, capaian 40,00%" in html
