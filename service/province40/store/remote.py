"""The remote backend: any SPARQL 1.1 engine over HTTP (Query, Update and Graph Store protocols).

For deployments that outgrow one machine. The backend answers like the embedded store whatever the
engine (``tests/store/test_backends.py`` runs one suite on the embedded store, ``oxigraph serve`` and
Virtuoso): the engine's capabilities (:mod:`.capabilities`) are probed at start-up or set in the
settings, and the backend works around what the engine lacks:

* the default graph is the union of the store's own named graphs: on an engine whose default graph is
  something else (Virtuoso's includes its system graphs) every query without its own dataset is scoped
  with ``default-graph-uri`` / ``named-graph-uri``, and system, staging and probe graphs are never
  listed or counted;
* writes are all or nothing (:mod:`.remote_writes`); results cut by the engine's row cap are flagged
  ``truncated``, partial answers are errors (:mod:`.remote_http`).

Results are streamed and parsed with pyoxigraph (which reads the 2007 ``typed-literal`` JSON too), cut
at the row cap, and serialised here, so both backends answer alike. Bound parameters travel as a
substitution with the meaning of the embedded store's pyoxigraph substitutions (:mod:`province40.sparql_binding`:
the protocol has no other way to pass bindings): each is one RDF term serialised by pyoxigraph in the
places the variable was, checked token by token, never user text pasted into a query.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import httpx
import pyoxigraph as ox

from province40.errors import NotFound, Province40Error, StoreError
from province40.rdf_io import format_for_media_type, parse_bytes
from province40.results import (
    ResultFormat,
    Term,
    serialize_graph,
)
from province40.sparql_binding import substitute
from province40.sparql_text import with_base
from province40.store.base import GraphResult, QueryRequest, SerializedResult, Solutions, StoreStatus, serialized
from province40.store.capabilities import PROBE_GRAPH, Engine, EngineCapabilities, with_overrides
from province40.store.dataset_clause import lift_dataset
from province40.store.local_parse import check_query
from province40.store.probe import probe
from province40.store.remote_http import Dataset, RemoteEndpoint
from province40.store.remote_writes import WORK_GRAPH_BASE, RemoteWriter

EMPTY_GRAPH = "urn:x-province40:no-graph"
"""Named in a protocol dataset to say "no named graphs" to an engine that reads an absent
``named-graph-uri`` as "all graphs" (Virtuoso)."""

_GRAPH_CACHE_SECONDS = 2.0


class RemoteStore:
    """A SPARQL 1.1 engine reached over HTTP, answering like the embedded store."""

    backend_name = "remote"

    def __init__(
        self,
        *,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        query_timeout: float = 10.0,
        update_timeout: float = 60.0,
        max_rows: int = 10_000,
        client: httpx.Client | None = None,
        auth: httpx.Auth | None = None,
        engine: Engine | None = None,
        capabilities: EngineCapabilities | None = None,
        overrides: Mapping[str, Any] | None = None,
        probe_writes: bool = True,
    ) -> None:
        self._query_timeout = query_timeout
        self._update_timeout = update_timeout
        self._max_rows = max_rows
        self._engine = engine
        self._overrides = dict(overrides or {})
        self._probe_writes = probe_writes
        self._endpoint = RemoteEndpoint(
            query_url=query_url,
            update_url=update_url,
            graph_store_url=graph_store_url,
            client=client or httpx.Client(follow_redirects=False, trust_env=False, auth=auth),
            capabilities=capabilities,
        )
        self._probed = capabilities is not None
        self._probe_lock = threading.Lock()
        self._graphs: tuple[str, ...] = ()
        self._graphs_read = -_GRAPH_CACHE_SECONDS
        self._writer = RemoteWriter(self._endpoint, self._fresh_graphs, update_timeout)

    # ------------------------------------------------------------ capabilities

    @property
    def capabilities(self) -> EngineCapabilities:
        """The engine's capabilities, probed on first use (at start-up by the service)."""
        if not self._probed:
            with self._probe_lock:
                if not self._probed:
                    found = probe(self._endpoint, engine=self._engine, writes=self._probe_writes)
                    self._endpoint.capabilities = with_overrides(found, self._overrides)
                    self._probed = True
        return self._endpoint.capabilities

    # ------------------------------------------------------------ datasets

    def _is_store_graph(self, iri: str) -> bool:
        return not (
            self.capabilities.is_system_graph(iri)
            or iri.startswith(WORK_GRAPH_BASE)
            or iri in (PROBE_GRAPH, EMPTY_GRAPH)
        )

    def _fresh_graphs(self) -> tuple[str, ...]:
        listing = (
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
            if self.capabilities.empty_graphs
            else "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"  # Virtuoso: fast, DISTINCT is not
        )
        result = self._endpoint.query(
            listing,
            timeout=self._query_timeout,
            max_rows=1_000_000,
            graph=False,
            dataset=Dataset(),
        )
        if not isinstance(result, Solutions):
            raise StoreError("the remote store did not return SELECT results for its graph list")
        if result.truncated:
            raise StoreError("the remote store cut its list of graphs at its row cap (capability row_cap)")
        names = (t.value for t in result.values("g") if isinstance(t, ox.NamedNode))
        self._graphs = tuple(sorted(n for n in names if self._is_store_graph(n)))
        self._graphs_read = time.monotonic()
        return self._graphs

    def _store_graphs(self) -> tuple[str, ...]:
        if time.monotonic() - self._graphs_read > _GRAPH_CACHE_SECONDS:
            return self._fresh_graphs()
        return self._graphs

    def _dataset(
        self,
        default: tuple[str, ...] | None,
        named: tuple[str, ...] | None,
        *,
        own: bool,
        graph_constants: tuple[str, ...] = (),
    ) -> Dataset:
        """The protocol dataset to send: the request's, none (the query names its own), or the store's.

        Scoped to the store's graphs, the named graphs also list the graphs the query names in ``GRAPH
        <iri>`` (graphs that do not exist, so they match nothing): Virtuoso answers ``ASK { GRAPH <g> {..} }``
        with *true* when ``<g>`` is missing from ``named-graph-uri``."""
        scoped = self.capabilities.scoped_dataset
        if default is not None or named is not None:
            if scoped and default and not named:
                named = (EMPTY_GRAPH,)
            if scoped and named and not default:
                default = (EMPTY_GRAPH,)
            return Dataset(default_graphs=default, named_graphs=named)
        if own or not scoped:
            return Dataset()
        graphs = self._store_graphs() or (EMPTY_GRAPH,)
        extra = tuple(sorted(set(graph_constants) - set(graphs)))
        return Dataset(default_graphs=graphs, named_graphs=graphs + extra)

    def _evaluate(
        self, text: str, *, timeout: float, max_rows: int, graph: bool, dataset: Dataset
    ) -> Solutions | GraphResult | bool:
        return self._endpoint.query(text, timeout=timeout, max_rows=max_rows, graph=graph, dataset=dataset)

    # ------------------------------------------------------------ queries

    def execute_bounded(self, request: QueryRequest) -> SerializedResult | None:
        """Never at once: every remote query is an HTTP round trip (None: use :meth:`execute`)."""
        del request
        return None

    def execute(self, request: QueryRequest) -> SerializedResult:
        """Evaluate a protocol query remotely and serialise it here in the negotiated format."""
        text = with_base(request.text, request.base_iri)
        check_query(text)
        text = substitute(text, dict(request.bindings))
        constants = lift_dataset(text).graph_constants
        default, named = request.default_graphs, request.named_graphs
        if default is None and named is None and not request.union_default_graph:
            lifted = lift_dataset(text)  # the query's own FROM / FROM NAMED, as protocol parameters
            if lifted.default_graphs or lifted.named_graphs:
                text, default, named = lifted.text, lifted.default_graphs, lifted.named_graphs
        elif default is not None or named is not None:
            text = lift_dataset(text).text  # a protocol dataset replaces the query's own
        graph = request.result_format is not None and request.result_format.for_graphs
        dataset = self._dataset(default, named, own=False, graph_constants=constants)
        result = self._evaluate(
            text, timeout=request.timeout, max_rows=request.max_rows, graph=graph, dataset=dataset
        )
        return serialized(result, request.result_format or ResultFormat.JSON)

    def _internal(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        *,
        graph: bool,
        timeout: float | None,
        max_rows: int | None,
    ) -> Solutions | GraphResult | bool:
        check_query(text)
        lifted = lift_dataset(substitute(text, bindings or {}))
        full = lifted.text
        own = bool(lifted.default_graphs or lifted.named_graphs)
        if own:
            dataset = self._dataset(lifted.default_graphs, lifted.named_graphs, own=False)
        else:
            dataset = self._dataset(None, None, own=False, graph_constants=lifted.graph_constants)
        return self._evaluate(
            full,
            timeout=timeout or self._query_timeout,
            max_rows=max_rows or self._max_rows,
            graph=graph,
            dataset=dataset,
        )

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Solutions:
        """Evaluate a SELECT query (bindings substituted as the embedded store's are)."""
        result = self._internal(text, bindings, graph=False, timeout=timeout, max_rows=max_rows)
        if not isinstance(result, Solutions):
            raise StoreError("the remote store did not return SELECT results")
        return result

    def construct(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> GraphResult:
        """Evaluate a CONSTRUCT or DESCRIBE query."""
        result = self._internal(text, bindings, graph=True, timeout=timeout, max_rows=max_rows)
        if not isinstance(result, GraphResult):
            raise StoreError("the remote store did not return a graph")
        return result

    def ask(self, text: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        """Evaluate an ASK query."""
        result = self._internal(text, bindings, graph=False, timeout=timeout, max_rows=1)
        if not isinstance(result, bool):
            raise StoreError("the remote store did not return a boolean")
        return result

    # ------------------------------------------------------------ writes

    def _written(self) -> None:
        self._graphs_read = -_GRAPH_CACHE_SECONDS

    def update(self, text: str, *, timeout: float | None = None, base_iri: str | None = None) -> None:
        """Apply a SPARQL update all or nothing (see :mod:`.remote_writes`); the base IRI as a BASE in front."""
        self.capabilities  # noqa: B018 - probe first: the writer follows the engine's capabilities
        try:
            self._writer.update(with_base(text, base_iri), timeout=timeout)
        finally:
            self._written()

    def _exists(self, graph: str | None) -> bool:
        return graph is None or graph in self._fresh_graphs()

    def replace_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Replace a graph's content all or nothing; True when the graph was new."""
        existed = self._exists(graph)
        try:
            self._writer.replace_graph(graph, quads, timeout=timeout)
        finally:
            self._written()
        return not existed

    def add_to_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Add triples to a graph all or nothing; True when the graph was new."""
        existed = self._exists(graph)
        try:
            self._writer.add_to_graph(graph, quads, timeout=timeout)
        finally:
            self._written()
        return not existed

    def write_document(
        self,
        operation: Literal["replace", "add"],
        graph: str | None,
        document: bytes,
        *,
        media_type: str,
        timeout: float | None = None,
    ) -> bool:
        """Replace or extend a graph with an RDF document, parsed here (in the caller's thread)."""
        rdf_format = format_for_media_type(media_type)
        quads = parse_bytes(document, rdf_format=rdf_format, source="request body", graph=graph).quads
        write = self.replace_graph if operation == "replace" else self.add_to_graph
        return write(graph, quads, timeout=timeout)

    def drop_graph(self, graph: str | None, *, timeout: float | None = None) -> None:
        """Delete a named graph (NotFound when absent) or empty the default graph."""
        if graph is None:
            if self.capabilities.writable_default_graph:
                self._writer.update("CLEAR SILENT DEFAULT", timeout=timeout)
            return
        if not self._exists(graph):
            raise NotFound(f"the remote store has no graph <{graph}>")
        try:
            self._endpoint.update(f"DROP SILENT GRAPH <{graph}>", timeout=timeout or self._update_timeout)
        finally:
            self._written()

    # ------------------------------------------------------------ graphs and status

    def _graph_triples(self, graph: str | None, timeout: float) -> list[ox.Triple]:
        if graph is None and not self.capabilities.writable_default_graph:
            return []  # the engine's default graph is not the store's: the store's is empty
        if graph is not None and not self._exists(graph):
            raise NotFound(f"the remote store has no graph <{graph}>")
        if self._endpoint.graph_store_url:
            response = self._endpoint.graph_request("GET", graph, timeout=timeout)
            return [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]
        where = "{ ?s ?p ?o }" if graph is None else f"{{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
        result = self._endpoint.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {where}",
            timeout=timeout,
            max_rows=10_000_000,
            graph=True,
            dataset=Dataset(),
        )
        if not isinstance(result, GraphResult) or result.truncated:
            raise StoreError(f"the remote store cut graph <{graph}> at its row cap (capability row_cap)")
        return list(result.triples)

    def read_graph(self, graph: str | None, *, result_format: ResultFormat) -> bytes:
        """Read a graph (Graph Store protocol, else CONSTRUCT) and serialise it here."""
        return serialize_graph(self._graph_triples(graph, self._query_timeout), result_format)

    def named_graphs(self) -> tuple[str, ...]:
        """The store's named graphs, sorted (never the engine's system, staging or probe graphs)."""
        return self._fresh_graphs()

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Quads of the given named graphs (or of every graph of the store, default graph included)."""
        names: list[str | None] = list(graphs) if graphs is not None else [None, *self.named_graphs()]
        timeout = max(self._query_timeout, 60.0)
        quads: list[ox.Quad] = []
        for name in names:
            target = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            quads.extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in self._graph_triples(name, timeout))
        return tuple(quads)

    def count_quads(self, graph: str) -> int:
        """The number of triples in one named graph (COUNT of a variable: Virtuoso's COUNT(*) is 1 on no match)."""
        result = self._endpoint.query(
            f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
            timeout=max(self._query_timeout, 60.0),
            max_rows=1,
            graph=False,
            dataset=Dataset(named_graphs=(graph,)),
        )
        value = result.rows[0][0] if isinstance(result, Solutions) and result.rows else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def status(self) -> StoreStatus:
        """Counts of the store's own graphs, and the engine's capabilities."""
        try:
            capabilities = self.capabilities
            graphs = self._fresh_graphs()
            solutions = self._endpoint.query(
                "SELECT (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                timeout=self._query_timeout,
                max_rows=1,
                graph=False,
                dataset=Dataset(default_graphs=(EMPTY_GRAPH,), named_graphs=graphs or (EMPTY_GRAPH,)),
            )
        except Province40Error:
            raise
        value = solutions.rows[0][0] if isinstance(solutions, Solutions) and solutions.rows else None
        quads = int(value.value) if isinstance(value, ox.Literal) else None
        return StoreStatus(
            backend=self.backend_name,
            ready=True,
            location=self._endpoint.query_url,
            quads=quads,
            named_graphs=len(graphs),
            detail={"engine": capabilities.as_dict()},
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self._endpoint.client.close()
