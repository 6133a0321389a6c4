"""RDF terms between pyoxigraph (the project's term type) and rdflib (pySHACL's), and their display.

pyoxigraph terms are what the store returns and what findings carry; rdflib terms appear only where
pySHACL needs them (the shapes graph, the report graph it returns) and in the SHACL report graph we
write. ``compact`` shortens IRIs with the project's prefixes for reports meant to be read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from province40.namespaces import PREFIXES
from province40.validation.vocabulary import P40SH_NS

Term = ox.NamedNode | ox.BlankNode | ox.Literal
"""An RDF term as findings carry it."""

Resource = ox.NamedNode | ox.BlankNode
"""A node that can be a focus node."""

DISPLAY_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "p40sh": P40SH_NS,
    "level": PREFIXES["id"] + "plan-level/",
    "issue": PREFIXES["id"] + "issue/",
    "indicator": PREFIXES["id"] + "indicator/",
    "datasource": PREFIXES["id"] + "data-source/",
    "guidance": PREFIXES["id"] + "guidance/",
    "meeting": PREFIXES["id"] + "meeting/",
    "agent": PREFIXES["id"] + "agent/",
    "src": PREFIXES["id"] + "source/",
}
"""Prefixes used to shorten IRIs in reports (the project's prefixes plus ``p40sh:`` and id kinds)."""

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BY_LENGTH = sorted(DISPLAY_PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")


def compact(iri: str) -> str:
    """``p40:servesDimension`` for a known namespace, else ``<iri>``."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local == "" or _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def node_key(term: Term) -> str:
    """A stable string for a term: the IRI, ``_:id`` for a blank node, the lexical form of a literal."""
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def display(term: Term) -> str:
    """A term as a reader sees it: a compact IRI, ``_:id``, or a literal's text."""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    return node_key(term)


def to_rdflib(term: Term) -> URIRef | BNode | Literal:
    """The rdflib term for a pyoxigraph term (blank nodes keep their identifiers)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return Literal(term.value)  # "x" and "x"^^xsd:string are one term in RDF 1.1, not in rdflib
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def from_rdflib(node: Node) -> Term:
    """The pyoxigraph term for an rdflib term; ill-typed literals keep their lexical form."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> Graph:
    """An rdflib graph of the triples (graph names are dropped)."""
    graph = Graph()
    for triple in triples:
        graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))  # type: ignore[arg-type]
    return graph


class _IllTypedLiteralFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form to value")


@contextmanager
def ill_typed_literals_allowed() -> Iterator[None]:
    """Within the block, rdflib does not log a traceback for each ill-typed literal it meets.

    An ill-typed literal (``"2022-13-45"^^xsd:date``) in a plan is exactly what ``sh:datatype``
    reports as a finding; rdflib's own warning (logged with a traceback, once per literal) would
    repeat that as noise on the planner's terminal. Only that one message of ``rdflib.term`` is held
    back, and only while the block runs.
    """
    logger = logging.getLogger("rdflib.term")
    quiet = _IllTypedLiteralFilter()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)
