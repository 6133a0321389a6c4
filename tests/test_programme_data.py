"""The programme as the two source articles state it: checked through SPARQL and against the sources."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40.store.embedded import EmbeddedStore

DATA = Path(__file__).resolve().parent.parent / "data"
PREFIXES = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
EXPECTED_PROJECTS = {"TH-84": 3, "TH-11": 3, "TH-30": 5, "TH-33": 3}
"""Projects per plan; Suphan Buri (TH-72) lists four development lines (strategic issues), not projects."""
EXPECTED_ISSUES = {"TH-72": 4}


def test_five_expansion_provinces_each_with_its_plan_and_project_count(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?code (COUNT(DISTINCT ?project) AS ?n) WHERE {
             <https://w3id.org/province40/id/cohort/expansion-5> p40:hasMemberProvince ?province .
             ?province p40:iso3166Code ?code .
             ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf ?province ; p40:hasProject ?project .
             ?project p40:inPlan ?plan ; p40:ownerProvince ?province .
           } GROUP BY ?code"""
    ).dicts()
    assert {r["code"].value: int(r["n"].value) for r in rows} == EXPECTED_PROJECTS
    issues = store.select(
        PREFIXES
        + """SELECT ?code (COUNT(DISTINCT ?issue) AS ?n) WHERE {
             ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf/p40:iso3166Code ?code ; p40:hasStrategicIssue ?issue .
             ?issue a p40:ProvincialStrategicIssue .
           } GROUP BY ?code"""
    ).dicts()
    assert {r["code"].value: int(r["n"].value) for r in issues} == EXPECTED_ISSUES
    assert sum(EXPECTED_PROJECTS.values()) + sum(EXPECTED_ISSUES.values()) == 18


def test_each_plan_lives_in_its_province_graph(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?g ?code WHERE { GRAPH ?g { ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf ?p } ?p p40:iso3166Code ?code }"""
    ).dicts()
    assert {(r["g"].value, r["code"].value) for r in rows} == {
        (f"https://w3id.org/province40/graph/plan/{code}", code) for code in {**EXPECTED_PROJECTS, **EXPECTED_ISSUES}
    }


def test_prototype_cohort_has_three_unnamed_members(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?size ?named (COUNT(?m) AS ?members) WHERE {
             <https://w3id.org/province40/id/cohort/prototype> p40:statedSize ?size ; p40:membersNamedInSource ?named .
             OPTIONAL { <https://w3id.org/province40/id/cohort/prototype> p40:hasMemberProvince ?m } } GROUP BY ?size ?named"""
    ).dicts()
    assert len(rows) == 1
    assert rows[0]["size"].value == "3" and rows[0]["named"].value == "false" and rows[0]["members"].value == "0"


def test_expansion_path_runs_prototype_then_five_then_every_province(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?n ?next WHERE { ?c a p40:Cohort ; p40:sequenceNumber ?n . OPTIONAL { ?c p40:nextCohort/p40:sequenceNumber ?next } } ORDER BY ?n"""
    ).dicts()
    assert [(r["n"].value, r.get("next").value if "next" in r else None) for r in rows] == [
        ("1", "2"),
        ("2", "3"),
        ("3", None),
    ]


@pytest.mark.parametrize(
    ("meeting", "date", "written"),
    [("2022-03-23", "2022-03-23", "23 มีนาคม 2565"), ("2022-04-29", "2022-04-29", "29 เมษายน 2565")],
)
def test_both_meetings_with_dates_and_participants(store: EmbeddedStore, meeting: str, date: str, written: str) -> None:
    iri = ox.NamedNode(f"https://w3id.org/province40/id/meeting/{meeting}")
    rows = store.select(
        PREFIXES
        + """SELECT ?m ?date ?written (COUNT(DISTINCT ?person) AS ?people) (COUNT(DISTINCT ?province) AS ?provinces) WHERE {
             ?m a p40:Meeting ; p40:meetingDate ?date ; p40:dateAsWritten ?written ; p40:meetingMode ?mode .
             OPTIONAL { ?m p40:participant ?person . ?person a prov:Person }
             OPTIONAL { ?m p40:participant ?province . ?province a p40:ProvincialAdministration }
           } GROUP BY ?m ?date ?written""",
        bindings={"m": iri},
    ).dicts()
    assert len(rows) == 1
    row = rows[0]
    assert row["date"] == ox.Literal(date, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))
    assert row["written"].value == written
    assert int(written.split()[-1]) == int(date[:4]) + 543  # B.E. = C.E. + 543
    assert int(row["people"].value) >= 4
    assert int(row["provinces"].value) == 5


def test_every_named_person_holds_a_post(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?person ?post WHERE { ?person a prov:Person . OPTIONAL { ?post org:heldBy ?person ; rdfs:label ?l } }"""
    ).dicts()
    people = {r["person"].value for r in rows}
    assert len(people) == 5
    assert all("post" in r for r in rows)


def test_programme_run_by_opdc_moi_and_kku_in_three_steps(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?org) AS ?orgs) (COUNT(DISTINCT ?step) AS ?steps) WHERE {
             ?p a p40:Programme ; p40:runBy ?org ; p40:hasStep ?step . ?step p40:sequenceNumber ?n }"""
    ).dicts()
    assert (rows[0]["orgs"].value, rows[0]["steps"].value) == ("3", "3")


def test_recommendations_and_decision_of_the_second_meeting(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?r) AS ?recommendations) (COUNT(DISTINCT ?d) AS ?decisions) WHERE {
             ?r a p40:Recommendation ; p40:givenAt/dcterms:isPartOf <https://w3id.org/province40/id/meeting/2022-04-29> ;
                p40:addressedTo ?province .
             <https://w3id.org/province40/id/meeting/2022-04-29> p40:hasDecision ?d }"""
    ).dicts()
    assert rows[0]["recommendations"].value == "4"
    assert rows[0]["decisions"].value == "1"


def _source_texts() -> dict[str, str]:
    texts = {}
    for path in (DATA / "programme" / "sources").glob("*.txt"):
        texts[f"https://w3id.org/province40/id/source/{path.stem}"] = path.read_text(encoding="utf-8")
    return texts


def test_every_source_quote_occurs_verbatim_in_a_document_it_cites(store: EmbeddedStore) -> None:
    texts = _source_texts()
    rows = store.select(
        PREFIXES + "SELECT ?x ?quote ?doc WHERE { ?x p40:sourceQuote ?quote ; dcterms:source ?doc }", max_rows=100_000
    ).dicts()
    cited: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        cited.setdefault((row["x"].value, row["quote"].value), []).append(row["doc"].value)
    assert len(cited) > 50
    not_found = [
        (subject, quote)
        for (subject, quote), docs in cited.items()
        if not any(quote in texts[d] for d in docs if d in texts)
    ]
    assert not_found == []


def test_thai_project_titles_are_the_source_words(store: EmbeddedStore) -> None:
    article = (DATA / "programme" / "sources" / "opdc-news-2022-04-29.txt").read_text(encoding="utf-8")
    rows = store.select(
        PREFIXES
        + """SELECT ?p ?title WHERE { ?p a ?kind ; rdfs:label ?title FILTER(lang(?title) = "th")
             VALUES ?kind { p40:Project p40:ProvincialStrategicIssue } }"""
    ).dicts()
    assert len(rows) == 18
    assert [r["p"].value for r in rows if r["title"].value not in article] == []


def test_source_copies_match_their_recorded_digests(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES + "SELECT ?copy ?digest WHERE { ?d p40:localCopy ?copy ; p40:contentDigest ?digest }"
    ).dicts()
    assert len(rows) == 2
    for row in rows:
        data = (DATA / row["copy"].value).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["digest"].value


def test_every_literal_in_the_data_is_nfc(store: EmbeddedStore) -> None:
    quads = store.export()
    bad = [
        (str(q.subject), q.object.value)
        for q in quads
        if isinstance(q.object, ox.Literal) and not unicodedata.is_normalized("NFC", q.object.value)
    ]
    assert bad == []
