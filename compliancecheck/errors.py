"""The few exceptions compliancecheck raises, each carrying where the problem is.

Every error a user can cause (bad data, bad rules, bad usage) is a
:class:`ComplianceError`. The command line prints ``str(error)`` and exits
with code 2, never a traceback, so the message must be enough to act on:
it names the file, the line or row, the column, what was found and what
was expected.
"""

from __future__ import annotations

from typing import Any

import msgspec


class Location(msgspec.Struct, frozen=True):
    """Where a problem sits, in the coordinates the user sees.

    ``line`` and ``column`` are 1-based positions in a text file (YAML,
    CSV); ``row`` is the spreadsheet row or data line number as the user
    would look it up; ``field`` is a column name or a JSON path.
    """

    file: str | None = None
    line: int | None = None
    column: int | None = None
    row: int | None = None
    sheet: str | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        head = self.file or ""
        if self.sheet:
            head += f"[{self.sheet}]"
        if self.line is not None:
            head += f":{self.line}"
            if self.column is not None:
                head += f":{self.column}"
        if head:
            parts.append(head)
        detail: list[str] = []
        if self.row is not None:
            detail.append(f"row {self.row}")
        if self.field is not None:
            detail.append(f"column {self.field!r}" if self.row is not None else self.field)
        text = ": ".join(parts)
        if detail:
            text = f"{text}: {', '.join(detail)}" if text else ", ".join(detail)
        return text

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k in self.__struct_fields__ if (v := getattr(self, k)) is not None}


class Problem(msgspec.Struct):
    """One located message; an error may carry several."""

    message: str
    location: Location = msgspec.field(default_factory=Location)

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "location": self.location.to_dict()}


class ComplianceError(Exception):
    """Base class: invalid input of any kind. The CLI maps it to exit code 2."""

    kind = "error"

    def __init__(self, problems: str | Problem | list[Problem], location: Location | None = None):
        if isinstance(problems, str):
            problems = [Problem(problems, location or Location())]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "problems": [p.to_dict() for p in self.problems]}


class RuleError(ComplianceError):
    """A rule pack (pack.yaml, a rule file, a schema) is invalid."""

    kind = "rules"


class DataError(ComplianceError):
    """A dataset is missing, unreadable or does not match its schemas."""

    kind = "data"


class PluginError(ComplianceError):
    """A plugin failed to load or registered something invalid."""

    kind = "plugin"


class UsageError(ComplianceError):
    """The command was called with arguments that cannot work."""

    kind = "usage"


class InternalFault(Exception):
    """A fault in code (the tool's or a plugin's), caught where it happened: not bad input.

    Its message is the whole sentence: which rule, which operator, what went
    wrong, and that it is a fault to report. The command line prints it as an
    internal error and exits 3, never 2: the user's data are not to blame, and
    a pipeline must not read a bug as a dataset to fix.
    """

