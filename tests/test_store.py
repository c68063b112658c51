from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from coffeechat.errors import StoreError
from coffeechat.store import database
from coffeechat.store.database import MIGRATIONS, SCHEMA_VERSION, Store


def test_new_store_is_at_the_latest_version_with_foreign_keys_and_wal(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    assert store.version == SCHEMA_VERSION == len(MIGRATIONS)
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "people",
        "organisations",
        "import_batches",
        "source_records",
        "interactions",
        "introductions",
        "outreach",
        "person_events",
    } <= tables


def test_version_1_database_migrates_forward_and_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    store = Store(path, migrate=False)
    store.migrate(to=1)
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        store.conn.execute(
            "INSERT INTO people (person_id, full_name, first_batch_id, updated_at)"
            " VALUES ('p1', 'Ana Lee', ?, 'now')",
            (batch,),
        )
    store.close()
    assert "person_events" not in {
        r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")
    }
    upgraded = Store(path)
    assert upgraded.version == SCHEMA_VERSION
    assert upgraded.people()["full_name"].tolist() == ["Ana Lee"]
    upgraded.conn.execute("SELECT * FROM person_events").fetchall()


def test_a_database_from_a_newer_coffeechat_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this coffeechat"):
        Store(path)


def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the workspace database"):
        Store(path)


def test_transaction_rolls_back_everything_on_error(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    with pytest.raises(RuntimeError), store.transaction():
        store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        raise RuntimeError("boom")
    assert store.query("SELECT * FROM import_batches").empty


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    store = Store(tmp_path / "c.db")
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.conn.execute(
            "INSERT INTO interactions (person_id, batch_id, kind, direction, occurred_at)"
            " VALUES ('nobody', 99, 'message', 'in', '2026-01-01')"
        )


def test_version_5_provenance_moves_the_creating_record_onto_the_person(tmp_path: Path) -> None:
    """Migration 6: the record that created a person becomes people.first_source_row; records
    merged into someone stay in source_records, and `sources` still names every file family."""
    path = tmp_path / "v5.db"
    store = Store(path, migrate=False)
    store.migrate(to=5)
    with store.transaction():
        first = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h1")
        second = store.add_batch(
            kind="linkedin_connections", label="", file_name="Connections.csv", file_hash="h2"
        )
        store.conn.execute(
            "INSERT INTO people (person_id, full_name, first_batch_id, updated_at)"
            " VALUES ('p1', 'Ana Lee', ?, 'now')",
            (first,),
        )
        store.insert_records(
            [(first, 7, "p1", "new", ""), (second, 12, "p1", "email", '{"email": "a@b.test"}')]
        )
    store.close()
    upgraded = Store(path)
    assert upgraded.query("SELECT first_source_row FROM people")["first_source_row"].tolist() == [7]
    left = upgraded.query("SELECT batch_id, source_row, merge_rule FROM source_records")
    assert left.values.tolist() == [[second, 12, "email"]]
    assert upgraded.people()["sources"].tolist() == ["directory;linkedin"]


def test_version_7_outreach_becomes_a_history_and_its_snapshot_the_legacy_write(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    store = Store(path, migrate=False)
    store.migrate(to=7)
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        for pid, name in (("p1", "Ana Lee"), ("p2", "Bo Chen"), ("p3", "Cy Diaz")):
            store.conn.execute(
                "INSERT INTO people (person_id, full_name, first_batch_id, updated_at)"
                " VALUES (?, ?, ?, 'now')",
                (pid, name, batch),
            )
        store.conn.executemany(
            "INSERT INTO outreach (person_id, status, asked_on, notes, on_plan, request_on,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, '2026-11-01T10:00:00Z')",
            [("p1", "asked", "2026-11-02", "via alumni portal", 1, "2026-11-02"),
             ("p2", "met", "", "", 0, ""), ("p3", "skip", "", "", 0, "2026-11-05")],
        )  # fmt: skip
        store.conn.execute(
            "INSERT INTO plan_written (person_id, cells) VALUES ('p1', '{\"status\": \"asked\"}')"
        )
    store.close()
    upgraded = Store(path)
    state = upgraded.outreach().set_index("person_id")
    assert tuple(state.loc["p1", ["status", "asked_on", "notes", "on_plan"]]) == (
        "asked", "2026-11-02", "via alumni portal", 1,
    )  # fmt: skip
    # Everything in progress was on the plan before (shown whatever on_plan said): it stays.
    assert state.loc["p2", "on_plan"] == 1 and state.loc["p3", "on_plan"] == 0
    history = upgraded.outreach_events()
    assert history["source"].tolist() == ["migration"] * 3
    assert upgraded.written_rows("legacy") == {"p1": {"status": "asked"}}
    assert "plan_written" not in {
        r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }


def _person(store: Store, pid: str, name: str) -> None:
    batch = store.conn.execute("SELECT MAX(batch_id) FROM import_batches").fetchone()[0]
    store.conn.execute(
        "INSERT INTO people (person_id, full_name, first_batch_id, updated_at)"
        " VALUES (?, ?, ?, 'now')",
        (pid, name, batch),
    )


@pytest.mark.parametrize("vectorised", [False, True])
def test_version_13_names_are_keyed_on_upgrade_and_found_written_another_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vectorised: bool
) -> None:
    """Migration 14: every name gets its key (accents, case, punctuation gone) and is found by it,
    by index; a part of a name is found as whole words only. Keyed one by one, or with Arrow's
    kernels as for a big workspace: the same keys."""
    if vectorised:
        monkeypatch.setattr(database, "_VECTOR_FILL", 0)
    path = tmp_path / "v13.db"
    store = Store(path, migrate=False)
    store.migrate(to=13)
    with store.transaction():
        store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        for pid, name in (
            ("p1", "José García-López"),
            ("p2", "Ana Leeds"),
            ("p3", "Maria Ana Lee"),
        ):
            _person(store, pid, name)
    store.close()
    upgraded = Store(path)
    keys = dict(upgraded.conn.execute("SELECT person_id, name_key FROM people").fetchall())
    assert keys == {"p1": "jose garcia lopez", "p2": "ana leeds", "p3": "maria ana lee"}
    assert upgraded.lookup_name_key("jose garcia lopez") == [("p1", "José García-López")]
    assert upgraded.lookup_name_key("garcia lopez") == []  # not the whole name
    assert upgraded.lookup_name_key("garcia lopez", part=True) == [("p1", "José García-López")]
    # "ana lee" is in Maria Ana Lee's name; in Ana Leeds' it is only the start of a word.
    assert upgraded.lookup_name_key("ana lee", part=True) == [("p3", "Maria Ana Lee")]
    plan = upgraded.conn.execute(
        "EXPLAIN QUERY PLAN SELECT person_id FROM people WHERE name_key = ?", ("x",)
    ).fetchall()
    assert "people_name_key" in str(plan)


def test_a_name_changed_by_any_writer_is_keyed_again(tmp_path: Path) -> None:
    """Whoever renames someone (an import, a merge, an undo, another tool on the file), the name
    key follows: a trigger empties it and the next commit, or the next lookup, fills it."""
    path = tmp_path / "c.db"
    store = Store(path)
    with store.transaction():
        store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        _person(store, "p1", "Bo Chen")
        assert store.lookup_name_key("bo chen") == [("p1", "Bo Chen")]  # inside the transaction
        store.conn.execute("UPDATE people SET full_name = 'Bo Chén-Wu' WHERE person_id = 'p1'")
    assert store.lookup_name_key("bo chen wu") == [("p1", "Bo Chén-Wu")]
    store.close()
    other = sqlite3.connect(path)  # a tool that knows nothing of the key
    other.execute("UPDATE people SET full_name = 'Bob Chen' WHERE person_id = 'p1'")
    other.commit()
    other.close()
    again = Store(path)
    assert again.lookup_name_key("bo chen wu") == []
    assert again.lookup_name_key("bob chen") == [("p1", "Bob Chen")]


def test_deleting_a_person_reads_every_table_that_names_them_by_index(tmp_path: Path) -> None:
    """`forget` and merges delete one person: each table that refers to people is searched by an
    index, not scanned (on 500,000 people a scan per table is most of a second)."""
    store = Store(tmp_path / "c.db")
    plan = str(
        store.conn.execute(
            "EXPLAIN QUERY PLAN DELETE FROM people WHERE person_id = ?", ("p1",)
        ).fetchall()
    )
    children = store.conn.execute(
        "SELECT m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) f"
        " WHERE m.type = 'table' AND f.\"table\" = 'people'"
    ).fetchall()
    assert len(children) >= 10
    assert "SCAN" not in plan, plan
    for statement in (
        "DELETE FROM dupe_candidates WHERE person_a = ? OR person_b = ?",
        "DELETE FROM merges WHERE kept_id = ? OR dropped_id = ?",
        "UPDATE merged_people SET kept_id = '' WHERE kept_id = ?",
    ):
        args = ("p1",) * statement.count("?")
        found = str(store.conn.execute(f"EXPLAIN QUERY PLAN {statement}", args).fetchall())
        assert "SCAN" not in found, (statement, found)


def _schema(store: Store) -> list[tuple[str, str, str]]:
    return sorted(store.conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall())


def _people(store: Store, batch: int, ids: list[str]) -> dict[str, object]:
    return {
        "person_id": ids,
        "full_name": [f"Person {i}" for i in ids],
        "linkedin_url": [f"https://www.linkedin.com/in/{i}" for i in ids],
        "first_batch_id": batch,
        "updated_at": "2026-11-28",
    }


@pytest.mark.parametrize("existing", [0, 3, 40])
def test_a_bulk_insert_leaves_the_schema_as_it_was_and_moves_the_version(
    tmp_path: Path, existing: int
) -> None:
    """Inserting many people suspends the per-row version trigger (and, when the rows outnumber
    those there, the indexes); afterwards every trigger and index is back, the version has moved,
    the indexes answer, and a later single insert moves the version again."""
    store = Store(tmp_path / "c.db")
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        store.insert_columns(_people(store, batch, [f"old{i}" for i in range(existing)]))
    before, version = _schema(store), store.content_version()
    with store.transaction():
        store.insert_columns(_people(store, batch, [f"new{i}" for i in range(20)]))
    assert _schema(store) == before
    assert store.content_version() != version
    plan = store.conn.execute(
        "EXPLAIN QUERY PLAN SELECT person_id FROM people WHERE name_key = ?", ("person new3",)
    ).fetchall()
    assert "people_name_key" in str(plan)
    assert store.lookup_name_key("person new3") == [("new3", "Person new3")]
    assert store.conn.execute("SELECT count(*) FROM people WHERE name_key IS NULL").fetchone() == (
        0,
    )
    moved = store.content_version()
    with store.transaction():
        store.conn.execute(
            "INSERT INTO people (person_id, full_name, first_batch_id, updated_at)"
            " VALUES ('solo', 'Solo Person', ?, 'now')",
            (batch,),
        )
    assert store.content_version() != moved


def test_a_bulk_insert_that_fails_leaves_rows_triggers_and_indexes_as_they_were(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "c.db")
    with store.transaction():
        batch = store.add_batch(kind="directory", label="", file_name="a.csv", file_hash="h")
        store.insert_columns(_people(store, batch, ["a", "b"]))
    before, version = _schema(store), store.content_version()
    # The last row repeats a person id: the insert fails after writing the rows before it.
    with pytest.raises(sqlite3.IntegrityError), store.transaction():
        store.insert_columns(_people(store, batch, ["c", "d", "e", "a"]))
    assert _schema(store) == before
    assert store.content_version() == version
    assert sorted(store.people()["person_id"]) == ["a", "b"]
