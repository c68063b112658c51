"""Reading the CSV files people actually have: sniffed encoding and delimiter, header found by content.

Every reader returns text columns as literal strings (`keep_default_na=False`): real people are named
`Na` and `Null`, so nothing is turned into a missing value behind the user's back.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coffeechat.errors import HeaderNotFoundError, InputError

ZIP_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class Table:
    """A parsed CSV: its rows as strings, and the file line each row started on."""

    frame: pd.DataFrame
    lines: list[int]
    encoding: str
    delimiter: str
    header_line: int
    # (line, what) for rows read in an unusual way: past a stray quote mark, say.
    warnings: tuple[tuple[int, str], ...] = ()


def decode(data: bytes, *, name: str, encoding: str | None = None) -> tuple[str, str]:
    """Bytes to text: an explicit encoding, else BOM, else UTF-8, else cp1252 (European Excel)."""
    if not data.strip():
        raise InputError("the file is empty", where=name, fix="export it again")
    if data.startswith(ZIP_MAGIC):
        raise InputError(
            "the file is a ZIP archive or an Excel workbook, not CSV text",
            where=name,
            fix="pass the .zip or .xlsx file itself (rename it) or save it as CSV",
        )
    if encoding:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise InputError(
                f"cannot decode the file as {encoding} ({exc.__class__.__name__})",
                where=name,
                fix="pass the right --encoding (e.g. utf-8, cp1252, utf-16)",
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        # A cut file can end in half a character: replaced, not a crash.
        return data.decode("utf-16", errors="replace"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if b"\x00" in data[:4096]:
        # UTF-16 without a BOM has a zero byte in every ASCII character; anything else is binary.
        if data[1:4096:2].count(0) > len(data[1:4096:2]) * 0.8:
            return data.decode("utf-16-le", errors="replace"), "utf-16-le"
        raise InputError(
            "the file is binary, not CSV text", where=name, fix="export the data as CSV"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A few bad bytes in a UTF-8 file (a cut copy, one pasted character) must not turn every
    # "é" into "Ã©": when most non-ASCII text reads as UTF-8, it is UTF-8 with those bytes
    # replaced (and said); otherwise it is a Windows file.
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    good = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    if good > bad:
        return text, UTF8_REPLACED
    return data.decode("cp1252", errors="replace"), "cp1252"


_NON_ASCII = re.compile("[^\x00-\x7f]")
# The encoding `decode` reports for UTF-8 text with a few invalid bytes replaced by U+FFFD.
UTF8_REPLACED = "utf-8 (invalid bytes replaced)"


def sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: whichever of , ; TAB | splits it into most fields."""
    counts = {d: len(split_line(header, d)) for d in (",", ";", "\t", "|")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def split_line(line: str, delimiter: str) -> list[str]:
    """One line's fields; a line the csv module rejects (a stray CR) is split naively."""
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:
        return line.split(delimiter)


def read_table(
    data: bytes,
    *,
    name: str,
    is_header: Callable[[list[str]], bool],
    encoding: str | None = None,
    expected: str = "a header row",
) -> Table:
    """Parse CSV bytes whose header is the first line for which `is_header(fields)` is true."""
    text, used = decode(data, name=name, encoding=encoding)
    # Only CRLF is normalised: a lone CR inside a quoted field is data.
    text = text.replace("\r\n", "\n")
    # Only the first 50 lines are looked at one by one: the rest goes to the parser whole.
    head = text.split("\n", 50)[:50]
    header_index = None
    delimiter = ","
    for index, line in enumerate(head):
        if not line.strip():
            continue
        delim = sniff_delimiter(line)
        fields = [f.strip().strip('"').strip() for f in split_line(line, delim)]
        if is_header(fields):
            header_index, delimiter = index, delim
            break
    if header_index is None:
        raise HeaderNotFoundError(
            f"no {expected} found in the first 50 lines",
            where=name,
            fix="check that this is the right file, or pass --source to say what it is",
        )
    body = text[sum(len(line) + 1 for line in head[:header_index]) :]
    physical_rows = text.count("\n") - header_index - text.endswith("\n")
    fast = _read_fast(body, delimiter, physical_rows=physical_rows)
    if fast is not None:
        return _replaced(_finish(fast, delimiter, header_index, used), text)
    rows, lines = _parse_rows(body, delimiter, first_line=header_index + 1)
    header = [h.strip() for h in rows[0]]
    width = len(header)
    rows, lines, warnings = _stray_quotes(rows, lines, body, delimiter, first_line=header_index + 1)
    records: list[list[str]] = []
    record_lines: list[int] = []
    for row, line_no in zip(rows[1:], lines[1:], strict=True):
        if len(row) == 1 and delimiter in row[0] and width > 1:
            # Excel sometimes wraps a whole record in one quoted field: parse that field again.
            row = split_line(row[0], delimiter)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < width:
            row = row + [""] * (width - len(row))
        elif any(cell.strip() for cell in row[width:]):
            # Cells past the last column have nowhere to go: never dropped without a word.
            warnings.append((line_no, EXTRA_CELLS))
        records.append(row[:width])
        record_lines.append(line_no)
    frame = pd.DataFrame(records, columns=_unique(header), dtype=object)
    return _replaced(
        Table(frame, record_lines, used, delimiter, header_index + 1, tuple(warnings)), text
    )


EXTRA_CELLS = (
    "more cells than the header has columns; the extra ones were not imported (a missing line "
    "break, or a delimiter inside an unquoted value)"
)


def _replaced(table: Table, text: str) -> Table:
    """A warning per line where bytes that are not UTF-8 were replaced."""
    if table.encoding != UTF8_REPLACED:
        return table
    lines = [n for n, line in enumerate(text.split("\n"), start=1) if "\ufffd" in line]
    found = tuple((n, "bytes that are not UTF-8 replaced by \ufffd") for n in lines)
    return dataclasses.replace(table, warnings=table.warnings + found)


def _stray_quotes(
    rows: list[list[str]], lines: list[int], body: str, delimiter: str, *, first_line: int
) -> tuple[list[list[str]], list[int], list[tuple[int, str]]]:
    """Rows swallowed by an unbalanced quote mark, read back line by line.

    A quote that opens a field and never closes makes the parser read the following lines as
    part of that field: whole records vanish into one cell. A record spanning several lines is
    read again line by line when those lines are records themselves (each has the header's number
    of fields); a quoted cell that really spans lines (a note) stays as it is."""
    width = len(rows[0]) if rows else 0
    # Lines as the csv reader counted them (a lone CR ends a line too).
    physical = [line.rstrip("\r\n") for line in io.StringIO(body, newline="")]
    ends = [*lines[1:], first_line + len(physical)]
    if width < 2 or all(end - start <= 1 for start, end in zip(lines, ends, strict=True)):
        return rows, lines, []
    out_rows: list[list[str]] = [rows[0]]
    out_lines: list[int] = [lines[0]]
    warnings: list[tuple[int, str]] = []
    for row, start, end in zip(rows[1:], lines[1:], ends[1:], strict=True):
        span = physical[start - first_line : end - first_line]
        if len(span) > 1 and '"' in span[0]:
            again = [_line_cells(line, delimiter) for line in span]
            records = [cells for cells in again if len(cells) == width]
            looks_like_rows = (
                len(records) >= 2 and len(records) >= len([ln for ln in span if ln.strip()]) - 1
            )
            # A quote left open to the end of the span (an odd count of quote marks) or a record
            # of the wrong width: the quote is stray.
            broken = len(row) != width or "\n".join(span).count('"') % 2 == 1
            if looks_like_rows and not broken:
                # A well-formed record whose quoted value holds what look like rows: most likely
                # a note with line breaks, but possibly rows lost to a quote. Kept, and said.
                warnings.append(
                    (
                        start,
                        f"a quoted value spans {len(span)} lines that look like rows; "
                        "check the quote marks there",
                    )
                )
            elif looks_like_rows:
                for offset, cells in enumerate(again):
                    if any(c.strip() for c in cells):
                        out_rows.append(cells)
                        out_lines.append(start + offset)
                read = len([ln for ln in span if ln.strip()])
                warnings.append((start, f"an unbalanced quote mark; {read} lines read one by one"))
                continue
        out_rows.append(row)
        out_lines.append(start)
    return out_rows, out_lines, warnings


def _line_cells(line: str, delimiter: str) -> list[str]:
    """One physical line's fields; a quote mark it does not close is read as text."""
    cells = split_line(line, delimiter)
    if line.count('"') % 2 == 1:
        try:
            cells = next(csv.reader([line], delimiter=delimiter, quoting=csv.QUOTE_NONE), [])
        except csv.Error:  # a stray CR
            cells = line.split(delimiter)
        cells = [c.strip('"') for c in cells]
    return cells


def _read_fast(body: str, delimiter: str, *, physical_rows: int) -> pd.DataFrame | None:
    """pandas' C parser, when every record sits on one line (so line numbers stay exact); None
    when the file needs the careful path (line breaks inside fields, ragged rows)."""
    # Plain Python strings (dtype=object): the cleaning that follows works on them, and pandas'
    # Arrow-backed `str` would be converted back and forth at every step.
    try:
        frame = pd.read_csv(
            io.BytesIO(body.encode("utf-8")), encoding="utf-8", sep=delimiter, dtype=object,
            keep_default_na=False, na_filter=False, skip_blank_lines=False, engine="c",
        )  # fmt: skip
    except (pd.errors.ParserError, ValueError, csv.Error, UnicodeError):
        return None
    if len(frame) != physical_rows:
        return None
    if not isinstance(frame.index, pd.RangeIndex):
        # Every row had a cell more than the header (often a trailing delimiter): pandas makes
        # the first column the index and shifts every name one column left.
        return None
    return frame


def _finish(frame: pd.DataFrame, delimiter: str, header_index: int, used: str) -> Table:
    """Line numbers, blank rows dropped, whole records wrapped in one quoted field re-split."""
    frame.columns = _unique([str(c).strip() for c in frame.columns])
    frame = frame.astype(object)
    lines = np.arange(header_index + 2, header_index + 2 + len(frame))
    width = frame.shape[1]
    empty = frame.to_numpy(dtype=object) == ""
    if width > 1:
        for i in np.flatnonzero(empty[:, 1:].all(axis=1)).tolist():
            if delimiter in str(frame.iat[i, 0]):
                cells = split_line(str(frame.iat[i, 0]), delimiter)
                frame.iloc[i] = (cells + [""] * width)[:width]
                empty[i] = [c == "" for c in frame.iloc[i]]
    filled = ~empty.all(axis=1)
    frame = frame[filled].reset_index(drop=True)
    return Table(frame, lines[filled].tolist(), used, delimiter, header_index + 1)


def _parse_rows(body: str, delimiter: str, *, first_line: int) -> tuple[list[list[str]], list[int]]:
    """csv rows with the physical line each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=delimiter, strict=False)
    rows: list[list[str]] = []
    lines: list[int] = []
    previous = 0
    try:
        for row in reader:
            rows.append(row)
            lines.append(first_line + previous)
            previous = reader.line_num
    except csv.Error as exc:
        raise InputError(
            f"the CSV is malformed ({exc})",
            where=f"line {first_line + reader.line_num}",
            fix="open and re-save the file as CSV",
        ) from None
    return rows, lines


def _unique(header: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for h in header:
        if h in seen:
            seen[h] += 1
            out.append(f"{h}.{seen[h]}")
        else:
            seen[h] = 0
            out.append(h)
    return out


_BRAND_WORDS = re.compile(r"linkedin|iphone|\beMail|youtube|github", re.IGNORECASE)


def header_key(header: str) -> str:
    """Header comparison key: case, accents, spacing, punctuation and camelCase insensitive
    (`Prénom` -> `prenom`, `classYear` -> `class year`)."""
    # Brand words stay whole through the camelCase split (`LinkedIn Profile`, `linkedInUrl`).
    text = _BRAND_WORDS.sub(lambda m: m.group(0).lower(), header.strip())
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", text)
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch)
    )
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()
