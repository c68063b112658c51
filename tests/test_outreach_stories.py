"""The life of a plan with several writers: the workbook, the terminal, imports and re-plans never
undo each other. Each story from issue 10 is a test here, with variants of our own."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from coffeechat.cli import cli
from coffeechat.errors import WorkbookError
from coffeechat.outreach.cells import merge_notes
from coffeechat.workspace import Workspace
from tests.outreach_world import (
    START,
    TODAY,
    as_day,
    edit_plan,
    ids_by_name,
    import_messages,
    make_workspace,
    plan_rows,
)


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    workspace = make_workspace(tmp_path / "ws")
    yield workspace
    workspace.close()


def plan(ws: Workspace, path: Path, **options: object) -> object:
    return ws.write_plan(path, **{"start": START, "today": TODAY, **options})


def statuses(ws: Workspace) -> dict[str, str]:
    out = ws.store.outreach()
    on = out[out["on_plan"] == 1]
    return dict(zip(on["person_id"], on["status"], strict=True))


# -- story 1: an introduction never empties the plan --------------------------------------------


@pytest.mark.parametrize(
    ("introduced", "company"),
    [("Dana Whitfield", "Ferrous Labs"), ("Kenji Mori", "")],  # a new person, a known contact
)
def test_an_introduction_leaves_everyone_else_on_the_plan(
    ws: Workspace, tmp_path: Path, introduced: str, company: str
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    before = statuses(ws)
    assert len(before) >= 5 and set(before.values()) == {"planned"}
    ws.intro("Ethan Cole", introduced, company=company)
    plan(ws, path)
    after = statuses(ws)
    assert {pid: after.get(pid) for pid in before} == before
    assert not (ws.store.outreach()["status"] == "skip").any()
    log = ws.introductions()
    assert ((log["introducer_name"] == "Ethan Cole") & (log["person_name"] == introduced)).any()


def test_intro_from_the_terminal_then_plan_reports_the_whole_plan(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    runner = CliRunner()
    args = ["-w", str(ws.root)]
    first = runner.invoke(cli, ["plan", "--out", str(path), "--start", "2026-11-30", *args])
    assert first.exit_code == 0, first.output
    runner.invoke(
        cli, ["intro", "Ethan Cole", "Dana Whitfield", "--company", "Ferrous Labs", *args]
    )
    second = runner.invoke(cli, ["plan", "--out", str(path), *args])
    assert second.exit_code == 0, second.output
    count = lambda out: int(out.split("Planned ")[1].split(" ")[0])  # noqa: E731
    assert count(second.output) >= count(first.output)
    assert "skip" not in {r["Status"] for r in plan_rows(path).values()}


# -- story 2: a second workbook never makes the first one's stale cells count -------------------


@pytest.mark.parametrize("order", ["other-then-default", "default-only", "sync-stale"])
def test_a_logged_meeting_survives_other_workbooks(
    ws: Workspace, tmp_path: Path, order: str
) -> None:
    default, other = tmp_path / "outreach_plan.xlsx", tmp_path / "other.xlsx"
    plan(ws, default)
    devika = ids_by_name(ws)["Devika Raman"]
    ws.log("Devika Raman", "met", on=date(2026, 12, 2))
    if order == "other-then-default":
        plan(ws, other)
        plan(ws, default)
    elif order == "default-only":
        plan(ws, default)
    else:
        ws.sync(default)
        ws.sync(default)
    assert statuses(ws)[devika] == "met"
    if order != "sync-stale":
        row = plan_rows(default)[devika]
        assert row["Status"] == "met" and as_day(row["Met on"]) == date(2026, 12, 2)
        assert row["Next action"] == "send the thank-you"


def test_an_edit_in_an_older_workbook_still_counts_when_nothing_else_changed_it(
    ws: Workspace, tmp_path: Path
) -> None:
    default, other = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    plan(ws, default)
    plan(ws, other)
    mara = ids_by_name(ws)["Mara Quill"]
    edit_plan(default, {mara: {"Status": "asked", "Asked on": datetime(2026, 12, 1)}})
    report = ws.sync(default)
    assert report.updated == 1 and not report.conflicts
    assert statuses(ws)[mara] == "asked"
    # Syncing the other (untouched) workbook changes nothing back.
    ws.sync(other)
    assert statuses(ws)[mara] == "asked"


# -- story 3: an edited draft survives every re-plan, and backups open in Excel -----------------


def test_an_edited_draft_survives_replanning_and_a_fresh_one_is_offered_beside_it(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "outreach_plan.xlsx"
    plan(ws, path)
    lena = ids_by_name(ws)["Lena Park"]
    mine = "Hi Lena,\n\nMy own words, rewritten twice.\n\nRiley"
    generated = plan_rows(path)[lena]["Request draft"]
    edit_plan(path, {lena: {"Request draft": mine, "Thank-you draft": ""}})
    for _ in range(3):
        plan(ws, path)
    row = plan_rows(path)[lena]
    assert row["Request draft"] == mine
    assert row["Fresh request draft"] == generated
    assert not row["Thank-you draft"]  # emptied by the user: stays empty
    others = [r for pid, r in plan_rows(path).items() if pid != lena]
    assert all(r["Request draft"] and not r["Fresh request draft"] for r in others)
    backups = sorted((tmp_path / "backups").glob("outreach_plan-*.xlsx"))
    assert backups and all(openpyxl.load_workbook(b)["Plan"].max_row > 1 for b in backups)
    assert not list(tmp_path.glob("*.bak"))


# -- story 4: messages already under way -------------------------------------------------------


def test_messages_after_planning_move_the_plan_on(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    ids = ids_by_name(ws)
    report = import_messages(
        ws,
        [
            ("out", "Mara Quill", "2026-12-01 09:00:00", "Would you have 20 minutes?"),
            ("in", "Mara Quill", "2026-12-02 16:30:00", "Happy to! Thursday 4pm works"),
            ("out", "Ethan Cole", "2026-12-03 10:00:00", "Would you have 20 minutes?"),
            # Before the plan existed: not a request.
            ("out", "Priya Nair", "2025-01-05 10:00:00", "Congrats on the new role!"),
        ],
        name="messages.csv",
    )
    state = ws.store.outreach().set_index("person_id")
    assert tuple(state.loc[ids["Mara Quill"], ["status", "asked_on", "replied_on"]]) == (
        "replied",
        "2026-12-01",
        "2026-12-02",
    )
    assert tuple(state.loc[ids["Ethan Cole"], ["status", "asked_on"]]) == ("asked", "2026-12-03")
    assert state.loc[ids["Priya Nair"], "status"] == "planned"
    text = "\n".join(report.lines())
    assert "Mara Quill replied on 2026-12-02" in text and "Ethan Cole asked on 2026-12-03" in text
    history = ws.history("Mara Quill")
    assert (history["source"] == "import").any()
    plan(ws, path)
    assert plan_rows(path)[ids["Mara Quill"]]["Next action"] == "agree a time"


def test_a_conversation_under_way_is_planned_as_such_and_never_gets_a_cold_opener(
    tmp_path: Path,
) -> None:
    chat = [
        (("out", "in")[i % 2], "Sofia Lind", f"2026-{3 + i // 4:02d}-1{i % 4} 10:00:00", "hi")
        for i in range(14)
    ] + [
        ("out", "Priya Nair", "2026-11-20 09:00:00", "Would you have 20 minutes?"),
        ("in", "Priya Nair", "2026-11-21 09:00:00", "Happy to! Thursday 4pm works"),
    ]
    ws = make_workspace(tmp_path / "ws", messages=chat)
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    rows = {r["Name"]: r for r in plan_rows(path).values()}
    for name in ("Sofia Lind", "Priya Nair"):
        draft = rows[name]["Request draft"]
        assert "following your work" not in draft and "came across your profile" not in draft
        assert "messages on LinkedIn" in draft
    assert rows["Priya Nair"]["Status"] == "replied"
    assert rows["Priya Nair"]["Next action"] == "agree a time"
    assert "following your work" in rows["Ethan Cole"]["Request draft"]  # no messages: connection
    ws.close()


# -- story 5: options, calendar, meetings, overdue, flags ----------------------------------------


def test_replanning_with_new_options_moves_only_what_was_not_sent(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    ids = ids_by_name(ws)
    ws.log("Ethan Cole", "sent", on=date(2026, 11, 30))
    edit_plan(path, {ids["Jonah Blake"]: {"Request on": datetime(2026, 12, 9)}})  # typed by hand
    before = plan_rows(path)
    runner = CliRunner()
    result = runner.invoke(
        cli, ["plan", "--out", str(path), "--start", "2027-01-11", "-w", str(ws.root)]
    )
    assert result.exit_code == 0, result.output
    assert "Rescheduled" in result.output and "-> 2027-01-" in result.output
    after = plan_rows(path)
    assert as_day(after[ids["Ethan Cole"]]["Asked on"]) == date(2026, 11, 30)
    assert as_day(after[ids["Jonah Blake"]]["Request on"]) == date(2026, 12, 9)
    # Ethan's backup follows his real request (3 business days after it), not the new start.
    assert as_day(after[ids["Devika Raman"]]["Request on"]) == date(2026, 12, 3)
    pinned = (ids["Jonah Blake"], ids["Devika Raman"])
    moved = [pid for pid, row in after.items() if row["Status"] == "planned" and pid not in pinned]
    assert len(moved) >= 5
    assert all(as_day(after[p]["Request on"]) >= date(2027, 1, 11) for p in moved)
    assert set(before) <= set(after)
    # Pace: one request a week from then on.
    again = runner.invoke(cli, ["plan", "--out", str(path), "--per-week", "1", "-w", str(ws.root)])
    assert again.exit_code == 0, again.output
    firsts = [
        as_day(r["Request on"])
        for pid, r in plan_rows(path).items()
        if r["Status"] == "planned" and r["Role"] in ("primary", "single") and pid not in pinned
    ]
    weeks = [(d - date(2027, 1, 11)).days // 7 for d in firsts]
    assert len(weeks) == len(set(weeks))
    # The same options again: nothing moves.
    third = runner.invoke(cli, ["plan", "--out", str(path), "--per-week", "1", "-w", str(ws.root)])
    assert "Rescheduled" not in third.output


def test_every_date_the_plan_sets_is_a_business_day_in_the_users_country(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    days = ws.calendar()
    book = plan(ws, path, start=date(2026, 12, 21), today=date(2026, 12, 18))
    requests = set(book.plan["request_on"])
    assert date(2026, 12, 25) not in requests and date(2027, 1, 1) not in requests
    assert all(days.is_business_day(d) for d in requests)
    # Keep in touch, thank-you, follow-up: whatever the day things happened on.
    ids = ids_by_name(ws)
    ws.log("Mara Quill", "sent", on=date(2026, 12, 22))
    ws.log("Lena Park", "met", on=date(2026, 12, 24))
    for day in (date(2026, 11, 20), date(2026, 11, 21), date(2026, 12, 4)):
        ws.log("Devika Raman", "thanked", on=day)
        book = plan(ws, path, today=date(2026, 12, 18))
        dues = dict(zip(book.plan["person_id"], book.plan["next_due"], strict=True))
        assert all(d is None or days.is_business_day(d) for d in dues.values())
        assert dues[ids["Devika Raman"]] > day
    assert dues[ids["Lena Park"]] == date(2026, 12, 28)  # Christmas skipped for the thank-you


def test_a_scheduled_meeting_has_its_date_and_time(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    result = CliRunner().invoke(
        cli,
        ["log", "Mara Quill", "--scheduled", "--date", "2026-12-03", "--time", "16:00",
         "-w", str(ws.root)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    plan(ws, path)
    row = plan_rows(path)[ids_by_name(ws)["Mara Quill"]]
    assert row["Status"] == "scheduled" and row["Meeting"] == datetime(2026, 12, 3, 16, 0)
    assert row["Next action"] == "meet" and as_day(row["Next due"]) == date(2026, 12, 3)
    # Typed in the workbook instead: read back.
    tomas = ids_by_name(ws)["Tomas Reyes"]
    edit_plan(path, {tomas: {"Status": "scheduled", "Meeting": "2026-12-08 9:30"}})
    ws.sync(path)
    assert ws.store.outreach().set_index("person_id").loc[tomas, "meeting_at"] == "2026-12-08 09:30"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Dec 8, 2026 at 4pm", "2026-12-08 16:00"),
        ("Tuesday, December 8, 2026, 9:15 am", "2026-12-08 09:15"),
        ("12/8/2026 16:30", "2026-12-08 16:30"),
        ("8 Dec 2026 @ 10:00", "2026-12-08 10:00"),
        ("2026-12-08 12pm", "2026-12-08 12:00"),
        ("Dec 8, 2026", "2026-12-08"),
    ],
)
def test_a_meeting_typed_the_way_people_write_it_is_read(
    ws: Workspace, tmp_path: Path, typed: str, stored: str
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    tomas = ids_by_name(ws)["Tomas Reyes"]
    edit_plan(path, {tomas: {"Status": "scheduled", "Meeting": typed, "Asked on": "Nov 30, 2026"}})
    ws.sync(path)
    row = ws.store.outreach().set_index("person_id").loc[tomas]
    assert (row["meeting_at"], row["asked_on"]) == (stored, "2026-11-30")


@pytest.mark.parametrize("typed", ["2026-12-08 4", "2026-12-08 13pm", "2026-12-08 25:00", "soon"])
def test_a_meeting_time_that_cannot_be_read_is_one_clear_error(
    ws: Workspace, tmp_path: Path, typed: str
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    tomas = ids_by_name(ws)["Tomas Reyes"]
    edit_plan(path, {tomas: {"Status": "scheduled", "Meeting": typed}})
    before = ws.store.outreach()
    with pytest.raises(WorkbookError, match="is not a date and time") as raised:
        ws.sync(path)
    assert "column 'Meeting'" in str(raised.value)
    pd.testing.assert_frame_equal(ws.store.outreach(), before)


def test_every_past_due_row_is_formatted_as_overdue_whatever_its_status(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    sheet = openpyxl.load_workbook(path)["Plan"]
    rules = [r for rng in sheet.conditional_formatting for r in rng.rules]
    formulas = " ".join(f for r in rules for f in r.formula)
    assert "TODAY()" in formulas and "planned" not in formulas and "asked" not in formulas


@pytest.mark.parametrize(
    "flags",
    [["--replied", "--met"], ["--sent", "--thanked", "--declined"], ["--met", "--time", "10:00"]],
)
def test_conflicting_log_flags_are_a_clear_error(ws: Workspace, flags: list[str]) -> None:
    before = ws.store.conn.execute("SELECT COUNT(*) FROM outreach_events").fetchone()
    result = CliRunner().invoke(cli, ["log", "Mara Quill", *flags, "-w", str(ws.root)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert ws.store.conn.execute("SELECT COUNT(*) FROM outreach_events").fetchone() == before


# -- conflicts, foreign copies, history and undo -----------------------------------------------


def _touch(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


@pytest.mark.parametrize("newer", ["terminal", "workbook"])
def test_a_true_conflict_keeps_the_newer_change_and_names_both_values(
    ws: Workspace, tmp_path: Path, newer: str
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    mara = ids_by_name(ws)["Mara Quill"]
    edit_plan(path, {mara: {"Status": "declined", "Notes": "said no thanks"}})
    if newer == "terminal":
        _touch(path, datetime.now() - timedelta(minutes=5))
        ws.log("Mara Quill", "replied", on=date(2026, 12, 2))
    else:
        ws.log("Mara Quill", "replied", on=date(2026, 12, 2))
        time.sleep(0.01)
        _touch(path, datetime.now() + timedelta(seconds=1))
    report = ws.sync(path)
    state = ws.store.outreach().set_index("person_id").loc[mara]
    assert state["notes"] == "said no thanks"  # only the workbook changed the notes
    assert state["status"] == ("replied" if newer == "terminal" else "declined")
    [conflict] = report.conflicts
    assert (conflict.name, conflict.field, conflict.workbook, conflict.store) == (
        "Mara Quill", "status", "declined", "replied",
    )  # fmt: skip
    line = "\n".join(report.lines())
    assert "Mara Quill" in line and "declined" in line and "replied" in line
    notes = ws.history("Mara Quill")["note"]
    assert notes.str.contains("conflict").any()


@pytest.mark.parametrize("newer", ["terminal", "workbook"])
def test_notes_typed_in_the_workbook_and_logged_from_the_terminal_are_both_kept(
    ws: Workspace, tmp_path: Path, newer: str
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    mara = ids_by_name(ws)["Mara Quill"]
    ws.log("Mara Quill", "sent", on=date(2026, 12, 1), note="wrote on LinkedIn")
    ws.sync(path)  # the workbook now shows the note
    plan(ws, path)
    edit_plan(path, {mara: {"Notes": "wrote on LinkedIn\nprefers =mornings, not Fridays"}})
    if newer == "terminal":
        _touch(path, datetime.now() - timedelta(minutes=5))
        ws.log("Mara Quill", "replied", on=date(2026, 12, 3), note="call on Tuesday")
    else:
        ws.log("Mara Quill", "replied", on=date(2026, 12, 3), note="call on Tuesday")
        time.sleep(0.01)
        _touch(path, datetime.now() + timedelta(seconds=1))
    report = ws.sync(path)
    state = ws.store.outreach().set_index("person_id").loc[mara]
    lines = state["notes"].splitlines()
    assert sorted(lines) == sorted(
        ["wrote on LinkedIn", "prefers =mornings, not Fridays", "call on Tuesday"]
    )
    assert lines[-1] == (
        "prefers =mornings, not Fridays" if newer == "terminal" else "call on Tuesday"
    )
    [conflict] = report.conflicts
    assert (conflict.field, conflict.kept) == ("notes", "both")
    assert "kept the lines of both" in "\n".join(report.lines())
    # The note goes back into the workbook whole, as text.
    plan(ws, path)
    assert plan_rows(path)[mara]["Notes"] == state["notes"]


def test_a_line_deleted_in_the_workbook_stays_deleted_when_the_terminal_adds_one(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    mara = ids_by_name(ws)["Mara Quill"]
    edit_plan(path, {mara: {"Notes": "old lead\nprefers mornings"}})
    ws.sync(path)
    plan(ws, path)
    edit_plan(path, {mara: {"Notes": "prefers mornings"}})
    _touch(path, datetime.now() - timedelta(minutes=5))
    ws.log("Mara Quill", "sent", on=date(2026, 12, 1), note="sent the request")
    report = ws.sync(path)
    notes = ws.store.outreach().set_index("person_id").loc[mara, "notes"]
    assert notes.splitlines() == ["prefers mornings", "sent the request"]
    assert [c.kept for c in report.conflicts] == ["both"]


def test_a_draft_edited_in_two_copies_keeps_the_newer_and_the_other_in_the_history(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    copy = tmp_path / "plan (laptop copy).xlsx"
    copy.write_bytes(path.read_bytes())
    lena = ids_by_name(ws)["Lena Park"]
    older = "Hi Lena, a laptop draft I wrote by hand."
    newer = "Hi Lena, the desktop draft I wrote later."
    edit_plan(copy, {lena: {"Request draft": older}})
    _touch(copy, datetime.now() - timedelta(minutes=10))
    edit_plan(path, {lena: {"Request draft": newer}})
    ws.sync(path)
    report = ws.sync(copy)
    assert [(c.field, c.kept) for c in report.conflicts] == [("request_draft", "store")]
    plan(ws, path)
    assert plan_rows(path)[lena]["Request draft"] == newer
    history = ws.history("Lena Park")
    assert history["note"].str.contains(older, regex=False).any()


_LINES = st.lists(st.sampled_from(["a", "b", "call Tue", "=x", "met at fair", "ok"]), max_size=5)


@given(base=_LINES, newer=_LINES, older=_LINES)
def test_merged_notes_keep_every_line_typed_since_and_drop_every_line_deleted(
    base: list[str], newer: list[str], older: list[str]
) -> None:
    merged = merge_notes("\n".join(base), newer="\n".join(newer), older="\n".join(older))
    out = set(merged.splitlines())
    for side in (newer, older):
        assert set(side) - set(base) <= out  # what either side typed is kept
        assert not (set(base) - set(side)) & out  # what either side deleted stays deleted
    assert out <= set(newer) | set(older)  # nothing else
    if older == base:
        assert merged == "\n".join(newer)  # nothing to merge: the newer text as it is


def test_a_workbook_from_elsewhere_is_read_as_edits_with_a_warning(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    book = openpyxl.load_workbook(path)
    del book["coffeechat"]
    book.save(path)
    mara = ids_by_name(ws)["Mara Quill"]
    edit_plan(path, {mara: {"Status": "asked", "Asked on": datetime(2026, 12, 1)}})
    ids = list(plan_rows(path))
    edit_plan(path, delete=(ids[0],) if ids[0] != mara else (ids[1],))
    before = statuses(ws)
    report = ws.sync(path)
    assert any("no write id" in w for w in report.warnings)
    assert report.lines()[0].startswith("Warning: ")
    after = statuses(ws)
    assert after[mara] == "asked"
    assert set(after) == set(before)  # deleted rows are ignored: nobody left the plan


def test_history_shows_every_writer_and_undo_reverses_the_last_change(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    mara = ids_by_name(ws)["Mara Quill"]
    ws.log("Mara Quill", "sent", on=date(2026, 12, 1))
    edit_plan(path, {mara: {"Notes": "prefers mornings"}})
    ws.sync(path)
    history = ws.history("Mara Quill")
    assert list(history["source"]) == ["plan", "log", "workbook"]
    assert "status planned -> asked" in history["change"].iloc[1]
    runner = CliRunner()
    shown = runner.invoke(cli, ["history", "Mara Quill", "--format", "csv", "-w", str(ws.root)])
    assert shown.exit_code == 0 and "prefers mornings" in shown.output
    undone = runner.invoke(cli, ["undo", "-w", str(ws.root)])
    assert undone.exit_code == 0, undone.output
    state = ws.store.outreach().set_index("person_id").loc[mara]
    assert state["notes"] == "" and state["status"] == "asked"
    # Undo again: the log goes; the undo itself stays in the history.
    runner.invoke(cli, ["undo", "-w", str(ws.root)])
    state = ws.store.outreach().set_index("person_id").loc[mara]
    assert (state["status"], state["asked_on"]) == ("planned", "")
    assert list(ws.history("Mara Quill")["source"]) == ["plan", "log", "workbook", "undo", "undo"]


def test_undoing_an_older_event_leaves_what_changed_since(ws: Workspace, tmp_path: Path) -> None:
    plan(ws, tmp_path / "plan.xlsx")
    ws.log("Mara Quill", "sent", on=date(2026, 12, 1))
    sent = int(ws.history("Mara Quill")["event_id"].iloc[-1])
    ws.log("Mara Quill", "replied", on=date(2026, 12, 3))
    result = ws.undo(sent)
    state = ws.store.outreach().set_index("person_id").loc[ids_by_name(ws)["Mara Quill"]]
    # The status moved on since (replied): kept; the asked date only the undone event set: gone.
    assert (state["status"], state["asked_on"], state["replied_on"]) == (
        "replied",
        "",
        "2026-12-03",
    )
    assert result.left == [("Mara Quill", ["status"])]
    runner = CliRunner().invoke(cli, ["undo", "999999", "-w", str(ws.root)])
    assert runner.exit_code == 1 and runner.stderr.startswith("Error: no event 999999")


def test_two_copies_of_one_workbook_are_weighed_against_each_other(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    copy = tmp_path / "plan (laptop copy).xlsx"
    copy.write_bytes(path.read_bytes())
    lena = ids_by_name(ws)["Lena Park"]
    edit_plan(copy, {lena: {"Notes": "from the laptop"}})
    _touch(copy, datetime.now() - timedelta(minutes=10))
    edit_plan(path, {lena: {"Notes": "from the desktop"}})
    ws.sync(path)
    report = ws.sync(copy)  # saved earlier: the desktop's newer note first, the laptop's kept after
    notes = lambda: ws.store.outreach().set_index("person_id").loc[lena, "notes"]  # noqa: E731
    assert notes() == "from the desktop\nfrom the laptop"
    assert [(c.field, c.workbook, c.kept) for c in report.conflicts] == [
        ("notes", "from the laptop", "both")
    ]
    # Syncing either file again changes nothing; emptying the cell still empties the note.
    ws.sync(copy)
    ws.sync(path)
    assert notes() == "from the desktop\nfrom the laptop"
    # Emptying the desktop's cell deletes what the desktop showed, not the laptop's line it never
    # showed; once the workbook shows both, emptying it empties the note.
    edit_plan(path, {lena: {"Notes": ""}})
    ws.sync(path)
    assert notes() == "from the laptop"
    plan(ws, path)
    edit_plan(path, {lena: {"Notes": ""}})
    ws.sync(path)
    assert notes() == ""
    history = ws.history("Lena Park")
    # desktop note, laptop merged, desktop emptied (laptop's line kept), emptied
    assert list(history["source"]).count("workbook") == 4


def test_a_deleted_row_stays_deleted_in_a_stale_copy_and_a_later_log_keeps_someone_on(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    stale = tmp_path / "stale.xlsx"
    stale.write_bytes(path.read_bytes())
    ids = ids_by_name(ws)
    edit_plan(path, delete=(ids["Omar Haddad"], ids["Ines Moreau"]))
    ws.log("Ines Moreau", "replied", on=date(2026, 12, 4))  # after the file was saved
    report = ws.sync(path)
    on = statuses(ws)
    assert (
        ids["Omar Haddad"] not in on
        and ws.store.outreach().set_index("person_id").loc[ids["Omar Haddad"], "status"] == "skip"
    )
    assert on[ids["Ines Moreau"]] == "replied"
    assert [(c.name, c.field, c.kept) for c in report.conflicts] == [
        ("Ines Moreau", "row", "store")
    ]
    ws.sync(stale)  # the stale copy still has Omar's row: he does not come back
    assert ids["Omar Haddad"] not in statuses(ws)


def test_missing_dates_are_written_and_remembered_as_empty_cells() -> None:
    import pandas as pd

    from coffeechat.outreach.tracking import written_cells

    frame = pd.DataFrame(
        {"person_id": ["p1", "p2"], "status": ["planned", "met"], "met_on": [float("nan"), None],
         "asked_on": [pd.NaT, date(2026, 12, 1)], "notes": [None, "ok"]}
    )  # fmt: skip
    cells = written_cells(frame)
    assert cells["p1"]["met_on"] == "" and cells["p1"]["asked_on"] == ""
    assert cells["p2"]["asked_on"] == "2026-12-01" and cells["p1"]["notes"] == ""


def test_undoing_a_plan_takes_its_new_people_off_and_an_old_workbook_does_not_bring_them_back(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    ws.log("Mara Quill", "sent", on=date(2026, 12, 1))
    ws.undo()  # the log
    ws.undo()  # the plan
    assert ws.store.outreach().empty
    assert ws.history()["source"].tolist().count("undo") > 2
    ws.sync(path)
    assert ws.store.outreach().empty
    book = plan(ws, path)  # planning again picks them afresh
    assert len(book.plan) == len(plan_rows(path)) > 0


def test_a_change_of_pace_in_the_profile_reschedules_what_was_not_sent(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    assert not plan(ws, path).moved
    profile = ws.profile_path.read_text().replace("requests_per_week = 3", "requests_per_week = 1")
    ws.profile_path.write_text(profile)
    book = plan(ws, path)
    assert book.moved and all(new >= old for _, old, new in book.moved if old)
    firsts = book.plan[book.plan["role"].isin(["primary", "single"])]["request_on"]
    weeks = [ws.calendar().between(START, d) // 5 for d in firsts]
    assert len(weeks) == len(set(weeks))  # one request a week


def test_forget_leaves_no_trace_in_the_history_or_the_sync_baselines(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    mara = ids_by_name(ws)["Mara Quill"]
    edit_plan(path, {mara: {"Notes": "Mara's cat is called Biscuit"}})
    ws.sync(path)
    ws.forget("Mara Quill")
    dump = "\n".join(ws.store.conn.iterdump())
    assert "Biscuit" not in dump and mara not in dump
    # The workbook lost her row too (and her note), and still syncs.
    assert mara not in plan_rows(path)
    report = ws.sync(path)
    assert report.conflicts == [] and report.removed == 0
    assert mara not in set(ws.store.outreach()["person_id"])


def test_a_row_of_a_person_merged_since_speaks_for_the_person_kept(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    ids = ids_by_name(ws)
    keep, drop = ids["Kenji Mori"], ids["Lena Park"]  # any two people: the merge is the point
    with ws.store.transaction():
        ws.store.merge_people(keep, drop)
    edit_plan(path, {drop: {"Notes": "typed on the merged row"}})
    ws.sync(path)
    assert (
        ws.store.outreach().set_index("person_id").loc[keep, "notes"] == "typed on the merged row"
    )


def test_a_rescheduled_row_keeps_what_the_user_typed_into_it(ws: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    plan(ws, path)
    lena = ids_by_name(ws)["Lena Park"]
    mine = "Hi Lena,\n\nMy own words.\n\nRiley"
    edit_plan(path, {lena: {"Request draft": mine, "Notes": "met her at the fair"}})
    book = plan(ws, path, per_week=1)  # the pace changes: Lena's unsent request moves
    assert any(name == "Lena Park" for name, _, _ in book.moved)
    row = plan_rows(path)[lena]
    assert (row["Request draft"], row["Notes"]) == (mine, "met her at the fair")


def test_a_change_of_targets_names_who_was_planned_for_the_old_ones_and_keeps_them(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    first = plan(ws, path)
    planned = set(first.plan["full_name"])
    assert "Mara Quill" in planned and "Tomas Reyes" in planned
    ws.log("Mara Quill", "sent", on=date(2026, 11, 30))
    tomas = ids_by_name(ws)["Tomas Reyes"]
    edit_plan(path, {tomas: {"Notes": "knows the Berlin team"}})
    ws.sync(path)
    profile = ws.root / "coffeechat.toml"
    profile.write_text(
        profile.read_text("utf-8").replace('name = "UX research"', 'name = "Payroll"'), "utf-8"
    )
    book = plan(ws, path)
    assert book.targets_before == ["UX research"]
    # Everyone planned for UX research and not asked yet is named; Mara, asked, is not.
    assert "Tomas Reyes" in book.off_target and "Mara Quill" not in book.off_target
    assert set(book.off_target) <= planned
    # Nobody is taken off without the user's word: every row is still there, the note kept.
    rows = plan_rows(path)
    assert {tomas, ids_by_name(ws)["Mara Quill"]} <= set(rows)
    assert rows[tomas]["Notes"] == "knows the Berlin team"
    # A plan with the same targets again says nothing more.
    assert plan(ws, path).off_target == []


def test_plan_says_on_the_terminal_whom_a_change_of_targets_left_unmatched(
    ws: Workspace, tmp_path: Path
) -> None:
    path = tmp_path / "plan.xlsx"
    args = ["plan", "--out", str(path), "--start", "2026-11-30", "-w", str(ws.root)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    profile = ws.root / "coffeechat.toml"
    profile.write_text(
        profile.read_text("utf-8").replace('name = "UX research"', 'name = "Payroll"'), "utf-8"
    )
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    line = next(ln for ln in result.output.splitlines() if ln.startswith("Your targets changed"))
    assert "they were UX research" in line and "Mara Quill" in line and "skip" in line
