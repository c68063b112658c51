"""Columns the user adds to the Plan sheet are theirs: what they type there is kept per person and
written back by every re-plan; a header typed another way ("notes", "Asked on:") is still ours, and
a renamed one is kept as the user's own rather than dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coffeechat.workspace import Workspace
from tests.conftest import resaved_by_libreoffice, write_plan


def rows_by_id(path: Path) -> tuple[list[str], dict[str, dict[str, object]]]:
    sheet = openpyxl.load_workbook(path)["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, {str(r[header.index("id")]): dict(zip(header, r, strict=True)) for r in rows[1:]}


def edit(path: Path, cells: dict[tuple[str, str], object], *, rename: dict[str, str] | None = None,
         drop: str | None = None) -> None:  # fmt: skip
    """Type into Plan cells by (person id, header), adding a column for a header not there yet; rename
    headers; delete a column."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    for old, new in (rename or {}).items():
        sheet.cell(row=1, column=header.index(old) + 1, value=new)
        header[header.index(old)] = new
    at = {str(sheet.cell(row=r, column=header.index("id") + 1).value): r
          for r in range(2, sheet.max_row + 1)}  # fmt: skip
    for (pid, name), value in cells.items():
        row = at[pid]
        if name not in header:
            header.append(name)
            sheet.cell(row=1, column=len(header), value=name)
        sheet.cell(row=row, column=header.index(name) + 1).value = value  # None empties it
    if drop is not None:
        sheet.delete_cols(header.index(drop) + 1)
    book.save(path)


@pytest.fixture()
def planned(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, Path, list[str]]:
    path = tmp_path / "plan.xlsx"
    write_plan(workspace, path)
    _, rows = rows_by_id(path)
    return workspace, path, list(rows)


def test_columns_the_user_adds_survive_every_re_plan_in_their_order(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, ids = planned
    edit(path, {(ids[0], "Phone"): "+1 555 0100", (ids[1], "Referred by"): "Prof. Okafor",
                (ids[2], "Phone"): "0044 20 7946 0000"})  # fmt: skip
    report = ws.sync(path)
    assert report.updated == 3
    write_plan(ws, path)
    header, rows = rows_by_id(path)
    assert header[-3:] == ["Phone", "Referred by", "id"]  # after ours, before the hidden id
    assert (rows[ids[0]]["Phone"], rows[ids[1]]["Referred by"], rows[ids[2]]["Phone"]) == (
        "+1 555 0100", "Prof. Okafor", "0044 20 7946 0000",
    )  # fmt: skip
    # The history has it, like any other edit.
    history = ws.history(str(rows[ids[0]]["Name"]))
    assert history["change"].str.contains("column Phone +1 555 0100", regex=False).any()
    # Emptying a cell empties it; a column nobody has a value in any more is not written.
    edit(path, {(ids[0], "Phone"): None, (ids[2], "Phone"): None})
    ws.sync(path)
    write_plan(ws, path)
    header, rows = rows_by_id(path)
    assert "Phone" not in header and rows[ids[1]]["Referred by"] == "Prof. Okafor"


def test_a_column_deleted_from_the_sheet_loses_nothing(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, ids = planned
    edit(path, {(ids[0], "Phone"): "+1 555 0100"})
    ws.sync(path)
    write_plan(ws, path)
    edit(path, {(ids[1], "Notes"): "call after the holidays"}, drop="Phone")
    ws.sync(path)  # a column not in the file says nothing about its cells
    write_plan(ws, path)
    _, rows = rows_by_id(path)
    assert rows[ids[0]]["Phone"] == "+1 555 0100"
    assert rows[ids[1]]["Notes"] == "call after the holidays"


@pytest.mark.parametrize(
    ("header", "field", "typed", "stored"),
    [
        ("notes", "notes", "prefers mornings", "prefers mornings"),
        ("NOTES:", "notes", "prefers mornings", "prefers mornings"),
        (" Asked  on ", "asked_on", date(2026, 11, 25), "2026-11-25"),
        ("status*", "status", "declined", "declined"),
    ],
)
def test_a_header_typed_another_way_is_still_read_as_ours(
    planned: tuple[Workspace, Path, list[str]], header: str, field: str, typed: object, stored: str
) -> None:
    ws, path, ids = planned
    title = {"notes": "Notes", "asked_on": "Asked on", "status": "Status"}[field]
    edit(path, {(ids[0], header): typed}, rename={title: header})
    ws.sync(path)
    state = ws.store.outreach().set_index("person_id").loc[ids[0]]
    assert state[field] == stored
    write_plan(ws, path)
    header_row, _ = rows_by_id(path)
    assert header not in header_row or header == title  # no column of the user's own was made


def test_a_renamed_column_is_kept_as_the_users_own_and_said(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, ids = planned
    edit(path, {(ids[0], "My notes"): "met her at the alumni fair"}, rename={"Notes": "My notes"})
    report = ws.sync(path)
    assert any("no 'Notes' column (renamed?)" in w and "'My notes'" in w for w in report.warnings)
    write_plan(ws, path)
    header, rows = rows_by_id(path)
    assert "Notes" in header and rows[ids[0]]["My notes"] == "met her at the alumni fair"


def test_a_row_added_by_hand_keeps_its_own_columns(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, _ = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    row = sheet.max_row + 1
    sheet.cell(row=1, column=len(header) + 1, value="Phone")
    sheet.cell(row=row, column=header.index("Name") + 1, value="Quinn Halvorsen")
    sheet.cell(row=row, column=header.index("Employer") + 1, value="Fjord Analytics")
    sheet.cell(row=row, column=len(header) + 1, value="+47 555 01 234")
    book.save(path)
    ws.sync(path)
    write_plan(ws, path)
    _, rows = rows_by_id(path)
    [quinn] = [r for r in rows.values() if r["Name"] == "Quinn Halvorsen"]
    assert quinn["Phone"] == "+47 555 01 234"


def test_what_is_typed_over_a_filled_in_cell_is_kept_in_the_notes(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, ids = planned
    _, before = rows_by_id(path)
    edit(path, {(ids[0], "Employer"): "Brightloop Labs (moved in October)",
                (ids[1], "Next due"): date(2026, 12, 7),
                (ids[1], "Notes"): "prefers mornings",
                (ids[2], "Email"): "someone@newmail.example.com",
                (ids[2], "Why"): None})  # fmt: skip
    report = ws.sync(path)
    assert [(header, text) for _, header, text in report.kept_in_notes] == [
        ("Employer", "Brightloop Labs (moved in October)"),
        ("Next due", "2026-12-07"),
        ("Email", "someone@newmail.example.com"),
    ]
    said = "\n".join(report.lines())
    assert "column 'Next due': '2026-12-07'" in said
    notes = ws.store.outreach().set_index("person_id")["notes"]
    assert notes[ids[0]] == "Employer: Brightloop Labs (moved in October)"
    assert notes[ids[1]] == "prefers mornings\nNext due: 2026-12-07"  # beside what was typed there
    assert notes[ids[2]] == "Email: someone@newmail.example.com"  # the emptied Why adds nothing
    write_plan(ws, path)
    _, after = rows_by_id(path)
    assert after[ids[0]]["Employer"] == before[ids[0]]["Employer"]  # filled in again
    assert after[ids[1]]["Notes"] == "prefers mornings\nNext due: 2026-12-07"
    edit(path, {(ids[3], "Notes"): "a later note"})
    assert ws.sync(path).kept_in_notes == []  # the same words are not taken twice


def test_a_workbook_saved_again_by_libreoffice_has_nothing_typed_in_it(
    planned: tuple[Workspace, Path, list[str]], tmp_path: Path
) -> None:
    """Opening and saving in a real spreadsheet changes how cells are stored, not what they say."""
    ws, path, _ = planned
    report = ws.sync(resaved_by_libreoffice(path, tmp_path))
    assert (report.updated, report.kept_in_notes, report.conflicts, report.warnings) == (
        0,
        [],
        [],
        [],
    )


# -- sheets the user adds ------------------------------------------------------------------------


def test_a_sheet_the_user_added_is_kept_by_every_new_plan(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    """A "My research" sheet added to the workbook was silently dropped by the next `plan` (only
    the copy in backups/ had it)."""
    ws, path, _ = planned
    book = openpyxl.load_workbook(path)
    sheet = book.create_sheet("My research")
    sheet.append(["Company", "What I learned", "Met", "Score"])
    sheet.append(["Bluefin Software", "Hiring UX researchers in spring", date(2026, 11, 20), 4])
    sheet["A3"] = "=typed as text, not a formula"
    sheet["A3"].data_type = "s"
    sheet["D3"] = "=D2*2"
    book.save(path)

    for _ in range(2):  # and again from a file coffeechat wrote itself
        written = write_plan(ws, path)
        assert written.kept_sheets == ["My research"]
    again = openpyxl.load_workbook(path)
    assert again.sheetnames.index("My research") > again.sheetnames.index("Plan")
    kept = again["My research"]
    assert [c.value for c in kept[2]][:2] == ["Bluefin Software", "Hiring UX researchers in spring"]
    assert kept["C2"].value.date() == date(2026, 11, 20) and kept["D2"].value == 4
    assert (kept["A3"].value, kept["A3"].data_type) == ("=typed as text, not a formula", "s")
    assert (kept["D3"].value, kept["D3"].data_type) == ("=D2*2", "f")


def test_a_renamed_plan_sheet_is_not_kept_as_a_sheet_of_the_users(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    ws, path, _ = planned
    book = openpyxl.load_workbook(path)
    book["Plan"].title = "My plan"
    book.save(path)
    written = write_plan(ws, path)
    assert written.kept_sheets == []
    assert "My plan" not in openpyxl.load_workbook(path).sheetnames


def test_a_column_the_user_added_to_the_contacts_sheet_is_kept_by_every_new_plan(
    planned: tuple[Workspace, Path, list[str]],
) -> None:
    """The Contacts sheet is written afresh by every plan: a "Priority" column the user added there
    was dropped silently (only backups/ had it)."""
    ws, path, _ = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Contacts"]
    header = [c.value for c in sheet[1]]
    at = sheet.max_column + 1
    sheet.cell(row=1, column=at, value="Priority")
    sheet.cell(row=1, column=at + 1, value="Name length")
    marked = {}
    for r in (2, 5):
        pid = sheet.cell(row=r, column=header.index("id") + 1).value
        sheet.cell(row=r, column=at, value=f"ask soon ({r})")
        marked[pid] = f"ask soon ({r})"
    sheet.cell(row=2, column=at + 1, value="=LEN(A2)")
    book.save(path)

    for _ in range(2):  # and again from a file coffeechat wrote itself
        write_plan(ws, path)
    again = openpyxl.load_workbook(path)["Contacts"]
    header = [c.value for c in again[1]]
    assert header[-3:] == ["Priority", "Name length", "id"]
    found = {
        row[header.index("id")].value: row[header.index("Priority")].value
        for row in again.iter_rows(min_row=2)
        if row[header.index("Priority")].value
    }
    assert found == marked
    formulas = [c for c in again.iter_rows(min_row=2) if c[header.index("Name length")].value]
    assert [(c[header.index("Name length")].value, c[header.index("Name length")].data_type)
            for c in formulas] == [("=LEN(A2)", "f")]  # fmt: skip


def test_a_users_sheet_and_column_saved_by_libreoffice_are_kept(
    planned: tuple[Workspace, Path, list[str]], tmp_path: Path
) -> None:
    """The ZIP index LibreOffice writes (its sheet order, relationships and dimensions) is read
    as Excel's is."""
    import shutil

    from coffeechat.outreach.sheet_index import sheet_names, sheet_width

    ws, path, _ = planned
    book = openpyxl.load_workbook(path)
    book.create_sheet("My research")["A1"] = "Notes on Bluefin"
    contacts = book["Contacts"]
    contacts.cell(row=1, column=contacts.max_column + 1, value="Priority")
    contacts.cell(row=2, column=contacts.max_column, value="ask in spring")
    book.save(path)
    saved = resaved_by_libreoffice(path, tmp_path)
    assert "My research" in sheet_names(saved)
    assert sheet_width(saved, "Contacts") == 14  # coffeechat's 13 and the user's
    shutil.copy(saved, path)
    written = write_plan(ws, path)
    assert written.kept_sheets == ["My research"]
    assert written.own_contact_columns.headers == ("Priority",)
