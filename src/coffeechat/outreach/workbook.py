"""The outreach workbook: Plan, Employers, Contacts, Introductions, Questions and Dashboard sheets.

Written atomically (a temporary file renamed over the old one; the last few versions are kept in a
`backups/` folder beside it); every imported string is stored as text, never as a formula. Each
workbook carries its write id in a hidden sheet, so reading it back compares it with exactly what
that write held.

Written with XlsxWriter (a workbook is always written whole, never edited in place: it writes a
5,000-row Contacts sheet in less than half the time openpyxl takes) and read back with openpyxl.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from xlsxwriter.utility import xl_col_to_name

from coffeechat import columns as C
from coffeechat.atomic import BACKUPS, atomic_save, keep_backup
from coffeechat.errors import WorkbookError
from coffeechat.outreach.cells import (
    FILLED,
    OWN,
    filled_text,
    normal_text,
    own_fields,
    parse_day,
    parse_meeting,
)
from coffeechat.outreach.formulas import TypedBook, has_formulas
from coffeechat.outreach.formulas import warnings as formula_warnings
from coffeechat.outreach.lamp import LampEdit
from coffeechat.outreach.plan import STATUSES, OutreachPlan
from coffeechat.outreach.sheet_index import sheet_names, sheet_width
from coffeechat.outreach.tracking import (
    IntroEdit,
    PlanEdit,
    WorkbookEdits,
    saved_at,
    validate_status,
)
from coffeechat.outreach.xlsx_safe import (
    SAFE_OPTIONS,
    Styles,
    UsersFormula,
    put,
    put_link,
    text_cells,
    unescaped,
)

HEADER = {"bold": True, "font_color": "#FFFFFF", "bg_color": "#1F4E79", "text_wrap": True,
          "valign": "vcenter"}  # fmt: skip
# The headers of the columns the user types into.
EDITABLE = {**HEADER, "bg_color": "#2E7D32"}
OVERDUE = {"bg_color": "#F4B6B6"}
WRAP = {"text_wrap": True, "valign": "top"}
TOP = {"valign": "top"}

# (header, plan column, width, kind) for the Plan sheet; the hidden id column comes last.
PLAN_COLUMNS: tuple[tuple[str, str, int, str], ...] = (
    ("#", "order", 5, "int"),
    ("Name", C.FULL_NAME, 22, "text"),
    ("Employer", C.EMPLOYER, 24, "text"),
    ("Position", C.POSITION, 28, "text"),
    ("Role", C.ROLE, 9, "text"),
    ("Status", C.STATUS, 12, C.STATUS),
    ("Next action", C.NEXT_ACTION, 22, "wrap"),
    ("Next due", C.NEXT_DUE, 12, "date"),
    ("Request on", C.REQUEST_ON, 12, "date"),
    ("Asked on", C.ASKED_ON, 12, "date"),
    ("Replied on", "replied_on", 12, "date"),
    ("Met on", "met_on", 12, "date"),
    ("Thanked on", "thanked_on", 12, "date"),
    ("Introduced on", "introduced_on", 12, "date"),
    ("Congratulated on", "congratulated_on", 12, "date"),
    ("Meeting", "meeting_at", 16, "meeting"),
    ("Tier", C.TIER, 11, "text"),
    ("Why", C.WHY, 48, "wrap"),
    ("Email", "email", 26, "mailto"),
    ("Profile", "linkedin_url", 10, "url"),
    ("Notes", "notes", 30, "wrap"),
    ("Request draft", "request_draft", 60, "wrap"),
    ("Words", "request_words", 7, "int"),
    ("Fresh request draft", "suggested_request_draft", 40, "wrap"),
    ("Follow-up draft", "follow_up_draft", 50, "wrap"),
    ("Thank-you draft", "thank_you_draft", 50, "wrap"),
    ("Congratulations draft", "congratulations_draft", 40, "wrap"),
    ("id", C.PERSON_ID, 14, "text"),
)
# Printed pages show the working columns (up to Notes); the drafts are for the screen.
PLAN_PRINT_COLUMNS = 21
DATE_HEADERS = {"Request on": C.REQUEST_ON, "Asked on": C.ASKED_ON, "Replied on": "replied_on",
                "Met on": "met_on", "Thanked on": "thanked_on", "Introduced on": "introduced_on",
                "Congratulated on": "congratulated_on"}  # fmt: skip
TEXT_HEADERS = {"Notes": "notes", "Request draft": "request_draft",
                "Follow-up draft": "follow_up_draft", "Thank-you draft": "thank_you_draft"}  # fmt: skip


def _shows(key: str, kind: str) -> Callable[[Mapping[str, Any]], object]:
    """What a Plan cell shows for a plan row (a profile link shows the word "profile")."""
    if kind == "url":
        return lambda record: "profile" if record.get(key) else None
    return lambda record: record.get(key)


# The Plan columns coffeechat fills in for a row it wrote, and what each shows (tracking.FILLED):
# every column but those read back, the row number, the word count and the id.
FILLED_CELLS: dict[str, Callable[[Mapping[str, Any]], object]] = {
    header: _shows(key, kind)
    for header, key, _, kind in PLAN_COLUMNS
    if header not in {"Status", *DATE_HEADERS, "Meeting", *TEXT_HEADERS, "#", "Words", "id"}
}
# Columns where a formula means its computed value (`=TODAY()`); elsewhere it is read as typed.
COMPUTED = frozenset({*DATE_HEADERS, "Meeting", "Status", "Date"})
# The hidden sheet that says which write a workbook is.
ABOUT_SHEET = "coffeechat"
INTRO_COLUMNS = (
    ("Introduced by", "introducer_name", 24),
    ("Person", "person_name", 24),
    ("Date", "introduced_on", 12),
    ("Note", "note", 40),
    ("Company", C.COMPANY, 24),
    ("Position", C.POSITION, 28),
)
# The hidden last column of the Introductions sheet: the two people's ids, so that a row
# coffeechat wrote is read back as the same two people even when someone shares a name.
INTRO_IDS = ("id", "ids", 14)
WEEK_COLUMNS = (
    ("Due", "due", 12),
    ("When", "when", 16),
    ("Action", "action", 30),
    ("Name", C.FULL_NAME, 24),
    ("Employer", C.EMPLOYER, 26),
    ("Detail", "detail", 70),
    ("id", C.PERSON_ID, 14),
)
QUESTION_COLUMNS = (
    ("Name", C.FULL_NAME, 24),
    ("Theme", "theme", 30),
    ("Question", "question", 90),
    ("Answer / notes", "answer", 50),
    ("id", C.PERSON_ID, 14),
)


EMPLOYER_COLUMNS = (
    ("LAMP rank", C.LAMP_RANK, 10),
    ("Employer", C.EMPLOYER, 34),
    ("Motivation (0-3)", "motivation", 12),
    ("Posting (1-3)", "posting", 12),
    ("Advocacy (contacts)", "advocacy", 12),
)
# The scores typed in the Employers sheet: (header, lowest, highest).
SCORES = (("Motivation (0-3)", 0, 3), ("Posting (1-3)", 1, 3))


def _header_key(header: str) -> str:
    """A header as compared: case, spacing and a trailing colon or star do not matter."""
    return " ".join(header.replace("_", " ").split()).strip(" :*").casefold()


# Every header a sheet that is read back has, by the key it is compared with (`_header_key`).
_PLAN_HEADERS = frozenset(c[0] for c in PLAN_COLUMNS)
_KNOWN_HEADERS = {
    _header_key(h): h
    for h in (
        *_PLAN_HEADERS,
        *(c[0] for c in (*INTRO_COLUMNS, INTRO_IDS, *QUESTION_COLUMNS, *EMPLOYER_COLUMNS)),
    )
}


def _header(
    sheet: Any,
    styles: Styles,
    headers: Sequence[str],
    widths: Sequence[int],
    *,
    editable: Sequence[str] = (),
    hidden_last: bool = False,
) -> None:
    for col, (title, width) in enumerate(zip(headers, widths, strict=True)):
        put(sheet, styles, 0, col, title, **(EDITABLE if title in editable else HEADER))
        hide = hidden_last and col == len(headers) - 1
        sheet.set_column(col, col, width, None, {"hidden": True} if hide else None)
    sheet.freeze_panes(1, 1)
    # Printing: landscape, one page wide, the header repeated on every page.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _table(
    sheet: Any, styles: Styles, frame: pd.DataFrame, columns: Sequence[tuple[str, str, int]],
    spec: SheetSpec,
) -> None:  # fmt: skip
    """A plain sheet: header, frozen, filtered, one row per frame row.

    Its rows are one line tall (nothing wraps), so cells keep the default style (a date has its
    number format)."""
    _header(sheet, styles, [c[0] for c in columns], [c[2] for c in columns],
            editable=spec.editable, hidden_last=spec.hidden_last_column)  # fmt: skip
    empty = [None] * len(frame)
    cells = [text_cells(frame[key]) if key in frame else empty for _, key, _ in columns]
    for r, row in enumerate(zip(*cells, strict=True), start=1):
        for col, value in enumerate(row):
            # Text (most cells) is clean already and written as it is; the rest through `put`.
            if type(value) is str:
                if value:
                    sheet.write_string(r, col, value)
            elif value is not None:
                put(sheet, styles, r, col, value)
    sheet.autofilter(0, 0, max(len(frame), 1), len(columns) - 1)


def _plan_sheet(sheet: Any, styles: Styles, plan: pd.DataFrame, spec: SheetSpec) -> None:
    # The user's own columns go after ours, before the hidden id.
    own = [(f.removeprefix(OWN), f, 24, "wrap") for f in own_fields(plan.columns)]
    columns = (*PLAN_COLUMNS[:-1], *own, PLAN_COLUMNS[-1])
    _header(sheet, styles, [c[0] for c in columns], [c[2] for c in columns],
            editable=(*spec.editable, *(c[0] for c in own)),
            hidden_last=spec.hidden_last_column)  # fmt: skip
    status_col = [c[1] for c in columns].index(C.STATUS)
    due_col = [c[1] for c in columns].index(C.NEXT_DUE)
    rows = plan.to_dict("records")
    for r, record in enumerate(rows, start=1):
        record = {**record, "order": r}
        for col, (_, key, _, kind) in enumerate(columns):
            value = record.get(key)
            # Every cell is styled, empty ones too: what the user types there wraps.
            style = WRAP if kind == "wrap" else TOP
            if kind == "meeting":
                value = _meeting_value(value)
            if kind == "mailto" and value:
                put_link(sheet, styles, r, col, f"mailto:{value}", str(value), **style)
            elif kind == "url" and value:
                put_link(sheet, styles, r, col, str(value), "profile", **style)
            else:
                put(sheet, styles, r, col, value, **style)
        sheet.set_row(r, 48)
    last = len(rows)
    if rows:
        sheet.data_validation(
            1, status_col, last, status_col,
            {
                "validate": "list",
                "source": list(STATUSES),
                "ignore_blank": True,
                "error_title": "Unknown status",
                "error_message": "Pick a status from the list.",
            },
        )  # fmt: skip
        due = xl_col_to_name(due_col)
        sheet.conditional_format(
            1, 0, last, len(columns) - 1,
            {
                "type": "formula",
                # Anything due in the past is overdue, whatever its status.
                "criteria": f'=AND(${due}2<>"",${due}2<TODAY())',
                "format": styles.get(**OVERDUE),
            },
        )  # fmt: skip
    sheet.print_area(0, 0, last, PLAN_PRINT_COLUMNS - 1)
    sheet.autofilter(0, 0, last, len(columns) - 1)


def _meeting_value(value: Any) -> Any:
    """A stored meeting (`YYYY-MM-DD` or `YYYY-MM-DD HH:MM`) as a date or date-time cell."""
    text = str(value or "")
    if not text:
        return None
    if len(text) > 10:
        return datetime.fromisoformat(text)
    return date.fromisoformat(text)


def _dashboard(sheet: Any, styles: Styles, book: OutreachPlan, spec: SheetSpec) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 12)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 1)
    put(sheet, styles, 0, 0, f"Outreach dashboard for {book.owner}", bold=True, font_size=14)
    put(sheet, styles, 1, 0, f"Made on {book.made_on.isoformat()}")
    summary = [
        ("People in your network", book.people_total or len(book.contacts)),
        ("Matching your targets", book.people_matching),
        ("Employers on your LAMP list", len(book.employers)),
        ("People planned", len(book.plan)),
        ("Introductions logged", len(book.introductions)),
    ]
    for i, (label, value) in enumerate(summary, start=3):
        put(sheet, styles, i, 0, label)
        put(sheet, styles, i, 1, value)
    start = 3 + len(summary) + 1
    put(sheet, styles, start, 0, "Outreach funnel", bold=True)
    status = book.plan[C.STATUS] if C.STATUS in book.plan else pd.Series(dtype=str)
    reached = {
        "identified": len(book.plan),
        "asked": int(status.isin(["asked", "replied", "scheduled", "met", "thanked"]).sum()),
        "replied": int(status.isin(["replied", "scheduled", "met", "thanked"]).sum()),
        "met": int(status.isin(["met", "thanked"]).sum()),
        "thanked": int(status.eq("thanked").sum()),
    }
    for i, (label, value) in enumerate(reached.items(), start=start + 1):
        put(sheet, styles, i, 0, label)
        put(sheet, styles, i, 1, value)
    first, last = start + 1, start + len(reached)
    chart = styles.workbook.add_chart({"type": "bar"})
    chart.add_series(
        {
            "name": "people",
            "categories": [spec.name, first, 0, last, 0],
            "values": [spec.name, first, 1, last, 1],
        }
    )
    chart.set_title({"name": "Outreach funnel"})
    # A bar chart's x axis is the horizontal one, the counts; the stages read top down.
    chart.set_x_axis({"name": "people"})
    chart.set_y_axis({"reverse": True, "crossing": "max"})  # the counts along the bottom
    chart.set_legend({"none": True})
    chart.set_size({"width": 530, "height": 265})
    sheet.insert_chart("D4", chart)


def write_workbook(
    book: OutreachPlan,
    path: Path,
    *,
    write_id: str = "",
    before_replace: Callable[[Path], Any] | None = None,
    own: Sequence[OwnSheet] = (),
) -> Path:
    """Write atomically: a temporary file in the same folder replaces `path`; the old file is kept
    in `backups/`. `before_replace` runs once the new file is complete (the store records the
    write there); if anything fails, the old workbook is untouched. `own` are sheets the user
    added to the old workbook (`own_sheets`), written after coffeechat's."""
    return atomic_save(
        path,
        lambda tmp: _write(book, tmp, write_id, own),
        before_replace=before_replace,
        backup=keep_backup,
    )


@dataclass(frozen=True)
class OwnSheet:
    """A sheet the user added to a workbook: its name and cells (row, column, value, whether the
    value is a formula they typed)."""

    name: str
    cells: tuple[tuple[int, int, Any, bool], ...]


@dataclass(frozen=True)
class OwnColumns:
    """Columns the user added to the Contacts sheet: their headers, and per person id the cells
    (value, whether it is a formula they typed) in that order."""

    headers: tuple[str, ...]
    values: Mapping[str, tuple[tuple[Any, bool], ...]]


def own_contact_columns(path: Path) -> OwnColumns | None:
    """The columns the user added to a workbook's Contacts sheet, which a new plan writes again
    (the sheet is otherwise written afresh). A sheet no wider than coffeechat's is not opened."""
    width = sheet_width(path, "Contacts") if path.is_file() else 0
    if width is not None and width <= len(CONTACT_COLUMNS):
        return None
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        if "Contacts" not in book.sheetnames:
            return None
        rows = book["Contacts"].iter_rows()
        header = [str(getattr(c, "value", None) or "").strip() for c in next(rows, ())]
        known = {h for h, _, _ in CONTACT_COLUMNS}
        extra = [(i, h) for i, h in enumerate(header) if h and h not in known]
        if not extra or "id" not in header:
            return None
        at = header.index("id")
        values: dict[str, tuple[tuple[Any, bool], ...]] = {}
        for row in rows:
            pid = getattr(row[at], "value", None) if at < len(row) else None
            cells = tuple(
                (getattr(row[i], "value", None), getattr(row[i], "data_type", "") == "f")
                if i < len(row) else (None, False)
                for i, _ in extra
            )  # fmt: skip
            if pid and any(v is not None for v, _ in cells):
                values[str(pid)] = cells
        return OwnColumns(tuple(h for _, h in extra), values)
    finally:
        book.close()


def own_sheets(path: Path) -> list[OwnSheet]:
    """The sheets the user added to a workbook coffeechat wrote (a "Research" sheet, say), which a
    new plan would otherwise write over: their values and formulas, not their formatting. The
    sheet names are read from the file's index first, so a workbook without such a sheet is not
    opened."""
    if not path.is_file():
        return []
    registered = {spec.name for spec in SHEETS} | {ABOUT_SHEET}
    if all(name in registered for name in sheet_names(path)):
        return []
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        # A registered sheet the user renamed is read as that sheet, not kept as their own.
        taken = {_sheet_named(book, spec, registered) for spec in SHEETS} | registered
        out = []
        for name in book.sheetnames:
            if name in taken:
                continue
            cells = tuple(
                (cell.row, cell.column, cell.value, cell.data_type == "f")
                for row in book[name].iter_rows()
                for cell in row
                if getattr(cell, "value", None) is not None
            )
            out.append(OwnSheet(str(name), cells))
        return out
    finally:
        book.close()


FORGOTTEN = "[forgotten]"


def _without(text: str, needles: Sequence[re.Pattern[str]]) -> str | None:
    """A cell's text with a forgotten person's name and addresses taken out. Only those words
    go: the rest is someone else's notes or a draft, which the next sync would otherwise read as
    emptied by the user. A cell that held nothing else is emptied."""
    for needle in needles:
        text = needle.sub(FORGOTTEN, text)
    rest = text.replace(FORGOTTEN, "")
    return None if not any(ch.isalnum() for ch in rest) else text


def scrub_workbook(path: Path, person_id: str, texts: Sequence[str]) -> bool:
    """Take a forgotten person out of a workbook: every row that carries their id goes, and any
    other cell that holds their name or address is emptied. Written whole or not at all; a
    workbook open in Excel or LibreOffice is left alone (False)."""
    import openpyxl

    from coffeechat.atomic import open_elsewhere

    if open_elsewhere(path):
        return False
    book = openpyxl.load_workbook(path)
    # Whole words only: "Al Li" is in "Al Li called", not in "Royal Life".
    needles = [
        re.compile(rf"(?<!\w){re.escape(t)}(?!\w)", re.IGNORECASE)
        for t in texts
        if t and len(t) > 2
    ]
    for sheet in book.worksheets:
        header = [str(c.value or "") for c in sheet[1]]
        id_col = header.index("id") + 1 if "id" in header else None
        for r in range(sheet.max_row, 1, -1):
            if id_col and person_id in str(sheet.cell(row=r, column=id_col).value or "").split():
                sheet.delete_rows(r)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and any(n.search(cell.value) for n in needles):
                    cell.value = _without(cell.value, needles)
    atomic_save(path, book.save)
    return True


# -- reading back ------------------------------------------------------------------------------


def _check_workbook_file(path: Path) -> None:
    """A workbook to read is a regular file whose ZIP directory is within the limits (a bomb is
    refused before anything is inflated)."""
    import zipfile

    from coffeechat.errors import InputError
    from coffeechat.limits import UNREADABLE_ZIP, check_archive, check_regular_file

    try:
        check_regular_file(path)
        with zipfile.ZipFile(path) as archive:
            check_archive(archive, where=str(path))
    except InputError as exc:
        raise WorkbookError(exc.what, where=exc.where, fix=exc.fix) from None
    except UNREADABLE_ZIP:
        return  # not a (readable) ZIP: openpyxl says so in its own words below


def read_workbook(path: Path) -> WorkbookEdits:
    """Everything the user typed: Plan statuses, dates, notes and hand-added rows; new
    Introductions rows; Questions answers. Every problem is collected; the first is raised with
    its sheet, row and column (and how many more there are)."""
    import openpyxl

    if not path.exists():
        raise WorkbookError(
            "no such workbook", where=str(path), fix="check the path, or run `coffeechat plan`"
        )
    _check_workbook_file(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except PermissionError:
        raise WorkbookError(
            "cannot read the workbook (it is locked or not readable)",
            where=str(path),
            fix="close it in Excel or LibreOffice and run the command again",
        ) from None
    except Exception as exc:  # openpyxl raises many types for damaged or foreign files
        raise WorkbookError(
            f"cannot open the workbook ({exc.__class__.__name__})",
            where=str(path),
            fix=f"save it again as .xlsx (Excel Workbook), or restore a copy from {BACKUPS}/",
        ) from None
    problems: list[str] = []
    edits = WorkbookEdits()
    typed = None
    try:
        # The sheets read back, by the names they have in this file (the user may rename them).
        registered = {spec.name for spec in SHEETS}
        found = {spec.name: _sheet_named(book, spec, registered) for spec in SHEETS if spec.read}
        if has_formulas(path, [name for name in found.values() if name is not None]):
            # Formulas the user typed are read as typed, outside the date and status columns.
            typed = TypedBook(
                book, openpyxl.load_workbook(path, read_only=True, data_only=False), COMPUTED
            )
        _read_sheets(typed or book, path, problems, edits, found)
    except WorkbookError:
        raise
    except Exception as exc:  # a damaged sheet shows only when it is read (read-only mode)
        raise WorkbookError(
            f"the workbook is damaged ({exc.__class__.__name__})",
            where=str(path),
            fix=f"open it in Excel or LibreOffice and save it again, or restore a copy from {BACKUPS}/",
        ) from None
    finally:
        book.close()
        if typed is not None:
            typed.typed.close()
    if typed is not None:
        edits.warnings += formula_warnings(typed.found, path.name)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        what, where, fix = problems[0].split("\x1f")
        raise WorkbookError(what + more, where=where, fix=fix)
    return edits


def _read_sheets(
    book: Any, path: Path, problems: list[str], edits: WorkbookEdits, found: dict[str, str | None]
) -> None:
    """Every registered sheet the user types into (`found`: the name each has in this file),
    read through its own reader."""
    if found["Plan"] is None:
        raise WorkbookError("the workbook has no Plan sheet", where=str(path),
                            fix="rename the sheet of your plan back to 'Plan', or pass the"
                                " outreach workbook coffeechat wrote")  # fmt: skip
    if ABOUT_SHEET in book.sheetnames:
        edits.write_id = _write_id(book[ABOUT_SHEET])
    edits.saved_at = saved_at(path.stat().st_mtime)
    for spec in SHEETS:
        if spec.read is None:
            continue
        name = found[spec.name]
        if name is None:
            edits.warnings.append(
                f"the {spec.name} sheet is missing from {path.name} (renamed or deleted?):"
                " nothing typed there could be read; the next plan writes it again"
            )
            continue
        spec.read(book[name], path, problems, edits)
        if name != spec.name:
            edits.warnings.append(f"the {spec.name} sheet was read from '{name}'")


def _sheet_named(book: Any, spec: SheetSpec, registered: set[str]) -> str | None:
    """The sheet read as `spec`: the one of its name or, when the user renamed it, another sheet
    whose header row has the headers that identify it."""
    if spec.name in book.sheetnames:
        return spec.name
    wanted = {_header_key(h) for h in spec.identified_by or spec.editable}
    for name in book.sheetnames:
        if name in registered or name == ABOUT_SHEET:
            continue
        headers = {_header_key(str(c)) for c in _header_of(book[name]) if c is not None}
        if wanted <= headers:
            return str(name)
    return None


def _header_of(sheet: Any) -> tuple[Any, ...]:
    return next(sheet.iter_rows(max_row=1, values_only=True), ())


def _rows(sheet: Any) -> tuple[dict[str, int], list[tuple[int, tuple[Any, ...]]]]:
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, ())
    columns: dict[str, int] = {}
    for i, h in enumerate(header):
        text = str(h).strip() if h is not None else ""
        if text:
            # "notes", "NOTES" or "Notes:" is the Notes column; the first of two alike counts.
            columns.setdefault(_KNOWN_HEADERS.get(_header_key(text), text), i)
    body = [
        (n, tuple(unescaped(v) if isinstance(v, str) else v for v in row))
        for n, row in enumerate(rows, start=2)
        if any(v not in (None, "") for v in row)
    ]
    return columns, body


def _cell(row: tuple[Any, ...], columns: dict[str, int], name: str) -> Any:
    i = columns.get(name)
    return row[i] if i is not None and i < len(row) else None


def _text_cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _problem(what: str, path: Path, sheet: str, row: int, column: str, fix: str) -> str:
    return "\x1f".join((what, f"{path} sheet {sheet} row {row} column '{column}'", fix))


def _read_plan(sheet: Any, path: Path, problems: list[str], edits: WorkbookEdits) -> None:
    columns, body = _rows(sheet)
    # Columns the user added (or renamed) are theirs: kept per person, written back each time.
    own = [h for h in columns if h not in _PLAN_HEADERS]
    edits.plan = _plan_rows(columns, body, own, path, problems)
    missing = [h for h in (*DATE_HEADERS, "Meeting", *TEXT_HEADERS) if h not in columns]
    if own and missing:
        # A renamed column is read as one of the user's own, so nothing typed under it is lost.
        names = [repr(h) for h in own]
        listed = " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)
        edits.warnings.append(
            f"{path.name} sheet Plan has no '{missing[0]}' column (renamed?): what is typed under"
            f" {listed} is kept in {'columns' if len(names) > 1 else 'a column'} of your own;"
            f" the next plan writes '{missing[0]}' again beside it"
        )


def _plan_rows(
    columns: dict[str, int],
    body: list[tuple[int, tuple[Any, ...]]],
    own: list[str],
    path: Path,
    problems: list[str],
) -> list[PlanEdit]:
    missing = [h for h in ("Name", "Status", "id") if h not in columns]
    if missing:
        problems.append(_problem(f"the Plan sheet has no '{missing[0]}' column", path, "Plan", 1,
                                 missing[0], f"restore the header row (or a copy from {BACKUPS}/)"))  # fmt: skip
        return []
    edits = []
    for number, row in body:
        status_text = _cell(row, columns, "Status")
        try:
            status = validate_status(status_text)
        except ValueError:
            problems.append(_problem(f"unknown status '{status_text}'", path, "Plan", number, "Status",
                                     f"pick one of {', '.join(STATUSES)}"))  # fmt: skip
            status = ""
        cells: dict[str, str] = {"status": status}
        # A column the user removed says nothing about its cells: only present ones are read.
        for header, key in DATE_HEADERS.items():
            if header not in columns:
                continue
            value = _cell(row, columns, header)
            try:
                day = parse_day(value)
            except ValueError:
                problems.append(_problem(f"'{value}' is not a date", path, "Plan", number, header,
                                         "type it as YYYY-MM-DD, e.g. 2026-12-01"))  # fmt: skip
                day = None
            cells[key] = day.isoformat() if day else ""
        value = _cell(row, columns, "Meeting")
        try:
            if "Meeting" in columns:
                cells["meeting_at"] = parse_meeting(value)
        except ValueError:
            problems.append(_problem(f"'{value}' is not a date and time", path, "Plan", number,
                                     "Meeting", "type it as YYYY-MM-DD HH:MM, e.g. 2026-12-03 16:00"))  # fmt: skip
        for header, key in TEXT_HEADERS.items():
            if header in columns:
                cells[key] = normal_text(_cell(row, columns, header))
        for header in own:
            cells[OWN + header] = normal_text(_cell(row, columns, header))
        for header in FILLED_CELLS:
            if header in columns:
                cells[FILLED + header] = filled_text(_cell(row, columns, header))
        name = _text_cell(_cell(row, columns, "Name"))
        person_id = _text_cell(_cell(row, columns, "id"))
        if not person_id and not name:
            # Leftovers with nothing the user types (a link a spreadsheet kept behind after a row
            # was deleted) are not rows; anything typed without a name is a mistake to point at.
            if any(v for k, v in cells.items() if not k.startswith(FILLED)):
                problems.append(_problem("a row without a name", path, "Plan", number, "Name",
                                         "type the person's name or delete the row"))  # fmt: skip
            continue
        edits.append(
            PlanEdit(
                row=number,
                person_id=person_id,
                name=name,
                employer=_text_cell(_cell(row, columns, "Employer")),
                position=_text_cell(_cell(row, columns, "Position")),
                cells=cells,
            )
        )
    return edits


def _write_id(sheet: Any) -> str:
    for row in sheet.iter_rows(min_row=1, max_row=5, values_only=True):
        if row and row[0] == "write_id" and len(row) > 1 and row[1]:
            return str(row[1]).strip()
    return ""


def _read_intros(sheet: Any, path: Path, problems: list[str], edits: WorkbookEdits) -> None:
    edits.introductions = _intro_rows(sheet, path, problems)


def _with_ids(intros: Any) -> Any:
    if intros.empty or "introducer_id" not in intros:
        return intros.assign(ids="")
    return intros.assign(ids=intros["introducer_id"].astype(str) + " " + intros[C.PERSON_ID])


def _intro_rows(sheet: Any, path: Path, problems: list[str]) -> list[IntroEdit]:
    columns, body = _rows(sheet)
    edits = []
    for number, row in body:
        introducer = _text_cell(_cell(row, columns, "Introduced by"))
        person = _text_cell(_cell(row, columns, "Person"))
        ids = _text_cell(_cell(row, columns, "id")).split() if "id" in columns else []
        if not introducer or not person:
            column = "Introduced by" if not introducer else "Person"
            problems.append(_problem("an introduction needs both names", path, "Introductions", number,
                                     column, "fill in who introduced whom, or delete the row"))  # fmt: skip
            continue
        value = _cell(row, columns, "Date")
        try:
            when = parse_day(value)
        except ValueError:
            problems.append(_problem(f"'{value}' is not a date", path, "Introductions", number, "Date",
                                     "type it as YYYY-MM-DD"))  # fmt: skip
            when = None
        edits.append(
            IntroEdit(number, introducer, person, when, _text_cell(_cell(row, columns, "Note")),
                      _text_cell(_cell(row, columns, "Company")), _text_cell(_cell(row, columns, "Position")),
                      ids=tuple(ids[:2]) if len(ids) == 2 else ())
        )  # fmt: skip
    return edits


def _read_employers(sheet: Any, path: Path, problems: list[str], edits: WorkbookEdits) -> None:
    """The LAMP scores of the Employers sheet (see `outreach.lamp`), each checked."""
    columns, body = _rows(sheet)
    if "Employer" not in columns:
        return
    rows = []
    for number, row in body:
        name = _text_cell(_cell(row, columns, "Employer"))
        if not name:
            continue
        scores = []
        for header, low, high in SCORES:
            value = _cell(row, columns, header) if header in columns else None
            score = _score(value, low, high)
            if score is None:
                problems.append(_problem(f"'{value}' is not a score from {low} to {high}", path,
                                         "Employers", number, header,
                                         f"type a whole number from {low} to {high}"))  # fmt: skip
                score = low
            scores.append(score)
        rows.append(LampEdit(number, name, (scores[0], scores[1])))
    edits.employers = rows


def _score(value: Any, low: int, high: int) -> int | None:
    """A typed score; an empty cell is the lowest (the profile's default for a new employer is 1,
    a posting's lowest). None when it is no whole number in range."""
    if value is None or str(value).strip() == "":
        return max(low, 1)
    try:
        number = float(str(value).strip())
    except ValueError:
        return None
    if not number.is_integer() or not low <= number <= high:
        return None
    return int(number)


def _read_answers(sheet: Any, path: Path, problems: list[str], edits: WorkbookEdits) -> None:
    edits.answers = _answer_rows(sheet)


def _answer_rows(sheet: Any) -> list[tuple[str, str, str]]:
    columns, body = _rows(sheet)
    out = []
    for _, row in body:
        answer = _text_cell(_cell(row, columns, "Answer / notes"))
        pid = _text_cell(_cell(row, columns, "id"))
        question = _text_cell(_cell(row, columns, "Question"))
        if answer and pid and question:
            out.append((pid, question, answer))
    return out


# -- the sheets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SheetSpec:
    """One sheet of the workbook: its name, how it is written from the plan, and (for sheets the
    user types into) how their edits are read back. Adding a sheet is one entry in `SHEETS`."""

    name: str
    write: Callable[[Any, Styles, OutreachPlan, SheetSpec], None]
    read: Callable[[Any, Path, list[str], WorkbookEdits], None] | None = None
    editable: tuple[str, ...] = ()  # the headers the user types into
    hidden_last_column: bool = False
    # The headers that tell this sheet apart when the user renamed it (default: `editable`).
    identified_by: tuple[str, ...] = ()


def _contacts_sheet(sheet: Any, styles: Styles, book: OutreachPlan, spec: SheetSpec) -> None:
    """Everyone, as `_table` writes them, with the columns the user added there (before the id,
    as on the Plan sheet) and what they typed in them."""
    own = book.own_contact_columns
    if own is None:
        _table(sheet, styles, book.contacts, CONTACT_COLUMNS, spec)
        return
    keys = [OWN + h for h in own.headers]
    ids = book.contacts[C.PERSON_ID].astype(str)
    frame = book.contacts.copy()
    for j, key in enumerate(keys):
        cells = [own.values.get(pid) for pid in ids]
        frame[key] = pd.Series(
            [None if v is None else UsersFormula(str(v[j][0])) if v[j][1] else v[j][0]
             for v in cells],
            index=frame.index, dtype=object,
        )  # fmt: skip
    columns = (*CONTACT_COLUMNS[:-1], *((h, k, 20) for h, k in zip(own.headers, keys, strict=True)),
               CONTACT_COLUMNS[-1])  # fmt: skip
    _table(sheet, styles, frame, columns, replace(spec, editable=(*spec.editable, *own.headers)))


def _table_of(
    frame: Callable[[OutreachPlan], pd.DataFrame], columns: Sequence[tuple[str, str, int]]
) -> Callable[[Any, Styles, OutreachPlan, SheetSpec], None]:
    return lambda sheet, styles, book, spec: _table(sheet, styles, frame(book), columns, spec)


CONTACT_COLUMNS = (
    ("Name", C.FULL_NAME, 24),
    ("Company", C.COMPANY, 26),
    ("Position", C.POSITION, 30),
    ("Score", C.SCORE, 8),
    ("Why", C.WHY, 60),
    ("Location", C.LOCATION, 18),
    ("School", C.SCHOOL, 24),
    ("Class", C.CLASS_YEAR, 7),
    ("Sources", C.SOURCES, 16),
    ("Connected on", C.CONNECTED_ON, 12),
    ("Messages", C.MESSAGE_COUNT, 9),
    ("Do not contact", C.DO_NOT_CONTACT, 8),
    ("id", C.PERSON_ID, 14),
)


# The sheets, in order. The built-in ones are registered like any other.
SHEETS: tuple[SheetSpec, ...] = (
    # What to do by the end of this week, overdue first (`coffeechat agenda --week`).
    SheetSpec("This week", _table_of(lambda book: book.agenda, WEEK_COLUMNS)),
    SheetSpec(
        "Plan",
        lambda sheet, styles, book, spec: _plan_sheet(sheet, styles, book.plan, spec),
        _read_plan,
        editable=(
            "Name",
            "Employer",
            "Position",
            "Status",
            *DATE_HEADERS,
            "Meeting",
            *TEXT_HEADERS,
        ),
        hidden_last_column=True,
        identified_by=("Name", "Status", "id"),
    ),
    SheetSpec(
        "Employers",
        _table_of(lambda book: book.employers, EMPLOYER_COLUMNS),
        _read_employers,
        editable=("Employer", *(header for header, _, _ in SCORES)),
    ),
    SheetSpec(
        "Contacts", lambda sheet, styles, book, spec: _contacts_sheet(sheet, styles, book, spec)
    ),
    SheetSpec(
        "Introductions",
        _table_of(lambda book: _with_ids(book.introductions), (*INTRO_COLUMNS, INTRO_IDS)),
        _read_intros,
        editable=tuple(header for header, _, _ in INTRO_COLUMNS),
        hidden_last_column=True,
    ),
    SheetSpec(
        "Questions",
        _table_of(lambda book: book.questions, QUESTION_COLUMNS),
        _read_answers,
        editable=("Answer / notes",),
        hidden_last_column=True,
    ),
    SheetSpec("Dashboard", _dashboard),
)


def _write(book: OutreachPlan, path: Path, write_id: str, own: Sequence[OwnSheet] = ()) -> None:
    """Write the workbook to `path` (a new file)."""
    import xlsxwriter
    import xlsxwriter.exceptions

    workbook = xlsxwriter.Workbook(str(path), SAFE_OPTIONS)
    styles = Styles(workbook)
    for spec in SHEETS:
        spec.write(workbook.add_worksheet(spec.name), styles, book, spec)
    for sheet in own:
        target = workbook.add_worksheet(sheet.name)
        for row, col, value, formula in sheet.cells:  # (in row order, as constant memory needs)
            put(target, styles, row - 1, col - 1, UsersFormula(str(value)) if formula else value)
    about = workbook.add_worksheet(ABOUT_SHEET)
    put(about, styles, 0, 0, "write_id")
    put(about, styles, 0, 1, write_id)
    put(
        about,
        styles,
        1,
        0,
        "Written by coffeechat: this id tells `coffeechat sync` which plan this is.",
    )
    about.very_hidden()
    try:
        workbook.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        # The OSError underneath (a full disk, a folder not writable) is what the user is told.
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
        if cause is None:
            raise
        raise cause from None
