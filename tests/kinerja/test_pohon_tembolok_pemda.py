"""The tree pages' fingerprint reads the pemda's own history (issue 18 point 6): another pemda's node edit
no longer moves it (nor costs a walk over the whole install's history), the pemda's own does."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from kinerja.models import Realisasi, Sasaran
from kinerja.selectors.pohon_tembolok import sidik
from perangkat_daerah.models import Riwayat

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
