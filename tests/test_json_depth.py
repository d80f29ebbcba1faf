"""The JSON depth bound: every JSON file is refused past MAX_NESTING levels, before parsing.

Python's JSON reader follows nesting until the interpreter's recursion
limit, which depends on how deep the caller already is; the bound is a
scan over whole arrays that must agree with the parsed depth on every
valid text, whatever its strings hold and wherever a chunk ends.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compliancecheck import inputfiles
from compliancecheck.errors import DataError
from compliancecheck.inputfiles import json_too_deep, parse_json
from compliancecheck.limits import MAX_NESTING


def depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((depth(v) for v in value.values()), default=0)
    return 0


#: Strings made of what fools a naive scan: brackets, quotes, runs of backslashes.
tricky = st.text(alphabet='[]{}"\\ a', max_size=8)
values = st.recursive(
    st.one_of(st.none(), st.integers(), tricky),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky, inner, max_size=3),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values, st.sampled_from([1, 2, 3, 5, 64]), st.integers(0, 9), st.booleans())
def test_the_scan_agrees_with_the_parsed_depth(value: object, chunk: int, limit: int, indent: bool):
    raw = json.dumps(value, indent=1 if indent else None).encode()
    old = inputfiles._DEPTH_CHUNK
    inputfiles._DEPTH_CHUNK = chunk  # chunk boundaries inside escapes, strings and runs of brackets
    try:
        found = json_too_deep(raw, limit)
    finally:
        inputfiles._DEPTH_CHUNK = old
    assert (found is not None) == (depth(value) > limit), raw
    if found is not None:
        assert raw[found : found + 1] in (b"[", b"{")
        assert json_too_deep(raw[:found], limit) is None


def test_exactly_the_limit_is_read_and_one_more_is_refused_at_its_bracket():
    inner = "[" * MAX_NESTING + "]" * MAX_NESTING
    assert parse_json(inner.encode(), "x.json", DataError) is not None
    deeper = '{"a": "[[[\\"[[", "b":\n ' + "[" * MAX_NESTING + "]" * MAX_NESTING + "}"
    with pytest.raises(DataError) as info:
        parse_json(deeper.encode(), "x.json", DataError)
    assert str(info.value) == f"x.json:2:{MAX_NESTING + 1}: invalid JSON: nested deeper than {MAX_NESTING} levels"


def test_the_bound_holds_whatever_the_depth_of_the_caller():
    """At 200 levels the old reader parsed or failed depending on the stack; now always refused."""
    raw = ("[" * 200 + "]" * 200).encode()

    def nested(n: int) -> object:
        return nested(n - 1) if n else parse_json(raw, "x.json", DataError)

    for stack in (0, 500):
        with pytest.raises(DataError, match="nested deeper than 100 levels"):
            nested(stack)


def test_a_large_shallow_table_is_not_refused(tmp_path: Path):
    rows = [{"id": f"R{i}", "note": 'a "quoted" [x] \\', "n": i} for i in range(60_000)]
    raw = json.dumps(rows).encode()
    assert len(raw) > 4 * inputfiles._DEPTH_CHUNK
    assert json_too_deep(raw) is None
    assert len(parse_json(raw, "x.json", DataError)) == 60_000
