"""Python's cycle collector paused while the engine or a format builds many small objects.

Evaluating 27 rules over 1,500 units builds some 40,000 findings with their
evidence, measures and texts; rendering them builds a dict, list or line
for each. None of these objects is part of a reference cycle, yet every
few hundred new containers made the collector run, and its older
generations walk every object alive (the loaded tables' indexes, the
report, every imported module). Measured on the benchmark organisation:
about 15 per cent of evaluation and 60 per cent of building the JSON
document. The collector runs again, and collects whatever it missed, as
soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused", "long_lived"]


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """The block runs without the cycle collector; it is switched back on after (if it was on).

    With ``freeze``, what the block made is kept out of the collector's walks
    (``gc.freeze``) before it is switched back on: for start-up (modules
    imported, the parser, the packs), whose objects live as long as the
    process. Otherwise the first container made after the block starts a
    collection of the youngest generation, which then holds every object
    the block made: some 25 ms on the bundled fixture, after pandas' import,
    to find nothing to free. :func:`long_lived` puts them back at its end.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def long_lived() -> Iterator[None]:
    """Every object made before the block is left out of the collector's walks during it.

    A command's start-up (its modules, pandas' and pyarrow's, the loaded
    packs) makes some hundred thousand objects that live for the whole run;
    each full collection walked them all again. Frozen (``gc.freeze``) they
    are skipped: about 5 per cent of a small check's time. They are put
    back after the block, so a process running many commands (the tests,
    the Python API) still collects what an earlier command left behind.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
