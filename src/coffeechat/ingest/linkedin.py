"""LinkedIn "Get a copy of your data" archives: the ZIP, the unpacked folder or any single CSV."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.dates import parse_dates
from coffeechat.identity.keys import normalize_email, normalize_profile_urls
from coffeechat.identity.names import clean_name, clean_text
from coffeechat.ingest._csv import header_key, read_table
from coffeechat.ingest.formats import Format, Parser, register
from coffeechat.ingest.records import ParsedFile, people_frame, sha256, unread_dates
from coffeechat.kinds import SourceKind

_FIELD_BY_HEADER = {
    "first name": C.FIRST_NAME,
    "last name": C.LAST_NAME,
    "url": C.LINKEDIN_URL,
    "email address": C.EMAIL,
    "company": C.COMPANY,
    "position": C.POSITION,
    "connected on": C.CONNECTED_ON,
}


def _columns(frame: pd.DataFrame) -> dict[str, str]:
    return {header_key(c): c for c in frame.columns}


def _get(frame: pd.DataFrame, cols: dict[str, str], *keys: str) -> pd.Series:
    for key in keys:
        if key in cols:
            return frame[cols[key]].fillna("").astype(str)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def parse_connections(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Connections.csv of any era: header found by content, columns mapped by name."""
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=lambda f: [header_key(x) for x in f[:2]] == ["first name", "last name"],
        expected="'First Name,Last Name,...' header",
    )
    frame = table.frame
    cols = _columns(frame)
    raw = pd.DataFrame({field: _get(frame, cols, key) for key, field in _FIELD_BY_HEADER.items()})
    parsed = ParsedFile(kind=SourceKind.LINKEDIN_CONNECTIONS, name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(raw)
    people = people_frame(raw, table.lines, parsed.warnings)
    people[C.CONNECTED_ON] = parse_dates(raw[C.CONNECTED_ON]).to_numpy()
    parsed.warnings += unread_dates(raw[C.CONNECTED_ON], people[C.CONNECTED_ON], table.lines,
                                    "Connected On")  # fmt: skip
    blank = (people[C.FULL_NAME] == "") & (people[C.LINKEDIN_URL] == "")
    parsed.skipped = [
        (line, "blank identity (a deleted or private member)")
        for line in people.loc[blank, C.SOURCE_ROW]
    ]
    parsed.people = people[~blank].reset_index(drop=True)
    return parsed


def is_messages_header(fields: list[str]) -> bool:
    keys = {header_key(f) for f in fields}
    return {"from", "to", "date"} <= keys and ("content" in keys or "subject" in keys)


def parse_messages(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """messages.csv of any era to one interaction per message and counterpart.

    Drafts, sponsored conversations and empty messages are dropped. The user's own profile URL is the
    one present in the most conversations; group messages count once per recipient profile URL.
    """
    table = read_table(
        data, name=name, encoding=encoding, is_header=is_messages_header, expected="messages header"
    )
    frame = table.frame
    cols = _columns(frame)
    parsed = ParsedFile(kind=SourceKind.LINKEDIN_MESSAGES, name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(frame)
    sender = _get(frame, cols, "from").map(clean_text)
    sender_url = normalize_profile_urls(_get(frame, cols, "sender profile url"))
    recipients = _get(frame, cols, "recipient profile urls")
    content = _get(frame, cols, "content").str.strip()
    draft = _get(frame, cols, "is message draft").str.strip().str.lower().eq("yes")
    sponsored = _get(frame, cols, "conversation title").str.contains("Sponsored", regex=False) | (
        sender.eq("LinkedIn Member") & sender_url.eq("")
    )
    when = parse_dates(_get(frame, cols, "date"), with_time=True)
    lines = pd.Series(table.lines, index=frame.index)
    reasons = [
        (draft, "draft"),
        (sponsored, "sponsored conversation"),
        (content.eq(""), "empty message"),
        (sender.eq(""), "no sender"),
        (when.eq(""), "date does not parse"),
    ]
    keep = pd.Series(True, index=frame.index)
    for mask, reason in reasons:
        hit = keep & mask
        parsed.skipped.extend((int(line), reason) for line in lines[hit])
        keep &= ~mask
    # Recipient URLs hold no commas, so a cell of several is split on them (names cannot be).
    pieces = recipients.str.split(",").explode()
    normalised = normalize_profile_urls(pieces.fillna(""))
    recipient_urls = normalised[normalised.ne("")].groupby(level=0).agg(list).reindex(frame.index)
    recipient_urls = recipient_urls.map(lambda v: v if isinstance(v, list) else [])
    if sender_url.ne("").any():
        counts = pd.concat(
            [sender_url[sender_url.ne("")], recipient_urls.explode().dropna()]
        ).value_counts()
        owner_url = str(counts.index[0]) if len(counts) else ""
        out = sender_url.eq(owner_url)
        # 2021 to early 2023 exports have no recipient URLs: whom the user wrote to is known from
        # who else wrote in the same conversation.
        conversation = _get(frame, cols, "conversation id")
        others = (
            sender_url[~out & sender_url.ne("")]
            .groupby(conversation[~out & sender_url.ne("")])
            .agg(lambda u: sorted(set(u)))
        )
        to_names = _get(frame, cols, "to").map(clean_text)
        rows = []
        for idx in frame.index[keep]:
            if out[idx]:
                targets = recipient_urls[idx] or others.get(conversation[idx], [])
                if not targets:
                    rows.append(("", to_names[idx], "message", "out", when[idx]))
                for url in targets:
                    if url != owner_url:
                        rows.append((url, "", "message", "out", when[idx]))
            else:
                rows.append((sender_url[idx], sender[idx], "message", "in", when[idx]))
        parsed.owner = {"profile_urls": [owner_url]} if owner_url else {}
    else:
        # 2018-2020 exports carry names only, and a Direction column.
        direction = _get(frame, cols, "direction").str.upper()
        to = _get(frame, cols, "to").map(clean_text)
        rows = [
            (
                "",
                to[i] if direction[i] == "OUTGOING" else sender[i],
                "message",
                "out" if direction[i] == "OUTGOING" else "in",
                when[i],
            )
            for i in frame.index[keep]
        ]
    parsed.interactions = pd.DataFrame(
        rows, columns=["profile_url", "name", "kind", "direction", "occurred_at"]
    )
    return parsed


def is_invitations_header(fields: list[str]) -> bool:
    return {"from", "to", "sent at", "direction"} <= {header_key(x) for x in fields}


def parse_invitations(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Invitations.csv: one interaction per invitation sent or received."""
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=is_invitations_header,
        expected="invitations header",
    )
    frame = table.frame
    cols = _columns(frame)
    parsed = ParsedFile(kind=SourceKind.LINKEDIN_INVITATIONS, name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(frame)
    outgoing = _get(frame, cols, "direction").str.upper().str.strip().eq("OUTGOING")
    other_url = _get(frame, cols, "invitee profile url").where(
        outgoing, _get(frame, cols, "inviter profile url")
    )
    other_name = _get(frame, cols, "to").where(outgoing, _get(frame, cols, "from"))
    when = parse_dates(_get(frame, cols, "sent at"), with_time=True)
    parsed.interactions = pd.DataFrame(
        {
            "profile_url": normalize_profile_urls(other_url),
            "name": other_name.map(clean_text),
            "kind": "invitation",
            "direction": outgoing.map({True: "out", False: "in"}),
            "occurred_at": when,
        }
    )
    bad = parsed.interactions["occurred_at"].eq("")
    parsed.skipped = [(table.lines[i], "date does not parse") for i in frame.index[bad]]
    parsed.interactions = parsed.interactions[~bad].reset_index(drop=True)
    return parsed


def parse_recommendations(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Recommendations_Received.csv: who wrote you a recommendation (they know your work), matched
    to contacts by name (the file has no profile URLs)."""
    return _received(
        data, name=name, encoding=encoding, kind="recommendation",
        header={"first name", "last name", "text"}, expected="'First Name,Last Name,...,Text' header",
        person="", when="creation date",
    )  # fmt: skip


def parse_endorsements(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Endorsement_Received_Info.csv: who endorsed your skills, matched by profile URL."""
    return _received(
        data, name=name, encoding=encoding, kind="endorsement", header={"endorser first name"},
        expected="'Endorsement Date,Skill Name,Endorser First Name,...' header",
        person="endorser ", when="endorsement date", url="endorser public url",
    )  # fmt: skip


def _received(
    data: bytes,
    *,
    name: str,
    encoding: str | None,
    kind: str,
    header: set[str],
    expected: str,
    person: str,
    when: str,
    url: str = "",
) -> ParsedFile:
    """Incoming interactions of one kind from a file naming who gave them (`person` prefixes the
    first and last name headers); rows without a date or anyone to match are skipped."""
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=lambda f: header <= {header_key(x) for x in f},
        expected=expected,
    )
    cols = _columns(table.frame)
    parsed = ParsedFile(kind=f"linkedin_{kind}s", name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(table.frame)
    firsts = _get(table.frame, cols, f"{person}first name")
    lasts = _get(table.frame, cols, f"{person}last name")
    frame = pd.DataFrame(
        {
            "profile_url": normalize_profile_urls(_get(table.frame, cols, url)).to_numpy()
            if url
            else "",
            "name": [clean_name(f, last).full for f, last in zip(firsts, lasts, strict=True)],
            "kind": kind,
            "direction": "in",
            "occurred_at": parse_dates(_get(table.frame, cols, when), with_time=True).to_numpy(),
        }
    )
    nobody = frame["profile_url"].eq("") & frame["name"].eq("")
    undated = frame["occurred_at"].eq("") & ~nobody
    lines = table.lines
    parsed.skipped = [(lines[i], "nobody named") for i in np.flatnonzero(nobody)] + [
        (lines[i], "date does not parse") for i in np.flatnonzero(undated)
    ]
    parsed.interactions = frame[~nobody & ~undated].reset_index(drop=True)
    return parsed


def parse_follows(data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Company Follows.csv: organisations the user follows, a sign of interest the ranking uses."""
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=lambda f: "organization" in {header_key(x) for x in f},
        expected="'Organization,Followed On' header",
    )
    cols = _columns(table.frame)
    parsed = ParsedFile(kind=SourceKind.LINKEDIN_FOLLOWS, name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(table.frame)
    followed = [v for v in (clean_text(x) for x in _get(table.frame, cols, "organization")) if v]
    parsed.owner = {"follows": list(dict.fromkeys(followed))}
    return parsed


_OWNER_FIRST_HEADER: dict[str, str] = {
    SourceKind.LINKEDIN_PROFILE: "first name",
    SourceKind.LINKEDIN_POSITIONS: "company name",
    SourceKind.LINKEDIN_EDUCATION: "school name",
    SourceKind.LINKEDIN_EMAILS: "email address",
}


def parse_owner(kind: str, data: bytes, *, name: str, encoding: str | None = None) -> ParsedFile:
    """Profile, Positions, Education and Email Addresses: facts about the user, not contacts."""
    first_header = _OWNER_FIRST_HEADER[kind]
    table = read_table(
        data,
        name=name,
        encoding=encoding,
        is_header=lambda f: first_header in {header_key(x) for x in f},
        expected=f"'{first_header}' header",
    )
    frame = table.frame
    cols = _columns(frame)
    parsed = ParsedFile(kind=kind, name=name, sha256=sha256(data))
    parsed.warnings.extend(table.warnings)
    parsed.rows_read = len(frame)

    def values(key: str) -> list[str]:
        return [v for v in (clean_text(x) for x in _get(frame, cols, key)) if v]

    if kind == SourceKind.LINKEDIN_PROFILE:
        first, last = values("first name"), values("last name")
        parsed.owner = {
            "name": [" ".join(first[:1] + last[:1])] if first else [],
            "headline": values("headline"),
            "industry": values("industry"),
            "location": values("geo location"),
        }
    elif kind == SourceKind.LINKEDIN_POSITIONS:
        parsed.owner = {"employers": values("company name"), "titles": values("title")}
    elif kind == SourceKind.LINKEDIN_EDUCATION:
        parsed.owner = {"schools": values("school name")}
    else:
        parsed.owner = {
            "emails": [e for e in (normalize_email(x) for x in values("email address")) if e]
        }
    return parsed


def is_connections_header(fields: list[str]) -> bool:
    keys = [header_key(x) for x in fields]
    return keys[:2] == ["first name", "last name"] and "connected on" in keys


def _owner(kind: str) -> Parser:
    return lambda data, name, encoding: parse_owner(kind, data, name=name, encoding=encoding)


def _plain(parse: Callable[..., ParsedFile]) -> Parser:
    return lambda data, name, encoding: parse(data, name=name, encoding=encoding)


# The LinkedIn formats, in the order an archive's members are stored.
for _format in (
    Format(
        SourceKind.LINKEDIN_CONNECTIONS,
        _plain(parse_connections),
        is_connections_header,
        "connections",
    ),
    Format(SourceKind.LINKEDIN_MESSAGES, _plain(parse_messages), is_messages_header, "messages"),
    Format(
        SourceKind.LINKEDIN_INVITATIONS,
        _plain(parse_invitations),
        is_invitations_header,
        "invitations",
    ),
    Format(SourceKind.LINKEDIN_PROFILE, _owner(SourceKind.LINKEDIN_PROFILE), member="profile"),
    Format(
        SourceKind.LINKEDIN_POSITIONS, _owner(SourceKind.LINKEDIN_POSITIONS), member="positions"
    ),
    Format(
        SourceKind.LINKEDIN_EDUCATION, _owner(SourceKind.LINKEDIN_EDUCATION), member="education"
    ),
    Format(
        SourceKind.LINKEDIN_EMAILS, _owner(SourceKind.LINKEDIN_EMAILS), member="email addresses"
    ),
    Format(
        SourceKind.LINKEDIN_RECOMMENDATIONS,
        _plain(parse_recommendations),
        member="recommendations received",
    ),
    Format(
        SourceKind.LINKEDIN_ENDORSEMENTS,
        _plain(parse_endorsements),
        member="endorsement received info",
    ),
    Format(SourceKind.LINKEDIN_FOLLOWS, _plain(parse_follows), member="company follows"),
):
    register(_format)
