"""Charts (matplotlib): each function returns a Figure; the CLI saves them, notebooks show them."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed; notebooks switch backends themselves

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.figure import Figure

from coffeechat import columns as C

# Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
BANDS = ("high relevance", "some relevance", "other")
BAND_COLOURS = {"high relevance": "#0072B2", "some relevance": "#56B4E9", "other": "#BBBBBB"}


def relevance_band(relevance: pd.Series) -> pd.Series:
    """high (>= 0.5), some (>= 0.2) or other."""
    return pd.cut(
        relevance.fillna(0),
        bins=[-1, 0.2, 0.5, 2],
        labels=["other", "some relevance", "high relevance"],
        right=False,
    ).astype(str)


def network_growth(
    people: pd.DataFrame,
    *,
    band: pd.Series | None = None,
    introductions: pd.DataFrame | None = None,
    title: str = "How your network grew",
) -> Figure:
    """Cumulative LinkedIn connections by month, stacked by relevance band, introductions marked."""
    when = pd.to_datetime(people[C.CONNECTED_ON], errors="coerce")
    frame = pd.DataFrame(
        {"month": when.dt.to_period("M"), "band": band if band is not None else "other"}
    )
    frame = frame.dropna(subset=["month"])
    fig = Figure(figsize=(10, 5.2), layout="constrained")
    ax = fig.add_subplot()
    if frame.empty:
        ax.text(0.5, 0.5, "No connection dates to chart yet", ha="center", va="center")
        ax.set_axis_off()
        return fig
    counts = frame.groupby(["month", "band"]).size().unstack(fill_value=0)
    months = pd.period_range(counts.index.min(), counts.index.max(), freq="M")
    counts = counts.reindex(months, fill_value=0)
    order = [b for b in reversed(BANDS) if b in counts.columns]
    cumulative = counts[order].cumsum()
    x = pd.PeriodIndex(cumulative.index).to_timestamp()
    ax.stackplot(
        x,
        [cumulative[b].to_numpy() for b in order],
        labels=[f"{b} ({int(cumulative[b].iloc[-1])})" for b in order],
        colors=[BAND_COLOURS[b] for b in order],
        alpha=0.9,
    )
    if introductions is not None and len(introductions):
        dates = pd.to_datetime(introductions["introduced_on"], errors="coerce").dropna()
        total = cumulative.sum(axis=1)
        total.index = x
        # Mark each introduction on the curve, at the network's size in that month.
        heights = total.reindex(dates.dt.to_period("M").dt.to_timestamp(), method="ffill").fillna(0)
        ax.plot(
            dates.to_numpy(),
            heights.to_numpy(),
            marker="v",
            color="#D55E00",
            markersize=7,
            linestyle="none",
            label="introduction",
        )
    ax.set_title(title, loc="left", fontsize=14, fontweight="bold")
    ax.set_xlabel("month connected")
    ax.set_ylabel("connections (cumulative)")
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.margins(x=0)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    handles, labels = ax.get_legend_handles_labels()
    # List the bands top-down, as they are stacked.
    stacked = len(order)
    handles = handles[:stacked][::-1] + handles[stacked:]
    labels = labels[:stacked][::-1] + labels[stacked:]
    ax.legend(handles, labels, loc="upper left", frameon=False, title="relevance to your targets")
    return fig


def save_figure(fig: Figure, path: Path, *, dpi: int = 150) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi)
    return path
