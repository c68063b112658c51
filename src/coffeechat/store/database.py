"""The workspace store: one SQLite file, versioned schema with forward migrations, foreign keys on, WAL.

Every import runs in one transaction: a failure anywhere leaves the database exactly as it was.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import StoreError
from coffeechat.identity import education
from coffeechat.identity.frames import map_unique
from coffeechat.identity.keys import join_emails, name_key, name_keys
from coffeechat.kinds import ADDRESS_BOOK, DIRECTORY, SourceKind, families
from coffeechat.store import merges
from coffeechat.store.history import (
    DRAFT_FIELDS,
    INT_FIELDS,
    Change,
    Event,
    State,
    effective,
    fold,
    fold_onto,
    merged_fields,
)
from coffeechat.store.history import FIELDS as OUTREACH_FIELDS

# The person columns of migration 1, spelled out: a released migration never changes, even when
# PERSON_TEXT_FIELDS grows (later migrations add the new columns).
_V1_TEXT_FIELDS = (
    "full_name", "first_name", "last_name", "email", "linkedin_url", "company", "position",
    "industry", "location", "school", "class_year", "degree", "connected_on", "willing_to_help",
    "notes", "credentials", "pronouns", "nickname", "external_id",
)  # fmt: skip
_PERSON_COLUMNS = ",\n".join(f"    {name} TEXT NOT NULL DEFAULT ''" for name in _V1_TEXT_FIELDS)

# Forward migrations, applied in order; PRAGMA user_version records how many have run.
# Never edit a released migration: add a new one.
MIGRATIONS: tuple[str, ...] = (
    # 1: the core tables.
    f"""
    CREATE TABLE import_batches (
        batch_id     INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL,
        label        TEXT NOT NULL DEFAULT '',
        file_name    TEXT NOT NULL,
        file_hash    TEXT NOT NULL,
        imported_at  TEXT NOT NULL,
        rows_read    INTEGER NOT NULL DEFAULT 0,
        added        INTEGER NOT NULL DEFAULT 0,
        merged       INTEGER NOT NULL DEFAULT 0,
        skipped      INTEGER NOT NULL DEFAULT 0,
        report       TEXT NOT NULL DEFAULT '{{}}'
    );
    CREATE UNIQUE INDEX import_batches_hash ON import_batches(kind, file_hash);

    CREATE TABLE organisations (
        org_id   INTEGER PRIMARY KEY,
        name     TEXT NOT NULL,
        org_key  TEXT NOT NULL UNIQUE
    );

    CREATE TABLE people (
        person_id   TEXT PRIMARY KEY,
{_PERSON_COLUMNS},
        org_id          INTEGER REFERENCES organisations(org_id),
        do_not_contact  INTEGER,
        deceased        INTEGER,
        lost            INTEGER,
        volunteer       INTEGER NOT NULL DEFAULT 0,
        first_batch_id  INTEGER NOT NULL REFERENCES import_batches(batch_id),
        updated_at      TEXT NOT NULL
    );
    CREATE INDEX people_org ON people(org_id);

    -- Per-record provenance: which file and row said what about whom, and why it merged.
    CREATE TABLE source_records (
        record_id   INTEGER PRIMARY KEY,
        batch_id    INTEGER NOT NULL REFERENCES import_batches(batch_id) ON DELETE CASCADE,
        source_row  INTEGER NOT NULL,
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        merge_rule  TEXT NOT NULL,
        fields      TEXT NOT NULL
    );
    CREATE INDEX source_records_person ON source_records(person_id);

    CREATE TABLE interactions (
        interaction_id INTEGER PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        batch_id    INTEGER NOT NULL REFERENCES import_batches(batch_id),
        kind        TEXT NOT NULL,
        direction   TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        UNIQUE (person_id, kind, direction, occurred_at)
    );

    CREATE TABLE introductions (
        intro_id       INTEGER PRIMARY KEY,
        introducer_id  TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        person_id      TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        introduced_on  TEXT NOT NULL DEFAULT '',
        note           TEXT NOT NULL DEFAULT '',
        batch_id       INTEGER REFERENCES import_batches(batch_id),
        UNIQUE (introducer_id, person_id)
    );

    CREATE TABLE outreach (
        person_id   TEXT PRIMARY KEY REFERENCES people(person_id) ON DELETE CASCADE,
        status      TEXT NOT NULL DEFAULT 'planned',
        planned_on  TEXT NOT NULL DEFAULT '',
        asked_on    TEXT NOT NULL DEFAULT '',
        replied_on  TEXT NOT NULL DEFAULT '',
        met_on      TEXT NOT NULL DEFAULT '',
        thanked_on  TEXT NOT NULL DEFAULT '',
        notes       TEXT NOT NULL DEFAULT '',
        updated_at  TEXT NOT NULL
    );

    -- Facts about the user from their own LinkedIn profile files (schools, employers, emails).
    CREATE TABLE owner_facts (
        kind      TEXT NOT NULL,
        value     TEXT NOT NULL,
        batch_id  INTEGER NOT NULL REFERENCES import_batches(batch_id),
        PRIMARY KEY (kind, value)
    );
    """,
    # 2: dated events (new connections, job changes) seen when a newer export is imported.
    """
    CREATE TABLE person_events (
        event_id    INTEGER PRIMARY KEY,
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        batch_id    INTEGER NOT NULL REFERENCES import_batches(batch_id),
        kind        TEXT NOT NULL,
        field       TEXT NOT NULL DEFAULT '',
        old_value   TEXT NOT NULL DEFAULT '',
        new_value   TEXT NOT NULL DEFAULT '',
        occurred_on TEXT NOT NULL
    );
    CREATE INDEX person_events_person ON person_events(person_id);
    """,
    # 3: the plan's schedule kept with each outreach row (so re-planning keeps dates stable), whether
    # the row is on the current workbook, and the answers typed into the Questions sheet.
    """
    ALTER TABLE outreach ADD COLUMN employer TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN role TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN lamp_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE outreach ADD COLUMN request_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN on_plan INTEGER NOT NULL DEFAULT 0;
    -- What the last workbook showed for each person, so sync applies only what the user changed
    -- there (and a status logged from the terminal meanwhile is not overwritten by a stale cell).
    CREATE TABLE plan_written (
        person_id   TEXT PRIMARY KEY REFERENCES people(person_id) ON DELETE CASCADE,
        cells       TEXT NOT NULL
    );
    CREATE TABLE answers (
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        question    TEXT NOT NULL,
        answer      TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (person_id, question)
    );
    """,
    # 4: name prefixes (Dr.) and suffixes (Jr.) kept in their own fields; fuzzy duplicate candidates
    # awaiting the user's decision.
    """
    ALTER TABLE people ADD COLUMN prefix TEXT NOT NULL DEFAULT '';
    ALTER TABLE people ADD COLUMN suffix TEXT NOT NULL DEFAULT '';
    CREATE TABLE dupe_candidates (
        candidate_id INTEGER PRIMARY KEY,
        person_a     TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        person_b     TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        score        REAL NOT NULL,
        evidence     TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'open',
        decided_at   TEXT NOT NULL DEFAULT '',
        UNIQUE (person_a, person_b)
    );
    """,
    # 5: people the user asked to forget, kept only as hashes of their identity keys so that a
    # later import does not bring them back.
    """
    CREATE TABLE forgotten (
        key_hash     TEXT PRIMARY KEY,
        forgotten_at TEXT NOT NULL
    );
    """,
    # 6: the record that created a person is traced by the person's own row (first_batch_id,
    # first_source_row); source_records keeps the records merged into someone. A big directory
    # no longer writes a provenance row per new person that would only repeat the people row.
    """
    ALTER TABLE people ADD COLUMN first_source_row INTEGER NOT NULL DEFAULT 0;
    UPDATE people SET first_source_row = COALESCE(
        (SELECT r.source_row FROM source_records r
         WHERE r.person_id = people.person_id AND r.batch_id = people.first_batch_id
           AND r.merge_rule = 'new'
         ORDER BY r.record_id LIMIT 1), 0);
    DELETE FROM source_records WHERE record_id IN (
        SELECT MIN(r.record_id) FROM source_records r
        JOIN people p ON p.person_id = r.person_id AND p.first_batch_id = r.batch_id
        WHERE r.merge_rule = 'new' GROUP BY r.person_id);
    """,
    # 7: a person's further email addresses ('; '-joined): the first is `email`, the rest match too.
    """
    ALTER TABLE people ADD COLUMN other_emails TEXT NOT NULL DEFAULT '';
    """,
    # 8: one history of outreach. Every change is an appended event (which fields it set, where it
    # came from); `outreach` becomes the fold of the events, rebuilt for a person whenever one is
    # appended. Each written workbook is a write with its own cell snapshot (drafts as hashes), so
    # a sync compares a file only with what that very write held. The old single snapshot becomes
    # the write 'legacy', used for workbooks written before writes had ids.
    """
    CREATE TABLE outreach_events (
        event_id    INTEGER PRIMARY KEY,
        change_id   INTEGER NOT NULL,
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        recorded_at TEXT NOT NULL,
        -- when the user made the change: for a workbook, when the file was saved
        changed_at  TEXT NOT NULL,
        source      TEXT NOT NULL,
        origin      TEXT NOT NULL DEFAULT '',
        write_id    TEXT NOT NULL DEFAULT '',
        batch_id    INTEGER REFERENCES import_batches(batch_id),
        fields      TEXT NOT NULL,
        previous    TEXT NOT NULL DEFAULT '{}',
        undoes      INTEGER,
        note        TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX outreach_events_person ON outreach_events(person_id, event_id);
    CREATE INDEX outreach_events_change ON outreach_events(change_id);
    INSERT INTO outreach_events (change_id, person_id, recorded_at, changed_at, source, origin,
                                 fields)
    SELECT 1, person_id, updated_at, updated_at, 'migration', 'outreach kept before version 8',
           json_object('status', status,
                       -- everything in progress was shown on the plan: it stays there
                       'on_plan', CASE WHEN status != 'skip' THEN 1 ELSE on_plan END,
                       'planned_on', NULLIF(planned_on, ''),
                       'employer', NULLIF(employer, ''), 'role', NULLIF(role, ''),
                       'lamp_rank', lamp_rank, 'request_on', NULLIF(request_on, ''),
                       'asked_on', NULLIF(asked_on, ''), 'replied_on', NULLIF(replied_on, ''),
                       'met_on', NULLIF(met_on, ''), 'thanked_on', NULLIF(thanked_on, ''),
                       'notes', NULLIF(notes, ''))
    FROM outreach ORDER BY person_id;
    UPDATE outreach SET on_plan = 1 WHERE status != 'skip';
    ALTER TABLE outreach ADD COLUMN meeting_at TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN request_draft TEXT;
    ALTER TABLE outreach ADD COLUMN follow_up_draft TEXT;
    ALTER TABLE outreach ADD COLUMN thank_you_draft TEXT;
    ALTER TABLE outreach ADD COLUMN request_pinned INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE workbook_writes (
        write_id      TEXT PRIMARY KEY,
        path          TEXT NOT NULL,
        written_at    TEXT NOT NULL,
        last_event_id INTEGER NOT NULL DEFAULT 0,
        options       TEXT NOT NULL DEFAULT '{}'
    );
    CREATE TABLE written_rows (
        write_id   TEXT NOT NULL REFERENCES workbook_writes(write_id) ON DELETE CASCADE,
        person_id  TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        cells      TEXT NOT NULL,
        PRIMARY KEY (write_id, person_id)
    );
    -- What each copy of a write showed at its last sync: the baseline of its next sync.
    CREATE TABLE write_syncs (
        write_id      TEXT NOT NULL REFERENCES workbook_writes(write_id) ON DELETE CASCADE,
        path          TEXT NOT NULL,
        synced_at     TEXT NOT NULL,
        last_event_id INTEGER NOT NULL,
        cells         TEXT NOT NULL,
        PRIMARY KEY (write_id, path)
    );
    INSERT INTO workbook_writes (write_id, path, written_at, last_event_id)
    SELECT 'legacy', '', '', (SELECT COALESCE(MAX(event_id), 0) FROM outreach_events)
    WHERE EXISTS (SELECT 1 FROM plan_written);
    INSERT INTO written_rows (write_id, person_id, cells)
    SELECT 'legacy', person_id, cells FROM plan_written;
    DROP TABLE plan_written;
    -- Whom a merged-away id became: a workbook written before a merge still names the old id.
    CREATE TABLE merged_people (
        dropped_id  TEXT PRIMARY KEY,
        kept_id     TEXT NOT NULL,
        merged_at   TEXT NOT NULL
    );
    """,
    # 9: commands that name one person (log, history, intro, forget) find them by index, not by
    # loading everyone.
    """
    CREATE INDEX people_name_nocase ON people(full_name COLLATE NOCASE);
    CREATE INDEX people_linkedin_url ON people(linkedin_url) WHERE linkedin_url != '';
    """,
    # 10: a version that every change to what the people frame is built from moves, whoever
    # writes it: caches beside the store (cache/) are keyed by it.
    """
    CREATE TABLE store_version (version INTEGER NOT NULL);
    INSERT INTO store_version VALUES (0);
    CREATE TRIGGER people_insert_version AFTER INSERT ON people
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER people_update_version AFTER UPDATE ON people
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER people_delete_version AFTER DELETE ON people
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER source_records_insert_version AFTER INSERT ON source_records
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER source_records_update_version AFTER UPDATE ON source_records
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER source_records_delete_version AFTER DELETE ON source_records
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER interactions_insert_version AFTER INSERT ON interactions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER interactions_update_version AFTER UPDATE ON interactions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER interactions_delete_version AFTER DELETE ON interactions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER outreach_insert_version AFTER INSERT ON outreach
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER outreach_update_version AFTER UPDATE ON outreach
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER outreach_delete_version AFTER DELETE ON outreach
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER introductions_insert_version AFTER INSERT ON introductions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER introductions_update_version AFTER UPDATE ON introductions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER introductions_delete_version AFTER DELETE ON introductions
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER import_batches_insert_version AFTER INSERT ON import_batches
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER import_batches_update_version AFTER UPDATE ON import_batches
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER import_batches_delete_version AFTER DELETE ON import_batches
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER person_events_insert_version AFTER INSERT ON person_events
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER person_events_update_version AFTER UPDATE ON person_events
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER person_events_delete_version AFTER DELETE ON person_events
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER owner_facts_insert_version AFTER INSERT ON owner_facts
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER owner_facts_update_version AFTER UPDATE ON owner_facts
    BEGIN UPDATE store_version SET version = version + 1; END;
    CREATE TRIGGER owner_facts_delete_version AFTER DELETE ON owner_facts
    BEGIN UPDATE store_version SET version = version + 1; END;
    """,
    # 11: beyond requests: an introduction asked of an introducer (introduced_on), a congratulations
    # note due after a job change (congratulate_on, with what changed in congratulate_for) and its
    # sending (congratulated_on); and what a volunteer directory says of a volunteer's time.
    """
    ALTER TABLE outreach ADD COLUMN introduced_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN congratulate_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN congratulate_for TEXT NOT NULL DEFAULT '';
    ALTER TABLE outreach ADD COLUMN congratulated_on TEXT NOT NULL DEFAULT '';
    ALTER TABLE people ADD COLUMN capacity TEXT NOT NULL DEFAULT '';
    ALTER TABLE people ADD COLUMN students_now TEXT NOT NULL DEFAULT '';
    ALTER TABLE people ADD COLUMN availability TEXT NOT NULL DEFAULT '';
    """,
    # 12: every merge written down with what it takes to undo it (see store.merges).
    merges.MIGRATION,
    # 13: every school, degree and class year a person's records name (two degrees, two years).
    """
    ALTER TABLE people ADD COLUMN education TEXT NOT NULL DEFAULT '';
    UPDATE people SET education = school
        || CASE WHEN degree != '' OR class_year != ''
                THEN ' (' || degree || CASE WHEN degree != '' AND class_year != '' THEN ', '
                                            ELSE '' END || class_year || ')'
                ELSE '' END
    WHERE school != '' OR class_year != '';
    """,
    # 14: commands about one person read no one else. Each person's name key (accents, case and
    # punctuation removed), indexed, so a name written another way is found without reading
    # everyone: the store fills it before every commit (`_fill_name_keys`), and a change of name
    # from any tool empties it for that fill. And an index on every column that names a person,
    # so deleting one (forget, a merge) does not scan a table for each.
    """
    CREATE INDEX dupe_candidates_b ON dupe_candidates(person_b);
    CREATE INDEX introductions_person ON introductions(person_id);
    CREATE INDEX written_rows_person ON written_rows(person_id);
    CREATE INDEX merges_dropped ON merges(dropped_id);
    CREATE INDEX merged_people_kept ON merged_people(kept_id);
    ALTER TABLE people ADD COLUMN name_key TEXT;
    CREATE TRIGGER people_name_changed AFTER UPDATE OF full_name ON people
    WHEN NEW.full_name IS NOT OLD.full_name AND NEW.name_key IS OLD.name_key
    BEGIN UPDATE people SET name_key = NULL WHERE rowid = NEW.rowid; END;
    """,
    # 15: the name key's index, built once step 14's commit has filled every key (built first, it
    # would be updated half a million times on a career office's workspace: 12 s instead of 7).
    """
    CREATE INDEX IF NOT EXISTS people_name_key ON people(name_key);
    """,
    # 16: outreach has a version of its own. A logged reply or a written plan changes only who is
    # asked, not who people are: the people frame cached beside the store (and the ranker fitted
    # on it) stays fresh, and the outreach columns are read afresh (a few hundred rows).
    """
    ALTER TABLE store_version ADD COLUMN outreach INTEGER NOT NULL DEFAULT 0;
    DROP TRIGGER outreach_insert_version;
    DROP TRIGGER outreach_update_version;
    DROP TRIGGER outreach_delete_version;
    CREATE TRIGGER outreach_insert_version AFTER INSERT ON outreach
    BEGIN UPDATE store_version SET outreach = outreach + 1; END;
    CREATE TRIGGER outreach_update_version AFTER UPDATE ON outreach
    BEGIN UPDATE store_version SET outreach = outreach + 1; END;
    CREATE TRIGGER outreach_delete_version AFTER DELETE ON outreach
    BEGIN UPDATE store_version SET outreach = outreach + 1; END;
    """,
    # 17: the bytes of each workbook as coffeechat last wrote or read them (a SHA-256). A file
    # that still holds them has nothing new to read back, and is not parsed again.
    """
    CREATE TABLE workbook_files (
        path      TEXT PRIMARY KEY,
        sha256    TEXT NOT NULL,
        write_id  TEXT NOT NULL,
        seen_at   TEXT NOT NULL
    );
    """,
    # 18: what each write's Introductions sheet showed (date, note, company and position of each
    # introduction; path '') and what each copy of it showed at its last sync (its path), so that
    # an edit there is read back and a stale copy does not undo a later edit.
    """
    CREATE TABLE written_introductions (
        write_id       TEXT NOT NULL REFERENCES workbook_writes(write_id) ON DELETE CASCADE,
        path           TEXT NOT NULL,
        introducer_id  TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        person_id      TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        cells          TEXT NOT NULL,
        PRIMARY KEY (write_id, path, introducer_id, person_id)
    );
    CREATE INDEX written_introductions_introducer ON written_introductions(introducer_id);
    CREATE INDEX written_introductions_person ON written_introductions(person_id);
    """,
    # 19: a small import into a large store reads only the people its records could be (by
    # profile URL, name key and email), not everyone: emails are found by index too.
    """
    CREATE INDEX people_email ON people(email) WHERE email != '';
    CREATE INDEX people_other_emails ON people(other_emails) WHERE other_emails != '';
    """,
    # 20: `dupes` shows the fifty strongest open pairs of a big network's hundreds of thousands
    # (0.7 s sorting them all without it).
    """
    CREATE INDEX dupe_candidates_open ON dupe_candidates(status, score DESC, candidate_id);
    """,
    # 21: which people a change touched, in the order of the changes: the people frame kept in
    # cache/ is patched with those few people after a small import or a log, instead of every
    # person being read again (10 s on half a million). '*' stands for everyone (a batch's kind
    # changed, or a bulk insert too big to list).
    """
    CREATE TABLE people_touched (
        touch_id  INTEGER PRIMARY KEY AUTOINCREMENT,
        person_id TEXT NOT NULL
    );
    CREATE TRIGGER people_insert_touched AFTER INSERT ON people
    BEGIN INSERT INTO people_touched (person_id) VALUES (NEW.person_id); END;
    CREATE TRIGGER people_update_touched AFTER UPDATE ON people
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id), (NEW.person_id); END;
    CREATE TRIGGER people_delete_touched AFTER DELETE ON people
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id); END;
    CREATE TRIGGER source_records_insert_touched AFTER INSERT ON source_records
    BEGIN INSERT INTO people_touched (person_id) VALUES (NEW.person_id); END;
    CREATE TRIGGER source_records_update_touched AFTER UPDATE ON source_records
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id), (NEW.person_id); END;
    CREATE TRIGGER source_records_delete_touched AFTER DELETE ON source_records
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id); END;
    CREATE TRIGGER interactions_insert_touched AFTER INSERT ON interactions
    BEGIN INSERT INTO people_touched (person_id) VALUES (NEW.person_id); END;
    CREATE TRIGGER interactions_update_touched AFTER UPDATE ON interactions
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id), (NEW.person_id); END;
    CREATE TRIGGER interactions_delete_touched AFTER DELETE ON interactions
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id); END;
    CREATE TRIGGER introductions_insert_touched AFTER INSERT ON introductions
    BEGIN INSERT INTO people_touched (person_id) VALUES (NEW.person_id); END;
    CREATE TRIGGER introductions_update_touched AFTER UPDATE ON introductions
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id), (NEW.person_id); END;
    CREATE TRIGGER introductions_delete_touched AFTER DELETE ON introductions
    BEGIN INSERT INTO people_touched (person_id) VALUES (OLD.person_id); END;
    CREATE TRIGGER import_batches_update_touched AFTER UPDATE OF kind ON import_batches
    BEGIN INSERT INTO people_touched (person_id) VALUES ('*'); END;
    CREATE TRIGGER import_batches_delete_touched AFTER DELETE ON import_batches
    BEGIN INSERT INTO people_touched (person_id) VALUES ('*'); END;
    """,
    # 22: which store this is: caches in cache/ are keyed by it as well as by the version, so a
    # store deleted and made again (its version counting up the same way) never reads the old
    # store's cache.
    """
    CREATE TABLE store_identity (id TEXT NOT NULL);
    INSERT INTO store_identity VALUES (lower(hex(randomblob(16))));
    """,
    # 23: what a workbook showed in a row stays under the id that row carries, also once that
    # person is merged into another: a workbook holding both rows is read row by row against
    # what each showed (a merge deleted the second row's snapshot). `forget` deletes them itself.
    """
    CREATE TABLE written_rows_23 (
        write_id   TEXT NOT NULL REFERENCES workbook_writes(write_id) ON DELETE CASCADE,
        person_id  TEXT NOT NULL,
        cells      TEXT NOT NULL,
        PRIMARY KEY (write_id, person_id)
    );
    INSERT INTO written_rows_23 (write_id, person_id, cells)
    SELECT write_id, person_id, cells FROM written_rows;
    DROP TABLE written_rows;
    ALTER TABLE written_rows_23 RENAME TO written_rows;
    CREATE INDEX written_rows_person ON written_rows(person_id);
    """,
    # 24: event numbers are never given twice. A workbook remembers the last event it had seen,
    # and `forget` deletes a person's events: the next event took the freed number, and a change
    # made after a workbook was written looked older than it. Numbered from past every number a
    # workbook has seen.
    """
    CREATE TABLE outreach_events_24 (
        event_id    INTEGER PRIMARY KEY AUTOINCREMENT,
        change_id   INTEGER NOT NULL,
        person_id   TEXT NOT NULL REFERENCES people(person_id) ON DELETE CASCADE,
        recorded_at TEXT NOT NULL,
        changed_at  TEXT NOT NULL,
        source      TEXT NOT NULL,
        origin      TEXT NOT NULL DEFAULT '',
        write_id    TEXT NOT NULL DEFAULT '',
        batch_id    INTEGER REFERENCES import_batches(batch_id),
        fields      TEXT NOT NULL,
        previous    TEXT NOT NULL DEFAULT '{}',
        undoes      INTEGER,
        note        TEXT NOT NULL DEFAULT ''
    );
    INSERT INTO outreach_events_24 (event_id, change_id, person_id, recorded_at, changed_at,
        source, origin, write_id, batch_id, fields, previous, undoes, note)
    SELECT event_id, change_id, person_id, recorded_at, changed_at, source, origin, write_id,
        batch_id, fields, previous, undoes, note FROM outreach_events;
    DROP TABLE outreach_events;
    ALTER TABLE outreach_events_24 RENAME TO outreach_events;
    CREATE INDEX outreach_events_person ON outreach_events(person_id, event_id);
    CREATE INDEX outreach_events_change ON outreach_events(change_id);
    DELETE FROM sqlite_sequence WHERE name IN ('outreach_events', 'outreach_events_24');
    INSERT INTO sqlite_sequence (name, seq) SELECT 'outreach_events', MAX(n) FROM (
        SELECT COALESCE(MAX(event_id), 0) AS n FROM outreach_events
        UNION ALL SELECT COALESCE(MAX(last_event_id), 0) FROM workbook_writes
        UNION ALL SELECT COALESCE(MAX(last_event_id), 0) FROM write_syncs);
    """,
    # 25: what a workbook's Introductions sheet showed stays under the ids its row carries, as
    # the Plan sheet's does (23), also once one of the two was merged into another person.
    """
    CREATE TABLE written_introductions_25 (
        write_id       TEXT NOT NULL REFERENCES workbook_writes(write_id) ON DELETE CASCADE,
        path           TEXT NOT NULL,
        introducer_id  TEXT NOT NULL,
        person_id      TEXT NOT NULL,
        cells          TEXT NOT NULL,
        PRIMARY KEY (write_id, path, introducer_id, person_id)
    );
    INSERT INTO written_introductions_25 (write_id, path, introducer_id, person_id, cells)
    SELECT write_id, path, introducer_id, person_id, cells FROM written_introductions;
    DROP TABLE written_introductions;
    ALTER TABLE written_introductions_25 RENAME TO written_introductions;
    CREATE INDEX written_introductions_introducer ON written_introductions(introducer_id);
    CREATE INDEX written_introductions_person ON written_introductions(person_id);
    """,
    # 26: LAMP scores a sync wrote into the profile, as part of that sync's change: `undo` puts
    # them back (`before` is null for an employer the sync added).
    """
    CREATE TABLE lamp_changes (
        lamp_change_id INTEGER PRIMARY KEY,
        change_id      INTEGER NOT NULL,
        recorded_at    TEXT NOT NULL,
        employer       TEXT NOT NULL,
        before         TEXT,
        after          TEXT NOT NULL,
        undone_at      TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX lamp_changes_change ON lamp_changes(change_id);
    """,
)
# A bulk insert of more rows than this lists no one in `people_touched` but '*' (everyone): the
# people frame is read again in full, as patching it would take longer.
TOUCHED_LISTED = 50_000
# `people_touched` lists at most about this many changes (`Store.prune_touched`).
TOUCHED_KEPT = 200_000
# The migration that gave people their name key (Store._fill_name_keys), and from how many
# unkeyed names on the vectorised keys pay for loading pandas and Arrow.
_NAME_KEY_MIGRATION = 14
_VECTOR_FILL = 2000
# The write id of snapshots migrated from before writes had ids.
LEGACY_WRITE = "legacy"
SCHEMA_VERSION = len(MIGRATIONS)


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_precise() -> str:
    """UTC with microseconds: events and writes a moment apart must order by their time too."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# How long a command waits for another one writing the same workspace (an import of a big
# directory takes a while) before it says the workspace is busy.
BUSY_SECONDS = 60.0


# What the outreach history lists of each event (with the person's name).
EVENT_COLUMNS = ("event_id", "change_id", "person_id", "full_name", "recorded_at", "source",
                 "origin", "write_id", "batch_id", "fields", "previous", "undoes", "note")  # fmt: skip


class Store:
    """A workspace database. Open with `Store(path)`; use `with store.transaction():` to write."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = path
        self._change_id: int | None = None
        self._identity: str | None = None
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_SECONDS)
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA journal_mode = WAL")
            # Up to 64 MiB of page cache (the default is 2 MiB): a big import adds keys at random
            # places in the person_id index, and with the index cached that costs no extra I/O.
            self.conn.execute("PRAGMA cache_size = -65536")
            version = self.version
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the workspace database ({exc})",
                where=str(path),
                fix="move the damaged file aside and import your files again",
            ) from None
        if version > SCHEMA_VERSION:
            self.conn.close()
            raise StoreError(
                f"the database has schema version {version}, newer than this coffeechat "
                f"({SCHEMA_VERSION})",
                where=str(path),
                fix="upgrade coffeechat",
            )
        if migrate:
            self.migrate()

    @property
    def version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def migrate(self, *, to: int = SCHEMA_VERSION) -> None:
        """Apply the pending migrations up to `to`, each in its own transaction."""
        for number in range(self.version + 1, to + 1):
            with self.transaction():
                for statement in _split_sql(MIGRATIONS[number - 1]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception. Another command writing
        the workspace is waited for up to BUSY_SECONDS, then it is a clear error."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            raise StoreError(
                f"the workspace is busy: another coffeechat command has been writing to it for"
                f" over {BUSY_SECONDS:g} s",
                where=str(self.path),
                fix="wait for it to finish, then run this command again",
            ) from None
        # Everything one transaction appends to the outreach history is one change (one undo).
        self._change_id = None
        try:
            yield self.conn
            self._fill_name_keys()
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError) and (
                "full" in str(exc) or "disk I/O" in str(exc)
            ):
                raise StoreError(
                    "the disk is full (or failing): nothing of this command was stored",
                    where=str(self.path),
                    fix="free some space and run the command again",
                ) from None
            raise

    def _fill_name_keys(self) -> None:
        """Give every person without a name key (new, renamed, restored by an undo, or written by
        another tool) their key. Found by index: a commit that touched no names costs nothing."""
        if self.version < _NAME_KEY_MIGRATION:
            return  # an older schema being migrated: its step 14 adds the column, then fills it
        rows = self.conn.execute(
            "SELECT rowid, full_name FROM people WHERE name_key IS NULL"
        ).fetchall()
        if not rows:
            return
        names = [name for _, name in rows]
        # Many (an import, a migration): Arrow's kernels; a few: a loop, and no numpy to load.
        keys = (
            _name_keys_of(np.asarray(names, dtype=object))
            if len(rows) > _VECTOR_FILL
            else map(name_key, names)
        )
        self.conn.executemany(
            "UPDATE people SET name_key = ? WHERE rowid = ?",
            zip(keys, (rowid for rowid, _ in rows), strict=True),
        )

    def _people_table_columns(self) -> list[str]:
        return [row[1] for row in self.conn.execute("PRAGMA table_info(people)")]

    def query(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> pd.DataFrame:
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=names)

    # -- reading -------------------------------------------------------------------------------

    def identity(self) -> str:
        """This store's own random id (made with it): what tells it from another at a version.
        Read once per connection: it never changes."""
        if self._identity is None:
            self._identity = str(self.conn.execute("SELECT id FROM store_identity").fetchone()[0])
        return self._identity

    def touched_last(self) -> int:
        """The number of the last change listed in `people_touched` (0 for none)."""
        return int(self.conn.execute("SELECT max(touch_id) FROM people_touched").fetchone()[0] or 0)

    def prune_touched(self) -> None:
        """Keep `people_touched` small: past `TOUCHED_KEPT` changes listed, they are replaced by
        one '*' (every frame kept from before then is read again in full, once)."""
        low, high = self.conn.execute(
            "SELECT min(touch_id), max(touch_id) FROM people_touched"
        ).fetchone()
        if low is not None and high - low >= TOUCHED_KEPT:
            self.conn.execute("DELETE FROM people_touched")
            self.conn.execute("INSERT INTO people_touched (person_id) VALUES ('*')")

    def touched_since(self, after: int) -> set[str] | None:
        """The people changed after change number `after` (None when that is everyone: a bulk
        insert too big to list, or an import batch changed)."""
        ids = {str(r[0]) for r in self.conn.execute(
            "SELECT DISTINCT person_id FROM people_touched WHERE touch_id > ?", (after,))}  # fmt: skip
        return None if "*" in ids else ids

    def people(self, ids: Collection[str] | None = None) -> pd.DataFrame:
        """Every person (or those of `ids` who exist) with their sources, message counts,
        introductions and recommendations (not their outreach: `outreach_status` has it, with a
        version of its own)."""
        # Every stored column but the name key, which is the store's own index.
        stored = ", ".join(f"p.{c}" for c in self._people_table_columns() if c != C.NAME_KEY)

        def only(alias: str = "") -> str:
            # A few people: every part of the query keeps to them (one JSON list, any length).
            if ids is None:
                return "1"
            return f"{alias}person_id IN (SELECT value FROM json_each(:ids))"

        frame = self.query(
            f"""
            SELECT {stored},
                   COALESCE(s.sources, '') AS sources,
                   COALESCE(m.message_count, 0) AS message_count,
                   COALESCE(m.messages_sent, 0) AS messages_sent,
                   COALESCE(m.messages_received, 0) AS messages_received,
                   COALESCE(m.first_message_at, '') AS first_message_at,
                   COALESCE(m.last_message_at, '') AS last_message_at,
                   COALESCE(i.introduced_by, '') AS introduced_by,
                   COALESCE(e.recommended_you, 0) AS recommended_you,
                   COALESCE(e.endorsed_you, 0) AS endorsed_you
            FROM people p
            LEFT JOIN (
                SELECT person_id, GROUP_CONCAT(DISTINCT kind) AS sources FROM (
                    SELECT f.person_id, b.kind
                    FROM people f JOIN import_batches b ON b.batch_id = f.first_batch_id
                    WHERE {only("f.")}
                    UNION ALL
                    SELECT r.person_id, b.kind
                    FROM source_records r JOIN import_batches b USING (batch_id)
                    WHERE {only("r.")}
                ) GROUP BY person_id
            ) s USING (person_id)
            LEFT JOIN (
                SELECT person_id, COUNT(*) AS message_count,
                       SUM(direction = 'out') AS messages_sent,
                       SUM(direction = 'in') AS messages_received,
                       MIN(occurred_at) AS first_message_at, MAX(occurred_at) AS last_message_at
                FROM interactions WHERE kind = 'message' AND {only()} GROUP BY person_id
            ) m USING (person_id)
            LEFT JOIN (
                SELECT person_id, MIN(introducer_id) AS introduced_by FROM introductions
                WHERE {only()} GROUP BY person_id
            ) i USING (person_id)
            LEFT JOIN (
                SELECT person_id, SUM(kind = 'recommendation') AS recommended_you,
                       SUM(kind = 'endorsement') AS endorsed_you
                FROM interactions WHERE kind IN ('recommendation', 'endorsement') AND {only()}
                GROUP BY person_id
            ) e USING (person_id)
            WHERE {only("p.")}
            ORDER BY p.full_name, p.person_id
            """,
            {"ids": json.dumps(sorted(ids))} if ids is not None else {},
        )
        kinds = frame[C.SOURCES].astype(str)
        # Few distinct combinations of kinds: each is read once. The families come from
        # kinds.family alone (a vCard is an address book like Google's).
        frame[C.IS_CONNECTION] = map_unique(
            kinds, lambda k: SourceKind.LINKEDIN_CONNECTIONS.value in k.split(",")
        ).astype(bool)
        frame[C.SOURCES] = map_unique(kinds, families).astype(kinds.dtype)
        held = frame[C.SOURCES]
        frame[C.FROM_DIRECTORY] = map_unique(held, lambda f: DIRECTORY in f.split(";")).astype(bool)
        frame[C.FROM_ADDRESS_BOOK] = map_unique(
            held, lambda f: ADDRESS_BOOK in f.split(";")
        ).astype(bool)
        for flag in (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER):
            frame[flag] = frame[flag].fillna(0).astype(int)
        return frame

    def owner_facts(self) -> dict[str, list[str]]:
        facts: dict[str, list[str]] = {}
        for kind, value in self.conn.execute("SELECT kind, value FROM owner_facts ORDER BY rowid"):
            facts.setdefault(kind, []).append(value)
        return facts

    def introductions(self) -> pd.DataFrame:
        return self.query(
            "SELECT introducer_id, person_id, introduced_on, note FROM introductions ORDER BY intro_id"
        )

    def events(self) -> pd.DataFrame:
        return self.query(
            """SELECT e.occurred_on, e.person_id, p.full_name, e.kind, e.field, e.old_value,
                      e.new_value FROM person_events e JOIN people p USING (person_id)
               ORDER BY e.occurred_on, e.event_id"""
        )

    def job_changes(self, batch_id: int) -> pd.DataFrame:
        """The job changes one import recorded (person_id, field, old_value, new_value)."""
        return self.query(
            "SELECT person_id, field, old_value, new_value FROM person_events"
            " WHERE batch_id = ? AND kind = 'job_change' ORDER BY event_id",
            (batch_id,),
        )

    def outreach(self) -> pd.DataFrame:
        return self.query("SELECT * FROM outreach ORDER BY person_id")

    # -- the outreach history -----------------------------------------------------------------

    def outreach_events(self, person_id: str | None = None) -> pd.DataFrame:
        """The history, oldest first (one person's, or everyone's)."""
        return pd.DataFrame(self._outreach_events(person_id), columns=list(EVENT_COLUMNS))

    def outreach_event_rows(self, person_id: str | None = None) -> list[dict[str, Any]]:
        """`outreach_events` as plain rows (one person's history needs no frame)."""
        return [
            dict(zip(EVENT_COLUMNS, row, strict=True)) for row in self._outreach_events(person_id)
        ]

    def _outreach_events(self, person_id: str | None) -> list[tuple[Any, ...]]:
        where = "WHERE e.person_id = ?" if person_id else ""
        names = ", ".join("p.full_name" if c == "full_name" else f"e.{c}" for c in EVENT_COLUMNS)
        return self.conn.execute(
            f"""SELECT {names} FROM outreach_events e JOIN people p USING (person_id) {where}
                ORDER BY e.event_id""",
            (person_id,) if person_id else (),
        ).fetchall()

    def outreach_state(self, person_ids: Sequence[str] | None = None) -> dict[str, State]:
        """Each person's folded outreach (everyone with a history, or the people given)."""
        sql = (
            "SELECT event_id, person_id, source, fields, recorded_at, origin, write_id, changed_at"
            " FROM outreach_events"
        )
        rows: list[tuple[Any, ...]] = []
        if person_ids is None:
            rows = self.conn.execute(sql + " ORDER BY event_id").fetchall()
        else:
            ids = list(dict.fromkeys(person_ids))
            for chunk, marks in _in_chunks(ids):
                rows += self.conn.execute(f"{sql} WHERE person_id IN ({marks})", chunk).fetchall()
            rows.sort(key=lambda r: r[0])
        return fold(
            Event(int(r[0]), str(r[1]), str(r[2]), json.loads(r[3]), *(str(v) for v in r[4:8]))
            for r in rows
        )

    def append_outreach(
        self,
        changes: Sequence[Change],
        *,
        source: str,
        origin: str = "",
        write_id: str = "",
        batch_id: int | None = None,
        changed_at: str = "",
        restate: bool = False,
    ) -> list[int]:
        """Append one event per change that changes something (caller holds the transaction) and
        refresh the folded state of those people. `changed_at` is when the user made the change,
        if not now (a workbook's save). `restate` records every field of a change, also those it
        sets to the value they have. Returns the new event ids."""
        if not changes:
            return []
        states = self.outreach_state([c.person_id for c in changes])
        self._claim_change_id()
        ids: list[int] = []
        touched: list[str] = []
        for change in changes:
            state = states.get(change.person_id)
            fields = dict(change.fields) if restate else effective(change, state)
            if not fields and not change.note:
                continue
            previous = {k: (state.values.get(k) if state else None) for k in fields}
            recorded = now_precise()
            cursor = self.conn.execute(
                "INSERT INTO outreach_events (change_id, person_id, recorded_at, changed_at,"
                " source, origin, write_id, batch_id, fields, previous, undoes, note)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._change_id, change.person_id, recorded, changed_at or recorded, source,
                 origin, write_id, batch_id, json.dumps(fields, ensure_ascii=False),
                 json.dumps(previous, ensure_ascii=False), change.undoes, change.note),
            )  # fmt: skip
            event_id = int(cursor.lastrowid or 0)
            ids.append(event_id)
            touched.append(change.person_id)
            event = Event(
                event_id, change.person_id, source, fields, recorded, origin, write_id,
                changed_at or recorded,
            )  # fmt: skip
            states[change.person_id] = fold_onto(state, event)
        self._refresh_outreach({pid: states[pid] for pid in touched})
        return ids

    def _claim_change_id(self) -> int:
        """The number of this transaction's change (one `undo` takes it back whole)."""
        if self._change_id is None:
            last = self.conn.execute(
                "SELECT MAX(n) FROM (SELECT MAX(change_id) AS n FROM outreach_events"
                " UNION ALL SELECT MAX(change_id) FROM lamp_changes)"
            ).fetchone()[0]
            self._change_id = int(last or 0) + 1
        return self._change_id

    @property
    def last_change_id(self) -> int | None:
        """The change the last transaction recorded, if it recorded one."""
        return self._change_id

    def record_lamp(
        self,
        changes: Sequence[tuple[str, Sequence[int] | None, Sequence[int]]],
        *,
        change: int | None,
    ) -> None:
        """LAMP scores written into the profile: (employer, scores before or None, scores after),
        as part of `change` (the sync's), or a change of their own (caller holds the
        transaction)."""
        change_id = change if change is not None else self._claim_change_id()
        at = now_precise()
        self.conn.executemany(
            "INSERT INTO lamp_changes (change_id, recorded_at, employer, before, after)"
            " VALUES (?, ?, ?, ?, ?)",
            [(change_id, at, name, None if before is None else json.dumps(list(before)),
              json.dumps(list(after))) for name, before, after in changes],
        )  # fmt: skip

    def lamp_changes(self, change_id: int) -> list[tuple[int, str, list[int] | None, list[int]]]:
        """The LAMP scores a change wrote and not yet undone: (id, employer, before, after)."""
        rows = self.conn.execute(
            "SELECT lamp_change_id, employer, before, after FROM lamp_changes"
            " WHERE change_id = ? AND undone_at = '' ORDER BY lamp_change_id",
            (change_id,),
        )
        return [(int(i), str(e), None if b is None else json.loads(b), json.loads(a))
                for i, e, b, a in rows]  # fmt: skip

    def lamp_undone(self, ids: Sequence[int]) -> None:
        self.conn.executemany(
            "UPDATE lamp_changes SET undone_at = ? WHERE lamp_change_id = ?",
            [(now_precise(), i) for i in ids],
        )

    def change_time(self, change_id: int) -> str:
        """When a change was recorded (its latest event's or LAMP score's time)."""
        row = self.conn.execute(
            "SELECT MAX(t) FROM (SELECT MAX(recorded_at) AS t FROM outreach_events"
            " WHERE change_id = ? UNION ALL SELECT MAX(recorded_at) FROM lamp_changes"
            " WHERE change_id = ?)",
            (change_id, change_id),
        ).fetchone()
        return str(row[0] or "")

    def _refresh_outreach(self, states: Mapping[str, State]) -> None:
        """Rewrite the folded rows of `outreach` for these people (a person without a status has
        no row: nothing is planned for them)."""
        ids = list(states)
        for chunk, marks in _in_chunks(ids):
            self.conn.execute(f"DELETE FROM outreach WHERE person_id IN ({marks})", chunk)
        rows = []
        for pid, state in states.items():
            if not state.get("status"):
                continue
            values = {
                name: state.get(name, 0 if name in INT_FIELDS else "")
                for name in OUTREACH_FIELDS
                if name not in DRAFT_FIELDS
            }
            values.update({name: state.values.get(name) for name in DRAFT_FIELDS})
            updated = max((e.recorded_at for e in state.set_by.values()), default="")
            rows.append(
                {"person_id": pid, **values, "request_pinned": int(state.request_pinned),
                 "updated_at": updated or now_iso()}
            )  # fmt: skip
        if rows:
            names = list(rows[0])
            self.conn.executemany(
                f"INSERT INTO outreach ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                [tuple(r[n] for n in names) for r in rows],
            )

    def change_events(self, change_id: int) -> list[int]:
        rows = self.conn.execute(
            "SELECT event_id FROM outreach_events WHERE change_id = ? ORDER BY event_id",
            (change_id,),
        )
        return [int(r[0]) for r in rows]

    def last_undoable_change(self) -> int | None:
        """The latest change that is not an undo and has an event (or LAMP score) not yet
        undone."""
        row = self.conn.execute(
            """SELECT MAX(n) FROM (
                 SELECT MAX(e.change_id) AS n FROM outreach_events e
                 WHERE e.undoes IS NULL
                   AND e.source != 'merge'
                   AND NOT EXISTS (SELECT 1 FROM outreach_events u WHERE u.undoes = e.event_id)
                 UNION ALL SELECT MAX(change_id) FROM lamp_changes WHERE undone_at = '')"""
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def event(self, event_id: int) -> tuple[Event, dict[str, Any]] | None:
        """An event and the values its fields had before it."""
        row = self.conn.execute(
            "SELECT event_id, person_id, source, fields, recorded_at, origin, previous"
            " FROM outreach_events WHERE event_id = ?",
            (event_id,),
        ).fetchone()
        if row is None:
            return None
        event = Event(int(row[0]), str(row[1]), str(row[2]), json.loads(row[3]), row[4], row[5])
        return event, json.loads(row[6])

    # -- workbook writes ---------------------------------------------------------------------

    def add_write(
        self,
        write_id: str,
        path: str,
        cells: Mapping[str, Mapping[str, str]],
        *,
        options: Mapping[str, Any],
    ) -> None:
        """Remember what a workbook write holds (caller holds the transaction)."""
        last = self.conn.execute("SELECT COALESCE(MAX(event_id), 0) FROM outreach_events")
        self.conn.execute(
            "INSERT INTO workbook_writes (write_id, path, written_at, last_event_id, options)"
            " VALUES (?, ?, ?, ?, ?)",
            (write_id, path, now_precise(), int(last.fetchone()[0]),
             json.dumps(dict(options), sort_keys=True, default=str)),
        )  # fmt: skip
        self.conn.executemany(
            "INSERT INTO written_rows (write_id, person_id, cells) VALUES (?, ?, ?)",
            [
                (write_id, pid, json.dumps(dict(values), sort_keys=True, ensure_ascii=False))
                for pid, values in cells.items()
            ],
        )

    def file_seen(self, path: str) -> str | None:
        """The SHA-256 of the workbook at `path` when this workspace last wrote or read it."""
        row = self.conn.execute("SELECT sha256 FROM workbook_files WHERE path = ?", (path,))
        found = row.fetchone()
        return str(found[0]) if found else None

    def record_file(self, path: str, sha256: str, write_id: str) -> None:
        """Remember the bytes of a workbook just written or read (caller holds the transaction)."""
        self.conn.execute(
            "INSERT INTO workbook_files (path, sha256, write_id, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256,"
            " write_id = excluded.write_id, seen_at = excluded.seen_at",
            (path, sha256, write_id, now_precise()),
        )

    def workbook_paths(self) -> list[str]:
        """Where every workbook was written (as recorded then)."""
        rows = self.conn.execute("SELECT DISTINCT path FROM workbook_writes WHERE path != ''")
        return [str(r[0]) for r in rows]

    def write_info(self, write_id: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT path, written_at, last_event_id, options FROM workbook_writes"
            " WHERE write_id = ?",
            (write_id,),
        ).fetchone()
        if row is None:
            return None
        return {"path": row[0], "written_at": row[1], "last_event_id": int(row[2]),
                "options": json.loads(row[3])}  # fmt: skip

    def written_rows(self, write_id: str) -> dict[str, dict[str, str]]:
        rows = self.conn.execute(
            "SELECT person_id, cells FROM written_rows WHERE write_id = ?", (write_id,)
        )
        return {pid: json.loads(cells) for pid, cells in rows}

    def write_sync(self, write_id: str, path: str) -> dict[str, Any] | None:
        """What this copy of a write showed at its last sync (cells by person), if it was synced."""
        row = self.conn.execute(
            "SELECT last_event_id, cells FROM write_syncs WHERE write_id = ? AND path = ?",
            (write_id, path),
        ).fetchone()
        return {"last_event_id": int(row[0]), "cells": json.loads(row[1])} if row else None

    def record_sync(self, write_id: str, path: str, cells: Mapping[str, Mapping[str, str]]) -> None:
        """Remember what a copy of a write showed, as of the latest event (caller holds the
        transaction, after appending the sync's changes)."""
        last = self.conn.execute("SELECT COALESCE(MAX(event_id), 0) FROM outreach_events")
        self.conn.execute(
            "INSERT INTO write_syncs (write_id, path, synced_at, last_event_id, cells)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (write_id, path) DO UPDATE SET"
            " synced_at = excluded.synced_at, last_event_id = excluded.last_event_id,"
            " cells = excluded.cells",
            (write_id, path, now_precise(), int(last.fetchone()[0]),
             json.dumps({k: dict(v) for k, v in cells.items()}, ensure_ascii=False)),
        )  # fmt: skip

    def written_values(self, person_ids: Sequence[str], name: str) -> set[tuple[str, str]]:
        """(person, value) of one cell across every write: what coffeechat itself wrote there."""
        found: set[tuple[str, str]] = set()
        ids = list(dict.fromkeys(person_ids))
        for chunk, marks in _in_chunks(ids):
            rows = self.conn.execute(
                "SELECT person_id, json_extract(cells, '$.' || ?) FROM written_rows"
                f" WHERE person_id IN ({marks})",
                (name, *chunk),
            )
            found |= {(str(p), str(v)) for p, v in rows if v is not None}
        return found

    def last_plan_options(self) -> dict[str, Any]:
        """The options of the latest written plan ({} before the first)."""
        row = self.conn.execute(
            "SELECT options FROM workbook_writes WHERE write_id != ? ORDER BY written_at DESC,"
            " rowid DESC LIMIT 1",
            (LEGACY_WRITE,),
        ).fetchone()
        return json.loads(row[0]) if row else {}

    def messages(self, person_ids: Sequence[str], *, batch_id: int | None = None) -> pd.DataFrame:
        """Messages with these people (all, or those a batch added): person, direction, time."""
        frames = []
        ids = list(dict.fromkeys(person_ids))
        for chunk, marks in _in_chunks(ids):
            sql = (
                "SELECT person_id, direction, occurred_at FROM interactions WHERE kind = 'message'"
                f" AND person_id IN ({marks})"
            )
            params: list[Any] = list(chunk)
            if batch_id is not None:
                sql += " AND batch_id = ?"
                params.append(batch_id)
            frames.append(self.query(sql + " ORDER BY occurred_at", params))
        if not frames:
            return pd.DataFrame(columns=["person_id", "direction", "occurred_at"])
        return pd.concat(frames, ignore_index=True)

    def save_dupe_candidates(self, found: pd.DataFrame) -> None:
        """Add newly found candidates; earlier decisions (accepted, rejected) are kept."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO dupe_candidates (person_a, person_b, score, evidence) VALUES (?, ?, ?, ?)",
            found[["person_a", "person_b", "score", "evidence"]].itertuples(index=False, name=None),
        )

    def dupe_candidates(
        self, *, status: str | None = "open", limit: int | None = None
    ) -> pd.DataFrame:
        """Candidate pairs with both people's name, title and employer, strongest first (the first
        `limit` of them: a terminal shows fifty of a big network's half a million)."""
        where = "WHERE d.status = ?" if status else ""
        params: list[object] = [status] if status else []
        if limit is not None:
            params.append(limit)
        return self.query(
            f"""SELECT d.candidate_id, d.person_a, a.full_name AS name_a, d.person_b,
                       b.full_name AS name_b, d.score, d.evidence, d.status,
                       a.company AS employer_a, b.company AS employer_b,
                       a.position AS title_a, b.position AS title_b
                FROM dupe_candidates d JOIN people a ON a.person_id = d.person_a
                JOIN people b ON b.person_id = d.person_b {where}
                ORDER BY d.score DESC, d.candidate_id
                {"LIMIT ?" if limit is not None else ""}""",
            tuple(params),
        )

    def count_dupe_candidates(self, *, status: str = "open") -> int:
        return int(
            self.conn.execute(
                "SELECT COUNT(*) FROM dupe_candidates WHERE status = ?", (status,)
            ).fetchone()[0]
        )

    def merge_people(self, keep: str, drop: str) -> None:
        """Fold person `drop` into `keep` everywhere, then delete `drop` (caller holds the
        transaction). The merge is journaled: `unmerge` restores both."""
        journal = merges.before_accepted(self.conn, keep, drop)
        for table in ("source_records", "person_events"):
            self.conn.execute(f"UPDATE {table} SET person_id = ? WHERE person_id = ?", (keep, drop))
        self.conn.execute(
            "INSERT OR IGNORE INTO interactions (person_id, batch_id, kind, direction, occurred_at)"
            " SELECT ?, batch_id, kind, direction, occurred_at FROM interactions WHERE person_id = ?",
            (keep, drop),
        )
        self.conn.execute(
            """INSERT OR IGNORE INTO introductions (introducer_id, person_id, introduced_on, note, batch_id)
               SELECT CASE WHEN introducer_id = :drop THEN :keep ELSE introducer_id END,
                      CASE WHEN person_id = :drop THEN :keep ELSE person_id END,
                      introduced_on, note, batch_id
               FROM introductions
               WHERE (introducer_id = :drop OR person_id = :drop)
                 AND NOT (introducer_id IN (:drop, :keep) AND person_id IN (:drop, :keep))""",
            {"keep": keep, "drop": drop},
        )
        # The outreach history follows the person; the folded state is rebuilt from it, and
        # what the fold alone would drop (one record's notes, a meeting logged on the other) is
        # set again by one event of the merge, which `unmerge` takes away.
        before = self.outreach_state([keep, drop])
        self.conn.execute(
            "UPDATE outreach_events SET person_id = ? WHERE person_id = ?", (keep, drop)
        )
        self.conn.execute("DELETE FROM outreach WHERE person_id = ?", (drop,))
        merged = self.outreach_state([keep]).get(keep, State())
        self._refresh_outreach({keep: merged})
        journal["combined_events"] = []
        if keep in before and drop in before:
            name = self.conn.execute(
                "SELECT full_name FROM people WHERE person_id = ?", (drop,)
            ).fetchone()[0]
            fields = merged_fields(before[keep], before[drop], merged, dropped_name=str(name))
            # A field both records had is set again too, so that undoing an event from before
            # the merge does not take it back to what one record alone had before that event.
            both = set(before[keep].values) & set(before[drop].values)
            fields = {**{k: merged.values[k] for k in sorted(both) if k in merged.values}, **fields}
            journal["combined_events"] = self.append_outreach(
                [Change(keep, fields, note=f"merged with {name}: both records' outreach kept")],
                source="merge", origin="coffeechat dupes --accept", restate=True,
            )  # fmt: skip
        self.conn.execute(
            "UPDATE OR IGNORE answers SET person_id = ? WHERE person_id = ?", (keep, drop)
        )
        kept = self.query("SELECT * FROM people WHERE person_id IN (?, ?)", (keep, drop)).set_index(
            "person_id"
        )
        fills = {
            name: kept.loc[drop, name]
            for name in C.PERSON_TEXT_FIELDS
            if not kept.loc[keep, name] and kept.loc[drop, name]
        }
        everything = join_emails(
            *(
                str(kept.loc[who, f] or "")
                for who in (keep, drop)
                for f in (C.EMAIL, C.OTHER_EMAILS)
            )
        )
        fills[C.EMAIL], _, fills[C.OTHER_EMAILS] = everything.partition("; ")
        fills[C.EDUCATION] = education.join(
            str(kept.loc[keep, C.EDUCATION] or ""), str(kept.loc[drop, C.EDUCATION] or "")
        )
        for flag in ("do_not_contact", "deceased", "lost", "volunteer"):
            if kept.loc[drop, flag] == 1:
                fills[flag] = 1
        if fills:
            self.conn.execute(
                f"UPDATE people SET {', '.join(f'{k} = ?' for k in fills)} WHERE person_id = ?",
                (*fills.values(), keep),
            )
        # The dropped person's own row traced the record that created them: it becomes a record
        # merged into `keep`, so every value can still be traced to its file and row.
        dropped = kept.loc[drop]
        said = {name: dropped[name] for name in C.PERSON_TEXT_FIELDS if dropped[name]}
        self.insert_records(
            [
                (
                    int(str(dropped["first_batch_id"])),
                    int(str(dropped["first_source_row"])),
                    keep,
                    "accepted duplicate",
                    json.dumps(said, ensure_ascii=False),
                )
            ]
        )
        self.conn.execute("DELETE FROM people WHERE person_id = ?", (drop,))
        self.conn.execute(
            "INSERT OR REPLACE INTO merged_people (dropped_id, kept_id, merged_at) VALUES (?, ?, ?)",
            (drop, keep, now_iso()),
        )
        # (`undo` tells a merge made after the last change from one made before it.)
        journal["at"] = now_precise()
        merges.record_accepted(self.conn, keep, drop, journal, now=now_iso())

    def journal_import(
        self, batch_id: int, changed: Mapping[str, Mapping[str, Sequence[Any]]]
    ) -> None:
        """What an import changed on people it merged records into (so `unmerge` can undo it)."""
        merges.record_import(self.conn, batch_id, changed, now=now_iso())

    def latest_merge(self) -> tuple[merges.Merge, str] | None:
        """The latest accepted duplicate not undone, and when exactly it was made ('' for a
        merge made before that was recorded)."""
        return merges.latest_accepted(self.conn)

    def merges_of(self, person_id: str) -> list[merges.Merge]:
        """The merges into a person that `unmerge` can undo, oldest first."""
        return merges.merges_of(self.conn, person_id)

    def unmerge(self, merge: merges.Merge) -> tuple[str, str]:
        """Undo a merge (caller holds the transaction): (kept id, restored id)."""
        combined = set(merges.combined_events(self.conn, merge))
        kept, restored = merges.unmerge(self.conn, merge, now=now_iso())
        # Outreach events moved back with the person: both folded states are rebuilt.
        states = self.outreach_state([kept, restored])
        self._refresh_outreach({pid: states.get(pid, State()) for pid in (kept, restored)})
        if combined:
            # What the merge set to keep both records' outreach is taken back by one more event
            # (event ids only grow: workbooks compare with them), leaving later changes as they are.
            now = states.get(kept, State()).values
            rows = self.conn.execute(
                "SELECT event_id, person_id, source, fields FROM outreach_events"
                " WHERE person_id = ? ORDER BY event_id",
                (kept,),
            ).fetchall()
            own = (
                fold(
                    Event(int(r[0]), str(r[1]), str(r[2]), json.loads(r[3]))
                    for r in rows
                    if int(r[0]) not in combined
                )
                .get(kept, State())
                .values
            )
            back = {k: own.get(k) for k in {*now, *own} if now.get(k) != own.get(k)}
            if back:
                self.append_outreach(
                    [Change(kept, back, note="unmerged: the other record's outreach went back")],
                    source="merge", origin="coffeechat unmerge",
                )  # fmt: skip
        return kept, restored

    def forget(self, person_id: str, key_hashes: list[str]) -> None:
        """Delete a person everywhere (cascading to every table) and remember only key hashes."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO forgotten (key_hash, forgotten_at) VALUES (?, ?)",
            [(h, now_iso()) for h in key_hashes],
        )
        self.conn.execute(
            "DELETE FROM dupe_candidates WHERE person_a = ? OR person_b = ?", (person_id, person_id)
        )
        # What a workbook showed of them (under their id, or an id merged into theirs) is kept
        # per row and, as of its last sync, as JSON: scrubbed too.
        ids = [person_id, *self._merged_ids(person_id)]
        for chunk, marks in _in_chunks(ids):
            self.conn.execute(f"DELETE FROM written_rows WHERE person_id IN ({marks})", chunk)
            self.conn.execute(
                f"DELETE FROM written_introductions WHERE introducer_id IN ({marks})"
                f" OR person_id IN ({marks})",
                chunk + chunk,
            )
        self.conn.executemany(
            "UPDATE write_syncs SET cells = json_remove(cells, '$.' || json_quote(?))",
            [(pid,) for pid in ids],
        )
        self.conn.execute("UPDATE merged_people SET kept_id = '' WHERE kept_id = ?", (person_id,))
        # Merge journals hold copies of a person's fields: gone with them.
        self.conn.execute(
            "DELETE FROM merges WHERE kept_id = ? OR dropped_id = ?", (person_id, person_id)
        )
        self.conn.execute("DELETE FROM people WHERE person_id = ?", (person_id,))
        # The list of changes keeps no trace of them either: '*' in their place has every kept
        # frame read again (without them).
        self.conn.execute("DELETE FROM people_touched WHERE person_id = ?", (person_id,))
        self.conn.execute("INSERT INTO people_touched (person_id) VALUES ('*')")

    def content_version(self) -> int:
        """Moves with every change to people, their records, messages, introductions, imports and
        events, from any connection or tool (triggers keep it). Not with outreach: see
        `outreach_version`."""
        return int(self.conn.execute("SELECT version FROM store_version").fetchone()[0])

    def outreach_version(self) -> int:
        """Moves with every change to anyone's outreach state."""
        return int(self.conn.execute("SELECT outreach FROM store_version").fetchone()[0])

    def outreach_status(self) -> dict[str, tuple[str, str]]:
        """person_id -> (status, asked_on) of everyone with outreach (plain rows, by index)."""
        rows = self.conn.execute("SELECT person_id, status, asked_on FROM outreach")
        return {str(p): (str(s or ""), str(a or "")) for p, s, a in rows}

    def data_version(self) -> int:
        """Changes whenever another connection commits (for caches keyed on the store)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def people_columns(self, columns: Sequence[str]) -> pd.DataFrame:
        """Some columns of every person, in the order they were added."""
        return self.query(f"SELECT {', '.join(columns)} FROM people ORDER BY rowid")

    def people_count(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM people").fetchone()[0])

    def people_by_keys(
        self,
        columns: Sequence[str],
        *,
        urls: Iterable[str] = (),
        name_keys: Iterable[str] = (),
        emails: Iterable[str] = (),
    ) -> pd.DataFrame:
        """Some columns of the people holding any of these profile URLs, name keys or email
        addresses (their first or any other one), in the order they were added. By index: the
        other addresses through the index of the few people who have any."""
        self._fill_unkeyed_names()
        rowids: set[int] = set()
        for column, values in (("linkedin_url", urls), ("name_key", name_keys), ("email", emails)):
            wanted = sorted({v for v in values if v})
            for chunk, marks in _in_chunks(wanted):
                rows = self.conn.execute(
                    f"SELECT rowid FROM people WHERE {column} IN ({marks}) AND {column} != ''",
                    chunk,
                )
                rowids.update(r[0] for r in rows)
        addresses = {e for e in emails if e}
        if addresses:
            rows = self.conn.execute(
                "SELECT rowid, other_emails FROM people INDEXED BY people_other_emails"
                " WHERE other_emails != ''"
            )
            rowids.update(r for r, found in rows if addresses & set(str(found).split("; ")))
        frames = []
        for chunk, marks in _in_chunks(sorted(rowids)):
            frames.append(
                self.query(
                    f"SELECT {', '.join(columns)} FROM people WHERE rowid IN ({marks})"
                    " ORDER BY rowid",
                    chunk,
                )
            )
        if not frames:
            return self.query(f"SELECT {', '.join(columns)} FROM people WHERE 0")
        return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these person ids are taken."""
        found: set[str] = set()
        for chunk, marks in _in_chunks(sorted(set(ids))):
            rows = self.conn.execute(
                f"SELECT person_id FROM people WHERE person_id IN ({marks})", chunk
            )
            found.update(str(r[0]) for r in rows)
        return found

    def lookup_person(self, query: str, *, url: str = "") -> list[tuple[str, str]]:
        """(person_id, full_name) of the people a query names exactly: their id, their LinkedIn
        URL (`url`, normalised by the caller) or their full name, case ignored. Indexed."""
        row = self.conn.execute(
            "SELECT person_id, full_name FROM people WHERE person_id = ?", (query,)
        ).fetchone()
        if row:
            return [(str(row[0]), str(row[1]))]
        if url:
            rows = self.conn.execute(
                "SELECT person_id, full_name FROM people WHERE linkedin_url = ? AND linkedin_url != ''",
                (url,),
            ).fetchall()
            if rows:
                return [(str(p), str(n)) for p, n in rows]
        rows = self.conn.execute(
            "SELECT person_id, full_name FROM people WHERE full_name = ? COLLATE NOCASE"
            " ORDER BY full_name, person_id",
            (query.strip(),),
        ).fetchall()
        return [(str(p), str(n)) for p, n in rows]

    def lookup_name_key(self, key: str, *, part: bool = False) -> list[tuple[str, str]]:
        """(person_id, full_name) of the people whose name key is `key` (by index), or with
        `part` holds it as whole words ("garcia" and "jose garcia" in "jose garcia lopez", not
        "ana lee" in "ana leer": a scan, but in SQLite, not Python)."""
        self._fill_unkeyed_names()
        if not part:
            rows = self.conn.execute(
                "SELECT person_id, full_name FROM people WHERE name_key = ?"
                " ORDER BY full_name, person_id",
                (key,),
            ).fetchall()
            return [(str(p), str(n)) for p, n in rows]
        # The part is looked for in the name key index alone (a third of the time of reading the
        # table), whole words checked here; the people it names are then read by rowid.
        word = f" {key} "
        rowids = [
            rowid
            for rowid, found in self.conn.execute(
                "SELECT rowid, name_key FROM people WHERE instr(name_key, ?) > 0", (key,)
            )
            if word in f" {found} "
        ]
        rows = []
        for chunk, marks in _in_chunks(rowids):
            rows += self.conn.execute(
                f"SELECT person_id, full_name FROM people WHERE rowid IN ({marks})", chunk
            ).fetchall()
        rows.sort(key=lambda row: (row[1], row[0]))
        return [(str(p), str(n)) for p, n in rows]

    def _fill_unkeyed_names(self) -> None:
        """Names another tool wrote since coffeechat last committed (its triggers empty the key
        of a renamed person) are keyed before a lookup by key."""
        if self.conn.in_transaction:  # this command's own writes, not yet committed
            self._fill_name_keys()
        elif self.conn.execute("SELECT 1 FROM people WHERE name_key IS NULL LIMIT 1").fetchone():
            with self.transaction():
                pass  # the commit fills them (see _fill_name_keys)

    def person_record(self, person_id: str) -> dict[str, Any]:
        """One person's stored row as a plain dict (the people table's columns)."""
        cursor = self.conn.execute("SELECT * FROM people WHERE person_id = ?", (person_id,))
        row = cursor.fetchone()
        if row is None:
            raise KeyError(person_id)
        return dict(zip((d[0] for d in cursor.description), row, strict=True))

    def person_rows(self, person_ids: Sequence[str]) -> pd.DataFrame:
        """The stored rows of these people (people table columns only)."""
        frames = [
            self.query(f"SELECT * FROM people WHERE person_id IN ({marks})", chunk)
            for chunk, marks in _in_chunks(list(dict.fromkeys(person_ids)))
        ]
        return (
            pd.concat(frames, ignore_index=True)
            if frames
            else self.query("SELECT * FROM people WHERE 0")
        )

    def has_kind(self, kind: str) -> bool:
        """Whether any import of this kind (e.g. linkedin_connections) was made."""
        row = self.conn.execute("SELECT 1 FROM import_batches WHERE kind = ? LIMIT 1", (kind,))
        return row.fetchone() is not None

    def kind_of_hash(self, file_hash: str) -> str | None:
        """The kind of the first import with exactly these bytes, if any."""
        row = self.conn.execute(
            "SELECT kind FROM import_batches WHERE file_hash = ? ORDER BY batch_id LIMIT 1",
            (file_hash,),
        ).fetchone()
        return str(row[0]) if row else None

    def decide_dupe(self, candidate_id: int, status: str) -> None:
        """Record the user's decision on a duplicate candidate (caller holds the transaction)."""
        self.conn.execute(
            "UPDATE dupe_candidates SET status = ?, decided_at = ? WHERE candidate_id = ?",
            (status, now_iso(), candidate_id),
        )

    def names(self, person_ids: Sequence[str]) -> dict[str, str]:
        """person_id -> full name, for the ids that exist."""
        out: dict[str, str] = {}
        for chunk, marks in _in_chunks(list(dict.fromkeys(person_ids))):
            rows = self.conn.execute(
                f"SELECT person_id, full_name FROM people WHERE person_id IN ({marks})", chunk
            )
            out.update((str(pid), str(name)) for pid, name in rows)
        return out

    def with_merged(self, person_ids: Sequence[str]) -> set[str]:
        """Those of these people that another person was merged into."""
        found: set[str] = set()
        for chunk, marks in _in_chunks(list(dict.fromkeys(person_ids))):
            rows = self.conn.execute(
                f"SELECT DISTINCT kept_id FROM merged_people WHERE kept_id IN ({marks})", chunk
            )
            found |= {str(r[0]) for r in rows}
        return found

    def _merged_ids(self, person_id: str) -> list[str]:
        """Every id merged into this person, directly or through later merges."""
        rows = self.conn.execute(
            """WITH RECURSIVE into_them(id) AS (
                   SELECT dropped_id FROM merged_people WHERE kept_id = ?
                   UNION SELECT m.dropped_id FROM merged_people m JOIN into_them ON m.kept_id = id)
               SELECT id FROM into_them""",
            (person_id,),
        )
        return [str(r[0]) for r in rows]

    def merged_into(self, person_ids: Sequence[str]) -> dict[str, str]:
        """Ids that were merged into someone else, and whom (followed through later merges; ''
        if the person merged into was forgotten)."""
        found = dict(self.conn.execute("SELECT dropped_id, kept_id FROM merged_people"))
        out = {}
        for pid in person_ids:
            seen, target = {pid}, found.get(pid)
            while target and target in found and target not in seen:
                seen.add(target)
                target = found[target]
            if target is not None:
                out[pid] = target
        return out

    def forgotten_hashes(self) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT key_hash FROM forgotten")}

    def answers(self) -> pd.DataFrame:
        return self.query(
            "SELECT person_id, question, answer FROM answers ORDER BY person_id, question"
        )

    def save_answer(self, person_id: str, question: str, answer: str) -> None:
        self.conn.execute(
            "INSERT INTO answers (person_id, question, answer, updated_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (person_id, question) DO UPDATE SET answer = excluded.answer,"
            " updated_at = excluded.updated_at",
            (person_id, question, answer, now_iso()),
        )

    def has_batch(self, kind: str, file_hash: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM import_batches WHERE kind = ? AND file_hash = ?", (kind, file_hash)
        ).fetchone()
        return row is not None

    # -- writing (callers hold a transaction) --------------------------------------------------

    def add_batch(self, *, kind: str, label: str, file_name: str, file_hash: str) -> int:
        cursor = self.conn.execute(
            "INSERT INTO import_batches (kind, label, file_name, file_hash, imported_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (kind, label, file_name, file_hash, now_iso()),
        )
        return int(cursor.lastrowid or 0)

    def finish_batch(
        self,
        batch_id: int,
        *,
        rows_read: int,
        added: int,
        merged: int,
        skipped: int,
        report: dict[str, Any],
    ) -> None:
        self.conn.execute(
            "UPDATE import_batches SET rows_read=?, added=?, merged=?, skipped=?, report=?"
            " WHERE batch_id=?",
            (rows_read, added, merged, skipped, json.dumps(report), batch_id),
        )

    def org_ids(self, names: dict[str, str]) -> dict[str, int]:
        """org_key -> org_id for the given {org_key: display name}, creating missing ones."""
        self.conn.executemany(
            "INSERT OR IGNORE INTO organisations (name, org_key) VALUES (?, ?)",
            [(name, key) for key, name in names.items() if key],
        )
        return dict(self.conn.execute("SELECT org_key, org_id FROM organisations").fetchall())

    def insert_people(self, rows: list[dict[str, Any]]) -> None:
        if not rows:
            return
        names = list(rows[0])
        self.conn.executemany(
            f"INSERT INTO people ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [tuple(r[n] for n in names) for r in rows],
        )

    def insert_columns(self, columns: Mapping[str, Any], table: str = "people") -> None:
        """Insert rows given column by column: equal-length arrays, or one value for every row.

        Columns that are empty in every row (or given as None) are left to the table's defaults
        ('' or NULL): most files fill few of the fields, and binding fewer values is most of the
        cost of a big insert.
        Missing values (None, NaN) are bound as NULL."""
        kept: dict[str, Any] = {}
        rows = 0
        for name, given in columns.items():
            if np.ndim(given) == 0:
                if given is not None:  # None for every row: the column's default
                    kept[name] = given
                continue
            values = np.asarray(given, dtype=object)
            rows = len(values)
            missing = pd.isna(values)
            if missing.any():
                values = values.copy()
                values[missing] = None
            if (~missing & (values != "")).any():
                kept[name] = values
        if not rows:
            return
        bound: dict[str, Iterable[Any]] = {
            name: v if isinstance(v, np.ndarray) else itertools.repeat(v, rows)
            for name, v in kept.items()
        }
        if table == "people" and C.FULL_NAME in kept and C.NAME_KEY not in kept:
            # Keyed with Arrow's kernels as they are inserted, a slice at a time (the keys of a
            # whole directory at once would add to an import's peak memory); the commit's fill
            # would key them one by one and write every row twice.
            bound[C.NAME_KEY] = _name_keys_of(kept[C.FULL_NAME])
        names = list(bound)
        with self._bulk_insert(table, rows):
            self.conn.executemany(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                zip(*bound.values(), strict=True),
            )

    @contextmanager
    def _bulk_insert(self, table: str, rows: int) -> Iterator[None]:
        """Insert many rows into `table` at about the cost of the rows alone, inside the current
        transaction.

        The table's insert trigger moves the store's version once per row (a third of the time
        of inserting 500,000 people): it is suspended, and the version moves once. When the new
        rows at least match those already there, the table's indexes are built after the insert
        rather than kept up row by row (another quarter). Both come back from their own SQL
        before the transaction commits; a failure rolls back all of it with the transaction."""
        if not self.conn.in_transaction:
            raise RuntimeError("a bulk insert runs inside a transaction")
        schema = self.conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL"
            " AND (name = ? OR type = 'index')",
            (table, f"{table}_insert_version"),
        ).fetchall()
        present = self.conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        suspended = [(kind, name, sql) for kind, name, sql in schema
                     if kind == "trigger" or rows >= present]  # fmt: skip
        touched = self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
            (f"{table}_insert_touched",),
        ).fetchone()
        for kind, name, _ in suspended:
            self.conn.execute(f"DROP {kind.upper()} {name}")
        if touched is not None:
            # The people it touched are listed once, after the rows (`people_touched`).
            self.conn.execute(f"DROP TRIGGER {table}_insert_touched")
        yield
        for _, _, sql in suspended:
            self.conn.execute(sql)
        if any(kind == "trigger" for kind, _, _ in suspended):
            self.conn.execute("UPDATE store_version SET version = version + 1")
        if touched is not None:
            self.conn.execute(touched[0])
            if rows > TOUCHED_LISTED:
                self.conn.execute("DELETE FROM people_touched")
                self.conn.execute("INSERT INTO people_touched (person_id) VALUES ('*')")
            else:
                self.conn.execute(
                    f"INSERT INTO people_touched (person_id) SELECT person_id FROM {table}"
                    " WHERE rowid > ?",
                    (present,),
                )

    def update_frame(self, frame: pd.DataFrame) -> None:
        """Rewrite the given columns of the people in a frame (keyed by person_id)."""
        if frame.empty:
            return
        fields = [c for c in frame.columns if c != "person_id"]
        self.conn.executemany(
            f"UPDATE people SET {', '.join(f'{f} = ?' for f in fields)} WHERE person_id = ?",
            _plain_rows(frame[[*fields, "person_id"]]),
        )

    def insert_records(self, rows: list[tuple[int, int, str, str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO source_records (batch_id, source_row, person_id, merge_rule, fields)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )

    def insert_interactions(self, rows: list[tuple[str, int, str, str, str]]) -> int:
        """Insert what is new; returns how many were (rowcount leaves out the version trigger's
        own updates, which total_changes would count)."""
        cursor = self.conn.executemany(
            "INSERT OR IGNORE INTO interactions (person_id, batch_id, kind, direction, occurred_at)"
            " VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        return max(cursor.rowcount, 0)

    def record_written_introductions(
        self,
        write_id: str,
        shown: Mapping[tuple[str, str], Mapping[str, str]],
        *,
        path: str = "",
    ) -> None:
        """Remember what a write's Introductions sheet shows per introduction, or (with `path`)
        what that copy of it showed at its sync (caller holds the transaction)."""
        self.conn.executemany(
            "INSERT INTO written_introductions (write_id, path, introducer_id, person_id, cells)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (write_id, path, introducer_id, person_id)"
            " DO UPDATE SET cells = excluded.cells",
            [
                (write_id, path, a, b, json.dumps(dict(cells), sort_keys=True, ensure_ascii=False))
                for (a, b), cells in shown.items()
            ],
        )

    def written_introductions(
        self, write_id: str, path: str = ""
    ) -> dict[tuple[str, str], dict[str, str]]:
        """What the write showed per introduction, updated by what the copy at `path` showed at
        its last sync."""
        rows = self.conn.execute(
            "SELECT introducer_id, person_id, cells FROM written_introductions"
            " WHERE write_id = ? AND path IN ('', ?) ORDER BY path = ''",
            (write_id, path),
        )
        found: dict[tuple[str, str], dict[str, str]] = {}
        for a, b, cells in rows:  # the copy's own first: setdefault keeps it
            found.setdefault((str(a), str(b)), json.loads(cells))
        return found

    def update_introduction(
        self, introducer_id: str, person_id: str, *, introduced_on: str, note: str
    ) -> None:
        """Set the date and note of an introduction (caller holds the transaction)."""
        self.conn.execute(
            "UPDATE introductions SET introduced_on = ?, note = ?"
            " WHERE introducer_id = ? AND person_id = ?",
            (introduced_on, note, introducer_id, person_id),
        )

    def introduction(self, introducer_id: str, person_id: str) -> tuple[str, str] | None:
        """(introduced_on, note) of one introduction, if it is known."""
        row = self.conn.execute(
            "SELECT introduced_on, note FROM introductions WHERE introducer_id = ? AND person_id = ?",
            (introducer_id, person_id),
        ).fetchone()
        return (str(row[0]), str(row[1])) if row else None

    def has_introduction(self, introducer_id: str, person_id: str) -> bool:
        return bool(
            self.conn.execute(
                "SELECT 1 FROM introductions WHERE introducer_id = ? AND person_id = ?",
                (introducer_id, person_id),
            ).fetchone()
        )

    def insert_introduction(
        self,
        introducer_id: str,
        person_id: str,
        introduced_on: str,
        note: str,
        batch_id: int | None,
    ) -> bool:
        cursor = self.conn.execute(
            "INSERT OR IGNORE INTO introductions (introducer_id, person_id, introduced_on, note,"
            " batch_id) VALUES (?, ?, ?, ?, ?)",
            (introducer_id, person_id, introduced_on, note, batch_id),
        )
        return cursor.rowcount > 0

    def insert_events(self, rows: list[tuple[str, int, str, str, str, str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO person_events (person_id, batch_id, kind, field, old_value, new_value,"
            " occurred_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def add_owner_facts(self, facts: dict[str, list[str]], batch_id: int) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO owner_facts (kind, value, batch_id) VALUES (?, ?, ?)",
            [(kind, value, batch_id) for kind, values in facts.items() for value in values],
        )


def _plain_rows(frame: pd.DataFrame) -> Iterator[tuple[Any, ...]]:
    """Rows as tuples of Python values sqlite3 can bind (no numpy or pandas scalars, NaN as NULL)."""
    columns = [
        frame[name].astype(object).where(frame[name].notna(), None).to_numpy()
        for name in frame.columns
    ]
    return zip(*columns, strict=True)


def _name_keys_of(names: np.ndarray, size: int = 50_000) -> Iterator[str]:
    """The name key of each name ('' for a missing one), computed a slice at a time."""
    for start in range(0, len(names), size):
        part = pd.Series(names[start : start + size], dtype=object).fillna("").astype(str)
        yield from name_keys(part).to_numpy(dtype=object)


def _in_chunks(ids: Sequence[Any], size: int = 500) -> Iterator[tuple[list[Any], str]]:
    """Ids in slices small enough for one `IN (...)`, each with its placeholders."""
    for start in range(0, len(ids), size):
        chunk = list(ids[start : start + size])
        yield chunk, ", ".join("?" * len(chunk))


def _split_sql(script: str) -> list[str]:
    """The statements of a migration, one by one (a trigger's body keeps its own semicolons)."""
    statements = []
    pending = ""
    for part in script.split(";"):
        lines = [ln for ln in part.splitlines() if not ln.strip().startswith("--")]
        pending += "\n".join(lines) + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                statements.append(pending.strip().rstrip(";"))
            pending = ""
    return statements
