"""Warm paths searched over a sparse matrix built from the frames (`graph --path`, `--employer`):
the same network as the typed graph, the warmest costs networkx finds, no way in through a flagged
person, and the workspace's cached copy kept fresh."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from coffeechat import columns as C
from coffeechat.cli import cli
from coffeechat.network.graph import build_graph
from coffeechat.network.nodes import ME, STEP_COST
from coffeechat.network.reach import KINDS, TYPES, Reach
from coffeechat.workspace import Workspace

SCHOOLS = ["Lakeshore State University"]
PAST = ["Acme", "Northwind Health"]


def _frames(workspace: Workspace) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The sample's people with the cases the builders must agree on: flags of each kind, job
    changes (one back to the person's own employer), an introduction each way between two
    people, and someone introduced by a person the frame does not hold."""
    people = workspace.contacts().copy()
    ids = people[C.PERSON_ID].tolist()
    people.loc[people.index[3], C.DO_NOT_CONTACT] = 1
    people.loc[people.index[10], C.DECEASED] = 1
    people.loc[people.index[17], C.LOST] = 1
    intros = pd.concat(
        [
            workspace.store.introductions(),
            pd.DataFrame(
                {
                    "introducer_id": [ids[20], ids[21], "p-nobody"],
                    "person_id": [ids[21], ids[20], ids[22]],
                    "introduced_on": ["2026-01-02"] * 3,
                    "note": [""] * 3,
                }
            ),
        ],
        ignore_index=True,
    )
    companies = people[C.COMPANY].fillna("").tolist()
    events = pd.DataFrame({
        "person_id": [ids[5], ids[6], ids[7], ids[7]],
        "kind": ["job_change"] * 4,
        "field": [C.COMPANY] * 4,
        "old_value": ["Globex Old Co", companies[6], "Acme", "Acme"],
    })  # fmt: skip
    return people, intros, events


def _network(
    reach: Reach,
) -> tuple[set[tuple[str, str, str, str]], dict[str, tuple[str, str, bool]]]:
    """A Reach as plain sets: its edges by node name, and each node's type, label and flag."""
    names = reach.names.to_pylist()
    edges = {
        (names[a], names[b], KINDS[k], reach._detail(e))
        for e, (a, b, k) in enumerate(zip(reach.a, reach.b, reach.kind, strict=True))
    }
    labels = reach.labels.to_pylist()
    nodes = {
        names[i]: (TYPES[reach.types[i]], labels[i], bool(reach.flagged[i]))
        for i in range(len(names))
        if TYPES[reach.types[i]]  # a node the typed graph made up for a stray introduction
    }
    return edges, nodes


def test_the_frames_build_the_network_the_typed_graph_holds(workspace: Workspace) -> None:
    people, intros, events = _frames(workspace)
    args = {"me": "Riley Tan", "schools": SCHOOLS, "past_employers": PAST, "events": events}
    from_frames = Reach.of_people(people, intros, **args)
    from_graph = Reach.of_graph(build_graph(people, intros, **args))
    edges, nodes = _network(from_frames)
    graph_edges, graph_nodes = _network(from_graph)
    assert nodes == graph_nodes
    # The graph keeps a stray introducer as a bare node; its edge leads nowhere walkable.
    assert edges == {e for e in graph_edges if "p-nobody" not in e[:2]}
    kinds = {kind for _, _, kind, _ in edges}
    assert kinds == set(STEP_COST)  # every kind of step is exercised
    assert {detail for *_, kind, detail in edges if kind == "messaged"} - {""}
    assert sum(1 for _, _, kind, _ in edges if kind == "worked_at") >= len(PAST) + 1


def test_each_cost_is_the_warmest_networkx_finds_and_each_path_walks_it(
    workspace: Workspace,
) -> None:
    people, intros, events = _frames(workspace)
    reach = Reach.of_people(
        people, intros, schools=SCHOOLS, past_employers=PAST, events=events, me="Riley Tan"
    )
    # Independently: the walkable graph with flagged people left out, searched by networkx.
    graph = build_graph(people, intros, schools=SCHOOLS, past_employers=PAST, events=events)
    walk = nx.Graph()
    flagged = {n for n, d in graph.nodes(data=True) if d.get("flagged")}
    for u, v, d in graph.edges(data=True):
        cost = STEP_COST.get(d["type"])
        if cost is None or u in flagged or v in flagged:
            continue
        if not walk.has_edge(u, v) or walk[u][v]["cost"] > cost:
            walk.add_edge(u, v, cost=cost)
    expected = nx.single_source_dijkstra_path_length(walk, ME, weight="cost")
    persons = [n for n, d in graph.nodes(data=True) if d.get("type") == "person"]
    found = {n: reach.path(n) for n in persons}
    reached = {n: route for n, route in found.items() if route is not None}
    assert set(reached) == {n for n in expected if n in persons}
    assert len(reached) > 500
    for node, route in reached.items():
        assert route.cost == expected[node]
        steps = list(zip(route.nodes, route.nodes[1:], strict=False))
        assert sum(walk[u][v]["cost"] for u, v in steps) == route.cost
        assert not flagged & set(route.nodes)


def small() -> tuple[pd.DataFrame, pd.DataFrame]:
    people = pd.DataFrame({
        "person_id": ["dnc", "ok", "target", "past", "old", "alum"],
        "full_name": ["Dee Flagged", "Oli Okay", "Tia Target", "Pat Past", "Ola Old", "Al Alum"],
        "company": ["Acme", "Globex", "Acme", "Initech", "Hooli", "Hooli"],
        "position": ["Engineer", "Analyst", "Researcher", "Designer", "Chef", "Cook"],
        "school": ["", "", "", "", "", "Lakeshore"],
        "is_connection": [True, True, False, False, True, False],
        "message_count": [5, 1, 0, 0, 0, 0],
        "do_not_contact": [1, 0, 0, 0, 0, 0],
    })  # fmt: skip
    events = pd.DataFrame({
        "person_id": ["ok", "past", "old"], "kind": ["job_change"] * 3,
        "field": ["company"] * 3, "old_value": ["Acme", "Acme", "Lakeshore Labs"],
    })  # fmt: skip
    return people, events


def test_nobody_is_reached_through_a_flagged_person() -> None:
    people, events = small()
    intros = pd.DataFrame(columns=["introducer_id", "person_id"])
    reach = Reach.of_people(people, intros, events=events)
    # Dee messaged you and works at Acme with Tia: the warmest way, and not to be offered.
    path = reach.path("target")
    assert path is not None and "Dee" not in path.text
    assert path.text == (
        "Oli Okay, with whom you have exchanged 1 message -> worked at Acme -> Tia Target, who "
        "works there"
    )
    assert reach.path("dnc") is None
    coverage = reach.coverage("Acme")
    assert coverage["full_name"].tolist() == ["Tia Target", "Dee Flagged"]
    assert coverage["path"].iloc[-1] == "DO NOT CONTACT (flagged)"
    assert np.isinf(coverage["cost"].iloc[-1])


def test_a_past_employer_is_said_as_past() -> None:
    people, events = small()
    intros = pd.DataFrame(columns=["introducer_id", "person_id"])
    reach = Reach.of_people(people, intros, events=events, past_employers=["Acme"])
    assert reach.path("past").text == "Pat Past, who worked at Acme, as you did"  # type: ignore[union-attr]
    assert reach.path("target").text == "Tia Target, who works at Acme where you worked"  # type: ignore[union-attr]
    assert reach.path("alum").text == (  # type: ignore[union-attr]
        "your LinkedIn connection Ola Old -> works at Hooli -> their colleague Al Alum"
    )
    # Colleagues now at the same employer are colleagues; a fellow alum studied there too.
    reach = Reach.of_people(people.assign(school="Lakeshore"), intros)
    assert reach.path("target").text.endswith(  # type: ignore[union-attr]
        " -> studied at Lakeshore -> Tia Target, who studied there too"
    )  # through Oli or Ola, connections both


def test_graph_path_says_a_flagged_person_is_not_offered(workspace: Workspace) -> None:
    person = workspace.contacts().iloc[4]
    workspace.store.conn.execute(
        "UPDATE people SET deceased = 1 WHERE person_id = ?", (person[C.PERSON_ID],)
    )
    workspace.store.conn.commit()
    result = CliRunner().invoke(
        cli, ["graph", "--path", person[C.PERSON_ID], "-w", str(workspace.root)]
    )
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.strip()
        == f"{person[C.FULL_NAME]} is marked deceased: no way to them is offered."
    )


def test_graph_path_and_employer_build_no_graph(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coffeechat.network import graph as g

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole graph was built")

    monkeypatch.setattr(g, "build_graph", refuse)
    employer = workspace.contacts()[C.COMPANY].value_counts().index[0]
    result = CliRunner().invoke(
        cli, ["graph", "--employer", employer, "--format", "csv", "-w", str(workspace.root)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") > 3


def test_the_cached_network_follows_the_store_and_the_profile(workspace: Workspace) -> None:
    cache = workspace.root / "cache" / "reach.pickle"
    first = workspace.reach()
    assert cache.exists()
    again = Workspace(workspace.root).reach()  # a new process reads it back
    assert _network(again) == _network(first)
    # An introduction to somebody new is a new node: the cached copy is stale.
    somebody = workspace.contacts()[C.PERSON_ID].iloc[0]
    workspace.intro(somebody, "Wholly New Person")
    assert "Wholly New Person" in workspace.reach().labels.to_pylist()
    # The profile's schools are yours: a new one is a new way in.
    profile = workspace.profile_path
    profile.write_text(
        profile.read_text("utf-8").replace("schools = [", 'schools = ["Far Away College", ', 1),
        "utf-8",
    )
    assert "school:far away college" in Workspace(workspace.root).reach().names.to_pylist()
    # A damaged cache file is rebuilt without a word.
    cache.write_bytes(b"not a pickle")
    assert _network(Workspace(workspace.root).reach())[1] == _network(workspace.reach())[1]


def test_a_workspace_path_is_the_sample_graphs_path(workspace: Workspace, tmp_path: Path) -> None:
    """The command's answer equals the typed graph's own for people reached several ways."""
    reach, graph = workspace.reach(), Reach.of_graph(workspace.graph())
    for person in workspace.contacts()[C.PERSON_ID].iloc[::37]:
        mine, theirs = reach.path(person), graph.path(person)
        assert (mine is None) == (theirs is None)
        if mine is not None and theirs is not None:
            assert mine.cost == theirs.cost


def test_introducers_read_from_the_frames_equal_the_typed_graphs(workspace: Workspace) -> None:
    people, intros, events = _frames(workspace)
    args = {"schools": SCHOOLS, "past_employers": PAST, "events": events}
    from_frames = Reach.of_people(people, intros, **args)
    from_graph = Reach.of_graph(build_graph(people, intros, **args))
    employers = [*people[C.COMPANY].value_counts().index[:6].tolist(), "Acme", "Nowhere Inc"]
    answered = 0
    for employer in employers:
        mine = from_frames.introducers(employer, top=50)
        pd.testing.assert_frame_equal(mine, from_graph.introducers(employer, top=50))
        answered += len(mine)
        assert not set(mine[C.PERSON_ID]) & set(
            people.loc[people[C.DO_NOT_CONTACT].eq(1), C.PERSON_ID]
        )
    assert answered > 10
