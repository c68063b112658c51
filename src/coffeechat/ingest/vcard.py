"""Phone and mail address books as vCard files (.vcf, versions 3 and 4), read with `vobject`.

Each card becomes a row of a small table (name, emails, organisation, title, LinkedIn URL, notes)
that the directory parser then cleans and maps like any address book, so a vCard person merges with
the same person from LinkedIn or a directory. Grouped properties (`item1.URL` with its
`item1.X-ABLabel`, as Apple and Google write them) are read like plain ones.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from coffeechat.errors import InputError
from coffeechat.ingest._csv import Table, decode
from coffeechat.ingest.records import ParsedFile
from coffeechat.kinds import SourceKind

_BEGIN = re.compile(rb"^\s*(?:\xef\xbb\xbf)?BEGIN:VCARD", re.I)
HEADERS = ["Name", "First Name", "Last Name", "Email", "Company", "Title", "LinkedIn", "Notes",
           "Categories"]  # fmt: skip


def is_vcard(data: bytes) -> bool:
    return bool(_BEGIN.match(data[:64]))


def _values(card: object, name: str) -> list[str]:
    contents = getattr(card, "contents", {})
    out = []
    for line in contents.get(name, []):
        value = line.value
        if isinstance(value, list):  # ORG: organisation; unit; ...
            value = value[0] if value else ""
        out.append(str(value or "").strip())
    return [v for v in out if v]


def _categories(card: object) -> list[str]:
    """Every label of a card's CATEGORIES lines (each a list of labels)."""
    labels = []
    for line in getattr(card, "contents", {}).get("categories", []):
        value = line.value
        labels += [str(v).strip() for v in (value if isinstance(value, list) else [value])]
    return [label for label in labels if label]


def _row(card: object) -> dict[str, str]:
    contents = getattr(card, "contents", {})
    first = last = ""
    if "n" in contents:
        n = contents["n"][0].value
        first, last = str(n.given or "").strip(), str(n.family or "").strip()
    emails = _values(card, "email")
    urls = _values(card, "url") + _values(card, "x-socialprofile")
    linkedin = next((u for u in urls if "linkedin.com" in u.lower()), "")
    row = dict(
        zip(
            HEADERS,
            [
                next(iter(_values(card, "fn")), ""),
                first,
                last,
                emails[0] if emails else "",
                next(iter(_values(card, "org")), ""),
                next(iter(_values(card, "title")), ""),
                linkedin,
                next(iter(_values(card, "note")), ""),
                # The user's own labels ("Do not contact"): read as flags by the directory parser.
                " ::: ".join(_categories(card)),
            ],
            strict=True,
        )
    )
    # Further addresses as "Email 2", "Email 3"...: the directory parser adds every email column
    # to the person's other addresses.
    row.update({f"Email {i}": e for i, e in enumerate(emails[1:], start=2)})
    return row


def parse_vcard(data: bytes, name: str, encoding: str | None = None) -> ParsedFile:
    """Every card of a .vcf file as people (see the module docstring)."""
    import vobject

    from coffeechat.ingest import directory

    text, used = decode(data, name=name, encoding=encoding)
    # The line each card starts on, for messages that point into the file.
    starts = [i for i, line in enumerate(text.splitlines(), start=1)
              if line.strip().upper().startswith("BEGIN:VCARD")]  # fmt: skip
    rows, lines = [], []
    try:
        for number, card in enumerate(vobject.readComponents(text)):
            if card.name.upper() != "VCARD":
                continue
            rows.append(_row(card))
            lines.append(starts[number] if number < len(starts) else 0)
    except Exception as exc:  # vobject raises ParseError and others for malformed cards
        at = starts[len(rows)] if len(rows) < len(starts) else "?"
        raise InputError(
            f"a card cannot be read ({exc.__class__.__name__})",
            where=f"{name} line {at}",
            fix="export the contacts again, or remove that card",
        ) from None
    if not rows:
        raise InputError(
            "the file holds no contact cards",
            where=name,
            fix="export your contacts as vCard (.vcf)",
        )
    extra = sorted({k for r in rows for k in r} - set(HEADERS), key=lambda k: int(k.split()[-1]))
    frame = pd.DataFrame(rows, columns=[*HEADERS, *extra], dtype=object).fillna("")
    table = Table(frame, lines, used, "", 1)
    return directory.parse_directory(table, name=name, data=data, kind=SourceKind.VCARD.value)


def write_vcards(people: pd.DataFrame) -> str:
    """People as vCard 3.0 text, one card each: name, emails, organisation, title, LinkedIn URL,
    phone-friendly (every phone and mail app reads 3.0)."""
    import vobject

    from coffeechat import columns as C

    def text(row: Mapping[Any, Any], key: str) -> str:
        value = row.get(key)
        return "" if value is None or value != value else str(value).strip()

    cards = []
    for row in people.to_dict("records"):
        card = vobject.vCard()
        full = text(row, C.FULL_NAME)
        card.add("fn").value = full
        card.add("n").value = vobject.vcard.Name(
            family=text(row, C.LAST_NAME), given=text(row, C.FIRST_NAME) or full
        )
        emails = [text(row, C.EMAIL), *text(row, C.OTHER_EMAILS).split(";")]
        for address in dict.fromkeys(e.strip() for e in emails if e.strip()):
            line = card.add("email")
            line.value = address
            line.type_param = "INTERNET"
        if text(row, C.COMPANY):
            card.add("org").value = [text(row, C.COMPANY)]
        if text(row, C.POSITION):
            card.add("title").value = text(row, C.POSITION)
        if text(row, C.LINKEDIN_URL):
            card.add("url").value = text(row, C.LINKEDIN_URL)
        cards.append(card.serialize())
    return "".join(cards)
