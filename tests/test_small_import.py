"""A small import into a large workspace reads only the people its records could be (by profile URL,
name key and email). What it stores must be exactly what reading everyone would store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from coffeechat.ingest import read_path, resolver
from coffeechat.workspace import Workspace
from tests.conftest import write

# Every rule, and every way a record names someone known: another of their addresses, a name at
# their employer, a name with their school and class, a profile URL, an introducer by name; and
# someone new.
DIRECTORY = """Full Name,Email,Company,Job Title,School,Class Year,LinkedIn URL
Kofi H.,kofi.hansen24@mailbox.example,,Staff Engineer,,,
Elijah Hussain,,Atelier Moss Architects,Principal Architect,,,
Chris Dubois,,,Analyst,Lakeshore State University,2026,
Aaliyah A.,,,Head of Design,,,https://www.linkedin.com/in/aaliyah-adeyemi-f4e725
Wren Castellanos,wren@harbor.example.org,Harbor Labs,UX Researcher,,,
"""
INTRODUCTIONS = """Name,Company,Position,Introduced by,Date
Wren Castellanos,Harbor Labs,UX Researcher,Aaliyah Kruger,2026-11-20
Odile Marchetti,Harbor Labs,Research Director,Kofi Hansen,2026-11-21
"""
TABLES = {
    "people": "SELECT * FROM people ORDER BY person_id",
    "source_records": "SELECT person_id, source_row, merge_rule, fields FROM source_records"
    " ORDER BY 1, 2, 3, 4",
    "introductions": "SELECT introducer_id, person_id, introduced_on, note FROM introductions"
    " ORDER BY 1, 2",
    "person_events": "SELECT person_id, kind, field, old_value, new_value FROM person_events"
    " ORDER BY 1, 2, 3, 4, 5",
}


def import_into(
    root: Path, files: list[Path], share: float, monkeypatch: pytest.MonkeyPatch
) -> dict:
    monkeypatch.setattr(resolver, "SMALL_IMPORT_SHARE", share)
    with Workspace(root) as ws:
        for path in files:
            ws.import_path(path)
        out = {}
        for name, sql in TABLES.items():
            rows = ws.store.conn.execute(sql).fetchall()
            columns = [d[0] for d in ws.store.conn.execute(sql).description]
            # When a row was written is not what was stored.
            keep = [i for i, c in enumerate(columns) if c not in ("updated_at", "created_at")]
            out[name] = [tuple(r[i] for i in keep) for r in rows]
        return out


def test_a_small_import_stores_what_reading_everyone_would(
    imported_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [
        write(tmp_path / "alumni.csv", DIRECTORY),
        write(tmp_path / "intros.csv", INTRODUCTIONS),
    ]
    results = []
    for share, name in ((0.0, "everyone"), (1.0, "candidates")):
        root = tmp_path / name
        root.mkdir()
        for f in ("coffeechat.toml", "coffeechat.db"):
            shutil.copy(imported_db / f, root / f)
        results.append(import_into(root, files, share, monkeypatch))
    everyone, candidates = results
    assert candidates == everyone
    # And the matches are the ones meant: by another address, name and employer, name, school and
    # class, profile URL; then someone new.
    with Workspace(tmp_path / "candidates") as ws:
        rules = ws.store.conn.execute(
            "SELECT r.source_row, r.merge_rule FROM source_records r JOIN import_batches b"
            " USING (batch_id) WHERE b.file_name LIKE '%alumni.csv' ORDER BY r.source_row"
        ).fetchall()
        # (The new person's row is a record of their own, not a merge.)
        assert [rule for _, rule in rules] == [
            "email", "name+employer", "name+school+class", "profile_url",
        ]  # fmt: skip
        assert len(ws.store.lookup_person("Wren Castellanos")) == 1  # the introduction found her
        assert len(ws.store.lookup_person("Odile Marchetti")) == 1
        assert len(everyone["introductions"]) == len(candidates["introductions"])


def test_the_small_path_is_taken_and_reads_only_the_candidates(
    workspace: Workspace, tmp_path: Path
) -> None:
    parsed = read_path(write(tmp_path / "alumni.csv", DIRECTORY))
    found = resolver.Resolver(workspace.store, set(), parsed)
    assert found.partial
    assert 4 <= len(found.people) <= 10  # the people the rows could be, not the sample's 880
    assert not resolver.Resolver(workspace.store, set()).partial  # without files: everyone
