"""``GET /api/suggest``: 200 with suggestions per kind, 422 in the one JSON error shape for bad parameters;
``province40 suggest`` in-process; the project page's links it does not claim but could."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from province40.cli import main
from tests.api.test_sparql_endpoint import assert_error_shape


def test_suggest_answers_per_kind_with_evidence(client: TestClient) -> None:
    response = client.get("/api/suggest", params={"title": "การส่งเสริมการท่องเที่ยวเชิงวัฒนธรรม",
                                                  "description": "ระบบจองออนไลน์"})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "suggested, not stated"
    best = body["master-plan"]["suggestions"][0]
    assert best["iri"] == "https://w3id.org/province40/id/master-plan/5"
    assert best["label_th"] == "การท่องเที่ยว" and best["label_en"] == "Tourism"
    assert best["confidence"] == "strong" and best["evidence"][0]["words"]
    assert body["strategy"]["suggestions"][0]["notation"] == "2"
    assert body["success-factor"]["suggestions"][0]["iri"].endswith("/digital-technology")
    assert body["dimension"]["abstained"]["reason"] == "no-evidence"


def test_suggest_abstains_with_a_reason_on_a_meaningless_title(client: TestClient) -> None:
    body = client.get("/api/suggest", params={"title": "asdf qwer"}).json()
    assert body["master-plan"]["suggestions"] == []
    assert body["master-plan"]["abstained"]["message_en"].startswith("no clear link: write the link yourself")


@pytest.mark.parametrize(
    ("params", "parameter"),
    [({}, "title"), ({"title": "   "}, "title"), ({"title": "ก" * 501}, "title"),
     ({"title": "tourism", "description": "x" * 4001}, "description")],
)
def test_bad_parameters_are_422_in_the_one_error_shape(client: TestClient, params: dict[str, str], parameter: str) -> None:
    body = assert_error_shape(client.get("/api/suggest", params=params), 422)
    assert parameter in json.dumps(body, ensure_ascii=False)


def test_suggest_is_in_the_openapi_document(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {p["name"] for p in paths["/api/suggest"]["get"]["parameters"]} == {"title", "description"}


def test_the_project_page_shows_links_it_does_not_claim_but_could(client: TestClient) -> None:
    page = client.get("/project/TH-30-03", params={"lang": "en"})
    assert page.status_code == 200
    assert "Links this project does not claim but could" in page.text
    assert "suggested, not stated" in page.text
    # TH-30-03 (telemedicine) is curated to master plans 13 and 20: the suggestion lists neither again
    section = page.text.split('id="unclaimed"', 1)[1]
    assert "/master-plan/13?" not in section and "/master-plan/20?" not in section


def test_the_command_prints_json_and_text(store_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "Promoting cultural tourism", "--format", "json", "--store", str(store_dir)]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["master-plan"]["suggestions"][0]["notation"] == "5"
    assert main(["suggest", "โครงการส่งเสริมเกษตรอินทรีย์", "--store", str(store_dir), "--lang", "th"]) == 0
    text = capsys.readouterr().out
    assert "แผนแม่บท" in text and "การเกษตร" in text and "ไม่ใช่ความเชื่อมโยงที่แผนระบุ" in text
    assert main(["suggest", "  ", "--store", str(store_dir)]) == 2
