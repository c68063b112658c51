"""The frames that cross stage boundaries match their declarations (coffeechat.frames), checked with
pandera on what the real stages produce from the sample: every column present, of its kind, scores
in [0, 1]."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

from coffeechat import frames as F
from coffeechat.ingest import read_path
from coffeechat.workspace import Workspace


def _is(test: object) -> pa.Check:
    return pa.Check(lambda s: s.map(test).all(), element_wise=False)  # type: ignore[arg-type]


CHECKS = {
    F.TEXT: [_is(lambda v: isinstance(v, str))],
    F.INT: [_is(lambda v: isinstance(v, int | float) and float(v) == int(v))],
    F.NUMBER: [_is(lambda v: isinstance(v, int | float))],
    F.SCORE: [pa.Check.in_range(0.0, 1.0)],
    F.BOOL: [_is(lambda v: v in (True, False))],
    F.DAY: [_is(lambda v: v is None or pd.isna(v) or isinstance(v, date))],
    F.ANY: [],
}


def schema(spec: F.FrameSpec) -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            name: pa.Column(checks=CHECKS[kind], nullable=kind in (F.DAY, F.ANY))
            for name, kind in spec.columns.items()
        },
        name=spec.name,
        strict=False,
    )


@pytest.fixture(scope="module")
def produced(
    imported_db: Path, sample_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, pd.DataFrame]:
    import shutil

    root = tmp_path_factory.mktemp("frames")
    for name in ("coffeechat.toml", "coffeechat.db"):
        shutil.copy(imported_db / name, root / name)
    with Workspace(root) as ws:
        book = ws.plan(start=date(2026, 11, 30), today=date(2026, 11, 26))
        parsed = read_path(sample_dir / "volunteer_directory.csv")[0].people
        return {
            F.PARSED_PEOPLE.name: parsed,
            F.PEOPLE.name: ws.contacts(),
            F.RANKING.name: ws.rank(top=None, today=date(2026, 11, 26)),
            F.PLAN.name: book.plan,
        }


@pytest.mark.parametrize("spec", F.FRAMES, ids=lambda s: s.name)
def test_each_frame_matches_its_declaration(
    spec: F.FrameSpec, produced: dict[str, pd.DataFrame]
) -> None:
    frame = produced[spec.name]
    assert len(frame) > 10
    assert F.missing(spec, frame) == []
    schema(spec).validate(frame, lazy=True)


def test_a_frame_that_breaks_its_declaration_is_caught(produced: dict[str, pd.DataFrame]) -> None:
    ranking = produced[F.RANKING.name].copy()
    ranking.loc[ranking.index[0], "warmth"] = 1.5
    with pytest.raises(pa.errors.SchemaErrors):
        schema(F.RANKING).validate(ranking, lazy=True)
    assert F.missing(F.PLAN, ranking) != []
