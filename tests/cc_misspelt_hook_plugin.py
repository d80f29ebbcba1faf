"""A plugin implementing a hook that does not exist (a typo of compliancecheck_operators)."""

from compliancecheck import hookimpl


@hookimpl
def compliancecheck_operator() -> list:
    return []
