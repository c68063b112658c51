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
SOURCES = ("plan", "workbook", "log", "intro", "import", "undo", "migration")


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
