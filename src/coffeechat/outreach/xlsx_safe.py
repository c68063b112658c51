"""Writing imported text into cells safely: always as text, never as a formula."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet.worksheet import Worksheet


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """Set a cell. Strings are stored as text even when they start with = + - @ (formula injection);
    characters Excel cannot store are removed."""
    cell = sheet.cell(row=row, column=column)
    if value is None or (isinstance(value, float) and value != value):
        cell.value = None
        return cell
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.value = text
        # openpyxl treats a leading "=" as a formula; force the text type for every string.
        cell.data_type = "s"
        return cell
    if isinstance(value, datetime):
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
    elif hasattr(value, "item"):  # numpy scalars
        cell.value = value.item()
    else:
        cell.value = value
    return cell
