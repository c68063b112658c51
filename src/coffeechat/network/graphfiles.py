"""Graph files for Gephi: GraphML and GEXF."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI reads FORMATS for its options without loading networkx
    import networkx as nx

FORMATS = ("graphml", "gexf")


def export_graph(graph: nx.MultiDiGraph, path: Path, *, fmt: str) -> Path:
    """Write GraphML or GEXF for Gephi (attributes as plain strings and numbers)."""
    import networkx as nx

    clean = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        clean.add_node(node, **{k: v for k, v in data.items() if isinstance(v, str | int | float)})
    for u, v, data in graph.edges(data=True):
        clean.add_edge(
            u, v, **{k: v2 for k, v2 in data.items() if isinstance(v2, str | int | float)}
        )
    from coffeechat.atomic import atomic_save

    # Written whole (a temporary file renamed into place) and private: it is the whole network.
    write = nx.write_graphml if fmt == "graphml" else nx.write_gexf
    return atomic_save(path, lambda tmp: write(clean, tmp))
