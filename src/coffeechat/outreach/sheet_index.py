"""What a workbook's ZIP says about its sheets without parsing them: their names, and how many
columns each spans (the `dimension` a spreadsheet records at the top of a sheet's XML).

A new plan keeps the sheets and Contacts columns the user added (`workbook.own_sheets`,
`workbook.own_contact_columns`); these answers decide, in a few milliseconds, whether a workbook
has any, so that most plans never load openpyxl to look.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

_SHEET_NAME = re.compile(r"<sheet\b[^>]*?\bname=\"([^\"]*)\"")
_SHEET_TAG = re.compile(r"<sheet\b[^>]*>")
_RELATION = re.compile(r"<Relationship\b[^>]*>")
_DIMENSION = re.compile(rb"<dimension\b[^>]*?\bref=\"[A-Z]+\d+:([A-Z]+)\d+\"")


def _attribute(tag: str, name: str) -> str | None:
    found = re.search(rf"\b{name}=\"([^\"]*)\"", tag)
    return found.group(1) if found else None


def sheet_width(path: Path, name: str) -> int | None:
    """How many columns a sheet spans, by the dimension the file records for it (read from the
    ZIP without parsing the sheet); None when the file does not say."""
    try:
        with zipfile.ZipFile(path) as archive:
            index = archive.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            tag = next((t for t in _SHEET_TAG.findall(index)
                        if html.unescape(_attribute(t, "name") or "") == name), None)  # fmt: skip
            rid = _attribute(tag, "r:id") if tag else None
            target = next((_attribute(t, "Target") for t in _RELATION.findall(rels)
                           if _attribute(t, "Id") == rid), None)  # fmt: skip
            if not target:
                return None
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            with archive.open(member) as sheet:
                found = _DIMENSION.search(sheet.read(4096))
    except (OSError, KeyError, zipfile.BadZipFile):
        return None
    if found is None:
        return None
    width = 0
    for letter in found.group(1).decode():
        width = width * 26 + ord(letter) - ord("A") + 1
    return width


def sheet_names(path: Path) -> list[str]:
    """The names of a workbook's sheets, in order ([] when it cannot be read as one)."""
    try:
        with zipfile.ZipFile(path) as archive:
            index = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return []
    return [html.unescape(name) for name in _SHEET_NAME.findall(index)]
