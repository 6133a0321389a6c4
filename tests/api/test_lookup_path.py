"""The look-up fast path (``api/lookup_path.py``): plain point look-ups answered before the framework with
the full path's body and headers; every other request, and every look-up it declines, answered by the
full path as before (the request body read by the fast path handed on unchanged)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from province40.api.app import create_app
from province40.api.routes import sparql as sparql_route
from province40.store.embedded import EmbeddedStore
from tests.conftest import make_settings

LOOKUP = "SELECT ?p ?o WHERE { GRAPH ?g { <https://w3id.org/province40/id/province/TH-10> ?p ?o } }"
JSON = {"Accept": "application/sparql-results+json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture()
def fast_only(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The session client, with the full path's protocol reading made to fail: a request answered with
    200 was answered by the fast path."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the full path read this request")

    monkeypatch.setattr(sparql_route, "read_request", refuse)
    return client


def _same_answer(fast: Any, full: Any) -> None:
    assert fast.status_code == full.status_code == 200
    assert fast.content == full.content
    skip = {"date", "content-length"}
    assert {k: v for k, v in fast.headers.items() if k not in skip} == {
        k: v for k, v in full.headers.items() if k not in skip
    }


def test_a_get_look_up_is_answered_before_the_framework_as_the_full_path_answers_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = client.get("/sparql", params={"query": LOOKUP, "timeout": "1000"}, headers=JSON)  # a parameter: full path
    calls: list[str] = []
    real = sparql_route.read_request
    monkeypatch.setattr(sparql_route, "read_request", lambda *a: calls.append("full") or real(*a))
    fast = client.get("/sparql", params={"query": LOOKUP}, headers=JSON)
    assert calls == [] and full.headers["Province40-Cache"] == "inline"
    _same_answer(fast, full)
    assert len(fast.json()["results"]["bindings"]) >= 5
    assert fast.headers["Content-Type"] == "application/sparql-results+json; charset=utf-8"


def test_post_look_ups_form_and_direct(fast_only: TestClient) -> None:
    form = fast_only.post("/sparql", data={"query": LOOKUP}, headers=JSON)
    direct = fast_only.post("/sparql", content=LOOKUP.encode(), headers={**JSON, "Content-Type": "application/sparql-query"})
    got = fast_only.get("/sparql", params={"query": LOOKUP}, headers=JSON)
    assert form.status_code == direct.status_code == got.status_code == 200
    assert form.content == direct.content == got.content


def test_other_formats_are_negotiated_as_on_the_full_path(fast_only: TestClient) -> None:
    for accept, media in (
        ("text/csv", "text/csv"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/tab-separated-values;q=0.9, text/csv;q=0.1", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
    ):
        response = fast_only.get("/sparql", params={"query": LOOKUP}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media), accept


def test_requests_it_does_not_take_go_the_full_path(client: TestClient) -> None:
    prefixed = "PREFIX id: <https://w3id.org/province40/id/province/>\nSELECT ?p ?o WHERE { id:TH-10 ?p ?o }"
    assert client.get("/sparql", params={"query": prefixed}, headers=JSON).headers["Province40-Cache"] == "inline"
    # a body the fast path read and declined reaches the full path whole
    response = client.post("/sparql", data={"query": prefixed}, headers=JSON)
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) >= 5
    refused = client.get("/sparql", params={"query": LOOKUP}, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and refused.json()["error"]["code"] == "not_acceptable"
    update = client.post("/sparql", data={"update": "CLEAR ALL"})
    assert update.status_code in (401, 403) and "error" in update.json()
    assert client.get("/sparql").status_code == 200  # the service description


def test_the_row_cap_truncates_a_fast_look_up_and_says_so(store: EmbeddedStore, store_dir: Path) -> None:
    with TestClient(create_app(make_settings(store_dir, max_rows=2), store=store)) as capped:
        response = capped.get("/sparql", params={"query": LOOKUP}, headers=JSON)
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 2
    assert response.headers["Province40-Truncated"] == "true" and response.headers["Province40-Max-Rows"] == "2"


def test_cross_origin_look_ups_keep_their_cors_headers(store: EmbeddedStore, store_dir: Path) -> None:
    settings = make_settings(store_dir, cors_origins=("https://planner.example.org",))
    with TestClient(create_app(settings, store=store)) as cors:
        response = cors.get(
            "/sparql", params={"query": LOOKUP}, headers={**JSON, "Origin": "https://planner.example.org"}
        )
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "https://planner.example.org"


def test_look_ups_are_logged_as_a_tally(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    sparql = client.app.state.sparql  # type: ignore[attr-defined]
    sparql.lookup_log.flush()  # the earlier tests' look-ups
    caplog.clear()
    with caplog.at_level("INFO", logger="province40.sparql.service"):
        for _ in range(3):
            assert client.get("/sparql", params={"query": LOOKUP}, headers=JSON).status_code == 200
        sparql.lookup_log.flush()
    lines = [r.getMessage() for r in caplog.records if "look-ups answered in-process" in r.getMessage()]
    assert sum(int(line.split(": ")[1].split(" ")[0]) for line in lines) == 3


def test_a_slow_post_body_gets_the_same_408(store: EmbeddedStore, store_dir: Path) -> None:
    """The fast path reads a short POST body under ``body_timeout``, as the full path does."""
    import asyncio
    import json

    app = create_app(make_settings(store_dir, body_timeout=0.2), store=store)
    sent: list[dict[str, Any]] = []

    async def never() -> dict[str, Any]:
        await asyncio.sleep(3600)
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def run() -> None:
        scope = {
            "type": "http",
            "method": "POST",
            "path": "/sparql",
            "query_string": b"",
            "headers": [(b"content-type", b"application/sparql-query"), (b"content-length", b"80")],
        }
        await asyncio.wait_for(app(scope, never, send), timeout=10)

    with TestClient(app):  # the lifespan builds the services
        asyncio.run(run())
    assert sent[0]["status"] == 408
    assert json.loads(sent[1]["body"])["error"]["code"] == "body_timeout"
