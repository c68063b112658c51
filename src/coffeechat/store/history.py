"""The outreach history: every change to a person's outreach is an event; the state is their fold.

Pure functions over plain records (no SQL): the store appends events and keeps the folded state
beside them, and tests fold the history independently to check it.

An event sets some fields; a field set to None goes back to unset. The state of a person is, per
field, the value of the latest event that mentions it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

# Everything the outreach of one person consists of. Drafts are set only when the user edited them
# (unset: the generated draft is shown).
FIELDS: tuple[str, ...] = (
    "status",
    "on_plan",
    "planned_on",
    "employer",
    "role",
    "lamp_rank",
    "request_on",
    "asked_on",
    "replied_on",
    "met_on",
    "thanked_on",
    "introduced_on",
    "congratulate_on",
    "congratulate_for",
    "congratulated_on",
    "meeting_at",
    "notes",
    "request_draft",
    "follow_up_draft",
    "thank_you_draft",
)
INT_FIELDS = frozenset({"on_plan", "lamp_rank"})
DRAFT_FIELDS = ("request_draft", "follow_up_draft", "thank_you_draft")

# Where a change came from. `plan` is the planner; every other source is something the user did
# (typed in a workbook, logged in the terminal, a message they sent, an undo they asked for).
SOURCES = ("plan", "workbook", "log", "intro", "import", "undo", "migration", "merge")


@dataclass(frozen=True)
class Event:
    """One appended change: which person, which fields it set, where it came from."""

    event_id: int
    person_id: str
    source: str
    fields: Mapping[str, Any]
    recorded_at: str = ""
    origin: str = ""
    write_id: str = ""
    changed_at: str = ""  # when the user made the change (a workbook's save), else recorded_at


@dataclass
class State:
    """A person's folded outreach: the values, and which event last set each field."""

    values: dict[str, Any] = field(default_factory=dict)
    set_by: dict[str, Event] = field(default_factory=dict)

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    @property
    def request_pinned(self) -> bool:
        """The request date was typed by the user: re-planning leaves it where they put it."""
        last = self.set_by.get("request_on")
        return last is not None and last.source not in ("plan", "migration")


def fold(events: Iterable[Event]) -> dict[str, State]:
    """Each person's state from their events, taken in the order given (oldest first)."""
    states: dict[str, State] = {}
    for event in events:
        states[event.person_id] = fold_onto(states.get(event.person_id), event)
    return states


def fold_onto(state: State | None, event: Event) -> State:
    """The state after one more event (the given state is updated in place and returned)."""
    state = state if state is not None else State()
    for name, value in event.fields.items():
        if value is None:
            state.values.pop(name, None)
        else:
            state.values[name] = value
        state.set_by[name] = event
    return state


@dataclass(frozen=True)
class Change:
    """Fields to set for one person, with an optional note (a conflict, say) kept in the history."""

    person_id: str
    fields: Mapping[str, Any]
    note: str = ""
    undoes: int | None = None


def effective(change: Change, state: State | None) -> dict[str, Any]:
    """The fields of a change that differ from the current state (the rest would change nothing)."""
    values = state.values if state else {}
    return {k: v for k, v in change.fields.items() if values.get(k) != v}


def inverse(event: Event, previous: Mapping[str, Any], current: State) -> dict[str, Any]:
    """The fields that undo `event`: each back to its value before, unless a later change has
    set it since (that later change is left alone). A field an undo has since put back to this
    event's value counts as this event's (undoing a log, then the plan before it, undoes both)."""

    def still_ours(name: str) -> bool:
        last = current.set_by.get(name)
        if last is None:
            return False
        if last.event_id == event.event_id:
            return True
        return last.source == "undo" and current.values.get(name) == event.fields.get(name)

    return {name: previous.get(name) for name in event.fields if still_ours(name)}


# How far a conversation has gone. When two records of one person are merged, the status is the
# further of theirs: a meeting logged on one record is not undone by a request logged on the other.
_PROGRESS = {"planned": 0, "asked": 1, "replied": 2, "introduced": 2, "scheduled": 3, "met": 4,
             "thanked": 5}  # fmt: skip
_DRAFT_LABELS = {"request_draft": "Request draft", "follow_up_draft": "Follow-up draft",
                 "thank_you_draft": "Thank-you draft", "meeting_at": "Meeting"}  # fmt: skip


def further(status: str | None, other: str | None) -> str | None:
    """Of two statuses of one person, the one a merge keeps: the further along in the
    conversation, or any the user set over the planner's "planned"; else the first."""
    if not other or other == status:
        return status
    if status in (None, "planned"):
        return other
    if status in _PROGRESS and other in _PROGRESS and _PROGRESS[other] > _PROGRESS[status]:
        return other
    return status


def merged_fields(
    kept: State, dropped: State, merged: State, *, dropped_name: str
) -> dict[str, Any]:
    """What to set on a person once another record's history is folded into theirs (`merged`:
    both histories folded in event order), so that nothing either record held is lost.

    The fold alone keeps, per field, whichever record set it last: one record's notes would hide
    the other's, a request logged on one would undo a meeting logged on the other. Instead: the
    status is the further along; the person is on the plan if either was; both notes are kept;
    a draft or a meeting the fold drops (both records had their own) is kept in the notes."""
    out: dict[str, Any] = {}
    status = merged.get("status")
    for other in (kept, dropped):
        status = further(status, other.get("status"))
    if status != merged.get("status"):
        out["status"] = status
    if max(int(kept.get("on_plan", 0)), int(dropped.get("on_plan", 0))) > int(
        merged.get("on_plan", 0)
    ):
        out["on_plan"] = 1
    # Both records' notes, the older first; a note that holds the other whole stands for both.
    by_when = sorted((kept, dropped), key=lambda s: getattr(s.set_by.get("notes"), "event_id", 0))
    notes = [str(s.get("notes")) for s in by_when if s.get("notes")]
    if len(notes) == 2 and notes[0] in notes[1]:
        notes = notes[1:]
    elif len(notes) == 2 and notes[1] in notes[0]:
        notes = notes[:1]
    for name, label in _DRAFT_LABELS.items():
        values = {str(s.get(name)) for s in (kept, dropped) if s.get(name)}
        values.discard(str(merged.get(name, "")))
        notes += [f"{label} of the record merged in ({dropped_name}): {v}" for v in sorted(values)]
    joined = "\n".join(notes)
    if joined and joined != merged.get("notes"):
        out["notes"] = joined
    return out
