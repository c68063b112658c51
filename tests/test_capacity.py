"""Issue 16, item 6: a volunteer's capacity and availability are respected. The plan never asks
someone with no room left, and the agenda says who said "not this term"."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coffeechat import columns as C
from coffeechat.outreach.capacity import count, no_room, room, said_unavailable
from coffeechat.workspace import Workspace
from tests.outreach_world import START, TODAY, make_workspace

# (name, email, employer, title, capacity, students now, availability)
VOLUNTEERS = [
    ("Ada Full", "ada@example.org", "Orbit Labs", "UX Researcher", "2", "2", ""),
    ("Ben Away", "ben@example.org", "Orbit Labs", "Senior UX Researcher", "3", "", "Not this term"),
    ("Cy Zero", "cy@example.org", "Tidal Co", "User Researcher", "0", "", ""),
    ("Dee Room", "dee@example.org", "Tidal Co", "UX Research Lead", "3 per term", "1", "Yes"),
    ("Eve Open", "eve@example.org", "Gale Inc", "UX Researcher", "", "", ""),
    ("Fay Leave", "fay@example.org", "Gale Inc", "Lead User Researcher", "", "", "On sabbatical"),
]


def directory(rows: list[tuple[str, ...]], headers: tuple[str, str, str]) -> str:
    cap, now, avail = headers
    lines = [f"Full Name,Email,Employer,Job Title,Willing to help with,{cap},{now},{avail}"]
    for name, email, employer, title, c, n, a in rows:
        lines.append(f"{name},{email},{employer},{title},informational interviews,{c},{n},{a}")
    return "\n".join(lines) + "\n"


def with_volunteers(
    root: Path,
    headers: tuple[str, str, str] = ("Max Students", "Current Students", "Availability"),
    rows: list[tuple[str, ...]] = VOLUNTEERS,
) -> Workspace:
    ws = make_workspace(root)
    path = root / "export" / "volunteers.csv"
    path.write_text(directory(rows, headers), encoding="utf-8")
    ws.import_path(path)
    return ws


def planned_names(ws: Workspace) -> set[str]:
    book = ws.plan(start=START, today=TODAY)
    return set(book.plan[C.FULL_NAME])


@pytest.mark.parametrize(
    "headers",
    [
        ("Max Students", "Current Students", "Availability"),
        ("MaxStudents", "ActiveMentees", "AvailabilityThisTerm"),
        ("Mentee capacity", "students_assigned", "Accepting students"),
    ],
)
def test_nobody_without_room_is_planned(tmp_path: Path, headers: tuple[str, str, str]) -> None:
    rows = VOLUNTEERS
    if headers[2] == "Accepting students":  # a yes/no column says it with a "no"
        rows = [r[:6] + (("No",) if r[6] else ("",)) for r in VOLUNTEERS]
        rows[3] = (*rows[3][:6], "Yes")
    ws = with_volunteers(tmp_path / "ws", headers, rows)
    book = ws.plan(start=START, today=TODAY)
    names = set(book.plan[C.FULL_NAME])
    assert {"Dee Room", "Eve Open"} <= names
    assert not {"Ada Full", "Ben Away", "Cy Zero", "Fay Leave"} & names
    held = dict(book.held)
    assert set(held) == {"Ada Full", "Ben Away", "Cy Zero", "Fay Leave"}
    assert held["Ada Full"] == "has 2 of 2 students (volunteer directory)"
    assert held["Cy Zero"] == "takes no students now (volunteer directory)"
    ws.close()


def test_a_planned_volunteer_who_says_not_this_term_is_held_on_the_agenda(
    tmp_path: Path,
) -> None:
    ws = with_volunteers(tmp_path / "ws")
    ws.write_plan(tmp_path / "plan.xlsx", start=START, today=TODAY)
    assert "Dee Room" in set(ws.progress(today=TODAY)[C.FULL_NAME])
    newer = [r if r[0] != "Dee Room" else (*r[:6], "Not this term") for r in VOLUNTEERS]
    path = ws.root / "export" / "volunteers-2.csv"
    path.write_text(directory(newer, ("Max Students", "Current Students", "Availability")))
    ws.import_path(path)
    agenda = ws.agenda(today=date(2026, 12, 1))
    held = agenda[agenda["action"] == "on hold"].set_index(C.FULL_NAME)
    assert list(held.index) == ["Dee Room"]
    assert held.loc["Dee Room", "when"] == "on hold"
    assert "said 'Not this term'" in held.loc["Dee Room", "detail"]
    # Held rows come after what is due, and the calendar has no event for them.
    assert agenda["action"].iloc[-1] == "on hold"
    calendar = tmp_path / "plan.ics"
    ws.write_calendar(calendar, today=date(2026, 12, 1))
    assert "Dee Room" not in calendar.read_text(encoding="utf-8")
    # Her row stays on the plan, and a newer directory with room lifts the hold.
    path = ws.root / "export" / "volunteers-3.csv"
    later = [r if r[0] != "Dee Room" else (*r[:6], "") for r in VOLUNTEERS]
    path.write_text(directory(later, ("Max Students", "Current Students", "Availability")))
    ws.import_path(path)
    progress = ws.progress(today=date(2026, 12, 1)).set_index(C.FULL_NAME)
    assert progress.loc["Dee Room", C.NEXT_ACTION] == "send the request"
    ws.close()


def test_the_profile_default_applies_to_volunteers_who_state_none(tmp_path: Path) -> None:
    ws = with_volunteers(tmp_path / "ws")
    profile = (ws.root / "coffeechat.toml").read_text(encoding="utf-8")
    (ws.root / "coffeechat.toml").write_text(
        profile.replace("[pace]", "[pace]\nvolunteer_capacity = 0"), encoding="utf-8"
    )
    ws.close()
    with Workspace(ws.root) as again:
        names = planned_names(again)
    assert "Eve Open" not in names  # states nothing: the default (0) holds
    assert "Dee Room" in names  # states her own capacity
    # LinkedIn connections are not volunteers: the default does not apply to them.
    assert "Devika Raman" in names


@pytest.mark.parametrize(
    ("text", "no"),
    [
        ("Not this term", True), ("not available until spring", True), ("Full", True),
        ("No", True), ("N", True), ("On leave", True), ("Unavailable", True),
        ("Yes", False), ("Available", False), ("", False), ("N/A", False), ("Spring only", False),
        ("no limit", False), ("Y", False), ("Accepting", False),
    ],
)  # fmt: skip
def test_availability_is_read_as_people_write_it(text: str, no: bool) -> None:
    assert said_unavailable(text) is no


@pytest.mark.parametrize(
    ("text", "n"),
    [("2", 2), ("3 per term", 3), ("none", 0), ("0", 0), ("", None), ("unlimited", None)],
)
def test_counts_are_read_as_people_write_them(text: str, n: int | None) -> None:
    assert count(text) == n


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.integers(0, 5)),
            st.one_of(st.none(), st.integers(0, 6)),
            st.sampled_from(["", "  ", "Yes", "Not this term", "Full", "Available"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    ),
    st.one_of(st.none(), st.integers(0, 3)),
)
def test_nobody_asked_is_beyond_their_capacity(
    people: list[tuple[int | None, int | None, str, bool]], default: int | None
) -> None:
    frame = pd.DataFrame(
        {
            C.CAPACITY: ["" if c is None else str(c) for c, _, _, _ in people],
            C.STUDENTS_NOW: ["" if n is None else f"{n} students" for _, n, _, _ in people],
            C.AVAILABILITY: [a for _, _, a, _ in people],
            C.VOLUNTEER: [int(v) for _, _, _, v in people],
        }
    )
    blocked = no_room(frame, default=default)
    left = room(frame, default=default)
    for i, (cap, now, avail, volunteer) in enumerate(people):
        stated = cap if cap is not None else (default if volunteer else None)
        asked_ok = not blocked.iloc[i]
        if avail in ("Not this term", "Full"):
            assert not asked_ok
        elif stated is not None:
            # Asking them adds one student: never past what they said they take.
            assert asked_ok == ((now or 0) + 1 <= stated)
            assert left.iloc[i] == max(stated - (now or 0), 0)
        else:
            assert asked_ok
