"""The "Laporan Monev Renaksi" PDF (issue 16 point 2): a quarter of the action plans through the report
pipeline (request → job → PDF → download), its content (plan against verified realisation per month and to
date, factors and follow-up, the summary per PD, the city's table per PD), who may request and download which
scope, the quarter and the date it carries."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from kinerja.models import RealisasiAksi
from kinerja.services import renaksi
from laporan import jenis as jenis_laporan
from laporan import services
from laporan.models import Laporan
from laporan.monev_renaksi import konteks_monev_renaksi
from perangkat_daerah.models import Pemda, PerangkatDaerah
from tests.demo_salin import muat_demo_salin
from tests.kinerja.factories import buat_indikator

pytestmark = pytest.mark.django_db
TAHUN = 2025
S = RealisasiAksi.Status


def _aksi(pemeran, pd, oleh, kode: str, uraian: str, target: dict, **kw):
    ind = buat_indikator(pd, kode=kode, uraian=f"Indikator {kode}", satuan="%", nilai_maksimum=Decimal(100))
    return renaksi.rencana_aksi_buat(
        indikator=ind, tahun=TAHUN, oleh=oleh, uraian=uraian, tahapan="Persiapan; pelaksanaan",
        penanggung_jawab="Kepala Bidang Kesmas", jabatan="Kabid", jenis_target="bulanan", target_bulanan=target, **kw,
    )  # fmt: skip


@pytest.fixture
def monev(pemeran):
    """PD A: 'Sosialisasi posyandu' (wali kota's instruction) behind plan in TW I (January and February verified,
    March submitted); PD B: 'Penertiban reklame' on plan; another pemda's action."""
    a = _aksi(pemeran, pemeran.pd_a, pemeran.operator_a, "IK-A1", "Sosialisasi posyandu",
              {"1": "10", "2": "20", "3": "30.5"}, instruksi_kepala_daerah=True)  # fmt: skip
    for bulan, nilai, status, teks in (
        (1, "12", S.DIVERIFIKASI, {"faktor_pendukung": "Kader posyandu aktif"}),
        (2, "15", S.DIVERIFIKASI, {"faktor_penghambat": "Hujan deras di lapangan", "tindak_lanjut": "Jadwal ulang"}),
        (3, "25", S.DIAJUKAN, {}),
    ):
        RealisasiAksi.objects.create(rencana_aksi=a, bulan=bulan, nilai=Decimal(nilai), status=status, **teks)
    b = _aksi(pemeran, pemeran.pd_b, pemeran.operator_b, "IK-B1", "Penertiban reklame", {"3": "40"})
    RealisasiAksi.objects.create(rencana_aksi=b, bulan=3, nilai=Decimal(41), status=S.DIVERIFIKASI)
    _aksi(pemeran, pemeran.pd_lain, pemeran.operator_lain, "IK-L1", "Aksi pemda lain", {"1": "5"})
    return pemeran


def _teks_pdf(isi: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages)


def _tanpa_pekerja_antrean(monkeypatch):
    """The worker path, eagerly: the task the queue would run (laporan.tasks.laporan_buat), in-process."""
    from laporan.tasks import laporan_buat

    monkeypatch.setattr(laporan_buat, "delay", lambda i: laporan_buat.apply(args=[i]))


def _minta_dan_unduh(client, user, data: dict, capture, tahun: int = TAHUN) -> tuple[Laporan, str]:
    client.force_login(user)
    with capture(execute=True):
        resp = client.post(f"/laporan/buat/?tahun={tahun}", data)
    assert resp.status_code == 302, resp.content.decode()[:500]
    laporan = Laporan.objects.get(pk=int(resp["Location"].split("/")[2]))
    assert (laporan.status, laporan.triwulan) == (Laporan.Status.SELESAI, int(data["triwulan"])), laporan.galat
    unduh = client.get(f"/laporan/{laporan.pk}/unduh/")
    assert unduh.status_code == 200
    return laporan, _teks_pdf(b"".join(unduh.streaming_content))


def test_a_pd_user_downloads_the_quarters_monev_made_by_the_report_job(
    client, monev, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    data = {"jenis": "monev_renaksi_pd", "perangkat_daerah": monev.pd_a.pk, "triwulan": "1"}
    laporan, teks = _minta_dan_unduh(client, monev.operator_a, data, django_capture_on_commit_callbacks)
    assert laporan.nama_berkas == "Monev-Renaksi-2025-TW1-Dinas-A.pdf"
    for ada in (
        "LAPORAN MONEV RENCANA AKSI", "Dinas A", "Triwulan I (Januari–Maret 2025)", "IK-A1", "Sosialisasi posyandu",
        "Instruksi kepala daerah", "PJ: Kepala Bidang Kesmas", "Januari", "Februari", "Maret", "s.d. Maret",
        "10,00", "12,00", "20,00", "15,00", "30,50",  # the months' targets and verified realisations
        "(25,00)", "Diajukan",  # March is submitted, not verified: shown in brackets, not counted
        "49,18%", "per Februari", "Tertinggal",  # 15 of the 30,5 due by March; February's 15 is below its 20
        "Kader posyandu aktif", "Hujan deras di lapangan", "Jadwal ulang",
        "Hanya realisasi yang telah diverifikasi dihitung sebagai realisasi",
        "1 aksi: 0 sesuai rencana, 1 tertinggal", "Halaman 1 dari",
    ):  # fmt: skip
        assert ada in teks, ada
    for tidak in ("Penertiban reklame", "Aksi pemda lain", "Ringkasan per perangkat daerah"):
        assert tidak not in teks, tidak


def test_the_city_version_lists_every_pd_with_its_summary_and_actions(
    client, monev, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    for peran in ("organisasi", "pimpinan", "inspektorat"):
        data = {"jenis": "monev_renaksi_kota", "triwulan": "1"}
        laporan, teks = _minta_dan_unduh(client, getattr(monev, peran), data, django_capture_on_commit_callbacks)
        assert laporan.perangkat_daerah is None and laporan.nama_berkas == "Monev-Renaksi-2025-TW1-Kota-Uji.pdf"
        Laporan.objects.all().delete()  # the next role makes its own job
    for ada in ("Ringkasan per perangkat daerah", "Dinas A", "Dinas B", "Sosialisasi posyandu", "Penertiban reklame",
                "Sesuai rencana", "2 aksi: 1 sesuai rencana, 1 tertinggal", "50,00%"):  # fmt: skip
        assert ada in teks, ada
    assert "Aksi pemda lain" not in teks and "Dinas L" not in teks


def test_the_city_context_counts_actions_per_pd_on_plan_and_behind(monev):
    laporan = Laporan(pemda=monev.pemda, jenis="monev_renaksi_kota", tahun=TAHUN, triwulan=1)
    data = konteks_monev_renaksi(laporan)
    ringkasan = {r["nama"]: (r["jumlah"], r["sesuai"], r["tertinggal"], r["belum"]) for r in data["ringkasan_pd"]}
    assert ringkasan == {"Dinas A": (1, 0, 1, 0), "Dinas B": (1, 1, 0, 0)}
    [b] = [b for b in data["bagian"] if b["nama"] == "Dinas B"]
    [aksi] = b["indikator"][0]["aksi"]
    # a quarterly plan's March target; January and February have no target yet
    assert [s["target"] for s in aksi["bulan"]] == ["–", "–", "40,00"]
    assert (aksi["realisasi_sd"], aksi["capaian"], aksi["keadaan"]) == ("41,00", "102,50%", "sesuai")


def test_in_the_next_quarter_nothing_counts_until_a_month_is_verified(monev):
    laporan = Laporan(pemda=monev.pemda, perangkat_daerah=monev.pd_a, jenis="monev_renaksi_pd", tahun=TAHUN,
                      triwulan=2)  # fmt: skip
    [aksi] = konteks_monev_renaksi(laporan)["bagian"][0]["indikator"][0]["aksi"]
    assert [s["status"] for s in aksi["bulan"]] == ["Belum dilaporkan"] * 3
    assert aksi["pendukung"] == aksi["penghambat"] == []  # factors are the quarter's own
    assert aksi["realisasi_sd_bulan"] == "Februari"  # to date: the latest verified month


@pytest.mark.parametrize(
    ("peran", "jenis", "pd", "harap"),
    [
        ("operator_b", "monev_renaksi_pd", "pd_a", 404),  # another PD's
        ("kepala_a", "monev_renaksi_pd", "pd_b", 404),
        ("operator_lain", "monev_renaksi_pd", "pd_a", 404),  # another pemda's PD
        ("operator_a", "monev_renaksi_kota", None, 403),  # the whole city: city roles only
        ("kepala_a", "monev_renaksi_kota", None, 403),
        ("operator_a", "monev_renaksi_pd", "pd_a", 302),
        ("kepala_a", "monev_renaksi_pd", "pd_a", 302),
        ("pimpinan", "monev_renaksi_pd", "pd_b", 302),
        ("organisasi", "monev_renaksi_kota", None, 302),
        ("pimpinan", "monev_renaksi_kota", None, 302),
        ("inspektorat", "monev_renaksi_kota", None, 302),
    ],
)
def test_who_may_request_which_scope(client, monev, monkeypatch, peran, jenis, pd, harap):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    client.force_login(getattr(monev, peran))
    data = {"jenis": jenis, "triwulan": 3, **({"perangkat_daerah": getattr(monev, pd).pk} if pd else {})}
    assert client.post(f"/laporan/buat/?tahun={TAHUN}", data).status_code == harap
    assert Laporan.objects.count() == (1 if harap == 302 else 0)
    Laporan.objects.all().delete()
    api = APIClient()
    api.force_login(getattr(monev, peran))
    kode = api.post("/api/v1/laporan/", {**data, "tahun": TAHUN}, format="json").status_code
    assert kode == (202 if harap == 302 else harap)
    assert Laporan.objects.count() == (1 if harap == 302 else 0)


def test_another_pds_user_gets_404_on_the_job_and_its_download(client, monev, monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    laporan = services.laporan_minta(user=monev.operator_b, jenis="monev_renaksi_pd", tahun=TAHUN,
                                     perangkat_daerah=monev.pd_b, triwulan=1)  # fmt: skip
    client.force_login(monev.operator_a)
    for url in (f"/laporan/{laporan.pk}/", f"/laporan/{laporan.pk}/unduh/", f"/api/v1/laporan/{laporan.pk}/",
                f"/api/v1/laporan/{laporan.pk}/unduh/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_a_quarter_is_required_and_each_quarter_is_its_own_job(client, monev, monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    client.force_login(monev.operator_a)
    data = {"jenis": "monev_renaksi_pd", "perangkat_daerah": monev.pd_a.pk}
    resp = client.post(f"/laporan/buat/?tahun={TAHUN}", data)
    assert resp.status_code == 400 and "Pilih triwulan laporan ini." in resp.content.decode()
    assert client.post(f"/laporan/buat/?tahun={TAHUN}", {**data, "triwulan": "5"}).status_code == 400
    api = APIClient()
    api.force_login(monev.operator_a)
    galat = api.post("/api/v1/laporan/", {**data, "tahun": TAHUN}, format="json").json()
    assert galat["errors"] == {"triwulan": ["Pilih triwulan laporan ini."]}
    assert Laporan.objects.count() == 0
    satu = services.laporan_minta(user=monev.operator_a, jenis="monev_renaksi_pd", tahun=TAHUN,
                                  perangkat_daerah=monev.pd_a, triwulan=1)  # fmt: skip
    dua = services.laporan_minta(user=monev.operator_a, jenis="monev_renaksi_pd", tahun=TAHUN,
                                 perangkat_daerah=monev.pd_a, triwulan=2)  # fmt: skip
    lagi = services.laporan_minta(user=monev.operator_a, jenis="monev_renaksi_pd", tahun=TAHUN,
                                  perangkat_daerah=monev.pd_a, triwulan=1)  # fmt: skip
    assert satu.pk != dua.pk and lagi.pk == satu.pk and lagi.sudah_ada
    lkjip = services.laporan_minta(user=monev.operator_a, jenis="pk", tahun=TAHUN, perangkat_daerah=monev.pd_a,
                                   triwulan=3)  # fmt: skip
    assert lkjip.triwulan is None  # a year's document ignores a quarter


@pytest.mark.parametrize(
    ("triwulan", "hari_ini", "harap"),
    [
        (3, datetime.date(2026, 10, 12), datetime.date(2026, 10, 12)),  # in the month after the quarter: today
        (3, datetime.date(2026, 11, 30), datetime.date(2026, 10, 31)),  # later: that month's last day
        (3, datetime.date(2026, 8, 1), datetime.date(2026, 10, 1)),  # before the quarter ends: its first day
        (4, datetime.date(2027, 3, 1), datetime.date(2027, 1, 31)),  # the fourth quarter's is January next year
    ],
)
def test_the_date_defaults_to_the_month_after_the_quarter(pemeran, triwulan, hari_ini, harap):
    jenis = jenis_laporan.ambil("monev_renaksi_pd")
    assert jenis.tanggal_bawaan(tahun=hari_ini.year if triwulan < 4 else 2026, perangkat_daerah=pemeran.pd_a,
                                hari_ini=hari_ini, triwulan=triwulan) == harap  # fmt: skip


def test_the_kinds_are_in_the_registry_the_choices_and_the_api_schema(client, pemeran):
    kode = {j.kode: j for j in jenis_laporan.semua()}
    assert kode["monev_renaksi_pd"].lingkup is jenis_laporan.Lingkup.PD and kode["monev_renaksi_pd"].per_triwulan
    assert kode["monev_renaksi_kota"].lingkup is jenis_laporan.Lingkup.KOTA
    assert Laporan.Jenis.MONEV_RENAKSI_KOTA.label == "Laporan Monev Renaksi Kota"
    client.force_login(pemeran.pimpinan)
    teks = str(client.get("/api/schema/?format=json").json()["components"]["schemas"])
    assert "monev_renaksi_pd" in teks and "triwulan" in teks


def test_the_plan_pages_print_the_pds_and_the_citys_quarter(client, monev):
    client.force_login(monev.operator_a)
    html = client.get(f"/kinerja/renaksi/{monev.pd_a.pk}/{TAHUN}/").content.decode()
    assert 'value="monev_renaksi_pd"' in html and f'name="perangkat_daerah" value="{monev.pd_a.pk}"' in html
    client.force_login(monev.pimpinan)
    html = client.get(f"/kinerja/renaksi/verifikasi/?tahun={TAHUN}").content.decode()
    assert 'value="monev_renaksi_kota"' in html and 'name="triwulan"' in html


def _terpilih(html: str, id_pilih: str) -> str:
    pilih = html.split(f'<select id="{id_pilih}"', 1)[1].split("</select>", 1)[0]
    return pilih.split(" selected>", 1)[0].rsplit('value="', 1)[1].split('"', 1)[0]


def test_the_request_forms_preselect_the_working_years_due_quarter_not_todays(client, monev):
    """A past year's monev is due for TW IV, next year's (offered by the selector) starts at TW I, whatever
    today's quarter (`triwulan_jatuh_tempo`, the input page's rule)."""
    depan = timezone.localdate().year + 1
    client.force_login(monev.organisasi)
    for tahun, harap in ((TAHUN, "4"), (depan, "1")):
        html = client.get(f"/kinerja/renaksi/{monev.pd_a.pk}/{tahun}/").content.decode()
        assert _terpilih(html, "cetak-monev-triwulan") == harap, tahun
        html = client.get(f"/laporan/?tahun={tahun}").content.decode()
        assert _terpilih(html, "buat-triwulan") == harap, tahun


def test_as_organisasi_i_download_the_demo_monev_renaksi(client, monkeypatch, django_capture_on_commit_callbacks):
    """Acceptance (issue 16 point 2): the demo's Dinkes and city Monev of the current year's quarter that holds
    the submitted month (the demo follows the clock, kinerja/demo_jam.py: TW III on 30 November 2026)."""
    from kinerja.demo_jam import jam_demo

    jam = jam_demo()
    if jam.bulan_terakhir < 2:
        pytest.skip("the demo's action plans have no submitted month before March")
    tahun, tw = jam.tahun, (jam.bulan_terakhir - 2) // 3 + 1
    bulan = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
             "November", "Desember"]  # fmt: skip
    romawi = {1: "I", 2: "II", 3: "III", 4: "IV"}[tw]
    muat_demo_salin()
    _tanpa_pekerja_antrean(monkeypatch)
    pemda = Pemda.objects.get(kode="kota-tangerang-selatan")
    dinkes = PerangkatDaerah.objects.get(pemda=pemda, kode="1.02.01")
    organisasi = get_user_model().objects.get(username="organisasi")
    data = {"jenis": "monev_renaksi_pd", "perangkat_daerah": dinkes.pk, "triwulan": str(tw)}
    _, teks = _minta_dan_unduh(client, organisasi, data, django_capture_on_commit_callbacks, tahun)
    judul = f"Triwulan {romawi} ({bulan[3 * tw - 3]}–{bulan[3 * tw - 1]} {tahun})"
    for ada in ("Dinas Kesehatan", judul, "Posyandu keliling", f"s.d. {bulan[3 * tw - 1]}",
                "Diajukan", "Faktor penghambat:", "Kepala Dinas Kesehatan"):  # fmt: skip
        assert ada in teks, ada
    _, teks = _minta_dan_unduh(client, organisasi, {"jenis": "monev_renaksi_kota", "triwulan": str(tw)},
                               django_capture_on_commit_callbacks, tahun)  # fmt: skip
    for ada in ("Kota Tangerang Selatan", "Dinas Kesehatan", "Dinas Lingkungan Hidup", "Belum ada rencana aksi tahun"):
        assert ada in teks, ada


def test_a_count_indicators_plan_and_realisation_print_whole(pemeran):
    """THE format of values (`Indikator.format_nilai`): a count prints "12", never "12,00"."""
    ind = buat_indikator(pemeran.pd_a, kode="IK-INOV", uraian="Inovasi daerah", satuan="inovasi")
    r = renaksi.rencana_aksi_buat(indikator=ind, tahun=TAHUN, oleh=pemeran.operator_a, uraian="Lomba inovasi",
                                  penanggung_jawab="Kabid", target_bulanan={"3": "12"})  # fmt: skip
    RealisasiAksi.objects.create(rencana_aksi=r, bulan=3, nilai=Decimal("12.0000"), status=S.DIVERIFIKASI)
    data = konteks_monev_renaksi(Laporan(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="monev_renaksi_pd",
                                         tahun=TAHUN, triwulan=1))  # fmt: skip
    [aksi] = data["bagian"][0]["indikator"][0]["aksi"]
    assert [s["target"] for s in aksi["bulan"]] == ["–", "–", "12"]
    assert (aksi["target_sd"], aksi["realisasi_sd"]) == ("12", "12")
