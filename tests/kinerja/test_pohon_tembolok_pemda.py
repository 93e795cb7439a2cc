"""The tree pages' fingerprints read the pemda's own rows only (issue 18 point 6): another pemda's write of
any kind the fingerprints see no longer moves them (nor costs a walk over the whole install's rows), the
pemda's own does."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from kinerja.models import Indikator, PeriodePerencanaan, Realisasi, Sasaran, Target, TingkatPohon
from kinerja.models_anggaran import AnggaranSubKegiatan
from kinerja.selectors.pohon_kota_cabang import sidik as cabang_sidik
from kinerja.selectors.pohon_tembolok import sidik
from perangkat_daerah.models import PerangkatDaerah, Riwayat

pytestmark = pytest.mark.django_db


def _riwayat(pemda, model) -> None:
    Riwayat.objects.create(pemda=pemda, content_type=ContentType.objects.get_for_model(model), object_id=1, aksi="ubah")


def test_only_the_pemdas_own_history_moves_its_tree_fingerprint(pemeran):
    awal = sidik(pemda_id=pemeran.pemda.pk)
    _riwayat(pemeran.pemda_lain, Sasaran)  # another pemda's node
    setelah_lain = sidik(pemda_id=pemeran.pemda.pk)
    assert setelah_lain.kerangka == awal.kerangka
    _riwayat(pemeran.pemda, Realisasi)  # the pemda's own measure: the page, not its skeleton
    setelah_ukuran = sidik(pemda_id=pemeran.pemda.pk)
    assert setelah_ukuran.kerangka == awal.kerangka and setelah_ukuran.halaman != setelah_lain.halaman
    _riwayat(pemeran.pemda, Sasaran)  # the pemda's own node: both
    akhir = sidik(pemda_id=pemeran.pemda.pk)
    assert akhir.kerangka != awal.kerangka and akhir.halaman != setelah_ukuran.halaman


# Every part of both tree fingerprints (pohon_tembolok.sidik, pohon_kota_cabang.sidik) reads the pemda's own
# rows only: each kind of write below, made in another pemda, leaves this pemda's fingerprints in place (its
# cached tree pages, summaries and measures stay), and made in the pemda moves them.


def _simpul_massal(pemda) -> None:
    """A node loaded in bulk, without history (a data load)."""
    Sasaran.objects.bulk_create([Sasaran(pemda=pemda, kode=f"M{pemda.pk}", uraian="Dimuat")])


def _indikator_massal(pemda) -> None:
    s = Sasaran.objects.filter(pemda=pemda).first() or Sasaran.objects.create(pemda=pemda, kode="S", uraian="S")
    Indikator.objects.bulk_create([Indikator(sasaran=s, pemda=pemda, kode=f"IM{pemda.pk}", uraian="Dimuat")])


def _anggaran_massal(pemda) -> None:
    s = Sasaran.objects.filter(pemda=pemda).first() or Sasaran.objects.create(pemda=pemda, kode="S", uraian="S")
    AnggaranSubKegiatan.objects.bulk_create([AnggaranSubKegiatan(sasaran=s, pemda=pemda, tahun=2025, pagu=1)])


def _tingkat_massal(pemda) -> None:
    TingkatPohon.objects.bulk_create([TingkatPohon(pemda=pemda, kode="dimuat", nama="Dimuat", urutan=9,
                                                   lingkup=TingkatPohon.Lingkup.KOTA)])  # fmt: skip


def _periode_massal(pemda) -> None:
    PeriodePerencanaan.objects.bulk_create([PeriodePerencanaan(pemda=pemda, tahun_mulai=2031, tahun_akhir=2035)])


def _pd_massal(pemda) -> None:
    PerangkatDaerah.objects.bulk_create([PerangkatDaerah(pemda=pemda, kode=f"9.{pemda.pk}", nama="Dinas Dimuat",
                                                         singkatan="DD", jenis="dinas")])  # fmt: skip


def _simpul_dihapus(pemda) -> None:
    """A node deleted outside the services (a shell's `delete()`): the pemda's count moves."""
    Sasaran.objects.filter(pemda=pemda, kode=f"H{pemda.pk}").delete()


def _riwayat_dari(model):
    def tulis(pemda) -> None:
        _riwayat(pemda, model)

    tulis.__name__ = f"_riwayat_{model._meta.model_name}"
    return tulis


# (the write, whether it moves the page without its measures, whether it moves the composed city page's
# fingerprints: a node's own history is seen there through its group's `versi`, the measures' not at all)
TULIS = [
    (_simpul_massal, True, True),
    (_indikator_massal, True, True),
    (_anggaran_massal, True, True),
    (_tingkat_massal, True, True),
    (_periode_massal, True, True),
    (_pd_massal, True, True),
    (_simpul_dihapus, True, True),
    (_riwayat_dari(Sasaran), True, False),  # a service's node write
    (_riwayat_dari(TingkatPohon), True, True),  # the admin's change of a level (admin_dasar records one)
    (_riwayat_dari(Realisasi), False, False),  # a realisation entered or verified: the measures only
    (_riwayat_dari(Target), False, False),
]


def _semua(pemda_id: int) -> tuple:
    c = cabang_sidik(pemda_id)
    return sidik(pemda_id=pemda_id), (c.grup, c.ganda, c.sisa, c.kota, c.indikator)


@pytest.mark.parametrize(("tulis", "kerangka", "kota"), TULIS, ids=[t[0].__name__ for t in TULIS])
def test_a_write_in_another_pemda_leaves_the_tree_fingerprints_the_same_write_in_the_pemda_moves_them(
    pemeran, tulis, kerangka, kota
):
    a, b = pemeran.pemda, pemeran.pemda_lain
    for p in (a, b):  # each pemda has a node to delete
        Sasaran.objects.create(pemda=p, kode=f"H{p.pk}", uraian="Dihapus")
    awal = _semua(a.pk)
    tulis(b)
    assert _semua(a.pk) == awal
    tulis(a)
    halaman, cabang = _semua(a.pk)
    assert halaman.halaman != awal[0].halaman
    assert (halaman.kerangka != awal[0].kerangka) is kerangka
    assert (halaman.ukuran != awal[0].ukuran) is not kerangka
    assert (cabang != awal[1]) is kota
