"""Formulas typed into the workbook: a note typed as "=met at the fair" is a formula to a
spreadsheet, which saves it with an error value ("#NAME?"). Read back, it is what the user typed;
in a date column, a formula is its computed value."""

from __future__ import annotations

import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import openpyxl

from coffeechat.outreach.formulas import has_formulas
from coffeechat.workspace import Workspace
from tests.conftest import resaved_by_libreoffice, write_plan

READ_BACK = ("Plan", "Introductions", "Questions")
EXCEL_EPOCH = date(1899, 12, 30)


def plan_sheet(path: Path) -> tuple[list[str], list[list[openpyxl.cell.Cell]]]:
    sheet = openpyxl.load_workbook(path)["Plan"]
    rows = list(sheet.iter_rows())
    return [str(c.value) for c in rows[0]], [list(r) for r in rows[1:]]


def type_formulas(path: Path, row: int, cells: dict[str, tuple[str, str, str]]) -> None:
    """Type formulas into one Plan row and save the file as a spreadsheet would: each formula with
    its computed value, header -> (formula, value, cell type: "e" error, "n" number, "str")."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    refs = {}
    for name, (formula, _, _) in cells.items():
        cell = sheet.cell(row=row, column=header.index(name) + 1, value=formula)
        if cells[name][2] == "n":
            cell.number_format = "yyyy-mm-dd"  # a spreadsheet formats a DATE() result as a date
        refs[cell.coordinate] = cells[name]
    book.save(path)
    # openpyxl saves formulas without a value: put in the value a spreadsheet would have computed.
    part = f"xl/worksheets/sheet{book.sheetnames.index('Plan') + 1}.xml"
    with zipfile.ZipFile(path) as z:
        files = {n: z.read(n) for n in z.namelist()}
    xml = files[part].decode()
    for ref, (_, value, kind) in refs.items():
        typed = "" if kind == "n" else f' t="{kind}"'
        xml = re.sub(
            rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/>',
            lambda m, t=typed, v=value, r=ref: (
                f'<c r="{r}"{m.group(1)}{t}><f>{m.group(2)}</f><v>{v}</v>'
            ),
            xml,
        )
    files[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)


def test_a_note_typed_as_a_formula_is_kept_as_typed_and_written_back_as_text(
    planned: tuple[Workspace, Path],
) -> None:
    ws, path = planned
    header, rows = plan_sheet(path)
    pid = rows[0][header.index("id")].value
    asked = date(2026, 11, 27)
    type_formulas(path, 2, {
        "Notes": ("=met at the fair", "#NAME?", "e"),
        "Request draft": ('="Hi "&B2', "Hi Someone", "str"),
        "Asked on": ("=DATE(2026,11,27)", str((asked - EXCEL_EPOCH).days), "n"),
    })  # fmt: skip
    assert has_formulas(path, READ_BACK)
    report = ws.sync(path)
    state = ws.store.outreach().set_index("person_id").loc[pid]
    assert state["notes"] == "=met at the fair"  # what was typed, not '#NAME?'
    assert state["request_draft"] == '="Hi "&B2'
    assert state["asked_on"] == asked.isoformat()  # a date column takes the computed value
    said = "\n".join(report.lines())
    assert "column 'Notes': a formula, kept as the text typed ('=met at the fair')" in said
    assert "Asked on" not in said
    write_plan(ws, path)
    header, rows = plan_sheet(path)
    row = next(r for r in rows if r[header.index("id")].value == pid)
    note = row[header.index("Notes")]
    assert (note.value, note.data_type) == ("=met at the fair", "s")  # text now, not a formula
    # Read again unchanged: no edit, nothing lost.
    ws.sync(path)
    assert ws.store.outreach().set_index("person_id").loc[pid, "notes"] == "=met at the fair"


def note_saved_by_a_script(path: Path, note: str, *, sheet_title: str = "Plan") -> str:
    """Type `note` into the second person's Notes and save the file as openpyxl does (a formula
    without a computed value), the Plan sheet renamed to `sheet_title`; their id."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    sheet.title = sheet_title
    header = [c.value for c in sheet[1]]
    pid = sheet.cell(row=3, column=header.index("id") + 1).value
    sheet.cell(row=3, column=header.index("Notes") + 1, value=note)
    book.save(path)
    return str(pid)


def test_a_formula_saved_without_a_value_still_reads_as_typed(
    planned: tuple[Workspace, Path],
) -> None:
    """A file saved by a script (openpyxl) has formulas without computed values."""
    ws, path = planned
    pid = note_saved_by_a_script(path, "=call back in January")
    ws.sync(path)
    assert ws.store.outreach().set_index("person_id").loc[pid, "notes"] == "=call back in January"


def test_a_formula_in_a_renamed_plan_sheet_still_reads_as_typed(
    planned: tuple[Workspace, Path],
) -> None:
    ws, path = planned
    pid = note_saved_by_a_script(path, "=met at the fair", sheet_title="My plan")
    report = ws.sync(path)
    assert ws.store.outreach().set_index("person_id").loc[pid, "notes"] == "=met at the fair"
    assert any("a formula, kept as the text typed" in line for line in report.lines())


def test_a_workbook_without_formulas_is_read_once(planned: tuple[Workspace, Path]) -> None:
    _, path = planned
    assert not has_formulas(path, READ_BACK)


def test_a_real_spreadsheet_saves_a_typed_formula_and_it_reads_back_as_typed(
    planned: tuple[Workspace, Path], tmp_path: Path
) -> None:
    ws, path = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    pid = sheet.cell(row=2, column=header.index("id") + 1).value
    sheet.cell(row=2, column=header.index("Notes") + 1, value="=met at the fair")
    book.save(path)
    shutil.copy(resaved_by_libreoffice(path, tmp_path), path)
    values = openpyxl.load_workbook(path, data_only=True)["Plan"]
    assert values.cell(row=2, column=header.index("Notes") + 1).value != "=met at the fair"
    ws.sync(path)
    assert ws.store.outreach().set_index("person_id").loc[pid, "notes"] == "=met at the fair"
