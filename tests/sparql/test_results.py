"""Our solution serialisers write exactly what pyoxigraph writes (they exist only to stop at the row cap)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.results import ResultFormat, serialize_boolean, serialize_graph, serialize_solutions

DATA = r"""INSERT DATA {
  <http://a> <http://p> "x,y\"z", "ไทย"@th, 5, -7, 1.5, 2.0e3, "2022-01-01"^^<http://www.w3.org/2001/XMLSchema#date>,
     true, "tab\there\nnl", "<b>&amp;</b>", "007"^^<http://www.w3.org/2001/XMLSchema#integer> .
  _:b <http://p> <http://a?x=1&y=2> .
  <http://c> <http://q> "only" .
}"""
QUERY = "SELECT ?s ?o ?unbound WHERE { ?s ?p ?o } ORDER BY ?s ?o"

FORMATS = {
    ResultFormat.JSON: ox.QueryResultsFormat.JSON,
    ResultFormat.XML: ox.QueryResultsFormat.XML,
    ResultFormat.CSV: ox.QueryResultsFormat.CSV,
    ResultFormat.TSV: ox.QueryResultsFormat.TSV,
}


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.update(DATA)
    return s


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_solutions_match_pyoxigraph_byte_for_byte(store: ox.Store, fmt: ResultFormat) -> None:
    expected = store.query(QUERY).serialize(format=FORMATS[fmt])
    result = store.query(QUERY)
    variables = [v.value for v in result.variables]
    rows = [tuple(solution[v] for v in variables) for solution in result]
    assert serialize_solutions(variables, rows, fmt) == expected


@pytest.mark.parametrize("fmt", list(FORMATS))
@pytest.mark.parametrize("value", [True, False])
def test_booleans_match_pyoxigraph(store: ox.Store, fmt: ResultFormat, value: bool) -> None:
    query = "ASK { <http://a> ?p ?o }" if value else "ASK { <http://nothing> ?p ?o }"
    assert serialize_boolean(value, fmt) == store.query(query).serialize(format=FORMATS[fmt])


def test_graph_formats_round_trip(store: ox.Store) -> None:
    triples = list(store.query("CONSTRUCT WHERE { ?s ?p ?o }"))
    for fmt in (ResultFormat.TURTLE, ResultFormat.N_TRIPLES, ResultFormat.JSON_LD, ResultFormat.RDF_XML):
        body = serialize_graph(triples, fmt)
        back = list(ox.parse(body, format=fmt.rdf_format))
        assert len(back) == len(triples), fmt


def test_select_formats_refuse_graph_types() -> None:
    with pytest.raises(ValueError, match="cannot carry SELECT"):
        serialize_solutions(["x"], [], ResultFormat.TURTLE)
