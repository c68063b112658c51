"""Asking for an introduction (double opt-in).

Where the user knows nobody at an employer on their list, the plan asks someone who could
introduce them (see `network.graph.introducers`): a row with the role `introducer` whose employer
is the one asked about. The ask carries a paragraph about the user to forward; the introducer
asks the other person first. Its steps are tracked like any outreach: asked -> replied (they agreed
to ask) -> introduced -> thanked.

When the introduction is recorded (`coffeechat intro`, or a row in the workbook's Introductions
sheet), the introducer's row moves to `introduced` and the person introduced joins the plan for
that employer, their request due at once: someone who agreed to talk should hear back quickly.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

from coffeechat import columns as C
from coffeechat.store.history import Change, State

INTRODUCER = "introducer"
# An introducer's row still waiting for the introduction.
WAITING = frozenset({"planned", "asked", "replied"})


def introduction_changes(
    states: Mapping[str, State],
    introducer_id: str,
    person_id: str,
    *,
    on: date,
    today: date,
    names: Mapping[str, str],
    company: str = "",
) -> list[Change]:
    """What a recorded introduction changes: the introducer's row (if it asked for one) moves to
    `introduced`, and the person introduced joins the plan for the employer asked about, unless
    they are on it already. An introduction nobody asked for through the plan changes nothing."""
    asked = states.get(introducer_id)
    if asked is None or asked.get(C.ROLE) != INTRODUCER:
        return []
    changes: list[Change] = []
    introducer = names.get(introducer_id, introducer_id)
    person = names.get(person_id, person_id)
    if asked.get(C.STATUS) in WAITING:
        changes.append(
            Change(
                introducer_id,
                {C.STATUS: "introduced", "introduced_on": on.isoformat()},
                note=f"introduced you to {person}",
            )
        )
    joined = states.get(person_id)
    if joined is None or not joined.get(C.STATUS):
        changes.append(
            Change(
                person_id,
                {
                    C.STATUS: "planned",
                    "on_plan": 1,
                    "planned_on": today.isoformat(),
                    C.EMPLOYER: str(asked.get(C.EMPLOYER, "") or company),
                    C.ROLE: "primary",
                    C.LAMP_RANK: int(asked.get(C.LAMP_RANK, 0) or 0),
                    C.REQUEST_ON: max(on, today).isoformat(),
                },
                note=f"introduced by {introducer}",
            )
        )
    return changes


# How an introducer knows the user (`network.graph.introducers`' "knows you"), in words.
_KNOWS = {"messaged": "you have exchanged messages", "introduced": "was introduced to you",
          "connected": "a LinkedIn connection"}  # fmt: skip


def candidates(
    found: pd.DataFrame, employer: str, *, exclude: set[str], company_of: Mapping[str, str]
) -> pd.DataFrame:
    """The introducers for an employer as plan candidates, best first (`network.graph.introducers`
    output minus anyone in `exclude`), with a score and a `why` the plan shows."""
    rows = found[~found[C.PERSON_ID].astype(str).isin(exclude)]
    ids = rows[C.PERSON_ID].astype(str)
    return pd.DataFrame(
        {
            C.PERSON_ID: ids,
            C.FULL_NAME: rows[C.FULL_NAME],
            C.COMPANY: [company_of.get(pid, "") for pid in ids],
            C.POSITION: rows[C.POSITION],
            C.SCORE: rows["score"].astype(float),
            C.WHY: [
                f"could introduce you at {employer}: {why}; {_KNOWS.get(knows, knows)}"
                for why, knows in zip(rows["why"], rows["knows you"], strict=True)
            ],
        }
    ).reset_index(drop=True)
