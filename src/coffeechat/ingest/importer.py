"""Import parsed files into the store: resolve identities, merge with reasons, record provenance.

All files of one `import` run share one transaction, so a failure leaves the store as it was; a dry run
does the same work and rolls it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
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
from coffeechat.kinds import SourceKind
from coffeechat.store.database import Store, now_iso

_FACT_LABELS = {
    "follows": "organisations you follow",
    "titles": "job titles",
    "profile_urls": "profile URL",
}


@dataclass
class FileReport:
    """What one file contributed: counts per outcome, with reasons and line numbers for skips."""

    name: str
    kind: str
    rows_read: int = 0
    added: int = 0
    merged: Counter[str] = field(default_factory=Counter)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    interactions_added: int = 0
    interactions_unmatched: int = 0
    introductions_added: int = 0
    events: Counter[str] = field(default_factory=Counter)
    already_imported: bool = False
    batch_id: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    facts: dict[str, int] = field(default_factory=dict)  # facts about the user, by kind
    # Outreach the file's messages moved on: (person, new status, date).
    outreach: list[tuple[str, str, str]] = field(default_factory=list)
    # Congratulations notes the file's job changes made due: (person, what changed).
    congratulations: list[tuple[str, str]] = field(default_factory=list)
    # Kept but changed on the way, by line (a value cut, a date left empty, a stray quote).
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # The whole file was skipped (a damaged file in a folder): the one-line error.
    error: str = ""

    def lines(self) -> list[str]:
        """The report as printable lines."""
        if self.already_imported:
            return [f"{self.name}: already imported (same content), nothing changed"]
        if self.error:
            return [f"{self.name}: skipped, nothing of it was stored ({self.error})"]
        out = [f"{self.name} ({self.kind}): {self.rows_read} rows read"]
        if self.mapping:
            out.append("  columns: " + ", ".join(f"{h} -> {f}" for h, f in self.mapping.items()))
        if self.ignored_headers:
            out.append("  ignored columns: " + ", ".join(self.ignored_headers))
        if self.added or self.merged:
            merged = ", ".join(f"{n} by {rule}" for rule, n in sorted(self.merged.items()))
            out.append(
                f"  people added: {self.added}; merged: {sum(self.merged.values())}"
                + (f" ({merged})" if merged else "")
            )
        if self.interactions_added or self.interactions_unmatched:
            out.append(
                f"  interactions added: {self.interactions_added}; "
                f"not matched to a contact: {self.interactions_unmatched}"
            )
        if self.introductions_added:
            out.append(f"  introductions added: {self.introductions_added}")
        if self.facts:
            about = ", ".join(
                f"{n} {_FACT_LABELS.get(kind, kind.replace('_', ' '))}"
                for kind, n in self.facts.items()
            )
            out.append(f"  about you: {about}")
        for kind, n in sorted(self.events.items()):
            out.append(f"  {kind.replace('_', ' ')}s recorded: {n}")
        if self.outreach:
            moved = "; ".join(f"{who} {status} on {day}" for who, status, day in self.outreach[:5])
            more = f" and {len(self.outreach) - 5} more" if len(self.outreach) > 5 else ""
            out.append(f"  outreach from your messages: {moved}{more}")
        if self.congratulations:
            shown = "; ".join(f"{who} ({what})" for who, what in self.congratulations[:5])
            more = (
                f" and {len(self.congratulations) - 5} more"
                if len(self.congratulations) > 5
                else ""
            )
            out.append(f"  congratulations to send: {shown}{more}")
        for label, items in (("skipped", self.skipped), ("warning", self.warnings)):
            reasons = Counter(reason for _, reason in items)
            for reason, n in reasons.most_common():
                where = [str(line) for line, r in items if r == reason][:5]
                more = ", ..." if n > 5 else ""
                lines = "line" if n == 1 else "lines"
                out.append(f"  {label} {n}: {reason} ({lines} {', '.join(where)}{more})")
        return out


@dataclass
class ImportReport:
    """The outcome of one `import`: a report per file."""

    path: str
    files: list[FileReport]
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def merged(self) -> int:
        return sum(sum(f.merged.values()) for f in self.files)

    @property
    def errors(self) -> list[str]:
        """One `Error:` line per file skipped as a whole."""
        return [f"Error: {f.error}" for f in self.files if f.error]

    def lines(self) -> list[str]:
        out = [line for f in self.files for line in f.lines()]
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


_FLAG_FIELDS = (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER)


class _Resolver:
    """The people known so far (a frame indexed by person_id) and their identity keys; folds each
    file's records into them, column-wise."""

    def __init__(self, store: Store, own_emails: set[str]) -> None:
        self.store = store
        self.own_emails = own_emails
        columns = [C.PERSON_ID, *C.PERSON_TEXT_FIELDS, *_FLAG_FIELDS]
        people = store.people_columns(columns)
        self._people = people.set_index(
            pd.Index(people[C.PERSON_ID].to_numpy(dtype=object), dtype=object)
        )
        self._added: list[pd.DataFrame] = []  # joined to _people only when someone asks
        self.ids = set(self._people.index)
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
        self, parsed: ParsedFile, frame: pd.DataFrame, batch_id: int, report: FileReport
    ) -> pd.Series:
        """Fold a people frame into the store; returns each row's person_id (None for rows skipped)."""
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
        # One new person per cluster, with a stable id from its strongest key.
        first_rows = records[new].groupby(found.cluster[new], sort=False).head(1)
        if len(first_rows):
            seeds = _seeds(first_rows, found.keys.loc[first_rows.index], parsed.sha256)
            ids = person_ids_for(seeds, self.ids)
            cluster_id = dict(zip(found.cluster[first_rows.index], ids, strict=True))
            person[new] = found.cluster[new].map(cluster_id)
        first_line = pd.Series(
            lines[first_rows.index].to_numpy(),
            index=pd.Index(person[first_rows.index], dtype=object),
        )
        rule = found.rule.copy()
        starts = pd.Series(False, index=records.index)
        starts[first_rows.index] = True
        rule[new & ~starts] = WITHIN_FILE
        report.added += int(starts.sum())
        for name, count in rule[~starts].value_counts().items():
            report.merged[str(name)] += int(count)
        combined = _combine(records.assign(**{C.PERSON_ID: person}))
        is_fresh = combined.index.isin(person[new])
        fresh, known = combined[is_fresh], combined[~is_fresh]
        updates, events = self._updates(
            known,
            batch_id,
            overwrite=parsed.kind == SourceKind.LINKEDIN_CONNECTIONS,
            standing=set(parsed.mapping.values()) & set(C.STANDING_FIELDS),
        )
        self._journal(updates, batch_id)
        report.events.update(
            {k: len([e for e in events if e[2] == k]) for k in {e[2] for e in events}}
        )
        if parsed.kind == SourceKind.LINKEDIN_CONNECTIONS and self.had_connections and len(fresh):
            today = date.today().isoformat()
            events.extend(
                (
                    str(pid),
                    batch_id,
                    "new_connection",
                    "",
                    "",
                    str(row[C.FULL_NAME]),
                    str(row[C.CONNECTED_ON] or today),
                )
                for pid, row in fresh.iterrows()
            )
            report.events["new_connection"] += len(fresh)
        self._write(fresh, updates, batch_id, first_line)
        self.keys.add(found, person)
        self._store_provenance(records[~starts], lines, person, rule, batch_id)
        self.store.insert_events(events)
        return person

    def _journal(self, updates: pd.DataFrame, batch_id: int) -> None:
        """Write down what this file changes on people already known, field by field, so that a
        record merged in by mistake can be taken out again (`coffeechat unmerge`)."""
        if updates.empty:
            return
        before = self.people.loc[updates.index]
        changed: dict[str, dict[str, list[Any]]] = {}
        for name in (*C.PERSON_TEXT_FIELDS, *_FLAG_FIELDS):
            if name not in updates:
                continue
            old = before[name].astype(object).where(before[name].notna(), None)
            new = updates[name].astype(object).where(updates[name].notna(), None)
            differs = [o != n for o, n in zip(old.tolist(), new.tolist(), strict=True)]
            for pid, o, n in zip(
                updates.index[differs], old[differs].tolist(), new[differs].tolist(), strict=True
            ):
                changed.setdefault(str(pid), {})[name] = [_plain(o), _plain(n)]
        self.store.journal_import(batch_id, changed)

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
        records = records[~mine]
        if not self.forgotten or records.empty:
            return records
        gone = key_hashes(key_frame(records)).isin(self.forgotten).any(axis=1).to_numpy(copy=True)
        emails = addresses(records)
        hashed = emails["email"].map(hash_key).isin(self.forgotten).to_numpy()
        gone[emails["row"].to_numpy()[hashed]] = True
        for line in lines[records.index[gone]]:
            report.skipped.append((int(line), "forgotten at your request"))
        return records[~gone]

    def _store_provenance(
        self,
        merged: pd.DataFrame,
        lines: pd.Series,
        person: pd.Series,
        rule: pd.Series,
        batch_id: int,
    ) -> None:
        """Provenance of the records merged into someone: their own fields, file line and rule.

        The record that created a person is traced by the person's row (first batch and line), so
        every value can be traced to its file and row. Only the person's own fields: who introduced
        them lives in the introductions table, so that forgetting the introducer leaves no trace of
        them in anyone else's provenance."""
        if merged.empty:
            return
        fields = [
            c for c in merged.columns if c != C.SOURCE_ROW and not c.startswith("introducer_")
        ]
        # JSON lines escape "\n" inside strings, so "\n" splits records (splitlines would also
        # split on U+2028 inside a value).
        json_rows = (
            merged[fields]
            .to_json(orient="records", lines=True, force_ascii=False)
            .rstrip("\n")
            .split("\n")
        )
        self.store.insert_records(
            list(
                zip(
                    [batch_id] * len(merged),
                    lines[merged.index].tolist(),
                    person[merged.index].tolist(),
                    rule[merged.index].tolist(),
                    json_rows,
                    strict=True,
                )
            )
        )

    def _updates(
        self, incoming: pd.DataFrame, batch_id: int, *, overwrite: bool, standing: set[str]
    ) -> tuple[pd.DataFrame, list[tuple[str, int, str, str, str, str, str]]]:
        """Existing people with new values: gaps filled; a newer LinkedIn record also overwrites
        what people change (employer, title, location, email), and job changes become events.
        The `standing` fields this file has a column for (a volunteer's capacity and availability)
        are taken as the file says them, an empty cell included."""
        if incoming.empty:
            return incoming, []
        current = self.people.loc[incoming.index]
        updated = current.copy()
        events: list[tuple[str, int, str, str, str, str, str]] = []
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
                    (str(pid), batch_id, "job_change", name, o, n, today)
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
        for flag in _FLAG_FIELDS:
            # Flags only ever switch on: a Do Not Contact from any source is honoured.
            on = pd.to_numeric(incoming[flag], errors="coerce").eq(1)
            updated.loc[on, flag] = 1
        differs = (updated.astype(object).fillna("") != current.astype(object).fillna("")).any(
            axis=1
        )
        return updated[differs], events

    def _write(
        self, fresh: pd.DataFrame, updates: pd.DataFrame, batch_id: int, first_line: pd.Series
    ) -> None:
        """Insert the new people (each with the line that created them) and rewrite the updated
        ones. Columns go to the store as arrays: copying a big frame column by column for each
        step costs more than the steps."""
        if len(fresh):
            self.store.insert_columns(
                {
                    **self._stored_columns(fresh),
                    "first_source_row": first_line.reindex(fresh.index).to_numpy(dtype=object),
                    "first_batch_id": batch_id,
                }
            )
            self._added.append(fresh[self._people.columns])
        if len(updates):
            self.store.update_frame(pd.DataFrame(self._stored_columns(updates)))
            self._people.loc[updates.index, updates.columns] = updates

    def _stored_columns(self, frame: pd.DataFrame) -> dict[str, Any]:
        """The people-table columns of combined records: fields, flags, organisation, timestamp."""
        companies = as_text(frame[C.COMPANY])
        keys = org_keys(companies)
        first = (companies.ne("") & ~keys.duplicated()).to_numpy()
        org_ids = self.store.org_ids(dict(zip(keys[first], companies[first], strict=True)))
        columns: dict[str, Any] = {
            name: frame[name].to_numpy(dtype=object)
            for name in (C.PERSON_ID, *C.PERSON_TEXT_FIELDS)
        }
        for flag in C.PERSON_FLAG_FIELDS:
            columns[flag] = pd.to_numeric(frame[flag], errors="coerce").to_numpy(dtype=object)
        volunteer = pd.to_numeric(frame[C.VOLUNTEER], errors="coerce").eq(1)
        columns[C.VOLUNTEER] = volunteer.astype(int).to_numpy()
        org = by_unique(keys, lambda k: k.map(org_ids)).where(companies.ne(""), None)
        columns["org_id"] = org.to_numpy(dtype=object)
        columns["updated_at"] = now_iso()
        return columns

    def person_for_url(self) -> dict[str, str]:
        urls = as_text(self.people[C.LINKEDIN_URL])
        present = urls.ne("")
        return dict(zip(urls[present], self.people.index[present], strict=True))

    def person_for_name(self) -> dict[str, str]:
        """name key -> person_id for names that belong to exactly one person."""
        keys = name_keys(self.people[C.FULL_NAME])
        unique = keys.ne("") & ~keys.duplicated(keep=False)
        return dict(zip(keys[unique], self.people.index[unique], strict=True))


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
    flags = records[list(_FLAG_FIELDS)].apply(pd.to_numeric, errors="coerce")
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
    for flag in _FLAG_FIELDS:
        values = flags[flag].to_numpy(dtype=object)
        values[pd.isna(values)] = None
        combined[flag] = values
    # Looked up by id later: an object index (pandas would infer its slower `str`).
    combined.index = pd.Index(combined[C.PERSON_ID].to_numpy(dtype=object), dtype=object)
    return combined


def import_files(
    store: Store,
    files: list[ParsedFile],
    *,
    path: str,
    label: str = "",
    own_emails: set[str] | None = None,
    dry_run: bool = False,
    progress: Callable[[str], None] | None = None,
    after_batch: Callable[[Store, int, FileReport], None] | None = None,
) -> ImportReport:
    """Store parsed files in one transaction; importing the same content twice changes nothing.
    `progress` is told the name of each file as it is stored; `after_batch` is called, inside the
    transaction, for each file that added something (outreach follows the messages it carried)."""
    report = ImportReport(path=path, files=[], dry_run=dry_run)

    def known_people() -> _Resolver:
        emails = set(own_emails or ()) | set(store.owner_facts().get("emails", []))
        for parsed in files:
            emails |= set(parsed.owner.get("emails", []))
        return _Resolver(store, emails)

    # Everyone known is read before the write lock is taken (seconds on a large store, while
    # other commands may still write), and read again under the lock only if one did.
    version = store.content_version()
    resolver = known_people()
    try:
        with store.transaction():
            if store.content_version() != version:
                resolver = known_people()
            for parsed in files:
                if progress:
                    progress(parsed.name)
                file_report = _import_one(store, resolver, parsed, label)
                report.files.append(file_report)
                if after_batch is not None and file_report.batch_id:
                    after_batch(store, file_report.batch_id, file_report)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _import_one(store: Store, resolver: _Resolver, parsed: ParsedFile, label: str) -> FileReport:
    file_report = FileReport(
        name=parsed.name,
        kind=parsed.kind,
        rows_read=parsed.rows_read,
        skipped=list(parsed.skipped),
        mapping=parsed.mapping,
        ignored_headers=parsed.ignored_headers,
        warnings=list(parsed.warnings),
        error=parsed.error,
    )
    if parsed.error:
        return file_report
    if store.has_batch(parsed.kind, parsed.sha256):
        file_report.already_imported = True
        return file_report
    batch_id = store.add_batch(
        kind=parsed.kind, label=label, file_name=parsed.name, file_hash=parsed.sha256
    )
    file_report.batch_id = batch_id
    if len(parsed.people):
        flagged = (
            parsed.people[C.DO_NOT_CONTACT].eq(1) if C.DO_NOT_CONTACT in parsed.people else None
        )
        resolver.resolve(parsed, parsed.people, batch_id, file_report)
        if flagged is not None and flagged.any():
            file_report.events["do_not_contact_flag"] += int(flagged.sum())
    if len(parsed.interactions):
        _store_interactions(store, resolver, parsed, batch_id, file_report)
    if len(parsed.introductions):
        _store_introductions(store, resolver, parsed, batch_id, file_report)
    if parsed.owner:
        facts = {k: v for k, v in parsed.owner.items() if v}
        store.add_owner_facts(facts, batch_id)
        file_report.facts = {kind: len(values) for kind, values in facts.items()}
    store.finish_batch(
        batch_id,
        rows_read=file_report.rows_read,
        added=file_report.added,
        merged=sum(file_report.merged.values()),
        skipped=len(file_report.skipped),
        report={"merged": dict(file_report.merged), "events": dict(file_report.events)},
    )
    return file_report


def _store_interactions(
    store: Store, resolver: _Resolver, parsed: ParsedFile, batch_id: int, report: FileReport
) -> None:
    by_url = resolver.person_for_url()
    by_name = resolver.person_for_name()
    frame = parsed.interactions
    person = frame["profile_url"].map(by_url)
    by_name_match = name_keys(frame["name"]).map(by_name)
    person = person.fillna(by_name_match)
    matched = frame.assign(person_id=person).dropna(subset=["person_id"])
    report.interactions_unmatched = len(frame) - len(matched)
    report.interactions_added = store.insert_interactions(
        [
            (str(r.person_id), batch_id, str(r.kind), str(r.direction), str(r.occurred_at))
            for r in matched.itertuples(index=False)
        ]
    )


def _store_introductions(
    store: Store, resolver: _Resolver, parsed: ParsedFile, batch_id: int, report: FileReport
) -> None:
    frame = parsed.introductions.reset_index(drop=True)
    by_url = resolver.person_for_url()
    by_name = resolver.person_for_name()
    from_url = normalize_profile_urls(frame["introducer_url"]).map(by_url)
    from_name = name_keys(frame["introducer_name"]).map(by_name)
    introducer = from_url.fillna(from_name)
    for line in frame.loc[introducer.isna(), C.SOURCE_ROW]:
        report.skipped.append((int(line), "the introducer is not among your contacts"))
    known = frame[introducer.notna()].reset_index(drop=True)
    introducers = introducer.dropna().reset_index(drop=True)
    people = resolver.resolve(parsed, known, batch_id, report)
    for position, pid in zip(people.index.astype(int), people.astype(str), strict=True):
        row = known.loc[position]
        added = store.insert_introduction(
            str(introducers[position]),
            str(pid),
            str(row["introduced_on"]),
            str(row["intro_note"]),
            batch_id,
        )
        report.introductions_added += int(added)
