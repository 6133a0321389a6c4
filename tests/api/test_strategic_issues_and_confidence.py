"""The issue-7 data seen through the questions and pages: Suphan Buri's plan has four development
lines (p40:ProvincialStrategicIssue at .../id/issue/TH-72-0N) instead of projects, and every curated
link carries a confidence and the criterion it meets. Its province page, the chain page of a
development line, and the confidence of curated links on every page that shows one."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from tests.api.test_pages import text_of
from tests.api.test_questions import answer

ISSUE = "https://w3id.org/province40/id/issue/"
LEVELS = {"strong", "moderate", "weak"}
P40 = "PREFIX p40: <https://w3id.org/province40/ontology#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
ALIGNMENT = "p40:servesDimension, p40:appliesSuccessFactor, p40:contributesToMasterPlan, p40:contributesToStrategy"


def sparql(client: TestClient, query: str) -> list[dict[str, str]]:
    response = client.get("/sparql", params={"query": P40 + query})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]


def test_suphan_buri_plan_lists_its_four_development_lines_with_curated_links_and_confidence(
    client: TestClient,
) -> None:
    rows = answer(client, "show-province-plan", province="TH-72")["rows"]
    assert {r["item"] for r in rows} == {f"{ISSUE}TH-72-0{n}" for n in range(1, 5)}
    assert {r["item_type"] for r in rows} == {"strategic-issue"}
    linked = [r for r in rows if r["target"]]
    assert linked and all(r["basis"] == "curated" for r in linked)
    assert {r["confidence"] for r in linked} <= LEVELS and all(r["confidence_en"] in LEVELS for r in linked)
    assert all(r["confidence_th"] and r["criterion_en"] and r["rationale_en"] for r in linked)
    # TH-72-04 (quality of life) has no link: it is listed once, with nothing it serves
    lonely = [r for r in rows if r["item"].endswith("TH-72-04")]
    assert len(lonely) == 1 and lonely[0]["target"] is None and lonely[0]["basis"] is None


def test_the_province_page_of_suphan_buri_shows_its_development_lines_their_links_and_confidence(
    client: TestClient,
) -> None:
    page = client.get("/province/TH-72", params={"lang": "en"}).text
    for n in range(1, 5):
        assert f'href="/project/TH-72-0{n}?lang=en"' in page
    text = text_of(page)
    assert "0 projects, 4 strategic issues" in text
    assert text.count("strategic issue ") >= 4
    assert re.search(r"Master plan 5: Tourism curated · strong", text)
    assert "curated · weak" in text and "curated · moderate" in text
    thai = text_of(client.get("/province/TH-72").text)
    assert "คัดสรร · หนักแน่น" in thai and "คัดสรร · อ่อน" in thai


def test_a_development_line_has_its_chain_page_and_answers(client: TestClient) -> None:
    project = answer(client, "show-project", id="TH-72-02")["rows"]
    assert [r["item"] for r in project] == [f"{ISSUE}TH-72-02"] and project[0]["item_type"] == "strategic-issue"
    chain = answer(client, "trace-project-chain", id="TH-72-02")["rows"]
    assert {r["level"] for r in chain} == {1, 2, 3}
    assert all(r["from"] == f"{ISSUE}TH-72-02" for r in chain if r["level"] == 1)
    assert {r["from_type"] for r in chain if r["level"] == 1} == {"ProvincialStrategicIssue"}
    assert all(r["confidence"] in LEVELS for r in chain if r["basis"] == "curated")
    page = client.get("/project/TH-72-02", params={"lang": "en"})
    assert page.status_code == 200
    svg = page.text[page.text.index("<svg") : page.text.index("</svg>")]
    assert 'class="edge curated"' in svg and 'href="/master-plan/5?lang=en"' in svg
    assert "curated · strong" in text_of(page.text)
    assert client.get("/project/TH-72-09").status_code == 404


def test_confidence_is_shown_with_every_curated_link_on_the_pages(client: TestClient) -> None:
    for path in ("/project/TH-30-01", "/master-plan/5", "/strategy/2", "/province/TH-84", "/province/TH-72"):
        for lang, levels in (("en", LEVELS), ("th", {"หนักแน่น", "ปานกลาง", "อ่อน"})):
            page = client.get(path, params={"lang": lang}).text
            badges = re.findall(r'<span class="badge curated" title="[^"]*">([^<]*)</span>', page)
            assert badges, path
            assert all(badge.split(" · ")[-1] in levels for badge in badges), (path, lang, badges)


def test_counting_curated_links_by_their_graph_agrees_with_the_curated_link_descriptions(client: TestClient) -> None:
    """The coverage and comparison questions tell curated from stated by the graph a link is asserted
    in (the curation graph holds every curated link, data/README.md): one lookup a link instead of a
    search for its p40:CuratedLink. The data keeps that convention, so both readings agree."""
    undescribed = sparql(client, f"""SELECT ?item ?property ?target WHERE {{
        GRAPH <https://w3id.org/province40/graph/curation> {{ ?item ?property ?target }}
        FILTER (?property IN ({ALIGNMENT}))
        FILTER NOT EXISTS {{ ?link a p40:CuratedLink ; rdf:subject ?item ; rdf:predicate ?property ; rdf:object ?target }}
    }}""")
    assert undescribed == []
    elsewhere = sparql(client, """SELECT ?link ?graph WHERE {
        GRAPH ?graph { ?link a p40:CuratedLink } FILTER (?graph != <https://w3id.org/province40/graph/curation>) }""")
    assert elsewhere == []
    both = sparql(client, f"""SELECT ?item WHERE {{
        GRAPH <https://w3id.org/province40/graph/curation> {{ ?item ?property ?target }}
        GRAPH ?plan_graph {{ ?item ?property ?target }}
        FILTER (?plan_graph != <https://w3id.org/province40/graph/curation> && ?property IN ({ALIGNMENT})) }}""")
    assert both == []
    # and the counts equal those made from the p40:CuratedLink descriptions
    expected = {
        (r["code"], r["target"]): (int(r["stated"]), int(r["curated"]))
        for r in sparql(client, """SELECT ?code ?target (COUNT(DISTINCT ?s) AS ?stated) (COUNT(DISTINCT ?c) AS ?curated)
        WHERE {
          ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf/p40:iso3166Code ?code ; p40:hasProject|p40:hasStrategicIssue ?item .
          ?item ?property ?target .
          FILTER (?property IN (p40:servesDimension, p40:appliesSuccessFactor, p40:contributesToStrategy))
          OPTIONAL { ?link a p40:CuratedLink ; rdf:subject ?item ; rdf:predicate ?property ; rdf:object ?target }
          BIND (IF(BOUND(?link), ?item, ?none) AS ?c) BIND (IF(BOUND(?link), ?none, ?item) AS ?s)
        } GROUP BY ?code ?target""")
    }
    rows = answer(client, "show-coverage-matrix")["rows"]
    found = {(r["code"], r["target"]): (r["stated_items"], r["curated_items"]) for r in rows if r["stated_items"] or r["curated_items"]}
    assert found == expected and any(c for _, c in found.values())
    compared = {r["code"]: r for r in answer(client, "compare-provinces")["rows"]}
    for (code, target), (stated, curated) in expected.items():
        key = {"open-connected": "open_connected", "citizen-centric": "citizen_centric",
               "smart-high-performance": "smart_high_performance", "participation": "participation",
               "innovation": "innovation", "digital-technology": "digital_technology"}.get(target.rsplit("/", 1)[1])
        if key:
            assert (compared[code][f"{key}_stated"], compared[code][f"{key}_curated"]) == (stated, curated)
