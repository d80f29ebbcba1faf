"""The end of the command's process: what Python's shutdown must do, without the teardown."""

from __future__ import annotations

import sys
from typing import NoReturn

__all__ = ["finish"]


def finish(code: int) -> NoReturn:
    """End the process with ``code`` once the command is done, without tearing down the interpreter.

    A ``check`` leaves pandas, NumPy and pyarrow loaded with the packs and
    tables: Python's own shutdown then frees module after module and runs
    the cycle collector over them all, some 60 to 90 ms on the bundled
    fixture, for memory the operating system takes back at once anyway.
    What shutdown must still do is done here, in its order: the ``atexit``
    handlers (logging, temporary folders, multiprocessing, a plugin's own),
    then standard output and error are flushed. The command has closed every
    file it wrote (reports are written whole, then renamed into place). When
    a thread other than a daemon one is still alive (Python would wait for
    it), or standard output cannot be flushed (a closed pipe, which Python
    reports in its own way), the usual shutdown runs instead.
    """
    import atexit
    import os

    threading = sys.modules.get("threading")
    if threading is not None and any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        raise SystemExit(code)
    if not _flushed():
        raise SystemExit(code)
    atexit._run_exitfuncs()  # runs each handler once: a later shutdown finds none left
    if not _flushed():  # a handler wrote, and the stream is gone
        raise SystemExit(code)
    os._exit(code)


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # BrokenPipeError, a stream already closed, or one a caller put there that cannot flush
        return False
    return True
