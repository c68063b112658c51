"""The ranking components, each one entry in a registry: its weight key in the profile, how it scores
every person in [0, 1], and the reason it gives when it counts. The ranker uses the registry like
any outsider would; adding a component is one entry here (plus its default weight in the profile)
and its test.

Scores read `Facts`: what is known of each person relative to the user, computed once per fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import education
from coffeechat.identity.frames import map_unique, text_column
from coffeechat.identity.keys import org_key
from coffeechat.profile import LEVELS, Employer, Profile

# A person's row, or their components' row: a mapping of column to value.
Row = Mapping[Any, Any]

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


@dataclass
class Facts:
    """Per-person facts the components score (one vectorised pass over the people frame)."""

    people: pd.DataFrame
    context: Context
    today: date
    messages: pd.Series
    sent: pd.Series
    received: pd.Series
    introduced: pd.Series
    is_connection: pd.Series
    same_school: pd.Series
    alum_of: pd.Series  # "Pioneer University, class of 2015 and 2019" where same_school
    shared_employer: pd.Series
    same_place: pd.Series
    recommended: pd.Series
    endorsed: pd.Series
    level: pd.Series
    employer_key: pd.Series
    lamp: dict[str, Employer]
    followed: set[str]

    @classmethod
    def of(cls, people: pd.DataFrame, ctx: Context, *, today: date) -> Facts:
        def num(name: str) -> pd.Series:
            return _num(people, name)

        def col(name: str) -> pd.Series:
            return text_column(people, name)

        my_schools = {org_key(s) for s in ctx.schools if s}

        def alum(held: str) -> str:
            # Any school of any of their records that is one of the user's, with its years.
            schooling, school, year = held.split("\x1f")
            found = education.parse(schooling) or [(school, year)]
            mine = [(s, y) for s, y in found if s and org_key(s) in my_schools]
            if not mine:
                return ""
            years = sorted({y for _, y in mine if y})
            return mine[0][0] + (f", class of {' and '.join(years)}" if years else "")

        alum_of = map_unique(
            col(C.EDUCATION) + "\x1f" + col(C.SCHOOL) + "\x1f" + col(C.CLASS_YEAR), alum
        )
        my_employers = {org_key(s) for s in ctx.past_employers if s}
        employer_key = map_unique(col(C.COMPANY), org_key)
        city = ctx.location.split(",")[0].strip().lower()
        lamp = {org_key(e.name): e for e in ctx.employers}
        return cls(
            people=people,
            context=ctx,
            today=today,
            messages=num(C.MESSAGE_COUNT),
            sent=num(C.MESSAGES_SENT),
            received=num(C.MESSAGES_RECEIVED),
            introduced=col(C.INTRODUCED_BY).ne(""),
            is_connection=num(C.IS_CONNECTION).astype(bool),
            same_school=alum_of.ne(""),
            alum_of=alum_of,
            shared_employer=employer_key.isin(my_employers) & employer_key.ne(""),
            same_place=(
                col(C.LOCATION).str.lower().str.contains(city, regex=False)
                if city
                else pd.Series(False, index=people.index)
            ),
            recommended=num(C.RECOMMENDED_YOU) > 0,
            endorsed=num(C.ENDORSED_YOU) > 0,
            level=seniority_of(col(C.POSITION)),
            employer_key=employer_key,
            lamp=lamp,
            # An employer the user follows on LinkedIn shows some motivation, short of the LAMP list.
            followed={org_key(o) for o in ctx.follows if o} - set(lamp),
        )

    def col(self, name: str) -> pd.Series:
        return text_column(self.people, name)

    def num(self, name: str) -> pd.Series:
        return _num(self.people, name)

    def columns(self) -> pd.DataFrame:
        """The facts the reasons quote, kept beside the scores (names start with `_`)."""
        return pd.DataFrame(
            {
                "_level": self.level,
                "_same_school": self.same_school,
                "_alum_of": self.alum_of,
                "_shared_employer": self.shared_employer,
                "_same_place": self.same_place,
                "_introduced": self.introduced,
                "_lamp": self.employer_key.isin(list(self.lamp)),
                "_followed": self.employer_key.isin(list(self.followed)),
                "_recommended": self.recommended,
                "_endorsed": self.endorsed,
                "_employer_key": self.employer_key,
            },
            index=self.people.index,
        )


def _num(people: pd.DataFrame, name: str) -> pd.Series:
    if name in people:
        return pd.to_numeric(people[name], errors="coerce").fillna(0)
    return pd.Series(0.0, index=people.index)


# -- scores ---------------------------------------------------------------------------------


def warmth(f: Facts) -> np.ndarray:
    """How warm the best way in is: introduced > recommended you > two-way messages > messages >
    endorsed you or a connected alum > a connection > a shared school or employer > cold."""
    return np.select(
        [
            f.introduced,
            f.recommended,  # they wrote you a recommendation: they know your work
            (f.sent > 0) & (f.received > 0),
            f.messages > 0,
            f.endorsed,  # they vouched for your skills
            f.is_connection & f.same_school,
            f.is_connection,
            f.same_school | f.shared_employer,
        ],
        [1.0, 0.95, 0.9, 0.75, 0.7, 0.7, 0.6, 0.5],
        default=0.2,
    )


def affinity(f: Facts) -> np.ndarray:
    return np.asarray(
        np.clip(
            0.6 * f.same_school + 0.3 * f.shared_employer + 0.2 * f.same_place.astype(float), 0, 1
        )
    )


def tie_strength(f: Facts) -> np.ndarray:
    """Shared contexts as a proxy for mutual connections: one shared context (a moderately weak
    tie) scores best, as in Rajkumar et al. (2022); none or many score lower. A few messages beat
    none or very many."""
    shared = f.same_school.astype(int) + f.shared_employer.astype(int) + f.introduced.astype(int)
    context_tie = np.select([shared == 0, shared == 1], [0.35, 1.0], default=0.7)
    interaction_tie = np.select([f.messages == 0, f.messages <= 10], [0.4, 1.0], default=0.6)
    return np.asarray(0.5 * context_tie + 0.5 * interaction_tie)


def seniority(f: Facts) -> np.ndarray:
    """One or two levels ahead of the user scores best."""
    delta = f.level - LEVELS.index(f.context.level)
    return np.select(
        [f.level.isna(), delta.isin([1, 2]), delta == 3, delta == 0, delta >= 4],
        [0.3, 1.0, 0.6, 0.4, 0.3],
        default=0.1,
    )


def willingness(f: Facts) -> np.ndarray:
    """A volunteer who offered informational interviews scores best."""
    willing_text = f.col(C.WILLING_TO_HELP)
    return np.select(
        [
            willing_text.str.contains("informational", case=False),
            willing_text.ne(""),
            f.num(C.VOLUNTEER) > 0,
        ],
        [1.0, 0.8, 0.7],
        default=0.0,
    )


def employer(f: Facts) -> np.ndarray:
    """LAMP priority of the person's employer (motivation and posting), a little for one the user
    follows."""
    priority = {key: 0.7 * e.motivation / 3 + 0.3 * e.posting / 3 for key, e in f.lamp.items()}
    priority.update(dict.fromkeys(f.followed, FOLLOWED_PRIORITY))
    return f.employer_key.map(priority).fillna(0.0).to_numpy(dtype=float)


def freshness(f: Facts) -> np.ndarray:
    return freshness_of(f.people, f.today)


def freshness_of(people: pd.DataFrame, today: date) -> np.ndarray:
    """Not asked already, nor recently. Being on the plan, not yet asked, costs nothing: writing the
    plan must not reorder the list it was made from. The one component of outreach, which moves
    apart from who people are: a ranker fitted before a reply was logged scores it again when it
    is given the people as they are now (`RankingModel.attach`)."""
    status = text_column(people, C.STATUS)
    asked_on = text_column(people, C.ASKED_ON)
    fresh = np.ones(len(people))
    # Only the few people with outreach are read: dates parsed for half a million empty cells
    # took 60 ms of every ranking.
    some = (status.ne("") | asked_on.ne("")).to_numpy(dtype=bool)
    if not some.any():
        return fresh
    status = status[some]
    asked = pd.to_datetime(asked_on[some], errors="coerce", format="ISO8601")
    recent = (pd.Timestamp(today) - asked).dt.days.lt(90).fillna(False)
    fresh[some] = np.select(
        [
            status.isin(["asked", "replied", "met", "scheduled"]) | recent,
            status.isin(["thanked", "done", "declined"]),
        ],
        [0.0, 0.3],
        default=1.0,
    )
    return fresh


# -- reasons: (text, the component value from which it is worth saying) ----------------------


def warmth_reason(person: Row, comps: Row) -> tuple[str, float]:
    if comps["_introduced"]:
        return "introduced to you", 0.5
    if comps["_recommended"]:
        return "wrote you a LinkedIn recommendation", 0.5
    count = int(person.get(C.MESSAGE_COUNT, 0) or 0)
    if count > 0:
        return f"you have exchanged {count} message{'s' if count != 1 else ''}", 0.5
    if comps["_endorsed"]:
        return "endorsed your skills on LinkedIn", 0.5
    if bool(person.get(C.IS_CONNECTION, False)):
        return "a LinkedIn connection", 0.5
    return "", 0.5


def affinity_reason(person: Row, comps: Row) -> tuple[str, float]:
    said = []
    if comps["_same_school"]:
        said.append(f"alum of {comps['_alum_of']}")
    if comps["_shared_employer"]:
        said.append(f"you both worked at {person.get(C.COMPANY, '') or ''}")
    if comps["_same_place"] and not said:
        said.append(f"based in {person[C.LOCATION]}")
    return " and ".join(said), 0.15


def willingness_reason(person: Row, comps: Row) -> tuple[str, float]:
    willing = str(person.get(C.WILLING_TO_HELP, "") or "")
    # Topics are listed with commas: semicolons separate the reasons.
    topics = ", ".join(t.strip().lower() for t in willing.split(";") if t.strip())
    return (f"volunteer, willing to help with {topics}" if topics else "volunteer"), 0.5


def seniority_reason(person: Row, comps: Row) -> tuple[str, float]:
    level = comps["_level"]
    if level == level and comps["seniority"] >= 1.0:
        return f"{LEVELS[int(level)]}-level, a step or two ahead of you", 0.5
    return "", 0.5


def employer_reason(person: Row, comps: Row) -> tuple[str, float]:
    company = str(person.get(C.COMPANY, "") or "")
    if comps["_lamp"]:
        return f"{company} is on your LAMP list", 0.2
    if comps["_followed"]:
        return f"you follow {company} on LinkedIn", 0.2
    return "", 0.2


@dataclass(frozen=True)
class Component:
    """One ranking component: the weight key in the profile, a score in [0, 1] per person, and the
    reason it gives in `why` (None: it never gives one)."""

    key: str
    # None for relevance: it depends on the targets, so the ranker's text model scores it per query.
    score: Callable[[Facts], np.ndarray] | None
    reason: Callable[[Row, Row], tuple[str, float]] | None = None


# The registry, in the order reasons are weighed when their contributions tie.
REGISTRY: tuple[Component, ...] = (
    Component("relevance", None),
    Component("warmth", warmth, warmth_reason),
    Component("affinity", affinity, affinity_reason),
    Component("tie_strength", tie_strength),
    Component("willingness", willingness, willingness_reason),
    Component("seniority", seniority, seniority_reason),
    Component("employer", employer, employer_reason),
    Component("freshness", freshness),
)
