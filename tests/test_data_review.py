"""The corrections of the second data review (../shared/reviews/data-review.md), as SPARQL over the store.

Each test names the review's finding it guards (W = wrong, M = missing, I = unsupported, T = translation).
"""

from __future__ import annotations

import re
from pathlib import Path

from province40.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
REFERENCE_FACTS = ROOT / "data" / "reference" / "sources" / "domain-facts.md"
SOURCES = ROOT / "data" / "programme" / "sources"
ID = "https://w3id.org/province40/id/"
PREFIXES = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX step: <https://w3id.org/province40/id/programme-step/>
PREFIX meeting: <https://w3id.org/province40/id/meeting/>
PREFIX src: <https://w3id.org/province40/id/source/>
"""


def _rows(store: EmbeddedStore, query: str) -> list[dict]:  # type: ignore[type-arg]
    return store.select(PREFIXES + query).dicts()


def _article(name: str) -> str:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8")


def test_step_3_ends_at_the_presentation_to_provincial_executives(store: EmbeddedStore) -> None:  # W1
    texts = [r["text"].value for r in _rows(store, """SELECT ?text WHERE {
        step:3 ?p ?text VALUES ?p { rdfs:label dcterms:description p40:sourceQuote } FILTER(lang(?text) = "th") }""")]
    assert len(texts) == 3
    assert all(t.rstrip().endswith("ต่อผู้บริหารของจังหวัด") for t in texts)
    assert not [t for t in texts if "ทีมที่ปรึกษา" in t]


def test_the_consultant_team_introduction_is_an_act_of_the_23_march_meeting(store: EmbeddedStore) -> None:  # M1
    rows = _rows(store, """SELECT ?act ?who ?quote WHERE {
        ?act a p40:MeetingAction ; dcterms:isPartOf ?item ; prov:wasAssociatedWith ?who ;
             p40:sourceQuote ?quote ; dcterms:source src:opdc-news-2022-03-23 .
        ?item a p40:AgendaItem ; dcterms:isPartOf meeting:2022-03-23 ; p40:sequenceNumber 4 . }""")
    assert len(rows) == 1
    assert rows[0]["who"].value == ID + "person/pawana-kittiwimonchai"
    assert "แนะนำทีมที่ปรึกษา" in rows[0]["quote"].value and rows[0]["quote"].value in _article("opdc-news-2022-03-23")


def test_the_purpose_and_the_plans_basis_are_stated_with_their_quotes(store: EmbeddedStore) -> None:  # M2, M3
    purpose = _rows(store, """SELECT ?purpose ?quote WHERE { ?programme a p40:Programme ;
        p40:statedPurpose ?purpose ; p40:sourceQuote ?quote ; dcterms:source src:opdc-news-2022-03-23 .
        FILTER(lang(?purpose) = "th" && CONTAINS(?quote, ?purpose)) }""")
    assert len(purpose) == 1
    assert "หน่วยงานระดับจังหวัด" in purpose[0]["purpose"].value
    assert purpose[0]["quote"].value in _article("opdc-news-2022-03-23")
    basis = _rows(store, """SELECT ?plan ?quote WHERE { ?plan a p40:ProvincialDevelopmentPlan ;
        p40:statedBasis ?basis ; p40:sourceQuote ?quote ; dcterms:source src:opdc-news-2022-04-29 .
        FILTER(lang(?basis) = "th" && CONTAINS(?quote, ?basis)) }""")
    assert len(basis) == 5
    assert all("ดึงจุดแข็งของจังหวัด" in r["quote"].value and r["quote"].value in _article("opdc-news-2022-04-29")
               for r in basis)


def test_the_government_40_guidance_names_the_three_dimensions(store: EmbeddedStore) -> None:  # M4
    rows = _rows(store, """SELECT ?d WHERE {
        <https://w3id.org/province40/id/guidance/government40-approach-2022-03-23> dcterms:subject ?d .
        ?d a p40:Dimension }""")
    assert len(rows) == 3


def test_ministry_and_university_take_part_on_23_march_and_opdc_acts_through_officials(
    store: EmbeddedStore,
) -> None:  # M5, M6
    bodies = {r["o"].value for r in _rows(store, "SELECT ?o WHERE { meeting:2022-03-23 p40:participant ?o }")}
    assert {ID + "organisation/moi", ID + "organisation/kku", ID + "organisation/opdc"} <= bodies
    delegations = {(r["person"].value, r["meeting"].value) for r in _rows(store, """SELECT ?person ?meeting WHERE {
        ?person prov:qualifiedDelegation [ prov:agent <https://w3id.org/province40/id/organisation/opdc> ;
                                           prov:hadActivity ?meeting ] }""")}
    assert (ID + "person/areepan-charoensuk", ID + "meeting/2022-03-23") in delegations
    assert (ID + "person/maitree-inthusut", ID + "meeting/2022-04-29") in delegations


def test_no_recommendation_or_assessment_is_attributed_to_a_named_person(store: EmbeddedStore) -> None:  # I5
    rows = _rows(store, """SELECT ?g ?who WHERE { ?g a ?kind ; p40:givenBy ?who .
        VALUES ?kind { p40:Recommendation p40:Assessment } }""")
    assert len(rows) == 5
    assert {r["who"].value for r in rows} == {ID + "organisation/executives-and-experts-2022-04-29"}
    assert not _rows(store, """SELECT ?g WHERE { ?g a p40:Recommendation ; p40:givenBy ?who . ?who a prov:Person }""")


def test_the_five_plans_carry_no_unsourced_plan_level(store: EmbeddedStore) -> None:  # I1
    assert _rows(store, "SELECT ?plan WHERE { ?plan a p40:ProvincialDevelopmentPlan ; p40:planLevel ?level }") == []


def test_suphan_buris_items_are_development_lines_not_projects(store: EmbeddedStore) -> None:  # review §1.3
    rows = _rows(store, """SELECT ?item ?kind WHERE { ?plan p40:planOf <https://w3id.org/province40/id/province/TH-72> .
        { ?plan p40:hasProject ?item } UNION { ?plan p40:hasStrategicIssue ?item } ?item a ?kind }""")
    assert {r["kind"].value.rsplit("#", 1)[1] for r in rows} == {"ProvincialStrategicIssue"}
    assert len(rows) == 4
    replaced = _rows(store, """PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?old WHERE { ?old owl:deprecated true ; dcterms:isReplacedBy ?new . ?new a p40:ProvincialStrategicIssue }""")
    assert len(replaced) == 4


def test_translations_the_review_corrected(store: EmbeddedStore) -> None:  # T1, T2, T3
    def english(iri: str) -> str:
        (row,) = _rows(store, f"""SELECT ?l WHERE {{ <{iri}> rdfs:label ?l FILTER(lang(?l) = "en") }}""")
        return str(row["l"].value)
    assert english(ID + "project/TH-11-01").startswith("Restoring the waterways at the heart of the Chao Phraya")
    assert "Korat sees the doctor online" in english(ID + "project/TH-30-03")
    assert english(ID + "person/maitree-inthusut") == "Maitri Inthusut"  # RTGS throughout
    assert english(ID + "person/pawana-kittiwimonchai") == "Phawana Kittiwimonchai"


def test_every_curated_link_has_a_criterion_and_a_confidence(store: EmbeddedStore) -> None:
    missing = _rows(store, """SELECT ?link WHERE { ?link a p40:CuratedLink .
        FILTER (NOT EXISTS { ?link p40:meetsCriterion ?c . ?c a p40:CurationCriterion }
             || NOT EXISTS { ?link p40:confidence ?k . ?k a p40:ConfidenceLevel }) }""")
    assert missing == []
    levels = {r["n"].value for r in _rows(store, "SELECT ?n WHERE { ?k a p40:ConfidenceLevel ; skos:notation ?n }")}
    assert levels == {"strong", "moderate", "weak"}


def test_strategies_follow_from_master_plans_for_every_item(store: EmbeddedStore) -> None:  # W4
    gaps = _rows(store, """SELECT ?item ?s WHERE { ?item p40:contributesToMasterPlan/p40:servesStrategy ?s .
        FILTER NOT EXISTS { ?item p40:contributesToStrategy ?s } }""")
    assert gaps == []
    extra = _rows(store, """SELECT ?item ?s WHERE { ?item p40:contributesToStrategy ?s ;
        a ?kind VALUES ?kind { p40:Project p40:ProvincialStrategicIssue }
        FILTER NOT EXISTS { ?item p40:contributesToMasterPlan/p40:servesStrategy ?s } }""")
    assert extra == []


def test_master_plans_12_to_23_do_not_cite_the_deck_that_covers_1_to_11(store: EmbeddedStore) -> None:  # W3
    rows = _rows(store, """SELECT ?n WHERE { ?mp a p40:MasterPlan ; skos:notation ?n ;
        dcterms:source src:nesdc-master-plans-deck }""")
    assert sorted(int(r["n"].value) for r in rows) == list(range(1, 12))


# ---------------------------------------------------------------- provenance of definitions


def _sections(text: str) -> list[str]:
    """Each heading of the reference facts with everything under it (sub-sections included)."""
    lines = text.splitlines()
    heads = [(i, len(m.group(1))) for i, line in enumerate(lines) if (m := re.match(r"^(#+) ", line))]
    sections = []
    for n, (start, level) in enumerate(heads):
        end = next((i for i, lv in heads[n + 1:] if lv <= level), len(lines))
        sections.append("\n".join(lines[start:end]))
    return sections


def _norm(text: str) -> str:
    return re.sub(r"[\s()（）:–\-]+", "", text).lower()


def test_every_source_of_a_definition_contains_it(store: EmbeddedStore) -> None:  # W2, W3, I2, I3
    """A definition cites a web source only where the reference facts list that source for that very
    resource (a section holding both the source's address and the resource's name), and cites a
    source article only where the resource quotes that article verbatim."""
    facts = _sections(REFERENCE_FACTS.read_text(encoding="utf-8"))
    rows = _rows(store, """SELECT DISTINCT ?r ?src ?url ?copy WHERE { ?r skos:definition ?d ; dcterms:source ?src .
        OPTIONAL { ?src rdfs:seeAlso ?url } OPTIONAL { ?src p40:localCopy ?copy } }""")
    assert len(rows) >= 8
    names: dict[str, set[str]] = {}
    for r in _rows(store, """SELECT ?r ?name WHERE { ?r skos:definition ?d ; ?p ?name .
            VALUES ?p { rdfs:label skos:prefLabel skos:altLabel } }"""):
        names.setdefault(r["r"].value, set()).add(_norm(r["name"].value))
    unsupported = []
    for row in rows:
        resource, source = row["r"].value, row["src"].value
        if row.get("copy") is not None and row["copy"].value.endswith(".txt"):  # a source article
            article = (ROOT / "data" / row["copy"].value).read_text(encoding="utf-8")
            quotes = [q["q"].value for q in _rows(store, f"""SELECT ?q WHERE {{ <{resource}> p40:sourceQuote ?q }}""")]
            if not any(q in article for q in quotes):
                unsupported.append((resource, source))
        elif row.get("url") is not None:
            url = row["url"].value.split("://", 1)[-1].rstrip("/")
            if url.startswith("github.com/"):  # the reference facts cite repositories as owner/repo:path
                url = "/".join(url.split("/")[1:3])
            hits = [s for s in facts if any(url.startswith(u.rstrip("/…").split("://", 1)[-1]) or u.split("://", 1)[-1].rstrip("/") == url
                                            for u in re.findall(r"https?://[^\s)\]]+", s) + re.findall(r"\b[a-z0-9.-]+\.go\.th\b", s)
                                                     + re.findall(r"`([\w.-]+/[\w.-]+):", s))]
            if not any(any(n and n in _norm(s) for n in names.get(resource, ())) for s in hits):
                unsupported.append((resource, source))
        else:
            unsupported.append((resource, source))
    assert unsupported == [], "\n".join(f"{r} cites {s}" for r, s in unsupported)


def test_success_factors_are_not_given_a_definition_no_source_states(store: EmbeddedStore) -> None:  # I2
    assert _rows(store, "SELECT ?f WHERE { ?f a p40:SuccessFactor ; skos:definition ?d }") == []
    notes = _rows(store, """SELECT DISTINCT ?f WHERE { ?f a p40:SuccessFactor ; skos:scopeNote ?n ; skos:editorialNote ?e
        FILTER(CONTAINS(?e, "team's wording")) }""")
    assert len(notes) == 3
