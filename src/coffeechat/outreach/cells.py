"""The text of a workbook cell: how it is read (dates, meeting times), compared between a write and
the file (normalised text, hashes of long cells) and kept (notes merged by lines).

Pure functions, shared by reading a workbook back (`outreach.workbook`) and by deciding what its
edits change (`outreach.tracking`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import date, datetime, time

import pandas as pd

from coffeechat.dates import parse_dates
from coffeechat.outreach.xlsx_safe import shown

# Columns the user added to the Plan sheet ("Phone", "Referred by"): kept per person as fields of
# the outreach history under this prefix ("column Phone"), and written back on every re-plan.
OWN = "column "


# Plan cells coffeechat fills in and does not read back for a row it wrote (Why, Next due, Email,
# and the name, employer and position of someone already known): a write remembers a hash of each
# under this prefix, so that something typed there is noticed and kept in the notes rather than
# replaced by the next plan without a word.
FILLED = "filled "


def filled_text(value: object) -> str:
    """A filled-in cell as compared between a write and a file: a date as its day (a time only when
    it has one), a whole number without a trailing '.0', text as `normal_text`."""
    if is_missing(value):
        return ""
    if isinstance(value, datetime):  # pandas Timestamps too
        return value.date().isoformat() if value.time() == time(0) else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normal_text(value)


def own_fields(names: Iterable[str]) -> list[str]:
    """The fields of the user's own columns among these names, in their order."""
    return [n for n in names if n.startswith(OWN)]


def parse_day(value: object) -> date | None:
    """A cell or option value as a date: date objects, ISO text or M/D/YYYY; None if empty.

    Raises ValueError with the text when it cannot be read.
    """
    if value is None or value == "":
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text:
        return None
    if len(text) == 10 and text[4] == "-":
        # The store's own ISO days (most calls): read directly, not through a one-row frame.
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    parsed = parse_dates(pd.Series([text])).iloc[0]
    if not parsed:
        raise ValueError(text)
    return date.fromisoformat(parsed)


# A time of day at the end of a meeting cell: 16:00, 4:30 pm, 4pm, 9 a.m. (a bare number is no time).
_CLOCK = re.compile(
    r"(?:^|[\sT,@]|\bat\s)(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::\d{2})?\s*(?P<ap>[ap]\.?m\.?)?$", re.I
)


def parse_meeting(value: object) -> str:
    """A meeting cell as `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`; '' if empty; ValueError otherwise.

    The day is read as `parse_day` reads it ("2026-12-03", "12/3/2026", "Dec 3, 2026") and may be
    followed by a time ("16:00", "4:30 pm", "at 4pm")."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        return meeting_text(value.date(), value.time())
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    if not text:
        return ""
    day_text, at = text, None
    clock = _CLOCK.search(text)
    if clock and (clock["m"] or clock["ap"]):
        hour, minute = int(clock["h"]), int(clock["m"] or 0)
        ap = (clock["ap"] or "").lower().replace(".", "")
        if ap and not 1 <= hour <= 12:
            raise ValueError(text)
        hour = hour % 12 + (12 if ap == "pm" else 0) if ap else hour
        try:
            at = time(hour, minute)
        except ValueError:
            raise ValueError(text) from None
        day_text = re.sub(r"(?:\s+at|,|\s+@)$", "", text[: clock.start()].rstrip(" ,T@")).strip()
    if at is None and re.fullmatch(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}\s+\d{1,2}", day_text):
        raise ValueError(text)  # "2026-12-03 4": 4 o'clock in the morning or the afternoon?
    day = parse_day(day_text)
    if day is None:
        raise ValueError(text)
    return meeting_text(day, at)


def meeting_text(day: date, at: time | None) -> str:
    if at is None or (at.hour, at.minute) == (0, 0):
        return day.isoformat()
    return f"{day.isoformat()} {at.hour:02d}:{at.minute:02d}"


def meeting_day(text: str) -> date | None:
    return date.fromisoformat(text[:10]) if text else None


def iso_day(day: date | None) -> str:
    return day.isoformat() if day else ""


def normal_text(value: object) -> str:
    """Cell text as compared between a write and a file: as a cell holds it (see `shown`), line
    endings unified, outer space gone."""
    if is_missing(value):
        return ""
    text = shown(str(value)).replace("\r\n", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


def is_missing(value: object) -> bool:
    """None, NaN or NaT: missing, however pandas spells it."""
    if value is None or isinstance(value, str) or not pd.api.types.is_scalar(value):
        return value is None
    return bool(pd.isna(value))  # type: ignore[call-overload]


def day_text(value: object) -> str:
    """A date cell as `YYYY-MM-DD` ('' if missing), whatever type pandas gave it."""
    if is_missing(value):
        return ""
    if isinstance(value, datetime):  # pandas Timestamps too
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return normal_text(value)


def text_hash(text: str) -> str:
    """Drafts and answers are long: a write remembers their hash, not the text."""
    return "#" + hashlib.sha256(normal_text(text).encode("utf-8")).hexdigest()[:16]


def shown_short(text: str, limit: int = 60) -> str:
    """A cell's text on one line of a report."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 3] + "..."


def merge_notes(base: str, *, newer: str, older: str) -> str:
    """Notes changed on two sides since `base`, merged by lines: the newer text in its order,
    without the lines the older side deleted, then the lines the older side added. What either side
    typed stays, and what either side deleted stays deleted."""

    def lines(text: str) -> list[str]:
        return [ln.strip() for ln in text.splitlines() if ln.strip()]

    was, theirs = set(lines(base)), set(lines(older))
    deleted = was - theirs
    kept = [ln for ln in lines(newer) if ln not in deleted]
    added = [ln for ln in dict.fromkeys(lines(older)) if ln not in was and ln not in kept]
    merged = "\n".join([*kept, *added])
    return newer if merged == "\n".join(lines(newer)) else merged
