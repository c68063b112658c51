"""Import parsed files into the store: resolve identities, merge with reasons, record provenance.

An import works out everything first (who each record is, what changes), reading the store but
not locking it, and then writes it all in one transaction, so other commands wait only for the
writing; a failure leaves the store as it was, and a dry run writes and rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from coffeechat import columns as C
from coffeechat.identity.keys import name_keys, normalize_profile_urls
from coffeechat.ingest.records import ParsedFile
from coffeechat.ingest.reports import FileReport, ImportReport
from coffeechat.ingest.resolver import Resolver, Write
from coffeechat.store.database import Store

__all__ = ["import_files"]


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class _Planned:
    """One file worked out: its report, and the writes that store it once its batch has an id
    (none for a file skipped or imported before)."""

    parsed: ParsedFile
    report: FileReport
    writes: list[Write] = field(default_factory=list)
    stored: bool = True


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
    `progress` is told the name of each file as it is worked out; `after_batch` is called, inside
    the transaction, for each file that added something (outreach follows the messages it
    carried)."""
    report = ImportReport(path=path, files=[], dry_run=dry_run)

    def plan() -> list[_Planned]:
        emails = set(own_emails or ()) | set(store.owner_facts().get("emails", []))
        for parsed in files:
            emails |= set(parsed.owner.get("emails", []))
        resolver = Resolver(store, emails, files)
        seen: set[tuple[str, str]] = set()
        planned = []
        for number, parsed in enumerate(files, 1):
            if progress:
                progress(parsed.name)
            planned.append(_plan_one(store, resolver, parsed, seen, last=number == len(files)))
        return planned

    # Everything is worked out before the write lock is taken (seconds on a large store, while
    # other commands may still write), and again under the lock only if one did meanwhile.
    version = store.content_version()
    planned = plan()
    try:
        with store.transaction():
            if store.content_version() != version:
                planned = plan()
            for item in planned:
                if item.stored:
                    _apply(store, item, label)
                report.files.append(item.report)
                if after_batch is not None and item.report.batch_id:
                    after_batch(store, item.report.batch_id, item.report)
            store.prune_touched()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _plan_one(
    store: Store,
    resolver: Resolver,
    parsed: ParsedFile,
    seen: set[tuple[str, str]],
    *,
    last: bool = False,
) -> _Planned:
    """What one file changes, worked out against the people known so far (`seen`: the files of
    this import planned before it, by kind and content)."""
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
        return _Planned(parsed, file_report, stored=False)
    content = (parsed.kind, parsed.sha256)
    if content in seen or store.has_batch(*content):
        file_report.already_imported = True
        return _Planned(parsed, file_report, stored=False)
    seen.add(content)
    planned = _Planned(parsed, file_report)
    if len(parsed.people):
        flagged = (
            parsed.people[C.DO_NOT_CONTACT].eq(1) if C.DO_NOT_CONTACT in parsed.people else None
        )
        # The people of the last file need not be matched against again, unless its own
        # messages or introductions are matched to them next.
        keep = not (last and parsed.interactions.empty and parsed.introductions.empty)
        resolver.resolve(parsed, parsed.people, file_report, planned.writes, keep=keep)
        if flagged is not None and flagged.any():
            file_report.events["do_not_contact_flag"] += int(flagged.sum())
    if len(parsed.interactions):
        _plan_interactions(resolver, parsed, planned)
    if len(parsed.introductions):
        _plan_introductions(resolver, parsed, planned)
    if parsed.owner:
        facts = {k: v for k, v in parsed.owner.items() if v}
        planned.writes.append(lambda batch_id: store.add_owner_facts(facts, batch_id))
        file_report.facts = {kind: len(values) for kind, values in facts.items()}
    return planned


def _apply(store: Store, planned: _Planned, label: str) -> None:
    """Write one planned file: its batch, then everything it changes under that batch's id."""
    parsed, file_report = planned.parsed, planned.report
    batch_id = store.add_batch(
        kind=parsed.kind, label=label, file_name=parsed.name, file_hash=parsed.sha256
    )
    file_report.batch_id = batch_id
    for write in planned.writes:
        write(batch_id)
    store.finish_batch(
        batch_id,
        rows_read=file_report.rows_read,
        added=file_report.added,
        merged=sum(file_report.merged.values()),
        skipped=len(file_report.skipped),
        report={"merged": dict(file_report.merged), "events": dict(file_report.events)},
    )


def _plan_interactions(resolver: Resolver, parsed: ParsedFile, planned: _Planned) -> None:
    by_url = resolver.person_for_url()
    by_name = resolver.person_for_name()
    frame = parsed.interactions
    person = frame["profile_url"].map(by_url)
    by_name_match = name_keys(frame["name"]).map(by_name)
    person = person.fillna(by_name_match)
    matched = frame.assign(person_id=person).dropna(subset=["person_id"])
    report = planned.report
    report.interactions_unmatched = len(frame) - len(matched)
    rows = [
        (str(r.person_id), str(r.kind), str(r.direction), str(r.occurred_at))
        for r in matched.itertuples(index=False)
    ]

    def write(batch_id: int) -> None:
        # Only what is new counts (the same message in two exports is stored once).
        report.interactions_added = resolver.store.insert_interactions(
            [(pid, batch_id, kind, direction, at) for pid, kind, direction, at in rows]
        )

    planned.writes.append(write)


def _plan_introductions(resolver: Resolver, parsed: ParsedFile, planned: _Planned) -> None:
    frame = parsed.introductions.reset_index(drop=True)
    report = planned.report
    by_url = resolver.person_for_url()
    by_name = resolver.person_for_name()
    from_url = normalize_profile_urls(frame["introducer_url"]).map(by_url)
    from_name = name_keys(frame["introducer_name"]).map(by_name)
    introducer = from_url.fillna(from_name)
    for line in frame.loc[introducer.isna(), C.SOURCE_ROW]:
        report.skipped.append((int(line), "the introducer is not among your contacts"))
    known = frame[introducer.notna()].reset_index(drop=True)
    introducers = introducer.dropna().reset_index(drop=True)
    people = resolver.resolve(parsed, known, report, planned.writes)
    rows = [
        (
            str(introducers[position]),
            str(pid),
            str(known.at[position, "introduced_on"]),
            str(known.at[position, "intro_note"]),
        )
        for position, pid in zip(people.index.astype(int), people.astype(str), strict=True)
    ]

    def write(batch_id: int) -> None:
        for introducer_id, pid, on, note in rows:
            added = resolver.store.insert_introduction(introducer_id, pid, on, note, batch_id)
            report.introductions_added += int(added)

    planned.writes.append(write)
