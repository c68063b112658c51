"""Issue 16, items 1 and 2: this week's agenda and a calendar that follows the plan."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path

import openpyxl
import pandas as pd
from icalendar import Calendar

from coffeechat import columns as C
from coffeechat.workspace import Workspace
from tests.outreach_world import ids_by_name, make_workspace
from tests.test_cli import run

MONDAY = date(2026, 11, 30)


def lived_in(tmp_path: Path) -> Workspace:
    """A plan a week old: one request sent (follow-up due), one meeting on Wednesday at 16:00,
    one meeting held on Friday (thank-you due Monday), and requests still to send."""
    ws = make_workspace(tmp_path / "ws")
    ws.write_plan(tmp_path / "plan.xlsx", start=date(2026, 11, 16), today=date(2026, 11, 16))
    ids = ids_by_name(ws)
    ws.log(ids["Devika Raman"], "sent", on=date(2026, 11, 16))
    ws.log(ids["Mara Quill"], "sent", on=date(2026, 11, 17))
    ws.log(ids["Mara Quill"], "replied", on=date(2026, 11, 18))
    ws.log(ids["Mara Quill"], "scheduled", on=date(2026, 12, 2), at=time(16, 0))
    ws.log(ids["Tomas Reyes"], "sent", on=date(2026, 11, 17))
    ws.log(ids["Tomas Reyes"], "met", on=date(2026, 11, 27))
    return ws


def test_today_lists_what_is_due_overdue_first(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    today = ws.agenda(today=MONDAY)
    assert list(today["due"]) == sorted(today["due"])
    assert (today["due"] <= MONDAY).all()
    rows = today.set_index(C.FULL_NAME)
    assert rows.loc["Tomas Reyes", "action"] == "send the thank-you"
    assert rows.loc["Tomas Reyes", "when"] == "today"
    overdue = today[today["due"] < MONDAY]
    assert not overdue.empty and overdue["when"].str.endswith("overdue").all()
    assert "Mara Quill" not in rows.index  # her meeting is on Wednesday
    ws.close()


def test_the_week_adds_meetings_with_their_time_and_questions(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    week = ws.agenda(today=MONDAY, week=True).set_index(C.FULL_NAME)
    assert week.loc["Mara Quill", "action"] == "meet"
    assert week.loc["Mara Quill", "due"] == date(2026, 12, 2)
    assert week.loc["Mara Quill", "detail"].startswith("at 16:00; questions")
    assert (week["due"] <= date(2026, 12, 6)).all()
    ws.close()


def test_the_workbook_opens_on_this_week(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    path = tmp_path / "again.xlsx"
    book = ws.write_plan(path, today=MONDAY)
    sheets = openpyxl.load_workbook(path).sheetnames
    assert sheets[0] == "This week"
    rows = list(openpyxl.load_workbook(path)["This week"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Due", "When", "Action", "Name")
    assert [r[3] for r in rows[1:]] == book.agenda[C.FULL_NAME].tolist()
    assert "Mara Quill" in {r[3] for r in rows[1:]}
    ws.close()


def events(path: Path) -> dict[str, object]:
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_the_calendar_has_one_event_per_dated_action_and_a_morning_alarm(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    progress = ws.progress(today=MONDAY)
    dated = progress[progress[C.NEXT_DUE].notna() & progress[C.NEXT_ACTION].ne("")]
    path = ws.write_calendar(tmp_path / "plan.ics", today=MONDAY)
    found = events(path)
    assert len(found) == len(dated)
    ids = ids_by_name(ws)
    meeting = found[f"{ids['Mara Quill']}-meet@coffeechat"]
    assert meeting.decoded("DTSTART") == datetime(2026, 12, 2, 16, 0)
    alarm = meeting.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == -timedelta(hours=7)  # 9:00 that morning
    thanks = found[f"{ids['Tomas Reyes']}-send-the-thank-you@coffeechat"]
    assert thanks.decoded("DTSTART") == MONDAY
    assert thanks.walk("VALARM")[0].decoded("TRIGGER") == timedelta(hours=9)
    assert "Tomas" in str(thanks["DESCRIPTION"])  # the thank-you draft
    assert str(thanks["SUMMARY"]).startswith("Send the thank-you: Tomas Reyes")
    ws.close()


def test_event_ids_survive_a_replan(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    first = events(ws.write_calendar(tmp_path / "a.ics", today=MONDAY))
    ws.write_plan(tmp_path / "plan.xlsx", per_week=2, today=MONDAY)  # rescheduled
    second = events(ws.write_calendar(tmp_path / "b.ics", today=MONDAY))
    ids = ids_by_name(ws)
    for name, action in (("Mara Quill", "meet"), ("Tomas Reyes", "send-the-thank-you")):
        uid = f"{ids[name]}-{action}@coffeechat"
        assert uid in first and uid in second
    assert len(set(second)) == len(second)
    ws.close()


def test_cli_agenda_csv_and_calendar(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    ws.close()
    code, out, err = run("agenda", "--week", "--date", MONDAY.isoformat(), "--format", "csv",
                         "--workspace", str(ws.root))  # fmt: skip
    assert code == 0, err
    frame = pd.read_csv(__import__("io").StringIO(out))
    assert list(frame.columns) == [
        "due",
        "when",
        "action",
        "full_name",
        "employer",
        "detail",
        "person_id",
    ]
    code, out, err = run("calendar", str(tmp_path / "cli.ics"), "--workspace", str(ws.root))
    assert code == 0, err
    assert Calendar.from_ical((tmp_path / "cli.ics").read_bytes()).walk("VEVENT")


def test_nothing_due_is_said(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "empty")
    ws.close()
    code, out, _ = run("agenda", "--workspace", str(ws.root))
    assert code == 0
    assert out.strip() == "Nothing due today."


def test_the_agenda_needs_no_targets(tmp_path: Path) -> None:
    ws = lived_in(tmp_path)
    profile = ws.profile_path
    text = profile.read_text("utf-8")
    start = text.index("[[targets]]")
    end = text.index("[[employers]]")
    profile.write_text(text[:start] + text[end:], "utf-8")
    again = Workspace(ws.root)
    assert not again.profile.targets
    week = again.agenda(today=MONDAY, week=True)
    assert "Mara Quill" in set(week[C.FULL_NAME])
    ws.close()
    again.close()
