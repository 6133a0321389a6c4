"""The server's latest report of every plan: kept, and revalidated only where a write touched."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from province40 import namespaces as ns
from province40.validation.report_cache import ReportCache, graphs_of_update, provinces_touched
from tests.conftest import UPDATE_TOKEN

AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}


def test_which_provinces_a_write_touches() -> None:
    assert provinces_touched([ns.plan_graph("TH-33")]) == frozenset({"TH-33"})
    assert provinces_touched([ns.plan_graph("TH-33"), ns.plan_graph("TH-11")]) == frozenset({"TH-33", "TH-11"})
    assert provinces_touched([ns.CURATION_GRAPH]) is None  # every plan is checked against the curation
    assert provinces_touched(None) is None
    assert graphs_of_update("INSERT DATA { GRAPH <http://g/1> { <a:b> <a:c> <a:d> } }") == frozenset({"http://g/1"})
    assert graphs_of_update("INSERT DATA { <a:b> <a:c> <a:d> }") is None
    assert graphs_of_update("WITH <http://g/2> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }") == frozenset({"http://g/2"})
    assert graphs_of_update("CLEAR ALL") is None


def test_only_touched_plans_are_recomputed() -> None:
    computed: list[tuple[str, bool]] = []

    def compute(code: str, include_curation: bool) -> object:
        computed.append((code, include_curation))
        return object()

    cache = ReportCache(compute)  # type: ignore[arg-type]
    first = {code: cache.get(code) for code in ("TH-11", "TH-33")}
    assert cache.get("TH-11") is first["TH-11"] and len(computed) == 2  # answered from the cache
    stale = cache.invalidate([ns.plan_graph("TH-33")])
    cache.wait()
    assert stale == frozenset({("TH-33", True)})
    assert cache.recomputed == [("TH-33", True)]
    assert cache.get("TH-33") is not first["TH-33"] and cache.get("TH-11") is first["TH-11"]
    cache.invalidate([ns.REFERENCE_GRAPH])
    cache.wait()
    assert sorted(cache.recomputed[1:]) == [("TH-11", True), ("TH-33", True)]


def _computed_at(client: TestClient, code: str) -> dt.datetime:
    response = client.get(f"/validation/{code}", params={"format": "json"})
    assert response.status_code == 200
    stamp = dt.datetime.fromisoformat(response.headers["Province40-Computed-At"])
    assert response.json()["generated_at"].startswith(stamp.strftime("%Y-%m-%dT%H:%M"))
    return stamp


def test_a_graph_store_write_revalidates_only_that_plan(writer: TestClient) -> None:
    before = {code: _computed_at(writer, code) for code in ("TH-11", "TH-33")}
    assert _computed_at(writer, "TH-11") == before["TH-11"]  # the cached report, at once
    label = '<https://w3id.org/province40/id/project/TH-33-01> <http://www.w3.org/2000/01/rdf-schema#comment> "x" .'
    response = writer.post("/graph-store", params={"graph": ns.plan_graph("TH-33")}, content=label.encode(),
                           headers={"Content-Type": "text/turtle", **AUTH})
    assert response.status_code == 204
    cache = writer.app.state.reports  # type: ignore[attr-defined]
    cache.wait()
    assert cache.recomputed == [("TH-33", True)]
    assert _computed_at(writer, "TH-33") > before["TH-33"]
    assert _computed_at(writer, "TH-11") == before["TH-11"]
    update = f"INSERT DATA {{ GRAPH <{ns.CURATION_GRAPH}> {{ <urn:x:a> <urn:x:b> <urn:x:c> }} }}"
    assert writer.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    cache.wait()
    assert sorted(cache.recomputed[1:]) == [("TH-11", True), ("TH-33", True)]
