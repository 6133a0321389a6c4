"""Work done on an open pyoxigraph store, packaged as picklable jobs for the worker processes.

Each job's ``run(store)`` uses only pyoxigraph; results are plain picklable values. The embedded
backend sends jobs to worker processes (:mod:`province40.store.pool`); the same jobs run in-process
in tests of the jobs themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pyoxigraph as ox

from province40.errors import NotFound, ParameterError, QueryEvaluationError, QuerySyntaxError, StoreError
from province40.rdf_io import format_for_media_type, parse_bytes
from province40.results import ResultFormat, Term, capped, serialize_graph
from province40.store.base import GraphResult, QueryRequest, SerializedResult, Solutions, serialized
from province40.store.graph_delta import GraphDelta, graph_dump


@dataclass(frozen=True)
class DeltaResult:
    """What a :class:`DeltaJob` answers: the write's result and the deltas of the watched graphs (one each)."""

    result: JobResult
    deltas: tuple[GraphDelta, ...]


JobResult = (
    SerializedResult
    | Solutions
    | GraphResult
    | bool
    | bytes
    | tuple[str, ...]
    | tuple[tuple[str, bytes], ...]
    | DeltaResult
    | None
)


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


@dataclass(frozen=True)
class QueryJob:
    """Evaluate a query; serialise it when ``result_format`` is set, else return terms."""

    text: str
    result_format: ResultFormat | None
    max_rows: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    bindings: tuple[tuple[str, Term], ...] = ()
    union_default_graph: bool = True
    base_iri: str | None = None

    @classmethod
    def of(cls, request: QueryRequest, *, max_rows: int | None = None) -> QueryJob:
        """The job of a protocol query (``max_rows``: a lower cap than the request's). The union default
        graph applies only when the request names no dataset of its own."""
        return cls(
            text=request.text,
            result_format=request.result_format,
            max_rows=request.max_rows if max_rows is None else max_rows,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
            bindings=request.bindings,
            union_default_graph=request.union_default_graph
            and request.default_graphs is None
            and request.named_graphs is None,
            base_iri=request.base_iri,
        )

    def run(self, store: ox.Store) -> JobResult:
        """Run the query with the dataset, bindings and row cap of this job."""
        try:
            result = store.query(self.text, **self.query_options())  # type: ignore[arg-type]
            return self._collect(result)
        except SyntaxError as error:
            raise QuerySyntaxError(f"the query does not parse: {error}") from None
        except RuntimeError as error:
            if self.bindings and "variable" in str(error):
                raise ParameterError(str(error), parameter="bindings") from None
            raise QueryEvaluationError(f"the query cannot be evaluated: {error}") from None
        except OSError as error:
            raise StoreError(f"the store could not evaluate the query: {error}") from None

    def query_options(self) -> dict[str, object]:
        """The keyword arguments of ``pyoxigraph.Store.query`` for this job's dataset, bindings and base."""
        options: dict[str, object] = {}
        if self.base_iri is not None:
            options["base_iri"] = self.base_iri
        if self.default_graphs is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in self.default_graphs]
        elif self.union_default_graph:
            options["use_default_graph_as_union"] = True
        if self.named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in self.named_graphs]
        if self.bindings:
            options["substitutions"] = {ox.Variable(name): term for name, term in self.bindings}
        return options

    def _collect(self, result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> JobResult:
        collected: Solutions | GraphResult | bool
        if isinstance(result, ox.QueryBoolean):
            collected = bool(result)
        elif isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            # One Python object per distinct term: the rows cross a process boundary by pickle, which then
            # sends each repeated label or IRI once (at national scale ~40 times less to pickle).
            terms: dict[Term, Term] = {}
            rows, truncated = capped(
                (tuple(None if t is None else terms.setdefault(t, t) for t in solution) for solution in result),
                self.max_rows,
            )
            collected = Solutions(variables, tuple(rows), truncated)
        else:
            triples, truncated = capped(result, self.max_rows)
            collected = GraphResult(tuple(triples), truncated)
        return collected if self.result_format is None else serialized(collected, self.result_format)


@dataclass(frozen=True)
class UpdateJob:
    """Run a SPARQL update; oxigraph applies the whole request in one transaction."""

    text: str
    base_iri: str | None = None

    def run(self, store: ox.Store) -> JobResult:
        """Apply the update (relative IRIs resolved against ``base_iri`` when given)."""
        try:
            store.update(self.text, base_iri=self.base_iri)
        except SyntaxError as error:
            raise QuerySyntaxError(f"the update does not parse: {error}") from None
        except RuntimeError as error:
            raise QueryEvaluationError(f"the update was not applied (nothing changed): {error}") from None
        except OSError as error:
            raise StoreError(f"the store could not apply the update: {error}") from None
        return None


@dataclass(frozen=True)
class ReadGraphJob:
    """Serialise one graph (None: the default graph)."""

    graph: str | None
    result_format: ResultFormat

    def run(self, store: ox.Store) -> JobResult:
        """Read the graph's triples and serialise them."""
        name = _graph_name(self.graph)
        if isinstance(name, ox.NamedNode) and not store.contains_named_graph(name):
            raise NotFound(f"no graph <{self.graph}> in the store")
        triples = [q.triple for q in store.quads_for_pattern(None, None, None, name)]
        return serialize_graph(triples, self.result_format)


@dataclass(frozen=True)
class WriteGraphJob:
    """Replace, extend or drop one graph, atomically.

    The triples come as ``quads``, or as an RDF ``document`` (bytes, with its ``media_type``) that is
    parsed here, in the writer process: a large Graph Store upload then crosses the process boundary as
    one block of bytes, and neither its parsing nor pickling its quads holds the service's event loop."""

    operation: Literal["replace", "add", "drop"]
    graph: str | None
    quads: tuple[ox.Quad, ...] = ()
    document: bytes | None = None
    media_type: str = ""

    def _quads(self) -> Sequence[ox.Quad]:
        if self.document is None:
            return self.quads
        rdf_format = format_for_media_type(self.media_type)
        return parse_bytes(self.document, rdf_format=rdf_format, source="request body", graph=self.graph).quads

    def run(self, store: ox.Store) -> JobResult:
        """Apply the write; returns True when a named graph was created."""
        quads = self._quads()  # a syntax error is raised before anything changes
        name = _graph_name(self.graph)
        existed = isinstance(name, ox.DefaultGraph) or store.contains_named_graph(name)
        try:
            if self.operation == "drop":
                if not existed:
                    raise NotFound(f"no graph <{self.graph}> in the store")
                if isinstance(name, ox.DefaultGraph):
                    store.clear_graph(name)
                else:
                    store.remove_graph(name)
                return False
            moved = [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
            if self.operation == "add":
                store.extend(moved)  # one transaction
                if isinstance(name, ox.NamedNode) and not moved:
                    store.add_graph(name)
                return not existed
            # replace: drop and insert in one update request, which oxigraph runs as one transaction
            target = "DEFAULT" if isinstance(name, ox.DefaultGraph) else f"GRAPH {name}"
            body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in moved)
            inner = body if isinstance(name, ox.DefaultGraph) else f"GRAPH {name} {{ {body} }}"
            text = f"DROP SILENT {target} ;\n"
            text += (
                f"INSERT DATA {{ {inner} }}"
                if moved
                else (f"CREATE SILENT {target}" if not isinstance(name, ox.DefaultGraph) else "CLEAR SILENT DEFAULT")
            )
            store.update(text)
            return not existed
        except OSError as error:
            raise StoreError(f"the store could not write the graph: {error}") from None


@dataclass(frozen=True)
class NamedGraphsJob:
    """List the named graphs."""

    def run(self, store: ox.Store) -> JobResult:
        """Sorted IRIs of the named graphs."""
        return tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))


@dataclass(frozen=True)
class ExportJob:
    """Every quad of some named graphs (or of the whole store), sent back as N-Triples per graph.

    Pickling pyoxigraph terms one by one costs about 10 µs a quad each way; the store writes the
    same quads as N-Triples in Rust and the caller parses them back (:func:`quads_from_export`), ten
    times faster for a plan graph."""

    graphs: tuple[str, ...] | None

    def run(self, store: ox.Store) -> JobResult:
        """The graphs' names and their quads as N-Triples bytes."""
        names = (
            tuple(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
            if self.graphs is None
            else self.graphs
        )
        return tuple(
            (name, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name)) or b"")
            for name in names
        )


def quads_from_export(exported: Sequence[tuple[str, bytes]]) -> tuple[ox.Quad, ...]:
    """The quads an :class:`ExportJob` sent, in its graphs."""
    quads: list[ox.Quad] = []
    for name, body in exported:
        graph = ox.NamedNode(name)
        quads.extend(
            ox.Quad(q.subject, q.predicate, q.object, graph)
            for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        )
    return tuple(quads)


@dataclass(frozen=True)
class DeltaJob:
    """A write job run with the exact change it makes to some watched graphs: each graph is read
    before and after the write, in the writer process (:class:`~province40.store.graph_delta.GraphDelta`).
    A graph the write left as it was gets an empty delta too: whoever follows the graph then knows
    that every write that may have changed it was accounted for."""

    job: UpdateJob | WriteGraphJob
    graphs: tuple[str, ...]

    def run(self, store: ox.Store) -> JobResult:
        """Run the write; returns a :class:`DeltaResult` (the write's own result and the deltas)."""
        before = {graph: graph_dump(store, graph) for graph in self.graphs}
        result = self.job.run(store)
        deltas = []
        for graph, (existed, old) in before.items():
            exists, new = graph_dump(store, graph)
            deltas.append(GraphDelta.between_lines(graph, old, new, existed=existed, exists=exists))
        return DeltaResult(result, tuple(deltas))


@dataclass(frozen=True)
class CountJob:
    """Count quads and named graphs (readiness)."""

    def run(self, store: ox.Store) -> JobResult:
        """(quads, named graphs) as a tuple of decimal strings."""
        return (str(len(store)), str(sum(1 for _ in store.named_graphs())))


Job = QueryJob | UpdateJob | ReadGraphJob | WriteGraphJob | NamedGraphsJob | ExportJob | CountJob | DeltaJob
