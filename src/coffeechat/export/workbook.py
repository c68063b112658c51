"""The outreach workbook: Plan, Employers, Contacts, Introductions, Questions and Dashboard sheets.

Written atomically (a temporary file renamed over the old one, which is kept as .bak); every imported
string is stored as text, never as a formula.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from coffeechat import columns as C
from coffeechat.errors import WorkbookError
from coffeechat.export.xlsx_safe import put
from coffeechat.plan import STATUSES, OutreachPlan

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
OVERDUE_FILL = PatternFill("solid", fgColor="F4B6B6")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

# (header, plan column, width, kind) for the Plan sheet; the hidden id column comes last.
PLAN_COLUMNS: tuple[tuple[str, str, int, str], ...] = (
    ("#", "order", 5, "int"),
    ("Name", C.FULL_NAME, 22, "text"),
    ("Employer", "employer", 24, "text"),
    ("Position", C.POSITION, 28, "text"),
    ("Role", "role", 9, "text"),
    ("Status", "status", 12, "status"),
    ("Request on", "request_on", 12, "date"),
    ("Switch to backup on", "switch_on", 12, "date"),
    ("Follow up on", "follow_up_on", 12, "date"),
    ("Next due", "next_due", 12, "date"),
    ("Why", "why", 48, "wrap"),
    ("Email", "email", 26, "mailto"),
    ("Profile", "linkedin_url", 10, "url"),
    ("Notes", "notes", 30, "wrap"),
    ("Request draft", "request_draft", 60, "wrap"),
    ("Words", "request_words", 7, "int"),
    ("Follow-up draft", "follow_up_draft", 50, "wrap"),
    ("Thank-you draft", "thank_you_draft", 50, "wrap"),
    ("id", C.PERSON_ID, 14, "text"),
)
# Printed pages show the working columns (up to Notes); the drafts are for the screen.
PLAN_PRINT_COLUMNS = 14


def _header(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = put(sheet, 1, col, title)
        cell.fill = HEADER_FILL
        cell.font = HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = "B2"
    # Printing: landscape, one page wide, the header repeated on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"


def _table(sheet: Worksheet, frame: pd.DataFrame, columns: Sequence[tuple[str, str, int]]) -> None:
    """A plain sheet: header, frozen, filtered, one row per frame row."""
    _header(sheet, [c[0] for c in columns], [c[2] for c in columns])
    for r, record in enumerate(frame.to_dict("records"), start=2):
        for col, (_, key, _) in enumerate(columns, start=1):
            put(sheet, r, col, record.get(key)).alignment = TOP
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(frame) + 1, 1)}"


def _plan_sheet(sheet: Worksheet, plan: pd.DataFrame) -> None:
    _header(sheet, [c[0] for c in PLAN_COLUMNS], [c[2] for c in PLAN_COLUMNS])
    status_col = [c[1] for c in PLAN_COLUMNS].index("status") + 1
    due_col = [c[1] for c in PLAN_COLUMNS].index("next_due") + 1
    statuses = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown status",
        error="Pick a status from the list.",
    )
    sheet.add_data_validation(statuses)
    records = plan.to_dict("records")
    for r, record in enumerate(records, start=2):
        record = {**record, "order": r - 1, "next_due": record.get("request_on")}
        for col, (_, key, _, kind) in enumerate(PLAN_COLUMNS, start=1):
            value = record.get(key)
            cell = put(sheet, r, col, "profile" if kind == "url" and value else value)
            if kind == "mailto" and value:
                cell.hyperlink = f"mailto:{value}"
                cell.style = "Hyperlink"
            elif kind == "url" and value:
                cell.hyperlink = str(value)
                cell.style = "Hyperlink"
            cell.alignment = WRAP if kind == "wrap" else TOP
        sheet.row_dimensions[r].height = 48
    last = len(records) + 1
    letter = get_column_letter(status_col)
    due = get_column_letter(due_col)
    if records:
        statuses.add(f"{letter}2:{letter}{last}")
        sheet.conditional_formatting.add(
            f"A2:{get_column_letter(len(PLAN_COLUMNS))}{last}",
            FormulaRule(
                formula=[
                    f'AND(${due}2<>"",${due}2<TODAY(),OR(${letter}2="planned",${letter}2="asked"))'
                ],
                fill=OVERDUE_FILL,
            ),
        )
    sheet.column_dimensions[get_column_letter(len(PLAN_COLUMNS))].hidden = True
    sheet.print_area = f"A1:{get_column_letter(PLAN_PRINT_COLUMNS)}{last}"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(PLAN_COLUMNS))}{last}"


def _dashboard(sheet: Worksheet, book: OutreachPlan) -> None:
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 12
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    title = put(sheet, 1, 1, f"Outreach dashboard for {book.owner}")
    title.font = Font(bold=True, size=14)
    put(sheet, 2, 1, f"Made on {book.made_on.isoformat()}")
    contacts = book.contacts
    summary = [
        ("People in your network", len(contacts)),
        (
            "Relevant to your targets",
            int((contacts.get("relevance", pd.Series(dtype=float)) > 0.3).sum()),
        ),
        ("Employers on your LAMP list", len(book.employers)),
        ("People planned", len(book.plan)),
        ("Introductions logged", len(book.introductions)),
    ]
    for i, (label, value) in enumerate(summary, start=4):
        put(sheet, i, 1, label)
        put(sheet, i, 2, value)
    start = 4 + len(summary) + 1
    put(sheet, start, 1, "Outreach funnel").font = Font(bold=True)
    status = book.plan["status"] if "status" in book.plan else pd.Series(dtype=str)
    reached = {
        "identified": len(book.plan),
        "asked": int(status.isin(["asked", "replied", "scheduled", "met", "thanked"]).sum()),
        "replied": int(status.isin(["replied", "scheduled", "met", "thanked"]).sum()),
        "met": int(status.isin(["met", "thanked"]).sum()),
        "thanked": int(status.eq("thanked").sum()),
    }
    for i, (label, value) in enumerate(reached.items(), start=start + 1):
        put(sheet, i, 1, label)
        put(sheet, i, 2, value)
    chart = BarChart()
    chart.type = "bar"
    chart.title = "Outreach funnel"
    chart.y_axis.title = "people"
    chart.legend = None
    data = Reference(sheet, min_col=2, min_row=start + 1, max_row=start + len(reached))
    cats = Reference(sheet, min_col=1, min_row=start + 1, max_row=start + len(reached))
    chart.add_data(data)
    chart.set_categories(cats)
    chart.x_axis.scaling.orientation = "maxMin"
    # openpyxl marks axes deleted by default; Excel and LibreOffice then draw no labels.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 7, 14
    sheet.add_chart(chart, "D4")


def build_workbook(book: OutreachPlan) -> Workbook:
    """The workbook in memory (write it with `write_workbook`)."""
    wb = Workbook()
    plan_sheet = wb.active
    assert plan_sheet is not None
    plan_sheet.title = "Plan"
    _plan_sheet(plan_sheet, book.plan)
    _table(
        wb.create_sheet("Employers"),
        book.employers,
        [
            ("LAMP rank", "lamp_rank", 10),
            ("Employer", "employer", 34),
            ("Motivation (0-3)", "motivation", 12),
            ("Posting (1-3)", "posting", 12),
            ("Advocacy (contacts)", "advocacy", 12),
        ],
    )
    _table(
        wb.create_sheet("Contacts"),
        book.contacts,
        [
            ("Name", C.FULL_NAME, 24),
            ("Company", C.COMPANY, 26),
            ("Position", C.POSITION, 30),
            ("Score", "score", 8),
            ("Why", "why", 60),
            ("Location", C.LOCATION, 18),
            ("School", C.SCHOOL, 24),
            ("Class", C.CLASS_YEAR, 7),
            ("Sources", C.SOURCES, 16),
            ("Connected on", C.CONNECTED_ON, 12),
            ("Messages", C.MESSAGE_COUNT, 9),
            ("Do not contact", C.DO_NOT_CONTACT, 8),
            ("id", C.PERSON_ID, 14),
        ],
    )
    _table(
        wb.create_sheet("Introductions"),
        book.introductions,
        [
            ("Introduced by", "introducer_name", 24),
            ("Person", "person_name", 24),
            ("Date", "introduced_on", 12),
            ("Note", "note", 40),
            ("Company", C.COMPANY, 24),
            ("Position", C.POSITION, 28),
        ],
    )
    _table(
        wb.create_sheet("Questions"),
        book.questions,
        [
            ("Name", C.FULL_NAME, 24),
            ("Theme", "theme", 30),
            ("Question", "question", 90),
            ("Answer / notes", "answer", 50),
            ("id", C.PERSON_ID, 14),
        ],
    )
    _dashboard(wb.create_sheet("Dashboard"), book)
    return wb


def write_workbook(book: OutreachPlan, path: Path) -> Path:
    """Write atomically: a temporary file in the same folder replaces `path`; the old file is kept
    as `path.bak`. A failure leaves the old workbook untouched."""
    return atomic_save(path, lambda tmp: build_workbook(book).save(tmp))


def atomic_save(path: Path, save: Callable[[Path], Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        save(tmp)
        if path.exists():
            shutil.copy2(path, path.with_name(path.name + ".bak"))
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
