"""Fold parsed records into the people known so far: match them to people, give the new ones ids,
merge values, and prepare the store writes that record it all.

The resolver computes without touching the store: everything a file changes comes back as `Write`s
that an import runs later, inside its transaction, once the batch has its id. So the write lock is
held only for writing (see `importer.import_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import education
from coffeechat.identity.frames import as_text, by_unique
from coffeechat.identity.ids import person_ids_for
from coffeechat.identity.keys import join_emails, name_keys, normalize_profile_urls, org_keys
from coffeechat.identity.resolve import (
    RULES,
    WITHIN_FILE,
    KeyIndex,
    addresses,
    hash_key,
    key_frame,
    key_hashes,
)
from coffeechat.ingest.records import ParsedFile
from coffeechat.ingest.reports import FileReport
from coffeechat.kinds import SourceKind
from coffeechat.store.database import Store, now_iso

# A store write waiting for the id of its import batch.
Write = Callable[[int], None]

# An event row without its batch: (person_id, kind, field, old value, new value, date).
_Event = tuple[str, str, str, str, str, str]

FLAG_FIELDS = (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER)


# An import whose records are at most this share of the people known reads only the people they
# could be (see `Resolver`); a larger one reads everyone, which is then cheaper than the lookups.
SMALL_IMPORT_SHARE = 0.1


class Resolver:
    """The people known so far (a frame indexed by person_id) and their identity keys; folds each
    file's records into them, column-wise.

    Given the files about to be imported, and when they are small beside the store, only the
    people their records could match are read: everyone holding one of their profile URLs, name
    keys or email addresses. Every rule matches on one of those (the name rules on the name key
    with more), so the matches are the same as against everyone, and a name that belongs to one
    person among those read belongs to one person in the store. Importing two people into half a
    million then takes a fraction of a second instead of reading them all."""

    def __init__(
        self, store: Store, own_emails: set[str], files: Sequence[ParsedFile] | None = None
    ) -> None:
        self.store = store
        self.own_emails = own_emails
        columns = [C.PERSON_ID, *C.PERSON_TEXT_FIELDS, *FLAG_FIELDS]
        wanted = _Wanted.of(files) if files is not None else None
        self.partial = wanted is not None and (
            wanted.rows <= SMALL_IMPORT_SHARE * store.people_count()
        )
        if wanted is not None and self.partial:
            people = store.people_by_keys(
                columns, urls=wanted.urls, name_keys=wanted.names, emails=wanted.emails
            )
        else:
            people = store.people_columns(columns)
        self._people = people.set_index(
            pd.Index(people[C.PERSON_ID].to_numpy(dtype=object), dtype=object)
        )
        self._added: list[pd.DataFrame] = []  # joined to _people only when someone asks
        self.ids: set[str] = (
            _StoredIds(store, self._people.index) if self.partial else set(self._people.index)
        )
        self.keys = KeyIndex(self._people)
        self.forgotten = store.forgotten_hashes()
        self.had_connections = store.has_kind(SourceKind.LINKEDIN_CONNECTIONS)

    @property
    def people(self) -> pd.DataFrame:
        """Everyone known so far, indexed by person_id."""
        if self._added:
            self._people = pd.concat([self._people, *self._added])
            self._added = []
        return self._people

    def resolve(
        self,
        parsed: ParsedFile,
        frame: pd.DataFrame,
        report: FileReport,
        writes: list[Write],
        *,
        keep: bool = True,
    ) -> pd.Series:
        """Fold a people frame into the people known; returns each row's person_id (None for rows
        skipped) and appends the store writes that record it to `writes`. `keep=False` when
        nothing is planned after this: the new people are not kept for matching (on a 500,000-row
        directory, a copy of them and their keys is a quarter of the import's memory)."""
        records = frame.reset_index(drop=True)
        lines = records[C.SOURCE_ROW].astype(int)
        records = self._drop_excluded(records, lines, report)
        if records.empty:
            return pd.Series(dtype=object)
        record_ids = records[C.EXTERNAL_ID]
        group = record_ids if record_ids.ne("").any() else None
        found = self.keys.match(records, group=group)
        person = found.person.copy()
        new = person.isna()
        # One new person per cluster, with a stable id from its strongest key. (Positions only:
        # a copy of the first rows would be a copy of nearly every row of a new directory.)
        first = found.cluster[new].drop_duplicates().index
        if len(first):
            rows = records.loc[first, [C.SOURCE_ROW, C.FULL_NAME]]
            seeds = _seeds(rows, found.keys.loc[first], parsed.sha256)
            ids = person_ids_for(seeds, self.ids)
            cluster_id = dict(zip(found.cluster[first], ids, strict=True))
            person[new] = found.cluster[new].map(cluster_id)
        first_line = pd.Series(
            lines[first].to_numpy(),
            index=pd.Index(person[first], dtype=object),
        )
        rule = found.rule.copy()
        starts = pd.Series(False, index=records.index)
        starts[first] = True
        rule[new & ~starts] = WITHIN_FILE
        report.added += int(starts.sum())
        for name, count in rule[~starts].value_counts().items():
            report.merged[str(name)] += int(count)
        # Each frame here is a column of pointers per field for every row (a hundred megabytes
        # on a large directory): the records go once provenance has what it needs of them, and
        # the combined frame once it is split.
        provenance = _provenance(records[~starts], lines, person, rule)
        combined = _combine(records.assign(**{C.PERSON_ID: person}))
        del records
        is_fresh = combined.index.isin(person[new])
        fresh, known = combined[is_fresh], combined[~is_fresh]
        del combined
        updates, events = self._updates(
            known,
            overwrite=parsed.kind == SourceKind.LINKEDIN_CONNECTIONS,
            standing=set(parsed.mapping.values()) & set(C.STANDING_FIELDS),
        )
        changed = self._changes(updates)
        report.events.update(
            {k: len([e for e in events if e[1] == k]) for k in {e[1] for e in events}}
        )
        if parsed.kind == SourceKind.LINKEDIN_CONNECTIONS and self.had_connections and len(fresh):
            today = date.today().isoformat()
            events.extend(
                (
                    str(pid),
                    "new_connection",
                    "",
                    "",
                    str(name),
                    str(day or today),
                )
                for pid, name, day in zip(
                    fresh.index, fresh[C.FULL_NAME], fresh[C.CONNECTED_ON], strict=True
                )
            )
            report.events["new_connection"] += len(fresh)
        inserted, inserted_at = _person_columns(fresh)
        inserted["first_source_row"] = first_line.reindex(fresh.index).to_numpy(dtype=object)
        rewritten, rewritten_at = _person_columns(updates)
        self._remember(fresh if keep else fresh.iloc[:0], updates)
        if keep:
            self.keys.add(found, person)

        # The write holds only what it writes (not the frames it was made from).
        adding, updating = len(fresh), len(updates)

        def write(batch_id: int) -> None:
            store = self.store
            store.journal_import(batch_id, changed)
            if adding:
                org_id = _org_ids(store, inserted_at)
                store.insert_columns({**inserted, "org_id": org_id, "first_batch_id": batch_id})
            if updating:
                store.update_frame(
                    pd.DataFrame({**rewritten, "org_id": _org_ids(store, rewritten_at)})
                )
            store.insert_records([(batch_id, *row) for row in provenance])
            store.insert_events([(e[0], batch_id, *e[1:]) for e in events])

        writes.append(write)
        return person

    def _remember(self, fresh: pd.DataFrame, updates: pd.DataFrame) -> None:
        """Take the new people and the new values in, for the next file of the same import."""
        # The updated are all in `_people` (`_updates` read them there): no concat needed, which
        # would copy everyone.
        if len(updates):
            self._people.loc[updates.index, updates.columns] = updates
        if len(fresh):
            self._added.append(fresh[self._people.columns])

    def _changes(self, updates: pd.DataFrame) -> dict[str, dict[str, list[Any]]]:
        """What this file changes on people already known, field by field, so that a record merged
        in by mistake can be taken out again (`coffeechat unmerge`)."""
        changed: dict[str, dict[str, list[Any]]] = {}
        if updates.empty:
            return changed
        before = self.people.loc[updates.index]
        for name in (*C.PERSON_TEXT_FIELDS, *FLAG_FIELDS):
            if name not in updates:
                continue
            old = before[name].astype(object).where(before[name].notna(), None)
            new = updates[name].astype(object).where(updates[name].notna(), None)
            differs = [o != n for o, n in zip(old.tolist(), new.tolist(), strict=True)]
            for pid, o, n in zip(
                updates.index[differs], old[differs].tolist(), new[differs].tolist(), strict=True
            ):
                changed.setdefault(str(pid), {})[name] = [_plain(o), _plain(n)]
        return changed

    def _drop_excluded(
        self, records: pd.DataFrame, lines: pd.Series, report: FileReport
    ) -> pd.DataFrame:
        """The records minus the user themselves (any of their addresses) and anyone they asked to
        forget (any identity key or address), each skip reported with its line."""
        emails = addresses(records)
        mine = np.zeros(len(records), bool)
        mine[emails.loc[emails["email"].isin(self.own_emails), "row"].to_numpy()] = True
        for line in lines[mine]:
            report.skipped.append((int(line), "this is you (your own email address)"))
        if mine.any():
            records = records[~mine]
        if not self.forgotten or records.empty:
            return records
        gone = key_hashes(key_frame(records)).isin(self.forgotten).any(axis=1).to_numpy(copy=True)
        emails = addresses(records)
        hashed = emails["email"].map(hash_key).isin(self.forgotten).to_numpy()
        gone[emails["row"].to_numpy()[hashed]] = True
        for line in lines[records.index[gone]]:
            report.skipped.append((int(line), "forgotten at your request"))
        return records[~gone] if gone.any() else records

    def _updates(
        self, incoming: pd.DataFrame, *, overwrite: bool, standing: set[str]
    ) -> tuple[pd.DataFrame, list[_Event]]:
        """Existing people with new values: gaps filled; a newer LinkedIn record also overwrites
        what people change (employer, title, location, email), and job changes become events.
        The `standing` fields this file has a column for (a volunteer's capacity and availability)
        are taken as the file says them, an empty cell included."""
        if incoming.empty:
            return incoming, []
        current = self.people.loc[incoming.index]
        updated = current.copy()
        events: list[_Event] = []
        today = date.today().isoformat()
        for name in C.PERSON_TEXT_FIELDS:
            new = as_text(incoming[name])
            old = as_text(current[name])
            fill = old.eq("") & new.ne("")
            change = pd.Series(False, index=incoming.index)
            if overwrite and name in C.CHANGEABLE_FIELDS:
                change = old.ne("") & new.ne("") & new.ne(old)
            elif name in standing:
                change = new.ne(old)
            updated.loc[fill | change, name] = new[fill | change]
            if name in (C.COMPANY, C.POSITION):
                events.extend(
                    (str(pid), "job_change", name, o, n, today)
                    for pid, o, n in zip(
                        change[change].index, old[change], new[change], strict=True
                    )
                )
        # Addresses add up: whichever is now `email`, every other address seen is kept.
        mail = (
            as_text(incoming[C.EMAIL]).ne("") | as_text(incoming[C.OTHER_EMAILS]).ne("")
        ).to_numpy()
        if mail.any():
            seen = [
                join_emails(*parts).split("; ", 1)
                for parts in zip(
                    updated.loc[mail, C.EMAIL],
                    current.loc[mail, C.EMAIL],
                    current.loc[mail, C.OTHER_EMAILS],
                    incoming.loc[mail, C.EMAIL],
                    incoming.loc[mail, C.OTHER_EMAILS],
                    strict=True,
                )
            ]
            updated.loc[mail, C.OTHER_EMAILS] = [p[1] if len(p) > 1 else "" for p in seen]
        # Schools add up too: a second degree from another file is kept beside the first.
        schooled = as_text(incoming[C.EDUCATION]).ne("").to_numpy()
        if schooled.any():
            updated.loc[schooled, C.EDUCATION] = [
                education.join(old, new)
                for old, new in zip(
                    current.loc[schooled, C.EDUCATION], incoming.loc[schooled, C.EDUCATION],
                    strict=True,
                )
            ]  # fmt: skip
        for flag in FLAG_FIELDS:
            # Flags only ever switch on: a Do Not Contact from any source is honoured.
            on = pd.to_numeric(incoming[flag], errors="coerce").eq(1)
            updated.loc[on, flag] = 1
        differs = (updated.astype(object).fillna("") != current.astype(object).fillna("")).any(
            axis=1
        )
        return updated[differs], events

    def person_for_url(self) -> dict[str, str]:
        urls = as_text(self.people[C.LINKEDIN_URL])
        present = urls.ne("")
        return dict(zip(urls[present], self.people.index[present], strict=True))

    def person_for_name(self) -> dict[str, str]:
        """name key -> person_id for names that belong to exactly one person."""
        keys = name_keys(self.people[C.FULL_NAME])
        unique = keys.ne("") & ~keys.duplicated(keep=False)
        return dict(zip(keys[unique], self.people.index[unique], strict=True))


class _StoredIds(set[str]):
    """The ids of the people read, and of anyone else in the store, asked by index: a new id must
    be free in the whole store, not only among the people a small import read."""

    def __init__(self, store: Store, known: Iterable[str]) -> None:
        super().__init__(known)
        self.store = store

    def __contains__(self, pid: object) -> bool:
        return set.__contains__(self, pid) or bool(self.store.known_ids([str(pid)]))

    def intersection(self, *others: Iterable[Any]) -> set[str]:
        """Those of these ids that are taken, the store asked once for all of them."""
        wanted = set.intersection(*({str(pid) for pid in other} for other in others))
        read = {pid for pid in wanted if set.__contains__(self, pid)}
        return read | self.store.known_ids(wanted - read)

    def __bool__(self) -> bool:
        return True  # the store has ids even when none were read


@dataclass
class _Wanted:
    """What the records of some files could be matched by: profile URLs, name keys and email
    addresses (of people, message senders and introducers)."""

    rows: int
    urls: set[str]
    names: set[str]
    emails: set[str]

    @classmethod
    def of(cls, files: Sequence[ParsedFile]) -> _Wanted:
        wanted = cls(0, set(), set(), set())
        for parsed in files:
            for frame in (parsed.people, parsed.introductions):
                wanted.rows += len(frame)
                wanted.add_people(frame)
            if len(parsed.introductions):
                wanted.add(parsed.introductions, "introducer_url", "introducer_name")
            if len(parsed.interactions):
                wanted.rows += len(parsed.interactions)
                wanted.add(parsed.interactions, "profile_url", "name")
        return wanted

    def add_people(self, frame: pd.DataFrame) -> None:
        if frame.empty:
            return
        self.add(frame, C.LINKEDIN_URL, C.FULL_NAME)
        for column in (C.EMAIL, C.OTHER_EMAILS):
            if column in frame:
                for cell in as_text(frame[column]).to_numpy():
                    self.emails.update(e for e in str(cell).split("; ") if e)

    def add(self, frame: pd.DataFrame, url: str, name: str) -> None:
        if url in frame:
            urls = as_text(frame[url])
            self.urls.update(urls.to_numpy())
            self.urls.update(normalize_profile_urls(urls).to_numpy())
        if name in frame:
            self.names.update(name_keys(as_text(frame[name])).to_numpy())


# Each row's employer as written and its key: an organisation id once the batch is written.
_Employers = tuple[pd.Series, pd.Series]


def _person_columns(frame: pd.DataFrame) -> tuple[dict[str, Any], _Employers]:
    """The people-table columns of combined records, as arrays (copying a big frame column by
    column for each step costs more than the steps): fields, flags and timestamp; and their
    employers, which `_org_ids` turns into organisation ids when the batch is written."""
    companies = as_text(frame[C.COMPANY])
    columns: dict[str, Any] = {
        name: frame[name].to_numpy(dtype=object) for name in (C.PERSON_ID, *C.PERSON_TEXT_FIELDS)
    }
    for flag in C.PERSON_FLAG_FIELDS:
        numeric = pd.to_numeric(frame[flag], errors="coerce")
        # Most files flag nobody: one None, not a Python NaN per row (45 MB for 500,000 people).
        columns[flag] = numeric.to_numpy(dtype=object) if numeric.notna().any() else None
    volunteer = pd.to_numeric(frame[C.VOLUNTEER], errors="coerce").eq(1)
    columns[C.VOLUNTEER] = volunteer.astype(int).to_numpy()
    columns["updated_at"] = now_iso()
    return columns, (companies, org_keys(companies))


def _org_ids(store: Store, employers: _Employers) -> np.ndarray:
    """Each row's organisation id (None without an employer), creating the organisations not yet
    known (a write: it happens with the batch)."""
    companies, keys = employers
    first = (companies.ne("") & ~keys.duplicated()).to_numpy()
    org_ids = store.org_ids(dict(zip(keys[first], companies[first], strict=True)))
    org = by_unique(keys, lambda k: k.map(org_ids)).where(companies.ne(""), None)
    return org.to_numpy(dtype=object)


def _provenance(
    merged: pd.DataFrame, lines: pd.Series, person: pd.Series, rule: pd.Series
) -> list[tuple[int, str, str, str]]:
    """Provenance of the records merged into someone: (file line, person, rule, their own fields
    as JSON).

    The record that created a person is traced by the person's row (first batch and line), so
    every value can be traced to its file and row. Only the person's own fields: who introduced
    them lives in the introductions table, so that forgetting the introducer leaves no trace of
    them in anyone else's provenance."""
    if merged.empty:
        return []
    fields = [c for c in merged.columns if c != C.SOURCE_ROW and not c.startswith("introducer_")]
    # JSON lines escape "\n" inside strings, so "\n" splits records (splitlines would also
    # split on U+2028 inside a value).
    json_rows = (
        merged[fields]
        .to_json(orient="records", lines=True, force_ascii=False)
        .rstrip("\n")
        .split("\n")
    )
    return list(
        zip(
            lines[merged.index].tolist(),
            person[merged.index].tolist(),
            rule[merged.index].tolist(),
            json_rows,
            strict=True,
        )
    )


def _plain(value: Any) -> Any:
    """A value as JSON takes it (numpy numbers as Python ones)."""
    return value.item() if isinstance(value, np.generic) else value


def _seeds(rows: pd.DataFrame, keys: pd.DataFrame, file_hash: str) -> pd.Series:
    """The evidence that first introduced each new person: its strongest key, or its file row."""
    seed = keys[RULES[0]]
    for rule in RULES[1:]:
        seed = seed.where(seed.ne(""), keys[rule])
    blank = seed.eq("")
    if blank.any():
        seed = seed.copy()
        seed[blank] = (
            file_hash
            + "|"
            + as_text(rows.loc[blank, C.SOURCE_ROW])
            + "|"
            + as_text(rows.loc[blank, C.FULL_NAME])
        )
    return seed


def _combine(records: pd.DataFrame) -> pd.DataFrame:
    """One row per person (indexed by person_id): each field's first non-empty value among their
    records, flags on if any record sets them. Most people have one record here: their row is
    taken as it is, and only the others go through a groupby."""
    person = records[C.PERSON_ID]
    combined = records.loc[~person.duplicated(), [C.PERSON_ID, *C.PERSON_TEXT_FIELDS]]
    flags = records[list(FLAG_FIELDS)].apply(pd.to_numeric, errors="coerce")
    several = person.duplicated(keep=False)
    if several.any():
        text = records.loc[several, [C.PERSON_ID, *C.PERSON_TEXT_FIELDS]].replace("", np.nan)
        firsts = text.groupby(C.PERSON_ID, sort=False).first().fillna("")
        highest = flags[several].groupby(person[several].to_numpy(), sort=False).max()
        rows = combined[C.PERSON_ID].isin(firsts.index).to_numpy()
        ids = combined.loc[rows, C.PERSON_ID]
        fields = list(C.PERSON_TEXT_FIELDS)
        combined.loc[rows, fields] = firsts.loc[ids, fields].to_numpy()
        # Addresses add up: the first becomes `email`, every other one is kept.
        known: dict[str, str] = {}
        for pid, email, others in records.loc[
            several, [C.PERSON_ID, C.EMAIL, C.OTHER_EMAILS]
        ].itertuples(index=False):
            known[pid] = join_emails(known.get(pid, ""), email, others)
        merged = [known[pid].split("; ", 1) for pid in ids]
        combined.loc[rows, C.EMAIL] = [m[0] for m in merged]
        combined.loc[rows, C.OTHER_EMAILS] = [m[1] if len(m) > 1 else "" for m in merged]
        # So do schools and class years: a row per degree keeps every degree.
        schooling: dict[str, str] = {}
        for pid, held in records.loc[several, [C.PERSON_ID, C.EDUCATION]].itertuples(index=False):
            schooling[pid] = education.join(schooling.get(pid, ""), held)
        combined.loc[rows, C.EDUCATION] = [schooling[pid] for pid in ids]
        flags = flags.loc[combined.index]
        flags.loc[rows] = highest.loc[ids].to_numpy()
    else:
        flags = flags.loc[combined.index]
    for flag in FLAG_FIELDS:
        values = flags[flag].to_numpy(dtype=object)
        values[pd.isna(values)] = None
        combined[flag] = values
    # Looked up by id later: an object index (pandas would infer its slower `str`).
    combined.index = pd.Index(combined[C.PERSON_ID].to_numpy(dtype=object), dtype=object)
    return combined
