"""`coffeechat demo`: the whole pipeline on the synthetic sample, into a reports folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from coffeechat import columns as C
from coffeechat.export.charts import network_growth, relevance_band, save_figure
from coffeechat.export.workbook import write_workbook
from coffeechat.graph import graph_summary
from coffeechat.importer import ImportReport
from coffeechat.sample import ARCHIVE_NAME, write_sample
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


def run_demo(out: Path, *, sample: Path | None = None, today: date | None = None) -> DemoResult:
    """Set up a fresh workspace under `out`, import the sample, rank, plan, and write the outputs."""
    workspace_dir = out / "workspace"
    if workspace_dir.exists():
        shutil.rmtree(workspace_dir)
    workspace_dir.mkdir(parents=True)
    if sample is None or not (sample / PROFILE_FILE).exists():
        # No sample folder at hand (e.g. an installed package): generate the same files afresh.
        sample = workspace_dir / "sample"
        write_sample(sample)
    shutil.copy(sample / PROFILE_FILE, workspace_dir / PROFILE_FILE)
    with Workspace(workspace_dir) as ws:
        reports = [ws.import_path(path) for path in sample_files(sample)]
        merged: dict[str, int] = {}
        for report in reports:
            for file_report in report.files:
                for rule, n in file_report.merged.items():
                    merged[rule] = merged.get(rule, 0) + n
        contacts = ws.contacts()
        graph = graph_summary(ws.graph())
        book = ws.plan(today=today)
        top = book.ranked.head(5)
        xlsx = write_workbook(book, out / "outreach_plan.xlsx")
        band = relevance_band(book.contacts.set_index(C.PERSON_ID)["relevance"]).reindex(
            contacts[C.PERSON_ID]
        )
        fig = network_growth(
            contacts,
            band=pd.Series(band.to_numpy(), index=contacts.index),
            introductions=ws.introductions(),
        )
        png = save_figure(fig, out / "network_growth.png")
    return DemoResult(
        reports=reports,
        people=len(contacts),
        merged=merged,
        graph=graph,
        top=top,
        planned=len(book.plan),
        files=[xlsx, png, workspace_dir],
    )
