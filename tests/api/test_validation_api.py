"""/validation: plan-gap reports over HTTP, for a posted plan and for the plans in the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from province40.store.base import Store
from province40.store.embedded import EmbeddedStore
from tests.api.test_sparql_endpoint import assert_error_shape

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
VALID = EXAMPLES / "valid" / "ProvincialDevelopmentPlan-complete.ttl"
VALID_JSONLD = EXAMPLES / "valid" / "ProvincialDevelopmentPlan-minimal.jsonld"
MISSING_DIMENSION = EXAMPLES / "invalid" / "ProjectDimensionShape--missing.ttl"
SH = "http://www.w3.org/ns/shacl#"
P40 = "https://w3id.org/province40/ontology#"
PROJECT = "https://w3id.org/province40/id/project/"


@pytest.fixture(scope="module")
def client(backend_client: TestClient) -> TestClient:
    """This module's tests run on each backend: embedded, oxigraph serve and Virtuoso."""
    return backend_client


def _post(client: TestClient, path: Path, media_type: str = "text/turtle", **params: str):  # type: ignore[no-untyped-def]
    return client.post("/validation", content=path.read_bytes(), headers={"Content-Type": media_type}, params=params)


def test_a_conforming_plan_file_gets_a_clean_json_report(client: TestClient) -> None:
    response = _post(client, VALID, format="json")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["province40-conforms"] == "true"
    report = response.json()
    assert report["format"] == "province40-validation-report/1"
    assert report["scope"]["kind"] == "file" and report["conforms"] is True
    assert report["counts"]["open"] == {"Violation": 0, "Warning": 0, "Info": 0}


def test_json_ld_bodies_are_read_too(client: TestClient) -> None:
    response = _post(client, VALID_JSONLD, media_type="application/ld+json", format="json")
    assert response.status_code == 200, response.text
    assert response.json()["scope"]["kind"] == "file"


def test_a_violation_is_reported_with_focus_path_severity_and_message(client: TestClient) -> None:
    response = _post(client, MISSING_DIMENSION, format="json")
    assert response.status_code == 200, response.text
    assert response.headers["province40-conforms"] == "false"
    report = response.json()
    assert report["counts"]["open"]["Violation"] == 1
    (finding,) = report["findings"]
    assert finding["project"] == PROJECT + "example-TH-33-02" and finding["province"] == "TH-33"
    assert finding["shape"] == "https://w3id.org/province40/shapes#ProjectDimensionShape"
    assert finding["constraint"] == SH + "MinCountConstraintComponent"
    assert finding["basis"] == "stated" and finding["value"] is None
    assert finding["message"]["th"].startswith("โครงการต้องตอบมิติของระบบราชการ 4.0")
    assert finding["message"]["en"].startswith("A project must serve at least one Government 4.0 dimension")
    assert "p40:servesDimension" in finding["fix"]["en"]
    assert json.dumps(finding).count(PROJECT + "example-TH-33-02") >= 2  # focus node and project


def test_the_shacl_report_graph_in_turtle(client: TestClient) -> None:
    response = _post(client, MISSING_DIMENSION, format="ttl")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    store = ox.Store()
    store.load(response.content, format=ox.RdfFormat.TURTLE)
    rows = list(
        store.query(
            f"""PREFIX sh: <{SH}>
            SELECT ?focus ?path ?severity WHERE {{
              ?report a sh:ValidationReport ; sh:conforms false ; sh:result ?r .
              ?r sh:focusNode ?focus ; sh:resultPath ?path ; sh:resultSeverity ?severity .
              ?r sh:resultMessage ?th , ?en . FILTER(lang(?th) = "th" && lang(?en) = "en")
            }}"""
        )
    )
    assert [(r["focus"].value, r["path"].value, r["severity"].value) for r in rows] == [
        (PROJECT + "example-TH-33-02", P40 + "servesDimension", SH + "Violation")
    ]


def test_accept_header_chooses_the_format(client: TestClient) -> None:
    html = client.post(
        "/validation", content=MISSING_DIMENSION.read_bytes(),
        headers={"Content-Type": "text/turtle", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert '<html lang="th"' in html.text
    csv_response = client.post(
        "/validation", content=MISSING_DIMENSION.read_bytes(),
        headers={"Content-Type": "text/turtle", "Accept": "text/csv"}, params={"lang": "en"},
    )
    assert csv_response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_response.text)))
    assert len(rows) == 2 and any("example-TH-33-02" in cell for cell in rows[1])
    jsonld = client.post(
        "/validation", content=MISSING_DIMENSION.read_bytes(),
        headers={"Content-Type": "text/turtle", "Accept": "application/ld+json"},
    )
    assert jsonld.headers["content-type"].startswith("application/ld+json")
    graph = ox.Store()
    graph.load(jsonld.content, format=ox.RdfFormat.JSON_LD)
    assert graph.query(f"ASK {{ ?r a <{SH}ValidationReport> ; <{SH}result> ?x }}")
    assert client.post("/validation", content=b"", headers={"Content-Type": "text/turtle"}).status_code == 400
    unrelated = b"<https://ex.org/a> <https://ex.org/b> <https://ex.org/c> ."
    response = client.post("/validation", content=unrelated, headers={"Content-Type": "text/turtle"})
    assert_error_shape(response, 400, "bad_input")
    assert "nothing to validate as a plan" in response.json()["error"]["message"]


def test_bad_input_is_a_4xx_in_the_one_error_shape(client: TestClient) -> None:
    broken = b"@prefix p40: <https://w3id.org/province40/ontology#> .\n<urn:a> a p40:Project ;\n  p40:x .\n"
    response = client.post("/validation", content=broken, headers={"Content-Type": "text/turtle"})
    assert_error_shape(response, 400, "rdf_syntax_error")
    body = response.json()
    assert "request body" in body["error"]["message"] and body["error"]["detail"]["line"] == 3
    assert_error_shape(
        client.post("/validation", content=VALID.read_bytes(), headers={"Content-Type": "application/x-unknown"}),
        415,
        "unsupported_media_type",
    )
    assert_error_shape(_post(client, VALID, format="pdf"), 400, "bad_parameter")
    assert_error_shape(
        client.post("/validation", content=VALID.read_bytes(), headers={"Content-Type": "text/turtle", "Accept": "image/png"}),
        406,
        "not_acceptable",
    )
    assert_error_shape(client.get("/validation/TH-99", params={"format": "json"}), 404, "not_found")
    assert_error_shape(client.get("/validation/nonsense", params={"format": "json"}), 400, "bad_parameter")
    assert_error_shape(client.get("/validation/TH-33", params={"lang": "fr"}), 400, "bad_parameter")


def test_validation_writes_nothing_to_the_store(client: TestClient, backend: Store) -> None:
    before = sorted(str(q) for q in backend.export())
    assert _post(client, MISSING_DIMENSION, format="json").status_code == 200
    assert _post(client, VALID, format="json").status_code == 200
    assert sorted(str(q) for q in backend.export()) == before


def test_report_for_a_stored_province_plan_in_thai_and_english(client: TestClient) -> None:
    thai = client.get("/validation/TH-33", params={"format": "html"})
    assert thai.status_code == 200 and '<html lang="th"' in thai.text
    assert "ศรีสะเกษ" in thai.text and "<svg" in thai.text
    assert "<code>province40 validate --province TH-33 --format html</code>" in thai.text
    english = client.get("/validation/th-33", params={"format": "html", "lang": "en"})
    assert english.status_code == 200 and '<html lang="en"' in english.text and "Si Sa Ket" in english.text
    assert "<code>province40 validate --province TH-33 --format html --lang en</code>" in english.text
    posted = _post(client, VALID, format="html", lang="en")
    assert "<code>province40 validate plan.ttl --format html --lang en</code>" in posted.text
    report = client.get("/validation/TH-33").json()
    assert report["scope"] == {"kind": "province", "province": "TH-33", "file": None}
    assert [p["province"] for p in report["plans"]] == ["TH-33"]


def test_as_presented_the_plans_do_not_link_to_the_national_strategy(client: TestClient) -> None:
    presented = client.get("/validation/TH-11", params={"as_presented": "true"}).json()
    curated = client.get("/validation/TH-11").json()
    assert presented["include_curation"] is False and curated["include_curation"] is True
    presented_text = json.dumps(presented)
    assert "ProjectNationalStrategyShape" in presented_text
    assert curated["counts"]["closed_by_curation"]["Violation"] > 0
    assert curated["counts"]["open"]["Violation"] < presented["counts"]["open"]["Violation"]


def test_the_coverage_matrix_of_the_whole_store(client: TestClient) -> None:
    response = client.get("/validation", params={"format": "coverage.json"})
    assert response.status_code == 200
    coverage = response.json()
    assert set(coverage) == {"dimensions", "success_factors", "strategies"}
    rows = coverage["dimensions"]["rows"]
    assert [r["province"] for r in rows] == ["TH-11", "TH-30", "TH-33", "TH-72", "TH-84"]
    assert all(len(r["cells"]) == 3 for r in rows)
    th84 = next(r for r in rows if r["province"] == "TH-84")
    open_connected = next(c for c in th84["cells"] if c["column"].endswith("/open-connected"))
    # the plan as presented claims all three dimensions; no project (stated or curated) serves Open & Connected
    assert (open_connected["status"], open_connected["plan_claim"]) == ("claimed", True)
    assert open_connected["stated_projects"] == open_connected["curated_projects"] == 0
    matrix = client.get("/validation", params={"format": "coverage.csv", "lang": "en"})
    rows = list(csv.reader(io.StringIO(matrix.text)))
    assert len(rows) > 5 and len({len(r) for r in rows}) == 1


def test_routes_are_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths["/validation"]) == {"get", "post"}
    assert "text/turtle" in paths["/validation"]["post"]["requestBody"]["content"]
    assert set(paths["/validation/{code}"]) == {"get"}


def test_a_plan_larger_than_the_triple_cap_is_refused_before_validation(store: EmbeddedStore, store_dir: Path) -> None:
    from province40.api.app import create_app
    from tests.conftest import make_settings

    settings = make_settings(store_dir, max_validation_triples=100)
    lines = [f"<urn:x:{i}> <urn:x:p> {i} ." for i in range(101)]
    with TestClient(create_app(settings, store=store)) as small:
        response = small.post("/validation", content="\n".join(lines).encode(), headers={"Content-Type": "text/turtle"})
        assert_error_shape(response, 413, "query_refused")
        detail = response.json()["error"]["detail"]
        assert (detail["reason"], detail["setting"]) == ("too_large", "max_validation_triples")
        assert "101 triples" in response.json()["error"]["message"]
        assert _post(small, VALID, format="json").status_code == 200  # a real plan is far below the cap
