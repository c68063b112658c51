"""Warm paths over the whole network without building it.

`graph --path` and `graph --employer` need one search outward from you over the walkable part of
the typed graph (see graph.py): you, people, employers and schools, joined by the steps in
`STEP_COST`. Here that part is a sparse matrix built column by column from the people frame, and
scipy's Dijkstra searches it. A networkx graph of a career office's 500,000 people took half a
minute to build before its search could start; the matrix takes about a second. The typed graph's
own paths go through the same code (`Reach.of_graph`), so a path reads the same either way.

A person flagged do-not-contact, deceased or lost is never a step on a path: they can be found,
and are shown as flagged, but nobody is reached through them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import map_unique, text_column
from coffeechat.network.nodes import (
    ME,
    STEP_COST,
    employer_moves,
    flag_column,
    org_node,
    school_node,
    schooling,
    schools_of_text,
)

if TYPE_CHECKING:
    import networkx as nx

KINDS = tuple(STEP_COST)  # an edge's kind is stored as its position here
TYPES = ("", "me", "person", "organisation", "school")  # likewise a node's type
_COST = np.array([STEP_COST[k] for k in KINDS])
_CODE = {kind: code for code, kind in enumerate(KINDS)}
COVERAGE_COLUMNS = [C.PERSON_ID, C.FULL_NAME, C.POSITION, "cost", "path"]
# How well an introducer knows you (their tie to you): only someone who knows you can ask for you.
TIE = {"messaged": 1.0, "introduced": 0.9, "connected": 0.7}
INTRODUCER_COLUMNS = [C.PERSON_ID, C.FULL_NAME, C.POSITION, "knows you", "why", "score"]
FLAGGED_PATH = "DO NOT CONTACT (flagged)"


@dataclass(frozen=True)
class WarmPath:
    """The warmest route from the user to someone, step by step, with a plain-English reading."""

    nodes: tuple[str, ...]
    cost: float
    text: str


@dataclass
class _Edges:
    """Edges gathered in the order the typed graph adds them (on a tie, the first is kept)."""

    a: list[np.ndarray] = field(default_factory=list)
    b: list[np.ndarray] = field(default_factory=list)
    kind: list[np.ndarray] = field(default_factory=list)
    # A message thread's count, a school's class year; else "".
    extra: list[np.ndarray] = field(default_factory=list)

    def add(self, a: object, b: object, kind: str, extra: object = "") -> None:
        a_, b_ = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        a_, b_ = np.broadcast_arrays(a_, b_)
        self.a.append(a_.ravel())
        self.b.append(b_.ravel())
        self.kind.append(np.full(a_.size, _CODE[kind], dtype=np.int8))
        more = np.asarray(extra, dtype=object)
        self.extra.append(np.broadcast_to(more, a_.shape).ravel() if more.ndim == 0 else more)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        if not self.a:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, np.zeros(0, dtype=np.int8), np.zeros(0, dtype=object)
        return (
            np.concatenate(self.a),
            np.concatenate(self.b),
            np.concatenate(self.kind),
            np.concatenate(self.extra),
        )


class Reach:
    """The walkable network: node 0 is you. Build it with `of_people` (from the frames) or
    `of_graph` (from a typed graph); ask it for `path`, `coverage` or `introducers`.

    It pickles small and loads fast (the workspace keeps it in its cache): text is held in Arrow
    arrays, whose buffers pickle whole, and types, kinds and edge details as numbers."""

    def __init__(
        self,
        names: Sequence[str] | np.ndarray,
        types: np.ndarray,
        labels: Sequence[str] | np.ndarray,
        positions: Sequence[str] | np.ndarray,
        flagged: np.ndarray,
        edges: _Edges,
    ) -> None:
        import pyarrow as pa

        self.names = pa.array(np.asarray(names, dtype=object), type=pa.string())
        self.labels = pa.array(np.asarray(labels, dtype=object), type=pa.string())
        self.positions = pa.array(np.asarray(positions, dtype=object), type=pa.string())
        codes = pd.Index(TYPES).get_indexer(pd.Index(np.asarray(types, dtype=object)))
        self.types = np.where(codes < 0, 0, codes).astype(np.int8)  # a field node: not walkable
        self.flagged = np.asarray(flagged, dtype=bool)
        a, b, kind, extra = edges.arrays()
        n = len(names)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        # The warmest edge between two nodes, the first of equals: what a walker would take.
        order = np.lexsort((np.arange(len(a)), _COST[kind], hi, lo))
        order = order[(lo != hi)[order]]  # a self-loop is no step
        keys = lo[order] * n + hi[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]
        chosen = order[first]
        self._keys = keys[first]  # ascending: a step's edge is found by binary search
        self.a, self.b, self.kind = a[chosen], b[chosen], kind[chosen]
        self._added = chosen  # the order edges were added in: ties between schools go by it
        # Each person's warmest tie to you, read from every edge (the walk keeps one per pair):
        # weakest first, so that a warmer tie overwrites it.
        knows = np.full(n, -1, dtype=np.int8)
        for tie in sorted(TIE, key=TIE.__getitem__):
            knows[b[(a == 0) & (kind == _CODE[tie])]] = _CODE[tie]
        self._knows = knows
        codes, details = pd.factorize(extra[chosen])
        self.extra, self._details = codes.astype(np.int32), np.asarray(details, dtype=object)

    def __getstate__(self) -> dict[str, object]:
        # The search is cheap next to reading it back; it is redone, never pickled.
        return {k: v for k, v in self.__dict__.items() if k != "_search"}

    def _type(self, i: int) -> str:
        return TYPES[self.types[i]]

    def _label(self, i: int) -> str:
        return str(self.labels[i].as_py())

    def _detail(self, edge: int) -> str:
        return str(self._details[self.extra[edge]])

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def of_people(
        cls,
        people: pd.DataFrame,
        introductions: pd.DataFrame,
        *,
        me: str = "me",
        schools: Iterable[str] = (),
        past_employers: Iterable[str] = (),
        events: pd.DataFrame | None = None,
    ) -> Reach:
        """The walkable part of `build_graph(...)` with the same arguments, read column-wise."""
        ids = text_column(people, C.PERSON_ID).to_numpy(dtype=object)
        n = len(ids)
        person = np.arange(1, n + 1)
        at = pd.Index(ids)
        schools, past_employers = tuple(schools), tuple(past_employers)

        company = text_column(people, C.COMPANY)
        org = map_unique(company, lambda c: org_node(c) if c else "").to_numpy(dtype=object)
        has_company = org != ""
        codes, distinct = pd.factorize(schooling(people).to_numpy(dtype=object))
        # Each distinct schooling's schools, flattened; a person's run of them found by offsets.
        each = [schools_of_text(h) for h in distinct]
        count = np.array([len(s) for s in each], dtype=np.int64)
        start = np.concatenate(([0], np.cumsum(count)[:-1])) if len(each) else count
        flat_label = np.array([s for found in each for s, _ in found], dtype=object)
        flat_year = np.array([y for found in each for _, y in found], dtype=object)
        per_person = count[codes] if n else np.zeros(0, dtype=np.int64)
        student = np.repeat(np.arange(n), per_person)
        offset = np.arange(per_person.sum()) - np.repeat(
            np.cumsum(per_person) - per_person, per_person
        )
        held_at = np.repeat(start[codes] if n else per_person, per_person) + offset
        school_label, school_year = flat_label[held_at], flat_year[held_at]
        school_name = pd.Series(school_label, dtype=object).map(school_node).to_numpy(dtype=object)

        moves = employer_moves(events)
        moves = moves[at.get_indexer(pd.Index(moves["person_id"])) >= 0]
        old = moves["old_value"].to_numpy(dtype=object)
        old_org = map_unique(moves["old_value"], org_node).to_numpy(dtype=object)

        # Places, labelled by their first mention, in the typed graph's order.
        place_names = np.concatenate([
            np.array([school_node(s) for s in schools] + [org_node(e) for e in past_employers],
                     dtype=object),
            org[has_company], school_name, old_org,
        ])  # fmt: skip
        place_labels = np.concatenate([
            np.array([*schools, *past_employers], dtype=object),
            company.to_numpy(dtype=object)[has_company], school_label, old,
        ])  # fmt: skip
        keep = ~pd.Series(place_names, dtype=object).duplicated().to_numpy()
        place_names, place_labels = place_names[keep], place_labels[keep]
        places = pd.Index(place_names)
        base = 1 + n

        def place(names: Sequence[str] | np.ndarray) -> np.ndarray:
            return base + places.get_indexer(np.asarray(names, dtype=object))

        edges = _Edges()
        edges.add(0, place([school_node(s) for s in schools]), "studied_at")
        edges.add(0, place([org_node(e) for e in past_employers]), "worked_at")
        if C.IS_CONNECTION in people:
            connected = people[C.IS_CONNECTION].fillna(False).astype(bool).to_numpy()
            edges.add(0, person[connected], "connected")
        edges.add(person[has_company], place(org[has_company]), "works_at")
        edges.add(person[student], place(school_name), "studied_at", school_year)
        if C.MESSAGE_COUNT in people:
            count_of = pd.to_numeric(people[C.MESSAGE_COUNT], errors="coerce").fillna(0)
            messages = count_of.astype(np.int64).to_numpy()
            wrote = messages > 0
            edges.add(0, person[wrote], "messaged", messages[wrote].astype(str).astype(object))
        if len(introductions):
            by = at.get_indexer(introductions["introducer_id"].astype(str).to_numpy())
            to = at.get_indexer(introductions[C.PERSON_ID].astype(str).to_numpy())
            known = (by >= 0) & (to >= 0)
            edges.add(by[known] + 1, to[known] + 1, "introduced")
        if len(moves):
            edges.add(
                at.get_indexer(moves["person_id"].to_numpy()) + 1, place(old_org), "worked_at"
            )

        flagged = np.zeros(n, dtype=bool)
        for flag in C.PERSON_FLAG_FIELDS:
            if flag in people:
                flagged |= flag_column(people[flag])
        place_types = ["school" if name.startswith("school:") else "organisation"
                       for name in place_names]  # fmt: skip
        types = np.array(["person"] * n + place_types, dtype=object)
        nowhere = np.full(len(place_names), "", dtype=object)
        return cls(
            names=np.concatenate(([ME], ids, place_names)),
            types=np.concatenate((["me"], types)).astype(object),
            labels=np.concatenate(([me or "me"], text_column(people, C.FULL_NAME), place_labels)),
            positions=np.concatenate(([""], text_column(people, C.POSITION), nowhere)),
            flagged=np.concatenate(([False], flagged, np.zeros(len(place_names), dtype=bool))),
            edges=edges,
        )

    @classmethod
    def of_graph(cls, graph: nx.MultiDiGraph) -> Reach:
        """The walkable part of a typed graph (see `build_graph`)."""
        order = [ME, *(node for node in graph if node != ME)] if ME in graph else [ME, *graph]
        index = {node: i for i, node in enumerate(order)}
        data = [graph.nodes[node] if node in graph else {} for node in order]
        edges = _Edges()
        for u, v, d in graph.edges(data=True):
            kind = d.get("type", "")
            if kind not in STEP_COST:
                continue
            extra = d.get("count", 0) if kind == "messaged" else (d.get("class_year") or "")
            edges.add(index[u], index[v], kind, str(extra))
        return cls(
            names=np.array(order, dtype=object),
            types=np.array([d.get("type", "") for d in data], dtype=object),
            labels=np.array(
                [str(d.get("label", n)) for n, d in zip(order, data, strict=True)], dtype=object
            ),
            positions=np.array([str(d.get("position", "")) for d in data], dtype=object),
            flagged=np.array([bool(d.get("flagged")) for d in data], dtype=bool),
            edges=edges,
        )

    # -- searching --------------------------------------------------------------------------

    @cached_property
    def _search(self) -> tuple[np.ndarray, np.ndarray]:
        """Cost of the warmest path to every node, and the node before it on that path."""
        import scipy.sparse as sp
        from scipy.sparse.csgraph import dijkstra

        n = len(self.names)
        open_ = ~(self.flagged[self.a] | self.flagged[self.b])  # nobody is reached through them
        matrix = sp.csr_matrix(
            (_COST[self.kind[open_]], (self.a[open_], self.b[open_])), shape=(n, n)
        )
        cost, before = dijkstra(matrix, directed=False, indices=0, return_predecessors=True)
        return cost, before

    def index_of(self, node: str) -> int | None:
        """A node's position, or None if the network has no such node."""
        import pyarrow.compute as pc

        at = pc.index(self.names, node).as_py()
        return None if at < 0 else int(at)

    def _route(self, target: int) -> list[int] | None:
        cost, before = self._search
        if target == 0 or self.flagged[target] or not np.isfinite(cost[target]):
            return None
        route = [target]
        while route[-1] != 0:
            route.append(int(before[route[-1]]))
        return route[::-1]

    def _path(self, at: int) -> WarmPath | None:
        route = self._route(at)
        if route is None:
            return None
        names = self.names.take(route).to_pylist()
        return WarmPath(tuple(names), float(self._search[0][at]), self.spell(route))

    def path(self, target: str) -> WarmPath | None:
        """The warmest path from you to a person or place, or None if there is none (or the
        person is flagged: they are not to be approached).

        >>> reach.path("org:northwind health").text   # doctest: +SKIP
        'Mei Sokolova, a fellow alum of Lakeshore State University (class of 2019) -> works at Northwind Health'
        """
        at = self.index_of(target)
        return None if at is None else self._path(at)

    def coverage(self, employer: str) -> pd.DataFrame:
        """Whom you know at an employer, and how: one row per person who works there, warmest
        first; flagged people last, marked, with no path."""
        at = self.index_of(org_node(employer))
        if at is None:
            return pd.DataFrame(columns=COVERAGE_COLUMNS)
        staff = self.a[(self.b == at) & (self.kind == _CODE["works_at"])]
        staff = staff[self.types[staff] == TYPES.index("person")]
        cost = self._search[0]
        rows = []
        for i, name, label, position in zip(
            staff.tolist(),
            self.names.take(staff).to_pylist(),
            self.labels.take(staff).to_pylist(),
            self.positions.take(staff).to_pylist(),
            strict=True,
        ):
            route = self._route(i)
            if self.flagged[i]:
                rows.append((name, label, position, float("inf"), FLAGGED_PATH))
            elif route is None:
                rows.append((name, label, position, float("inf"), "no warm path"))
            else:
                rows.append((name, label, position, float(cost[i]), self.spell(route)))
        frame = pd.DataFrame(rows, columns=COVERAGE_COLUMNS)
        return (
            frame.assign(_last=frame["path"].eq(FLAGGED_PATH))
            .sort_values(["_last", "cost", C.FULL_NAME, C.PERSON_ID], kind="stable")
            .drop(columns="_last")
            .reset_index(drop=True)
        )

    def introducers(self, employer: str, *, top: int = 10) -> pd.DataFrame:
        """Who could introduce you to someone at an employer, best first, with the reason.

        Candidates know you directly (messaged, introduced to you, or a connection) and are not
        flagged, and each has a tie to the employer: they work there (1.0), worked there (0.8), or
        studied where people there studied (0.5, more with more of them). The score is that tie
        times how well they know you."""
        at = self.index_of(org_node(employer))
        if at is None:
            return pd.DataFrame(columns=INTRODUCER_COLUMNS)
        person = self.types == TYPES.index("person")
        there = self.b == at
        works = set(self.a[there & (self.kind == _CODE["works_at"])].tolist())
        worked = set(self.a[there & (self.kind == _CODE["worked_at"])].tolist())
        staff = np.zeros(len(self.names), dtype=bool)
        staff[list(works)] = True
        staff &= person
        studied = self.kind == _CODE["studied_at"]
        per_school = np.bincount(self.b[studied & staff[self.a]], minlength=len(self.names))
        candidate = (self._knows >= 0) & ~self.flagged & person
        # A candidate's schools that staff attended, in the order they were added (the first of
        # equally shared schools is named).
        shared = np.flatnonzero(studied & candidate[self.a] & ~staff[self.a])
        shared = shared[per_school[self.b[shared]] > 0]
        best_school: dict[int, int] = {}
        for edge in shared[np.argsort(self._added[shared], kind="stable")].tolist():
            who, school = int(self.a[edge]), int(self.b[edge])
            if who not in best_school or per_school[school] > per_school[best_school[who]]:
                best_school[who] = school
        rows = []
        for who in sorted(
            set(np.flatnonzero(candidate).tolist()) & (works | worked | set(best_school))
        ):
            if who in works:
                strength, why = 1.0, f"works at {employer}"
            elif who in worked:
                strength, why = 0.8, f"worked at {employer}"
            else:
                school = best_school[who]
                n = int(per_school[school])
                strength = min(0.5 + 0.05 * (n - 1), 0.7)
                people = "person" if n == 1 else "people"
                why = f"studied at {self._label(school)}, like {n} {people} at {employer}"
            tie = KINDS[self._knows[who]]
            rows.append((who, tie, why, round(strength * TIE[tie], 3)))
        import pyarrow as pa

        # Typed indices: an empty list would be read as nulls, which `take` refuses.
        chosen = pa.array([r[0] for r in rows], type=pa.int64())
        frame = pd.DataFrame({
            C.PERSON_ID: self.names.take(chosen).to_pylist(),
            C.FULL_NAME: self.labels.take(chosen).to_pylist(),
            C.POSITION: self.positions.take(chosen).to_pylist(),
            "knows you": [r[1] for r in rows],
            "why": [r[2] for r in rows],
            "score": [r[3] for r in rows],
        }, columns=INTRODUCER_COLUMNS)  # fmt: skip
        return (
            frame.sort_values(["score", C.FULL_NAME, C.PERSON_ID], ascending=[False, True, True])
            .head(top)
            .reset_index(drop=True)
        )

    # -- reading a path aloud ---------------------------------------------------------------

    def _edge(self, u: int, v: int) -> int:
        key = min(u, v) * len(self.names) + max(u, v)
        return int(np.searchsorted(self._keys, key))

    def _kind(self, u: int, v: int) -> str:
        return KINDS[self.kind[self._edge(u, v)]]

    def spell(self, route: Sequence[int]) -> str:
        """Read a route of node positions aloud: `your LinkedIn connection Ana Lee -> works at
        Acme -> their colleague Di Eze`."""
        label = self._label
        parts: list[str] = []
        i = 0
        while i < len(route) - 1:
            here, there = route[i], route[i + 1]
            edge = self._edge(here, there)
            kind, there_type = KINDS[self.kind[edge]], self._type(there)
            if kind in ("connected", "messaged") and here == 0:
                if kind == "messaged":
                    count = self._detail(edge)
                    noun = "message" if count == "1" else "messages"
                    parts.append(f"{label(there)}, with whom you have exchanged {count} {noun}")
                else:
                    parts.append(f"your LinkedIn connection {label(there)}")
                i += 1
            elif here == 0 and there_type in ("school", "organisation") and i + 2 < len(route):
                # me -> shared place <- person: one step reads as one relationship.
                person = route[i + 2]
                if there_type == "school":
                    year = self._detail(self._edge(there, person))
                    when = f" (class of {year})" if year else ""
                    parts.append(f"{label(person)}, a fellow alum of {label(there)}{when}")
                elif self._kind(there, person) == "works_at":
                    parts.append(f"{label(person)}, who works at {label(there)} where you worked")
                else:
                    parts.append(f"{label(person)}, who worked at {label(there)}, as you did")
                i += 2
            elif kind == "introduced":
                if self.a[edge] == here:
                    parts.append(f"who introduced you to {label(there)}")
                else:
                    parts.append(f"introduced by {label(there)}")
                i += 1
            elif there_type == "organisation":
                parts.append(f"{'works' if kind == 'works_at' else 'worked'} at {label(there)}")
                i += 1
            elif there_type == "school":
                parts.append(f"studied at {label(there)}")
                i += 1
            elif self._type(here) == "organisation":
                # Colleagues only when both work there now; a past employer is said as past.
                if kind == "works_at" and self._kind(route[i - 1], here) == "works_at":
                    parts.append(f"their colleague {label(there)}")
                else:
                    parts.append(
                        f"{label(there)}, who {'works' if kind == 'works_at' else 'worked'} there"
                    )
                i += 1
            elif self._type(here) == "school":
                parts.append(f"{label(there)}, who studied there too")
                i += 1
            else:
                parts.append(label(there))
                i += 1
        return " -> ".join(parts)
