"""A workspace: a folder holding the user's profile (coffeechat.toml) and store (coffeechat.db).

This is the library API the CLI and notebooks share: each CLI verb is one call here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import NotFoundError, ProfileError
from coffeechat.export.report import Report, write_report
from coffeechat.export.workbook import read_workbook, write_workbook
from coffeechat.fields import FIELDS
from coffeechat.graph import build_graph
from coffeechat.identity import name_key, name_keys, normalize_profile_url
from coffeechat.importer import FileReport, ImportReport, import_files
from coffeechat.plan import (
    OutreachPlan,
    PlanOptions,
    attach_drafts,
    build_plan,
    lamp_order,
)
from coffeechat.profile import Profile, Target, load_profile, template_text
from coffeechat.rank import Context, Ranker, classify_fields
from coffeechat.sources import read_path
from coffeechat.sources._csv import ZIP_MAGIC
from coffeechat.sources.records import sha256
from coffeechat.store import Store, now_iso
from coffeechat.tracking import (
    EVENTS,
    IntroEdit,
    SyncReport,
    WorkbookEdits,
    apply_edits,
    existing_rows,
    with_progress,
    written_cells,
)

PROFILE_FILE = "coffeechat.toml"
DB_FILE = "coffeechat.db"


@dataclass(frozen=True)
class InitResult:
    profile_created: bool
    database_created: bool


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
            self.root.mkdir(parents=True)
        if not self.root.is_dir():
            raise NotFoundError(
                "the workspace is not a folder",
                where=str(self.root),
                fix="pass a folder to --workspace",
            )
        self._store: Store | None = None
        self._ranker: tuple[object, Ranker] | None = None

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
            self._store = Store(self.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- verbs ---------------------------------------------------------------------------------

    def init(self) -> InitResult:
        """Write the commented profile template (never over an existing one) and create the store."""
        created = not self.profile_path.exists()
        if created:
            self.profile_path.write_text(template_text(), encoding="utf-8")
        db_created = not self.db_path.exists()
        _ = self.store
        return InitResult(created, db_created)

    def import_path(
        self,
        path: str | Path,
        *,
        source: str = "auto",
        label: str = "",
        encoding: str | None = None,
        overrides: dict[str, str] | None = None,
        dry_run: bool = False,
        progress: Callable[[str], None] | None = None,
    ) -> ImportReport:
        """Import a LinkedIn export (ZIP, folder or CSV), a directory, an address book or an
        introductions log. `progress` is told what is happening (for a progress bar)."""
        if source == "auto" and not overrides and not encoding:
            seen = self._seen_before(Path(path), dry_run=dry_run)
            if seen is not None:
                return seen
        if progress:
            progress(f"reading {Path(path).name}")
        files = read_path(Path(path), source=source, encoding=encoding, overrides=overrides)
        return import_files(
            self.store,
            files,
            path=str(path),
            label=label,
            own_emails=set(self.profile.emails),
            dry_run=dry_run,
            progress=(lambda name: progress(f"storing {Path(name.split(':')[-1]).name}"))
            if progress
            else None,
        )

    def _seen_before(self, path: Path, *, dry_run: bool) -> ImportReport | None:
        """A single CSV whose exact bytes were imported before, reported as such without parsing it
        again (a big directory takes seconds to parse). Archives are checked member by member."""
        if not path.is_file():
            return None
        try:
            data = path.read_bytes()
        except OSError:
            return None  # read_path reports it properly
        if data.startswith(ZIP_MAGIC):
            return None
        row = self.store.conn.execute(
            "SELECT kind FROM import_batches WHERE file_hash = ? ORDER BY batch_id LIMIT 1",
            (sha256(data),),
        ).fetchone()
        if row is None:
            return None
        report = FileReport(name=str(path), kind=str(row[0]), already_imported=True)
        return ImportReport(path=str(path), files=[report], dry_run=dry_run)

    def contacts(self) -> pd.DataFrame:
        """Everyone in the store, one row per person (the `contacts --format csv` columns first)."""
        people = self.store.people()
        rest = [c for c in people.columns if c not in C.CONTACTS_CSV]
        return people[[*C.CONTACTS_CSV, *rest]]

    def targets(self, texts: Sequence[str] | None = None) -> list[Target]:
        """Targets from the given texts, else from the profile."""
        if texts:
            return [Target(name=t.strip()) for t in texts if t.strip()]
        targets = list(self.profile.targets)
        if not targets:
            raise ProfileError(
                "no target fields given",
                where=str(self.profile_path),
                fix="pass --target 'UX research' or add [[targets]] to the profile",
            )
        return targets

    def ranker(self, *, today: date | None = None) -> Ranker:
        """A ranker fitted on everyone in the store.

        It is cached until the store or the profile changes, so ranking again for other targets
        (in a notebook, say) costs only the ranking, not the fit.
        """
        key = (self._state(), today)
        if self._ranker is not None and self._ranker[0] == key:
            return self._ranker[1]
        profile = self.profile
        context = Context.from_profile(profile, self.store.owner_facts())
        ranker = Ranker(context=context, weights=profile.weights, today=today).fit(self.contacts())
        self._ranker = (key, ranker)
        return ranker

    def _state(self) -> tuple[int, int, int]:
        """Changes whenever the store (from any connection) or the profile file changes."""
        data_version = int(self.store.conn.execute("PRAGMA data_version").fetchone()[0])
        mtime = self.profile_path.stat().st_mtime_ns if self.profile_path.exists() else 0
        return data_version, self.store.conn.total_changes, mtime

    def rank(
        self,
        targets: Sequence[str] | None = None,
        *,
        top: int | None = 20,
        today: date | None = None,
    ) -> pd.DataFrame:
        """The ranked list for the targets (or the profile's), best first, each row with `why`."""
        return self.ranker(today=today).rank(self.targets(targets), top=top)

    def fields(self) -> pd.Series:
        """Each person's closest career field, indexed by person_id."""
        ranker = self.ranker()
        return pd.Series(
            classify_fields(ranker).to_numpy(), index=ranker.people_[C.PERSON_ID].to_numpy()
        )

    def graph(self) -> nx.MultiDiGraph:
        """The typed network graph of everyone in the store (see coffeechat.graph)."""
        context = Context.from_profile(self.profile, self.store.owner_facts())
        return build_graph(
            self.contacts(),
            self.store.introductions(),
            me=self.profile.name,
            schools=context.schools,
            past_employers=context.past_employers,
            fields=self.fields(),
            events=self.store.events(),
        )

    def introductions(self) -> pd.DataFrame:
        """The introductions log with names, companies and positions."""
        intros = self.store.introductions()
        people = self.contacts().set_index(C.PERSON_ID)
        return intros.assign(
            introducer_name=intros["introducer_id"].map(people[C.FULL_NAME]),
            person_name=intros[C.PERSON_ID].map(people[C.FULL_NAME]),
            company=intros[C.PERSON_ID].map(people[C.COMPANY]),
            position=intros[C.PERSON_ID].map(people[C.POSITION]),
        )

    def plan(
        self,
        *,
        start: date | None = None,
        weeks: int = 8,
        per_week: int | None = None,
        targets: Sequence[str] | None = None,
        min_relevance: float = 0.3,
        today: date | None = None,
    ) -> OutreachPlan:
        """The plan: everyone already on it as the store remembers them (status, dates, notes), plus
        new people picked by LAMP order, two per employer, scheduled and drafted."""
        profile = self.profile
        today = today or date.today()
        ranker = self.ranker(today=today)
        ranked = ranker.rank(self.targets(targets), top=None)
        contacts = ranker.people_
        outreach = self.store.outreach()
        plannable = ranked[
            ~ranked[C.PERSON_ID].isin(set(outreach["person_id"]))
            & (ranked["relevance"] >= min_relevance)
        ]
        options = PlanOptions(
            start=start or today,
            weeks=weeks,
            per_week=per_week or profile.pace.requests_per_week,
            employers_at_once=profile.pace.employers_at_once,
            contacts_per_employer=profile.pace.contacts_per_employer,
        )
        current = existing_rows(outreach, contacts, ranked)
        fresh = build_plan(plannable, profile, options, existing=current)
        schedule = with_progress(pd.concat([current, fresh], ignore_index=True), today)
        schedule, questions = attach_drafts(schedule, contacts, ranked, profile)
        answers = self.store.answers()
        questions = questions.merge(answers, on=[C.PERSON_ID, "question"], how="left").fillna(
            {"answer": ""}
        )
        scored = contacts.merge(
            ranked[[C.PERSON_ID, "score", "relevance", "why"]], on=C.PERSON_ID, how="left"
        ).sort_values(["score", C.FULL_NAME], ascending=[False, True], na_position="last")
        return OutreachPlan(
            plan=schedule,
            employers=lamp_order(profile, plannable),
            contacts=scored.reset_index(drop=True),
            ranked=ranked,
            introductions=self.introductions(),
            questions=questions,
            owner=profile.name or "you",
            made_on=today,
        )

    def write_plan(self, path: str | Path, **options: Any) -> OutreachPlan:
        """Read back what the user typed into the existing workbook (if any), plan again, remember the
        plan in the store and write the workbook; the previous one is kept as `.bak`."""
        path = Path(path)
        if path.exists():
            self.sync(path)
        book = self.plan(**options)
        with self.store.transaction():
            for row in book.plan.to_dict("records"):
                fields: dict[str, str | int] = {"on_plan": 1}
                if row["status"] == "planned" and row.get("request_on"):
                    fields.update(
                        status="planned",
                        employer=str(row["employer"]),
                        role=str(row["role"]),
                        lamp_rank=int(row["lamp_rank"] or 0),
                        request_on=row["request_on"].isoformat(),
                    )
                self.store.upsert_outreach(str(row[C.PERSON_ID]), **fields)
            self.store.remember_written(written_cells(book.plan))
        write_workbook(book, path)
        return book

    def sync(self, path: str | Path) -> SyncReport:
        """Read statuses, dates, notes, hand-added rows, introductions and answers back from the
        workbook into the store, in one transaction (a typo leaves the store as it was)."""
        path = Path(path)
        edits = read_workbook(path)
        with self.store.transaction():
            return apply_edits(self.store, edits, source=str(path))

    def log(self, person: str, event: str, *, on: date | None = None) -> str:
        """Record that a request was sent, or the person replied, met you or was thanked."""
        pid = self.find(person)
        status, field = EVENTS[event]
        with self.store.transaction():
            self.store.upsert_outreach(
                pid, status=status, **{field: (on or date.today()).isoformat()}
            )
        return pid

    def intro(self, introducer: str, person: str, *, note: str = "", on: date | None = None,
              company: str = "", position: str = "") -> tuple[str, str]:  # fmt: skip
        """Log an introduction; the introduced person becomes a contact if they are new."""
        introducer_id = self.find(introducer)
        edit = IntroEdit(0, introducer_id, person, on or date.today(), note, company, position)
        with self.store.transaction():
            apply_edits(self.store, WorkbookEdits(introductions=[edit]), source="coffeechat intro")
        return introducer_id, self.find(person)

    def find(self, query: str) -> str:
        """The person_id for an id or a name (case and accents ignored); a clear error otherwise."""
        people = self.contacts()
        if query in set(people[C.PERSON_ID]):
            return query
        url = normalize_profile_url(query) if "linkedin" in query.lower() else ""
        if url and url in set(people[C.LINKEDIN_URL]):
            return str(people.loc[people[C.LINKEDIN_URL] == url, C.PERSON_ID].iloc[0])
        keys = name_keys(people[C.FULL_NAME].fillna("").astype(str))
        hits = people[keys == name_key(query)]
        if hits.empty:
            hits = (
                people[keys.str.contains(name_key(query), regex=False)] if name_key(query) else hits
            )
        if len(hits) == 1:
            return str(hits.iloc[0][C.PERSON_ID])
        if hits.empty:
            raise NotFoundError(
                f"nobody called '{query}'",
                where=str(self.db_path),
                fix="check the name in `coffeechat contacts`",
            )
        ids = ", ".join(f"{r.full_name} ({r.person_id})" for r in hits.head(5).itertuples())
        raise NotFoundError(
            f"'{query}' matches {len(hits)} people: {ids}",
            where=str(self.db_path),
            fix="pass the person_id",
        )

    def report_content(self, *, pseudonymize: bool = False, today: date | None = None) -> Report:
        """Everything the report shows: summary cards, top candidates, outreach status, charts."""
        from coffeechat import graph as g
        from coffeechat.export import charts
        from coffeechat.insights import (
            alias_for,
            employer_coverage_table,
            field_mix,
            funnel_counts,
            monthly_growth,
        )

        today = today or date.today()
        profile = self.profile
        ranker = self.ranker(today=today)
        targets = self.targets()
        ranked = ranker.rank(targets, top=None)
        people = ranker.people_
        comps = ranker.components(targets)
        relevance = pd.Series(comps["relevance"].to_numpy(), index=people.index)
        ids = people[C.PERSON_ID].astype(str)
        names = pd.Series(people[C.FULL_NAME].to_numpy(), index=ids.to_numpy())
        if pseudonymize:
            names = pd.Series([alias_for(p) for p in ids], index=ids.to_numpy())
        fields = pd.Series(classify_fields(ranker).to_numpy(), index=ids.to_numpy())
        scores = pd.Series(comps["score"].to_numpy(), index=ids.to_numpy())
        outreach = self.store.outreach()
        intros = self.store.introductions()
        network = self.graph()
        context = Context.from_profile(profile, self.store.owner_facts())

        growth = monthly_growth(people, charts.relevance_band(relevance))
        target_fields = {
            FIELDS[i].name
            for i in ranker.text_.query_references([t.text for t in targets]).argmax(axis=1)
        }
        lamp = lamp_order(profile, ranked)["employer"].head(25)
        tree = g.introduction_tree(network)
        for node in tree:
            tree.nodes[node]["label"] = "you" if node == g.ME else names.get(node, node)
        ego = g.ego_network(network)
        keep = ["me", *scores.sort_values(ascending=False).head(150).index]
        figures = {
            "network_growth": (
                charts.network_growth(
                    growth, introductions=intros["introduced_on"], campaigns=outreach["asked_on"]
                ),
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
                charts.coverage_chart(employer_coverage_table(people, lamp, context.schools)),
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
                charts.ego_network_chart(
                    ego.subgraph(keep), fields=fields, scores=scores, labels=names
                ),
                "Your 150 highest-ranked contacts around you, coloured by field.",
            ),
        }
        top = ranked.head(15).assign(full_name=lambda f: f[C.PERSON_ID].map(names))
        top = top[["rank", C.FULL_NAME, C.COMPANY, C.POSITION, "score", "why"]]
        top.columns = ["#", "name", "employer", "position", "score", "why"]
        status = (
            outreach[outreach["status"] != "skip"]
            .groupby("status")
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
            "LinkedIn connections": int(sources.str.contains("linkedin").sum()),
            "from directories": int(sources.str.contains("directory").sum()),
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
            + (" (names replaced by aliases)." if pseudonymize else "."),
            cards=cards,
            top=top,
            status=status,
            figures=figures,
        )

    def report(
        self, out: str | Path, *, pseudonymize: bool = False, today: date | None = None
    ) -> list[Path]:
        """Write every chart (PNG and SVG) and report.html into `out`."""
        return write_report(self.report_content(pseudonymize=pseudonymize, today=today), Path(out))

    def dupes(self) -> pd.DataFrame:
        """Possible duplicates no rule merged (similar names plus evidence), awaiting a decision.

        Found afresh each time; decisions already made are kept."""
        from coffeechat.dupes import candidates

        with self.store.transaction():
            self.store.save_dupe_candidates(candidates(self.contacts()))
        return self.store.dupe_candidates()

    def decide_dupe(self, candidate_id: int, *, accept: bool) -> str:
        """Accept (merge the pair into one person) or reject (never suggest it again) a candidate."""
        found = self.store.dupe_candidates(status=None)
        row = found[found["candidate_id"] == candidate_id]
        if row.empty or row.iloc[0]["status"] != "open":
            raise NotFoundError(
                f"no open duplicate candidate {candidate_id}",
                where=str(self.db_path),
                fix="run `coffeechat dupes` to list the open ones",
            )
        pair = row.iloc[0]
        with self.store.transaction():
            if accept:
                self.store.merge_people(str(pair["person_a"]), str(pair["person_b"]))
            self.store.conn.execute(
                "UPDATE dupe_candidates SET status = ?, decided_at = ? WHERE candidate_id = ?",
                ("accepted" if accept else "rejected", now_iso(), candidate_id),
            )
        return str(pair["person_a"])

    def forget(self, person: str) -> str:
        """Remove a person everywhere: contact details, provenance, messages, introductions,
        outreach, answers. Only one-way hashes of their identity keys are kept, so that importing
        an old file again does not bring them back. Returns the name that was forgotten."""
        from coffeechat.resolve import addresses, hash_key, key_frame, key_hashes

        pid = self.find(person)
        row = self.contacts()
        row = row[row[C.PERSON_ID] == pid]
        hashes = [h for h in key_hashes(key_frame(row)).iloc[0] if h]
        hashes = list(dict.fromkeys([*hashes, *(hash_key(e) for e in addresses(row)["email"])]))
        with self.store.transaction():
            self.store.forget(pid, hashes)
        self._ranker = None
        return str(row[C.FULL_NAME].iloc[0])
