"""The acceptance round trip of issue 13 point 8 on the demo city: the Dinkes branch exported as Bagian
Organisasi and imported into a fresh pemda returns the same tree; re-importing the unchanged exports of the
city, of Dinkes by Bagian Organisasi and of Dinkes by operator.dinkes changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from kinerja.demo_jam import jam_demo
from kinerja.excel_pohon import ekspor_pohon
from kinerja.impor.pohon import impor_pohon
from kinerja.models import PeriodePerencanaan, TingkatPohon
from perangkat_daerah.access import Peran, profil_pengguna
from perangkat_daerah.models import PerangkatDaerah, Riwayat
from tests.demo_salin import muat_demo_salin
from tests.factories import buat_pd, buat_pemda, buat_pengguna
from tests.kinerja.test_pohon_excel import potret_pohon

pytestmark = pytest.mark.django_db
JAM = jam_demo()  # the demo's years as of the clock (kinerja/demo_jam.py)


@pytest.fixture
def demo():
    muat_demo_salin()
    user = get_user_model().objects.get
    return user(username="organisasi"), user(username="operator.dinkes")


def _salin_pemda(lama):
    """A fresh pemda with the demo's PD codes, levels (and their allowed parents) and periods."""
    baru = buat_pemda(nama="Kota Salinan")
    for pd in PerangkatDaerah.objects.filter(pemda=lama):
        buat_pd(baru, kode=pd.kode, nama=pd.nama, singkatan=pd.singkatan)
    peta = {}
    for t in TingkatPohon.objects.filter(pemda=lama):
        nilai = {
            f.attname: getattr(t, f.attname) for f in t._meta.concrete_fields if f.attname not in ("id", "pemda_id")
        }
        peta[t.kode] = TingkatPohon.objects.create(pemda=baru, **nilai)
    for t in TingkatPohon.objects.filter(pemda=lama):
        peta[t.kode].induk_boleh.set([peta[x.kode] for x in t.induk_boleh.all()])
    for p in PeriodePerencanaan.objects.filter(pemda=lama):
        PeriodePerencanaan.objects.create(pemda=baru, tahun_mulai=p.tahun_mulai, tahun_akhir=p.tahun_akhir)
    return baru


def test_the_demo_dinkes_branch_round_trips_into_a_fresh_pemda(demo):
    organisasi, operator = demo
    dinkes = profil_pengguna(operator).perangkat_daerah
    data = ekspor_pohon(user=organisasi, tahun=JAM.tahun, perangkat_daerah=dinkes)
    baru = _salin_pemda(dinkes.pemda)
    hasil = impor_pohon(data=data, oleh=buat_pengguna(baru, Peran.BAGIAN_ORGANISASI))
    assert hasil.galat == [] and hasil.jumlah > 100
    asal, salinan = potret_pohon(dinkes.pemda), potret_pohon(baru)
    assert len(salinan["simpul"]) >= 10 and salinan["anggaran"] and salinan["manual"]
    assert salinan["simpul"] == {k: asal["simpul"][k] for k in salinan["simpul"]}
    assert salinan["indikator"] == {k: asal["indikator"][k] for k in salinan["indikator"]}
    pilih = {
        k: v
        for k, v in asal["target"].items()
        if k[0] in salinan["indikator"] and JAM.periode[0] <= k[1] <= JAM.periode[1]
    }
    assert salinan["target"] == pilih
    assert salinan["manual"] == {k: v for k, v in asal["manual"].items() if k in salinan["indikator"]}
    assert salinan["anggaran"] == {k: v for k, v in asal["anggaran"].items() if k[0] in salinan["simpul"]}


def test_re_importing_the_demos_unchanged_exports_changes_nothing(demo):
    organisasi, operator = demo
    dinkes = profil_pengguna(operator).perangkat_daerah
    sebelum = Riwayat.objects.count()
    for user, pd in ((organisasi, None), (organisasi, dinkes), (operator, None)):
        hasil = impor_pohon(data=ekspor_pohon(user=user, tahun=JAM.tahun, perangkat_daerah=pd), oleh=user)
        assert (hasil.galat, hasil.jumlah) == ([], 0)
    assert Riwayat.objects.count() == sebelum
