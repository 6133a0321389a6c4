"""Ontology quality checks, written as SPARQL over the built store (Brick / biolink habit)."""

from __future__ import annotations

import re
from pathlib import Path

from province40 import __version__
from province40.namespaces import P40, P40_NS
from province40.store.embedded import EmbeddedStore

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ONTOLOGY = "GRAPH <https://w3id.org/province40/graph/ontology>"


def _terms(store: EmbeddedStore) -> set[str]:
    rows = store.select(
        PREFIXES
        + f"""SELECT DISTINCT ?t WHERE {{ {ONTOLOGY} {{ ?t a ?kind }}
             VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }} }}"""
    )
    return {t.value for t in rows.values("t") if t is not None}


def test_every_class_and_property_has_thai_and_english_labels_and_definitions(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + f"""SELECT ?t ?lang ?what WHERE {{
             {ONTOLOGY} {{ ?t a ?kind }}
             VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }}
             VALUES ?lang {{ "th" "en" }}
             VALUES ?what {{ rdfs:label skos:definition }}
             FILTER NOT EXISTS {{ {ONTOLOGY} {{ ?t ?what ?text FILTER(lang(?text) = ?lang) }} }}
           }}"""
    ).dicts()
    assert [(r["t"].value, r["what"].value, r["lang"].value) for r in rows] == []
    assert len(_terms(store)) > 80


def test_every_term_is_defined_by_the_ontology(store: EmbeddedStore) -> None:
    rows = store.select(
        PREFIXES
        + f"""SELECT ?t WHERE {{ {ONTOLOGY} {{ ?t a ?kind FILTER NOT EXISTS {{ ?t rdfs:isDefinedBy <https://w3id.org/province40/ontology> }} }}
             VALUES ?kind {{ owl:Class owl:ObjectProperty owl:DatatypeProperty }} }}"""
    )
    assert rows.rows == ()


def test_data_uses_only_terms_the_ontology_defines(store: EmbeddedStore) -> None:
    terms = _terms(store)
    rows = store.select(
        PREFIXES
        + f"""SELECT DISTINCT ?used WHERE {{
             {{ ?s ?used ?o }} UNION {{ ?s a ?used }}
             FILTER(STRSTARTS(STR(?used), "{P40_NS}")) }}""",
        max_rows=100_000,
    )
    used = {t.value for t in rows.values("used") if t is not None}
    assert used - terms == set()


def test_closed_namespace_lists_exactly_the_ontology_terms(store: EmbeddedStore) -> None:
    declared = {str(getattr(P40, name)) for name in P40.__annotations__}
    assert declared == _terms(store)


def test_version_info_is_the_package_version() -> None:
    header = (ROOT / "ontology" / "province40.ttl").read_text(encoding="utf-8")
    match = re.search(r'owl:versionInfo "([^"]+)"', header)
    assert match is not None
    assert match.group(1) == __version__
    assert f"owl:versionIRI <https://w3id.org/province40/ontology/{__version__}>" in header


def test_reused_vocabularies_are_the_standard_ones(store: EmbeddedStore) -> None:
    rows = store.select(PREFIXES + f"SELECT DISTINCT ?super WHERE {{ {ONTOLOGY} {{ ?c rdfs:subClassOf ?super }} }}")
    supers = {t.value for t in rows.values("super") if t is not None}
    for namespace in (
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/org#",
        "http://www.w3.org/ns/prov#",
        "http://purl.org/dc/terms/",
    ):
        assert any(s.startswith(namespace) for s in supers), namespace
