"""The iati-standard pack against the IATI reference implementation, file by file and case by case.

For every shared IATI file, the activities our pack finds failing each case
of the Standard Ruleset must be the activities the reference implementation
lists in ``expected/NAME.tsv``, except the differences explained in
``data/disagreements.yaml``; a listed difference that no longer occurs
fails too, so the file stays true.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from iati_reference import data_files, expected_failures, our_failures

HERE = Path(__file__).resolve().parent
KNOWN = yaml.safe_load((HERE / "data" / "disagreements.yaml").read_text())


def _order(path: Path) -> list[str]:
    """The iati-identifiers of the file in document order."""
    from compliancecheck_iati.reader import read_files, typed_frame

    data = read_files([(path, path.name)])
    return typed_frame("activities", data.rows["activities"])["iati_identifier"].tolist()


def _explained(name: str, path: Path) -> dict[tuple[str, str, str], str]:
    """(paragraph, side, activity) -> reason, for every listed difference of this file."""
    out: dict[tuple[str, str, str], str] = {}
    for d in KNOWN["differences"]:
        if d["file"] == name:
            for side in ("ours_only", "reference_only"):
                for ident in d.get(side, []):
                    out[(d["paragraph"], side, ident)] = d["reason"]
    return out


def _stopped(name: str, path: Path) -> tuple[set[str], str | None]:
    """Activities the reference did not judge (after it stopped), and the one it stopped in."""
    for s in KNOWN["stops"]:
        if s["file"] == name:
            order = _order(path)
            at = order.index(s["activity"])
            return set(order[at + 1 :]), s["activity"]
    return set(), None


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_failing_activities_per_case_match_the_reference(path: Path):
    name = path.name[: -len(".xml.gz")]
    ref, ours = expected_failures(name), our_failures(path)
    explained = _explained(name, path)
    after, stop = _stopped(name, path)
    unexplained, seen = [], set()
    for para in sorted(set(ref) | set(ours)):
        r, o = ref.get(para, set()), ours.get(para, set())
        for side, idents in (("ours_only", o - r), ("reference_only", r - o)):
            for ident in sorted(idents):
                if (para, side, ident) in explained:
                    seen.add((para, side, ident))
                elif side == "ours_only" and (ident in after or (ident == stop and not para.startswith("//iati-activity "))):
                    continue  # the reference had stopped (see disagreements.yaml)
                else:
                    unexplained.append((para, side, ident))
    assert unexplained == [], f"{name}: differences from the reference not explained in disagreements.yaml"
    stale = sorted(set(explained) - seen)
    assert stale == [], f"{name}: listed differences that no longer occur"


def test_every_case_of_the_ruleset_is_a_rule():
    from iati_reference import PACK, case_names, rulesets_dir
    from compliancecheck.api import Session

    paragraphs = set(case_names(rulesets_dir() / "rulesets" / "standard_py.json").values())
    pack = Session([PACK]).packs[0]
    cited = {str(r.source["paragraph"]) for r in pack.rules}
    assert len(paragraphs) == 52
    assert sorted(paragraphs - cited) == []
    assert sorted(cited - paragraphs) == []
