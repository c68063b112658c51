"""Who is who: name, URL and email normalisation, stable person ids, and merge decisions with reasons.

A wrong merge is worse than a missed one, so only exact keys (profile URL, email) and strong evidence
(the same full name plus the same employer, or the same school and class year) merge automatically.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd

from coffeechat import columns as C

# Values that mean "nothing here" in exported company/position/email cells.
PLACEHOLDERS = frozenset(
    {
        "",
        "-",
        "--",
        "—",
        ".",
        "na",
        "n/a",
        "none",
        "null",
        "career break",
        "self-employed",
        "self employed",
        "confidential",
        "unemployed",
        "not applicable",
    }
)

_EMAIL = re.compile(
    r"^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+$"
)
_PRONOUNS = re.compile(
    r"\(\s*((?:she|he|they|ze|xe|her|him|them)\s*/\s*\w+(?:\s*/\s*\w+)?)\s*\)", re.I
)
_PARENS = re.compile(r"\(([^)]*)\)")
_PREFIXES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "rev"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
_ORG_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|lp|llp|the)\b"
)
_NON_WORD = re.compile(r"[^\w\s'-]")
_SPACES = re.compile(r"\s+")
# A profile slug: letters (any script), digits, - _ . ~ (decoded, so no % escapes remain).
_SLUG = re.compile(r"[\w.~-]+")
_EMOJI_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})


def clean_text(value: object, *, placeholders: bool = True) -> str:
    """NFKC-normalise, drop control characters and collapse whitespace; placeholders become ''.

    Names pass `placeholders=False`: people are really named `Na` and `Null`.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return "" if placeholders and text.casefold() in PLACEHOLDERS else text


def normalize_email(value: object) -> str:
    """The first valid address in a cell, lower-cased; '' if there is none (e.g. `urn:li:member:1`)."""
    text = clean_text(value).lower()
    for part in re.split(r"[\s,;]+", text):
        part = part.strip("<>\"'")
        if _EMAIL.match(part):
            return part
    return ""


def normalize_profile_url(value: object) -> str:
    """Canonical LinkedIn profile URL: `https://www.linkedin.com/in/<slug>` with a decoded, lower slug.

    Accepts percent-encoded or raw Unicode slugs, no scheme, country hosts, query strings, trailing
    slashes and bare slugs. Anything that is not a profile URL gives ''.
    """
    text = clean_text(value)
    if not text:
        return ""
    if "/" not in text and "." not in text:
        slug = text
    else:
        if "://" not in text:
            text = "https://" + text
        try:
            parts = urlsplit(text)
        except ValueError:
            return ""
        if not parts.netloc.lower().endswith("linkedin.com"):
            return ""
        match = re.match(r"^/in/([^/]+)", parts.path)
        if not match:
            return ""
        slug = match.group(1)
    slug = unquote(slug).strip().lower()
    return f"https://www.linkedin.com/in/{slug}" if _SLUG.fullmatch(slug) else ""


@dataclass(frozen=True)
class CleanName:
    """A person's name split into what it is made of; nothing removed is lost."""

    first: str
    last: str
    full: str
    credentials: str = ""
    pronouns: str = ""
    nickname: str = ""
    prefix: str = ""
    suffix: str = ""


def _strip_decoration(text: str) -> str:
    # Emoji, flags and dingbats are symbols (category S*); emoji joiners and variation selectors go too.
    kept = [
        ch for ch in text if not unicodedata.category(ch).startswith("S") and ch not in _EMOJI_GLUE
    ]
    return _SPACES.sub(" ", "".join(kept)).strip(" ,|•·*")


def _recase(part: str) -> str:
    letters = [c for c in part if c.isalpha()]
    if letters and (all(c.isupper() for c in letters) or all(c.islower() for c in letters)):
        if len(letters) <= 1:
            return part.upper()
        return "-".join(w[:1].upper() + w[1:].lower() for w in part.split("-"))
    return part


def clean_name(first: object, last: object) -> CleanName:
    """Split prefixes, suffixes, credentials, pronouns and nicknames out of a first/last name pair.

    >>> clean_name("Dr. Priya (Pri)", "Raman, PhD (she/her)").full
    'Priya Raman'
    """
    first_text = _strip_decoration(clean_text(first, placeholders=False))
    last_text = _strip_decoration(clean_text(last, placeholders=False))
    pronouns: list[str] = []
    nicknames: list[str] = []

    def pull(text: str) -> str:
        for m in _PRONOUNS.finditer(text):
            pronouns.append(_SPACES.sub("", m.group(1)).lower())
        text = _PRONOUNS.sub(" ", text)
        for m in _PARENS.finditer(text):
            if m.group(1).strip():
                nicknames.append(m.group(1).strip())
        return _SPACES.sub(" ", _PARENS.sub(" ", text)).strip()

    first_text, last_text = pull(first_text), pull(last_text)
    credentials: list[str] = []
    if "," in last_text:
        head, *rest = [p.strip() for p in last_text.split(",")]
        last_text = head
        credentials.extend(p for p in rest if p)
    words_first = first_text.split()
    prefix = ""
    if words_first and words_first[0].rstrip(".").lower() in _PREFIXES:
        prefix = words_first.pop(0)
    words_last = last_text.split()
    suffix = ""
    if len(words_last) > 1 and words_last[-1].rstrip(".").lower() in _SUFFIXES:
        suffix = words_last.pop()
    first_clean = " ".join(_recase(w) for w in words_first)
    last_clean = " ".join(_recase(w) for w in words_last)
    return CleanName(
        first=first_clean,
        last=last_clean,
        full=" ".join(p for p in (first_clean, last_clean) if p),
        credentials=", ".join(credentials),
        pronouns=", ".join(pronouns),
        nickname=", ".join(nicknames),
        prefix=prefix,
        suffix=suffix,
    )


def split_full_name(full: object) -> tuple[str, str]:
    """Split a one-cell name into (first, last); `Lee, Ana` is read as last-name-first."""
    text = clean_text(full, placeholders=False)
    if "," in text:
        last, _, first = text.partition(",")
        # "Lee, Ana" but not "Ana Lee, PhD": a comma after a single word means last-name-first.
        if " " not in last.strip():
            return first.strip(), last.strip()
    words = text.split()
    if len(words) <= 1:
        return text, ""
    return " ".join(words[:-1]), words[-1]


def name_key(full_name: object) -> str:
    """Comparison key for names: accents, case and punctuation removed."""
    text = unicodedata.normalize("NFKD", clean_text(full_name, placeholders=False).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", re.sub(r"[^\w\s]", " ", text)).strip()


def org_key(name: object) -> str:
    """Comparison key for organisations: `Acme, Inc.` and `ACME` are the same employer."""
    text = name_key(name)
    text = _ORG_SUFFIXES.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def map_unique(values: pd.Series, func: Callable[[str], str]) -> pd.Series:
    """`values.map(func)`, calling func once per distinct value (names and employers repeat)."""
    text = values.fillna("").astype(str)
    uniques = text.unique()
    return text.map(dict(zip(uniques, map(func, uniques), strict=True)))


def person_id_for(*parts: str) -> str:
    """A stable id from the evidence that first introduced the person."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "p" + digest[:11]


# Merge rules, strongest first. Each maps a record to zero or one key.
MERGE_RULES: tuple[str, ...] = ("profile_url", "email", "name+employer", "name+school+class")


def identity_keys(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The (rule, key) pairs by which a record can be matched, strongest first."""
    keys: list[tuple[str, str]] = []
    url = record.get(C.LINKEDIN_URL, "")
    if url:
        keys.append(("profile_url", url))
    email = record.get(C.EMAIL, "")
    if email:
        keys.append(("email", email))
    name = name_key(record.get(C.FULL_NAME, ""))
    if name and " " in name:
        company = org_key(record.get(C.COMPANY, ""))
        if company:
            keys.append(("name+employer", f"{name}|{company}"))
        school = org_key(record.get(C.SCHOOL, ""))
        year = record.get(C.CLASS_YEAR, "")
        if school and year:
            keys.append(("name+school+class", f"{name}|{school}|{year}"))
    return keys


class IdentityIndex:
    """Maps identity keys to person ids; decides, with a reason, whom each incoming record is.

    Two records with different profile URLs are two people, whatever else they share: a name and an
    employer in common never overrule that.
    """

    def __init__(self) -> None:
        self._index: dict[tuple[str, str], str] = {}
        self._urls: dict[str, str] = {}

    def add(self, person_id: str, record: dict[str, Any]) -> None:
        for key in identity_keys(record):
            self._index.setdefault(key, person_id)
        url = record.get(C.LINKEDIN_URL, "")
        if url:
            self._urls.setdefault(person_id, url)

    def match(self, record: dict[str, Any]) -> tuple[str, str] | None:
        """(person_id, rule) of the strongest key already known, or None."""
        url = record.get(C.LINKEDIN_URL, "")
        for key in identity_keys(record):
            found = self._index.get(key)
            if found is None:
                continue
            known_url = self._urls.get(found, "")
            if url and known_url and url != known_url:
                continue
            return found, key[0]
        return None

    def __len__(self) -> int:
        return len(set(self._index.values()))
