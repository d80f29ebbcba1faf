"""The hook reference (docs/hooks.md), generated from the hookspecs' docstrings.

Kept in the package so ``python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md``
regenerates it and a test can tell when the committed copy is stale.
"""

from __future__ import annotations

import inspect

from . import hookspecs


def render() -> str:
    """Markdown: one section per hook, with its signature and documentation."""
    lines = [
        "# Hook reference",
        "",
        "Generated from `compliancecheck/plugins/hookspecs.py` by `python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md`;",
        "do not edit by hand. Implement a hook with `@compliancecheck.hookimpl` in a module announced in the",
        "`compliancecheck` entry-point group, or loaded with `--plugin module.name`.",
        "",
    ]
    for name, func in sorted(vars(hookspecs).items()):
        if not name.startswith("compliancecheck_") or not callable(func):
            continue
        sig = str(inspect.signature(func)).replace("'", "")
        lines += [f"## `{name}`", "", "```python", f"def {name}{sig}", "```", ""]
        lines += [inspect.cleandoc(func.__doc__ or ""), ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render())
