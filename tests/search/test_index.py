"""The search index: BM25 with titles above descriptions, highlighting, suggestions, and an index
that follows the store (built by `province40 build`, updated after a Graph Store write)."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from province40.cli import main
from province40.search import SearchDocument, SearchIndex
from tests.conftest import UPDATE_TOKEN


def doc(item: str, title_th: str, title_en: str = "", description: str = "") -> SearchDocument:
    return SearchDocument(item=item, kind="project", code="TH-99", province_th="ทดสอบ", province_en="Test",
                          title_th=title_th, title_en=title_en, description=description, digest=item)


def test_titles_rank_above_descriptions_and_matches_are_highlighted() -> None:
    index = SearchIndex()
    index.apply([doc("a", "โครงการพัฒนาเกษตร", description="ส่งเสริมการท่องเที่ยวเชิงเกษตร"),
                 doc("b", "การส่งเสริมการท่องเที่ยว", "Tourism promotion"),
                 doc("c", "ข่าวสารชุมชน ปี ๒๕๖๕", "Community news 2565")])
    result = index.search("ท่องเที่ยว")
    assert [h.document.item for h in result.hits] == ["b", "a"]
    assert result.hits[0].title_th_html == "การส่งเสริมการ<mark>ท่องเที่ยว</mark>"
    assert "<mark>ท่องเที่ยว</mark>" in result.hits[1].description_html
    assert [h.document.item for h in index.search("๒๕๖๕").hits] == ["c"] == [h.document.item for h in index.search("2565").hits]
    assert index.search("2565").hits[0].title_th_html.endswith("<mark>๒๕๖๕</mark>")
    assert index.search("ข้าว").hits == ()
    assert index.search("tourism").hits[0].title_en_html == "<mark>Tourism</mark> promotion"
    index.close()


def test_no_result_suggests_the_nearest_words() -> None:
    index = SearchIndex()
    index.apply([doc("b", "การส่งเสริมการท่องเที่ยว", "Tourism promotion")])
    result = index.search("ทองเที่ยว")
    assert result.total == 0 and "ท่องเที่ยว" in result.suggestions
    assert "tourism" in index.search("turism").suggestions
    index.close()


def test_the_programme_data_is_searchable(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "ท่องเที่ยว"}).json()
    found = {r["id"] for r in body["rows"]}
    assert "TH-84-01" in found  # การส่งเสริมการท่องเที่ยว (Surat Smart Gateway)
    assert all("<mark>" in (r["highlight"]["title_th"] + r["highlight"]["description"]) for r in body["rows"])
    rice = client.get("/api/search", params={"q": "ข้าว"}).json()["rows"]
    assert all("ข้าว" in r["title_th"] + r["description"] for r in rice)
    english = client.get("/api/search", params={"q": "geopark"}).json()
    assert [r["id"] for r in english["rows"]] == ["TH-30-01"]
    none = client.get("/api/search", params={"q": "ทองเที่ยว"}).json()
    assert none["rows"] == [] and none["suggestions"]
    csv = client.get("/api/search", params={"q": "tourism", "format": "csv"})
    assert csv.content.startswith(b"\xef\xbb\xbf") and b"TH-84-01" in csv.content
    assert client.get("/api/search", params={"q": " "}).status_code == 422


def test_build_writes_the_index(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    assert main(["build", "--store", str(store_dir)]) == 0
    index = SearchIndex(store_dir.with_name("store.search.sqlite3"))
    assert len(index) >= 15 and index.search("ท่องเที่ยว").hits
    index.close()


NEW_PROJECT = """@prefix p40: <https://w3id.org/province40/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/province40/id/plan/TH-84-v2022-04-29> p40:hasProject <https://w3id.org/province40/id/project/TH-84-09> .
<https://w3id.org/province40/id/project/TH-84-09> a p40:Project ; p40:sequenceNumber 9 ;
    rdfs:label "ตลาดข้าวเกรียบปี ๒๕๖๙"@th , "Rice cracker market 2026"@en .
"""


def test_the_index_follows_graph_store_writes_and_updates(writer: TestClient) -> None:
    auth = {"Authorization": f"Bearer {UPDATE_TOKEN}"}
    graph = "https://w3id.org/province40/graph/extra/search-test"
    assert writer.get("/api/search", params={"q": "ข้าวเกรียบ"}).json()["rows"] == []
    response = writer.put("/graph-store", params={"graph": graph}, content=NEW_PROJECT.encode(),
                          headers={**auth, "Content-Type": "text/turtle"})
    assert response.status_code == 201
    rows = writer.get("/api/search", params={"q": "ข้าวเกรียบ"}).json()["rows"]
    assert [r["id"] for r in rows] == ["TH-84-09"]
    assert [r["id"] for r in writer.get("/api/search", params={"q": "2569"}).json()["rows"]] == ["TH-84-09"]
    update = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        DELETE { GRAPH ?g { ?p rdfs:label ?l } } INSERT { GRAPH ?g { ?p rdfs:label "ตลาดปลา"@th } }
        WHERE { GRAPH ?g { ?p rdfs:label ?l } FILTER (?p = <https://w3id.org/province40/id/project/TH-84-09> && lang(?l) = "th") }"""
    assert writer.post("/sparql", data={"update": update}, headers=auth).status_code == 204
    assert writer.get("/api/search", params={"q": "ข้าวเกรียบ"}).json()["rows"] == []
    assert [r["id"] for r in writer.get("/api/search", params={"q": "ปลา"}).json()["rows"]] == ["TH-84-09"]
    assert writer.delete("/graph-store", params={"graph": graph}, headers=auth).status_code == 204
    assert writer.get("/api/search", params={"q": "ปลา"}).json()["rows"] == []
    page = writer.get("/province/TH-84")  # the pages see the write too (no stale cache)
    assert "ตลาดปลา" not in page.text
