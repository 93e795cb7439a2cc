"""The loader: idempotent, versioned by decree with history, all-or-nothing with errors by row; the
command reads csv and xlsx."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from nomenklatur import demo
from nomenklatur.berkas import BerkasTidakValid, baca_baris
from nomenklatur.models import Nomenklatur, RiwayatNomenklatur
from nomenklatur.services import NomenklaturTidakValid, nomenklatur_muat

pytestmark = pytest.mark.django_db
K2021, K2023 = "Kepmendagri 050-5889/2021", "Kepmendagri 900.1.15.5-1317/2023"
JUDUL = "kode,nama,kinerja,indikator,satuan\n"
AWAL = JUDUL + (
    "1,URUSAN WAJIB PELAYANAN DASAR,,,\n"
    "1.02,URUSAN PEMERINTAHAN BIDANG KESEHATAN,,,\n"
    "1.02.02,PROGRAM PEMENUHAN UPAYA KESEHATAN,,,\n"
    "1.02.02.2.02,Penyediaan Layanan Kesehatan,,,\n"
    "1.02.02.2.02.0001,Pengelolaan Pelayanan Kesehatan Ibu Hamil,Ibu hamil terlayani,Jumlah ibu hamil,Orang\n"
    "1.02.02.2.02.0002,Pengelolaan Pelayanan Kesehatan Ibu Bersalin,Ibu bersalin terlayani,Jumlah ibu bersalin,Orang\n"
)


def _berkas(tmp_path, isi: str, nama="lampiran.csv"):
    jalur = tmp_path / nama
    jalur.write_text(isi, encoding="utf-8")
    return str(jalur)


def _muat(tmp_path, isi, sumber=K2021, **kw):
    return nomenklatur_muat(baris=baca_baris(_berkas(tmp_path, isi)), sumber=sumber, **kw)


def test_a_load_makes_each_code_with_its_jenis_parent_and_decree(tmp_path):
    r = _muat(tmp_path, AWAL)
    assert (r.ditambah, r.diubah, r.dicabut, r.tetap) == (6, 0, 0, 0)
    sub = Nomenklatur.objects.get(kode="1.02.02.2.02.0001")
    assert (sub.jenis, sub.induk.kode, sub.induk.induk.kode, sub.satuan) == (
        "sub_kegiatan",
        "1.02.02.2.02",
        "1.02.02",
        "Orang",
    )
    assert (sub.berlaku_sejak, sub.sumber, sub.dicabut_pada, sub.berlaku) == (K2021, K2021, "", True)
    assert RiwayatNomenklatur.objects.filter(aksi="tambah").count() == 6


def test_loading_the_same_file_twice_changes_nothing(tmp_path):
    _muat(tmp_path, AWAL)
    sebelum = list(Nomenklatur.objects.values())
    r = _muat(tmp_path, AWAL, sumber=K2023)
    assert (r.ditambah, r.diubah, r.dicabut, r.dipulihkan, r.tetap) == (0, 0, 0, 0, 6)
    assert list(Nomenklatur.objects.values()) == sebelum
    assert RiwayatNomenklatur.objects.count() == 6


def test_a_second_decree_adds_renames_and_retires_with_history(tmp_path):
    _muat(tmp_path, AWAL)
    baru = AWAL.replace("Ibu Hamil,", "Ibu Hamil dan Nifas,").replace(
        AWAL.splitlines(keepends=True)[-1],
        "1.02.02.2.02.0003,Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir,Bayi terlayani,Jumlah bayi,Orang\n",
    )
    r = _muat(tmp_path, baru, sumber=K2023, cabut_yang_hilang=True)
    assert (r.ditambah, r.diubah, r.dicabut, r.tetap) == (1, 1, 1, 4)
    ganti = Nomenklatur.objects.get(kode="1.02.02.2.02.0001")
    assert (ganti.nama, ganti.sumber, ganti.berlaku_sejak) == (
        "Pengelolaan Pelayanan Kesehatan Ibu Hamil dan Nifas", K2023, K2021,
    )  # fmt: skip
    h = RiwayatNomenklatur.objects.get(nomenklatur=ganti, aksi="ubah")
    assert (h.sumber, h.sebelum["nama"], h.sesudah["nama"]) == (
        K2023, "Pengelolaan Pelayanan Kesehatan Ibu Hamil", "Pengelolaan Pelayanan Kesehatan Ibu Hamil dan Nifas",
    )  # fmt: skip
    lama = Nomenklatur.objects.get(kode="1.02.02.2.02.0002")
    assert (lama.dicabut_pada, lama.berlaku) == (K2023, False)
    assert RiwayatNomenklatur.objects.get(nomenklatur=lama, aksi="cabut").sesudah["dicabut_pada"] == K2023
    assert Nomenklatur.objects.get(kode="1.02.02.2.02.0003").berlaku_sejak == K2023
    assert list(Nomenklatur.objects.berlaku().filter(jenis="sub_kegiatan").values_list("kode", flat=True)) == [
        "1.02.02.2.02.0001", "1.02.02.2.02.0003",
    ]  # fmt: skip


def test_without_the_flag_an_amendment_retires_nothing_and_a_listed_retired_code_returns(tmp_path):
    _muat(tmp_path, AWAL)
    hanya_satu = (
        JUDUL
        + "1.02.02.2.02.0001,Pengelolaan Pelayanan Kesehatan Ibu Hamil,Ibu hamil terlayani,Jumlah ibu hamil,Orang\n"
    )
    r = _muat(tmp_path, hanya_satu, sumber=K2023)
    assert (r.ditambah, r.diubah, r.dicabut, r.tetap) == (0, 0, 0, 1)
    assert Nomenklatur.objects.berlaku().count() == 6
    Nomenklatur.objects.filter(kode="1.02.02.2.02.0002").update(dicabut_pada=K2023)
    r = _muat(tmp_path, AWAL, sumber="Kepmendagri 2024")
    assert (r.dipulihkan, r.tetap) == (1, 5)
    assert Nomenklatur.objects.get(kode="1.02.02.2.02.0002").berlaku


def test_one_bad_row_saves_nothing_and_every_error_names_its_row(tmp_path):
    buruk = AWAL + (
        "1.02.02.2,Kode setengah,,,\n"
        "1.02.09.2.01.0001,Tanpa induk,,,\n"
        "1.02.02.2.02.0001,Kode ganda,,,\n"
        "1.02.02,,,,\n"
        "1.02.02.2.02.0009,Nama\x07kendali,,,\n"
        "1.02.03,PROGRAM X,Kinerja tidak untuk program,,\n"
    )
    with pytest.raises(NomenklaturTidakValid) as exc:
        _muat(tmp_path, buruk)
    assert [g.split(":")[0] for g in exc.value.galat] == [
        "Baris 8", "Baris 10", "Baris 11", "Baris 12", "Baris 13", "Baris 9",
    ]  # fmt: skip
    assert "induk 1.02.09.2.01 dari kode 1.02.09.2.01.0001 tidak ada" in exc.value.galat[-1]
    assert "sudah ada di baris 6" in exc.value.galat[1]
    assert Nomenklatur.objects.count() == RiwayatNomenklatur.objects.count() == 0


def test_the_command_reads_xlsx_and_semicolon_csv_and_reports_in_indonesian(tmp_path):
    buku = Workbook()
    for baris in AWAL.strip().split("\n"):
        buku.active.append(baris.split(","))
    buku.save(tmp_path / "lampiran.xlsx")
    call_command("muat_nomenklatur", str(tmp_path / "lampiran.xlsx"), sumber=K2021, stdout=io.StringIO())
    assert Nomenklatur.objects.count() == 6
    jalur = _berkas(tmp_path, AWAL.replace(",", ";").replace("1.02.02.2.02.0002;", "1.02.02.2.02.0002x;"))
    with pytest.raises(CommandError, match="(?s)Tidak ada yang disimpan.*Baris 7: Kode “1.02.02.2.02.0002x”"):
        call_command("muat_nomenklatur", jalur, sumber=K2023)


def test_a_file_without_the_required_columns_or_of_another_format_is_refused(tmp_path):
    with pytest.raises(BerkasTidakValid, match="Kolom wajib tidak ada: nama"):
        baca_baris(_berkas(tmp_path, "kode,uraian\n1,X\n"))
    with pytest.raises(BerkasTidakValid, match="harus .csv atau .xlsx"):
        baca_baris(_berkas(tmp_path, AWAL, nama="lampiran.txt"))
    with pytest.raises(BerkasTidakValid, match="bukan berkas Excel .xlsx"):  # the shared upload guard
        baca_baris(_berkas(tmp_path, AWAL, nama="palsu.xlsx"))


def test_the_demo_nomenclature_loads_twice_with_real_codes_and_contoh_marked():
    pertama = demo.muat()
    kedua = demo.muat()
    assert pertama.ditambah == Nomenklatur.objects.count() and kedua.tetap == pertama.ditambah
    assert set(Nomenklatur.objects.filter(jenis="bidang_urusan").values_list("kode", flat=True)) == {
        "1.01",
        "1.02",
        "2.11",
    }
    for bidang in ("1.01", "1.02", "2.11"):
        for jenis in ("program", "kegiatan", "sub_kegiatan"):
            assert Nomenklatur.objects.filter(kode__startswith=bidang, jenis=jenis).exists(), (bidang, jenis)
    assert not Nomenklatur.objects.filter(jenis="sub_kegiatan", satuan="").exists()
    assert Nomenklatur.objects.get(kode="2.11.11.2.01.0001").sumber == "contoh"
    assert Nomenklatur.objects.get(kode="1.02.02.2.01.0001").sumber == demo.SUMBER_DEMO
