"""A workbook that still holds the bytes coffeechat last wrote or read there is not parsed again
(reading it back is a quarter of a warm `plan`), and nothing the user did is lost by that: any
change of its bytes, a restored older copy included, is read as before."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from coffeechat.atomic import fingerprint
from coffeechat.errors import WorkbookError
from coffeechat.outreach import workbook
from coffeechat.workspace import Workspace
from tests.outreach_world import START, TODAY, edit_plan, make_workspace, plan_rows


@pytest.fixture()
def planned(tmp_path: Path) -> Iterator[tuple[Workspace, Path]]:
    ws = make_workspace(tmp_path / "ws")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    yield ws, path
    ws.close()


def count_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    reads: list[Path] = []
    real = workbook.read_workbook

    def counting(path: Path) -> Any:
        reads.append(path)
        return real(path)

    monkeypatch.setattr(workbook, "read_workbook", counting)
    return reads


def status_of(ws: Workspace, pid: str) -> str:
    return str(ws.store.outreach_state([pid])[pid].get("status"))


def test_a_workbook_as_written_is_not_read_again(
    planned: tuple[Workspace, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, path = planned
    assert ws.store.file_seen(str(path.resolve())) == fingerprint(path)
    reads = count_reads(monkeypatch)
    report = ws.sync(path, today=TODAY)
    assert report.unchanged and reads == []
    assert "nothing new to read back" in report.lines()[0]
    # A plan over it skips the read too, and records the new file it wrote.
    ws.write_plan(path, start=START, today=TODAY)
    assert reads == [] and ws.store.file_seen(str(path.resolve())) == fingerprint(path)


def test_an_edited_workbook_is_read_then_not_again_until_it_changes(
    planned: tuple[Workspace, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws, path = planned
    first, second = list(plan_rows(path))[:2]
    reads = count_reads(monkeypatch)
    edit_plan(path, {first: {"Status": "asked", "Asked on": "2026-11-24"}})
    assert not ws.sync(path, today=TODAY).unchanged
    assert status_of(ws, first) == "asked" and len(reads) == 1
    assert ws.sync(path, today=TODAY).unchanged and len(reads) == 1
    edit_plan(path, {second: {"Status": "replied"}})
    ws.sync(path, today=TODAY)
    assert status_of(ws, second) == "replied" and len(reads) == 2


def test_a_restored_copy_of_the_written_file_is_read(
    planned: tuple[Workspace, Path], tmp_path: Path
) -> None:
    """The file's bytes are compared with the last read, not with the write: the user edits, syncs,
    then puts the file as it was written back (from backups/, say). That is a change, and it is
    read: the status goes back to what the restored file shows."""
    ws, path = planned
    as_written = tmp_path / "as_written.xlsx"
    shutil.copy2(path, as_written)
    pid = next(iter(plan_rows(path)))
    edit_plan(path, {pid: {"Status": "asked", "Asked on": "2026-11-24"}})
    ws.sync(path, today=TODAY)
    assert status_of(ws, pid) == "asked"
    shutil.copy2(as_written, path)
    report = ws.sync(path, today=TODAY)
    assert not report.unchanged
    assert status_of(ws, pid) == "planned"


def test_the_same_bytes_at_another_path_are_read(
    planned: tuple[Workspace, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy elsewhere has its own baseline: it is read the first time it is seen there."""
    ws, path = planned
    copy = tmp_path / "copy.xlsx"
    shutil.copy2(path, copy)
    reads = count_reads(monkeypatch)
    assert not ws.sync(copy, today=TODAY).unchanged and reads == [copy]
    assert ws.sync(copy, today=TODAY).unchanged and reads == [copy]


def test_a_workbook_that_fails_to_read_is_read_again(
    planned: tuple[Workspace, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A typo is an error and records nothing: once fixed, the file is read."""
    ws, path = planned
    pid = next(iter(plan_rows(path)))
    edit_plan(path, {pid: {"Status": "askd"}})
    with pytest.raises(WorkbookError, match="askd"):
        ws.sync(path, today=TODAY)
    reads = count_reads(monkeypatch)
    with pytest.raises(WorkbookError, match="askd"):
        ws.sync(path, today=TODAY)
    assert reads == [path]
    edit_plan(path, {pid: {"Status": "asked"}})
    ws.sync(path, today=TODAY)
    assert status_of(ws, pid) == "asked"
