"""Two records of one person, lived with: logs, plans, notes typed in the workbook's rows, syncs,
the records merged and unmerged, in any order (a hypothesis state machine).

After every step:
- every note line the user logged or typed (and synced) is in the notes of one of the two records
  (of the one person, while they are merged);
- the furthest status the user logged is still reached by one of them;
- the folded state in the store equals an independent fold of the history.
"""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from coffeechat import columns as C
from coffeechat.store.history import Event, fold
from coffeechat.workspace import Workspace
from tests.conftest import write
from tests.outreach_world import PROFILE, edit_plan, plan_rows
from tests.test_dupes import CONNECTIONS, DIRECTORY
from tests.test_outreach_life import LIFE_SETTINGS, tick

pytestmark = pytest.mark.slow

# The conversation, one step at a time: `log` moves a record one step on.
STEPS = {"": ("sent", "asked"), "planned": ("sent", "asked"), "asked": ("replied", "replied"),
         "replied": ("met", "met"), "met": ("thanked", "thanked")}  # fmt: skip
PROGRESS = ["planned", "asked", "replied", "met", "thanked"]

_TEMPLATE: dict[str, Path] = {}


def template() -> Path:
    if "root" not in _TEMPLATE:
        root = Path(tempfile.mkdtemp(prefix="coffeechat-merge-life-")) / "ws"
        root.mkdir()
        (root / "coffeechat.toml").write_text(PROFILE, encoding="utf-8")
        ws = Workspace(root)
        ws.import_path(write(root / "Connections.csv", CONNECTIONS))
        ws.import_path(write(root / "alumni.csv", DIRECTORY))
        ws.dupes()
        ws.close()
        _TEMPLATE["root"] = root
    return _TEMPLATE["root"]


class MergeLife(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="coffeechat-merge-run-"))
        for name in ("coffeechat.toml", "coffeechat.db"):
            shutil.copy(template() / name, self.dir / name)
        self.ws = Workspace(self.dir)
        people = self.ws.contacts()
        ids = dict(zip(people[C.FULL_NAME], people[C.PERSON_ID], strict=True))
        self.pair = (ids["Jon Smith"], ids["John Smith"])
        self.kept: str | None = None  # while merged, the record kept
        self.lines: set[str] = set()  # every note line logged, or typed and synced
        self.pending: set[str] = set()  # typed in the workbook, not synced yet
        self.best = -1  # the furthest status logged, as an index of PROGRESS
        self.book = self.dir / "plan.xlsx"
        self.counter = itertools.count(1)

    def teardown(self) -> None:
        self.ws.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def _alive(self) -> list[str]:
        return [self.kept] if self.kept else list(self.pair)

    def _status(self, pid: str) -> str:
        rows = self.ws.store.outreach().set_index("person_id")
        return str(rows.loc[pid, "status"]) if pid in rows.index else ""

    def _token(self) -> str:
        return f"line {next(self.counter)}"

    # -- rules -----------------------------------------------------------------------------------

    @rule(which=st.integers(0, 1))
    def log(self, which: int) -> None:
        alive = self._alive()
        pid = alive[which % len(alive)]
        status = self._status(pid)
        if status not in STEPS:
            return
        event, reached = STEPS[status]
        token = self._token()
        self.ws.log(pid, event, on=date(2026, 11, 20), note=token)
        tick()
        self.lines.add(token)
        self.best = max(self.best, PROGRESS.index(reached))

    @rule()
    def plan(self) -> None:
        self.ws.write_plan(self.book, start=date(2026, 11, 30), today=date(2026, 11, 27))
        tick()
        self.lines |= self.pending  # the plan read the old file back first
        self.pending = set()

    @precondition(lambda self: self.book.exists())
    @rule(data=st.data())
    def type_a_note(self, data: st.DataObject) -> None:
        rows = {pid: row for pid, row in plan_rows(self.book).items() if pid in self.pair}
        if not rows:
            return
        pid = data.draw(st.sampled_from(sorted(rows)))
        token = self._token()
        shown = str(rows[pid]["Notes"] or "")
        edit_plan(self.book, {pid: {"Notes": f"{shown}\n{token}".strip()}})
        tick()
        self.pending.add(token)

    @precondition(lambda self: self.book.exists())
    @rule()
    def sync(self) -> None:
        self.ws.sync(self.book)
        tick()
        self.lines |= self.pending
        self.pending = set()

    @precondition(lambda self: self.kept is None)
    @rule()
    def accept(self) -> None:
        found = self.ws.dupes()
        a, b = self.pair
        pair = found[found["person_a"].isin([a, b]) & found["person_b"].isin([a, b])]
        if pair.empty:  # kept apart for good by an unmerge
            return
        self.kept = self.ws.decide_dupe(int(pair.iloc[0]["candidate_id"]), accept=True)
        tick()

    @precondition(lambda self: self.kept is not None)
    @rule()
    def unmerge(self) -> None:
        assert self.kept is not None
        self.ws.unmerge(self.kept)
        self.kept = None
        tick()

    # -- invariants ------------------------------------------------------------------------------

    @invariant()
    def every_line_is_kept(self) -> None:
        rows = self.ws.store.outreach().set_index("person_id")
        held: set[str] = set()
        for pid in self._alive():
            if pid in rows.index:
                held |= set(str(rows.loc[pid, "notes"]).splitlines())
        assert self.lines <= held, sorted(self.lines - held)

    @invariant()
    def the_furthest_status_is_kept(self) -> None:
        reached = [PROGRESS.index(s) for s in map(self._status, self._alive()) if s in PROGRESS]
        assert max(reached, default=-1) >= self.best

    @invariant()
    def state_is_the_fold_of_the_history(self) -> None:
        events = [
            Event(int(i), str(p), "", json.loads(f))
            for i, p, f in self.ws.store.conn.execute(
                "SELECT event_id, person_id, fields FROM outreach_events ORDER BY event_id"
            )
        ]
        folded = fold(events)
        rows = self.ws.store.outreach().set_index("person_id")
        for pid in self._alive():
            state = folded.get(pid)
            if state is None or not state.get("status"):
                assert pid not in rows.index
                continue
            for key in ("status", "notes", "on_plan"):
                assert rows.loc[pid, key] == state.get(key, 0 if key == "on_plan" else ""), key


MergeLife.TestCase.settings = LIFE_SETTINGS
test_merge_life = pytest.mark.filterwarnings("ignore")(MergeLife.TestCase)
