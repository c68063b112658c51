"""Alumni and volunteer directories: headers mapped onto canonical fields by synonym, rows collapsed."""

from __future__ import annotations

import re

import pandas as pd

from coffeechat import columns as C
from coffeechat.dates import parse_dates
from coffeechat.errors import InputError
from coffeechat.identity.frames import map_unique
from coffeechat.ingest._csv import Table, header_key, read_table
from coffeechat.ingest.formats import Format, register
from coffeechat.ingest.records import ParsedFile, people_frame, sha256, unread_dates
from coffeechat.ingest.safety import (
    EXTRA_MAP_FIELDS,
    FALSE,
    LABEL_COLUMNS,
    OFFER,
    TRUE,
    bare_answer,
    override_for,
    permits,
    safety_columns,
    safety_values,
    value_flags,
)
from coffeechat.kinds import SourceKind

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
    # A volunteer's time: how many students they take, how many they have, whether they can now.
    C.CAPACITY: (
        "capacity", "max students", "maximum students", "student capacity", "max mentees",
        "maximum mentees", "mentee capacity", "mentee limit", "student limit", "students per term",
        "students per semester", "max students per term", "max students per semester",
        "number of students", "how many students",
    ),
    C.STUDENTS_NOW: (
        "current students", "students now", "current mentees", "active mentees", "active students",
        "assigned students", "students assigned", "mentees assigned", "students this term",
    ),
    C.AVAILABILITY: (
        "availability", "available", "available this term", "availability this term",
        "accepting students", "taking students", "accepting mentees", "status this term",
        "volunteer status", "mentor status",
    ),
}  # fmt: skip
_BY_KEY = {key: field for field, keys in SYNONYMS.items() for key in keys}

# Address books: their own headers first (Outlook's "Title" is Mr./Ms., not a job title).
ADDRESS_BOOKS: dict[str, dict[str, str]] = {
    "google": {
        "given name": C.FIRST_NAME, "first name": C.FIRST_NAME, "additional name": "middle_name",
        "middle name": "middle_name", "family name": C.LAST_NAME, "last name": C.LAST_NAME,
        "name prefix": C.PREFIX, "name suffix": C.SUFFIX, "nickname": C.NICKNAME, "name": C.FULL_NAME,
        "organization name": C.COMPANY, "organization 1 name": C.COMPANY,
        "organization title": C.POSITION, "organization 1 title": C.POSITION,
        "e mail 1 value": C.EMAIL, "notes": C.NOTES, "website 1 value": C.LINKEDIN_URL,
        "address 1 city": "city", "address 1 region": "state", "address 1 country": "country",
    },
    "outlook": {
        "title": C.PREFIX, "first name": C.FIRST_NAME, "middle name": "middle_name",
        "last name": C.LAST_NAME, "suffix": C.SUFFIX, "e mail address": C.EMAIL,
        "job title": C.POSITION, "company": C.COMPANY, "notes": C.NOTES, "web page": C.LINKEDIN_URL,
        "business city": "city", "business state": "state", "business country region": "country",
        # Outlook exports its headers in the user's language.
        "titre": C.PREFIX, "prenom": C.FIRST_NAME, "prénom": C.FIRST_NAME, "nom": C.LAST_NAME,
        "societe": C.COMPANY, "société": C.COMPANY, "adresse de messagerie": C.EMAIL,
        "vorname": C.FIRST_NAME, "nachname": C.LAST_NAME, "firma": C.COMPANY, "position": C.POSITION,
        "e mail adresse": C.EMAIL, "anrede": C.PREFIX,
    },
}  # fmt: skip

# Whole questions as headers (Google Forms, survey tools): keywords, checked in this order.
_QUESTION_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (C.LINKEDIN_URL, ("linkedin",)),
    (C.EMAIL, ("email", "e mail")),
    (C.FIRST_NAME, ("first name", "given name")),
    (C.LAST_NAME, ("last name", "surname", "family name")),
    (C.COMPANY, ("employer", "company", "organization", "organisation", "where do you work")),
    (C.POSITION, ("job title", "your title", "your role", "position")),
    (C.CLASS_YEAR, ("class year", "graduat", "class of")),
    (C.WILLING_TO_HELP, ("willing", "help with", "topics", "happy to")),
    (C.INDUSTRY, ("industry", "sector")),
    (C.LOCATION, ("city", "where do you live", "location")),
    (C.FULL_NAME, ("full name", "your name", "name")),
)


def address_book_kind(headers: list[str]) -> str | None:
    """'google' or 'outlook' when the headers are an address-book export, else None."""
    keys = {header_key(h) for h in headers}
    if "e mail 1 value" in keys or ("given name" in keys and "group membership" in keys):
        return "google"
    if keys & {"e mail address", "adresse de messagerie", "e mail adresse"} and keys & {
        "job title",
        "company",
        "société",
        "societe",
        "firma",
        "position",
    }:
        return "outlook"
    return None


def map_headers(
    headers: list[str], overrides: dict[str, str] | None = None, *, kind: str | None = None
) -> dict[str, str]:
    """header -> canonical field, first header winning. `overrides` ('Header' -> field) come first,
    then the address book's own headers (for `kind`), then the directory synonyms, then keywords in
    headers that are whole questions ("What is your job title?")."""
    overrides = {header_key(k): v for k, v in (overrides or {}).items()}
    book = ADDRESS_BOOKS.get(kind or "", {})
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for table in (overrides, book, _BY_KEY):
        for header in headers:
            field = table.get(header_key(header))
            if header not in mapping and field and field not in taken:
                mapping[header] = field
                taken.add(field)
    for header in headers:
        key = header_key(header)
        if header in mapping or len(key.split()) < 3:
            continue
        for field, words in _QUESTION_WORDS:
            if field not in taken and any(w in key for w in words):
                mapping[header] = field
                taken.add(field)
                break
    return {h: mapping[h] for h in headers if h in mapping}


def _is_email_header(header: str) -> bool:
    words = header_key(header).replace("e mail", "email").split()
    return "email" in words and not {"label", "type", "opt", "consent", "bounced"} & set(words)


def looks_like_directory(headers: list[str]) -> bool:
    fields = set(map_headers(headers, kind=address_book_kind(headers)).values())
    has_name = bool({C.FULL_NAME, C.LAST_NAME} & fields)
    return has_name and len(fields) >= 2


def _flag(value: str) -> int | None:
    text = value.strip().lower()
    return 1 if text in TRUE else 0 if text in FALSE else None


_TOPIC_SEPARATOR = re.compile(r"\s*[|;]\s*")


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
    table: Table,
    *,
    name: str,
    data: bytes,
    overrides: dict[str, str] | None = None,
    kind: str | None = None,
) -> ParsedFile:
    """A directory, address book or form table to people, one per person (rows sharing a record id
    collapse into one). `kind` ('google', 'outlook') is detected from the headers when not given."""
    frame = table.frame
    lines = list(table.lines)
    # Survey tools export three header rows: names, the question texts, then {"ImportId": ...}.
    for row in range(min(2, len(frame))):
        if frame.iloc[row].astype(str).str.startswith('{"ImportId"').any():
            frame, lines = frame.iloc[row + 1 :].reset_index(drop=True), lines[row + 1 :]
            break
    kind = kind or address_book_kind(list(frame.columns))
    where = f"{name} line {table.header_line}"
    _check_overrides(overrides or {}, list(frame.columns), where)
    safety = safety_columns(frame, overrides or {}, where)
    ignored = {h for h in frame.columns if override_for(overrides or {}, h) == "ignore"}
    mapping = {
        h: f
        for h, f in map_headers(
            [h for h in frame.columns if h not in safety and h not in ignored], overrides, kind=kind
        ).items()
    }
    if not ({C.FULL_NAME, C.LAST_NAME, C.FIRST_NAME} & set(mapping.values())):
        raise InputError(
            "no name column found among the headers",
            where=f"{name} line {table.header_line}",
            fix="pass --map 'Your Header=full_name' (or first_name/last_name)",
        )
    # Every further column that holds email addresses (`E-mail 2 - Value`, `Secondary Email`,
    # `Work Email`) adds to the person's other addresses.
    extra_email = [h for h in frame.columns if h not in mapping and _is_email_header(h)]
    raw = pd.DataFrame({field: frame[header] for header, field in mapping.items()})
    if extra_email:
        raw[C.OTHER_EMAILS] = frame[extra_email].fillna("").astype(object).agg("; ".join, axis=1)
        mapping.update({h: C.OTHER_EMAILS for h in extra_email})
    places = [c for c in ("city", "state", "country") if c in raw]
    if places and C.LOCATION not in raw:
        joined = raw[places[0]].fillna("").astype(str)
        for c in places[1:]:
            joined = joined + "\x1f" + raw[c].fillna("").astype(str)
        raw[C.LOCATION] = map_unique(
            joined, lambda v: ", ".join(p.strip() for p in v.split("\x1f") if p.strip())
        )
    if C.CLASS_YEAR in raw:
        raw[C.CLASS_YEAR] = map_unique(raw[C.CLASS_YEAR], normalize_class_year)
    for flag, values in safety_values(frame, safety).items():
        raw[flag] = values
    # Columns read for nothing else may still set a flag by value: the user's labels in an address
    # book, a directory's "Record Status: Deceased" or "Solicit Codes: Do Not Contact".
    unread = [str(h) for h in frame.columns if h not in mapping and h not in safety
              and h not in ignored]  # fmt: skip
    notes = [h for h, f in mapping.items() if f == C.NOTES]
    by_value, coded = value_flags(frame, unread, notes=notes)
    for flag, labelled in by_value.items():
        # A value says a flag is set; any other value says nothing.
        known = raw[flag] if flag in raw else pd.Series(None, index=raw.index, dtype=object)
        raw[flag] = known.where(~labelled.to_numpy(), 1)
    willing = (
        raw.get(C.WILLING_TO_HELP, pd.Series("", index=raw.index))
        .fillna("")
        .astype(str)
        .str.strip()
    )
    mentor = (
        map_unique(raw["is_mentor"], _flag)
        if "is_mentor" in raw
        else pd.Series(None, index=raw.index)
    )
    offered = pd.Series(False, index=raw.index)
    for header in (h for h, f in safety.items() if f == OFFER):
        offered |= map_unique(frame[header].fillna("").astype(str), permits).eq(0).to_numpy()
    # A bare answer among the topics ("No", "None", "Yes") is no topic: a "no" is no offer to help.
    answer = map_unique(willing, bare_answer)
    raw[C.VOLUNTEER] = (
        ((willing.ne("") & answer.ne("no")) | mentor.eq(1) | offered).astype(int).to_numpy()
    )
    if C.WILLING_TO_HELP in raw:
        topics = willing.where(answer.eq(""), "")
        raw[C.WILLING_TO_HELP] = map_unique(topics, lambda v: _TOPIC_SEPARATOR.sub("; ", v))
    if "affiliation" in raw and C.NOTES not in raw:
        raw[C.NOTES] = raw["affiliation"].fillna("").map(lambda a: f"{a} volunteer" if a else "")
    parsed = ParsedFile(kind=kind or "directory", name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(raw)
    labels = {h: "labels" for h in frame.columns if header_key(str(h)) in LABEL_COLUMNS}
    parsed.mapping = {
        **mapping, **safety, **labels,
        **dict.fromkeys([h for h in coded if h not in mapping], "flags by value"),
    }  # fmt: skip
    parsed.ignored_headers = [h for h in frame.columns if h not in parsed.mapping]
    people = people_frame(raw, lines, parsed.warnings)
    blank = people[C.FULL_NAME].eq("") & people[C.EMAIL].eq("") & people[C.LINKEDIN_URL].eq("")
    parsed.skipped = [
        (int(x), "blank identity (no name, email or URL)") for x in people.loc[blank, C.SOURCE_ROW]
    ]
    parsed.people = people[~blank].reset_index(drop=True)
    return parsed


def _check_overrides(overrides: dict[str, str], headers: list[str], where: str) -> None:
    """`--map` names a column of this file and a field coffeechat knows, or it is an error."""
    fields = sorted({*SYNONYMS, *EXTRA_MAP_FIELDS})
    keys = {header_key(h) for h in headers}
    for header, field in overrides.items():
        if field not in fields:
            raise InputError(
                f"--map '{header}={field}': unknown field '{field}'",
                where=where,
                fix=f"use one of {', '.join(fields)}",
            )
        if header_key(header) not in keys:
            shown = ", ".join(f"'{h}'" for h in headers[:12]) + (
                ", ..." if len(headers) > 12 else ""
            )
            raise InputError(
                f"--map '{header}={field}': the file has no column '{header}'",
                where=where,
                fix=f"use one of its columns: {shown}",
            )


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
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(raw)
    people = people_frame(raw, table.lines, parsed.warnings)
    people["introducer_name"] = get("introduced by").map(str.strip).to_numpy()
    people["introducer_url"] = get("introduced by url").to_numpy()
    people["introduced_on"] = parse_dates(get("date", "introduced on")).to_numpy()
    parsed.warnings += unread_dates(
        get("date", "introduced on"), people["introduced_on"], table.lines, "Date"
    )
    people["intro_note"] = get("note").to_numpy()
    blank = people[C.FULL_NAME].eq("") | people["introducer_name"].eq("")
    parsed.skipped = [
        (int(x), "needs both the person and who introduced them")
        for x in people.loc[blank, C.SOURCE_ROW]
    ]
    parsed.introductions = people[~blank].reset_index(drop=True)
    return parsed


def is_introductions_header(fields: list[str]) -> bool:
    return "introduced by" in {header_key(f) for f in fields}


def _parse_introductions_file(data: bytes, name: str, encoding: str | None) -> ParsedFile:
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=is_introductions_header,
        expected="'Introduced By' header",
    )
    return parse_introductions(table, name=name, data=data)


register(Format(SourceKind.INTRODUCTIONS, _parse_introductions_file, is_introductions_header))
