"""Safety flags in directories and address books: do not contact, deceased and lost, however a file
says them. A column named for one (`isLocalDoNotContact`, `Email Opt Out`), a permission column or
a form's question read the other way round (`OK to contact`, "Are you happy to be contacted by
students?"), a yes-or-no willingness to talk with students, an address book's labels, and a coded
column that says it by value ("Record Status: Deceased"). Dropping one of these is the worst thing
an import can do: a column that looks like a restriction but cannot be read as one stops the
import until the user says what it means (`--map`)."""

from __future__ import annotations

import re

import pandas as pd

from coffeechat import columns as C
from coffeechat.errors import InputError
from coffeechat.identity.frames import map_unique
from coffeechat.ingest._csv import header_key

# Safety flags. A header that reads as one of these phrases (as whole words, after any prefix or
# suffix: `isLocalDoNotContact`, `Do_Not_Contact__c`, `Email Opt Out`) sets the flag; several such
# columns add up. Dropping one of these is the worst thing an import can do, so a header that looks
# like a contact restriction but says nothing of its direction stops the import instead.
SAFETY_PHRASES: dict[str, tuple[str, ...]] = {
    C.DO_NOT_CONTACT: (
        "do not contact", "dnc", "no contact", "do not email", "do not mail", "do not call",
        "do not solicit", "no solicitation", "opt out", "opted out", "optout", "unsubscribe",
        "unsubscribed", "no email", "no mail", "dont contact", "don t contact", "suppress",
        "suppressed", "do not reach out", "don t reach out", "do not disturb", "no outreach",
        "no students", "exclude from", "excluded from", "hide from", "hidden from",
        "do not share", "block list", "blocklist", "blocked",
    ),
    C.DECEASED: ("deceased", "date of death", "death date", "died", "passed away", "is dead"),
    C.LOST: ("lost", "lost contact", "bad address", "undeliverable", "address unknown"),
    # Yes means they may be contacted; no means do not contact.
    "contact_ok": (
        "ok to contact", "okay to contact", "may contact", "can contact", "contactable",
        "consent to contact", "permission to contact", "allow contact", "contact allowed",
        "contact ok", "contact okay", "contact permitted", "allowed to contact", "reachable",
        "student contact", "students may", "contact by students",
    ),
}  # fmt: skip
# Permission words that mean contact permission only beside a word about contacting
# (`Email Opt In`, `Contact Consent`; not `Photo Consent`).
_PERMISSION = ("opt in", "opted in", "consent", "permission", "subscribed", "subscription")
_UNCLEAR_SUBJECT = re.compile(
    r"\b(contact|contacts|email|e mail|mail|mailing|mailings|communication|communications|"
    r"solicitation|outreach)\b"
)
# Words that make a permission-like header say nothing of its direction ("Student contact
# restriction"): it is no permission column, and `unclear_restriction` stops the import.
_RESTRICTION_WORDS = re.compile(r"\b(restriction|restrictions|restricted|preference|preferences)\b")
_UNCLEAR_KIND = re.compile(
    r"\b(preference|preferences|restriction|restrictions|restricted|status|flag|flags|"
    r"permission|permissions)\b"
)
# A yes-or-no willingness to talk with students: permission to contact that also makes a volunteer.
OFFER = "offers_to_talk"
# Fields `--map` accepts beyond the synonyms: drop a column, or read it as permission to contact.
EXTRA_MAP_FIELDS = ("ignore", "contact_ok", C.OTHER_EMAILS)


# A form's question about being contacted ("Are you happy to be contacted by students?", "May
# students reach out to you?"): a yes means they may be, a no that they may not.
_BEING_CONTACTED = re.compile(
    r"\b(be contacted|being contacted|contacted by|contact you|contact me|reach out to you|"
    r"reach out to me|hear from students|students reach out|students contact)\b"
)
# A yes-or-no question about talking with students ("Would you be willing to speak with
# students?", "Happy to help?"): a yes offers it (a volunteer), a no keeps the person out.
_WILLING_TO_TALK = re.compile(
    r"\b(willing|happy|open|available|glad|able|interested)\b.*\b(speak|talk|meet|chat|help|"
    r"mentor|volunteer|informational interviews?|coffee chats?|conversations?)\b"
)
# The same question asked the other way round ("Would you prefer not to be contacted?").
_NEGATED = re.compile(
    r"\b(not|never|dont|don t)\b(?:\s+\w+){0,3}?\s+(contact|contacted|contacting|reach|hear)\b"
)
# A flag cell that says yes or no.
TRUE = {"y", "yes", "true", "1", "x", "t"}
FALSE = {"n", "no", "false", "0", "f"}
# The first word of an answer that says yes or no ("Yes, by email", "Not this year").
_YES_WORDS = TRUE | {"ok", "okay", "sure", "happy", "absolutely", "definitely", "certainly", "yep",
                     "yeah"}  # fmt: skip
_NO_WORDS = FALSE | {"not", "never", "nope", "rather"}


def asks_about_being_contacted(header: str) -> bool:
    """A question-like header asking whether the person may be contacted (see `_BEING_CONTACTED`)."""
    return bool(_BEING_CONTACTED.search(header_key(header)))


def _first_word(value: str) -> str:
    words = re.findall(r"[a-z0-9]+", str(value or "").lower())
    return words[0] if words else ""


def bare_answer(value: str) -> str:
    """'yes' or 'no' for a cell that is only an answer ("No", "Yes!", "None", "Not at this time"),
    '' for anything else (a topic, or empty)."""
    words = re.findall(r"[a-z0-9/]+", str(value or "").lower())
    if not words:
        return ""
    if words[0] in _NO_WORDS | {"none", "n/a", "na"} and len(words) <= 4:
        return "no"
    if words[0] in _YES_WORDS and len(words) == 1:
        return "yes"
    return ""


def offers_to_talk(header: str) -> bool:
    """A question-like header asking whether the person will talk with students (a yes-or-no
    willingness, not the topics they help with)."""
    return bool(_WILLING_TO_TALK.search(header_key(header)))


def answers_yes_or_no(values: pd.Series, *, strict: bool = False) -> bool:
    """Whether a column's answers say yes or no (at least four in five of those given; every one
    with `strict`, where a column of topics must not be taken for one of answers)."""
    given = values.fillna("").astype(str).str.strip()
    given = given[given.ne("")]
    if given.empty:
        return not strict
    firsts = map_unique(given, _first_word)
    share = float(firsts.isin(_YES_WORDS | _NO_WORDS).mean())
    return share == 1.0 if strict else share >= 0.8


def safety_field(header: str) -> str | None:
    """The safety flag a header stands for ('contact_ok' for permission columns), or None."""
    key = header_key(header)

    def says(phrases: tuple[str, ...]) -> bool:
        return any(re.search(rf"\b{re.escape(phrase)}\b", key) for phrase in phrases)

    if _NEGATED.search(key):
        return C.DO_NOT_CONTACT  # "Prefer not to be contacted?", "Not OK to contact": yes = do not
    for field in (C.DO_NOT_CONTACT, C.DECEASED, C.LOST):
        if says(SAFETY_PHRASES[field]):
            return field
    permission = says(SAFETY_PHRASES["contact_ok"]) or (
        says(_PERMISSION) and bool(_UNCLEAR_SUBJECT.search(key))
    )
    if permission and not _RESTRICTION_WORDS.search(key):
        return "contact_ok"
    return None  # ("Student contact restriction": `unclear_restriction` stops the import)


def unclear_restriction(header: str) -> bool:
    """A header about contacting people whose direction cannot be told (`Contact Preference`)."""
    key = header_key(header)
    return bool(_UNCLEAR_SUBJECT.search(key) and _UNCLEAR_KIND.search(key))


def override_for(overrides: dict[str, str], header: str) -> str | None:
    key = header_key(header)
    for given, field in overrides.items():
        if header_key(given) == key:
            return field
    return None


def safety_columns(frame: pd.DataFrame, overrides: dict[str, str], where: str) -> dict[str, str]:
    """header -> flag field ('contact_ok' for permission columns) for every safety column, the
    user's `--map` first. A column that looks like a contact restriction but cannot be read as one
    stops the import: silently dropping it could plan someone who asked not to be contacted."""
    found: dict[str, str] = {}
    flags = {*C.PERSON_FLAG_FIELDS, "contact_ok"}
    for header in [str(h) for h in frame.columns]:
        chosen = override_for(overrides, header)
        if chosen is not None:
            if chosen in flags:
                found[header] = chosen
            continue
        field = safety_field(header)
        asked = field is None and asks_about_being_contacted(header)
        if asked and answers_yes_or_no(frame[header]):
            found[header] = "contact_ok"  # a form's "Happy to be contacted by students?"
        elif field is not None:
            found[header] = field
        elif offers_to_talk(header) and answers_yes_or_no(frame[header], strict=True):
            found[header] = OFFER  # "Willing to speak with students?" Yes / No
        elif asked or unclear_restriction(header):
            raise InputError(
                f"the column '{header}' looks like a contact restriction, but its values cannot be"
                " read as one",
                where=f"{where} column '{header}'",
                fix=f"pass --map '{header}=do_not_contact' (a yes means do not contact),"
                f" --map '{header}=contact_ok' (a yes means they may be contacted)"
                f" or --map '{header}=ignore'",
            )
    return found


# A cell that grants permission in words ("Opted in", "Subscribed", "Consent given"), not negated.
_GRANTED = re.compile(
    r"^(?!.*\b(not|never|no|withdrawn|revoked)\b).*\b(opted in|opt in|subscribed|granted|allowed|"
    r"consented|consent given|permitted|ok to contact)\b"
)


def _restriction(value: str) -> int | None:
    """A cell of a restriction column: clearly no ("No", "Opted in") -> 0; empty -> unknown;
    anything else (yes, a date, a reason such as 'requested 2024') -> 1. When in doubt, do not
    contact."""
    text = str(value or "").strip().lower()
    if not text or text in ("na", "n/a", "null", "none", "unknown"):
        return None
    if text in FALSE or _first_word(text) in ("no", "n", "false") or _GRANTED.search(text):
        return 0
    return 1


def permits(value: str) -> int | None:
    """A cell of a permission column as do-not-contact: clearly yes ("Yes", "Yes, by email",
    "Happy to", "Opted in") -> 0, empty -> unknown, anything else -> 1."""
    text = str(value or "").strip().lower()
    if not text or text in ("na", "n/a", "null", "none", "unknown"):
        return None
    yes = text in TRUE or _first_word(text) in _YES_WORDS or _GRANTED.search(text)
    return 0 if yes else 1


# The columns of an address book that hold the user's own labels for a contact (Google's `Labels`
# and `Group Membership`, Outlook's `Categories`, a vCard's CATEGORIES).
LABEL_COLUMNS = frozenset({"labels", "group membership", "categories"})
_LABEL_SEPARATOR = re.compile(r"\s*(?::::|;|\|)\s*")


# A coded column holds few distinct values ("Active", "Deceased", "Do Not Solicit"); one with more
# is free text or ids, and is not read for flags.
_CODES_AT_MOST = 1_000
_CODE_WORDS_AT_MOST = 5


def _labels_flag(cell: str) -> tuple[str, ...]:
    """The safety flags a cell of labels or codes sets ("* myContacts ::: Do not contact",
    "Deceased", "Do Not Email; Do Not Call"): each short label that reads as one."""
    found = []
    for label in _LABEL_SEPARATOR.split(str(cell or "")):
        field = _code_field(header_key(label.strip(" *")))
        if field is not None:
            found.append(field)
    return tuple(found)


def _code_field(key: str) -> str | None:
    """The flag a short label or code says ("Do Not Email", "Deceased 2019", "Lost touch"): one of
    the flag's phrases and at most two words more. Prose that only mentions one ("Lost the 2019
    election") says none."""
    size = len(key.split())
    if not size or size > _CODE_WORDS_AT_MOST:
        return None
    for field in (C.DO_NOT_CONTACT, C.DECEASED, C.LOST):
        for phrase in SAFETY_PHRASES[field]:
            if size <= len(phrase.split()) + 2 and re.search(rf"\b{re.escape(phrase)}\b", key):
                return field
    return None


# Any flag phrase, as one pattern: what a note must hold to be read as a code at all.
_ANY_FLAG = re.compile(
    "|".join(
        rf"\b{re.escape(phrase)}\b"
        for field in (C.DO_NOT_CONTACT, C.DECEASED, C.LOST)
        for phrase in sorted(SAFETY_PHRASES[field], key=len, reverse=True)
    ),
    re.I,
)


def value_flags(
    frame: pd.DataFrame, headers: list[str], *, notes: list[str] | None = None
) -> tuple[dict[str, pd.Series], list[str]]:
    """Flags set by value in these columns: an address book's labels, or a directory's coded
    column ("Record Status: Deceased", "Solicit Codes: Do Not Contact"); and in `notes`, a note
    that is only a code ("DNC per request"). Each flag per row, and the columns that set any."""
    out: dict[str, pd.Series] = {}
    used = []
    for header in [*headers, *(notes or [])]:
        values = frame[header].fillna("").astype(str)
        if header in (notes or []):
            # Notes are mostly distinct: only the short ones that hold a flag's phrase are read.
            short = values.str.len().le(60) & values.str.contains(_ANY_FLAG)
            values = values.where(short, "")
        elif values.nunique() > _CODES_AT_MOST:
            continue
        found = map_unique(values, _labels_flag)
        if not found.map(bool).any():
            continue
        used.append(header)
        for flag in (C.DO_NOT_CONTACT, C.DECEASED, C.LOST):
            hit = found.map(lambda flags, f=flag: f in flags).astype(bool)
            out[flag] = out[flag] | hit if flag in out else hit
    return {flag: hit for flag, hit in out.items() if hit.any()}, used


def safety_values(frame: pd.DataFrame, safety: dict[str, str]) -> dict[str, pd.Series]:
    """Each flag from its columns: flagged if any column flags the person, clear if every column
    that says something says no, unknown otherwise."""
    out: dict[str, pd.Series] = {}
    for header, field in safety.items():
        permission = field in ("contact_ok", OFFER)
        flag = C.DO_NOT_CONTACT if permission else field
        read = permits if permission else _restriction
        values = map_unique(frame[header].fillna("").astype(str), read)
        values = pd.to_numeric(values, errors="coerce")
        out[flag] = (
            values if flag not in out else pd.concat([out[flag], values], axis=1).max(axis=1)
        )
    return {
        flag: values.astype(object)
        .where(values.notna(), None)
        .map(lambda v: None if v is None else int(v))
        for flag, values in out.items()
    }
