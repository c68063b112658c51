"""Every school a person's records name: "School (Degree, Year)" entries, '; '-joined.

A person listed twice in a directory, once per degree, or at two schools, keeps all of them here;
`school` and `class_year` keep the first, for everything that needs one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_ENTRY = re.compile(r"^(?P<school>.*?)(?: \((?P<rest>[^()]*)\))?$")
_YEAR = re.compile(r"\b(19|20)\d{2}\b")


def _part(text: object) -> str:
    return " ".join(str(text or "").replace(";", ",").replace("(", "").replace(")", "").split())


def entry(school: object, degree: object, year: object) -> str:
    """'Pioneer University (BA, 2015)'; '' when there is neither school nor year."""
    school, degree, year = _part(school), _part(degree), _part(year)
    if not school and not year:
        return ""
    rest = ", ".join(p for p in (degree, year) if p)
    return f"{school} ({rest})" if rest else school


def entries_column(school: pd.Series, degree: pd.Series, year: pd.Series) -> pd.Series:
    """`entry` for every row, computed once per distinct (school, degree, year): a directory
    of 500,000 alumni has a few thousand of them."""
    s, d, y = (c.to_numpy(dtype=object) for c in (school, degree, year))
    values = np.full(len(s), "", dtype=object)
    some = np.flatnonzero((s != "") | (y != ""))
    if len(some):
        joined = pd.Series(s[some] + "\x1f" + d[some] + "\x1f" + y[some], dtype=object)
        codes, uniques = pd.factorize(joined)
        made = np.array([entry(*u.split("\x1f")) for u in uniques], dtype=object)
        values[some] = made[codes]
    return pd.Series(values, index=school.index, dtype=object)


def join(*groups: str) -> str:
    """Entry lists merged into one, each entry once, in order."""
    return "; ".join(dict.fromkeys(e for g in groups for e in str(g or "").split("; ") if e))


def parse(text: str) -> list[tuple[str, str]]:
    """(school, class year) of each entry; '' where an entry has none."""
    out = []
    for item in str(text or "").split("; "):
        if not item:
            continue
        found = _ENTRY.match(item)
        school = found.group("school") if found else item
        rest = (found.group("rest") or "") if found else ""
        year = _YEAR.search(rest)
        out.append((school, year.group(0) if year else ""))
    return out
