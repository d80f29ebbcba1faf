"""The pre-commit hooks and the example CI workflow run as documented."""

from __future__ import annotations

import json
import shlex
import xml.etree.ElementTree as ET

import jsonschema
import yaml
from conftest import DATA, MINI_PACK, ROOT
from test_pipeline_formats import sarif_schema

FOLDER = DATA / "collections" / "three-units"


def test_pre_commit_hooks_run_the_cli(process):
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert {h["id"] for h in hooks} == {"compliancecheck-validate", "compliancecheck-check"}
    expected = {"compliancecheck-validate": 0, "compliancecheck-check": 1}
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        program, *command = shlex.split(hook["entry"])
        assert program == "compliancecheck"
        r = process(*command, FOLDER, "--rules", MINI_PACK)
        assert r.code == expected[hook["id"]], r.err
    r = process("validate", FOLDER, "--rules", MINI_PACK)
    assert r.out.count(": valid (") == 3


def test_example_workflow_command_writes_what_it_uploads(process, tmp_path):
    workflow = yaml.safe_load((ROOT / "docs" / "ci" / "github-actions.yml").read_text("utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    (run,) = [s["run"] for s in steps if "run" in s and s["run"].startswith("compliancecheck check")]
    uploads = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")]
    assert uploads and uploads[0]["if"] == "always()"
    args = shlex.split(run)[1:]
    args[args.index("datasets/")] = str(FOLDER)
    r = process(*args, "--rules", MINI_PACK, cwd=tmp_path)
    assert r.code == 1, r.err
    assert r.out.startswith("::") and "::error file=" in r.out
    assert "ALPHA" in r.err and "BRAVO" in r.err  # the summary table, beside the annotations
    sarif = json.loads((tmp_path / uploads[0]["with"]["sarif_file"]).read_text("utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    assert {res["properties"]["unit"] for res in sarif["runs"][0]["results"]} == {"ALPHA", "CHARLIE"}
    junit = ET.parse(tmp_path / "compliancecheck.xml").getroot()
    assert [s.get("name").split()[0] for s in junit.iter("testsuite")] == ["ALPHA", "BRAVO", "CHARLIE"]
    report = json.loads((tmp_path / "compliancecheck.json").read_text("utf-8"))
    assert [u["id"] for u in report["units"]] == ["ALPHA", "BRAVO", "CHARLIE"]
