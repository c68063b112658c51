"""The shareable report: every chart as PNG and SVG, and one self-contained HTML page (images
embedded, no scripts, fonts or links fetched from anywhere)."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from coffeechat.atomic import atomic_save
from coffeechat.reporting.charts import save_figure

CSS = """
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 2rem auto;
       max-width: 1100px; color: #222; line-height: 1.45; padding: 0 1rem; }
h1 { margin-bottom: 0.2rem; } .sub { color: #555; margin-top: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 1rem 0 2rem; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: 0.7rem 1rem; min-width: 150px; }
.card b { display: block; font-size: 1.6rem; color: #0072B2; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 2rem; font-size: 0.92rem; }
th { background: #1F4E79; color: white; text-align: left; padding: 0.4rem; }
td { border-bottom: 1px solid #e3e3e3; padding: 0.4rem; vertical-align: top; }
figure { margin: 1.5rem 0 2.5rem; } figure img { max-width: 100%; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.9rem; }
"""


@dataclass
class Report:
    """What goes on the page."""

    title: str
    subtitle: str
    cards: dict[str, int | str]
    top: pd.DataFrame
    status: pd.DataFrame
    figures: dict[str, tuple[Figure, str]] = field(default_factory=dict)


def _table(frame: pd.DataFrame) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join(
        "<tr>"
        + "".join(f"<td>{html.escape('' if v is None else str(v))}</td>" for v in row)
        + "</tr>"
        for row in frame.itertuples(index=False)
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


PNG_DPI = 150


def _png(fig: Figure) -> str:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def render_html(report: Report, pngs: dict[str, bytes] | None = None) -> str:
    """The report as one HTML document; `pngs` (by figure name) are the charts already rendered,
    embedded as they are rather than drawn again."""
    pngs = pngs or {}
    cards = "".join(
        f'<div class="card"><b>{html.escape(str(v))}</b>{html.escape(k)}</div>'
        for k, v in report.cards.items()
    )
    figures = "".join(
        f'<figure><img alt="{html.escape(caption)}" src="data:image/png;base64,'
        f'{base64.b64encode(pngs[name]).decode("ascii") if name in pngs else _png(fig)}">'
        f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        for name, (fig, caption) in report.figures.items()
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(report.title)}</title><style>{CSS}</style></head>
<body>
<h1>{html.escape(report.title)}</h1><p class="sub">{html.escape(report.subtitle)}</p>
<section id="summary"><h2>Your network at a glance</h2><div class="cards">{cards}</div></section>
<section id="candidates"><h2>Whom to ask first, and why</h2>{_table(report.top)}</section>
<section id="plan"><h2>Where your outreach stands</h2>{_table(report.status)}</section>
<section id="charts"><h2>Charts</h2>{figures}</section>
</body></html>
"""


def _bytes_writer(data: bytes) -> Callable[[Path], int]:
    return lambda tmp: tmp.write_bytes(data)


def write_report(report: Report, out: Path) -> list[Path]:
    """PNG and SVG of every chart, and report.html, under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    pngs: dict[str, bytes] = {}
    for name, (fig, _) in report.figures.items():
        # Each chart is drawn once as PNG: the file and the page share the bytes.
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=PNG_DPI)
        pngs[name] = buffer.getvalue()
        written.append(atomic_save(out / f"{name}.png", _bytes_writer(pngs[name])))
        # The layout that drawing computed is kept for the SVG instead of worked out again (the
        # costliest part of a draw): same positions, one layout per chart.
        fig.set_layout_engine("none")
        written.append(save_figure(fig, out / f"{name}.svg"))
    page = render_html(report, pngs)
    written.append(
        atomic_save(out / "report.html", lambda tmp: tmp.write_text(page, encoding="utf-8"))
    )
    return written
