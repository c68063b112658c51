from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.network import graph as g
from coffeechat.network.graph import (
    ME,
    brokers,
    build_graph,
    introduction_tree,
)
from coffeechat.network.graphfiles import export_graph
from coffeechat.network.reach import Reach, WarmPath
from coffeechat.workspace import Workspace


def warm_path(graph: nx.MultiDiGraph, target: str) -> WarmPath | None:
    return Reach.of_graph(graph).path(target)


def employer_coverage(graph: nx.MultiDiGraph, employer: str) -> pd.DataFrame:
    return Reach.of_graph(graph).coverage(employer)


def small_network() -> nx.MultiDiGraph:
    """Me (Lakeshore alum, ex-Acme) and five people whose warmest routes we know by hand."""
    people = pd.DataFrame(
        {
            "person_id": ["ana", "bo", "cy", "di", "ed"],
            "full_name": ["Ana Lee", "Bo Chen", "Cy Diaz", "Di Eze", "Ed Fox"],
            "company": ["Northwind Health", "Globex", "Acme", "Northwind Health", "Initech"],
            "position": ["UX Researcher", "Analyst", "Engineer", "Nurse", "Designer"],
            "school": ["Lakeshore State University", "", "", "", ""],
            "class_year": ["2019", "", "", "", ""],
            "sources": ["directory", "linkedin", "directory", "directory", "introductions"],
            "is_connection": [False, True, False, False, False],
            "connected_on": ["", "2024-01-02", "", "", ""],
            "message_count": [0, 3, 0, 0, 0],
        }
    )
    intros = pd.DataFrame(
        {
            "introducer_id": ["bo"],
            "person_id": ["ed"],
            "introduced_on": ["2026-05-01"],
            "note": [""],
        }
    )
    return build_graph(
        people,
        intros,
        me="Riley Tan",
        schools=["Lakeshore State University"],
        past_employers=["Acme"],
    )


def test_graph_has_typed_nodes_and_edges() -> None:
    graph = small_network()
    types = {d["type"] for _, d in graph.nodes(data=True)}
    assert types == {"me", "person", "organisation", "school"}
    edge_types = {d["type"] for _, _, d in graph.edges(data=True)}
    assert {
        "connected",
        "messaged",
        "works_at",
        "worked_at",
        "studied_at",
        "introduced",
    } <= edge_types
    assert graph.has_edge("bo", "ed")  # introduced is directed
    assert not graph.has_edge("ed", "bo")


def test_warm_paths_are_spelled_out() -> None:
    graph = small_network()
    assert (
        warm_path(graph, "ana").text
        == "Ana Lee, a fellow alum of Lakeshore State University (class of 2019)"
    )
    assert warm_path(graph, "bo").text == "Bo Chen, with whom you have exchanged 3 messages"
    assert warm_path(graph, "cy").text == "Cy Diaz, who works at Acme where you worked"
    assert warm_path(graph, "ed").text == (
        "Bo Chen, with whom you have exchanged 3 messages -> who introduced you to Ed Fox"
    )
    to_employer = warm_path(graph, "org:northwind health")
    assert to_employer is not None
    assert to_employer.text == (
        "Ana Lee, a fellow alum of Lakeshore State University (class of 2019) -> works at Northwind Health"
    )


def test_a_person_with_no_route_has_no_warm_path() -> None:
    graph = small_network()
    # Di is reachable only through Ana's employer.
    assert warm_path(graph, "di").text == (  # type: ignore[union-attr]
        "Ana Lee, a fellow alum of Lakeshore State University (class of 2019) -> works at "
        "Northwind Health -> their colleague Di Eze"
    )
    graph.add_node("zed", type="person", label="Zed")
    assert warm_path(graph, "zed") is None


def test_employer_coverage_lists_who_i_know_there_warmest_first() -> None:
    coverage = employer_coverage(small_network(), "Northwind Health")
    assert coverage["full_name"].tolist() == ["Ana Lee", "Di Eze"]
    assert coverage["path"].iloc[0].startswith("Ana Lee, a fellow alum")
    assert employer_coverage(small_network(), "Nowhere Inc").empty


def test_brokers_rank_the_bridge_between_two_groups_first() -> None:
    # Two employers of three people each; "bridge" works at one and worked at the other.
    rows = [(f"a{i}", "Acme") for i in range(3)] + [(f"g{i}", "Globex") for i in range(3)]
    people = pd.DataFrame([*rows, ("bridge", "Acme")], columns=["person_id", "company"])
    people["full_name"] = people["person_id"]
    events = pd.DataFrame(
        {
            "person_id": ["bridge"],
            "kind": ["job_change"],
            "field": ["company"],
            "old_value": ["Globex"],
        }
    )
    graph = build_graph(people, pd.DataFrame(columns=["introducer_id", "person_id"]), events=events)
    top = brokers(graph, top=3)
    assert top["person_id"].iloc[0] == "bridge"
    assert top["effective_size"].iloc[0] > top["effective_size"].iloc[1]


def test_introduction_tree_has_generations() -> None:
    tree = introduction_tree(small_network())
    assert tree.nodes[ME]["generation"] == 0
    assert tree.nodes["bo"]["generation"] == 1
    assert tree.nodes["ed"]["generation"] == 2
    assert list(tree.predecessors("ed")) == ["bo"]


def test_graph_exports_for_gephi(tmp_path: Path) -> None:
    graph = small_network()
    for fmt in ("graphml", "gexf"):
        path = export_graph(graph, tmp_path / f"n.{fmt}", fmt=fmt)
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()


def test_graph_command_shows_a_path_and_exports(workspace: Workspace, tmp_path: Path) -> None:
    intro = workspace.introductions().iloc[0]
    out = tmp_path / "net.graphml"
    result = CliRunner().invoke(
        cli,
        ["graph", "--path", intro["person_id"], "--export", "graphml", "--out", str(out),
         "-w", str(workspace.root)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"introduced you to {intro['person_name']}" in result.stdout
    assert nx.read_graphml(out).number_of_nodes() > 800


def test_graph_command_names_an_unknown_person(workspace: Workspace) -> None:
    result = CliRunner().invoke(cli, ["graph", "--path", "Nobody Atall", "-w", str(workspace.root)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: nobody called 'Nobody Atall'")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_burt_measures_equal_networkx(seed: int) -> None:
    """The sparse-matrix effective size and constraint agree with networkx's definitions."""
    import networkx as nx

    from coffeechat.network.graph import burt_measures

    graph = nx.relabel_nodes(nx.gnm_random_graph(40, 150 + 40 * seed, seed=seed), str)
    graph.add_edge("x", "y")  # a pair on its own: effective size 1, constraint 1
    nodes = [n for n in graph if graph.degree(n) > 0]
    size, constraint = burt_measures(graph, nodes)
    expected_size, expected_constraint = (
        nx.effective_size(graph, nodes),
        nx.constraint(graph, nodes),
    )
    for node in nodes:
        assert size[node] == pytest.approx(expected_size[node])
        assert constraint[node] == pytest.approx(expected_constraint[node])
    assert (size["x"], constraint["x"]) == (1.0, 1.0)


def test_the_summary_counted_from_frames_equals_the_graphs(workspace) -> None:  # type: ignore[no-untyped-def]
    from coffeechat.network.graph import graph_summary

    workspace.intro(workspace.contacts()["person_id"].iloc[0], "Brand New Person")
    assert workspace.graph_summary() == graph_summary(workspace.graph())


def test_introducers_for_an_employer_where_you_know_nobody_warm() -> None:
    import pandas as pd

    from coffeechat.network.graph import build_graph, introducers

    people = pd.DataFrame(
        {
            "person_id": ["a", "b", "c", "d", "e", "f", "g", "h"],
            "full_name": [
                "Ann Works",
                "Ben Left",
                "Cat Alum",
                "Dee Target",
                "Eve Target",
                "Fay Other",
                "Gus Flagged",
                "Hal Stranger",
            ],
            "company": ["Acme", "Globex", "Initech", "Acme", "Acme", "Hooli", "Acme", "Acme"],
            "position": [
                "Engineer",
                "Analyst",
                "Teacher",
                "Researcher",
                "Designer",
                "Chef",
                "Engineer",
                "Engineer",
            ],
            "school": ["", "", "Lakeshore", "Lakeshore", "Lakeshore", "", "", ""],
            "is_connection": [True, False, True, False, False, True, True, False],
            "message_count": [0, 4, 0, 0, 0, 2, 0, 0],
            "do_not_contact": [0, 0, 0, 0, 0, 0, 1, 0],
        }
    )
    events = pd.DataFrame(
        {"person_id": ["b"], "kind": ["job_change"], "field": ["company"], "old_value": ["Acme"]}
    )
    graph = build_graph(people, pd.DataFrame(columns=["introducer_id", "person_id"]), events=events)
    found = introducers(graph, "Acme")
    assert found["full_name"].tolist() == ["Ben Left", "Ann Works", "Cat Alum"]
    why = dict(zip(found["full_name"], found["why"], strict=True))
    assert why["Ann Works"] == "works at Acme"
    assert why["Ben Left"] == "worked at Acme"  # messaged you (1.0 x 0.8) beats a connection (0.7)
    assert why["Cat Alum"] == "studied at Lakeshore, like 2 people at Acme"
    assert introducers(graph, "Nowhere Inc").empty


def test_the_ego_network_among_some_people_is_that_subgraph(workspace) -> None:  # type: ignore[no-untyped-def]
    """The report draws its 150 best contacts without drawing everyone's ties first: the same ties."""
    network = workspace.graph()
    ego = g.ego_network(network)
    people = sorted(n for n in ego if n != g.ME)
    some = {g.ME, *people[::7]}
    among = g.ego_network(network, among=some)
    whole = ego.subgraph(some)
    assert set(among.nodes) == set(whole.nodes)
    assert {frozenset(e) for e in among.edges} == {frozenset(e) for e in whole.edges}
    assert among.number_of_edges() > len(some)  # ties between contacts, not only to me


@pytest.mark.parametrize("max_group", [2, 5, 200])
def test_the_ego_network_of_its_members_alone_is_the_one_of_everyone(  # type: ignore[no-untyped-def]
    workspace, max_group: int
) -> None:
    """The report builds the graph of `ego_members` only: the people it draws and whoever decides
    their ties. The ties are those of the graph of everyone, a group past `max_group` included
    (small caps put the sample's employers and classes on both sides of it)."""
    people = workspace.contacts()
    events = workspace.store.events()
    whole = g.ego_network(workspace.graph(), max_group=max_group)
    ids = sorted(n for n in whole if n != g.ME)
    for some in ({g.ME, *ids[::7]}, {g.ME, *ids[:40]}):
        members = g.ego_members(people, some, events=events, max_group=max_group)
        assert len(members) < len(people)
        part = workspace.graph(people=people[people[C.PERSON_ID].isin(members)])
        drawn = g.ego_network(part, among=some, max_group=max_group)
        expected = g.ego_network(workspace.graph(), among=some, max_group=max_group)
        assert set(drawn.nodes) == set(expected.nodes) == some
        assert {frozenset(e) for e in drawn.edges} == {frozenset(e) for e in expected.edges}
        uncapped = g.ego_network(workspace.graph(), among=some)
        if max_group < 200:  # the cap dropped some group's ties
            assert uncapped.number_of_edges() > expected.number_of_edges()
        else:
            assert expected.number_of_edges() > len(some)  # ties between contacts too
