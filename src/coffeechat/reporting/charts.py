"""Charts (matplotlib): each function takes plain frames and returns a Figure; the CLI saves them,
notebooks show them. Okabe-Ito colours (safe for the common colour blindnesses), titles that say
what the chart shows, labelled axes."""

from __future__ import annotations

from pathlib import Path

# Figures are made with matplotlib.figure.Figure, never pyplot: no global state, no display needed,
# and notebooks show them with their own backend.
import matplotlib
import matplotlib.dates as mdates
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from coffeechat import columns as C
from coffeechat.atomic import atomic_save

# Labels are imported text (names, employers): "$\undefinedcmd$" is an employer's name, not
# mathematics to typeset. Texts read this when they are made, so it is set before any chart is.
matplotlib.rcParams["text.parse_math"] = False

PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GREY = "#BBBBBB"
BANDS = ("high relevance", "some relevance", "other")
BAND_COLOURS = {"high relevance": "#0072B2", "some relevance": "#56B4E9", "other": GREY}
COVERAGE_COLOURS = {"warm": "#009E73", "cold": "#E69F00"}


def _style(ax: Axes, title: str, subtitle: str = "") -> None:
    ax.set_title(title, loc="left", fontsize=14, fontweight="bold", pad=18 if subtitle else 8)
    if subtitle:
        ax.text(
            0, 1.01, subtitle, transform=ax.transAxes, fontsize=9.5, color="#444444", va="bottom"
        )
    ax.spines[["top", "right"]].set_visible(False)


def _empty(fig: Figure, message: str) -> Figure:
    ax = fig.add_subplot()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#444444")
    ax.set_axis_off()
    return fig


def relevance_band(relevance: pd.Series) -> pd.Series:
    """high (>= 0.5), some (>= 0.2) or other."""
    return pd.cut(
        relevance.fillna(0),
        bins=[-1, 0.2, 0.5, 2],
        labels=["other", "some relevance", "high relevance"],
        right=False,
    ).astype(str)


def network_growth(
    growth: pd.DataFrame,
    *,
    introductions: pd.Series | None = None,
    campaigns: pd.Series | None = None,
    title: str = "How your network grew",
) -> Figure:
    """Cumulative connections by month, stacked by group (relevance band or field); introductions
    marked with triangles and outreach campaigns (months with requests sent) shaded."""
    fig = Figure(figsize=(10, 5.4), layout="constrained")
    if growth.empty:
        return _empty(fig, "No connection dates to chart yet")
    ax = fig.add_subplot()
    order = [b for b in reversed(BANDS) if b in growth.columns] or list(growth.columns)
    order += [c for c in growth.columns if c not in order]
    cumulative = growth[order].cumsum()
    colours = [BAND_COLOURS.get(b, PALETTE[i % len(PALETTE)]) for i, b in enumerate(order)]
    ax.stackplot(
        cumulative.index,
        [cumulative[b].to_numpy() for b in order],
        labels=[f"{b} ({int(cumulative[b].iloc[-1])})" for b in order],
        colors=colours,
        alpha=0.9,
    )
    total = cumulative.sum(axis=1)
    if campaigns is not None and len(campaigns):
        campaign_months = (
            pd.to_datetime(campaigns, errors="coerce").dropna().dt.to_period("M").unique()
        )
        for i, month in enumerate(sorted(campaign_months)):
            start = month.to_timestamp()
            ax.axvspan(start, start + pd.offsets.MonthEnd(1), color="#CC79A7", alpha=0.18, lw=0,
                       label="outreach campaign" if i == 0 else None)  # fmt: skip
    if introductions is not None and len(introductions):
        dates = pd.to_datetime(introductions, errors="coerce").dropna()
        months = dates.dt.to_period("M").dt.to_timestamp()
        heights = total.reindex(months, method="ffill").fillna(float(total.iloc[-1]))
        ax.plot(dates.to_numpy(), heights.to_numpy(), marker="v", color="#D55E00", markersize=7,
                linestyle="none", label=f"introduction ({len(dates)})")  # fmt: skip
    _style(ax, title, "cumulative LinkedIn connections, by relevance to your target fields")
    ax.set_xlabel("month connected")
    ax.set_ylabel("connections (cumulative)")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.margins(x=0)
    ax.set_ylim(0, float(total.max()) * 1.05)
    ax.grid(axis="y", alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    stacked = len(order)
    # List the bands top-down, as they are stacked.
    handles = handles[:stacked][::-1] + handles[stacked:]
    labels = labels[:stacked][::-1] + labels[stacked:]
    ax.legend(handles, labels, loc="upper left", frameon=False)
    return fig


def new_connections(growth: pd.DataFrame, *, title: str = "New connections per month") -> Figure:
    """Monthly new connections (all groups together) with a 6-month rolling mean."""
    fig = Figure(figsize=(10, 4.2), layout="constrained")
    if growth.empty:
        return _empty(fig, "No connection dates to chart yet")
    ax = fig.add_subplot()
    monthly = growth.sum(axis=1)
    ax.bar(monthly.index, monthly.to_numpy(), width=25, color=PALETTE[4], label="new connections")
    ax.plot(monthly.index, monthly.rolling(6, min_periods=1).mean().to_numpy(), color=PALETTE[5], lw=2,
            label="6-month average")  # fmt: skip
    peak = monthly.idxmax()
    ax.annotate(f"busiest month: {peak:%b %Y} ({int(monthly.max())})", xy=(peak, monthly.max()),
                xytext=(10, -4), textcoords="offset points", fontsize=9, va="top")  # fmt: skip
    _style(ax, title)
    ax.set_xlabel("month")
    ax.set_ylabel("connections made")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, loc="upper left")
    return fig


def field_mix_chart(mix: pd.Series, *, targets: set[str] | None = None,
                    title: str = "Which fields your network works in") -> Figure:  # fmt: skip
    """Horizontal bars of people per career field; your target fields highlighted."""
    fig = Figure(figsize=(9, 0.42 * max(len(mix), 4) + 1.2), layout="constrained")
    if mix.empty:
        return _empty(fig, "No people to chart yet")
    ax = fig.add_subplot()
    targets = targets or set()
    labels = list(mix.index)
    colours = [PALETTE[0] if label in targets else GREY for label in labels]
    y = np.arange(len(labels))
    ax.barh(y, mix.to_numpy(), color=colours)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    for yi, value in zip(y, mix.to_numpy(), strict=True):
        ax.text(float(value), float(yi), f" {int(value)}", va="center", fontsize=9)
    _style(ax, title, "people per career field" + (" (blue: your targets)" if targets else ""))
    ax.set_xlabel("people")
    ax.margins(x=0.08)
    return fig


def coverage_chart(
    coverage: pd.DataFrame, *, title: str = "Whom you know at your target employers"
) -> Figure:
    """Per LAMP employer: people known warmly, people known only cold; employers with nobody marked."""
    fig = Figure(figsize=(9, 0.36 * max(len(coverage), 4) + 1.4), layout="constrained")
    if coverage.empty:
        return _empty(fig, "No target employers in your profile yet")
    ax = fig.add_subplot()
    y = np.arange(len(coverage))
    ax.barh(
        y, coverage["warm"], color=COVERAGE_COLOURS["warm"], label="warm (connection, alum, intro)"
    )
    ax.barh(y, coverage["cold"], left=coverage["warm"], color=COVERAGE_COLOURS["cold"],
            label="cold (directory only)")  # fmt: skip
    for yi, (warm, cold) in enumerate(zip(coverage["warm"], coverage["cold"], strict=True)):
        if warm + cold:
            ax.text(float(warm + cold), float(yi), f" {warm + cold}", va="center", fontsize=8.5)
        else:
            note = "nobody yet: ask for an introduction"
            ax.text(0.1, float(yi), note, va="center", fontsize=8.5, color="#666666")
    ax.set_yticks(y, coverage[C.EMPLOYER])
    ax.invert_yaxis()
    _style(ax, title, "in LAMP order, most wanted first")
    ax.set_xlabel("people you know there")
    ax.set_xlim(0, max(float((coverage["warm"] + coverage["cold"]).max()), 1.0) * 1.12)
    ax.legend(frameon=False, loc="lower right")
    return fig


def funnel_chart(funnel: pd.Series, *, title: str = "Outreach funnel") -> Figure:
    """People at each stage of outreach, from identified to introduced onward."""
    fig = Figure(figsize=(8, 4.2), layout="constrained")
    if not len(funnel) or funnel.iloc[0] == 0:
        return _empty(fig, "No outreach planned yet: `coffeechat plan` starts one")
    ax = fig.add_subplot()
    y = np.arange(len(funnel))
    ax.barh(y, funnel.to_numpy(), color=[PALETTE[i % len(PALETTE)] for i in range(len(funnel))])
    ax.set_yticks(y, list(funnel.index))
    ax.invert_yaxis()
    top = max(int(funnel.max()), 1)
    for yi, value in zip(y, funnel.to_numpy(), strict=True):
        share = f" ({value / funnel.iloc[0]:.0%})" if funnel.iloc[0] and yi else ""
        ax.text(
            float(value) + top * 0.01, float(yi), f"{int(value)}{share}", va="center", fontsize=9
        )
    _style(ax, title, "people who reached each stage")
    ax.set_xlabel("people")
    ax.set_xlim(0, top * 1.15)
    return fig


def introduction_tree_chart(tree: nx.DiGraph, *, title: str = "Who led to whom") -> Figure:
    """The introduction tree, one column per generation (you, your contacts, whom they introduced)."""
    fig = Figure(figsize=(10, 0.38 * max(tree.number_of_nodes(), 8) + 1), layout="constrained")
    if tree.number_of_nodes() <= 1:
        return _empty(fig, "No introductions logged yet: `coffeechat intro FROM TO` adds one")
    ax = fig.add_subplot()
    by_generation: dict[int, list[str]] = {}
    for node in nx.dfs_preorder_nodes(tree, "me"):
        by_generation.setdefault(int(tree.nodes[node].get("generation", 0)), []).append(node)
    depth = max(by_generation)
    rows = max(len(v) for v in by_generation.values())
    pos: dict[str, tuple[float, float]] = {}
    for generation, nodes in by_generation.items():
        # Spread each column over the same height, centred.
        step = rows / len(nodes)
        for i, node in enumerate(nodes):
            pos[node] = (generation, (len(nodes) - 1) / 2 * step - i * step)
    for u, v in tree.edges():
        ax.annotate("", xy=pos[v], xytext=pos[u],
                    arrowprops={"arrowstyle": "-|>", "color": "#888888", "lw": 1, "shrinkA": 6, "shrinkB": 6})  # fmt: skip
    for node, (x, y) in pos.items():
        generation = int(tree.nodes[node].get("generation", 0))
        ax.scatter([x], [y], s=90, color=PALETTE[generation % len(PALETTE)], zorder=3)
        ax.text(
            x,
            y + 0.28,
            str(tree.nodes[node].get("label", node)),
            ha="center",
            va="bottom",
            fontsize=8.5,
        )
    ax.set_xticks(range(depth + 1), ["you"] + [f"generation {g}" for g in range(1, depth + 1)])
    ax.set_yticks([])
    ax.set_xlim(-0.5, depth + 0.5)
    ax.set_ylim(-rows / 2 - 0.5, rows / 2 + 0.5)
    ax.spines[["left"]].set_visible(False)
    _style(ax, title, "each arrow is an introduction; columns are generations")
    return fig


def ego_network_chart(
    ego: nx.Graph,
    *,
    fields: pd.Series,
    scores: pd.Series,
    labels: pd.Series,
    top_labels: int = 12,
    seed: int = 7,
    title: str = "Your network around you",
) -> Figure:
    """Me in the middle; contacts coloured by career field and sized by score; ties between contacts
    who share an employer or class or were introduced. The layout is seeded, so it is the same every
    time."""
    fig = Figure(figsize=(10, 8.5), layout="constrained")
    if ego.number_of_nodes() <= 1:
        return _empty(fig, "No contacts to draw yet")
    ax = fig.add_subplot()
    others = ego.copy()
    others.remove_node("me")
    # Lay the contacts out on their own, then open a clearing in the middle for "you": every node is
    # pushed outwards by the same distance, which keeps groups intact and nothing sits on you.
    pos = nx.spring_layout(others, seed=seed, k=2.0 / np.sqrt(max(others.number_of_nodes(), 1)))
    if pos:
        centre = np.mean(np.array(list(pos.values())), axis=0)
        radius = max(float(np.linalg.norm(p - centre)) for p in pos.values()) or 1.0
        for node, point in pos.items():
            offset = point - centre
            length = float(np.linalg.norm(offset)) or 1e-9
            pos[node] = offset / length * (length + 0.3 * radius)
    pos["me"] = np.array([0.0, 0.0])
    field_of = fields.reindex(list(others.nodes)).fillna("")
    common = list(field_of[field_of != ""].value_counts().index[:7])
    colour_of = {f: PALETTE[i] for i, f in enumerate(common)}
    nx.draw_networkx_edges(others, pos, ax=ax, edge_color="#CCCCCC", width=0.6, alpha=0.7)
    ranked = scores.reindex(list(others.nodes)).fillna(0)
    colours = [colour_of.get(f, GREY) for f in field_of]
    nx.draw_networkx_nodes(
        others, pos, ax=ax, node_size=30 + 400 * ranked.to_numpy(), node_color=colours,
        linewidths=0.3, edgecolors="white",
    )  # fmt: skip
    ax.scatter([0], [0], s=500, marker="*", color="#000000", zorder=4)
    ax.annotate(
        "you", (0, 0), xytext=(8, 8), textcoords="offset points", fontsize=11, fontweight="bold"
    )
    span = float(np.ptp(np.array(list(pos.values())), axis=0).max()) or 1.0
    placed = [np.array([0.0, 0.0])]
    labelled: list[str] = []
    for node in ranked.sort_values(ascending=False).index:
        if len(labelled) >= top_labels:
            break
        # Skip a name that would sit on one already written (or on "you").
        if min(float(np.linalg.norm(pos[node] - p)) for p in placed) < 0.08 * span:
            continue
        placed.append(pos[node])
        labelled.append(node)
        x, y = pos[node]
        ax.annotate(
            str(labels.get(node, node)), (x, y), xytext=(6, 6), textcoords="offset points", fontsize=8.5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
        )  # fmt: skip
    for field, colour in colour_of.items():
        ax.scatter([], [], color=colour, label=field, s=40)
    ax.scatter([], [], color=GREY, label="other fields", s=40)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), title="career field")
    ax.set_axis_off()
    subtitle = f"{others.number_of_nodes()} contacts; larger dots rank higher; named: {len(labelled)} of the top-ranked"
    _style(ax, title, subtitle)
    return fig


def save_figure(fig: Figure, path: Path, *, dpi: int = 150) -> Path:
    """Write a chart whole or not at all (a full disk leaves no empty file behind)."""
    # SVG text stays text (searchable, editable), not outlines.
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        return atomic_save(path, lambda tmp: fig.savefig(tmp, dpi=dpi, format=path.suffix[1:]))
