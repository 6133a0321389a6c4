"""The same store tests on the three backends: embedded pyoxigraph, ``oxigraph serve`` and Virtuoso
(the ``backend`` fixture of ``tests/conftest.py``)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.errors import NotFound, QuerySyntaxError, QueryTimeout
from province40.results import ResultFormat, ResultKind
from province40.store.base import QueryRequest, Store

pytestmark = pytest.mark.server

P40 = "https://w3id.org/province40/ontology#"
COUNT = f"SELECT (COUNT(?p) AS ?n) WHERE {{ ?p a <{P40}Province> }}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def _n(store: Store, text: str) -> int:
    value = store.select(text).dicts()[0]["n"]
    assert isinstance(value, ox.Literal)
    return int(value.value)


def test_select_over_the_union_default_graph(backend: Store) -> None:
    assert _n(backend, COUNT) == 77


def test_bindings_are_bound_not_pasted(backend: Store) -> None:
    query = f'SELECT ?code ?label WHERE {{ ?p <{P40}iso3166Code> ?code ; <http://www.w3.org/2000/01/rdf-schema#label> ?label FILTER(lang(?label) = "th") }}'
    rows = backend.select(query, bindings={"code": ox.Literal("TH-33")}).dicts()
    assert [r["label"].value for r in rows] == ["ศรีสะเกษ"]
    hostile = ox.Literal('TH-33" } UNION { ?p ?q ?r } #')
    assert backend.select(query, bindings={"code": hostile}).rows == ()


def test_construct_ask_and_row_cap(backend: Store) -> None:
    graph = backend.construct(f"CONSTRUCT {{ ?p a <{P40}Province> }} WHERE {{ ?p a <{P40}Province> }}", max_rows=10)
    assert len(graph.triples) == 10 and graph.truncated
    assert backend.ask(f"ASK {{ ?x a <{P40}Project> }}") is True


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV])
def test_execute_serialises_alike(backend: Store, fmt: ResultFormat) -> None:
    result = backend.execute(QueryRequest(COUNT, fmt, timeout=10, max_rows=100))
    assert result.kind is ResultKind.SOLUTIONS and result.rows == 1 and not result.truncated
    assert b"77" in result.body


def test_execute_with_a_protocol_dataset(backend: Store) -> None:
    request = QueryRequest(
        COUNT,
        ResultFormat.CSV,
        timeout=10,
        max_rows=100,
        default_graphs=("https://w3id.org/province40/graph/programme",),
    )
    assert backend.execute(request).body.splitlines()[1] == b"0"


def test_a_protocol_dataset_is_the_whole_dataset(backend: Store) -> None:
    programme = "https://w3id.org/province40/graph/programme"
    plan = "https://w3id.org/province40/graph/plan/TH-33"
    in_default = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"

    def run(query: str, default: tuple[str, ...], named: tuple[str, ...]) -> list[bytes]:
        request = QueryRequest(
            query, ResultFormat.CSV, timeout=10, max_rows=100, default_graphs=default, named_graphs=named
        )
        return backend.execute(request).body.splitlines()[1:]

    assert run(in_default, (), (plan,)) == [b"0"]  # named graphs only: the default graph is empty
    assert run(graphs, (), (plan,)) == [plan.encode()]
    assert run(graphs, (programme,), ()) == []  # default graph only: no named graphs
    assert int(run(in_default, (programme,), ())[0]) > 0


def test_execute_graph_result_truncated(backend: Store) -> None:
    request = QueryRequest(
        "CONSTRUCT WHERE { ?s ?p ?o }", ResultFormat.N_TRIPLES, timeout=10, max_rows=25
    )
    result = backend.execute(request)
    assert result.kind is ResultKind.GRAPH and result.rows == 25 and result.truncated
    assert len(list(ox.parse(result.body, format=ox.RdfFormat.N_TRIPLES))) == 25


def test_syntax_errors(backend: Store) -> None:
    with pytest.raises(QuerySyntaxError):
        backend.select("SELECT * WHERE { ?s ?p }")


def test_deadline(backend: Store) -> None:
    with pytest.raises(QueryTimeout):
        backend.execute(QueryRequest(SLOW, ResultFormat.JSON, timeout=1.0, max_rows=10))
    assert _n(backend, COUNT) == 77


def test_named_graphs_and_export(backend: Store) -> None:
    graphs = backend.named_graphs()
    assert "https://w3id.org/province40/graph/plan/TH-33" in graphs
    quads = backend.export(["https://w3id.org/province40/graph/plan/TH-33"])
    assert quads and all(q.graph_name == ox.NamedNode("https://w3id.org/province40/graph/plan/TH-33") for q in quads)
    status = backend.status()
    assert status.quads and status.quads > 4000


def test_writes_update_and_graph_store(backend: Store) -> None:
    g = f"http://example.org/{backend.backend_name}/g"
    backend.update(f'INSERT DATA {{ GRAPH <{g}> {{ <http://example.org/s> <http://example.org/p> "ก" }} }}')
    assert _n(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}") == 1
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    assert backend.replace_graph(g, [ox.Quad(s, p, ox.Literal("1")), ox.Quad(s, p, ox.Literal("2"))]) is False
    assert _n(backend, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}") == 2
    assert backend.add_to_graph(g, [ox.Quad(s, p, ox.Literal("3"))]) is False
    body = backend.read_graph(g, result_format=ResultFormat.N_TRIPLES)
    assert len(body.splitlines()) == 3
    backend.drop_graph(g)
    assert g not in backend.named_graphs()
    with pytest.raises(NotFound):
        backend.read_graph(g, result_format=ResultFormat.TURTLE)
