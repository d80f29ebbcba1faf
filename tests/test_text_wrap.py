"""The text format's fast wrapper gives exactly what textwrap gives."""

from __future__ import annotations

import random
import textwrap

from compliancecheck.builtin.formats.text import _WIDTH, _wrap

WORDS = ["a", "of", "the", "meetings", "(57", "per", "cent)", "x" * 30, "y" * 85, "2021-10-03", "é", "held;", "--", "—", "\t", "SSR-DDR", "-5", "a-b", "x--y", "pre-", "10-a", "ab-1", "é-è"]
# paths and compounds with hyphens, as evidence lines and conditions hold them
WORDS += ["org-1500-s7/vetting.parquet", "security-sector", "non-compliant:"]


def test_wrap_matches_textwrap_on_random_text() -> None:
    rng = random.Random(3)
    for _ in range(5000):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.1:
            text = " " + text.replace(" ", "  ", 1)
        for indent in ("  ", "    ", "      "):
            expected = textwrap.fill(text, width=_WIDTH, initial_indent=indent, subsequent_indent=indent)
            assert _wrap(text, indent) == expected, text
