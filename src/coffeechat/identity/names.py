"""Cleaning what people are called: placeholders, mojibake and emoji removed; names split into
first and last with their prefix, suffix, credentials, pronouns and nicknames kept apart."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
# A nickname in quotes: "Bob", “Bob”, 'Bob' (a single quote only between spaces, so O'Brien and
# D'Angelo keep theirs).
_QUOTED = re.compile(
    r"[\"\u201c\u201e]([^\"\u201c\u201d\u201e]+)[\"\u201d]|(?:(?<=\s)|^)['\u2018]([^'\u2018\u2019\s][^'\u2018\u2019]*)['\u2019](?=\s|$)"
)


# A name that cleaning leaves as it is: capitalised words of letters, joined by space, - or '.
_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ '-][A-Z][a-z]+)*")


_PREFIXES = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx", "sir", "rev"})


_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "v"})


_SPACES = re.compile(r"\s+")


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
        import ftfy  # here: most text needs no repair, and ftfy takes a while to import

        text = ftfy.fix_encoding(text)
    text = unicodedata.normalize("NFKC", text)
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _SPACES.sub(" ", text).strip()
    return "" if placeholders and text.casefold() in PLACEHOLDERS else text


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

    Pronouns `(she/her)`, any other parenthesised words (nicknames, maiden names) and nicknames in
    quotes (`Robert "Bob"`) are pulled out;
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
    text = _PARENS.sub(" ", text)
    nicknames += [(m.group(1) or m.group(2)).strip() for m in _QUOTED.finditer(text)]
    nicknames = [n for n in nicknames if n]
    text = _SPACES.sub(" ", _QUOTED.sub(" ", text)).strip()
    credentials: list[str] = []
    affix = ""
    if last and "," in text:
        head, *rest = [p.strip() for p in text.split(",")]
        text = head
        credentials = [p for p in rest if p]
    words = text.split()
    if not words and nicknames:
        # The cell held only a name in quotes or brackets: that is the name.
        words = nicknames[0].split()
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
