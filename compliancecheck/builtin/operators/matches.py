"""``matches`` / ``not_matches``: text against a regular expression.

``pattern`` is one regex, or ``patterns`` a list (any may match), so a
rule can keep a list of phrases as data. The search finds the pattern
anywhere in the trimmed cell unless ``full: true``; ``case_sensitive``
defaults to true. Blank cells are not checked. ``not_matches`` may name an
``unless`` pattern: a cell that matches it is never flagged (for example
an output that states a quantity).

PASS: ``{operator: matches, column: ref, pattern: '^[A-Z]{3}-\\d+$'}`` on
``ABC-12``. FAIL: ``{operator: not_matches, column: output,
patterns: [provision of support], case_sensitive: false}`` on "Provision
of support to the council".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...cells import blank
from ...plugins.interfaces import CheckInput, CheckOutput
from ...plugins.hookspecs import hookimpl
from ...regex import regex_problem, search
from ._base import no_value, COLUMN, BaseOperator, text
from ...plugins.lazy import lazy_module

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:
    np = lazy_module("numpy")
    pd = lazy_module("pandas")

_PARAMS: dict[str, Any] = {
    "type": "object",
    "required": ["column"],
    "properties": {
        "column": COLUMN,
        "pattern": {"type": "string", "description": "A regular expression (RE2 syntax: no back-references or look-arounds)."},
        "patterns": {"type": "array", "items": {"type": "string"}, "minItems": 1, "description": "Several; any may match."},
        "case_sensitive": {"type": "boolean", "default": True},
        "full": {"type": "boolean", "default": False, "description": "The whole cell must match."},
    },
    "oneOf": [{"required": ["pattern"]}, {"required": ["patterns"]}],
}


def _patterns(params: Mapping[str, Any]) -> list[str]:
    return [params["pattern"]] if "pattern" in params else list(params["patterns"])


def _hits(data: CheckInput, full: bool) -> tuple[pd.Series, pd.Series]:
    """Whole-column matches, one pass per pattern.

    Patterns are tried one by one rather than joined into one alternation,
    so that each keeps its own meaning (a pattern that opens with an inline
    flag such as ``(?i)`` cannot be nested inside a group).
    """
    p = data.params
    col = data.frame[p["column"]]
    return _search(col, _patterns(p), not p.get("case_sensitive", True), full), ~blank(col)


def _search(col: pd.Series, patterns: list[str], ignore_case: bool, full: bool = False) -> pd.Series:
    """Whether each trimmed cell matches any pattern, on the linear-time engine
    (:mod:`compliancecheck.regex`); a categorical is searched once per category."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = pd.Series(col.array.categories.astype(str), dtype="str")
        found = _search(cats, patterns, ignore_case, full).to_numpy(dtype=bool)
        codes = col.array.codes
        spread = found[np.maximum(codes, 0)] if len(found) else np.zeros(len(codes), dtype=bool)
        return pd.Series(spread & (codes >= 0), index=col.index)
    values = text(col)
    hit = pd.Series(False, index=col.index)
    for pattern in patterns:
        hit |= search(values, pattern, ignore_case=ignore_case, full=full)
    return hit


class _RegexOperator(BaseOperator):
    def validate(self, params: Mapping[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
        out: list[tuple[tuple[str | int, ...], str]] = []
        if "pattern" in params:
            msg = regex_problem(params["pattern"])
            if msg:
                out.append((("pattern",), msg))
        for i, pat in enumerate(params.get("patterns", [])):
            msg = regex_problem(pat)
            if msg:
                out.append((("patterns", i), msg))
        if "unless" in params:
            msg = regex_problem(params["unless"])
            if msg:
                out.append((("unless",), msg))
        return out


class MatchesOp(_RegexOperator):
    name = "matches"
    unit_local = True  # reads only the unit's own rows
    description = "Non-blank text matches a regular expression (search, or whole cell with full: true)."
    params_schema = _PARAMS

    def evaluate(self, data: CheckInput) -> CheckOutput:
        hit, present = _hits(data, data.params.get("full", False))
        failed = present & ~hit
        column = data.params["column"]
        return CheckOutput(failed=failed, found=data.frame[column], unassessed={no_value(column): ~present})


class NotMatchesOp(_RegexOperator):
    name = "not_matches"
    unit_local = True  # reads only the unit's own rows
    description = "Non-blank text does not match a regular expression or any of a list of phrases."
    params_schema = {
        **_PARAMS,
        "properties": {
            **_PARAMS["properties"],
            "unless": {"type": "string", "description": "A cell that matches this regex is never flagged."},
        },
    }

    def evaluate(self, data: CheckInput) -> CheckOutput:
        hit, present = _hits(data, data.params.get("full", False))
        failed = present & hit
        if "unless" in data.params:
            ignore_case = not data.params.get("case_sensitive", True)
            failed &= ~_search(data.frame[data.params["column"]], [data.params["unless"]], ignore_case)
        column = data.params["column"]
        return CheckOutput(failed=failed, found=data.frame[column], unassessed={no_value(column): ~present})


@hookimpl
def compliancecheck_operators() -> list[BaseOperator]:
    return [MatchesOp(), NotMatchesOp()]
