"""The named graph views (``province40 network --view NAME``) and how each is built.

=============================  =============================================================
view                           nodes → edges
=============================  =============================================================
project-dimension              items (projects, strategic issues) → Government 4.0 dimensions
project-success-factor         items → success factors
project-master-plan-strategy   items → master plans → strategies (and items → strategies)
province-strategy              provinces ↔ strategies, one weighted edge per pair
programme                      the programme: organisations, people, posts, meetings, ...
=============================  =============================================================

Edge and node attributes: :mod:`province40.analysis.graphs`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from province40 import namespaces as ns
from province40.errors import ParameterError
from province40.validation.terms import compact

if TYPE_CHECKING:
    import networkx as nx

    from province40.analysis import graphs as g
    from province40.analysis.frames import QuerySource

# networkx and pandas (through .graphs and .frames) are imported where a view is built: the CLI lists
# the views in its help, and every command would otherwise pay their import (about 0.6 s).


@dataclass(frozen=True)
class View:
    """One named view: how to build it, and what it shows in Thai and English."""

    name: str
    title_th: str
    title_en: str
    build: Callable[[QuerySource, g.Lang], nx.Graph]


def project_dimension(source: QuerySource, lang: g.Lang = "th") -> nx.DiGraph:
    """Items → the Government 4.0 dimensions they serve (``p40:servesDimension``)."""
    from province40.analysis import graphs as g

    return _item_view(source, lang, ("dimension",), (g.SERVES_DIMENSION,))


def project_success_factor(source: QuerySource, lang: g.Lang = "th") -> nx.DiGraph:
    """Items → the success factors they apply (``p40:appliesSuccessFactor``)."""
    from province40.analysis import graphs as g

    return _item_view(source, lang, ("success-factor",), (g.APPLIES_SUCCESS_FACTOR,))


def project_master_plan_strategy(source: QuerySource, lang: g.Lang = "th") -> nx.DiGraph:
    """Items → master plans → strategies, and items → strategies (filter edges on ``relation``)."""
    from province40.analysis import graphs as g

    graph = _item_view(
        source, lang, ("master-plan", "strategy"), (g.CONTRIBUTES_TO_MASTER_PLAN, g.CONTRIBUTES_TO_STRATEGY)
    )
    g.add_links(graph, g.link_frame(source, master_plans=True), (g.SERVES_STRATEGY,))
    return graph


def _item_view(source: QuerySource, lang: g.Lang, kinds: tuple[str, ...], relations: tuple[str, ...]) -> nx.DiGraph:
    import networkx as nx

    from province40.analysis import graphs as g

    graph = nx.DiGraph(view="", lang=lang)
    g.add_items(graph, source, lang)
    g.add_targets(graph, source, lang, kinds)
    g.add_links(graph, g.link_frame(source), relations)
    return graph


def province_strategy(source: QuerySource, lang: g.Lang = "th") -> nx.Graph:
    """Provinces ↔ strategies: one edge per pair that any item of the province's plans links.

    Edge attributes: ``weight`` (sum of the links' weights), ``items`` (how many items link),
    ``stated`` and ``curated`` (how many of those links are which), ``basis`` (``stated`` when any
    link is) and ``confidence`` (the best grade among the curated links).
    """
    import networkx as nx

    from province40.analysis import graphs as g

    graph = nx.Graph(view="", lang=lang)
    g.add_provinces(graph, source, lang)
    g.add_targets(graph, source, lang, ("strategy",))
    items = nx.DiGraph()
    g.add_items(items, source, lang)
    province_of = {data["province"]: node for node, data in graph.nodes(data=True) if data["kind"] == "province"}
    scale = g.confidence_scale(source)
    totals: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"weight": 0.0, "items": 0, "stated": 0, "curated": 0, "confidence": ""}
    )
    for row in g.link_frame(source).itertuples(index=False):
        if row.relation != g.CONTRIBUTES_TO_STRATEGY or row.node not in items or row.target not in graph:
            continue
        province = province_of.get(items.nodes[row.node]["province"])
        if province is None:
            continue
        edge = totals[(province, str(row.target))]
        edge["weight"] += float(str(row.weight))
        edge["items"] += 1
        edge["stated" if row.basis == g.STATED else "curated"] += 1
        grade = str(row.confidence)
        if grade and (not edge["confidence"] or scale.ranks.get(grade, 99) < scale.ranks.get(edge["confidence"], 99)):
            edge["confidence"] = grade
    for (province, strategy), edge in sorted(totals.items()):
        basis = g.STATED if edge["stated"] else g.CURATED
        graph.add_edge(province, strategy, relation=compact(g.CONTRIBUTES_TO_STRATEGY), basis=basis, **edge)
    return graph


PROGRAMME_EDGES_QUERY = ns.sparql_prologue(("rdf",)) + """
SELECT ?node ?relation ?target WHERE {
    GRAPH <""" + ns.PROGRAMME_GRAPH + """> { ?node ?relation ?target FILTER (isIRI(?target) && ?relation != rdf:type) }
}"""
"""Every link between two resources in the programme graph."""

PROGRAMME_NODES_QUERY = ns.sparql_prologue(("rdf", "rdfs")) + """
SELECT DISTINCT ?node ?type ?label_th ?label_en WHERE {
    { GRAPH <""" + ns.PROGRAMME_GRAPH + """> { ?node ?p ?o } }
    UNION { GRAPH <""" + ns.PROGRAMME_GRAPH + """> { ?s ?q ?node FILTER (isIRI(?node) && ?q != rdf:type) } }
    ?node rdf:type ?type .
    OPTIONAL { ?node rdfs:label ?label_th FILTER (lang(?label_th) = "th") }
    OPTIONAL { ?node rdfs:label ?label_en FILTER (lang(?label_en) = "en") }
}"""
"""Every typed resource the programme graph mentions (not the classes), with its types (from any graph)
and labels."""

_TYPE_PREFERENCE = ("p40:", "org:", "prov:", "skos:")


def _primary_type(types: list[str]) -> str:
    for prefix in _TYPE_PREFERENCE:
        for name in sorted(types):
            if name.startswith(prefix):
                return name
    return sorted(types)[0] if types else ""


def programme(source: QuerySource, lang: g.Lang = "th") -> nx.MultiDiGraph:
    """The programme as typed resources: organisations, people, posts, meetings, agenda items, ...
    (every resource of the programme graph that has a type, and the links between them)

    Node attribute ``type``: the most specific known class (``p40:`` first, then ``org:``, ``prov:``,
    ``skos:``), ``types``: all of them; edge attribute ``relation``: the property (one edge each).
    """
    import networkx as nx

    from province40.analysis import graphs as g
    from province40.analysis.frames import select

    graph = nx.MultiDiGraph(view="", lang=lang)
    types: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, dict[str, str]] = {}
    for row in g.rows(select(PROGRAMME_NODES_QUERY, source)):
        node = str(row["node"])
        if compact(str(row["type"])) not in types[node]:
            types[node].append(compact(str(row["type"])))
        labels.setdefault(node, g.label_attributes(row, lang))
    for node, attrs in labels.items():
        graph.add_node(node, **attrs, kind="resource", type=_primary_type(types[node]),
                       types=" ".join(sorted(types[node])))
    for row in g.rows(select(PROGRAMME_EDGES_QUERY, source)):
        if row["node"] not in graph or row["target"] not in graph:
            continue
        graph.add_edge(str(row["node"]), str(row["target"]), key=compact(str(row["relation"])),
                       relation=compact(str(row["relation"])))
    return graph


VIEWS: Mapping[str, View] = {
    view.name: view
    for view in (
        View("project-dimension", "โครงการ–มิติระบบราชการ 4.0", "projects – Government 4.0 dimensions",
             project_dimension),
        View("project-success-factor", "โครงการ–ปัจจัยความสำเร็จ", "projects – success factors", project_success_factor),
        View("project-master-plan-strategy", "โครงการ–แผนแม่บท–ยุทธศาสตร์ชาติ",
             "projects – master plans – national strategies", project_master_plan_strategy),
        View("province-strategy", "จังหวัด–ยุทธศาสตร์ชาติ (ถ่วงน้ำหนัก)", "provinces – national strategies (weighted)",
             province_strategy),
        View("programme", "โครงการจังหวัด 4.0: หน่วยงาน บุคคล ตำแหน่ง การประชุม",
             "the programme: organisations, people, posts, meetings", programme),
    )
}
"""Every view by name."""


def build_view(name: str, source: QuerySource, *, lang: g.Lang = "th") -> nx.Graph:
    """Build the named view; :class:`~province40.errors.ParameterError` for an unknown name."""
    view = VIEWS.get(name)
    if view is None:
        raise ParameterError(f"no view named {name!r}; views: {', '.join(VIEWS)}", parameter="view")
    if lang not in ("th", "en"):
        raise ParameterError(f"lang must be 'th' or 'en', not {lang!r}", parameter="lang")
    graph = view.build(source, lang)
    graph.graph["view"] = name
    return graph
