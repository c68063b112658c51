"""A small fictional network for outreach tests: a dozen people at three LAMP employers, built as a
real LinkedIn export so every test goes through the real importer, planner and workbook."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from coffeechat.workspace import Workspace

OWNER_URL = "https://www.linkedin.com/in/riley-tan-0000"
PEOPLE = [
    ("Devika", "Raman", "Ferrous Labs", "Senior UX Researcher"),
    ("Ethan", "Cole", "Ferrous Labs", "UX Research Lead"),
    ("Mara", "Quill", "Northwind Health", "User Researcher"),
    ("Tomas", "Reyes", "Northwind Health", "UX Researcher"),
    ("Lena", "Park", "Brightwave", "Design Researcher, user research"),
    ("Omar", "Haddad", "Brightwave", "UX Researcher"),
    ("Ines", "Moreau", "Kestrel Bank", "Senior User Experience Researcher"),
    ("Jonah", "Blake", "Harbor Games", "Games User Researcher"),
    ("Priya", "Nair", "Atlas Retail", "UX Research Manager"),
    ("Sofia", "Lind", "Quarry Studio", "Usability Researcher"),
    ("Kenji", "Mori", "Copperleaf Financial", "Accountant"),
    ("Aiyana", "Rivers", "Copperleaf Financial", "Payroll Clerk"),
]
PROFILE = """
[me]
name = "Riley Tan"
country = "US"
schools = ["Lakeshore State University"]

[[targets]]
name = "UX research"
description = "user research, usability testing, interviewing users"

[[employers]]
name = "Ferrous Labs"
motivation = 3
posting = 3

[[employers]]
name = "Northwind Health"
motivation = 2
posting = 2

[[employers]]
name = "Brightwave"
motivation = 2
posting = 1

[pace]
requests_per_week = 3
employers_at_once = 5
contacts_per_employer = 2
"""
START = date(2026, 11, 30)
TODAY = date(2026, 11, 27)


def url(first: str, last: str) -> str:
    return f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-1234"


def connections_csv(people: list[tuple[str, str, str, str]] = PEOPLE) -> str:
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for first, last, company, position in people:
        lines.append(f'{first},{last},{url(first, last)},,{company},"{position}",02 Mar 2025')
    return "\n".join(lines) + "\n"


def messages_csv(rows: list[tuple[str, str, str, str]]) -> str:
    """rows: (direction 'out'/'in', 'First Last', 'YYYY-MM-DD HH:MM:SS', content)."""
    header = (
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER"
    )
    lines = [header]
    for i, (direction, name, when, content) in enumerate(rows):
        first, last = name.split(" ", 1)
        them = url(first, last)
        if direction == "out":
            sender, sender_url, to, to_url = "Riley Tan", OWNER_URL, name, them
        else:
            sender, sender_url, to, to_url = name, them, "Riley Tan", OWNER_URL
        lines.append(
            f'conv-{name.replace(" ", "")},,{sender},{sender_url},{to},{to_url},{when} UTC,,"{content}",INBOX'
        )
        del i
    return "\n".join(lines) + "\n"


def make_workspace(
    root: Path, *, messages: list[tuple[str, str, str, str]] | None = None
) -> Workspace:
    root.mkdir(parents=True, exist_ok=True)
    (root / "coffeechat.toml").write_text(PROFILE, encoding="utf-8")
    export = root / "export"
    export.mkdir(exist_ok=True)
    (export / "Connections.csv").write_text(connections_csv(), encoding="utf-8")
    ws = Workspace(root)
    ws.import_path(export / "Connections.csv")
    if messages:
        import_messages(ws, messages, name="messages.csv")
    return ws


def import_messages(ws: Workspace, rows: list[tuple[str, str, str, str]], *, name: str) -> Any:
    path = ws.root / "export" / name
    path.write_text(messages_csv(rows), encoding="utf-8")
    return ws.import_path(path)


def plan_rows(path: Path) -> dict[str, dict[str, Any]]:
    """The Plan sheet's rows by id (hand-added rows without an id by name)."""
    sheet = openpyxl.load_workbook(path)["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    out = {}
    for values in rows[1:]:
        row = dict(zip(header, values, strict=True))
        if row["id"] or row["Name"]:  # openpyxl leaves link-only leftovers of deleted rows
            out[str(row["id"] or row["Name"])] = row
    return out


def edit_plan(
    path: Path,
    edits: dict[str, dict[str, Any]] | None = None,
    *,
    delete: tuple[str, ...] = (),
    add: list[dict[str, Any]] | None = None,
) -> None:
    """Change cells of the rows with these ids (by header), delete rows, add rows, and save the
    file the way a spreadsheet would."""
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = {sheet.cell(row=r, column=col["id"]).value: r for r in range(2, sheet.max_row + 1)}
    for pid, cells in (edits or {}).items():
        for name, value in cells.items():
            cell = sheet.cell(row=rows[pid], column=col[name], value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    for pid in sorted(delete, key=lambda p: -rows[p]):
        sheet.delete_rows(rows[pid])
    for new in add or []:
        r = sheet.max_row + 1
        for name, value in new.items():
            sheet.cell(row=r, column=col[name], value=value)
    book.save(path)


def ids_by_name(ws: Workspace) -> dict[str, str]:
    people = ws.contacts()
    return dict(zip(people["full_name"], people["person_id"], strict=True))


def as_day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    return value
