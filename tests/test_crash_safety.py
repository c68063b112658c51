"""Issue 15, item 3: kill -9 during an import or a plan write leaves either nothing or everything.

Each test runs the real command in a subprocess and kills it (SIGKILL) at several moments. After
each kill: the database passes `PRAGMA integrity_check`, no import batch is half there, importing
again gives the same people as a clean import, and the workbook is the old file or a new whole one.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from coffeechat.workspace import Workspace
from tests.outreach_world import START, TODAY, make_workspace

pytestmark = pytest.mark.slow

DELAYS = (0.4, 0.9, 1.4, 2.0, 2.8)
# Where a plan is killed, as fractions of how long a whole one takes on this machine: fixed delays
# miss it altogether once the machine (or coffeechat) is fast enough.
PLAN_FRACTIONS = (0.15, 0.3, 0.45, 0.6, 0.75, 0.9)


def big_directory(path: Path, rows: int = 30_000) -> Path:
    lines = ["Name,Email,Employer,Job Title,Class Year,School"]
    for i in range(rows):
        lines.append(
            f"Person{i} Surname{i % 997},p{i}@example.org,Employer {i % 400},Analyst,"
            f"{1990 + i % 30},Pioneer University"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def people(root: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(root / "coffeechat.db") as conn:
        return sorted(conn.execute("SELECT person_id, full_name FROM people").fetchall())


def healthy(root: Path) -> None:
    with sqlite3.connect(root / "coffeechat.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # A batch is there with everything it stored, or not at all.
        for batch_id, rows_read, added in conn.execute(
            "SELECT batch_id, rows_read, added FROM import_batches WHERE kind = 'directory'"
        ):
            assert rows_read > 0 and added > 0, batch_id
            stored = conn.execute(
                "SELECT COUNT(*) FROM people WHERE first_batch_id = ?", (batch_id,)
            ).fetchone()[0]
            assert stored == added


def start(args: list[str]) -> subprocess.Popen[bytes]:
    """The command running in a process of its own."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.Popen(
        [sys.executable, "-m", "coffeechat", *args],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip


def run_and_kill(args: list[str], delay: float) -> bool:
    """Run a command and kill it after `delay` seconds; True if it was still running then."""
    process = start(args)
    time.sleep(delay)
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.wait()
    return running


def test_an_import_killed_at_any_moment_is_all_or_nothing(tmp_path: Path) -> None:
    base = tmp_path / "base"
    make_workspace(base).close()
    csv = big_directory(tmp_path / "directory.csv")
    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    with Workspace(clean) as ws:
        ws.import_path(csv)
    expected = people(clean)
    before = people(base)
    kills = 0
    for delay in DELAYS:
        root = tmp_path / f"killed-{delay}"
        shutil.copytree(base, root)
        kills += run_and_kill(["import", str(csv), "-w", str(root)], delay)
        healthy(root)
        assert people(root) in (before, expected), delay
        with Workspace(root) as ws:
            ws.import_path(csv)
        assert people(root) == expected, delay
    assert kills >= 3  # most runs were cut short


def test_a_plan_killed_at_any_moment_leaves_a_whole_workbook(tmp_path: Path) -> None:
    base = tmp_path / "base"
    ws = make_workspace(base)
    ws.import_path(big_directory(tmp_path / "directory.csv", rows=8_000))
    path = base / "reports" / "outreach_plan.xlsx"
    ws.write_plan(path, start=START, today=TODAY)
    statuses = dict(ws.store.conn.execute("SELECT person_id, status FROM outreach").fetchall())
    ws.close()
    old = path.read_bytes()
    timed = tmp_path / "timed"
    shutil.copytree(base, timed)
    started = time.perf_counter()
    assert start(["plan", "--weeks", "12", "-w", str(timed)]).wait() == 0
    whole = time.perf_counter() - started
    kills = 0
    for fraction in PLAN_FRACTIONS:
        delay = round(fraction * whole, 2)
        root = tmp_path / f"killed-{fraction}"
        shutil.copytree(base, root)
        workbook = root / "reports" / "outreach_plan.xlsx"
        kills += run_and_kill(["plan", "--weeks", "12", "-w", str(root)], delay)
        healthy(root)
        if workbook.read_bytes() != old:
            openpyxl.load_workbook(workbook)  # a new file, whole
        # Whatever moment it died, the next plan loses nothing anyone did.
        with Workspace(root) as again:
            again.write_plan(workbook, today=TODAY)
            after = dict(again.store.conn.execute("SELECT person_id, status FROM outreach"))
        assert all(after.get(pid) == status for pid, status in statuses.items()), delay
        assert "skip" not in set(after.values())
    assert kills >= 3
