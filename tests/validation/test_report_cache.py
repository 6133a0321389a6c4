"""The server's latest report of every plan: kept, and revalidated only where a write touched."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient

from province40 import namespaces as ns
from province40.store.update_plan import graphs_of_update
from province40.validation import PlanReader, Validator, validate_province
from province40.validation.render.json import report_to_dict
from province40.validation.report_cache import ReportCache, provinces_touched
from tests.conftest import UPDATE_TOKEN
from tests.plans.sheets import THAI_HEADERS, project_row, xlsx

AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}


def test_which_provinces_a_write_touches() -> None:
    assert provinces_touched([ns.plan_graph("TH-33")]) == frozenset({"TH-33"})
    assert provinces_touched([ns.plan_graph("TH-33"), ns.plan_graph("TH-11")]) == frozenset({"TH-33", "TH-11"})
    assert provinces_touched([ns.CURATION_GRAPH]) is None  # every plan is checked against the curation
    assert provinces_touched(None) is None
    assert graphs_of_update("INSERT DATA { GRAPH <http://g/1> { <a:b> <a:c> <a:d> } }") == frozenset({"http://g/1"})
    assert provinces_touched(graphs_of_update("INSERT DATA { <a:b> <a:c> <a:d> }")) is None  # the default graph
    assert provinces_touched(graphs_of_update(f"WITH <{ns.plan_graph('TH-33')}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}")) is None
    assert graphs_of_update("CLEAR ALL") is None
    # the graphs an update writes, not the ones it reads (the server's report cache once missed <b> here)
    assert graphs_of_update(f"ADD GRAPH <{ns.plan_graph('TH-33')}> TO <{ns.plan_graph('TH-11')}>") == frozenset({ns.plan_graph("TH-11")})
    inserted = graphs_of_update(f"INSERT {{ GRAPH <{ns.plan_graph('TH-11')}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{ns.plan_graph('TH-33')}> {{ ?s ?p ?o }} }}")
    assert inserted is not None and ns.plan_graph("TH-11") in inserted and ns.plan_graph("TH-33") not in inserted
    # DELETE WHERE's short form: its pattern is its template (the cache once missed the graph it names)
    deleted = graphs_of_update(f"DELETE WHERE {{ GRAPH <{ns.plan_graph('TH-33')}> {{ ?s <urn:x:p> ?o }} }}")
    assert deleted is not None and ns.plan_graph("TH-33") in deleted
    assert provinces_touched(graphs_of_update("DELETE WHERE { GRAPH ?g { ?s <urn:x:p> ?o } }")) is None


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


_TH33 = ns.plan_graph("TH-33")
_NEW_PROJECT = "https://w3id.org/province40/id/project/TH-33-09"
_NEW_LINK = "https://w3id.org/province40/id/link/curated-TH-33-09-serves-dimension-test"
_P40 = "https://w3id.org/province40/ontology#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _comparable(document: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in document.items() if k not in {"generated_at", "seconds"}}


def _served_equals_fresh(client: TestClient) -> dict[str, object] | None:
    """The server's report of TH-33 after the write (kept data, kept curated links) equals a validation
    from scratch (new reader, new validator); the report as a dictionary, None when the plan is gone."""
    served = client.get("/validation/TH-33", params={"format": "json"})
    store = client.app.state.store  # type: ignore[attr-defined]
    try:
        fresh = validate_province(store, "TH-33", validator=Validator.from_source(store), reader=PlanReader(store))
    except Exception as error:  # the plan is gone: both answer "not found"
        assert served.status_code == 404 and "TH-33" in str(error)
        return None
    assert served.status_code == 200
    expected = _comparable(report_to_dict(fresh))
    assert _comparable(served.json()) == expected
    return expected


def test_after_each_kind_of_write_the_plan_report_equals_a_fresh_one(writer: TestClient) -> None:
    """Graph Store POST (a new node with curated links already in the store), PUT, SPARQL Update, a plan
    import and DELETE: the report the server gives next equals a validation from scratch."""
    original = writer.get("/graph-store", params={"graph": _TH33}, headers={"Accept": "application/n-triples"})
    assert original.status_code == 200
    link = (
        f"INSERT DATA {{ GRAPH <{ns.CURATION_GRAPH}> {{ <{_NEW_PROJECT}> <{_P40}servesDimension> "
        f"<https://w3id.org/province40/id/dimension/1> . <{_NEW_LINK}> a <{_P40}CuratedLink> ; "
        f"<{_RDF}subject> <{_NEW_PROJECT}> ; <{_RDF}predicate> <{_P40}servesDimension> ; "
        f"<{_RDF}object> <https://w3id.org/province40/id/dimension/1> }} }}"
    )
    assert writer.post("/sparql", data={"update": link}, headers=AUTH).status_code == 204
    _served_equals_fresh(writer)  # the reader now keeps TH-33 and the curated links about its nodes

    project = (
        f"<{_NEW_PROJECT}> a <{_P40}Project> ; <http://www.w3.org/2000/01/rdf-schema#label> \"โครงการใหม่\"@th ;"
        f" <{_P40}inPlan> <https://w3id.org/province40/id/plan/TH-33-v2022-04-29> ."
    )
    added = writer.post("/graph-store", params={"graph": _TH33}, content=project.encode(),
                        headers={"Content-Type": "text/turtle", **AUTH})
    assert added.status_code == 204
    report = _served_equals_fresh(writer)  # a node not looked up before: its curated link is found
    assert report is not None and _NEW_PROJECT in str(report["plans"]), "the new project's curated link"

    replaced = writer.put("/graph-store", params={"graph": _TH33}, content=original.content,
                          headers={"Content-Type": "application/n-triples", **AUTH})
    assert replaced.status_code == 204
    report = _served_equals_fresh(writer)  # fewer nodes: the curated links kept are selected again
    assert report is not None and _NEW_PROJECT not in str(report)

    label = f'<{_NEW_PROJECT.replace("09", "02")}> <http://www.w3.org/2000/01/rdf-schema#label> "Si Sa Ket volcano durian project"@en'
    update = f"DELETE DATA {{ GRAPH <{_TH33}> {{ {label} }} }}"
    assert writer.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    _served_equals_fresh(writer)

    sheet = xlsx([THAI_HEADERS, project_row(1), project_row(2)])
    imported = writer.post("/api/plans/TH-33/imports?filename=sisaket.xlsx", content=sheet,
                           headers={"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                    **AUTH})
    assert imported.status_code == 201, imported.text
    _served_equals_fresh(writer)

    assert writer.delete("/graph-store", params={"graph": _TH33}, headers=AUTH).status_code == 204
    assert _served_equals_fresh(writer) is None


def test_a_write_to_a_kept_plan_is_followed_from_its_delta(writer: TestClient) -> None:
    """A link added to and removed from the plan graph by SPARQL Update, then by the Graph Store: the
    server's reader brings the kept plan up to date from each write's delta (the writer computed it)
    instead of reading the plan back from the store, and the report equals a validation from scratch."""
    _served_equals_fresh(writer)  # the reader now keeps TH-33 and has the writer watch its graph
    reader = writer.app.state.plan_reader  # type: ignore[attr-defined]
    followed = reader.followed
    triple = (
        "<https://w3id.org/province40/id/project/TH-33-02> "
        f"<{_P40}servesDimension> <https://w3id.org/province40/id/dimension/1>"
    )
    for verb in ("INSERT", "DELETE"):
        update = f"{verb} DATA {{ GRAPH <{_TH33}> {{ {triple} }} }}"
        assert writer.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
        _served_equals_fresh(writer)
    posted = writer.post("/graph-store", params={"graph": _TH33}, content=f"{triple} .".encode(),
                         headers={"Content-Type": "text/turtle", **AUTH})
    assert posted.status_code == 204
    report = _served_equals_fresh(writer)
    assert report is not None
    assert reader.followed == followed + 3, "each write followed from its delta, no plan read again"


def test_an_import_that_accepts_suggestions_brings_the_curated_links_into_the_kept_reports(writer: TestClient) -> None:
    """The accepted suggestions are written to the curation graph in the import's transaction: the
    server's report after it holds them, as a validation from scratch does."""
    bare = project_row(2, title="โครงการส่งเสริมการท่องเที่ยวเชิงวัฒนธรรมด้วยระบบจองออนไลน์")
    bare[3] = "Promoting cultural tourism with online booking"
    bare[4:8] = ["", "", "", ""]  # states no link: the import suggests some
    sheet = xlsx([THAI_HEADERS, project_row(1), bare])
    for accept, accepted in (("false", 0), ("true", 3)):  # the second time the plan's nodes are all kept
        imported = writer.post("/api/plans/TH-33/imports",
                               params={"filename": "sisaket.xlsx", "accept-suggestions": accept},
                               content=sheet,
                               headers={"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                                        **AUTH})
        assert imported.status_code == 201, imported.text
        assert imported.json()["suggestions_accepted"] >= accepted
        _served_equals_fresh(writer)  # after the first import, the reader keeps TH-33's new nodes
