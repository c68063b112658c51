"""What to do today or this week, and the same actions as a calendar that follows the plan.

Both read a plan with its progress (`tracking.with_progress`: the next action and its due date per
person) and its drafts (`plan.attach_drafts`). The agenda is a frame: `coffeechat agenda`, the
workbook's "This week" sheet and scripts (`--format csv|json`) all show it. The calendar is
iCalendar (RFC 5545) written with the `icalendar` package: one event per person and action, whose
UID stays the same from one plan to the next, so that importing the file again updates events
instead of adding copies.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from coffeechat import columns as C
from coffeechat.outreach.capacity import HOLD

# Which draft goes with which action (in the agenda's detail and the calendar's description).
_DRAFT_FOR = {
    "send the request": "request_draft",
    "follow up": "follow_up_draft",
    "if no reply, write to the backup contact": "follow_up_draft",
    "send the thank-you": "thank_you_draft",
    "ask for an introduction": "request_draft",
    "thank the introducer": "thank_you_draft",
    "check on the introduction": "follow_up_draft",
    "send congratulations": "congratulations_draft",
}
_GREETING = re.compile(r"^(hi|hello|dear|hey)\b[^.!?]{0,40},$", re.I)
# The morning reminder: actions are all-day events, reminded at this hour of their day.
MORNING = time(9, 0)

AGENDA_COLUMNS = ("due", "when", "action", C.FULL_NAME, C.EMPLOYER, "detail", C.PERSON_ID)


def end_of_week(today: date) -> date:
    """The Sunday that ends today's week."""
    return today + timedelta(days=6 - today.weekday())


def agenda(progress: pd.DataFrame, today: date, *, until: date) -> pd.DataFrame:
    """Every action due on or before `until`: overdue first (oldest first), then by day.

    `when` says it in words ("3 days overdue", "today", "Thu 3 Dec"); `detail` holds what the
    action needs: the meeting's time and the Questions sheet for a meeting, the first line of the
    draft to send otherwise."""
    if progress.empty or C.NEXT_DUE not in progress:
        return pd.DataFrame(columns=list(AGENDA_COLUMNS))
    held = progress[C.NEXT_ACTION].eq(HOLD)
    due = progress[progress[C.NEXT_DUE].map(lambda d: isinstance(d, date) and d <= until) | held]
    rows = []
    for row in due.to_dict("records"):
        action = str(row[C.NEXT_ACTION])
        # A request on hold (they said "not this term") is listed every day, after what is due.
        day: date = today if action == HOLD else row[C.NEXT_DUE]
        rows.append(
            {
                "due": day,
                "when": "on hold" if action == HOLD else _when(day, today),
                "action": action,
                C.FULL_NAME: row[C.FULL_NAME],
                # A congratulations note is about where they are now, not the plan's employer.
                C.EMPLOYER: (
                    row.get(C.COMPANY, "")
                    if action == "send congratulations"
                    else row.get(C.EMPLOYER, "") or row.get(C.COMPANY, "")
                ),
                "detail": _detail(row, action),
                C.PERSON_ID: row[C.PERSON_ID],
            }
        )
    frame = pd.DataFrame(rows, columns=list(AGENDA_COLUMNS))
    return (
        frame.assign(_held=frame["action"].eq(HOLD))
        .sort_values(["_held", "due", C.FULL_NAME, C.PERSON_ID], kind="stable")
        .drop(columns="_held")
        .reset_index(drop=True)
    )


def _when(day: date, today: date) -> str:
    late = (today - day).days
    if late > 0:
        return f"{late} day{'s' if late != 1 else ''} overdue"
    if late == 0:
        return "today"
    if late == -1:
        return "tomorrow"
    return f"{day:%a} {day.day} {day:%b}"


def _detail(row: Mapping[Any, Any], action: str) -> str:
    if action == HOLD:
        return (
            f"{row.get('hold_reason', '')}: the request waits until a newer directory gives them"
            " room (or set the status to skip)"
        )
    if action == "meet":
        at = str(row.get("meeting_at", "") or "")
        hour = f"at {at[11:16]}; " if len(at) > 10 else ""
        return f"{hour}questions for them: the Questions sheet of your workbook"
    draft = str(row.get(_DRAFT_FOR.get(action, ""), "") or "")
    lines = [line.strip() for line in draft.splitlines() if line.strip()]
    # The first line that says something: not the greeting.
    body = [ln for ln in lines if not _GREETING.match(ln)]
    return textwrap.shorten((body or lines or [""])[0], width=110, placeholder=" ...")


# -- the calendar ------------------------------------------------------------------------------


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def calendar_bytes(progress: pd.DataFrame, *, owner: str, stamp: datetime | None = None) -> bytes:
    """The plan's dated actions and meetings as iCalendar.

    One event per person and action (UID `<person_id>-<action>@coffeechat`): an all-day event on
    the due day with an alarm that morning, or, for a meeting with a time, an hour-long event at
    that time with an alarm at 9:00 that day. The summary names the action and the person; the
    description holds the draft to send, or the meeting's questions hint."""
    from icalendar import Alarm, Calendar, Event

    stamp = stamp or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", "-//coffeechat//informational interviews//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add(
        "x-wr-calname",
        f"Informational interviews ({owner})" if owner else "Informational interviews",
    )
    for row in progress.to_dict("records") if not progress.empty else []:
        day = row.get(C.NEXT_DUE)
        action = str(row.get(C.NEXT_ACTION, "") or "")
        if not isinstance(day, date) or not action:
            continue
        event = Event()
        event.add("uid", f"{row[C.PERSON_ID]}-{_slug(action)}@coffeechat")
        event.add("dtstamp", stamp)
        employer = str(row.get(C.EMPLOYER, "") or row.get(C.COMPANY, "") or "")
        event.add("summary", f"{action[:1].upper()}{action[1:]}: {row[C.FULL_NAME]}"
                  + (f" ({employer})" if employer else ""))  # fmt: skip
        meeting = str(row.get("meeting_at", "") or "")
        description = (
            _detail(row, action)
            if action == "meet"
            else str(row.get(_DRAFT_FOR.get(action, ""), "") or "")
        )
        if description:
            event.add("description", description)
        if action == "meet" and len(meeting) > 10:
            start = datetime.combine(day, time.fromisoformat(meeting[11:16]))
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
            before = start - datetime.combine(day, MORNING)
            trigger = -before if before > timedelta(0) else timedelta(minutes=-30)
        else:
            event.add("dtstart", day)
            event.add("dtend", day + timedelta(days=1))
            event.add("transp", "TRANSPARENT")  # a to-do for the day, not a busy block
            trigger = datetime.combine(day, MORNING) - datetime.combine(day, time(0, 0))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"coffeechat: {action}, {row[C.FULL_NAME]}")
        alarm.add("trigger", trigger)
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())


def write_calendar(path: Path, data: bytes) -> Path:
    """Write the file whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return path
