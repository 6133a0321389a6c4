"""Engine capabilities as measured by the probe on the real engines, the settings overriding them, and
the backend's behaviour following them (row cap flagged, system graphs hidden, batches, staging)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.errors import QueryRefused
from province40.results import ResultFormat
from province40.settings import Settings
from province40.store import open_remote_store
from province40.store.base import Store
from province40.store.capabilities import identify
from province40.store.remote import RemoteStore
from province40.store.remote_writes import batches
from tests.backends import Engine

pytestmark = pytest.mark.server

ROWS = "SELECT ?a ?b WHERE { VALUES ?a { %s } VALUES ?b { %s } }" % (  # noqa: UP031
    " ".join(map(str, range(101))),
    " ".join(map(str, range(100))),
)


def test_oxigraph_capabilities(oxigraph: Engine) -> None:
    store = oxigraph.store()
    caps = store.capabilities
    store.close()
    assert caps.engine == "oxigraph" and caps.server.startswith("Oxigraph/")
    assert caps.query_method == "direct" and caps.results_format == "json"
    assert caps.writable_default_graph and caps.atomic_update and caps.atomic_graph_replace
    assert caps.row_cap is None and caps.system_graphs == ()
    assert caps.scoped_dataset  # started without --union-default-graph: the probe saw it
    assert {"query_method", "row_cap", "atomic_update", "writable_default_graph", "scoped_dataset"} <= set(
        caps.probed
    )


def test_virtuoso_capabilities(virtuoso: Engine) -> None:
    store = virtuoso.store()
    caps = store.capabilities
    store.close()
    assert caps.engine == "virtuoso" and caps.server.startswith("Virtuoso/07.20")
    assert caps.query_method == "form"  # a direct POST is never answered
    assert caps.results_format == "xml"  # its JSON is the 2007 draft (booleans as 1)
    assert not caps.writable_default_graph and not caps.atomic_update
    assert not caps.atomic_graph_replace and "atomic_graph_replace" not in caps.probed  # from the profile
    assert caps.row_cap == 10_000  # ResultSetMaxRows, measured
    assert caps.scoped_dataset and caps.is_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
    assert caps.partial_result_header == "X-SQL-State: S1TAT"
    assert caps.insert_batch_triples == 1_000
    assert {"query_method", "results_format", "row_cap", "writable_default_graph", "atomic_update"} <= set(
        caps.probed
    )


def test_settings_override_what_the_probe_finds(virtuoso: Engine, tmp_path: object) -> None:
    settings = virtuoso.settings(tmp_path, remote_row_cap=5_000, remote_insert_batch_triples=200)  # type: ignore[arg-type]
    store = open_remote_store(settings)
    assert (store.capabilities.row_cap, store.capabilities.insert_batch_triples) == (5_000, 200)
    store.close()
    assert isinstance(settings, Settings)


def test_engine_identified_by_its_server_header() -> None:
    assert identify("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") == "virtuoso"
    assert identify("Oxigraph/0.5.13") == "oxigraph"
    assert identify("") == "generic"


def test_a_result_cut_by_the_engine_is_flagged_never_silently_short(backend: Store, backend_name: str) -> None:
    result = backend.select(ROWS, max_rows=20_000)
    if backend_name == "virtuoso":
        assert len(result.rows) == 10_000 and result.truncated  # ResultSetMaxRows, flagged
    else:
        assert len(result.rows) == 10_100 and not result.truncated


def test_system_graphs_never_leak(backend: Store, store: Store) -> None:
    assert backend.named_graphs() == store.named_graphs()
    status, expected = backend.status(), store.status()
    assert (status.quads, status.named_graphs) == (expected.quads, expected.named_graphs)
    count = "SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o }"
    assert backend.select(count).rows == store.select(count).rows


def test_batches_keep_blank_nodes_together() -> None:
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    chain = [ox.Triple(ox.BlankNode(f"b{i}"), p, ox.BlankNode(f"b{i + 1}")) for i in range(7)]
    plain = [ox.Triple(s, p, ox.Literal(str(i))) for i in range(10)]
    out = list(batches(plain + chain, 3))
    assert sum(len(b) for b in out) == 17
    assert any(set(chain) <= set(b) for b in out)  # the connected blank nodes travel in one request
    assert all(len(b) <= 3 for b in out if not set(b) & set(chain))


def test_a_large_write_is_batched_and_all_or_nothing(backend: Store) -> None:
    graph = "http://example.org/batched"
    p = ox.NamedNode("http://example.org/p")
    quads = [ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), p, ox.Literal(i)) for i in range(2_500)]
    assert backend.replace_graph(graph, quads) is True
    count = f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    assert int(backend.select(count).rows[0][0].value) == 2_500  # type: ignore[union-attr]
    assert backend.add_to_graph(graph, [*quads[:1200], ox.Quad(ox.NamedNode("http://example.org/x"), p, p)]) is False
    assert int(backend.select(count).rows[0][0].value) == 2_501  # type: ignore[union-attr]
    backend.drop_graph(graph)


def test_a_failing_update_leaves_the_store_as_it_was(backend: Store) -> None:
    reference = "https://w3id.org/province40/graph/reference"
    count = f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{reference}> {{ ?s ?p ?o }} }}"
    before = backend.select(count).rows
    graphs = backend.named_graphs()
    failing = (
        "INSERT DATA { GRAPH <http://example.org/half> { <http://example.org/a> <http://example.org/b> 1 } } ;"
        f" DROP GRAPH <{reference}> ;"
        " LOAD <http://127.0.0.1:9/nothing-listens-here.ttl> INTO GRAPH <http://example.org/loaded>"
    )
    with pytest.raises(Exception) as raised:
        backend.update(failing)
    assert "province40.errors" in type(raised.value).__module__
    assert backend.named_graphs() == graphs
    assert backend.select(count).rows == before


def test_writes_to_the_default_graph_follow_the_capability(backend: Store, backend_name: str) -> None:
    quad = ox.Quad(ox.NamedNode("http://example.org/d"), ox.NamedNode("http://example.org/p"), ox.Literal("d"))
    if backend_name == "virtuoso":
        with pytest.raises(QueryRefused) as refused:
            backend.add_to_graph(None, [quad])
        assert refused.value.reason == "default_graph_not_writable"
        assert backend.read_graph(None, result_format=ResultFormat.N_TRIPLES) == b""
        return
    backend.add_to_graph(None, [quad])
    backend.drop_graph(None)


def test_remote_store_has_the_store_protocol(oxigraph: Engine) -> None:
    store: Store = oxigraph.store()
    assert isinstance(store, RemoteStore)
    store.close()
