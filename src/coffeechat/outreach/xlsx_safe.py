"""Writing imported text into cells safely: always as text, never as a formula or a link it did
not ask to be. Rows are written top to bottom (`constant_memory`: a row is flushed when the next
begins, so each sheet is written in order and strings inline).

The workbook is written with XlsxWriter, whose `write()` would guess a type from a string ("=..."
as a formula, "http..." as a link, "12" as a number); every value goes through `put`, which picks
the writer from the Python type, so a string is always stored as a string. A plain sheet's text
is cleaned a column at a time (`text_cells`) and written with `write_string` directly.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

# Characters an .xlsx cell cannot hold (XML 1.0 forbids them, or they are Unicode non-characters);
# removed, as Excel would refuse them. The pattern holds the characters themselves, not escapes,
# so that Python's re and Arrow's RE2 read it alike.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The most characters a cell holds (Excel's limit; XlsxWriter cuts a longer string there).
CELL_LIMIT = 32_767
# The Workbook options that stop XlsxWriter guessing, should anything call `write()`.
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": True,
}
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Links are written only for these schemes: an imported "external:C:\..." or "file:" is text.
LINK_SCHEMES = ("https://", "http://", "mailto:")


def clean(text: str) -> str:
    """The text without what a cell cannot hold; a carriage return is a line break (XlsxWriter
    would store it as an `_x000D_` escape that openpyxl does not read back)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _ILLEGAL.sub("", text)


def text_cells(values: pd.Series) -> list[Any]:
    """A column's values as `put` would write them, text cleaned column by column (one regex
    pass over the column, in Arrow for its strings, rather than one call per cell): the cells of
    a 5,000-row sheet are written a fifth faster. Missing values are None."""
    if isinstance(values.dtype, pd.StringDtype):
        values = (
            values.str.replace("\r\n", "\n", regex=False)
            .str.replace("\r", "\n", regex=False)
            .str.replace(_ILLEGAL.pattern, "", regex=True)
        )
        return _as_list(values)
    # Anything else (dates, numbers, text among them): cell by cell.
    return [clean(v) if isinstance(v, str) else v for v in _as_list(values)]


def _as_list(values: pd.Series) -> list[Any]:
    """Python values, None where missing (pandas' own NA types do not reach the writer)."""
    array: Any = values.array
    cells: list[Any] = array.to_numpy(dtype=object, na_value=None).tolist()
    return cells


def shown(text: str) -> str:
    """A text as a cell holds it: what a write is compared with when the file is read back, so
    that a cut or a removed character is not taken for the user's edit."""
    return clean(text)[:CELL_LIMIT]


def unescaped(text: str) -> str:
    """A cell's text as written, from openpyxl's reading of it. A literal `_x0041_` is stored
    escaped as `_x005F_x0041_` (else Excel would show "A"); openpyxl undoes that for shared
    strings but not for the inline strings XlsxWriter writes."""
    return text.replace("_x005F_", "_") if "_x005F_" in text else text


class Styles:
    """The workbook's cell formats, one per distinct set of properties (XlsxWriter gives a cell a
    single format, so "wrapped, top-aligned, a date" is a format of its own)."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self._made: dict[tuple[tuple[str, Any], ...], Any] = {}

    def get(self, **properties: Any) -> Any:
        if not properties:
            return None
        key = tuple(sorted(properties.items()))
        found = self._made.get(key)
        if found is None:
            found = self._made[key] = self.workbook.add_format(properties)
        return found


def put(sheet: Any, styles: Styles, row: int, column: int, value: Any, **style: Any) -> None:
    """Write one cell (0-based row and column), its type taken from the value: text as text even
    when it starts with = + - @ (formula injection), dates with a date format, an empty value as
    an empty cell that keeps `style`."""
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()
    if (
        value is None
        or (isinstance(value, float) and not math.isfinite(value))
        or (isinstance(value, datetime) and value != value)  # pandas' NaT
    ):
        if style:
            sheet.write_blank(row, column, None, styles.get(**style))
        return
    if isinstance(value, str):
        sheet.write_string(row, column, clean(value), styles.get(**style))
    elif isinstance(value, datetime):
        when = value.replace(tzinfo=None)
        sheet.write_datetime(row, column, when, styles.get(num_format=DATETIME_FORMAT, **style))
    elif isinstance(value, date):
        sheet.write_datetime(row, column, value, styles.get(num_format=DATE_FORMAT, **style))
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, styles.get(**style))
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, styles.get(**style))
    elif isinstance(value, UsersFormula):
        sheet.write_formula(row, column, value.text, styles.get(**style))
    else:
        sheet.write_string(row, column, clean(str(value)), styles.get(**style))


@dataclass(frozen=True)
class UsersFormula:
    """A formula the user typed into a column or sheet of their own, read back from their
    workbook and written again as a formula. Nothing imported is ever one of these."""

    text: str


def put_link(
    sheet: Any, styles: Styles, row: int, column: int, url: str, text: str, **style: Any
) -> None:
    """A link showing `text`, when `url` is one of the schemes a contact's address or profile
    has; anything else (or a link Excel cannot hold) is written as plain text."""
    link = styles.get(font_color="blue", underline=1, **style)
    if url.startswith(LINK_SCHEMES):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a link over Excel's length limit is refused: -3
            if sheet.write_url(row, column, clean(url), link, clean(text)) == 0:
                return
    put(sheet, styles, row, column, text, **style)
