"""A plan lived in for weeks by several writers, as a hypothesis state machine.

Plans (to two workbooks, with changing options and targets), cell edits and deleted rows, syncs of
current and older workbooks (the backups), `log`, `intro` and imports of new messages are
interleaved at random.
After every step:
- the folded state in the store equals an independent fold of the history;
- every value the user typed is still there, unless a later change replaced it (and when a sync
  kept a newer value over a typed one, its report named the conflict);
- nobody left the plan except by a row deleted in a synced workbook.

A typed value's time is when it was typed: the call for `log`, the file's save for workbook cells
(a spreadsheet saves all its cells at once). Imports count as a change at the time they run.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coffeechat.outreach.cells import merge_notes
from coffeechat.store.history import DRAFT_FIELDS
from coffeechat.workspace import Workspace
from tests.outreach_world import (
    START,
    TODAY,
    edit_plan,
    ids_by_name,
    import_messages,
    make_workspace,
    plan_rows,
)

# Seconds each: `make quick` leaves them out, `make test` and CI run them.
pytestmark = pytest.mark.slow

BOOKS = ("a.xlsx", "b.xlsx")
# Workbook cells the machine types into, by Plan header.
CELLS = {"status": "Status", "notes": "Notes", "request_draft": "Request draft"}
TYPED = {
    "status": st.sampled_from(["asked", "replied", "met", "declined"]),
    "notes": st.sampled_from(["call on Tuesday", "=SUM(A1)", "prefers email", "+44 line", "ok"]),
    "request_draft": st.sampled_from(["Hi,\n\nmy own words.\n\nRiley", "Short and kind.", "Hi"]),
}
LOGGED = {"sent": ("asked", "asked_on"), "replied": ("replied", "replied_on"),
          "met": ("met", "met_on"), "thanked": ("thanked", "thanked_on")}  # fmt: skip

_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    """One imported workspace, copied for every run (importing is the slow part)."""
    if "root" not in _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="coffeechat-life-"))
        make_workspace(root / "ws").close()
        _TEMPLATE["root"] = root / "ws"
    return _TEMPLATE["root"]


def tick() -> float:
    """Now, with the next action clearly later (file times and event times are compared)."""
    time.sleep(0.003)
    now = time.time()
    time.sleep(0.003)
    return now


class OutreachLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="coffeechat-run-"))
        for name in ("coffeechat.toml", "coffeechat.db"):
            shutil.copy(template() / name, self.dir / name)
        (self.dir / "export").mkdir()
        self.ws = Workspace(self.dir)
        self.ids = ids_by_name(self.ws)
        self.names = {pid: name for name, pid in self.ids.items()}
        self.expected: dict[tuple[str, str], tuple[str, float]] = {}
        # When the store recorded each expected value (a workbook's edit is recorded when it is
        # synced, however long after its save): a later one is a change since a file's baseline.
        self.recorded: dict[tuple[str, str], float] = {}
        self.on_plan: set[str] = set()
        # When the user last did something with a person (a log, a typed cell, a message): a row
        # deleted in a workbook saved before that stays on the plan.
        self.back_since: dict[str, float] = {}
        self.books: dict[str, dict[str, Any]] = {}
        self.counter = itertools.count(1)

    def teardown(self) -> None:
        self.ws.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    # -- the model's view of a workbook ----------------------------------------------------------

    def _shown(self, path: Path) -> dict[str, dict[str, Any]]:
        rows = plan_rows(path)
        return {pid: {f: _text(r[h]) for f, h in CELLS.items()} for pid, r in rows.items()}

    def _synced(self, name: str, report: Any, at: float) -> None:
        """What a sync of this workbook (done by `at`) must have done with its pending edits."""
        book = self.books[name]
        conflicts = {(c.name, c.field) for c in report.conflicts if c.kept == "store"}
        named = {(c.name, c.field) for c in report.conflicts}
        for (pid, fld), value in book["pending"].items():
            previous = self.expected.get((pid, fld))
            if (
                fld == "notes"
                and previous is not None
                and previous[0] != value
                and self.recorded.get((pid, fld), 0.0) > book["base"]
            ):
                # Notes changed on both sides since this file's baseline: merged by lines, the
                # newer side first, and the conflict named.
                assert (self.names[pid], fld) in named, (pid, fld, report.lines())
                base = book["shown"].get(pid, {}).get(fld, "")
                newer, older = (
                    (previous[0], value) if previous[1] > book["saved"] else (value, previous[0])
                )
                merged = _text(merge_notes(base, newer=newer, older=older))
                if merged != previous[0]:
                    self.expected[(pid, fld)] = (merged, max(previous[1], book["saved"]))
                    self.recorded[(pid, fld)] = at
                    self.back_since[pid] = max(self.back_since.get(pid, 0), book["saved"])
                continue
            if previous is not None and previous[1] > book["saved"] and previous[0] != value:
                assert (self.names[pid], fld) in conflicts, (pid, fld, report.lines())
            else:
                self.expected[(pid, fld)] = (value, book["saved"])
                self.recorded[(pid, fld)] = at
                if previous is None or previous[0] != value:
                    self.back_since[pid] = max(self.back_since.get(pid, 0), book["saved"])
        for pid in book["deleted"]:
            if self.back_since.get(pid, 0) > book["saved"]:
                assert (self.names[pid], "row") in conflicts
            else:
                self.on_plan.discard(pid)
        book["shown"] = self._shown(self.dir / name)
        book["base"] = at
        book["pending"], book["deleted"] = {}, set()

    # -- rules -----------------------------------------------------------------------------------

    @rule(
        name=st.sampled_from(BOOKS),
        per_week=st.sampled_from([None, 1, 3]),
        start=st.sampled_from([None, START, date(2027, 1, 11)]),
    )
    def plan(self, name: str, per_week: int | None, start: date | None) -> None:
        path = self.dir / name
        book = self.ws.write_plan(path, start=start, per_week=per_week, today=TODAY)
        at = tick()
        if name in self.books:
            assert book.synced is not None
            self._synced(name, book.synced, at)
        planned = set(book.plan["person_id"].astype(str))
        assert self.on_plan <= planned, "someone left the plan without a deleted row"
        self.on_plan |= planned
        self.books[name] = {
            "pending": {}, "deleted": set(), "saved": path.stat().st_mtime,
            "shown": self._shown(path), "base": at,
        }  # fmt: skip

    @precondition(lambda self: bool(self.books))
    @rule(data=st.data())
    def edit_cells(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.books)))
        book = self.books[name]
        rows = sorted(set(book["shown"]) - book["deleted"])
        if not rows:
            return
        pid = data.draw(st.sampled_from(rows))
        fld = data.draw(st.sampled_from(sorted(CELLS)))
        self._type(name, pid, fld, data.draw(TYPED[fld]))

    def _type(self, name: str, pid: str, fld: str, value: str) -> None:
        book = self.books[name]
        edit_plan(self.dir / name, {pid: {CELLS[fld]: value}})
        book["saved"] = (self.dir / name).stat().st_mtime
        tick()
        if value == book["shown"][pid][fld]:
            book["pending"].pop((pid, fld), None)  # typed what the file already showed
        else:
            book["pending"][(pid, fld)] = value

    @precondition(lambda self: len(self.books) == len(BOOKS))
    @rule(data=st.data())
    def type_notes_in_both_workbooks(self, data: st.DataObject) -> None:
        """One person's notes typed in each workbook before either is synced: whichever is synced
        second meets a change made since it was written."""
        both = set.intersection(*(set(b["shown"]) - b["deleted"] for b in self.books.values()))
        if not both:
            return
        pid = data.draw(st.sampled_from(sorted(both)))
        for name in data.draw(st.permutations(BOOKS)):
            self._type(name, pid, "notes", data.draw(TYPED["notes"]))

    @precondition(lambda self: bool(self.books))
    @rule(data=st.data())
    def delete_row(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.books)))
        book = self.books[name]
        rows = sorted(set(book["shown"]) - book["deleted"])
        if len(rows) < 2:
            return
        pid = data.draw(st.sampled_from(rows))
        edit_plan(self.dir / name, delete=(pid,))
        book["saved"] = (self.dir / name).stat().st_mtime
        tick()
        book["deleted"].add(pid)
        book["pending"] = {k: v for k, v in book["pending"].items() if k[0] != pid}

    @precondition(lambda self: bool(self.books))
    @rule(data=st.data())
    def sync(self, data: st.DataObject) -> None:
        name = data.draw(st.sampled_from(sorted(self.books)))
        report = self.ws.sync(self.dir / name)
        self._synced(name, report, tick())

    @precondition(lambda self: (self.dir / "backups").exists())
    @rule(data=st.data())
    def sync_an_older_workbook(self, data: st.DataObject) -> None:
        """A backup is an older workbook whose edits were all synced when it was replaced: syncing
        it again changes nothing anyone typed, whatever happened since."""
        older = sorted((self.dir / "backups").glob("*.xlsx"))
        self.ws.sync(data.draw(st.sampled_from(older)))
        tick()

    @rule(
        person=st.sampled_from(["Devika Raman", "Mara Quill", "Lena Park", "Omar Haddad"]),
        event=st.sampled_from(sorted(LOGGED)),
        day=st.integers(1, 20),
    )
    def log(self, person: str, event: str, day: int) -> None:
        on = date(2026, 12, day)
        self.ws.log(person, event, on=on)
        now = tick()
        pid = self.ids[person]
        status, field = LOGGED[event]
        self.expected[(pid, "status")] = (status, now)
        self.expected[(pid, field)] = (on.isoformat(), now)
        self.recorded[(pid, "status")] = self.recorded[(pid, field)] = now
        self.on_plan.add(pid)
        self.back_since[pid] = now

    @rule(introducer=st.sampled_from(["Ethan Cole", "Kenji Mori"]))
    def intro(self, introducer: str) -> None:
        guest = f"Guest Number{next(self.counter)}"
        # An introducer the plan asked for an introduction (a LAMP employer where the user knows
        # nobody who matches their target) brings the person introduced onto the plan.
        state = self.ws.store.outreach().set_index("person_id")
        iid = self.ids[introducer]
        asked = iid in state.index and state.loc[iid, "role"] == "introducer"
        self.ws.intro(introducer, guest, company="Ferrous Labs")
        now = tick()
        self.ids[guest] = self.ws.find(guest)
        self.names[self.ids[guest]] = guest
        if asked:
            self.on_plan.add(self.ids[guest])
            self.back_since[self.ids[guest]] = now
            if state.loc[iid, "status"] in ("planned", "asked", "replied"):
                # The introducer's own row moves on: they did what they were asked.
                self.expected[(iid, "status")] = ("introduced", now)
                self.recorded[(iid, "status")] = now
                self.back_since[iid] = now

    @rule(field=st.sampled_from(["UX research", "Accounting", "Payroll"]))
    def change_targets(self, field: str) -> None:
        """The user changes their career target in the profile: the next plans pick for it, and
        nobody already on the plan leaves it (the `plan` rule checks)."""
        profile = self.dir / "coffeechat.toml"
        text = profile.read_text("utf-8")
        old = text.split("[[targets]]\nname = ", 1)[1].split("\n", 1)[0]
        profile.write_text(text.replace(f"name = {old}", f'name = "{field}"', 1), "utf-8")
        tick()

    @precondition(lambda self: bool(self.on_plan))
    @rule(data=st.data())
    def import_messages(self, data: st.DataObject) -> None:
        state = self.ws.store.outreach().set_index("person_id")
        who = data.draw(st.sampled_from(sorted(self.on_plan)))
        reply = data.draw(st.booleans())
        n = next(self.counter)
        rows = [("out", self.names[who], f"2027-01-15 10:00:{n % 60:02d}", f"note {n}")]
        if reply:
            rows.append(("in", self.names[who], f"2027-02-01 10:00:{n % 60:02d}", f"reply {n}"))
        before = state.loc[who, "status"] if who in state.index else ""
        import_messages(self.ws, rows, name=f"messages-{n}.csv")
        now = tick()
        if before == "planned":
            self.expected[(who, "status")] = ("replied" if reply else "asked", now)
            self.expected[(who, "asked_on")] = ("2027-01-15", now)
            self.recorded[(who, "status")] = self.recorded[(who, "asked_on")] = now
        if before in ("planned", "asked") and reply:
            self.expected[(who, "status")] = ("replied", now)
            self.expected[(who, "replied_on")] = ("2027-02-01", now)
            self.recorded[(who, "status")] = self.recorded[(who, "replied_on")] = now
        if before == "planned" or (before == "asked" and reply):
            self.back_since[who] = now

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def state_is_the_fold_of_the_history(self) -> None:
        folded: dict[str, dict[str, Any]] = {}
        for pid, fields in self.ws.store.conn.execute(
            "SELECT person_id, fields FROM outreach_events ORDER BY event_id"
        ):
            values = folded.setdefault(pid, {})
            for key, value in json.loads(fields).items():
                if value is None:
                    values.pop(key, None)
                else:
                    values[key] = value
        stored = self.ws.store.outreach().set_index("person_id")
        assert set(stored.index) == {p for p, v in folded.items() if v.get("status")}
        for pid, row in stored.iterrows():
            for key, value in folded[pid].items():
                assert row[key] == value, (pid, key)
            for key in DRAFT_FIELDS:
                shown = None if pd.isna(row[key]) else row[key]
                assert shown == folded[pid].get(key), (pid, key)

    @invariant()
    def what_the_user_typed_is_kept(self) -> None:
        stored = self.ws.store.outreach().set_index("person_id")
        for (pid, fld), (value, _) in self.expected.items():
            assert _text(stored.loc[pid, fld]) == value, (self.names[pid], fld)

    @invariant()
    def nobody_left_the_plan_unasked(self) -> None:
        stored = self.ws.store.outreach()
        on = stored[(stored["on_plan"] == 1) & (stored["status"] != "skip")]
        assert set(on["person_id"]) == self.on_plan


def _text(value: Any) -> str:
    if value is None:
        return ""
    return "\n".join(line.rstrip() for line in str(value).split("\n")).strip()


def test_the_model_merges_notes_typed_in_both_workbooks() -> None:
    """The random runs seldom type one person's notes in both workbooks and sync both: this one
    does, so the model's merge is checked against the store every time."""
    life = OutreachLife()
    try:
        for name in BOOKS:
            life.plan(name, None, None)
        both = set(life.books["a.xlsx"]["shown"]) & set(life.books["b.xlsx"]["shown"])
        pid = sorted(both)[0]
        life._type("a.xlsx", pid, "notes", "call on Tuesday")
        life._type("b.xlsx", pid, "notes", "prefers email")
        for name in ("b.xlsx", "a.xlsx"):  # the later save is synced first
            life._synced(name, life.ws.sync(life.dir / name), tick())
            life.what_the_user_typed_is_kept()
            life.state_is_the_fold_of_the_history()
        notes = life.ws.store.outreach().set_index("person_id").loc[pid, "notes"]
        assert notes.splitlines() == ["prefers email", "call on Tuesday"]
    finally:
        life.teardown()


# How long the life machines live (here and in test_merge_life): 6 runs in CI, more by hand
# (COFFEECHAT_LIFE_EXAMPLES=200; COFFEECHAT_LIFE_NO_SHRINK=1 to see a failure sooner).
LIFE_SETTINGS = settings(
    max_examples=int(os.environ.get("COFFEECHAT_LIFE_EXAMPLES", "6")),
    phases=[Phase.explicit, Phase.reuse, Phase.generate]
    + ([Phase.shrink] if not os.environ.get("COFFEECHAT_LIFE_NO_SHRINK") else []),
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
OutreachLife.TestCase.settings = LIFE_SETTINGS
test_outreach_life = pytest.mark.filterwarnings("ignore")(OutreachLife.TestCase)
