"""The end of the command's process: what Python's shutdown must do, without the teardown."""

from __future__ import annotations

import sys
from typing import Any, NoReturn, TextIO

__all__ = ["finish", "guard_streams", "unwritable"]


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
    code = _said(code)
    if not _flushed():
        raise SystemExit(code)
    atexit._run_exitfuncs()  # runs each handler once: a later shutdown finds none left
    if not _flushed():  # a handler wrote, and the stream is gone
        raise SystemExit(code)
    os._exit(code)


def _said(code: int) -> int:
    """``code``, or 2 when what the command printed could not all be written (said on standard error)."""
    from ..errors import ComplianceError

    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except ComplianceError as exc:  # the guarded stream's own failure (a full disk), once
        if sys.stderr is not None:
            sys.stderr.write(f"compliancecheck: {exc.kind} error: {exc}\n")
        return EXIT_INVALID
    except Exception:
        pass  # a stream a caller put there: the usual shutdown says what it can
    return code


def _flushed() -> bool:
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # BrokenPipeError, a stream already closed, or one a caller put there that cannot flush
        return False
    return True


#: Bad input, or output that could not be written (the command line's exit 2).
EXIT_INVALID = 2


def unwritable(name: str, exc: OSError) -> Exception:
    """The located error for a standard stream that cannot be written (a full disk): exit 2, never an internal error."""
    from ..errors import UsageError

    return UsageError(f"{name}: cannot write: {exc.strerror or exc}; what was to be printed there did not reach it")


_STDERR = "standard error"


class _LeavingReader:
    """Standard output or error whose reader may go away (``| head``): what follows goes nowhere.

    Unguarded, the first line written after the reader left raised
    BrokenPipeError out of the command: ``validate`` of an invalid dataset
    then exited 0, and a message of bad input on standard error ended the
    process with Python's exit 1, which reads as "findings". Guarded, the
    command runs to its end and exits by its verdict. Other failures (a
    full disk) of standard output still raise, for the command to say; those of
    standard error, which would say them, leave the exit code as it was.
    """

    def __init__(self, stream: TextIO, name: str) -> None:
        self._stream = stream
        self._name = name

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            to_null(self._stream)
            return len(text)
        except OSError as exc:
            to_null(self._stream)  # said once; what is still buffered must not fail again
            if self._name == _STDERR:
                return len(text)  # the failure of the stream that says failures: nowhere to say it
            raise unwritable(self._name, exc) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            to_null(self._stream)
        except OSError as exc:
            to_null(self._stream)
            if self._name != _STDERR:
                raise unwritable(self._name, exc) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def to_null(stream: TextIO) -> None:
    """Point the stream's descriptor at the null device: what it still holds, and whatever else is
    printed to it, is then written there instead of failing again when its reader has gone."""
    import os

    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def guard_streams() -> None:
    """Standard output and error that survive their reader leaving (see :class:`_LeavingReader`); the process's own, once."""
    if sys.stdout is not None and not isinstance(sys.stdout, _LeavingReader):
        sys.stdout = _LeavingReader(sys.stdout, "standard output")
    if sys.stderr is not None and not isinstance(sys.stderr, _LeavingReader):
        sys.stderr = _LeavingReader(sys.stderr, _STDERR)
