"""A meta-test: every built-in operator has its own test module here, and documents itself."""

from __future__ import annotations

from pathlib import Path

from compliancecheck.plugins.manager import BUILTIN_PLUGINS
from compliancecheck.testing import registry_for

HERE = Path(__file__).resolve().parent


def builtin_operators() -> set[str]:
    reg = registry_for(entry_points=False)
    owners = {name: type(op).__module__ for name, op in reg.operators.items()}
    return {name for name, module in owners.items() if module in BUILTIN_PLUGINS}


def test_every_builtin_operator_has_a_test_module():
    names = builtin_operators()
    assert len(names) >= 14
    missing = sorted(n for n in names if not (HERE / f"test_{n}.py").is_file())
    assert missing == [], f"add tests/operators/test_<name>.py for: {missing}"


def test_every_builtin_operator_documents_itself():
    reg = registry_for(entry_points=False)
    for name in builtin_operators():
        op = reg.operators[name]
        assert op.description, name
        assert op.params_schema.get("type") == "object", name
        module = __import__(type(op).__module__, fromlist=["_"])
        assert "PASS" in (module.__doc__ or "") and "FAIL" in (module.__doc__ or ""), name
