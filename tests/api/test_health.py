"""Liveness, readiness and the OpenAPI document."""

from __future__ import annotations

from fastapi.testclient import TestClient

from province40 import __version__


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "version": __version__}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["backend"] == "embedded" and ready["quads"] > 4000


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/sparql", "/graph-store", "/healthz", "/readyz", "/"):
        assert path in paths
    assert client.get("/docs").status_code == 200
