"""The 34 ``mf:ProtocolTest`` entries of the W3C SPARQL 1.1 Protocol manifest, against a real server.

The manifest (``sparql11/protocol/manifest.ttl``, read from outside the repository, see
:mod:`tests.conformance.w3c_suite`) describes each test as HTTP requests and expected responses in
prose-like RDF. Each is written out here as one function, registered with :func:`implements`; its
docstring quotes the entry's ``mf:name`` and IRI, and :func:`test_every_protocol_test_is_implemented`
checks that the functions and the manifest entries match one to one.

Requests are sent as the manifest writes them (method, ``ht:absolutePath`` with ``/sparql/`` read as
this service's ``/sparql``, headers and body) to ``province40 serve`` in a subprocess (two servers for
the whole session: one with an update token, one read-only). Where province40
deliberately behaves otherwise, the test asserts the documented behaviour and says so:

* Updates need ``Authorization: Bearer <token>`` (the manifest's requests carry none), and a service
  without an update token is read-only: update requests here carry the token, and
  ``update_post_form`` / ``update_post_direct`` also check the 401 without it and the 403 of a
  read-only service.
* Nothing is ever fetched: a graph that ``default-graph-uri`` / ``named-graph-uri`` /
  ``using-graph-uri`` / ``using-named-graph-uri`` name and the store does not hold is an empty graph
  (as Oxigraph and Fuseki do), listed in the ``Province40-Absent-Graphs`` response header; the tests
  naming ``http://kasei.us/2009/09/sparql/data/data0.rdf`` (never provided by the manifest) check that
  header. FROM / USING written in the request text must still name graphs of the store (400
  ``outbound_access``, setting ``outbound_allowlist``).

Queries and updates resolve relative IRIs against the endpoint's URL (the manifest's "service-defined
BASE URI, which MAY be the service endpoint").

:func:`test_protocol_dataset_replaces_the_whole_dataset` goes beyond the manifest: it checks that a
protocol dataset is the whole dataset (graphs it does not name are not in it), which the manifest's
tests, asking only for graphs that are named, cannot tell.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar, TypeVar
from urllib.parse import quote, urljoin

import httpx
import pyoxigraph as ox
import pytest

from province40.loading import BuildReport
from province40.store.embedded import EmbeddedStore
from tests.api.test_sparql_endpoint import assert_error_shape
from tests.backends import DEVIATIONS, Engine, load_engine
from tests.conformance.w3c_suite import (
    TEST_IRI_BASE,
    locate_suite,
    read_manifest,
    read_protocol_graph_data,
    require_suite,
)
from tests.conftest import UPDATE_TOKEN
from tests.servers import province40_server

SUITE = locate_suite()  # at import: the session fixtures remove PROVINCE40_* variables later
require_suite(SUITE, SUITE.problem())  # fails (PROVINCE40_W3C_TESTS set) or skips the module when missing
SPARQL11 = SUITE.require()

MANIFEST = TEST_IRI_BASE + "protocol/manifest#"
AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"
DATA1 = "http://kasei.us/2009/09/sparql/data/data1.rdf"
DATA2 = "http://kasei.us/2009/09/sparql/data/data2.rdf"

F = TypeVar("F", bound=Callable[..., None])
IMPLEMENTATIONS: dict[str, Callable[..., None]] = {}


def implements(local_name: str) -> Callable[[F], F]:
    """Register a test function as the implementation of ``protocol/manifest#<local_name>``."""

    def register(function: F) -> F:
        iri = MANIFEST + local_name
        assert iri not in IMPLEMENTATIONS, f"two implementations of {iri}"
        IMPLEMENTATIONS[iri] = function
        return pytest.mark.server(function)  # type: ignore[no-any-return]

    return register


# ---------------------------------------------------------------- servers


@pytest.fixture(scope="module")
def server(
    backend_name: str,
    engine: Engine | None,
    built: BuildReport,
    store: EmbeddedStore,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[httpx.Client]:
    """``province40 serve`` with an update token over a private copy of the session store, on each
    backend (embedded, or the session's ``oxigraph serve`` / Virtuoso loaded with the store's graphs);
    one server per backend: each test loads the data it needs, see :func:`load_protocol_data`."""
    copy = tmp_path_factory.mktemp("w3c-protocol") / "store"
    shutil.copytree(built.store_dir, copy)
    remote: dict[str, str] = {}
    if engine is not None:
        load_engine(engine, store)
        remote = engine.env()
    with province40_server(copy, update_token=UPDATE_TOKEN, workers="2", **remote) as base:
        with httpx.Client(base_url=base, timeout=30.0) as client:
            client.headers.pop("accept", None)  # the manifest's requests name no Accept header
            yield client


@pytest.fixture(scope="session")
def read_only_server(store_dir: Path) -> Iterator[httpx.Client]:
    """``province40 serve`` as deployed by default: no update token, so read-only (one per session, on the
    embedded store: it must never hold the graphs the tests load into ``server``'s backend, since the
    tests use it to show that a graph the store lacks is read as an empty graph)."""
    with province40_server(store_dir, workers="1") as base:
        with httpx.Client(base_url=base, timeout=30.0) as client:
            client.headers.pop("accept", None)
            yield client


def load_protocol_data(client: httpx.Client) -> None:
    """Put data1.nt, data2.nt, data3.nt in the graphs the manifest names (its ut:graphData labels);
    ``data0.rdf``, which the manifest names but never provides, stays absent (an empty graph)."""
    for graph, source in read_protocol_graph_data(SPARQL11).items():
        response = client.put(
            "/graph-store",
            params={"graph": graph},
            content=source.path.read_bytes(),
            headers={"Content-Type": "application/n-triples", **AUTH},
        )
        assert response.status_code in (201, 204), response.text


# ---------------------------------------------------------------- requests and expectations


def send(
    client: httpx.Client,
    method: str,
    absolute_path: str,
    *,
    body: str | bytes | None = None,
    content_type: str | None = None,
    token: bool = False,
) -> httpx.Response:
    """Send a manifest request: its ``ht:absolutePath`` (``/sparql/`` read as ``/sparql``), its
    content-type header if it has one, its body as UTF-8 (unless given as bytes)."""
    assert absolute_path.startswith("/sparql/")
    path = "/sparql" + absolute_path[len("/sparql/") :]
    headers = {"Content-Type": content_type} if content_type else {}
    if token:
        headers.update(AUTH)
    content = body.encode("utf-8") if isinstance(body, str) else body
    return client.request(method, path, content=content, headers=headers)


def _media(response: httpx.Response) -> str:
    content_type: str = response.headers.get("content-type", "")
    return content_type.split(";")[0].strip().lower()


def expect_success(response: httpx.Response) -> None:
    """``mf:expectedStatus hts:StatusCode2xx, hts:StatusCode3xx``."""
    assert 200 <= response.status_code < 400, f"HTTP {response.status_code}: {response.text[:1000]}"


def expect_boolean(response: httpx.Response, value: bool) -> None:
    """``mf:expectedFormat "boolean"`` and ``mf:expectedBoolean``: a SPARQL results document (XML or
    JSON) holding that boolean."""
    expect_success(response)
    formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    }
    assert _media(response) in formats, f"not a boolean results format: {response.headers.get('content-type')}"
    parsed = ox.parse_query_results(response.content, formats[_media(response)])
    assert isinstance(parsed, ox.QueryBoolean) and bool(parsed) is value, response.text


def expect_tabular(response: httpx.Response) -> None:
    """``mf:expectedFormat "tabular"``: SPARQL results in XML, JSON, CSV or TSV."""
    expect_success(response)
    formats = {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    media = _media(response)
    assert media in (*formats, "text/csv"), f"not a tabular results format: {response.headers.get('content-type')}"
    if media in formats:
        assert isinstance(ox.parse_query_results(response.content, formats[media]), ox.QuerySolutions)


_RDF_FORMATS = {
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}


def expect_rdf(response: httpx.Response) -> list[ox.Triple]:
    """``mf:expectedFormat "RDF"``: one of RDF/XML, Turtle, N-Triples (or RDFa) that parses; its triples."""
    expect_success(response)
    assert _media(response) in _RDF_FORMATS, f"not an RDF format: {response.headers.get('content-type')}"
    return [q.triple for q in ox.parse(response.content, format=_RDF_FORMATS[_media(response)])]


def expect_absent_graphs(response: httpx.Response, *graphs: str) -> None:
    """Documented behaviour: the protocol-dataset graphs the store does not hold were read as empty
    graphs (never fetched), and the response header lists exactly them."""
    expect_success(response)
    assert response.headers.get("province40-absent-graphs") == ", ".join(f"<{g}>" for g in graphs), response.headers


def ask(client: httpx.Client, query: str) -> httpx.Response:
    """The manifest's follow-up ASK requests: a direct POST of the query."""
    return send(client, "POST", "/sparql/", body=query, content_type=SPARQL_QUERY)


# ---------------------------------------------------------------- queries


@implements("query_post_form")
def test_query_post_form(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query via URL-encoded POST" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_post_form>.

    ``default-graph-uri`` names ``data0.rdf``, which no service here has: an empty graph, said in the
    ``Province40-Absent-Graphs`` header (also on the read-only service)."""
    path = "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
    for client in (read_only_server, server):
        response = send(client, "POST", path, body="query=ASK%20%7B%7D", content_type=FORM)
        expect_boolean(response, True)
        expect_absent_graphs(response, DATA0)


@implements("query_dataset_default_graphs_get")
def test_query_dataset_default_graphs_get(server: httpx.Client) -> None:
    """mf:name "GET query with protocol-specified default graph" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_dataset_default_graphs_get>."""
    load_protocol_data(server)
    path = (
        "/sparql/?query=ASK%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf%3E%20a%20%3Ftype"
        "%20.%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf%3E%20a%20%3Ftype%20.%20%7D"
        "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    expect_boolean(send(server, "GET", path), True)


@implements("query_dataset_default_graphs_post")
def test_query_dataset_default_graphs_post(server: httpx.Client) -> None:
    """mf:name "POST query with protocol-specified default graphs" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_dataset_default_graphs_post>."""
    load_protocol_data(server)
    path = (
        "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    query = (
        "ASK { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type . "
        "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type . }"
    )
    expect_boolean(send(server, "POST", path, body=query, content_type=SPARQL_QUERY), True)


@implements("query_dataset_named_graphs_post")
def test_query_dataset_named_graphs_post(server: httpx.Client) -> None:
    """mf:name "POST query with protocol-specified named graphs" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_dataset_named_graphs_post>."""
    load_protocol_data(server)
    path = (
        "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    query = (
        "ASK { GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } "
        "GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }"
    )
    expect_boolean(send(server, "POST", path, body=query, content_type=SPARQL_QUERY), True)


@implements("query_dataset_named_graphs_get")
def test_query_dataset_named_graphs_get(server: httpx.Client) -> None:
    """mf:name "GET query with protocol-specified named graphs" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_dataset_named_graphs_get>."""
    load_protocol_data(server)
    path = (
        "/sparql/?query=ASK%20%7B%20GRAPH%20%3Fg1%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2F"
        "data1.rdf%3E%20a%20%3Ftype%20%7D%20GRAPH%20%3Fg2%20%7B%20%3Chttp%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2F"
        "data%2Fdata2.rdf%3E%20a%20%3Ftype%20%7D%20%7D"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    expect_boolean(send(server, "GET", path), True)


@implements("query_dataset_full")
def test_query_dataset_full(server: httpx.Client) -> None:
    """mf:name "query with protocol-specified dataset (both named and default graphs)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_dataset_full>."""
    load_protocol_data(server)
    path = (
        "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata3.rdf"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    query = """ASK {
  <http://kasei.us/2009/09/sparql/data/data3.rdf> a ?type
  GRAPH ?g1 { <http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type }
  GRAPH ?g2 { <http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type }
}"""
    expect_boolean(send(server, "POST", path, body=query, content_type=SPARQL_QUERY), True)


@implements("query_multiple_dataset")
def test_query_multiple_dataset(server: httpx.Client) -> None:
    """mf:name "query specifying dataset in both query string and protocol; test for use of protocol-specified dataset" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_multiple_dataset>."""
    load_protocol_data(server)
    path = (
        "/sparql/?named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    query = (
        "ASK FROM <http://kasei.us/2009/09/sparql/data/data3.rdf> { GRAPH ?g1 { "
        "<http://kasei.us/2009/09/sparql/data/data1.rdf> a ?type } GRAPH ?g2 { "
        "<http://kasei.us/2009/09/sparql/data/data2.rdf> a ?type } }"
    )
    expect_boolean(send(server, "POST", path, body=query, content_type=SPARQL_QUERY), True)


@implements("query_get")
def test_query_get(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query via GET" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_get>.

    ``data0.rdf`` is not a graph of the store: an empty graph, said in the header (see query_post_form)."""
    path = "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
    for client in (read_only_server, server):
        response = send(client, "GET", path)
        expect_boolean(response, True)
        expect_absent_graphs(response, DATA0)


_DATA0_PATH = "/sparql/?default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"


@implements("query_content_type_select")
def test_query_content_type_select(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query appropriate content type (expect one of: XML, JSON, CSV, TSV)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_content_type_select>.

    ``data0.rdf`` is an absent, so empty, graph (see query_post_form)."""
    query = "SELECT (1 AS ?value) {}"
    expect_absent_graphs(send(read_only_server, "POST", _DATA0_PATH, body=query, content_type=SPARQL_QUERY), DATA0)
    response = send(server, "POST", _DATA0_PATH, body=query, content_type=SPARQL_QUERY)
    expect_tabular(response)
    expect_absent_graphs(response, DATA0)
    assert response.json()["results"]["bindings"] == [
        {"value": {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#integer", "value": "1"}}
    ]


@implements("query_content_type_ask")
def test_query_content_type_ask(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query appropriate content type (expect one of: XML, JSON)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_content_type_ask>.

    ``data0.rdf`` is an absent, so empty, graph (see query_post_form)."""
    for client in (read_only_server, server):
        response = send(client, "POST", _DATA0_PATH, body="ASK {}", content_type=SPARQL_QUERY)
        expect_boolean(response, True)
        expect_absent_graphs(response, DATA0)


@implements("query_content_type_describe")
def test_query_content_type_describe(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_content_type_describe>.

    ``data0.rdf`` is an absent, so empty, graph (see query_post_form)."""
    query = "DESCRIBE <http://example.org/>"
    for client in (read_only_server, server):
        response = send(client, "POST", _DATA0_PATH, body=query, content_type=SPARQL_QUERY)
        expect_rdf(response)
        expect_absent_graphs(response, DATA0)


@implements("query_content_type_construct")
def test_query_content_type_construct(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "query appropriate content type (expect one of: RDF/XML, Turtle, N-Triples, RDFa)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_content_type_construct>.

    ``data0.rdf`` is an absent, so empty, graph (see query_post_form). The query's ``<s>`` and ``<p>``
    are relative IRIs: they resolve against the endpoint's URL (a BASE in the query still wins)."""
    query = "CONSTRUCT { <s> <p> 1 } WHERE {}"
    for client in (read_only_server, server):
        response = send(client, "POST", _DATA0_PATH, body=query, content_type=SPARQL_QUERY)
        triples = expect_rdf(response)
        expect_absent_graphs(response, DATA0)
        endpoint = str(client.base_url).rstrip("/") + "/sparql"
        assert [t.subject for t in triples] == [ox.NamedNode(urljoin(endpoint, "s"))], triples
    with_base = "BASE <http://example.org/> " + query
    triples = expect_rdf(send(server, "POST", "/sparql/", body=with_base, content_type=SPARQL_QUERY))
    assert [t.subject for t in triples] == [ox.NamedNode("http://example.org/s")], triples


@implements("query_post_direct")
def test_query_post_direct(server: httpx.Client) -> None:
    """mf:name "query via POST directly" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#query_post_direct>."""
    expect_boolean(send(server, "POST", "/sparql/", body="ASK {}", content_type=SPARQL_QUERY), True)


# ---------------------------------------------------------------- updates

_UPDATE_DEFAULT_GRAPH = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
CLEAR ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document
    }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}"""


@implements("update_dataset_default_graph")
def test_update_dataset_default_graph(server: httpx.Client) -> None:
    """mf:name "update with protocol-specified default graph" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_dataset_default_graph>.

    Sent with the update token."""
    load_protocol_data(server)
    path = "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
    response = send(server, "POST", path, body=_UPDATE_DEFAULT_GRAPH, content_type=SPARQL_UPDATE, token=True)
    expect_success(response)
    assert "province40-absent-graphs" not in response.headers
    check = """ASK {
    GRAPH <http://example.org/protocol-update-dataset-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource>
    }
}"""
    expect_boolean(ask(server, check), True)


_UPDATE_DEFAULT_GRAPHS = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    ?s a foaf:Document
}"""


@implements("update_dataset_default_graphs")
def test_update_dataset_default_graphs(server: httpx.Client) -> None:
    """mf:name "update with protocol-specified default graphs" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_dataset_default_graphs>.

    Sent with the update token."""
    load_protocol_data(server)
    path = (
        "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    expect_success(send(server, "POST", path, body=_UPDATE_DEFAULT_GRAPHS, content_type=SPARQL_UPDATE, token=True))
    check = """ASK {
    GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}"""
    expect_boolean(ask(server, check), True)


_UPDATE_NAMED_GRAPHS = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        ?s a dc:BibliographicResource
    }
}
WHERE {
    GRAPH ?g {
        ?s a foaf:Document
    }
}"""


@implements("update_dataset_named_graphs")
def test_update_dataset_named_graphs(server: httpx.Client) -> None:
    """mf:name "update with protocol-specified named graphs" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_dataset_named_graphs>.

    Sent with the update token."""
    load_protocol_data(server)
    path = (
        "/sparql/?using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    expect_success(send(server, "POST", path, body=_UPDATE_NAMED_GRAPHS, content_type=SPARQL_UPDATE, token=True))
    check = """ASK {
    GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-named-graphs-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> a <http://purl.org/dc/terms/BibliographicResource> .
        }
    }
}"""
    expect_boolean(ask(server, check), True)


_UPDATE_FULL = """PREFIX dc: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
DROP ALL ;
INSERT DATA {
    GRAPH <http://kasei.us/2009/09/sparql/data/data1.rdf> { <http://kasei.us/2009/09/sparql/data/data1.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data2.rdf> { <http://kasei.us/2009/09/sparql/data/data2.rdf> a foaf:Document }
    GRAPH <http://kasei.us/2009/09/sparql/data/data3.rdf> { <http://kasei.us/2009/09/sparql/data/data3.rdf> a foaf:Document }
} ;
INSERT {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        ?s <http://example.org/in> ?in
    }
}
WHERE {
    {
        GRAPH ?g { ?s a foaf:Document }
        BIND(?g AS ?in)
    }
    UNION
    {
        ?s a foaf:Document .
        BIND("default" AS ?in)
    }
}"""


@implements("update_dataset_full")
def test_update_dataset_full(server: httpx.Client) -> None:
    """mf:name "update with protocol-specified dataset (both named and default graphs)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_dataset_full>.

    Sent with the update token."""
    load_protocol_data(server)
    path = (
        "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
        "&using-named-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata2.rdf"
    )
    expect_success(send(server, "POST", path, body=_UPDATE_FULL, content_type=SPARQL_UPDATE, token=True))
    check = """ASK {
    GRAPH <http://example.org/protocol-update-dataset-full-test/> {
        <http://kasei.us/2009/09/sparql/data/data1.rdf> <http://example.org/in> "default" .
        <http://kasei.us/2009/09/sparql/data/data2.rdf> <http://example.org/in> <http://kasei.us/2009/09/sparql/data/data2.rdf> .
    }
    FILTER NOT EXISTS {
        GRAPH <http://example.org/protocol-update-dataset-full-test/> {
            <http://kasei.us/2009/09/sparql/data/data3.rdf> ?p ?o
        }
    }
}"""
    expect_boolean(ask(server, check), True)


def _expect_store_emptied(client: httpx.Client) -> None:
    expect_boolean(ask(client, "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"), False)


@implements("update_post_form")
def test_update_post_form(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "update via URL-encoded POST" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_post_form>.

    Documented behaviour: a read-only service (no update token, the default) answers 403, a service
    with a token answers 401 without it; with the token the manifest's outcome holds."""
    assert_error_shape(
        send(read_only_server, "POST", "/sparql/", body="update=CLEAR+ALL", content_type=FORM), 403, "access_denied"
    )
    load_protocol_data(server)
    response = send(server, "POST", "/sparql/", body="update=CLEAR+ALL", content_type=FORM)
    assert_error_shape(response, 401, "access_denied")
    assert response.headers["www-authenticate"].startswith("Bearer")
    expect_success(send(server, "POST", "/sparql/", body="update=CLEAR+ALL", content_type=FORM, token=True))
    _expect_store_emptied(server)


@implements("update_post_direct")
def test_update_post_direct(server: httpx.Client, read_only_server: httpx.Client) -> None:
    """mf:name "update via POST directly" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_post_direct>.

    Documented behaviour: 403 on a read-only service, 401 without the token; with it the manifest's
    outcome holds."""
    assert_error_shape(
        send(read_only_server, "POST", "/sparql/", body="CLEAR ALL", content_type=SPARQL_UPDATE), 403, "access_denied"
    )
    load_protocol_data(server)
    assert_error_shape(
        send(server, "POST", "/sparql/", body="CLEAR ALL", content_type=SPARQL_UPDATE), 401, "access_denied"
    )
    expect_success(send(server, "POST", "/sparql/", body="CLEAR ALL", content_type=SPARQL_UPDATE, token=True))
    _expect_store_emptied(server)


@implements("update_base_uri")
def test_update_base_uri(server: httpx.Client) -> None:
    """mf:name "test for service-defined BASE URI ("which MAY be the service endpoint")" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#update_base_uri>.

    ``<test>`` resolves against the endpoint's URL."""
    update = """CLEAR SILENT GRAPH <http://example.org/protocol-base-test/> ;
INSERT DATA { GRAPH <http://example.org/protocol-base-test/> { <http://example.org/s> <http://example.org/p> <test> } }"""
    expect_success(send(server, "POST", "/sparql/", body=update, content_type=SPARQL_UPDATE, token=True))
    check = """ASK {
    GRAPH <http://example.org/protocol-base-test/> {
        <http://example.org/s> <http://example.org/p> ?o
        FILTER (isIRI(?o) && STR(?o) != "test")
    }
}"""
    expect_boolean(ask(server, check), True)
    endpoint = str(server.base_url).rstrip("/") + "/sparql"
    exact = f"ASK {{ GRAPH <http://example.org/protocol-base-test/> {{ ?s ?p <{urljoin(endpoint, 'test')}> }} }}"
    expect_boolean(ask(server, exact), True)


# ---------------------------------------------------------------- requests that must fail


@implements("bad_query_method")
def test_bad_query_method(server: httpx.Client) -> None:
    """mf:name "invoke query operation with a method other than GET or POST" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_method>."""
    path = "/sparql/?query=ASK%20%7B%7D&default-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata0.rdf"
    assert_error_shape(send(server, "PUT", path, content_type=FORM), 405, "method_not_allowed")


@implements("bad_multiple_queries")
def test_bad_multiple_queries(server: httpx.Client) -> None:
    """mf:name "invoke query operation with more than one query string" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_multiple_queries>."""
    assert_error_shape(
        send(server, "GET", "/sparql/?query=ASK%20%7B%7D&query=SELECT%20%2A%20%7B%7D"), 400, "bad_parameter"
    )


@implements("bad_query_wrong_media_type")
def test_bad_query_wrong_media_type(server: httpx.Client) -> None:
    """mf:name "invoke query operation with a POST with media type that's not url-encoded or application/sparql-query" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_wrong_media_type>."""
    assert_error_shape(send(server, "POST", "/sparql/", body="ASK {}", content_type="text/plain"), 415)


@implements("bad_query_missing_form_type")
def test_bad_query_missing_form_type(server: httpx.Client) -> None:
    """mf:name "invoke query operation with url-encoded body, but without application/x-www-form-urlencoded media type" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_missing_form_type>."""
    response = send(server, "POST", "/sparql/", body="query=ASK%20%7B%7D")
    assert "content-type" not in response.request.headers
    assert_error_shape(response, 415)


@implements("bad_query_missing_direct_type")
def test_bad_query_missing_direct_type(server: httpx.Client) -> None:
    """mf:name "invoke query operation with SPARQL body, but without application/sparql-query media type" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_missing_direct_type>."""
    response = send(server, "POST", "/sparql/", body="ASK {}")
    assert "content-type" not in response.request.headers
    assert_error_shape(response, 415)


@implements("bad_query_non_utf8")
def test_bad_query_non_utf8(server: httpx.Client) -> None:
    """mf:name "invoke query operation with direct POST, but with a non-UTF8 encoding (UTF-16)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_non_utf8>."""
    body = "ASK {}".encode("utf-16")
    assert_error_shape(
        send(server, "POST", "/sparql/", body=body, content_type="application/sparql-query; charset=UTF-16"), 415
    )


@implements("bad_query_syntax")
def test_bad_query_syntax(server: httpx.Client) -> None:
    """mf:name "invoke query operation with invalid query syntax (4XX result)" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_query_syntax>."""
    assert_error_shape(send(server, "GET", "/sparql/?query=ASK%20%7B"), 400, "query_syntax_error")


@implements("bad_update_get")
def test_bad_update_get(server: httpx.Client) -> None:
    """mf:name "invoke update operation with GET" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_get>.

    Sent with the update token, so the refusal is for the method, not for missing credentials."""
    load_protocol_data(server)
    assert_error_shape(send(server, "GET", "/sparql/?update=CLEAR%20ALL", token=True), 400, "bad_parameter")
    expect_boolean(ask(server, f"ASK {{ GRAPH <{DATA1}> {{ ?s ?p ?o }} }}"), True)  # nothing was cleared


@implements("bad_multiple_updates")
def test_bad_multiple_updates(server: httpx.Client) -> None:
    """mf:name "invoke update operation with more than one update string" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_multiple_updates>.

    Sent with the update token, so the refusal is for the repeated parameter."""
    body = "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT"
    assert_error_shape(send(server, "POST", "/sparql/", body=body, content_type=FORM, token=True), 400, "bad_parameter")


@implements("bad_update_wrong_media_type")
def test_bad_update_wrong_media_type(server: httpx.Client) -> None:
    """mf:name "invoke update operation with a POST with media type that's not url-encoded or application/sparql-update" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_wrong_media_type>.

    Sent with the update token, so the refusal is for the media type."""
    assert_error_shape(send(server, "POST", "/sparql/", body="CLEAR NAMED", content_type="text/plain", token=True), 415)


@implements("bad_update_missing_form_type")
def test_bad_update_missing_form_type(server: httpx.Client) -> None:
    """mf:name "invoke update operation with url-encoded body, but without application/x-www-form-urlencoded media type" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_missing_form_type>.

    Sent with the update token, so the refusal is for the missing media type."""
    assert_error_shape(send(server, "POST", "/sparql/", body="update=CLEAR%20NAMED", token=True), 415)


@implements("bad_update_non_utf8")
def test_bad_update_non_utf8(server: httpx.Client) -> None:
    """mf:name "invoke update operation with direct POST, but with a non-UTF8 encoding" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_non_utf8>.

    Sent with the update token, so the refusal is for the encoding."""
    body = "CLEAR NAMED".encode("utf-16")
    response = send(
        server, "POST", "/sparql/", body=body, content_type="application/sparql-update; charset=UTF-16", token=True
    )
    assert_error_shape(response, 415)


@implements("bad_update_syntax")
def test_bad_update_syntax(server: httpx.Client) -> None:
    """mf:name "invoke update operation with invalid update syntax" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_syntax>.

    Sent with the update token, so the refusal is for the syntax."""
    response = send(server, "POST", "/sparql/", body="update=CLEAR%20XYZ", content_type=FORM, token=True)
    assert_error_shape(response, 400, "query_syntax_error")


@implements("bad_update_dataset_conflict")
def test_bad_update_dataset_conflict(server: httpx.Client) -> None:
    """mf:name "invoke update with both using-graph-uri/using-named-graph-uri parameter and USING/WITH clause" — implements <http://www.w3.org/2009/sparql/docs/tests/data-sparql11/protocol/manifest#bad_update_dataset_conflict>.

    Sent with the update token: 400 bad_parameter, the update's WITH and the parameter conflict (nothing
    is changed); ``<http://example/people>`` is not a graph of the store, which is not the reason."""
    update = """PREFIX foaf:  <http://xmlns.com/foaf/0.1/>
WITH <http://example/addresses>
DELETE { ?person foaf:givenName 'Bill' }
INSERT { ?person foaf:givenName 'William' }
WHERE {
    ?person foaf:givenName 'Bill'
}"""
    path = "/sparql/?using-named-graph-uri=http%3A%2F%2Fexample%2Fpeople"
    body = assert_error_shape(
        send(server, "POST", path, body=update, content_type=SPARQL_UPDATE, token=True), 400, "bad_parameter"
    )
    assert "WITH" in body["error"]["message"]  # type: ignore[index]
    load_protocol_data(server)
    local = "/sparql/?using-graph-uri=http%3A%2F%2Fkasei.us%2F2009%2F09%2Fsparql%2Fdata%2Fdata1.rdf"
    with_using = "DELETE { ?s ?p ?o } USING <http://kasei.us/2009/09/sparql/data/data2.rdf> WHERE { ?s ?p ?o }"
    response = send(server, "POST", local, body=with_using, content_type=SPARQL_UPDATE, token=True)
    assert "USING" in assert_error_shape(response, 400, "bad_parameter")["error"]["message"]  # type: ignore[index]
    expect_boolean(ask(server, f"ASK {{ GRAPH <{DATA2}> {{ ?s ?p ?o }} }}"), True)  # nothing was deleted


# ---------------------------------------------------------------- the mapping cannot drift


def test_every_protocol_test_is_implemented() -> None:
    """Each mf:ProtocolTest of the manifest has exactly one function here, whose docstring quotes its
    mf:name and IRI; and every function here implements an entry of the manifest."""
    entries = [entry for entry in read_manifest(SPARQL11, "protocol").entries if entry.kind == "ProtocolTest"]
    assert len(entries) == 34, f"the protocol manifest has {len(entries)} ProtocolTest entries, not 34"
    in_manifest = {entry.iri for entry in entries}
    assert not in_manifest - set(IMPLEMENTATIONS), f"not implemented: {sorted(in_manifest - set(IMPLEMENTATIONS))}"
    assert not set(IMPLEMENTATIONS) - in_manifest, f"not in the manifest: {sorted(set(IMPLEMENTATIONS) - in_manifest)}"
    for entry in entries:
        doc = IMPLEMENTATIONS[entry.iri].__doc__ or ""
        assert doc.startswith(f'mf:name "{entry.name}"'), (
            f"{entry.iri}: the docstring must start with the quoted mf:name"
        )
        assert f"<{entry.iri}>" in doc, f"{entry.iri}: the docstring must name the manifest IRI"


# ---------------------------------------------------------------- the protocol's dataset, beyond the manifest


_EX_DEFAULT = "<http://example.org/in-the-default-graph> <http://example.org/p> <http://example.org/o> .\n"


@pytest.mark.server
@pytest.mark.deviation("virtuoso", DEVIATIONS["default-graph"])
def test_protocol_dataset_replaces_the_whole_dataset(server: httpx.Client) -> None:
    """SPARQL 1.1 Protocol §2.1.4 (and Query §13.2): the dataset a request names with
    ``default-graph-uri`` / ``named-graph-uri`` is the whole dataset, and replaces the query's own.

    The manifest's tests only ask for graphs that are in the dataset; this one also asks for graphs that
    are not: with ``default-graph-uri`` alone there are no named graphs, with ``named-graph-uri`` alone
    the default graph is empty (not the store's default graph, nor the union the service uses when no
    dataset is given), and either replaces a FROM of the query."""
    load_protocol_data(server)
    response = server.put("/graph-store?default", content=_EX_DEFAULT, headers={"Content-Type": "text/turtle", **AUTH})
    assert response.status_code in (201, 204), response.text
    try:
        default_only = f"/sparql/?default-graph-uri={quote(DATA1, safe='')}"
        named_only = f"/sparql/?named-graph-uri={quote(DATA1, safe='')}"
        any_graph = "ASK { GRAPH ?g { ?s ?p ?o } }"
        any_triple = "ASK { ?s ?p ?o }"
        expect_boolean(send(server, "POST", default_only, body=any_triple, content_type=SPARQL_QUERY), True)
        expect_boolean(send(server, "POST", default_only, body=any_graph, content_type=SPARQL_QUERY), False)
        expect_boolean(send(server, "POST", named_only, body=any_graph, content_type=SPARQL_QUERY), True)
        expect_boolean(send(server, "POST", named_only, body=any_triple, content_type=SPARQL_QUERY), False)
        from_data2 = f"ASK FROM <{DATA2}> {{ ?s ?p ?o }}"
        expect_boolean(send(server, "POST", "/sparql/", body=from_data2, content_type=SPARQL_QUERY), True)
        expect_boolean(send(server, "POST", named_only, body=from_data2, content_type=SPARQL_QUERY), False)
        # without a dataset in the request or the query: the service's default (the union of the graphs)
        expect_boolean(send(server, "POST", "/sparql/", body=any_graph, content_type=SPARQL_QUERY), True)
    finally:
        response = server.delete("/graph-store?default", headers=AUTH)
        assert response.status_code in (200, 204), response.text


# ---------------------------------------------------------------- absent graphs are empty, never fetched


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Serves one triple as Turtle for any path, and counts the requests it got."""

    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b"<http://example.org/fetched> <http://example.org/p> <http://example.org/o> .\n"
        self.send_response(200)
        self.send_header("Content-Type", "text/turtle")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture()
def data_server() -> Iterator[str]:
    """A loopback web server that would answer with RDF, if anything fetched from it."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/data.ttl"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.server
def test_absent_protocol_graphs_are_empty_and_never_fetched(server: httpx.Client, data_server: str) -> None:
    """A protocol-dataset graph the store does not hold is an empty graph, listed in the header, and the
    web server at its IRI gets no request; FROM / USING naming it in the text stay refused (400)."""
    graph = quote(data_server, safe="")
    for parameter in ("default-graph-uri", "named-graph-uri"):
        response = send(
            server,
            "POST",
            f"/sparql/?{parameter}={graph}",
            body="ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
            content_type=SPARQL_QUERY,
        )
        expect_boolean(response, False)
        expect_absent_graphs(response, data_server)
    update = "INSERT { GRAPH <http://example.org/absent-test> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    response = send(
        server, "POST", f"/sparql/?using-graph-uri={graph}", body=update, content_type=SPARQL_UPDATE, token=True
    )
    expect_success(response)
    expect_absent_graphs(response, data_server)
    expect_boolean(ask(server, "ASK { GRAPH <http://example.org/absent-test> { ?s ?p ?o } }"), False)
    refused = send(
        server, "POST", "/sparql/", body=f"ASK FROM <{data_server}> {{ ?s ?p ?o }}", content_type=SPARQL_QUERY
    )
    assert assert_error_shape(refused, 400, "query_refused")["error"]["detail"]["reason"] == "outbound_access"  # type: ignore[index]
    assert _Recorder.requests == [], f"the service fetched {_Recorder.requests}"
    bad = send(server, "POST", "/sparql/?default-graph-uri=not%20an%20iri", body="ASK {}", content_type=SPARQL_QUERY)
    assert_error_shape(bad, 400, "bad_parameter")
