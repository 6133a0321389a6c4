"""The strict look-up shape of the fast path: every text it takes is one the guard accepts and the cost
check marks bounded; anything else (however harmless) is left to the full path."""

from __future__ import annotations

import pytest

from province40.sparql.guard import GuardLimits, check_request, scan
from province40.sparql.lookup_shape import MAX_LOOKUP_CHARS, is_strict_lookup

PROJECT = "<https://w3id.org/province40/id/project/TH-10-S0001>"
THAI = "<https://w3id.org/province40/id/จังหวัด/เชียงใหม่>"
LIMITS = GuardLimits(max_bytes=64 * 1024, max_depth=64, max_operators=1_000)

TAKEN = [
    f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {PROJECT} ?p ?o }} }}",
    f"SELECT ?p ?o {{ {PROJECT} ?p ?o . }}",
    f"select distinct * where{{graph ?g{{{PROJECT} ?p ?o}}}}",
    f"SELECT REDUCED ?o WHERE {{ {PROJECT} a ?o }} LIMIT 10 OFFSET 2",
    f"SELECT ?o WHERE {{ {PROJECT} <http://www.w3.org/2000/01/rdf-schema#label> ?o }} OFFSET 1 LIMIT 5",
    f"\n\tSELECT $p $o\r\nWHERE {{ {THAI} $p $o }}\n",
    f"SELECT ?g WHERE {{ GRAPH ?g {{ {PROJECT} a <https://w3id.org/province40/ontology#Project> }} }}",
]


@pytest.mark.parametrize("query", TAKEN)
def test_the_strict_shape_is_a_bounded_look_up_the_guard_accepts(query: str) -> None:
    assert is_strict_lookup(query)
    assert scan(query).bounded  # the cost check agrees: one range of the subject index
    scanned = check_request(query, limits=LIMITS, expect_update=False, is_local_graph=lambda _: False)
    assert scanned.depth <= 2 and not scanned.dataset_iris and not scanned.service_targets


@pytest.mark.parametrize(
    "query",
    [
        "PREFIX p40: <https://w3id.org/province40/ontology#>\nSELECT ?o WHERE { p40:Project a ?o }",  # prologue
        f"# a comment\nSELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} # trailing comment",
        f'SELECT ?p WHERE {{ {PROJECT} ?p "a literal" }}',
        "SELECT ?p ?o WHERE { <relative> ?p ?o }",  # the base IRI would matter
        f"SELECT ?p ?o WHERE {{ GRAPH <https://w3id.org/province40/graph/plan/TH-10> {{ {PROJECT} ?p ?o }} }}",
        f"SELECT ?p ?o FROM <http://example.org/g> WHERE {{ {PROJECT} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ SERVICE <http://example.org/sparql> {{ {PROJECT} ?p ?o }} }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o . ?o ?q ?r }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o FILTER(?o) }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} ORDER BY ?o",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p/?q ?o }}",
        f"SELECT ?o WHERE {{ {PROJECT} A ?o }}",  # `a` is case-sensitive
        f"SELECT ?p ?o WHERE {{ {{ SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} }} }}",
        f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {PROJECT} ?p ?o }}",  # unbalanced
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} LIMIT ๑๐",  # Thai digits are not SPARQL's
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} LIMIT 1 LIMIT 2",
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {PROJECT} ?p ?o }}",
        f"ASK {{ {PROJECT} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} ; INSERT DATA {{ <a:b> <a:c> <a:d> }}",
        f"SELECT ?p ?o WHERE\u00a0{{ {PROJECT} ?p ?o }}",  # a no-break space is not SPARQL whitespace
        "SELECT ?p ?o WHERE { <https://example.org/" + "x" * MAX_LOOKUP_CHARS + "> ?p ?o }",
        "",
    ],
)
def test_everything_else_is_left_to_the_full_path(query: str) -> None:
    assert not is_strict_lookup(query)
