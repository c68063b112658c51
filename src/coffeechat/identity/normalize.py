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
from urllib.parse import unquote

import ftfy
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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

_PRONOUNS = re.compile(
    r"\(\s*((?:she|he|they|ze|xe|her|him|them)\s*/\s*\w+(?:\s*/\s*\w+)?)\s*\)", re.I
)
_PARENS = re.compile(r"\(([^)]*)\)")
# A name that cleaning leaves as it is: capitalised words of letters, joined by space, - or '.
_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ '-][A-Z][a-z]+)*")
_PREFIXES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "rev"})
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})
# Legal-form words dropped from organisation keys. Keys hold only letters, digits and single spaces,
# so words are delimited by spaces (not \b, which Arrow's regex engine treats as ASCII-only).
_ORG_SUFFIXES = re.compile(
    r" (?:inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|lp|llp|the) "
)
_SPACES = re.compile(r"\s+")
# A profile slug: letters (any script), digits, - _ . ~ (decoded, so no % escapes remain).
_SLUG = re.compile(r"[\w.~-]+")
# Signs of UTF-8 read as cp1252 or Latin-1 (`JosÃ©`, `â€™`): only then is ftfy asked to repair.
_MOJIBAKE = re.compile("[ÃÂâ][\u0080-\u00bf\u2018-\u203a€™]")
_EMOJI_GLUE = frozenset({"\u200d", "\ufe0e", "\ufe0f"})


def clean_text(value: object, *, placeholders: bool = True) -> str:
    """NFKC-normalise, drop control characters and collapse whitespace; placeholders become ''.

    Names pass `placeholders=False`: people are really named `Na` and `Null`.
    """
    if value is None or (isinstance(value, float) and value != value):
        return ""
    text = str(value)
    if _MOJIBAKE.search(text):
        text = ftfy.fix_encoding(text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return "" if placeholders and text.casefold() in PLACEHOLDERS else text


_EMAIL_ADDRESS = r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+"
# An address stands alone in its cell or between separators (space , ; < > " '); lookarounds, so
# that `a@x.org;b@y.org` yields both.
_EMAIL_SEARCH = re.compile(rf"(?<![^\s,;<>\"'])({_EMAIL_ADDRESS})(?![^\s,;<>\"'])")
_ONE_EMAIL = re.compile(_EMAIL_ADDRESS)
_PROFILE = r"^(?:https?://)?(?:[a-z0-9-]+\.)*linkedin\.com/in/([^/?#\s]+)"


def as_text(values: pd.Series) -> pd.Series:
    """A column as Python strings in an object Series, '' where a value is missing.

    Import works on object columns throughout: pandas' Arrow-backed `str` dtype would be converted
    back and forth at each step, which costs more than the steps themselves on a big file.
    """
    array = values.to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(array, skipna=False) != "string":  # numbers, dates from Excel
        array = np.array([v if type(v) is str else str(v) for v in array], dtype=object)
    return pd.Series(array, index=values.index, dtype=object)


def by_unique(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """`func` (column-wise) applied once per distinct value: names, employers and emails repeat,
    and a column that is empty throughout costs one call on one value."""
    codes, uniques = pd.factorize(as_text(values))
    distinct = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    results = func(distinct).to_numpy(dtype=object)
    return pd.Series(results[codes] if len(codes) else [], index=values.index, dtype=object)


def _strings(values: pd.Series) -> pd.Series:
    return pd.Series(as_text(values).to_numpy(), index=values.index, dtype="str")


def email_list(value: object) -> list[str]:
    """Every valid address in a cell, lower-cased, in order, each once:
    `Ana@Acme.com; ana.lee@gmail.com` -> ['ana@acme.com', 'ana.lee@gmail.com'];
    `urn:li:member:1`, `NA` or `not an email` give none."""
    text = "" if value is None else str(value).strip().lower()
    if not text:
        return []
    if _ONE_EMAIL.fullmatch(text):  # the usual cell: one clean address, no cleaning needed
        return [text]
    text = clean_text(value, placeholders=False).lower()
    return list(dict.fromkeys(_EMAIL_SEARCH.findall(text)))


def split_emails(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Each cell's first valid address, and the others joined by '; ' (cells may hold several)."""
    first, rest = [], []
    for value in as_text(values).to_numpy():
        # The usual cell (empty, or one clean address) inline: this runs once per row.
        text = value.strip().lower()
        if not text or _ONE_EMAIL.fullmatch(text):
            first.append(text)
            rest.append("")
        else:
            found = email_list(value)
            first.append(found[0] if found else "")
            rest.append("; ".join(found[1:]))
    return (
        pd.Series(first, index=values.index, dtype=object),
        pd.Series(rest, index=values.index, dtype=object),
    )


def join_emails(*groups: str) -> str:
    """Address lists ('; '-joined) merged into one, each address once, in order."""
    return "; ".join(dict.fromkeys(e for g in groups for e in g.split("; ") if e))


def normalize_email(value: object) -> str:
    """The first valid address in a cell, lower-cased; '' where there is none."""
    return next(iter(email_list(value)), "")


def normalize_profile_urls(values: pd.Series) -> pd.Series:
    """Canonical LinkedIn profile URLs, `https://www.linkedin.com/in/<slug>` with a decoded, lower slug.

    Accepts percent-encoded or raw Unicode slugs, no scheme, country hosts, query strings, trailing
    slashes and bare slugs. Anything that is not a profile URL gives ''.
    """
    return by_unique(values, _profile_urls)


def _profile_urls(values: pd.Series) -> pd.Series:
    text = _strings(values).str.strip()
    lower = text.str.lower()
    bare = ~lower.str.contains(r"[/.\s]") & lower.ne("")
    slug = lower.str.extract(_PROFILE, expand=False).fillna("")
    slug = slug.where(~bare, lower).astype(object)
    encoded = slug.str.contains("%", regex=False)
    if encoded.any():
        slug[encoded] = slug[encoded].map(lambda s: unquote(s).lower())
    valid = slug.ne("") & ~slug.str.contains(r"[\s/?#%]")
    return ("https://www.linkedin.com/in/" + slug).where(valid, "").astype(object)


def normalize_profile_url(value: object) -> str:
    """`normalize_profile_urls` for one value."""
    return str(normalize_profile_urls(pd.Series([value])).iloc[0])


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


@dataclass(frozen=True)
class NamePart:
    """One name cell, taken apart."""

    name: str
    affix: str = ""  # the prefix of a first name (Dr.), the suffix of a last name (Jr.)
    credentials: str = ""
    pronouns: str = ""
    nickname: str = ""

    def parts(self) -> tuple[str, str, str, str, str]:
        return self.name, self.affix, self.credentials, self.pronouns, self.nickname


def clean_name_part(value: object, *, last: bool) -> NamePart:
    """Clean one first-name or last-name cell.

    Pronouns `(she/her)` and any other parenthesised words (nicknames, maiden names) are pulled out;
    a last name keeps its credentials after a comma (`Raman, PhD`) and its suffix (`Jr.`); a first
    name its prefix (`Dr.`). ALL CAPS and all lower case are recased.
    """
    if isinstance(value, str) and _PLAIN_NAME.fullmatch(value):
        # Most names are plain (`Ana`, `Lee-Park`): nothing to take apart unless the edge word is
        # a prefix or suffix, which the full path below handles.
        edge = value.rsplit(" ", 1)[-1] if last else value.split(" ", 1)[0]
        if edge.lower() not in (_SUFFIXES if last else _PREFIXES):
            return NamePart(name=value)
    text = _strip_decoration(clean_text(value, placeholders=False))
    pronouns = [_SPACES.sub("", m.group(1)).lower() for m in _PRONOUNS.finditer(text)]
    text = _PRONOUNS.sub(" ", text)
    nicknames = [m.group(1).strip() for m in _PARENS.finditer(text) if m.group(1).strip()]
    text = _SPACES.sub(" ", _PARENS.sub(" ", text)).strip()
    credentials: list[str] = []
    affix = ""
    if last and "," in text:
        head, *rest = [p.strip() for p in text.split(",")]
        text = head
        credentials = [p for p in rest if p]
    words = text.split()
    if last and len(words) > 1 and words[-1].rstrip(".").lower() in _SUFFIXES:
        affix = words.pop()
    elif not last and words and words[0].rstrip(".").lower() in _PREFIXES:
        affix = words.pop(0)
    return NamePart(
        name=" ".join(_recase(w) for w in words),
        affix=affix,
        credentials=", ".join(credentials),
        pronouns=", ".join(pronouns),
        nickname=", ".join(nicknames),
    )


def clean_name(first: object, last: object) -> CleanName:
    """Split prefixes, suffixes, credentials, pronouns and nicknames out of a first/last name pair.

    >>> clean_name("Dr. Priya (Pri)", "Raman, PhD (she/her)").full
    'Priya Raman'
    """
    f, l_ = clean_name_part(first, last=False), clean_name_part(last, last=True)
    return CleanName(
        first=f.name,
        last=l_.name,
        full=" ".join(p for p in (f.name, l_.name) if p),
        credentials=l_.credentials,
        pronouns=", ".join(p for p in (f.pronouns, l_.pronouns) if p),
        nickname=", ".join(p for p in (f.nickname, l_.nickname) if p),
        prefix=f.affix,
        suffix=l_.affix,
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


def _arrow_text(values: pd.Series) -> pa.Array:
    return pa.array(as_text(values).to_numpy(), type=pa.string())


def name_keys(values: pd.Series) -> pd.Series:
    """Comparison keys for names, vectorised: accents, case and punctuation removed.

    `José  GARCÍA` and `jose garcia` share a key; `Mary-Jane O'Neil` becomes `mary jane o neil`.
    """
    return by_unique(values, _name_keys)


def _name_keys(values: pd.Series) -> pd.Series:
    text = pc.utf8_normalize(_arrow_text(values), "NFKD")
    text = pc.replace_substring_regex(text, r"\p{Mn}", "")
    # Final sigma folds to sigma: Python's lower() picks one by context, Arrow's does not.
    text = pc.replace_substring(pc.utf8_lower(text), "ς", "σ")
    text = pc.replace_substring_regex(text, r"[^\p{L}\p{N}\s]|_", " ")
    text = pc.utf8_trim_whitespace(pc.replace_substring_regex(text, r"\s+", " "))
    return pd.Series(text.to_numpy(zero_copy_only=False), index=values.index, dtype=object)


def org_keys(values: pd.Series) -> pd.Series:
    """Comparison keys for organisations: `Acme, Inc.` and `ACME` are the same employer."""
    return by_unique(values, _org_keys)


def _org_keys(values: pd.Series) -> pd.Series:
    keys = pc.binary_join_element_wise(" ", _arrow_text(_name_keys(values)), " ", "")
    for _ in range(
        2
    ):  # adjacent legal words ("co inc") share a space: a second pass takes the rest
        keys = pc.replace_substring_regex(keys, _ORG_SUFFIXES.pattern, " ")
    keys = pc.utf8_trim_whitespace(pc.replace_substring_regex(keys, r"\s+", " "))
    return pd.Series(keys.to_numpy(zero_copy_only=False), index=values.index, dtype=object)


def name_key(full_name: object) -> str:
    """The name key of one value: the same steps as `name_keys`, in Python (for single values,
    where starting the vectorised machinery costs more than it saves)."""
    text = unicodedata.normalize("NFKD", "" if full_name is None else str(full_name))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn").lower().replace("ς", "σ")
    text = "".join(
        ch if ch.isspace() or unicodedata.category(ch)[0] in "LN" else " " for ch in text
    )
    return " ".join(text.split())


def org_key(name: object) -> str:
    """The organisation key of one value (see `org_keys`)."""
    text = f" {name_key(name)} "
    for _ in range(2):
        text = _ORG_SUFFIXES.sub(" ", text)
    return " ".join(text.split())


def map_unique(values: pd.Series, func: Callable[[str], Any]) -> pd.Series:
    """`values.map(func)`, calling func once per distinct value (names and employers repeat)."""
    return by_unique(
        values, lambda distinct: pd.Series([func(u) for u in distinct.to_numpy()], dtype=object)
    )


def map_unique_parts(
    values: pd.Series, func: Callable[[str], tuple[str, ...]], width: int
) -> list[pd.Series]:
    """Like `map_unique` for a function returning a tuple: one Series per element."""
    codes, uniques = pd.factorize(as_text(values))
    table = np.empty((len(uniques), width), dtype=object)
    for i, u in enumerate(uniques):
        table[i] = func(u)
    picked = table[codes] if len(codes) else np.empty((0, width), dtype=object)
    return [pd.Series(picked[:, k], index=values.index, dtype=object) for k in range(width)]


def person_id_for(*parts: str) -> str:
    """A stable id from the evidence that first introduced the person."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return "p" + digest[:11]


# A fixed key keeps ids reproducible: the same evidence gives the same id in every workspace.
_ID_HASH_KEY = "coffeechat-ids-1"


def person_ids_for(seeds: pd.Series, taken: set[str]) -> list[str]:
    """Stable ids for many new people at once (one per seed), none of them in `taken`; `taken`
    gains them.

    A vectorised 64-bit hash of each seed gives the id; the rare id already taken (or repeated
    within the batch) falls back to `person_id_for`, which chains until it finds a free one.
    """
    hashed = pd.util.hash_array(as_text(seeds).to_numpy(), hash_key=_ID_HASH_KEY, categorize=False)
    # The top 44 bits as 11 hex digits: 16 digits per value, the first 5 always zero.
    digits = (hashed >> 20).astype(">u8").tobytes().hex()
    ids = ["p" + digits[start + 5 : start + 16] for start in range(0, len(digits), 16)]
    clash = pd.Series(ids, dtype=object).duplicated().to_numpy(copy=True)
    if taken:
        clash |= np.fromiter((pid in taken for pid in ids), bool, len(ids))
    taken.update(pid for pid, bad in zip(ids, clash.tolist(), strict=True) if not bad)
    for i in np.flatnonzero(clash).tolist():
        seed, pid = str(seeds.iloc[i]), ids[i]
        while pid in taken:
            pid = person_id_for(seed, pid)
        ids[i] = pid
        taken.add(pid)
    return ids
