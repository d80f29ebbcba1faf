"""The shape of the house: the engine never imports the CLI or a reporter; docs stay fresh."""

from __future__ import annotations

import ast
from pathlib import Path

from compliancecheck.plugins import hookdocs

PKG = Path(__file__).resolve().parents[1] / "compliancecheck"
ENGINE_MODULES = [
    "api.py", "engine/evaluate.py", "language/pack.py", "data/dataset.py", "data/validation.py",
    "language/conditions.py", "audit/recommend.py", "audit/report.py", "model.py", "plugins/registry.py",
    "plugins/manager.py", "plugins/hookspecs.py",
]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            out.add(("." * node.level) + (node.module or ""))
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


def test_engine_does_not_import_cli_or_formats():
    for name in ENGINE_MODULES:
        for imported in _imports(PKG / name):
            assert ".cli" not in imported and not imported.startswith("compliancecheck.cli"), (name, imported)
            assert "formats" not in imported, (name, imported)


def test_hook_reference_is_fresh():
    committed = (PKG.parent / "docs" / "hooks.md").read_text("utf-8")
    assert committed == hookdocs.render(), (
        "docs/hooks.md is stale; regenerate it with: python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md"
    )
