"""The "Pohon Kinerja & Cascading" PDF (issue 13 point 7): the tree page's Cetak PDF → job → PDF, the content
obeys the tree pages' visibility (a PD's PDF never holds another PD's branch), who may request which scope,
the outline numbering, page breaks and page numbers, the registry-driven choices in the API schema."""

from __future__ import annotations

import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader
from rest_framework.test import APIClient

from kinerja.models import Realisasi, Sasaran
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.models_usulan import Kontributor
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan import jenis as jenis_laporan
from laporan import services
from laporan.models import Laporan
from laporan.pohon import konteks_pohon
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
TAHUN = 2025
S = Laporan.Status


@pytest.fixture
def pohon(pemeran):
    """City sasaran K.S1 (IKU computed from PD A's and PD B's indicators) with A.S1 → A.P1 under it and B.S1;
    a crosscutting node B.X1 of PD B that PD A accepted to contribute to; a city node K.S9 with no PD under
    it; another pemda's L.S1."""
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    kota = buat_sasaran(pemeran.pemda, kode="K.S1", uraian="Meningkatnya kesejahteraan warga",
                        tingkat=t["sasaran_rpjmd"])  # fmt: skip
    buat_sasaran(pemeran.pemda, kode="K.S9", uraian="Sasaran kota tanpa cabang", tingkat=t["sasaran_rpjmd"])
    iku = buat_indikator(sasaran=kota, kode="IKU-1", uraian="Jumlah layanan kota", satuan="layanan")
    buat_target(iku, TAHUN, nilai="300")
    a = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Layanan Dinas A naik", induk=kota,
                     tingkat=t["sasaran_strategis"])  # fmt: skip
    b = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B.S1", uraian="Layanan Dinas B naik", induk=kota,
                     tingkat=t["sasaran_strategis"])  # fmt: skip
    for s, nilai in ((a, "120.5"), (b, "99.25")):
        ind = buat_indikator(sasaran=s, kode=f"{s.kode}.1", uraian=f"Layanan {s.kode}", satuan="layanan",
                             induk_indikator=iku, relasi_induk="rumus")  # fmt: skip
        buat_target(ind, TAHUN, nilai="150")
        buat_realisasi(ind, TAHUN, 1, nilai=nilai, status=Realisasi.Status.DIVERIFIKASI)
    program = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.P1", uraian="Program layanan A", induk=a,
                           tingkat=t["sasaran_program"], kode_nomenklatur="1.02.02")  # fmt: skip
    ind_program = buat_indikator(sasaran=program, kode="A.P1.1", uraian="Cakupan program A", satuan="%")
    buat_target(ind_program, TAHUN, nilai="90")
    lintas = buat_sasaran(pemeran.pemda, pemeran.pd_b, kode="B.X1", uraian="Penurunan stunting bersama", induk=kota,
                          tingkat=t["sasaran_strategis"])  # fmt: skip
    Kontributor.objects.create(sasaran=lintas, perangkat_daerah=pemeran.pd_a, status="disetujui")
    Kontributor.objects.create(sasaran=lintas, mitra="Yayasan Gizi Kota", status="disetujui")
    buat_sasaran(pemeran.pemda_lain, kode="L.S1", uraian="Sasaran pemda lain")
    return pemeran


def _laporan(user, jenis: str, pd=None) -> Laporan:
    return Laporan.objects.create(pemda=user.profil.pemda, perangkat_daerah=pd, jenis=jenis, tahun=TAHUN,
                                  diminta_oleh=user)  # fmt: skip


def _kode(data: dict) -> list[str]:
    return [b["kode"] for b in data["baris"]]


def test_a_pds_context_holds_its_branch_the_city_nodes_above_and_its_crosscutting_nodes_only(pohon):
    data = konteks_pohon(_laporan(pohon.operator_a, "pohon_pd", pohon.pd_a))
    assert _kode(data) == ["K.S1", "A.S1", "A.P1", "B.X1"]
    assert "Dinas A" in data["lingkup"] and data["untuk_pd"]
    baris = {b["kode"]: b for b in data["baris"]}
    # the city value is the formula over all its children, as on the tree page
    [iku] = baris["K.S1"]["indikator"]
    assert iku["rumus"] == "dihitung dari 2 indikator turunan: 219,75 layanan" and iku["capaian"] == "73,25%"
    [a1] = baris["A.S1"]["indikator"]
    assert (a1["target"], a1["realisasi"], a1["capaian"], a1["satuan"]) == ("150", "120,50", "80,33%", "layanan")
    assert a1["relasi"] == "Komponen rumus"
    assert "Kode: 1.02.02" in baris["A.P1"]["keterangan"]
    singkatan = pohon.pd_a.singkatan
    assert baris["B.X1"]["kontributor"] == [f"{singkatan} (disetujui)", "Yayasan Gizi Kota (disetujui)"]


def test_a_city_role_printing_a_pds_branch_gets_that_branch_not_the_others(pohon):
    data = konteks_pohon(_laporan(pohon.pimpinan, "pohon_pd", pohon.pd_b))
    assert _kode(data) == ["K.S1", "B.S1", "B.X1"]


def test_the_city_context_holds_every_node_numbered_as_an_outline(pohon, django_assert_max_num_queries):
    laporan = _laporan(pohon.organisasi, "pohon_kota")
    with django_assert_max_num_queries(14):
        data = konteks_pohon(laporan)
    nomor = {b["kode"]: (b["nomor"], b["kedalaman"]) for b in data["baris"]}
    assert nomor == {
        "K.S1": ("1", 0), "A.S1": ("1.1", 1), "A.P1": ("1.1.1", 2), "B.S1": ("1.2", 1), "B.X1": ("1.3", 1),
        "K.S9": ("2", 0),
    }  # fmt: skip
    assert data["jumlah_simpul"] == 6 and data["jumlah_indikator"] == 4
    assert data["judul"] == "Pohon Kinerja & Cascading Kota Uji Tahun 2025" and not data["untuk_pd"]
    assert "L.S1" not in nomor


def test_the_context_query_count_does_not_grow_with_the_tree(pohon, django_assert_num_queries):
    laporan = _laporan(pohon.organisasi, "pohon_kota")

    with CaptureQueriesContext(connection) as kecil:
        konteks_pohon(Laporan.objects.get(pk=laporan.pk))
    t = tingkat_bawaan_pastikan(pemda=pohon.pemda)
    induk = buat_sasaran(pohon.pemda, pohon.pd_b, kode="B.S2", uraian="Cabang besar", tingkat=t["sasaran_strategis"])
    for n in range(30):
        s = buat_sasaran(pohon.pemda, pohon.pd_b, kode=f"B.P{n:02d}", induk=induk, tingkat=t["sasaran_program"])
        buat_target(buat_indikator(sasaran=s, kode=f"B.P{n:02d}.1"), TAHUN, nilai="10")
    with django_assert_num_queries(len(kecil.captured_queries)):
        assert len(konteks_pohon(Laporan.objects.get(pk=laporan.pk))["baris"]) == 6 + 31


def _teks_pdf(isi: bytes) -> list[str]:
    return [p.extract_text() for p in PdfReader(io.BytesIO(isi)).pages]


def _tanpa_pekerja_antrean(monkeypatch):
    """The worker path, eagerly: the task the queue would run (laporan.tasks.laporan_buat), in-process."""
    from laporan.tasks import laporan_buat

    monkeypatch.setattr(laporan_buat, "delay", lambda i: laporan_buat.apply(args=[i]))


def _formulir_cetak(html: str) -> tuple[str, dict]:
    """The tree page's Cetak PDF form: its action and the hidden values it posts."""
    m = re.search(r'<form method="post" action="(/laporan/buat/[^"]*)" class="cetak-pohon">(.*?)</form>', html, re.S)
    assert m, "the tree page has no Cetak PDF form"
    data = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', m.group(2)))
    data.pop("csrfmiddlewaretoken", None)
    return html_lib.unescape(m.group(1)), data


def test_cetak_pdf_on_the_tree_page_makes_the_job_and_its_pdf(
    client, pohon, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    client.force_login(pohon.operator_a)
    aksi, data = _formulir_cetak(client.get(f"/perencanaan/pohon/?tahun={TAHUN}").content.decode())
    assert data == {"jenis": "pohon_pd", "perangkat_daerah": str(pohon.pd_a.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        resp = client.post(aksi, data)
    laporan = Laporan.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/laporan/{laporan.pk}/?tahun={TAHUN}"
    assert (laporan.status, laporan.progres, laporan.tahun) == (S.SELESAI, 100, TAHUN)
    assert laporan.nama_berkas == "Pohon-Kinerja-2025-Dinas-A.pdf"
    halaman = client.get(resp["Location"]).content.decode()
    assert f"/laporan/{laporan.pk}/unduh/" in halaman
    unduh = client.get(f"/laporan/{laporan.pk}/unduh/")
    isi = b"".join(unduh.streaming_content)
    assert isi.startswith(b"%PDF")
    teks = "\n".join(_teks_pdf(isi))
    for ada in ("POHON KINERJA & CASCADING", "Dinas A", "K.S1", "A.S1", "A.P1", "Layanan Dinas A naik", "80,33%",
                "B.X1", "Yayasan Gizi Kota", "Halaman 1 dari"):  # fmt: skip
        assert ada in teks, ada
    for tidak in ("B.S1", "Layanan Dinas B naik", "K.S9", "L.S1"):
        assert tidak not in teks, tidak


def test_city_roles_print_the_whole_tree_from_the_city_page(
    client, pohon, monkeypatch, django_capture_on_commit_callbacks
):
    _tanpa_pekerja_antrean(monkeypatch)
    for peran in ("organisasi", "pimpinan", "inspektorat"):
        client.force_login(getattr(pohon, peran))
        aksi, data = _formulir_cetak(client.get(f"/perencanaan/pohon/?tahun={TAHUN}").content.decode())
        assert data == {"jenis": "pohon_kota"}, peran
        with django_capture_on_commit_callbacks(execute=True):
            resp = client.post(aksi, data)
        assert resp.status_code == 302, peran
    laporan = Laporan.objects.filter(jenis="pohon_kota").order_by("pk").last()
    assert laporan.status == S.SELESAI and laporan.perangkat_daerah is None
    teks = "\n".join(_teks_pdf(laporan.berkas.open("rb").read()))
    for ada in ("Kota Uji", "K.S1", "A.S1", "B.S1", "B.X1", "K.S9", "Seluruh pohon kinerja"):
        assert ada in teks, ada
    assert "L.S1" not in teks


def test_a_pd_branch_page_prints_that_pd(client, pohon):
    client.force_login(pohon.organisasi)
    _, data = _formulir_cetak(client.get(f"/perencanaan/pohon/pd/{pohon.pd_b.pk}/?tahun={TAHUN}").content.decode())
    assert data == {"jenis": "pohon_pd", "perangkat_daerah": str(pohon.pd_b.pk)}


@pytest.mark.parametrize(
    ("peran", "jenis", "pd", "harap"),
    [
        ("operator_b", "pohon_pd", "pd_a", 404),  # another PD's branch
        ("kepala_a", "pohon_pd", "pd_b", 404),
        ("operator_lain", "pohon_pd", "pd_a", 404),  # another pemda's PD
        ("operator_a", "pohon_kota", None, 403),  # the whole city: city roles only
        ("kepala_a", "pohon_kota", None, 403),
        ("operator_a", "pohon_pd", "pd_a", 302),
        ("pimpinan", "pohon_pd", "pd_b", 302),
        ("inspektorat", "pohon_kota", None, 302),
        ("admin", "pohon_kota", None, 302),
    ],
)
def test_who_may_request_which_scope(client, pohon, monkeypatch, peran, jenis, pd, harap):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    client.force_login(getattr(pohon, peran))
    data = {"jenis": jenis, **({"perangkat_daerah": getattr(pohon, pd).pk} if pd else {})}
    assert client.post(f"/laporan/buat/?tahun={TAHUN}", data).status_code == harap
    assert Laporan.objects.count() == (1 if harap == 302 else 0)
    Laporan.objects.all().delete()  # else the API returns the same unfinished job (200)
    api = APIClient()
    api.force_login(getattr(pohon, peran))
    kode = api.post("/api/v1/laporan/", {**data, "tahun": TAHUN}, format="json").status_code
    assert kode == (202 if harap == 302 else harap)
    assert Laporan.objects.count() == (1 if harap == 302 else 0)


def test_a_pd_user_cannot_see_another_pds_tree_job(client, pohon, monkeypatch):
    monkeypatch.setattr("laporan.tasks.laporan_buat.delay", lambda i: None)
    laporan = services.laporan_minta(user=pohon.operator_b, jenis="pohon_pd", tahun=TAHUN, perangkat_daerah=pohon.pd_b)
    client.force_login(pohon.operator_a)
    for url in (f"/laporan/{laporan.pk}/", f"/laporan/{laporan.pk}/unduh/", f"/api/v1/laporan/{laporan.pk}/"):
        assert client.get(url).status_code == 404, url


def test_a_large_tree_breaks_between_nodes_with_headers_and_page_numbers(pohon):
    t = tingkat_bawaan_pastikan(pemda=pohon.pemda)
    induk = buat_sasaran(pohon.pemda, pohon.pd_a, kode="A.S2", uraian="Cabang panjang", tingkat=t["sasaran_strategis"])
    for n in range(40):
        s = buat_sasaran(pohon.pemda, pohon.pd_a, kode=f"A.P{n:02d}", uraian=f"Program panjang nomor {n} " * 3,
                         induk=induk, tingkat=t["sasaran_program"])  # fmt: skip
        for k in range(3):
            buat_target(buat_indikator(sasaran=s, kode=f"A.P{n:02d}.{k}", uraian="Indikator program " * 4), TAHUN)
    laporan = _laporan(pohon.organisasi, "pohon_pd", pohon.pd_a)
    assert services.laporan_proses(laporan.pk) == S.SELESAI
    laporan.refresh_from_db()
    halaman = _teks_pdf(laporan.berkas.open("rb").read())
    assert laporan.jumlah_halaman == len(halaman) >= 4
    for nomor, teks in enumerate(halaman, start=1):
        assert f"Halaman {nomor} dari {len(halaman)}" in teks
        assert "Indikator" in teks and "Capaian" in teks  # the table header repeats
    for n in range(40):  # a node's indicators stay on the page of the node
        [pada] = [i for i, teks in enumerate(halaman) if f"A.P{n:02d}.0" in teks]
        assert f"A.P{n:02d}.2" in halaman[pada]


def test_a_job_whose_requester_is_gone_fails_with_a_message(pohon):
    laporan = _laporan(pohon.organisasi, "pohon_kota")
    Laporan.objects.filter(pk=laporan.pk).update(diminta_oleh=None)
    assert services.laporan_proses(laporan.pk) == S.GAGAL
    laporan.refresh_from_db()
    assert "minta ulang" in laporan.galat


def test_the_kinds_come_from_the_registry_into_the_choices_and_the_api_schema(client, pemeran):
    kode = {j.kode: j for j in jenis_laporan.semua()}
    assert kode["pohon_kota"].lingkup is jenis_laporan.Lingkup.KOTA
    assert kode["pohon_pd"].lingkup is jenis_laporan.Lingkup.PD
    assert {"pohon_kota", "pohon_pd"} <= set(Laporan.Jenis.values)
    assert Laporan.Jenis.POHON_PD.label == "Pohon Kinerja & Cascading Perangkat Daerah"
    client.force_login(pemeran.pimpinan)
    schema = client.get("/api/schema/?format=json").json()
    teks = str(schema["components"]["schemas"])
    assert "pohon_kota" in teks and "pohon_pd" in teks


def test_the_pdf_prints_budgets_quality_flags_and_the_kelengkapan_figure(pohon):
    t = tingkat_bawaan_pastikan(pemda=pohon.pemda)
    program = Sasaran.objects.get(kode="A.P1")
    sub = buat_sasaran(pohon.pemda, pohon.pd_a, kode="A.SK1", uraian="Sub kegiatan layanan A", induk=program,
                       tingkat=t["sub_kegiatan"])  # fmt: skip
    AnggaranSubKegiatan.objects.create(sasaran=sub, tahun=TAHUN, pagu=Decimal("1500000"),
                                       realisasi_t1=Decimal("450000"), realisasi_t2=Decimal("300000"))  # fmt: skip
    data = konteks_pohon(_laporan(pohon.operator_a, "pohon_pd", pohon.pd_a))
    baris = {b["kode"]: b for b in data["baris"]}
    anggaran = {"pagu": "Rp1.500.000", "realisasi": "Rp750.000", "serapan": "50,00%"}
    assert baris["A.SK1"]["anggaran"] == anggaran
    assert baris["A.P1"]["anggaran"] == anggaran  # rolled up from the sub kegiatan under it
    assert baris["A.SK1"]["bendera"] == ["tanpa indikator", "tanpa indikator output"]
    assert baris["A.P1"]["indikator"][0]["bendera"] == ["belum ada manual"]
    assert data["mutu"]["diperiksa"] > data["mutu"]["gagal"] > 0 and data["mutu"]["kelengkapan"].endswith("%")
    laporan = _laporan(pohon.operator_a, "pohon_pd", pohon.pd_a)
    assert services.laporan_proses(laporan.pk) == S.SELESAI
    laporan.refresh_from_db()
    teks = "\n".join(_teks_pdf(laporan.berkas.open("rb").read()))
    for ada in ("pagu Rp1.500.000", "serapan 50,00%", "tanpa indikator output", "belum ada manual",
                "Kelengkapan cascading", data["mutu"]["kelengkapan"]):  # fmt: skip
        assert ada in teks, ada


def test_a_pending_invitation_does_not_put_the_other_pds_node_in_the_pdf(pohon):
    t = tingkat_bawaan_pastikan(pemda=pohon.pemda)
    undangan = buat_sasaran(pohon.pemda, pohon.pd_b, kode="B.X2", uraian="Undangan yang belum dijawab",
                            induk=Sasaran.objects.get(kode="K.S1"), tingkat=t["sasaran_strategis"])  # fmt: skip
    Kontributor.objects.create(sasaran=undangan, perangkat_daerah=pohon.pd_a, status="menunggu")
    assert "B.X2" not in _kode(konteks_pohon(_laporan(pohon.operator_a, "pohon_pd", pohon.pd_a)))
    assert "B.X2" in _kode(konteks_pohon(_laporan(pohon.operator_b, "pohon_pd", pohon.pd_b)))


def test_a_pd_without_nodes_gets_a_pdf_that_says_so(pohon):
    from tests.factories import buat_pd

    kosong = buat_pd(pohon.pemda, nama="Dinas Kosong")
    laporan = _laporan(pohon.organisasi, "pohon_pd", kosong)
    assert services.laporan_proses(laporan.pk) == S.SELESAI
    laporan.refresh_from_db()
    [teks] = _teks_pdf(laporan.berkas.open("rb").read())
    assert "Belum ada simpul pohon kinerja tahun 2025 dalam cakupan ini." in teks and "K.S1" not in teks
