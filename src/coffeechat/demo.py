"""`coffeechat demo`: the whole pipeline on the synthetic sample, into a reports folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from coffeechat.atomic import keep_backup
from coffeechat.ingest import read_outreach_log
from coffeechat.ingest.reports import ImportReport
from coffeechat.sample.generator import ARCHIVE_NAME, write_sample
from coffeechat.workspace import PROFILE_FILE, Workspace


@dataclass
class DemoResult:
    """What the demo did and where it put things."""

    reports: list[ImportReport]
    people: int
    merged: dict[str, int]
    graph: dict[str, int]
    top: pd.DataFrame
    planned: int
    files: list[Path] = field(default_factory=list)


def sample_files(sample: Path) -> list[Path]:
    return [
        sample / f"{ARCHIVE_NAME}.zip",
        sample / "volunteer_directory.csv",
        sample / "introductions.csv",
    ]


def sample_workspace(
    folder: Path, *, sample: Path | None = None
) -> tuple[Workspace, list[ImportReport]]:
    """A fresh workspace in `folder` holding the synthetic sample: imported, with the sample
    student's outreach so far logged. `sample` defaults to a freshly generated copy.

    >>> ws, reports = sample_workspace(Path(tempfile.mkdtemp()))   # doctest: +SKIP
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if sample is None or not (sample / PROFILE_FILE).exists():
        sample = folder / "sample"
        write_sample(sample)
    shutil.copy(sample / PROFILE_FILE, folder / PROFILE_FILE)
    ws = Workspace(folder)
    reports = [ws.import_path(path) for path in sample_files(sample)]
    log = sample / "outreach_log.csv"
    if log.exists():
        for person, event, day in read_outreach_log(log):
            ws.log(person, event, on=date.fromisoformat(day))
    return ws, reports


def run_demo(out: Path, *, sample: Path | None = None, today: date | None = None) -> DemoResult:
    """Set up a fresh workspace under `out`, import the sample, rank, plan, and write the outputs."""
    ws, reports = sample_workspace(out / "workspace", sample=sample)
    with ws:
        merged: dict[str, int] = {}
        for report in reports:
            for file_report in report.files:
                for rule, n in file_report.merged.items():
                    merged[rule] = merged.get(rule, 0) + n
        contacts = ws.contacts()
        graph = ws.graph_summary()
        xlsx = out / "outreach_plan.xlsx"
        if xlsx.exists():
            # A new demo workspace starts a new plan: the last demo's workbook goes to backups/.
            keep_backup(xlsx)
            xlsx.unlink()
        book = ws.write_plan(xlsx, today=today)
        # The summary's top five come from the same call as `rank` and the report's list.
        top = ws.rank(top=5, today=today)
        written = ws.report(out, today=today)
    return DemoResult(
        reports=reports,
        people=len(contacts),
        merged=merged,
        graph=graph,
        top=top,
        planned=len(book.plan),
        files=[
            xlsx,
            out / "report.html",
            *[p for p in written if p.suffix == ".png"],
            out / "workspace",
        ],
    )
