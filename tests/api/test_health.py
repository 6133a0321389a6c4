"""Liveness, readiness and the OpenAPI document."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from province40 import __version__


@pytest.fixture(scope="module")
def client(backend_client: TestClient) -> TestClient:
    """This module's tests run on each backend: embedded, oxigraph serve and Virtuoso."""
    return backend_client


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "version": __version__}
    ready = client.get("/readyz").json()
    assert ready["status"] == "ready" and ready["quads"] > 4000


def test_openapi_documents_every_route(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/sparql", "/graph-store", "/healthz", "/readyz", "/"):
        assert path in paths
    assert client.get("/docs").status_code == 200
