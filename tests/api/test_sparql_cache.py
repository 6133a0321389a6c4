"""The SPARQL endpoint through the one result cache (``province40.result_cache``): a repeated query is
served from the cache with the body and headers of an uncached answer (the row cap's flag among them),
keyed by the text, the format, the row cap and the protocol dataset; a write through any door (Graph
Store, SPARQL Update, a plan import) is seen by the very next query in every result format, GET and
POST; ``Cache-Control: no-cache`` asks the engine; the cache is bounded by bytes; on a remote engine it
is off unless province40 is the engine's only writer."""

from __future__ import annotations

from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from province40.api.app import create_app
from province40.result_cache import ResultCache
from province40.store.base import Store
from province40.store.embedded import EmbeddedStore
from tests.backends import Engine
from tests.conftest import UPDATE_TOKEN, make_settings
from tests.plans.sheets import THAI_HEADERS, project_row, xlsx

AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
GRAPH = "https://w3id.org/province40/graph/extra/sparql-cache-test"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
CONSTRUCT = f"CONSTRUCT {{ <urn:p40:test:data> <urn:p40:test:quads> ?n }} WHERE {{ {{ {COUNT} }} }}"
SELECT_FORMATS = ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values")
GRAPH_FORMATS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
ASK_FORMATS = ("application/sparql-results+json", "application/sparql-results+xml")
NEW_TRIPLES = """@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/province40/id/project/TH-84-88> rdfs:label "Cache test project"@en , "โครงการทดสอบแคช"@th .
""".encode()


def _ask(client: TestClient, method: str, query: str, accept: str, **params: str) -> httpx.Response:
    headers = {"Accept": accept}
    if method == "GET":
        response = client.get("/sparql", params={"query": query, **params}, headers=headers)
    else:
        response = client.post("/sparql", data={"query": query, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response


def _headers(response: httpx.Response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k.lower() not in ("province40-cache", "date")}


def _quads(client: TestClient) -> int:
    store: Store = client.app.state.store  # type: ignore[attr-defined]
    return int(store.select(COUNT).rows[0][0].value)  # type: ignore[union-attr]


def _every_answer(client: TestClient, before: int) -> dict[tuple[str, str, str], str]:
    """Every (method, query, format) answer twice: the first is computed ('miss'), the second comes
    from the cache ('hit') with the same body and headers. ``before`` is the count the ASK compares to."""
    asks = f"ASK {{ {{ {COUNT} }} FILTER (?n = {before}) }}"
    answers = {}
    for method in ("GET", "POST"):
        for query, formats in ((COUNT, SELECT_FORMATS), (CONSTRUCT, GRAPH_FORMATS), (asks, ASK_FORMATS)):
            for accept in formats:
                first, second = _ask(client, method, query, accept), _ask(client, method, query, accept)
                assert first.headers["Province40-Cache"] == ("miss" if method == "GET" else "hit"), (method, accept)
                assert second.headers["Province40-Cache"] == "hit", (method, accept)
                assert first.content == second.content and _headers(first) == _headers(second), (method, accept)
                kind = "ask" if query is asks else "count"
                answers[(method, kind, accept)] = first.text
    return answers


def _check(answers: dict[tuple[str, str, str], str], quads: int, *, unchanged: bool) -> None:
    for (method, kind, accept), body in answers.items():
        if kind == "ask":
            assert ("true" in body) is unchanged and ("false" in body) is not unchanged, (method, accept, body)
        else:
            assert str(quads) in body, (method, accept, quads, body)


def test_no_door_serves_a_stale_answer_in_any_format(writer: TestClient) -> None:
    """GET fills the cache and POST of the same query is served from it (one key for both); after a
    Graph Store PUT, a SPARQL Update, a plan import and a Graph Store DELETE the next answer in every
    result format is computed again and shows the write."""
    results: ResultCache = writer.app.state.results  # type: ignore[attr-defined]
    before = _quads(writer)
    _check(_every_answer(writer, before), before, unchanged=True)
    writes = {
        "Graph Store PUT": lambda: writer.put("/graph-store", params={"graph": GRAPH}, content=NEW_TRIPLES,
                                              headers={**AUTH, "Content-Type": "text/turtle"}),
        "SPARQL Update": lambda: writer.post("/sparql", headers=AUTH, data={
            "update": f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:p40:test:a> <urn:p40:test:b> 'c' }} }}"}),
        "plan import": lambda: writer.post(
            "/api/plans/TH-84/imports?filename=surat.xlsx", content=xlsx([THAI_HEADERS, project_row(1)]),
            headers={**AUTH, "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}),
        "Graph Store DELETE": lambda: writer.delete("/graph-store", params={"graph": GRAPH}, headers=AUTH),
    }
    for door, write in writes.items():
        generation = results.stats().generation
        response = write()
        assert response.status_code in (200, 201, 204), (door, response.text)
        after = _quads(writer)
        assert after != before and results.stats().generation > generation, door
        _check(_every_answer(writer, before), after, unchanged=False)
        before = after


def test_a_cached_answer_keeps_the_row_cap_flag_and_the_dataset_is_part_of_the_key(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s a <https://w3id.org/province40/ontology#Province> } ORDER BY ?s"
    accept = "application/sparql-results+json"
    first = _ask(client, "GET", query, accept, **{"max-rows": "2"})
    second = _ask(client, "GET", query, accept, **{"max-rows": "2"})
    assert second.headers["Province40-Cache"] == "hit"
    assert first.headers["Province40-Truncated"] == second.headers["Province40-Truncated"] == "true"
    assert first.content == second.content and _headers(first) == _headers(second)
    assert len(second.json()["results"]["bindings"]) == 2
    whole = _ask(client, "GET", query, accept)  # another row cap: another answer
    assert whole.headers["Province40-Truncated"] == "false" and len(whole.json()["results"]["bindings"]) == 77
    scoped = _ask(client, "GET", query, accept, **{"default-graph-uri": "https://w3id.org/province40/graph/ontology"})
    assert scoped.json()["results"]["bindings"] == []
    named = _ask(client, "GET", query, accept, **{"named-graph-uri": "https://w3id.org/province40/graph/ontology"})
    assert named.json()["results"]["bindings"] == []  # named graphs only: an empty default graph
    assert len(_ask(client, "GET", query, accept).json()["results"]["bindings"]) == 77


def test_no_cache_asks_the_engine_and_a_query_that_fails_is_not_kept(client: TestClient) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type }"
    _ask(client, "GET", query, "text/csv")
    fresh = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv", "Cache-Control": "no-cache"})
    assert fresh.status_code == 200 and fresh.headers["Province40-Cache"] == "refresh"
    assert _ask(client, "GET", query, "text/csv").headers["Province40-Cache"] == "hit"
    pragma = client.get("/sparql", params={"query": query}, headers={"Accept": "text/csv", "Pragma": "no-cache"})
    assert pragma.headers["Province40-Cache"] == "refresh"
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    for _ in range(2):
        refused = client.get("/sparql", params={"query": slow, "timeout": "0.2"})
        assert refused.status_code in (503, 504) and "error" in refused.json()


def test_the_cache_is_bounded_by_bytes(store_dir: Path, store: EmbeddedStore) -> None:
    settings = make_settings(store_dir, result_cache_bytes=4096)
    with TestClient(create_app(settings, store=store)) as small:
        little = "ASK { ?s ?p ?o }"
        big = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 500"
        assert _ask(small, "GET", little, "application/sparql-results+json").headers["Province40-Cache"] == "miss"
        assert _ask(small, "GET", little, "application/sparql-results+json").headers["Province40-Cache"] == "hit"
        for _ in range(2):  # larger than the whole budget: answered, never kept
            assert _ask(small, "GET", big, "text/csv").headers["Province40-Cache"] == "miss"
        results: ResultCache = small.app.state.results  # type: ignore[attr-defined]
        assert 0 < results.stats().bytes <= 4096
    with TestClient(create_app(make_settings(store_dir, result_cache_bytes=0), store=store)) as off:
        for _ in range(2):
            assert _ask(off, "GET", little, "text/csv").headers["Province40-Cache"] == "off"


def test_stored_questions_and_sparql_share_the_one_cache(client: TestClient) -> None:
    results: ResultCache = client.app.state.results  # type: ignore[attr-defined]
    assert client.app.state.sparql.cache is results  # type: ignore[attr-defined]
    url = "/api/show-province?province=TH-84"
    first = client.get(url)
    hits = results.stats().hits
    again = client.get(url)
    assert again.status_code == 200 and again.headers["Province40-Cache"] == "hit"
    assert results.stats().hits == hits + 1 and again.content == first.content
    assert client.get(url, headers={"Cache-Control": "no-cache"}).headers["Province40-Cache"] == "refresh"


def test_a_remote_engine_is_cached_only_when_province40_is_its_only_writer(
    oxigraph: Engine, store: EmbeddedStore, store_dir: Path
) -> None:
    """A write straight to the engine (its own Graph Store, not province40's) cannot advance the data
    generation: by default nothing is cached on a remote backend, so the next answer shows it; with
    ``remote_sole_writer`` answers are cached (the setting's promise is that no such write happens)."""
    from tests.backends import remote_backend

    query = "ASK { GRAPH ?g { <urn:p40:test:direct> ?p ?o } }"
    accept = "application/sparql-results+json"
    with remote_backend(oxigraph, store) as remote:
        with TestClient(create_app(oxigraph.settings(store_dir), store=remote)) as default:
            assert _ask(default, "GET", query, accept).json()["boolean"] is False
            graph = store.named_graphs()[0]  # a graph the backend knows: its list of graphs is not the point
            direct = httpx.post(oxigraph.update_url, data={
                "update": f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:p40:test:direct> <urn:p40:test:p> 1 }} }}"})
            assert direct.status_code in (200, 204), direct.text
            answer = _ask(default, "GET", query, accept)
            assert answer.json()["boolean"] is True and answer.headers["Province40-Cache"] == "off"
            assert default.get("/api/show-province?province=TH-84").status_code == 200
            assert default.app.state.results.stats().hits == 0  # type: ignore[attr-defined]
            _let_the_warm_up_finish(default)
        with TestClient(create_app(oxigraph.settings(store_dir, remote_sole_writer=True), store=remote)) as sole:
            assert _ask(sole, "GET", query, accept).headers["Province40-Cache"] == "miss"
            assert _ask(sole, "GET", query, accept).headers["Province40-Cache"] == "hit"
            _let_the_warm_up_finish(sole)


def _let_the_warm_up_finish(client: TestClient) -> None:
    """The app warms the link suggester in a thread at start-up, reading the engine: wait for it before
    the remote backend's HTTP client is closed under it."""
    client.app.state.suggestions.suggester()  # type: ignore[attr-defined]
