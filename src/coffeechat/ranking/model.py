"""What a fitted ranker knows, and ranking with it: whom to ask first, and why.

Every component is in [0, 1] and explainable on its own; the score is their weighted mean, with the
non-relevance part scaled by sqrt(relevance) so that a warm, willing contact outside the target fields
never outranks the people in them.

`RankingModel` is what `Ranker` (the scikit-learn style estimator, `coffeechat.ranking.ranker`)
learns. It does not import scikit-learn, so a workspace that keeps it in its cache ranks without
paying for that import (1.4 s of a warm `rank`).
"""

from __future__ import annotations

import copy
import inspect
import math
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import positions_of, records, text_column
from coffeechat.profile import DEFAULT_WEIGHTS, Target
from coffeechat.ranking.components import REGISTRY, Context, Facts, freshness_of, seniority_of
from coffeechat.ranking.evidence import FIELD, NONE, Evidence
from coffeechat.ranking.fields import FIELDS
from coffeechat.ranking.semantic import MODEL_NAME, Encode, SemanticModel
from coffeechat.ranking.textmodel import TextModel
from coffeechat.ranking.words import readings

# Components in the order of the profile's weights (the score sums them in this order).
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
__all__ = [
    "COMPONENTS",
    "MATCHER",
    "Context",
    "RankingModel",
    "Relevance",
    "explain",
    "seniority_of",
]

# Which text matcher ran (`rank --explain` says; `Ranker.matcher` adds the semantic extra).
MATCHER = "word and character TF-IDF with career-field vocabulary; evidence by stems"

# MiniLM cosines between job titles: about 0.3 for unrelated work, 0.7 for the same work (tuned on
# the O*NET benchmark, benchmarks/bench_ranking_quality.py).
SEMANTIC_SPAN = (0.3, 0.7)

# Titles of people still in training: peers to compare notes with, not interviewees to plan.
_PEER = re.compile(
    r"\b(?:intern|interns|internship|student|trainee|apprentice|undergraduate|"
    r"phd candidate|doctoral candidate)\b",
    re.I,
)

# Statuses that mean the person has been asked already, or must not be.
ASKED_OR_DONE = frozenset({"asked", "replied", "scheduled", "met", "thanked", "done", "declined",
                           "no reply", "skip"})  # fmt: skip


# The status `rank --all` shows for a volunteer with no room this term (left out otherwise).
NO_ROOM = "no room now"

# How close a person's words must be to a field's to be counted in it (`fields_of_people`).
FIELD_THRESHOLD = 0.12
# remember(key, build): the value kept under `key`, or build()'s, kept for next time.
Remember = Callable[[list[list[str]], Callable[[], "Relevance"]], "Relevance"]


@dataclass(frozen=True)
class Relevance:
    """Relevance per person for a set of targets, and what it rests on."""

    score: np.ndarray  # in [0, 1]; 0.5 and above only with evidence
    target: np.ndarray  # index of the target the score is for
    evidence: np.ndarray  # NONE, WORDS or FIELD (coffeechat.ranking.evidence)
    field: (
        pd.Categorical[str] | np.ndarray
    )  # the field whose title matched (FIELD evidence), else ""
    anyone: list[bool]  # per target: does anyone in the network match it?


def _titles(people: pd.DataFrame) -> pd.Series:
    return text_column(people, C.POSITION)


def is_peer(titles: pd.Series) -> pd.Series:
    """Students and interns (by title)."""
    return titles.fillna("").astype(str).str.contains(_PEER)


def own_text(people: pd.DataFrame) -> pd.Series:
    """A person's own words beside their title, where evidence may also be found."""

    def col(name: str) -> pd.Series:
        return text_column(people, name)

    return col(C.INDUSTRY) + " ; " + col(C.DEGREE) + " ; " + col(C.WILLING_TO_HELP)


def person_text(people: pd.DataFrame) -> pd.Series:
    """The text a person is matched on: title twice (it matters most), then employer and context."""

    def col(name: str) -> pd.Series:
        return text_column(people, name)

    return (
        col(C.POSITION)
        + " ; "
        + col(C.POSITION)
        + " ; "
        + col(C.INDUSTRY)
        + " ; "
        + col(C.COMPANY)
        + " ; "
        + col(C.DEGREE)
        + " ; "
        + col(C.WILLING_TO_HELP)
        + " ; "
        + col(C.NOTES)
    )


class RankingModel:
    """A ranker's learned state (text model, evidence, the target-independent components) and its
    settings; ranks the people it was fitted on for any targets."""

    def __init__(
        self,
        *,
        context: Context | None = None,
        weights: dict[str, float] | None = None,
        employer_decay: float = 0.5,
        field_expansion: float = 1.0,
        today: date | None = None,
        encode: Encode | None = None,
        semantic_weight: float = 0.8,
    ) -> None:
        # The estimator's parameters, as `Ranker.get_params()` gives them.
        self.context = context
        self.weights = weights
        self.employer_decay = employer_decay
        self.field_expansion = field_expansion
        self.today = today
        self.encode = encode
        self.semantic_weight = semantic_weight

    def get_params(self) -> dict[str, Any]:
        """The parameters of the `Ranker` that learned this model: how its rankings are made."""
        # The keyword arguments of __init__, which mirror the estimator's.
        names = inspect.signature(RankingModel.__init__).parameters
        return {name: getattr(self, name) for name in names if name != "self"}

    def fit(self, people: pd.DataFrame) -> RankingModel:
        """Learn the text model over these people and the field vocabulary; compute the
        target-independent components once, so re-ranking for new targets is cheap."""
        context = self.context or Context()
        self.people_ = people.reset_index(drop=True)
        self._scored: tuple[tuple[tuple[str, str], ...], pd.DataFrame] | None = None
        self._relevant: tuple[tuple[tuple[str, str], ...], Relevance] | None = None
        self.remember: Remember | None = None  # see `attach`
        self.text_ = TextModel().fit(
            person_text(self.people_),
            _titles(self.people_),
            [f.text for f in FIELDS],
        )
        self.evidence_ = Evidence().fit(
            _titles(self.people_),
            own_text(self.people_),
            FIELDS,
        )
        self.static_ = self._static_components(self.people_, context)
        self.field_codes_ = self._field_codes(FIELD_THRESHOLD)
        # Students and interns, by title: read once here rather than on every ranking.
        self.static_["_peer"] = is_peer(_titles(self.people_)).to_numpy(dtype=bool)
        # Each person's place in person_id order, which breaks ties in the ranking.
        ids = self.people_[C.PERSON_ID].astype(str).to_numpy(dtype=object)
        order = np.empty(len(ids), dtype=np.int64)
        order[np.argsort(ids, kind="stable")] = np.arange(len(ids))
        self.static_["_id_order"] = order
        self.semantic_: SemanticModel | None = None
        if self.encode is not None:
            codes, uniques = pd.factorize(_titles(self.people_).fillna("").astype(str))
            self.title_codes_ = codes
            self.semantic_ = SemanticModel().fit(list(uniques), self.encode)
        return self

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the people (the workspace caches that frame apart and puts it back)
        and without the encoder (a function of the loaded model): `attach` puts both back."""
        state = dict(self.__dict__)
        state.pop("people_", None)
        state.pop("_scored", None)
        state.pop("_relevant", None)
        state.pop("remember", None)
        state["encode"] = None
        if state.get("semantic_") is not None:
            semantic_model = copy.copy(state["semantic_"])
            semantic_model.encode = None
            state["semantic_"] = semantic_model
        return state

    def attach(
        self, people: pd.DataFrame, encode: Encode | None, *, today: date | None = None
    ) -> RankingModel:
        """Give an unpickled model back its people and its encoder, for `today`. The people are
        those it was fitted on, with their outreach as it is now (the store keys the fit on who
        people are, not on whom the user has asked, nor on the day): freshness, the one component
        of either, is scored again."""
        self.people_ = people.reset_index(drop=True)
        self._scored = None
        self._relevant = None
        # Where the relevance for the last targets is kept between processes (set by the
        # workspace: its cache folder); None keeps it in memory only.
        self.remember = None
        self.today = today
        self.static_["freshness"] = freshness_of(self.people_, today or date.today())
        self.encode = encode
        if self.semantic_ is not None and encode is not None:
            self.semantic_.encode = encode
        return self

    @property
    def matcher(self) -> str:
        """Which text matchers ran (what `rank --explain` reports)."""
        if self.semantic_ is None:
            return MATCHER
        return f"{MATCHER}; plus sentence embeddings ({MODEL_NAME}, the semantic extra)"

    # -- components ------------------------------------------------------------------------

    def target_fields(self, targets: Sequence[Target]) -> list[str]:
        """The career field each target resembles most (what a report highlights)."""
        scores = self.text_.query_references([t.text for t in targets])
        return [FIELDS[i].name for i in scores.argmax(axis=1)]

    def closest_fields(self, target: Target, n: int = 3) -> list[str]:
        """The career fields of the vocabulary whose words a target shares most, closest first
        (none when it shares no word with any)."""
        scores = self.text_.query_references([target.text])[0]
        # Letters in common are no reason to name a field: "the and of" shares " and " with
        # "Rehabilitation and allied health", and no word.
        shared = self.text_.query_reference_words([target.text])[0] > 0
        order = [i for i in np.argsort(-scores, kind="stable") if shared[i] and scores[i] > 0.05]
        return [FIELDS[i].name for i in order[:n]]

    def relevance(self, targets: Sequence[Target]) -> Relevance:
        """Relevance in [0, 1] per person and what it rests on (kept for the last targets, like
        `components`: a plan also asks whom nobody matches).

        Similarity orders people; evidence (`coffeechat.ranking.evidence`) decides who matches.
        People with evidence for a target score in [0.5, 1], by similarity; people without score
        below 0.5 and are never listed as matches."""
        key = tuple((t.name, t.text) for t in targets)
        kept = self._relevant
        if kept is not None and kept[0] == key:
            return kept[1]
        if self.remember is not None:
            found = self.remember([list(k) for k in key], lambda: self._relevance(targets))
        else:
            found = self._relevance(targets)
        self._relevant = (key, found)
        return found

    def _relevance(self, targets: Sequence[Target]) -> Relevance:
        n = len(self.people_)
        if not targets or not n:
            return Relevance(
                np.zeros(n), np.zeros(n, dtype=int), np.zeros(n, dtype=np.int8),
                np.full(n, "", dtype=object), [False] * len(targets),
            )  # fmt: skip
        queries = [t.text for t in targets]
        # Each target read every way it can be ("ML" also as "machine learning"), closest reading
        # per person and per field: as evidence does.
        read = [readings(q) for q in queries]
        flat = [r for rs in read for r in rs]
        owner = np.repeat(np.arange(len(queries)), [len(rs) for rs in read])
        direct = _max_by(self.text_.similarity(flat), owner, axis=1)  # people x targets
        target_fields = _max_by(
            self.text_.query_references(flat), owner, axis=0
        )  # targets x fields
        # Expand each target over the fields it resembles most (a soft top-3), so that "UX research"
        # reaches a "human factors engineer". The expansion counts as much as the target resembles a
        # field: a long, specific target that matches no field keeps to its own words. It orders
        # people; it never makes anyone a match.
        expanded = np.zeros_like(direct)
        for t in range(len(targets)):
            order = np.argsort(-target_fields[t])[:3]
            weights = target_fields[t, order]
            if weights[0] <= 0:
                continue
            confidence = float(np.clip((weights[0] - 0.1) / 0.3, 0.0, 1.0))
            weights = np.where(weights >= 0.6 * weights[0], weights / weights[0], 0.0)
            per_field = self.text_.people_references(order) * weights
            expanded[:, t] = confidence * per_field.max(axis=1)
        raw = np.maximum(direct, self.field_expansion * expanded)
        kinds = np.zeros(raw.shape, dtype=np.int8)
        named: list[tuple[int, ...]] = []
        for t, target in enumerate(targets):
            match = self.evidence_.match(target.name)
            kinds[:, t] = match.kind
            named.append(match.fields)
        # Scale so the closest match in the network is 1 (unless even that is a weak match):
        # cosines of short titles rarely pass 0.5. Monotone, so no ties are made at the top.
        scale = max(float(raw.max()), 0.25)
        norm = np.clip(raw / scale, 0.0, 1.0)
        if self.semantic_ is not None:
            # Embeddings join the words as another signal: the span of cosines from unrelated
            # titles to the same work is stretched over [0, 1].
            lo, hi = SEMANTIC_SPAN
            cos = self.semantic_.similarity(queries)[self.title_codes_]
            sem = np.clip((cos - lo) / (hi - lo), 0.0, 1.0)
            w = self.semantic_weight
            norm = (1 - w) * norm + w * sem
        rel = np.where(kinds > 0, 0.5 + 0.5 * norm, 0.45 * norm)
        best_target = rel.argmax(axis=1)
        rows = np.arange(n)
        kind = kinds[rows, best_target]
        # Looked up per target, then taken per person (a loop over everyone takes 0.15 s).
        field = _labelled(
            np.where(kind == FIELD, best_target, len(named)),
            [FIELDS[f[0]].name if f else "" for f in named] + [""],
        )
        anyone = [bool((kinds[:, t] > 0).any()) for t in range(len(targets))]
        return Relevance(rel[rows, best_target], best_target, kind, field, anyone)

    def matched_targets(
        self, targets: Sequence[Target], ids: Collection[str] | None = None
    ) -> pd.DataFrame:
        """person_id and the target each person matches ('' for no evidence): what drafts name.
        Everyone's, or only those of the people `ids` (a plan's few, not 500,000 rows)."""
        comps = self.components(targets)
        rows = np.arange(len(comps))
        if ids is not None:
            found = positions_of(self.people_[C.PERSON_ID], list(ids))
            rows = found[found >= 0]
        comps = comps.iloc[rows]
        return pd.DataFrame(
            {
                C.PERSON_ID: self.people_[C.PERSON_ID].iloc[rows].to_numpy(),
                C.MATCHED_TARGET: np.where(
                    comps["_evidence"].to_numpy() > NONE,
                    comps[C.MATCHED_TARGET].to_numpy(dtype=object),
                    "",
                ),
            }
        )

    def matching(self, targets: Sequence[Target]) -> int:
        """How many people have evidence for one of the targets."""
        return int((self.relevance(targets).evidence > NONE).sum())

    def _static_components(self, people: pd.DataFrame, ctx: Context) -> pd.DataFrame:
        """Every registered component but relevance (which depends on the targets), with the facts
        their reasons quote."""
        facts = Facts.of(people, ctx, today=self.today or date.today())
        frame = pd.DataFrame(
            {
                c.key: c.score(facts)
                for c in sorted(REGISTRY, key=lambda c: COMPONENTS.index(c.key))
                if c.score is not None
            },
            index=people.index,
        )
        return pd.concat([frame, facts.columns()], axis=1)

    # -- ranking ---------------------------------------------------------------------------

    def components(self, targets: Sequence[Target]) -> pd.DataFrame:
        """Every component per person, the combined score and the matched target and field.

        The last targets' frame is kept (read it, do not change it): a plan asks for it three
        times (the ranking, the drafts' matched targets, the sentences), 0.3 s each on 500,000."""
        key = tuple((t.name, t.text) for t in targets)
        scored = getattr(self, "_scored", None)
        if scored is not None and scored[0] == key:
            return scored[1]
        frame = self._components(targets)
        self._scored = (key, frame)
        return frame

    def _components(self, targets: Sequence[Target]) -> pd.DataFrame:
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        relevance = self.relevance(targets)
        rel = relevance.score
        frame = self.static_.copy(deep=False)  # copy-on-write: the columns set below are its own
        frame[C.RELEVANCE] = rel
        total = sum(weights.values()) or 1.0
        others = sum(weights[c] * frame[c] for c in COMPONENTS if c != C.RELEVANCE)
        frame[C.SCORE] = (weights[C.RELEVANCE] * rel + np.sqrt(rel) * others) / total
        frame[C.MATCHED_TARGET] = _labelled(relevance.target, [t.name for t in targets] or [""])
        frame[C.MATCHED_FIELD] = relevance.field
        frame["_evidence"] = relevance.evidence
        return frame

    def rank(
        self,
        targets: Sequence[Target],
        *,
        top: int | None = None,
        everyone: bool = False,
        peers: bool = False,
        explain: int | None = None,
        held: np.ndarray | None = None,
    ) -> pd.DataFrame:
        """Whom to ask first: the people with evidence for a target, best first.

        `explain` limits the `why` sentences to the first rows (the rest get ""): a caller that
        shows fifteen people need not write 85,000 sentences.

        Left out unless asked for: people already asked, met, thanked, declined or skipped, people
        flagged do not contact, deceased or lost, and those `held` marks (a volunteer with no room
        this term: one per row of `people_`) (`everyone` keeps them, with their status); students
        and interns (`peers` keeps them). A person whose employer already appears above is
        discounted by `employer_decay` per appearance; `score` is after that discount, so the list
        is in the order of the score it shows (the factor is the `diversity` column)."""
        return self.rank_rows(
            targets, top=top, everyone=everyone, peers=peers, explain=explain, held=held
        )[0]

    def rank_rows(
        self,
        targets: Sequence[Target],
        *,
        top: int | None = None,
        everyone: bool = False,
        peers: bool = False,
        explain: int | None = None,
        held: np.ndarray | None = None,
    ) -> tuple[pd.DataFrame, np.ndarray]:
        """`rank`, and each row's position in `people_`: a caller that joins the ranking back to
        the people (the plan's Contacts sheet) need not look 85,000 ids up again."""
        comps = self.components(targets)
        people = self.people_
        keep = self._listed(comps, everyone=everyone, peers=peers)
        if held is not None and not everyone:
            keep &= ~held
        candidates = comps[keep]
        order, factor = _diverse_order(
            candidates[C.SCORE],
            self.static_.loc[candidates.index, "_employer_key"],
            self.static_.loc[candidates.index, "_id_order"],
            decay=self.employer_decay,
            limit=top,
        )
        chosen = candidates.loc[order]
        result = people.loc[order, [C.PERSON_ID, C.FULL_NAME, C.COMPANY, C.POSITION]].copy()
        result.insert(0, "rank", range(1, len(result) + 1))
        result[C.SCORE] = (chosen[C.SCORE].to_numpy() * factor).round(4)
        result["diversity"] = factor
        result[C.STATUS] = (
            people.loc[order, C.STATUS].fillna("").to_numpy() if C.STATUS in people else ""
        )
        if everyone:
            if held is not None:
                waiting = (
                    held[np.asarray(order, dtype=np.int64)]
                    & result[C.STATUS].isin(["", "planned"]).to_numpy()
                )
                result.loc[waiting, C.STATUS] = NO_ROOM
            flagged = C.flagged(people).loc[order].to_numpy()
            result.loc[flagged, C.STATUS] = "do not contact"
        for name in COMPONENTS:
            result[name] = chosen[name].round(3).to_numpy()
        result[C.MATCHED_TARGET] = chosen[C.MATCHED_TARGET].to_numpy()
        result[C.MATCHED_FIELD] = chosen[C.MATCHED_FIELD].to_numpy()
        told = order if explain is None else order[:explain]
        whys = self._sentences(told, chosen.loc[told], factor[: len(told)])
        result[C.WHY] = whys + [""] * (len(order) - len(whys))
        return result.reset_index(drop=True), np.asarray(order, dtype=np.int64)

    def _listed(self, comps: pd.DataFrame, *, everyone: bool, peers: bool) -> pd.Series:
        """Who `rank` lists: people with evidence; unless `everyone`, not those already asked,
        met, thanked, declined or skipped, nor flagged; unless `peers`, no students or interns."""
        people = self.people_
        keep = comps["_evidence"] > NONE
        if not everyone:
            status = people[C.STATUS].fillna("") if C.STATUS in people else ""
            keep &= ~C.flagged(people) & ~pd.Series(status, index=people.index).isin(ASKED_OR_DONE)
        if not peers:
            keep &= ~self.static_["_peer"]
        return keep

    def held_back(
        self, targets: Sequence[Target], held: np.ndarray, *, peers: bool = False
    ) -> np.ndarray:
        """Positions in `people_` of the people `rank` would list but for `held`, best score
        first: whom a plan would have asked, had they room this term."""
        comps = self.components(targets)
        rows = np.flatnonzero(self._listed(comps, everyone=False, peers=peers).to_numpy() & held)
        score = comps[C.SCORE].to_numpy()[rows]
        return rows[np.lexsort((self.static_["_id_order"].to_numpy()[rows], -score))]

    def whys(
        self,
        targets: Sequence[Target],
        ranked: pd.DataFrame,
        person_ids: Collection[str],
        *,
        rows: np.ndarray | None = None,
    ) -> dict[str, str]:
        """The `why` of some people of `rank(targets)`'s result, as `rank` writes it: for a caller
        that learns only later whom it shows (the plan: whom it schedules, and the Contacts
        sheet's head), rather than 85,000 sentences up front. `rows` are the ranked rows' places
        in `people_`, where the caller has them (`rank_rows`)."""
        mask = ranked[C.PERSON_ID].astype(str).isin({str(p) for p in person_ids}).to_numpy()
        wanted = ranked[mask]
        if wanted.empty:
            return {}
        ids = wanted[C.PERSON_ID].astype(str)
        found = (
            rows[mask] if rows is not None else positions_of(self.people_[C.PERSON_ID], list(ids))
        )
        labels = list(self.people_.index[found])
        comps = self.components(targets).loc[labels]
        sentences = self._sentences(labels, comps, wanted["diversity"].to_numpy())
        return dict(zip(ids, sentences, strict=True))

    def _sentences(self, labels: list[Any], comps: pd.DataFrame, factor: Any) -> list[str]:
        """The `why` of the people at these labels of `people_`, with their components and their
        employer-diversity factors."""
        if not len(labels):
            return []
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        rows = self.people_.loc[labels]
        texts = own_text(rows).tolist()
        # The evidence is a function of the target, the title and the text; a big network's head
        # repeats them (5,000 shown people may hold a few hundred titles).
        described: dict[tuple[str, int, str, str], str] = {}
        # Plain dicts per row: a pandas row per person costs more than the sentence itself.
        return [
            self._explain(person, row, weights, factor[k], text=texts[k], described=described)
            for k, (person, row) in enumerate(zip(records(rows), records(comps), strict=True))
        ]

    def _explain(
        self,
        person: Mapping[Any, Any],
        comps: Mapping[Any, Any],
        weights: dict[str, float],
        factor: float,
        *,
        text: str,
        described: dict[tuple[str, int, str, str], str],
    ) -> str:
        target, kind = str(comps[C.MATCHED_TARGET]), int(comps["_evidence"])
        title = str(person.get(C.POSITION, "") or "")
        evidence = described.get((target, kind, title, text))
        if evidence is None:
            evidence = self.evidence_.describe(target, kind, title=title, text=text)
            described[(target, kind, title, text)] = evidence
        why = explain(person, comps, weights, evidence=evidence)
        if factor < 1:
            company = str(person.get(C.COMPANY, "") or "their employer")
            why += f"; score x{factor:g}: someone at {company} ranks above"
        return why

    def fields_of_people(self, *, threshold: float = FIELD_THRESHOLD) -> pd.Series:
        """Each fitted person's closest career field by name ('' when nothing is close). Worked
        out at fit for the default threshold (a second of every `graph` and `report` on half a
        million people) and kept with the model."""
        kept = getattr(self, "field_codes_", None)
        codes = (
            kept
            if kept is not None and threshold == FIELD_THRESHOLD
            else self._field_codes(threshold)
        )
        names = [f.name for f in FIELDS] + [""]
        return pd.Series(_labelled(codes, names).to_numpy(dtype=object), index=self.people_.index)

    def _field_codes(self, threshold: float) -> np.ndarray:
        """Per person, the index of the closest field, or len(FIELDS) when none is close."""
        sims = self.text_.people_references(np.arange(len(FIELDS)))
        best = np.asarray(sims.argmax(axis=1)).ravel()
        close = np.asarray(sims.max(axis=1)).ravel() >= threshold
        return np.where(close, best, len(FIELDS)).astype(np.int16)


def _labelled(codes: np.ndarray, names: Sequence[str]) -> pd.Categorical[str]:
    """`names[codes]` per person, as a categorical: half a million labels drawn from a few names
    cost nothing to make, where strings cost 60 ms a column."""
    distinct = list(dict.fromkeys(names))
    at = np.array([distinct.index(n) for n in names], dtype=np.int64)
    return pd.Categorical.from_codes(
        at[np.asarray(codes, dtype=np.int64)], categories=pd.Index(distinct)
    )


def _max_by(values: np.ndarray, owner: np.ndarray, *, axis: int) -> np.ndarray:
    """The largest of the slices along `axis` that share an owner (owners 0..k-1, in order)."""
    starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]])
    return np.maximum.reduceat(values, starts, axis=axis)


def _diverse_order(
    score: pd.Series, employer: pd.Series, tie: pd.Series, *, decay: float, limit: int | None
) -> tuple[list[int], np.ndarray]:
    """The order by score when each person is discounted by (1 - decay) for every person from the
    same employer ranked above them; returns the order (labels of `score`) and each person's
    factor.

    That is the greedy "pick the best, discount their colleagues" order, computed without the
    greedy loop: within an employer the k-th best by score always gets the factor (1 - decay)^k,
    so every final score is known up front and one sort gives the order (the discounted scores
    never rise down the list). Ties break on `tie` (each person's place in person_id order), so
    the order is deterministic; integers sort 85,000 people ten times faster than their ids."""
    s = score.to_numpy(dtype=float)
    t = tie.to_numpy()
    first = np.lexsort((t, -s))
    employers = employer.to_numpy(dtype=object)[first]
    codes, _ = pd.factorize(employers)
    # The k-th of an employer in score order has k colleagues above: its place within its group.
    above = pd.Series(codes).groupby(codes, sort=False).cumcount().to_numpy().copy()
    above[pd.isna(employers) | (employers == "")] = 0  # no employer: no colleagues
    factor = (1 - decay) ** above
    second = np.lexsort((t[first], -(s[first] * factor)))
    if limit is not None:
        second = second[:limit]
    return list(score.index.to_numpy()[first][second]), factor[second].astype(float)


def explain(
    person: Mapping[Any, Any],
    comps: Mapping[Any, Any],
    weights: dict[str, float],
    *,
    evidence: str = "",
) -> str:
    """One plain-English line naming the strongest reasons, in order of their contribution.

    The match leads, and is only claimed with its evidence (which words, or which field title)."""
    phrases: list[tuple[float, str]] = []
    rel = float(comps[C.RELEVANCE])
    position = str(person.get(C.POSITION, "") or "")
    target = str(comps.get(C.MATCHED_TARGET, "") or "")
    if evidence:
        label = f"{position or 'their role'} matches {target} ({evidence})"
        phrases.append((weights[C.RELEVANCE] * rel + 1.0, label))  # the match always leads
    gate = math.sqrt(rel)
    for component in REGISTRY:
        if component.reason is None:
            continue
        text, threshold = component.reason(person, comps)
        value = float(comps[component.key])
        if text and value >= threshold:
            phrases.append((weights[component.key] * value * gate, text))
    # The match itself, then the three strongest other reasons.
    ranked = sorted(phrases, key=lambda p: -p[0])[:4]
    return "; ".join(text for _, text in ranked)
