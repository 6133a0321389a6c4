"""The coverage matrix against a reference written straight from its definition, in SPARQL.

The reference marks a route curated with an ``EXISTS`` per step (the matrix itself looks curated
links up in a set, which is linear where pyoxigraph's ``EXISTS`` per row was quadratic). Both must
agree cell by cell on the real data, on the curated example and on generated plans that mix stated
and curated steps on every route to a strategy (project → issue → master plan → strategy).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.synth import SynthOptions, generate
from province40.validation import AssetSource, CellStatus, from_file
from province40.validation.dataset import split_curated
from province40.validation.report.coverage import compute_coverage
from province40.validation.report.graph_index import GraphIndex

ROOT = Path(__file__).resolve().parents[2]
P40 = ns.P40_NS
PROLOGUE = ns.sparql_prologue(("p40", "rdf"))


def _curated(n: int, s: str, p: str, o: str) -> str:
    return f"EXISTS {{ ?l{n} a p40:CuratedLink ; rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} }}"


DIRECT = PROLOGUE + """
SELECT ?plan ?project ?target ?curated WHERE {{
    ?plan a p40:ProvincialDevelopmentPlan .
    {{ ?plan p40:hasProject ?project }}
    UNION {{ ?plan p40:hasStrategicIssue ?project FILTER NOT EXISTS {{ ?anyProject p40:addressesIssue ?project }} }}
    ?project <{prop}> ?target . ?target a <{cls}> .
    BIND ({curated} AS ?curated)
}}"""

STRATEGY = PROLOGUE + f"""
SELECT ?plan ?project ?target ?curated WHERE {{
    ?plan a p40:ProvincialDevelopmentPlan .
    {{ ?plan p40:hasProject ?project }}
    UNION {{ ?plan p40:hasStrategicIssue ?project FILTER NOT EXISTS {{ ?anyProject p40:addressesIssue ?project }} }}
    {{ ?project p40:contributesToStrategy ?target .
       BIND ({_curated(0, "?project", "p40:contributesToStrategy", "?target")} AS ?curated) }}
    UNION
    {{ ?project p40:contributesToMasterPlan ?mp . ?mp p40:servesStrategy ?target .
       BIND ({_curated(1, "?project", "p40:contributesToMasterPlan", "?mp")}
             || {_curated(2, "?mp", "p40:servesStrategy", "?target")} AS ?curated) }}
    UNION
    {{ ?project p40:addressesIssue ?issue . ?issue p40:contributesToStrategy ?target .
       BIND ({_curated(3, "?project", "p40:addressesIssue", "?issue")}
             || {_curated(4, "?issue", "p40:contributesToStrategy", "?target")} AS ?curated) }}
    UNION
    {{ ?project p40:addressesIssue ?issue . ?issue p40:contributesToMasterPlan ?mp . ?mp p40:servesStrategy ?target .
       BIND ({_curated(5, "?project", "p40:addressesIssue", "?issue")}
             || {_curated(6, "?issue", "p40:contributesToMasterPlan", "?mp")}
             || {_curated(7, "?mp", "p40:servesStrategy", "?target")} AS ?curated) }}
    ?target a p40:Strategy .
}}"""

CLAIM = PROLOGUE + """
SELECT ?plan ?target WHERE {{
    ?plan a p40:ProvincialDevelopmentPlan ; <{prop}> ?target . ?target a <{cls}> .
    FILTER NOT {curated}
}}"""

AXES = {
    "dimensions": (P40 + "servesDimension", P40 + "Dimension"),
    "success_factors": (P40 + "appliesSuccessFactor", P40 + "SuccessFactor"),
    "strategies": (P40 + "contributesToStrategy", P40 + "Strategy"),
}

Cells = dict[tuple[str, str, str], tuple[str, int, int, bool]]


def reference(triples: Sequence[ox.Triple], plans: Sequence[str]) -> Cells:
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    cells: Cells = {}
    for axis, (prop, cls) in AXES.items():
        query = STRATEGY if axis == "strategies" else DIRECT.format(
            prop=prop, cls=cls, curated=_curated(0, "?project", f"<{prop}>", "?target"))
        reached: dict[tuple[str, str], set[str]] = defaultdict(set)
        stated: dict[tuple[str, str], set[str]] = defaultdict(set)
        for row in store.query(query):  # type: ignore[union-attr]
            key = (row["plan"].value, row["target"].value)
            reached[key].add(row["project"].value)
            if row["curated"].value != "true":
                stated[key].add(row["project"].value)
        claim = CLAIM.format(prop=prop, cls=cls, curated=_curated(0, "?plan", f"<{prop}>", "?target"))
        claims = {(r["plan"].value, r["target"].value) for r in store.query(claim)}  # type: ignore[union-attr]
        columns = [r["t"].value for r in store.query(f"SELECT ?t WHERE {{ ?t a <{cls}> }}")]  # type: ignore[union-attr]
        for plan in plans:
            for column in columns:
                key = (plan, column)
                n_stated, n_curated = len(stated[key]), len(reached[key] - stated[key])
                status = ("stated" if n_stated else "curated" if n_curated else
                          "claimed" if key in claims else "gap")
                cells[(axis, plan, column)] = (status, n_stated, n_curated, key in claims)
    return cells


def matrix(triples: Sequence[ox.Triple]) -> tuple[Cells, list[str]]:
    index = GraphIndex(triples)
    plans = index.plans()
    coverage = compute_coverage(triples, index, plans, curated={(t.subject, t.predicate, t.object) for t in split_curated(triples)[1]})
    cells: Cells = {}
    for axis in coverage.axes:
        for row in axis.rows:
            for c in row.cells:
                cells[(axis.name, row.plan, c.column)] = (c.status.value, c.stated_projects, c.curated_projects,
                                                          c.plan_claim)
    return cells, plans


def _context() -> list[ox.Triple]:
    source = AssetSource()
    graphs = [ns.ONTOLOGY_GRAPH, ns.REFERENCE_GRAPH, ns.PROGRAMME_GRAPH, ns.CURATION_GRAPH]
    return [q.triple for q in source.export(graphs)]


def _described(triple: ox.Triple, name: str) -> list[ox.Triple]:
    """A p40:CuratedLink describing ``triple`` (which makes it curated)."""
    link = ox.NamedNode(ns.ID_BASE + f"link/test-{name}")
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    return [
        ox.Triple(link, ox.NamedNode(rdf + "type"), ox.NamedNode(P40 + "CuratedLink")),
        ox.Triple(link, ox.NamedNode(rdf + "subject"), triple.subject),
        ox.Triple(link, ox.NamedNode(rdf + "predicate"), triple.predicate),
        ox.Triple(link, ox.NamedNode(rdf + "object"), triple.object),
    ]


def _check(triples: list[ox.Triple]) -> Cells:
    cells, plans = matrix(triples)
    assert plans
    assert cells == reference(triples, plans)
    return cells


def test_real_plans() -> None:
    source = AssetSource()
    triples = [q.triple for q in source.export(source.named_graphs()) if q.graph_name != ox.NamedNode(ns.SHAPES_GRAPH)]
    cells = _check(triples)
    assert {s for s, *_ in cells.values()} == {"curated", "claimed", "gap"}  # no project link is stated


def test_curated_example() -> None:
    path = ROOT / "data" / "examples" / "valid" / "ProvincialDevelopmentPlan-curated-alignment.ttl"
    cells = _check(list(from_file(path, AssetSource()).view(with_curation=True)))
    assert {s for s, *_ in cells.values()} >= {"stated", "curated"}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_plans_mixing_stated_and_curated_steps(seed: int) -> None:
    rng = random.Random(seed)
    triples = _context()
    triples += [q.triple for q in generate(SynthOptions(provinces=6, projects_per_province=4, seed=seed, gap_share=0))]
    # the generator curates project links only; curate some steps through issues as well
    for predicate in ("addressesIssue", "contributesToMasterPlan", "contributesToStrategy"):
        steps = [t for t in triples if t.predicate == ox.NamedNode(P40 + predicate)
                 and "/issue/" in (t.subject.value if predicate != "addressesIssue" else t.object.value)]
        assert steps
        for number, step in enumerate(rng.sample(steps, len(steps) // 3)):
            triples += _described(step, f"{predicate}-{seed}-{number}")
    cells = _check(triples)
    statuses = {s for s, *_ in cells.values()}
    assert {CellStatus.STATED.value, CellStatus.CURATED.value} <= statuses
    # some cell is reached both ways: counted once as stated, the rest as curated
    assert any(n_stated and n_curated for _, n_stated, n_curated, _ in cells.values())


def test_each_step_of_a_route_decides_whether_it_is_curated() -> None:
    """Four projects reach one strategy; only the one whose every step is stated counts as stated."""
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def node(local: str) -> ox.NamedNode:
        return ox.NamedNode(ns.ID_BASE + local)

    def link(s: str, p: str, o: str) -> ox.Triple:
        return ox.Triple(node(s), ox.NamedNode(P40 + p), node(o))

    plan, strategy, master_plan = "plan/test", "strategy/test", "master-plan/test"
    triples = [
        ox.Triple(node(plan), rdf_type, ox.NamedNode(P40 + "ProvincialDevelopmentPlan")),
        ox.Triple(node(strategy), rdf_type, ox.NamedNode(P40 + "Strategy")),
        ox.Triple(node(master_plan), rdf_type, ox.NamedNode(P40 + "MasterPlan")),
        link(master_plan, "servesStrategy", strategy),
        *(link(plan, "hasProject", f"project/{n}") for n in range(1, 5)),
        link("project/1", "contributesToMasterPlan", master_plan),
        link("project/2", "addressesIssue", "issue/a"),
        link("issue/a", "contributesToMasterPlan", master_plan),
        link("project/3", "addressesIssue", "issue/b"),
        link("issue/b", "contributesToStrategy", strategy),
        link("project/4", "contributesToMasterPlan", master_plan),
    ]
    triples += _described(link("project/1", "contributesToMasterPlan", master_plan), "1")
    triples += _described(link("issue/a", "contributesToMasterPlan", master_plan), "2")
    triples += _described(link("project/3", "addressesIssue", "issue/b"), "3")
    cells = _check(triples)
    assert cells[("strategies", ns.ID_BASE + plan, ns.ID_BASE + strategy)] == ("stated", 1, 3, False)
