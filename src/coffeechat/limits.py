"""Limits on untrusted archives and files: a ZIP or XLSX is checked from its directory before a
byte of it is inflated, so a bomb is refused in milliseconds instead of filling memory.

A LinkedIn export of 30,000 connections with years of messages inflates to a few hundred MB; a
career office's directory of 500,000 rows to well under 1 GB. The limits sit far above both.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from coffeechat.errors import InputError

# What reading a damaged ZIP can raise, besides BadZipFile: a header zipfile does not support
# (NotImplementedError), impossible sizes or offsets (ValueError), a cut stream (EOFError,
# zlib.error), a failing read (OSError).
UNREADABLE_ZIP: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, zlib.error, OSError,
)  # fmt: skip

MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 2 * 1024**3  # one file inside an archive, uncompressed
MAX_TOTAL_BYTES = 4 * 1024**3  # all of them
MAX_RATIO = 1_000  # uncompressed / compressed, for members over a megabyte
MAX_FILE_BYTES = 4 * 1024**3  # a plain file given to import


def check_regular_file(path: Path) -> None:
    """A path to read must be a regular file (not a FIFO, a device such as /dev/zero, a socket)
    of a sane size."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(
            f"cannot read it ({exc.strerror})", where=str(path), fix="check the path"
        ) from None
    if not stat.S_ISREG(mode):
        raise InputError(
            "not a regular file (a device, a pipe or a socket)",
            where=str(path),
            fix="pass a file saved on disk",
        )
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InputError(
            f"the file is larger than {MAX_FILE_BYTES // 1024**3} GB",
            where=str(path),
            fix="split it into smaller files",
        )


def check_archive(archive: zipfile.ZipFile, *, where: str) -> None:
    """Refuse an archive over the limits, with members outside it, or archives inside it."""
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"the archive holds {len(members):,} files (at most {MAX_MEMBERS:,} are read)",
            where=where,
            fix="check that this is the right file",
        )
    total = 0
    for info in members:
        name = PurePosixPath(info.filename)
        if name.is_absolute() or ".." in name.parts or "\\" in info.filename:
            raise InputError(
                f"the archive names a file outside itself ({info.filename})",
                where=where,
                fix="check where the file came from; coffeechat does not read such archives",
            )
        total += info.file_size
        too_big = info.file_size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES
        packed = max(info.compress_size, 1)
        bomb = info.file_size > 1024**2 and info.file_size / packed > MAX_RATIO
        if too_big or bomb:
            raise InputError(
                f"{info.filename} would inflate to {info.file_size / 1024**2:,.0f} MB"
                + (f" from {packed / 1024**2:,.2f} MB" if bomb else ""),
                where=where,
                fix="check that this is the right file (an archive this size is not an export)",
            )
