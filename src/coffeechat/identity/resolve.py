"""Deciding who is who, column-wise: incoming records are matched to known people and to each
other by identity keys, strongest first, without a Python loop per record.

Rules, strongest first: the same normalised profile URL; the same email; the same full name and
employer; the same full name, school and class year. Two records whose profile URLs differ are never
the same person, whatever else they share.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import as_text
from coffeechat.identity.keys import name_key, name_keys, org_key, org_keys

RULES: tuple[str, ...] = ("profile_url", "email", "name+employer", "name+school+class")
WITHIN_FILE = "same person in this file"


def key_frame(people: pd.DataFrame) -> pd.DataFrame:
    """One column per rule holding each record's key ('' when the rule does not apply)."""

    def col(name: str) -> pd.Series:
        if name in people:
            return as_text(people[name])
        return pd.Series("", index=people.index, dtype=object)

    name = name_keys(col(C.FULL_NAME))
    # A single word is too little to merge on.
    full = np.fromiter((" " in n for n in name.to_numpy()), bool, len(name))
    company, school, year = org_keys(col(C.COMPANY)), org_keys(col(C.SCHOOL)), col(C.CLASS_YEAR)
    return pd.DataFrame(
        {
            "profile_url": col(C.LINKEDIN_URL),
            "email": col(C.EMAIL),
            "name+employer": _joined(full & company.ne("").to_numpy(), name, company),
            "name+school+class": _joined(
                full & school.ne("").to_numpy() & year.ne("").to_numpy(), name, school, year
            ),
        },
        index=people.index,
    )


def _joined(where: np.ndarray, *parts: pd.Series) -> pd.Series:
    """The parts joined with '|' on the rows `where` says, '' elsewhere (joined only where needed:
    a directory without schools has no school keys to build)."""
    out = pd.Series("", index=parts[0].index, dtype=object)
    if where.any():
        joined = parts[0][where]
        for part in parts[1:]:
            joined = joined + "|" + part[where]
        out[where] = joined
    return out


def _lookup(keys: pd.Series, index: dict[str, str]) -> pd.Series:
    """Each key's entry in `index` (None when absent or empty). Plain dict lookups: Series.map
    would first turn a large index into a Series."""
    values = keys.to_numpy(dtype=object)
    return pd.Series([index.get(k) if k else None for k in values], index=keys.index, dtype=object)


def addresses(people: pd.DataFrame) -> pd.DataFrame:
    """Every email address of every record, long form: `row` (position) and `email`; first
    addresses before other ones, so the person whose main address it is holds the key."""
    parts = []
    for column in (C.EMAIL, C.OTHER_EMAILS):
        if column not in people:
            continue
        cells = as_text(people[column]).reset_index(drop=True)
        cells = cells[cells.ne("")]
        if column == C.OTHER_EMAILS:
            if cells.empty:
                continue
            cells = cells.str.split("; ").explode()
            cells = cells[cells.ne("")]
        parts.append(pd.DataFrame({"row": cells.index.to_numpy(dtype=np.int64), "email": cells}))
    if not parts:
        return pd.DataFrame({"row": np.zeros(0, np.int64), "email": []})
    if len(parts) == 1:  # first addresses only: one per row, nothing repeats
        return parts[0].reset_index(drop=True)
    return pd.concat(parts, ignore_index=True).drop_duplicates(ignore_index=True)


@dataclass
class Matches:
    """For each incoming record: the person it is (existing id or a new cluster) and why."""

    person: pd.Series  # existing person_id, or None for a new person
    rule: pd.Series  # the rule that matched, WITHIN_FILE, or "new"
    cluster: pd.Series  # records with the same cluster are the same (new or existing) person
    keys: pd.DataFrame  # the records' identity keys (see key_frame)
    emails: pd.DataFrame  # every address of every record (see addresses)


class KeyIndex:
    """Identity keys of the people already known, per rule."""

    def __init__(self, people: pd.DataFrame) -> None:
        keys = key_frame(people)
        ids = as_text(people[C.PERSON_ID]).to_numpy()
        self.by_rule: dict[str, dict[str, str]] = {}
        emails = addresses(people)
        for rule in RULES:
            if rule == "email":  # every address, not only the first
                column, holders = emails["email"].to_numpy(), ids[emails["row"].to_numpy()]
            else:
                present = keys[rule].ne("").to_numpy()
                column, holders = keys[rule].to_numpy()[present], ids[present]
            # The first person holding a key keeps it.
            self.by_rule[rule] = dict(zip(column[::-1], holders[::-1], strict=True))
        urls = keys["profile_url"].to_numpy()
        self.url_of = dict(zip(ids[urls != ""], urls[urls != ""], strict=True))

    def add(self, found: Matches, person: pd.Series) -> None:
        """Remember the keys of records now assigned to `person` (aligned with `found`)."""
        keys = found.keys
        ids = as_text(person).to_numpy()
        for rule in RULES:
            if rule == "email":
                column = found.emails["email"].to_numpy()
                holders = ids[found.emails["row"].to_numpy()]
            else:
                column = keys[rule].to_numpy()
                present = column != ""
                column, holders = column[present], ids[present]
            # Built reversed so that the first record holding a key wins; known keys keep their
            # person (dict.update lets the right-hand side win, so the old index is applied last).
            added = dict(zip(column[::-1], holders[::-1], strict=True))
            added.update(self.by_rule[rule])
            self.by_rule[rule] = added
        urls = keys["profile_url"].to_numpy()
        present = urls != ""
        added = dict(zip(ids[present][::-1], urls[present][::-1], strict=True))
        added.update(self.url_of)
        self.url_of = added

    def match(self, incoming: pd.DataFrame, *, group: pd.Series | None = None) -> Matches:
        """Match incoming records to known people, then to each other (`group`, e.g. a record id,
        also joins rows of one person)."""
        keys = key_frame(incoming)
        emails = addresses(incoming)
        url = keys["profile_url"]
        person = pd.Series(None, index=incoming.index, dtype=object)
        rule = pd.Series("new", index=incoming.index, dtype=object)
        for name in RULES:
            if name == "email":
                # Any of a record's addresses may be any of a known person's: the first hit counts.
                hits = _lookup(emails["email"], self.by_rule[name]).set_axis(emails["row"])
                first_hit = hits.dropna().groupby(level=0, sort=False).first()
                found = pd.Series(
                    first_hit.reindex(np.arange(len(keys))).to_numpy(), index=keys.index
                )
                found = found.astype(object).where(found.notna(), None)
            elif not self.by_rule[name] or not keys[name].ne("").any():
                continue
            else:
                found = _lookup(keys[name], self.by_rule[name])
            known_url = _lookup(found.fillna(""), self.url_of)
            conflict = url.ne("") & known_url.notna() & known_url.ne(url)
            take = person.isna() & found.notna() & ~conflict
            person[take] = found[take]
            rule[take] = name
        cluster = _clusters(keys, emails, group)
        # A record that matched nobody joins its cluster-mates' person, if one of them matched.
        first_person = person.groupby(cluster).transform("first")
        inherit = person.isna() & first_person.notna()
        person[inherit] = first_person[inherit]
        rule[inherit] = WITHIN_FILE
        return Matches(person=person, rule=rule, cluster=cluster, keys=keys, emails=emails)


def _clusters(keys: pd.DataFrame, emails: pd.DataFrame, group: pd.Series | None) -> pd.Series:
    """Connected records within one file: the same key under any rule (any of their addresses for
    the email rule, or the same `group`), directly or through a chain of other records (the
    connected components, exactly), never across different profile URLs. Each cluster is labelled
    by its first row's position."""
    n = len(keys)
    # Positions, not index labels: a cluster label is a row position and is looked up as one.
    cluster = pd.Series(np.arange(n))
    url = keys["profile_url"].replace("", np.nan).reset_index(drop=True)
    # Each key column long form: the row positions holding a key, and the key.
    columns = [(emails["row"].to_numpy(), emails["email"].reset_index(drop=True))]
    for column in [keys[r] for r in RULES if r != "email"] + (
        [as_text(group)] if group is not None else []
    ):
        key = column.reset_index(drop=True)
        columns.append((np.flatnonzero(key.ne("").to_numpy()), key[key.ne("")]))
    # Only keys shared by several records can join anything (most keys are someone's alone).
    # Records and shared keys are the nodes of one graph, a record joined to each key it holds;
    # its connected components are the clusters, however long the chain of keys between records.
    record_side: list[np.ndarray] = []
    key_side: list[np.ndarray] = []
    nodes = n
    urls = url.to_numpy()
    for rows, key in columns:
        many = key.duplicated(keep=False).to_numpy() if len(key) else np.zeros(0, bool)
        if not many.any():
            continue
        rows, codes = rows[many], pd.factorize(key[many])[0]
        # A key held by records of different profile URLs joins none of them.
        distinct = pd.Series(urls[rows]).groupby(codes).transform("nunique").to_numpy()
        safe = distinct <= 1
        record_side.append(rows[safe])
        key_side.append(codes[safe] + nodes)
        nodes += int(codes.max()) + 1
    if record_side:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        left, right = np.concatenate(record_side), np.concatenate(key_side)
        graph = coo_matrix((np.ones(len(left), np.int8), (left, right)), shape=(nodes, nodes))
        labels = connected_components(graph, directed=False)[1][:n]
        # Each cluster is labelled by its first row's position.
        cluster = pd.Series(np.arange(n)).groupby(labels).transform("min").reset_index(drop=True)
    # A chain of keys must not join two different profile URLs: such clusters fall back to
    # grouping by URL alone.
    clash = url.groupby(cluster).transform("nunique").gt(1)
    if clash.any():
        own = pd.Series(np.arange(n))[clash]
        by_url = own.groupby(url[clash].fillna(own.astype(str))).transform("min")
        cluster[clash] = by_url
    return pd.Series(cluster.to_numpy(), index=keys.index)


def key_hashes(keys: pd.DataFrame) -> pd.DataFrame:
    """The keys, hashed (what `forget` keeps so a forgotten person is not imported again)."""
    return keys.apply(lambda column: column.map(lambda k: hash_key(k) if k else ""))


def person_key_hashes(person: Mapping[str, object]) -> list[str]:
    """One stored person's identity keys and addresses, hashed: what `forget` keeps. The keys of
    `key_frame` and `addresses`, built for one row in plain Python (a command about one person
    does not load pandas for it)."""

    def text(name: str) -> str:
        value = person.get(name)
        return "" if value is None else str(value)

    name = name_key(text(C.FULL_NAME))
    company, school, year = org_key(text(C.COMPANY)), org_key(text(C.SCHOOL)), text(C.CLASS_YEAR)
    full = " " in name  # a single word is too little to merge on
    keys = [
        text(C.LINKEDIN_URL),
        text(C.EMAIL),
        f"{name}|{company}" if full and company else "",
        f"{name}|{school}|{year}" if full and school and year else "",
        *person_addresses(person),
    ]
    return list(dict.fromkeys(hash_key(k) for k in keys if k))


def person_addresses(person: Mapping[str, object]) -> list[str]:
    """One stored person's email addresses, the main one first (`addresses`, for one row)."""
    found = [person.get(C.EMAIL), *str(person.get(C.OTHER_EMAILS) or "").split("; ")]
    return [str(e) for e in found if e]


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
