"""Formulas the user typed into the workbook, read back as what they typed.

A cell typed as "=met at the fair" or "=A2 & B2" is a formula to Excel and LibreOffice: the file
holds the formula and its last computed value ("#NAME?", say). openpyxl reads one or the other. In
a date or status column the computed value is what the user meant (`=TODAY()`); everywhere else
(notes, drafts, names, answers) the computed value is not what they typed, and an error value or a
value a spreadsheet never computed (a file saved by a script) would lose the cell. So those cells
are read as the formula's text, and the sync report says so. coffeechat writes it back as text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml.ElementTree import fromstring

# A cell formula in a worksheet's XML (`<f>`, `<f t="shared" ...>`, or an empty shared `<f .../>`).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


def has_formulas(path: Path, sheets: Collection[str]) -> bool:
    """Whether any of these sheets of the file holds a cell formula (a scan of their XML, without
    openpyxl: most workbooks have none, and then nothing is read twice; the big Contacts sheet,
    never read back, is not even opened)."""
    try:
        with zipfile.ZipFile(path) as z:
            for name in _sheet_parts(z, sheets):
                with z.open(name) as part:
                    tail = b""
                    while chunk := part.read(1 << 20):
                        if _FORMULA_TAG.search(tail + chunk):
                            return True
                        tail = chunk[-8:]
    except (OSError, zipfile.BadZipFile, KeyError, ParseError):
        return False
    return False


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELATION = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _sheet_parts(z: zipfile.ZipFile, sheets: Collection[str]) -> list[str]:
    """The XML parts of the named worksheets (the workbook part lists them by relation id)."""
    ids = {
        sheet.get(_RELATION)
        for sheet in fromstring(z.read("xl/workbook.xml")).iter(f"{_MAIN}sheet")
        if sheet.get("name") in sheets
    }
    parts = []
    for rel in fromstring(z.read("xl/_rels/workbook.xml.rels")):
        if rel.get("Id") in ids:
            target = str(rel.get("Target") or "")
            parts.append(target.lstrip("/") if target.startswith("/") else f"xl/{target}")
    return parts


@dataclass
class TypedCell:
    """A formula cell read as its text: where it is, and what was typed."""

    sheet: str
    row: int
    header: str
    text: str


@dataclass
class TypedSheet:
    """A read-only sheet whose rows give, in every column but `computed` ones, the formula text
    of a formula cell instead of its computed value (`typed` is the same sheet loaded with
    formulas, not values). Cells read that way are listed in `found`."""

    values: Any
    typed: Any
    computed: frozenset[str]
    found: list[TypedCell] = field(default_factory=list)

    @property
    def title(self) -> str:
        return str(self.values.title)

    def iter_rows(self, **options: Any) -> Iterator[tuple[Any, ...]]:
        keep: set[int] = set()
        for number, (row, formulas) in enumerate(
            zip(self.values.iter_rows(**options), self.typed.iter_rows(**options), strict=False),
            start=options.get("min_row") or 1,
        ):
            if number == 1:
                header = [str(h).strip() if h is not None else "" for h in row]
                keep = {i for i, h in enumerate(header) if h in self.computed}
                yield row
                continue
            out = list(row)
            for i, typed in enumerate(formulas):
                if (
                    i < len(out)
                    and i not in keep
                    and isinstance(typed, str)
                    and typed.startswith("=")
                    and typed != out[i]
                ):
                    out[i] = typed
                    name = header[i] if i < len(header) else ""
                    self.found.append(TypedCell(self.title, number, name, typed))
            yield tuple(out)


@dataclass
class TypedBook:
    """A read-only workbook whose sheets are `TypedSheet`s (see there)."""

    values: Any
    typed: Any
    computed: frozenset[str]
    sheets: dict[str, TypedSheet] = field(default_factory=dict)

    @property
    def sheetnames(self) -> list[str]:
        return list(self.values.sheetnames)

    def __getitem__(self, name: str) -> TypedSheet:
        if name not in self.sheets:
            self.sheets[name] = TypedSheet(self.values[name], self.typed[name], self.computed)
        return self.sheets[name]

    @property
    def found(self) -> list[TypedCell]:
        return [c for sheet in self.sheets.values() for c in sheet.found]


def warnings(cells: list[TypedCell], source: str) -> list[str]:
    """One line for the sync report per formula read as text (the first few, then a count)."""
    lines = [
        f"{source} sheet {c.sheet} row {c.row} column '{c.header}': a formula, kept as the text"
        f" typed ('{c.text[:60]}')"
        for c in cells[:5]
    ]
    if len(cells) > 5:
        lines.append(f"{source}: {len(cells) - 5} more formulas kept as the text typed")
    return lines
