"""One person in two records or two rows: merged records and copied rows keep what each held.

Before, the merged history was folded event by event, so whichever record changed a field last won:
a request logged on one record hid a meeting logged on the other, and one record's notes hid the
other's. A workbook holding a row for each record lost one row's edits when it was synced after the
merge (both rows were compared with the kept person's snapshot, and the second row overwrote the
first)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.errors import UsageError
from coffeechat.store.history import Event, State, fold, merged_fields
from coffeechat.workspace import Workspace
from tests.conftest import write
from tests.outreach_world import PROFILE, edit_plan, plan_rows
from tests.test_dupes import CONNECTIONS, DIRECTORY
from tests.test_unmerge import rows_of

START = date(2026, 11, 30)
TODAY = date(2026, 11, 27)


def two_records(tmp_path: Path) -> tuple[Workspace, str, str]:
    """Jon Smith (LinkedIn) and John Smith (directory), the same person, not merged yet."""
    root = tmp_path / "ws"
    root.mkdir()
    (root / "coffeechat.toml").write_text(PROFILE, encoding="utf-8")
    ws = Workspace(root)
    ws.import_path(write(tmp_path / "Connections.csv", CONNECTIONS))
    ws.import_path(write(tmp_path / "alumni.csv", DIRECTORY))
    people = ws.contacts()
    ids = dict(zip(people[C.FULL_NAME], people[C.PERSON_ID], strict=True))
    return ws, ids["Jon Smith"], ids["John Smith"]


def both_asked_and_planned(tmp_path: Path) -> tuple[Workspace, str, str, Path]:
    """`two_records`, each asked, and a plan with a row for each in `plan.xlsx`."""
    ws, jon, john = two_records(tmp_path)
    for pid in (jon, john):
        ws.log(pid, "sent", on=date(2026, 11, 20))
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    return ws, jon, john, path


def accept(ws: Workspace, a: str, b: str) -> tuple[str, str]:
    """Merge the pair; (kept, merged in)."""
    found = ws.dupes()
    pair = found[found["person_a"].isin([a, b]) & found["person_b"].isin([a, b])].iloc[0]
    kept = ws.decide_dupe(int(pair["candidate_id"]), accept=True)
    return kept, (b if kept == a else a)


def outreach_of(ws: Workspace, pid: str) -> dict[str, object]:
    rows = ws.store.outreach().set_index("person_id")
    return rows.loc[pid].to_dict()


def test_a_merge_keeps_the_meeting_and_both_records_notes(tmp_path: Path) -> None:
    ws, jon, john = two_records(tmp_path)
    ws.log(jon, "met", on=date(2026, 11, 10), note="met at the alumni fair")
    ws.log(john, "sent", on=date(2026, 11, 20), note="emailed his work address")
    before = {pid: rows_of(ws, pid) for pid in (jon, john)}

    kept, gone = accept(ws, jon, john)
    merged = outreach_of(ws, kept)
    assert merged["status"] == "met"  # not the request logged later on the other record
    assert merged["met_on"] == "2026-11-10" and merged["asked_on"] == "2026-11-20"
    assert merged["notes"].splitlines() == ["met at the alumni fair", "emailed his work address"]
    assert merged["on_plan"] == 1

    # Right after the merge, `undo` names the merge rather than take back the log before it.
    with pytest.raises(UsageError, match="the last change was a merge"):
        ws.undo()
    # Undoing an event from before the merge takes back that event's own fields only: the person
    # they met stays on the plan, with both notes.
    history = ws.history(kept)
    sent = int(history.loc[history["change"].str.contains("asked_on"), "event_id"].iloc[0])
    undone = ws.undo(sent)
    assert undone.reverted and outreach_of(ws, kept)["on_plan"] == 1
    assert outreach_of(ws, kept)["status"] == "met"

    # The merge is undone with `unmerge`, which takes its own event away: each record is as it was
    # (but for the undo logged since, which stays with the person kept).
    last = int(ws.history(kept)["event_id"].max())
    ws.undo(last)  # (the undo of the undo, so that the records compare whole)
    ws.unmerge(kept)
    restored = rows_of(ws, gone)
    assert restored == before[gone]
    assert outreach_of(ws, kept)["notes"] == (
        "met at the alumni fair" if kept == jon else "emailed his work address"
    )
    ws.close()


def test_a_draft_each_record_had_is_kept(tmp_path: Path) -> None:
    ws, jon, john, path = both_asked_and_planned(tmp_path)
    edit_plan(path, {jon: {"Follow-up draft": "Jon, my own follow-up."},
                     john: {"Follow-up draft": "John, a follow-up of my own."}})  # fmt: skip
    ws.sync(path)
    kept, _ = accept(ws, jon, john)
    merged = outreach_of(ws, kept)
    drafts = {"Jon, my own follow-up.", "John, a follow-up of my own."}
    assert merged["follow_up_draft"] in drafts
    (other,) = drafts - {merged["follow_up_draft"]}
    assert other in merged["notes"]  # the other record's draft, word for word
    ws.close()


def test_a_workbook_with_both_rows_synced_after_the_merge_keeps_every_edit(tmp_path: Path) -> None:
    ws, jon, john, path = both_asked_and_planned(tmp_path)
    edit_plan(
        path,
        {
            jon: {"Status": "replied", "Replied on": "2026-11-25", "Notes": "Jon row: prefers calls"},
            john: {"Notes": "John row: office hours on Fridays",
                   "Request draft": "Hi John, in my own words."},
        },
    )  # fmt: skip
    kept, _ = accept(ws, jon, john)  # merged before the edits are read back

    report = ws.sync(path)
    merged = outreach_of(ws, kept)
    assert merged["status"] == "replied" and merged["replied_on"] == "2026-11-25"
    assert set(merged["notes"].splitlines()) == {
        "Jon row: prefers calls",
        "John row: office hours on Fridays",
    }
    assert merged["request_draft"] == "Hi John, in my own words."
    assert not report.conflicts  # the merge changed nothing the rows were edited against
    assert report.updated == 1

    # The next plan shows one row with all of it, and reading it back finds nothing new.
    ws.write_plan(path, start=START, today=TODAY)
    row = plan_rows(path)[kept]
    assert row["Status"] == "replied" and "office hours" in row["Notes"]
    assert ws.sync(path).unchanged
    ws.close()


def test_deleting_one_of_the_two_rows_keeps_the_person_on_the_plan(tmp_path: Path) -> None:
    ws, jon, john, path = both_asked_and_planned(tmp_path)
    kept, gone = accept(ws, jon, john)
    edit_plan(path, delete=(kept,))  # the row of the person kept; the other row still shows them
    ws.sync(path)
    assert outreach_of(ws, kept)["on_plan"] == 1

    edit_plan(path, delete=(gone,))  # now no row shows them: they leave the plan
    ws.sync(path)
    assert outreach_of(ws, kept)["on_plan"] == 0
    ws.close()


def test_forget_removes_what_workbooks_showed_under_a_merged_id(tmp_path: Path) -> None:
    ws, jon, john = two_records(tmp_path)
    path = tmp_path / "plan.xlsx"
    ws.log(jon, "sent", on=date(2026, 11, 20), note="a note about Jon")
    ws.log(john, "sent", on=date(2026, 11, 20), note="a note about John")
    ws.write_plan(path, start=START, today=TODAY)
    kept, gone = accept(ws, jon, john)
    held = ws.store.conn.execute(
        "SELECT COUNT(*) FROM written_rows WHERE person_id = ?", (gone,)
    ).fetchone()[0]
    assert held == 1  # the row that file showed for the record merged in
    ws.forget(kept)
    left = ws.store.conn.execute(
        "SELECT COUNT(*) FROM written_rows WHERE person_id IN (?, ?)", (kept, gone)
    ).fetchone()[0]
    assert left == 0
    ws.close()


# -- the rule itself, over any two records' histories -------------------------------------------

_STATUS = st.sampled_from(["planned", "asked", "replied", "scheduled", "met", "thanked",
                           "declined", "skip"])  # fmt: skip
_NOTE = st.text(alphabet="abc xyz", min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def histories(draw: st.DrawFn) -> list[Event]:
    events = []
    for _ in range(draw(st.integers(1, 6))):
        fields: dict[str, object] = {"status": draw(_STATUS)}
        if draw(st.booleans()):
            fields["notes"] = draw(_NOTE)
        events.append(Event(0, draw(st.sampled_from(["k", "d"])), "log", fields))
    return events


@given(histories())
def test_a_merged_state_holds_the_further_status_and_every_note(events: list[Event]) -> None:
    numbered = [Event(i + 1, e.person_id, e.source, e.fields) for i, e in enumerate(events)]
    apart = fold(numbered)
    kept, dropped = apart.get("k", State()), apart.get("d", State())
    together = fold(Event(e.event_id, "k", e.source, e.fields) for e in numbered)["k"]
    result = {**together.values, **merged_fields(kept, dropped, together, dropped_name="D")}
    order = ["planned", "asked", "replied", "scheduled", "met", "thanked"]
    statuses = {s.get("status") for s in (kept, dropped) if s.get("status")}
    assert result["status"] in statuses
    conversation = [s for s in statuses if s in order]
    if result["status"] in order and conversation:
        assert order.index(result["status"]) == max(order.index(s) for s in conversation)
    for state in (kept, dropped):
        if state.get("notes"):
            assert state.get("notes") in result["notes"]


# -- one person in two rows of one workbook, without a merge: a row copied and pasted ------------


def test_a_row_copied_within_the_workbook_keeps_both_copies_edits(tmp_path: Path) -> None:
    import openpyxl

    ws, jon, _ = two_records(tmp_path)
    path = tmp_path / "plan.xlsx"
    ws.log(jon, "sent", on=date(2026, 11, 20))
    ws.write_plan(path, start=START, today=TODAY)
    book = openpyxl.load_workbook(path)
    sheet = book["Plan"]
    header = [c.value for c in sheet[1]]
    (source,) = [r for r in range(2, sheet.max_row + 1)
                 if sheet.cell(row=r, column=header.index("id") + 1).value == jon]  # fmt: skip
    copy = sheet.max_row + 1
    for col in range(1, sheet.max_column + 1):
        sheet.cell(row=copy, column=col).value = sheet.cell(row=source, column=col).value
    sheet.cell(row=source, column=header.index("Notes") + 1).value = "typed in the first copy"
    sheet.cell(row=copy, column=header.index("Notes") + 1).value = "typed in the second copy"
    sheet.cell(row=copy, column=header.index("Status") + 1).value = "met"
    sheet.cell(row=copy, column=header.index("Met on") + 1).value = "2026-11-26"
    book.save(path)

    ws.sync(path)
    wanted = ("met", "2026-11-26", ["typed in the first copy", "typed in the second copy"])
    stored = outreach_of(ws, jon)
    assert (stored["status"], stored["met_on"], stored["notes"].splitlines()) == wanted
    # Saved again unchanged and read again: each copy is compared with what it showed, so neither
    # undoes the other (before, the first copy's cells read as edits over the second's).
    openpyxl.load_workbook(path).save(path)
    report = ws.sync(path)
    stored = outreach_of(ws, jon)
    assert (stored["status"], stored["met_on"], stored["notes"].splitlines()) == wanted
    assert report.updated == 0
    ws.close()


def test_after_an_unmerge_a_log_is_not_undone_by_a_workbook_written_while_merged(
    tmp_path: Path,
) -> None:
    """The unmerge used to delete the merge's event; the next log reused its number, which a
    workbook written while merged had already counted as seen, so a note typed there replaced
    the logged one. Event numbers now only grow."""
    ws, jon, john = two_records(tmp_path)
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    kept, _ = accept(ws, jon, john)
    ws.write_plan(path, start=START, today=TODAY)  # one row, for the person kept
    ws.unmerge(kept)
    ws.log(kept, "sent", on=date(2026, 11, 20), note="logged after the unmerge")
    shown = str(plan_rows(path)[kept]["Notes"] or "")
    edit_plan(path, {kept: {"Notes": f"{shown}\ntyped in the workbook".strip()}})
    ws.sync(path)
    notes = outreach_of(ws, kept)["notes"].splitlines()
    assert "logged after the unmerge" in notes and "typed in the workbook" in notes
    ids = [r[0] for r in ws.store.conn.execute("SELECT event_id FROM outreach_events")]
    assert ids == sorted(set(ids))
    ws.close()


def test_after_forget_a_log_is_not_undone_by_a_workbook_written_before(tmp_path: Path) -> None:
    """`forget` deletes the person's events: the next event took the freed number (SQLite reuses
    the highest rowid), which a workbook written before had already seen."""
    ws, jon, john = two_records(tmp_path)
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    ws.log(john, "sent", on=date(2026, 11, 20))  # the highest event number
    ws.write_plan(path, start=START, today=TODAY)
    ws.forget(john)
    ws.log(jon, "sent", on=date(2026, 11, 21), note="logged after the forget")
    shown = str(plan_rows(path)[jon]["Notes"] or "")
    edit_plan(path, {jon: {"Notes": f"{shown}\ntyped in the workbook".strip()}})
    ws.sync(path)
    notes = outreach_of(ws, jon)["notes"].splitlines()
    assert "logged after the forget" in notes and "typed in the workbook" in notes
    ws.close()


# -- the workbook's other sheets, after a merge or a forget ---------------------------------------


def _set_cell(path: Path, sheet: str, match: dict[str, str], header: str, value: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    rows = book[sheet]
    names = [c.value for c in rows[1]]
    for row in rows.iter_rows(min_row=2):
        cells = {names[i]: c for i, c in enumerate(row)}
        if all(cells[k].value == v for k, v in match.items()):
            cells[header].value = value
            break
    else:
        raise AssertionError(f"no {sheet} row {match}")
    book.save(path)


def test_an_introduction_edited_before_a_merge_is_read_after_it(tmp_path: Path) -> None:
    """The row's ids name someone merged since: the sync stopped with "'Chris Lee' matches
    several contacts" (advice to retype a name the user never touched), or lost the edit."""
    ws, jon, john = two_records(tmp_path)
    people = ws.contacts()
    chris = str(people.loc[people[C.COMPANY].eq("Globex"), C.PERSON_ID].iloc[0])
    ws.intro(chris, john, on=date(2026, 10, 1), note="as written")
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    _set_cell(path, "Introductions", {"Note": "as written"}, "Note", "edited in the sheet")
    kept, _ = accept(ws, jon, john)
    report = ws.sync(path)
    assert report.introductions_edited == 1
    assert ws.store.introduction(chris, kept) == ("2026-10-01", "edited in the sheet")
    assert ws.sync(path).unchanged
    ws.close()


def test_an_answer_typed_for_someone_merged_since_is_theirs(tmp_path: Path) -> None:
    ws, jon, john = two_records(tmp_path)
    ws.log(john, "met", on=date(2026, 11, 20))
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    _set_cell(path, "Questions", {"id": john}, "Answer / notes", "Start with a portfolio")
    kept, _ = accept(ws, jon, john)
    ws.sync(path)  # (a foreign key error before)
    answers = ws.store.answers()
    assert answers.loc[answers[C.PERSON_ID] == kept, "answer"].tolist() == [
        "Start with a portfolio"
    ]
    ws.close()


def test_an_answer_about_someone_forgotten_in_a_copy_elsewhere_is_dropped(tmp_path: Path) -> None:
    import shutil

    ws, _, john = two_records(tmp_path)
    ws.log(john, "met", on=date(2026, 11, 20))
    path = tmp_path / "plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    copy = tmp_path / "elsewhere" / "plan.xlsx"  # a copy forget does not know of
    copy.parent.mkdir()
    shutil.copy(path, copy)
    _set_cell(copy, "Questions", {"id": john}, "Answer / notes", "Start with a portfolio")
    ws.forget(john)
    report = ws.sync(copy)
    assert any("forgotten" in w for w in report.warnings)
    assert ws.store.answers().empty
    ws.close()
