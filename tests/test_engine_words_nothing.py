"""The engine produces numbers and facts; every word of a finding is the audit layer's.

Before, the engine wrote why a rule was not evaluated (a missing table or
column) and why it found nothing in scope; now it records what was missing
(``Finding.missing``) or that nothing was in scope, and
``audit.wording.word_findings`` writes the sentence, as it does the condition.
"""

from __future__ import annotations

import pandas as pd

from compliancecheck import Session, Status
from compliancecheck.audit.wording import word_findings
from compliancecheck.engine.evaluate import evaluate
from compliancecheck.model import Missing
from compliancecheck.testing import write_dataset, write_pack

SCHEMA = {"type": "object", "properties": {"x": {"type": "string"}, "y": {"type": "string"}}}


def _findings(tmp_path, rules, table):
    pack = write_pack(tmp_path / "pack", tables={"items": SCHEMA, "other": SCHEMA}, rules=rules)
    data = write_dataset(tmp_path / "data", {"items": table})
    session = Session([pack])
    ds = session.load(data)
    packs = session.packs_for(ds)
    raw = evaluate(packs, ds)
    return raw, word_findings(raw, packs, ds.unit_info)


def test_missing_data_is_a_fact_from_the_engine_and_a_sentence_from_the_audit_layer(tmp_path):
    rules = [
        {"id": "needs-y", "check": {"operator": "not_null", "columns": ["x", "y"]}},
        {"id": "needs-other", "table": "other", "check": {"operator": "not_null", "columns": "x"}},
        {"id": "none-in-scope", "where": "x == 'zzz'", "check": {"operator": "not_null", "columns": "x"}},
    ]
    raw, worded = _findings(tmp_path, rules, pd.DataFrame({"x": ["a", "b"]}))
    assert {f.rule_id: (f.status, f.reason, f.missing) for f in raw} == {
        "needs-y": (Status.NOT_EVALUATED, None, Missing("items", ("y",))),
        "needs-other": (Status.NOT_EVALUATED, None, Missing("other")),
        "none-in-scope": (Status.NOT_APPLICABLE, None, None),
    }
    assert {f.rule_id: f.reason for f in worded} == {
        "needs-y": "column 'y' missing from table 'items'",
        "needs-other": "table 'other' is missing from the dataset",
        "none-in-scope": "no row of table 'items' was in scope; the requirement could not be tested",
    }
