"""The report's index (:mod:`province40.validation.report.graph_index`): its answers do not depend on
the order of the triples, and an index changed in place equals one built from the changed triples."""

from __future__ import annotations

import random

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.validation import AssetSource
from province40.validation.report.graph_index import GraphIndex

_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_P40 = ns.P40_NS


def _triples() -> list[ox.Triple]:
    graphs = (ns.plan_graph("TH-33"), ns.REFERENCE_GRAPH, ns.CURATION_GRAPH)
    return list(dict.fromkeys(q.triple for q in AssetSource().export(graphs)))


def test_the_answers_do_not_depend_on_the_order_of_the_triples() -> None:
    triples = _triples()
    plan = next(t.subject for t in triples if t.object == ox.NamedNode(_P40 + "ProvincialDevelopmentPlan"))
    extra = [ox.Triple(plan, _LABEL, ox.Literal(f"ชื่อที่ {n}", language="th")) for n in range(3)]
    shuffled = [*triples, *extra]
    random.Random(4).shuffle(shuffled)
    one, other = GraphIndex([*triples, *extra]), GraphIndex(shuffled)
    assert one.entries() == other.entries()
    assert one.label(plan.value) == other.label(plan.value)


def test_an_index_changed_in_place_equals_a_new_one() -> None:
    triples = _triples()
    rng = random.Random(11)
    index = GraphIndex(triples)
    current = list(triples)
    project = next(t.subject for t in triples if t.object == ox.NamedNode(_P40 + "Project"))
    for turn in range(6):
        removed = rng.sample(current, 25)
        added = [
            ox.Triple(project, _LABEL, ox.Literal(f"ชื่อ {turn}", language="th")),
            ox.Triple(ox.NamedNode(f"{ns.ID_BASE}project/new-{turn}"), _TYPE, ox.NamedNode(_P40 + "Project")),
            ox.Triple(project, ox.NamedNode(_P40 + "inPlan"), ox.NamedNode(f"{ns.ID_BASE}plan/other-{turn}")),
        ]
        current = [t for t in current if t not in set(removed)] + added
        index.change(added=added, removed=removed)
        fresh = GraphIndex(current)
        assert index.entries() == fresh.entries(), f"turn {turn}"
        assert index.curated_links({project.value}) == fresh.curated_links({project.value})
        assert index.locate(project.value) == fresh.locate(project.value)
