"""Checking an organisation in partitions of whole units: larger than memory, or on a cluster.

Every built-in operator judges a unit from that unit's rows alone, so an
organisation splits exactly into partitions of whole units with all their
tables. :mod:`.plan` cuts the units into partitions of about equal rows,
reading only the unit column; :mod:`.task` checks one partition (loading
only its units' rows, with each row's place in its file kept) and returns
its findings in a flat form; :mod:`.driver` runs the tasks one after another
or on Dask and merges them into the report a single run gives, byte for
byte. The task knows nothing of Dask, so another executor can be added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..plugins.lazy import lazy_attributes

if TYPE_CHECKING:
    from .driver import check_partitioned, refuse_non_local
    from .plan import Partition, Plan, UnitRows, count_unit_rows, plan_partitions


__all__ = ["ENGINES", "check_partitioned", "refuse_non_local", "Partition", "Plan", "UnitRows", "count_unit_rows", "plan_partitions"]

#: Where partitions run (``check --engine``): this process, or a Dask cluster.
ENGINES = ("local", "dask")

# The modules are imported on first use (PEP 562): ``check`` offers --engine
# on every run, and a run in one piece needs none of them.
_WHERE = {
    "check_partitioned": "driver", "refuse_non_local": "driver",
    "Partition": "plan", "Plan": "plan", "UnitRows": "plan", "count_unit_rows": "plan", "plan_partitions": "plan",
}


__getattr__, __dir__ = lazy_attributes(__name__, _WHERE, globals())
