"""Import speed and memory against a pandas.read_csv baseline over the same files, in one run.

    python benchmarks/bench_import.py [--connections 30000] [--directory 500000]

Prints the time to import (with identity resolution) each file, the time pandas.read_csv takes merely to
read it (with its defaults, and reading every cell as text), the ratios, and the peak resident memory
of the process.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

from coffeechat.sample.generator import PREAMBLE
from coffeechat.sample.world import EMPLOYERS, FIRST_NAMES, LAST_NAMES
from coffeechat.store.database import Store
from coffeechat.workspace import Workspace
from timing import peak_memory_mb, timed

SYLLABLES = ("ka", "lo", "mer", "vin", "so", "ta", "ber", "del", "ni", "ro", "sha", "ven", "tor", "li",
             "man", "dra", "ko", "zu", "pel", "rin", "ga", "hol", "mi", "sen")  # fmt: skip


def make_files(folder: Path, connections: int, directory: int, seed: int = 7) -> tuple[Path, Path]:
    """Synthetic Connections.csv and a directory CSV; a fifth of the directory are connections too.

    Surnames are built from syllables so that, as in a real directory, most full names are distinct.
    """
    rng = random.Random(seed)
    employers = sorted(EMPLOYERS)
    titles = [
        "Data Scientist",
        "UX Researcher",
        "Product Manager",
        "Software Engineer",
        "Nurse",
        "Analyst",
    ]
    overlap = connections // 5
    people = []
    for i in range(connections + directory - overlap):
        first = rng.choice(FIRST_NAMES)
        last = (
            rng.choice(LAST_NAMES) if i % 3 == 0 else "".join(rng.choices(SYLLABLES, k=3)).title()
        )
        people.append(
            (
                first,
                last,
                f"{first}-{last}-{i:x}".lower(),
                rng.choice(employers),
                rng.choice(titles),
            )
        )
    conn_path = folder / "Connections.csv"
    rows = [
        f"{f},{last},https://www.linkedin.com/in/{s},,{e},{t},{rng.randint(1, 28):02d} Mar 2024"
        for f, last, s, e, t in people[:connections]
    ]
    conn_path.write_text(
        PREAMBLE
        + "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows),
        encoding="utf-8",
    )
    dir_path = folder / "directory.csv"
    lines = [
        "Record ID,First Name,Last Name,Employer,Job Title,Email,Class Year,Willing to help with"
    ]
    for n, (f, last, s, e, t) in enumerate(people[connections - overlap :]):
        lines.append(
            f"{n},{f},{last},{e},{t},{s}@example.com,{2000 + n % 25},Informational interviews"
        )
    dir_path.write_text("\n".join(lines), encoding="utf-8")
    return conn_path, dir_path


def storage_floor(ws: Workspace, folder: Path, *, bulk: bool = False) -> tuple[int, float]:
    """(rows, seconds) to write the people rows the imports stored into an empty store of the same
    schema, rows prepared beforehand: what any import into this store pays, whatever else it does.

    `bulk` writes them as the import does (`Store.insert_columns`: the per-row version trigger
    suspended, the indexes built after the rows); otherwise one plain `executemany`."""
    store = Store(folder / ("floor-bulk.db" if bulk else "floor.db"))
    source = ws.store.conn
    # Only the columns some row fills, as the import binds (empty ones keep their defaults).
    names = [
        name
        for name in [d[0] for d in source.execute("SELECT * FROM people LIMIT 0").description]
        if source.execute(f"SELECT 1 FROM people WHERE {name} != '' LIMIT 1").fetchone()
    ]
    people = source.execute(f"SELECT {', '.join(names)} FROM people").fetchall()
    with store.transaction():
        for table in ("import_batches", "organisations"):
            rows = source.execute(f"SELECT * FROM {table}").fetchall()
            marks = ", ".join("?" * len(rows[0]))
            store.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    sql = f"INSERT INTO people ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"

    columns = dict(zip(names, zip(*people, strict=True), strict=True)) if people else {}

    def write() -> None:
        with store.transaction():
            if bulk:
                store.insert_columns(columns)
            else:
                store.conn.executemany(sql, people)

    took, _ = timed(write)
    store.close()
    return len(people), took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--directory", type=int, default=500_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        conn_path, dir_path = make_files(folder, args.connections, args.directory)
        # The imports as a user runs them, each in a process of its own, measured first: this
        # process also reads both files with pandas for the baselines, which its own peak keeps,
        # and a child's peak counts the parent's pages at the moment it is started.
        own = folder / "own"
        own.mkdir()
        command = Path(sys.executable).parent / "coffeechat"
        for path in (conn_path, dir_path):
            subprocess.run([str(command), "import", str(path), "-w", str(own)], check=True,
                           capture_output=True)  # fmt: skip
        child_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"this process before the imports (max RSS): {peak_memory_mb():.0f} MB")
        # Two baselines, both mere reads: pandas' own default (pandas 3 keeps inferred text in
        # Arrow buffers, with no Python string per cell) and reading every cell as text, which is
        # what an import must do (`007`, `Na` and `2015` stay as written).
        totals = {"import": 0.0, "read_csv": 0.0, "read_csv as text": 0.0}
        with Workspace(folder / "ws") as ws:
            for path in (conn_path, dir_path):
                skip = 3 if path == conn_path else 0
                plain, _ = timed(lambda p=path, s=skip: pd.read_csv(p, skiprows=s))
                text, _ = timed(
                    lambda p=path, s=skip: pd.read_csv(
                        p, skiprows=s, dtype=str, keep_default_na=False
                    )
                )
                took, report = timed(lambda p=path: ws.import_path(p))
                f = report.files[0]  # type: ignore[attr-defined]
                print(
                    f"{path.name}: {f.rows_read} rows, {f.added} added, {sum(f.merged.values())} merged"
                )
                print(
                    f"  import {took:.2f} s   read_csv {plain:.2f} s (ratio {took / plain:.1f}x)"
                    f"   read_csv as text {text:.2f} s (ratio {took / text:.1f}x)"
                )
                totals["import"] += took
                totals["read_csv"] += plain
                totals["read_csv as text"] += text
            peak_mb = peak_memory_mb()  # the imports' peak, before the floor check below
            rows, floor = storage_floor(ws, folder)
            _, bulk = storage_floor(ws, folder, bulk=True)
        took, plain, text = totals.values()
        print(
            f"both files: import {took:.2f} s   read_csv {plain:.2f} s (ratio {took / plain:.1f}x)"
            f"   read_csv as text {text:.2f} s (ratio {took / text:.1f}x)"
        )
        print(
            f"storage floor: writing the {rows} stored people rows alone takes {floor:.2f} s"
            f" (ratio {floor / text:.1f}x of read_csv as text)"
        )
        # The floor as issue 12 defines it: reading the files as text plus writing the rows; and
        # the same with the rows written the way the import writes them.
        print(
            f"import / storage floor (read as text {text:.2f} s + write {floor:.2f} s): "
            f"{took / (text + floor):.2f}x"
        )
        print(
            f"import / bulk floor (read as text {text:.2f} s + the import's own write of the"
            f" same rows {bulk:.2f} s): {took / (text + bulk):.2f}x"
        )
    print(f"peak memory of the imports in this process (max RSS): {peak_mb:.0f} MB")
    print(f"peak memory of `coffeechat import` in its own process (max RSS): {child_mb:.0f} MB")


if __name__ == "__main__":
    main()
