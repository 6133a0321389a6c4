"""The compiled engine: the shapes as SPARQL queries (:mod:`.compiler`) run by pyoxigraph.

Validating is running each compiled query once over the data, whatever the number of focus nodes,
and turning its rows into :class:`EngineResult` values exactly as pySHACL reports them (focus node,
path, value, source shape, constraint component, severity). A shape the compiler does not support
is validated by pySHACL on the same data (:attr:`CompiledEngine.fallback_shapes` names them, and
:attr:`CompiledEngine.name` says so in every report).

Two entry points: :meth:`CompiledEngine.validate` (the :class:`ValidationEngine` protocol: triples
in, loaded into an in-memory store) and :meth:`CompiledEngine.run` (data already in a store, in the
graphs given: how the validator runs the two views, *as presented* and *with curation*, over one
store without copying the data twice).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from province40.validation.dataset import CURATED_GRAPH, STATED_GRAPH, load_views
from province40.validation.engine.compiler import Compilation, CompiledQuery, compile_shapes
from province40.validation.engine.types import EngineResult, EngineRun
from province40.validation.paths import path_text
from province40.validation.shapes import ShapeCatalog
from province40.validation.terms import Resource, from_rdflib

if TYPE_CHECKING:
    from province40.validation.engine.pyshacl_engine import PyShaclEngine

GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph

_STATED, _CURATED = STATED_GRAPH, CURATED_GRAPH


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUPERCLASSES = """
SELECT DISTINCT ?super ?class WHERE { ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?super }"""


def _added_terms(store: ox.Store, added: Collection[ox.Triple]) -> tuple[set[str], set[str]]:
    """(predicates other than rdf:type, classes and their superclasses) of some added triples."""
    predicates = {t.predicate.value for t in added if t.predicate != _RDF_TYPE}
    classes: set[str] = set()
    for cls in {t.object for t in added if t.predicate == _RDF_TYPE and isinstance(t.object, ox.NamedNode)}:
        rows = store.query(_SUPERCLASSES, substitutions={ox.Variable("class"): cls},
                           default_graph=[_STATED, _CURATED])
        classes |= {row["super"].value for row in rows}  # type: ignore[union-attr]
        classes.add(cls.value)
    return predicates, classes

_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)


def _without_targets(graph: Graph, shapes: Collection[str]) -> Graph:
    """A copy of the shapes graph in which only ``shapes`` keep their targets (pySHACL then
    validates those alone; untargeted shapes are only checked where referenced)."""
    copy = Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace)
    for triple in graph:
        subject, predicate, _object = triple
        if predicate in _TARGET_PREDICATES and str(subject) not in shapes:
            continue
        copy.add(triple)
    return copy


@dataclass(frozen=True)
class ViewResults:
    """What :meth:`CompiledEngine.run_views_since` found: the runs of the two views, and each compiled
    query's results (by index), kept with the data so that a changed copy of it runs again only the
    queries that read what changed."""

    focus: frozenset[Resource] | None
    stated: Mapping[int, list[EngineResult]]
    """Every query's results on the data as presented."""
    curated: Mapping[int, list[EngineResult]]
    """The results of the queries run again on the view with curation (those that read what it adds)."""
    stated_run: EngineRun
    curated_run: EngineRun | None


class CompiledEngine:
    """SHACL validation as SPARQL in pyoxigraph, with pySHACL for the shapes it cannot compile."""

    def __init__(self, shapes: ShapeCatalog) -> None:
        self._shapes = shapes
        self.compilation: Compilation = compile_shapes(shapes.graph)
        self._paths: dict[int, str | None] = {}
        for index, query in enumerate(self.compilation.queries):
            self._paths[index] = path_text(shapes.graph, query.path) if query.path is not None else None
        self._fallback: PyShaclEngine | None = None
        if self.compilation.unsupported:  # pySHACL is imported only then (it takes a tenth of a second)
            from province40.validation.engine.pyshacl_engine import PyShaclEngine

            restricted = _without_targets(shapes.graph, set(self.compilation.unsupported))
            self._fallback = PyShaclEngine(ShapeCatalog(restricted, shapes.shapes, shapes.aspects))

    @property
    def name(self) -> str:
        """``compiled SHACL→SPARQL (pyoxigraph <version>)``, plus the pySHACL fallback if any."""
        text = f"compiled SHACL→SPARQL (pyoxigraph {ox.__version__})"
        if self.fallback_shapes:
            import pyshacl

            text += f"; pySHACL {pyshacl.__version__} for {len(self.fallback_shapes)} shape(s) it does not compile"
        return text

    @property
    def fallback_shapes(self) -> tuple[str, ...]:
        """The shapes validated by pySHACL because the compiler does not support them."""
        return tuple(sorted(self.compilation.unsupported))

    @cached_property
    def _messages(self) -> dict[int, tuple[ox.Literal, ...]]:
        return {
            index: tuple(from_rdflib(m) for m in query.messages)  # type: ignore[misc]
            for index, query in enumerate(self.compilation.queries)
        }

    def validate(self, triples: Collection[ox.Triple], *, focus: frozenset[Resource] | None = None) -> EngineRun:
        """Load ``triples`` into an in-memory store and validate them."""
        started = time.perf_counter()
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        run = self.run(store, focus=focus, triples=triples)
        return EngineRun(results=run.results, seconds=time.perf_counter() - started)

    def run(
        self,
        store: ox.Store,
        *,
        graphs: Sequence[GraphName] | None = None,
        focus: frozenset[Resource] | None = None,
        triples: Collection[ox.Triple] | None = None,
    ) -> EngineRun:
        """Validate the union of ``graphs`` of ``store`` (its default graph when None); ``triples``
        (the same data) spares the pySHACL fallback an export of it."""
        started = time.perf_counter()
        found = self._run_queries(store, graphs, focus, range(len(self.compilation.queries)))
        results = [r for index in sorted(found) for r in found[index]]
        results.extend(self._run_fallback(store, graphs, focus, triples))
        return EngineRun(results=tuple(results), seconds=time.perf_counter() - started)

    def run_views(
        self,
        stated: Collection[ox.Triple],
        curated: Collection[ox.Triple],
        *,
        focus: frozenset[Resource] | None = None,
        include_curation: bool = True,
        store: ox.Store | None = None,
    ) -> tuple[EngineRun, EngineRun | None]:
        """Validate the data as presented and with curation, loading it once.

        The curated triples go into a graph of their own (``store``: already loaded by
        :func:`load_views`); the second view is the union of both
        graphs, and only the queries that read what curation adds (its predicates, or the classes
        its nodes are typed with) are run again: the others cannot give other results.
        """
        views = self.run_views_since(
            stated, curated, focus=focus, include_curation=include_curation, store=store
        )
        return views.stated_run, views.curated_run

    def run_views_since(
        self,
        stated: Collection[ox.Triple],
        curated: Collection[ox.Triple],
        *,
        focus: frozenset[Resource] | None = None,
        include_curation: bool = True,
        store: ox.Store | None = None,
        earlier: ViewResults | None = None,
        changed: Collection[ox.Triple] = (),
    ) -> ViewResults:
        """:meth:`run_views`, with what each query found kept in the result; given what this engine
        found on ``earlier`` data and the triples ``changed`` since (added or removed, either view),
        only the queries that read a changed triple's predicate or class are run again, by the same
        rule as the view with curation: a query that reads none of them cannot find anything else.
        Nothing is reused when the focus differs or some shapes fall back to pySHACL."""
        started = time.perf_counter()
        store = store or load_views(stated, curated)
        every = range(len(self.compilation.queries))
        reusable = earlier is not None and earlier.focus == focus and self._fallback is None
        touched = self.affected_by(*_added_terms(store, changed)) if earlier is not None and reusable else None
        first: dict[int, list[EngineResult]] = {}
        if earlier is not None and touched is not None:
            first = {i: earlier.stated[i] for i in every if i not in touched and i in earlier.stated}
        first.update(self._run_queries(store, [_STATED], focus, [i for i in every if i not in first]))
        fallback = self._run_fallback(store, [_STATED], focus, stated)
        stated_run = EngineRun(
            results=tuple(r for i in sorted(first) for r in first[i]) + fallback,
            seconds=time.perf_counter() - started,
        )
        if not include_curation:
            return ViewResults(focus, first, {}, stated_run, None)
        if not curated:
            return ViewResults(focus, first, {}, stated_run, stated_run)
        started = time.perf_counter()
        affected = self.affected_by(*_added_terms(store, curated))
        second: dict[int, list[EngineResult]] = {}
        if earlier is not None and touched is not None:
            second = {i: earlier.curated[i] for i in affected if i not in touched and i in earlier.curated}
        second.update(self._run_queries(store, [_STATED, _CURATED], focus, sorted(affected - set(second))))
        both = [*stated, *curated]
        results = tuple(r for i in every for r in (second[i] if i in affected else first[i]))
        results += self._run_fallback(store, [_STATED, _CURATED], focus, both)
        curated_run = EngineRun(results=results, seconds=time.perf_counter() - started)
        return ViewResults(focus, first, second, stated_run, curated_run)

    def _run_queries(
        self,
        store: ox.Store,
        graphs: Sequence[GraphName] | None,
        focus: frozenset[Resource] | None,
        indices: Iterable[int],
    ) -> dict[int, list[EngineResult]]:
        default_graph = list(graphs) if graphs is not None else None
        return {
            index: self._results(index, self.compilation.queries[index], store, default_graph, focus)
            for index in indices
        }

    def _run_fallback(
        self,
        store: ox.Store,
        graphs: Sequence[GraphName] | None,
        focus: frozenset[Resource] | None,
        triples: Collection[ox.Triple] | None,
    ) -> tuple[EngineResult, ...]:
        if self._fallback is None:
            return ()
        if triples is None:
            quads = (
                store.quads_for_pattern(None, None, None, ox.DefaultGraph())
                if graphs is None
                else (q for g in graphs for q in store.quads_for_pattern(None, None, None, g))
            )
            triples = [q.triple for q in quads]
        return self._fallback.validate(triples, focus=focus).results

    def _results(
        self,
        index: int,
        query: CompiledQuery,
        store: ox.Store,
        default_graph: list[GraphName] | None,
        focus: frozenset[Resource] | None,
    ) -> list[EngineResult]:
        solutions = store.query(query.query, default_graph=default_graph)
        if not isinstance(solutions, ox.QuerySolutions):
            raise TypeError(f"a compiled query of {query.shape} is not a SELECT")
        has_value = any(v.value == "value" for v in solutions.variables)
        path, messages = self._paths[index], self._messages[index]
        found = []
        for row in solutions:
            node = row["this"]
            if not isinstance(node, ox.NamedNode | ox.BlankNode):
                continue  # pySHACL's nested results only; a literal focus node is not reported
            if focus is not None and node not in focus:
                continue
            value = row["value"] if has_value else None
            if value is None and query.value_is_focus:
                value = node
            found.append(
                EngineResult(
                    focus_node=node,
                    path=path,
                    value=value if not isinstance(value, ox.Triple) else None,
                    severity=query.severity,
                    shape=query.shape,
                    constraint=query.component,
                    messages=messages,
                )
            )
        return found

    def affected_by(self, predicates: Collection[str], classes: Collection[str]) -> frozenset[int]:
        """The queries whose results may change when triples with these predicates (or typing
        nodes with these classes) are added: all others give the same results on both views."""
        touched = set(predicates) | set(classes)
        return frozenset(
            index
            for index, query in enumerate(self.compilation.queries)
            if query.reads is None or touched & query.reads
        )
