"""The composed tree page's budget roll-up (`pohon_cabang_susun._naikkan`): the deepest rendered node first, each
node's total added once to its rendered parent, gives exactly what adding each node's own sum to every rendered
ancestor gives (the whole build's rule, `pohon_kota._anggaran`), on any forest; a parent that is not rendered
stops the sum; a cycle is walked node by node without looping."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from kinerja.selectors.anggaran_pohon import Jumlah
from kinerja.selectors.pohon_cabang_susun import _naikkan
from kinerja.selectors.pohon_kota import _tambah_jumlah, salin_sendiri


def _rantai(pk: int, per_baris: dict) -> set[int]:
    """`pk` and its rendered ancestors, up to the first parent not rendered (or, on a cycle, until one repeats)."""
    rantai = [pk]
    while (p := per_baris[rantai[-1]].induk_id) in per_baris and p not in rantai:
        rantai.append(p)
    return set(rantai)


def _rujukan(hasil: dict, per_baris: dict) -> dict:
    """The oracle: each rendered node's sum is the own sums of every node whose chain holds it."""
    rantai = {m: _rantai(m, per_baris) for m in hasil}
    harap = {}
    for n in per_baris:
        dari = [j for m, j in hasil.items() if n in rantai[m]]
        if dari:
            harap[n] = Jumlah()
            for j in dari:
                _tambah_jumlah(harap[n], j)
    return harap


def _salin(hasil: dict) -> dict:
    return dict(salin_sendiri(hasil))


def _sebagai_teks(hasil: dict) -> dict:
    return {k: (j.pagu, sorted(j.realisasi.items()), j.sub_kegiatan) for k, j in hasil.items()}


_uang = st.decimals(min_value=0, max_value=Decimal("1e15"), places=4, allow_nan=False, allow_infinity=False)


@st.composite
def _hutan(draw):
    """Rendered rows 1..n, each with a parent among the earlier rows, an unrendered id (900+) or none; some with
    their own budget (pagu, some quarters)."""
    n = draw(st.integers(min_value=1, max_value=40))
    per_baris = {}
    for pk in range(1, n + 1):
        induk = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=pk - 1) if pk > 1 else st.none(),
                               st.integers(min_value=900, max_value=905)))  # fmt: skip
        per_baris[pk] = SimpleNamespace(induk_id=induk)
    hasil = {}
    for pk in draw(st.sets(st.sampled_from(sorted(per_baris)))):
        tw = draw(st.dictionaries(st.sampled_from([1, 2, 3, 4]), _uang, max_size=4))
        hasil[pk] = Jumlah(pagu=draw(_uang), realisasi=tw, sub_kegiatan=draw(st.integers(0, 5)))
    return per_baris, hasil


@settings(max_examples=200, deadline=None)
@given(_hutan())
def test_the_roll_up_is_the_per_ancestor_sum(data):
    per_baris, hasil = data
    harap = _rujukan(_salin(hasil), per_baris)
    _naikkan(hasil, per_baris)
    assert _sebagai_teks(hasil) == _sebagai_teks(harap)


def test_an_unrendered_parent_stops_the_sum_and_a_cycle_ends():
    per_baris = {1: SimpleNamespace(induk_id=None), 2: SimpleNamespace(induk_id=1), 3: SimpleNamespace(induk_id=99),
                 4: SimpleNamespace(induk_id=3)}  # fmt: skip
    hasil = {2: Jumlah(pagu=Decimal("5")), 4: Jumlah(pagu=Decimal("7"), realisasi={1: Decimal("2")})}
    _naikkan(hasil, per_baris)
    assert {k: j.pagu for k, j in hasil.items()} == {1: 5, 2: 5, 3: 7, 4: 7}
    assert hasil[3].realisasi == {1: 2} and 99 not in hasil
    lingkar = {1: SimpleNamespace(induk_id=2), 2: SimpleNamespace(induk_id=1), 3: SimpleNamespace(induk_id=1)}
    hasil = {3: Jumlah(pagu=Decimal("4")), 1: Jumlah(pagu=Decimal("1"))}
    harap = _rujukan(_salin(hasil), lingkar)
    _naikkan(hasil, lingkar)
    assert _sebagai_teks(hasil) == _sebagai_teks(harap)
