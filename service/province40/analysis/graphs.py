"""Graph views of the knowledge graph as networkx graphs, built from SPARQL SELECT queries.

Every view reads through :func:`province40.analysis.frames.select`, so it works on the live endpoint,
a local pyoxigraph store or a province40 store alike. Nodes are keyed by IRI and carry ``label`` (in
the language asked for, else the other one, else the IRI's last segment), ``label_th``, ``label_en``,
``kind`` and ``iri``; items (projects and strategic issues) also carry ``province`` (ISO code),
``province_label`` and ``plan``,
targets their ``notation``. Every target of a view is a node, linked or not, so what no item
serves shows up with degree 0.

Edges carry the link's provenance:

* ``relation``: the property, e.g. ``p40:servesDimension``;
* ``basis``: ``stated`` (the source states it) or ``curated`` (a ``p40:CuratedLink`` describes the
  triple: the rule of :func:`province40.validation.dataset.split_curated`);
* ``confidence``: the curated link's grade (``strong``, ``moderate``, ``weak``; ``""`` when stated
  or ungraded) and ``link``: the IRI of the ``p40:CuratedLink`` (``""`` when stated);
* ``weight``: 1 for a stated link; for a curated one (R + 1 - rank) / R on the data's confidence
  scale of R ranks (strong 1, moderate 2/3, weak 1/3); an ungraded curated link weighs as the
  lowest grade.

The views are listed in :data:`province40.analysis.views.VIEWS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx
import pandas as pd

from province40 import namespaces as ns
from province40.analysis.frames import select
from province40.validation.terms import compact

if TYPE_CHECKING:
    from province40.analysis.frames import QuerySource

Lang = Literal["th", "en"]
"""The language of the ``label`` attribute."""

STATED = "stated"
CURATED = "curated"

SERVES_DIMENSION = ns.P40_NS + "servesDimension"
APPLIES_SUCCESS_FACTOR = ns.P40_NS + "appliesSuccessFactor"
CONTRIBUTES_TO_MASTER_PLAN = ns.P40_NS + "contributesToMasterPlan"
CONTRIBUTES_TO_STRATEGY = ns.P40_NS + "contributesToStrategy"
SERVES_STRATEGY = ns.P40_NS + "servesStrategy"

TARGET_KINDS: Mapping[str, str] = {
    ns.P40_NS + "Dimension": "dimension",
    ns.P40_NS + "SuccessFactor": "success-factor",
    ns.P40_NS + "MasterPlan": "master-plan",
    ns.P40_NS + "Strategy": "strategy",
}
"""The kind (node attribute) of each class of target."""

_PROLOGUE = ns.sparql_prologue(("p40", "rdf", "rdfs", "skos"))
_LABELS = """
    OPTIONAL { ?node rdfs:label ?label_th FILTER (lang(?label_th) = "th") }
    OPTIONAL { ?node rdfs:label ?label_en FILTER (lang(?label_en) = "en") }"""
_CURATION = """
    OPTIONAL {
        ?link a p40:CuratedLink ; rdf:subject ?node ; rdf:predicate ?relation ; rdf:object ?target .
        OPTIONAL { ?link p40:confidence ?grade . ?grade skos:notation ?confidence . OPTIONAL { ?grade p40:rank ?rank } }
    }"""

ITEMS_QUERY = _PROLOGUE + """
SELECT ?node ?kind ?province ?province_th ?province_en ?plan ?sequence ?label_th ?label_en WHERE {
    ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf ?where . ?where p40:iso3166Code ?province .
    OPTIONAL { ?where rdfs:label ?province_th FILTER (lang(?province_th) = "th") }
    OPTIONAL { ?where rdfs:label ?province_en FILTER (lang(?province_en) = "en") }
    { ?plan p40:hasProject ?node BIND ("project" AS ?kind) }
    UNION { ?plan p40:hasStrategicIssue ?node BIND ("strategic-issue" AS ?kind) }
    OPTIONAL { ?node p40:sequenceNumber ?sequence }""" + _LABELS + """
}"""
"""Every project and strategic issue of a plan, with its province's ISO code."""

TARGETS_QUERY = _PROLOGUE + """
SELECT ?node ?class ?notation ?label_th ?label_en WHERE {
    VALUES ?class { p40:Dimension p40:SuccessFactor p40:MasterPlan p40:Strategy }
    ?node a ?class .
    OPTIONAL { ?node skos:notation ?notation }""" + _LABELS + """
}"""
"""Every dimension, success factor, master plan and strategy."""

PROVINCES_QUERY = _PROLOGUE + """
SELECT DISTINCT ?node ?province ?label_th ?label_en WHERE {
    ?plan a p40:ProvincialDevelopmentPlan ; p40:planOf ?node .
    ?node p40:iso3166Code ?province .""" + _LABELS + """
}"""
"""The provinces that have a plan."""

ITEM_LINKS_QUERY = _PROLOGUE + """
SELECT ?node ?relation ?target ?link ?confidence ?rank WHERE {
    VALUES ?relation { p40:servesDimension p40:appliesSuccessFactor p40:contributesToMasterPlan
                       p40:contributesToStrategy }
    ?plan a p40:ProvincialDevelopmentPlan .
    { ?plan p40:hasProject ?node } UNION { ?plan p40:hasStrategicIssue ?node }
    ?node ?relation ?target .""" + _CURATION + """
}"""
"""Every link of an item to a target, with the curated link that describes it, if any."""

MASTER_PLAN_LINKS_QUERY = _PROLOGUE + """
SELECT ?node ?relation ?target ?link ?confidence ?rank WHERE {
    VALUES ?relation { p40:servesStrategy }
    ?node ?relation ?target .""" + _CURATION + """
}"""
"""Which strategies each master plan serves, with the curated link that describes it, if any."""

SCALE_QUERY = _PROLOGUE + """
SELECT ?notation ?rank WHERE { ?grade a p40:ConfidenceLevel ; skos:notation ?notation ; p40:rank ?rank }"""
"""The confidence scale: each grade's notation and rank (1 = strongest)."""


@dataclass(frozen=True)
class ConfidenceScale:
    """The grades of curated links and their ranks, as the data defines them."""

    ranks: Mapping[str, int]

    def weight(self, basis: str, rank: int | None) -> float:
        """1 for a stated link; (R + 1 - rank) / R for a curated one; the lowest grade when ungraded."""
        if basis == STATED:
            return 1.0
        lowest = max(self.ranks.values(), default=1)
        chosen = lowest if rank is None else min(max(rank, 1), lowest)
        return (lowest + 1 - chosen) / lowest


def confidence_scale(source: QuerySource) -> ConfidenceScale:
    """The confidence scale stored with the data (``p40:ConfidenceLevel``)."""
    frame = select(SCALE_QUERY, source)
    return ConfidenceScale({str(n): int(r) for n, r in zip(frame["notation"], frame["rank"], strict=True)})


def _text(value: object) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def label_attributes(row: Mapping[str, Any], lang: Lang) -> dict[str, str]:
    """``label`` in ``lang`` (else the other language, else the IRI's last segment), ``label_th``,
    ``label_en`` and ``iri`` of a row with ``node``, ``label_th`` and ``label_en``."""
    th, en = _text(row.get("label_th")), _text(row.get("label_en"))
    iri = str(row["node"])
    fallback = iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    chosen = (th or en) if lang == "th" else (en or th)
    return {"label": chosen or fallback, "label_th": th, "label_en": en, "iri": iri}


def rows(frame: pd.DataFrame) -> Iterable[dict[str, Any]]:
    """The rows of a frame as dictionaries, with None for missing values."""
    for record in frame.to_dict("records"):
        yield {str(k): (None if v is pd.NA else v) for k, v in record.items()}


def add_items(graph: nx.Graph, source: QuerySource, lang: Lang) -> None:
    """Add every project and strategic issue as a node (kind ``project`` / ``strategic-issue``)."""
    for row in rows(select(ITEMS_QUERY, source)):
        if row["node"] in graph:
            continue
        names = (row["province_th"], row["province_en"]) if lang == "th" else (row["province_en"], row["province_th"])
        attrs: dict[str, Any] = {
            **label_attributes(row, lang),
            "kind": row["kind"],
            "province": row["province"],
            "province_label": _text(names[0]) or _text(names[1]) or row["province"],
            "plan": row["plan"],
        }
        if row["sequence"] is not None:
            attrs["sequence"] = int(row["sequence"])
        graph.add_node(row["node"], **attrs)


def add_targets(graph: nx.Graph, source: QuerySource, lang: Lang, kinds: Iterable[str]) -> None:
    """Add every target of the given kinds (``dimension``, ``success-factor``, ``master-plan``, ``strategy``)."""
    wanted = set(kinds)
    for row in rows(select(TARGETS_QUERY, source)):
        kind = TARGET_KINDS[str(row["class"])]
        if kind in wanted and row["node"] not in graph:
            graph.add_node(row["node"], **label_attributes(row, lang), kind=kind, notation=_text(row["notation"]))


def add_provinces(graph: nx.Graph, source: QuerySource, lang: Lang) -> None:
    """Add every province that has a plan (kind ``province``; node key: the province's IRI)."""
    for row in rows(select(PROVINCES_QUERY, source)):
        graph.add_node(row["node"], **label_attributes(row, lang), kind="province", province=row["province"])


def link_frame(source: QuerySource, *, master_plans: bool = False) -> pd.DataFrame:
    """The links as a table: ``node relation target basis confidence link weight`` (one row per triple).

    Items' links by default; ``master_plans=True``: master plan → strategy links instead.
    """
    frame = select(MASTER_PLAN_LINKS_QUERY if master_plans else ITEM_LINKS_QUERY, source)
    scale = confidence_scale(source)
    # a triple described by two CuratedLinks (never in the project's data) keeps the best grade
    frame = frame.sort_values(["rank"], na_position="last").drop_duplicates(["node", "relation", "target"])
    basis = frame["link"].isna().map({True: STATED, False: CURATED})
    weights = [
        scale.weight(b, None if r is pd.NA else int(r)) for b, r in zip(basis, frame["rank"], strict=True)
    ]
    return pd.DataFrame(
        {
            "node": frame["node"],
            "relation": frame["relation"],
            "target": frame["target"],
            "basis": basis.astype("string"),
            "confidence": frame["confidence"].fillna(""),
            "link": frame["link"].fillna(""),
            "weight": pd.Series(weights, index=frame.index, dtype="Float64"),
        }
    ).sort_values(["node", "relation", "target"]).reset_index(drop=True)


def add_links(graph: nx.Graph, links: pd.DataFrame, relations: Iterable[str]) -> None:
    """Add one edge per link whose relation is one of ``relations`` and whose ends are nodes of the graph."""
    wanted = set(relations)
    for row in rows(links):
        if row["relation"] in wanted and row["node"] in graph and row["target"] in graph:
            graph.add_edge(
                row["node"],
                row["target"],
                relation=compact(str(row["relation"])),
                basis=str(row["basis"]),
                confidence=str(row["confidence"]),
                link=str(row["link"]),
                weight=float(row["weight"]),
            )
