"""/sparql answers point look-ups in the server process: never held up by a slow query, row cap and
truncation as for every query, read-your-writes, and several server processes only when read-only."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from province40.api.app import create_app
from tests.conftest import UPDATE_TOKEN, make_settings

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
LOOKUP = "SELECT ?p ?o WHERE { GRAPH ?g { <https://w3id.org/province40/id/province/TH-10> ?p ?o } }"
JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture()
def one_worker(writable_store_dir: Path) -> Iterator[TestClient]:
    """An app with a single query worker and updates enabled."""
    settings = make_settings(writable_store_dir, workers=1, update_token=UPDATE_TOKEN)
    with TestClient(create_app(settings)) as client:
        yield client


def test_a_look_up_answers_while_the_only_worker_runs_a_slow_query(one_worker: TestClient) -> None:
    slow: list[int] = []
    thread = threading.Thread(
        target=lambda: slow.append(one_worker.get("/sparql", params={"query": SLOW, "timeout": "4"}).status_code)
    )
    thread.start()
    time.sleep(0.5)  # the slow query holds the worker
    started = time.monotonic()
    response = one_worker.get("/sparql", params={"query": LOOKUP}, headers=JSON)
    elapsed = time.monotonic() - started
    thread.join()
    assert response.status_code == 200 and len(response.json()["results"]["bindings"]) >= 5
    assert elapsed < 2.0, elapsed  # not queued behind the slow query (which holds its worker for 4 s)
    assert slow == [503]  # and the slow query still ended at its deadline


def test_the_row_cap_truncates_a_look_up_and_says_so(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": LOOKUP, "max-rows": "2"}, headers=JSON)
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 2
    assert response.headers["Province40-Truncated"] == "true"
    whole = client.get("/sparql", params={"query": LOOKUP}, headers=JSON)
    assert whole.headers["Province40-Truncated"] == "false"


def test_a_look_up_sees_the_write_before_it(one_worker: TestClient) -> None:
    lookup = "SELECT ?o WHERE { GRAPH ?g { <http://example.org/thing> <http://example.org/p> ?o } }"
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    for value in range(1, 4):
        update = f"DELETE WHERE {{ GRAPH <http://example.org/g> {{ ?s ?p ?o }} }} ; INSERT DATA {{ GRAPH <http://example.org/g> {{ <http://example.org/thing> <http://example.org/p> {value} }} }}"
        assert one_worker.post("/sparql", data={"update": update}, headers=auth).status_code == 204
        bindings = one_worker.get("/sparql", params={"query": lookup}, headers=JSON).json()["results"]["bindings"]
        assert [b["o"]["value"] for b in bindings] == [str(value)]


def test_a_look_up_with_a_syntax_error_is_a_400(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?p ?o WHERE { undeclared:x ?p ?o }"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "query_syntax_error"


def test_several_server_processes_only_for_a_read_only_store(store_dir: Path) -> None:
    assert make_settings(store_dir, server_processes=2).server_processes == 2
    with pytest.raises(ValidationError, match="server_processes"):
        make_settings(store_dir, server_processes=2, update_token=UPDATE_TOKEN)


def test_serve_refuses_several_processes_when_imports_can_write(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from province40.cli import main

    tokens = tmp_path / "tokens.json"
    tokens.write_text("{}", encoding="utf-8")
    monkeypatch.setenv("PROVINCE40_TOKENS_FILE", str(tokens))
    assert main(["serve", "--store", str(store_dir), "--processes", "2", "--port", "1"]) == 2
    assert "tokens file" in capsys.readouterr().err


def test_two_server_processes_answer_look_ups_on_one_port(store_dir: Path) -> None:
    """`province40 serve --processes 2` on a read-only store: both processes answer, look-ups in-process."""
    import httpx

    from tests.servers import province40_server

    with province40_server(store_dir, server_processes="2", workers="1", ready_within=120) as base:
        with httpx.Client(base_url=base, timeout=30) as http:  # a connection per request: both processes take some
            answers = [http.get("/sparql", params={"query": LOOKUP}, headers={**JSON, "Connection": "close"}) for _ in range(20)]
    assert {a.status_code for a in answers} == {200}
    assert {a.headers["Province40-Cache"] for a in answers} == {"inline"}
    assert len({a.content for a in answers}) == 1


def test_processes_auto_means_two_only_for_a_read_only_embedded_store(store_dir: Path, tmp_path: Path) -> None:
    import os

    from province40.cli import _auto_processes, build_parser

    assert build_parser().parse_args(["serve", "--processes", "auto"]).server_processes == "auto"
    assert build_parser().parse_args(["serve", "--processes", "3"]).server_processes == 3
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--processes", "0"])
    tokens = tmp_path / "tokens.json"
    assert _auto_processes(make_settings(store_dir, tokens_file=tokens)) == min(2, os.cpu_count() or 1)
    assert _auto_processes(make_settings(store_dir, tokens_file=tokens, update_token=UPDATE_TOKEN)) == 1
    tokens.write_text("{}", encoding="utf-8")
    assert _auto_processes(make_settings(store_dir, tokens_file=tokens)) == 1  # province imports can write
