"""Exports read back by networkx (and pandas) with their attributes intact."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest

from province40.analysis.export import ExportFormat, edge_frame, write_graph
from province40.analysis.views import build_view
from province40.errors import ParameterError
from tests.analysis.known import ID, known_store

READERS = {ExportFormat.GRAPHML: nx.read_graphml, ExportFormat.GEXF: nx.read_gexf}


@pytest.mark.parametrize("export_format", [ExportFormat.GRAPHML, ExportFormat.GEXF])
@pytest.mark.parametrize("view", ["project-dimension", "province-strategy"])
def test_graph_files_round_trip_with_their_attributes(tmp_path: Path, export_format: ExportFormat, view: str) -> None:
    graph = build_view(view, known_store(), lang="th")
    path = tmp_path / f"{view}.{export_format.value}"
    assert write_graph(graph, path) is export_format
    back = READERS[export_format](path)
    assert back.is_directed() == graph.is_directed()
    assert set(back.nodes) == set(graph.nodes)
    for node, data in graph.nodes(data=True):
        assert back.nodes[node] == data, node
    assert back.number_of_edges() == graph.number_of_edges()
    for u, v, data in graph.edges(data=True):
        read = {k: val for k, val in back.edges[u, v].items() if k != "id"}  # GEXF adds an edge id
        assert read == data, (u, v)
    if view == "project-dimension":
        weak = back.edges[ID + "project/pb1", ID + "dimension/d1"]
        assert weak["basis"] == "curated" and weak["confidence"] == "weak" and weak["weight"] == pytest.approx(1 / 3)
        assert back.nodes[ID + "project/pa1"]["label"] == "โครงการเอหนึ่ง"


@pytest.mark.parametrize("export_format", [ExportFormat.GRAPHML, ExportFormat.GEXF])
def test_the_programme_multigraph_round_trips(tmp_path: Path, store_dir: Path, export_format: ExportFormat) -> None:
    graph = build_view("programme", ox.Store.read_only(str(store_dir)), lang="en")
    path = tmp_path / f"programme.{export_format.value}"
    write_graph(graph, path, export_format=export_format)
    back = READERS[export_format](path)
    assert back.is_multigraph() and back.number_of_edges() == graph.number_of_edges()
    post = next(n for n, d in graph.nodes(data=True) if d["type"] == "org:Post")
    assert back.nodes[post] == graph.nodes[post]
    relations = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert relations == sorted(d["relation"] for _, _, d in graph.edges(data=True))


def test_csv_edge_list_reads_back_with_labels_and_attributes(tmp_path: Path) -> None:
    graph = build_view("project-dimension", known_store(), lang="th")
    path = tmp_path / "edges.csv"
    write_graph(graph, path)
    frame = pd.read_csv(path, keep_default_na=False)
    assert frame.columns.tolist() == ["source", "target", "source_label", "target_label", "basis", "confidence",
                                      "link", "relation", "weight"]
    row = frame.set_index(["source", "target"]).loc[(ID + "issue/ib1", ID + "dimension/d2")]
    assert row["source_label"] == "ประเด็นบี" and row["target_label"] == "Dimension two"
    assert row["confidence"] == "moderate" and row["weight"] == pytest.approx(2 / 3)
    assert len(frame) == graph.number_of_edges() == len(edge_frame(graph))


def test_unknown_format_or_missing_folder_is_a_parameter_error(tmp_path: Path) -> None:
    graph = build_view("project-dimension", known_store())
    with pytest.raises(ParameterError, match="graphml, gexf, csv"):
        write_graph(graph, tmp_path / "graph.xlsx")
    with pytest.raises(ParameterError, match="no folder"):
        write_graph(graph, tmp_path / "missing" / "graph.gexf")
    assert ExportFormat.parse(" GraphML ") is ExportFormat.GRAPHML
