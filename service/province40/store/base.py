"""The store interface shared by the embedded and the remote backends, and its value types.

Both backends give the same answers to the same requests; ``tests/store/`` runs one suite against
each. The default graph is the union of all named graphs (see ``data/README.md``); a request's
dataset (``default-graph-uri`` / ``named-graph-uri``, or FROM / FROM NAMED) replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

import pyoxigraph as ox

from province40.results import (
    ResultFormat,
    ResultKind,
    Term,
    serialize_boolean,
    serialize_graph,
    serialize_solutions,
)


@dataclass(frozen=True)
class QueryRequest:
    """One query to evaluate under a deadline and a row cap."""

    text: str
    result_format: ResultFormat | None
    timeout: float
    max_rows: int
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    bindings: tuple[tuple[str, Term], ...] = ()
    union_default_graph: bool = True
    """False when the query text has FROM / FROM NAMED: its own dataset applies, not the union."""
    base_iri: str | None = None
    """The IRI relative IRIs of the text resolve against (None: relative IRIs are a syntax error)."""


@dataclass(frozen=True)
class SerializedResult:
    """A query result serialised in the negotiated format."""

    kind: ResultKind
    result_format: ResultFormat
    body: bytes
    rows: int
    truncated: bool


@dataclass(frozen=True)
class Solutions:
    """SELECT results as terms: ``rows[i][j]`` is the value of ``variables[j]`` (None if unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Term]]:
        """The rows as dictionaries of bound variables."""
        return [{v: t for v, t in zip(self.variables, row, strict=True) if t is not None} for row in self.rows]

    def values(self, variable: str) -> list[Term | None]:
        """One column."""
        index = self.variables.index(variable)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class GraphResult:
    """CONSTRUCT / DESCRIBE results as triples."""

    triples: tuple[ox.Triple, ...]
    truncated: bool = False

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled as N-Triples (written and parsed in Rust: ten times faster than term by term,
        which matters when a store worker sends a plan's curated links back)."""
        try:
            body = ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES) or b""
        except (TypeError, ValueError, SyntaxError):  # a term N-Triples cannot carry: term by term
            return (GraphResult, (self.triples, self.truncated))
        return (_graph_result_from_ntriples, (body, self.truncated))


def _graph_result_from_ntriples(body: bytes, truncated: bool) -> GraphResult:
    triples = tuple(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
    return GraphResult(triples, truncated)


@dataclass(frozen=True)
class StoreStatus:
    """What the readiness endpoint reports about the store."""

    backend: str
    ready: bool
    location: str
    quads: int | None = None
    named_graphs: int | None = None
    detail: Mapping[str, object] = field(default_factory=dict)


def serialized(result: Solutions | GraphResult | bool, result_format: ResultFormat) -> SerializedResult:
    """A result as the bytes of ``result_format``, with its row count and truncation (every backend's answer
    to a protocol query goes through here)."""
    if isinstance(result, bool):
        return SerializedResult(ResultKind.BOOLEAN, result_format, serialize_boolean(result, result_format), 1, False)
    if isinstance(result, Solutions):
        body = serialize_solutions(result.variables, result.rows, result_format)
        return SerializedResult(ResultKind.SOLUTIONS, result_format, body, len(result.rows), result.truncated)
    body = serialize_graph(result.triples, result_format)
    return SerializedResult(ResultKind.GRAPH, result_format, body, len(result.triples), result.truncated)


DEFAULT_GRAPH: None = None
"""Graph-store operations take a graph IRI, or ``DEFAULT_GRAPH`` (None) for the store's default graph."""


class Store(Protocol):
    """What the service needs from a store. Blocking calls: use them from plain ``def`` handlers."""

    backend_name: str

    def execute(self, request: QueryRequest) -> SerializedResult:
        """Evaluate a protocol query and serialise it in ``request.result_format``."""
        ...

    def execute_bounded(self, request: QueryRequest) -> SerializedResult | None:
        """Answer a query the cost check marked bounded (a point look-up) at once, in the calling thread,
        when the backend can do so cheaply; None: call :meth:`execute` instead."""
        ...

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Solutions:
        """Evaluate a SELECT query; ``bindings`` pre-bind variables (never pasted into the text)."""
        ...

    def construct(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> GraphResult:
        """Evaluate a CONSTRUCT or DESCRIBE query."""
        ...

    def ask(self, text: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        """Evaluate an ASK query."""
        ...

    def update(self, text: str, *, timeout: float | None = None, base_iri: str | None = None) -> None:
        """Run a SPARQL update atomically (all of it or nothing); relative IRIs resolve against ``base_iri``."""
        ...

    def read_graph(self, graph: str | None, *, result_format: ResultFormat) -> bytes:
        """Serialise one graph (``None``: the default graph); NotFound when a named graph is absent."""
        ...

    def replace_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Replace a graph's content atomically; returns True when the graph was new."""
        ...

    def add_to_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Add triples to a graph atomically; returns True when the graph was new."""
        ...

    def write_document(
        self,
        operation: Literal["replace", "add"],
        graph: str | None,
        document: bytes,
        *,
        media_type: str,
        timeout: float | None = None,
    ) -> bool:
        """Replace (``replace``) or extend (``add``) a graph with the triples of an RDF document, parsed
        by the backend off the event loop (the embedded store: in its writer process); RdfSyntaxError
        before anything changes. Returns True when the graph was new."""
        ...

    def drop_graph(self, graph: str | None, *, timeout: float | None = None) -> None:
        """Delete a graph; NotFound when a named graph is absent."""
        ...

    def named_graphs(self) -> tuple[str, ...]:
        """IRIs of the named graphs, sorted."""
        ...

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Every quad of the given named graphs (all graphs, default included, when None)."""
        ...

    def status(self) -> StoreStatus:
        """Readiness information."""
        ...

    def close(self) -> None:
        """Stop workers and release the store."""
        ...
