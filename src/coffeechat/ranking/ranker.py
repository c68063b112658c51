"""The ranker: whom to ask first, and why.

Every component is in [0, 1] and explainable on its own; the score is their weighted mean, with the
non-relevance part scaled by sqrt(relevance) so that a warm, willing contact outside the target fields
never outranks the people in them. The estimator follows scikit-learn conventions: parameters are only
stored in __init__, `fit` learns the text model and returns self, learned state ends in `_`.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from datetime import date

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from coffeechat import columns as C
from coffeechat.identity.keys import name_key
from coffeechat.profile import DEFAULT_WEIGHTS, Target
from coffeechat.ranking.components import REGISTRY, Context, Facts, seniority_of
from coffeechat.ranking.fields import FIELDS
from coffeechat.ranking.textmodel import TextModel

# Components in the order of the profile's weights (the score sums them in this order).
COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
__all__ = ["COMPONENTS", "Context", "Ranker", "classify_fields", "explain", "seniority_of"]


def person_text(people: pd.DataFrame) -> pd.Series:
    """The text a person is matched on: title twice (it matters most), then employer and context."""

    def col(name: str) -> pd.Series:
        return (
            people[name].fillna("").astype(str)
            if name in people
            else pd.Series("", index=people.index)
        )

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


class Ranker(BaseEstimator):
    """Rank people against target fields with explainable components.

    >>> ranker = Ranker(context=Context(level="student")).fit(people)   # doctest: +SKIP
    >>> ranker.rank([Target("UX research")], top=10)                    # doctest: +SKIP
    """

    def __init__(
        self,
        context: Context | None = None,
        weights: dict[str, float] | None = None,
        employer_decay: float = 0.5,
        field_expansion: float = 1.0,
        today: date | None = None,
    ) -> None:
        self.context = context
        self.weights = weights
        self.employer_decay = employer_decay
        self.field_expansion = field_expansion
        self.today = today

    # -- fitting ---------------------------------------------------------------------------

    def fit(self, people: pd.DataFrame, y: object = None) -> Ranker:
        """Learn the text model over these people and the field vocabulary; compute the
        target-independent components once, so re-ranking for new targets is cheap."""
        context = self.context or Context()
        self.people_ = people.reset_index(drop=True)
        self.text_ = TextModel().fit(
            person_text(self.people_),
            self.people_[C.POSITION]
            if C.POSITION in self.people_
            else pd.Series("", index=self.people_.index),
            [f.text for f in FIELDS],
        )
        self.static_ = self._static_components(self.people_, context)
        return self

    # -- components ------------------------------------------------------------------------

    def target_fields(self, targets: Sequence[Target]) -> list[str]:
        """The career field each target resembles most (what a report highlights)."""
        check_is_fitted(self, "text_")
        scores = self.text_.query_references([t.text for t in targets])
        return [FIELDS[i].name for i in scores.argmax(axis=1)]

    def relevance(self, targets: Sequence[Target]) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(relevance in [0, 1], index of the best target, name of the matched field) per person."""
        check_is_fitted(self, "text_")
        if not targets:
            n = len(self.people_)
            return np.zeros(n), np.zeros(n, dtype=int), [""] * n
        queries = [t.text for t in targets]
        direct = self.text_.similarity(queries)  # people x targets
        target_fields = self.text_.query_references(queries)  # targets x fields
        # Expand each target over the fields it resembles most (a soft top-3), so that "UX research"
        # reaches a "human factors engineer". The expansion counts as much as the target resembles a
        # field: a long, specific target that matches no field keeps to its own words.
        expanded = np.zeros_like(direct)
        best_field = np.zeros(direct.shape, dtype=int)
        for t in range(len(targets)):
            order = np.argsort(-target_fields[t])[:3]
            weights = target_fields[t, order]
            if weights[0] <= 0:
                continue
            confidence = float(np.clip((weights[0] - 0.1) / 0.3, 0.0, 1.0))
            weights = np.where(weights >= 0.6 * weights[0], weights / weights[0], 0.0)
            per_field = self.text_.people_references(order) * weights
            expanded[:, t] = confidence * per_field.max(axis=1)
            best_field[:, t] = order[per_field.argmax(axis=1)]
        raw = np.maximum(direct, self.field_expansion * expanded)
        best_target = raw.argmax(axis=1)
        best = raw[np.arange(len(raw)), best_target]
        # Cosines of short titles rarely pass 0.5: scale so the closest match in the network is 1
        # (unless even that is a weak match). Monotone, so no ties are made at the top.
        scale = max(float(best.max()) if len(best) else 0.0, 0.25)
        rel = np.clip(best / scale, 0.0, 1.0)
        fields = [
            FIELDS[best_field[i, best_target[i]]].name if rel[i] > 0 else ""
            for i in range(len(rel))
        ]
        return rel, best_target, fields

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
        """Every component per person, the combined score and the matched target and field."""
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        rel, best_target, fields = self.relevance(targets)
        frame = self.static_.copy()
        frame[C.RELEVANCE] = rel
        total = sum(weights.values()) or 1.0
        others = sum(weights[c] * frame[c] for c in COMPONENTS if c != C.RELEVANCE)
        frame[C.SCORE] = (weights[C.RELEVANCE] * rel + np.sqrt(rel) * others) / total
        frame[C.MATCHED_TARGET] = [targets[i].name if targets else "" for i in best_target]
        frame[C.MATCHED_FIELD] = fields
        return frame

    def rank(self, targets: Sequence[Target], *, top: int | None = None) -> pd.DataFrame:
        """The ranked list: people flagged do-not-contact, deceased or lost are left out; a person
        whose employer already appears above is discounted by `employer_decay` per appearance."""
        comps = self.components(targets)
        people = self.people_
        allowed = ~C.flagged(people)
        candidates = comps[allowed & (comps[C.RELEVANCE] > 0)]
        order = _diverse_order(
            candidates[C.SCORE],
            self.static_.loc[candidates.index, "_employer_key"],
            people.loc[candidates.index, C.PERSON_ID].astype(str),
            decay=self.employer_decay,
            limit=top,
        )
        chosen = candidates.loc[order]
        result = people.loc[order, [C.PERSON_ID, C.FULL_NAME, C.COMPANY, C.POSITION]].copy()
        result.insert(0, "rank", range(1, len(result) + 1))
        result[C.SCORE] = chosen[C.SCORE].round(4).to_numpy()
        for name in COMPONENTS:
            result[name] = chosen[name].round(3).to_numpy()
        result[C.MATCHED_TARGET] = chosen[C.MATCHED_TARGET].to_numpy()
        result[C.MATCHED_FIELD] = chosen[C.MATCHED_FIELD].to_numpy()
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        # people_ has a RangeIndex (fit resets it), so labels in `order` are positions too.
        result[C.WHY] = [
            explain(people.iloc[i], chosen.iloc[k], weights) for k, i in enumerate(order)
        ]
        return result.reset_index(drop=True)


def _diverse_order(
    score: pd.Series, employer: pd.Series, person_id: pd.Series, *, decay: float, limit: int | None
) -> list[int]:
    """Greedy order by score, each earlier pick at the same employer multiplying by (1 - decay).

    Ties break on person_id, so the order is deterministic.
    """
    heap = [(-s, pid, i, 0) for i, s, pid in zip(score.index, score, person_id, strict=True)]
    heapq.heapify(heap)
    seen: dict[str, int] = {}
    order: list[int] = []
    limit = len(heap) if limit is None else limit
    while heap and len(order) < limit:
        neg, pid, i, count = heapq.heappop(heap)
        emp = employer[i]
        now = seen.get(emp, 0) if emp else 0
        if now != count:
            base = -neg / ((1 - decay) ** count) if decay < 1 else 0.0
            heapq.heappush(heap, (-(base * (1 - decay) ** now), pid, i, now))
            continue
        order.append(i)
        if emp:
            seen[emp] = now + 1
    return order


def explain(person: pd.Series, comps: pd.Series, weights: dict[str, float]) -> str:
    """One plain-English line naming the strongest reasons, in order of their contribution."""
    phrases: list[tuple[float, str]] = []
    rel = float(comps[C.RELEVANCE])
    position = str(person.get(C.POSITION, "") or "")
    field = str(comps.get(C.MATCHED_FIELD, "") or "")
    target = str(comps.get(C.MATCHED_TARGET, "") or "")
    if rel > 0:
        what = position or "their role"
        label = f"{what} matches {target}" + (
            f" ({field})" if field and name_key(field) != name_key(target) else ""
        )
        phrases.append((weights[C.RELEVANCE] * rel + 1.0, label))  # relevance always leads
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


def classify_fields(ranker: Ranker, *, threshold: float = 0.12) -> pd.Series:
    """Each fitted person's closest career field by name ('' when nothing is close)."""
    check_is_fitted(ranker, "text_")
    sims = ranker.text_.people_references(np.arange(len(FIELDS)))
    best = sims.argmax(axis=1)
    names = np.array([f.name for f in FIELDS], dtype=object)
    return pd.Series(
        np.where(sims.max(axis=1) >= threshold, names[best], ""), index=ranker.people_.index
    )
