"""What every source parser returns: plain frames in canonical columns, ready for the store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import (
    clean_name,
    clean_text,
    normalize_email,
    normalize_profile_url,
    split_full_name,
)

INTERACTION_COLUMNS = ("profile_url", "name", "kind", "direction", "occurred_at")
INTRODUCTION_COLUMNS = ("introducer_url", "introducer_name", "introduced_on", "note")


@dataclass
class ParsedFile:
    """One input file, parsed: people, interactions, introductions and facts about the user."""

    kind: str
    name: str
    sha256: str
    rows_read: int = 0
    people: pd.DataFrame = field(default_factory=pd.DataFrame)
    interactions: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(INTERACTION_COLUMNS))
    )
    introductions: pd.DataFrame = field(default_factory=pd.DataFrame)
    owner: dict[str, list[str]] = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    ignored_headers: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def people_frame(raw: pd.DataFrame, lines: list[int]) -> pd.DataFrame:
    """Clean a frame of raw person fields (any subset of the canonical columns) into the full set.

    Names are split into first/last/credentials/pronouns/nicknames; emails validated; URLs normalised;
    placeholders emptied. Missing columns become ''.
    """
    n = len(raw)
    out = pd.DataFrame(index=range(n))

    def col(name: str) -> list[str]:
        if name in raw:
            return [str(v) for v in raw[name].fillna("").tolist()]
        return [""] * n

    firsts, lasts, fulls = col(C.FIRST_NAME), col(C.LAST_NAME), col(C.FULL_NAME)
    names = []
    for first, last, full in zip(firsts, lasts, fulls, strict=True):
        if not (first.strip() or last.strip()) and full.strip():
            first, last = split_full_name(full)
        names.append(clean_name(first, last))
    out[C.FIRST_NAME] = [n.first for n in names]
    out[C.LAST_NAME] = [n.last for n in names]
    out[C.FULL_NAME] = [n.full for n in names]
    extra_creds = col(C.CREDENTIALS)
    out[C.CREDENTIALS] = [
        ", ".join(p for p in (n.credentials, clean_text(x)) if p)
        for n, x in zip(names, extra_creds, strict=True)
    ]
    out[C.PRONOUNS] = [n.pronouns for n in names]
    nick_extra = col(C.NICKNAME)
    out[C.NICKNAME] = [
        ", ".join(p for p in (n.nickname, clean_text(x, placeholders=False)) if p)
        for n, x in zip(names, nick_extra, strict=True)
    ]
    out[C.EMAIL] = [normalize_email(v) for v in col(C.EMAIL)]
    out[C.LINKEDIN_URL] = [normalize_profile_url(v) for v in col(C.LINKEDIN_URL)]
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
        C.EXTERNAL_ID,
    ):
        out[name] = [clean_text(v) for v in col(name)]
    for flag in (*C.PERSON_FLAG_FIELDS, C.VOLUNTEER):
        out[flag] = raw[flag].tolist() if flag in raw else [None] * n
    out[C.SOURCE_ROW] = lines
    return out
