"""Every declared constraint is enforced, or refused when the pack loads, with its place.

Regression tests for issue 9: a table's ``key`` was declared and not
enforced (a duplicated row was counted twice), ``x-unique`` was accepted and
never checked, and a pack whose bounds were NaN or infinite, whose ``in_set``
listed no value, or whose ``chart`` named no chart kind loaded without a word.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck.testing import pack_errors, write_dataset, write_pack

TEXT = {"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "number"}, "s": {"type": "string"}}}


def _pack(tmp_path, schema=TEXT, key=None, rule_extra=None):
    pack = write_pack(
        tmp_path / "pack",
        tables={"items": schema},
        rules=[{"id": "r", "check": {"operator": "not_null", "columns": "s"}, **(rule_extra or {})}],
    )
    if key:
        text = (pack / "pack.yaml").read_text("utf-8")
        (pack / "pack.yaml").write_text(text.replace("schema: schemas/items.schema.json", f"schema: schemas/items.schema.json\n    key: {key}"), "utf-8")
    return pack


def test_a_row_repeating_the_declared_key_is_a_located_data_error(cli, tmp_path):
    pack = _pack(tmp_path, key="[id]")
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"id": ["A", "B", "A"], "n": [1, 2, 3], "s": ["", "x", ""]})})
    r = cli("check", data, "--rules", pack, "--format", "json")
    assert r.code == 2, r.out
    assert "items.csv: row 4, column 'id': 'A' repeats the key (id) of an earlier row" in r.err
    assert "Traceback" not in r.err


def test_a_compound_key_is_compared_whole(cli, tmp_path):
    schema = {"type": "object", "properties": {"plan": {"type": "string"}, "out": {"type": "string"}, "s": {"type": "string"}}}
    pack = write_pack(tmp_path / "pack", tables={"items": schema}, rules=[{"id": "r", "check": {"operator": "not_null", "columns": "s"}}])
    text = (pack / "pack.yaml").read_text("utf-8")
    (pack / "pack.yaml").write_text(text.replace("schema: schemas/items.schema.json", "schema: schemas/items.schema.json\n    key: [plan, out]"), "utf-8")
    ok = write_dataset(tmp_path / "ok", {"items": pd.DataFrame({"plan": ["P1", "P2"], "out": ["O1", "O1"], "s": ["a", "b"]})})
    assert cli("check", ok, "--rules", pack).code == 0
    bad = write_dataset(tmp_path / "bad", {"items": pd.DataFrame({"plan": ["P1", "P1"], "out": ["O1", "O1"], "s": ["a", "b"]})})
    r = cli("check", bad, "--rules", pack)
    assert r.code == 2
    assert "row 3, column 'plan + out': 'P1, O1' repeats the key (plan, out) of an earlier row" in r.err


def test_x_unique_is_enforced(cli, tmp_path):
    schema = {"type": "object", "properties": {"id": {"type": "string", "x-unique": True}, "s": {"type": "string"}}}
    pack = _pack(tmp_path, schema=schema)
    data = write_dataset(tmp_path / "data", {"items": pd.DataFrame({"id": ["A", "A"], "s": ["a", "b"]})})
    r = cli("check", data, "--rules", pack)
    assert r.code == 2
    assert "row 3, column 'id': 'A' repeats 'id', declared unique, of an earlier row" in r.err


def test_x_unique_must_be_true_or_false(tmp_path):
    schema = {"type": "object", "properties": {"id": {"type": "string", "x-unique": "yes"}}}
    msgs = pack_errors(tmp_path, {"operator": "not_null", "columns": "id"}, schema=schema)
    assert any("x-unique must be true or false" in m for m in msgs)


def test_nan_and_infinite_bounds_are_refused_where_they_are_written(tmp_path):
    schema = {"type": "object", "properties": {"n": {"type": "number"}}}
    for i, bound in enumerate((".nan", ".inf", "-.inf")):
        text = f"""rules:
  - id: r
    title: T
    area: testing
    criteria: C
    source: {{document: D}}
    severity: important
    table: table
    condition: "{{figure}}"
    check:
      operator: between
      column: n
      max: {bound}
"""
        msgs = pack_errors(tmp_path / str(i), text, schema=schema)
        assert len(msgs) == 1 and "is not a finite number" in msgs[0], msgs
        assert ":13:" in msgs[0], msgs  # file:line:column of the bound


def test_a_nan_threshold_is_refused(tmp_path):
    text = """rules:
  - id: r
    title: T
    area: testing
    criteria: C
    source: {document: D}
    severity: important
    table: table
    condition: "{figure}"
    threshold: {max_share: .nan}
    check: {operator: not_null, columns: n}
"""
    msgs = pack_errors(tmp_path, text)
    assert msgs and all(":10:" in m for m in msgs) and any("max_share" in m for m in msgs)


def test_in_set_with_no_value_is_refused(tmp_path):
    msgs = pack_errors(tmp_path, {"operator": "in_set", "column": "s", "values": []})
    assert len(msgs) == 1 and "values" in msgs[0] and "rules.yaml:" in msgs[0]


def test_an_unknown_chart_kind_is_refused(tmp_path):
    pack = write_pack(
        tmp_path / "pack",
        tables={"items": TEXT},
        rules=[{"id": "r", "check": {"operator": "not_null", "columns": "s"}, "chart": "pie"}],
    )
    from compliancecheck.errors import RuleError
    from compliancecheck.language.pack import load_pack
    from compliancecheck.testing import registry_for

    try:
        load_pack(pack, registry_for())
    except RuleError as exc:
        text = str(exc)
    else:
        raise AssertionError("a chart kind no format draws was accepted")
    assert "chart" in text and "rules.yaml:" in text


def _repeats(frame: pd.DataFrame, key: tuple[str, ...] = ("id",), unit: tuple[str, ...] = ()) -> list[str]:
    """The repeated-key problems of a typed table (as Parquet gives it), by row."""
    from compliancecheck.data.validation import validate_table
    from compliancecheck.plugins.interfaces import RawTable

    props = {c: {"type": "string"} for c in frame.columns}
    raw = RawTable("items", frame, "items.parquet", text=False)
    _, problems = validate_table(raw, {"type": "object", "properties": props}, extra_ok=unit, key=key)
    return [f"{p.location.row}: {p.message}" for p in problems if "repeats" in p.message]


def test_a_repeat_is_found_in_a_categorical_key_with_unused_categories():
    # three categories, three present rows, yet "A" repeats: the count of categories is not the count of values
    ids = pd.Categorical(["A", "A", "B"], categories=["A", "B", "C"])
    assert _repeats(pd.DataFrame({"id": ids})) == ["3: 'A' repeats the key (id) of an earlier row"]


def test_a_repeat_is_found_in_arrow_text_in_order_and_out_of_order():
    for values, row in ((["A", "B", "B"], 4), (["B", "A", "B"], 4), (["A", None, "A"], 4)):
        ids = pd.array(values, dtype="string[pyarrow]")
        assert _repeats(pd.DataFrame({"id": ids})) == [f"{row}: 'A' repeats the key (id) of an earlier row".replace("'A'", f"'{values[-1]}'")], values


def test_an_increasing_key_and_a_key_repeated_only_across_units_are_not_repeats():
    ids = pd.array([f"V{i:05d}" for i in range(1000)], dtype="string[pyarrow]")
    assert _repeats(pd.DataFrame({"id": ids})) == []
    units = pd.Categorical(["U1", "U2", "U1", "U2"])
    frame = pd.DataFrame({"unit_id": units, "id": pd.array(["A", "A", "B", "B"], dtype="string[pyarrow]")})
    assert _repeats(frame, unit=("unit_id",)) == []
    frame = pd.DataFrame({"unit_id": units, "id": pd.array(["A", "A", "A", "B"], dtype="string[pyarrow]")})
    assert _repeats(frame, unit=("unit_id",)) == ["4: 'A' repeats the key (id) of an earlier row"]


def test_a_compound_key_over_many_distinct_values_is_compared_whole():
    n = 200_000
    frame = pd.DataFrame({"a": pd.array([f"a{i}" for i in range(n)], dtype="string[pyarrow]"), "b": pd.array([f"b{i}" for i in range(n)], dtype="string[pyarrow]")})
    frame.loc[n - 1, ["a", "b"]] = ["a7", "b7"]
    assert _repeats(frame, key=("a", "b")) == [f"{n + 1}: 'a7, b7' repeats the key (a, b) of an earlier row"]


def test_repeats_are_found_in_whole_number_and_date_keys_with_gaps():
    for values in ([1, None, 1], [1, 2, 2]):
        frame = pd.DataFrame({"id": pd.array(values, dtype="Int64")})
        assert [p.split(":")[0] for p in _repeats(frame)] == ["4"], values
    days = pd.to_datetime(["2021-01-01", None, "2021-01-01"])
    assert [p.split(":")[0] for p in _repeats(pd.DataFrame({"id": days}))] == ["4"]
    assert _repeats(pd.DataFrame({"id": pd.array([1, 2, 3], dtype="Int64")})) == []
