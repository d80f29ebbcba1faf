"""The generated operator reference matches the code, and the README's commands are the ones CI runs.

docs/operators.md (the operator table, the placeholder lists and each
operator module's docstring) is drawn from the registry and
:mod:`compliancecheck.language.placeholders`, so it cannot drift from what a
rule may actually write. Regenerate it with ``python3 tests/test_readme.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
OPERATORS = ROOT / "docs" / "operators.md"
PIPELINES = ROOT / "docs" / "pipelines.md"


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


def render_page() -> str:
    """docs/operators.md: the table, then each operator's module docstring (what it checks and why)."""
    import inspect

    from compliancecheck.plugins.manager import get_plugin_manager
    from compliancecheck.plugins.registry import build_registry

    registry = build_registry(get_plugin_manager(entry_points=False))
    out = [
        "# Operators",
        "",
        "Generated from the operators and their module docstrings by `python3 tests/test_readme.py`;",
        "a test fails when this page and the code differ. [Back to the README](../README.md).",
        "",
        render(),
        "",
    ]
    seen: set[str] = set()
    for name in registry.operator_names():
        module = inspect.getmodule(type(registry.operators[name]))
        if module is None or module.__name__ in seen:
            continue
        seen.add(module.__name__)
        names = [n for n in registry.operator_names() if inspect.getmodule(type(registry.operators[n])) is module]
        out += ["## " + " / ".join(f"`{n}`" for n in names), "", inspect.cleandoc(module.__doc__ or "(no docstring)"), ""]
    return "\n".join(out).rstrip() + "\n"


def test_operator_reference_is_current():
    assert OPERATORS.read_text("utf-8") == render_page(), "docs/operators.md is stale: run `python3 tests/test_readme.py`"


def test_readme_test_command_is_what_ci_runs():
    readme = README.read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert "python3 -m pip install --no-deps -e ./plugins/compliancecheck-example" in readme
    assert "./plugins/compliancecheck-example" in ci and "python3 -m pytest -q" in ci


def test_exit_codes_in_the_docs_are_the_clis():
    from compliancecheck.cli import main

    readme = PIPELINES.read_text("utf-8")
    for code in (main.EXIT_OK, main.EXIT_FINDINGS, main.EXIT_INVALID, main.EXIT_INTERNAL):
        assert f"| {code} |" in readme


def test_every_subcommand_is_documented():
    from compliancecheck.cli import main

    readme = PIPELINES.read_text("utf-8")
    for module in main.subcommands():
        name = module.__name__.rsplit(".", 1)[-1]
        assert f"`compliancecheck {name}" in readme, name


if __name__ == "__main__":
    OPERATORS.write_text(render_page(), "utf-8")
    print("docs/operators.md regenerated")
