"""What search finds: each project and strategic issue, read from the store with its titles, the
source's words and its province. :data:`DOCUMENTS_QUERY` reads them all; a digest of the text tells
which changed since the index last saw them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from province40.results import Term

DOCUMENTS_QUERY = """PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?item ?kind ?code ?province_th ?province_en
       (SAMPLE(?t_th) AS ?title_th) (SAMPLE(?t_en) AS ?title_en)
       (GROUP_CONCAT(DISTINCT ?quote; separator=" ") AS ?description)
WHERE {
  VALUES (?class ?kind) { (p40:Project "project") (p40:ProvincialStrategicIssue "strategic-issue") }
  ?item a ?class .
  OPTIONAL { { ?plan p40:hasProject ?item } UNION { ?plan p40:hasStrategicIssue ?item }
             ?plan p40:planOf ?province . ?province p40:iso3166Code ?code .
             OPTIONAL { ?province rdfs:label ?province_th FILTER (lang(?province_th) = "th") }
             OPTIONAL { ?province rdfs:label ?province_en FILTER (lang(?province_en) = "en") } }
  OPTIONAL { ?item rdfs:label ?t_th FILTER (lang(?t_th) = "th") }
  OPTIONAL { ?item rdfs:label ?t_en FILTER (lang(?t_en) = "en") }
  OPTIONAL { ?item p40:sourceQuote ?quote }
}
GROUP BY ?item ?kind ?code ?province_th ?province_en
"""
"""Every searchable item of the store, one row each."""


@dataclass(frozen=True, kw_only=True)
class SearchDocument:
    """One searchable item and the text indexed for it."""

    item: str
    kind: str
    code: str
    province_th: str
    province_en: str
    title_th: str
    title_en: str
    description: str
    digest: str = ""

    @property
    def identifier(self) -> str:
        """The end of the item's IRI (``TH-84-01``): its page is ``/project/<identifier>``."""
        return self.item.rstrip("/").rsplit("/", 1)[-1]


def _text(row: Mapping[str, Term], name: str) -> str:
    term = row.get(name)
    return "" if term is None else str(getattr(term, "value", term))


def documents_from_rows(rows: Iterable[Mapping[str, Term]]) -> list[SearchDocument]:
    """Documents (with their digest) from the rows of :data:`DOCUMENTS_QUERY`."""
    documents = []
    for row in rows:
        fields = {name: _text(row, name) for name in
                  ("item", "kind", "code", "province_th", "province_en", "title_th", "title_en", "description")}
        digest = hashlib.sha256("\x1f".join(fields.values()).encode("utf-8")).hexdigest()[:20]
        documents.append(SearchDocument(digest=digest, **fields))
    return documents
