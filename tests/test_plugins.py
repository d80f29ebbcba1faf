"""The plugin route, as a third party takes it.

``plugins/compliancecheck-example`` is a separately packaged plugin; the
README's test command installs it (``pip install -e``), so its entry point
is discovered here like any installed plugin's. ``--plugin module.name``
loads a module that is importable but not installed (``tests/cc_*.py``).
A plugin that fails to load stops the run with its name.
"""

from __future__ import annotations

import importlib.metadata as md
import json
from pathlib import Path

import pytest

from conftest import DATA, ROOT

MINI_FAIL = DATA / "datasets" / "mini-fail"
PERIOD_PACK = DATA / "packs" / "period"
EXAMPLE_VERSION = "0.1.0"


def _line(out: str, first_word: str) -> str:
    (line,) = [ln for ln in out.splitlines() if ln.split()[:1] == [first_word]]
    return line


def test_example_plugin_is_installed_from_the_repository():
    dist = md.distribution("compliancecheck-example")
    assert dist.version == EXAMPLE_VERSION
    (ep,) = [e for e in dist.entry_points if e.group == "compliancecheck"]
    assert (ep.name, ep.value) == ("example", "compliancecheck_example")


def test_plugins_lists_the_entry_point_with_its_version(cli):
    r = cli("plugins")
    assert r.code == 0, r.err
    assert _line(r.out, "example").split() == ["example", EXAMPLE_VERSION, "entry", "point"]
    assert _line(r.out, "date_within_period").split()[1:4] == ["A", "date", "column"]


def test_entry_point_is_discovered_in_a_fresh_process(process):
    r = process("plugins")
    assert r.code == 0, r.err
    assert _line(r.out, "example").split()[:2] == ["example", EXAMPLE_VERSION]


def test_a_rule_using_the_plugins_operator_runs_through_check(cli):
    r = cli("check", MINI_FAIL, "--rules", PERIOD_PACK, "--format", "json")
    assert r.code == 1, r.err
    doc = json.loads(r.out)
    (finding,) = doc["findings"]
    assert (finding["rule"], finding["status"], finding["failed"], finding["total"]) == ("meetings-in-period", "fail", 1, 4)
    assert finding["condition"] == "1 out of 4 (25 per cent) meetings were dated outside the review period."
    assert [e["values"]["meeting_id"] for e in finding["evidence"]] == ["M4"]
    assert doc["recommendations"][0]["text"] == "EXM should report only the meetings held in the period under review."


def test_rules_schema_includes_the_plugins_operator(cli):
    r = cli("rules", "schema")
    schema = json.loads(r.out)
    check = schema["$defs"]["rule"]["properties"]["check"]
    assert "date_within_period" in check["properties"]["operator"]["enum"]


def test_plugin_option_loads_a_module(cli):
    r = cli("plugins", "--plugin", "cc_test_plugin")
    assert r.code == 0, r.err
    assert _line(r.out, "cc_test_plugin").split() == ["cc_test_plugin", "0.0.1", "--plugin"]
    assert _line(r.out, "counts").split()[1:3] == ["One", "line:"]


def test_plugin_option_provides_a_format_to_check(cli):
    r = cli("check", MINI_FAIL, "--rules", DATA / "packs" / "mini", "--plugin", "cc_test_plugin", "--format", "counts")
    assert r.code == 1, r.err
    assert r.out == "pass=0 fail=4 not_applicable=0 not_assessed=0 not_evaluated=0 error=0 recommendations=3\n"


def test_plugin_option_in_a_process(process):
    r = process("plugins", "--plugin", "cc_test_plugin", env={"PYTHONPATH": f"{ROOT}:{ROOT / 'tests'}"})
    assert r.code == 0, r.err
    assert _line(r.out, "cc_test_plugin").split() == ["cc_test_plugin", "0.0.1", "--plugin"]


def test_a_plugin_failing_on_import_stops_the_run_named(cli):
    r = cli("check", MINI_FAIL, "--rules", PERIOD_PACK, "--plugin", "cc_broken_plugin")
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "compliancecheck: plugin error: plugin 'cc_broken_plugin' failed to load: "
        "RuntimeError: this plugin cannot start without its configuration\n"
    )


def test_a_plugin_with_a_misspelt_hook_stops_the_run(cli):
    r = cli("plugins", "--plugin", "cc_misspelt_hook_plugin")
    assert r.code == 2
    assert r.err == (
        "compliancecheck: plugin error: plugin 'cc_misspelt_hook_plugin' implements an unknown hook "
        "'compliancecheck_operator' (did you mean 'compliancecheck_operators'?)\n"
    )


@pytest.fixture
def broken_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed distribution whose entry point names a module that is not there."""
    info = tmp_path / "cc_broken_dist-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: cc-broken-dist\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text("[compliancecheck]\nbroken = cc_no_such_module_here\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))


def test_an_entry_point_failing_to_load_stops_the_run_named(cli, broken_distribution):
    r = cli("check", MINI_FAIL, "--rules", PERIOD_PACK)
    assert (r.code, r.out) == (2, "")
    assert r.err == (
        "compliancecheck: plugin error: plugin 'broken' (cc_no_such_module_here) failed to load: "
        "ModuleNotFoundError: No module named 'cc_no_such_module_here'\n"
    )


def test_naming_an_installed_plugin_with_plugin_loads_it_once(cli):
    """--plugin for a module its entry point already loaded is not an error, and not a second copy."""
    r = cli("plugins", "--plugin", "compliancecheck_example")
    assert (r.code, r.err) == (0, "")
    assert [ln.split()[0] for ln in r.out.splitlines() if "example" in ln.split()[0]] == ["example"]
    assert len([ln for ln in r.out.splitlines() if ln.split()[:1] == ["date_within_period"]]) == 1


def test_the_same_plugin_twice_on_the_command_line_is_loaded_once(cli):
    r = cli("plugins", "--plugin", "cc_test_plugin", "--plugin", "cc_test_plugin")
    assert (r.code, r.err) == (0, "")
    assert len([ln for ln in r.out.splitlines() if ln.split()[:1] == ["cc_test_plugin"]]) == 1


def test_registering_a_module_finds_what_pluggy_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """The manager passes over a module's plain values unread (start-up); its hook implementations
    are exactly pluggy's own, the built-ins', the entry points' and --plugin modules' alike,
    a static method or a ``specname`` among them."""
    import sys
    import types

    import pluggy

    from compliancecheck import hookimpl
    from compliancecheck.plugins import manager

    extra = types.ModuleType("cc_startup_extra_plugin")
    ops = hookimpl(specname="compliancecheck_operators")(lambda: [])
    extra.__dict__.update(
        renamed=ops, compliancecheck_loaders=staticmethod(hookimpl(lambda: [])), constant=42, text="compliancecheck_formats",
        compliancecheck_formats=hookimpl(lambda: []),
    )
    monkeypatch.setitem(sys.modules, extra.__name__, extra)

    def found(pm: pluggy.PluginManager) -> list[tuple[str, list[str]]]:
        return sorted((h, [i.plugin_name for i in getattr(pm.hook, h).get_hookimpls()]) for h in dir(pm.hook) if h.startswith("compliancecheck_"))

    quick = found(manager.get_plugin_manager([extra.__name__]))
    monkeypatch.setattr(manager, "_Manager", pluggy.PluginManager)
    assert quick == found(manager.get_plugin_manager([extra.__name__]))
    mine = {h for h, names in quick if extra.__name__ in names}
    # whether a staticmethod at module level is a hook implementation is pluggy's call (1.6 says
    # no, 1.7 yes): the manager must agree with the installed pluggy, asserted above, not with one
    assert {"compliancecheck_operators", "compliancecheck_formats"} <= mine
