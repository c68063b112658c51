"""The user's profile (coffeechat.toml): who they are, target fields, LAMP employers, pace, weights."""

from __future__ import annotations

import fnmatch
import hashlib
import math
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

from coffeechat.errors import ProfileError
from coffeechat.workdays import default_country

# A target names a career field in a few words; a longer text is a description (or a paste gone
# wrong, which would be quoted whole in every `why`).
TARGET_NAME_LIMIT = 120
LEVELS: tuple[str, ...] = ("student", "entry", "mid", "senior", "lead", "executive")

DEFAULT_WEIGHTS: dict[str, float] = {
    "relevance": 0.35,
    "warmth": 0.15,
    "affinity": 0.10,
    "tie_strength": 0.10,
    "seniority": 0.10,
    "willingness": 0.10,
    "employer": 0.05,
    "freshness": 0.05,
}


@dataclass(frozen=True)
class Target:
    """A career field the user wants to learn about."""

    name: str
    description: str = ""

    def __post_init__(self) -> None:
        # As typed, "UX    research" would be quoted so in every `why`.
        object.__setattr__(self, "name", " ".join(self.name.split()))

    @property
    def text(self) -> str:
        return f"{self.name}. {self.description}".strip(". ")


@dataclass(frozen=True)
class Employer:
    """One row of the LAMP list: motivation 0-3, posting 1-3."""

    name: str
    motivation: int = 1
    posting: int = 1


@dataclass(frozen=True)
class SourceSetting:
    """What the profile says of files of one name: everyone in a directory so named is an alum
    of `school` (its own school column, where filled, wins)."""

    file: str  # a file name or a glob ("alumni*.csv"), matched case-insensitively
    school: str = ""

    def applies_to(self, path: str) -> bool:
        return fnmatch.fnmatch(PurePath(path).name.lower(), self.file.lower())


@dataclass(frozen=True)
class Pace:
    employers_at_once: int = 5
    contacts_per_employer: int = 2
    requests_per_week: int = 5
    # Where nobody you know works at an employer on your list, ask someone for an introduction.
    introductions: bool = True
    # Students a volunteer takes when their directory does not say (None: no limit).
    volunteer_capacity: int | None = None


@dataclass(frozen=True)
class Profile:
    """Everything coffeechat knows about its user, read from coffeechat.toml."""

    name: str = ""
    # A sentence or two about the user, for the paragraph an introducer forwards.
    about: str = ""
    emails: tuple[str, ...] = ()
    location: str = ""
    # Public holidays of this country are not business days (ISO code; default: the locale's).
    country: str = "US"
    schools: tuple[str, ...] = ()
    past_employers: tuple[str, ...] = ()
    level: str = "student"
    targets: tuple[Target, ...] = ()
    employers: tuple[Employer, ...] = ()
    pace: Pace = field(default_factory=Pace)
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    sources: tuple[SourceSetting, ...] = ()

    def school_for(self, path: str) -> str:
        """The school the profile gives everyone in this file ('' when none)."""
        return next((s.school for s in self.sources if s.school and s.applies_to(path)), "")


def template_text() -> str:
    """The commented profile template that `coffeechat init` writes."""
    return resources.files("coffeechat").joinpath("templates/profile.toml").read_text("utf-8")


def fingerprint(path: Path) -> str:
    """A digest of the profile file's bytes ('' when there is none): caches of anything ranked
    with it are keyed by it."""
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; a missing file gives an empty profile."""
    if not path.exists():
        return Profile()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(
            f"the profile is not valid TOML ({exc})",
            where=str(path),
            fix="fix the line named or run `coffeechat init` in a new folder for a template",
        ) from None
    except UnicodeDecodeError:
        raise ProfileError(
            "the profile is not UTF-8 text", where=str(path), fix="save it as UTF-8"
        ) from None
    return profile_from_dict(data, source=str(path))


# Every key the profile reads, by table: anything else is a typo to point at, not to ignore.
KNOWN_KEYS: dict[str, tuple[str, ...]] = {
    "": ("me", "targets", "employers", "sources", "pace", "weights"),
    "me": ("name", "about", "emails", "location", "country", "schools", "past_employers",
           "level"),
    "targets": ("name", "description"),
    "employers": ("name", "motivation", "posting"),
    "sources": ("file", "school"),
    "pace": ("employers_at_once", "contacts_per_employer", "requests_per_week", "introductions",
             "volunteer_capacity"),
    "weights": tuple(DEFAULT_WEIGHTS),
}  # fmt: skip


def _check_keys(table: dict[str, Any], section: str, source: str) -> None:
    import difflib

    for key in table:
        if key not in KNOWN_KEYS[section]:
            close = difflib.get_close_matches(key, KNOWN_KEYS[section], n=1)
            where = f"{source} [{section}]" if section else source
            raise ProfileError(
                f"unknown key '{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""),
                where=where,
                fix=f"use one of {', '.join(KNOWN_KEYS[section])}",
            )


def _strings(table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    """A list of text values; one text value counts as a list of one."""
    value = table.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(
            f"'{key}' must be a list of text values, not {value!r}",
            where=where,
            fix=f'write e.g. {key} = ["..."]',
        )
    return tuple(v for v in value if v.strip())


def _string(table: dict[str, Any], key: str, where: str) -> str:
    value = table.get(key, "")
    if not isinstance(value, str):
        raise ProfileError(
            f"'{key}' must be text, not {value!r}", where=where, fix=f'write {key} = "..."'
        )
    return value


def profile_from_dict(data: dict[str, Any], *, source: str = "profile") -> Profile:
    """Build a Profile from parsed TOML, naming the key at fault when a value is wrong."""
    _check_keys(data, "", source)
    me = _table(data, "me", source)
    _check_keys(me, "me", source)
    for key in ("name", "about", "location", "level", "country"):
        _string(me, key, f"{source} [me]")
    for section in ("targets", "employers", "sources"):
        for entry in _array(data, section, source):
            _check_keys(entry, section, source)
    for section in ("pace", "weights"):
        _check_keys(_table(data, section, source), section, source)
    level = str(me.get("level", "student")).lower()
    if level not in LEVELS:
        raise ProfileError(
            f"unknown level '{level}'",
            where=f"{source} [me] level",
            fix=f"use one of {', '.join(LEVELS)}",
        )
    targets = tuple(
        Target(
            name=_text(t, "name", f"{source} [[targets]]"),
            description=_string(t, "description", f"{source} [[targets]]"),
        )
        for t in _array(data, "targets", source)
    )
    for target in targets:
        if len(target.name) > TARGET_NAME_LIMIT:
            raise ProfileError(
                f"a target's name is {len(target.name)} characters long",
                where=f"{source} [[targets]] name = '{target.name[:30]}...'",
                fix=f"name the field in a few words (at most {TARGET_NAME_LIMIT} characters)"
                ' and put the rest in description = "..."',
            )
    employers = tuple(
        Employer(
            name=_text(e, "name", f"{source} [[employers]]"),
            motivation=_int_in(e, "motivation", 0, 3, 1, f"{source} [[employers]] {e.get('name')}"),
            posting=_int_in(e, "posting", 1, 3, 1, f"{source} [[employers]] {e.get('name')}"),
        )
        for e in _array(data, "employers", source)
    )
    sources = tuple(
        SourceSetting(
            file=_text(t, "file", f"{source} [[sources]]"), school=str(t.get("school", "")).strip()
        )
        for t in _array(data, "sources", source)
    )
    pace_t = _table(data, "pace", source)
    pace = Pace(
        employers_at_once=_int_in(pace_t, "employers_at_once", 1, 50, 5, f"{source} [pace]"),
        contacts_per_employer=_int_in(pace_t, "contacts_per_employer", 1, 5, 2, f"{source} [pace]"),
        requests_per_week=_int_in(pace_t, "requests_per_week", 1, 100, 5, f"{source} [pace]"),
        introductions=_bool(pace_t, "introductions", True, f"{source} [pace]"),
        volunteer_capacity=(
            _int_in(pace_t, "volunteer_capacity", 0, 100, 1, f"{source} [pace]")
            if "volunteer_capacity" in pace_t
            else None
        ),
    )
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in _table(data, "weights", source).items():
        if key not in DEFAULT_WEIGHTS:
            raise ProfileError(
                f"unknown ranking weight '{key}'",
                where=f"{source} [weights]",
                fix=f"use any of {', '.join(DEFAULT_WEIGHTS)}",
            )
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
            or value < 0
        ):
            raise ProfileError(
                f"weight '{key}' must be a non-negative number, not {value!r}",
                where=f"{source} [weights]",
                fix="write e.g. relevance = 0.35",
            )
        weights[key] = float(value)
    if not any(weights.values()):
        raise ProfileError(
            "every ranking weight is 0: nobody could be ranked",
            where=f"{source} [weights]",
            fix="give at least one weight a positive value, e.g. relevance = 0.35",
        )
    return Profile(
        name=str(me.get("name", "")),
        about=" ".join(str(me.get("about", "")).split()),
        emails=tuple(e.strip().lower() for e in _strings(me, "emails", f"{source} [me]")),
        location=str(me.get("location", "")),
        country=_country(me, source),
        schools=_strings(me, "schools", f"{source} [me]"),
        past_employers=_strings(me, "past_employers", f"{source} [me]"),
        sources=sources,
        level=level,
        targets=targets,
        employers=employers,
        pace=pace,
        weights=weights,
    )


def _country(me: dict[str, Any], source: str) -> str:
    value = str(me.get("country", "") or "").strip().upper()
    if not value:
        return default_country()
    if len(value) != 2 or not value.isalpha():
        raise ProfileError(
            f"country '{me.get('country')}' is not a two-letter code",
            where=f"{source} [me] country",
            fix='write e.g. country = "US" or country = "GB"',
        )
    return value


def _table(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ProfileError(f"[{key}] must be a table", where=source, fix=f"write it as [{key}]")
    return value


def _array(data: dict[str, Any], key: str, source: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ProfileError(
            f"{key} must be a list of tables", where=source, fix=f"write each one as [[{key}]]"
        )
    return value


def _text(table: dict[str, Any], key: str, where: str) -> str:
    raw = table.get(key, "")
    if not isinstance(raw, str):
        raise ProfileError(
            f"'{key}' must be text, not {raw!r}", where=where, fix=f'write {key} = "..."'
        )
    value = raw.strip()
    if not value:
        raise ProfileError(f"'{key}' is missing or empty", where=where, fix=f'add {key} = "..."')
    return value


def _bool(table: dict[str, Any], key: str, default: bool, where: str) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise ProfileError(
            f"'{key}' must be true or false, not {value!r}",
            where=where,
            fix=f"write {key} = {'true' if default else 'false'}",
        )
    return value


def _int_in(table: dict[str, Any], key: str, low: int, high: int, default: int, where: str) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ProfileError(
            f"'{key}' must be a whole number from {low} to {high}, not {value!r}",
            where=where,
            fix=f"write e.g. {key} = {default}",
        )
    return value
