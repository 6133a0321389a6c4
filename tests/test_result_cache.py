"""The one result cache (``province40.result_cache``): answers keyed by what was asked and by the data
generation; a write advances the generation, so it never serves an answer computed before it."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from province40.result_cache import DataGeneration, ResultCache
from tests.conftest import UPDATE_TOKEN


def test_a_value_is_kept_until_the_generation_advances() -> None:
    generation = DataGeneration()
    cache = ResultCache(generation)
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cache.get(("q", "TH-84"), compute) == 1
    assert cache.get(("q", "TH-84"), compute) == 1 and len(calls) == 1
    assert cache.get(("q", "TH-30"), compute) == 2  # another key is another answer
    generation.advance()
    assert cache.get(("q", "TH-84"), compute) == 3
    assert cache.stats().hits == 1 and cache.stats().misses == 3


def test_an_answer_computed_while_a_write_ran_is_not_kept() -> None:
    generation = DataGeneration()
    cache = ResultCache(generation)

    def computed_during_a_write() -> str:
        generation.advance()  # the write lands while the old answer is being computed
        return "old"

    assert cache.get("k", computed_during_a_write) == "old"
    assert cache.get("k", lambda: "new") == "new"
    assert cache.get("k", lambda: "newer") == "new"


def test_an_error_is_not_kept_and_racing_requests_compute_once() -> None:
    cache = ResultCache(DataGeneration())
    with pytest.raises(ZeroDivisionError):
        cache.get("k", lambda: 1 // 0)
    started, release, calls = threading.Event(), threading.Event(), []

    def slow() -> str:
        calls.append(1)
        started.set()
        release.wait(5)
        return "v"

    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get("k", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    started.wait(5)
    release.set()
    for thread in threads:
        thread.join(5)
    assert results == ["v"] * 4 and len(calls) == 1


def test_the_cache_holds_at_most_max_entries_and_max_bytes() -> None:
    cache = ResultCache(DataGeneration(), max_entries=3)
    for n in range(5):
        cache.get(n, lambda n=n: n)
    assert cache.stats().entries == 3
    assert cache.get(0, lambda: "computed again") == "computed again"
    heavy = ResultCache(DataGeneration(), max_bytes=100)
    for n in range(4):
        heavy.get(n, lambda: [0] * 40, weigh=len)
    assert heavy.stats().entries == 2 and heavy.stats().bytes == 80  # the oldest went first
    assert heavy.get("too heavy", lambda: [0] * 101, weigh=len) == [0] * 101
    assert heavy.stats().entries == 2 and heavy.get("too heavy", lambda: [], weigh=len) == []


NEW_PROJECT = """@prefix p40: <https://w3id.org/province40/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/province40/id/plan/TH-84-v2022-04-29> p40:hasProject <https://w3id.org/province40/id/project/TH-84-77> .
<https://w3id.org/province40/id/project/TH-84-77> a p40:Project ; p40:sequenceNumber 77 ;
    rdfs:label "โครงการทดสอบแคช"@th , "Cache test project"@en ;
    p40:contributesToStrategy <https://w3id.org/province40/id/strategy/2> .
"""


def test_a_write_never_serves_a_stale_answer_or_page(writer: TestClient) -> None:
    """Every cached thing (a stored-question answer in JSON and CSV, the province, strategy and
    project pages, the overview) is asked twice, so the second comes from the cache; after each
    write (Graph Store PUT, SPARQL Update, Graph Store DELETE) the very next request sees it."""
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    results: ResultCache = writer.app.state.results  # type: ignore[attr-defined]
    graph = "https://w3id.org/province40/graph/extra/cache-test"
    plan = "/api/show-province-plan?province=TH-84"
    strategy = "/api/find-strategy-projects?strategy=2"

    def seen() -> dict[str, bool]:
        found = {}
        for url in (plan, plan + "&format=csv", strategy, "/province/TH-84?lang=en", "/strategy/2?lang=en",
                    "/project/TH-84-77?lang=en"):
            first, second = writer.get(url), writer.get(url)
            assert first.text == second.text and first.status_code == second.status_code
            found[url] = "Cache test project" in first.text or "Renamed by an update" in first.text
        return found

    before = results.stats()
    overview = writer.get("/?lang=en").text
    assert writer.get("/?lang=en").text == overview
    assert not any(seen().values())
    assert results.stats().hits > before.hits  # the second requests came from the cache
    response = writer.put("/graph-store", params={"graph": graph}, content=NEW_PROJECT.encode(),
                          headers={**auth, "Content-Type": "text/turtle"})
    assert response.status_code == 201
    assert all(seen()[url] for url in (plan, plan + "&format=csv", strategy, "/province/TH-84?lang=en",
                                       "/strategy/2?lang=en", "/project/TH-84-77?lang=en"))
    assert writer.get("/?lang=en").text != overview  # the plan's project count changed
    update = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE { GRAPH ?g { ?p rdfs:label ?l } } INSERT { GRAPH ?g { ?p rdfs:label "Renamed by an update"@en } }
        WHERE { GRAPH ?g { ?p rdfs:label ?l } FILTER (?p = <https://w3id.org/province40/id/project/TH-84-77> && lang(?l) = "en") }"""
    assert writer.post("/sparql", data={"update": update}, headers=auth).status_code == 204
    assert "Renamed by an update" in writer.get("/project/TH-84-77?lang=en").text
    assert "Renamed by an update" in writer.get(plan).text
    assert writer.delete("/graph-store", params={"graph": graph}, headers=auth).status_code == 204
    assert not any(seen().values())
    assert writer.get("/project/TH-84-77").status_code == 404
    assert writer.get("/?lang=en").text == overview


def test_how_a_value_was_served_fresh_values_and_a_cache_that_is_off() -> None:
    from province40.result_cache import Served, cache_enabled, wants_fresh

    cache = ResultCache(DataGeneration())
    assert cache.serve("k", lambda: 1) == (1, Served.MISS)
    assert cache.serve("k", lambda: 2) == (1, Served.HIT)
    assert cache.serve("k", lambda: 3, fresh=True) == (3, Served.REFRESH)  # computed, and it replaces the kept one
    assert cache.serve("k", lambda: 4) == (3, Served.HIT)
    off = ResultCache(DataGeneration(), enabled=False)
    assert [off.serve("k", lambda n=n: n) for n in range(2)] == [(0, Served.OFF), (1, Served.OFF)]
    assert wants_fresh("max-age=0, No-Cache") and wants_fresh(None, "no-cache") and wants_fresh("no-store")
    assert not wants_fresh("max-age=60") and not wants_fresh(None)
    assert cache_enabled(1, backend="embedded", remote_sole_writer=False)
    assert not cache_enabled(0, backend="embedded", remote_sole_writer=False)
    assert not cache_enabled(1, backend="remote", remote_sole_writer=False)
    assert cache_enabled(1, backend="remote", remote_sole_writer=True)
