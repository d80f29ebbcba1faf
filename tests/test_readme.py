"""The README's generated tables match the code, and its commands are the ones CI runs.

The operator table and the placeholder lists are drawn from the registry
and :mod:`compliancecheck.language.placeholders`, so they cannot drift from what a rule
may actually write. Regenerate them with ``python3 tests/test_readme.py``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START, END = "<!-- generated:operators -->", "<!-- /generated:operators -->"


def _params(schema: dict[str, Any]) -> str:
    """``a`` (required), ``b`` / ``c`` (exactly one), ``d``: the order a rule writer needs."""
    props = list(schema.get("properties", {}))
    required = [p for p in props if p in set(schema.get("required", []))]
    parts = [f"`{p}` (required)" for p in required]
    grouped: set[str] = set(required)
    for key, word in (("oneOf", "exactly one"), ("anyOf", "at least one")):
        names = [n for b in schema.get(key, []) if set(b) == {"required"} for n in b["required"]]
        if names:
            parts.append(" / ".join(f"`{n}`" for n in names) + f" ({word})")
            grouped.update(names)
    parts += [f"`{p}`" for p in props if p not in grouped]
    return ", ".join(parts)


def render() -> str:
    """The operators table and the placeholder lists, as Markdown."""
    sys.path.insert(0, str(ROOT))
    from compliancecheck.plugins.manager import get_plugin_manager
    from compliancecheck.plugins.registry import build_registry
    from compliancecheck.language.placeholders import CONDITION_FIELDS, RECOMMENDATION_FIELDS

    registry = build_registry(get_plugin_manager(entry_points=False))
    lines = ["| operator | parameters | passes when |", "|---|---|---|"]
    for name in registry.operator_names():
        op = registry.operators[name]
        description = op.description.replace("|", "\\|")
        lines.append(f"| `{name}` | {_params(op.params_schema)} | {description} |")
    lines += ["", "Placeholders a rule's `condition` may use:", ""]
    lines += [f"- `{{{k}}}`: {v}" for k, v in CONDITION_FIELDS.items()]
    lines += ["", "Placeholders a recommendation's `text` and `actions_to_close` may use:", ""]
    lines += [f"- `{{{k}}}`: {v}" for k, v in RECOMMENDATION_FIELDS.items()]
    return "\n".join(lines)


def _current() -> str:
    text = README.read_text("utf-8")
    found = re.search(re.escape(START) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    assert found, f"README.md lacks the {START} ... {END} block"
    return found.group(1)


def test_operator_table_is_current():
    assert _current() == render(), "README.md's operator table is stale: run `python3 tests/test_readme.py`"


def test_readme_test_command_is_what_ci_runs():
    readme = README.read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python3 -m pip install --no-deps -e ./plugins/compliancecheck-example" in readme
    assert "./plugins/compliancecheck-example" in ci and "python3 -m pytest -q" in ci


def test_exit_codes_in_the_readme_are_the_clis():
    from compliancecheck.cli import main

    readme = README.read_text("utf-8")
    for code in (main.EXIT_OK, main.EXIT_FINDINGS, main.EXIT_INVALID, main.EXIT_INTERNAL):
        assert f"| {code} |" in readme


def test_every_subcommand_is_documented():
    from compliancecheck.cli import main

    readme = README.read_text("utf-8")
    for module in main.subcommands():
        name = module.__name__.rsplit(".", 1)[-1]
        assert f"`compliancecheck {name}" in readme, name


if __name__ == "__main__":
    text = README.read_text("utf-8")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{render()}\n{END}{tail}", "utf-8")
    print("README.md: operator table regenerated")
