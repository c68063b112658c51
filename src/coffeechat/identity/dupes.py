"""Possible duplicates that no rule merged: found by blocking and fuzzy name similarity, shown with
their evidence, and merged only when the user accepts them.

Blocking keeps this near-linear: only people who share a surname key and first initial, or a first
name and an employer, are ever compared.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.keys import name_keys, org_keys

MIN_SIMILARITY = 85.0
# The version of the search: a change to what it finds must move this, so that a workspace whose
# people did not change is searched again (`Workspace.dupes` keeps the version it last ran on).
SEARCH = 1
MAX_BLOCK = 60  # a block this big (a very common surname) is compared only within employers


def candidates(people: pd.DataFrame) -> pd.DataFrame:
    """Pairs (person_a < person_b) that may be the same person: similar names plus evidence."""
    # Imported here: a `dupes` whose people did not change since the last search never needs it.
    from rapidfuzz import fuzz, process

    if len(people) < 2:
        return pd.DataFrame(columns=["person_a", "person_b", "score", "evidence"])
    frame = people.reset_index(drop=True)
    first = name_keys(frame[C.FIRST_NAME])
    last = name_keys(frame[C.LAST_NAME])
    full = name_keys(frame[C.FULL_NAME])
    company = org_keys(frame[C.COMPANY])
    school = org_keys(frame[C.SCHOOL]) if C.SCHOOL in frame else pd.Series("", index=frame.index)
    blocks = [
        (last.str.split(" ").str[-1].fillna("") + "|" + first.str[:1]).where(last.ne(""), ""),
        (first + "|" + company).where(first.ne("") & company.ne(""), ""),
        # A surname shortened to its initial ("Priya S") only meets its full form through the
        # first name at the same school or employer.
        (first + "|" + school).where(first.ne("") & school.ne(""), ""),
    ]
    # Who wrote a name as an initial: only pairs with one of them are checked for a fit.
    initial = (
        first.str.replace(".", "", regex=False).str.len().eq(1)
        | last.str.replace(".", "", regex=False).str.len().eq(1)
    ).to_numpy()
    firsts, lasts = first.fillna("").tolist(), last.fillna("").tolist()
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
        for ids in _groups(block.to_numpy(dtype=object)):
            # Every pair of the block at once, in C; only pairs alike enough are looked at.
            scores = process.cdist(
                [names[i] for i in ids], [names[i] for i in ids],
                scorer=fuzz.token_sort_ratio, score_cutoff=MIN_SIMILARITY, dtype=np.float64,
            )  # fmt: skip
            upper, lower = np.nonzero(scores)
            keep = upper < lower
            pairs = list(zip(upper[keep].tolist(), lower[keep].tolist(), strict=True))
            fits: dict[tuple[int, int], str] = {}
            if initial[ids].any():
                for i in range(len(ids)):
                    for j in range(i + 1, len(ids)):
                        if scores[i, j] == 0 and (initial[ids[i]] or initial[ids[j]]):
                            fit = _initial_fit(firsts, lasts, ids[i], ids[j])
                            if fit:
                                fits[(i, j)] = fit
                                pairs.append((i, j))
            for i, j in pairs:
                a, b = ids[i], ids[j]
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                fit = fits.get((i, j), "")
                score = float(scores[i, j]) if not fit else INITIAL_SCORE
                found = _compare(rows_of, companies, a, b, score, fit=fit)
                if found:
                    rows.append(found)
    return pd.DataFrame(rows, columns=["person_a", "person_b", "score", "evidence"])


def _groups(keys: np.ndarray) -> list[list[int]]:
    """The rows of each non-empty key shared by 2 to MAX_BLOCK rows, in row order, the groups in
    key order (a sort and its boundaries: pandas' groupby iterator takes 5 s over 200,000)."""
    rows = np.flatnonzero(keys != "")
    if len(rows) < 2:
        return []
    order = rows[np.argsort(keys[rows], kind="stable")]
    ordered = keys[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    return [
        order[start : start + size].tolist()
        for start, size in zip(starts.tolist(), sizes.tolist(), strict=True)
        if 2 <= size <= MAX_BLOCK
    ]


# The score shown for a name that fits only through an initial: below any fuzzy match.
INITIAL_SCORE = 80.0


def _initial_fit(firsts: list[str], lasts: list[str], a: int, b: int) -> str:
    """'surname initial S fits Sharma' when one name is the other with a name cut to its
    initial (the other name equal); '' otherwise."""

    def fits(short: str, full: str) -> bool:
        short = short.replace(".", "")
        return len(short) == 1 and len(full) > 1 and full.startswith(short)

    if firsts[a] == firsts[b] and firsts[a]:
        for x, y in ((a, b), (b, a)):
            if fits(lasts[x], lasts[y]):
                return f"surname initial {lasts[x][:1].upper()} fits {lasts[y].title()}"
    if lasts[a] == lasts[b] and lasts[a]:
        for x, y in ((a, b), (b, a)):
            if fits(firsts[x], firsts[y]):
                return f"first initial {firsts[x][:1].upper()} fits {firsts[y].title()}"
    return ""


def _compare(
    rows_of: dict[str, list[str]], company: list[str], a: int, b: int, score: float,
    *, fit: str = "",
) -> tuple[str, str, float, str] | None:  # fmt: skip
    pid, url, full = rows_of[C.PERSON_ID], rows_of[C.LINKEDIN_URL], rows_of[C.FULL_NAME]
    if pid[a] > pid[b]:
        a, b = b, a  # the evidence reads in the same order as person_a / person_b
    if url[a] and url[b] and url[a] != url[b]:
        return None  # two LinkedIn profiles are two people
    if fit and not (
        (company[a] and company[a] == company[b])
        or (rows_of[C.SCHOOL][a] and rows_of[C.SCHOOL][a] == rows_of[C.SCHOOL][b])
    ):
        return None  # an initial alone is too little: only with the same employer or school
    evidence = [f"{fit} ({full[a]} / {full[b]})" if fit else
                f"names {score:.0f}% alike ({full[a]} / {full[b]})"]  # fmt: skip
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
