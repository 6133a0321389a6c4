"""Real clients against the real HTTP server (``province40 serve`` in a subprocess): SPARQLWrapper in
every return format, rdflib's SPARQLStore, and plain HTTP for concurrency and hostile requests."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from province40.loading import BuildReport
from tests.servers import province40_server

pytestmark = pytest.mark.server

P40 = "https://w3id.org/province40/ontology#"
SELECT = f"SELECT ?code WHERE {{ ?p a <{P40}Province> ; <{P40}iso3166Code> ?code }} ORDER BY ?code"
CONSTRUCT = f"CONSTRUCT {{ ?p <{P40}iso3166Code> ?code }} WHERE {{ ?p <{P40}iso3166Code> ?code }}"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    copy = tmp_path_factory.mktemp("live") / "store"
    shutil.copytree(built.store_dir, copy)
    with province40_server(copy, query_timeout="3", workers="2") as base:
        yield base


def wrapper(base: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(f"{base}/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(server: str, method: str) -> None:
    result = wrapper(server, SELECT, JSON, method).queryAndConvert()
    codes = [b["code"]["value"] for b in result["results"]["bindings"]]  # type: ignore[index]
    assert len(codes) == 77 and codes[0] == "TH-10"


def test_sparqlwrapper_xml(server: str) -> None:
    document = wrapper(server, SELECT, XML).queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 77  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", [CSV, TSV])
def test_sparqlwrapper_csv_and_tsv(server: str, fmt: str) -> None:
    text = wrapper(server, SELECT, fmt).queryAndConvert()
    lines = text.decode("utf-8").strip().splitlines()  # type: ignore[union-attr]
    assert len(lines) == 78 and any("TH-33" in line for line in lines)


@pytest.mark.parametrize(
    ("fmt", "parser"),
    [
        (TURTLE, ox.RdfFormat.TURTLE),
        (N3, ox.RdfFormat.TURTLE),
        (RDFXML, ox.RdfFormat.RDF_XML),
        (JSONLD, ox.RdfFormat.JSON_LD),
    ],
)
def test_sparqlwrapper_graph_formats(server: str, fmt: str, parser: ox.RdfFormat) -> None:
    # SPARQLWrapper's own convert() for RDF/XML and JSON-LD builds an rdflib ConjunctiveGraph, which
    # rdflib deprecates (a warning, an error here); the raw response is parsed instead.
    response = wrapper(server, CONSTRUCT, fmt).query().response
    assert len(list(ox.parse(response.read(), format=parser))) == 77


def test_sparqlwrapper_ask(server: str) -> None:
    assert wrapper(server, f"ASK {{ ?x a <{P40}Project> }}", JSON).queryAndConvert()["boolean"] is True  # type: ignore[index]


def test_rdflib_sparqlstore(server: str) -> None:
    graph = rdflib.Graph(store=SPARQLStore(f"{server}/sparql", returnFormat="json"))
    rows = list(graph.query(SELECT))
    assert len(rows) == 77
    label = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
    labels = {str(o) for o in graph.objects(rdflib.URIRef("https://w3id.org/province40/id/province/TH-33"), label)}
    assert labels == {"ศรีสะเกษ", "Si Sa Ket"}


def test_a_slow_query_is_stopped_and_never_blocks_other_clients(server: str) -> None:
    outcome: dict[str, object] = {}

    def slow() -> None:
        started = time.monotonic()
        response = httpx.post(f"{server}/sparql", data={"query": SLOW}, timeout=30)
        outcome["slow"] = (response.status_code, response.json()["error"]["code"], time.monotonic() - started)
        outcome["slow_done"] = time.monotonic()

    thread = threading.Thread(target=slow)
    thread.start()
    time.sleep(0.5)
    quick = httpx.get(f"{server}/sparql", params={"query": SELECT}, timeout=30)
    quick_done = time.monotonic()
    thread.join()
    assert quick.status_code == 200
    assert quick_done < outcome["slow_done"]  # type: ignore[operator]  # answered while the slow query ran
    status, code, elapsed = outcome["slow"]  # type: ignore[misc]
    assert status == 503 and code == "query_timeout"
    # stopped by its deadline (3 s), not before; how soon after is the machine's business (no upper bound on
    # wall-clock time: the query_timeout answer says the work was stopped)
    assert elapsed >= 3.0


def test_hostile_requests_cost_only_themselves(server: str) -> None:
    nested = "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000
    assert httpx.post(f"{server}/sparql", data={"query": nested}, timeout=30).status_code == 400
    big = b"query=" + b"a" * (22 * 1024 * 1024)
    response = httpx.post(
        f"{server}/sparql", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=60
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "query_refused"
    assert httpx.get(f"{server}/readyz", timeout=10).json()["status"] == "ready"
    assert httpx.get(f"{server}/sparql", params={"query": SELECT}, timeout=10).status_code == 200


def test_a_plan_is_validated_over_http_while_queries_still_answer(server: str) -> None:
    from pathlib import Path

    plan = Path(__file__).resolve().parents[2] / "data" / "examples" / "invalid" / "ProjectDimensionShape--missing.ttl"
    outcome: dict[str, object] = {}

    def validate() -> None:
        outcome["report"] = httpx.post(
            f"{server}/validation", content=plan.read_bytes(), headers={"Content-Type": "text/turtle"}, timeout=60
        )

    thread = threading.Thread(target=validate)
    thread.start()
    assert httpx.get(f"{server}/sparql", params={"query": SELECT}, timeout=30).status_code == 200
    thread.join()
    response = outcome["report"]
    assert isinstance(response, httpx.Response) and response.status_code == 200
    report = response.json()
    assert report["counts"]["open"]["Violation"] == 1 and report["findings"][0]["project"].endswith("example-TH-33-02")
    stored = httpx.get(f"{server}/validation/TH-72", params={"format": "html", "lang": "en"}, timeout=60)
    assert stored.status_code == 200 and "Suphan Buri (TH-72)" in stored.text
