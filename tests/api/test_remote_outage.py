"""The remote engine dies mid-request: the client gets a clear 503 in the one JSON error shape,
``/readyz`` says not ready while the engine is away, and the service recovers when it is back.

Real processes throughout: ``province40 serve`` with the remote backend, in front of an ``oxigraph
serve`` that the test kills (SIGKILL, no goodbye) while a query is running on it, then restarts on
the same port over the same data.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest

from province40.loading import BuildReport
from tests.api.test_sparql_endpoint import assert_error_shape
from tests.servers import free_port, province40_server, start_oxigraph, stop_server

pytestmark = pytest.mark.server

COUNT = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/province40/ontology#Province> }"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_engine_killed_mid_request_then_back(built: BuildReport, tmp_path: Path) -> None:
    location = tmp_path / "engine"
    shutil.copytree(built.store_dir, location)
    port = free_port()
    engine, log = start_oxigraph(location, port)
    base = f"http://127.0.0.1:{port}"
    settings = {
        "backend": "remote",
        "remote_query_url": f"{base}/query",
        "remote_update_url": f"{base}/update",
        "remote_graph_store_url": f"{base}/store",
        "query_timeout": "30",
    }
    try:
        with province40_server(tmp_path / "unused", **settings) as service, httpx.Client(
            base_url=service, timeout=60
        ) as client:
            assert client.get("/readyz").json()["status"] == "ready"
            outcome: dict[str, httpx.Response] = {}
            started = threading.Event()

            def slow_query() -> None:
                started.set()
                outcome["response"] = client.get("/sparql", params={"query": SLOW})

            worker = threading.Thread(target=slow_query)
            worker.start()
            started.wait(10)
            time.sleep(1.0)  # the query is running on the engine (it takes far longer than this)
            engine.kill()
            engine.wait(10)
            log.close()
            worker.join(60)
            body = assert_error_shape(outcome["response"], 503, "store_unavailable")
            assert "cannot be reached" in body["error"]["message"]  # type: ignore[index]
            assert outcome["response"].headers["retry-after"] == "1"

            assert_error_shape(client.get("/readyz"), 503, "not_ready")
            assert_error_shape(client.get("/sparql", params={"query": COUNT}), 503, "store_unavailable")

            engine, log = start_oxigraph(location, port)  # back, same port, same data
            assert client.get("/readyz").json()["status"] == "ready"
            answer = client.get("/sparql", params={"query": COUNT})
            assert answer.status_code == 200
            assert answer.json()["results"]["bindings"][0]["n"]["value"] == "77"
    finally:
        stop_server(engine)
        log.close()
