"""The shapes compiler: pre-binding of SHACL-SPARQL queries, anti-joins, unsupported constructs."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph

from province40.validation.engine import CompiledEngine, PyShaclEngine
from province40.validation.engine.compiler import Unsupported, anti_joins, compile_shapes, prebind
from province40.validation.shapes import ShapeCatalog

TARGET = "{ SELECT DISTINCT ?this WHERE { ?this a <urn:C> } }"

SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
ex:Compiled a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:Flat a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:p ; sh:minCount 1 ; sh:datatype <http://www.w3.org/2001/XMLSchema#integer> .
ex:Xone a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:p ;
    sh:xone ( [ sh:datatype <http://www.w3.org/2001/XMLSchema#integer> ] [ sh:minInclusive 5 ] ) .
"""

DATA = """
<urn:ex:a> a <urn:ex:Thing> ; <urn:ex:p> "x" .
<urn:ex:b> a <urn:ex:Thing> ; <urn:ex:p> 7 .
<urn:ex:c> a <urn:ex:Thing> .
"""


def test_this_is_bound_in_the_top_group_and_in_each_union_branch() -> None:
    query = prebind("SELECT $this WHERE { { FILTER NOT EXISTS { $this <urn:p> ?o } } UNION { $this <urn:q> ?v } }", TARGET)
    assert query.count(TARGET) == 2
    assert "$this" not in query
    single = prebind("SELECT $this ?value WHERE { $this <urn:p> ?value . FILTER (?value > 3) }", TARGET)
    assert single.index(TARGET) < single.index("<urn:p>")


@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { $this <urn:p> ?v } LIMIT 1",
        "SELECT $this WHERE { { SELECT $this WHERE { $this <urn:p> ?v } } }",
        "SELECT $this WHERE { $this <urn:p> ?v MINUS { $this <urn:q> ?v } }",
        "SELECT $this WHERE { GRAPH ?g { $this <urn:p> ?v } }",
        "SELECT ?other WHERE { ?other <urn:p> ?v }",
    ],
)
def test_queries_the_rewrite_cannot_keep_equivalent_are_refused(select: str) -> None:
    with pytest.raises(Unsupported):
        prebind(select, TARGET)


def test_not_exists_over_a_plain_pattern_becomes_an_anti_join() -> None:
    rewritten = anti_joins(" ?value a <urn:D> . FILTER NOT EXISTS { ?this <urn:p> ?item . ?item <urn:q> ?value . } ")
    assert "NOT EXISTS" not in rewritten and rewritten.rstrip().endswith("}") and "MINUS {" in rewritten
    kept = " ?this <urn:p> ?v . FILTER NOT EXISTS { ?this <urn:q> ?w FILTER (?w > ?v) } "
    assert anti_joins(kept) == kept  # a filter inside: left as EXISTS


def test_an_unsupported_shape_falls_back_to_pyshacl_and_says_so() -> None:
    graph = Graph().parse(data=SHAPES, format="turtle")
    compilation = compile_shapes(graph)
    assert set(compilation.unsupported) == {"urn:ex:Compiled", "urn:ex:Xone"}
    assert compilation.compiled == frozenset({"urn:ex:Flat"})
    catalog = ShapeCatalog.from_graph(graph)
    engine = CompiledEngine(catalog)
    assert engine.fallback_shapes == ("urn:ex:Compiled", "urn:ex:Xone")
    assert "pySHACL" in engine.name and "2 shape(s)" in engine.name
    triples = [q.triple for q in ox.parse(DATA, format=ox.RdfFormat.TURTLE)]

    def keys(engine_results: object) -> Counter[tuple[str, str | None, str, str]]:
        return Counter((str(r.focus_node), str(r.value), r.shape, r.constraint) for r in engine_results)  # type: ignore[attr-defined]

    ours = engine.validate(triples).results
    theirs = PyShaclEngine(catalog).validate(triples).results
    assert {r.shape for r in ours} >= {"urn:ex:Flat", "urn:ex:Xone"}
    flat = [r for r in ours if r.shape == "urn:ex:Flat"]
    assert {str(r.focus_node) for r in flat} == {"<urn:ex:a>", "<urn:ex:c>"}
    # the named shapes agree with pySHACL (the nested property shape has a blank-node source shape)
    named = lambda rs: keys(r for r in rs if not r.shape.startswith("_:") and "urn:ex:" in r.shape)  # noqa: E731
    assert named(ours) == named(theirs)


def test_only_the_queries_reading_what_curation_adds_run_again() -> None:
    engine = CompiledEngine(ShapeCatalog.from_assets())
    affected = engine.affected_by({"https://w3id.org/province40/ontology#servesDimension"}, set())
    shapes = {engine.compilation.queries[i].shape.rsplit("#", 1)[-1] for i in affected}
    assert "ProjectDimensionShape" in shapes and "ProvincialDevelopmentPlanDimensionCoverageShape" in shapes
    assert "PlanFirstYearShape" not in shapes and "BilingualLabelShape" not in shapes
    assert "LinkAssertionTripleShape" in shapes  # reads any predicate (?s ?p ?o)
