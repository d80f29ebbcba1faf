"""Our ``iati-standard`` pack beside the IATI reference implementation, on the shared files.

``expected/NAME.tsv`` (outside the repository, in ``../shared``) lists, for
each activity, each case of the Standard Ruleset it fails, as the reference
implementation printed it. Here each line is turned back into the case's
place in the ruleset, ``<context> <rule> <n>``, which is what our rules cite
as their source paragraph; our failing rows are turned into the activities
they belong to. Both sides are then sets of iati-identifiers per case.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import OrderedDict, defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
PACK = REPO / "rules" / "iati-standard"
AS_OF = dt.date(2026, 11, 28)


def shared_dir() -> Path:
    """``../shared`` beside the checkout (or beside a parent of it)."""
    for base in (REPO, *REPO.parents):
        candidate = base.parent / "shared"
        if (candidate / "conformance" / "iati-rulesets").is_dir():
            return candidate
    raise FileNotFoundError(f"the IATI reference data are missing: expected ../shared/conformance/iati-rulesets beside {REPO.name}")


def rulesets_dir() -> Path:
    return shared_dir() / "conformance" / "iati-rulesets"


def data_files() -> list[Path]:
    return sorted((shared_dir() / "data" / "iati").glob("*.xml.gz"))


def _show(value: Any) -> str:
    """A value as the reference implementation (Python 2, OrderedDict) printed it."""
    if isinstance(value, dict):
        return "OrderedDict([" + ", ".join(f"({k!r}, {_show(v)})" for k, v in value.items()) + "])"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return repr(value)


def case_names(ruleset: Path) -> dict[tuple[str, str, str], str]:
    """(context, rule, printed case) -> "<context> <rule> <n>"."""
    doc = json.loads(ruleset.read_text(), object_pairs_hook=OrderedDict)
    out: dict[tuple[str, str, str], str] = {}
    for context, rules in doc.items():
        for rule, body in rules.items():
            for n, case in enumerate(body["cases"], start=1):
                out[(context, rule, _show(case))] = f"{context} {rule} {n}"
    return out


def expected_failures(name: str) -> dict[str, set[str]]:
    """Paragraph -> failing iati-identifiers, from ``expected/NAME.tsv``."""
    names = case_names(rulesets_dir() / "rulesets" / "standard_py.json")
    only: dict[tuple[str, str], list[str]] = defaultdict(list)
    for (context, rule, _), para in names.items():
        only[(context, rule)].append(para)
    out: dict[str, set[str]] = defaultdict(set)
    with (rulesets_dir() / "expected" / f"{name}.tsv").open(newline="") as fh:
        for ident, context, rule, case in csv.reader(fh, delimiter="\t"):
            para = names.get((context, rule, case))
            if para is None and len(only[(context, rule)]) == 1:
                para = only[(context, rule)][0]  # a loop prints its case as it left it (substituted)
            if para is None:
                raise ValueError(f"{name}.tsv: case not in the ruleset: {context} {rule} {case}")
            out[para].add(ident)
    return out


def our_failures(path: Path) -> dict[str, set[str]]:
    """Paragraph -> iati-identifiers of the activities our pack finds failing."""
    from compliancecheck.api import Session

    session = Session([PACK])
    ds = session.load(path, AS_OF)
    report = session.run(ds, evidence_cap=10**9)
    pack = session.packs[0]
    paragraph = {r.id: str(r.source["paragraph"]) for r in pack.rules}
    out: dict[str, set[str]] = defaultdict(set)
    for f in report.findings:
        if f.status.value != "fail":
            continue
        for ev in f.evidence:
            values = dict(ev.values)
            out[paragraph[f.rule_id]].add(values.get("iati_identifier"))
    return out
