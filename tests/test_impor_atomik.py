"""Import atomicity at full size: an import of 10,000 rows that fails at row 9,000, or whose process is
killed while it writes, leaves the database as it was."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.db import connection

from kinerja import excel, impor
from kinerja.models import Indikator, Realisasi, Sasaran, Target
from perangkat_daerah.management.commands.jalankan import siapkan_anak
from perangkat_daerah.models import Riwayat
from tests.conftest import wajib_layanan

ROOT = Path(__file__).resolve().parent.parent
JUMLAH, TAHUN, TRIWULAN = 10_000, 2025, 1
BARIS_PERTAMA = excel.BARIS_JUDUL + 1


def _indikator_banyak(pemeran) -> None:
    sasaran = Sasaran.objects.create(pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode="S-10K", uraian="Uji")
    Indikator.objects.bulk_create(
        [Indikator(sasaran=sasaran, pemda=pemeran.pemda, perangkat_daerah=pemeran.pd_a, kode=f"IK-{i:05d}",
                   uraian=f"Indikator {i}", satuan="%", urutan=i) for i in range(JUMLAH)],
        batch_size=2000,
    )  # fmt: skip
    Target.objects.bulk_create(
        [Target(indikator=i, tahun=TAHUN, nilai=100) for i in Indikator.objects.filter(sasaran=sasaran)],
        batch_size=2000,
    )


def _berkas(pemeran, baris_rusak: int | None = None) -> bytes:
    isi = impor.templat_realisasi(
        user=pemeran.operator_a, perangkat_daerah=pemeran.pd_a, tahun=TAHUN, triwulan=TRIWULAN
    )
    buku = openpyxl.load_workbook(io.BytesIO(isi))
    lembar = buku["Realisasi"]
    for n in range(JUMLAH):
        lembar.cell(row=BARIS_PERTAMA + n, column=7, value=f"{50 + n % 40},5")
    if baris_rusak is not None:
        lembar.cell(row=BARIS_PERTAMA + baris_rusak - 1, column=7, value="sembilan ribu")
    keluaran = io.BytesIO()
    buku.save(keluaran)
    return keluaran.getvalue()


@pytest.mark.django_db
def test_import_failing_at_row_9000_of_10000_saves_nothing(pemeran):
    _indikator_banyak(pemeran)
    hasil = impor.impor_realisasi(
        data=_berkas(pemeran, baris_rusak=9_000),
        perangkat_daerah=pemeran.pd_a,
        tahun=TAHUN,
        triwulan=TRIWULAN,
        oleh=pemeran.operator_a,
    )
    assert hasil.jumlah == 0
    assert [(g.baris, g.kolom) for g in hasil.galat] == [(BARIS_PERTAMA + 8_999, "G (Realisasi)")]
    assert "sembilan ribu" in hasil.galat[0].pesan
    assert Realisasi.objects.count() == 0 and Riwayat.objects.count() == 0


KODE_ANAK = """
import os, sys, time, django
sys.path.insert(0, os.getcwd()); django.setup()
from django.contrib.auth import get_user_model
from kinerja import impor
from perangkat_daerah.models import PerangkatDaerah
data = open(sys.argv[1], "rb").read()
print("mulai", flush=True)
t = time.monotonic()
hasil = impor.impor_realisasi(data=data, perangkat_daerah=PerangkatDaerah.objects.get(pk=int(sys.argv[2])),
                              tahun=2025, triwulan=1, oleh=get_user_model().objects.get(pk=int(sys.argv[3])))
print("selesai", hasil.jumlah, time.monotonic() - t, flush=True)
"""


def _anak(berkas: Path, pemeran) -> subprocess.Popen:
    db = connection.settings_dict
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sakip.settings.test",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT)}  # fmt: skip
    return subprocess.Popen(
        [sys.executable, "-c", KODE_ANAK, str(berkas), str(pemeran.pd_a.pk), str(pemeran.operator_a.pk)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=siapkan_anak(os.getpid()),  # dies with a killed pytest
    )


def _transaksi_lain_terbuka() -> bool:
    """Whether another session of this database is inside a transaction right now (the import writing)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND backend_type = 'client backend' AND xact_start IS NOT NULL"
        )
        return cur.fetchone()[0] > 0


@pytest.mark.layanan
@pytest.mark.django_db(transaction=True)
def test_import_process_killed_mid_write_leaves_the_database_as_it_was(pemeran, tmp_path):
    wajib_layanan("DATABASE_URL")
    _indikator_banyak(pemeran)
    berkas = tmp_path / "10k.xlsx"
    berkas.write_bytes(_berkas(pemeran))
    # how long a whole import takes here, run to the end once (and it writes every row)
    anak = _anak(berkas, pemeran)
    keluaran, _ = anak.communicate(timeout=300)
    assert anak.returncode == 0 and f"selesai {JUMLAH}" in keluaran
    lama = float(keluaran.split()[-1])  # the import alone, as the child timed it
    assert Realisasi.objects.filter(indikator__perangkat_daerah=pemeran.pd_a).count() == JUMLAH
    Riwayat.objects.all().delete()
    Realisasi.objects.all().delete()
    dibunuh_menulis = 0
    for bagian in (0.55, 0.7, 0.8, 0.9, 0.97):  # the write phase is the end of the run
        anak = _anak(berkas, pemeran)
        assert anak.stdout.readline().strip() == "mulai"
        time.sleep(lama * bagian)
        menulis = _transaksi_lain_terbuka() and anak.poll() is None
        anak.send_signal(signal.SIGKILL)
        anak.wait(timeout=60)
        # all or nothing, whenever the kill landed (a kill just after the commit leaves every row)
        jumlah = Realisasi.objects.count()
        assert jumlah in (0, JUMLAH), f"{jumlah} baris tersisa setelah dibunuh pada {bagian}"
        assert Riwayat.objects.count() in (0, JUMLAH)
        dibunuh_menulis += menulis and jumlah == 0
        Riwayat.objects.all().delete()
        Realisasi.objects.all().delete()
    assert dibunuh_menulis >= 1, "tidak ada proses yang dibunuh di tengah transaksi penulisan"
