"""Issue 16, item 4: a job change of someone the user has met makes one congratulations note due,
on the agenda and in the plan, asking for nothing; keeping in touch restarts from it."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from coffeechat import columns as C
from coffeechat.outreach.drafts import FORBIDDEN, NOTE_WORD_LIMIT, word_count
from coffeechat.outreach.touchpoints import news
from coffeechat.workspace import Workspace
from tests.outreach_world import PEOPLE, START, TODAY, connections_csv, ids_by_name, make_workspace


def moved(changes: dict[str, tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    """PEOPLE with some of them at a new company and title (by full name)."""
    out = []
    for first, last, company, position in PEOPLE:
        company, position = changes.get(f"{first} {last}", (company, position))
        out.append((first, last, company, position))
    return out


def newer_export(ws: Workspace, name: str, people: list[tuple[str, str, str, str]]) -> str:
    path = ws.root / "export" / name
    path.write_text(connections_csv(people), encoding="utf-8")
    return "\n".join(ws.import_path(path).lines())


@pytest.fixture()
def ws(tmp_path: Path) -> Workspace:
    """Devika met and thanked; Ethan asked only; everyone else planned."""
    workspace = make_workspace(tmp_path / "ws")
    workspace.write_plan(tmp_path / "plan.xlsx", start=START, today=TODAY)
    for event, day in (("sent", 1), ("replied", 2), ("met", 8), ("thanked", 9)):
        workspace.log("Devika Raman", event, on=date(2026, 12, day))
    workspace.log("Ethan Cole", "sent", on=date(2026, 12, 1))
    yield workspace
    workspace.close()


def notes_due(ws: Workspace) -> list[str]:
    return list(ws.progress(today=date.today()).query("next_action == 'send congratulations'")[
        C.FULL_NAME
    ])  # fmt: skip


def test_a_job_change_makes_exactly_one_congratulations_note(ws: Workspace) -> None:
    report = newer_export(
        ws,
        "Connections-2026-12.csv",
        moved({"Devika Raman": ("Harbor Games", "Principal UX Researcher"),
               "Ethan Cole": ("Atlas Retail", "UX Research Director")}),
    )  # fmt: skip
    # Only Devika: the user has talked with her. Ethan was only asked.
    assert (
        "congratulations to send: Devika Raman (your new role as Principal UX Researcher" in report
    )
    assert notes_due(ws) == ["Devika Raman"]
    # The same news in a later export (other bytes, same values) makes no second note.
    newer_export(
        ws,
        "Connections-2027-01.csv",
        list(reversed(moved({"Devika Raman": ("Harbor Games", "Principal UX Researcher")}))),
    )
    history = ws.history("Devika Raman")
    assert history["fields"].str.contains("congratulate_on").sum() == 1
    # A note made due on a weekend shows on the next business day's agenda (the import is dated
    # today, whatever day this runs).
    day = date.today()
    while not ws.calendar().is_business_day(day):
        day += timedelta(days=1)
    agenda = ws.agenda(today=day)
    rows = agenda[agenda["action"] == "send congratulations"]
    assert list(rows[C.FULL_NAME]) == ["Devika Raman"]
    assert (
        rows["detail"]
        .iloc[0]
        .startswith("Congratulations on your new role as Principal UX Researcher at Harbor Games!")
    )
    assert rows[C.EMPLOYER].iloc[0] == "Harbor Games"
    # The calendar has the note as one event, its draft in the description.
    from icalendar import Calendar

    ics = ws.write_calendar(ws.root / "plan.ics", today=date.today())
    events = [e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
              if str(e["summary"]).startswith("Send congratulations")]  # fmt: skip
    assert len(events) == 1 and "Devika Raman" in str(events[0]["summary"])
    assert "Congratulations on your new role" in str(events[0]["description"])


def test_the_note_asks_for_nothing_and_is_short(ws: Workspace) -> None:
    newer_export(ws, "c2.csv", moved({"Devika Raman": ("Harbor Games", "Principal UX Researcher")}))
    row = ws.progress(today=date.today()).set_index(C.FULL_NAME).loc["Devika Raman"]
    note = row["congratulations_draft"]
    assert note.startswith("Hi Devika,")
    assert word_count(note) < NOTE_WORD_LIMIT
    assert "?" not in note and not FORBIDDEN.search(note)
    assert not any(w in note.lower() for w in ("could you", "would you", "introduce", "minutes"))


def test_sending_it_restarts_keeping_in_touch(ws: Workspace) -> None:
    ids = ids_by_name(ws)
    before = ws.progress(today=date(2026, 12, 10)).set_index(C.PERSON_ID)
    assert before.loc[ids["Devika Raman"], C.NEXT_ACTION] == "keep in touch"
    kept_before = before.loc[ids["Devika Raman"], C.NEXT_DUE]
    newer_export(ws, "c2.csv", moved({"Devika Raman": ("Devika Raman Studio", "Founder")}))
    ws.log("Devika Raman", "congratulated", on=date(2027, 1, 4))
    after = ws.progress(today=date(2027, 1, 5)).set_index(C.PERSON_ID)
    assert after.loc[ids["Devika Raman"], C.NEXT_ACTION] == "keep in touch"
    assert after.loc[ids["Devika Raman"], C.NEXT_DUE] > kept_before
    assert after.loc[ids["Devika Raman"], C.NEXT_DUE] >= date(2027, 2, 15)  # 6 weeks on at least
    assert after.loc[ids["Devika Raman"], C.STATUS] == "thanked"


def test_a_second_job_change_later_makes_a_new_note(ws: Workspace) -> None:
    newer_export(ws, "c2.csv", moved({"Devika Raman": ("Harbor Games", "Principal UX Researcher")}))
    # Sent a month ago; the next export, today, shows another change.
    ws.log("Devika Raman", "congratulated", on=date.today() - timedelta(days=30))
    assert notes_due(ws) == []
    newer_export(ws, "c3.csv", moved({"Devika Raman": ("Harbor Games", "VP, Research")}))
    assert notes_due(ws) == ["Devika Raman"]


def test_congratulating_someone_never_talked_to_is_a_usage_error(ws: Workspace) -> None:
    from coffeechat.errors import UsageError

    with pytest.raises(UsageError):
        ws.log("Kenji Mori", "congratulated", on=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("old", "company", "position", "said"),
    [
        ({"company": "Acme"}, "Globex", "", "your move to Globex"),
        ({"company": "Acme", "position": "PM"}, "Globex", "Senior PM", "your new role as Senior PM at Globex"),
        ({"position": "PM"}, "Acme", "Senior PM", "your new role as Senior PM at Acme"),
        ({"company": "Acme Inc."}, "ACME", "PM", "your new role as PM at ACME"),
    ],
)  # fmt: skip
def test_the_news_says_what_changed(
    old: dict[str, str], company: str, position: str, said: str
) -> None:
    assert news(old, company, position) == said
