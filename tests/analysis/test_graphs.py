"""Node and edge attributes of the graph views: stated / curated by the validation's rule, confidence, weight."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.analysis.graphs import ConfidenceScale, link_frame
from province40.analysis.views import build_view
from province40.validation.dataset import split_curated
from tests.analysis.known import ID, known_store


def test_item_links_carry_basis_confidence_and_weight() -> None:
    graph = build_view("project-dimension", known_store(), lang="en")
    edges = {(u.rsplit("/", 1)[1], v.rsplit("/", 1)[1]): d for u, v, d in graph.edges(data=True)}
    assert set(edges) == {("pa1", "d1"), ("pa2", "d1"), ("pb1", "d1"), ("pb1", "d2"), ("ib1", "d2")}
    assert edges["pa1", "d1"] == {"relation": "p40:servesDimension", "basis": "stated", "confidence": "",
                                  "link": "", "weight": 1.0}
    assert edges["pa2", "d1"]["basis"] == "curated" and edges["pa2", "d1"]["confidence"] == "strong"
    assert edges["pa2", "d1"]["link"] == ID + "link/test-0" and edges["pa2", "d1"]["weight"] == 1.0
    assert edges["ib1", "d2"]["confidence"] == "moderate" and edges["ib1", "d2"]["weight"] == pytest.approx(2 / 3)
    assert edges["pb1", "d1"]["confidence"] == "weak" and edges["pb1", "d1"]["weight"] == pytest.approx(1 / 3)
    # curated without a grade: no confidence, weighs as the lowest grade
    assert edges["pb1", "d2"]["confidence"] == "" and edges["pb1", "d2"]["weight"] == pytest.approx(1 / 3)


def test_confidence_weights_follow_the_scale_in_the_data() -> None:
    scale = ConfidenceScale({"high": 1, "low": 2})
    assert scale.weight("curated", 1) == 1.0 and scale.weight("curated", 2) == 0.5
    assert scale.weight("curated", None) == 0.5 and scale.weight("stated", None) == 1.0


def test_stated_and_curated_follow_the_rule_of_the_validation(store_dir: Path) -> None:
    """One definition: an edge is curated exactly when split_curated puts its triple among the curated."""
    source = ox.Store.read_only(str(store_dir))
    triples = [q.triple for q in source.quads_for_pattern(None, None, None) if q.graph_name != ox.DefaultGraph()]
    _, curated = split_curated(triples)
    curated_keys = {(t.subject.value, t.predicate.value, t.object.value) for t in curated}
    links = link_frame(source)
    assert len(links) > 0
    for row in links.itertuples():
        expected = "curated" if (row.node, row.relation, row.target) in curated_keys else "stated"
        assert row.basis == expected, (row.node, row.relation, row.target)
    assert ns.P40_NS + "contributesToStrategy" in set(links["relation"])
