"""``--output``: several formats from one run, plain files as before, inputs never written."""

from __future__ import annotations

import json
import os
import shutil
import xml.etree.ElementTree as ET

import pytest

from conftest import DATA, MINI_PACK

FAIL = DATA / "datasets" / "mini-fail"


def test_several_outputs_from_one_run_and_the_summary_still_prints(cli, tmp_path):
    r = cli(
        "check", FAIL, "--rules", MINI_PACK,
        "--output", f"sarif={tmp_path / 'cc.sarif'}",
        "--output", f"junit={tmp_path / 'out' / 'cc.xml'}",
        "--output", f"json={tmp_path / 'cc.json'}",
        "--output", f"github={tmp_path / 'cc.txt'}",
    )
    assert r.code == 1, r.err
    assert r.out.startswith("Example Mission (U1)")  # the terminal summary
    assert json.loads((tmp_path / "cc.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert ET.parse(tmp_path / "out" / "cc.xml").getroot().get("failures") == "4"
    assert len(json.loads((tmp_path / "cc.json").read_text("utf-8"))["findings"]) == 4
    assert (tmp_path / "cc.txt").read_text("utf-8").startswith("::")


def test_quiet_with_only_named_outputs_prints_nothing(cli, tmp_path):
    r = cli("check", FAIL, "--rules", MINI_PACK, "--quiet", "--output", f"json={tmp_path / 'cc.json'}")
    assert (r.code, r.out, r.err) == (1, "", "")
    assert (tmp_path / "cc.json").is_file()


def test_format_to_stdout_beside_named_outputs(cli, tmp_path):
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "json", "--output", f"sarif={tmp_path / 'cc.sarif'}")
    assert json.loads(r.out)["manifest"]["tool"] == "compliancecheck"
    assert (tmp_path / "cc.sarif").is_file()


def test_plain_output_file_works_as_before(cli, tmp_path):
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "json", "--output", tmp_path / "report.json")
    assert (r.code, r.out) == (1, "")
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["summary"]["fail"] == 4


def test_a_file_name_with_an_equals_sign_is_a_plain_output(cli, tmp_path):
    target = tmp_path / "a=b.json"
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "json", "--output", target)
    assert r.code == 1 and target.is_file()


def test_an_output_never_replaces_an_input(cli, tmp_path):
    ds = tmp_path / "ds"
    shutil.copytree(FAIL, ds)
    before = (ds / "outputs.csv").read_bytes()
    r = cli("check", ds, "--rules", MINI_PACK, "--output", f"csv={ds / 'outputs.csv'}")
    assert r.code == 2
    assert "is an input file; input files are never written" in r.err
    assert (ds / "outputs.csv").read_bytes() == before


@pytest.mark.parametrize("how", ["hard link", "symbolic link", "spelt with .."])
def test_an_output_reaching_an_input_another_way_never_replaces_it(cli, tmp_path, how):
    """Defect: only the resolved path was compared, so a hard link to an input file was overwritten."""
    ds = tmp_path / "ds"
    shutil.copytree(FAIL, ds)
    before = (ds / "outputs.csv").read_bytes()
    if how == "hard link":
        target = tmp_path / "linked.csv"
        os.link(ds / "outputs.csv", target)
    elif how == "symbolic link":
        target = tmp_path / "linked.csv"
        target.symlink_to(ds / "outputs.csv")
    else:
        target = ds / "sub" / ".." / "outputs.csv"
        (ds / "sub").mkdir()
    r = cli("check", ds, "--rules", MINI_PACK, "--output", f"csv={target}")
    assert r.code == 2, r.err
    assert "is an input file; input files are never written" in r.err
    assert (ds / "outputs.csv").read_bytes() == before


def test_output_usage_errors(cli, tmp_path):
    two = cli("check", FAIL, "--rules", MINI_PACK, "-o", tmp_path / "a.txt", "-o", tmp_path / "b.txt")
    assert two.code == 2 and "without a format" in two.err
    unknown = cli("check", FAIL, "--rules", MINI_PACK, "-o", f"yaml={tmp_path / 'a.yaml'}")
    assert unknown.code == 2 and "unknown format 'yaml'" in unknown.err
    twice = cli("check", FAIL, "--rules", MINI_PACK, "-o", f"json={tmp_path / 'a'}", "-o", f"sarif={tmp_path / 'a'}")
    assert twice.code == 2 and "is named twice" in twice.err


def test_a_json_file_holds_the_bytes_standard_output_gets(cli, tmp_path):
    # a file is written from the format's UTF-8 bytes (render_utf8), standard output from its text
    r = cli("check", FAIL, "--rules", MINI_PACK, "--format", "json", "--output", f"json={tmp_path / 'cc.json'}")
    assert r.out.encode("utf-8") == (tmp_path / "cc.json").read_bytes()
    assert r.out.endswith("}\n") and not r.out.endswith("\n\n")


def test_render_for_file_uses_a_text_formats_utf8_bytes_and_leaves_the_others():
    from compliancecheck.plugins.format import render_for_file

    class Both:
        name, description, binary = "both", "", False

        def render(self, report, options):
            return "text"

        def render_utf8(self, report, options):
            return b"bytes"

    class Binary(Both):
        binary = True

    assert render_for_file(Both(), None, {}) == b"bytes"
    assert render_for_file(Binary(), None, {}) == "text"  # a binary format's render is its only output
