"""A volunteer's time: how many more students they can take, and who said "not this term".

Volunteer directories say it in their own words: a number of students ("Max Students: 2", "3 per
term"), how many they have now, and an availability ("Not this term", "Full", "On sabbatical until
March", "Yes"). The plan never asks a person who has no room left: not for a conversation, not for
an introduction. A request already planned for them is held (the agenda says why) rather than
dropped, so that it goes out again once a newer directory says they are available.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import map_unique, rows_by_id, text_column

# An availability that says no. Anything else (yes, available, "spring only") is taken as room:
# the plan asks, and the person can still say no.
_UNAVAILABLE = re.compile(
    r"\b(not|no|none|unavailable|full|paused?|on leave|leave of absence|sabbatical|away|"
    r"inactive|closed|busy|n)\b",
    re.I,
)
_YES = re.compile(r"^\s*(y|yes|true|available|open|accepting|active)\b", re.I)
# Texts that carry a "no" but do not say no to students, or say nothing at all.
_NOT_A_NO = re.compile(
    r"^\s*(n/?a|unknown|tbd|-+|\?)\s*$|\bno (limit|preference|restriction)s?\b|\bnot sure\b", re.I
)
_NUMBER = re.compile(r"\d+")
_ZERO = re.compile(r"^\s*(none|zero|no|n/a|na)\s*$", re.I)


def said_unavailable(text: object) -> bool:
    """'Not this term', 'Full', 'No', 'On leave' -> True; 'Yes', 'Available', '' -> False."""
    value = str(text or "").strip()
    if not value or _YES.match(value) or _NOT_A_NO.search(value):
        return False
    return bool(_UNAVAILABLE.search(value))


def count(text: object) -> int | None:
    """A number of students as typed: '2', '2 students', '3 per term', 'none' -> 0; '' -> None."""
    value = str(text or "").strip()
    if not value:
        return None
    if _ZERO.match(value):
        return 0
    found = _NUMBER.search(value)
    return int(found.group()) if found else None


def room(people: pd.DataFrame, *, default: int | None = None) -> pd.Series:
    """How many more students each person can take (NaN: no limit known), indexed like `people`.

    A stated capacity less the students they have now; `default` (the profile's
    `volunteer_capacity`) stands in for volunteers who state none; an availability that says no
    leaves no room whatever the numbers say."""
    capacity = pd.Series(np.nan, index=people.index)
    if default is not None and C.VOLUNTEER in people:
        volunteer = pd.to_numeric(people[C.VOLUNTEER], errors="coerce").fillna(0).eq(1)
        capacity = capacity.mask(volunteer, float(default))
    # Only people who state something are read: most of a big directory states nothing, and reading
    # half a million empty texts took a fifth of a second.
    stated = np.zeros(len(people), dtype=bool)
    for name in (C.CAPACITY, C.STUDENTS_NOW, C.AVAILABILITY):
        stated |= text_column(people, name).str.strip().ne("").to_numpy(dtype=bool)
    left = capacity.clip(lower=0)
    if stated.any():
        left[stated] = _stated_room(people[stated], capacity[stated])
    return left


def _stated_room(people: pd.DataFrame, fallback: pd.Series) -> pd.Series:
    """`room` of people who state a capacity, a number of students or an availability."""
    # Read once per distinct text: a directory of 500,000 says "2" over and over.
    capacity = map_unique(text_column(people, C.CAPACITY), count).astype(float)
    capacity = capacity.where(capacity.notna(), fallback)
    taken = map_unique(text_column(people, C.STUDENTS_NOW), count).astype(float).fillna(0.0)
    left = (capacity - taken).clip(lower=0)
    unavailable = map_unique(text_column(people, C.AVAILABILITY), said_unavailable).astype(bool)
    return left.where(~unavailable, 0.0)


def no_room(people: pd.DataFrame, *, default: int | None = None) -> pd.Series:
    """Who cannot be asked now (True), indexed like `people`."""
    left = room(people, default=default)
    return pd.Series(np.asarray(left.notna() & left.lt(1)), index=people.index)


def reason(person: pd.Series | dict[str, object], *, default: int | None = None) -> str:
    """Why a person cannot be asked, in words: "said 'Not this term'", "has 2 of 2 students"."""
    said = str(person.get(C.AVAILABILITY, "") or "").strip()
    if said_unavailable(said):
        return f"said '{said}' (volunteer directory)"
    capacity = count(person.get(C.CAPACITY, ""))
    if capacity is None:
        capacity = default
    taken = count(person.get(C.STUDENTS_NOW, "")) or 0
    if capacity == 0:
        return "takes no students now (volunteer directory)"
    return f"has {taken} of {capacity} students (volunteer directory)"


# The next action of a plan row whose person has no room now.
HOLD = "on hold"


def hold(schedule: pd.DataFrame, contacts: pd.DataFrame, *, default: int | None) -> pd.DataFrame:
    """Plan rows (with progress) whose request is not answered yet and whose person has no room
    now: their next action becomes `on hold`, with no due date, and `hold_reason` says why."""
    out = schedule.copy()
    out["hold_reason"] = ""
    if out.empty or C.NEXT_ACTION not in out:
        return out
    ids = out[C.PERSON_ID].astype(str)
    said = [c for c in (C.CAPACITY, C.STUDENTS_NOW, C.AVAILABILITY, C.VOLUNTEER) if c in contacts]
    people = rows_by_id(contacts, ids, column=C.PERSON_ID, columns=said).reindex(ids)
    people.index = out.index
    waiting = out[C.STATUS].isin(["planned", "asked"])
    blocked = waiting & no_room(people, default=default)
    if not blocked.any():
        return out
    out.loc[blocked, "hold_reason"] = [
        reason(people.loc[i], default=default) for i in out.index[blocked]
    ]
    out.loc[blocked, C.NEXT_ACTION] = HOLD
    out.loc[blocked, C.NEXT_DUE] = None
    return out
