"""Reading one province's plan from a store with the context it is checked against, fast.

A plan is validated with the shared graphs (ontology, reference data, programme) and the curated
links about any of them. Those shared parts are the same for every plan and change only when a
write touches a shared graph, so a :class:`PlanReader` reads them once and keeps them
(:meth:`PlanReader.invalidate` forgets them after such a write; the server calls it with the
graphs every write names). Each plan then costs two reads: its own graph, and the curated links
about its nodes, selected in the store by one CONSTRUCT (never the whole curation graph).

The same reader streams the whole store plan by plan (:meth:`PlanReader.plans` and
:meth:`PlanReader.rest`), so a national validation holds one plan in memory at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import NotFound, ParameterError
from province40.validation.dataset import (
    CONTEXT_GRAPHS,
    QuadSource,
    ValidationData,
    curation_about,
    plan_data,
    split_curated,
    topic_filter,
)
from province40.validation.report import Scope, ScopeKind
from province40.validation.terms import Resource

_REST_CURATION = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE {
    GRAPH <%(curation)s> { ?s ?p ?o }
    OPTIONAL { GRAPH <%(curation)s> { ?s rdf:subject ?about } }
    BIND (COALESCE(?about, ?s) AS ?topic)
    FILTER NOT EXISTS { GRAPH ?g { ?topic ?anyPredicate ?anyObject } FILTER (STRSTARTS(STR(?g), "%(plans)s")) }
}"""
"""The curation quads about no node of any plan graph (links about reference data, the team, ...)."""
_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"


@dataclass(frozen=True)
class PlanContext:
    """The shared part of every plan's data: the context graphs and the curated links about them."""

    graphs: tuple[str, ...]
    """The named graphs of the store when it was read."""
    quads: tuple[ox.Quad, ...]
    """The quads of the context graphs (ontology, reference, programme)."""
    curation: tuple[ox.Quad, ...]
    """The curation quads about the context's nodes."""


def _is_shared(graph: str) -> bool:
    return not graph.startswith(ns.PLAN_GRAPH_BASE) and not graph.startswith(ns.PLAN_VERSION_GRAPH_BASE)


class PlanReader:
    """Reads plans from ``source`` with a context read once (until :meth:`invalidate`)."""

    def __init__(self, source: QuadSource) -> None:
        self.source = source
        self._context: PlanContext | None = None
        self._lock = threading.Lock()

    def invalidate(self, graphs: Iterable[str] | None) -> None:
        """A write changed ``graphs`` (None: any graph): forget the context if it touched a shared
        graph or added or removed a plan graph."""
        if graphs is None or any(_is_shared(g) or g not in self._known() for g in graphs):
            with self._lock:
                self._context = None

    def _known(self) -> tuple[str, ...]:
        context = self._context
        return context.graphs if context is not None else ()

    def context(self) -> PlanContext:
        """The shared context (read now if not yet read, or after a write to a shared graph)."""
        with self._lock:
            if self._context is None:
                names = self.source.named_graphs()
                contexts = [g for g in CONTEXT_GRAPHS if g in names]
                quads = self.source.export(contexts)
                curation = self._curation_about([*contexts], names, own=quads)
                self._context = PlanContext(tuple(names), quads, tuple(curation))
            return self._context

    def _curation_about(self, graphs: Sequence[str], names: Sequence[str], *, own: Sequence[ox.Quad]) -> list[ox.Quad]:
        if ns.CURATION_GRAPH not in names:
            return []
        selected = curation_about(self.source, graphs)
        if selected is not None:
            return selected
        topics: set[object] = {q.subject for q in own}
        return topic_filter(self.source.export([ns.CURATION_GRAPH]), topics)

    def plan(self, code: str, *, focus_curation: bool = False) -> ValidationData:
        """One province's plan graph (``.../graph/plan/TH-NN``) with its context; ``focus_curation``:
        report the curated-link descriptions about the plan too (as a whole-store validation does)."""
        try:
            graph = ns.plan_graph(code)
        except ValueError as error:
            raise ParameterError(str(error), parameter="province") from None
        context = self.context()
        if graph not in context.graphs:
            names = self.source.named_graphs()
            if graph not in names:
                known = sorted(n.rsplit("/", 1)[-1] for n in names if n.startswith(ns.PLAN_GRAPH_BASE))
                raise NotFound(
                    f"no plan of {code} in the store (graph <{graph}>); plans there: {', '.join(known) or 'none'}"
                )
        own = self.source.export([graph])
        curation = self._curation_about([graph], context.graphs, own=own)
        extra: frozenset[Resource] = frozenset(
            q.subject for q in curation if focus_curation and isinstance(q.subject, ox.NamedNode | ox.BlankNode)
        )
        return plan_data(code, own, context.quads, [*context.curation, *curation], extra_focus=extra)

    def plan_quads(self, code: str, own: Sequence[ox.Quad]) -> ValidationData:
        """One version of a province's plan given as its quads (a stored earlier version, or one an
        import is about to write), with the same context as :meth:`plan`."""
        context = self.context()
        curation: list[ox.Quad] = []
        if ns.CURATION_GRAPH in context.graphs:
            topics: set[object] = {q.subject for q in own}
            curation = topic_filter(self.source.export([ns.CURATION_GRAPH]), topics)
        return plan_data(code, own, context.quads, [*context.curation, *curation])

    def plan_codes(self) -> list[str]:
        """The provinces whose current plan the store holds, by code."""
        graphs = self.context().graphs
        return sorted(g[len(ns.PLAN_GRAPH_BASE):] for g in graphs if g.startswith(ns.PLAN_GRAPH_BASE))

    def rest(self) -> ValidationData:
        """Everything a whole-store validation sees outside the plan graphs: the context and any other
        graph (except the shapes and superseded plan versions), with the curated links about no
        plan's node. Its focus is all of it (None)."""
        context = self.context()
        others = [
            g for g in context.graphs
            if _is_shared(g) and g not in CONTEXT_GRAPHS and g not in (ns.SHAPES_GRAPH, ns.CURATION_GRAPH)
        ]
        own = self.source.export(others) if others else ()
        curation: Sequence[ox.Quad] = ()
        if ns.CURATION_GRAPH in context.graphs:
            construct = getattr(self.source, "construct", None)
            if construct is not None:
                text = _REST_CURATION % {"curation": ns.CURATION_GRAPH, "plans": ns.PLAN_GRAPH_BASE}
                graph = ox.NamedNode(ns.CURATION_GRAPH)
                result = construct(text, max_rows=100_000_000)
                curation = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in result.triples]
            else:
                everything = self.source.export([ns.CURATION_GRAPH])
                plans = self.source.export([g for g in context.graphs if g.startswith(ns.PLAN_GRAPH_BASE)])
                topics = {q.subject for q in plans}
                about = {q.subject: q.object for q in everything if q.predicate.value == _RDF_SUBJECT}
                curation = [q for q in everything if about.get(q.subject, q.subject) not in topics]
        triples = (q.triple for part in (context.quads, own, curation) for q in part)
        stated, curated = split_curated(triples)
        return ValidationData(scope=Scope(ScopeKind.STORE), stated=stated, curated=curated, focus=None)


def from_province(source: QuadSource, code: str) -> ValidationData:
    """One province's plan graph (``.../graph/plan/TH-NN``) with the context it is checked against
    (read now; a program validating often keeps a :class:`PlanReader`)."""
    return PlanReader(source).plan(code)


def from_plan_quads(source: QuadSource, code: str, own: Sequence[ox.Quad]) -> ValidationData:
    """One version of a province's plan, given as its quads, with the same context as :func:`from_province`."""
    return PlanReader(source).plan_quads(code, own)
