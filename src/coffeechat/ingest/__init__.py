"""Input families: recognise what a path holds and parse it into ParsedFile records.

Only this package (with the store and exporters) touches input files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from coffeechat.errors import HeaderNotFoundError, InputError
from coffeechat.ingest import directory, linkedin, vcard  # noqa: F401  (they register their formats)
from coffeechat.ingest._csv import ZIP_MAGIC, Table, header_key, read_table
from coffeechat.ingest.formats import FORMATS, member_kind, member_order, sniffers
from coffeechat.ingest.records import ParsedFile, sha256
from coffeechat.ingest.salvage import salvage_members
from coffeechat.kinds import SOURCES, SourceKind
from coffeechat.limits import UNREADABLE_ZIP, check_archive, check_regular_file

__all__ = ["SOURCES", "ParsedFile", "read_outreach_log", "read_path", "single_file_hash"]


def single_file_hash(path: Path) -> str | None:
    """The sha256 of a single (non-archive) file, to tell whether its exact bytes were imported
    before; None for a folder, an archive or a file that cannot be read (read_path says why)."""
    if not path.is_file():
        return None
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return None if data.startswith(ZIP_MAGIC) else sha256(data)


def read_outreach_log(path: Path) -> list[tuple[str, str, str]]:
    """An outreach log (`Person URL,Event,Date`, as the sample has): (person, event, date) rows."""
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [(row["Person URL"], row["Event"], row["Date"]) for row in csv.DictReader(handle)]


def read_path(
    path: Path,
    *,
    source: str = "auto",
    encoding: str | None = None,
    overrides: dict[str, str] | None = None,
) -> list[ParsedFile]:
    """Parse a file or folder into one ParsedFile per input file, in the order they should be stored."""
    if not path.exists():
        raise InputError("no such file or folder", where=str(path), fix="check the path")
    if path.is_dir():
        return _read_linkedin_folder(path, encoding=encoding)
    check_regular_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read the file ({exc.strerror})", where=str(path), fix="check its permissions"
        ) from None
    if data.startswith(ZIP_MAGIC):
        return _read_zip(
            data, name=str(path), source=source, encoding=encoding, overrides=overrides
        )
    if vcard.is_vcard(data):
        return [vcard.parse_vcard(data, str(path), encoding)]
    if source == "vcard":
        raise InputError(
            "the file is not a vCard file (it does not start with BEGIN:VCARD)",
            where=str(path),
            fix="export the contacts as vCard (.vcf), or drop --source vcard",
        )
    return [
        _read_csv(
            data,
            name=path.name,
            display=str(path),
            source=source,
            encoding=encoding,
            overrides=overrides,
        )
    ]


# Files a folder of sources may hold (anything else in it is left alone).
FOLDER_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".vcf", ".zip")


def _failed(name: str, error: InputError) -> ParsedFile:
    """A file of a folder or archive that cannot be read: skipped, with its error."""
    return ParsedFile(kind="unreadable", name=name, sha256="", error=error.message)


def _read_linkedin_folder(path: Path, *, encoding: str | None) -> list[ParsedFile]:
    """An unpacked LinkedIn export (a folder with Connections.csv): its known files; or any folder
    of sources: each file on its own. A file that cannot be read is skipped with its own error
    while the others import."""
    members = {}
    for file in sorted(path.rglob("*")):
        kind = member_kind(file.name) if file.is_file() else None
        if kind and kind not in members:
            members[kind] = file
    if SourceKind.LINKEDIN_CONNECTIONS not in members:
        files = [
            f
            for f in sorted(path.rglob("*"))
            if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES and not f.name.startswith(".")
        ]
        if not files:
            raise InputError(
                "the folder holds no Connections.csv and no CSV, XLSX or vCard file",
                where=str(path),
                fix="pass the unpacked LinkedIn export folder, a folder of source files, or one file",
            )
        parsed: list[ParsedFile] = []
        for file in files:
            try:
                parsed += read_path(file, encoding=encoding)
            except InputError as exc:
                parsed.append(_failed(str(file), exc))
        return _some_read(parsed, str(path))
    out = []
    for kind in member_order():
        if kind in members:
            try:
                out.append(
                    FORMATS[kind].parse(members[kind].read_bytes(), str(members[kind]), encoding)
                )
            except InputError as exc:
                out.append(_failed(str(members[kind]), exc))
    return _some_read(out, str(path))


def _some_read(parsed: list[ParsedFile], where: str) -> list[ParsedFile]:
    """The files of a folder or archive, as long as one of them could be read; when none could,
    the first one's error (nothing to import is an error, not a report)."""
    if parsed and all(p.error for p in parsed):
        first = parsed[0]
        raise InputError(
            f"no file in it could be read; {first.name}: {first.error}",
            where=where,
            fix="check the files named, or import them one by one",
        )
    return parsed


def _read_zip(
    data: bytes,
    *,
    name: str,
    source: str,
    encoding: str | None,
    overrides: dict[str, str] | None,
) -> list[ParsedFile]:
    read: Callable[[str], bytes]
    damaged = False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        check_archive(archive, where=name)
        names = archive.namelist()
        read = archive.read
    except UNREADABLE_ZIP:
        damaged = True
        # Cut short: read what the members' own headers allow, each checked against its CRC.
        salvaged = salvage_members(data)
        names = list(salvaged)
        read = salvaged.__getitem__
    if "xl/workbook.xml" in names:
        return [_read_xlsx(data, name=name, overrides=overrides)]
    members = {}
    for member in names:
        kind = member_kind(member)
        if kind and kind not in members:
            members[kind] = member
    if SourceKind.LINKEDIN_CONNECTIONS not in members:
        if damaged:
            raise InputError(
                "the file is a damaged or truncated ZIP archive and Connections.csv cannot be recovered",
                where=name,
                fix="download the export again",
            )
        raise InputError(
            "the ZIP holds no Connections.csv",
            where=name,
            fix="pass the LinkedIn data export ZIP (Basic or Complete)",
        )
    parsed = []
    for kind in member_order():
        if kind in members:
            where = f"{name}:{members[kind]}"
            try:
                parsed.append(FORMATS[kind].parse(read(members[kind]), where, encoding))
            except UNREADABLE_ZIP as exc:
                damage = InputError(
                    f"the ZIP member {members[kind]} is damaged ({exc})",
                    where=name,
                    fix="download the export again",
                )
                parsed.append(_failed(where, damage))
            except InputError as exc:
                parsed.append(_failed(where, exc))
    return _some_read(parsed, name)


def _read_xlsx(data: bytes, *, name: str, overrides: dict[str, str] | None) -> ParsedFile:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except InputError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise InputError(
            f"cannot open the workbook ({exc.__class__.__name__})",
            where=name,
            fix="open it in Excel or LibreOffice and save it again as .xlsx or .csv",
        ) from None
    sheet = book.worksheets[0]
    rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    for index, row in enumerate(rows[:50]):
        if directory.looks_like_directory(row):
            frame = pd.DataFrame(rows[index + 1 :], columns=_dedupe(row), dtype=object)
            keep = frame.apply(lambda r: any(str(v).strip() for v in r), axis=1)
            lines = [i + index + 2 for i in range(len(frame))]
            table = Table(
                frame[keep].reset_index(drop=True),
                [ln for ln, k in zip(lines, keep, strict=True) if k],
                "xlsx",
                "",
                index + 1,
            )
            return directory.parse_directory(table, name=name, data=data, overrides=overrides)
    raise InputError(
        "no directory header row (with a name column) in the first sheet",
        where=name,
        fix="put the column headers in the first rows of the first sheet",
    )


def _dedupe(header: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for i, h in enumerate(header):
        h = h or f"column {i + 1}"
        while h in seen:
            h += "_"
        seen.add(h)
        out.append(h)
    return out


def _read_csv(
    data: bytes,
    *,
    name: str,
    display: str,
    source: str,
    encoding: str | None,
    overrides: dict[str, str] | None,
) -> ParsedFile:
    kind = member_kind(name) if source in ("auto", "linkedin") else None
    if kind is None and source in ("auto", "linkedin"):
        kind = sniff_kind(data, name=display, encoding=encoding)
    if source == "linkedin" and kind not in member_order():
        kind = SourceKind.LINKEDIN_CONNECTIONS
    if source == SourceKind.INTRODUCTIONS:
        kind = SourceKind.INTRODUCTIONS
    if kind in FORMATS:
        return FORMATS[kind].parse(data, display, encoding)
    override_keys = {header_key(k) for k in overrides or {}}
    table = read_table(
        data,
        name=display,
        encoding=encoding,
        is_header=lambda f: (
            directory.looks_like_directory(f) or bool(override_keys & {header_key(x) for x in f})
        ),
        expected="header row with a name column",
    )
    kind = source if source in directory.ADDRESS_BOOKS else None
    return directory.parse_directory(table, name=display, data=data, overrides=overrides, kind=kind)


def sniff_kind(data: bytes, *, name: str, encoding: str | None = None) -> str:
    """What a single CSV holds, judged by its header line: a LinkedIn file, a log, or a directory."""
    for kind, predicate in sniffers():
        try:
            read_table(data[:65536], name=name, encoding=encoding, is_header=predicate)
        except HeaderNotFoundError:
            continue
        return kind
    return SourceKind.DIRECTORY
