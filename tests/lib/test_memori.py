"""sakip/lib/memori.gc_ditunda: the collector is off inside the block and back as it was after it, also when the
block raises, and a nested pause never turns it on early."""

from __future__ import annotations

import gc

import pytest

from sakip.lib.memori import gc_ditunda


def test_the_collector_is_paused_in_the_block_and_resumed_after_it_even_on_an_error():
    assert gc.isenabled()
    with gc_ditunda():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_ditunda():
        raise ValueError
    assert gc.isenabled()


def test_a_nested_pause_leaves_it_to_the_outer_one_and_an_off_collector_stays_off():
    with gc_ditunda():
        with gc_ditunda():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_ditunda():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
