"""Input files are regular files, read without following a way out of their folder.

Every file the tool reads (a table, ``unit.yaml``, exceptions and
responses, a rule file, a schema, ``--baseline`` and ``--previous``) goes
through here, because the operating system offers more than files under a
name: a pipe blocks a reader forever, ``/dev/zero`` never ends, a link may
point at nothing, at itself, or at ``/``. Each of those is refused with a
located error before a byte is read, and bytes are read from a descriptor
opened without blocking and checked to be a regular file, so the check
and the read see the same file.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import sys
import struct
import zipfile
import zlib
from pathlib import Path
from functools import cache
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    import numpy as np

from .errors import ComplianceError, Location
from .limits import MAX_INPUT_BYTES, MAX_NESTING

__all__ = ["refuse_irregular", "read_input", "line_column", "link_problem", "parse_json", "json_too_deep", "zip_part_problem"]


def link_problem(path: Path, root: Path | None = None, inside: str = "the dataset") -> str | None:
    """Why a link cannot be followed (dangling, looping, leaving ``root``, called ``inside``), or None."""
    try:
        is_link = path.is_symlink()
    except OSError:
        return None
    if not is_link:
        return None
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        return "a link that loops back on itself is not read"
    except FileNotFoundError:
        return "a link to a file that does not exist"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "a link that loops back on itself is not read"
        return f"a link that cannot be followed ({exc.strerror})"
    if root is not None and not target.is_relative_to(root.resolve()):
        return f"path outside {inside} (a link to a {'folder' if target.is_dir() else 'file'} elsewhere is not read)"
    return None


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def refuse_irregular(path: Path, shown: str, error: type[ComplianceError], *, root: Path | None = None) -> None:
    """Raise ``error`` unless ``path`` is a regular file (inside ``root`` when given)."""
    problem = link_problem(path, root)
    if problem:
        raise error(problem, Location(file=shown))
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise error("no such file", Location(file=shown)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    if not stat.S_ISREG(mode):
        raise error(f"{_kind(mode)} is not read; give a regular file", Location(file=shown))


def read_input(path: Path, shown: str, error: type[ComplianceError], *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` of them, else ``error``.

    Opened with ``O_NONBLOCK`` so a pipe cannot block the open, then checked
    on the open descriptor: what is read is what was checked.
    """
    problem = link_problem(path)
    if problem:
        raise error(problem, Location(file=shown))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise error("no such file", Location(file=shown)) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"{_kind(st.st_mode)} is not read; give a regular file", Location(file=shown))
        if st.st_size > limit:
            raise error(f"the file is larger than {limit // 2**20} MiB, the limit for this kind of file", Location(file=shown))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=True) as fh:
            fd = -1
            data = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror}", Location(file=shown)) from None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(data) > limit:
        raise error(f"the file is larger than {limit // 2**20} MiB, the limit for this kind of file", Location(file=shown))
    return data


#: A \\u escape of half a UTF-16 pair without its other half: Python would read it into a
#: string that cannot be written out again.
_LONE_SURROGATE = re.compile(
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)


#: Bytes of a JSON text scanned at a time for its depth: the scan's arrays stay small enough for the cache.
_DEPTH_CHUNK = 1 << 18


@cache
def _json_bytes() -> np.ndarray:
    """What each byte is to the depth scan: 1 a quote, 2 an opening bracket, 3 a closing one, 0 anything else.

    Built on first use, with numpy imported then: reading a rule pack's files
    (``rules list``) must not import it."""
    import numpy as np

    table = np.zeros(256, dtype=np.uint8)
    table[[0x22]] = 1
    table[[0x5B, 0x7B]] = 2
    table[[0x5D, 0x7D]] = 3
    return table


def json_too_deep(raw: bytes, limit: int = MAX_NESTING) -> int | None:
    """The offset of the first bracket that opens level ``limit + 1`` of a JSON text, or None.

    Python's reader has no depth limit of its own but the interpreter's
    recursion limit, which depends on the depth of the caller. This scan
    bounds the depth before parsing, over whole arrays (a chunk at a time),
    never byte by byte in Python: a quote preceded by an odd number of
    backslashes is escaped; the others open and close strings; brackets
    outside strings move the depth. On JSON that is not valid the answer
    may be off, and the parser says what is wrong instead.
    """
    if len(raw) <= _DEPTH_CHUNK and raw.count(b"[") + raw.count(b"{") <= limit:
        return None
    import numpy as np

    data = np.frombuffer(raw, dtype=np.uint8)
    depth = 0
    in_string = 0
    carry = 0  # backslashes that end the previous chunk
    for start in range(0, len(data), _DEPTH_CHUNK):
        chunk = data[start : start + _DEPTH_CHUNK]
        kinds = _json_bytes().take(chunk)
        quotes = np.flatnonzero(kinds == 1)
        brackets = np.flatnonzero(kinds > 1)
        if len(quotes) and (carry or raw.find(b"\\", start, start + len(chunk)) >= 0):
            quotes = quotes[~_escaped(chunk, quotes, carry)]
        if len(brackets):
            # a bracket after an even number of quotes (counting from outside any string) is outside strings
            outside = brackets[(np.searchsorted(quotes, brackets) + in_string) % 2 == 0]
            if len(outside):
                levels = depth + np.cumsum(np.where(kinds.take(outside) == 2, 1, -1), dtype=np.int64)
                over = np.flatnonzero(levels > limit)
                if len(over):
                    return start + int(outside[over[0]])
                depth = int(levels[-1])
        in_string ^= len(quotes) & 1
        if chunk[-1] == 0x5C:
            others = np.flatnonzero(chunk != 0x5C)
            carry = len(chunk) - 1 - int(others[-1]) if len(others) else carry + len(chunk)
        else:
            carry = 0
    return None


def _escaped(chunk: np.ndarray, quotes: np.ndarray, carry: int) -> np.ndarray:
    """For each quote position, whether an odd run of backslashes (``carry`` of them before the chunk) ends right before it."""
    import numpy as np

    out = np.zeros(len(quotes), dtype=bool)
    first = quotes == 0
    out[first] = carry % 2 == 1
    later = np.flatnonzero(~first)
    later = later[chunk.take(quotes[later] - 1) == 0x5C]
    if len(later):
        slashes = np.flatnonzero(chunk == 0x5C)
        run_starts = slashes[np.r_[True, np.diff(slashes) > 1]]
        at = quotes[later]
        begin = run_starts[np.searchsorted(run_starts, at - 1, side="right") - 1]
        out[later] = (at - begin + np.where(begin == 0, carry, 0)) % 2 == 1
    return out


class _RepeatedKey(Exception):
    """A JSON object names a key twice (raised from inside the parser, caught in :func:`parse_json`)."""

    def __init__(self, key: str, pairs: list[tuple[str, Any]]) -> None:
        super().__init__(key)
        self.key, self.pairs = key, pairs


class _NotANumber(Exception):
    """``NaN`` or ``Infinity`` in JSON a person wrote (raised from inside the parser, caught in :func:`parse_json`)."""


def _no_constant(name: str) -> Any:
    raise _NotANumber(f"{name} is not a JSON value (write null for no value, or the number)")


#: A number whose exponent has three digits or more, or a run of 200 digits (an exponent of 99
#: needs 210 digits more to overflow): only such text can overflow a 64-bit float, so only a
#: file holding it is read with a hook per number.
_HUGE_NUMBER = re.compile(rb"[0-9][eE][+-]?[0-9]{3,}|[0-9]{200,}")


#: The most digits of a whole number Python reads (its guard against quadratic conversion; 4,300 by default).
_INT_DIGITS = sys.get_int_max_str_digits() or 4300


def _whole(text: str) -> int:
    if _too_long(text):  # Python's reader would stop with an internal error
        raise _NotANumber(f"a whole number of {len(text.lstrip('-')):,} digits is more than any count or amount holds")
    return int(text)


def _too_long(whole: str) -> bool:
    """Whether a whole number written as ``whole`` has more digits than Python reads."""
    return len(whole.lstrip("-")) > _INT_DIGITS


def _finite(text: str) -> float:
    value = float(text)
    if value - value != 0.0:  # inf - inf is nan: the number overflowed a 64-bit float
        raise _NotANumber(f"{text[:40]} is beyond the largest number a cell can hold (about 1.8e308)")
    return value


#: Where a value Python's reader takes and JSON has not could stand: NaN, Infinity, or a number that may overflow.
#: A number is only tried where one could start (no digit, point, sign or exponent just before): tried at
#: every digit of a long run of digits and points, each try read to the run's end, a cell of 60 KB took a
#: quarter of an hour.
_BAD_VALUE = re.compile(r"NaN|Infinity|(?<![0-9.eE+-])-?[0-9][0-9.]*[eE][+-]?[0-9]{3,}|(?<![0-9.eE+-])-?[0-9]{200,}(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


def _bad_value_at(text: str) -> tuple[int | None, int | None]:
    """The line and column of the first NaN, Infinity or overflowing number standing as a value in ``text``.

    Python's reader hands these to a hook without their place. Each such word
    or number is spoilt with a ``#`` (harmless inside a string, no value outside
    one) and the text read again: the reader then stops at the first that stands
    as a value, and says where. Run only on the way to refusing a file.
    """

    def spoil(m: re.Match[str]) -> str:
        word = m.group()
        # a whole number is read exactly up to the digits Python reads; only a decimal can overflow
        decimal = "." in word or "e" in word or "E" in word
        if word[0] in "NI" or (decimal and _overflows(word)) or (not decimal and _too_long(word)):
            return "#" + word[1:]
        return word

    try:
        json.loads(_BAD_VALUE.sub(spoil, text))
    except json.JSONDecodeError as exc:
        return exc.lineno, exc.colno
    except (ValueError, RecursionError):
        pass
    return None, None


#: Characters of JSON text read again, by Python's own (slower) scanner, to find where an object names a key twice.
_LOCATE_CHARS = 64 * 2**20


def _repeated_key_at(text: str) -> tuple[int | None, int | None]:
    """The line and column of the first object that names a key twice (its opening brace).

    Python's reader hands each object's pairs to a hook without their place.
    Read again with the reader's pure-Python scanner, each object is parsed by
    a function that knows where its brace stands: the innermost one the hook
    refuses is the object. Run only on the way to refusing a file, and only on
    a text of at most :data:`_LOCATE_CHARS` characters (the file is named either way).
    """
    if len(text) > _LOCATE_CHARS:
        return None, None
    from json.scanner import py_make_scanner  # type: ignore[attr-defined]  # the C scanner calls no parse_object

    decoder: Any = json.JSONDecoder(object_pairs_hook=_unique_keys)  # its scanner's parts are set below, as the json module's do
    parse = decoder.parse_object
    braces: list[int] = []  # where the innermost object the hook refused opens

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> Any:
        try:
            return parse(s_and_end, *args)
        except _RepeatedKey:
            if not braces:
                braces.append(s_and_end[1] - 1)  # the brace before the object's first pair
            raise

    decoder.parse_object = parse_object
    decoder.scan_once = py_make_scanner(decoder)
    try:
        decoder.decode(text)
    except _RepeatedKey:
        if braces:
            return line_column(text, braces[0])
    except (ValueError, RecursionError):
        pass
    return None, None


def _overflows(number: str) -> bool:
    try:
        value = float(number)
    except ValueError:
        return False
    return value - value != 0.0


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _RepeatedKey(key, pairs)
            seen.add(key)
    return obj


def parse_json(raw: bytes, shown: str, error: type[ComplianceError], prefix: str = "", *, unique_keys: bool = False, values_only: bool = False) -> Any:
    """JSON from UTF-8 bytes, every failure a located ``error`` (``prefix`` opens its message).

    Nesting is bounded at :data:`MAX_NESTING` levels before parsing
    (:func:`json_too_deep`): Python's reader would otherwise follow it
    until the interpreter's recursion limit. With ``unique_keys`` (files
    people write: tables, schemas), an object naming a key twice is refused,
    where Python's reader keeps the last value silently; reports this tool
    wrote are read without that check, which costs a call per object.
    With ``values_only`` (a table's rows), ``NaN`` and ``Infinity``, which
    Python's reader takes though they are no JSON, are refused: a NaN cell
    was otherwise read as a blank one; so is a number beyond a 64-bit float
    (``1e999``), which it reads as infinity. (A schema's NaN bound is refused
    where it stands, with its path, by the schema checks.)
    """
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = line_column(raw, exc.start)
        raise error(f"{prefix}not UTF-8 text (byte 0x{raw[exc.start]:02x})", Location(file=shown, line=line, column=col)) from None
    lone = _LONE_SURROGATE.search(raw) if b"\\u" in raw else None
    if lone:
        line, col = line_column(raw, lone.start())
        raise error(
            f"{prefix}invalid JSON: {lone.group().decode()} is half of a UTF-16 pair (a lone surrogate), not a character",
            Location(file=shown, line=line, column=col),
        )
    deep = json_too_deep(raw)
    if deep is not None:
        line, col = line_column(raw, deep)
        raise error(f"{prefix}invalid JSON: nested deeper than {MAX_NESTING} levels", Location(file=shown, line=line, column=col))
    try:
        constant = _no_constant if values_only else None
        # Python's reader reads 1e999 as infinity in silence: a file that could hold one is read with a check
        huge = _HUGE_NUMBER.search(raw) is not None
        finite = _finite if values_only and huge else None
        whole = _whole if huge else None
        if unique_keys:
            return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=constant, parse_float=finite, parse_int=whole)
        return json.loads(text, parse_constant=constant, parse_float=finite, parse_int=whole)
    except _NotANumber as exc:
        at_line, at_column = _bad_value_at(text)
        raise error(f"{prefix}invalid JSON: {exc}", Location(file=shown, line=at_line, column=at_column)) from None
    except _RepeatedKey as exc:
        start = ", ".join(f"{json.dumps(k)}: {json.dumps(v)[:40] if isinstance(v, (str, int, float, bool)) or v is None else '...'}" for k, v in exc.pairs[:2])
        at_line, at_column = _repeated_key_at(text)
        raise error(
            f"{prefix}invalid JSON: key {exc.key!r} appears twice in one object (the object that starts {{{start}, ...}})",
            Location(file=shown, line=at_line, column=at_column),
        ) from None
    except RecursionError:  # not reached within the bound above; kept so that no stack can fail as an internal error
        raise error(f"{prefix}invalid JSON: nested deeper than this reader can follow", Location(file=shown)) from None
    except json.JSONDecodeError as exc:
        raise error(f"{prefix}invalid JSON: {exc.msg}", Location(file=shown, line=exc.lineno, column=exc.colno)) from None


def line_column(data: str | bytes, offset: int) -> tuple[int, int]:
    """The 1-based line and column of ``offset`` in ``data`` (the column in bytes of bytes, in characters of text)."""
    if isinstance(data, bytes):
        return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return data.count("\n", 0, offset) + 1, offset - (data.rfind("\n", 0, offset) + 1) + 1


#: Bytes inflated at a time when a zip part's size is checked: memory stays at this, whatever the part holds.
_INFLATE_STEP = 1 << 20


def zip_part_problem(fh: BinaryIO, info: zipfile.ZipInfo) -> str | None:
    """Why a zip part (of an .xlsx, of an uploaded dataset zip) is not read as it declares, or None.

    Python's zip reader trusts the size the zip directory declares: a plain
    ``read()`` inflates a part whole into memory, then cuts it to the
    declared size, and if the checksum is that of the cut, reads it without
    a word. A part that declares a few kilobytes can hide a gigabyte after
    them. Here the part's raw data (``fh`` is the whole archive) are
    inflated a megabyte at a time, counting, and stopped one step past the
    declared size. A broken local header raises :class:`zipfile.BadZipFile`.
    """
    if info.flag_bits & 0x1:
        return "is encrypted; save it without a password"
    fh.seek(info.header_offset)
    local = fh.read(30)
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("Bad magic number for file header")
    name_length, extra_length = struct.unpack("<HH", local[26:30])
    fh.seek(info.header_offset + 30 + name_length + extra_length)
    if info.compress_type == zipfile.ZIP_STORED:
        inflated = info.compress_size
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflated = _inflated_size(fh, info.compress_size, info.file_size)
    else:
        return f"is compressed in a way spreadsheet programs and zip folders do not use (method {info.compress_type})"
    if inflated == info.file_size:
        return None
    more = "more than" if inflated > info.file_size else f"only {inflated:,} of"
    return f"inflates to {more} the {info.file_size:,} bytes its zip directory declares"


def _inflated_size(fh: BinaryIO, compressed: int, declared: int) -> int:
    """Bytes the deflate data at ``fh`` inflate to, counted to one step past ``declared`` at most."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, produced, pending = compressed, 0, b""
    while not inflater.eof:
        if not pending:
            if left <= 0:
                break
            pending = fh.read(min(left, _INFLATE_STEP))
            if not pending:
                break
            left -= len(pending)
        produced += len(inflater.decompress(pending, _INFLATE_STEP))
        pending = inflater.unconsumed_tail
        if produced > declared:
            break
    return produced
