"""Per-sasaran narratives (analysis 5) in the editor, and the review flag (issue 14 point 6): a saved text that
quotes a figure which has changed since is flagged, naming the figure then and now; a text that does not
quote it is not; the report prints the saved text; a key that is not this report's is refused."""

from __future__ import annotations

import pytest

from kinerja.models import Realisasi
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan, Narasi
from laporan.narasi import angka_berubah, butir_narasi
from tests.bantu_migrasi import migrasi_ke  # noqa: F401 (the fixture)
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target
from tests.laporan.test_narasi import TAHUN, _buka, _kirim

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(pemeran):
    sasaran = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="A.S1", uraian="Derajat kesehatan")
    ind = buat_indikator(sasaran=sasaran, kode="IK-1", uraian="Cakupan imunisasi", agregasi="akhir")
    buat_target(ind, TAHUN, nilai="80")
    buat_realisasi(ind, TAHUN, 4, nilai="76", status="diverifikasi", penjelasan="Vaksin terlambat datang.")
    pemeran.sasaran, pemeran.ind = sasaran, ind
    buat_indikator(pemeran.pd_b, kode="IK-B")  # another PD's sasaran: never this report's key
    return pemeran


def _kunci(p) -> str:
    return f"sebab-{p.sasaran.pk}"


def test_the_editor_lists_each_sasaran_with_a_draft_and_saves_it_for_the_report(client, data):
    form = _buka(client, data.operator_a)
    assert form[f"teks-{_kunci(data)}"] == "IK-1 Cakupan imunisasi: TW IV: Vaksin terlambat datang."
    resp = _kirim(client, {**form, f"teks-{_kunci(data)}": "Capaian 95,00% karena vaksin terlambat; kini stok aman."})
    assert resp.status_code == 302
    n = Narasi.objects.get(bab="sebab")
    assert n.sasaran == data.sasaran and n.angka == {"realisasi IK-1": "76,00", "capaian IK-1": "95,00%"}
    laporan = Laporan.objects.create(pemda=data.pemda, perangkat_daerah=data.pd_a, jenis="lkjip_pd", tahun=TAHUN)
    [s] = konteks_lkjip(laporan)["sasaran"]
    assert s["analisis"]["sebab"].startswith("Capaian 95,00%") and s["analisis"]["sebab_draf"] is False


def test_a_saved_text_quoting_a_figure_that_changed_is_flagged_for_review(client, data):
    form = _buka(client, data.operator_a)
    _kirim(client, {**form, f"teks-{_kunci(data)}": "Capaian 95,00% karena vaksin terlambat.",
                    "teks-bab4": "Penutup tanpa angka."})  # fmt: skip
    Realisasi.objects.filter(indikator=data.ind).update(nilai=78)  # a correction after the text was written
    butir = {b["bab"]: b for b in butir_narasi(pemda=data.pemda, perangkat_daerah=data.pd_a, tahun=TAHUN)}
    assert butir[_kunci(data)]["tinjau"] == ["capaian IK-1: 95,00% → 97,50%"]
    assert butir["bab4"]["tinjau"] == []  # the chapter quotes none of the figures that changed
    halaman = client.get(f"/laporan/narasi/?tahun={TAHUN}").content.decode()
    assert "Perlu ditinjau:" in halaman and "capaian IK-1: 95,00% → 97,50%" in halaman


def test_a_key_that_is_not_this_reports_is_refused_and_nothing_is_saved(client, data):
    form = _buka(client, data.operator_a)
    resp = _kirim(client, {**form, "teks-sebab-999999": "Sisipan", "teks-bab4": "Penutup"})
    assert resp.status_code == 400 and not Narasi.objects.exists()


@pytest.mark.parametrize(
    ("teks", "dikutip"),
    [("Capaian 95,00% tahun ini.", True), ("Capaian 95% tahun ini.", False), ("Nilai 195,00%.", False),
     ("Naik ke 95,001.", False), ("Realisasi 76,00 dari target.", True)],
)  # fmt: skip
def test_only_a_figure_quoted_whole_counts(teks, dikutip):
    lama = {"capaian IK-1": "95,00%", "realisasi IK-1": "76,00"}
    kini = {"capaian IK-1": "97,50%", "realisasi IK-1": "78,00"}
    assert bool(angka_berubah(teks, lama, kini)) is dikutip


@pytest.mark.django_db(transaction=True)
def test_saved_chapters_survive_the_upgrade(migrasi_ke):  # noqa: F811
    lama = migrasi_ke([("laporan", "0005_tanggal_laporan")])
    Pemda = lama.get_model("perangkat_daerah", "Pemda")
    Narasi_lama = lama.get_model("laporan", "Narasi")
    pemda = Pemda.objects.create(kode="kota-narasi", nama="Kota Narasi")
    for bab in ("bab1", "bab4"):
        Narasi_lama.objects.create(pemda=pemda, tahun=2024, bab=bab, teks=f"Teks {bab}", versi=3)
    baru = migrasi_ke([("laporan", "0006_narasi_sasaran")])
    rows = baru.get_model("laporan", "Narasi").objects.filter(pemda_id=pemda.pk).order_by("bab")
    assert [(n.bab, n.teks, n.versi, n.sasaran_id, n.angka) for n in rows] == [
        ("bab1", "Teks bab1", 3, None, {}), ("bab4", "Teks bab4", 3, None, {})
    ]  # fmt: skip
