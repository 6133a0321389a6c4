"""The endpoint setting and the first-cell check of the notebooks."""

from __future__ import annotations

import pytest

from province40.analysis.endpoint import check_endpoint, endpoint_url, service_root
from province40.errors import EndpointUnavailable, ParameterError
from tests.servers import free_port


def test_endpoint_comes_from_the_environment_with_a_default(monkeypatch: pytest.MonkeyPatch) -> None:
    assert endpoint_url() == "http://127.0.0.1:8000/sparql"
    monkeypatch.setenv("PROVINCE40_ENDPOINT", "http://example.org:9000/sparql")
    assert endpoint_url() == "http://example.org:9000/sparql"


def test_service_root() -> None:
    assert service_root("http://127.0.0.1:8000/sparql") == "http://127.0.0.1:8000"
    assert service_root("https://example.org/p40/sparql/") == "https://example.org/p40"
    with pytest.raises(ParameterError, match="not an http"):
        service_root("127.0.0.1:8000/sparql")


def test_check_endpoint_reports_the_store(live_endpoint: str) -> None:
    status = check_endpoint(live_endpoint)
    assert status.url == live_endpoint and live_endpoint.startswith(status.root)
    assert status.quads is not None and status.quads > 1000


def test_check_endpoint_names_the_command_that_starts_the_service() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointUnavailable) as raised:
        check_endpoint(url, timeout=5)
    assert url in raised.value.message and "make run" in raised.value.message
    assert raised.value.detail["start"] == "make run"


def test_check_endpoint_refuses_something_that_is_not_a_sparql_endpoint(live_endpoint: str) -> None:
    with pytest.raises(EndpointUnavailable, match="HTTP 404"):
        check_endpoint(live_endpoint.replace("/sparql", "/nothing-here"))
