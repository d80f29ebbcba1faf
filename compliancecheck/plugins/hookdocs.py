"""The hook reference (docs/hooks.md), generated from the hookspecs' docstrings.

Kept in the package so ``python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md``
regenerates it and a test can tell when the committed copy is stale.

Each hook is documented as pluggy's and tox's are: what it is for, each
parameter (``:param name:``), what it returns (``:returns:``) and the
version it appeared in (``.. versionadded::``). A hook missing any of them,
or documenting a parameter it does not have, is refused here, so the
reference cannot quietly fall behind the code.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

import msgspec

from . import hookspecs

__all__ = ["HookDoc", "parse", "render"]

_FIELD = re.compile(r"^:(param (?P<param>\w+)|returns):\s*(?P<text>.*)$")
_SINCE = re.compile(r"^\.\. versionadded:: (?P<version>\S+)\s*$")


class HookDoc(msgspec.Struct, frozen=True):
    """One hook's documentation, split into the parts the reference shows."""

    name: str
    signature: str
    text: str
    params: tuple[tuple[str, str, str], ...]  # (name, annotation, text)
    returns: tuple[str, str]  # (annotation, text)
    since: str


def parse(name: str, func: Callable[..., Any]) -> HookDoc:
    """Split a hookspec's docstring into text, parameters, returns and since-version."""
    lines = inspect.cleandoc(func.__doc__ or "").splitlines()
    text: list[str] = []
    fields: dict[str, list[str]] = {}
    current: list[str] | None = None
    since = ""
    for line in lines:
        field, version = _FIELD.match(line), _SINCE.match(line)
        if field:
            key = f"param {field['param']}" if field["param"] else "returns"
            if key in fields:
                raise ValueError(f"hookspec {name}: {key} is documented twice")
            current = fields[key] = [field["text"]]
        elif version:
            since, current = version["version"], None
        elif current is not None and line.startswith("    "):
            current.append(line.strip())
        elif current is not None and not line.strip():
            current = None
        elif current is None:
            text.append(line)
        else:
            raise ValueError(f"hookspec {name}: text after a field must be indented: {line!r}")
    sig = inspect.signature(func)
    wanted = list(sig.parameters)
    given = [k.split(" ", 1)[1] for k in fields if k.startswith("param ")]
    problems = [f"parameter {p!r} is not documented (:param {p}:)" for p in wanted if p not in given]
    problems += [f":param {p}: names no parameter of the hook" for p in given if p not in wanted]
    if "returns" not in fields:
        problems.append("what it returns is not documented (:returns:)")
    if not since:
        problems.append("the version it appeared in is not documented (.. versionadded:: X.Y.Z)")
    if problems:
        raise ValueError(f"hookspec {name}: " + "; ".join(problems))

    def annotation(value: Any) -> str:
        return str(value).replace("'", "")

    params = tuple((p, annotation(sig.parameters[p].annotation), " ".join(fields[f"param {p}"])) for p in wanted)
    returns = (annotation(sig.return_annotation), " ".join(fields["returns"]))
    return HookDoc(name, str(sig).replace("'", ""), "\n".join(text).strip(), params, returns, since)


def hooks() -> list[HookDoc]:
    """Every ``compliancecheck_*`` hookspec, by name."""
    return [parse(name, func) for name, func in sorted(vars(hookspecs).items()) if name.startswith("compliancecheck_") and callable(func)]


def render() -> str:
    """Markdown: one section per hook, with its signature, parameters, returns and since-version."""
    lines = [
        "# Hook reference",
        "",
        "Generated from `compliancecheck/plugins/hookspecs.py` by `python3 -m compliancecheck.plugins.hookdocs > docs/hooks.md`;",
        "do not edit by hand. Implement a hook with `@compliancecheck.hookimpl` in a module announced in the",
        "`compliancecheck` entry-point group, or loaded with `--plugin module.name`.",
        "",
    ]
    for doc in hooks():
        lines += [f"## `{doc.name}`", "", "```python", f"def {doc.name}{doc.signature}", "```", "", doc.text, ""]
        lines += ["**Parameters:**", ""]
        lines += [f"- `{p}` (`{ann}`): {text}" for p, ann, text in doc.params] or ["none."]
        lines += ["", f"**Returns** (`{doc.returns[0]}`): {doc.returns[1]}", "", f"**Since:** {doc.since}", ""]
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":  # pragma: no cover
    import sys

    sys.stdout.write(render())
