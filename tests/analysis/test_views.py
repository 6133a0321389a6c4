"""The named views on the known graph (tests/analysis/known.py) and on the project's store."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest

from province40.analysis.views import VIEWS, build_view
from province40.errors import ParameterError
from tests.analysis.known import ID, known_store


def test_nodes_carry_labels_in_the_chosen_language_and_unlinked_targets_are_kept() -> None:
    thai = build_view("project-dimension", known_store(), lang="th")
    english = build_view("project-dimension", known_store(), lang="en")
    d1, d2, d3 = (ID + f"dimension/d{n}" for n in (1, 2, 3))
    assert thai.nodes[d1]["label"] == "มิติหนึ่ง" and english.nodes[d1]["label"] == "Dimension one"
    assert thai.nodes[d2]["label"] == "Dimension two"  # no Thai label: the English one
    assert thai.nodes[d3]["kind"] == "dimension" and thai.degree(d3) == 0
    pa1 = thai.nodes[ID + "project/pa1"]
    assert pa1 == {"label": "โครงการเอหนึ่ง", "label_th": "โครงการเอหนึ่ง", "label_en": "Project A1",
                   "iri": ID + "project/pa1", "kind": "project", "province": "TH-01", "province_label": "จังหวัดเอ",
                   "plan": ID + "plan/A", "sequence": 1}
    assert thai.nodes[ID + "issue/ib1"]["kind"] == "strategic-issue"
    assert english.nodes[ID + "issue/ib1"]["province_label"] == "Province B"
    assert thai.graph == {"view": "project-dimension", "lang": "th"}


def test_project_master_plan_strategy_has_all_three_relations() -> None:
    graph = build_view("project-master-plan-strategy", known_store())
    relations = {(u.rsplit("/", 2)[-2], d["relation"], v.rsplit("/", 2)[-2]) for u, v, d in graph.edges(data=True)}
    assert relations == {
        ("project", "p40:contributesToMasterPlan", "master-plan"),
        ("project", "p40:contributesToStrategy", "strategy"),
        ("issue", "p40:contributesToStrategy", "strategy"),
        ("master-plan", "p40:servesStrategy", "strategy"),
    }
    assert graph.edges[ID + "master-plan/1", ID + "strategy/1"]["basis"] == "curated"
    assert graph.edges[ID + "master-plan/2", ID + "strategy/2"]["basis"] == "stated"


def test_province_strategy_sums_the_weights_of_each_provinces_items() -> None:
    graph = build_view("province-strategy", known_store())
    a, b = ID + "province/TH-01", ID + "province/TH-02"
    s1, s2, s3 = (ID + f"strategy/{n}" for n in (1, 2, 3))
    assert graph.edges[a, s1] == {"relation": "p40:contributesToStrategy", "basis": "stated", "weight": 2.0,
                                  "items": 2, "stated": 1, "curated": 1, "confidence": "strong"}
    assert graph.edges[a, s2]["weight"] == pytest.approx(1 / 3) and graph.edges[a, s2]["basis"] == "curated"
    assert graph.edges[b, s2]["weight"] == pytest.approx(2 / 3) and graph.edges[b, s2]["confidence"] == "moderate"
    assert graph.edges[b, s3]["basis"] == "stated" and not graph.has_edge(a, s3)
    assert graph.nodes[a]["label"] == "จังหวัดเอ" and graph.nodes[a]["kind"] == "province"


def test_unknown_view_or_language_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError, match="project-dimension"):
        build_view("projects", known_store())
    with pytest.raises(ParameterError, match="lang"):
        build_view("programme", known_store(), lang="fr")  # type: ignore[arg-type]


def test_every_view_builds_from_the_project_store(store_dir: Path) -> None:
    source = ox.Store.read_only(str(store_dir))
    sizes = {name: build_view(name, source) for name in VIEWS}
    assert {n for n, d in sizes["project-dimension"].nodes(data=True) if d["kind"] in ("project", "strategic-issue")}
    assert sum(1 for _, d in sizes["project-dimension"].nodes(data=True) if d["kind"] == "project") == 14
    assert sum(1 for _, d in sizes["project-dimension"].nodes(data=True) if d["kind"] == "strategic-issue") == 4
    assert sum(1 for _, d in sizes["province-strategy"].nodes(data=True) if d["kind"] == "province") == 5
    assert sum(1 for _, d in sizes["project-master-plan-strategy"].nodes(data=True) if d["kind"] == "master-plan") == 23
    programme = sizes["programme"]
    assert isinstance(programme, nx.MultiDiGraph)
    types = {d["type"] for _, d in programme.nodes(data=True)}
    assert {"org:FormalOrganization", "org:Post", "prov:Person", "p40:Meeting", "p40:AgendaItem"} <= types
    assert any(d["relation"] == "org:heldBy" for _, _, d in programme.edges(data=True))
