"""Tracking outreach: statuses, the dates they imply, reply-speed tiers, and applying the user's edits
(from the workbook or the `log` and `intro` commands) to the store."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import WorkbookError
from coffeechat.identity import clean_name, name_key, name_keys, person_id_for
from coffeechat.plan import FOLLOW_UP_AFTER, STATUSES, SWITCH_AFTER, add_business_days
from coffeechat.sources.dates import parse_dates
from coffeechat.store import Store, now_iso

# Reply speed (Dalton): Boosters reply within 3 business days, Obligates later, Curmudgeons never.
BOOSTER_DAYS = 3
CURMUDGEON_AFTER = 10  # business days without a reply
KEEP_IN_TOUCH_WEEKS = {"Booster": 6, "Obligate": 10, "": 10}
DATE_FIELDS = ("request_on", "asked_on", "replied_on", "met_on", "thanked_on")
# A logged event moves the status forward and records its date.
EVENTS = {"sent": ("asked", "asked_on"), "replied": ("replied", "replied_on"),
          "met": ("met", "met_on"), "thanked": ("thanked", "thanked_on")}  # fmt: skip


def business_days_between(start: date, end: date) -> int:
    return int(np.busday_count(np.datetime64(start), np.datetime64(end)))


def tier(asked_on: date | None, replied_on: date | None, today: date) -> str:
    """Booster (replied within 3 business days), Obligate (replied later), Curmudgeon (no reply
    after 10 business days), or '' while it is too early to tell."""
    if asked_on is None:
        return ""
    if replied_on is not None:
        return (
            "Booster" if business_days_between(asked_on, replied_on) <= BOOSTER_DAYS else "Obligate"
        )
    return "Curmudgeon" if business_days_between(asked_on, today) > CURMUDGEON_AFTER else ""


def next_step(
    status: str,
    role: str,
    dates: dict[str, date | None],
    person_tier: str,
) -> tuple[str, date | None]:
    """What to do next for one person, and by when (3B7, thank-you within a day, keep in touch)."""
    asked, replied, met, thanked = (
        dates.get(k) for k in ("asked_on", "replied_on", "met_on", "thanked_on")
    )
    if status == "planned":
        return "send the request", dates.get("request_on")
    if status == "asked" and asked is not None:
        switch = add_business_days(asked, SWITCH_AFTER)
        follow = add_business_days(asked, FOLLOW_UP_AFTER)
        if role == "primary" and date.today() <= switch:
            return "if no reply, write to the backup contact", switch
        return "follow up", follow
    if status in ("replied", "scheduled"):
        return (
            ("meet", met)
            if met
            else ("agree a time", add_business_days(replied or date.today(), 2))
        )
    if status == "met" and met is not None:
        return "send the thank-you", add_business_days(met, 1)
    if status == "thanked" and thanked is not None and person_tier != "Curmudgeon":
        weeks = KEEP_IN_TOUCH_WEEKS.get(person_tier, 10)
        return "keep in touch", thanked + pd.Timedelta(weeks=weeks).to_pytimedelta()
    return "", None


def parse_day(value: object) -> date | None:
    """A cell or option value as a date: date objects, ISO text or M/D/YYYY; None if empty.

    Raises ValueError with the text when it cannot be read.
    """
    if value is None or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    parsed = parse_dates(pd.Series([text])).iloc[0]
    if not parsed:
        raise ValueError(text)
    return date.fromisoformat(parsed)


@dataclass
class PlanEdit:
    """One Plan row as the user left it."""

    row: int
    person_id: str
    name: str
    employer: str
    position: str
    status: str
    dates: dict[str, date | None]
    notes: str


@dataclass
class IntroEdit:
    row: int
    introducer: str
    person: str
    introduced_on: date | None
    note: str
    company: str
    position: str


@dataclass
class WorkbookEdits:
    """Everything the user typed into a workbook, validated."""

    plan: list[PlanEdit] = field(default_factory=list)
    introductions: list[IntroEdit] = field(default_factory=list)
    answers: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class SyncReport:
    updated: int = 0
    added_by_hand: int = 0
    removed: int = 0
    introductions: int = 0
    new_people: int = 0
    answers: int = 0

    def lines(self) -> list[str]:
        return [
            f"statuses, dates and notes updated for {self.updated} people",
            f"rows added by hand: {self.added_by_hand}; rows deleted (marked skip): {self.removed}",
            f"introductions added: {self.introductions} ({self.new_people} new people)",
            f"question answers kept: {self.answers}",
        ]


def _by_name(store: Store) -> dict[str, list[str]]:
    people = store.query("SELECT person_id, full_name FROM people")
    index: dict[str, list[str]] = {}
    keys = name_keys(people["full_name"].fillna("").astype(str))
    for pid, key in zip(people["person_id"], keys, strict=True):
        index.setdefault(key, []).append(pid)
    return index


def _new_person(store: Store, name: str, company: str, position: str, batch_id: int) -> str:
    clean = clean_name(*name.split(" ", 1)) if " " in name else clean_name(name, "")
    pid = person_id_for("typed", clean.full, company, now_iso())
    store.insert_people(
        [{C.PERSON_ID: pid, C.FULL_NAME: clean.full, C.FIRST_NAME: clean.first, C.LAST_NAME: clean.last,
          C.COMPANY: company, C.POSITION: position, "volunteer": 0, "first_batch_id": batch_id,
          "updated_at": now_iso()}]
    )  # fmt: skip
    return pid


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def edit_cells(edit: PlanEdit) -> dict[str, str]:
    """The editable cells of a Plan row, as text (what `plan_written` remembers)."""
    return {
        "status": edit.status,
        "notes": edit.notes,
        **{k: _iso(v) for k, v in edit.dates.items()},
    }


def written_cells(plan: pd.DataFrame) -> dict[str, dict[str, str]]:
    """The editable cells of every row of a plan about to be written."""
    out = {}
    for row in plan.to_dict("records"):
        dates = {k: (row.get(k) if isinstance(row.get(k), date) else None) for k in DATE_FIELDS}
        edit = PlanEdit(
            0,
            str(row[C.PERSON_ID]),
            "",
            "",
            "",
            str(row["status"]),
            dates,
            str(row.get("notes") or ""),
        )
        out[edit.person_id] = edit_cells(edit)
    return out


def apply_edits(store: Store, edits: WorkbookEdits, *, source: str) -> SyncReport:
    """Write the user's edits into the store (the caller holds the transaction)."""
    report = SyncReport()
    batch: list[int] = []

    def batch_id() -> int:
        # A batch records where people typed into the workbook came from; made only when needed.
        if not batch:
            batch.append(
                store.add_batch(
                    kind="workbook", label="", file_name=source, file_hash=uuid.uuid4().hex
                )
            )
        return batch[0]

    names = _by_name(store)
    outreach = store.outreach().set_index("person_id")
    seen: set[str] = set()
    written = store.written_cells()
    for edit in edits.plan:
        pid = edit.person_id
        if not pid:
            matches = names.get(name_key(edit.name), [])
            pid = (
                matches[0]
                if len(matches) == 1
                else _new_person(store, edit.name, edit.employer, edit.position, batch_id())
            )
            report.added_by_hand += 1
        seen.add(pid)
        cells = edit_cells(edit)
        before = written.get(pid)
        # Only what the user changed in the workbook is applied: anything else may have moved on
        # since (a reply logged from the terminal, say).
        changed = {k: v for k, v in cells.items() if before is None or before.get(k, "") != v}
        if before is None and not changed.get("status"):
            changed["status"] = "planned"
        if not edit.person_id and edit.employer:
            changed["employer"] = edit.employer
        if changed:
            store.upsert_outreach(pid, **changed, on_plan=1)
            report.updated += 1
        else:
            store.upsert_outreach(pid, on_plan=1)
    if edits.plan or not outreach.empty:
        # A row the user deleted leaves the plan: skip it unless they had already started.
        for pid, on_plan, status in zip(
            outreach.index.astype(str), outreach["on_plan"], outreach["status"], strict=True
        ):
            if on_plan == 1 and pid not in seen:
                if status == "planned":
                    store.upsert_outreach(pid, status="skip", on_plan=0)
                    report.removed += 1
                else:
                    store.upsert_outreach(pid, on_plan=0)
    ids = set(store.query("SELECT person_id FROM people")["person_id"])
    for intro in edits.introductions:
        introducer = (
            [intro.introducer]
            if intro.introducer in ids
            else names.get(name_key(intro.introducer), [])
        )
        if len(introducer) != 1:
            problem = "is not among your contacts" if not introducer else "matches several contacts"
            raise WorkbookError(
                f"'{intro.introducer}' {problem}",
                where=f"{source} sheet Introductions row {intro.row} column 'Introduced by'",
                fix="write the name exactly as in the Contacts sheet",
            )
        matches = names.get(name_key(intro.person), [])
        if len(matches) == 1:
            person = matches[0]
        else:
            person = _new_person(store, intro.person, intro.company, intro.position, batch_id())
            names.setdefault(name_key(intro.person), []).append(person)
            report.new_people += 1
        if store.insert_introduction(
            introducer[0], person, _iso(intro.introduced_on), intro.note, batch_id()
        ):
            report.introductions += 1
    for pid, question, answer in edits.answers:
        store.save_answer(pid, question, answer)
        report.answers += 1
    return report


def validate_status(text: object) -> str:
    """A status cell, case and spacing forgiven; ValueError naming the choices otherwise."""
    value = " ".join(str(text or "").split()).lower()
    if value and value not in STATUSES:
        raise ValueError(value)
    return value


def existing_rows(
    outreach: pd.DataFrame, contacts: pd.DataFrame, ranked: pd.DataFrame
) -> pd.DataFrame:
    """Plan rows for everyone already on the plan (or in progress), as the store remembers them."""
    current = outreach[outreach["status"] != "skip"]
    if current.empty:
        return pd.DataFrame()
    people = contacts.set_index(C.PERSON_ID)
    scores = ranked.set_index(C.PERSON_ID)
    rows = []
    for row in current.itertuples(index=False):
        pid = str(row.person_id)
        if pid not in people.index:
            continue
        person = people.loc[str(pid)]
        rows.append(
            {
                C.PERSON_ID: pid,
                C.FULL_NAME: person[C.FULL_NAME],
                C.COMPANY: person[C.COMPANY],
                C.POSITION: person[C.POSITION],
                "employer": row.employer or person[C.COMPANY],
                "lamp_rank": row.lamp_rank,
                "role": row.role or "single",
                "score": scores["score"].get(pid, 0.0),
                "why": scores["why"].get(pid, ""),
                "status": row.status,
                "notes": row.notes,
                **{k: parse_day(getattr(row, k)) for k in DATE_FIELDS},
            }
        )
    return pd.DataFrame(rows)


def with_progress(plan: pd.DataFrame, today: date) -> pd.DataFrame:
    """Add the tier, the next action and its due date to every plan row; active rows first, by
    due date."""
    if plan.empty:
        return plan.assign(tier="", next_action="", next_due=None)
    out = plan.copy()
    for name in (*DATE_FIELDS, "notes"):
        if name not in out:
            out[name] = None if name != "notes" else ""
    out["notes"] = out["notes"].fillna("")
    tiers, actions, dues = [], [], []
    for row in out.to_dict("records"):
        dates = {k: (row[k] if isinstance(row[k], date) else None) for k in DATE_FIELDS}
        person_tier = tier(dates["asked_on"], dates["replied_on"], today)
        action, due = next_step(str(row["status"]), str(row["role"]), dates, person_tier)
        tiers.append(person_tier)
        actions.append(action)
        dues.append(due)
    out["tier"] = tiers
    out["next_action"] = actions
    out["next_due"] = dues
    out["_sort"] = [d or date.max for d in dues]
    # Name and id settle ties: rows due the same day keep their order from one plan to the next,
    # whatever the scores did meanwhile.
    return (
        out.sort_values(["_sort", "lamp_rank", "role", C.FULL_NAME, C.PERSON_ID], kind="stable")
        .drop(columns="_sort")
        .reset_index(drop=True)
    )
