"""Measures on graphs whose answers are known by hand."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from province40.analysis.measures import (
    centrality,
    communities,
    coverage_matrix,
    link_summary,
    served_by,
    similarity,
)
from province40.analysis.views import build_view
from tests.analysis.known import ID, known_store


def _star() -> nx.DiGraph:
    """Items p1, p2, p3 → d1; p3 → d2; d3 alone."""
    graph = nx.DiGraph(lang="en")
    for item in ("p1", "p2", "p3"):
        graph.add_node(item, kind="project", label=item.upper(), province="TH-01")
    for target, notation in (("d1", "1"), ("d2", "2"), ("d3", "3")):
        graph.add_node(target, kind="dimension", label=target.upper(), notation=notation)
    graph.add_edge("p1", "d1", basis="stated", weight=1.0)
    graph.add_edge("p2", "d1", basis="curated", weight=2 / 3)
    graph.add_edge("p3", "d1", basis="curated", weight=1 / 3)
    graph.add_edge("p3", "d2", basis="curated", weight=1.0)
    return graph


def test_centrality_of_a_known_graph() -> None:
    frame = centrality(_star()).set_index("target")
    assert frame.loc["d1", "degree"] == 1.0  # every item reaches d1
    assert frame.loc["d2", "degree"] == pytest.approx(1 / 3)
    assert frame.loc["d3", "degree"] == 0.0
    assert frame.loc["d1", "weighted_degree"] == pytest.approx(2.0)
    # d1 lies on the only shortest path of 5 pairs (p1-p2, p1-p3, p2-p3, p1-d2, p2-d2); networkx
    # normalises by the (n - 1)(n - 2) / 2 = 10 pairs of the other nodes (n = 6, the isolated d3 included)
    assert frame.loc["d1", "betweenness"] == pytest.approx(5 / 10)
    assert frame.loc["d2", "betweenness"] == 0.0


def test_served_by_counts_items_and_weights_and_keeps_unserved_targets() -> None:
    frame = served_by(_star())
    assert frame["target"].tolist() == ["d1", "d2", "d3"]
    first = frame.iloc[0]
    assert (first["items"], first["stated"], first["curated"]) == (3, 1, 2)
    assert first["weighted"] == pytest.approx(2.0)
    assert frame.iloc[2]["items"] == 0


def test_served_by_on_the_known_graph() -> None:
    frame = served_by(build_view("project-dimension", known_store())).set_index("notation")
    assert frame.loc["1", "items"] == 3 and frame.loc["1", "weighted"] == pytest.approx(1 + 1 + 1 / 3)
    assert frame.loc["2", "items"] == 2 and frame.loc["2", "weighted"] == pytest.approx(1.0)
    assert frame.loc["3", "items"] == 0


def test_coverage_matrix_from_an_item_view_and_from_the_province_view() -> None:
    dimensions = coverage_matrix(build_view("project-dimension", known_store(), lang="en"))
    assert dimensions.to_dict("index") == {
        "Province A": {"Dimension one": 2, "Dimension two": 0, "Dimension three": 0},
        "Province B": {"Dimension one": 1, "Dimension two": 2, "Dimension three": 0},
    }
    strategies = build_view("province-strategy", known_store(), lang="en")
    weights = coverage_matrix(strategies, value="weight", labels=False)
    assert weights.index.tolist() == ["TH-01", "TH-02"]
    assert weights.columns.tolist() == [ID + "strategy/1", ID + "strategy/2", ID + "strategy/3"]
    assert weights.to_numpy().ravel().tolist() == pytest.approx([2.0, 1 / 3, 0.0, 0.0, 2 / 3, 1.0])
    assert coverage_matrix(strategies).to_numpy().tolist() == [[2, 1, 0], [0, 1, 1]]


def test_similarity_of_known_rows() -> None:
    matrix = pd.DataFrame([[2, 1, 0], [0, 1, 1], [0, 0, 0]], index=["A", "B", "C"])
    jaccard = similarity(matrix)
    assert jaccard.loc["A", "B"] == pytest.approx(1 / 3)  # {1, 2} and {2, 3}
    assert jaccard.loc["A", "A"] == 1.0 and jaccard.loc["A", "C"] == 0.0 and math.isnan(jaccard.loc["C", "C"])
    cosine = similarity(matrix, metric="cosine")
    assert cosine.loc["A", "B"] == pytest.approx(1 / math.sqrt(10))  # (2,1,0)·(0,1,1) / (√5 · √2)
    assert cosine.loc["B", "A"] == cosine.loc["A", "B"] and math.isnan(cosine.loc["A", "C"])
    with pytest.raises(ValueError, match="jaccard"):
        similarity(matrix, metric="euclid")  # type: ignore[arg-type]


def test_communities_split_two_separate_groups_the_same_way_every_time() -> None:
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("w", "x")])
    first = communities(graph)
    groups = first.groupby("community")["node"].apply(set).tolist()
    assert groups == [{"w", "x", "y", "z"}, {"a", "b", "c"}]
    pd.testing.assert_frame_equal(first, communities(graph))


def test_link_summary_counts_by_basis_and_confidence() -> None:
    summary = link_summary(build_view("project-dimension", known_store()))
    rows = {(r.basis, r.confidence): r.links for r in summary.itertuples()}
    assert rows == {("curated", ""): 1, ("curated", "moderate"): 1, ("curated", "strong"): 1,
                    ("curated", "weak"): 1, ("stated", ""): 1}
