"""The ranker: whom to ask first, and why.

Every component is in [0, 1] and explainable on its own; the score is their weighted mean, with the
non-relevance part scaled by sqrt(relevance) so that a warm, willing contact outside the target fields
never outranks the people in them. The estimator follows scikit-learn conventions: parameters are only
stored in __init__, `fit` learns the text model and returns self, learned state ends in `_`.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.utils.validation import check_is_fitted

from coffeechat import columns as C
from coffeechat.identity.normalize import map_unique, name_key, org_key
from coffeechat.profile import DEFAULT_WEIGHTS, LEVELS, Employer, Profile, Target
from coffeechat.ranking.fields import FIELDS
from coffeechat.ranking.textmodel import TextModel

COMPONENTS: tuple[str, ...] = tuple(DEFAULT_WEIGHTS)
# The employer score of an organisation the user follows on LinkedIn but has not put on the LAMP
# list (where motivation 3 and a posting score 1.0).
FOLLOWED_PRIORITY = 0.3

# Title words -> seniority level index (LEVELS: student, entry, mid, senior, lead, executive).
_SENIORITY = [
    (5, r"\b(?:chief|ceo|cfo|cto|coo|ciso|founder|co-founder|(?<!vice )president|partner|owner)\b"),
    (4, r"\b(?:director|head of|vice president|vp|principal|dean)\b"),
    (3, r"\b(?:senior|sr|lead|staff|manager|supervisor|architect|professor)\b"),
    (0, r"\b(?:intern|student|trainee|apprentice|fellow)\b"),
    (1, r"\b(?:junior|jr|assistant|associate|coordinator|analyst|technician|entry)\b"),
]
_SENIORITY_RE = [(level, re.compile(p, re.I)) for level, p in _SENIORITY]


def seniority_of(titles: pd.Series) -> pd.Series:
    """Level index parsed from each title; titles with no marker are mid-level (2); empty is NaN."""
    codes, uniques = pd.factorize(titles.fillna("").astype(str))
    # Titles repeat: parse each distinct one once.
    text = pd.Series(uniques, dtype=object)
    level = pd.Series(np.where(text.str.strip() == "", np.nan, 2.0), index=text.index)
    decided = pd.Series(False, index=text.index)
    for value, pattern in _SENIORITY_RE:
        hit = ~decided & text.str.contains(pattern)
        level[hit] = value
        decided |= hit
    return pd.Series(level.to_numpy()[codes], index=titles.index)


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


@dataclass(frozen=True)
class Context:
    """What the ranker needs to know about the user, taken from the profile and their own files."""

    level: str = "student"
    schools: tuple[str, ...] = ()
    past_employers: tuple[str, ...] = ()
    location: str = ""
    employers: tuple[Employer, ...] = ()
    follows: tuple[str, ...] = ()  # organisations the user follows on LinkedIn

    @classmethod
    def from_profile(cls, profile: Profile, owner: dict[str, list[str]] | None = None) -> Context:
        owner = owner or {}
        return cls(
            level=profile.level,
            schools=tuple(dict.fromkeys([*profile.schools, *owner.get("schools", [])])),
            past_employers=tuple(
                dict.fromkeys([*profile.past_employers, *owner.get("employers", [])])
            ),
            location=profile.location or next(iter(owner.get("location", [])), ""),
            employers=profile.employers,
            follows=tuple(owner.get("follows", [])),
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
        today = self.today or date.today()
        n = len(people)

        def col(name: str) -> pd.Series:
            if name in people:
                return people[name].fillna("").astype(str)
            return pd.Series([""] * n, index=people.index, dtype=object)

        def num(name: str) -> pd.Series:
            if name in people:
                return pd.to_numeric(people[name], errors="coerce").fillna(0)
            return pd.Series(0.0, index=people.index)

        messages = num(C.MESSAGE_COUNT)
        sent, received = num(C.MESSAGES_SENT), num(C.MESSAGES_RECEIVED)
        introduced = col("introduced_by").ne("")
        linkedin = num(C.IS_CONNECTION).astype(bool)
        my_schools = {org_key(s) for s in ctx.schools if s}
        my_employers = {org_key(s) for s in ctx.past_employers if s}
        employer_key = map_unique(col(C.COMPANY), org_key)
        same_school = map_unique(col(C.SCHOOL), org_key).isin(my_schools) & col(C.SCHOOL).ne("")
        shared_employer = employer_key.isin(my_employers) & employer_key.ne("")
        city = ctx.location.split(",")[0].strip().lower()
        same_place = (
            col(C.LOCATION).str.lower().str.contains(city, regex=False)
            if city
            else pd.Series(False, index=people.index)
        )
        recommended = num(C.RECOMMENDED_YOU) > 0
        endorsed = num(C.ENDORSED_YOU) > 0
        warmth = np.select(
            [
                introduced,
                recommended,  # they wrote you a recommendation: they know your work
                (sent > 0) & (received > 0),
                messages > 0,
                endorsed,  # they vouched for your skills
                linkedin & same_school,
                linkedin,
                same_school | shared_employer,
            ],
            [1.0, 0.95, 0.9, 0.75, 0.7, 0.7, 0.6, 0.5],
            default=0.2,
        )
        affinity = np.clip(
            0.6 * same_school + 0.3 * shared_employer + 0.2 * same_place.astype(float), 0, 1
        )
        # Shared contexts as a proxy for mutual connections: one shared context (a moderately weak
        # tie) scores best, as in Rajkumar et al. (2022); none or many score lower.
        shared = same_school.astype(int) + shared_employer.astype(int) + introduced.astype(int)
        context_tie = np.select([shared == 0, shared == 1], [0.35, 1.0], default=0.7)
        interaction_tie = np.select([messages == 0, messages <= 10], [0.4, 1.0], default=0.6)
        tie_strength = 0.5 * context_tie + 0.5 * interaction_tie
        level = seniority_of(col(C.POSITION))
        delta = level - LEVELS.index(ctx.level)
        seniority = np.select(
            [level.isna(), delta.isin([1, 2]), delta == 3, delta == 0, delta >= 4],
            [0.3, 1.0, 0.6, 0.4, 0.3],
            default=0.1,
        )
        willing_text = col(C.WILLING_TO_HELP)
        volunteer = num(C.VOLUNTEER) > 0
        willingness = np.select(
            [
                willing_text.str.contains("informational", case=False),
                willing_text.ne(""),
                volunteer,
            ],
            [1.0, 0.8, 0.7],
            default=0.0,
        )
        lamp = {org_key(e.name): e for e in ctx.employers}
        priority = {key: 0.7 * e.motivation / 3 + 0.3 * e.posting / 3 for key, e in lamp.items()}
        # An employer the user follows on LinkedIn shows some motivation, short of the LAMP list.
        followed = {org_key(o) for o in ctx.follows if o} - set(priority)
        priority.update(dict.fromkeys(followed, FOLLOWED_PRIORITY))
        employer = employer_key.map(priority).fillna(0.0)
        status = col(C.STATUS)
        asked = pd.to_datetime(col("asked_on"), errors="coerce")
        recent = (pd.Timestamp(today) - asked).dt.days.lt(90).fillna(False)
        freshness = np.select(
            [
                status.isin(["asked", "replied", "met", "scheduled"]) | recent,
                status.isin(["thanked", "done", "declined"]),
                status.eq("planned"),
            ],
            [0.0, 0.3, 0.8],
            default=1.0,
        )
        return pd.DataFrame(
            {
                "warmth": warmth,
                "affinity": affinity,
                "tie_strength": tie_strength,
                "seniority": seniority,
                "willingness": willingness,
                "employer": employer.to_numpy(dtype=float),
                "freshness": freshness,
                "_level": level,
                "_same_school": same_school,
                "_shared_employer": shared_employer,
                "_same_place": same_place,
                "_introduced": introduced,
                "_lamp": employer_key.isin(list(lamp)),
                "_followed": employer_key.isin(list(followed)),
                "_recommended": recommended,
                "_endorsed": endorsed,
                "_employer_key": employer_key,
            },
            index=people.index,
        )

    # -- ranking ---------------------------------------------------------------------------

    def components(self, targets: Sequence[Target]) -> pd.DataFrame:
        """Every component per person, the combined score and the matched target and field."""
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        rel, best_target, fields = self.relevance(targets)
        frame = self.static_.copy()
        frame["relevance"] = rel
        total = sum(weights.values()) or 1.0
        others = sum(weights[c] * frame[c] for c in COMPONENTS if c != "relevance")
        frame["score"] = (weights["relevance"] * rel + np.sqrt(rel) * others) / total
        frame["matched_target"] = [targets[i].name if targets else "" for i in best_target]
        frame["matched_field"] = fields
        return frame

    def rank(self, targets: Sequence[Target], *, top: int | None = None) -> pd.DataFrame:
        """The ranked list: people flagged do-not-contact, deceased or lost are left out; a person
        whose employer already appears above is discounted by `employer_decay` per appearance."""
        comps = self.components(targets)
        people = self.people_
        allowed = ~C.flagged(people)
        candidates = comps[allowed & (comps["relevance"] > 0)]
        order = _diverse_order(
            candidates["score"],
            self.static_.loc[candidates.index, "_employer_key"],
            people.loc[candidates.index, C.PERSON_ID].astype(str),
            decay=self.employer_decay,
            limit=top,
        )
        chosen = candidates.loc[order]
        result = people.loc[order, [C.PERSON_ID, C.FULL_NAME, C.COMPANY, C.POSITION]].copy()
        result.insert(0, "rank", range(1, len(result) + 1))
        result["score"] = chosen["score"].round(4).to_numpy()
        for name in COMPONENTS:
            result[name] = chosen[name].round(3).to_numpy()
        result["matched_target"] = chosen["matched_target"].to_numpy()
        result["matched_field"] = chosen["matched_field"].to_numpy()
        weights = {**DEFAULT_WEIGHTS, **(self.weights or {})}
        # people_ has a RangeIndex (fit resets it), so labels in `order` are positions too.
        result["why"] = [
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
    rel = float(comps["relevance"])
    position = str(person.get(C.POSITION, "") or "")
    company = str(person.get(C.COMPANY, "") or "")
    field = str(comps.get("matched_field", "") or "")
    target = str(comps.get("matched_target", "") or "")
    if rel > 0:
        what = position or "their role"
        label = f"{what} matches {target}" + (
            f" ({field})" if field and name_key(field) != name_key(target) else ""
        )
        phrases.append((weights["relevance"] * rel + 1.0, label))  # relevance always leads
    gate = math.sqrt(rel)

    def add(component: str, text: str, threshold: float = 0.5) -> None:
        value = float(comps[component])
        if value >= threshold and text:
            phrases.append((weights[component] * value * gate, text))

    if comps["_introduced"]:
        add("warmth", "introduced to you")
    elif comps["_recommended"]:
        add("warmth", "wrote you a LinkedIn recommendation")
    elif int(person.get(C.MESSAGE_COUNT, 0) or 0) > 0:
        count = int(person[C.MESSAGE_COUNT])
        add("warmth", f"you have exchanged {count} message{'s' if count != 1 else ''}")
    elif comps["_endorsed"]:
        add("warmth", "endorsed your skills on LinkedIn")
    elif bool(person.get(C.IS_CONNECTION, False)):
        add("warmth", "a LinkedIn connection")
    affinity = []
    if comps["_same_school"]:
        year = str(person.get(C.CLASS_YEAR, "") or "")
        affinity.append(f"alum of {person[C.SCHOOL]}" + (f", class of {year}" if year else ""))
    if comps["_shared_employer"]:
        affinity.append(f"you both worked at {company}")
    if comps["_same_place"] and not affinity:
        affinity.append(f"based in {person[C.LOCATION]}")
    add("affinity", " and ".join(affinity), 0.15)
    willing = str(person.get(C.WILLING_TO_HELP, "") or "")
    # Topics are listed with commas: semicolons separate the reasons.
    topics = ", ".join(t.strip().lower() for t in willing.split(";") if t.strip())
    add("willingness", f"volunteer, willing to help with {topics}" if topics else "volunteer")
    level = comps["_level"]
    if level == level and comps["seniority"] >= 1.0:
        add("seniority", f"{LEVELS[int(level)]}-level, a step or two ahead of you")
    if comps["_lamp"]:
        add("employer", f"{company} is on your LAMP list", 0.2)
    elif comps["_followed"]:
        add("employer", f"you follow {company} on LinkedIn", 0.2)
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
