"""Issue 12, item 4: every loss is reported. Rows behind a stray quote mark are read back, dates
that cannot be read and values cut at a length limit are named with their lines, and a folder
import skips a damaged file with its own error while the others import."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.ingest import read_path
from coffeechat.workspace import Workspace
from tests.conftest import write

HEADER = "Name,Employer,Job Title,Email"


def report_of(ws: Workspace, path: Path) -> str:
    return "\n".join(ws.import_path(path).lines())


def test_rows_behind_an_unbalanced_quote_are_read_and_reported(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\n"
        "Ann Lee,Acme,UX Researcher,ann@acme.test\n"
        '"Bo Chen,Globex,Designer,bo@globex.test\n'  # the quote never closes
        "Cy Park,Initech,Analyst,cy@initech.test\n"
        "Di Moss,Hooli,Engineer,di@hooli.test\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        report = report_of(ws, write(tmp_path / "alumni.csv", text))
        people = ws.contacts().set_index(C.FULL_NAME)
    assert set(people.index) == {"Ann Lee", "Bo Chen", "Cy Park", "Di Moss"}
    assert people.loc["Bo Chen", C.COMPANY] == "Globex"
    assert "warning 1: an unbalanced quote mark; 3 lines read one by one (line 3)" in report


def test_cells_past_the_last_column_are_reported(tmp_path: Path) -> None:
    """Two records run together on one line (a lost line break): the second is not imported,
    and the report says where."""
    text = (
        "First Name;Last Name;Company\n"
        "Ann;Lee;Acme\n"
        "Bo;Chen;GlobexCy;Park;Initech\n"
        "Di;Moss;Hooli;\n"  # a trailing delimiter adds an empty cell: nothing is lost
    )
    with Workspace(tmp_path / "ws") as ws:
        report = report_of(ws, write(tmp_path / "alumni.csv", text))
        people = ws.contacts().set_index(C.FULL_NAME)
    assert set(people.index) == {"Ann Lee", "Bo Chen", "Di Moss"}
    assert "warning 1: more cells than the header has columns; the extra ones were not " in report
    assert "(line 3)" in report


def test_a_delimiter_ending_every_row_shifts_no_column(tmp_path: Path) -> None:
    """Some tools end every row with a delimiter: each row has a cell more than the header. The
    columns stay where they are, and an empty last cell is no loss."""
    text = "First Name,Last Name,Company,Email\nAnn,Lee,Acme,ann@acme.test,\nBo,Chen,Globex,bo@globex.test,\n"
    with Workspace(tmp_path / "ws") as ws:
        report = report_of(ws, write(tmp_path / "alumni.csv", text))
        people = ws.contacts().set_index(C.FULL_NAME)
    assert set(people.index) == {"Ann Lee", "Bo Chen"}
    assert people.loc["Ann Lee", C.COMPANY] == "Acme"
    assert people.loc["Bo Chen", C.EMAIL] == "bo@globex.test"
    assert "warning" not in report
    # A last cell with something in it, on every row: said, with the lines.
    full = text.replace("test,\n", "test,note\n")
    with Workspace(tmp_path / "ws2") as ws:
        report = report_of(ws, write(tmp_path / "alumni2.csv", full))
        assert ws.contacts().set_index(C.FULL_NAME).loc["Ann Lee", C.COMPANY] == "Acme"
    assert "warning 2: more cells than the header has columns" in report


def test_a_stray_quote_in_a_semicolon_file_that_closes_later(tmp_path: Path) -> None:
    text = (
        "Name;Employer;Job Title;Email\n"
        'Ann Lee;"Acme;UX Researcher;ann@acme.test\n'
        "Bo Chen;Globex;Designer;bo@globex.test\n"
        'Cy Park;Initech;"Analyst";cy@initech.test\n'
        "Di Moss;Hooli;Engineer;di@hooli.test\n"
    )
    [parsed] = read_path(write(tmp_path / "alumni.csv", text))
    assert list(parsed.people[C.FULL_NAME]) == ["Ann Lee", "Bo Chen", "Cy Park", "Di Moss"]
    assert parsed.people[C.COMPANY].iloc[0] == "Acme"
    assert [line for line, _ in parsed.warnings] == [2]


def test_a_note_with_line_breaks_stays_one_value(tmp_path: Path) -> None:
    text = f'{HEADER},Notes\nAnn Lee,Acme,UX Researcher,ann@acme.test,"met at the fair\nwants to help"\n'
    [parsed] = read_path(write(tmp_path / "alumni.csv", text))
    [note] = list(parsed.people[C.NOTES])
    assert "met at the fair" in note and "wants to help" in note
    assert parsed.warnings == []


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(st.from_regex(r"[A-Za-z][A-Za-z ]{0,10}[a-z]", fullmatch=True), min_size=4,
                 max_size=4),
        min_size=2, max_size=12,
    ),
    st.data(),
)  # fmt: skip
def test_one_stray_quote_loses_no_row(rows: list[list[str]], data: st.DataObject) -> None:
    row = data.draw(st.integers(0, len(rows) - 1))
    cell = data.draw(st.integers(0, 3))
    lines = [",".join(r) for r in rows]
    cells = lines[row].split(",")
    cells[cell] = '"' + cells[cell]
    lines[row] = ",".join(cells)
    text = "Name,Employer,Job Title,Notes\n" + "\n".join(lines) + "\n"
    from coffeechat.ingest._csv import read_table

    table = read_table(text.encode(), name="x.csv", is_header=lambda f: f[0] == "Name")
    assert len(table.frame) == len(rows)
    assert list(table.frame["Name"].str.lstrip('"')) == [r[0] for r in rows]
    assert table.lines == list(range(2, 2 + len(rows)))


def test_dates_that_cannot_be_read_are_named_with_their_lines(tmp_path: Path) -> None:
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ann,Lee,https://www.linkedin.com/in/ann-lee,,Acme,Designer,02 Mar 2025\n"
        "Bo,Chen,https://www.linkedin.com/in/bo-chen,,Globex,Analyst,the day we met\n"
        "Cy,Park,https://www.linkedin.com/in/cy-park,,Initech,Engineer,31/31/2025\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        report = report_of(ws, write(tmp_path / "Connections.csv", text))
        people = ws.contacts().set_index(C.FULL_NAME)
    assert (
        "warning 2: 'Connected On' is not a date coffeechat can read, left empty (lines 3, 4)"
        in report
    )
    assert people.loc["Ann Lee", C.CONNECTED_ON] == "2025-03-02"
    assert people.loc["Bo Chen", C.CONNECTED_ON] == ""
    assert len(people) == 3  # the people are kept


def test_values_over_their_limit_are_cut_and_reported(tmp_path: Path) -> None:
    huge = "Acme " * 600_000  # 3 MB
    text = (
        f"{HEADER}\n"
        "Ann Lee,Acme,UX Researcher,ann@acme.test\n"
        f"Bo Chen,{huge},Designer,bo@globex.test\n"
        f"{'Cy' * 150} Park,Initech,{'Senior ' * 60}Analyst,cy@initech.test\n"
    )
    with Workspace(tmp_path / "ws") as ws:
        report = report_of(ws, write(tmp_path / "alumni.csv", text))
        people = ws.contacts().set_index(C.EMAIL)
    assert len(people.loc["bo@globex.test", C.COMPANY]) == 300
    assert people.loc["bo@globex.test", C.COMPANY].endswith("…")
    assert len(people.loc["cy@initech.test", C.FULL_NAME]) <= 200
    assert "warning 1: company longer than 300 characters, cut (line 3)" in report
    assert "position longer than 300 characters, cut (line 4)" in report
    assert "full name longer than 200 characters, cut (line 4)" in report


def test_a_folder_of_sources_skips_the_damaged_file(tmp_path: Path) -> None:
    folder = tmp_path / "sources"
    folder.mkdir()
    write(folder / "alumni.csv", f"{HEADER}\nAnn Lee,Acme,UX Researcher,ann@acme.test\n")
    write(folder / "volunteers.csv", f"{HEADER}\nBo Chen,Globex,Designer,bo@globex.test\n")
    (folder / "mentors.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook" * 10)
    (folder / "README.md").write_text("not a source")
    result = CliRunner().invoke(cli, ["import", str(folder), "-w", str(tmp_path / "ws")])
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and errors[0].startswith("Error: ") and "mentors.xlsx" in errors[0]
    assert "alumni.csv (directory): 1 rows read" in result.stdout
    assert "mentors.xlsx: skipped, nothing of it was stored" in result.stdout
    with Workspace(tmp_path / "ws") as ws:
        assert set(ws.contacts()[C.FULL_NAME]) == {"Ann Lee", "Bo Chen"}
