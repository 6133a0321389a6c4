"""Curated links carry their rationale and can always be told apart from stated facts."""

from __future__ import annotations

from province40.store.embedded import EmbeddedStore

PREFIXES = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
CURATION = "<https://w3id.org/province40/graph/curation>"
ALIGNMENT = "p40:servesDimension p40:appliesSuccessFactor p40:contributesToMasterPlan p40:contributesToStrategy p40:servesStrategy"


def test_every_curated_link_has_rationale_in_thai_and_english_who_and_when(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """SELECT ?link WHERE { ?link a p40:CuratedLink .
             FILTER (NOT EXISTS { ?link p40:rationale ?th FILTER(lang(?th) = "th") }
                  || NOT EXISTS { ?link p40:rationale ?en FILTER(lang(?en) = "en") }
                  || NOT EXISTS { ?link prov:wasAttributedTo ?agent }
                  || NOT EXISTS { ?link prov:generatedAtTime ?time }
                  || NOT EXISTS { ?link rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }) }"""
    )
    assert rows.rows == ()
    count = store.select(PREFIXES + "SELECT (COUNT(?l) AS ?n) WHERE { ?l a p40:CuratedLink }").dicts()[0]["n"]
    assert int(count.value) > 100


def test_every_alignment_triple_in_the_curation_graph_is_described_by_a_curated_link(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + f"""SELECT ?s ?p ?o WHERE {{ GRAPH {CURATION} {{ ?s ?p ?o }} VALUES ?p {{ {ALIGNMENT} }}
             FILTER NOT EXISTS {{ ?l a p40:CuratedLink ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }} }}"""
    )
    assert rows.rows == ()


def test_every_curated_link_describes_a_triple_of_the_curation_graph_only(store: EmbeddedStore) -> None:
    dangling = store.select(
        PREFIXES
        + f"""SELECT ?l WHERE {{ ?l a p40:CuratedLink ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             FILTER NOT EXISTS {{ GRAPH {CURATION} {{ ?s ?p ?o }} }} }}"""
    )
    assert dangling.rows == ()
    leaked = store.select(
        PREFIXES
        + f"""SELECT ?g ?s ?p ?o WHERE {{ ?l a p40:CuratedLink ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
             GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != {CURATION}) }}"""
    )
    assert leaked.rows == ()


def test_project_level_links_are_all_curated_none_stated(store: EmbeddedStore) -> None:
    # The source states no project-level links: every one must come from the curation layer.
    stated = store.select(
        PREFIXES
        + f"""SELECT ?project ?p ?o WHERE {{ GRAPH ?g {{ ?project a ?kind }} GRAPH ?h {{ ?project ?p ?o }}
             VALUES ?kind {{ p40:Project p40:ProvincialStrategicIssue }}
             VALUES ?p {{ {ALIGNMENT} }} FILTER(?h != {CURATION}) }}"""
    )
    assert stated.rows == ()
    items = store.select(
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?item) AS ?n) WHERE { ?item a ?kind VALUES ?kind { p40:Project p40:ProvincialStrategicIssue } }"""
    ).dicts()
    assert int(items[0]["n"].value) == 18


def test_plan_level_claims_are_stated_links_citing_the_source(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + """PREFIX dcterms: <http://purl.org/dc/terms/>
           SELECT (COUNT(?l) AS ?n) WHERE { ?l a p40:StatedLink ; rdf:subject ?plan ; rdf:predicate ?p ; rdf:object ?o ;
             dcterms:source ?doc ; p40:sourceQuote ?q . ?plan ?p ?o . }"""
    ).dicts()
    assert rows[0]["n"].value == "30"  # 5 plans × (3 factors + 3 dimensions)
