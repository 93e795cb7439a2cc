"""THE JSON-safe copy of a field value (`perangkat_daerah.services.nilai_polos`), as history snapshots store it;
public, so the fast importer's encoder (kinerja/impor/dasar.py) and its test call it by its own name."""

from __future__ import annotations

import datetime
from decimal import Decimal

from perangkat_daerah.services import nilai_polos, potret


def test_a_value_is_copied_json_safe_without_rounding(pemeran):
    assert nilai_polos(Decimal("87.2500")) == "87.2500"  # as its text: nothing rounded
    assert nilai_polos(pemeran.pemda) == pemeran.pemda.pk
    assert nilai_polos(datetime.date(2025, 3, 31)) == "2025-03-31"
    assert [nilai_polos(x) for x in (None, True, 3, "teks")] == [None, True, 3, "teks"]
    assert potret(pemeran.pd_a, ["nama", "pemda_id"]) == {"nama": nilai_polos(pemeran.pd_a.nama),
                                                           "pemda_id": pemeran.pemda.pk}  # fmt: skip
