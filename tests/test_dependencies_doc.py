"""Every dependency, the test and optional ones included, is named in docs/dependencies.md with why it is there."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower()


def test_every_dependency_says_why_it_is_there():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        wanted |= {_name(r) for r in extra}
    doc = (ROOT / "docs" / "dependencies.md").read_text("utf-8").lower()
    # a package counts as explained on a table row of its own, naming it first, with a reason beside it
    explained = {m.group(1).strip() for m in re.finditer(r"^\| *([^|`]+?) *\| *[^|]{12,}\|$", doc, re.M)}
    named = set()
    for cell in explained:
        named |= {p.strip() for p in cell.split(",")}
    assert not wanted - named, f"docs/dependencies.md lacks a row saying why: {sorted(wanted - named)}"
