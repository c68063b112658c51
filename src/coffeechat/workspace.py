"""A workspace: a folder holding the user's profile (coffeechat.toml) and store (coffeechat.db).

This is the library API the CLI and notebooks share: each CLI verb is one call here.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import NotFoundError, ProfileError, UsageError
from coffeechat.identity.education import entries_column
from coffeechat.identity.frames import mostly_empty_text, rows_by_id
from coffeechat.identity.keys import name_key, normalize_profile_url, org_key, org_keys
from coffeechat.kinds import DIRECTORY, family
from coffeechat.outreach.agenda import agenda, calendar_bytes, end_of_week, write_calendar
from coffeechat.outreach.capacity import hold, no_room, reason
from coffeechat.outreach.cells import shown_short
from coffeechat.outreach.introductions import INTRODUCER, candidates
from coffeechat.outreach.lamp import (
    lamp_changes,
    shown_scores,
    undo_scores,
    with_before,
    write_scores,
)
from coffeechat.outreach.plan import (
    CONTACTS_SHEET_LIMIT,
    OutreachPlan,
    PlanOptions,
    attach_drafts,
    build_plan,
    contacts_sheet,
    lamp_order,
)
from coffeechat.outreach.touchpoints import congratulation_changes
from coffeechat.outreach.tracking import (
    IntroEdit,
    SyncReport,
    existing_rows,
    log_change,
    message_changes,
    record_introductions,
    sync_changes,
    with_answers,
    with_own_columns,
    with_progress,
    written_cells,
    written_introductions,
)
from coffeechat.profile import (
    TARGET_NAME_LIMIT,
    Profile,
    Target,
    fingerprint,
    load_profile,
    template_text,
)
from coffeechat.ranking import semantic
from coffeechat.ranking.components import Context
from coffeechat.ranking.semantic import Encode
from coffeechat.store.cache import Cache
from coffeechat.store.database import EVENT_COLUMNS, LEGACY_WRITE, SCHEMA_VERSION, Store
from coffeechat.store.embeddings import EmbeddingCache
from coffeechat.store.history import Change
from coffeechat.workdays import Workdays

if TYPE_CHECKING:  # the heavy stages load when a command needs them, not for every command
    import networkx as nx

    from coffeechat.ingest.records import ParsedFile
    from coffeechat.ingest.reports import FileReport, ImportReport
    from coffeechat.network.reach import Reach
    from coffeechat.outreach.workbook import OwnColumns
    from coffeechat.ranking.model import RankingModel
    from coffeechat.reporting.report import Report

PROFILE_FILE = "coffeechat.toml"
DB_FILE = "coffeechat.db"
# Caches beside the store: deleting this folder loses nothing.
CACHE_DIR = "cache"
# Messages the user sent this many days before a plan mean a conversation is under way.
RECENT_CONVERSATION_DAYS = 30


@dataclass
class Introduced:
    """An introduction logged: who made it, to whom, whether that person is new to the user, and
    the outreach it moved (the introducer's row, the person joining the plan)."""

    introducer_id: str
    person_id: str
    new_person: bool
    changes: list[Change]


@dataclass
class UndoResult:
    """What an undo reversed (event, person, fields) and what it left (changed again since)."""

    reverted: list[tuple[int, str, list[str]]] = field(default_factory=list)
    left: list[tuple[str, list[str]]] = field(default_factory=list)
    # LAMP scores the change wrote into the profile: put back, and left (changed since).
    lamp: list[str] = field(default_factory=list)
    lamp_left: list[str] = field(default_factory=list)


def _describe_fields(fields: str, previous: str) -> str:
    """`status: planned -> asked; asked_on: -> 2026-12-01` from an event's JSON."""
    import json

    now, before = json.loads(fields), json.loads(previous or "{}")

    def shown(value: object) -> str:
        return "(unset)" if value is None else shown_short(str(value), 40) or "(empty)"

    # (A merge restates what both records had: only what changed is worth a line.)
    return "; ".join(
        f"{k} {shown(before[k])} -> {shown(v)}" if before.get(k) is not None else f"{k} {shown(v)}"
        for k, v in now.items()
        if k not in before or before[k] != v
    )


def _outreach_from_messages(store: Store, batch_id: int, report: FileReport) -> None:
    """After an import: a message the user sent a planned person means asked; a reply after the
    request means replied. Only the messages this file added count."""
    outreach = store.outreach()
    active = outreach[outreach[C.STATUS].isin(["planned", "asked"]) & outreach["on_plan"].eq(1)]
    if active.empty:
        return
    ids = list(active["person_id"].astype(str))
    messages = store.messages(ids, batch_id=batch_id)
    if messages.empty:
        return
    since = {
        str(pid): date.fromisoformat(str(day)[:10])
        for pid, day in zip(active["person_id"], active["planned_on"], strict=True)
        if day
    }
    changes = message_changes(store.outreach_state(ids), messages, since=since)
    store.append_outreach(changes, source="import", origin=report.name, batch_id=batch_id)
    names = store.names([c.person_id for c in changes])
    for change in changes:
        status = str(change.fields[C.STATUS])
        day = str(change.fields.get(f"{status}_on") or change.fields.get("asked_on"))
        report.outreach.append((str(names.get(change.person_id, change.person_id)), status, day))


def _congratulations(
    store: Store, batch_id: int, report: FileReport, *, lamp: set[str], today: date
) -> None:
    """After an import: a job change of someone the user has talked with makes a congratulations
    note due (see outreach.touchpoints)."""
    moves = store.job_changes(batch_id)
    if moves.empty:
        return
    ids = list(dict.fromkeys(moves["person_id"].astype(str)))
    current = store.person_rows(ids).set_index(C.PERSON_ID)
    changes = congratulation_changes(
        store.outreach_state(ids), moves, current, today=today, lamp=lamp
    )
    store.append_outreach(changes, source="import", origin=report.name, batch_id=batch_id)
    names = store.names([c.person_id for c in changes])
    report.congratulations += [
        (str(names.get(c.person_id, c.person_id)), str(c.fields["congratulate_for"]))
        for c in changes
    ]


def _cleaned_name(text: str) -> str:
    """A typed name as imports store it: titles, credentials and pronouns taken off."""
    from coffeechat.identity.names import clean_name, split_full_name

    return clean_name(*split_full_name(text)).full if " " in text.strip() else text.strip()


def _beside(path: Path) -> Path:
    """A free name next to a workbook: `plan (2).xlsx`, `plan (3).xlsx`, ..."""
    number = 2
    while (candidate := path.with_name(f"{path.stem} ({number}){path.suffix}")).exists():
        number += 1
    return candidate


def _aliased_employers(coverage: pd.DataFrame, aliases: Any) -> pd.DataFrame:
    """The coverage table with each employer's alias, when the report is pseudonymised."""
    if aliases is None or coverage.empty:
        return coverage
    return coverage.assign(**{C.EMPLOYER: coverage[C.EMPLOYER].astype(str).map(aliases.of)})


@dataclass(frozen=True)
class InitResult:
    profile_created: bool


def _give_school(files: list[ParsedFile], school: str, *, path: str) -> None:
    """Everyone in the directories among `files` without a school of their own gets `school`."""
    directories = [f for f in files if family(f.kind) == DIRECTORY]
    if not directories:
        kinds = ", ".join(sorted({f.kind for f in files})) or "nothing"
        raise UsageError(
            f"--school gives a school to everyone in a directory, but this was read as {kinds}",
            where=path,
            fix="use --school only with an alumni or volunteer directory",
        )
    for parsed in directories:
        people = parsed.people
        if people.empty:
            continue
        if C.SCHOOL not in people:
            people[C.SCHOOL] = ""
        own = people[C.SCHOOL].fillna("").astype(str).str.strip()
        people[C.SCHOOL] = own.where(own.ne(""), school)
        given = own.eq("").to_numpy()
        if given.any() and C.EDUCATION in people:
            people.loc[given, C.EDUCATION] = entries_column(
                people.loc[given, C.SCHOOL], people.loc[given, C.DEGREE],
                people.loc[given, C.CLASS_YEAR],
            ).to_numpy()  # fmt: skip


@dataclass(frozen=True)
class Unmatched:
    """A target nobody in the network matches, and the career fields closest to it."""

    target: str
    closest_fields: list[str]

    def line(self) -> str:
        closest = (
            f"; the closest career fields are {', '.join(self.closest_fields)}"
            if self.closest_fields
            else "; no career field coffeechat knows is close to it"
        )
        return f"nobody in your network matches '{self.target}'{closest}"


# A people frame kept in cache/ is patched, rather than read again, when the people changed since
# are at most this many (or a tenth of everyone, on a big network).
PATCH_AT_MOST = 2_000


def _off_target(schedule: pd.DataFrame, matched: pd.DataFrame) -> list[str]:
    """Names of the people on the plan whose request is not sent yet and who match none of the
    targets (an introducer is asked for someone else, and is never one of them)."""
    if schedule.empty:
        return []
    hits = set(matched.loc[matched[C.MATCHED_TARGET].ne(""), C.PERSON_ID].astype(str))
    waiting = schedule[
        schedule[C.STATUS].eq("planned")
        & schedule[C.ASKED_ON].isna()
        & schedule[C.ROLE].ne(INTRODUCER)
        & ~schedule[C.PERSON_ID].astype(str).isin(hits)
    ]
    return [str(n) for n in waiting[C.FULL_NAME]]


def _unmatched(ranker: RankingModel, targets: Sequence[Target]) -> list[Unmatched]:
    anyone = ranker.relevance(targets).anyone
    return [
        Unmatched(t.name, ranker.closest_fields(t))
        for t, found in zip(targets, anyone, strict=True)
        if not found
    ]


class Workspace:
    """Open with `Workspace(path)`; the database is created on first use.

    >>> ws = Workspace("my-network")            # doctest: +SKIP
    >>> ws.import_path(Path("Basic_LinkedInDataExport_11-20-2026.zip"))  # doctest: +SKIP
    >>> ws.rank(["UX research"], top=10)         # doctest: +SKIP
    """

    def __init__(self, root: str | Path, *, create: bool = True) -> None:
        self.root = Path(root)
        if not self.root.exists():
            if not create:
                raise NotFoundError(
                    "no such workspace folder",
                    where=str(self.root),
                    fix="run `coffeechat init` there",
                )
            # A workspace holds a person's whole network: theirs alone, whatever the umask.
            self.root.mkdir(parents=True, mode=0o700)
            self.root.chmod(0o700)
        if not self.root.is_dir():
            raise NotFoundError(
                "the workspace is not a folder",
                where=str(self.root),
                fix="pass a folder to --workspace",
            )
        self._store: Store | None = None
        self._ranker: tuple[object, RankingModel] | None = None
        self._contacts: tuple[object, pd.DataFrame] | None = None
        self._embeddings: EmbeddingCache | None = None
        self._cache = Cache(self.root / CACHE_DIR)
        # Workbooks `forget` could not clean because they were open in another program.
        self.kept_elsewhere: list[Path] = []

    @property
    def profile_path(self) -> Path:
        return self.root / PROFILE_FILE

    @property
    def db_path(self) -> Path:
        return self.root / DB_FILE

    @property
    def profile(self) -> Profile:
        return load_profile(self.profile_path)

    @property
    def store(self) -> Store:
        if self._store is None:
            fresh = not self.db_path.exists()
            if fresh:
                # Created private before SQLite opens it (its -wal and -shm files copy the mode).
                self.db_path.touch(mode=0o600)
                self.db_path.chmod(0o600)
            self._store = Store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        if self._embeddings is not None:
            self._embeddings.close()
            self._embeddings = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- verbs ---------------------------------------------------------------------------------

    def init(self) -> InitResult:
        """Write the commented profile template (never over an existing one) and create the store."""
        created = not self.profile_path.exists()
        if created:
            self.profile_path.touch(mode=0o600)
            self.profile_path.write_text(template_text(), encoding="utf-8")
        _ = self.store
        return InitResult(created)

    def import_path(
        self,
        path: str | Path,
        *,
        source: str = "auto",
        label: str = "",
        encoding: str | None = None,
        overrides: dict[str, str] | None = None,
        school: str = "",
        dry_run: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> ImportReport:
        """Import a LinkedIn export (ZIP, folder or CSV), a directory, an address book or an
        introductions log. `progress` is told what is happening (for a progress bar).

        `school` (else the profile's `[[sources]]` setting for this file name) makes everyone in a
        directory an alum of that school, where the file has no school of its own for them."""
        school = school.strip() or self.profile.school_for(str(path))
        if source == "auto" and not overrides and not encoding and not school:
            seen = self._seen_before(Path(path), dry_run=dry_run)
            if seen is not None:
                return seen
        if progress:
            progress(f"reading {Path(path).name}")
        from coffeechat.ingest import read_path
        from coffeechat.ingest.importer import import_files

        files = read_path(Path(path), source=source, encoding=encoding, overrides=overrides)
        if school:
            _give_school(files, school, path=str(path))
        return import_files(
            self.store,
            files,
            path=str(path),
            label=label,
            own_emails=set(self.profile.emails),
            dry_run=dry_run,
            after_batch=self._after_import,
            progress=(lambda name: progress(f"storing {Path(name.split(':')[-1]).name}"))
            if progress
            else None,
        )

    def _after_import(self, store: Store, batch_id: int, report: FileReport) -> None:
        """Inside an import's transaction, per file: outreach its messages moved on, and the
        congratulations its job changes make due."""
        _outreach_from_messages(store, batch_id, report)
        lamp = {org_key(e.name) for e in self.profile.employers}
        _congratulations(store, batch_id, report, lamp=lamp, today=date.today())

    def _seen_before(self, path: Path, *, dry_run: bool) -> ImportReport | None:
        """A single CSV whose exact bytes were imported before, reported as such without parsing it
        again (a big directory takes seconds to parse). Archives are checked member by member."""
        from coffeechat.ingest import single_file_hash
        from coffeechat.ingest.reports import FileReport, ImportReport

        fingerprint = single_file_hash(path)
        kind = self.store.kind_of_hash(fingerprint) if fingerprint else None
        if kind is None:
            return None
        report = FileReport(name=str(path), kind=kind, already_imported=True)
        return ImportReport(path=str(path), files=[report], dry_run=dry_run)

    def contacts(self) -> pd.DataFrame:
        """Everyone in the store, one row per person (the `contacts --format csv` columns first).

        Kept in `cache/people.arrow` until the store's version moves: on a big network, joining
        the store's tables takes ten times longer than reading the frame back. Outreach (status,
        asked_on) is read afresh: logging a reply or writing a plan leaves the cache fresh."""

        def build(ids: Collection[str] | None = None) -> pd.DataFrame:
            people = self.store.people(ids)
            rest = [c for c in people.columns if c not in C.CONTACTS_CSV]
            return people[[*C.CONTACTS_CSV, *rest]]

        def patch(old_key: dict[str, Any], old: pd.DataFrame) -> pd.DataFrame | None:
            """The frame kept before a few changes, with the people they touched read again
            (after a small import, an intro or a merge: 1 s instead of 12 s on 500,000)."""

            def rest(k: dict[str, Any]) -> dict[str, Any]:
                return {name: v for name, v in k.items() if name not in ("version", "touched")}

            if rest(old_key) != rest(key) or not isinstance(old_key.get("touched"), int):
                return None
            ids = self.store.touched_since(old_key["touched"])
            if ids is None or len(ids) > max(PATCH_AT_MOST, len(old) // 10):
                return None
            fresh = build(ids)
            kept = old[~old[C.PERSON_ID].isin(list(ids))]
            if list(fresh.columns) != list(kept.columns):
                return None
            frame = pd.concat([kept, fresh], ignore_index=True)
            # In the store's order (full name, then id; both compared as code points, as SQLite
            # compares UTF-8 bytes).
            return frame.sort_values([C.FULL_NAME, C.PERSON_ID], kind="stable", ignore_index=True)

        # Read once per state of the store in this process (a plan asks three times); each caller
        # gets its own shallow copy, which copy-on-write keeps apart from the others.
        version = (self.store.content_version(), self.store.outreach_version(), SCHEMA_VERSION)
        if self._contacts is not None and self._contacts[0] == version:
            return self._contacts[1].copy(deep=False)
        # The last change listed before the frame is read: anything after it is patched in later.
        key = self._cache_key(touched=self.store.touched_last())
        frame = self._cache.frame("people", key, build, patch)
        outreach = self.store.outreach_status()
        # The rows of the few people with outreach, found with Arrow's `is_in` over everyone's
        # ids: a Python loop over half a million ids takes seconds, a hash index of them 0.3 s.
        rows = np.flatnonzero(frame[C.PERSON_ID].isin(list(outreach)).to_numpy(dtype=bool))
        states = [outreach[str(pid)] for pid in frame[C.PERSON_ID].iloc[rows].tolist()]
        at = list(frame.columns).index(C.LAST_MESSAGE_AT) + 1
        for offset, name in enumerate((C.STATUS, C.ASKED_ON)):
            values = mostly_empty_text(len(frame), rows, [str(s[offset] or "") for s in states])
            frame.insert(at + offset, name, values.set_axis(frame.index))
        self._contacts = (version, frame)
        return frame.copy(deep=False)

    def _cache_key(self, **more: object) -> dict[str, object]:
        """What a cached value depends on: which store, its version and schema, and `more`."""
        return {
            "store": self.store.identity(),
            "version": self.store.content_version(),
            "schema": SCHEMA_VERSION,
            "format": 1,
            **more,
        }

    def targets(self, texts: Sequence[str] | None = None) -> list[Target]:
        """Targets from the given texts, else from the profile. A blank text is an error: it
        would match nobody, or everybody."""
        if texts:
            if any(not t.strip() for t in texts):
                raise UsageError(
                    "a target is empty",
                    where="--target",
                    fix="name a career field, e.g. --target 'UX research'",
                )
            targets = [Target(name=t) for t in texts]
            long = next((t.name for t in targets if len(t.name) > TARGET_NAME_LIMIT), None)
            if long is not None:
                raise UsageError(
                    f"a target is {len(long)} characters long",
                    where=f"--target '{long[:30]}...'",
                    fix=f"name a career field in a few words (at most {TARGET_NAME_LIMIT}"
                    " characters), e.g. --target 'UX research'",
                )
            return targets
        targets = list(self.profile.targets)
        if not targets:
            raise ProfileError(
                "no target fields given",
                where=str(self.profile_path),
                fix="pass --target 'UX research' or add [[targets]] to the profile",
            )
        return targets

    def ranker(self, *, today: date | None = None) -> RankingModel:
        """A ranker fitted on everyone in the store (what `Ranker.fit` learned).

        It is cached until the store or the profile changes, so ranking again for other targets
        (in a notebook, say) costs only the ranking, not the fit.
        """
        today = today or date.today()  # the day it ranks for, whether named or not
        key = (self._state(), today)
        if self._ranker is not None and self._ranker[0] == key:
            return self._ranker[1]
        from coffeechat import ranking

        profile = self.profile
        context = Context.from_profile(profile, self.store.owner_facts())
        encode = self._encoder()
        people = self.contacts()

        def fit() -> RankingModel:
            # Only a fit imports scikit-learn (the estimator); the cached model ranks without it.
            from coffeechat.ranking.ranker import Ranker

            estimator = Ranker(context=context, weights=profile.weights, today=today, encode=encode)
            return estimator.fit(people).model_

        # The fitted model, kept on disk without the people frame (cached apart) and without the
        # encoder (a function of the loaded model), which `attach` gives back with the day (a new
        # day does not refit: only freshness depends on it).
        disk_key = self._cache_key(
            profile=fingerprint(self.profile_path),
            semantic=semantic.MODEL_NAME if encode is not None else "",
            code=_code_of(ranking),
        )
        ranker = self._cache.value("ranker", disk_key, fit).attach(people, encode, today=today)
        # The last targets' relevance is kept beside the model: a warm `rank` or `plan` reads
        # half a million people's scores back instead of working them out again (0.2 s).
        ranker.remember = lambda targets, build: self._cache.value(
            "relevance", {**disk_key, "targets": targets}, build
        )
        self._ranker = (key, ranker)
        return ranker

    def _encoder(self) -> Encode | None:
        """The semantic extra's encoder behind the workspace's embedding cache (None without it):
        a re-rank encodes only titles it has not seen."""
        encode = semantic.encoder()
        if encode is None:
            return None
        if self._embeddings is None:
            self._embeddings = EmbeddingCache(self.root / CACHE_DIR / "embeddings.sqlite",
                                              semantic.MODEL_NAME)  # fmt: skip
        return self._embeddings.cached(encode)

    def _state(self) -> tuple[int, int, int]:
        """Changes whenever the store (from any connection) or the profile file changes."""
        data_version = self.store.data_version()
        mtime = self.profile_path.stat().st_mtime_ns if self.profile_path.exists() else 0
        return data_version, self.store.conn.total_changes, mtime

    def rank(
        self,
        targets: Sequence[str] | None = None,
        *,
        top: int | None = 20,
        everyone: bool = False,
        peers: bool = False,
        today: date | None = None,
    ) -> pd.DataFrame:
        """Whom to ask first for the targets (or the profile's), best first, each row with `why`.

        Only people with evidence for a target are listed; people already asked, met, thanked,
        skipped or flagged do not contact, and volunteers with no room this term, are left out
        unless `everyone`, students and interns unless `peers`. `rank`, the demo and the report
        take their lists from here (the plan ranks the same way and says whom it holds)."""
        ranker = self.ranker(today=today)
        return ranker.rank(
            self.targets(targets), top=top, everyone=everyone, peers=peers,
            held=self._held(ranker.people_),
        )  # fmt: skip

    def _held(self, people: pd.DataFrame) -> np.ndarray:
        """Who has no room this term (a volunteer directory said so), per row of `people`."""
        default = self.profile.pace.volunteer_capacity
        return no_room(people, default=default).to_numpy(dtype=bool)

    def unmatched(self, targets: Sequence[str] | None = None) -> list[Unmatched]:
        """The targets nobody in the network matches, each with the closest career fields."""
        return _unmatched(self.ranker(), self.targets(targets))

    def fields(self) -> pd.Series:
        """Each person's closest career field, indexed by person_id."""
        ranker = self.ranker()
        return pd.Series(
            ranker.fields_of_people().to_numpy(), index=ranker.people_[C.PERSON_ID].to_numpy()
        )

    def graph(self, *, people: pd.DataFrame | None = None) -> nx.MultiDiGraph:
        """The typed network graph of everyone in the store (see coffeechat.network.graph), or of
        the `people` given."""
        from coffeechat.network.graph import build_graph

        context = Context.from_profile(self.profile, self.store.owner_facts())
        return build_graph(
            self.contacts() if people is None else people,
            self.store.introductions(),
            me=self.profile.name,
            schools=context.schools,
            past_employers=context.past_employers,
            fields=self.fields(),
            events=self.store.events(),
        )

    def reach(self) -> Reach:
        """Warm paths from you to everyone, searched without building the graph: what
        `graph --path`, `--employer` and `--introducers`, and the plan's introducers, read (see
        coffeechat.network.reach)."""
        from coffeechat import network
        from coffeechat.network.reach import Reach

        def build() -> Reach:
            context = Context.from_profile(self.profile, self.store.owner_facts())
            return Reach.of_people(
                self.contacts(),
                self.store.introductions(),
                me=self.profile.name,
                schools=context.schools,
                past_employers=context.past_employers,
                events=self.store.events(),
            )

        # Kept in the cache: on a career office's network, reading it back is a tenth of
        # building it. Outreach is not in it (a flag is the store's content, and moves its key).
        key = self._cache_key(profile=fingerprint(self.profile_path), code=_code_of(network))
        return self._cache.value("reach", key, build)

    def flags_of(self, person_id: str) -> list[str]:
        """Which of do-not-contact, deceased and lost are set on a person, in words."""
        from coffeechat.network.nodes import flag_set

        record = self.store.person_record(person_id)
        return [f.replace("_", " ") for f in C.PERSON_FLAG_FIELDS if flag_set(record.get(f))]

    def graph_summary(self) -> dict[str, int]:
        """Nodes and edges of the graph by type, counted without building it."""
        from coffeechat import network, ranking
        from coffeechat.network.graph import summary_of

        def build() -> dict[str, int]:
            context = Context.from_profile(self.profile, self.store.owner_facts())
            return summary_of(
                self.contacts(),
                self.store.introductions(),
                schools=context.schools,
                past_employers=context.past_employers,
                fields=self.fields(),
                events=self.store.events(),
            )

        # Kept until who people are, the profile or the rules change (outreach is not in it):
        # counting half a million people takes 1.5 s of a 2 s `graph`.
        code = _code_of(network) + _code_of(ranking)
        key = self._cache_key(profile=fingerprint(self.profile_path), code=code)
        return self._cache.value("graph-summary", key, build)

    def introductions(self) -> pd.DataFrame:
        """The introductions log with names, companies and positions."""
        intros = self.store.introductions()
        named = [*intros["introducer_id"], *intros[C.PERSON_ID]]
        people = rows_by_id(self.contacts(), named, column=C.PERSON_ID,
                            columns=[C.FULL_NAME, C.COMPANY, C.POSITION])  # fmt: skip
        return intros.assign(
            introducer_name=intros["introducer_id"].map(people[C.FULL_NAME]),
            person_name=intros[C.PERSON_ID].map(people[C.FULL_NAME]),
            company=intros[C.PERSON_ID].map(people[C.COMPANY]),
            position=intros[C.PERSON_ID].map(people[C.POSITION]),
        )

    def calendar(self, *, around: date | None = None) -> Workdays:
        """Business days in the profile's country (its public holidays are never due dates).

        Kept in the cache per country and year: the `holidays` package takes a tenth of a second
        to import and to work out a country's years, on every plan."""
        country = self.profile.country
        key = {
            "country": country,
            "year": (around or date.today()).year,
            "holidays": _installed("holidays"),
            "format": 1,
        }
        return self._cache.value(
            "holidays", key, lambda: Workdays.for_country(country, around=around)
        )

    def plan(
        self,
        *,
        start: date | None = None,
        weeks: int | None = None,
        per_week: int | None = None,
        targets: Sequence[str] | None = None,
        peers: bool = False,
        today: date | None = None,
    ) -> OutreachPlan:
        """The plan: everyone already on it as the history has them (status, dates, notes, edited
        drafts), plus new people picked by LAMP order, two per employer, scheduled and drafted.

        Requests not yet sent are rescheduled when the pacing changed since the last written plan
        (a new `start`, `weeks`, `per_week`, profile pace or country), or when a date is no longer a
        business day; what was sent, and request dates the user typed, stay where they are. Nothing
        is stored: `write_plan` records the plan with the workbook it writes."""
        profile = self.profile
        today = today or date.today()
        if start is not None and not today - timedelta(days=366) <= start <= today + timedelta(
            days=3 * 366
        ):
            raise UsageError(
                f"--start {start.isoformat()} is more than a year before or three years after today",
                where="coffeechat plan --start",
                fix="give the first day of the plan, e.g. next Monday",
            )
        days = self.calendar(around=today)
        ranker = self.ranker(today=today)
        chosen = self.targets(targets)
        # No sentences yet: `why` is written below only for the people the workbook shows.
        contacts = ranker.people_
        # Volunteers with no room this term are not asked (nor listed, as `rank` lists them).
        no_room_now = self._held(contacts)
        ranked, ranked_rows = ranker.rank_rows(
            chosen, top=None, peers=peers, explain=0, held=no_room_now
        )
        outreach = self.store.outreach()
        last = self.store.last_plan_options()
        # Without --start the plan keeps its first day (or today, once that has passed).
        last_start = date.fromisoformat(last["start"]) if last.get("start") else today
        options = PlanOptions(
            start=start or max(today, last_start),
            weeks=weeks or int(last.get("weeks") or 8),
            per_week=per_week or profile.pace.requests_per_week,
            employers_at_once=profile.pace.employers_at_once,
            contacts_per_employer=profile.pace.contacts_per_employer,
            days=days,
        )
        pacing = options.pacing()
        changed = bool(last) and (
            (start is not None and start.isoformat() != last.get("start"))
            or any(last.get(k) != v for k, v in pacing.items())
        )
        current = existing_rows(outreach, contacts, ranked)
        flagged = set(contacts.loc[C.flagged(contacts), C.PERSON_ID].astype(str))
        withdrawn = current.iloc[0:0]
        if not current.empty:
            # Flagged since they were planned (a directory said do not contact, deceased or lost):
            # a request not yet sent is withdrawn; anyone further along gets no more reminders.
            unsent = current[C.PERSON_ID].isin(flagged) & current[C.STATUS].eq("planned")
            withdrawn, current = current[unsent], current[~unsent]
        carried = current.iloc[0:0]
        if not current.empty:
            unsent = (
                current[C.STATUS].eq("planned")
                & current[C.ASKED_ON].isna()
                & ~current["request_pinned"].astype(bool)
            )
            off_days = current[C.REQUEST_ON].map(
                lambda d: not isinstance(d, date) or not days.is_business_day(d)
            )
            movable = unsent & (off_days | changed)
            carried, current = current[movable], current[~movable]
        # Only people with evidence for a target are ranked at all: a target nobody matches plans
        # nobody (`unmatched` says so). Volunteers with no room this term are not asked.
        default_room = profile.pace.volunteer_capacity
        full = set(contacts.loc[no_room_now, C.PERSON_ID].astype(str))
        on_record = set(outreach["person_id"].astype(str))
        plannable = ranked[~ranked[C.PERSON_ID].isin(on_record)]
        # Whom the plan would have asked, had they room: said, not planned.
        waiting = contacts.iloc[ranker.held_back(chosen, no_room_now, peers=peers)]
        held = waiting[~waiting[C.PERSON_ID].isin(on_record)].head(options.weeks * options.per_week)
        helpers = (
            self._introducers(plannable, current, carried, exclude=on_record | full | flagged)
            if profile.pace.introductions
            else {}
        )
        scheduled = build_plan(
            plannable, profile, options, existing=current, carried=carried, introducers=helpers
        )
        changes, moved = self._planner_changes(scheduled, contacts, today=today)
        changes += [
            Change(str(pid), {"status": "skip", "on_plan": 0},
                   note="flagged do not contact, deceased or lost: request withdrawn")
            for pid in (withdrawn[C.PERSON_ID] if len(withdrawn) else [])
        ]  # fmt: skip
        schedule = with_progress(pd.concat([current, scheduled], ignore_index=True), today, days)
        schedule = hold(schedule, contacts, default=default_room)
        if not schedule.empty:
            stop = schedule[C.PERSON_ID].isin(flagged)
            schedule.loc[stop, C.NEXT_ACTION] = "do not contact: flagged"
            schedule.loc[stop, C.NEXT_DUE] = None
        # Drafts name the target a person matches; people on the plan from before who match none
        # now get the neutral wording.
        matched = ranker.matched_targets(chosen, ids=list(schedule.get(C.PERSON_ID, [])))
        names = [t.name for t in chosen]
        off_target = (
            _off_target(schedule, matched)
            if last.get("targets") is not None and last["targets"] != names
            else []
        )
        schedule, questions = attach_drafts(schedule, contacts, matched, profile, today=today)
        if not schedule.empty:
            ids = schedule[C.PERSON_ID].astype(str).tolist()
            schedule = with_own_columns(schedule, self.store.outreach_state(ids))
        questions = with_answers(questions, self.store.answers(), schedule)
        shown = contacts_sheet(contacts, ranked, limit=CONTACTS_SHEET_LIMIT, rows=ranked_rows)
        whys = ranker.whys(
            chosen,
            ranked,
            {*schedule.get(C.PERSON_ID, []), *shown[C.PERSON_ID].astype(str)},
            rows=ranked_rows,
        )
        for frame in (schedule, shown, ranked):
            if not frame.empty:
                # Rows that came with a why of their own (an introducer's) keep it.
                # (As objects first: a column with no why at all is all NaN, a float column.)
                given = frame[C.WHY].astype(object).fillna("").astype(str)
                found = frame[C.PERSON_ID].astype(str).map(whys).astype(object).fillna("")
                frame[C.WHY] = given.where(given.ne(""), found)
        return OutreachPlan(
            plan=schedule,
            employers=lamp_order(profile, plannable),
            contacts=shown,
            agenda=agenda(schedule, today, until=end_of_week(today)),
            people_total=len(contacts),
            people_matching=ranker.matching(chosen),
            unmatched=[u.line() for u in _unmatched(ranker, chosen)],
            ranked=ranked,
            introductions=self.introductions(),
            questions=questions,
            owner=profile.name or "you",
            made_on=today,
            changes=changes,
            moved=moved,
            withdrawn=[str(n) for n in withdrawn[C.FULL_NAME]] if len(withdrawn) else [],
            off_target=off_target,
            targets_before=list(last.get("targets") or []) if off_target else [],
            held=[
                (str(row[C.FULL_NAME]), reason(row, default=default_room))
                for _, row in contacts[
                    contacts[C.PERSON_ID].isin(set(held[C.PERSON_ID]))
                ].iterrows()
            ],
            options={
                "start": (start.isoformat() if start else last.get("start")) or today.isoformat(),
                **pacing,
                # The targets planned for: when they change, the rows planned for the old ones and
                # not sent yet are named (they stay on the plan until the user says otherwise).
                "targets": names,
                # The LAMP scores the Employers sheet shows: a sync writes only those changed there.
                "lamp": shown_scores(profile),
            },
        )

    def _introducers(
        self,
        plannable: pd.DataFrame,
        current: pd.DataFrame,
        carried: pd.DataFrame,
        *,
        exclude: set[str],
    ) -> dict[str, pd.DataFrame]:
        """Who could introduce the user at each LAMP employer where nobody ranked works and the
        plan has no row yet (org key -> candidates, best first)."""
        # Employers the plan already works through someone (as build_plan books them).
        taken = {
            org_key(str(e))
            for frame in (current, carried)
            if not frame.empty
            for e in frame.loc[frame[C.ROLE].isin(["primary", "backup", INTRODUCER]), C.EMPLOYER]
        }
        known = set(org_keys(plannable[C.COMPANY].fillna("").astype(str)))
        needed = [e.name for e in self.profile.employers if org_key(e.name) not in known | taken]
        if not needed:
            return {}
        people = self.contacts()
        reach = self.reach()  # everyone's ties, kept in the cache: read back, not rebuilt
        company_of = dict(zip(people[C.PERSON_ID].astype(str), people[C.COMPANY], strict=True))
        return {
            org_key(name): candidates(
                reach.introducers(name, top=20), name, exclude=exclude, company_of=company_of
            )
            for name in needed
        }

    def _planner_changes(
        self, scheduled: pd.DataFrame, contacts: pd.DataFrame, *, today: date
    ) -> tuple[list[Change], list[tuple[str, date | None, date]]]:
        """What the planner records: each new person planned (with what their messages already
        say), and each request rescheduled. Updates `scheduled` rows to match, in place."""
        changes: list[Change] = []
        moved: list[tuple[str, date | None, date]] = []
        if scheduled.empty:
            return changes, moved
        if "rescheduled_from" not in scheduled:
            scheduled["rescheduled_from"] = None
        # A conversation under way (the user wrote to them lately) is not a cold request to send;
        # asking an introducer is a new request whatever they wrote before.
        fresh = scheduled[scheduled["rescheduled_from"].isna() & scheduled[C.ROLE].ne(INTRODUCER)]
        talk = message_changes(
            {},
            self.store.messages(list(fresh[C.PERSON_ID].astype(str))),
            since=dict.fromkeys(
                fresh[C.PERSON_ID].astype(str), today - timedelta(days=RECENT_CONVERSATION_DAYS)
            ),
        )
        talking = {c.person_id: dict(c.fields) for c in talk}
        for name in (C.ASKED_ON, "replied_on"):
            if name not in scheduled:
                scheduled[name] = None
        for index, row in scheduled.iterrows():
            pid = str(row[C.PERSON_ID])
            request = row[C.REQUEST_ON]
            if row["rescheduled_from"] is None or pd.isna(row["rescheduled_from"]):
                fields: dict[str, object] = {
                    C.STATUS: "planned", "on_plan": 1, "planned_on": today.isoformat(),
                    C.EMPLOYER: str(row[C.EMPLOYER]), C.ROLE: str(row[C.ROLE]),
                    C.LAMP_RANK: int(row[C.LAMP_RANK] or 0), C.REQUEST_ON: request.isoformat(),
                }  # fmt: skip
                found = talking.get(pid, {})
                fields.update(found)
                for name, value in found.items():
                    scheduled.at[index, name] = (
                        date.fromisoformat(str(value)) if name.endswith("_on") else value
                    )
                note = "already in conversation (LinkedIn messages)" if found else ""
                changes.append(Change(pid, fields, note=note))
            elif row["rescheduled_from"] != request:
                changes.append(Change(pid, {"request_on": request.isoformat()}))
                old = row["rescheduled_from"]
                moved.append(
                    (str(row[C.FULL_NAME]), old if isinstance(old, date) else None, request)
                )
        return changes, moved

    def write_plan(self, path: str | Path, **options: Any) -> OutreachPlan:
        """Read back what the user typed into the existing workbook (if any), plan again, record the
        plan in the history with this write's snapshot, and write the workbook (the previous one is
        kept in `backups/`). `book.synced` holds the sync report of the existing workbook."""
        from coffeechat.atomic import fingerprint, open_elsewhere
        from coffeechat.outreach.workbook import own_contact_columns, own_sheets

        path = Path(path)
        synced = self.sync(path, today=options.get("today")) if path.exists() else None
        own = own_sheets(path)  # sheets the user added there: the new workbook keeps them
        columns = own_contact_columns(path)  # and columns added to its Contacts sheet
        book = self.plan(**options)
        book.kept_sheets = [sheet.name for sheet in own]
        if columns is not None:
            book.own_contact_columns = columns = self._own_columns_of_people(columns)
            shown = set(book.contacts[C.PERSON_ID].astype(str))
            missing = [pid for pid in columns.values if pid not in shown]
            if missing:
                # Whoever the user typed something about stays in the sheet, past its usual size.
                people = self.contacts()
                more = people[people[C.PERSON_ID].astype(str).isin(missing)]
                book.contacts = pd.concat(
                    [book.contacts, more[[c for c in book.contacts.columns if c in more]]],
                    ignore_index=True,
                )
        if open_elsewhere(path):
            # Open in Excel or LibreOffice: never written over. What was saved there has been read;
            # the new plan goes beside it.
            book.instead_of = path
            path = _beside(path)
        book.written_to = path
        write_id = uuid.uuid4().hex
        from coffeechat.outreach.workbook import FILLED_CELLS, write_workbook

        cells = written_cells(book.plan, book.questions, FILLED_CELLS)
        intros = written_introductions(book.introductions)

        def record(written: Path) -> None:
            where = str(path.resolve())
            with self.store.transaction():
                self.store.append_outreach(
                    book.changes, source="plan", origin=f"coffeechat plan ({path.name})",
                    write_id=write_id,
                )  # fmt: skip
                self.store.add_write(write_id, where, cells, options=book.options)
                self.store.record_written_introductions(write_id, intros)
                self.store.record_file(where, fingerprint(written), write_id)

        write_workbook(book, path, write_id=write_id, before_replace=record, own=own)
        book.synced = synced
        return book

    def _own_columns_of_people(self, columns: OwnColumns) -> OwnColumns:
        """The user's Contacts columns by the people now in the store: a person merged into
        another since speaks for them (the kept person's own values first), a person forgotten
        goes."""
        from coffeechat.outreach.workbook import OwnColumns

        ids = list(columns.values)
        known = self.store.names(ids)
        moved = self.store.merged_into([pid for pid in ids if pid not in known])
        values: dict[str, tuple[tuple[Any, bool], ...]] = {}
        for pid in sorted(ids, key=lambda p: p not in known):  # the people themselves first
            owner = pid if pid in known else moved.get(pid, "")
            if owner:
                had = values.get(owner)
                cells = columns.values[pid]
                values[owner] = cells if had is None else tuple(
                    a if a[0] is not None else b for a, b in zip(had, cells, strict=True)
                )  # fmt: skip
        return OwnColumns(columns.headers, values)

    def sync(self, path: str | Path, *, today: date | None = None) -> SyncReport:
        """Read statuses, dates, notes, drafts, hand-added rows, introductions and answers back from
        the workbook into the history, in one transaction (a typo leaves the store as it was).

        The file is compared with the snapshot of the write it carries: only cells the user changed
        there count; where the store changed the same cell since, the newer change wins and the
        report names the conflict.

        A file that still holds the bytes this workspace last wrote or read there is not parsed
        again: reading it would find only what was found then (and openpyxl is slow to load)."""
        from coffeechat.atomic import fingerprint
        from coffeechat.outreach.workbook import read_workbook

        path = Path(path)
        where = str(path.resolve())
        # Hashed before it is read: a save in between leaves an older hash, read again next time.
        try:
            seen = fingerprint(path) if path.is_file() else ""
        except OSError:
            seen = ""  # unreadable: read_workbook says so in its own words
        if seen and self.store.file_seen(where) == seen:
            return SyncReport(unchanged=True)
        edits = read_workbook(path)
        with self.store.transaction():
            changes, report, shown = sync_changes(
                self.store, edits, source=str(path), path=where, today=today or date.today()
            )
            self.store.append_outreach(
                changes, source="workbook", origin=path.name, write_id=edits.write_id,
                changed_at=edits.saved_at,
            )  # fmt: skip
            known = self.store.write_info(edits.write_id) if edits.write_id else None
            write = edits.write_id if known else ""
            if not edits.write_id and self.store.write_info(LEGACY_WRITE):
                write = LEGACY_WRITE
            if write:
                self.store.record_sync(write, where, shown)
            if seen:
                self.store.record_file(where, seen, edits.write_id)
        if edits.employers is not None:
            # After the commit: a failed sync writes nothing, and the scores are compared with the
            # write's, so a profile not written now is written by the next sync.
            lamp = lamp_changes(edits.employers, (known or {}).get("options", {}).get("lamp"),
                                self.profile)  # fmt: skip
            if lamp.updates:
                written = with_before(self.profile, lamp.updates)
                write_scores(self.profile_path, lamp.updates)
                change = self.store.last_change_id
                with self.store.transaction():  # one change with the sync's outreach: one undo
                    self.store.record_lamp(written, change=change)
            report.lamp = lamp.lines()
        return report

    def log(
        self,
        person: str,
        event: str,
        *,
        on: date | None = None,
        at: time | None = None,
        note: str = "",
    ) -> str:
        """Record that a request was sent, or the person replied, a meeting was scheduled (`on`
        is its day, `at` its time), you met, thanked them, or they declined."""
        pid = self.find(person)
        with self.store.transaction():
            state = self.store.outreach_state([pid]).get(pid)
            if event == "congratulated" and not (state and state.get(C.STATUS)):
                raise UsageError(
                    f"{self.name_of(pid)} has no conversation on record to congratulate them in",
                    where=f"coffeechat log '{person}' --congratulated",
                    fix="log the conversation first (e.g. --met), then --congratulated",
                )
            change = log_change(pid, event, on=on or date.today(), at=at, note=note, state=state)
            self.store.append_outreach([change], source="log", origin=f"coffeechat log --{event}")
        return pid

    def intro(self, introducer: str, person: str, *, note: str = "", on: date | None = None,
              company: str = "", position: str = "") -> Introduced:  # fmt: skip
        """Log an introduction; the introduced person becomes a contact if they are new. Where the
        plan asked the introducer for it, their row moves to `introduced` and the person
        introduced joins the plan (the outreach changes are returned); nobody else's moves."""
        if not person.strip():
            raise UsageError(
                "the person introduced has no name",
                where="coffeechat intro FROM TO",
                fix="give TO as a name, an id or a LinkedIn URL",
            )
        introducer_id = self.find(introducer)
        known = self._maybe_find(person)
        if known == introducer_id:
            raise UsageError(
                f"{self.name_of(introducer_id)} cannot introduce you to themselves",
                where="coffeechat intro FROM TO",
                fix="give the person FROM introduced you to as TO",
            )
        edit = IntroEdit(0, introducer_id, known or person, on or date.today(), note, company,
                         position, new_person=known is None)  # fmt: skip
        with self.store.transaction():
            report, changes = record_introductions(
                self.store, [edit], source="coffeechat intro", today=date.today()
            )
            self.store.append_outreach(changes, source="intro", origin="coffeechat intro")
        # The id the introduction was recorded with (the name may have been cleaned on the way:
        # "Dr. Ana Newperson" is stored as Ana Newperson).
        return Introduced(introducer_id, report.recorded[0][1], known is None, changes)

    def _maybe_find(self, query: str) -> str | None:
        """The one person a query names, None when nobody has that name; several people with it
        is an error naming them (a new contact must not be made for a namesake). The whole name
        only: an introduction to "Ana Lee" is not one to Ana Leeds or to Maria Ana Lee."""
        try:
            return self.find(query, parts=False)
        except NotFoundError as exc:
            if exc.what.startswith("nobody called"):
                return None
            raise

    def progress(self, *, today: date | None = None) -> pd.DataFrame:
        """The plan as it stands in the store (nobody new is planned): each person's next action,
        its due date and the drafts to send. What `agenda` and `calendar` show."""
        today = today or date.today()
        outreach = self.store.outreach()
        if outreach.empty:
            return pd.DataFrame()
        contacts = self.contacts()
        # No scores or reasons: what is due does not depend on the ranking.
        unranked = pd.DataFrame(columns=[C.PERSON_ID, C.SCORE, C.WHY])
        rows = existing_rows(outreach, contacts, unranked)
        if rows.empty:
            return rows
        rows = with_progress(rows, today, self.calendar(around=today))
        rows = hold(rows, contacts, default=self.profile.pace.volunteer_capacity)
        # The drafts name the target each person matches, when the profile has targets.
        matched = (
            self.ranker(today=today).matched_targets(self.targets(), ids=list(rows[C.PERSON_ID]))
            if self.profile.targets
            else pd.DataFrame(columns=[C.PERSON_ID, C.MATCHED_TARGET])
        )
        rows, _ = attach_drafts(rows, contacts, matched, self.profile, today=today)
        return rows

    def agenda(self, *, today: date | None = None, week: bool = False) -> pd.DataFrame:
        """What to do today (or, with `week`, by the end of this week), overdue first."""
        today = today or date.today()
        until = end_of_week(today) if week else today
        return agenda(self.progress(today=today), today, until=until)

    def write_calendar(self, out: str | Path, *, today: date | None = None) -> Path:
        """The plan's dated actions and meetings as an iCalendar file (see outreach.agenda)."""
        data = calendar_bytes(self.progress(today=today), owner=self.profile.name)
        return write_calendar(Path(out), data)

    def history(self, person: str | None = None) -> pd.DataFrame:
        """The outreach history (one person's, or everyone's), oldest first: when, where from, and
        what each event set. One person's history also lists the merges into them that
        `unmerge` can undo (source `merge`, no event number)."""
        rows = self.history_rows(person)
        # Merges into a person leave the event's own columns empty: object columns then, so the
        # event numbers stay whole numbers.
        merged = any(r["event_id"] is None for r in rows)
        return pd.DataFrame(
            rows, columns=[*EVENT_COLUMNS, "change"], dtype=object if merged else None
        )

    def history_rows(self, person: str | None = None) -> list[dict[str, Any]]:
        """`history` as plain rows: what `coffeechat history PERSON` prints, without a frame."""
        pid = self.find(person) if person else None
        rows = self.store.outreach_event_rows(pid)
        for row in rows:
            row["change"] = _describe_fields(row["fields"], row["previous"])
        if pid is None:
            return rows
        merged = [
            {
                "event_id": None,
                "person_id": pid,
                C.FULL_NAME: self.name_of(pid),
                "recorded_at": m.when,
                "source": "merge",
                "origin": m.ref,
                "change": f"merged in: {m.what}",
                "note": f"undo with `coffeechat unmerge {pid} --merge {m.ref}`",
            }
            for m in self.store.merges_of(pid)
        ]
        if not merged:
            return rows
        # Oldest first; sorted() is stable, so events recorded at the same moment keep their order.
        return sorted(rows + merged, key=lambda r: str(r["recorded_at"]))

    def unmerge(self, person: str, ref: str | None = None) -> tuple[str, str]:
        """Undo a merge into a person (the only one, or the one `ref` names, as `history` lists
        them): the person merged in is restored with their records, and what the merge changed
        goes back, unless it has changed since. Returns (kept id, restored id)."""
        pid = self.find(person)
        found = self.store.merges_of(pid)
        name = self.name_of(pid)
        if not found:
            raise NotFoundError(
                f"nothing was merged into {name}",
                where=str(self.db_path),
                fix=f"`coffeechat history '{name}'` lists what happened to them",
            )
        if ref is None and len(found) > 1:
            listed = "; ".join(f"{m.ref}: {m.what}" for m in found[:8])
            raise UsageError(
                f"{len(found)} merges into {name}: {listed}",
                where=f"coffeechat unmerge '{person}'",
                fix="pick one with --merge REF",
            )
        chosen = [m for m in found if ref is None or m.ref == ref.strip().lower()]
        if not chosen:
            raise NotFoundError(
                f"no merge '{ref}' into {name}",
                where=str(self.db_path),
                fix=f"use one of {', '.join(m.ref for m in found)}",
            )
        with self.store.transaction():
            return self.store.unmerge(chosen[0])

    def undo(self, event_id: int | None = None) -> UndoResult:
        """Reverse the last change (every event of the last command that changed outreach), or one
        event, by appending its inverse. A field changed again since is left as it is, and said."""
        from coffeechat.store.history import inverse

        lamp: list[tuple[int, str, list[int] | None, list[int]]] = []
        if event_id is None:
            change = self.store.last_undoable_change()
            merged = self.store.latest_merge()
            if (
                merged is not None
                and merged[1]
                and (change is None or self.store.change_time(change) < merged[1])
            ):
                # The last thing done was a merge: undoing the outreach change before it instead
                # would take back something the user did not mean.
                merge, _ = merged
                name = self.name_of(merge.kept_id)
                raise UsageError(
                    f"the last change was a merge into {name} ({merge.what})",
                    where="coffeechat undo",
                    fix=f"undo it with `coffeechat unmerge '{name}' --merge {merge.ref}`, or an"
                    " outreach event with `coffeechat undo EVENT` (`coffeechat history` numbers them)",
                )
            if change is None:
                raise NotFoundError(
                    "there is nothing to undo", where=str(self.db_path),
                    fix="see `coffeechat history` for what was recorded",
                )  # fmt: skip
            ids = self.store.change_events(change)
            lamp = self.store.lamp_changes(change)
        else:
            ids = [event_id]
        result = UndoResult()
        if lamp:
            # The profile first: were the store's undo to fail, the scores would be back and the
            # next undo would find them so and say so.
            result.lamp, result.lamp_left = undo_scores(
                self.profile_path, self.profile, [(e, b, a) for _, e, b, a in lamp]
            )
        with self.store.transaction():
            for eid in reversed(ids):
                found = self.store.event(eid)
                if found is None:
                    raise NotFoundError(
                        f"no event {eid}", where=str(self.db_path),
                        fix="see `coffeechat history PERSON` for event numbers",
                    )  # fmt: skip
                event, previous = found
                if event.source == "merge":
                    raise UsageError(
                        f"event {eid} kept two merged records' outreach together",
                        where=f"coffeechat undo {eid}",
                        fix=f"undo the merge instead: `coffeechat history '{self.name_of(event.person_id)}'` names it for `coffeechat unmerge`",
                    )  # fmt: skip
                state = self.store.outreach_state([event.person_id]).get(event.person_id)
                fields = inverse(event, previous, state) if state else {}
                kept = sorted(set(event.fields) - set(fields))
                name = self.name_of(event.person_id)
                if kept:
                    result.left.append((name, kept))
                if fields:
                    self.store.append_outreach(
                        [Change(event.person_id, fields, note=f"undoes event {eid}", undoes=eid)],
                        source="undo", origin=f"coffeechat undo {eid}",
                    )  # fmt: skip
                    result.reverted.append((eid, name, sorted(fields)))
            if lamp:
                self.store.lamp_undone([i for i, _, _, _ in lamp])
        return result

    def name_of(self, pid: str) -> str:
        """A person's full name (their id if they are gone), by index."""
        return self.store.names([pid]).get(pid, pid)

    def find(self, query: str, *, parts: bool = True) -> str:
        """The person_id for an id, a LinkedIn URL or a name (case and accents ignored); a clear
        error otherwise. Ids, URLs, names and name keys are found by index; with `parts`, a name
        given in part ("Ocampo" for Li Wei Ocampo; whole words only) is looked for through
        everyone's, in SQLite."""
        url = normalize_profile_url(query) if "linkedin" in query.lower() else ""
        # (person_id, full_name) pairs: plain tuples, so a lookup by index never loads pandas.
        hits = self.store.lookup_person(query, url=url)
        cleaned = _cleaned_name(query)
        if not hits and cleaned and cleaned != query:
            # "Dr. Ana Newperson" is stored as Ana Newperson: found by index too.
            hits = self.store.lookup_person(cleaned)
        key = name_key(query)
        if not hits and key:
            # Written another way ("jose garcia" for José García), then a part of a name.
            hits = self.store.lookup_name_key(key)
            if not hits and parts:
                hits = self.store.lookup_name_key(key, part=True)
        if len(hits) == 1:
            return hits[0][0]
        if not hits:
            raise NotFoundError(
                f"nobody called '{query}'",
                where=str(self.db_path),
                fix="check the name in `coffeechat contacts`",
            )
        ids = ", ".join(f"{name} ({pid})" for pid, name in hits[:5])
        raise NotFoundError(
            f"'{query}' matches {len(hits)} people: {ids}",
            where=str(self.db_path),
            fix="pass the person_id",
        )

    def report_content(self, *, pseudonymize: bool = False, today: date | None = None) -> Report:
        """Everything the report shows: summary cards, top candidates, outreach status, charts."""
        from coffeechat.network import graph as g
        from coffeechat.reporting import charts
        from coffeechat.reporting.insights import (
            Aliases,
            alias_for,
            employer_coverage_table,
            field_mix,
            funnel_counts,
            monthly_growth,
        )
        from coffeechat.reporting.report import Report

        today = today or date.today()
        profile = self.profile
        ranker = self.ranker(today=today)
        targets = self.targets()
        # The report shows fifteen, as `rank` would list them.
        ranked = ranker.rank(targets, top=None, explain=15, held=self._held(ranker.people_))
        people = ranker.people_
        comps = ranker.components(targets)
        relevance = pd.Series(comps[C.RELEVANCE].to_numpy(), index=people.index)
        ids = people[C.PERSON_ID].astype(str)
        names = pd.Series(people[C.FULL_NAME].to_numpy(), index=ids.to_numpy())
        if pseudonymize:
            names = pd.Series([alias_for(p) for p in ids], index=ids.to_numpy())
        fields = pd.Series(ranker.fields_of_people().to_numpy(), index=ids.to_numpy())
        scores = pd.Series(comps[C.SCORE].to_numpy(), index=ids.to_numpy())
        outreach = self.store.outreach()
        intros = self.store.introductions()
        # The graph of the people the two network charts draw: the introductions' and those whose
        # ties the ego chart shows, with whoever decides those ties (see ego_members), not a
        # graph of everyone (most of a report's time on a career office's network).
        keep = ["me", *scores.sort_values(ascending=False).head(150).index]
        drawn = g.ego_members(people, set(keep), events=self.store.events())
        drawn |= {*intros["introducer_id"].astype(str), *intros[C.PERSON_ID].astype(str)}
        network = self.graph(people=people[ids.isin(drawn).to_numpy()])
        context = Context.from_profile(profile, self.store.owner_facts())

        growth = monthly_growth(people, charts.relevance_band(relevance))
        target_fields = set(ranker.target_fields(targets))
        lamp = lamp_order(profile, ranked)[C.EMPLOYER].head(25)
        intro_days, asked_days = intros["introduced_on"], outreach[C.ASKED_ON]
        aliases = None
        if pseudonymize:
            # Employers and schools renamed, dates to the month: a shared report names no one.
            shown = ranked.head(15)
            aliases = Aliases(
                [*lamp, *profile.past_employers, *shown[C.COMPANY].fillna("").astype(str)],
                [*context.schools, *people.loc[people[C.PERSON_ID].isin(shown[C.PERSON_ID]),
                                               C.SCHOOL].astype(str)],
            )  # fmt: skip
            intro_days = intro_days.astype(str).str[:7] + "-01"
            asked_days = asked_days.astype(str).str[:7].where(asked_days.astype(bool), "")
            asked_days = asked_days.where(asked_days.eq(""), asked_days + "-01")
        tree = g.introduction_tree(network)
        for node in tree:
            tree.nodes[node]["label"] = "you" if node == g.ME else names.get(node, node)
        ego = g.ego_network(network, among=set(keep))
        figures = {
            "network_growth": (
                charts.network_growth(growth, introductions=intro_days, campaigns=asked_days),
                "Cumulative connections by month, by relevance to your targets; introductions and outreach campaigns marked.",
            ),
            "new_connections": (charts.new_connections(growth), "New connections each month."),
            "field_mix": (
                charts.field_mix_chart(
                    field_mix(fields, always=target_fields), targets=target_fields
                ),
                "The career fields your contacts work in; your target fields in blue.",
            ),
            "employer_coverage": (
                charts.coverage_chart(
                    _aliased_employers(
                        employer_coverage_table(people, lamp, context.schools), aliases
                    )
                ),
                "Whom you know at each employer on your LAMP list.",
            ),
            "outreach_funnel": (
                charts.funnel_chart(funnel_counts(outreach, intros)),
                "Outreach so far, stage by stage.",
            ),
            "introduction_tree": (
                charts.introduction_tree_chart(tree),
                "Introductions, by generation.",
            ),
            "ego_network": (
                charts.ego_network_chart(ego, fields=fields, scores=scores, labels=names),
                "Your 150 highest-ranked contacts around you, coloured by field.",
            ),
        }
        top = ranked.head(15).assign(full_name=lambda f: f[C.PERSON_ID].map(names))
        top = top[["rank", C.FULL_NAME, C.COMPANY, C.POSITION, C.SCORE, C.WHY]]
        if aliases is not None:
            top = top.assign(
                **{C.COMPANY: top[C.COMPANY].fillna("").astype(str).map(aliases.of),
                   C.WHY: top[C.WHY].fillna("").astype(str).map(aliases.text)}
            )  # fmt: skip
        top.columns = ["#", "name", C.EMPLOYER, "position", C.SCORE, C.WHY]
        status = (
            outreach[outreach[C.STATUS] != "skip"]
            .groupby(C.STATUS)
            .size()
            .rename("people")
            .reset_index()
            if len(outreach)
            else pd.DataFrame(
                {"status": ["nothing planned yet: run coffeechat plan"], "people": [0]}
            )
        )
        sources = people[C.SOURCES].fillna("")
        cards: dict[str, int | str] = {
            "people in your network": len(people),
            "LinkedIn connections": int(people[C.IS_CONNECTION].sum()),
            "from directories": int(people[C.FROM_DIRECTORY].sum()),
            "from address books": int(people[C.FROM_ADDRESS_BOOK].sum()),
            "found in more than one source": int(sources.str.contains(";").sum()),
            "volunteers who offered to talk": int(people[C.VOLUNTEER].sum())
            if C.VOLUNTEER in people
            else 0,
            "highly relevant to your targets": int((relevance >= 0.5).sum()),
            "introductions": len(intros),
        }
        owner = "" if pseudonymize else (profile.name or "")
        return Report(
            title=f"Network report{' for ' + owner if owner else ''}",
            subtitle=f"Targets: {', '.join(t.name for t in targets)}. Made on {today.isoformat()}"
            + (
                " (names, employers and schools replaced by aliases; dates to the month)."
                if pseudonymize
                else "."
            ),
            cards=cards,
            top=top,
            status=status,
            figures=figures,
        )

    def report(
        self, out: str | Path, *, pseudonymize: bool = False, today: date | None = None
    ) -> list[Path]:
        """Write every chart (PNG and SVG) and report.html into `out`."""
        from coffeechat.reporting.report import write_report

        return write_report(self.report_content(pseudonymize=pseudonymize, today=today), Path(out))

    def dupes(self, *, limit: int | None = None) -> pd.DataFrame:
        """Possible duplicates no rule merged (similar names plus evidence), awaiting a decision,
        strongest first (the first `limit`; `open_dupes` counts them all).

        Searched afresh whenever the people changed since the last search (the store's version
        moved); decisions already made are kept."""
        from coffeechat.identity.dupes import SEARCH, candidates

        people = self.contacts()

        def search() -> bool:
            # Found before the write lock is taken: another command need not wait for the search.
            found_now = candidates(people)
            with self.store.transaction():
                self.store.save_dupe_candidates(found_now)
            return True

        # The search reads only the people (a minute on half a million): the cache remembers the
        # version of the store it last ran on, and the pairs it found are in the store already.
        self._cache.value("dupes-searched", self._cache_key(search=SEARCH), search)
        found = self.store.dupe_candidates(limit=limit)
        sources = people.set_index(C.PERSON_ID)[C.SOURCES]
        return found.assign(
            sources_a=found["person_a"].map(sources).fillna(""),
            sources_b=found["person_b"].map(sources).fillna(""),
        )

    def open_dupes(self) -> int:
        """How many possible duplicates await a decision."""
        return self.store.count_dupe_candidates()

    def decide_dupe(self, candidate_id: int, *, accept: bool) -> str:
        """Accept (merge the pair into one person) or reject (never suggest it again) a candidate."""
        found = self.store.dupe_candidates(status=None)
        row = found[found["candidate_id"] == candidate_id]
        if row.empty or row.iloc[0][C.STATUS] != "open":
            raise NotFoundError(
                f"no open duplicate candidate {candidate_id}",
                where=str(self.db_path),
                fix="run `coffeechat dupes` to list the open ones",
            )
        pair = row.iloc[0]
        with self.store.transaction():
            if accept:
                self.store.merge_people(str(pair["person_a"]), str(pair["person_b"]))
            self.store.decide_dupe(candidate_id, "accepted" if accept else "rejected")
        return str(pair["person_a"])

    def forget(self, person: str) -> str:
        """Remove a person everywhere: contact details, provenance, messages, introductions,
        outreach, answers. Only one-way hashes of their identity keys are kept, so that importing
        an old file again does not bring them back. Returns the name that was forgotten."""
        from coffeechat.identity.resolve import person_addresses, person_key_hashes

        pid = self.find(person)
        row = self.store.person_record(pid)
        hashes = person_key_hashes(row)
        workbooks = self._workbooks()
        with self.store.transaction():
            self.store.forget(pid, hashes)
        self._ranker = None
        self._contacts = None
        self._cache.clear()
        # The workbooks coffeechat wrote, and their backups, lose them too.
        from coffeechat.ingest.mentions import workbook_mentions

        name = str(row[C.FULL_NAME] or "")
        texts = [name, *person_addresses(row), str(row[C.LINKEDIN_URL] or "")]
        # Only the workbooks that name them are rewritten (minutes each, on a large network; and
        # openpyxl is loaded only then).
        named = [t for t in [pid, *texts] if len(t) > 2]
        naming = [p for p in workbooks if p.exists() and workbook_mentions(p, named)]
        self.kept_elsewhere = []
        if naming:
            from coffeechat.outreach.workbook import scrub_workbook

            self.kept_elsewhere = [p for p in naming if not scrub_workbook(p, pid, texts)]
        return name

    def _workbooks(self) -> list[Path]:
        """Every workbook coffeechat wrote for this workspace that is still there, with backups."""
        from coffeechat.atomic import backups_of

        found: list[Path] = []
        for where in self.store.workbook_paths():
            path = Path(where)
            found.append(path)
            found += backups_of(path)
        return [p for p in dict.fromkeys(found) if p.is_file()]


@lru_cache(maxsize=4)
def _installed(name: str) -> str:
    """Which copy of a package is installed (its path and modification time), without importing
    it: a value worked out by another version is stale."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    origin = spec.origin if spec is not None else None
    if not origin:
        return ""
    return f"{origin}:{Path(origin).stat().st_mtime_ns}"


@lru_cache(maxsize=4)  # once per package a process asks about
def _code_of(package: ModuleType) -> str:
    """A fingerprint of a package's modules (name, size, modification time): a value pickled
    under another version of its rules or its vocabulary is stale even when the data is not."""
    digest = hashlib.sha256()
    for path in sorted(Path(str(package.__file__)).parent.glob("*.py")):
        info = path.stat()
        digest.update(f"{path.name}:{info.st_size}:{info.st_mtime_ns};".encode())
    return digest.hexdigest()[:16]
