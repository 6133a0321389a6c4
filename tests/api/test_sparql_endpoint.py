"""/sparql over HTTP (in-process client): every protocol form, negotiation, limits and the error shape."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tests.backends import DEVIATIONS
from tests.conftest import UPDATE_TOKEN

COUNT = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://w3id.org/province40/ontology#Province> }"
CONSTRUCT = "CONSTRUCT { ?p a ?c } WHERE { ?p a <https://w3id.org/province40/ontology#Province> ; a ?c } LIMIT 5"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def client(backend_client: TestClient) -> TestClient:
    """This module's tests run on each backend: embedded, oxigraph serve and Virtuoso."""
    return backend_client


def assert_error_shape(response: object, status: int, code: str | None = None) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith("application/json")  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert set(body) == {"error", "status"} and body["status"] == status
    assert {"code", "message"} <= set(body["error"])
    assert "Traceback" not in json.dumps(body)
    if code:
        assert body["error"]["code"] == code
    return body  # type: ignore[no-any-return]


def n(response: object) -> int:
    return int(response.json()["results"]["bindings"][0]["n"]["value"])  # type: ignore[attr-defined]


def test_get_post_form_and_direct_post_agree(client: TestClient) -> None:
    assert n(client.get("/sparql", params={"query": COUNT})) == 77
    assert n(client.post("/sparql", data={"query": COUNT})) == 77
    direct = client.post("/sparql", content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"})
    assert n(direct) == 77


@pytest.mark.parametrize(
    ("accept", "media", "marker"),
    [
        ("application/sparql-results+json", "application/sparql-results+json", b'"vars"'),
        ("application/sparql-results+xml", "application/sparql-results+xml", b"<sparql"),
        ("text/csv", "text/csv", b"n\r\n77"),
        ("text/tab-separated-values", "text/tab-separated-values", b"?n\n77"),
    ],
)
def test_select_formats(client: TestClient, accept: str, media: str, marker: bytes) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert marker in response.content
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/n-triples", "application/n-triples"),
        ("application/ld+json", "application/ld+json"),
        ("application/rdf+xml", "application/rdf+xml"),
    ],
)
def test_construct_formats(client: TestClient, accept: str, media: str) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"] == f"{media}; charset=utf-8"
    assert b"province" in response.content


def test_ask_and_describe(client: TestClient) -> None:
    ask = client.get("/sparql", params={"query": "ASK { ?p a <https://w3id.org/province40/ontology#Project> }"})
    assert ask.json() == {"head": {}, "boolean": True}
    describe = client.get(
        "/sparql",
        params={"query": "DESCRIBE <https://w3id.org/province40/id/province/TH-33>"},
        headers={"Accept": "text/turtle"},
    )
    assert "ศรีสะเกษ" in describe.text


def test_browser_gets_a_readable_default(client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": browser})
    assert response.headers["content-type"].startswith("application/sparql-results+json")


def test_406_when_nothing_acceptable(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT}, headers={"Accept": "text/turtle"})
    assert_error_shape(response, 406, "not_acceptable")


def test_default_graph_is_the_union_and_protocol_datasets_replace_it(client: TestClient) -> None:
    assert n(client.get("/sparql", params={"query": COUNT})) == 77
    only_programme = client.get(
        "/sparql", params={"query": COUNT, "default-graph-uri": "https://w3id.org/province40/graph/programme"}
    )
    assert n(only_programme) == 0
    reference = client.get(
        "/sparql", params={"query": COUNT, "default-graph-uri": "https://w3id.org/province40/graph/reference"}
    )
    assert n(reference) == 77
    from_clause = COUNT.replace("WHERE", "FROM <https://w3id.org/province40/graph/programme> WHERE")
    assert n(client.get("/sparql", params={"query": from_clause})) == 0
    named = client.get(
        "/sparql",
        params={
            "query": "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": [
                "https://w3id.org/province40/graph/plan/TH-33",
                "https://w3id.org/province40/graph/plan/TH-30",
            ],
        },
    )
    assert n(named) == 2


def test_service_description(client: TestClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    text = response.text
    assert "sd:Service" in text and "sd:SPARQL11Query" in text and "sd:UnionDefaultGraph" in text
    assert "sd:SPARQL11Update" not in text  # read-only
    assert "https://w3id.org/province40/graph/plan/TH-33" in text


def test_row_cap_truncates_and_a_request_may_only_lower_it(client: TestClient) -> None:
    query = "SELECT ?s WHERE { ?s ?p ?o }"
    capped = client.get("/sparql", params={"query": query, "max-rows": "5"})
    assert len(capped.json()["results"]["bindings"]) == 5
    assert capped.headers["province40-truncated"] == "true"
    assert capped.headers["province40-max-rows"] == "5"
    raised = client.get("/sparql", params={"query": COUNT, "max-rows": "999999999"})
    assert raised.headers["province40-max-rows"] == "10000"
    assert raised.headers["province40-truncated"] == "false"


def test_deadline_error_names_the_setting(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SLOW, "timeout": "1"})
    body = assert_error_shape(response, 503, "query_timeout")
    assert body["error"]["detail"]["setting"] == "query_timeout"  # type: ignore[index]
    assert n(client.get("/sparql", params={"query": COUNT})) == 77


@pytest.mark.parametrize(
    ("query", "reason"),
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "outbound_access"),
        ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "outbound_access"),
        ("SELECT * FROM NAMED <http://example.org/remote.ttl> { GRAPH ?g { ?s ?p ?o } }", "outbound_access"),
        ("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000, "too_deep"),
    ],
)
def test_refused_queries(client: TestClient, query: str, reason: str) -> None:
    response = client.post("/sparql", data={"query": query})
    body = assert_error_shape(response, 400, "query_refused")
    assert body["error"]["detail"]["reason"] == reason  # type: ignore[index]


def test_protocol_dataset_with_a_file_iri_is_refused(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": COUNT, "default-graph-uri": "file:///etc/passwd"})
    assert_error_shape(response, 400, "query_refused")


def test_malformed_query_gives_400_with_the_parser_position(client: TestClient) -> None:
    body = assert_error_shape(
        client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"}), 400, "query_syntax_error"
    )
    assert "1:" in body["error"]["message"]  # type: ignore[index]
    multi_line = assert_error_shape(
        client.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"}), 400, "query_syntax_error"
    )
    assert multi_line["error"]["detail"] == {"line": 2, "column": 10}  # after "  ?s ?p "  # type: ignore[index]


def test_protocol_errors_are_4xx_in_one_shape(client: TestClient) -> None:
    assert_error_shape(client.get("/sparql?query=ASK{}&query=ASK{}"), 400, "bad_parameter")
    assert_error_shape(client.post("/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}), 415)
    assert_error_shape(client.put("/sparql", content=b"ASK {}"), 405)
    assert_error_shape(client.get("/no-such-page"), 404)


def test_huge_bodies_are_refused_before_reading_them_whole(client: TestClient) -> None:
    body = b"query=" + b"%20" * (22 * 1024 * 1024 // 3)
    response = client.post("/sparql", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error_shape(response, 413, "query_refused")
    assert n(client.get("/sparql", params={"query": COUNT})) == 77


def test_updates_are_refused_without_a_token(client: TestClient) -> None:
    update = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    assert_error_shape(client.post("/sparql", data={"update": update}), 403, "access_denied")  # read-only service
    assert_error_shape(
        client.post("/sparql", content=update.encode(), headers={"Content-Type": "application/sparql-update"}), 403
    )


@pytest.fixture()
def writable_client(backend_writer: TestClient) -> TestClient:
    return backend_writer


def test_updates_need_the_right_token_and_are_atomic(writable_client: TestClient) -> None:
    update = 'INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/a> <http://example.org/b> "ข้อมูล"@th } }'
    assert_error_shape(writable_client.post("/sparql", data={"update": update}), 401)
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert_error_shape(writable_client.post("/sparql", data={"update": update}, headers=wrong), 403)
    good = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    assert writable_client.post("/sparql", data={"update": update}, headers=good).status_code == 204
    ask = "ASK { <http://example.org/a> <http://example.org/b> ?o }"
    assert writable_client.get("/sparql", params={"query": ask}).json()["boolean"] is True
    failing = (
        "INSERT DATA { GRAPH <http://example.org/g2> { <http://example.org/x> <http://example.org/y> 1 } } ;"
        " CREATE GRAPH <https://w3id.org/province40/graph/reference>"
    )
    response = writable_client.post("/sparql", data={"update": failing}, headers=good)
    assert_error_shape(response, 400, "evaluation_error")
    assert (
        writable_client.get("/sparql", params={"query": "ASK { <http://example.org/x> ?p ?o }"}).json()["boolean"]
        is False
    )
    description = writable_client.get("/sparql", headers={"Accept": "text/turtle"}).text
    assert "sd:SPARQL11Update" in description


@pytest.mark.deviation("virtuoso", DEVIATIONS["default-graph"])
@pytest.mark.deviation("oxigraph", DEVIATIONS["scoped-default-graph"])
def test_the_default_graph_is_writable(writable_client: TestClient) -> None:
    good = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    update = "INSERT DATA { <http://example.org/in-default> <http://example.org/p> 1 }"
    response = writable_client.post("/sparql", data={"update": update}, headers=good)
    if response.status_code == 400:
        assert_error_shape(response, 400, "query_refused")  # the documented deviation, in the one error shape
        assert response.json()["error"]["detail"]["reason"] == "default_graph_not_writable"
    assert response.status_code == 204
    ask = "ASK { <http://example.org/in-default> ?p ?o }"
    assert writable_client.get("/sparql", params={"query": ask}).json()["boolean"] is True


def test_load_from_a_url_is_refused_even_with_the_token(writable_client: TestClient) -> None:
    good = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    response = writable_client.post("/sparql", data={"update": "LOAD <http://example.org/data.ttl>"}, headers=good)
    assert_error_shape(response, 400, "query_refused")


def test_one_structured_log_line_per_query(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level("INFO", logger="province40.sparql.service")
    response = client.get("/sparql", params={"query": COUNT})
    lines = [r.getMessage() for r in caplog.records if r.name == "province40.sparql.service"]
    assert len(lines) == 1
    digest = response.headers["province40-query-hash"]
    assert lines[0].startswith(f"query {digest} form=SELECT rows=1 truncated=False") and "time=" in lines[0]
