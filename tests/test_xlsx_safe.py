"""Cells as coffeechat writes them (XlsxWriter) and reads them back (openpyxl): any text comes
back as the cell holds it, never as a formula, and only web and mail addresses become links."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat.outreach.xlsx_safe import (
    SAFE_OPTIONS,
    Styles,
    clean,
    put,
    put_link,
    shown,
    text_cells,
    unescaped,
)


def written(path: Path, cells: list[object]) -> list[object]:
    """Write each value in its own row of column A; read them back as the sync does."""
    book = xlsxwriter.Workbook(str(path), SAFE_OPTIONS)
    styles = Styles(book)
    sheet = book.add_worksheet("S")
    for row, value in enumerate(cells):
        put(sheet, styles, row, 0, value)
    book.close()
    read = openpyxl.load_workbook(path, read_only=True)
    values = [row[0] if row else None for row in read["S"].iter_rows(values_only=True)]
    read.close()
    return values + [None] * (len(cells) - len(values))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_any_text_reads_back_as_the_cell_holds_it(
    tmp_path_factory: object, texts: list[str]
) -> None:
    path = tmp_path_factory.mktemp("x") / "t.xlsx"  # type: ignore[attr-defined]
    back = written(path, list(texts))
    for text, got in zip(texts, back, strict=True):
        if shown(text) == "":
            assert got in (None, "")
        else:
            assert isinstance(got, str) and unescaped(got) == shown(text)


def test_formulas_stay_text_and_escapes_survive(tmp_path: Path) -> None:
    texts = ["=1+1", "+cmd|calc", "@SUM(A1)", "-2+3", "_x0041_", "a\x01b", "x" * 40_000]
    back = written(tmp_path / "t.xlsx", texts)
    assert [unescaped(str(v)) for v in back] == [shown(t) for t in texts]
    assert back[4] != "A" and len(str(back[6])) == 32_767
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert all(c.data_type == "s" for c in book["S"]["A"])


def test_only_web_and_mail_addresses_become_links(tmp_path: Path) -> None:
    urls = [
        "https://www.linkedin.com/in/ann-lee",
        "mailto:ann@example.com",
        "external:C:\\Windows\\calc.exe",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://example.com/" + "a" * 3_000,  # over Excel's limit for a link
    ]
    book = xlsxwriter.Workbook(str(tmp_path / "l.xlsx"), SAFE_OPTIONS)
    styles = Styles(book)
    sheet = book.add_worksheet("S")
    for row, url in enumerate(urls):
        put_link(sheet, styles, row, 0, url, "profile")
    book.close()
    cells = list(openpyxl.load_workbook(tmp_path / "l.xlsx")["S"]["A"])
    assert [c.value for c in cells] == ["profile"] * len(urls)
    targets = [c.hyperlink.target if c.hyperlink else None for c in cells]
    assert targets == [urls[0], urls[1], None, None, None, None]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=30)), max_size=12),
    st.sampled_from(["str", object]),
)
def test_a_column_is_cleaned_as_each_cell_would_be(values: list[str | None], dtype: object) -> None:
    """The plain sheets clean whole columns at once (Arrow's regex engine for its strings): the
    same text as `clean` gives cell by cell."""
    cells = text_cells(pd.Series(values, dtype=dtype))
    assert cells == [None if v is None else clean(v) for v in values]
