"""Charts for the draft report, as geometry: numbers and plain strings only.

A chart is chosen from what a rule's measures *are*, never from what the
rule is about, so the engine and the formats stay free of any field's
knowledge:

- ``target``: a percent figure per item against a line (a share operator:
  women's share per institution against 30 per cent);
- ``versus``: a count per item against the count expected (meetings held
  against meetings required per body);
- ``passing``: rules that judge rows grouped the same way (the same table
  and ``group_by``) give, per group, the share of rows that pass; they are
  drawn together, one bar per rule (per work plan: outputs with dates,
  with targets, specific).

A rule's ``chart`` key may name the kind (``target``, ``versus``,
``passing``) or ``none``. The geometry is computed here and drawn by the
HTML template, which escapes every string; Markdown shows the same data
as a table. Nothing here writes markup.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import msgspec

from ...audit.numbers import number, share_per_cent
from ...audit.wording import item_cell, item_label
from ...language.i18n import ENGLISH, Language
from ...model import Finding, Measure, Status
from ...plugins.interfaces import Level, MeasureKind
from ...language.pack import Rule

__all__ = ["Bar", "Row", "Chart", "chart_kind", "build_charts", "KINDS"]

KINDS = ("target", "versus", "passing")

#: Layout of a horizontal bar chart, in SVG user units.
WIDTH = 640
LABEL_W = 210
VALUE_W = 70
ROW_GAP = 10
BAR_H = 14
TOP = 28
AXIS_H = 26
LABEL_CHARS = 32


class Bar(msgspec.Struct, frozen=True):
    """One bar: its series, its value as text, and where it is drawn."""

    series: int
    series_name: str
    value_text: str
    x: float
    y: float
    w: float
    h: float
    failed: bool
    css: str  # the bar's style: ok / fail / expected / s0, s1, ...


class Row(msgspec.Struct, frozen=True):
    """One item (an institution, a body, a work plan) and its bars."""

    label: str
    short_label: str
    y: float
    mid: float  # baseline for the row's label text
    bars: tuple[Bar, ...]
    cells: tuple[str, ...]  # the data table's cells after the label
    failed: bool


class Tick(msgspec.Struct, frozen=True):
    x: float
    text: str


class Chart(msgspec.Struct, frozen=True):
    """A chart and its text alternative (title, description, data table)."""

    id: str
    kind: str
    title: str
    description: str
    columns: tuple[str, ...]  # data table headers after the item column
    item_column: str
    series: tuple[str, ...]
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    line_x: float | None
    line_text: str
    width: int
    height: int
    plot_x: float
    plot_w: float
    axis_y: float
    legend: tuple[tuple[str, str], ...]  # (style, text) pairs


def chart_kind(rule: Rule, measures: Sequence[Measure]) -> str | None:
    """The chart a rule's measures call for, or None."""
    hint = (rule.chart or "").strip().lower()
    if hint == "none" or not measures:
        return None
    if hint in KINDS:
        return hint
    if rule.operator.level == Level.UNITS:
        return None  # one yes/no per unit: a sentence says it better than a bar
    if rule.group_by and rule.operator.level == Level.ROWS:
        return "passing"
    if rule.operator.measure == MeasureKind.PERCENT:
        return "target"
    if any(m.expected is not None for m in measures):
        return "versus"
    return None


def _words(name: str) -> str:
    return name.replace("_", " ")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "\u2026"


def _nice_max(value: float, percent: bool) -> tuple[float, float]:
    """An axis end and tick step that read well (0-40 per cent by 10, 0-8 by 2)."""
    if percent:
        top = max(value, 0.05)
        for step in (0.05, 0.1, 0.2, 0.25):
            if top / step <= 6:
                return math.ceil(top / step - 1e-9) * step, step
        return 1.0 if top <= 1 else math.ceil(top), 0.25 if top <= 1 else 0.5
    top = max(value, 1.0)
    mag = 10 ** math.floor(math.log10(top))
    for mult in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10):
        step = max(mult * mag, 1.0)
        if top / step <= 6:
            return math.ceil(top / step - 1e-9) * step, step
    return top, top


def _pct(v: float | None, L: Language = ENGLISH) -> str:
    return L.t("n/a") if v is None else f"{share_per_cent(v, lang=L)}{'' if L.english else chr(0x202F)}%"


def _geometry(n_rows: int, n_series: int) -> tuple[float, float, float]:
    row_h = n_series * BAR_H + ROW_GAP
    return row_h, TOP + n_rows * row_h, TOP + n_rows * row_h + AXIS_H


def _layout(
    chart_id: str,
    kind: str,
    title: str,
    description: str,
    item_column: str,
    columns: Sequence[str],
    series: Sequence[str],
    items: Sequence[tuple[str, Sequence[float | None], Sequence[str], Sequence[bool], tuple[str, ...]]],
    percent: bool,
    line: float | None,
    line_text: str,
    top_value: float | None = None,
    L: Language = ENGLISH,
) -> Chart:
    values = [v for _, vals, _, _, _ in items for v in vals if v is not None and math.isfinite(v)]
    peak = max([*values, line or 0.0, 0.0])
    axis_max, step = (1.0, 0.25) if top_value == 1.0 else _nice_max(peak, percent)
    plot_x = LABEL_W
    plot_w = WIDTH - LABEL_W - VALUE_W

    def xpos(v: float) -> float:
        # clamped to the axis: a negative or infinite figure must not draw an invalid rect
        return round(plot_x + plot_w * max(0.0, min(v, axis_max)) / axis_max, 2)

    row_h, axis_y, height = _geometry(len(items), len(series))
    rows: list[Row] = []
    for i, (label, vals, texts, fails, cells) in enumerate(items):
        y0 = TOP + i * row_h
        bars = tuple(
            Bar(
                series=s,
                series_name=series[s],
                value_text=texts[s],
                x=plot_x,
                y=round(y0 + s * BAR_H + 1, 2),
                w=round(xpos(v) - plot_x, 2) if v is not None else 0.0,
                h=BAR_H - 2,
                failed=fails[s],
                css=_css(kind, s, fails[s]),
            )
            for s, v in enumerate(vals)
        )
        mid = round(y0 + len(series) * BAR_H / 2 + 4, 2)
        rows.append(Row(label, _short(label), round(y0, 2), mid, bars, cells, any(fails)))
    n_ticks = int(round(axis_max / step))
    ticks = tuple(
        Tick(xpos(k * step), _pct(k * step, L) if percent else number(k * step, L)) for k in range(n_ticks + 1)
    )
    return Chart(
        id=chart_id,
        kind=kind,
        title=title,
        description=description,
        columns=tuple(columns),
        item_column=item_column,
        series=tuple(series),
        rows=tuple(rows),
        ticks=ticks,
        line_x=xpos(line) if line is not None else None,
        line_text=line_text,
        width=WIDTH,
        height=int(height),
        plot_x=plot_x,
        plot_w=plot_w,
        axis_y=round(axis_y, 2),
        legend=_legend(kind, series, line_text, L),
    )


def _css(kind: str, series: int, failed: bool) -> str:
    if kind == "passing":
        return f"s{series % 4}"
    if series == 1:
        return "expected"
    return "fail" if failed else "ok"


def _legend(kind: str, series: Sequence[str], line_text: str, L: Language = ENGLISH) -> tuple[tuple[str, str], ...]:
    if kind == "passing":
        return tuple((f"s{i % 4}", name) for i, name in enumerate(series))
    if kind == "versus":
        return (("ok", L.t("Observed, met")), ("fail", L.t("Observed, short")), ("expected", L.t("Expected")))
    out = [("ok", L.t("Meets the target")), ("fail", L.t("Does not meet it"))]
    if line_text:
        out.append(("line", L.t("Target: {target}", target=line_text)))
    return tuple(out)


def _count_of(f: Finding) -> int:
    """How many items the finding measured, before the measures were capped."""
    return max(f.measures_total, len(f.measures))


def _of(f: Finding, failing: Sequence[Measure], L: Language = ENGLISH) -> str:
    """"3 of 94": the failing items among all measured, never among those drawn only
    (the measures keep failing items first, so a capped list still holds them)."""
    capped = _count_of(f) > len(f.measures)
    return L.t("{part} of {whole}", part=number(f.failed if capped else len(failing), L), whole=number(_count_of(f), L))


def _shown(f: Finding, L: Language = ENGLISH) -> str:
    """" (60 of 94 shown)" when the chart draws a capped list; nothing is cut in silence."""
    total = _count_of(f)
    return " " + L.t("({part} of {whole} shown)", part=number(len(f.measures), L), whole=number(total, L)) if total > len(f.measures) else ""


def _target(chart_id: str, f: Finding, rule: Rule, L: Language = ENGLISH) -> Chart:
    ms = f.measures
    expected = sorted({m.expected for m in ms if m.expected is not None})
    line = expected[0] if len(expected) == 1 else None
    below = [m for m in ms if m.failed]
    at_most = "max" in rule.params and "min" not in rule.params
    line_text = ""
    if line is not None:
        line_text = L.t("at most {value}", value=_pct(line, L)) if at_most else L.t("at least {value}", value=_pct(line, L))
    if line is not None:
        head = L.t("{count} items do not meet the target of {target}", count=_of(f, below, L), target=_pct(line, L))
    else:
        head = L.t("{count} items do not meet the target", count=_of(f, below, L))
    desc = L.t("{a}: {b}", a=head + _shown(f, L), b=_listed([f"{item_label(m.label, L)} {_pct(m.observed, L)}" for m in ms], L)) + "."
    yes, no = L.t("yes"), L.t("no")
    items = [
        (item_cell(m.label, L), [m.observed], [_pct(m.observed, L)], [m.failed], (_pct(m.observed, L), _pct(m.expected, L), no if m.failed else yes))
        for m in ms
    ]
    return _layout(
        chart_id, "target", f.title, desc, L.t("Item"), (L.t("Observed"), L.t("Target"), L.t("Met")), [L.t("Observed")], items, True, line, line_text, L=L,
    )


def _versus(chart_id: str, f: Finding, L: Language = ENGLISH) -> Chart:
    ms = f.measures
    short = [m for m in ms if m.failed]
    figures = [f"{item_label(m.label, L)} " + L.t("{part} of {whole}", part=number(m.observed, L), whole=number(m.expected, L)) for m in ms]
    desc = L.t("{a}: {b}", a=L.t("{count} items fall short", count=_of(f, short, L)) + _shown(f, L), b=_listed(figures, L)) + "."
    yes, no = L.t("yes"), L.t("no")
    items = [
        (
            item_cell(m.label, L),
            [m.observed, m.expected],
            [number(m.observed, L), number(m.expected, L)],
            [m.failed, False],
            (number(m.observed, L), number(m.expected, L), no if m.failed else yes),
        )
        for m in ms
    ]
    return _layout(
        chart_id, "versus", f.title, desc, L.t("Item"), (L.t("Observed"), L.t("Expected"), L.t("Met")), [L.t("Observed"), L.t("Expected")], items, False, None, "", L=L,
    )


def _listed(parts: Sequence[str], L: Language = ENGLISH) -> str:
    """``a; b; c`` (``a ; b ; c`` in French, which sets a space before the semicolon)."""
    out = parts[0] if parts else ""
    for part in parts[1:]:
        out = L.t("{a}; {b}", a=out, b=part)
    return out


def _passing(chart_id: str, group: Sequence[Finding], title: str, L: Language = ENGLISH) -> Chart:
    labels: list[str] = []
    for f in group:
        for m in f.measures:
            if m.label not in labels:
                labels.append(m.label)
    series = [f.title for f in group]
    lookup = [{m.label: m for m in f.measures} for f in group]
    items = []
    for lab in labels:
        ms = [lk.get(lab) for lk in lookup]
        vals = [m.observed if m else None for m in ms]
        items.append((item_cell(lab, L), vals, [_pct(v, L) for v in vals], [bool(m and m.failed) for m in ms], tuple(_pct(v, L) for v in vals)))
    parts = []
    for lab, (_, vals, *_) in zip(labels, items):
        parts.append(L.t("{a}: {b}", a=item_label(lab, L), b=", ".join(f"{s} {_pct(v, L)}" for s, v in zip(series, vals))))
    # the caption names what is shown and by what it is grouped; the description gives each group's figures
    desc = _listed(parts, L) + "."
    return _layout(chart_id, "passing", title, desc, L.t("Group"), tuple(series), series, items, True, 1.0, L.t("all rows"), top_value=1.0, L=L)


def build_charts(findings: Sequence[Finding], rules: dict[tuple[str, str], Rule], prefix: str, L: Language = ENGLISH) -> list[Chart]:
    """Charts for one group of findings (those leading to one recommendation).

    ``passing`` findings of the same table and grouping become one chart;
    every other kind gets a chart per finding.
    """
    charts: list[Chart] = []
    passing: dict[tuple[str, tuple[str, ...]], list[Finding]] = {}
    for f in findings:
        rule = rules.get((f.pack, f.rule_id))
        if rule is None:
            continue
        kind = chart_kind(rule, f.measures)
        if kind == "passing":
            passing.setdefault((rule.table, rule.group_by), []).append(f)
        elif f.status is not Status.FAIL or (len(f.measures) < 2 and not rule.chart):
            continue  # a single bar says nothing the condition does not
        elif kind == "target":
            charts.append(_target(f"{prefix}-{len(charts) + 1}", f, rule, L))
        elif kind == "versus":
            charts.append(_versus(f"{prefix}-{len(charts) + 1}", f, L))
    for (table, group_by), group in passing.items():
        if not any(f.status is Status.FAIL for f in group):
            continue
        if len({m.observed for f in group for m in f.measures}) < 2:
            continue  # every bar the same length (all 0 per cent): the sentence says it
        # table and column names are the data's own identifiers: in another language they are quoted as such, not passed off as its words
        name = _words if L.english else (lambda x: f"\u00ab\u00a0{x}\u00a0\u00bb")
        title = L.t("Share of {rows} that meet each requirement, per {group}", rows=name(table), group=" / ".join(name(g) for g in group_by))
        charts.append(_passing(f"{prefix}-{len(charts) + 1}", group, title, L))
    return charts
