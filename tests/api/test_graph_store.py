"""/graph-store: the Graph Store HTTP Protocol, read open, writes behind the token and atomic."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.test_sparql_endpoint import assert_error_shape
from tests.conftest import UPDATE_TOKEN

PLAN = "https://w3id.org/province40/graph/plan/TH-33"
AUTH = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
TURTLE = {"Content-Type": "text/turtle"}


@pytest.fixture(scope="module")
def client(backend_client: TestClient) -> TestClient:
    """This module's tests run on each backend: embedded, oxigraph serve and Virtuoso."""
    return backend_client


def test_read_a_named_graph_in_each_format(client: TestClient) -> None:
    for accept, marker in (
        ("text/turtle", "@prefix"),
        ("application/n-triples", "<https://"),
        ("application/ld+json", "@id"),
    ):
        response = client.get("/graph-store", params={"graph": PLAN}, headers={"Accept": accept})
        assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
        assert marker in response.text and "TH-33" in response.text
    assert client.head("/graph-store", params={"graph": PLAN}).status_code == 200


def test_missing_graph_and_bad_parameters(client: TestClient) -> None:
    assert_error_shape(client.get("/graph-store", params={"graph": "http://example.org/none"}), 404, "not_found")
    assert_error_shape(client.get("/graph-store"), 400, "bad_parameter")
    assert_error_shape(client.get("/graph-store", params={"graph": "not an iri"}), 400, "bad_parameter")
    assert_error_shape(client.get(f"/graph-store?default&graph={PLAN}"), 400, "bad_parameter")


def test_writes_are_refused_on_a_read_only_service(client: TestClient) -> None:
    assert_error_shape(client.put("/graph-store", params={"graph": PLAN}, content=b"", headers=TURTLE), 403)
    assert_error_shape(client.delete("/graph-store", params={"graph": PLAN}), 403)


@pytest.fixture()
def writer(backend_writer: TestClient) -> TestClient:
    return backend_writer


def test_put_post_delete_round_trip(writer: TestClient) -> None:
    g = "http://example.org/uploads/plan"
    body = '<http://example.org/p> <http://www.w3.org/2000/01/rdf-schema#label> "แผนทดลอง"@th .'.encode()
    assert_error_shape(writer.put("/graph-store", params={"graph": g}, content=body, headers=TURTLE), 401)
    assert writer.put("/graph-store", params={"graph": g}, content=body, headers={**TURTLE, **AUTH}).status_code == 201
    assert writer.put("/graph-store", params={"graph": g}, content=body, headers={**TURTLE, **AUTH}).status_code == 204
    more = b'<http://example.org/p> <http://www.w3.org/2000/01/rdf-schema#label> "Trial plan"@en .'
    assert writer.post("/graph-store", params={"graph": g}, content=more, headers={**TURTLE, **AUTH}).status_code == 204
    text = writer.get("/graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"}).text
    assert "แผนทดลอง" in text and "Trial plan" in text
    assert writer.delete("/graph-store", params={"graph": g}, headers=AUTH).status_code == 204
    assert_error_shape(writer.get("/graph-store", params={"graph": g}), 404)


def test_a_malformed_upload_names_the_line_and_changes_nothing(writer: TestClient) -> None:
    before = writer.get("/graph-store", params={"graph": PLAN}, headers={"Accept": "application/n-triples"}).text
    broken = b'@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open\n'
    response = writer.put("/graph-store", params={"graph": PLAN}, content=broken, headers={**TURTLE, **AUTH})
    body = assert_error_shape(response, 400, "rdf_syntax_error")
    assert body["error"]["detail"]["line"] == 3  # type: ignore[index]
    after = writer.get("/graph-store", params={"graph": PLAN}, headers={"Accept": "application/n-triples"}).text
    assert sorted(after.splitlines()) == sorted(before.splitlines())
    unsupported = writer.put(
        "/graph-store", params={"graph": PLAN}, content=b"x", headers={"Content-Type": "image/png", **AUTH}
    )
    assert_error_shape(unsupported, 415)


def _upload(triples: int) -> bytes:
    """A Turtle document with ``triples`` triples, Thai labels with a decomposed accent (not NFC)."""
    lines = ["@prefix ex: <http://example.org/bulk/> .", "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> ."]
    lines += [f'ex:p{i} rdfs:label "โครงการที่ {i} Cafe\u0301"@th .' for i in range(triples)]
    return "\n".join(lines).encode("utf-8")


def test_a_large_upload_reaches_the_store_whole_and_normalised(writer: TestClient) -> None:
    """The body travels to the store as bytes and is parsed there (the writer process on the embedded
    store): every triple arrives, in the named graph, with literals NFC-normalised, as before."""
    g = "http://example.org/uploads/bulk"
    count = 3_000
    response = writer.put("/graph-store", params={"graph": g}, content=_upload(count), headers={**TURTLE, **AUTH})
    assert response.status_code == 201, response.text
    text = writer.get("/graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"}).text
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == count
    assert "Caf\u00e9" in text and "e\u0301" not in text  # NFC: e + COMBINING ACUTE became é
    added = writer.post("/graph-store", params={"graph": g}, content=_upload(10), headers={**TURTLE, **AUTH})
    assert added.status_code == 204  # the same triples again: a merge adds nothing new
    broken = _upload(50) + b"\nex:oops rdfs:label ."
    assert_error_shape(
        writer.put("/graph-store", params={"graph": g}, content=broken, headers={**TURTLE, **AUTH}), 400, "rdf_syntax_error"
    )
    after = writer.get("/graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"}).text
    assert len([line for line in after.splitlines() if line.strip()]) == count  # the failed PUT changed nothing
    assert writer.delete("/graph-store", params={"graph": g}, headers=AUTH).status_code == 204
