"""The outreach plan: which employers first (LAMP), two contacts each, paced requests on business days,
the 3B7 follow-up dates, and a draft of every message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import org_key, org_keys
from coffeechat.profile import Profile

# Statuses a person moves through; the workbook offers these in a drop-down.
STATUSES: tuple[str, ...] = (
    "planned",
    "asked",
    "replied",
    "scheduled",
    "met",
    "thanked",
    "declined",
    "no reply",
    "skip",
)

SWITCH_AFTER = 3  # business days without a reply: write to the backup contact (3B7)
FOLLOW_UP_AFTER = 7  # business days without a reply: follow up with the primary (3B7)


def add_business_days(start: date, days: int) -> date:
    """`days` business days after `start` (Monday to Friday; holidays are not modelled)."""
    day: date = np.busday_offset(np.datetime64(start), days, roll="forward").astype(date)
    return day


def next_business_day(day: date) -> date:
    rolled: date = np.busday_offset(np.datetime64(day), 0, roll="forward").astype(date)
    return rolled


@dataclass(frozen=True)
class PlanOptions:
    start: date
    weeks: int = 8
    per_week: int = 5
    employers_at_once: int = 5
    contacts_per_employer: int = 2


def _free_week(counts: dict[int, int], *, earliest: int, per_week: int) -> int:
    week = earliest
    while counts.get(week, 0) >= per_week:
        week += 1
    return week


def lamp_order(profile: Profile, ranked: pd.DataFrame) -> pd.DataFrame:
    """The LAMP list sorted by Motivation, then Posting, then Advocacy (ranked contacts there)."""
    advocacy = org_keys(ranked[C.COMPANY].fillna("").astype(str)).value_counts()
    rows = [
        {
            "employer": e.name,
            "motivation": e.motivation,
            "posting": e.posting,
            "advocacy": int(advocacy.get(org_key(e.name), 0)),
            "order": i,
        }
        for i, e in enumerate(profile.employers)
    ]
    frame = pd.DataFrame(rows, columns=["employer", "motivation", "posting", "advocacy", "order"])
    frame = frame.sort_values(
        ["motivation", "posting", "advocacy", "order"], ascending=[False, False, False, True]
    )
    frame.insert(0, "lamp_rank", range(1, len(frame) + 1))
    return frame.drop(columns="order").reset_index(drop=True)


def build_plan(
    ranked: pd.DataFrame,
    profile: Profile,
    options: PlanOptions,
    *,
    existing: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per newly planned person: employer, role (primary/backup/single) and dates.

    `ranked` is the ranker's output; flagged people and everyone already on the plan must already
    be excluded. `existing` (the rows already on the plan) keeps its employers and its request
    slots: new requests fill the weeks around them, so planning again changes nothing that was set.
    """
    lamp = lamp_order(profile, ranked)
    keys = org_keys(ranked[C.COMPANY].fillna("").astype(str))
    picks: list[tuple[pd.Series, str, str, int]] = []
    used: set[str] = set()
    week_one = next_business_day(options.start)
    per_week: dict[int, int] = {}
    booked: set[str] = set()
    if existing is not None and not existing.empty:
        for employer, role, status, request in zip(
            existing["employer"],
            existing["role"],
            existing["status"],
            existing["request_on"],
            strict=True,
        ):
            if role in ("primary", "backup"):
                booked.add(org_key(employer))
            if role in ("primary", "single") and status == "planned" and isinstance(request, date):
                week = max(
                    0, int(np.busday_count(np.datetime64(week_one), np.datetime64(request))) // 5
                )
                per_week[week] = per_week.get(week, 0) + 1
    for _, lamp_row in lamp.iterrows():
        if org_key(lamp_row["employer"]) in booked:
            continue
        at = ranked[keys == org_key(lamp_row["employer"])]
        if at.empty:
            continue
        for i, (_, person) in enumerate(at.head(options.contacts_per_employer).iterrows()):
            role = "primary" if i == 0 else "backup"
            picks.append((person, role, str(lamp_row["employer"]), int(lamp_row["lamp_rank"])))
            used.add(str(person[C.PERSON_ID]))
    # People outside the LAMP list (e.g. volunteers in the target field) are planned too, after.
    # No more can be scheduled than the weeks hold, so a big directory is not walked to its end.
    slots = options.weeks * options.per_week
    for _, person in ranked.head(slots + len(used)).iterrows():
        if str(person[C.PERSON_ID]) not in used:
            picks.append((person, "single", str(person[C.COMPANY] or ""), 0))
    rows: list[dict[str, Any]] = []
    primaries: dict[str, date] = {}
    lamp_seen: list[str] = sorted(booked)
    for person, role, employer, lamp_rank in picks:
        if role == "primary":
            lamp_seen.append(employer)
        if role in ("primary", "single"):
            # Work `employers_at_once` employers in parallel: each later wave starts two weeks on.
            wave = (len(lamp_seen) - 1) // options.employers_at_once if role == "primary" else 0
            week = _free_week(per_week, earliest=2 * wave, per_week=options.per_week)
            if week >= options.weeks:
                continue
            slot = per_week.get(week, 0)
            per_week[week] = slot + 1
            # Weeks run five business days from the start; each week's requests spread evenly.
            request = add_business_days(week_one, 5 * week + slot * 5 // options.per_week)
            primaries[employer] = request
            switch = add_business_days(request, SWITCH_AFTER) if role == "primary" else None
        elif employer in primaries:
            # The backup is written to only if the primary has not replied after 3 business days.
            request = add_business_days(primaries[employer], SWITCH_AFTER)
            switch = None
        else:
            continue
        rows.append(
            {
                C.PERSON_ID: person[C.PERSON_ID],
                C.FULL_NAME: person[C.FULL_NAME],
                C.COMPANY: person[C.COMPANY],
                C.POSITION: person[C.POSITION],
                "employer": employer,
                "lamp_rank": lamp_rank,
                "role": role,
                "score": person["score"],
                "why": person["why"],
                "request_on": request,
                "switch_on": switch,
                "follow_up_on": add_business_days(request, FOLLOW_UP_AFTER),
                "status": "planned",
            }
        )
    return pd.DataFrame(rows)


@dataclass
class OutreachPlan:
    """Everything the workbook shows: the plan, the LAMP list, all contacts, introductions, questions."""

    plan: pd.DataFrame
    employers: pd.DataFrame
    contacts: pd.DataFrame
    ranked: pd.DataFrame
    introductions: pd.DataFrame
    questions: pd.DataFrame
    owner: str
    made_on: date


def attach_drafts(
    plan: pd.DataFrame, contacts: pd.DataFrame, ranked: pd.DataFrame, profile: Profile
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add contact details and the three drafts to each plan row; return (plan, question sheet)."""
    from coffeechat import drafts

    if plan.empty:
        return plan.assign(email="", linkedin_url=""), pd.DataFrame(
            columns=[C.PERSON_ID, C.FULL_NAME, "theme", "question"]
        )
    details = contacts.set_index(C.PERSON_ID)
    names = contacts.set_index(C.PERSON_ID)[C.FULL_NAME]
    fields = ranked.set_index(C.PERSON_ID)["matched_target"]
    me = profile.name or "Your name"
    my_school = profile.schools[0] if profile.schools else ""
    out = plan.copy()
    requests: list[str] = []
    follow_ups: list[str] = []
    thanks: list[str] = []
    question_rows: list[tuple[str, str, str, str]] = []
    for pid in out[C.PERSON_ID]:
        person = details.loc[pid]
        introducer = str(person.get("introduced_by", "") or "")
        recipient = drafts.Recipient(
            first_name=str(person[C.FIRST_NAME] or person[C.FULL_NAME]),
            company=str(person[C.COMPANY]),
            position=str(person[C.POSITION]),
            field=str(fields.get(pid, "")),
            school=str(person[C.SCHOOL]),
            class_year=str(person[C.CLASS_YEAR]),
            introduced_by=str(names.get(introducer, "")) if introducer else "",
            volunteer=bool(person[C.VOLUNTEER]),
            linkedin="linkedin" in str(person[C.SOURCES]),
        )
        requests.append(drafts.request_draft(recipient, me=me, my_school=my_school))
        follow_ups.append(drafts.follow_up_draft(recipient, me=me))
        thanks.append(drafts.thank_you_draft(recipient, me=me))
        for theme, items in drafts.questions(recipient).items():
            question_rows.extend((pid, person[C.FULL_NAME], theme, q) for q in items)
        for theme, q in drafts.tiara_questions(recipient).items():
            question_rows.append((pid, person[C.FULL_NAME], f"TIARA: {theme}", q))
    out["email"] = out[C.PERSON_ID].map(details[C.EMAIL])
    out["linkedin_url"] = out[C.PERSON_ID].map(details[C.LINKEDIN_URL])
    out["request_draft"] = requests
    out["request_words"] = [drafts.word_count(t) for t in requests]
    out["follow_up_draft"] = follow_ups
    out["thank_you_draft"] = thanks
    questions = pd.DataFrame(question_rows, columns=[C.PERSON_ID, C.FULL_NAME, "theme", "question"])
    return out, questions
