"""What every source parser returns: plain frames in canonical columns, ready for the store."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Set
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.education import entries_column
from coffeechat.identity.frames import as_text, map_unique, map_unique_parts
from coffeechat.identity.keys import email_list, join_emails, normalize_profile_urls, split_emails
from coffeechat.identity.names import clean_name_part, clean_text, split_full_name

INTERACTION_COLUMNS = ("profile_url", "name", "kind", "direction", "occurred_at")


@dataclass
class ParsedFile:
    """One input file, parsed: people, interactions, introductions and facts about the user."""

    kind: str
    name: str
    sha256: str
    rows_read: int = 0
    people: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())
    interactions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(INTERACTION_COLUMNS))
    )
    introductions: pd.DataFrame = field(default_factory=lambda: pd.DataFrame())
    owner: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    # What was kept but changed on the way, by line: a value cut at its length limit, a date that
    # could not be read (left empty), rows read past a stray quote mark.
    warnings: list[tuple[int, str]] = field(default_factory=list)
    # Set when the whole file could not be read (within a folder or an archive): why, in the
    # `Error: what, where, fix` form. Nothing of it is stored.
    error: str = ""


# Longest value kept per field; longer ones are cut (and reported): a 3 MB "company name" is a
# broken export, not an employer.
NAME_LIMIT = 200
TEXT_LIMITS: dict[str, int] = {
    **dict.fromkeys((C.FULL_NAME, C.FIRST_NAME, C.LAST_NAME, C.NICKNAME, C.PREFIX, C.SUFFIX,
                     C.CREDENTIALS, C.PRONOUNS), NAME_LIMIT),
    **dict.fromkeys((C.COMPANY, C.POSITION, C.INDUSTRY, C.LOCATION, C.SCHOOL, C.DEGREE,
                     C.CAPACITY, C.STUDENTS_NOW, C.AVAILABILITY, C.EXTERNAL_ID), 300),
    **dict.fromkeys((C.NOTES, C.WILLING_TO_HELP, C.EDUCATION), 4000),
}  # fmt: skip


def cut_long(
    frame: pd.DataFrame, warnings: list[tuple[int, str]] | None, *, lacking: Set[str] = frozenset()
) -> None:
    """Cut values over their field's limit (in place), with a warning per value cut. The fields
    in `lacking` are known to be empty."""
    for name, limit in TEXT_LIMITS.items():
        if name not in frame or name in lacking:
            continue
        values = frame[name].to_numpy(dtype=object)
        long = np.fromiter(map(len, values), np.int64, len(values)) > limit
        if not long.any():
            continue
        frame.loc[long, name] = [v[: limit - 1].rstrip() + "…" for v in values[long]]
        if warnings is not None:
            lines: list[int] = (
                frame[C.SOURCE_ROW].to_numpy()[long].tolist() if C.SOURCE_ROW in frame else []
            )
            warnings.extend(
                (int(line), f"{name.replace('_', ' ')} longer than {limit} characters, cut")
                for line in lines
            )


def unread_dates(
    raw: pd.Series, read: pd.Series, lines: list[int] | np.ndarray, column: str
) -> list[tuple[int, str]]:
    """A warning per cell that held a date which could not be read (left empty)."""
    raw_text = as_text(raw).str.strip().to_numpy(dtype=object)
    lost = (raw_text != "") & (as_text(read).to_numpy(dtype=object) == "")
    at = np.asarray(lines)[lost]
    return [(int(line), f"'{column}' is not a date coffeechat can read, left empty") for line in at]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _join(a: pd.Series, b: pd.Series, sep: str = ", ") -> pd.Series:
    """Element-wise join of two text columns, skipping empty ones."""
    left, right = a.to_numpy(dtype=object), b.to_numpy(dtype=object)
    both = np.where(left == "", right, np.where(right == "", left, left + sep + right))
    return pd.Series(both, index=a.index, dtype=object)


def _emails(cells: pd.Series, others: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The first valid address of a person, and all their other ones ('; '-joined): a cell may hold
    several, and address books have further email columns. With no first address, the first of
    the others takes its place."""
    first, rest = split_emails(cells)
    extra = others.ne("").to_numpy()
    if extra.any():
        merged = [
            join_emails(f, r, "; ".join(email_list(o)))
            for f, r, o in zip(first[extra], rest[extra], others[extra], strict=True)
        ]
        first[extra] = [m.split("; ", 1)[0] for m in merged]
        rest[extra] = [m.split("; ", 1)[1] if "; " in m else "" for m in merged]
    return first, rest


def people_frame(
    raw: pd.DataFrame,
    lines: list[int] | np.ndarray,
    warnings: list[tuple[int, str]] | None = None,
) -> pd.DataFrame:
    """Clean a frame of raw person fields (any subset of the canonical columns) into the full set.

    Names are split into first/last/credentials/pronouns/nicknames/prefix/suffix; emails validated;
    URLs normalised; placeholders emptied; missing columns become ''. Each distinct value is cleaned
    once (names, employers and titles repeat), and emails and URLs are cleaned column-wise. Values
    over their field's limit are cut, each with a line in `warnings`.
    """
    n = len(raw)
    index = pd.RangeIndex(n)

    def col(name: str) -> pd.Series:
        if name in raw:
            return pd.Series(as_text(raw[name]).to_numpy(), index=index, dtype=object)
        return pd.Series("", index=index, dtype=object)

    # Fields the file has no column for: empty throughout, so nothing in them to clean or cut.
    lacking = set()

    def cleaned(name: str, func: Callable[[str], Any]) -> pd.Series:
        """A column cleaned value by value; one the file lacks is empty, at no cost (a directory
        fills a handful of the twenty fields)."""
        if name in raw:
            return map_unique(col(name), func)
        lacking.add(name)
        return col(name)

    first, last, full = col(C.FIRST_NAME), col(C.LAST_NAME), col(C.FULL_NAME)
    one_cell = pd.Series(False, index=index)
    if full.ne("").any():
        one_cell = first.str.strip().eq("") & last.str.strip().eq("") & full.str.strip().ne("")
    if one_cell.any():
        split_first, split_last = map_unique_parts(full[one_cell], split_full_name, 2)
        first = first.where(~one_cell, split_first)
        last = last.where(~one_cell, split_last)
    f_name, prefix, _, f_pronouns, f_nick = map_unique_parts(
        first, lambda v: clean_name_part(v, last=False).parts(), 5
    )
    l_name, suffix, credentials, l_pronouns, l_nick = map_unique_parts(
        last, lambda v: clean_name_part(v, last=True).parts(), 5
    )
    out = pd.DataFrame(index=index)
    out[C.FIRST_NAME] = f_name
    out[C.LAST_NAME] = l_name
    out[C.FULL_NAME] = _join(f_name, l_name, " ")
    out[C.PREFIX] = _join(prefix, cleaned(C.PREFIX, clean_text), " ")
    out[C.SUFFIX] = _join(suffix, cleaned(C.SUFFIX, clean_text), " ")
    out[C.CREDENTIALS] = _join(credentials, cleaned(C.CREDENTIALS, clean_text))
    out[C.PRONOUNS] = _join(f_pronouns, l_pronouns)
    nick_extra = cleaned(C.NICKNAME, lambda v: clean_text(v, placeholders=False))
    out[C.NICKNAME] = _join(_join(f_nick, l_nick), nick_extra)
    out[C.EMAIL], out[C.OTHER_EMAILS] = _emails(col(C.EMAIL), col(C.OTHER_EMAILS))
    out[C.LINKEDIN_URL] = normalize_profile_urls(col(C.LINKEDIN_URL))
    for name in (
        C.COMPANY,
        C.POSITION,
        C.INDUSTRY,
        C.LOCATION,
        C.SCHOOL,
        C.CLASS_YEAR,
        C.DEGREE,
        C.CONNECTED_ON,
        C.WILLING_TO_HELP,
        C.NOTES,
    ):
        out[name] = cleaned(name, clean_text)
    out[C.EDUCATION] = entries_column(out[C.SCHOOL], out[C.DEGREE], out[C.CLASS_YEAR])
    if {C.SCHOOL, C.DEGREE, C.CLASS_YEAR} <= lacking:
        lacking.add(C.EDUCATION)
    # "None" and "N/A" say something about a volunteer's time: kept as typed.
    for name in C.STANDING_FIELDS:
        out[name] = cleaned(name, lambda v: clean_text(v, placeholders=False))
    # Record ids are unique per row: trimmed column-wise rather than cleaned one by one.
    if C.EXTERNAL_ID in raw:
        ids = col(C.EXTERNAL_ID).to_numpy()
        out[C.EXTERNAL_ID] = pd.Series([v.strip() for v in ids], index=index, dtype=object)
    else:
        out[C.EXTERNAL_ID] = col(C.EXTERNAL_ID)
        lacking.add(C.EXTERNAL_ID)
    for flag in (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER):
        out[flag] = raw[flag].to_numpy() if flag in raw else [None] * n
    out[C.SOURCE_ROW] = np.asarray(lines, dtype=np.int64)
    cut_long(out, warnings, lacking=lacking)
    return out
