from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.figure import Figure

from coffeechat.cli import cli
from coffeechat.reporting import charts
from coffeechat.reporting.insights import (
    FUNNEL_STAGES,
    alias_for,
    employer_coverage_table,
    field_mix,
    funnel_counts,
    monthly_growth,
)
from coffeechat.workspace import Workspace

PEOPLE = pd.DataFrame(
    {
        "person_id": ["a", "b", "c", "d", "e"],
        "full_name": ["Ana Lee", "Bo Chen", "Cy Diaz", "Di Eze", "Ed Fox"],
        "company": ["Acme", "Acme", "Globex", "Initech", ""],
        "school": ["Lakeshore", "", "", "", ""],
        "sources": ["linkedin", "directory", "linkedin", "directory", "linkedin"],
        "is_connection": [True, False, True, False, True],
        "message_count": [0, 0, 2, 0, 0],
        "connected_on": ["2024-01-05", "", "2024-03-10", "", "2025-01-02"],
    }
)


def texts(fig: Figure) -> str:
    ax = fig.axes[0]
    return " ".join(
        [
            ax.get_title(loc="left"),
            ax.get_xlabel(),
            ax.get_ylabel(),
            *(t.get_text() for t in ax.texts),
        ]
    )


def test_monthly_growth_fills_gaps_and_groups() -> None:
    growth = monthly_growth(
        PEOPLE, pd.Series(["high relevance", "other", "other", "other", "high relevance"])
    )
    assert growth.index[0] == pd.Timestamp("2024-01-01") and growth.index[-1] == pd.Timestamp(
        "2025-01-01"
    )
    assert len(growth) == 13
    assert growth.sum().to_dict() == {"high relevance": 2, "other": 1}


def test_network_growth_chart_stacks_bands_and_marks_introductions() -> None:
    growth = monthly_growth(
        PEOPLE, pd.Series(["high relevance", "other", "other", "other", "high relevance"])
    )
    fig = charts.network_growth(
        growth, introductions=pd.Series(["2024-06-01"]), campaigns=pd.Series(["2024-09-02"])
    )
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "How your network grew"
    assert ax.get_xlabel() == "month connected" and ax.get_ylabel() == "connections (cumulative)"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["high relevance (2)", "other (1)", "outreach campaign", "introduction (1)"]


def test_new_connections_chart_names_the_busiest_month() -> None:
    fig = charts.new_connections(monthly_growth(PEOPLE))
    assert "busiest month: Jan 2024 (1)" in texts(fig)


def test_field_mix_separates_unknown_and_highlights_targets() -> None:
    mix = field_mix(pd.Series(["UX research", "UX research", "Nursing", "", "Law"]), top=2)
    assert mix.to_dict() == {
        "UX research": 2,
        "Nursing": 1,
        "other fields": 1,
        "no field identified": 1,
    }
    fig = charts.field_mix_chart(mix, targets={"UX research"})
    bars = fig.axes[0].patches
    assert len(bars) == 4
    assert bars[0].get_facecolor() != bars[1].get_facecolor()


def test_coverage_distinguishes_warm_cold_and_none() -> None:
    table = employer_coverage_table(PEOPLE, ["Acme", "Initech", "Nowhere"], schools=["Lakeshore"])
    assert table.values.tolist() == [
        ["Acme", 1, 1, "warm"],
        ["Initech", 0, 1, "cold"],
        ["Nowhere", 0, 0, "none"],
    ]
    fig = charts.coverage_chart(table)
    assert "nobody yet" in texts(fig)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Acme", "Initech", "Nowhere"]


def test_funnel_counts_each_stage_including_introduced_onward() -> None:
    outreach = pd.DataFrame(
        {"person_id": ["a", "b", "c", "d"], "status": ["planned", "asked", "met", "thanked"]}
    )
    intros = pd.DataFrame({"introducer_id": ["d", "x"], "person_id": ["y", "z"]})
    funnel = funnel_counts(outreach, intros)
    assert list(funnel.index) == list(FUNNEL_STAGES)
    assert funnel.tolist() == [4, 3, 2, 2, 1, 1]
    fig = charts.funnel_chart(funnel)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == list(FUNNEL_STAGES)


def test_introduction_tree_chart_has_a_column_per_generation() -> None:
    tree = nx.DiGraph()
    tree.add_node("me", generation=0, label="you")
    tree.add_edge("me", "a")
    tree.add_edge("a", "b")
    tree.nodes["a"].update(generation=1, label="Ana Lee")
    tree.nodes["b"].update(generation=2, label="Bo Chen")
    fig = charts.introduction_tree_chart(tree)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks == ["you", "generation 1", "generation 2"]
    assert {"Ana Lee", "Bo Chen", "you"} <= {t.get_text() for t in fig.axes[0].texts}


def test_ego_network_chart_is_deterministic_and_labels_the_top() -> None:
    ego = nx.Graph([("me", "a"), ("me", "b"), ("me", "c"), ("a", "b")])
    kwargs = {
        "fields": pd.Series({"a": "UX research", "b": "Nursing", "c": ""}),
        "scores": pd.Series({"a": 0.9, "b": 0.2, "c": 0.5}),
        "labels": pd.Series({"a": "Ana Lee", "b": "Bo Chen", "c": "Cy Diaz"}),
        "top_labels": 1,
    }
    first, second = charts.ego_network_chart(ego, **kwargs), charts.ego_network_chart(ego, **kwargs)
    offsets = [c.get_offsets().tolist() for c in first.axes[0].collections if len(c.get_offsets())]
    assert offsets == [
        c.get_offsets().tolist() for c in second.axes[0].collections if len(c.get_offsets())
    ]
    names = [t.get_text() for t in first.axes[0].texts]
    assert "Ana Lee" in names and "Bo Chen" not in names
    legend = [t.get_text() for t in first.axes[0].get_legend().get_texts()]
    assert legend[:2] == ["Nursing", "UX research"] or legend[:2] == ["UX research", "Nursing"]


@pytest.mark.parametrize("func", [charts.new_connections, charts.network_growth])
def test_empty_data_gives_a_friendly_message(func) -> None:  # type: ignore[no-untyped-def]
    fig = func(pd.DataFrame())
    assert "No connection dates" in fig.axes[0].texts[0].get_text()


@pytest.mark.slow
def test_report_has_every_section_and_references_nothing_outside(
    workspace: Workspace, tmp_path: Path
) -> None:
    written = workspace.report(tmp_path)
    page = (tmp_path / "report.html").read_text("utf-8")
    for section in ('id="summary"', 'id="candidates"', 'id="plan"', 'id="charts"'):
        assert section in page
    assert page.count("<img") == 7 and page.count('src="data:image/png;base64,') == 7
    for outside in ("http://", "https://", "<script", "<link", "@import", "url("):
        assert outside not in page
    for name in (
        "network_growth",
        "field_mix",
        "employer_coverage",
        "outreach_funnel",
        "ego_network",
    ):
        assert tmp_path / f"{name}.png" in written and (tmp_path / f"{name}.svg").exists()
    top_name = workspace.rank(top=1)["full_name"].iloc[0]
    assert top_name in page


@pytest.mark.slow
def test_pseudonymized_report_contains_no_real_names(workspace: Workspace, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["report", "--out", str(tmp_path), "--pseudonymize", "-w", str(workspace.root)]
    )
    assert result.exit_code == 0, result.output
    page = (tmp_path / "report.html").read_text("utf-8")
    people = workspace.contacts()
    leaked = [n for n in people["full_name"] if n and n in page]
    assert leaked == []
    assert workspace.profile.name not in page
    top = workspace.rank(top=1)["person_id"].iloc[0]
    assert alias_for(top) in page
    svg = (tmp_path / "ego_network.svg").read_text("utf-8")
    assert "Contact " in svg  # SVG text is real text, so this check can see names
    assert not [n for n in people["full_name"] if n and n in svg]
    # No address of anyone, first or other, is in the page.
    addresses = {
        e for cell in people["email"] + "; " + people["other_emails"] for e in cell.split("; ")
    }
    assert not [e for e in addresses if e and e in page]
