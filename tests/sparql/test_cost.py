"""The cost check: only a point look-up of one constant subject is "bounded"; everything else is not."""

from __future__ import annotations

import pytest

from province40.sparql.cost import is_bounded_lookup
from province40.sparql.guard import scan
from province40.sparql_text import tokens

P40 = "PREFIX p40: <https://w3id.org/province40/ontology#>\n"
PROJECT = "<https://w3id.org/province40/id/project/TH-10-S0001>"


@pytest.mark.parametrize(
    "query",
    [
        f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {PROJECT} ?p ?o }} }}",
        f"SELECT ?p ?o {{ {PROJECT} ?p ?o . }}",
        f"select * where {{ graph <https://w3id.org/province40/graph/plan/TH-10> {{ {PROJECT} ?p ?o }} }}",
        P40 + "SELECT DISTINCT ?o WHERE { p40:Project a ?o } LIMIT 10 OFFSET 2",
        P40 + f"BASE <http://example.org/> SELECT ?o WHERE {{ {PROJECT} p40:ownerProvince ?o }}",
        f"# a comment {{ }}\nSELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }}",
    ],
)
def test_point_lookups_are_bounded(query: str) -> None:
    assert is_bounded_lookup(list(tokens(query)))
    assert scan(query).bounded


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",  # no constant subject: the whole store
        "SELECT ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} ORDER BY ?o",  # reads everything before the first row
        f"SELECT (COUNT(*) AS ?n) WHERE {{ {PROJECT} ?p ?o }}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o . ?o ?q ?r }}",  # a join
        f"SELECT ?o WHERE {{ {PROJECT} <http://x/p>/<http://x/q>* ?o }}",  # a path
        f"SELECT ?o WHERE {{ {PROJECT} ?p ?o FILTER(?o != 1) }}",
        f"SELECT ?o WHERE {{ {PROJECT} ?p ?o OPTIONAL {{ ?o ?q ?r }} }}",
        f"SELECT ?o FROM <http://example.org/g> WHERE {{ {PROJECT} ?p ?o }}",
        f"SELECT ?o WHERE {{ SERVICE <http://example.org/sparql> {{ {PROJECT} ?p ?o }} }}",
        f'SELECT ?p WHERE {{ {PROJECT} ?p "a literal" }}',
        f"ASK {{ {PROJECT} ?p ?o }}",
        f"CONSTRUCT {{ {PROJECT} ?p ?o }} WHERE {{ {PROJECT} ?p ?o }}",
        f"DESCRIBE {PROJECT}",
        f"SELECT ?p ?o WHERE {{ {PROJECT} ?p ?o }} LIMIT 1 LIMIT 2",
        f"DELETE WHERE {{ {PROJECT} ?p ?o }}",
        "SELECT ?p ?o WHERE { <a> ?p ?o",  # unbalanced
        "",
    ],
)
def test_everything_else_is_not(query: str) -> None:
    assert not is_bounded_lookup(list(tokens(query)))
    assert not scan(query).bounded
