"""The registry of input formats. A format is one entry: its kind (and so its family), how to tell a
single CSV of it from its header row, how to parse it, and the LinkedIn archive member it is. The
built-in formats register here like any other (see the bottom of `linkedin.py` and
`directory.py`); adding one touches one module plus its test."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from coffeechat.ingest._csv import header_key
from coffeechat.ingest.records import ParsedFile
from coffeechat.kinds import family

Parser = Callable[[bytes, str, str | None], ParsedFile]  # (data, display name, encoding)


@dataclass(frozen=True)
class Format:
    kind: str
    parse: Parser
    sniff: Callable[[list[str]], bool] | None = None  # does this header row start such a file?
    member: str = ""  # header_key of the LinkedIn archive file stem, if it is a member

    @property
    def family(self) -> str:
        return family(self.kind)


FORMATS: dict[str, Format] = {}


def register(fmt: Format) -> Format:
    """Add a format; registration order is the order archive members are stored in (connections
    first, so messages and invitations can join to them)."""
    FORMATS[fmt.kind] = fmt
    return fmt


def member_order() -> list[str]:
    return [f.kind for f in FORMATS.values() if f.member]


def member_kind(filename: str) -> str | None:
    """The kind of a LinkedIn archive member from its file name, or None to ignore it."""
    stem = re.sub(r"\.csv$", "", filename.rsplit("/", 1)[-1], flags=re.I)
    key = header_key(stem).replace("phone numbers", "phonenumbers")
    for fmt in FORMATS.values():
        if fmt.member and fmt.member == key:
            return fmt.kind
    return None


def sniffers() -> list[tuple[str, Callable[[list[str]], bool]]]:
    """(kind, header predicate) for every format a single CSV can be recognised as."""
    return [(f.kind, f.sniff) for f in FORMATS.values() if f.sniff is not None]
