"""Summaries of the network for charts, reports and notebooks: plain frames, no drawing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import map_unique
from coffeechat.identity.keys import org_key
from coffeechat.kinds import INTRODUCTIONS

FUNNEL_STAGES = ("identified", "asked", "replied", "met", "thanked", "introduced onward")
_REACHED = {
    # An introducer who made the introduction was asked and answered.
    "asked": {
        "asked",
        "replied",
        "introduced",
        "scheduled",
        "met",
        "thanked",
        "declined",
        "no reply",
    },
    "replied": {"replied", "introduced", "scheduled", "met", "thanked", "declined"},
    "met": {"met", "thanked"},
    "thanked": {"thanked"},
}


def monthly_growth(people: pd.DataFrame, groups: pd.Series | None = None) -> pd.DataFrame:
    """New LinkedIn connections per month (rows: month start, columns: group), gaps filled with 0."""
    when = pd.to_datetime(people[C.CONNECTED_ON], errors="coerce")
    group = groups if groups is not None else pd.Series("all", index=people.index)
    frame = pd.DataFrame({"month": when.dt.to_period("M"), "group": group.reindex(people.index)})
    frame = frame.dropna(subset=["month"])
    if frame.empty:
        return pd.DataFrame()
    counts = frame.groupby(["month", "group"]).size().unstack(fill_value=0)
    months = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    counts = counts.reindex(months, fill_value=0)
    counts.index = pd.PeriodIndex(counts.index).to_timestamp()
    return counts


def field_mix(fields: pd.Series, *, top: int = 10, always: Iterable[str] = ()) -> pd.Series:
    """People per career field: the `top` largest plus any in `always` (your targets), the rest as
    'other fields', and those with no identified field last."""
    named = fields.fillna("")
    counts = named[named != ""].value_counts()
    leaders = list(counts.index[:top])
    keep = leaders + [f for f in always if f in counts.index and f not in leaders]
    head = counts[keep].sort_values(ascending=False, kind="stable")
    tail = {
        "other fields": int(counts.drop(keep).sum()),
        "no field identified": int((named == "").sum()),
    }
    return pd.concat([head, pd.Series({k: v for k, v in tail.items() if v})])


def employer_coverage_table(
    people: pd.DataFrame, employers: Iterable[str], schools: Iterable[str] = ()
) -> pd.DataFrame:
    """Per target employer: how many people you know there warmly (a connection, an introduction,
    a message or a shared school), how many only cold (a directory listing), and the status."""
    my_schools = {org_key(s) for s in schools}
    # Someone flagged do not contact, deceased or lost is no way in, warm or cold.
    people = people[~C.flagged(people)]
    keys = map_unique(people[C.COMPANY], org_key)
    warm_mask = (
        people[C.IS_CONNECTION].astype(bool)
        | people[C.SOURCES].fillna("").str.contains(INTRODUCTIONS, regex=False)
        | (pd.to_numeric(people[C.MESSAGE_COUNT], errors="coerce").fillna(0) > 0)
        | map_unique(people[C.SCHOOL], org_key).isin(my_schools)
    )
    rows = []
    for name in employers:
        at = keys == org_key(name)
        warm = int((at & warm_mask).sum())
        cold = int((at & ~warm_mask).sum())
        status = "warm" if warm else ("cold" if cold else "none")
        rows.append((name, warm, cold, status))
    return pd.DataFrame(rows, columns=[C.EMPLOYER, "warm", "cold", "coverage"])


def funnel_counts(outreach: pd.DataFrame, introductions: pd.DataFrame) -> pd.Series:
    """How many people reached each outreach stage; 'introduced onward' counts people you reached
    out to who then introduced you to someone."""
    status = outreach[C.STATUS] if C.STATUS in outreach else pd.Series(dtype=str)
    identified = status.ne("skip")
    counts = {"identified": int(identified.sum())}
    for stage, reached in _REACHED.items():
        counts[stage] = int(status.isin(reached).sum())
    asked = (
        set(outreach.loc[status.isin(_REACHED["asked"]), C.PERSON_ID]) if len(outreach) else set()
    )
    introducers = set(introductions["introducer_id"]) if len(introductions) else set()
    counts["introduced onward"] = len(asked & introducers)
    return pd.Series(counts)[list(FUNNEL_STAGES)]


def alias_for(person_id: str) -> str:
    """A stable pseudonym: the same person always gets the same alias, and it reveals nothing."""
    return "Contact " + hashlib.sha256(person_id.encode()).hexdigest()[:6].upper()


class Aliases:
    """Employers and schools renamed for a report shared with someone else: "Lund & Co" would
    name Kai Lund. Each gets a stable alias ("Employer 3", "School 1", numbered in name order),
    and `text` replaces every one of them inside a sentence (a `why`). An organisation that is
    both (someone works at the user's university) is a school after "alum of", else an employer."""

    def __init__(self, employers: Iterable[str], schools: Iterable[str]) -> None:
        employers, schools = list(employers), list(schools)
        self._employers = self._numbered("Employer", employers)
        self._schools = self._numbered("School", schools)
        spelled = {n for n in (*employers, *schools) if n and org_key(str(n))}
        words = sorted(map(str, spelled), key=len, reverse=True)
        self._pattern = (
            re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)
            if words
            else None
        )

    @staticmethod
    def _numbered(kind: str, names: Iterable[str]) -> dict[str, str]:
        keys = sorted({org_key(str(n)) for n in names if n and org_key(str(n))})
        return {key: f"{kind} {number}" for number, key in enumerate(keys, start=1)}

    def of(self, name: str) -> str:
        """An employer's alias (a school's, when it is only known as a school)."""
        key = org_key(name) if name else ""
        return self._employers.get(key) or self._schools.get(key) or name

    def school(self, name: str) -> str:
        key = org_key(name) if name else ""
        return self._schools.get(key) or self._employers.get(key) or name

    def text(self, sentence: str) -> str:
        if self._pattern is None or not sentence:
            return sentence
        pattern = self._pattern
        # Schools first, where the sentence says one ("alum of X, class of ..."), then the rest.
        sentence = _ALUM.sub(
            lambda m: m.group(1) + pattern.sub(lambda n: self.school(n.group(0)), m.group(2)),
            sentence,
        )
        return pattern.sub(lambda m: self.of(m.group(0)), sentence)


_ALUM = re.compile(r"(alum of )([^;]+?)(?=, class of|;|$)")
