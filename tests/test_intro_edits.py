"""An introduction's row in the Introductions sheet can be edited: its date and note are read back
(a company or position typed there is kept in its note), and a stale copy undoes nothing."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coffeechat.workspace import Workspace
from tests.conftest import write_plan


def intro_rows(path: Path) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(path)["Introductions"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return {str(r[header.index("id")]): dict(zip(header, r, strict=True)) for r in rows[1:]}


def edit_intro(path: Path, ids: str, cells: dict[str, object]) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Introductions"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1)
               if sheet.cell(row=r, column=header.index("id") + 1).value == ids)  # fmt: skip
    for name, value in cells.items():
        sheet.cell(row=row, column=header.index(name) + 1).value = value
    book.save(path)


def stored(ws: Workspace, ids: str) -> tuple[str, str]:
    a, b = ids.split()
    found = ws.store.introduction(a, b)
    assert found is not None
    return found


@pytest.fixture()
def planned(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, Path, list[str]]:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    rows = intro_rows(path)
    assert len(rows) >= 2
    return workspace, path, list(rows)


def test_an_introductions_date_and_note_edited_in_the_sheet_are_kept(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, ids = planned
    edit_intro(path, ids[0], {"Date": date(2026, 11, 1), "Note": "met at the fall mixer"})
    edit_intro(path, ids[1], {"Company": "Harbor Labs (moved in October)"})
    before = stored(ws, ids[1])
    report = ws.sync(path)
    assert report.introductions_edited == 2
    assert "introductions edited (date or note): 2" in report.lines()
    assert stored(ws, ids[0]) == ("2026-11-01", "met at the fall mixer")
    assert stored(ws, ids[1]) == (
        before[0],
        "\n".join([*before[1].splitlines(), "Company: Harbor Labs (moved in October)"]),
    )
    write_plan(ws, path)
    row = intro_rows(path)[ids[0]]
    assert (row["Date"], row["Note"]) == ("2026-11-01", "met at the fall mixer")
    # Read again: nothing more to change; emptying the note empties it.
    edit_intro(path, ids[0], {"Note": None})
    ws.sync(path)
    assert stored(ws, ids[0]) == ("2026-11-01", "")


def test_a_stale_copy_of_the_workbook_does_not_undo_an_introduction_edit(
    planned: tuple[Workspace, Path, list[str]], tmp_path: Path
) -> None:
    ws, path, ids = planned
    stale = tmp_path / "stale.xlsx"
    shutil.copy(path, stale)
    edit_intro(path, ids[0], {"Note": "the newer note"})
    ws.sync(path)
    # The stale copy is edited elsewhere (a Plan note), so it is read whole.
    book = openpyxl.load_workbook(stale)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Notes") + 1).value = "typed in the stale copy"
    book.save(stale)
    report = ws.sync(stale)
    assert report.introductions_edited == 0
    assert stored(ws, ids[0])[1] == "the newer note"
    # The copy's own edit to the introduction still counts.
    edit_intro(stale, ids[1], {"Note": "typed in the copy"})
    ws.sync(stale)
    assert stored(ws, ids[1])[1] == "typed in the copy"
    assert stored(ws, ids[0])[1] == "the newer note"
