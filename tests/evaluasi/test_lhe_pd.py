"""A PD's internal result recorded from the Inspektorat's LHE as figures (issue 15 point 5), the way the
city's official result is recorded: components, total, predicate and LHE number; only by whoever evaluates
that PD, with history and Indonesian validation."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from evaluasi import services
from evaluasi.models import Evaluasi
from perangkat_daerah.models import Riwayat
from tests.factories import Peran, buat_pengguna

pytestmark = pytest.mark.django_db
D = Decimal
KOMPONEN = {"1": D("22.10"), "2": D("21.35"), "3": D("10.60"), "4": D("17.00")}  # 71,05
NOMOR = "700/123/LHE-ITKO/2024"


def _teks(resp) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", resp.content.decode()))


def _catat(pemeran, **ubah):
    data = {"tahun": 2024, "total": D("71.05"), "predikat": "BB", "nilai_komponen": KOMPONEN, "nomor_lhe": NOMOR}
    data.update(ubah)
    return services.hasil_lhe_pd_catat(oleh=pemeran.inspektorat, perangkat_daerah=pemeran.pd_a, **data)


def test_recorded_lhe_is_a_final_internal_result_with_its_parts_number_and_history(pemeran):
    h = _catat(pemeran)
    e = h.evaluasi
    assert (e.jenis, e.status, e.perangkat_daerah_id, e.nomor_lhe) == ("internal", "final", pemeran.pd_a.pk, NOMOR)
    assert h.total == D("71.05") and h.predikat == "BB" and h.predikat_nama == "Sangat Baik"
    assert h.nilai_komponen == {k: str(v) for k, v in KOMPONEN.items()} and h.instrumen_kode == "lke-internal-88-2021"
    assert e.dari_lhe and not e.jawaban.exists()
    assert Riwayat.objects.filter(aksi="catat_lhe_pd", oleh=pemeran.inspektorat).count() == 2  # evaluation, result


@pytest.mark.parametrize(
    ("ubah", "kunci", "pesan"),
    [
        ({"total": D("72.05")}, "total", "Jumlah nilai komponen 71,05 berbeda 1,00 dari nilai total 72,05"),
        ({"nilai_komponen": {**KOMPONEN, "3": D("15.50")}}, "komponen_3", "harus antara 0 dan bobotnya 15"),
        ({"predikat": "B"}, "predikat", "nilai itu berpredikat BB"),
        ({"nomor_lhe": ""}, "nomor_lhe", "Isi nomor LHE Inspektorat."),
    ],
)
def test_bad_figures_are_refused_in_indonesian(pemeran, ubah, kunci, pesan):
    with pytest.raises(ValidationError) as exc:
        _catat(pemeran, **ubah)
    assert pesan in " ".join(exc.value.message_dict[kunci])
    assert not Evaluasi.objects.filter(jenis="internal").exists()


def test_parts_within_rounding_of_the_total_are_accepted_and_a_second_lhe_of_the_year_refused(pemeran):
    _catat(pemeran, total=D("71.06"))  # parts 71,05: within 0,01
    with pytest.raises(ValidationError, match="sudah ada"):
        _catat(pemeran)


def test_only_the_inspektorat_of_its_pemda_records_it(pemeran):
    for bukan in (
        pemeran.operator_a,
        pemeran.kepala_a,
        pemeran.pimpinan,
        buat_pengguna(pemeran.pemda_lain, Peran.INSPEKTORAT),
    ):
        with pytest.raises(PermissionDenied):
            services.hasil_lhe_pd_catat(
                oleh=bukan, perangkat_daerah=pemeran.pd_a, tahun=2024, total=D("71.05"), predikat="BB", nomor_lhe=NOMOR
            )
    assert not Evaluasi.objects.exists()


def test_the_page_records_it_and_the_pd_sees_it_with_its_number(client, pemeran):
    client.force_login(pemeran.inspektorat)
    halaman = client.get(f"/evaluasi/lhe-pd/baru/?pd={pemeran.pd_a.pk}")
    assert halaman.status_code == 200 and 'name="komponen_4"' in halaman.content.decode()
    isian = {f"komponen_{k}": str(v).replace(".", ",") for k, v in KOMPONEN.items()}
    salah = client.post(
        "/evaluasi/lhe-pd/baru/",
        {"pd": pemeran.pd_a.pk, "tahun": "2024", "total": "75,00", "predikat": "BB", "nomor_lhe": NOMOR, **isian},
    )
    assert salah.status_code == 200 and "berbeda 3,95 dari nilai total 75,00" in _teks(salah)
    r = client.post(
        "/evaluasi/lhe-pd/baru/",
        {"pd": pemeran.pd_a.pk, "tahun": "2024", "total": "71,05", "predikat": "BB", "nomor_lhe": NOMOR, **isian},
    )
    e = Evaluasi.objects.get(perangkat_daerah=pemeran.pd_a, jenis="internal", tahun=2024)
    assert r.status_code == 302 and r.url == f"/evaluasi/{e.pk}/hasil/"
    client.force_login(pemeran.kepala_a)
    hasil = _teks(client.get(r.url))
    assert f"LHE {NOMOR}" in hasil and "71,05" in hasil and "Sangat Baik" in hasil
    assert "1. Perencanaan Kinerja 22,10 / 30,00" in hasil and "dicatat dari LHE Inspektorat" in hasil
    daftar = _teks(client.get("/evaluasi/?tahun=2024"))
    assert "71,05" in daftar


def test_the_page_is_404_for_another_pemdas_pd_and_403_for_who_may_not_evaluate(client, pemeran):
    client.force_login(pemeran.inspektorat)
    assert client.get(f"/evaluasi/lhe-pd/baru/?pd={pemeran.pd_lain.pk}").status_code == 404
    assert client.get("/evaluasi/lhe-pd/baru/?pd=x").status_code == 400
    client.force_login(pemeran.operator_a)
    assert client.get(f"/evaluasi/lhe-pd/baru/?pd={pemeran.pd_a.pk}").status_code == 403
    client.force_login(pemeran.operator_lain)
    assert client.get(f"/evaluasi/lhe-pd/baru/?pd={pemeran.pd_a.pk}").status_code == 404


def test_the_recorded_lhe_counts_in_the_pd_overview_with_its_parts(client, pemeran):
    _catat(pemeran)
    client.force_login(pemeran.organisasi)
    r = client.post("/tahun/", {"tahun": 2024, "next": "/"})
    halaman = _teks(client.get("/dasbor/organisasi/"))
    assert r.status_code == 302 and "71,05" in halaman and "22,10" in halaman


def test_the_recorded_lhe_is_marked_by_its_field_and_an_ordinary_internal_evaluation_is_not(pemeran):
    e = _catat(pemeran).evaluasi
    assert Evaluasi.objects.get(pk=e.pk).dicatat_dari_lhe is True
    biasa = services.evaluasi_buat(
        oleh=pemeran.inspektorat, tahun=2024, jenis="internal", perangkat_daerah=pemeran.pd_b
    )
    assert not biasa.dicatat_dari_lhe and not biasa.dari_lhe


def test_its_list_row_shows_the_lhe_number_instead_of_an_empty_worksheet_link(client, pemeran):
    e = _catat(pemeran).evaluasi
    client.force_login(pemeran.inspektorat)
    baris = [b for b in client.get("/evaluasi/?tahun=2024").content.decode().split("<tr>") if pemeran.pd_a.nama in b][0]
    assert f"/evaluasi/{e.pk}/hasil/" in baris and f'/evaluasi/{e.pk}/"' not in baris
    assert "Dicatat dari LHE" in baris and NOMOR in baris
    hasil = client.get(f"/evaluasi/{e.pk}/hasil/").content.decode()
    assert f'href="/evaluasi/{e.pk}/"' not in hasil  # nor from its result page's breadcrumb
    lembar = client.get(f"/evaluasi/{e.pk}/")  # an old bookmark: the result, not an empty worksheet
    assert lembar.status_code == 302 and lembar.url == f"/evaluasi/{e.pk}/hasil/"


def test_the_inspektorat_attaches_a_recommendation_to_it_and_the_pd_follows_it_up(client, pemeran):
    from evaluasi.models import Rekomendasi

    e = _catat(pemeran).evaluasi
    client.force_login(pemeran.inspektorat)
    url = f"/evaluasi/{e.pk}/rekomendasi/baru/"
    assert url in client.get(f"/evaluasi/{e.pk}/hasil/").content.decode()
    r = client.post(url, {"uraian": "Lengkapi manual IK", "batas_waktu": "2025-06-30"})
    rek = Rekomendasi.objects.get(evaluasi=e)
    assert r.status_code == 302 and rek.perangkat_daerah_id == pemeran.pd_a.pk
    services.rekomendasi_tindak_lanjut(
        rekomendasi=rek, oleh=pemeran.operator_a, versi=rek.versi, tindak_lanjut="Manual IK ditetapkan"
    )
    rek.refresh_from_db()
    assert rek.status == "proses"
