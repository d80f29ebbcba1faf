"""Packs by name: a built-in pack, a pack an installed plugin ships, a folder; and what is refused."""

from __future__ import annotations

import shutil

from compliancecheck import api
from conftest import DATA, MINI_PACK, ROOT, run_process

MINUSMA = ROOT / "fixtures" / "minusma-ssr"
MINI_FAIL = DATA / "datasets" / "mini-fail"
EXAMPLE_DATASET = ROOT / "plugins" / "compliancecheck-example" / "tests" / "data" / "dataset"
TESTS_PATH = {"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"}


def test_the_built_in_pack_by_name_gives_the_five_recommendations(cli):
    r = cli("check", MINUSMA, "--rules", "ssr", "--format", "json")
    assert r.code == 1, r.err
    assert '"id": "gender-parity"' in r.out
    report = api.check(MINUSMA, packs=["ssr"])
    assert [rec.id for rec in report.recommendations] == ["strategy", "minutes", "resources", "work-plan", "gender-parity"]


def test_test_runs_an_installed_pack_by_name(cli):
    r = cli("test", "ssr")
    assert r.code == 0, r.out
    assert r.out.splitlines()[-1].startswith("ssr ")


def test_rules_list_names_installed_packs_with_version_and_origin(cli):
    from compliancecheck import __version__

    r = cli("rules", "list")
    assert r.code == 0, r.err
    rows = {line.split()[0]: line for line in r.out.splitlines()[1:-1]}
    assert rows["ssr"].split()[1] == "1.0.0"
    assert f"built in (compliancecheck {__version__})" in rows["ssr"]
    assert "entry point example (compliancecheck-example 0.1.0)" in rows["meeting-dates"]
    assert r.out.splitlines()[0].split() == ["NAME", "VERSION", "ORIGIN", "TITLE"]


def test_a_pack_shipped_through_an_entry_point_is_found_by_name(cli):
    tested = cli("test", "meeting-dates")
    assert tested.code == 0, tested.out
    checked = cli("check", EXAMPLE_DATASET, "--rules", "meeting-dates")
    assert checked.code == 1, checked.err
    assert "3 out of 5 (60 per cent) meetings were dated outside the review period." in checked.out


def test_a_pack_shipped_by_a_plugin_module_is_found_by_name(cli):
    listed = cli("rules", "list", "--plugin", "cc_pack_plugin")
    assert "--plugin cc_pack_plugin" in [line for line in listed.out.splitlines() if line.startswith("mini ")][0]
    r = cli("check", MINI_FAIL, "--rules", "mini", "--plugin", "cc_pack_plugin")
    assert r.code == 1, r.err
    # without the plugin the name is unknown, and the message says which names are
    r = cli("check", MINI_FAIL, "--rules", "mini")
    assert r.code == 2
    # the installed packs are listed in name order (the IATI plugin's packs among them when installed)
    listed = r.err.split("(installed: ", 1)[1].split(")", 1)[0].split(", ")
    assert "no installed pack is named 'mini'" in r.err and {"meeting-dates", "programme", "ssr"} <= set(listed) and listed == sorted(listed)


def test_a_folder_still_works_and_wins_over_an_installed_name(tmp_path):
    shutil.copytree(MINI_PACK, tmp_path / "ssr")
    r = run_process("rules", "lint", "--rules", "ssr", cwd=tmp_path)
    assert (r.code, r.out.split(":")[0]) == (0, "mini 0.1.0"), r.err
    r = run_process("rules", "lint", "--rules", MINI_PACK)
    assert r.out.startswith("mini 0.1.0:"), r.err


def test_a_misspelt_name_is_refused_with_the_nearest(cli):
    r = cli("test", "sr")
    assert r.code == 2
    assert r.err == (
        "compliancecheck: rules error: sr: not a rule pack: no such folder, and no installed pack is named 'sr' "
        "(did you mean 'ssr'?) (a pack is a folder holding pack.yaml)\n"
    )


def test_two_installed_packs_of_one_name_are_refused(cli):
    r = cli("rules", "lint", "--rules", "ssr", "--plugin", "cc_clashing_pack_plugin")
    assert r.code == 2
    assert "two installed packs are named 'ssr' (built in" in r.err
    assert "--plugin cc_clashing_pack_plugin" in r.err
    # the default pack stays the built-in one's first
    assert cli("rules", "lint", "--plugin", "cc_clashing_pack_plugin").out.startswith("ssr 1.0.0:")


def test_plugins_lists_packs_with_version_and_origin(cli):
    r = cli("plugins")
    packs = r.out.split("Packs:\n", 1)[1].splitlines()
    assert packs[0].split()[:3] == ["ssr", "1.0.0", "built"]
    assert any(line.split()[:2] == ["meeting-dates", "0.1.0"] for line in packs)
