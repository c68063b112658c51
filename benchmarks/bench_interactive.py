"""How long each command makes a person wait, on a career office's 530,000 people.

    python benchmarks/bench_interactive.py [--connections 30000] [--directory 500000] [--limit 120]

Builds the workspace once (the import benchmark's synthetic files), then runs each command from the
command line twice, cold (first run) and warm (again at once), as a user would, and prints the seconds
against baselines run in the same process:

- a new Python process that opens the store and reads one person's row (what a one-person command
  cannot do with less), and one that imports pandas (what a command over everyone pays first);
- reading every person's row with a bare SELECT, and the same rows from Parquet with pandas (what a
  command over everyone cannot do with less).

A command still running after `--limit` seconds is stopped and reported as such.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from bench_import import make_files
from coffeechat.workspace import Workspace
from timing import peak_memory_mb, timed

BIN = Path(sys.executable).parent / "coffeechat"


def run(args: list[str], workspace: Path, limit: float) -> str:
    start = time.perf_counter()
    try:
        done = subprocess.run(
            [str(BIN), *args, "--workspace", str(workspace)],
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return f"still running after {limit:.0f} s"
    took = time.perf_counter() - start
    if done.returncode != 0:
        return f"{took:.2f} s (exit {done.returncode})"
    return f"{took:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--directory", type=int, default=500_000)
    parser.add_argument("--limit", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        connections, directory = make_files(folder, args.connections, args.directory)
        root = folder / "ws"
        (root).mkdir()
        (root / "coffeechat.toml").write_text(
            '[me]\nname = "Riley Tan"\nschools = ["Lakeshore State University"]\n\n'
            '[[targets]]\nname = "UX research"\n',
            "utf-8",
        )
        with Workspace(root) as ws:
            built, _ = timed(lambda: [ws.import_path(p) for p in (connections, directory)])
            people = ws.store.query("SELECT person_id, full_name, company FROM people")
        unique = people[people["full_name"].duplicated(keep=False).eq(False)]["full_name"]
        name, other = str(unique.iloc[0]), str(unique.iloc[1])
        # A surname typed alone: a scan of the name keys (several people have it: the answer is
        # the list of them, exit code 1).
        part = name.split()[-1].lower()
        employer = str(people["company"].replace("", None).dropna().value_counts().index[0])
        print(f"{len(people)} people, built in {built:.0f} s; one of them: {name}")

        # Baselines.
        one = [sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
               "print(c.execute('SELECT * FROM people WHERE full_name = ?', (sys.argv[2],)).fetchone())",
               str(root / "coffeechat.db"), name]  # fmt: skip
        process, _ = timed(lambda: subprocess.run(one, capture_output=True, check=True))
        # What any command over the people frame pays before it starts (and a gauge of how busy
        # the machine is: it took 0.36 s on a calm day, 0.8 s on a busy one).
        pandas_process, _ = timed(
            lambda: subprocess.run([sys.executable, "-c", "import pandas"], check=True)
        )
        conn = sqlite3.connect(root / "coffeechat.db")
        select_all, rows = timed(lambda: conn.execute("SELECT * FROM people").fetchall())
        conn.close()
        frame = pd.DataFrame.from_records(rows)
        frame.columns = [str(c) for c in frame.columns]
        parquet = folder / "people.parquet"
        frame.to_parquet(parquet)
        read_parquet, _ = timed(lambda: pd.read_parquet(parquet))
        print("baselines")
        print(f"  a new Python process reading one person's row  {process:.2f} s")
        print(f"  a new Python process importing pandas          {pandas_process:.2f} s")
        print(f"  SELECT every person's row ({len(rows)} rows)       {select_all:.2f} s")
        print(f"  pandas reading the same rows from Parquet      {read_parquet:.2f} s")

        small = folder / "two-new-connections.csv"
        small.write_text(
            "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
            "Quinn,Halvorsen,https://www.linkedin.com/in/quinn-halvorsen-b1,,Fjord Analytics,"
            "Data Analyst,27 Nov 2026\n"
            "Sable,Quintero,,,Harbor Labs,UX Designer,26 Nov 2026\n",
            "utf-8",
        )
        commands = [
            ("history PERSON", ["history", name]),
            ("history NAME IN CAPITALS", ["history", name.upper().replace(" ", "-")]),
            ("history SURNAME", ["history", part]),
            ("log PERSON --sent", ["log", name, "--sent"]),
            ("undo", ["undo"]),
            ("intro PERSON OTHER", ["intro", name, other]),
            ("intro PERSON NEWCOMER", ["intro", name, "Zaphod Newcomer"]),
            ("forget NEWCOMER", ["forget", "Zaphod Newcomer", "--yes"]),
            ("rank --top 20", ["rank", "--top", "20", "--format", "csv"]),
            ("graph (summary)", ["graph"]),
            ("graph --path PERSON", ["graph", "--path", name]),
            ("graph --employer E", ["graph", "--employer", employer, "--format", "csv"]),
            ("graph --introducers E", ["graph", "--introducers", employer]),
            ("plan", ["plan", "--out", str(folder / "plan.xlsx")]),
            ("dupes", ["dupes"]),
            ("report", ["report", "--out", str(folder / "report")]),
            # Last: it changes the store, so every cache after it is cold again.
            ("import 2 connections", ["import", str(small)]),
        ]
        print(f"{'command':<22}{'cold':>32}{'warm':>32}")
        for label, argv in commands:
            cold = run(argv, root, args.limit)
            # The second would do something else (or fail: the newcomer is gone).
            once = label.startswith(("log", "undo", "intro", "forget", "import"))
            warm = "(not repeated)" if once else run(argv, root, args.limit)
            print(f"{label:<22}{cold:>32}{warm:>32}")
    print(f"peak memory of this process (max RSS): {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
