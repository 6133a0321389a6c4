"""SHACL property paths (https://www.w3.org/TR/shacl/#property-paths) written as SPARQL paths.

Reports show a result's path the way a query writer would type it: ``p40:servesDimension``,
``^p40:hasStrategicIssue``, ``p40:hasProject/p40:servesDimension``,
``p40:contributesToStrategy|p40:contributesToMasterPlan``.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from province40.validation.terms import compact

_UNARY = ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?"))


def path_text(graph: Graph, path: Node, *, iri: Callable[[str], str] = compact) -> str:
    """The SPARQL property path for the SHACL path ``path`` described in ``graph``; IRIs are written
    by ``iri`` (compact names for reports; :func:`path_sparql` writes them in full for queries)."""
    if isinstance(path, URIRef):
        return iri(str(path))
    if not isinstance(path, BNode):
        raise ValueError(f"not a SHACL path: {path!r}")
    if (path, RDF.first, None) in graph:  # sequence path (an RDF list)
        return "/".join(_grouped(graph, step, "/", iri) for step in Collection(graph, path))
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _grouped(graph, inverse, "^", iri)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_grouped(graph, option, "|", iri) for option in Collection(graph, alternatives))
    for predicate, operator in _UNARY:
        inner = graph.value(path, predicate)
        if inner is not None:
            return _grouped(graph, inner, operator, iri) + operator
    raise ValueError(f"not a SHACL path: blank node {path} has no path structure")


def path_sparql(graph: Graph, path: Node) -> str:
    """The SPARQL property path with full IRIs (``<...>``), to put into a query."""
    return path_text(graph, path, iri=lambda value: f"<{value}>")


def path_predicates(graph: Graph, path: Node) -> frozenset[str]:
    """The predicates a SHACL path follows."""
    if isinstance(path, URIRef):
        return frozenset({str(path)})
    return frozenset(str(o) for s, p, o in path_triples(graph, path) if isinstance(o, URIRef) and p != RDF.rest)


def _grouped(graph: Graph, path: Node, within: str, iri: Callable[[str], str]) -> str:
    """The path, in parentheses when it is compound (a sequence or alternative inside another)."""
    text = path_text(graph, path, iri=iri)
    if isinstance(path, URIRef):
        return text
    if within == "/" and (path, RDF.first, None) not in graph and graph.value(path, SH.alternativePath) is None:
        return text  # ^p and p* bind tighter than /
    return f"({text})"


def path_triples(graph: Graph, path: Node) -> list[tuple[Node, Node, Node]]:
    """The triples that describe a (blank-node) path, to copy it into a report graph."""
    triples: list[tuple[Node, Node, Node]] = []
    pending = [path]
    seen: set[Node] = set()
    while pending:
        node = pending.pop()
        if not isinstance(node, BNode) or node in seen:
            continue
        seen.add(node)
        for predicate, obj in graph.predicate_objects(node):
            triples.append((node, predicate, obj))
            pending.append(obj)
    return triples
