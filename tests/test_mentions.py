"""`forget` rewrites only the workbooks that name the person: the check never misses a mention,
whatever the markup, the escaping or where the chunks of the stream fall."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from coffeechat.ingest import mentions
from coffeechat.ingest.mentions import workbook_mentions

# Names as imports keep them: letters of many scripts, spaces, and XML's special characters.
NAME = st.text(
    alphabet=st.sampled_from("abcxyzÉéŁłßÇçДдŻ李 &<>\"'-."), min_size=3, max_size=30
).filter(lambda s: s.strip() and not s.startswith(("=", "-", "+", "@")))


def book(path: Path, cells: list[object]) -> Path:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(["id", "name", "notes"])
    for i, value in enumerate(cells):
        sheet.append([f"p{i:04d}", value, "met at the fair"])
    wb.save(path)
    return path


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=NAME, before=st.lists(NAME, max_size=5), chunk=st.sampled_from([7, 64, 1 << 22]))
def test_a_name_in_any_cell_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, before: list[str], chunk: int
) -> None:
    monkeypatch.setattr(mentions, "_CHUNK", chunk)
    path = book(tmp_path / "plan.xlsx", [*before, name])
    assert workbook_mentions(path, [name])
    assert workbook_mentions(path, [name.upper()])  # case ignored, as the scrub ignores it


def test_a_workbook_without_them_is_not_rewritten(tmp_path: Path) -> None:
    path = book(tmp_path / "plan.xlsx", ["Ana Lee", "Bo Chen"])
    assert not workbook_mentions(path, ["Zed Newperson", "zed@example.org", "pzed00000001"])
    assert workbook_mentions(path, ["p0001"])  # a row's hidden id is a mention


def test_a_name_split_across_formatted_runs_is_found(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet["A1"] = CellRichText(TextBlock(InlineFont(b=True), "Ana"), " Lee")
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    assert workbook_mentions(path, ["ana lee"])


def test_a_damaged_workbook_is_left_to_the_thorough_way(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    assert workbook_mentions(path, ["Ana Lee"])
