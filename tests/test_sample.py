from __future__ import annotations

import csv
import io
from pathlib import Path

from coffeechat.ranking.fields import BY_KEY
from coffeechat.sample.generator import ARCHIVE_NAME, build_people, write_sample
from coffeechat.sample.world import EMPLOYERS

REPO = Path(__file__).resolve().parent.parent


def test_committed_sample_matches_the_generator(sample_dir: Path) -> None:
    """data/sample is exactly what `python -m coffeechat.sample.generator` writes: regenerate it if this fails."""
    committed = REPO / "data" / "sample"
    for generated in sorted(sample_dir.rglob("*")):
        if generated.is_file():
            twin = committed / generated.relative_to(sample_dir)
            assert twin.read_bytes() == generated.read_bytes(), twin


def test_generation_is_deterministic(tmp_path: Path) -> None:
    write_sample(tmp_path / "a")
    write_sample(tmp_path / "b")
    for a in (tmp_path / "a").rglob("*"):
        if a.is_file():
            assert a.read_bytes() == (tmp_path / "b" / a.relative_to(tmp_path / "a")).read_bytes()


def test_sample_is_varied_and_sized_as_promised() -> None:
    connections, directory, intros = build_people()
    assert 590 <= len(connections) <= 620
    assert 380 <= len(directory) <= 420
    assert len(EMPLOYERS) >= 100
    fields = {p.field for p in connections + directory}
    assert len(fields) >= 15 and fields <= set(BY_KEY)
    years = {c.connected_on.year for c in connections if c.connected_on}
    assert min(years) <= 2019 and max(years) == 2026
    assert len(intros) >= 10


def test_connections_csv_has_the_real_preamble(sample_dir: Path) -> None:
    text = (sample_dir / ARCHIVE_NAME / "Connections.csv").read_text("utf-8")
    lines = text.split("\n")
    assert lines[0] == "Notes:" and lines[2] == ""
    assert lines[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    rows = list(csv.reader(io.StringIO("\n".join(lines[4:]))))
    blanks = [r for r in rows if not r[0] and not r[1]]
    assert 1 <= len(blanks) <= 20
