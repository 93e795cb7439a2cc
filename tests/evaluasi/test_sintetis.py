"""The synthetic national dataset (issue 18 point 5): deterministic, valid for the product, built in bulk."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from evaluasi import scoring, sintetis
from evaluasi.models import Evaluasi, HasilEvaluasi
from evaluasi.selectors import hasil_banyak, instrumen_siap
from kinerja.models import Indikator, Realisasi
from perangkat_daerah.models import GrupPemda, Pemda, PerangkatDaerah

pytestmark = pytest.mark.django_db


def _muat(*argumen: str) -> str:
    keluar = io.StringIO()
    call_command("muat_sintetis", "--pemda", "3", "--pd", "4", "--tahun", "2", "--sidik", *argumen, stdout=keluar)
    return keluar.getvalue()


def _sidik(keluaran: str) -> str:
    return next(b.split()[1] for b in keluaran.splitlines() if b.startswith("sidik "))


def test_two_builds_give_the_same_digest_and_a_second_run_adds_nothing():
    pertama = _muat()
    jumlah = {m: m.objects.count() for m in (Pemda, PerangkatDaerah, Indikator, Realisasi, Evaluasi, HasilEvaluasi)}
    assert jumlah[Pemda] == 3 and jumlah[PerangkatDaerah] == 12
    assert jumlah[Indikator] == 3 * (6 + 4 * 3) and jumlah[Realisasi] == jumlah[Indikator] * 2 * 4
    assert jumlah[Evaluasi] == jumlah[HasilEvaluasi] == 3 * (2 + 4)  # official per year, internal per PD
    grup = GrupPemda.objects.get(kode=sintetis.KODE_GRUP)
    assert grup.jenis == "nasional" and sorted(grup.anggota.values_list("kode", flat=True)) == [
        "sin-0001", "sin-0002", "sin-0003"
    ]  # fmt: skip
    lagi = _muat()  # idempotent: the pemda exist, nothing is added
    assert " 0 baris baru" in lagi and _sidik(lagi) == _sidik(pertama)
    ulang = _muat("--reset")  # a rebuild (new ids) has the same content
    assert _sidik(ulang) == _sidik(pertama)
    assert {m: m.objects.count() for m in jumlah} == jumlah


def test_another_seed_gives_other_data():
    pertama = _sidik(_muat())
    assert _sidik(_muat("--reset", "--benih", "7")) != pertama


def test_the_scoring_engine_gives_the_stored_results():
    _muat()
    internal = list(Evaluasi.objects.filter(jenis="internal").select_related("instrumen", "hasil"))
    assert len(internal) == 12
    hidup = hasil_banyak(internal)
    for e in internal:
        assert e.hasil.lengkap and hidup[e.pk].lengkap
        assert (hidup[e.pk].total, hidup[e.pk].predikat.kode) == (e.hasil.total, e.hasil.predikat)
    assert len({e.hasil.predikat for e in internal} | {e.hasil.total for e in internal}) > 2  # not all equal
    for e in Evaluasi.objects.filter(jenis="resmi").select_related("instrumen__skala_predikat", "hasil"):
        skala = instrumen_siap(e.instrumen).skala_predikat
        assert scoring.predikat(e.hasil.total, skala).kode == e.hasil.predikat  # the band of the stored total


def test_a_synthetic_pemdas_dashboards_and_pages_render(client):
    _muat()
    pemda = Pemda.objects.get(kode="sin-0002")
    User = get_user_model()
    client.force_login(User.objects.get(username="sin-0002-pimpinan"))
    client.post("/tahun/", {"tahun": sintetis.TAHUN_AKHIR, "next": "/"})
    halaman = client.get("/dasbor/pimpinan/")
    assert halaman.status_code == 200 and pemda.nama in halaman.content.decode()
    client.force_login(User.objects.get(username="sin-0002-organisasi"))
    client.post("/tahun/", {"tahun": sintetis.TAHUN_AKHIR, "next": "/"})
    for url in ("/dasbor/organisasi/", "/kinerja/verifikasi/", "/evaluasi/"):
        assert client.get(url).status_code == 200, url
    assert not User.objects.get(username="sin-0002-pimpinan").has_usable_password()


def test_the_build_is_bulk_its_query_count_does_not_grow_with_the_rows():
    def jalankan(pemda: int, pd: int, tahun: int) -> tuple[int, int, int]:
        sintetis.hapus()
        with CaptureQueriesContext(connection) as ctx:
            baris = sintetis.muat(sintetis.Ukuran(pemda, pd, tahun))
        sisip = sum(q["sql"].lstrip().upper().startswith("INSERT") for q in ctx.captured_queries)
        return len(ctx) - sisip, sisip, baris

    sintetis.muat(sintetis.Ukuran(1, 1, 1))  # the instruments' engine input cached, as in any later run
    lain_kecil, sisip_kecil, baris_kecil = jalankan(1, 1, 1)
    lain_besar, sisip_besar, baris_besar = jalankan(3, 6, 3)
    assert baris_besar > 10 * baris_kecil
    assert lain_besar == lain_kecil  # no read or update per row, pemda or PD
    if connection.vendor == "postgresql":
        assert sisip_besar == sisip_kecil  # one INSERT per model
    else:  # SQLite splits an INSERT at 999 parameters: more statements, each still of many rows
        assert sisip_besar <= baris_besar / 10
