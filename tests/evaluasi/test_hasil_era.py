"""Official results of every era (issue 15 point 5): a result of 2017 is recorded under the PermenPANRB
12/2015 instrument with its five parts, and the city trend shows each year with its own parts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dasbor.selectors import dasbor_pimpinan
from evaluasi import services
from evaluasi.models import Evaluasi, Instrumen, PengaturanEvaluasi
from evaluasi.selectors import instrumen_pemda, instrumen_siap
from tests.evaluasi.factories import buat_instrumen_kecil

pytestmark = pytest.mark.django_db
D = Decimal
LIMA = {"1": D("20.10"), "2": D("15.25"), "3": D("10.00"), "4": D("5.40"), "5": D("12.00")}  # 62,75
EMPAT = {"1": D("21.50"), "2": D("19.80"), "3": D("10.24"), "4": D("17.50")}  # 69,04


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _12_2015() -> Instrumen:
    return Instrumen.objects.select_related("skala_predikat").get(kode="permenpanrb-12-2015", versi=1)


def _catat_2017_dan_2024(pemeran):
    services.hasil_resmi_catat(
        oleh=pemeran.organisasi, tahun=2017, total=D("62.75"), predikat="B", nilai_komponen=LIMA,
        nomor_lhe="B/400/M.AA.05/2017", instrumen=_12_2015(),
    )  # fmt: skip
    services.hasil_resmi_catat(
        oleh=pemeran.organisasi, tahun=2024, total=D("69.04"), predikat="B", nilai_komponen=EMPAT
    )


def test_12_2015_instrument_is_data_with_five_weighted_components_and_never_a_default(pemeran):
    siap = instrumen_siap(_12_2015())
    assert [(k.kode, k.nama, k.bobot) for k in siap.komponen] == [
        ("1", "Perencanaan Kinerja", D("30")), ("2", "Pengukuran Kinerja", D("25")),
        ("3", "Pelaporan Kinerja", D("15")), ("4", "Evaluasi Internal", D("10")), ("5", "Capaian Kinerja", D("20")),
    ]  # fmt: skip
    assert siap.engine.hasil_saja and siap.skala_predikat.versi == "PermenPANRB 12/2015"
    assert instrumen_pemda(pemeran.pemda.pk, kota=True).kode == "permenpanrb-88-2021"
    with pytest.raises(ValidationError, match="hanya untuk mencatat hasil dari LHE"):
        services.evaluasi_buat(oleh=pemeran.organisasi, tahun=2017, jenis="mandiri", instrumen=_12_2015())


def test_a_2017_result_with_five_parts_is_accepted_and_stored_under_its_instrument(pemeran):
    _catat_2017_dan_2024(pemeran)
    h = Evaluasi.objects.get(pemda=pemeran.pemda, tahun=2017, jenis="resmi").hasil
    assert h.instrumen_kode == "permenpanrb-12-2015" and h.skala_predikat_versi == "PermenPANRB 12/2015"
    assert h.nilai_komponen == {k: str(v) for k, v in LIMA.items()} and h.total == D("62.75")


def test_the_official_evaluation_row_and_its_result_are_both_in_the_history(pemeran):
    """The evaluation row of an official result is written by the history writer, as a PD's LHE is."""
    from perangkat_daerah.models import Riwayat

    _catat_2017_dan_2024(pemeran)
    tercatat = Riwayat.objects.filter(aksi="catat_hasil_resmi", oleh=pemeran.organisasi)
    assert tercatat.count() == 4  # two years, each its evaluation row and its result row
    evaluasi = Evaluasi.objects.get(pemda=pemeran.pemda, tahun=2017, jenis="resmi")
    assert tercatat.filter(object_id=evaluasi.pk, content_type__model="evaluasi").exists()


@pytest.mark.parametrize(
    ("ubah", "kunci", "pesan"),
    [
        ({"total": D("64.75")}, "total", "Jumlah nilai komponen 62,75 berbeda 2,00 dari nilai total 64,75"),
        ({"nilai_komponen": {**LIMA, "5": D("21.00")}}, "komponen_5", "harus antara 0 dan bobotnya 20"),
        ({"nilai_komponen": {k: v for k, v in LIMA.items() if k != "5"}}, "komponen_5", "Isi nilai semua komponen"),
        ({"predikat": "BB"}, "predikat", "menurut skala PermenPANRB 12/2015 nilai itu berpredikat B"),
    ],
)
def test_a_12_2015_result_whose_parts_do_not_add_up_is_refused_in_indonesian(pemeran, ubah, kunci, pesan):
    data = {"total": D("62.75"), "predikat": "B", "nilai_komponen": LIMA, **ubah}
    with pytest.raises(ValidationError) as exc:
        services.hasil_resmi_catat(oleh=pemeran.organisasi, tahun=2017, instrumen=_12_2015(), **data)
    assert pesan in " ".join(exc.value.message_dict[kunci])
    assert not Evaluasi.objects.filter(tahun=2017).exists()


def test_the_city_page_and_the_dashboard_trend_show_each_year_with_its_own_parts(client, pemeran):
    _catat_2017_dan_2024(pemeran)
    d = dasbor_pimpinan(user=pemeran.pimpinan, tahun=2024)
    tren = {b.tahun: b for b in d.tren}
    assert [k["kode"] for k in tren[2017].bagian_resmi] == ["1", "2", "3", "4", "5"]
    assert [k["kode"] for k in tren[2024].bagian_resmi] == ["1", "2", "3", "4"]
    assert "12/2015" in tren[2017].instrumen_resmi and "88/2021" in tren[2024].instrumen_resmi
    client.force_login(pemeran.pimpinan)
    dasbor = _teks(client.get("/dasbor/pimpinan/"))
    assert "2017 62,75 B 1. Perencanaan Kinerja 20,10/30,00" in dasbor and "5. Capaian Kinerja 12,00/20,00" in dasbor
    kota = _teks(client.get("/evaluasi/kota/"))
    assert "62,75 1. Perencanaan Kinerja 20,10/30,00" in kota
    assert "4. Evaluasi Internal 5,40/10,00 · 5. Capaian Kinerja 12,00/20,00 (LKE AKIP PermenPANRB 12/2015" in kota
    assert "4. Evaluasi Akuntabilitas Kinerja Internal 17,50/25,00 (LKE AKIP PermenPANRB 88/2021" in kota


def test_the_form_records_under_the_chosen_instrument_and_keeps_to_the_pemda(client, pemeran):
    ins = _12_2015()
    client.force_login(pemeran.organisasi)
    halaman = client.get(f"/evaluasi/resmi/baru/?instrumen={ins.pk}&tahun=2017").content.decode()
    assert 'name="komponen_5"' in halaman and "Capaian Kinerja (bobot 20" in halaman
    isian = {f"komponen_{k}": str(v).replace(".", ",") for k, v in LIMA.items()}
    r = client.post(
        "/evaluasi/resmi/baru/",
        {"instrumen": ins.pk, "tahun": "2017", "total": "62,75", "predikat": "B", "nomor_lhe": "LHE 2017", **isian},
    )
    e = Evaluasi.objects.get(pemda=pemeran.pemda, tahun=2017, jenis="resmi")
    assert r.status_code == 302 and e.instrumen_id == ins.pk and e.nomor_lhe == "LHE 2017"
    milik_lain = buat_instrumen_kecil(metode="A")
    Instrumen.objects.filter(pk=milik_lain.pk).update(pemda=pemeran.pemda_lain)
    assert client.get(f"/evaluasi/resmi/baru/?instrumen={milik_lain.pk}").status_code == 404
    assert client.get("/evaluasi/resmi/baru/?instrumen=2x").status_code == 400
    client.force_login(pemeran.operator_a)
    assert client.get(f"/evaluasi/resmi/baru/?instrumen={ins.pk}").status_code == 403


def test_a_results_only_instrument_is_never_offered_or_used_as_a_pemdas_default(client, pemeran):
    p = PengaturanEvaluasi.untuk(pemeran.pemda.pk)
    p.instrumen_kota = _12_2015()  # a settings row pointing at it (e.g. set before this rule) is ignored
    p.save()
    assert instrumen_pemda(pemeran.pemda.pk, kota=True).kode == "permenpanrb-88-2021"
    client.force_login(pemeran.organisasi)
    halaman = client.get("/evaluasi/pengaturan/")
    assert halaman.status_code == 200 and "LKE AKIP PermenPANRB 12/2015" not in halaman.content.decode()
