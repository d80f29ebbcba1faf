"""The user's caches remember successes only, live in the user's cache folder, and are never trusted when broken.

compliancecheck/language/schemacache.py lets a run skip validating (and
importing jsonschema for) documents an earlier run found valid;
compliancecheck/language/yamlcache.py lets it skip parsing (and importing
PyYAML for) YAML files whose bytes an earlier run parsed. These tests hold
them to their promises through the CLI in fresh processes: an invalid pack
is refused with the same located errors with the caches as without,
however often it is run and whatever the caches held before; a changed
file is read as changed; corrupt entries are ignored; the pack and the
dataset folders gain no file; and the second run of a valid pack really
does skip jsonschema and PyYAML.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from conftest import probe

from compliancecheck.errors import RuleError
from compliancecheck.language import schemacache, yamlcache
from compliancecheck.language.yamlio import load_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

def _run(argv: list[str], cache: Path | str, tmp_path: Path) -> tuple[int, str, str, bool, bool]:
    """Exit code, stdout, stderr and whether jsonschema and PyYAML were imported, in a fresh process."""
    env = {k: v for k, v in os.environ.items() if k != schemacache.ENV}
    env[schemacache.ENV] = str(cache)
    run = probe(argv, tmp_path, ("jsonschema", "yaml"), env=env)
    return run.code, run.out, run.err, "jsonschema" in run.loaded, "yaml" in run.loaded


@pytest.fixture
def work(tmp_path: Path) -> tuple[Path, Path]:
    pack = tmp_path / "pack"
    data = tmp_path / "data"
    shutil.copytree(DATA / "packs" / "mini", pack)
    shutil.copytree(DATA / "datasets" / "mini-pass", data)
    return pack, data


def _files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_a_valid_pack_is_validated_once_and_the_report_is_the_same(work: tuple[Path, Path], tmp_path: Path) -> None:
    pack, data = work
    cache = tmp_path / "cache"
    argv = ["check", str(data), "--rules", str(pack)]
    before = _files(pack), _files(data)
    plain = _run(argv, "none", tmp_path)
    first = _run(argv, cache, tmp_path)
    second = _run(argv, cache, tmp_path)
    assert plain[:3] == first[:3] == second[:3]
    assert plain[3] and first[3], "without a remembered pass jsonschema validates"
    assert not second[3], "the second run found every document's pass in the cache"
    assert list((cache / "yaml").glob("*.json")), "the pack's files were kept"
    assert (_files(pack), _files(data)) == before, "the cache is never written into a pack or a dataset"
    lines = (cache / "schema-valid.txt").read_text("ascii").splitlines()
    assert lines[0] == schemacache.FORMAT and len(lines) > 5


@pytest.mark.parametrize("when", ["never valid", "valid before"])
def test_an_invalid_pack_is_refused_with_the_same_located_errors(work: tuple[Path, Path], tmp_path: Path, when: str) -> None:
    pack, data = work
    cache = tmp_path / "cache"
    argv = ["check", str(data), "--rules", str(pack)]
    if when == "valid before":
        assert _run(argv, cache, tmp_path)[0] == 0
    text = (pack / "pack.yaml").read_text()
    (pack / "pack.yaml").write_text(text.replace("objective: To test the engine.", "objective: To test the engine.\nobjectve: a typo"))
    rule_file = next((pack / "rules").glob("*.yaml"))
    plain = _run(argv, "none", tmp_path)
    assert plain[0] == 2 and "pack.yaml:" in plain[2] and "objectve" in plain[2]
    for _ in range(2):
        assert _run(argv, cache, tmp_path)[:3] == plain[:3]
    # a rule file broken after a run that cached it: refused as without a cache
    (pack / "pack.yaml").write_text(text)
    rules = rule_file.read_text()
    rule_file.write_text(rules.replace("table:", "tabel:", 1))
    plain = _run(argv, "none", tmp_path)
    assert plain[0] == 2 and f"{rule_file.name}:" in plain[2]
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]


@pytest.mark.parametrize(
    "content",
    [b"garbage\n", b"", b"\xff\xfe", schemacache.FORMAT.encode() + b"\nnot-a-digest\n", schemacache.FORMAT.encode() + b"\n" + b"a" * 64,
     schemacache.FORMAT.encode() + b"\n" + b"a" * 63 + b"g\n"],
    ids=["garbage", "empty", "not text", "a bad line", "cut short", "not hex"],
)
def test_a_corrupt_cache_is_ignored_and_rewritten(work: tuple[Path, Path], tmp_path: Path, content: bytes) -> None:
    pack, data = work
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "schema-valid.txt").write_bytes(content)
    argv = ["check", str(data), "--rules", str(pack)]
    plain = _run(argv, "none", tmp_path)
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]
    lines = (cache / "schema-valid.txt").read_text("ascii").splitlines()
    assert lines[0] == schemacache.FORMAT and all(len(line) == 64 for line in lines[1:])
    assert "a" * 64 not in lines


def test_a_cache_that_cannot_be_written_is_not_used(work: tuple[Path, Path], tmp_path: Path) -> None:
    pack, data = work
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    argv = ["check", str(data), "--rules", str(pack)]
    assert _run(argv, blocker / "cache", tmp_path)[:3] == _run(argv, "none", tmp_path)[:3]


def test_the_cache_lives_in_the_user_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(schemacache.ENV, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert schemacache.cache_file() == tmp_path / "xdg" / "compliancecheck" / "schema-valid.txt"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # not absolute: ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert schemacache.cache_file() == tmp_path / "home" / ".cache" / "compliancecheck" / "schema-valid.txt"
    monkeypatch.setenv(schemacache.ENV, "none")
    assert schemacache.cache_file() is None


def test_digests_tell_apart_what_a_validator_tells_apart() -> None:
    schema = {"type": "object"}
    values = [{"a": 1}, {"a": 1.0}, {"a": True}, {"a": "1"}, {1: 1}, {"1": 1}, {"a": [1]}, {"a": None}, {"a": {}}]
    digests = [schemacache.digest(schema, v) for v in values]
    assert None not in digests and len(set(digests)) == len(values)
    assert schemacache.digest({"type": "string"}, "x") != schemacache.digest({"type": "integer"}, "x")
    # anything but plain values is never remembered
    assert schemacache.digest(schema, {"a": (1,)}) is None
    assert schemacache.digest(schema, {"a": object()}) is None


def test_a_changed_yaml_file_is_read_as_changed(work: tuple[Path, Path], tmp_path: Path) -> None:
    pack, data = work
    cache = tmp_path / "cache"
    argv = ["check", str(fixture_data()), "--rules", str(pack)]
    first = _run(argv, cache, tmp_path)
    assert first[0] == 1 and "Work plan" not in first[1]
    text = (pack / "pack.yaml").read_text()
    (pack / "pack.yaml").write_text(text.replace("title: Planning", "title: Work plan"))
    second = _run(argv, cache, tmp_path)
    assert second[:3] == _run(argv, "none", tmp_path)[:3]
    assert "Work plan" in second[1]


def fixture_data() -> Path:
    return DATA / "datasets" / "mini-fail"


def _filled_cache(work: tuple[Path, Path], tmp_path: Path) -> tuple[list[str], Path, tuple[int, str, str, bool, bool], list[Path]]:
    """A check run once without caches and once filling them: its argv, the cache, the plain result and the YAML entries."""
    pack, data = work
    cache = tmp_path / "cache"
    argv = ["check", str(data), "--rules", str(pack)]
    plain = _run(argv, "none", tmp_path)
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]
    entries = sorted((cache / "yaml").glob("*.json"))
    assert entries
    return argv, cache, plain, entries


def test_broken_cache_entries_are_ignored(work: tuple[Path, Path], tmp_path: Path) -> None:
    argv, cache, plain, entries = _filled_cache(work, tmp_path)
    spoilt = [
        b"garbage",
        b"",
        json.dumps({"format": "other", "key": "x", "value": {}, "marks": []}).encode(),
        # well-formed, but filed under another entry's key: not trusted
        entries[0].read_bytes(),
        json.dumps({"format": yamlcache.FORMAT, "key": entries[-1].stem, "value": {}, "marks": [["a", 1, 1]]}).encode(),
    ]
    for i, entry in enumerate(entries[1:]):
        entry.write_bytes(spoilt[i % len(spoilt)])
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]


def test_documents_json_cannot_hold_exactly_are_not_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(schemacache.ENV, str(tmp_path / "cache"))
    cases = {
        "numbers.yaml": "1: one\n2: two\n",
        "binary.yaml": "a: !!binary aGVsbG8=\n",
        "large.yaml": "a: " + "x" * yamlcache.MAX_BYTES + "\n",
        "plain.yaml": "a: [1, 1.0, true, null, 'x']\n",
    }
    for name, text in cases.items():
        (tmp_path / name).write_text(text)
        first = load_yaml(tmp_path / name, name, RuleError, cache=True)
        again = load_yaml(tmp_path / name, name, RuleError, cache=True)
        assert repr(first.value) == repr(again.value) and first.marks == again.marks
    kept = [json.loads(p.read_text())["value"] for p in (tmp_path / "cache" / "yaml").glob("*.json")]
    assert kept == [{"a": [1, 1.0, True, None, "x"]}]


def test_the_same_bytes_under_another_name_are_their_own_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors and evidence name the file as shown: a cached document keeps the name it is read under."""
    monkeypatch.setenv(schemacache.ENV, str(tmp_path / "cache"))
    (tmp_path / "a.yaml").write_text("x: 1\n")
    assert load_yaml(tmp_path / "a.yaml", "first.yaml", cache=True).locate(("x",)).file == "first.yaml"
    assert load_yaml(tmp_path / "a.yaml", "second.yaml", cache=True).locate(("x",)).file == "second.yaml"
    assert len(list((tmp_path / "cache" / "yaml").glob("*.json"))) == 2


def test_a_units_own_yaml_is_never_copied_into_the_cache(tmp_path: Path) -> None:
    """unit.yaml, responses and the like hold a unit's data: parsed every time, never kept outside its folder."""
    cache = tmp_path / "cache"
    argv = ["check", str(ROOT / "fixtures" / "minusma-ssr"), "--quiet", "--output", str(tmp_path / "r.txt")]
    assert _run(argv, cache, tmp_path)[0] == 1
    unit_text = (ROOT / "fixtures" / "minusma-ssr" / "unit.yaml").read_text()
    marker = next(line.split(":", 1)[1].strip() for line in unit_text.splitlines() if line.startswith("name:"))
    assert marker and (cache / "yaml").is_dir()
    assert not any(marker in p.read_text() for p in (cache / "yaml").glob("*.json"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_a_device_in_place_of_a_cache_file_is_ignored(work: tuple[Path, Path], tmp_path: Path) -> None:
    # a named pipe once blocked the run for ever, and a link to /dev/zero filled memory
    argv, cache, plain, entries = _filled_cache(work, tmp_path)
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    (cache / "schema-valid.txt").unlink()
    (cache / "schema-valid.txt").symlink_to("/dev/zero")
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]
    (cache / "schema-valid.txt").unlink()
    os.mkfifo(cache / "schema-valid.txt")
    assert _run(argv, cache, tmp_path)[:3] == plain[:3]


@pytest.mark.parametrize(
    "marks",
    [
        [["a", 1, 1]], [[["a", True], 1, 1]], [[["a"], 1.0, 1]], [[["a"], 1, "1"]], [[["a"], 1, 1, 1]], [[["a"], 1]],
        [[["a", None], 1, 1]], [[["a", {"b": 1}], 1, 1]], [[["a", ["b"]], 1, 1]], [[["a"], 1, 1], "x"], [[["a"], True, 1]],
    ],
    ids=["path not a list", "true in a path", "line a decimal", "column text", "four parts", "two parts",
         "null in a path", "object in a path", "list in a path", "a mark not a list", "line true"],
)
def test_marks_of_any_other_shape_are_not_taken(marks: list) -> None:
    assert yamlcache._marks(marks) is None


def test_marks_read_back_as_written() -> None:
    assert yamlcache._marks([]) == {}
    assert yamlcache._marks([[[], 1, 1], [["rules", 0, "id"], 3, 5]]) == {(): (1, 1), ("rules", 0, "id"): (3, 5)}
