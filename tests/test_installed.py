"""What is installed is remembered between runs, and never remembered wrong.

compliancecheck/plugins/installed.py keeps the ``compliancecheck`` entry
points and the versions it asks for in the user's cache, under a fingerprint
of the installed distributions. These tests install, change and remove a
distribution on the import path between calls and check that each call
says what importlib.metadata says at that moment; that a broken entry is
ignored; and that a second check in a fresh process does not import
importlib.metadata at all.
"""

from __future__ import annotations

import importlib.metadata as md
import os
import sys
import time
from pathlib import Path

import pytest
from conftest import probe
from msgspec.structs import astuple

from compliancecheck.plugins import installed
from compliancecheck.usercache import ENV

ROOT = Path(__file__).resolve().parents[1]
GROUP = "compliancecheck"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(ENV, str(folder))
    return folder


def _truth(group: str = GROUP) -> list[tuple[str, str, str, str]]:
    """What importlib.metadata says now, in the module's order and shape."""
    out = []
    for ep in sorted(md.entry_points(group=group), key=lambda e: e.name):
        about = ep.dist.metadata if ep.dist else None
        out.append((ep.name, ep.value, about["Name"] if about else "unknown", about["Version"] if about else "unknown"))
    return out


def _distribution(where: Path, version: str, entry: str) -> Path:
    info = where / f"cc_installed_probe-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: cc-installed-probe\nVersion: {version}\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nprobe = {entry}\n", "utf-8")
    return info


def _later(path: Path) -> None:
    """Give ``path`` a modification time of its own, as a file written a moment later has."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_the_answer_is_importlib_metadata_s_and_is_kept(cache: Path) -> None:
    first = installed.entry_points(GROUP)
    assert [astuple(e)[:4] for e in first] == _truth()
    assert any(e.name == "iati" for e in first), "the IATI plugin is installed for the tests"
    assert list((cache / "installed").glob("*.json")), "kept for the next run"
    assert installed.entry_points(GROUP) == first
    assert installed.version("PyYAML") == md.version("PyYAML")
    assert installed.version("no-such-distribution-here") is None
    assert installed.version("no-such-distribution-here") is None


def test_installing_changing_and_removing_a_distribution_is_seen(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    before = installed.entry_points(GROUP)
    assert "probe" not in [e.name for e in before]
    info = _distribution(site, "1.0", "cc_probe_one")  # installed into a folder already on the path
    assert [astuple(e)[:4] for e in installed.entry_points(GROUP)] == _truth()
    assert ("probe", "cc_probe_one", "cc-installed-probe", "1.0") in [astuple(e)[:4] for e in installed.entry_points(GROUP)]
    # rewritten in place, as an editable install being developed is: same folder, same size
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nprobe = cc_probe_two\n", "utf-8")
    _later(info / "entry_points.txt")
    assert ("probe", "cc_probe_two", "cc-installed-probe", "1.0") in [astuple(e)[:4] for e in installed.entry_points(GROUP)]
    # upgraded: a new metadata folder
    for f in info.iterdir():
        f.unlink()
    info.rmdir()
    _distribution(site, "2.0", "cc_probe_two")
    assert ("probe", "cc_probe_two", "cc-installed-probe", "2.0") in [astuple(e)[:4] for e in installed.entry_points(GROUP)]
    assert installed.version("cc-installed-probe") == "2.0"
    # removed
    for f in (site / "cc_installed_probe-2.0.dist-info").iterdir():
        f.unlink()
    (site / "cc_installed_probe-2.0.dist-info").rmdir()
    assert installed.entry_points(GROUP) == before
    assert [astuple(e)[:4] for e in installed.entry_points(GROUP)] == _truth()


@pytest.mark.parametrize("content", [b"", b"garbage", b"{}", b'{"format": "compliancecheck installed v1"}', b"[1, 2]", b"\xff\xfe"])
def test_a_broken_entry_is_ignored_and_rewritten(cache: Path, content: bytes) -> None:
    truth = installed.entry_points(GROUP)
    (entry,) = (cache / "installed").glob("*.json")
    entry.write_bytes(content)
    installed._last.clear()
    assert installed.entry_points(GROUP) == truth
    assert entry.read_bytes() != content


def test_an_entry_point_edited_in_the_cache_is_not_loaded(cache: Path) -> None:
    """Review: the cache names modules to import; one it names that no distribution declares is never imported."""
    import json

    truth = installed.entry_points(GROUP)
    (entry,) = (cache / "installed").glob("*.json")
    doc = json.loads(entry.read_text("ascii"))
    doc["groups"][GROUP][0][1] = "cc_no_such_module:hook"
    entry.write_text(json.dumps(doc), "ascii")
    installed._last.clear()
    assert installed.entry_points(GROUP) == truth


def test_an_entry_point_whose_source_is_edited_in_the_cache_is_not_loaded(cache: Path, tmp_path: Path) -> None:
    """Review: a source outside the import path's metadata folders, declaring the edited value, made a run import it."""
    import json

    truth = installed.entry_points(GROUP)
    decoy = tmp_path / "decoy" / "x-1.0.dist-info"
    decoy.mkdir(parents=True)
    (decoy / "entry_points.txt").write_text(f"[{GROUP}]\n{truth[0].name} = this\n", "utf-8")
    (entry,) = (cache / "installed").glob("*.json")
    doc = json.loads(entry.read_text("ascii"))
    doc["groups"][GROUP][0][1] = "this"
    doc["groups"][GROUP][0][4] = str(decoy / "entry_points.txt")
    entry.write_text(json.dumps(doc), "ascii")
    installed._last.clear()
    assert installed.entry_points(GROUP) == truth


def test_an_entry_of_another_fingerprint_is_not_used(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry claiming a plugin that is not installed, under a stale fingerprint, is not believed."""
    import json

    truth = installed.entry_points(GROUP)
    (entry,) = (cache / "installed").glob("*.json")
    doc = json.loads(entry.read_text("ascii"))
    doc["groups"][GROUP].append(["ghost", "cc_no_such_module", "ghost", "9", ""])
    doc["fingerprint"] = "0" * 64
    entry.write_text(json.dumps(doc), "ascii")
    assert installed.entry_points(GROUP) == truth


def test_with_the_cache_off_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "none")
    assert [astuple(e)[:4] for e in installed.entry_points(GROUP)] == _truth()
    assert installed.version("PyYAML") == md.version("PyYAML")


def test_an_entry_point_loads_what_it_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cc_ep_target.py").write_text("class Holder:\n    class Inner:\n        value = 42\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert installed.EntryPoint("x", "cc_ep_target:Holder.Inner [extra]", "d", "1").load().value == 42
    assert installed.EntryPoint("x", "cc_ep_target", "d", "1").load() is sys.modules["cc_ep_target"]
    # review: extras without an attribute were taken for part of the module's name
    assert installed.EntryPoint("x", "cc_ep_target [extra]", "d", "1").load() is sys.modules["cc_ep_target"]
    assert installed.EntryPoint("x", "cc_ep_target : Holder [a,b]", "d", "1").load().Inner.value == 42
    with pytest.raises(ValueError):
        installed.EntryPoint("x", "cc_ep_target:Holder extra", "d", "1").load()


@pytest.mark.parametrize("folder", ["CC_Probe-1.0.DIST-INFO", "cc_probe.egg/EGG-INFO"])
def test_metadata_folders_of_every_spelling_are_in_the_fingerprint(cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    """Review: importlib.metadata reads these too (names in any case, an egg folder's EGG-INFO)."""
    site = tmp_path / "site"
    info = site / folder
    info.mkdir(parents=True)
    place = site / "cc_probe.egg" if folder.startswith("cc_probe.egg") else site
    monkeypatch.syspath_prepend(str(place))
    (info / ("PKG-INFO" if "EGG" in folder else "METADATA")).write_text("Metadata-Version: 2.1\nName: cc-probe\nVersion: 1.0\n", "utf-8")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nprobe = cc_probe_one\n", "utf-8")
    assert [astuple(e)[:4] for e in installed.entry_points(GROUP)] == _truth()
    (info / "entry_points.txt").write_text(f"[{GROUP}]\nprobe = cc_probe_two\n", "utf-8")
    _later(info / "entry_points.txt")
    assert [astuple(e)[:4] for e in installed.entry_points(GROUP)] == _truth()
    assert ("probe", "cc_probe_two") in [(e.name, e.value) for e in installed.entry_points(GROUP)]


def test_a_second_check_does_not_import_importlib_metadata(tmp_path: Path) -> None:
    env = {**os.environ, ENV: str(tmp_path / "cache")}
    argv = ["check", str(ROOT / "fixtures" / "compliant-unit"), "--quiet"]
    watch = ("importlib.metadata", "email")
    first = probe(argv, tmp_path, watch, env=env)
    time.sleep(0.01)
    second = probe(argv, tmp_path, watch, env=env)
    assert (first.code, second.code) == (0, 0), second.err
    assert first.loaded == ["email", "importlib.metadata"], "the first run asks importlib.metadata"
    assert second.loaded == [], "the second finds the answer kept"
    assert first.out == second.out
