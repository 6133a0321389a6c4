"""/api/<question>: every stored question answered on the programme data, as JSON and CSV, with
paging, bad parameters (422, one JSON error shape) and injection attempts that cannot change the
query or the store."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from fastapi.testclient import TestClient

from province40.catalog import catalog
from tests.api.test_sparql_endpoint import assert_error_shape

PROVINCE = "https://w3id.org/province40/id/province/"
INJECTIONS = (
    "TH-84'",
    'TH-84"',
    "TH-84}",
    "{ ?s ?p ?o }",
    "TH-84 } ; DROP ALL",
    "} ; DROP ALL",
    "TH-84> } UNION { ?s ?p ?o } #",
    "> } UNION { ?s ?p ?o } #",
    "TH-84\\u003e",
    "TH-84\nUNION",
)


def answer(client: TestClient, slug: str, **params: Any) -> dict[str, Any]:
    response = client.get(f"/api/{slug}", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert body["question"]["slug"] == slug
    return body


def count_quads(client: TestClient) -> int:
    body = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"}).json()
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_every_question_is_in_the_openapi_document_with_its_parameters(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for slug, question in catalog().items():
        operation = paths[f"/api/{slug}"]["get"]
        declared = {p["name"]: p for p in operation["parameters"]}
        for parameter in question.parameters:
            assert declared[parameter.name]["schema"]["pattern"] == parameter.pattern
            assert declared[parameter.name]["schema"]["example"] == parameter.example
        assert {"limit", "offset", "format"} <= set(declared)
        assert f"/api/{slug}.rq" in paths
    assert "/api/search" in paths


def test_every_question_answers_its_example(client: TestClient) -> None:
    for slug, question in catalog().items():
        params = {p.name: p.example for p in question.parameters}
        body = answer(client, slug, **params)
        assert body["rows"], slug
        assert set(body["rows"][0]) == set(body["columns"])
        assert body["question"]["sparql"] == f"/api/{slug}.rq"
        assert body["question"]["query_page"].startswith(f"/query?question={slug}")
        assert body["question"]["title"]["th"] and body["question"]["title"]["en"]
        text = client.get(body["question"]["sparql"])
        assert text.status_code == 200 and text.text == question.text


def test_surat_thani_plan_has_its_three_projects_with_curated_links_told_apart(client: TestClient) -> None:
    body = answer(client, "show-province-plan", province="TH-84")
    projects = {r["item"].rsplit("/", 1)[1] for r in body["rows"] if r["item_type"] == "project"}
    assert projects == {"TH-84-01", "TH-84-02", "TH-84-03"}
    assert {r["province"] for r in body["rows"]} == {PROVINCE + "TH-84"}
    tourism = [r for r in body["rows"] if r["item"].endswith("TH-84-01") and r["target"] and r["target"].endswith("master-plan/5")]
    assert tourism and tourism[0]["basis"] == "curated" and tourism[0]["rationale_th"] and tourism[0]["rationale_en"]
    assert tourism[0]["target_th"] == "แผนแม่บทประเด็นที่ 5 การท่องเที่ยว"
    assert {r["basis"] for r in body["rows"] if r["property"]} <= {"stated", "curated"}
    assert "confidence" in body["columns"] and "criterion_en" in body["columns"]


def test_thai_digits_name_the_same_province(client: TestClient) -> None:
    assert answer(client, "show-province-plan", province="TH-๘๔")["rows"] == answer(
        client, "show-province-plan", province="TH-84"
    )["rows"]


def test_the_tourism_master_plan_is_served_in_surat_thani_and_nakhon_ratchasima_through_curated_links(
    client: TestClient,
) -> None:
    curated = answer(client, "find-master-plan-projects", master_plan="5", basis="curated")
    assert {"TH-84", "TH-30"} <= {r["code"] for r in curated["rows"]}
    assert all(r["basis"] == "curated" for r in curated["rows"])
    either = answer(client, "find-master-plan-projects", master_plan="5")
    assert {r["item"] for r in curated["rows"]} <= {r["item"] for r in either["rows"]}
    stated = answer(client, "find-master-plan-projects", master_plan="5", basis="stated")
    assert all(r["basis"] == "stated" for r in stated["rows"])
    assert len(stated["rows"]) + len(curated["rows"]) == len(either["rows"])
    names = {r["code"]: (r["province_th"], r["province_en"]) for r in curated["rows"]}
    assert names["TH-84"] == ("สุราษฎร์ธานี", "Surat Thani")


def test_strategy_projects_are_those_linked_to_the_strategy(client: TestClient) -> None:
    body = answer(client, "find-strategy-projects", strategy="2")
    assert body["rows"] and all(r["strategy"].endswith("/strategy/2") for r in body["rows"])
    links = client.get("/sparql", params={"query": """PREFIX p40: <https://w3id.org/province40/ontology#>
        SELECT DISTINCT ?item WHERE { ?plan p40:hasProject|p40:hasStrategicIssue ?item .
        ?item p40:contributesToStrategy <https://w3id.org/province40/id/strategy/2> }"""}).json()
    assert {r["item"] for r in body["rows"]} == {b["item"]["value"] for b in links["results"]["bindings"]}


@pytest.mark.parametrize(("kind", "parameter", "values"), [
    ("strategy", "strategy", ("1", "2", "3", "4", "5", "6")),
    ("master-plan", "master_plan", ("1", "3", "5", "10", "15", "22")),
])
def test_the_counts_by_province_sum_up_what_find_lists(
    client: TestClient, kind: str, parameter: str, values: tuple[str, ...]
) -> None:
    """count-<kind>-projects is the summary the strategy and master-plan pages show: for each province,
    the items find-<kind>-projects lists, and how many of them are stated and curated."""
    seen_curated = False
    for value in values:
        counts = answer(client, f"count-{kind}-projects", **{parameter: value})["rows"]
        listed = answer(client, f"find-{kind}-projects", **{parameter: value})["rows"]
        expected: dict[str, dict[str, set[str]]] = {}
        for row in listed:
            entry = expected.setdefault(row["code"], {"items": set(), "stated": set(), "curated": set()})
            entry["items"].add(row["item"])
            entry[row["basis"]].add(row["item"])
        got = {r["code"]: {"items": r["items"], "stated": r["stated_items"], "curated": r["curated_items"]}
               for r in counts}
        assert got == {code: {k: len(v) for k, v in e.items()} for code, e in expected.items()}, (kind, value)
        assert all(r["province_th"] and r["province_en"] for r in counts)
        seen_curated = seen_curated or any(r["curated_items"] for r in counts)
    assert seen_curated  # the programme's curated links are counted as curated


def test_a_nakhon_ratchasima_project_chain_reaches_the_national_strategy(client: TestClient) -> None:
    rows = answer(client, "trace-project-chain", id="TH-30-01")["rows"]
    levels = {r["level"] for r in rows}
    assert levels == {1, 2, 3}
    first = [r for r in rows if r["level"] == 1]
    assert all(r["from"].endswith("/project/TH-30-01") for r in first)
    master_plans = {r["to"] for r in first if r["to_type"] == "MasterPlan"}
    assert master_plans and {r["from"] for r in rows if r["level"] == 2} <= master_plans
    assert {r["to_type"] for r in rows if r["level"] == 2} == {"Strategy"}
    assert {r["to"] for r in rows if r["level"] == 3} == {"https://w3id.org/province40/id/plan/national-strategy"}
    assert {r["basis"] for r in rows} <= {"stated", "curated"}
    assert all(r["basis"] == "stated" for r in rows if r["level"] == 3)


def test_coverage_for_one_province_or_all(client: TestClient) -> None:
    one = answer(client, "show-coverage-matrix", province="TH-84")["rows"]
    assert {r["code"] for r in one} == {"TH-84"}
    assert {r["axis"] for r in one} == {"1-dimension", "2-success-factor", "3-strategy"}
    assert len(one) == 3 + 3 + 6
    every = answer(client, "show-coverage-matrix")["rows"]
    assert {"TH-11", "TH-30", "TH-33", "TH-72", "TH-84"} <= {r["code"] for r in every}
    assert [r for r in every if r["code"] == "TH-84"] == one


def test_provinces_compared_side_by_side(client: TestClient) -> None:
    rows = {r["code"]: r for r in answer(client, "compare-provinces")["rows"]}
    assert rows["TH-84"]["items"] == 3
    coverage = answer(client, "show-coverage-matrix", province="TH-84")["rows"]
    citizen = next(r for r in coverage if r["target"].endswith("citizen-centric"))
    assert rows["TH-84"]["citizen_centric_curated"] == citizen["curated_items"]
    assert rows["TH-84"]["citizen_centric_stated"] == citizen["stated_items"]


def test_the_programme_questions(client: TestClient) -> None:
    cohorts = answer(client, "list-programme-cohorts")["rows"]
    five = {r["member_code"] for r in cohorts if r["entry"].endswith("cohort/expansion-5")}
    assert five == {"TH-11", "TH-30", "TH-33", "TH-72", "TH-84"}
    assert {r["sequence"] for r in cohorts if r["kind"] == "step"} == {1, 2, 3}
    meetings = answer(client, "list-programme-meetings")["rows"]
    assert {r["date"] for r in meetings} == {"2022-03-23", "2022-04-29"}
    assert any(r["speaker_th"] == "อรรษิษฐ์ สัมพันธรัตน์" for r in meetings)
    people = answer(client, "list-programme-people")["rows"]
    assert any(r["post_en"] == "Deputy Secretary-General of the PSDC" for r in people)
    recommendations = answer(client, "list-programme-recommendations")["rows"]
    assert sum(r["kind"] == "recommendation" for r in recommendations) == 4
    assert all(r["quote"] for r in recommendations)


def test_csv_is_utf8_with_a_byte_order_mark(client: TestClient) -> None:
    response = client.get("/api/show-province-plan", params={"province": "TH-84", "format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        {k: "" if v is None else str(v) for k, v in r.items()}
        for r in answer(client, "show-province-plan", province="TH-84")["rows"]
    ]
    assert any("สุราษฎร์ธานี" in r["item_th"] or "ท่องเที่ยว" in r["item_th"] for r in rows)
    by_accept = client.get("/api/list-plans", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")


def test_paging_with_limit_and_offset(client: TestClient) -> None:
    full = answer(client, "list-provinces")
    assert len(full["rows"]) == 77 and full["truncated"] is False and full["next"] is None
    first = answer(client, "list-provinces", limit=30)
    assert first["truncated"] is True and first["rows"] == full["rows"][:30]
    second = client.get(first["next"]).json()
    assert second["offset"] == 30 and second["rows"] == full["rows"][30:60]
    last = answer(client, "list-provinces", limit=30, offset=60)
    assert last["rows"] == full["rows"][60:] and last["truncated"] is False


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"province": "TH-8"}, "province"),
        ({"province": "84"}, "province"),
        ({}, "province"),
        ({"province": "TH-84", "limit": "0"}, "limit"),
        ({"province": "TH-84", "limit": "abc"}, "limit"),
        ({"province": "TH-84", "limit": "99999999"}, "limit"),
        ({"province": "TH-84", "offset": "-1"}, "offset"),
        ({"province": "TH-84", "format": "xml"}, "format"),
        ({"provnce": "TH-84"}, "provnce"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter_and_pattern(
    client: TestClient, params: dict[str, str], parameter: str
) -> None:
    body = assert_error_shape(client.get("/api/show-province-plan", params=params), 422, "invalid_parameter")
    assert body["error"]["detail"]["parameter"] == parameter
    assert body["error"]["detail"]["pattern"]
    assert parameter in body["error"]["message"]


def test_the_422_for_a_province_code_gives_the_pattern_and_an_example(client: TestClient) -> None:
    body = assert_error_shape(client.get("/api/show-province-plan", params={"province": "TH-8"}), 422)
    assert body["error"]["detail"] == {"parameter": "province", "pattern": "^TH-[0-9]{2}$", "example": "TH-84"}


def test_injection_through_search_cannot_change_the_store(client: TestClient) -> None:
    """The stored questions' parameters are attacked on every backend in test_questions_on_backends.py
    (the embedded store among them); the search parameter here."""
    before = count_quads(client)
    for attempt in INJECTIONS:  # the search parameter too
        response = client.get("/api/search", params={"q": attempt})
        assert response.status_code in (200, 422)
    assert count_quads(client) == before
