"""The committed example reports of fixtures/minusma-ssr stay what the tool writes.

docs/examples/ holds the draft report in Markdown and HTML, so a reader can
see it without installing anything; this test fails when they are stale.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("fmt, suffix", [("markdown", "md"), ("html", "html")])
def test_example_report_is_fresh(process, fmt, suffix):
    committed = (ROOT / "docs" / "examples" / f"minusma-ssr.{suffix}").read_text("utf-8")
    result = process("check", "fixtures/minusma-ssr", "--format", fmt, cwd=ROOT)
    assert result.code == 1, result.err
    assert result.out == committed, (
        f"docs/examples/minusma-ssr.{suffix} is stale; regenerate it with: "
        f"python3 -m compliancecheck check fixtures/minusma-ssr --format {fmt} --output docs/examples/minusma-ssr.{suffix}"
    )


@pytest.mark.parametrize("fmt, suffix", [("markdown", "md"), ("html", "html")])
def test_french_example_report_is_fresh(process, fmt, suffix):
    committed = (ROOT / "docs" / "examples" / f"minusma-ssr.fr.{suffix}").read_text("utf-8")
    result = process("check", "fixtures/minusma-ssr", "--language", "fr", "--format", fmt, cwd=ROOT)
    assert result.code == 1, result.err
    assert result.out == committed, (
        f"docs/examples/minusma-ssr.fr.{suffix} is stale; regenerate it with: "
        f"python3 -m compliancecheck check fixtures/minusma-ssr --language fr --format {fmt} --output docs/examples/minusma-ssr.fr.{suffix}"
    )


def test_example_word_report_is_fresh(process, tmp_path):
    out = tmp_path / "minusma-ssr.docx"
    result = process("check", "fixtures/minusma-ssr", "--format", "docx", "--output", out, cwd=ROOT)
    assert result.code == 1, result.err
    assert out.read_bytes() == (ROOT / "docs" / "examples" / "minusma-ssr.docx").read_bytes(), (
        "docs/examples/minusma-ssr.docx is stale; regenerate it with: "
        "python3 -m compliancecheck check fixtures/minusma-ssr --format docx --output docs/examples/minusma-ssr.docx"
    )


def test_french_example_word_report_is_fresh(process, tmp_path):
    out = tmp_path / "minusma-ssr.fr.docx"
    result = process("check", "fixtures/minusma-ssr", "--language", "fr", "--format", "docx", "--output", out, cwd=ROOT)
    assert result.code == 1, result.err
    assert out.read_bytes() == (ROOT / "docs" / "examples" / "minusma-ssr.fr.docx").read_bytes(), (
        "docs/examples/minusma-ssr.fr.docx is stale; regenerate it with: "
        "python3 -m compliancecheck check fixtures/minusma-ssr --language fr --format docx --output docs/examples/minusma-ssr.fr.docx"
    )
