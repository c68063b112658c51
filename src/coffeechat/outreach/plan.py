"""The outreach plan: which employers first (LAMP), two contacts each, paced requests on business days,
the 3B7 follow-up dates, and a draft of every message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from coffeechat import columns as C
from coffeechat.identity.frames import rows_by_id
from coffeechat.identity.keys import org_key, org_keys
from coffeechat.outreach.introductions import INTRODUCER
from coffeechat.profile import Profile
from coffeechat.store.history import DRAFT_FIELDS, Change
from coffeechat.workdays import WEEKDAYS, Workdays

# Statuses a person moves through; the workbook offers these in a drop-down.
STATUSES: tuple[str, ...] = (
    "planned",
    "asked",
    "replied",
    "introduced",  # an introducer made the introduction they were asked for
    "scheduled",
    "met",
    "thanked",
    "declined",
    "no reply",
    "skip",
)

SWITCH_AFTER = 3  # business days without a reply: write to the backup contact (3B7)
FOLLOW_UP_AFTER = 7  # business days without a reply: follow up with the primary (3B7)


@dataclass(frozen=True)
class PlanOptions:
    start: date
    weeks: int = 8
    per_week: int = 5
    employers_at_once: int = 5
    contacts_per_employer: int = 2
    days: Workdays = WEEKDAYS

    def pacing(self) -> dict[str, int | str]:
        """What decides the dates of requests not yet sent (the start is compared on its own)."""
        return {
            "weeks": self.weeks,
            "per_week": self.per_week,
            "employers_at_once": self.employers_at_once,
            "contacts_per_employer": self.contacts_per_employer,
            "country": self.days.country,
        }


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
            C.EMPLOYER: e.name,
            "motivation": e.motivation,
            "posting": e.posting,
            "advocacy": int(advocacy.get(org_key(e.name), 0)),
            "order": i,
        }
        for i, e in enumerate(profile.employers)
    ]
    frame = pd.DataFrame(rows, columns=[C.EMPLOYER, "motivation", "posting", "advocacy", "order"])
    frame = frame.sort_values(
        ["motivation", "posting", "advocacy", "order"], ascending=[False, False, False, True]
    )
    frame.insert(0, C.LAMP_RANK, range(1, len(frame) + 1))
    return frame.drop(columns="order").reset_index(drop=True)


class _Slots:
    """Request slots: `per_week` first requests a week, spread evenly over the week's business
    days, counted from the plan's first business day."""

    def __init__(self, options: PlanOptions) -> None:
        self.options = options
        self.week_one = options.days.roll(options.start)
        self.used: dict[int, int] = {}

    def book(self, request: date) -> None:
        """Count a request that keeps its date."""
        week = max(0, self.options.days.between(self.week_one, request) // 5)
        self.used[week] = self.used.get(week, 0) + 1

    def take(self, *, earliest: int = 0, limit: int | None = None) -> date | None:
        """The next free slot from week `earliest`; None if it falls beyond `limit` weeks."""
        per_week = self.options.per_week
        week = _free_week(self.used, earliest=earliest, per_week=per_week)
        if limit is not None and week >= limit:
            return None
        slot = self.used.get(week, 0)
        self.used[week] = slot + 1
        return self.options.days.add(self.week_one, 5 * week + slot * 5 // per_week)


def _row(person: Any, employer: str, lamp_rank: int, role: str, request: date,
         options: PlanOptions) -> dict[str, Any]:  # fmt: skip
    days = options.days
    return {
        C.PERSON_ID: person[C.PERSON_ID],
        C.FULL_NAME: person[C.FULL_NAME],
        C.COMPANY: person[C.COMPANY],
        C.POSITION: person[C.POSITION],
        C.EMPLOYER: employer,
        C.LAMP_RANK: lamp_rank,
        C.ROLE: role,
        C.SCORE: person[C.SCORE],
        C.WHY: person[C.WHY],
        C.REQUEST_ON: request,
        "switch_on": days.add(request, SWITCH_AFTER) if role == "primary" else None,
        "follow_up_on": days.add(request, FOLLOW_UP_AFTER),
        C.STATUS: "planned",
    }


def build_plan(
    ranked: pd.DataFrame,
    profile: Profile,
    options: PlanOptions,
    *,
    existing: pd.DataFrame | None = None,
    carried: pd.DataFrame | None = None,
    introducers: Mapping[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """One row per newly planned or rescheduled person: employer, role (primary/backup/single)
    and dates, each a business day.

    `ranked` is the ranker's output; flagged people and everyone already on the plan must already
    be excluded. `existing` (rows on the plan that keep their dates) keeps its employers and its
    request slots: new requests fill the weeks around them. `carried` (rows on the plan whose
    requests are not sent and are to be rescheduled) keep their employer and role and get new
    dates first, in their old order, before anyone new is picked; they come back with
    `rescheduled_from` set to their old request date.

    `introducers` (org key of an employer -> candidates, best first) are asked for an introduction
    where nobody ranked works at an employer on the LAMP list: one `introducer` row in the place
    of the primary, paced like one. Nobody is picked twice.
    """
    lamp = lamp_order(profile, ranked)
    keys = org_keys(ranked[C.COMPANY].fillna("").astype(str))
    slots = _Slots(options)
    days = options.days
    booked: set[str] = set()
    # When each employer's first request goes (or went) out: a backup follows 3 days later.
    anchors: dict[str, date] = {}
    if existing is not None and not existing.empty:
        for row in existing.to_dict("records"):
            request, asked = row.get(C.REQUEST_ON), row.get(C.ASKED_ON)
            if row[C.ROLE] in ("primary", "backup", INTRODUCER):
                booked.add(org_key(row[C.EMPLOYER]))
            if row[C.ROLE] == "primary":
                anchor = asked if isinstance(asked, date) else request
                if isinstance(anchor, date):
                    anchors[org_key(row[C.EMPLOYER])] = anchor
            # A request slot stays taken once planned: by a request still to send (an overdue one
            # counts in the first week), or one that went out within the plan's weeks.
            if (
                row[C.ROLE] in ("primary", "single", INTRODUCER)
                and isinstance(request, date)
                and (row[C.STATUS] == "planned" or request >= slots.week_one)
            ):
                slots.book(request)
    rows: list[dict[str, Any]] = []
    if carried is not None and not carried.empty:
        order = carried.assign(
            _first=~carried[C.ROLE].isin(["primary", "single"]),
            _old=carried[C.REQUEST_ON].map(lambda d: d if isinstance(d, date) else date.max),
        ).sort_values(["_first", "_old", C.LAMP_RANK, C.FULL_NAME, C.PERSON_ID], kind="stable")
        for row in order.to_dict("records"):
            key = org_key(str(row[C.EMPLOYER]))
            if row[C.ROLE] in ("primary", "backup", INTRODUCER):
                booked.add(key)
            if row[C.ROLE] == "backup" and key in anchors:
                request = days.add(anchors[key], SWITCH_AFTER)
            else:
                # A row on the plan stays on it: past the plan's last week if need be.
                request = slots.take() or options.start
                if row[C.ROLE] == "primary":
                    anchors[key] = request
            # Only the dates move: everything else the row holds (notes, edited drafts) stays.
            dates = _row(row, str(row[C.EMPLOYER]), int(row[C.LAMP_RANK] or 0), str(row[C.ROLE]),
                         request, options)  # fmt: skip
            moved = {str(k): v for k, v in row.items() if k not in ("_first", "_old")}
            moved.update({k: dates[k] for k in (C.REQUEST_ON, "switch_on", "follow_up_on")})
            moved["rescheduled_from"] = row[C.REQUEST_ON]
            rows.append(moved)
    picks: list[tuple[pd.Series, str, str, int]] = []
    used: set[str] = set()
    for _, lamp_row in lamp.iterrows():
        key = org_key(lamp_row[C.EMPLOYER])
        if key in booked:
            continue
        at = ranked[(keys == key) & ~ranked[C.PERSON_ID].astype(str).isin(used)]
        if at.empty:
            # Nobody to ask there: ask someone who could introduce the user, if anyone can.
            helpers = (introducers or {}).get(key)
            helper = (
                None
                if helpers is None
                else next(
                    (h for _, h in helpers.iterrows() if str(h[C.PERSON_ID]) not in used), None
                )
            )
            if helper is not None:
                picks.append((helper, INTRODUCER, str(lamp_row[C.EMPLOYER]),
                              int(lamp_row[C.LAMP_RANK])))  # fmt: skip
                used.add(str(helper[C.PERSON_ID]))
            continue
        for i, (_, person) in enumerate(at.head(options.contacts_per_employer).iterrows()):
            role = "primary" if i == 0 else "backup"
            picks.append((person, role, str(lamp_row[C.EMPLOYER]), int(lamp_row[C.LAMP_RANK])))
            used.add(str(person[C.PERSON_ID]))
    # People outside the LAMP list (e.g. volunteers in the target field) are planned too, after.
    # No more can be scheduled than the weeks hold, so a big directory is not walked to its end.
    capacity = options.weeks * options.per_week
    for _, person in ranked.head(capacity + len(used)).iterrows():
        if str(person[C.PERSON_ID]) not in used:
            picks.append((person, "single", str(person[C.COMPANY] or ""), 0))
    primaries: dict[str, date] = {}
    lamp_seen: list[str] = sorted(booked)
    for person, role, employer, lamp_rank in picks:
        if role in ("primary", INTRODUCER):
            lamp_seen.append(employer)
        if role in ("primary", "single", INTRODUCER):
            # Work `employers_at_once` employers in parallel: each later wave starts two weeks on.
            wave = (
                (len(lamp_seen) - 1) // options.employers_at_once
                if role in ("primary", INTRODUCER)
                else 0
            )
            taken = slots.take(earliest=2 * wave, limit=options.weeks)
            if taken is None:
                continue
            request = taken
            primaries[employer] = request
        elif employer in primaries:
            # The backup is written to only if the primary has not replied after 3 business days.
            request = days.add(primaries[employer], SWITCH_AFTER)
        else:
            continue
        rows.append(_row(person, employer, lamp_rank, role, request, options))
    return pd.DataFrame(rows)


@dataclass
class OutreachPlan:
    """Everything the workbook shows: the plan, the LAMP list, all contacts, introductions,
    questions; and what the planner would record: `changes` (new people planned, requests
    rescheduled), `moved` (name, old date, new date) and the `options` it planned with."""

    plan: pd.DataFrame
    employers: pd.DataFrame
    contacts: pd.DataFrame
    ranked: pd.DataFrame
    introductions: pd.DataFrame
    questions: pd.DataFrame
    owner: str
    made_on: date
    changes: list[Change] = field(default_factory=list)
    moved: list[tuple[str, date | None, date]] = field(default_factory=list)
    withdrawn: list[str] = field(default_factory=list)  # flagged since planned: taken off
    # The targets changed since the last plan: who was planned, not asked yet, and matches none of
    # them now (they stay on the plan; `targets_before` are the old targets).
    off_target: list[str] = field(default_factory=list)
    targets_before: list[str] = field(default_factory=list)
    # People the plan would have asked who have no room this term: (name, why).
    held: list[tuple[str, str]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    synced: Any = None  # the sync report of the workbook read back first, if there was one
    agenda: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame()
    )  # due by the end of the week
    people_total: int = 0  # everyone in the network (the Contacts sheet may hold fewer)
    people_matching: int = 0  # people with evidence for a target
    # The targets nobody matches, each as the sentence that says so and names the closest fields.
    unmatched: list[str] = field(default_factory=list)
    written_to: Any = None  # the workbook file written
    kept_sheets: list[str] = field(default_factory=list)  # the user's own sheets, written again
    # Columns the user added to the Contacts sheet (`workbook.OwnColumns`), written again.
    own_contact_columns: Any = None
    instead_of: Any = None  # the workbook that was open in another program, left as it was


# The Contacts sheet holds at most this many people, best first: a career office's 500,000 would
# take minutes to write and be no use in a spreadsheet (`coffeechat contacts --format csv` has all).
CONTACTS_SHEET_LIMIT = 5_000


def contacts_sheet(
    contacts: pd.DataFrame,
    ranked: pd.DataFrame,
    *,
    limit: int = CONTACTS_SHEET_LIMIT,
    rows: np.ndarray | None = None,
) -> pd.DataFrame:
    """The Contacts sheet's people: the best scored first (ties by name), then the unranked by
    name, at most `limit`, each with their score, relevance and why.

    The rows are chosen before anything is joined or sorted in full: sorting 500,000 people to
    keep 5,000 took a second. Equal names keep the people frame's order. `rows` are the ranked
    people's positions in `contacts`, where the caller knows them (`RankingModel.rank_rows`)."""
    scores = [C.PERSON_ID, C.SCORE, C.RELEVANCE, C.WHY]
    if rows is None:
        ids = pd.Index(contacts[C.PERSON_ID].astype(str))
        rows = ids.get_indexer(pd.Index(ranked[C.PERSON_ID].astype(str)))
    head, position = ranked, rows
    if 0 < limit < len(ranked):
        # Only scores at least the limit-th best can be shown (ties at it are settled below by
        # name and position).
        score = ranked[C.SCORE].to_numpy(dtype=float)
        floor = np.partition(score, len(score) - limit)[len(score) - limit]
        head, position = ranked[score >= floor], position[score >= floor]
    best = (
        head[scores]
        .assign(_name=head[C.FULL_NAME].to_numpy(), _at=position)
        .loc[position >= 0]
        .sort_values([C.SCORE, "_name", "_at"], ascending=[False, True, True], kind="stable")
        .head(limit)
    )
    rows = best["_at"].to_numpy()
    if len(best) < limit:
        import pyarrow.compute as pc  # here: a submodule import would load pyarrow for `log`

        others = np.flatnonzero(~contacts[C.PERSON_ID].isin(ranked[C.PERSON_ID]).to_numpy())
        names = pa.table(
            {"name": pa.array(contacts[C.FULL_NAME].to_numpy(dtype=object)[others]), "at": others}
        )
        # The first names in order without sorting them all (the position breaks ties).
        first = pc.select_k_unstable(
            names, limit - len(best), sort_keys=[("name", "ascending"), ("at", "ascending")]
        )
        rows = np.concatenate([rows, others[first.to_numpy()]])
    shown = contacts.iloc[rows].reset_index(drop=True)
    picked = best.set_index(C.PERSON_ID)[[C.SCORE, C.RELEVANCE, C.WHY]]
    return shown.join(picked, on=C.PERSON_ID)


# Messages within this many days of the plan count as a conversation under way.
RECENT_MESSAGES_DAYS = 90


def greeting_name(person: Mapping[str, Any] | pd.Series) -> str:
    """The name to greet someone by: the name they go by (`Robert "Bob"` -> Bob) when it is one
    word, else their first name, else their full name."""
    nickname = str(person.get(C.NICKNAME, "") or "").split(",")[0].strip()
    if (
        nickname
        and len(nickname.split()) == 1
        and nickname != str(person.get(C.LAST_NAME, "") or "")
    ):
        return nickname
    return str(person.get(C.FIRST_NAME, "") or person.get(C.FULL_NAME, "") or "")


def attach_drafts(
    plan: pd.DataFrame,
    contacts: pd.DataFrame,
    ranked: pd.DataFrame,
    profile: Profile,
    *,
    today: date,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add contact details and the three drafts to each plan row; return (plan, question sheet).

    A draft the user edited (`edited_<draft>` set) is shown as they left it; the fresh draft is
    offered beside it (`suggested_request_draft`), never over it."""
    from coffeechat.outreach import drafts

    if plan.empty:
        return plan.assign(email="", linkedin_url="", congratulations_draft=""), pd.DataFrame(
            columns=[C.PERSON_ID, C.FULL_NAME, "theme", "question"]
        )
    details = rows_by_id(contacts, plan[C.PERSON_ID], column=C.PERSON_ID)
    introducers: Iterable[object] = details.get(C.INTRODUCED_BY, [])
    names = rows_by_id(contacts, introducers, column=C.PERSON_ID, columns=[C.FULL_NAME])[
        C.FULL_NAME
    ]
    fields = rows_by_id(ranked, plan[C.PERSON_ID], column=C.PERSON_ID, columns=[C.MATCHED_TARGET])[
        C.MATCHED_TARGET
    ]
    me = profile.name or "Your name"
    my_school = profile.schools[0] if profile.schools else ""
    about = drafts.AboutMe(
        name=me,
        school=my_school,
        level=profile.level,
        field=profile.targets[0].name if profile.targets else "",
        about=profile.about,
    )
    out = plan.copy()
    fresh: dict[str, list[str]] = {name: [] for name in DRAFT_FIELDS}
    notes: list[str] = []
    question_rows: list[tuple[str, str, str, str]] = []
    recent_since = (pd.Timestamp(today) - pd.Timedelta(days=RECENT_MESSAGES_DAYS)).isoformat()
    roles = out[C.ROLE] if C.ROLE in out else pd.Series("", index=out.index)
    # A congratulations draft while one is due (the note once sent is in the history).
    news = (
        out["congratulate_for"].fillna("").where(out["congratulate_on"].notna(), "")
        if "congratulate_for" in out and "congratulate_on" in out
        else pd.Series("", index=out.index)
    )
    for pid, role, employer, what in zip(
        out[C.PERSON_ID], roles, out[C.EMPLOYER], news, strict=True
    ):
        person = details.loc[pid]
        introducer = str(person.get(C.INTRODUCED_BY, "") or "")
        last_message = str(person.get("last_message_at", "") or "")
        recipient = drafts.Recipient(
            first_name=greeting_name(person),
            company=str(person[C.COMPANY]),
            position=str(person[C.POSITION]),
            # Someone introduced to the user was picked for the user's interests: the draft names
            # the first target even where their title matches none.
            field=str(fields.get(pid, "") or (about.field if introducer else "")),
            school=str(person[C.SCHOOL]),
            class_year=str(person[C.CLASS_YEAR]),
            introduced_by=str(names.get(introducer, "")) if introducer else "",
            volunteer=bool(person[C.VOLUNTEER]),
            linkedin=bool(person.get(C.IS_CONNECTION, False)),
            messages=int(person.get(C.MESSAGE_COUNT, 0) or 0),
            recent_messages=bool(last_message) and last_message >= recent_since,
        )
        notes.append(drafts.congratulations_draft(recipient, news=what, me=me) if what else "")
        if role == INTRODUCER:
            # They are asked for an introduction, not for a conversation: no question sheet.
            at = str(employer)
            fresh["request_draft"].append(drafts.introduction_request_draft(
                recipient, employer=at, me=about, my_school=my_school))  # fmt: skip
            fresh["follow_up_draft"].append(
                drafts.introduction_follow_up_draft(recipient, employer=at, me=me)
            )
            fresh["thank_you_draft"].append(
                drafts.introducer_thank_you_draft(recipient, employer=at, me=me)
            )
            continue
        fresh["request_draft"].append(drafts.request_draft(recipient, me=me, my_school=my_school))
        fresh["follow_up_draft"].append(drafts.follow_up_draft(recipient, me=me))
        fresh["thank_you_draft"].append(drafts.thank_you_draft(recipient, me=me))
        for theme, items in drafts.questions(recipient).items():
            question_rows.extend((pid, person[C.FULL_NAME], theme, q) for q in items)
        for theme, q in drafts.tiara_questions(recipient).items():
            question_rows.append((pid, person[C.FULL_NAME], f"TIARA: {theme}", q))
    out["email"] = out[C.PERSON_ID].map(details[C.EMAIL])
    out["linkedin_url"] = out[C.PERSON_ID].map(details[C.LINKEDIN_URL])
    for name, generated in fresh.items():
        edited = out[f"edited_{name}"] if f"edited_{name}" in out else pd.Series(dtype=object)
        shown = [
            e if isinstance(e, str) else g
            for e, g in zip(edited.reindex(out.index), generated, strict=True)
        ]
        out[name] = shown
        if name == "request_draft":
            out["suggested_request_draft"] = [
                g if isinstance(e, str) and e.strip() != g.strip() else ""
                for e, g in zip(edited.reindex(out.index), generated, strict=True)
            ]
    # An introducer's ask is counted without the paragraph they forward.
    out["request_words"] = [
        drafts.word_count(str(t).split(drafts.FORWARD_MARK)[0]) for t in out["request_draft"]
    ]
    out["congratulations_draft"] = notes
    questions = pd.DataFrame(question_rows, columns=[C.PERSON_ID, C.FULL_NAME, "theme", "question"])
    return out, questions
