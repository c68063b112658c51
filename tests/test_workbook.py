from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from coffeechat.atomic import KEEP_BACKUPS, atomic_save
from coffeechat.errors import WorkbookError
from coffeechat.outreach.workbook import write_workbook
from coffeechat.workspace import Workspace

PLAN_SHEETS = [
    "This week",
    "Plan",
    "Employers",
    "Contacts",
    "Introductions",
    "Questions",
    "Dashboard",
]


def test_workbook_has_the_working_sheets(workspace: Workspace, tmp_path: Path) -> None:
    book = workspace.plan(start=date(2026, 11, 30), today=date(2026, 11, 26))
    path = write_workbook(book, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == PLAN_SHEETS
    assert wb["coffeechat"].sheet_state == "veryHidden"
    plan = wb["Plan"]
    header = [c.value for c in plan[1]]
    assert header[:6] == ["#", "Name", "Employer", "Position", "Role", "Status"]
    assert plan.max_row == len(book.plan) + 1
    assert plan.freeze_panes == "B2"
    assert plan.column_dimensions[openpyxl.utils.get_column_letter(len(header))].hidden
    validations = plan.data_validations.dataValidation
    assert validations and "planned" in validations[0].formula1
    assert plan.conditional_formatting
    email_col = openpyxl.utils.get_column_letter(header.index("Email") + 1)
    emails = [c for c in plan[email_col][1:] if c.value]
    assert emails and all(c.hyperlink.target.startswith("mailto:") for c in emails)
    assert wb["Contacts"].max_row == len(workspace.contacts()) + 1


def test_imported_text_is_never_written_as_a_formula(workspace: Workspace, tmp_path: Path) -> None:
    people = workspace.store
    with people.transaction():
        people.conn.execute(
            "UPDATE people SET position = '=HYPERLINK(\"http://evil.test\",\"x\")', company = '+cmd|calc',"
            " location = '@SUM(A1)', school = '-2+3', notes = char(1) || '=cmd'"
            " WHERE person_id = (SELECT person_id FROM people ORDER BY person_id LIMIT 1)"
        )
    book = workspace.plan(today=date(2026, 11, 26))
    path = write_workbook(book, tmp_path / "plan.xlsx")
    sheet = openpyxl.load_workbook(path)["Contacts"]
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    evil = [c for c in cells if c.value.startswith(("=HYPERLINK", "+cmd", "@SUM", "-2+3"))]
    assert len(evil) >= 4  # position (and the why that quotes it), company, location, school
    assert all(c.data_type == "s" for c in evil)


def test_rewriting_keeps_previous_workbooks_as_xlsx_backups(
    workspace: Workspace, tmp_path: Path
) -> None:
    book = workspace.plan(today=date(2026, 11, 26))
    path = tmp_path / "plan.xlsx"
    versions = []
    for _ in range(KEEP_BACKUPS + 2):
        write_workbook(book, path)
        versions.append(path.read_bytes())
    backups = sorted((tmp_path / "backups").iterdir())
    # The latest few replaced versions, each a workbook Excel opens (it ends in .xlsx).
    assert len(backups) == KEEP_BACKUPS
    assert all(b.suffix == ".xlsx" and b.name.startswith("plan-") for b in backups)
    assert [b.read_bytes() for b in backups] == versions[-KEEP_BACKUPS - 1 : -1]
    assert openpyxl.load_workbook(backups[-1])["Plan"].max_row == len(book.plan) + 1
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".plan-")]


def test_a_failed_write_leaves_the_old_workbook_in_place(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(b"the user's workbook")

    def broken(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise WorkbookError("disk full")

    with pytest.raises(WorkbookError):
        atomic_save(path, broken)
    assert path.read_bytes() == b"the user's workbook"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"]


def test_the_workbook_is_its_registered_sheets(workspace: Workspace, tmp_path: Path) -> None:
    """Every registered sheet is written, in order; the sheets the user types into are read back
    through their own reader, and each names the headers it reads."""
    from coffeechat.outreach.workbook import SHEETS

    book = workspace.plan(start=date(2026, 11, 30), today=date(2026, 11, 26))
    wb = openpyxl.load_workbook(write_workbook(book, tmp_path / "plan.xlsx"))
    assert [s.name for s in SHEETS] == [ws.title for ws in wb.worksheets][: len(SHEETS)]
    for spec in SHEETS:
        header = [c.value for c in wb[spec.name][1]]
        assert set(spec.editable) <= set(header), spec.name
        greens = {c.value for c in wb[spec.name][1] if c.fill.fgColor.rgb.endswith("2E7D32")}
        assert greens == set(spec.editable), spec.name
        assert (spec.read is None) == (not spec.editable), spec.name
        if spec.hidden_last_column:
            last = openpyxl.utils.get_column_letter(len(header))
            assert wb[spec.name].column_dimensions[last].hidden and header[-1] == "id"
