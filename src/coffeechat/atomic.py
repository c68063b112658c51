"""Writing a user's file safely: a temporary file in the same folder replaces it only once it is
complete, and never while Excel or LibreOffice has it open."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from coffeechat.errors import WorkbookError

# The copies of a user's file kept beside it, in this folder, before each replacement.
BACKUPS = "backups"
KEEP_BACKUPS = 5


def open_elsewhere(path: Path) -> bool:
    """Whether Excel (`~$plan.xlsx`) or LibreOffice (`.~lock.plan.xlsx#`) has the workbook open."""
    return any(
        lock.exists()
        for lock in (path.with_name("~$" + path.name), path.with_name(f".~lock.{path.name}#"))
    )


def atomic_save(
    path: Path,
    save: Callable[[Path], Any],
    *,
    before_replace: Callable[[Path], Any] | None = None,
    backup: Callable[[Path], Any] | None = None,
) -> Path:
    """`save` writes the temporary file; `before_replace` runs once it is complete, given that file
    (a failure there leaves the old file as it was); `backup` copies the old file away before it
    is replaced."""
    if open_elsewhere(path):
        raise WorkbookError(
            "the workbook is open in Excel or LibreOffice",
            where=str(path),
            fix="close it there (your edits are read back first) and run the command again",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        if before_replace is not None:
            before_replace(tmp)
        if backup is not None and path.exists():
            backup(path)
        os.replace(tmp, path)
    except PermissionError:
        raise WorkbookError(
            "cannot replace the workbook (it is open in another program or read-only)",
            where=str(path),
            fix="close it in Excel or LibreOffice and run the command again",
        ) from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def fingerprint(path: Path) -> str:
    """The SHA-256 of a file's bytes: whether a workbook still holds what coffeechat last wrote or
    read there (the bytes are hashed, never parsed)."""
    import hashlib

    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


# A temporary file older than this beside the target was left by a write that was killed.
STALE_SECONDS = 600


def _sweep(path: Path) -> None:
    """Remove what a killed write left beside `path` (never the file itself, never a fresh one
    another write may still be filling)."""
    import time

    for left in path.parent.glob(f".{path.stem}-*{path.suffix}"):
        try:
            if time.time() - left.stat().st_mtime > STALE_SECONDS:
                left.unlink()
        except OSError:
            pass


def keep_backup(path: Path) -> None:
    """Copy the file about to be replaced into backups/ (a workbook's copy opens in Excel like any
    .xlsx); only the latest few are kept."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.parent / BACKUPS / f"{path.stem}-{stamp}{path.suffix}"
    target.parent.mkdir(mode=0o700, exist_ok=True)
    shutil.copy2(path, target)
    target.chmod(0o600)  # a copy of the user's plan: theirs alone
    older = backups_of(path)
    for old in older[:-KEEP_BACKUPS]:
        old.unlink(missing_ok=True)


def backups_of(path: Path) -> list[Path]:
    """The backups kept of a file, oldest first."""
    return sorted((path.parent / BACKUPS).glob(f"{path.stem}-*{path.suffix}"))
