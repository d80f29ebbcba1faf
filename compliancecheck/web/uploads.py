"""What a unit uploads, made safe to read: one workbook or a zip of a dataset folder.

The page is meant for anyone on the machine (or, with a token, the
network), so an upload is hostile until shown otherwise:

- its name is never a path: the workbook is written as ``workbook.xlsx``
  and a zip's members go into ``dataset/`` only when each is a plain file
  name of a table or side file (letters, digits, ``-``, ``_``, one known
  suffix), at the top of the archive or under one folder; anything else
  (``..``, absolute names, links, deeper folders) is refused by name;
- archives are measured before anything is unpacked: a member whose
  declared size is out of proportion to its packed size (a zip bomb), a
  total unpacked size over the limit, or too many members is refused. An
  xlsx is a zip too, so the same test applies to it and to every xlsx
  inside a dataset zip. Each member is then inflated a step at a time and
  counted: one that inflates past its declared size is refused, so the
  declared sizes bound the work;
- everything goes into one fresh temporary folder that the caller removes
  (:func:`staged`), whatever happens.
"""

from __future__ import annotations

import io
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

import msgspec

from ..inputfiles import zip_part_problem

__all__ = ["UploadRefused", "Limits", "staged", "check_archive", "WORKBOOK_NAME", "DATASET_NAME"]

WORKBOOK_NAME = "workbook.xlsx"
DATASET_NAME = "dataset"
#: A member name inside a dataset zip: a table or side file, nothing that could be a path
#: (a narrative in another report language, narrative.fr.yaml, is a side file too).
_MEMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}\.(csv|xlsx|xlsm|json|yaml|yml|parquet)|narrative\.[a-z]{2}\.(yaml|yml)")
#: A folder a zip may wrap the dataset in (as a zipped folder has).
_FOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}")
_ZIP_MAGIC = b"PK\x03\x04"
#: Files a desktop leaves in a zipped folder; skipped, never unpacked.
_LITTER = re.compile(r"(__MACOSX/.*|.*/?\.DS_Store|.*/?Thumbs\.db|.*/?desktop\.ini|.*/?README(\.md|\.txt)?)", re.I)


class UploadRefused(Exception):
    """An upload the page will not read, with the HTTP status and a message for the person."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class Limits(msgspec.Struct, frozen=True):
    """How much an upload may hold; the defaults suit a unit's workbook with room to spare."""

    #: Bytes of the request body (the upload and the form around it).
    upload_bytes: int = 50 * 1024 * 1024
    #: Bytes an archive may unpack to, all members together.
    unpacked_bytes: int = 400 * 1024 * 1024
    #: Unpacked size over packed size above which a member is a bomb (spreadsheet XML packs ~10:1).
    ratio: int = 200
    #: Members an archive may hold.
    members: int = 2000


def check_archive(data: bytes, limits: Limits, what: str) -> zipfile.ZipFile:
    """The archive opened, once its declared sizes are within ``limits``; else :class:`UploadRefused` (413)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRefused(f"{what} is not a readable zip archive ({exc})") from None
    if len(infos) > limits.members:
        raise UploadRefused(f"{what} holds {len(infos)} files; at most {limits.members} are read", 413)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > 1024 * 1024 and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise UploadRefused(
                f"{what}: {info.filename!r} would unpack to {info.file_size} bytes from {info.compress_size} "
                f"(more than {limits.ratio} times its packed size): refused as a zip bomb",
                413,
            )
    if total > limits.unpacked_bytes:
        raise UploadRefused(f"{what} would unpack to {total} bytes; at most {limits.unpacked_bytes} are read", 413)
    # the declared sizes bound the work only once they are shown true (inflated a step at a time)
    raw = io.BytesIO(data)
    for info in infos:
        try:
            problem = zip_part_problem(raw, info)
        except (zipfile.BadZipFile, zlib.error) as exc:
            raise UploadRefused(f"{what} is not a readable zip archive ({exc})") from None
        if problem:
            raise UploadRefused(f"{what}: {info.filename!r} {problem}: refused", 413)
    return archive


def _dataset_members(archive: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """(member, file name) of each file to unpack; a name that is anything but a plain file name is refused."""
    chosen: list[tuple[zipfile.ZipInfo, str]] = []
    folders: set[str] = set()
    for info in archive.infolist():
        name = info.filename
        if info.is_dir() or _LITTER.fullmatch(name):
            continue
        kind = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver recorded no file type
        if kind and kind != stat.S_IFREG:
            raise UploadRefused(f"the zip holds {name!r}, which is not a regular file (a link?); only files are read")
        parts = PurePosixPath(name).parts
        if "\\" in name or name.startswith("/") or len(parts) > 2 or ".." in parts or (len(parts) == 2 and not _FOLDER.fullmatch(parts[0])):
            raise UploadRefused(
                f"the zip holds {name!r}: put the dataset's files at the top of the zip or in one folder, with plain names"
            )
        if not _MEMBER.fullmatch(parts[-1]):
            raise UploadRefused(
                f"the zip holds {name!r}: a dataset file is named for its table (letters, digits, '-', '_') "
                "and ends in .csv, .xlsx, .json, .yaml or .parquet"
            )
        if len(parts) == 2:
            folders.add(parts[0])
        chosen.append((info, parts[-1]))
    if len(folders) > 1 or (folders and any(len(PurePosixPath(i.filename).parts) == 1 for i, _ in chosen)):
        raise UploadRefused("the zip holds files in several folders: zip one dataset folder")
    names = [n for _, n in chosen]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UploadRefused(f"the zip holds {twice[0]!r} twice")
    if not chosen:
        raise UploadRefused("the zip holds no dataset file (.csv, .xlsx, .json, .yaml or .parquet)")
    return chosen


def _stage_zip(data: bytes, folder: Path, limits: Limits) -> Path:
    archive = check_archive(data, limits, "the zip")
    target = folder / DATASET_NAME
    target.mkdir()
    for info, name in _dataset_members(archive):
        body = archive.read(info)
        if name.lower().endswith((".xlsx", ".xlsm")):
            check_archive(body, limits, f"the workbook {name!r} in the zip")
        (target / name).write_bytes(body)
    return target


def _stage_workbook(data: bytes, folder: Path, limits: Limits) -> Path:
    check_archive(data, limits, "the workbook")
    target = folder / WORKBOOK_NAME
    target.write_bytes(data)
    return target


def _is_dataset_zip(data: bytes) -> bool:
    """A zip that is not a workbook: an xlsx is a zip with ``[Content_Types].xml`` at its root."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "[Content_Types].xml" not in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


@contextmanager
def staged(data: bytes, limits: Limits, root: Path | None = None) -> Iterator[Path]:
    """The upload written to a fresh temporary folder under ``root``: the dataset path to check.

    The kind is told by the bytes, not by the name the browser sent. The
    folder is removed on leaving, whatever happened inside.
    """
    if not data:
        raise UploadRefused("no file was uploaded (choose a workbook or a zip, then check)")
    if not data.startswith(_ZIP_MAGIC):
        raise UploadRefused("the file is neither an Excel workbook (.xlsx) nor a zip of a dataset folder", 415)
    folder = Path(tempfile.mkdtemp(prefix="compliancecheck-web-", dir=root))
    try:
        yield _stage_zip(data, folder, limits) if _is_dataset_zip(data) else _stage_workbook(data, folder, limits)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
