"""The typed network graph and what can be read off it: warm paths, employer coverage, brokers and
the introduction tree.

Nodes: `me`, people (`p…` ids), organisations (`org:<key>`), schools (`school:<key>`) and career
fields (`field:<name>`). Edges (a MultiDiGraph, each with a `type`): connected (me -> person, dated),
messaged (me -> person, count and first/last dates), works_at / worked_at (person or me ->
organisation), studied_at (person or me -> school, class year), introduced (person -> person, dated),
in_field (person -> field).
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity.frames import map_unique, records, text_column
from coffeechat.identity.keys import org_key
from coffeechat.network.nodes import (
    ME,
    employer_moves,
    flag_set,
    org_node,
    school_node,
    schooling,
    schools_of,
    schools_of_text,
)
from coffeechat.network.reach import Reach


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def build_graph(
    people: pd.DataFrame,
    introductions: pd.DataFrame,
    *,
    me: str = "me",
    schools: Iterable[str] = (),
    past_employers: Iterable[str] = (),
    fields: pd.Series | None = None,
    events: pd.DataFrame | None = None,
) -> nx.MultiDiGraph:
    """The typed graph of the user's network.

    `fields` (indexed by person_id) adds field nodes; `events` (job changes from the store) adds
    worked_at edges to people's previous employers.
    """
    graph = nx.MultiDiGraph()
    graph.add_node(ME, type="me", label=me or "me")

    def add_place(node: str, kind: str, label: str) -> None:
        if node not in graph:
            graph.add_node(node, type=kind, label=label)

    for school in schools:
        add_place(school_node(school), "school", school)
        graph.add_edge(ME, school_node(school), type="studied_at")
    for employer in past_employers:
        add_place(org_node(employer), "organisation", employer)
        graph.add_edge(ME, org_node(employer), type="worked_at")
    for record in records(people):
        pid = str(record[C.PERSON_ID])
        graph.add_node(
            pid,
            type="person",
            label=_text(record.get(C.FULL_NAME)),
            position=_text(record.get(C.POSITION)),
            volunteer=int(record.get(C.VOLUNTEER, 0) or 0),
            # Do not contact, deceased or lost: shown, never offered as a way in.
            flagged=int(any(flag_set(record.get(f)) for f in C.PERSON_FLAG_FIELDS)),
        )
        if bool(record.get(C.IS_CONNECTION, False)):
            graph.add_edge(ME, pid, type="connected", date=_text(record.get(C.CONNECTED_ON)))
        company = _text(record.get(C.COMPANY))
        if company:
            add_place(org_node(company), "organisation", company)
            graph.add_edge(pid, org_node(company), type="works_at")
        for school, year in schools_of(
            _text(record.get(C.EDUCATION)), _text(record.get(C.SCHOOL)),
            _text(record.get(C.CLASS_YEAR)),
        ):  # fmt: skip
            add_place(school_node(school), "school", school)
            graph.add_edge(pid, school_node(school), type="studied_at", class_year=year)
        count = int(record.get(C.MESSAGE_COUNT, 0) or 0)
        if count:
            graph.add_edge(
                ME,
                pid,
                type="messaged",
                count=count,
                first=_text(record.get(C.FIRST_MESSAGE_AT)),
                last=_text(record.get(C.LAST_MESSAGE_AT)),
            )
    for intro in introductions.to_dict("records"):
        graph.add_edge(
            str(intro["introducer_id"]),
            str(intro[C.PERSON_ID]),
            type="introduced",
            date=_text(intro.get("introduced_on")),
            note=_text(intro.get("note")),
        )
    if fields is not None:
        for pid, field in zip(fields.index.astype(str), fields.astype(str), strict=True):
            if field and pid in graph:
                add_place(f"field:{field}", "field", str(field))
                graph.add_edge(pid, f"field:{field}", type="in_field")
    moves = employer_moves(events)
    for person, old in zip(moves["person_id"], moves["old_value"], strict=True):
        if person in graph:
            add_place(org_node(old), "organisation", old)
            graph.add_edge(person, org_node(old), type="worked_at")
    return graph


def graph_summary(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Counts of nodes by type and edges by type."""
    counts: dict[str, int] = {}
    for _, data in graph.nodes(data=True):
        key = f"nodes:{data.get('type', '?')}"
        counts[key] = counts.get(key, 0) + 1
    for _, _, data in graph.edges(data=True):
        key = f"edges:{data.get('type', '?')}"
        counts[key] = counts.get(key, 0) + 1
    return counts


def summary_of(
    people: pd.DataFrame,
    introductions: pd.DataFrame,
    *,
    schools: Iterable[str] = (),
    past_employers: Iterable[str] = (),
    fields: pd.Series | None = None,
    events: pd.DataFrame | None = None,
) -> dict[str, int]:
    """`graph_summary(build_graph(...))` counted straight from the frames, without building the
    graph: on a career office's 500,000 people the graph takes a minute to build, the counts a
    second. Tested equal to the graph's."""
    counts: dict[str, int] = {"nodes:me": 1}

    def add(key: str, n: int) -> None:
        if n:
            counts[key] = counts.get(key, 0) + n

    schools, past_employers = tuple(schools), tuple(past_employers)  # each is read twice

    def text(name: str) -> pd.Series:
        return text_column(people, name)

    ids = people[C.PERSON_ID].astype(str)
    add("nodes:person", int(ids.nunique()))
    company = text(C.COMPANY)
    orgs = set(map_unique(company[company.ne("")], org_key)) | {org_key(e) for e in past_employers}
    # Each person's distinct schools, as build_graph draws them (one edge per school).
    held = schooling(people)
    keys_of = map_unique(
        held[held.ne("\x1f\x1f")],
        lambda h: tuple(school_node(s) for s, _ in schools_of_text(h)),
    )
    school_keys = {k for ks in set(keys_of) for k in ks} | {school_node(x) for x in schools}
    school_edges = int(sum(len(ks) for ks in keys_of))
    moves = employer_moves(events)
    moves = moves[moves["person_id"].isin(ids)]
    orgs |= set(map_unique(moves["old_value"], org_key))
    add("nodes:organisation", len(orgs))
    add("nodes:school", len(school_keys))
    add("edges:studied_at", len(schools) + school_edges)
    add("edges:worked_at", len(past_employers) + len(moves))
    add("edges:works_at", int(company.ne("").sum()))
    if C.IS_CONNECTION in people:
        add("edges:connected", int(people[C.IS_CONNECTION].fillna(False).astype(bool).sum()))
    if C.MESSAGE_COUNT in people:
        add(
            "edges:messaged",
            int((pd.to_numeric(people[C.MESSAGE_COUNT], errors="coerce").fillna(0) > 0).sum()),
        )
    add("edges:introduced", len(introductions))
    if fields is not None:
        # get_indexer, not isin: pandas 3's isin on Arrow strings is twenty times slower here.
        known = pd.Index(ids.unique()).get_indexer(fields.index.astype(str)) >= 0
        field = fields[known].fillna("").astype(str)
        field = field[field.ne("")]
        add("nodes:field", field.nunique())
        add("edges:in_field", len(field))
    return counts


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label", node))


def introducers(graph: nx.MultiDiGraph, employer: str, *, top: int = 10) -> pd.DataFrame:
    """Who could introduce you to someone at an employer, best first, with the reason (see
    `Reach.introducers`)."""
    return Reach.of_graph(graph).introducers(employer, top=top)


# -- structure ------------------------------------------------------------------------------


def ego_network(
    graph: nx.MultiDiGraph, *, max_group: int = 200, among: set[str] | None = None
) -> nx.Graph:
    """Me and my contacts, with a tie between two contacts who work (or worked) at the same employer,
    who are in the same class at the same school, or where one introduced the other.

    Groups larger than `max_group` add no ties: sharing a big employer says little, and its clique
    would swamp the measures. `among` keeps only those contacts (and me): the same as taking that
    subgraph afterwards, without drawing every group's ties first.
    """
    ego = nx.Graph()
    ego.add_node(ME)
    kept = (lambda n: True) if among is None else among.__contains__
    groups: dict[tuple[str, str], list[str]] = {}
    for u, v, d in graph.edges(data=True):
        if graph.nodes[u].get("type") != "person":
            continue
        kind = d.get("type")
        if kind in ("works_at", "worked_at"):
            groups.setdefault((v, ""), []).append(u)
        elif kind == "studied_at" and d.get("class_year"):
            # Classmates know each other; a whole school's alumni do not.
            groups.setdefault((v, str(d["class_year"])), []).append(u)
        elif kind == "introduced" and kept(u) and kept(v):
            ego.add_edge(u, v)
    for n, d in graph.nodes(data=True):
        if d.get("type") == "person" and kept(n):
            ego.add_edge(ME, n)
    for members in groups.values():
        unique = sorted(set(members))
        if 1 < len(unique) <= max_group:
            chosen = [m for m in unique if kept(m)]
            for i, a in enumerate(chosen):
                for b in chosen[i + 1 :]:
                    ego.add_edge(a, b)
    return ego


def ego_members(
    people: pd.DataFrame,
    among: set[str],
    *,
    events: pd.DataFrame | None = None,
    max_group: int = 200,
) -> set[str]:
    """The people a graph needs for `ego_network(..., among=among)` to draw the ties it draws
    over everyone: `among`, and the members of each group one of them is in (an employer, past
    or present; a class at a school), a big group only up to one member past `max_group`, which
    is enough to know it adds no ties. Worked out from the frames, so that a report on a career
    office's 500,000 people need not build a graph of them all to draw 150."""
    ids = text_column(people, C.PERSON_ID)
    pairs = [pd.DataFrame({"person": ids, "group": map_unique(text_column(people, C.COMPANY),
                                                              _employer_group)})]  # fmt: skip
    moves = employer_moves(events)
    pairs.append(pd.DataFrame({"person": moves["person_id"],
                               "group": moves["old_value"].map(_employer_group)}))  # fmt: skip
    classes = pd.DataFrame({"person": ids, "group": map_unique(schooling(people), _class_groups)})
    pairs.append(classes.explode("group"))
    members = pd.concat(pairs, ignore_index=True)
    members = members[members["group"].notna() & members["group"].ne("")].drop_duplicates()
    theirs = members[
        members["group"].isin(set(members.loc[members["person"].isin(among), "group"]))
    ]
    # Enough of each group to tell its size up to max_group + 1.
    needed = theirs.groupby("group", sort=False).head(max_group + 1)
    return {*among, *needed["person"]}


def _employer_group(company: str) -> str:
    return org_node(company) if company else ""


def _class_groups(held: str) -> list[str]:
    """A person's classes ("school:key|2015"), from `education`, `school` and `class_year`."""
    return [f"{school_node(s)}|{y}" for s, y in schools_of_text(held) if y]


def burt_measures(graph: nx.Graph, nodes: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """Burt's effective size and constraint of each node of a simple unweighted undirected graph,
    as `nx.effective_size` and `nx.constraint` define them, with sparse matrices: networkx walks
    every pair of neighbours in Python, which takes over a minute on a sample-sized network.

    With p_uv = 1/deg(u) for each neighbour v, constraint(u) = sum over neighbours v of
    (p_uv + sum_w p_uw p_wv)^2, and effective size(u) = deg(u) - 2 t(u) / deg(u), where t(u)
    counts the ties among u's neighbours.
    """
    import numpy as np
    import scipy.sparse as sp

    order = list(graph)
    adjacency = nx.to_scipy_sparse_array(graph, nodelist=order, weight=None, format="csr")
    adjacency = (adjacency > 0).astype(float)
    adjacency.setdiag(0)
    adjacency.eliminate_zeros()
    degree = np.asarray(adjacency.sum(axis=1)).ravel()
    inverse = sp.diags(np.divide(1.0, degree, out=np.zeros_like(degree), where=degree > 0))
    share = inverse @ adjacency
    # Only the pairs that are ties count: mask the two-step shares by the adjacency.
    indirect = (share @ share).multiply(adjacency)
    local = (share + indirect).power(2)
    constraint = np.asarray(local.sum(axis=1)).ravel()
    triangles = np.asarray((adjacency @ adjacency).multiply(adjacency).sum(axis=1)).ravel() / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        size = degree - 2 * triangles / degree
    index = {node: i for i, node in enumerate(order)}
    return (
        {n: float(size[index[n]]) for n in nodes},
        {n: float(constraint[index[n]]) for n in nodes},
    )


def brokers(graph: nx.MultiDiGraph, *, top: int = 20) -> pd.DataFrame:
    """Contacts who span structural holes in my network (Burt): the largest effective size (many
    non-redundant contacts), then the lowest constraint.

    Measured on the ego network (see `ego_network`), without `me`, whose ties to everyone would hide
    the holes between groups.
    """
    ego = ego_network(graph)
    ego.remove_node(ME)
    nodes = [n for n in ego if ego.degree(n) > 0]
    if not nodes:
        return pd.DataFrame(
            columns=[C.PERSON_ID, C.FULL_NAME, "effective_size", "constraint", "degree"]
        )
    size, constraint = burt_measures(ego, nodes)
    frame = pd.DataFrame(
        {
            C.PERSON_ID: nodes,
            C.FULL_NAME: [_label(graph, n) for n in nodes],
            "effective_size": [round(size[n], 3) for n in nodes],
            "constraint": [round(constraint[n], 3) for n in nodes],
            "degree": [ego.degree(n) for n in nodes],
        }
    )
    return (
        frame.sort_values(
            ["constraint", "effective_size", C.PERSON_ID], ascending=[True, False, True]
        )
        .head(top)
        .reset_index(drop=True)
    )


def introduction_tree(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Who led to whom: introduced edges, rooted at me; each node carries its generation
    (1 = someone you know directly, 2 = introduced by them, ...)."""
    tree = nx.DiGraph()
    tree.add_node(ME, label=_label(graph, ME), generation=0)
    intros = [(u, v, d) for u, v, d in graph.edges(data=True) if d.get("type") == "introduced"]
    introduced = {v for _, v, _ in intros}
    for u, v, d in intros:
        tree.add_edge(u, v, date=d.get("date", ""))
    for node in list(tree):
        if node != ME and node not in introduced:
            tree.add_edge(ME, node)
    for node, depth in nx.single_source_shortest_path_length(tree, ME).items():
        tree.nodes[node]["generation"] = depth
        tree.nodes[node]["label"] = _label(graph, node)
    return tree
