"""Identity keys: normalised emails, LinkedIn profile URLs, and the name and organisation keys that
records are matched on (case, accents, punctuation and legal forms ignored)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

import pandas as pd

from coffeechat.identity.frames import _arrow_text, _strings, as_text, by_unique
from coffeechat.identity.names import clean_text

# Legal-form words dropped from organisation keys. Keys hold only letters, digits and single spaces,
# so words are delimited by spaces (not \b, which Arrow's regex engine treats as ASCII-only).
_ORG_SUFFIXES = re.compile(
    r" (?:inc|incorporated|llc|ltd|limited|corp|corporation|co|company|plc|gmbh|ag|sa|lp|llp|the) "
)


# A profile slug: letters (any script), digits, - _ . ~ (decoded, so no % escapes remain).
_SLUG = re.compile(r"[\w.~-]+")


_EMAIL_ADDRESS = r"[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+"


# An address stands alone in its cell or between separators (space , ; < > " '); lookarounds, so
# that `a@x.org;b@y.org` yields both.
_EMAIL_SEARCH = re.compile(rf"(?<![^\s,;<>\"'])({_EMAIL_ADDRESS})(?![^\s,;<>\"'])")


_ONE_EMAIL = re.compile(_EMAIL_ADDRESS)


_PROFILE = r"^(?:https?://)?(?:[a-z0-9-]+\.)*linkedin\.com/in/([^/?#\s]+)"


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


def name_keys(values: pd.Series) -> pd.Series:
    """Comparison keys for names, vectorised: accents, case and punctuation removed.

    `José  GARCÍA` and `jose garcia` share a key; `Mary-Jane O'Neil` becomes `mary jane o neil`.
    """
    return by_unique(values, _name_keys)


def _name_keys(values: pd.Series) -> pd.Series:
    import pyarrow.compute as pc  # here, not at the top: `coffeechat log` never needs it

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
    import pyarrow.compute as pc

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
