"""The shape of the house: layers only import downwards, no private name crosses a module, docs stay fresh."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest
from importlinter import cli as importlinter_cli

from compliancecheck.plugins import hookdocs, hookspecs

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "compliancecheck"


def _modules() -> list[Path]:
    return sorted(PKG.rglob("*.py"))


def test_layers_contract_is_kept(tmp_path, monkeypatch):
    """pyproject.toml's import-linter contract: cli > web > builtin > api/testing/cases > outputs > audit
    > engine > data > language > plugins > model/errors/version (type-checking imports aside)."""
    monkeypatch.chdir(ROOT)
    code = importlinter_cli.lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, "import-linter found a layer broken (run `lint-imports` for the import chain)"


def test_no_module_imports_a_private_name_of_another():
    """A helper two modules need is public in one home; ``from x import _y`` means it has none."""
    offences = []
    for path in _modules():
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.level or (node.module or "").startswith("compliancecheck")):
                offences += [f"{path.relative_to(ROOT)}:{node.lineno}: {a.name}" for a in node.names if a.name.startswith("_") and a.name != "__version__"]
    assert offences == []


def test_no_import_cycle():
    """No module reaches itself through its imports (type-checking imports aside), within a layer too."""
    import grimp

    graph = grimp.build_graph("compliancecheck", exclude_type_checking_imports=True)
    imports = {m: set(graph.find_modules_directly_imported_by(m)) & graph.modules for m in graph.modules}
    cycles = []
    for module in sorted(imports):
        for imported in sorted(imports[module]):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back is not None:
                cycles.append(" -> ".join((module, *back)))
    assert cycles == []


def test_at_most_a_dozen_modules_at_the_top():
    """Besides the package's ``__init__`` and ``__main__``: the rest lives in the layers' packages."""
    top = sorted(p.name for p in PKG.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert len(top) <= 12, top


def test_hook_reference_is_fresh():
    committed = (ROOT / "docs" / "hooks.md").read_text("utf-8")
    assert committed == hookdocs.render(), (
        "docs/hooks.md is stale; regenerate it with: python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md"
    )


def test_every_hook_documents_parameters_returns_and_since():
    docs = hookdocs.hooks()
    assert [d.name for d in docs] == sorted(n for n in vars(hookspecs) if n.startswith("compliancecheck_"))
    assert all(d.since and d.returns[1] for d in docs)
    review = next(d for d in docs if d.name == "compliancecheck_review_findings")
    assert [p for p, _, _ in review.params] == ["findings", "context"]


def test_an_undocumented_hook_is_refused():
    def compliancecheck_thing(rows: int, extra: str) -> int:
        """Do a thing.

        :param rows: how many.
        :param colour: not a parameter.
        """

    with pytest.raises(ValueError) as caught:
        hookdocs.parse("compliancecheck_thing", compliancecheck_thing)
    message = str(caught.value)
    assert "parameter 'extra' is not documented" in message
    assert ":param colour: names no parameter" in message
    assert "(:returns:)" in message and "versionadded" in message


def test_ruff_finds_nothing():
    """pyproject.toml [tool.ruff]: pyflakes, pycodestyle, bugbear and pyupgrade over the package, tests, bench and plugins."""
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "compliancecheck", "tests", "bench", "plugins"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_mypy_finds_nothing():
    """pyproject.toml [tool.mypy]: the package type-checks, bodies of untyped functions included."""
    from mypy import api as mypy_api

    out, err, code = mypy_api.run(["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", os.devnull])
    assert code == 0, out + err
