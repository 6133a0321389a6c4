"""The SHACL validation report graph (https://www.w3.org/TR/shacl/#validation-report), in Turtle or
JSON-LD.

Standard terms throughout (sh:ValidationReport, sh:conforms, sh:result with sh:focusNode,
sh:resultPath, sh:value, sh:resultSeverity, sh:sourceShape, sh:sourceConstraintComponent and
sh:resultMessage in Thai and English), plus a few ``p40sh:`` terms (shapes/vocabulary.ttl): each
result's fix (p40sh:fix), basis (p40sh:basis p40sh:Stated | p40sh:Curated) and the plan, project and
province it concerns. Results of the plan as presented that curated links close hang off the report
with p40sh:closedByCuration, not sh:result, so a SHACL consumer sees only the open results.
"""

from __future__ import annotations

import contextlib

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SH, XSD
from rdflib.term import Node

from province40.namespaces import province_iri
from province40.validation.report import Basis, Finding, Report
from province40.validation.terms import DISPLAY_PREFIXES, Term, ill_typed_literals_allowed, to_rdflib
from province40.validation.vocabulary import P40SH

_BOUND = ("sh", "p40sh", "p40", "xsd", "rdfs", "dcterms", "province", "plan", "project", "dimension", "factor",
          "strategy", "mp")


def _path(graph: Graph, finding: Finding, report: Report) -> Node | None:
    if finding.path is None:
        return None
    shape = report.shapes.get(finding.shape)
    if shape is None or shape.path_node is None:
        return None
    # A compound path is copied afresh for each result, as SHACL engines write it: a blank node (an
    # RDF list) shared by several results cannot be written in JSON-LD, which would copy it anyway.
    fresh: dict[str, BNode] = {}

    def term(t: Term) -> URIRef | BNode | Literal:
        return fresh.setdefault(t.value, BNode()) if isinstance(t, ox.BlankNode) else to_rdflib(t)

    for s, p, o in shape.path_rdf:
        graph.add((term(s), term(p), term(o)))
    return term(shape.path_node)


def _result(graph: Graph, finding: Finding, report: Report) -> BNode:
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.focusNode, to_rdflib(finding.focus_node)))
    path = _path(graph, finding, report)
    if path is not None:
        graph.add((node, SH.resultPath, path))
    if finding.value is not None:
        graph.add((node, SH.value, to_rdflib(finding.value)))
    graph.add((node, SH.resultSeverity, URIRef(finding.severity.iri)))
    graph.add((node, SH.sourceShape, URIRef(finding.shape)))
    graph.add((node, SH.sourceConstraintComponent, URIRef(finding.constraint)))
    for text, lang in ((finding.message_th, "th"), (finding.message_en, "en")):
        if text:
            graph.add((node, SH.resultMessage, Literal(text, lang=lang)))
    for text, lang in ((finding.fix_th, "th"), (finding.fix_en, "en")):
        if text:
            graph.add((node, P40SH.fix, Literal(text, lang=lang)))
    graph.add((node, P40SH.basis, P40SH.Stated if finding.basis is Basis.STATED else P40SH.Curated))
    if finding.province:
        # A province whose code is not ISO 3166-2:TH (itself a finding) has no IRI to name it by.
        with contextlib.suppress(ValueError):
            graph.add((node, P40SH.province, URIRef(province_iri(finding.province))))
    for predicate, iri in ((P40SH.plan, finding.plan), (P40SH.project, finding.project)):
        if iri and not iri.startswith("_:"):
            graph.add((node, predicate, URIRef(iri)))
    return node


def report_graph(report: Report) -> Graph:
    """The report as an rdflib graph."""
    graph = Graph()
    for prefix in _BOUND:
        graph.bind(prefix, DISPLAY_PREFIXES[prefix])
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms)))
    graph.add((root, DCTERMS.created, Literal(report.generated_at.isoformat(), datatype=XSD.dateTime)))
    graph.add((root, DCTERMS.creator, Literal(report.engine)))
    with ill_typed_literals_allowed():
        for finding in report.findings:
            graph.add((root, SH.result, _result(graph, finding, report)))
        for finding in report.closed_by_curation:
            graph.add((root, P40SH.closedByCuration, _result(graph, finding, report)))
    return graph


def render_turtle(report: Report) -> bytes:
    """The report graph in Turtle."""
    with ill_typed_literals_allowed():
        return report_graph(report).serialize(format="turtle", encoding="utf-8")


def render_jsonld(report: Report) -> bytes:
    """The report graph in JSON-LD, compacted with the project's prefixes."""
    context = {prefix: DISPLAY_PREFIXES[prefix] for prefix in _BOUND}
    with ill_typed_literals_allowed():
        return report_graph(report).serialize(format="json-ld", context=context, indent=2, encoding="utf-8")
