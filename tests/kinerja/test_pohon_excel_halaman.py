"""The pages of the tree's Excel round trip: downloads scoped by the choke point, the upload form, and a
constant number of queries whatever the number of nodes."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from kinerja.models import Indikator, Sasaran
from perangkat_daerah.models import Riwayat
from tests.kinerja.test_pohon_excel import baris_kode, pohon_dinkes, ubah

pytestmark = pytest.mark.django_db
MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def pohon(pemeran):
    return pohon_dinkes(pemeran.pemda, pemeran.pd_a, pemeran.pd_b)


def _kode(respons) -> set[str]:
    assert respons.status_code == 200 and respons["Content-Type"] == MIME
    ws = load_workbook(io.BytesIO(respons.content), read_only=True)["Simpul"]
    return {b[0] for b in list(ws.iter_rows(values_only=True))[4:]}


def test_city_roles_download_the_whole_tree_or_one_pds_branch(client, pemeran, pohon):
    client.force_login(pemeran.organisasi)
    assert _kode(client.get("/perencanaan/pohon/xlsx/")) == {"T1", "S1", "D1", "D1.1", "D1.1.1", "D1.1.1.1", "B1"}
    assert _kode(client.get(f"/perencanaan/pohon/xlsx/?pd={pemeran.pd_b.pk}")) == {"T1", "S1", "B1"}
    assert _kode(client.get(f"/perencanaan/pohon/pd/{pemeran.pd_b.pk}/xlsx/")) == {"T1", "S1", "B1"}
    assert client.get(f"/perencanaan/pohon/xlsx/?pd={pemeran.pd_lain.pk}").status_code == 404
    client.force_login(pemeran.pimpinan)
    assert "B1" in _kode(client.get("/perencanaan/pohon/xlsx/"))


def test_a_pd_user_downloads_only_their_branch_and_another_pds_is_404(client, pemeran, pohon):
    client.force_login(pemeran.operator_a)
    cabang = {"T1", "S1", "D1", "D1.1", "D1.1.1", "D1.1.1.1"}
    assert _kode(client.get("/perencanaan/pohon/xlsx/")) == cabang
    assert _kode(client.get(f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/xlsx/")) == cabang
    assert client.get(f"/perencanaan/pohon/pd/{pemeran.pd_b.pk}/xlsx/").status_code == 404
    assert client.get(f"/perencanaan/pohon/xlsx/?pd={pemeran.pd_b.pk}").status_code == 404


def test_the_export_reads_a_constant_number_of_queries(client, pemeran, pohon, django_assert_max_num_queries):
    client.force_login(pemeran.organisasi)
    client.get("/perencanaan/pohon/xlsx/")
    d1 = Sasaran.objects.get(kode="D1")
    for n in range(30):
        s = Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode=f"Z{n}", uraian="z",
                                   induk=d1, tingkat=d1.tingkat, periode=d1.periode)  # fmt: skip
        Indikator.objects.create(sasaran=s, kode=f"IZ{n}", uraian="z", satuan="%")
    with django_assert_max_num_queries(12):
        assert len(_kode(client.get("/perencanaan/pohon/xlsx/"))) == 37


def test_the_import_page_is_for_organisasi_and_pd_users_only(client, pemeran, pohon):
    for user, status in ((pemeran.organisasi, 200), (pemeran.operator_a, 200), (pemeran.kepala_a, 200),
                         (pemeran.pimpinan, 403), (pemeran.inspektorat, 403)):  # fmt: skip
        client.force_login(user)
        assert client.get("/perencanaan/pohon/impor/").status_code == status
        if status == 403:
            assert client.post("/perencanaan/pohon/impor/", {}).status_code == 403


def _unggah(client, data: bytes, alasan: str = ""):
    berkas = SimpleUploadedFile("pohon.xlsx", data, content_type=MIME)
    return client.post("/perencanaan/pohon/impor/", {"berkas": berkas, "alasan": alasan})


def test_an_upload_saves_all_rows_or_shows_every_error_and_saves_nothing(client, pemeran, pohon):
    client.force_login(pemeran.operator_a)
    data = client.get("/perencanaan/pohon/xlsx/").content
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {6: "Program baru"})
    salah = ubah(data, "Simpul", None, ["D1.9", "TIDAKADA", "", "", pemeran.pd_a.kode, "", "x"])
    respons = _unggah(client, salah)
    assert respons.status_code == 400
    teks = respons.content.decode()
    assert "Tidak ada data yang disimpan." in teks and "Simpul · B (Kode Induk)" in teks
    assert Sasaran.objects.get(kode="D1.1").uraian == "Uraian D1.1"
    respons = _unggah(client, data)
    assert respons.status_code == 302
    assert Sasaran.objects.get(kode="D1.1").uraian == "Program baru"
    assert Riwayat.objects.filter(aksi="simpul.impor").count() == 1


def test_another_pds_operator_cannot_change_this_pds_nodes(client, pemeran, pohon):
    client.force_login(pemeran.organisasi)
    data = client.get(f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/xlsx/").content
    data = ubah(data, "Simpul", baris_kode(data, "Simpul", "D1.1"), {6: "Dibajak"})
    client.force_login(pemeran.operator_b)
    respons = _unggah(client, data)
    assert respons.status_code == 400
    assert "sudah dipakai simpul di luar wewenang Anda" in respons.content.decode()
    assert Sasaran.objects.get(kode="D1.1").uraian == "Uraian D1.1"


def test_a_hostile_upload_is_refused_with_the_guards_message(client, pemeran, pohon):
    client.force_login(pemeran.organisasi)
    respons = _unggah(client, b"<html>bukan excel</html>")
    assert respons.status_code == 400 and "bukan berkas Excel .xlsx" in respons.content.decode()


def test_the_tree_page_offers_the_download_to_all_and_the_import_to_writers(client, pemeran, pohon):
    client.force_login(pemeran.organisasi)
    teks = client.get(f"/perencanaan/pohon/?pd={pemeran.pd_b.pk}").content.decode()
    assert f'href="/perencanaan/pohon/xlsx/?pd={pemeran.pd_b.pk}"' in teks and "/perencanaan/pohon/impor/" in teks
    client.force_login(pemeran.operator_a)
    teks = client.get(f"/perencanaan/pohon/pd/{pemeran.pd_a.pk}/").content.decode()
    assert f'href="/perencanaan/pohon/pd/{pemeran.pd_a.pk}/xlsx/"' in teks and "/perencanaan/pohon/impor/" in teks
    client.force_login(pemeran.pimpinan)
    teks = client.get("/perencanaan/pohon/").content.decode()
    assert 'href="/perencanaan/pohon/xlsx/"' in teks and "/perencanaan/pohon/impor/" not in teks
