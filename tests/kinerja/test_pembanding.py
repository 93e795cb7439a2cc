"""An indicator's benchmark (issue 14 polish, the LKjIP's fourth analysis): its own form on the indicator page, THE
write `kinerja/services/pembanding.py` (value, level and year together, a year that has come, the indicator's
valid range, Indonesian messages, versi and history, the indicator's writer only, no plan lock), and the LKjIP
comparing with it."""

from __future__ import annotations

import datetime
import html as html_lib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kinerja.models import DokumenRencana, Indikator, PeriodePerencanaan
from kinerja.services.pembanding import isian_pembanding, pembanding_simpan
from kinerja.services.pohon import tingkat_bawaan_pastikan
from laporan.konteks import konteks_lkjip
from laporan.models import Laporan
from perangkat_daerah.models import Riwayat
from perangkat_daerah.services import VersiKedaluwarsa
from tests.kinerja.factories import buat_indikator, buat_realisasi, buat_sasaran, buat_target

pytestmark = pytest.mark.django_db
HARI_INI = datetime.date(2025, 3, 10)
SSGI = {"pembanding_nilai": "21,6", "pembanding_tingkat": "nasional", "pembanding_sumber": " SSGI, Kemenkes ",
        "pembanding_tahun": "2022"}  # fmt: skip


@pytest.fixture
def ind(pemeran):
    t = tingkat_bawaan_pastikan(pemda=pemeran.pemda)
    periode = PeriodePerencanaan.objects.create(pemda=pemeran.pemda, tahun_mulai=2024, tahun_akhir=2026)
    ss = buat_sasaran(pemeran.pemda, pemeran.pd_a, kode="SSA", tingkat=t["sasaran_strategis"], periode=periode)
    return buat_indikator(sasaran=ss, kode="IK-S", uraian="Prevalensi balita stunting", satuan="%", arah="turun",
                          agregasi="akhir", nilai_maksimum=Decimal(100))  # fmt: skip


def _galat(ind, **isi) -> dict:
    with pytest.raises(ValidationError) as exc:
        isian_pembanding(isi, indikator=ind, hari_ini=HARI_INI)
    return exc.value.message_dict


def test_operator_records_a_benchmark_with_history(pemeran, ind):
    assert pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=ind.versi) is True
    ind.refresh_from_db()
    assert (ind.pembanding_nilai, ind.pembanding_tingkat, ind.pembanding_sumber, ind.pembanding_tahun, ind.versi) == (
        Decimal("21.6"), "nasional", "SSGI, Kemenkes", 2022, 2)  # fmt: skip
    r = Riwayat.objects.get(aksi="indikator.pembanding", object_id=ind.pk)
    assert r.oleh == pemeran.operator_a and r.sebelum["pembanding_nilai"] is None
    assert r.sesudah["pembanding_tingkat"] == "nasional" and r.sesudah["pembanding_tahun"] == 2022


def test_value_level_and_year_go_together(ind):
    assert _galat(ind, pembanding_nilai="21,6") == {
        "pembanding_tingkat": ["Isi juga tingkat pembanding: nilai, tingkat dan tahun pembanding diisi bersama."],
        "pembanding_tahun": ["Isi juga tahun pembanding: nilai, tingkat dan tahun pembanding diisi bersama."],
    }
    assert _galat(ind, pembanding_tingkat="provinsi", pembanding_tahun="2023") == {
        "pembanding_nilai": ["Isi juga nilai pembanding: nilai, tingkat dan tahun pembanding diisi bersama."],
    }
    assert _galat(ind, pembanding_sumber="BPS") == {
        "pembanding_sumber": [
            "Sumber tanpa nilai pembanding: isi nilai, tingkat dan tahunnya, atau kosongkan sumbernya."
        ]
    }


def test_the_year_has_come_and_every_bad_field_is_named_at_once(ind):
    galat = _galat(ind, pembanding_nilai="12,3,4", pembanding_tingkat="kota", pembanding_tahun="2026")
    assert galat["pembanding_tahun"] == [
        "Tahun pembanding 2026 belum tiba: isi tahun data pembanding yang sudah terbit (paling akhir 2025)."
    ]
    assert galat["pembanding_tingkat"] == ["Pilih tingkat pembanding: nasional atau provinsi."]
    assert list(galat) == ["pembanding_nilai", "pembanding_tingkat", "pembanding_tahun"]  # no "isi juga" on top
    assert _galat(ind, **SSGI | {"pembanding_tahun": "22"}) == {
        "pembanding_tahun": ["Tahun pembanding paling awal 2000."]
    }
    assert "bukan bilangan bulat" in _galat(ind, **SSGI | {"pembanding_tahun": "2O22"})["pembanding_tahun"][0]
    assert isian_pembanding(SSGI | {"pembanding_tahun": "2025"}, indikator=ind, hari_ini=HARI_INI)["pembanding_tahun"]


def test_the_value_lies_in_the_indicators_range(ind):
    assert _galat(ind, **SSGI | {"pembanding_nilai": "120"}) == {
        "pembanding_nilai": ["“120”: paling besar 100% untuk indikator ini."]
    }
    assert "negatif" in _galat(ind, **SSGI | {"pembanding_nilai": "-1"})["pembanding_nilai"][0]


def test_emptying_value_level_and_year_clears_it(pemeran, ind):
    pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=1)
    kosong = dict.fromkeys(SSGI, "")
    assert pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=kosong, versi=2) is True
    ind.refresh_from_db()
    assert (ind.pembanding_nilai, ind.pembanding_tingkat, ind.pembanding_sumber, ind.pembanding_tahun) == (
        None, "", "", None)  # fmt: skip
    assert Riwayat.objects.filter(aksi="indikator.pembanding", object_id=ind.pk).count() == 2


def test_a_stale_version_is_refused(pemeran, ind):
    pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=1)
    basi = Indikator.objects.get(pk=ind.pk)
    basi.versi = 1
    with pytest.raises(VersiKedaluwarsa):
        pembanding_simpan(indikator=basi, oleh=pemeran.operator_a, nilai=SSGI | {"pembanding_nilai": "20"}, versi=1)
    with pytest.raises(VersiKedaluwarsa):
        pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=None)
    assert Indikator.objects.get(pk=ind.pk).pembanding_nilai == Decimal("21.6")


def test_only_the_indicators_writer_records_it(pemeran, ind):
    for orang in (pemeran.operator_b, pemeran.pimpinan, pemeran.inspektorat):
        with pytest.raises(PermissionDenied):
            pembanding_simpan(indikator=ind, oleh=orang, nilai=SSGI, versi=1)
    assert Indikator.objects.get(pk=ind.pk).pembanding_nilai is None


def test_a_final_renstra_does_not_lock_a_benchmark(pemeran, ind):
    renstra = DokumenRencana.objects.create(jenis="renstra", perangkat_daerah=pemeran.pd_a,
                                            periode=ind.sasaran.periode, status="final")  # fmt: skip
    pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=1)  # no reason asked
    renstra.refresh_from_db()
    assert renstra.revisi == 0 and Riwayat.objects.filter(aksi="indikator.pembanding").count() == 1


# --- the page ------------------------------------------------------------------------------------------


def _teks(resp) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", resp.content.decode())).split())


def test_the_indicator_page_has_the_benchmark_form_with_the_stored_values(client, pemeran, ind):
    pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=1)
    client.force_login(pemeran.operator_a)
    html = client.get(f"/perencanaan/indikator/{ind.pk}/ubah/").content.decode()
    assert f'action="/perencanaan/indikator/{ind.pk}/pembanding/"' in html
    assert 'name="pembanding_nilai" inputmode="decimal" value="21,6"' in html
    assert '<option value="nasional" selected>Nasional</option>' in html
    assert 'value="2022"' in html and 'value="SSGI, Kemenkes"' in html
    assert re.search(r'id="pembanding".*name="versi" value="2"', html, re.S)


def test_saving_the_form_records_it_and_returns_to_the_page(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", SSGI | {"versi": "1"})
    assert resp.status_code == 302 and resp["Location"] == f"/perencanaan/indikator/{ind.pk}/ubah/#pembanding"
    ind.refresh_from_db()
    assert (ind.pembanding_nilai, ind.pembanding_tahun) == (Decimal("21.6"), 2022)
    assert "Pembanding indikator IK-S tersimpan." in _teks(client.get(resp["Location"]))


def test_a_refused_form_keeps_what_was_typed_and_names_the_fields(client, pemeran, ind):
    buat_target(ind, 2024, nilai="14")
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", {"pembanding_nilai": "19,5", "versi": "1"})
    assert resp.status_code == 400
    html, teks = resp.content.decode(), _teks(resp)
    assert "Pembanding belum disimpan. Periksa isian yang ditandai merah." in teks
    assert "Isi juga tahun pembanding" in teks and 'name="pembanding_nilai" inputmode="decimal" value="19,5"' in html
    assert 'id="target-2024" name="target-2024" inputmode="decimal" value="14"' in html  # the indicator form as stored
    assert Indikator.objects.get(pk=ind.pk).versi == 1


def test_a_stale_form_is_a_409(client, pemeran, ind):
    pembanding_simpan(indikator=ind, oleh=pemeran.operator_a, nilai=SSGI, versi=1)
    client.force_login(pemeran.operator_a)
    resp = client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", SSGI | {"versi": "1"})
    assert resp.status_code == 409


def test_another_pds_indicator_is_a_404_and_a_reader_gets_a_403(client, pemeran, ind):
    client.force_login(pemeran.operator_b)
    assert client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", SSGI | {"versi": "1"}).status_code == 404
    client.force_login(pemeran.pimpinan)
    assert client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", SSGI | {"versi": "1"}).status_code == 403
    assert client.get(f"/perencanaan/indikator/{ind.pk}/pembanding/").status_code == 405
    assert Indikator.objects.get(pk=ind.pk).pembanding_nilai is None


def test_a_new_indicator_says_the_benchmark_comes_after_saving(client, pemeran, ind):
    client.force_login(pemeran.operator_a)
    teks = _teks(client.get(f"/perencanaan/simpul/{ind.sasaran_id}/indikator/baru/"))
    assert "Pembanding nasional atau provinsi (analisis 4 LKjIP) dapat diisi setelah indikator disimpan." in teks


def test_the_lkjip_compares_with_the_recorded_benchmark(client, pemeran, ind):
    buat_target(ind, 2024, nilai="14")
    buat_realisasi(ind, 2024, 4, nilai="10.8", status="diverifikasi")
    client.force_login(pemeran.operator_a)
    client.post(f"/perencanaan/indikator/{ind.pk}/pembanding/", SSGI | {"versi": "1"})
    laporan = Laporan.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, jenis="lkjip_pd", tahun=2024,
                                     diminta_oleh=pemeran.operator_a, tanggal=timezone.localdate())  # fmt: skip
    [s] = konteks_lkjip(laporan)["sasaran"]
    [b] = s["analisis"]["pembanding"]
    assert (b["ada"], b["tingkat"], b["nilai"], b["sumber"], b["realisasi"]) == (
        True, "Nasional", "21,60%", "SSGI, Kemenkes, 2022", "10,80")  # fmt: skip
    assert b["capaian"].endswith("%")  # turun: lower than the benchmark is better
