"""Import parsed files into the store: resolve identities, merge with reasons, record provenance.

All files of one `import` run share one transaction, so a failure leaves the store as it was; a dry run
does the same work and rolls it back.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import (
    IdentityIndex,
    identity_keys,
    name_key,
    normalize_profile_url,
    org_key,
    person_id_for,
)
from coffeechat.sources.records import ParsedFile
from coffeechat.store import Store, now_iso


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
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as printable lines."""
        if self.already_imported:
            return [f"{self.name}: already imported (same content), nothing changed"]
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
        for kind, n in sorted(self.events.items()):
            out.append(f"  {kind.replace('_', ' ')}s recorded: {n}")
        if self.skipped:
            reasons = Counter(reason for _, reason in self.skipped)
            for reason, n in reasons.most_common():
                where = [str(line) for line, r in self.skipped if r == reason][:5]
                more = ", ..." if n > 5 else ""
                out.append(f"  skipped {n}: {reason} (lines {', '.join(where)}{more})")
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

    def lines(self) -> list[str]:
        out = [line for f in self.files for line in f.lines()]
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


_FLAG_FIELDS = (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER)


class _Resolver:
    """Holds the people known so far and folds incoming records into them."""

    def __init__(self, store: Store, own_emails: set[str]) -> None:
        self.store = store
        self.own_emails = own_emails
        people = store.people()
        self.people: dict[str, dict[str, Any]] = {
            str(r[C.PERSON_ID]): {k: r[k] for k in (*C.PERSON_TEXT_FIELDS, *_FLAG_FIELDS)}
            for r in people.to_dict("records")
        }
        self.index = IdentityIndex()
        for pid, record in self.people.items():
            self.index.add(pid, record)
        self.had_connections = bool(
            store.conn.execute(
                "SELECT 1 FROM import_batches WHERE kind = 'linkedin_connections'"
            ).fetchone()
        )

    def resolve(
        self, parsed: ParsedFile, frame: pd.DataFrame, batch_id: int, report: FileReport
    ) -> dict[int, str]:
        """Fold a people frame into the store; returns frame position -> person_id."""
        records = cast(list[dict[str, Any]], frame.to_dict("records"))
        new_rows: list[dict[str, Any]] = []
        changed_ids: set[str] = set()
        provenance: list[tuple[int, int, str, str, str]] = []
        events: list[tuple[str, int, str, str, str, str, str]] = []
        by_external: dict[str, str] = {}
        assigned: dict[int, str] = {}
        today = date.today().isoformat()
        for position, rec in enumerate(records):
            line = int(rec[C.SOURCE_ROW])
            if rec[C.EMAIL] and rec[C.EMAIL] in self.own_emails:
                report.skipped.append((line, "this is you (your own email address)"))
                continue
            ext = rec.get(C.EXTERNAL_ID, "")
            match = self.index.match(rec)
            if match is None and ext and ext in by_external:
                match = (by_external[ext], "same record id")
            if match is None:
                keys = identity_keys(rec)
                seed = keys[0][1] if keys else f"{parsed.sha256}|{line}|{rec[C.FULL_NAME]}"
                pid = person_id_for(seed)
                while pid in self.people:
                    pid = person_id_for(seed, pid)
                person = {k: rec.get(k, "") for k in C.PERSON_TEXT_FIELDS}
                for flag in _FLAG_FIELDS:
                    person[flag] = rec.get(flag)
                self.people[pid] = person
                new_rows.append({C.PERSON_ID: pid, **person})
                report.added += 1
                rule = "new"
                if parsed.kind == "linkedin_connections" and self.had_connections:
                    events.append(
                        (
                            pid,
                            batch_id,
                            "new_connection",
                            "",
                            "",
                            rec[C.FULL_NAME],
                            rec[C.CONNECTED_ON] or today,
                        )
                    )
                    report.events["new_connection"] += 1
            else:
                pid, rule = match
                report.merged[rule] += 1
                person = self.people[pid]
                updates = self._merge(person, rec, overwrite=parsed.kind == "linkedin_connections")
                for fname, (old, new) in updates.items():
                    if old and fname in (C.COMPANY, C.POSITION):
                        events.append((pid, batch_id, "job_change", fname, old, new, today))
                        report.events["job_change"] += 1
                if updates:
                    changed_ids.add(pid)
            if ext:
                by_external[ext] = pid
            self.index.add(pid, self.people[pid])
            assigned[position] = pid
            fields = {k: v for k, v in rec.items() if v not in ("", None) and k != C.SOURCE_ROW}
            provenance.append((batch_id, line, pid, rule, json.dumps(fields, ensure_ascii=False)))
        new_ids = {r[C.PERSON_ID] for r in new_rows}
        self._write(
            [self.people[r[C.PERSON_ID]] | {C.PERSON_ID: r[C.PERSON_ID]} for r in new_rows],
            [self.people[pid] | {C.PERSON_ID: pid} for pid in sorted(changed_ids - new_ids)],
            batch_id,
        )
        self.store.insert_records(provenance)
        self.store.insert_events(events)
        return assigned

    @staticmethod
    def _merge(
        person: dict[str, Any], rec: dict[str, Any], *, overwrite: bool
    ) -> dict[str, tuple[str, str]]:
        """Fill gaps from rec; a newer LinkedIn record also overwrites what people change (jobs)."""
        changes: dict[str, tuple[str, str]] = {}
        for fname in C.PERSON_TEXT_FIELDS:
            new = rec.get(fname, "")
            old = person.get(fname, "")
            if not new or new == old:
                continue
            if not old or (overwrite and fname in C.CHANGEABLE_FIELDS):
                person[fname] = new
                changes[fname] = (old, new)
        for flag in _FLAG_FIELDS:
            new_flag = rec.get(flag)
            # Flags only ever switch on: a Do Not Contact from any source is honoured.
            if new_flag == 1 and person.get(flag) != 1:
                person[flag] = 1
                changes[flag] = (str(person.get(flag)), "1")
        return changes

    def _write(
        self, inserts: list[dict[str, Any]], updates: list[dict[str, Any]], batch_id: int
    ) -> None:
        names = {org_key(p[C.COMPANY]): p[C.COMPANY] for p in inserts + updates if p[C.COMPANY]}
        org_ids = self.store.org_ids(names)
        stamp = now_iso()
        for p in inserts + updates:
            p["org_id"] = org_ids.get(org_key(p[C.COMPANY])) if p[C.COMPANY] else None
            p["updated_at"] = stamp
            p[C.VOLUNTEER] = 1 if p.get(C.VOLUNTEER) == 1 else 0
        for p in inserts:
            p["first_batch_id"] = batch_id
        self.store.insert_people(inserts)
        self.store.update_people(updates)

    def person_for_url(self) -> dict[str, str]:
        return {p[C.LINKEDIN_URL]: pid for pid, p in self.people.items() if p[C.LINKEDIN_URL]}

    def person_for_name(self) -> dict[str, str]:
        """name_key -> person_id for names that belong to exactly one person."""
        counts = Counter(name_key(p[C.FULL_NAME]) for p in self.people.values())
        return {
            name_key(p[C.FULL_NAME]): pid
            for pid, p in self.people.items()
            if p[C.FULL_NAME] and counts[name_key(p[C.FULL_NAME])] == 1
        }


def import_files(
    store: Store,
    files: list[ParsedFile],
    *,
    path: str,
    label: str = "",
    own_emails: set[str] | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Store parsed files in one transaction; importing the same content twice changes nothing."""
    report = ImportReport(path=path, files=[], dry_run=dry_run)
    try:
        with store.transaction():
            emails = set(own_emails or ()) | set(store.owner_facts().get("emails", []))
            for parsed in files:
                emails |= set(parsed.owner.get("emails", []))
            resolver = _Resolver(store, emails)
            for parsed in files:
                report.files.append(_import_one(store, resolver, parsed, label))
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
    )
    if store.has_batch(parsed.kind, parsed.sha256):
        file_report.already_imported = True
        return file_report
    batch_id = store.add_batch(
        kind=parsed.kind, label=label, file_name=parsed.name, file_hash=parsed.sha256
    )
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
        store.add_owner_facts({k: v for k, v in parsed.owner.items() if v}, batch_id)
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
    by_name_match = frame["name"].map(lambda n: by_name.get(name_key(n)))
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
    frame = parsed.introductions
    by_url = resolver.person_for_url()
    by_name = resolver.person_for_name()
    introducer_ids: list[str | None] = []
    for url, name in zip(frame["introducer_url"], frame["introducer_name"], strict=True):
        introducer_ids.append(by_url.get(normalize_profile_url(url)) or by_name.get(name_key(name)))
    known = pd.Series([i is not None for i in introducer_ids], index=frame.index)
    for line in frame.loc[~known, C.SOURCE_ROW]:
        report.skipped.append((int(line), "the introducer is not among your contacts"))
    people = frame[known].reset_index(drop=True)
    introducers = [i for i in introducer_ids if i is not None]
    assigned = resolver.resolve(parsed, people, batch_id, report)
    for position, pid in assigned.items():
        row = people.iloc[position]
        if store.insert_introduction(
            introducers[position], pid, str(row["introduced_on"]), str(row["intro_note"]), batch_id
        ):
            report.introductions_added += 1
