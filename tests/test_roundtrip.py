"""The workbook round trip: what the user types into the workbook survives sync and re-planning."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from coffeechat.cli import cli
from coffeechat.errors import WorkbookError
from coffeechat.outreach.tracking import validate_status
from coffeechat.outreach.xlsx_safe import unescaped
from coffeechat.workspace import Workspace
from tests.conftest import PLAN_TODAY, write_plan

TODAY = PLAN_TODAY


def plan_rows(path: Path) -> tuple[list[str], list[dict[str, object]]]:
    sheet = openpyxl.load_workbook(path)["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(h) for h in rows[0]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[1:]]


def snapshot(ws: Workspace) -> dict[str, list[tuple[object, ...]]]:
    tables = ["people", "outreach", "introductions", "answers"]
    return {t: ws.store.conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


def test_edits_survive_resort_delete_hand_added_rows_and_replanning(
    planned: tuple[Workspace, Path],
) -> None:
    ws, path = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    ids = [r[col["id"] - 1] for r in rows]
    asked_id, replied_id, deleted_id = ids[0], ids[1], ids[2]
    # Re-sort: write the rows back in reverse order (ids move with their rows).
    for offset, values in enumerate(reversed(rows)):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=2 + offset, column=c, value=value)
    by_id = {sheet.cell(row=r, column=col["id"]).value: r for r in range(2, sheet.max_row + 1)}
    r = by_id[asked_id]
    sheet.cell(row=r, column=col["Status"], value="Asked")  # case is forgiven
    sheet.cell(row=r, column=col["Asked on"], value=datetime(2026, 12, 1))
    notes = sheet.cell(row=r, column=col["Notes"], value="=sent through the alumni portal")
    notes.data_type = "s"
    r = by_id[replied_id]
    sheet.cell(row=r, column=col["Status"], value="replied")
    sheet.cell(row=r, column=col["Asked on"], value="2026-12-01")
    sheet.cell(row=r, column=col["Replied on"], value="2026-12-02")
    sheet.delete_rows(by_id[deleted_id])
    hand = sheet.max_row + 1
    sheet.cell(row=hand, column=col["Name"], value="Zed Quill")
    sheet.cell(row=hand, column=col["Employer"], value="Acme Labs")
    sheet.cell(row=hand, column=col["Status"], value="asked")
    sheet.cell(row=hand, column=col["Asked on"], value=datetime(2026, 11, 27))
    sheet.cell(row=hand, column=col["Notes"], value="met at the career fair")
    introducer = ws.contacts().iloc[0]["full_name"]
    intros = book["Introductions"]
    row = intros.max_row + 1
    for c, value in enumerate(
        [introducer, "Nova Starling", datetime(2026, 12, 3), "her friend", "Umbra Co", "Designer"],
        1,
    ):
        intros.cell(row=row, column=c, value=value)
    questions = book["Questions"]
    qheader = [c.value for c in questions[1]]
    # A question of someone who stays on the plan (the deleted row's questions go with it).
    qrow = next(
        r
        for r in range(2, questions.max_row + 1)
        if questions.cell(row=r, column=qheader.index("id") + 1).value != deleted_id
    )
    questions.cell(
        row=qrow,
        column=qheader.index("Answer / notes") + 1,
        value="Started in a lab, moved to product",
    )
    answered = (
        questions.cell(row=qrow, column=qheader.index("id") + 1).value,
        questions.cell(row=qrow, column=3).value,
    )
    book.save(path)

    write_plan(ws, path)

    assert list((path.parent / "backups").glob("plan-*.xlsx"))
    _, rows_after = plan_rows(path)
    after = {r["id"]: r for r in rows_after}
    assert after[asked_id]["Status"] == "asked"
    assert after[asked_id]["Asked on"] == datetime(2026, 12, 1)
    assert after[asked_id]["Notes"] == "=sent through the alumni portal"
    assert after[replied_id]["Tier"] == "Booster"
    assert deleted_id not in after
    assert ws.store.outreach().set_index("person_id").loc[deleted_id, "status"] == "skip"
    zed = [r for r in rows_after if r["Name"] == "Zed Quill"]
    assert (
        len(zed) == 1
        and zed[0]["Status"] == "asked"
        and zed[0]["Notes"] == "met at the career fair"
    )
    assert zed[0]["id"]  # now a real contact with a stable id
    people = ws.contacts().set_index("full_name")
    assert "Nova Starling" in people.index
    log = ws.introductions()
    assert ((log["introducer_name"] == introducer) & (log["person_name"] == "Nova Starling")).any()
    sheet = openpyxl.load_workbook(path)["Questions"]
    kept = {(r[4], r[2]): r[3] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert kept[answered] == "Started in a lab, moved to product"
    # The formula-looking note is still text, not a formula.
    plan = openpyxl.load_workbook(path)["Plan"]
    cells = [
        c for row in plan.iter_rows() for c in row if c.value == "=sent through the alumni portal"
    ]
    assert cells and all(c.data_type == "s" for c in cells)


def test_planning_twice_without_edits_keeps_the_same_schedule(
    planned: tuple[Workspace, Path],
) -> None:
    ws, path = planned
    _, first = plan_rows(path)
    write_plan(ws, path)
    _, second = plan_rows(path)
    key = ["id", "Status", "Request on", "Role", "Employer"]
    assert [[r[k] for k in key] for r in first] == [[r[k] for k in key] for r in second]


def test_text_a_cell_escapes_or_cannot_hold_whole_is_not_taken_for_an_edit(
    planned: tuple[Workspace, Path],
) -> None:
    """Notes with what the file format escapes (`_x0041_` would show as "A"), characters a cell
    cannot hold, and more than a cell's 32,767 characters: read back unedited, nothing changes;
    the escaped text reads back as written, and an edit beside them is still seen."""
    ws, path = planned
    _, rows = plan_rows(path)
    first, second, third = (str(r["id"]) for r in rows[:3])
    tricky = "code _x0041_ and _x005F_ kept\x01 as typed\ufffe"
    long_note = "long " * 9_000  # 45,000 characters
    ws.log(first, "sent", on=date(2026, 11, 25), note=tricky)
    ws.log(second, "sent", on=date(2026, 11, 25), note=long_note)
    write_plan(ws, path)
    _, rows = plan_rows(path)
    by_id = {str(r["id"]): r for r in rows}
    # Stored escaped, as Excel reads it (openpyxl shows the escape; Excel and the sync do not).
    assert "code _x0041_ and _x005F_ kept as typed" in unescaped(str(by_id[first]["Notes"]))
    assert len(str(by_id[second]["Notes"])) == 32_767
    before = snapshot(ws)
    report = ws.sync(path, today=TODAY)
    assert snapshot(ws) == before, report.lines()
    # Another row edited in the same file is read.
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    for r in range(2, sheet.max_row + 1):
        if sheet.cell(row=r, column=header.index("id") + 1).value == third:
            sheet.cell(row=r, column=header.index("Notes") + 1, value="called her office")
    book.save(path)
    ws.sync(path, today=TODAY)
    notes = dict(ws.store.conn.execute("SELECT person_id, notes FROM outreach").fetchall())
    assert "called her office" in notes[third]
    assert notes[first].startswith("code _x0041_ and _x005F_ kept") and "\x01" in notes[first]
    assert notes[second] == long_note.strip() or len(notes[second]) >= 45_000 - 1


def test_editing_a_note_longer_than_a_cell_keeps_what_the_cell_could_not_hold(
    planned: tuple[Workspace, Path],
) -> None:
    """The cell shows a 45,000-character note cut at 32,767: the user edits what it shows, and the
    rest, which they never saw, is kept after their edit. Emptying the cell empties the note."""
    ws, path = planned
    _, rows = plan_rows(path)
    first, second = (str(r["id"]) for r in rows[:2])
    head, tail = "a" * 32_767, "the end of a very long note"
    long_note = head + tail
    for pid in (first, second):
        ws.log(pid, "sent", on=date(2026, 11, 25), note=long_note)
    write_plan(ws, path)
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    for r in range(2, sheet.max_row + 1):
        pid = sheet.cell(row=r, column=header.index("id") + 1).value
        cell = sheet.cell(row=r, column=header.index("Notes") + 1)
        if pid == first:
            assert cell.value == head
            cell.value = "called first; " + head[: 32_767 - 20]
        elif pid == second:
            cell.value = None
    book.save(path)
    ws.sync(path, today=TODAY)
    notes = dict(ws.store.conn.execute("SELECT person_id, notes FROM outreach").fetchall())
    assert notes[first].startswith("called first; ") and notes[first].endswith(tail)
    assert not notes[second]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("Status", "aksed", "unknown status 'aksed'"),
        ("Asked on", "next tuesday", "'next tuesday' is not a date"),
    ],
)
def test_a_typo_names_sheet_row_and_column_and_changes_nothing(
    planned: tuple[Workspace, Path], column: str, value: str, message: str
) -> None:
    ws, path = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=4, column=header.index(column) + 1, value=value)
    sheet.cell(
        row=2, column=header.index("Status") + 1, value="met"
    )  # a valid edit in the same file
    book.save(path)
    before = snapshot(ws)
    with pytest.raises(WorkbookError) as info:
        ws.sync(path)
    assert info.value.what.startswith(message)
    assert f"sheet Plan row 4 column '{column}'" in info.value.where
    assert snapshot(ws) == before
    result = CliRunner().invoke(cli, ["plan", "--out", str(path), "-w", str(ws.root)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {message}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_log_and_intro_from_the_terminal(planned: tuple[Workspace, Path]) -> None:
    ws, path = planned
    _, rows = plan_rows(path)
    # Someone asked for a conversation (an introducer's row has its own test).
    rows = [r for r in rows if r["Role"] != "introducer"]
    name, pid = rows[0]["Name"], rows[0]["id"]
    runner = CliRunner()
    for args in (["--sent", "--date", "2026-12-01"], ["--replied", "--date", "2026-12-08"]):
        result = runner.invoke(cli, ["log", rows[0]["id"], *args, "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
    row = ws.store.outreach().set_index("person_id").loc[rows[0]["id"]]
    assert (row["status"], row["asked_on"], row["replied_on"]) == (
        "replied",
        "2026-12-01",
        "2026-12-08",
    )
    result = runner.invoke(
        cli, ["intro", str(rows[0]["id"]), "Orin Vale", "--note", "her mentor", "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    log = ws.introductions()
    assert ((log["introducer_name"] == name) & (log["person_name"] == "Orin Vale")).any()
    write_plan(ws, path)
    _, rows = plan_rows(path)
    mine = next(r for r in rows if r["id"] == pid)
    # The stale "planned" cell in the old workbook did not overwrite the logged reply.
    assert mine["Status"] == "replied"
    assert mine["Tier"] == "Obligate"  # replied after more than 3 business days


@pytest.mark.parametrize("lock_name", ["~${}", ".~lock.{}#"])
def test_a_workbook_open_elsewhere_is_read_and_the_plan_written_beside_it(
    planned: tuple[Workspace, Path], lock_name: str
) -> None:
    ws, path = planned
    lock = path.with_name(lock_name.format(path.name))
    lock.write_bytes(b"owner")
    edit_plan_status(path, "asked")
    original = path.read_bytes()
    book = ws.write_plan(path, today=TODAY)
    assert path.read_bytes() == original  # never written over
    assert book.written_to == path.with_name(f"{path.stem} (2){path.suffix}")
    _, rows = plan_rows(book.written_to)
    assert "asked" in {r["Status"] for r in rows}  # what was saved there was read
    lock.unlink()


def edit_plan_status(path: Path, status: str) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Status") + 1, value=status)
    book.save(path)


def test_a_damaged_workbook_gives_a_clear_error(planned: tuple[Workspace, Path]) -> None:
    ws, path = planned
    path.write_bytes(b"not a workbook at all")
    with pytest.raises(WorkbookError, match="cannot open the workbook"):
        ws.sync(path)


def test_untrusted_workbooks_are_parsed_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML


def test_a_question_the_user_writes_or_rewords_stays_with_its_answer(
    planned: tuple[Workspace, Path],
) -> None:
    ws, path = planned
    book = openpyxl.load_workbook(path)
    sheet = book["Questions"]
    header = [c.value for c in sheet[1]]
    col = {name: header.index(name) + 1 for name in header}
    first = [c.value for c in sheet[2]]
    sheet.cell(row=2, column=col["Question"]).value = "What would you do differently in year one?"
    sheet.cell(row=2, column=col["Answer / notes"]).value = "learn SQL early"
    new = sheet.max_row + 1
    sheet.cell(row=new, column=col["Name"]).value = first[header.index("Name")]
    sheet.cell(row=new, column=col["Question"]).value = "Which meetups are worth it?"
    sheet.cell(row=new, column=col["Answer / notes"]).value = "the UX guild"
    sheet.cell(row=new, column=col["id"]).value = first[header.index("id")]
    book.save(path)
    assert ws.sync(path).answers == 2
    write_plan(ws, path)
    rows = list(openpyxl.load_workbook(path)["Questions"].iter_rows(values_only=True))[1:]
    theirs = [(r[1], r[2], r[3]) for r in rows if r[4] == first[header.index("id")] and r[3]]
    assert sorted(theirs) == [
        ("Your own question", "What would you do differently in year one?", "learn SQL early"),
        ("Your own question", "Which meetups are worth it?", "the UX guild"),
    ]
    # The generated question they reworded is offered again, unanswered.
    assert any(r[2] == first[header.index("Question")] and not r[3] for r in rows)
    assert ws.sync(path).unchanged


@pytest.mark.parametrize(
    ("typed", "status"),
    [("Sent", "asked"), (" ASKED ", "asked"), ("no  reply", "no reply"), ("Met", "met")],
)
def test_a_status_typed_as_the_log_command_words_it_is_read(typed: str, status: str) -> None:
    assert validate_status(typed) == status


def test_a_status_that_is_no_status_is_refused() -> None:
    with pytest.raises(ValueError):
        validate_status("congratulated")  # a log event with no status of its own
