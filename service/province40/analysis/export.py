"""Graph views in the files researchers' tools open: GraphML and GEXF (Gephi, Cytoscape, yEd) and a
CSV edge list (spreadsheets, R, pandas). Node and edge attributes travel with the graph: labels in
Thai and English, kind, stated / curated, confidence, weight. Files are UTF-8.
"""

from __future__ import annotations

import enum
import io
from pathlib import Path

import networkx as nx
import pandas as pd

from province40.errors import ParameterError


class ExportFormat(enum.Enum):
    """The export formats, by their names on the command line."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"

    @classmethod
    def parse(cls, name: str) -> ExportFormat:
        """The format named ``name`` (case-insensitive); ParameterError names the choices."""
        try:
            return cls(name.strip().lower())
        except ValueError:
            choices = ", ".join(f.value for f in cls)
            raise ParameterError(f"unknown export format {name!r}; formats: {choices}", parameter="format") from None


def edge_frame(graph: nx.Graph) -> pd.DataFrame:
    """The edge list: ``source``, ``target``, their labels, then every edge attribute (one row per edge)."""
    records = []
    for u, v, data in graph.edges(data=True):
        records.append(
            {
                "source": u,
                "target": v,
                "source_label": graph.nodes[u].get("label", u),
                "target_label": graph.nodes[v].get("label", v),
                **data,
            }
        )
    first = ["source", "target", "source_label", "target_label"]
    rest = sorted({key for record in records for key in record} - set(first))
    return pd.DataFrame.from_records(records, columns=first + rest)


def graph_bytes(graph: nx.Graph, export_format: ExportFormat) -> bytes:
    """The graph serialised in ``export_format``."""
    if export_format is ExportFormat.CSV:
        return edge_frame(graph).to_csv(index=False, lineterminator="\n").encode("utf-8")
    buffer = io.BytesIO()
    if export_format is ExportFormat.GRAPHML:
        nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    else:
        nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def write_graph(graph: nx.Graph, path: Path, *, export_format: ExportFormat | None = None) -> ExportFormat:
    """Write the graph to ``path``; the format is given, or read from the file's extension. Returns it."""
    chosen = export_format or ExportFormat.parse(path.suffix.lstrip(".") or "?")
    if not path.parent.is_dir():
        raise ParameterError(f"cannot write {path}: no folder {path.parent}", parameter="output")
    path.write_bytes(graph_bytes(graph, chosen))
    return chosen
