"""Possible duplicates that no rule merged: found by blocking and fuzzy name similarity, shown with
their evidence, and merged only when the user accepts them.

Blocking keeps this near-linear: only people who share a surname key and first initial, or a first
name and an employer, are ever compared.
"""

from __future__ import annotations

import pandas as pd
from rapidfuzz import fuzz

from coffeechat import columns as C
from coffeechat.identity.keys import name_keys, org_keys

MIN_SIMILARITY = 85.0
MAX_BLOCK = 60  # a block this big (a very common surname) is compared only within employers


def candidates(people: pd.DataFrame) -> pd.DataFrame:
    """Pairs (person_a < person_b) that may be the same person: similar names plus evidence."""
    if len(people) < 2:
        return pd.DataFrame(columns=["person_a", "person_b", "score", "evidence"])
    frame = people.reset_index(drop=True)
    first = name_keys(frame[C.FIRST_NAME])
    last = name_keys(frame[C.LAST_NAME])
    full = name_keys(frame[C.FULL_NAME])
    company = org_keys(frame[C.COMPANY])
    blocks = [
        (last.str.split(" ").str[-1].fillna("") + "|" + first.str[:1]).where(last.ne(""), ""),
        (first + "|" + company).where(first.ne("") & company.ne(""), ""),
    ]
    seen: set[tuple[int, int]] = set()
    rows = []
    for block in blocks:
        groups = pd.Series(range(len(frame)))[block.ne("")].groupby(block[block.ne("")])
        for _, members in groups:
            ids = members.tolist()
            if len(ids) < 2 or len(ids) > MAX_BLOCK:
                continue
            for i, a in enumerate(ids):
                for b in ids[i + 1 :]:
                    if (a, b) in seen:
                        continue
                    seen.add((a, b))
                    found = _compare(frame, full, company, a, b)
                    if found:
                        rows.append(found)
    return pd.DataFrame(rows, columns=["person_a", "person_b", "score", "evidence"])


def _compare(
    frame: pd.DataFrame, full: pd.Series, company: pd.Series, a: int, b: int
) -> tuple[str, str, float, str] | None:
    if str(frame.at[a, C.PERSON_ID]) > str(frame.at[b, C.PERSON_ID]):
        a, b = b, a  # the evidence reads in the same order as person_a / person_b
    pa, pb = frame.iloc[a], frame.iloc[b]
    url_a, url_b = str(pa[C.LINKEDIN_URL]), str(pb[C.LINKEDIN_URL])
    if url_a and url_b and url_a != url_b:
        return None  # two LinkedIn profiles are two people
    score = float(fuzz.token_sort_ratio(full[a], full[b]))
    if score < MIN_SIMILARITY:
        return None
    evidence = [f"names {score:.0f}% alike ({pa[C.FULL_NAME]} / {pb[C.FULL_NAME]})"]
    for field, label in ((C.SCHOOL, "school"), (C.CLASS_YEAR, "class year"), (C.LOCATION, "city")):
        if pa[field] and pa[field] == pb[field]:
            evidence.append(f"same {label} {pa[field]}")
    if company[a] and company[a] == company[b]:
        evidence.append(f"same employer {pa[C.COMPANY]}")
    elif pa[C.COMPANY] and pb[C.COMPANY]:
        evidence.append(f"different employers ({pa[C.COMPANY]} / {pb[C.COMPANY]})")
    return str(pa[C.PERSON_ID]), str(pb[C.PERSON_ID]), score, "; ".join(evidence)
