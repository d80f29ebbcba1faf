"""The engine and the CLI pause the cycle collector around evaluation and rendering, and restore it."""

from __future__ import annotations

import gc

import pytest

from compliancecheck.engine.collector import collector_paused


def test_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_left_off_when_it_was_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # a caller that switched it off keeps it off
    finally:
        gc.enable()
