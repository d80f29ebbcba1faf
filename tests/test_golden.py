"""The default pack's reports on both bundled fixtures are the committed golden copies.

Any change to the pack, the fixtures or a format shows up here as a diff to
review; when the change is intended, regenerate the copies with the command
the failure prints.
"""

from __future__ import annotations

from pathlib import Path

import importlib.util
import json

import pytest

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("golden_regen", ROOT / "tests" / "golden" / "regen.py")
assert _spec and _spec.loader
regen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regen)

EXIT = {"minusma-ssr": 1, "compliant-unit": 0}


@pytest.mark.parametrize(("fixture", "fmt", "name"), regen.OUTPUTS, ids=[o[2] for o in regen.OUTPUTS])
def test_golden_output_is_current(fixture: str, fmt: str, name: str) -> None:
    code, text = regen.render(fixture, fmt)
    assert code == EXIT[fixture]
    golden = (ROOT / "tests" / "golden" / name).read_text("utf-8")
    assert text == golden, f"tests/golden/{name} is stale: regenerate the golden outputs with `{regen.COMMAND}`"


def test_golden_json_names_no_path_of_this_machine() -> None:
    for _, fmt, name in regen.OUTPUTS:
        text = (ROOT / "tests" / "golden" / name).read_text("utf-8")
        # the checkout's own absolute path (its parent's name may well be a prefix of
        # relative paths such as fixtures/x/work_plan_outputs.csv, so it is not tested)
        assert str(ROOT) not in text and str(Path.home()) + "/" not in text
        if fmt == "json":
            assert json.loads(text)["manifest"]["dataset"].startswith("fixtures/")


def test_golden_minusma_report_has_the_five_recommendations() -> None:
    doc = json.loads((ROOT / "tests" / "golden" / "minusma-ssr.json").read_text("utf-8"))
    assert [(r["number"], r["id"], r["rating"], r["status"], r["implementation_date"]) for r in doc["recommendations"]] == [
        (1, "strategy", "important", "open", "2023-12-31"),
        (2, "minutes", "important", "open", "2023-12-31"),
        (3, "resources", "important", "open", "2023-12-31"),
        (4, "work-plan", "important", "open", "2023-12-31"),
        (5, "gender-parity", "important", "open", "2023-12-31"),
    ]
    vetting = [f for f in doc["findings"] if f["rule"] == "vetting-documented"][0]
    assert vetting["status"] == "fail" and vetting["exception"]["reference"] == "OIOS report 2022/044"


def test_a_failed_run_leaves_every_golden_file_as_it_was(monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect: regen run by an interpreter without the package's dependencies wrote the runs'
    empty output over the golden files, and said 'wrote' for each."""
    before = {name: (regen.GOLDEN / name).read_bytes() for _, _, name in regen.OUTPUTS}
    runs = iter([(1, "a report"), (2, "")])
    monkeypatch.setattr(regen, "render", lambda fixture, fmt: next(runs))
    with pytest.raises(SystemExit, match="exited 2 with 0 characters; no golden file written"):
        regen.main()
    assert {name: (regen.GOLDEN / name).read_bytes() for _, _, name in regen.OUTPUTS} == before
