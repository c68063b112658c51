"""Touchpoints that ask for nothing: a short congratulations note when someone the user has met
changes jobs, is promoted, or takes a new role.

An import that records a job change (a newer LinkedIn export with a new employer or title) for a
person the user met, thanked, or who introduced them makes a note due on the import day. The note
asks for nothing; once it is sent (`log --congratulated`), keeping in touch restarts from it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date

import pandas as pd

from coffeechat.identity.keys import org_key
from coffeechat.store.history import Change, State

# Whom a job change is news worth a note for: people the user has talked with.
KNOWN_STATUSES = frozenset({"met", "thanked", "introduced"})


def news(old: Mapping[str, str], company: str, position: str) -> str:
    """What changed, as the note says it: 'your new role as Staff Designer at Acme' (a new
    employer), 'your new role as Staff Designer' (a new title at the same one)."""
    moved = "company" in old and org_key(old["company"]) != org_key(company)
    if moved and position and company:
        return f"your new role as {position} at {company}"
    if moved and company:
        return f"your move to {company}"
    if position:
        return f"your new role as {position}" + (f" at {company}" if company else "")
    return "your new role"


def congratulation_changes(
    states: Mapping[str, State],
    job_changes: pd.DataFrame,
    current: pd.DataFrame,
    *,
    today: date,
    lamp: Collection[str] = (),
) -> list[Change]:
    """One congratulations note due per person with a job change in `job_changes` (person_id,
    field, old_value, new_value) whom the user has talked with. `current` holds each person's
    company and position now (indexed by person_id); `lamp` the org keys of the user's employer
    list, named in the note when the new employer is on it."""
    if job_changes.empty:
        return []
    changes = []
    for pid, group in job_changes.groupby("person_id", sort=True):
        state = states.get(str(pid))
        if state is None or state.get("status") not in KNOWN_STATUSES:
            continue
        if str(pid) not in current.index:
            continue
        company = str(current.at[str(pid), "company"] or "")
        position = str(current.at[str(pid), "position"] or "")
        old = dict(zip(group["field"].astype(str), group["old_value"].astype(str), strict=True))
        what = news(old, company, position)
        on_list = " (an employer on your list)" if org_key(company) in lamp else ""
        changes.append(
            Change(
                str(pid),
                {"congratulate_on": today.isoformat(), "congratulate_for": what},
                note=f"job change: {what}{on_list}",
            )
        )
    return changes
