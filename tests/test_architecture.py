"""Rules of the layout that import-linter cannot see: SQL is written only in the store, and the
bytes of input files are read only in ingest/. (The layers themselves are import-linter contracts in
pyproject.toml, run by `make test`.)"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "coffeechat"
SQL = re.compile(r"""["'](SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA)\b""")
READS = re.compile(r"\.read_bytes\(|\.read_text\(|\bopen\(|\.open\(")
# The profile is the user's settings, not input data; templates ship with the package; the cache
# reads back only what it wrote; a workbook's fingerprint hashes its bytes without parsing them; the
# workbook's reader looks for formulas in its sheets' XML before loading it a second time; LAMP
# scores typed in the workbook are written into the profile, read to keep its comments; a
# workbook's sheet names and widths are read from its ZIP index before a plan writes over it.
READ_ELSEWHERE = {
    "profile.py",
    "store/cache.py",
    "atomic.py",
    "outreach/formulas.py",
    "outreach/lamp.py",
    "outreach/sheet_index.py",
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_sql_only_in_the_store(path: Path) -> None:
    if path.relative_to(PACKAGE).parts[0] == "store":
        return
    found = [n for n, line in enumerate(path.read_text().splitlines(), 1) if SQL.search(line)]
    assert not found, f"SQL outside store/: {path.name} lines {found}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_input_files_are_read_only_in_ingest(path: Path) -> None:
    relative = path.relative_to(PACKAGE)
    if relative.parts[0] in ("ingest", "sample") or str(relative) in READ_ELSEWHERE:
        return
    code = [line.split("#")[0] for line in path.read_text().splitlines()]
    found = [n for n, line in enumerate(code, 1) if READS.search(line)]
    assert not found, f"file reads outside ingest/: {relative} lines {found}"


def test_the_rules_find_what_they_look_for() -> None:
    assert SQL.search('conn.execute("SELECT 1")') and READS.search("data = path.read_bytes()")
