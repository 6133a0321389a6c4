"""The reference engine: pySHACL.

:class:`PyShaclEngine` runs pySHACL on an in-memory pyoxigraph store (pySHACL's oxigraph data-graph
mode): no conversion of the data to rdflib, and the SHACL-SPARQL constraints run in oxigraph's
query engine, about ten times faster on these shapes than pySHACL over an rdflib graph. No
inference is run: the ontology's rdfs:subClassOf triples are part of the data, which is where SHACL
looks class membership up (``sh:targetClass p40:Plan`` reaches the province plans and master plans).
"""

from __future__ import annotations

import time
from collections.abc import Collection

import pyoxigraph as ox
import pyshacl
from pyshacl.graph_abstraction import OxigraphDataGraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from province40.validation.engine.types import EngineResult, EngineRun
from province40.validation.report import Severity
from province40.validation.shapes import ShapeCatalog
from province40.validation.terms import Resource, compact, from_rdflib, ill_typed_literals_allowed


class _CountedDataGraph(OxigraphDataGraph):
    """pySHACL's data graph over a pyoxigraph store, with its size counted once.

    pySHACL tests the data graph's truth (``datagraph or shapes_graph``) for every result it
    describes, including the results of ``sh:or`` members it then discards; for a graph over
    pyoxigraph that is ``len()``, a COUNT over every triple. Once per result over the whole data,
    that made validating a plan quadratic in its size (a 300-project plan took minutes, 30 projects
    seconds). Validation never changes the data graph (no inference, no rules, run in place), so the
    count is taken once.
    """

    _counted: int | None = None

    def __len__(self, context: Graph | None = None) -> int:
        if context is not None:
            return int(super().__len__(context))
        if self._counted is None:
            self._counted = int(super().__len__())
        return self._counted


class PyShaclEngine:
    """pySHACL over an in-memory pyoxigraph store."""

    def __init__(self, shapes: ShapeCatalog) -> None:
        self._shapes = shapes

    @property
    def name(self) -> str:
        """``pySHACL <version>``."""
        return f"pySHACL {pyshacl.__version__}"

    def validate(self, triples: Collection[ox.Triple], *, focus: frozenset[Resource] | None = None) -> EngineRun:
        """Run pySHACL (no inference, SHACL-SPARQL on) and collect its results."""
        started = time.perf_counter()
        data = ox.Store()
        data.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        with ill_typed_literals_allowed():
            _conforms, graph, _text = pyshacl.validate(
                _CountedDataGraph(data),
                shacl_graph=self._shapes.graph,
                inference="none",
                advanced=False,
                abort_on_first=False,
                allow_warnings=False,
                allow_infos=False,
            )
            assert isinstance(graph, Graph)
            results = tuple(self._results(graph, focus))
        return EngineRun(results=results, seconds=time.perf_counter() - started)

    def _results(self, graph: Graph, focus: frozenset[Resource] | None) -> list[EngineResult]:
        results: list[EngineResult] = []
        for node in graph.subjects(RDF.type, SH.ValidationResult):
            focus_node = from_rdflib(graph.value(node, SH.focusNode))  # type: ignore[arg-type]
            if isinstance(focus_node, ox.Literal):
                continue  # only nested results (sh:detail) have literal focus nodes
            if focus is not None and focus_node not in focus:
                continue
            shape = graph.value(node, SH.sourceShape)
            if isinstance(graph.value(None, SH.detail, node), BNode | URIRef):
                continue  # a nested result; its parent is reported
            value = graph.value(node, SH.value)
            severity = graph.value(node, SH.resultSeverity)
            constraint = graph.value(node, SH.sourceConstraintComponent)
            results.append(
                EngineResult(
                    focus_node=focus_node,
                    path=self._path(graph, node, shape),
                    value=from_rdflib(value) if value is not None else None,
                    severity=Severity.from_iri(str(severity)),
                    shape=str(shape),
                    constraint=str(constraint),
                    messages=tuple(
                        from_rdflib(m)  # type: ignore[misc]
                        for m in graph.objects(node, SH.resultMessage)
                        if isinstance(m, Literal)
                    ),
                )
            )
        return results

    def _path(self, graph: Graph, node: Node, shape: Node | None) -> str | None:
        path = graph.value(node, SH.resultPath)
        if path is None:
            return None
        if isinstance(path, URIRef):
            return compact(str(path))
        info = self._shapes.shape(str(shape))
        return info.path if info is not None else None
