"""Alumni and volunteer directories: headers mapped onto canonical fields by synonym, rows collapsed."""

from __future__ import annotations

import re

import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import InputError
from coffeechat.sources._csv import Table, header_key
from coffeechat.sources.dates import parse_dates
from coffeechat.sources.records import ParsedFile, people_frame, sha256

# Canonical field -> header keys seen in real directories (compared with header_key()).
SYNONYMS: dict[str, tuple[str, ...]] = {
    C.EXTERNAL_ID: ("constituent id", "external id", "record id", "local id", "id"),
    "prefix": ("prefix", "salutation"),
    C.FIRST_NAME: ("first name", "given name", "firstname", "first"),
    C.NICKNAME: ("preferred name", "nickname", "goes by"),
    "middle_name": ("middle name", "additional name"),
    C.LAST_NAME: ("last name", "family name", "surname", "lastname", "last"),
    "suffix": ("suffix",),
    C.FULL_NAME: ("full name", "name", "display name"),
    C.CLASS_YEAR: ("class year", "graduation year", "year of graduation", "class of", "grad year"),
    C.DEGREE: (
        "degree",
        "degrees",
        "major",
        "majors",
        "major s",
        "field of study",
        "specialization",
    ),
    C.SCHOOL: ("school", "institution", "college", "university"),
    C.COMPANY: ("employer", "company", "organization", "organisation", "current employer"),
    C.POSITION: ("job title", "title", "designation", "role", "occupation", "position"),
    C.INDUSTRY: ("industry", "job domain", "sectors or industries", "areas of expertise", "sector"),
    "city": ("city", "mailing city"),
    "state": ("state", "province", "mailing state"),
    "country": ("country", "mailing country"),
    C.LOCATION: ("location", "city state", "metro area"),
    C.EMAIL: ("email", "primary email", "email address", "e mail", "preferred email"),
    C.LINKEDIN_URL: ("linkedin url", "linkedin profile", "linkedin", "linked in url"),
    C.WILLING_TO_HELP: ("willing to help with", "help topics", "mentoring type", "can help with"),
    "is_mentor": ("is mentor y n", "is mentor", "mentor", "volunteer"),
    C.DO_NOT_CONTACT: ("do not contact", "dnc", "no contact"),
    C.DECEASED: ("deceased",),
    C.LOST: ("lost", "lost contact"),
    C.NOTES: ("notes", "comments", "bio"),
    "affiliation": ("affiliation", "relationship", "constituent type", "volunteer type"),
}
_BY_KEY = {key: field for field, keys in SYNONYMS.items() for key in keys}
_TRUE = {"y", "yes", "true", "1", "x", "t"}
_FALSE = {"n", "no", "false", "0", "f"}


def map_headers(headers: list[str], overrides: dict[str, str] | None = None) -> dict[str, str]:
    """header -> canonical field, first header winning; `overrides` ('Header' -> field) take priority."""
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        key = header_key(header)
        field = overrides.get(key) or _BY_KEY.get(key)
        if field and field not in taken:
            mapping[header] = field
            taken.add(field)
    return mapping


def looks_like_directory(headers: list[str]) -> bool:
    fields = set(map_headers(headers).values())
    has_name = bool({C.FULL_NAME, C.LAST_NAME} & fields)
    return has_name and len(fields) >= 2


def parse_flag(values: pd.Series) -> list[int | None]:
    """Y/Yes/TRUE/1 -> 1, N/No/FALSE/0 -> 0, blank or anything else -> None (unknown)."""
    out: list[int | None] = []
    for v in values.fillna("").astype(str).str.strip().str.lower():
        out.append(1 if v in _TRUE else 0 if v in _FALSE else None)
    return out


def normalize_class_year(value: str) -> str:
    """`'15` -> 2015, `Class of 2008` -> 2008, `2016, 2018` -> 2016, `MBA 2021` -> 2021."""
    match = re.search(r"\b(19\d{2}|20\d{2})\b", value)
    if match:
        return match.group(1)
    match = re.search(r"['’](\d{2})\b", value) or re.fullmatch(r"\s*(\d{2})\s*", value)
    if match:
        yy = int(match.group(1))
        return str(2000 + yy if yy < 70 else 1900 + yy)
    return ""


def parse_directory(
    table: Table, *, name: str, data: bytes, overrides: dict[str, str] | None = None
) -> ParsedFile:
    """A directory table to people, one per person (rows sharing an id collapse into one)."""
    frame = table.frame
    mapping = map_headers(list(frame.columns), overrides)
    if not ({C.FULL_NAME, C.LAST_NAME, C.FIRST_NAME} & set(mapping.values())):
        raise InputError(
            "no name column found among the headers",
            where=f"{name} line {table.header_line}",
            fix="pass --map 'Your Header=full_name' (or first_name/last_name)",
        )
    raw = pd.DataFrame({field: frame[header] for header, field in mapping.items()})
    if {"city", "state", "country"} & set(raw.columns) and C.LOCATION not in raw:
        parts = [raw[c].fillna("").str.strip() for c in ("city", "state", "country") if c in raw]
        raw[C.LOCATION] = [", ".join(p for p in row if p) for row in zip(*parts, strict=True)]
    if C.CLASS_YEAR in raw:
        raw[C.CLASS_YEAR] = raw[C.CLASS_YEAR].fillna("").astype(str).map(normalize_class_year)
    for flag in C.PERSON_FLAG_FIELDS:
        if flag in raw:
            raw[flag] = parse_flag(raw[flag])
    willing = raw.get(C.WILLING_TO_HELP, pd.Series("", index=raw.index)).fillna("").str.strip()
    mentor = parse_flag(raw["is_mentor"]) if "is_mentor" in raw else [None] * len(raw)
    raw[C.VOLUNTEER] = [1 if (w or m == 1) else 0 for w, m in zip(willing, mentor, strict=True)]
    if C.WILLING_TO_HELP in raw:
        raw[C.WILLING_TO_HELP] = willing.str.replace(r"\s*[|;]\s*", "; ", regex=True)
    if "affiliation" in raw and C.NOTES not in raw:
        raw[C.NOTES] = raw["affiliation"].fillna("").map(lambda a: f"{a} volunteer" if a else "")
    parsed = ParsedFile(kind="directory", name=name, sha256=sha256(data))
    parsed.rows_read = len(raw)
    parsed.mapping = mapping
    parsed.ignored_headers = [h for h in frame.columns if h not in mapping]
    people = people_frame(raw, table.lines)
    blank = people[C.FULL_NAME].eq("") & people[C.EMAIL].eq("") & people[C.LINKEDIN_URL].eq("")
    parsed.skipped = [
        (int(x), "blank identity (no name, email or URL)") for x in people.loc[blank, C.SOURCE_ROW]
    ]
    parsed.people = people[~blank].reset_index(drop=True)
    return parsed


def parse_introductions(table: Table, *, name: str, data: bytes) -> ParsedFile:
    """An introductions log: who introduced whom, when, with a note."""
    frame = table.frame
    cols = {header_key(c): c for c in frame.columns}

    def get(*keys: str) -> pd.Series:
        for key in keys:
            if key in cols:
                return frame[cols[key]].fillna("").astype(str)
        return pd.Series([""] * len(frame), index=frame.index, dtype=object)

    raw = pd.DataFrame(
        {
            C.FULL_NAME: get("person", "introduced to", "name"),
            C.LINKEDIN_URL: get("person url", "linkedin url"),
            C.EMAIL: get("person email", "email"),
            C.COMPANY: get("company"),
            C.POSITION: get("position", "title"),
        }
    )
    parsed = ParsedFile(kind="introductions", name=name, sha256=sha256(data))
    parsed.rows_read = len(raw)
    people = people_frame(raw, table.lines)
    people["introducer_name"] = get("introduced by").map(str.strip).to_numpy()
    people["introducer_url"] = get("introduced by url").to_numpy()
    people["introduced_on"] = parse_dates(get("date", "introduced on")).to_numpy()
    people["intro_note"] = get("note").to_numpy()
    blank = people[C.FULL_NAME].eq("") | people["introducer_name"].eq("")
    parsed.skipped = [
        (int(x), "needs both the person and who introduced them")
        for x in people.loc[blank, C.SOURCE_ROW]
    ]
    parsed.introductions = people[~blank].reset_index(drop=True)
    return parsed
