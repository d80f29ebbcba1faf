"""The README stays short, every link in it and in docs/ leads somewhere, and the examples run.

A Python example runs as written from the checkout; a YAML example parses; a shell example's
``compliancecheck`` commands run (in a scratch folder holding a copy of ``fixtures/``) and exit as they would for a reader (0, or 1 when the example
checks data with findings). An example that cannot run here says so in a comment on the line
before its fence: ``<!-- example: not run (reason) -->``.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"(?P<before>[^\n]*)\n```(?P<lang>[a-z]*)\n(?P<body>.*?)\n```", re.S)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def _slug(title: str) -> str:
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
    return {_slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.*)$", text, re.M)}


def _examples() -> list[tuple[str, str, str, str]]:
    out = []
    for page in PAGES:
        text = "\n" + page.read_text("utf-8")
        for m in FENCE.finditer(text):
            line = text[: m.start("body")].count("\n")
            out.append((f"{page.relative_to(ROOT)}:{line}", m.group("lang"), m.group("body"), m.group("before")))
    return out


EXAMPLES = _examples()


def test_readme_is_short():
    assert (ROOT / "README.md").stat().st_size < 10 * 1024


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_links_lead_somewhere(page):
    text = re.sub(r"```.*?```", "", page.read_text("utf-8"), flags=re.S)
    dead = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue  # a web address: not fetched in tests
        path, _, anchor = target.partition("#")
        where = (page.parent / path).resolve() if path else page
        if not where.exists():
            dead.append(target)
        elif anchor and where.suffix == ".md" and anchor not in _anchors(where):
            dead.append(target)
    assert dead == []


@pytest.mark.parametrize(("where", "lang", "body", "before"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_examples_run(where, lang, body, before, tmp_path):
    if "example: not run" in before:
        assert re.search(r"example: not run \(.+\)", before), f"{where}: say why the example is not run"
        return
    if lang == "python" and where.startswith("docs/hooks.md"):
        compile(body + ": ...", where, "exec")  # a hook's signature, rendered from hookspecs.py
    elif lang == "python":
        r = subprocess.run([sys.executable, "-c", body], cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert r.returncode == 0, f"{where}:\n{r.stderr}"
    elif lang == "yaml":
        assert yaml.safe_load(body) is not None, where
    elif lang in ("sh", "console"):
        for command in [c for line in body.splitlines() for c in line.split("&&")]:
            words = shlex.split(command.split("#", 1)[0])
            if not words or words[0] != "compliancecheck":
                continue  # installation and other tools' commands are not run here
            if not (tmp_path / "fixtures").exists():  # outputs go to a scratch folder, never the checkout
                shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
            r = subprocess.run([sys.executable, "-m", "compliancecheck", *words[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=600)
            assert r.returncode in (0, 1), f"{where}: {command}\n{r.stderr}"
