"""Per-group counts on integer codes give exactly the groups, order and counts of a pandas groupby.

A rule with ``group_by`` writes one measure per (unit, group): the groups must
be the ones pandas' ``groupby(observed=True)`` finds (rows with a missing key
in none), in its order, whatever the key columns hold.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compliancecheck.engine.evaluate import _group_counts


def _by_pandas(keys, scope, failed):
    total = pd.Series(scope).groupby(keys, observed=True).sum()
    fails = pd.Series(failed).groupby(keys, observed=True).sum().reindex(total.index, fill_value=0)
    index = total.index
    return [index.get_level_values(i).tolist() for i in range(index.nlevels)], total.tolist(), fails.tolist()


def _key(rng: np.random.Generator, kind: str, n: int) -> pd.Series:
    pick = rng.integers(0, 5, n)
    missing = rng.random(n) < 0.15
    if kind == "text":
        values = np.array(["b", "a", "c", " a", "B"], dtype=object)[pick]
        values[missing] = None
        return pd.Series(values, dtype="string")
    if kind == "object":
        values = np.array(["b", "a", "c", "d", "e"], dtype=object)[pick]
        values[missing] = None
        return pd.Series(values, dtype=object)
    if kind == "category":
        values = np.array(["z", "y", "x", "w", "v"], dtype=object)[pick]
        values[missing] = None
        # categories in an order of their own, one never used
        return pd.Series(pd.Categorical(values, categories=["y", "z", "unused", "x", "w", "v"]))
    if kind == "int":
        return pd.Series(pd.array(np.where(missing, None, pick * 3 - 4).tolist(), dtype="Int64"))
    if kind == "float":
        return pd.Series(np.where(missing, np.nan, pick / 2 - 1))
    if kind == "date":
        return pd.Series(pd.to_datetime(np.where(missing, None, [f"2023-0{p + 1}-15" for p in pick])))
    raise AssertionError(kind)


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("kinds", [("text",), ("category",), ("text", "int"), ("category", "float"), ("object", "date"), ("text", "category", "int")])
def test_group_counts_match_pandas_groupby(seed: int, kinds: tuple[str, ...]):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 60))
    units = pd.Series(np.array(["U2", "U1", "U3"], dtype=object)[rng.integers(0, 3, n)], dtype="string")
    keys = [units] + [_key(rng, k, n) for k in kinds]
    scope = rng.random(n) < 0.7
    failed = scope & (rng.random(n) < 0.4)
    assert _group_counts(keys, scope, failed) == _by_pandas(keys, scope, failed)


def test_no_row_with_every_key_present_gives_no_group():
    keys = [pd.Series(["U1", "U1"], dtype="string"), pd.Series([None, None], dtype="string")]
    assert _group_counts(keys, np.array([True, True]), np.array([False, True])) == ([[], []], [], [])


@pytest.mark.parametrize("seed", range(4))
def test_too_many_combinations_to_fold_are_grouped_by_pandas_with_the_same_result(seed: int, monkeypatch: pytest.MonkeyPatch):
    from compliancecheck.engine import evaluate

    monkeypatch.setattr(evaluate, "_FOLD_LIMIT", 2)
    rng = np.random.default_rng(seed)
    n = 40
    units = pd.Series(np.array(["U2", "U1", "U3"], dtype=object)[rng.integers(0, 3, n)], dtype="string")
    keys = [units, _key(rng, "text", n), _key(rng, "int", n)]
    scope = rng.random(n) < 0.7
    failed = scope & (rng.random(n) < 0.4)
    assert _group_counts(keys, scope, failed) == _by_pandas(keys, scope, failed)


@pytest.mark.parametrize("fold_limit", [2, 2**62])
def test_keys_of_a_frame_not_numbered_from_0_are_counted_by_position(fold_limit: int, monkeypatch: pytest.MonkeyPatch):
    """Defect: past the fold limit, keys on a frame's own index (10, 11, ...) were aligned with the
    masks' 0, 1, ... and matched no row: every group vanished, in silence."""
    from compliancecheck.engine import evaluate

    monkeypatch.setattr(evaluate, "_FOLD_LIMIT", fold_limit)
    index = pd.Index([10, 11, 12, 13])
    keys = [pd.Series(["U1"] * 4, dtype="string", index=index), pd.Series(["a", "b", "a", "b"], dtype="string", index=index)]
    got = _group_counts(keys, np.array([True, True, True, False]), np.array([True, False, False, False]))
    assert got == ([["U1", "U1"], ["a", "b"]], [2, 1], [1, 0])
