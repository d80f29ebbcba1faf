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


def test_start_up_is_frozen_before_the_collector_runs_again() -> None:
    """What a start-up block made is out of the collector's walks the moment it is back on:
    the young generation is empty, so the next container made does not start a walk of it all."""
    from compliancecheck.engine.collector import long_lived

    gc.collect()
    with long_lived():  # puts the frozen objects back at its end, as a check's run does
        before = gc.get_freeze_count()
        with collector_paused(freeze=True):
            made = [[i] for i in range(20_000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() >= before + len(made)
        assert gc.get_count()[0] < 100
    assert gc.get_freeze_count() == 0


def test_a_check_starts_without_a_long_collection(tmp_path) -> None:
    """The CLI's start-up (parser, plugins, packs, pandas) is frozen, not walked: in a fresh process,
    no collection during a check of the fixture examines the objects start-up made (the largest
    generation-0 collection sees fewer than a tenth of them)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    child = (
        "import gc, json, sys\n"
        "seen = []\n"
        "gc.callbacks.append(lambda phase, info: phase == 'start' and info['generation'] == 0 and seen.append(gc.get_count()[0]))\n"
        "from compliancecheck.cli.main import main\n"
        "code = main(sys.argv[1:])\n"
        "print(json.dumps({'code': code, 'largest': max(seen, default=0), 'objects': len(gc.get_objects())}))\n"
    )
    argv = ["check", str(root / "fixtures" / "minusma-ssr"), "--quiet", "--output", str(tmp_path / "r.txt")]
    proc = subprocess.run([sys.executable, "-c", child, *argv], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    result = json.loads(proc.stdout.splitlines()[-1])
    assert result["code"] == 1, proc.stderr
    assert result["largest"] < result["objects"] / 10, result
