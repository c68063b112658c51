"""Possible duplicates that no rule merged: found by blocking and fuzzy name similarity, shown with
their evidence, and merged only when the user accepts them.

Blocking keeps this near-linear: only people who share a surname key and first initial, or a first
name and an employer, are ever compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

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
    # Plain lists: a pandas row per compared pair costs more than the comparison.
    rows_of = {
        name: frame[name].fillna("").astype(str).tolist() if name in frame else [""] * len(frame)
        for name in (C.PERSON_ID, C.LINKEDIN_URL, C.FULL_NAME, C.SCHOOL, C.CLASS_YEAR,
                     C.LOCATION, C.COMPANY)
    }  # fmt: skip
    names, companies = full.fillna("").astype(str).tolist(), company.fillna("").astype(str).tolist()
    seen: set[tuple[int, int]] = set()
    rows = []
    for block in blocks:
        groups = pd.Series(range(len(frame)))[block.ne("")].groupby(block[block.ne("")])
        for _, members in groups:
            ids = members.tolist()
            if len(ids) < 2 or len(ids) > MAX_BLOCK:
                continue
            # Every pair of the block at once, in C; only pairs alike enough are looked at.
            scores = process.cdist(
                [names[i] for i in ids], [names[i] for i in ids],
                scorer=fuzz.token_sort_ratio, score_cutoff=MIN_SIMILARITY, dtype=np.float64,
            )  # fmt: skip
            for i, j in zip(*np.nonzero(np.triu(scores, k=1)), strict=True):
                a, b = ids[i], ids[j]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                found = _compare(rows_of, companies, a, b, float(scores[i, j]))
                if found:
                    rows.append(found)
    return pd.DataFrame(rows, columns=["person_a", "person_b", "score", "evidence"])


def _compare(
    rows_of: dict[str, list[str]], company: list[str], a: int, b: int, score: float
) -> tuple[str, str, float, str] | None:
    pid, url, full = rows_of[C.PERSON_ID], rows_of[C.LINKEDIN_URL], rows_of[C.FULL_NAME]
    if pid[a] > pid[b]:
        a, b = b, a  # the evidence reads in the same order as person_a / person_b
    if url[a] and url[b] and url[a] != url[b]:
        return None  # two LinkedIn profiles are two people
    evidence = [f"names {score:.0f}% alike ({full[a]} / {full[b]})"]
    for field, label in ((C.SCHOOL, "school"), (C.CLASS_YEAR, "class year"), (C.LOCATION, "city")):
        value = rows_of[field]
        if value[a] and value[a] == value[b]:
            evidence.append(f"same {label} {value[a]}")
    employer = rows_of[C.COMPANY]
    if company[a] and company[a] == company[b]:
        evidence.append(f"same employer {employer[a]}")
    elif employer[a] and employer[b]:
        evidence.append(f"different employers ({employer[a]} / {employer[b]})")
    return pid[a], pid[b], score, "; ".join(evidence)
