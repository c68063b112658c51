"""The typed network graph: me, people, organisations, schools; who connects to whom and how."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from coffeechat import columns as C
from coffeechat.identity import org_key
from coffeechat.profile import Profile

ME = "me"


def build_graph(
    people: pd.DataFrame, introductions: pd.DataFrame, profile: Profile
) -> nx.MultiDiGraph:
    """Nodes typed me/person/organisation/school; edges connected, works_at, studied_at, introduced,
    messaged (with counts and dates)."""
    graph = nx.MultiDiGraph()
    graph.add_node(ME, type="me", label=profile.name or "me")
    for school in profile.schools:
        graph.add_edge(ME, f"school:{org_key(school)}", type="studied_at")
        graph.nodes[f"school:{org_key(school)}"].update(type="school", label=school)
    for record in people.to_dict("records"):
        pid = str(record[C.PERSON_ID])
        graph.add_node(pid, type="person", label=record[C.FULL_NAME])
        if "linkedin" in str(record.get(C.SOURCES, "")):
            graph.add_edge(ME, pid, type="connected", date=record.get(C.CONNECTED_ON, ""))
        if record.get(C.COMPANY):
            org = f"org:{org_key(record[C.COMPANY])}"
            if org not in graph:
                graph.add_node(org, type="organisation", label=record[C.COMPANY])
            graph.add_edge(pid, org, type="works_at")
        if record.get(C.SCHOOL):
            school = f"school:{org_key(record[C.SCHOOL])}"
            if school not in graph:
                graph.add_node(school, type="school", label=record[C.SCHOOL])
            graph.add_edge(pid, school, type="studied_at", class_year=record.get(C.CLASS_YEAR, ""))
        count = int(record.get(C.MESSAGE_COUNT, 0) or 0)
        if count:
            graph.add_edge(
                ME,
                pid,
                type="messaged",
                count=count,
                first=record.get(C.FIRST_MESSAGE_AT, ""),
                last=record.get(C.LAST_MESSAGE_AT, ""),
            )
    for intro in introductions.to_dict("records"):
        graph.add_edge(
            intro["introducer_id"],
            intro[C.PERSON_ID],
            type="introduced",
            date=intro.get("introduced_on", ""),
        )
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
