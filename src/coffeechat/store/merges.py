"""Undoable merges: every merge is written down with what it takes to take it back.

Two kinds of merge join records into one person:
- an *accepted duplicate* (`dupes --accept`) folds one person into another; the journal keeps the
  folded person's row and which rows of every table moved, so `unmerge` restores both people as
  they were (what happened to either since is kept);
- an *import* joins a record to someone already known (same email, name and employer ...); the
  record stays in `source_records`, and the journal keeps the values the import changed on the
  person, so `unmerge` makes the record a person of its own again and puts back what it changed.

Unmerged people are kept apart from then on (their pair is a rejected duplicate).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coffeechat import columns as C

ACCEPTED = "accepted duplicate"
IMPORT = "import"

MIGRATION = """
CREATE TABLE merges (
    merge_id    INTEGER PRIMARY KEY,
    kept_id     TEXT NOT NULL,
    dropped_id  TEXT NOT NULL DEFAULT '',
    batch_id    INTEGER,
    rule        TEXT NOT NULL,
    merged_at   TEXT NOT NULL,
    journal     TEXT NOT NULL DEFAULT '{}',
    undone_at   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX merges_kept ON merges(kept_id);
CREATE INDEX merges_batch ON merges(batch_id, kept_id);
"""

_PERSON_FIELDS = (*C.PERSON_TEXT_FIELDS, *C.PERSON_FLAG_FIELDS, C.VOLUNTEER)


@dataclass(frozen=True)
class Merge:
    """One merge that can be undone: `ref` names it (`m12` an accepted duplicate, `r345` a record
    an import merged in), with where it came from in words."""

    ref: str
    kept_id: str
    what: str
    when: str


def _rows(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _ids(conn: sqlite3.Connection, sql: str, params: Sequence[Any]) -> list[Any]:
    return [row[0] for row in conn.execute(sql, params)]


# -- accepted duplicates -------------------------------------------------------------------


def before_accepted(conn: sqlite3.Connection, keep: str, drop: str) -> dict[str, Any]:
    """What an accepted merge of `drop` into `keep` will move, read before it runs."""
    return {
        "dropped_row": _rows(conn, "SELECT * FROM people WHERE person_id = ?", (drop,))[0],
        "kept_row": _rows(conn, "SELECT * FROM people WHERE person_id = ?", (keep,))[0],
        "source_records": _ids(
            conn, "SELECT record_id FROM source_records WHERE person_id = ?", (drop,)
        ),
        "person_events": _ids(
            conn, "SELECT event_id FROM person_events WHERE person_id = ?", (drop,)
        ),
        "outreach_events": _ids(
            conn, "SELECT event_id FROM outreach_events WHERE person_id = ?", (drop,)
        ),
        "interactions": _rows(
            conn,
            "SELECT batch_id, kind, direction, occurred_at FROM interactions WHERE person_id = ?",
            (drop,),
        ),
        "introductions": _rows(
            conn,
            "SELECT introducer_id, person_id, introduced_on, note, batch_id FROM introductions"
            " WHERE introducer_id = ? OR person_id = ?",
            (drop, drop),
        ),
        "answers": _ids(conn, "SELECT question FROM answers WHERE person_id = ?", (drop,)),
        "written": _ids(conn, "SELECT write_id FROM written_rows WHERE person_id = ?", (drop,)),
        "kept_interactions": _ids(
            conn, "SELECT interaction_id FROM interactions WHERE person_id = ?", (keep,)
        ),
        "kept_introductions": _ids(
            conn,
            "SELECT intro_id FROM introductions WHERE introducer_id = ? OR person_id = ?",
            (keep, keep),
        ),
        "kept_answers": _ids(conn, "SELECT question FROM answers WHERE person_id = ?", (keep,)),
        "kept_written": _ids(
            conn, "SELECT write_id FROM written_rows WHERE person_id = ?", (keep,)
        ),
    }


def record_accepted(
    conn: sqlite3.Connection, keep: str, drop: str, journal: dict[str, Any], *, now: str
) -> None:
    """Write the journal of an accepted merge once it has run (what it added to `keep`)."""
    kept_after = _rows(conn, "SELECT * FROM people WHERE person_id = ?", (keep,))[0]
    journal["kept_changed"] = {
        k: [journal["kept_row"][k], v]
        for k, v in kept_after.items()
        if k in _PERSON_FIELDS and journal["kept_row"][k] != v
    }
    journal["added_interactions"] = sorted(
        set(_ids(conn, "SELECT interaction_id FROM interactions WHERE person_id = ?", (keep,)))
        - set(journal.pop("kept_interactions"))
    )
    journal["added_introductions"] = sorted(
        set(
            _ids(
                conn,
                "SELECT intro_id FROM introductions WHERE introducer_id = ? OR person_id = ?",
                (keep, keep),
            )
        )
        - set(journal.pop("kept_introductions"))
    )
    journal["accepted_record"] = conn.execute(
        "SELECT MAX(record_id) FROM source_records WHERE person_id = ? AND merge_rule = ?",
        (keep, ACCEPTED),
    ).fetchone()[0]
    journal.pop("kept_row")
    conn.execute(
        "INSERT INTO merges (kept_id, dropped_id, rule, merged_at, journal) VALUES (?, ?, ?, ?, ?)",
        (keep, drop, ACCEPTED, now, json.dumps(journal, ensure_ascii=False, default=str)),
    )


def _undo_accepted(
    conn: sqlite3.Connection, keep: str, drop: str, journal: Mapping[str, Any]
) -> None:
    row = journal["dropped_row"]
    names = list(row)
    conn.execute(
        f"INSERT INTO people ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [row[n] for n in names],
    )

    def back(table: str, key: str, ids: Sequence[Any]) -> None:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            conn.execute(
                f"UPDATE {table} SET person_id = ? WHERE person_id = ? AND {key} IN"
                f" ({', '.join('?' * len(chunk))})",
                [drop, keep, *chunk],
            )

    back("source_records", "record_id", journal["source_records"])
    back("person_events", "event_id", journal["person_events"])
    back("outreach_events", "event_id", journal["outreach_events"])
    back("answers", "question", [q for q in journal["answers"] if q not in journal["kept_answers"]])
    # (Merges since migration 23 leave what workbooks showed under the row's own id; older ones
    # moved it to the person kept.)
    back(
        "written_rows",
        "write_id",
        [w for w in journal["written"] if w not in journal["kept_written"]],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO interactions (person_id, batch_id, kind, direction, occurred_at)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (drop, r["batch_id"], r["kind"], r["direction"], r["occurred_at"])
            for r in journal["interactions"]
        ],
    )
    conn.executemany(
        "DELETE FROM interactions WHERE interaction_id = ?",
        [(i,) for i in journal["added_interactions"]],
    )
    conn.executemany(
        "DELETE FROM introductions WHERE intro_id = ?",
        [(i,) for i in journal["added_introductions"]],
    )
    conn.executemany(
        "INSERT OR IGNORE INTO introductions (introducer_id, person_id, introduced_on, note,"
        " batch_id) VALUES (?, ?, ?, ?, ?)",
        [(r["introducer_id"], r["person_id"], r["introduced_on"], r["note"], r["batch_id"])
         for r in journal["introductions"]],
    )  # fmt: skip
    _put_back(conn, keep, journal["kept_changed"])
    if journal.get("accepted_record") is not None:
        conn.execute(
            "DELETE FROM source_records WHERE record_id = ?", (journal["accepted_record"],)
        )
    conn.execute("DELETE FROM merged_people WHERE dropped_id = ?", (drop,))


def _put_back(conn: sqlite3.Connection, person: str, changed: Mapping[str, Sequence[Any]]) -> None:
    """Each field the merge changed back to its value before, unless it has changed since."""
    if not changed:
        return
    now = _rows(conn, "SELECT * FROM people WHERE person_id = ?", (person,))
    if not now:
        return
    back = {k: before for k, (before, after) in changed.items() if now[0].get(k) == after}
    if back:
        conn.execute(
            f"UPDATE people SET {', '.join(f'{k} = ?' for k in back)} WHERE person_id = ?",
            [*back.values(), person],
        )


# -- records an import merged into someone ------------------------------------------------


def record_import(
    conn: sqlite3.Connection,
    batch_id: int,
    changed: Mapping[str, Mapping[str, Sequence[Any]]],
    *,
    now: str,
) -> None:
    """What an import changed on people it merged records into: person -> {field: [before,
    after]}."""
    conn.executemany(
        "INSERT INTO merges (kept_id, batch_id, rule, merged_at, journal) VALUES (?, ?, ?, ?, ?)",
        [
            (pid, batch_id, IMPORT, now, json.dumps({"changed": fields}, ensure_ascii=False))
            for pid, fields in changed.items()
            if fields
        ],
    )


def _undo_record(conn: sqlite3.Connection, record: Mapping[str, Any], *, now: str) -> str:
    """Make a record an import merged into someone a person of its own again; returns its id."""
    from coffeechat.identity.ids import person_id_for
    from coffeechat.identity.keys import org_key

    kept = str(record["person_id"])
    said = json.loads(record["fields"])
    pid = person_id_for("unmerged", str(record["record_id"]))
    while conn.execute("SELECT 1 FROM people WHERE person_id = ?", (pid,)).fetchone():
        pid = person_id_for("unmerged", pid)
    row: dict[str, Any] = {name: str(said.get(name) or "") for name in C.PERSON_TEXT_FIELDS}
    for flag in (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER):
        value = said.get(flag)
        row[flag] = None if value is None or value != value else int(value)  # NaN -> None
    row[C.VOLUNTEER] = row[C.VOLUNTEER] or 0
    company = row[C.COMPANY]
    if company:
        conn.execute(
            "INSERT OR IGNORE INTO organisations (name, org_key) VALUES (?, ?)",
            (company, org_key(company)),
        )
        found = conn.execute(
            "SELECT org_id FROM organisations WHERE org_key = ?", (org_key(company),)
        ).fetchone()
        row["org_id"] = found[0] if found else None
    row.update(
        person_id=pid,
        first_batch_id=record["batch_id"],
        first_source_row=record["source_row"],
        updated_at=now,
    )
    names = list(row)
    conn.execute(
        f"INSERT INTO people ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
        [row[n] for n in names],
    )
    conn.execute("DELETE FROM source_records WHERE record_id = ?", (record["record_id"],))
    # What this import changed on the person, where this record is where the value came from.
    for merge in _rows(
        conn,
        "SELECT merge_id, journal FROM merges WHERE batch_id = ? AND kept_id = ? AND rule = ?",
        (record["batch_id"], kept, IMPORT),
    ):
        changed = json.loads(merge["journal"])["changed"]
        ours = {
            k: v
            for k, v in changed.items()
            if (str(said.get(k) or "") == str(v[1] or "") if k in C.PERSON_TEXT_FIELDS
                else said.get(k) == 1 and v[1] == 1)
        }  # fmt: skip
        _put_back(conn, kept, ours)
    return pid


def merges_of(conn: sqlite3.Connection, person: str) -> list[Merge]:
    """The merges into `person` that can be undone, oldest first."""
    found = [
        _accepted(m)
        for m in _rows(
            conn,
            "SELECT merge_id, kept_id, dropped_id, merged_at, journal FROM merges"
            " WHERE kept_id = ? AND rule = ? AND undone_at = '' ORDER BY merge_id",
            (person, ACCEPTED),
        )
    ]
    for r in _rows(
        conn,
        "SELECT r.record_id, r.source_row, r.merge_rule, r.fields, b.file_name, b.imported_at"
        " FROM source_records r JOIN import_batches b USING (batch_id)"
        " WHERE r.person_id = ? AND r.merge_rule != ? ORDER BY r.record_id",
        (person, ACCEPTED),
    ):
        name = json.loads(r["fields"]).get(C.FULL_NAME) or "(no name)"
        found.append(
            Merge(
                ref=f"r{r['record_id']}",
                kept_id=person,
                what=f"{name}, {r['file_name']} line {r['source_row']}, by {r['merge_rule']}",
                when=str(r["imported_at"]),
            )
        )
    return sorted(found, key=lambda m: m.when)


def latest_accepted(conn: sqlite3.Connection) -> tuple[Merge, str] | None:
    """The latest accepted duplicate not undone, and when exactly it was made ('' when its
    journal is older than that record)."""
    rows = _rows(
        conn,
        "SELECT merge_id, kept_id, dropped_id, merged_at, journal FROM merges"
        " WHERE rule = ? AND undone_at = '' ORDER BY merge_id DESC LIMIT 1",
        (ACCEPTED,),
    )
    if not rows:
        return None
    return _accepted(rows[0]), str(json.loads(rows[0]["journal"]).get("at", ""))


def _accepted(row: Mapping[str, Any]) -> Merge:
    """An accepted duplicate, from its row of `merges`."""
    name = json.loads(row["journal"])["dropped_row"][C.FULL_NAME]
    return Merge(
        ref=f"m{row['merge_id']}",
        kept_id=str(row["kept_id"]),
        what=f"{ACCEPTED}: {name} ({row['dropped_id']})",
        when=str(row["merged_at"]),
    )


def combined_events(conn: sqlite3.Connection, merge: Merge) -> list[int]:
    """The outreach events an accepted merge appended to keep both records' outreach."""
    if not merge.ref.startswith("m"):
        return []
    row = conn.execute("SELECT journal FROM merges WHERE merge_id = ?", (int(merge.ref[1:]),))
    return [int(i) for i in json.loads(row.fetchone()[0]).get("combined_events") or []]


def unmerge(conn: sqlite3.Connection, merge: Merge, *, now: str) -> tuple[str, str]:
    """Undo one merge (caller holds the transaction); returns (kept id, the id of the person
    restored). The two are kept apart from then on."""
    kept = merge.kept_id
    if merge.ref.startswith("m"):
        row = _rows(conn, "SELECT * FROM merges WHERE merge_id = ?", (int(merge.ref[1:]),))[0]
        restored = str(row["dropped_id"])
        _undo_accepted(conn, kept, restored, json.loads(row["journal"]))
        conn.execute("UPDATE merges SET undone_at = ? WHERE merge_id = ?", (now, row["merge_id"]))
    else:
        record = _rows(
            conn, "SELECT * FROM source_records WHERE record_id = ?", (int(merge.ref[1:]),)
        )[0]
        restored = _undo_record(conn, record, now=now)
    a, b = sorted((kept, restored))
    conn.execute(
        "INSERT INTO dupe_candidates (person_a, person_b, score, evidence, status, decided_at)"
        " VALUES (?, ?, 0, 'unmerged', 'rejected', ?)"
        " ON CONFLICT (person_a, person_b) DO UPDATE SET status = 'rejected', decided_at = ?",
        (a, b, now, now),
    )
    return kept, restored
