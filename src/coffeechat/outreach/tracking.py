"""Tracking outreach: statuses, the dates they imply, reply-speed tiers, and turning what the user
did (workbook edits, `log`, messages in an import) into changes for the outreach history.

Every writer goes through the same door: it proposes `Change`s, and the store appends them as
events. A workbook is compared only with the snapshot of the write it came from, so a stale copy
cannot undo a newer change, and nobody leaves the plan except by a row deleted in a synced write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import WorkbookError
from coffeechat.identity.frames import rows_by_id
from coffeechat.identity.ids import person_id_for
from coffeechat.identity.keys import name_key
from coffeechat.identity.names import clean_name
from coffeechat.outreach.cells import (
    FILLED,
    OWN,
    day_text,
    filled_text,
    iso_day,
    meeting_day,
    meeting_text,
    merge_notes,
    normal_text,
    own_fields,
    parse_day,
    shown_short,
    text_hash,
)
from coffeechat.outreach.introductions import INTRODUCER, introduction_changes
from coffeechat.outreach.lamp import LampEdit
from coffeechat.outreach.plan import FOLLOW_UP_AFTER, STATUSES, SWITCH_AFTER
from coffeechat.outreach.xlsx_safe import CELL_LIMIT, clean
from coffeechat.store.database import LEGACY_WRITE, Store, now_iso
from coffeechat.store.history import DRAFT_FIELDS, Change, State, further
from coffeechat.workdays import WEEKDAYS, Workdays

# Reply speed (Dalton): Boosters reply within 3 business days, Obligates later, Curmudgeons never.
BOOSTER_DAYS = 3
CURMUDGEON_AFTER = 10  # business days without a reply
KEEP_IN_TOUCH_WEEKS = {"Booster": 6, "Obligate": 10, "": 10}
DATE_FIELDS = (C.REQUEST_ON, C.ASKED_ON, "replied_on", "met_on", "thanked_on", "introduced_on",
               "congratulated_on")  # fmt: skip
# Dates the user does not type: set by imports (a job change makes a congratulations note due).
TOUCH_FIELDS = ("congratulate_on",)
# An introducer told they made the introduction is thanked within this many business days; one
# who agreed to ask the other person is checked on after this many.
CHECK_INTRO_AFTER = 5
# The Plan cells a user may edit, in the order the sheet shows them. Drafts are compared by hash.
EDITABLE = (C.STATUS, *DATE_FIELDS, "meeting_at", "notes", *DRAFT_FIELDS)
# The theme of a question the user wrote in the Questions sheet themselves.
OWN_QUESTION = "Your own question"


def with_answers(
    questions: pd.DataFrame, answers: pd.DataFrame, plan: pd.DataFrame
) -> pd.DataFrame:
    """The Questions sheet's rows with the answers typed so far. A question the user wrote (a new
    row, or a question reworded) is not among the generated ones: it is shown after that person's,
    with its answer, for as long as they are on the plan."""
    merged = questions.merge(answers, on=[C.PERSON_ID, "question"], how="left").fillna(
        {"answer": ""}
    )
    if answers.empty or plan.empty:
        return merged
    asked = set(zip(questions[C.PERSON_ID].astype(str), questions["question"].map(normal_text),
                    strict=True))  # fmt: skip
    names = dict(zip(plan[C.PERSON_ID].astype(str), plan[C.FULL_NAME], strict=True))
    theirs = np.array(
        [
            str(p) in names and (str(p), normal_text(q)) not in asked and bool(str(a).strip())
            for p, q, a in zip(answers[C.PERSON_ID], answers["question"], answers["answer"],
                               strict=True)
        ],
        dtype=bool,
    )  # fmt: skip
    if not theirs.any():
        return merged
    extra = answers[theirs].copy()
    extra[C.FULL_NAME] = extra[C.PERSON_ID].map(names)
    extra["theme"] = OWN_QUESTION
    extra = extra[list(merged.columns)]
    # After each person's generated questions, people in the plan's order.
    order = {pid: i for i, pid in enumerate(names)}
    out = pd.concat([merged, extra], ignore_index=True)
    rank = out[C.PERSON_ID].astype(str).map(order).fillna(len(order))
    return (
        out.assign(_at=rank)
        .sort_values("_at", kind="stable")
        .drop(columns="_at")
        .reset_index(drop=True)
    )


def with_own_columns(plan: pd.DataFrame, states: Mapping[str, State]) -> pd.DataFrame:
    """The plan with a column for each of the user's own that someone on it has a value in, in
    the order the user first typed into them."""
    first: dict[str, tuple[int, int]] = {}
    for state in states.values():
        for name, value in state.values.items():
            if name.startswith(OWN) and value:
                event = state.set_by[name]
                at = (event.event_id, list(event.fields).index(name))
                first[name] = min(first.get(name, at), at)
    if not first or plan.empty:
        return plan
    ids = plan[C.PERSON_ID].astype(str)
    columns = {
        name: ids.map(lambda pid, n=name: states[pid].get(n, "") if pid in states else "")
        for name in sorted(first, key=first.__getitem__)
    }
    return plan.assign(**columns)


# What `log` records: the status it moves to and the date field it sets.
EVENTS = {"sent": ("asked", C.ASKED_ON), "replied": ("replied", "replied_on"),
          "scheduled": ("scheduled", "meeting_at"), "met": ("met", "met_on"),
          "thanked": ("thanked", "thanked_on"), "declined": ("declined", ""),
          "no reply": ("no reply", ""), "introduced": ("introduced", "introduced_on"),
          "congratulated": ("", "congratulated_on")}  # fmt: skip
# A status reached means its date is known; when the user leaves it empty, the sync day is used.
STATUS_DATE = {"asked": C.ASKED_ON, "replied": "replied_on", "met": "met_on",
               "thanked": "thanked_on", "introduced": "introduced_on"}  # fmt: skip


def tier(
    asked_on: date | None, replied_on: date | None, today: date, days: Workdays = WEEKDAYS
) -> str:
    """Booster (replied within 3 business days), Obligate (replied later), Curmudgeon (no reply
    after 10 business days), or '' while it is too early to tell."""
    if asked_on is None:
        return ""
    if replied_on is not None:
        return "Booster" if days.between(asked_on, replied_on) <= BOOSTER_DAYS else "Obligate"
    return "Curmudgeon" if days.between(asked_on, today) > CURMUDGEON_AFTER else ""


def next_step(
    status: str,
    role: str,
    dates: Mapping[str, date | None],
    person_tier: str,
    *,
    today: date,
    days: Workdays = WEEKDAYS,
    meeting: date | None = None,
) -> tuple[str, date | None]:
    """What to do next for one person, and by when (3B7, thank-you within a day, keep in touch).
    Every date is a business day.

    An introducer's row (role `introducer`) runs: ask for the introduction, follow up, check on
    it once they agreed, thank them once it is made. A congratulations note due after a job change
    (`congratulate_on`) comes before keeping in touch, which then restarts from it."""
    asked, replied, met, thanked = (
        dates.get(k) for k in (C.ASKED_ON, "replied_on", "met_on", "thanked_on")
    )
    congratulate, congratulated = dates.get("congratulate_on"), dates.get("congratulated_on")
    if (
        status in ("met", "thanked", "introduced")
        and congratulate is not None
        and (congratulated is None or congratulated < congratulate)
    ):
        return "send congratulations", days.roll(congratulate)
    if status == "planned":
        request = dates.get(C.REQUEST_ON)
        action = "ask for an introduction" if role == INTRODUCER else "send the request"
        return action, days.roll(request) if request else None
    if role == INTRODUCER:
        introduced = dates.get("introduced_on")
        if status == "asked" and asked is not None:
            return "follow up", days.add(asked, FOLLOW_UP_AFTER)
        if status == "replied":
            return "check on the introduction", days.add(replied or today, CHECK_INTRO_AFTER)
        if status == "introduced":
            return "thank the introducer", days.add(introduced or today, 1)
    if status == "asked" and asked is not None:
        switch = days.add(asked, SWITCH_AFTER)
        if role == "primary" and today <= switch:
            return "if no reply, write to the backup contact", switch
        return "follow up", days.add(asked, FOLLOW_UP_AFTER)
    if status == "scheduled" and meeting is not None:
        return "meet", meeting
    if status in ("replied", "scheduled"):
        if met:
            return "meet", met
        return "agree a time", days.add(replied or today, 2)
    if status == "met" and met is not None:
        return "send the thank-you", days.add(met, 1)
    if status == "thanked" and thanked is not None and person_tier != "Curmudgeon":
        since = max(thanked, congratulated) if congratulated else thanked
        return "keep in touch", days.add_weeks(since, KEEP_IN_TOUCH_WEEKS.get(person_tier, 10))
    return "", None


@dataclass
class PlanEdit:
    """One Plan row as the user left it: `cells` holds the editable cells as normalised text."""

    row: int
    person_id: str
    name: str
    employer: str
    position: str
    cells: dict[str, str]


@dataclass
class IntroEdit:
    row: int
    introducer: str
    person: str
    introduced_on: date | None
    note: str
    company: str
    position: str
    # The ids a row coffeechat wrote carries (introducer, person): used while the names typed
    # there are still those people's names.
    ids: tuple[str, ...] = ()
    # The caller looked the person up (`Workspace.find`, titles taken off) and found nobody:
    # they are new, and everyone's names need not be read a second time.
    new_person: bool = False


@dataclass
class WorkbookEdits:
    """Everything the user typed into a workbook, validated; `write_id` says which write it is and
    `saved_at` when the file was last saved (UTC, to weigh a conflict)."""

    plan: list[PlanEdit] = field(default_factory=list)
    introductions: list[IntroEdit] = field(default_factory=list)
    answers: list[tuple[str, str, str]] = field(default_factory=list)
    # The Employers sheet's rows (None when the sheet was not there to read).
    employers: list[LampEdit] | None = None
    write_id: str = ""
    saved_at: str = ""
    warnings: list[str] = field(default_factory=list)  # said in the sync report


@dataclass(frozen=True)
class Conflict:
    """The workbook and the store both changed one field since the write; the newer one won."""

    name: str
    field: str
    workbook: str
    store: str
    kept: str  # "workbook", "store" or "both" (the lines of two notes)
    store_source: str

    def line(self) -> str:
        label = CELL_LABELS.get(self.field, self.field)
        shown = {k: (v if not v.startswith("#") else "(edited text)") or "(empty)"
                 for k, v in (("w", self.workbook), ("s", self.store))}  # fmt: skip
        if self.kept == "both":
            return (
                f"  conflict: {self.name}, {label}: changed in the workbook ('{shown['w']}') and by"
                f" {self.store_source} ('{shown['s']}'): kept the lines of both"
            )
        if self.kept == "workbook":
            return (
                f"  conflict: {self.name}, {label}: kept the workbook's '{shown['w']}' (saved later)"
                f" over '{shown['s']}' from {self.store_source}"
            )
        return (
            f"  conflict: {self.name}, {label}: kept '{shown['s']}' from {self.store_source}"
            f" (newer) over the workbook's '{shown['w']}'"
        )


CELL_LABELS = {"status": "Status", C.REQUEST_ON: "Request on", C.ASKED_ON: "Asked on",
               "replied_on": "Replied on", "met_on": "Met on", "thanked_on": "Thanked on",
               "meeting_at": "Meeting", "notes": "Notes", "request_draft": "Request draft",
               "follow_up_draft": "Follow-up draft", "thank_you_draft": "Thank-you draft",
               "row": "the row"}  # fmt: skip


@dataclass
class SyncReport:
    updated: int = 0
    drafts_kept: int = 0
    added_by_hand: int = 0
    removed: int = 0
    left_in_history: int = 0
    introductions: int = 0
    new_people: int = 0
    answers: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (introducer id, person id) of each introduction recorded.
    recorded: list[tuple[str, str]] = field(default_factory=list)
    # The file held the very bytes this workspace last wrote or read there: nothing was read.
    unchanged: bool = False
    # Introductions whose date or note was edited in the Introductions sheet.
    introductions_edited: int = 0
    # What the Employers sheet changed in the profile's LAMP list (lines to say).
    lamp: list[str] = field(default_factory=list)
    # (row, header, text) typed into Plan cells coffeechat fills in: kept in the notes.
    kept_in_notes: list[tuple[int, str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        if self.unchanged:
            return ["unchanged since coffeechat last wrote or read it: nothing new to read back"]
        out = [f"Warning: {w}" for w in self.warnings]
        out += [
            f"statuses, dates and notes updated for {self.updated} people",
            f"edited drafts kept: {self.drafts_kept}",
            f"rows added by hand: {self.added_by_hand}; rows deleted: {self.removed + self.left_in_history}"
            f" ({self.removed} not yet asked, marked skip)",
            f"introductions added: {self.introductions} ({self.new_people} new people)",
            f"question answers kept: {self.answers}",
        ]
        if self.introductions_edited:
            out.append(f"introductions edited (date or note): {self.introductions_edited}")
        out += self.lamp
        if self.kept_in_notes:
            out.append(
                f"typed into columns coffeechat fills in, kept in the person's notes instead:"
                f" {len(self.kept_in_notes)}"
            )
            out += [
                f"  Plan row {row} column '{header}': '{shown_short(text)}'"
                for row, header, text in self.kept_in_notes[:5]
            ]
            if len(self.kept_in_notes) > 5:
                out.append(f"  and {len(self.kept_in_notes) - 5} more")
        if self.conflicts:
            out.append(f"conflicts (changed in the workbook and elsewhere): {len(self.conflicts)}")
            out += [c.line() for c in self.conflicts]
        return out


def _typed(name: str) -> Any:
    """A typed name cleaned as imports clean names ("Dr. Ana Newperson" -> Ana Newperson)."""
    return clean_name(*name.split(" ", 1)) if " " in name else clean_name(name, "")


def _new_person(store: Store, name: str, company: str, position: str, batch_id: int) -> str:
    clean = _typed(name)
    pid = person_id_for("typed", clean.full, company, now_iso())
    while store.names([pid]):  # the same name typed twice in one second
        pid = person_id_for("typed", pid)
    store.insert_people(
        [{C.PERSON_ID: pid, C.FULL_NAME: clean.full, C.FIRST_NAME: clean.first, C.LAST_NAME: clean.last,
          C.COMPANY: company, C.POSITION: position, "volunteer": 0, "first_batch_id": batch_id,
          "updated_at": now_iso()}]
    )  # fmt: skip
    return pid


class _TypedPeople:
    """People typed into a workbook or a command: matched by name, else added to the store under
    one batch (made only when needed) that records where they came from."""

    def __init__(self, store: Store, source: str) -> None:
        self.store = store
        self.source = source
        self._batch: int | None = None

    def matching(self, name: str) -> list[str]:
        """The people a typed name means: an exact name (case ignored), else the same name key
        (accents and punctuation ignored); both by index."""
        cleaned = _typed(name).full or name
        for query in dict.fromkeys((name, cleaned)):
            exact = [pid for pid, _ in self.store.lookup_person(query)]
            if exact:
                return exact
        for key in dict.fromkeys((name_key(name), name_key(cleaned))):
            keyed = [pid for pid, _ in self.store.lookup_name_key(key)] if key else []
            if keyed:
                return keyed
        return []

    def batch_id(self) -> int:
        if self._batch is None:
            self._batch = self.store.add_batch(
                kind="workbook", label="", file_name=self.source, file_hash=uuid.uuid4().hex
            )
        return self._batch

    def find_or_add(self, name: str, company: str, position: str) -> tuple[str, bool]:
        if self.store.names([name]):  # an id
            return name, False
        matches = self.matching(name)
        if len(matches) == 1:
            return matches[0], False
        return _new_person(self.store, name, company, position, self.batch_id()), True


# -- what a workbook write holds -------------------------------------------------------------


def cell_texts(row: Mapping[str, Any]) -> dict[str, str]:
    """The editable cells of a plan row as the workbook shows them, as normalised text."""
    out: dict[str, str] = {}
    for name in EDITABLE:
        value = row.get(name)
        if name in DATE_FIELDS:
            out[name] = day_text(value)
        else:
            out[name] = normal_text(value)
    for name in own_fields(row):
        out[name] = normal_text(row[name])
    return out


def snapshot(cells: Mapping[str, str]) -> dict[str, str]:
    """What a write remembers of a row: short cells as they are, drafts and filled-in cells as
    hashes."""
    return {
        k: (text_hash(v) if k in DRAFT_FIELDS or k.startswith(FILLED) else v)
        for k, v in cells.items()
    }


def written_cells(
    plan: pd.DataFrame,
    questions: pd.DataFrame | None = None,
    filled: Mapping[str, Callable[[Mapping[str, Any]], object]] | None = None,
) -> dict[str, dict[str, str]]:
    """The snapshot of every row of a plan about to be written, with its answers' hashes and the
    hashes of the `filled` cells (header -> what the cell shows for a plan row)."""
    out = {}
    for row in plan.to_dict("records"):
        record = {str(k): v for k, v in row.items()}
        cells = cell_texts(record)
        for header, shows in (filled or {}).items():
            cells[FILLED + header] = filled_text(shows(record))
        out[str(row[C.PERSON_ID])] = snapshot(cells)
    if questions is not None and len(questions):
        for pid, question, answer in zip(
            questions[C.PERSON_ID], questions["question"], questions["answer"], strict=True
        ):
            if str(pid) in out:
                out[str(pid)]["answer " + normal_text(question)] = text_hash(str(answer or ""))
    return out


# -- reading a workbook back into changes ----------------------------------------------------


def _beyond_the_cell(state: State | None, name: str) -> str:
    """What of a stored text a cell could not hold (past Excel's 32,767 characters): the user never
    saw it, so an edit of what the cell showed keeps it at the end. Emptying the cell still
    empties the field."""
    stored = state.values.get(name) if state is not None else None
    if not isinstance(stored, str) or len(stored) <= CELL_LIMIT:
        return ""
    return clean(stored)[CELL_LIMIT:]


def _state_text(state: State | None, name: str) -> str | None:
    """A field as a cell shows it; None for a draft the user never edited (the generated one is
    shown, so an emptied cell differs from it)."""
    value = state.values.get(name) if state is not None else None
    if name in DRAFT_FIELDS and value is None:
        return None
    return normal_text(value)


def sync_changes(
    store: Store, edits: WorkbookEdits, *, source: str, path: str, today: date
) -> tuple[list[Change], SyncReport, dict[str, dict[str, str]]]:
    """The changes a workbook's edits make, what the sync report says, and what the file showed
    (to remember as this file's baseline once the changes are appended). People typed in new are
    added to the store on the way (the caller holds the transaction).

    A cell counts as an edit when it differs from what this file showed at its last sync, or,
    before any, from what the write put there. A copy of the same workbook elsewhere has its own
    baseline, so two copies edited apart are weighed against each other as a conflict."""
    report = SyncReport(warnings=list(edits.warnings))
    write = store.write_info(edits.write_id) if edits.write_id else None
    write_id = edits.write_id
    if write is None and edits.write_id:
        report.warnings.append(
            f"{source} was written by another workspace (unknown write id): its rows are read as"
            " edits and deleted rows are ignored"
        )
    elif write is None:
        write = store.write_info(LEGACY_WRITE)
        if write is not None:
            write_id = LEGACY_WRITE
            report.warnings.append(
                f"{source} has no write id (written by an older coffeechat): compared with the last"
                " plan that version wrote"
            )
        else:
            report.warnings.append(
                f"{source} has no write id (not written by this workspace): its rows are read as"
                " edits and deleted rows are ignored"
            )
    held: dict[str, dict[str, str]] | None = None
    baseline: dict[str, dict[str, str]] | None = None
    since = 0
    if write is not None:
        held = store.written_rows(write_id)
        synced = store.write_sync(write_id, path)
        baseline = synced["cells"] if synced else held
        since = int(synced["last_event_id"] if synced else write["last_event_id"])
    typed = _TypedPeople(store, source)
    rows: list[tuple[str, PlanEdit, bool, str]] = []
    known = store.names([e.person_id for e in edits.plan if e.person_id])
    merged = store.merged_into([e.person_id for e in edits.plan if e.person_id not in known])
    for edit in edits.plan:
        origin = edit.person_id  # the id the row carries, also once it was merged into another
        if edit.person_id and edit.person_id not in known:
            # Merged into someone since the workbook was written: their row speaks for the person
            # kept. Forgotten at the user's request: the row is ignored, and the report says so.
            if merged.get(edit.person_id):
                edit.person_id = merged[edit.person_id]
            else:
                report.warnings.append(
                    f"{source} sheet Plan row {edit.row}: a person no longer in the workspace"
                    " (forgotten); the row was ignored"
                )
                continue
        pid, new = edit.person_id, False
        if not pid:
            pid, _ = typed.find_or_add(edit.name, edit.employer, edit.position)
            new = True
            report.added_by_hand += 1
        rows.append((pid, edit, new, origin))
    ids = [pid for pid, _, _, _ in rows]
    states = store.outreach_state(ids + list(baseline or {}))
    known_drafts = {found for name in DRAFT_FIELDS for found in store.written_values(ids, name)}
    merged_into_them = store.with_merged(ids)
    changes: list[Change] = []
    by_person: dict[str, Change] = {}
    updated: set[str] = set()
    # What this file shows, by the id each row carries: a row of someone merged into another since
    # is compared with what that row showed, not with the other's row.
    shown_now: dict[str, dict[str, str]] = {}
    copies: dict[str, int] = {}
    for pid, edit, new, origin in rows:
        key = origin if baseline is not None and origin in baseline else pid
        row_now = snapshot(edit.cells)
        before = baseline.get(key) if baseline is not None else None
        copies[key] = copy = copies.get(key, 0) + 1
        if copy == 1:
            shown_now[key] = dict(row_now)
        else:
            # A row copied within the file: remembered beside the first, its cells marked with
            # its place, so the next sync compares each copy with what that copy showed.
            mark = f"#{copy}:"
            shown_now[key].update({mark + k: v for k, v in row_now.items()})
            before = {k.removeprefix(mark): v for k, v in (before or {}).items()
                      if k.startswith(mark)} or None  # fmt: skip
        state = states.get(pid)
        fields: dict[str, Any] = {}
        notes: list[str] = []
        for name in (*EDITABLE, *own_fields(edit.cells)):
            if name not in edit.cells:
                continue  # the column is not in the file
            value = edit.cells[name]
            if name == C.STATUS and not value:
                continue  # an emptied status cell says nothing; the row stays as it was
            current = _state_text(state, name)
            if before is not None:
                if name not in before and name.startswith(OWN):
                    before = {**before, name: ""}  # a column added since: it showed nothing
                if name not in before:
                    continue  # a cell that write did not hold (an older version's snapshot)
                if row_now[name] == before[name]:
                    continue  # not edited in this file since it was written or last synced
            else:
                # A row the write did not hold: only cells with something in them count, and a
                # draft counts only if coffeechat never wrote that text itself.
                if not value or value == current:
                    continue
                if name in DRAFT_FIELDS and (pid, text_hash(value)) in known_drafts:
                    continue
            if value == current:
                continue
            last = state.set_by.get(name) if state else None
            # (A change since that left the value as this file showed it is no conflict: a
            # merge restating it, or a change undone.)
            store_moved = name in DRAFT_FIELDS or before is None or (current or "") != before[name]
            by_merge = (
                before is not None
                and pid in merged_into_them
                and name not in DRAFT_FIELDS
                and store_moved
                and (last is None or last.event_id <= since or last.source == "merge")
            )
            if by_merge:
                # The person holds another record's outreach since this row was written (the two
                # were merged): the row's edit joins it rather than replacing it. Notes keep the
                # lines of both, the status the further along; another field takes the row's.
                assert before is not None
                if name == "notes":
                    value = merge_notes(before[name], newer=value, older=current or "")
                elif name == C.STATUS:
                    value = further(value, current) or value
                if value == current:
                    continue
            elif before is not None and last is not None and last.event_id > since and store_moved:
                # Both sides changed this cell: the newer change wins, and the report names both
                # values so nothing disappears silently. Notes are typed on both sides: the lines
                # each side added are all kept.
                store_wins = last.changed_at > edits.saved_at
                kept = "store" if store_wins else "workbook"
                if name == "notes":
                    first, second = (current or "", value) if store_wins else (value, current or "")
                    both = merge_notes(before[name], newer=first, older=second)
                    if both != first:
                        kept, value = "both", both
                conflict = Conflict(
                    name=edit.name or pid,
                    field=name,
                    workbook=text_hash(edit.cells[name])
                    if name in DRAFT_FIELDS
                    else edit.cells[name],
                    store=text_hash(current or "") if name in DRAFT_FIELDS else current or "",
                    kept=kept,
                    store_source=_describe(last.source, last.origin),
                )
                report.conflicts.append(conflict)
                notes.append(conflict.line().strip())
                if name in DRAFT_FIELDS:
                    # The draft not kept stays in the history, word for word.
                    label = CELL_LABELS[name].lower()
                    notes.append(
                        f"the workbook's {label}, not kept: {value}"
                        if store_wins
                        else f"the {label} from {conflict.store_source}, not kept: {current or ''}"
                    )
                if kept == "store":
                    continue
            elif value and name not in DRAFT_FIELDS:
                value += _beyond_the_cell(state, name)
            fields[name] = value if value or name in DRAFT_FIELDS else None
        filled_in = _typed_in_filled(edit, before)
        if filled_in:
            # Typed where coffeechat fills in (a new employer over the old, a date in Next due):
            # kept as lines of the notes, and said, rather than written over by the next plan.
            had = str(fields["notes"] or "") if "notes" in fields else _state_text(state, "notes")
            lines = (had or "").splitlines()
            added = [f"{header}: {value}" for _, header, value in filled_in]
            if any(line not in lines for line in added):
                fields["notes"] = "\n".join([*lines, *(a for a in added if a not in lines)])
            report.kept_in_notes += filled_in
        status = fields.get(C.STATUS) or (state.get(C.STATUS) if state else None)
        never_planned = state is None or not state.get(C.STATUS)
        joins = (pid not in held and key not in held) if held is not None else never_planned
        if joins and not (state and state.get("on_plan")):
            # A row new to the plan (typed by hand, or copied in) joins it. A row the write held
            # that has left the plan since (deleted in another copy, or its planning undone)
            # stays out: coming and going is decided where it happened, not by an older file.
            fields["on_plan"] = 1
            fields.setdefault("planned_on", today.isoformat())
            if not status or status == "skip":
                fields[C.STATUS] = status = "planned"
            if new and edit.employer:
                fields[C.EMPLOYER] = edit.employer
        if fields.get("congratulated_on"):
            fields["congratulate_on"] = None  # the note is sent: nothing is due any more
        if C.STATUS in fields and status in STATUS_DATE:
            day_field = STATUS_DATE[status]
            if not fields.get(day_field) and not (state and state.get(day_field)):
                fields[day_field] = today.isoformat()
        drafts = [n for n in DRAFT_FIELDS if n in fields]
        report.drafts_kept += len(drafts)
        if set(fields) - set(drafts) - {"on_plan", "planned_on", "employer"} and not new:
            updated.add(pid)
        if pid in by_person:
            # A second row for the same person (two records merged since the file was written):
            # what either row says is kept.
            earlier = by_person[pid]
            joined = _both_rows(earlier.fields, fields, row=edit.row)
            said = "; ".join(n for n in (earlier.note, *notes) if n)
            changes[changes.index(earlier)] = by_person[pid] = Change(pid, joined, note=said)
        elif fields or notes:
            by_person[pid] = Change(pid, fields, note="; ".join(notes))
            changes.append(by_person[pid])
    report.updated += len(updated)
    if baseline is not None:
        # A row deleted from the file, unless the person is still shown in another row.
        shown_people = {pid for pid, _, _, _ in rows}
        was = [k for k in baseline if k not in shown_now]
        now_of = store.merged_into([k for k in was if k not in states])
        gone = list(dict.fromkeys(now_of.get(k) or k for k in was))
        gone = [pid for pid in gone if pid not in shown_people]
        states.update(store.outreach_state([pid for pid in gone if pid not in states]))
        names = store.names(gone)
        for pid in gone:
            state = states.get(pid)
            if state is None or not state.get("on_plan"):
                continue
            newer = [
                e
                for e in state.set_by.values()
                if e.event_id > since and e.changed_at > edits.saved_at and e.source != "plan"
            ]
            if newer:
                # The user did something with this person after the file was saved (logged a
                # reply, say): that newer change wins over the deleted row, and the report says so.
                last = max(newer, key=lambda e: e.event_id)
                report.conflicts.append(
                    Conflict(names.get(pid, pid), "row", "deleted", "on the plan", "store",
                             _describe(last.source, last.origin))
                )  # fmt: skip
                continue
            # A row the user deleted leaves the plan; if nothing was sent yet, it is skipped.
            if state.get(C.STATUS) == "planned":
                changes.append(Change(pid, {"status": "skip", "on_plan": 0}))
                report.removed += 1
            else:
                changes.append(Change(pid, {"on_plan": 0}))
                report.left_in_history += 1
    intro_base = store.written_introductions(write_id, path) if write is not None else None
    intros_shown: dict[tuple[str, str], dict[str, str]] = {}
    changes += _apply_introductions(store, edits.introductions, typed, source, report, today=today,
                                    base=intro_base, shown=intros_shown)  # fmt: skip
    if write is not None and intros_shown:
        # What this file showed is what its next sync compares with.
        store.record_written_introductions(write_id, intros_shown, path=path)
    _apply_answers(store, edits.answers, baseline, report)
    for pid, question, answer in edits.answers:
        if pid in shown_now:
            shown_now[pid]["answer " + normal_text(question)] = text_hash(answer)
    return changes, report, shown_now


def _both_rows(first: Mapping[str, Any], second: Mapping[str, Any], *, row: int) -> dict[str, Any]:
    """The changes of two rows for one person as one: notes joined, the further status, a value
    only one row set; where both set a field apart, the first row's, and the second's in the notes."""
    out = dict(first)
    extra: list[str] = []
    for name, value in second.items():
        mine = out.get(name)
        if name not in out or mine in (None, ""):
            out[name] = value
        elif value in (None, "") or value == mine:
            continue
        elif name == "notes":
            lines = str(mine).splitlines()
            out[name] = "\n".join(
                [*lines, *(ln for ln in str(value).splitlines() if ln not in lines)]
            )
        elif name == C.STATUS:
            out[name] = further(str(mine), str(value))
        else:
            label = CELL_LABELS.get(name, name)
            extra.append(f"{label} in Plan row {row}: {value}")
    if extra:
        out["notes"] = "\n".join(x for x in (str(out.get("notes") or ""), *extra) if x)
    return out


def _typed_in_filled(
    edit: PlanEdit, before: Mapping[str, str] | None
) -> list[tuple[int, str, str]]:
    """(row, header, text) of each filled-in cell of a row coffeechat wrote that the user typed
    something new into (emptying one loses nothing: the next plan fills it in again)."""
    if before is None:
        return []
    found = []
    for name, value in edit.cells.items():
        if (
            name.startswith(FILLED)
            and name in before
            and value
            and text_hash(value) != before[name]
        ):
            found.append((edit.row, name.removeprefix(FILLED), value))
    return found


def _describe(source: str, origin: str) -> str:
    labels = {"log": "the terminal", "workbook": "another workbook", "import": "an import",
              "plan": "the planner", "undo": "an undo", "intro": "the terminal",
              "migration": "an older version"}  # fmt: skip
    label = labels.get(source, source)
    return f"{label} ({origin})" if origin else label


def record_introductions(
    store: Store, intros: Sequence[IntroEdit], *, source: str, today: date
) -> tuple[SyncReport, list[Change]]:
    """Log introductions (the introduced person becomes a contact if new). Outreach changes only
    where the plan asked for the introduction (see `outreach.introductions`): those changes are
    returned for the caller to append. The caller holds the transaction."""
    report = SyncReport()
    changes = _apply_introductions(
        store, intros, _TypedPeople(store, source), source, report, today=today
    )
    return report, changes


def _apply_introductions(
    store: Store,
    intros: Sequence[IntroEdit],
    typed: _TypedPeople,
    source: str,
    report: SyncReport,
    *,
    today: date,
    base: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
    shown: dict[tuple[str, str], dict[str, str]] | None = None,
) -> list[Change]:
    """Record the introductions of the sheet's rows. `base` is what the write (or the file's last
    sync) showed per introduction: a date or note changed since is an edit. What the rows show
    now is put in `shown`."""
    changes: list[Change] = []
    # Someone merged into another person since the file was written: their id now speaks for
    # the person kept (whose name may be the other record's).
    merged = store.merged_into([i for intro in intros for i in intro.ids or ()])
    for intro in intros:
        if intro.ids:
            written = (intro.ids[0], intro.ids[1])
            pair = (merged.get(written[0]) or written[0], merged.get(written[1]) or written[1])
            names = store.names(list(pair))
            same = [
                pid in names and (pid != was or name_key(names[pid]) == name_key(typed_name))
                for pid, was, typed_name in zip(
                    pair, written, (intro.introducer, intro.person), strict=True
                )
            ]
            if all(same):
                # A row coffeechat wrote: the same two people, whoever shares a name. What it
                # showed is remembered by the ids the row carries.
                if _new_introduction(store, typed, intro, *pair):
                    report.introductions += 1
                elif base is not None and written in base:
                    report.introductions_edited += _edit_introduction(
                        store, intro, pair, base[written]
                    )
                if shown is not None:
                    shown[written] = intro_cells(intro.introduced_on, intro.note, intro.company,
                                                 intro.position)  # fmt: skip
                report.recorded.append(pair)
                continue
        introducer = (
            [intro.introducer]
            if store.names([intro.introducer])
            else typed.matching(intro.introducer)
        )
        if len(introducer) != 1:
            problem = "is not among your contacts" if not introducer else "matches several contacts"
            raise WorkbookError(
                f"'{intro.introducer}' {problem}",
                where=f"{source} sheet Introductions row {intro.row} column 'Introduced by'",
                fix="write the name exactly as in the Contacts sheet",
            )
        if intro.new_person:
            person = _new_person(typed.store, intro.person, intro.company, intro.position,
                                 typed.batch_id())  # fmt: skip
            added = True
        else:
            if not typed.store.names([intro.person]) and len(typed.matching(intro.person)) > 1:
                # Two contacts share the name: a guess could tie the introduction to the wrong
                # one.
                raise WorkbookError(
                    f"'{intro.person}' matches several contacts",
                    where=f"{source} sheet Introductions row {intro.row} column 'Person'",
                    fix="write the person's id from the Contacts sheet instead of the name",
                )
            person, added = typed.find_or_add(intro.person, intro.company, intro.position)
        report.new_people += int(added)
        report.recorded.append((introducer[0], person))
        if _new_introduction(store, typed, intro, introducer[0], person):
            report.introductions += 1
            changes += introduction_changes(
                store.outreach_state([introducer[0], person]),
                introducer[0],
                person,
                on=intro.introduced_on or today,
                today=today,
                names=store.names([introducer[0], person]),
                company=intro.company,
            )
    return changes


def intro_cells(day: object, note: object, company: object, position: object) -> dict[str, str]:
    """What an Introductions row shows, as compared between a write and a file."""
    return {"date": day_text(day), "note": normal_text(note), "company": normal_text(company),
            "position": normal_text(position)}  # fmt: skip


def written_introductions(intros: pd.DataFrame) -> dict[tuple[str, str], dict[str, str]]:
    """What the Introductions sheet of a write shows, per (introducer, person)."""
    return {
        (str(a), str(b)): intro_cells(day, note, company, position)
        for a, b, day, note, company, position in zip(
            intros["introducer_id"],
            intros[C.PERSON_ID],
            intros["introduced_on"],
            intros["note"],
            intros[C.COMPANY],
            intros[C.POSITION],
            strict=True,
        )
    }


def _edit_introduction(
    store: Store, intro: IntroEdit, pair: tuple[str, str], was: Mapping[str, str]
) -> int:
    """Apply what the user changed in an introduction's row since `was`: its date and note, and a
    company or position typed there (the person's, which coffeechat fills in) kept as a line of the
    note. Returns 1 if anything changed."""
    now = intro_cells(intro.introduced_on, intro.note, intro.company, intro.position)
    changed = {k for k, v in now.items() if k in was and v != was[k]}
    if not changed:
        return 0  # most rows: nothing asked of the store
    current = store.introduction(*pair)
    if current is None:
        return 0
    day = now["date"] if "date" in changed else current[0]
    note = now["note"] if "note" in changed else current[1]
    lines = note.splitlines()
    for key, label in (("company", "Company"), ("position", "Position")):
        line = f"{label}: {now[key]}"
        if key in changed and now[key] and line not in lines:
            lines.append(line)
    new = (day, "\n".join(lines))
    if new == current:
        return 0
    store.update_introduction(*pair, introduced_on=new[0], note=new[1])
    return 1


def _new_introduction(
    store: Store, typed: _TypedPeople, intro: IntroEdit, introducer: str, person: str
) -> bool:
    """Record an introduction not yet known. One known already (every sync reads the whole
    Introductions sheet again) writes nothing: no batch either, so the store's version, and the
    caches keyed by it, do not move."""
    if store.has_introduction(introducer, person):
        return False
    return store.insert_introduction(
        introducer, person, iso_day(intro.introduced_on), intro.note, typed.batch_id()
    )


def _apply_answers(
    store: Store,
    answers: Sequence[tuple[str, str, str]],
    base: Mapping[str, Mapping[str, str]] | None,
    report: SyncReport,
) -> None:
    """Answers typed into the Questions sheet; an answer the write already held is not re-applied
    (a stale copy cannot bring back an answer changed since)."""
    stored = {(p, normal_text(q)): a for p, q, a in store.answers().itertuples(index=False)}
    ids = list(dict.fromkeys(p for p, _, _ in answers))
    known = store.names(ids)
    # Someone merged into another person since: the answer is theirs (the person kept). Someone
    # forgotten since: the answer goes with them.
    moved = store.merged_into([p for p in ids if p not in known])
    forgotten = 0
    for pid, question, answer in answers:
        owner = pid if pid in known else moved.get(pid, "")
        if not owner:
            forgotten += bool(answer.strip())
            continue
        key = "answer " + normal_text(question)
        before = base.get(pid, {}).get(key) if base is not None else None
        if base is not None and pid in base and before is None:
            before = text_hash("")  # the write showed this question unanswered
        if before is not None and before == text_hash(answer):
            continue
        if normal_text(stored.get((owner, normal_text(question)), "")) == normal_text(answer):
            continue
        store.save_answer(owner, question, answer)
        report.answers += 1
    if forgotten:
        report.warnings.append(
            f"{forgotten} answers in the Questions sheet are about people no longer in the"
            " workspace (forgotten): not kept"
        )


# -- the terminal and imports ----------------------------------------------------------------


def log_change(
    pid: str, event: str, *, on: date, at: time | None = None, note: str = "", state: State | None
) -> Change:
    """The change `coffeechat log` makes: the status, its date (for `scheduled`: the meeting),
    and the person joins the plan if they were not on it."""
    status, day_field = EVENTS[event]
    fields: dict[str, Any] = {"status": status, "on_plan": 1} if status else {"on_plan": 1}
    if day_field == "meeting_at":
        fields["meeting_at"] = meeting_text(on, at)
    elif day_field:
        fields[day_field] = on.isoformat()
    if event == "congratulated":
        fields["congratulate_on"] = None  # the note is sent: nothing is due any more
    if state is None or not state.get("planned_on"):
        fields["planned_on"] = on.isoformat()
    if note:
        previous = state.get("notes", "") if state else ""
        fields["notes"] = f"{previous}\n{note}".strip() if previous else note
    return Change(pid, fields)


def message_changes(
    states: Mapping[str, State],
    messages: pd.DataFrame,
    *,
    since: Mapping[str, date],
) -> list[Change]:
    """What messages say about outreach: a message the user sent a planned person (on or after
    `since[person]`) means asked, with its date; a message from them after the request means
    replied. Nothing moves backwards."""
    if messages.empty:
        return []
    frame = messages.assign(day=messages["occurred_at"].astype(str).str[:10])
    changes = []
    for pid, group in frame.groupby("person_id", sort=True):
        state = states.get(str(pid))
        status = state.get(C.STATUS, "planned") if state else "planned"
        if status not in ("planned", "asked"):
            continue
        start = since.get(str(pid))
        fields: dict[str, Any] = {}
        asked = state.get(C.ASKED_ON, "") if state else ""
        if status == "planned":
            sent = group[(group["direction"] == "out") & (group["day"] >= iso_day(start))]
            if sent.empty:
                continue
            asked = str(sent["day"].min())
            fields.update(status="asked", asked_on=asked)
        if asked:
            replies = group[(group["direction"] == "in") & (group["day"] >= asked)]
        else:
            replies = group.iloc[0:0]
        if len(replies):
            fields.update(status="replied", replied_on=str(replies["day"].min()))
        if fields:
            changes.append(Change(str(pid), fields))
    return changes


# -- the plan as the store remembers it ------------------------------------------------------


def validate_status(text: object) -> str:
    """A status cell, case and spacing forgiven; ValueError naming the choices otherwise."""
    value = " ".join(str(text or "").split()).lower()
    # The words `coffeechat log` takes mean their status here too ("sent" is asked).
    value = EVENTS[value][0] or value if value in EVENTS else value
    if value and value not in STATUSES:
        raise ValueError(value)
    return value


def existing_rows(
    outreach: pd.DataFrame, contacts: pd.DataFrame, ranked: pd.DataFrame
) -> pd.DataFrame:
    """Plan rows for everyone on the plan, as the store remembers them (status, dates, notes,
    edited drafts)."""
    current = outreach[(outreach[C.STATUS] != "skip") & (outreach["on_plan"] == 1)]
    if current.empty:
        return pd.DataFrame()
    people = rows_by_id(contacts, current[C.PERSON_ID], column=C.PERSON_ID,
                        columns=[C.FULL_NAME, C.COMPANY, C.POSITION])  # fmt: skip
    scores = rows_by_id(ranked, current[C.PERSON_ID], column=C.PERSON_ID,
                        columns=[C.SCORE, C.WHY])  # fmt: skip
    rows = []
    for row in current.to_dict("records"):
        pid = str(row[C.PERSON_ID])
        if pid not in people.index:
            continue
        person = people.loc[pid]
        rows.append(
            {
                C.PERSON_ID: pid,
                C.FULL_NAME: person[C.FULL_NAME],
                C.COMPANY: person[C.COMPANY],
                C.POSITION: person[C.POSITION],
                C.EMPLOYER: row[C.EMPLOYER] or person[C.COMPANY],
                C.LAMP_RANK: row[C.LAMP_RANK],
                C.ROLE: row[C.ROLE] or "single",
                C.SCORE: scores[C.SCORE].get(pid, 0.0),
                C.WHY: scores[C.WHY].get(pid, ""),
                C.STATUS: row[C.STATUS],
                "notes": row["notes"],
                "meeting_at": row["meeting_at"],
                "request_pinned": bool(row["request_pinned"]),
                **{k: parse_day(row[k]) for k in (*DATE_FIELDS, *TOUCH_FIELDS)},
                "congratulate_for": row.get("congratulate_for", ""),
                **{f"edited_{k}": row[k] for k in DRAFT_FIELDS},
            }
        )
    return pd.DataFrame(rows)


def with_progress(plan: pd.DataFrame, today: date, days: Workdays = WEEKDAYS) -> pd.DataFrame:
    """Add the tier, the next action and its due date to every plan row; active rows first, by
    due date."""
    if plan.empty:
        return plan.assign(tier="", next_action="", next_due=None)
    out = plan.copy()
    dated = (*DATE_FIELDS, *TOUCH_FIELDS)
    for name in (*dated, "notes", "meeting_at", "congratulate_for"):
        if name not in out:
            out[name] = None if name in dated else ""
    out["congratulate_for"] = out["congratulate_for"].fillna("")
    out["notes"] = out["notes"].fillna("")
    out["meeting_at"] = out["meeting_at"].fillna("")
    tiers, actions, dues = [], [], []
    for row in out.to_dict("records"):
        dates = {k: (row[k] if isinstance(row[k], date) else None) for k in dated}
        person_tier = tier(dates[C.ASKED_ON], dates["replied_on"], today, days)
        action, due = next_step(
            str(row[C.STATUS]),
            str(row[C.ROLE]),
            dates,
            person_tier,
            today=today,
            days=days,
            meeting=meeting_day(str(row["meeting_at"])),
        )
        tiers.append(person_tier)
        actions.append(action)
        dues.append(due)
    out[C.TIER] = tiers
    out[C.NEXT_ACTION] = actions
    out[C.NEXT_DUE] = dues
    out["_sort"] = [d or date.max for d in dues]
    # Name and id settle ties: rows due the same day keep their order from one plan to the next,
    # whatever the scores did meanwhile.
    return (
        out.sort_values(["_sort", C.LAMP_RANK, C.ROLE, C.FULL_NAME, C.PERSON_ID], kind="stable")
        .drop(columns="_sort")
        .reset_index(drop=True)
    )


def saved_at(mtime: float) -> str:
    """A file's modification time in the form events are recorded in (UTC, microseconds)."""
    return datetime.fromtimestamp(mtime, UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
