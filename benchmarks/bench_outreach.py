"""Outreach history speed: logging, syncing a workbook, showing a person's history and undoing, on a
store whose history has grown for months (500 people on the plan, 20,000 events), against bare
SQLite and openpyxl doing the least the same step must do, in the same run.

    python benchmarks/bench_outreach.py [--planned 500] [--events 20000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

from bench_workbook import synthetic_book
from coffeechat.outreach.tracking import sync_changes, written_cells
from coffeechat.outreach.workbook import read_workbook, write_workbook
from coffeechat.store.database import Store
from coffeechat.store.history import Change
from timing import timed

STATUSES = ["asked", "replied", "scheduled", "met", "thanked"]


def grown_store(path: Path, planned: int, events: int, seed: int = 5) -> tuple[Store, list[str]]:
    """A store with `planned` people on the plan and about `events` events in their history."""
    rng = random.Random(seed)
    store = Store(path)
    ids = [f"p{i:06d}" for i in range(planned)]
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="bench", file_hash="x")
        store.insert_people(
            [{"person_id": pid, "full_name": f"Person {i}", "first_batch_id": batch,
              "updated_at": "2026-01-01T00:00:00Z", "volunteer": 0} for i, pid in enumerate(ids)]
        )  # fmt: skip
        store.append_outreach(
            [Change(pid, {"status": "planned", "on_plan": 1, "request_on": "2026-12-01"})
             for pid in ids], source="plan",
        )  # fmt: skip
    rounds = max(1, events // planned)
    for _ in range(rounds):
        with store.transaction():
            store.append_outreach(
                [Change(pid, {"status": rng.choice(STATUSES),
                              "notes": f"note {rng.random():.6f}"}) for pid in ids],
                source="log",
            )  # fmt: skip
    return store, ids


def median_of(func: object, times: int = 15) -> float:
    return statistics.median(timed(func)[0] for _ in range(times))  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--planned", type=int, default=500)
    parser.add_argument("--events", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        build, (store, ids) = timed(
            lambda: grown_store(root / "bench.db", args.planned, args.events)
        )
        total = store.conn.execute("SELECT COUNT(*) FROM outreach_events").fetchone()[0]
        print(f"{args.planned} people on the plan, {total} events (built in {build:.1f} s)")
        rng = random.Random(7)

        def log_one() -> None:
            with store.transaction():
                store.append_outreach(
                    [Change(rng.choice(ids), {"status": rng.choice(STATUSES)})], source="log"
                )

        def bare_write() -> None:
            with store.transaction():
                store.conn.execute(
                    "INSERT INTO owner_facts (kind, value, batch_id) VALUES (?, ?, 1)",
                    ("bench", uuid.uuid4().hex),
                )

        log_time, bare = median_of(log_one), median_of(bare_write)
        print(f"  log one event: {log_time * 1000:.1f} ms   bare SQLite insert+commit "
              f"{bare * 1000:.1f} ms   ratio {log_time / bare:.1f}x")  # fmt: skip
        history = median_of(lambda: store.outreach_events(rng.choice(ids)))
        print(f"  one person's history: {history * 1000:.1f} ms")
        fold_all, _ = timed(lambda: store.outreach_state())
        print(f"  fold every event: {fold_all * 1000:.0f} ms ({total} events)")

        book = synthetic_book(args.planned, 2_000)
        book.plan["person_id"] = ids
        book.questions["person_id"] = ids
        path = root / "plan.xlsx"
        write_id = uuid.uuid4().hex
        write_workbook(book, path, write_id=write_id)
        with store.transaction():
            store.add_write(write_id, str(path), written_cells(book.plan, book.questions),
                            options={})  # fmt: skip
        read, edits = timed(lambda: read_workbook(path))
        for edit in edits.plan[::10]:
            edit.cells["notes"] = "typed in the workbook"
            edit.cells["asked_on"] = (date(2026, 12, 1) + timedelta(days=1)).isoformat()

        def sync() -> int:
            with store.transaction():
                changes, _, shown = sync_changes(
                    store, edits, source=str(path), path=str(path), today=date(2026, 12, 3)
                )
                store.append_outreach(changes, source="workbook", write_id=write_id)
                store.record_sync(write_id, str(path), shown)
            return len(changes)

        apply, changed = timed(sync)
        print(f"  sync a {len(edits.plan)}-row workbook: read {read:.2f} s + apply {apply:.2f} s "
              f"({changed} people changed); apply / read {apply / read:.2f}x")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
