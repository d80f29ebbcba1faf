"""The package's records are ``msgspec.Struct`` classes, and behave as the frozen dataclasses they replaced.

Start-up (issue 15): Python's dataclasses compile each class's methods from
source when a module is imported, some 45 ms for the records a check needs;
a struct class is made in C. These tests hold the meanings the code relies on:
frozen records, equality and order by field, pickling and copying (the Dask
path pickles tasks and sessions), and a pack equal to another built alike
whatever documents it was composed from.
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import pickle
import pkgutil
from pathlib import Path

import msgspec
import pytest

import compliancecheck
from compliancecheck.errors import Location, Problem
from compliancecheck.language.pack import Pack, load_pack
from compliancecheck.model import Evidence, Exemption, ExemptionKind, Finding, Severity, Status
from compliancecheck.testing import registry_for

ROOT = Path(__file__).resolve().parents[1]


def _modules() -> list[str]:
    """Every module of the package but ``__main__`` (importing it runs the command)."""
    return [m.name for m in pkgutil.walk_packages(compliancecheck.__path__, "compliancecheck.") if not m.name.endswith("__main__")]


def test_no_module_of_the_package_defines_a_dataclass():
    defined = []
    for name in _modules():
        module = importlib.import_module(name)
        defined += [f"{name}.{k}" for k, v in vars(module).items() if isinstance(v, type) and v.__module__ == name and dataclasses.is_dataclass(v)]
    assert defined == []


def test_a_pack_is_equal_to_one_built_alike_whatever_it_was_composed_from():
    registry = registry_for(entry_points=False)
    one, two = load_pack(ROOT / "rules" / "ssr", registry), load_pack(ROOT / "rules" / "ssr", registry)
    assert one.composed is not None and one.composed is not two.composed
    other = msgspec.structs.replace(two, composed=None)
    assert one == other and not (one != other)
    assert msgspec.structs.replace(one, title="another") != one
    assert not (msgspec.structs.replace(one, title="another") == one)
    assert one.__eq__("ssr") is NotImplemented
    assert "composed" not in repr(one) and repr(one).startswith("Pack(name='ssr', version=")
    assert isinstance(one, Pack)


def test_records_are_frozen_and_compare_by_field():
    loc = Location(file="a.csv", row=3)
    with pytest.raises(AttributeError):
        loc.row = 4  # type: ignore[misc]
    assert loc == Location("a.csv", None, None, 3) and hash(loc) == hash(Location(file="a.csv", row=3))
    assert loc.to_dict() == {"file": "a.csv", "row": 3}
    assert sorted([Evidence("b", 1), Evidence("a", 2), Evidence("a", 1)]) == [Evidence("a", 1), Evidence("a", 2), Evidence("b", 1)]
    assert Exemption(ExemptionKind.WAIVER, "later", approver="Chief").to_dict() == {"kind": "waiver", "reason": "later", "approver": "Chief"}
    problem = Problem("bad")
    assert problem.location == Location() and problem.location is not Problem("other").location


def test_records_pickle_and_copy():
    f = Finding("R1", "U1", Status.FAIL, Severity.CRITICAL, "area", "title", evidence=(Evidence("t.csv", 2, (("x", 1.5),)),))
    for made in (pickle.loads(pickle.dumps(f)), copy.copy(f), copy.deepcopy(f)):
        assert made == f and type(made) is Finding
    pack = load_pack(ROOT / "rules" / "ssr", registry_for(entry_points=False))
    again = pickle.loads(pickle.dumps(pack))
    # a rule's operator is a plugin object, equal only to itself: the rest comes back equal
    assert [r.id for r in again.rules] == [r.id for r in pack.rules] and again.composed is not None
    assert msgspec.structs.replace(again, rules=pack.rules) == pack
