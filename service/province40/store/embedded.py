"""The embedded backend: a persistent pyoxigraph store on disk, served by isolated worker processes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Literal, cast

import pyoxigraph as ox

from province40.results import ResultFormat, Term
from province40.store.base import GraphResult, QueryRequest, SerializedResult, Solutions, StoreStatus
from province40.store.graph_delta import GraphDelta
from province40.store.inline import InlineReader
from province40.store.jobs import (
    CountJob,
    ExportJob,
    NamedGraphsJob,
    QueryJob,
    ReadGraphJob,
    UpdateJob,
    WriteGraphJob,
    quads_from_export,
)
from province40.store.pool import WorkerPool


class EmbeddedStore:
    """pyoxigraph on ``store_dir``; reads in ``workers`` processes, writes in one writer process."""

    backend_name = "embedded"

    def __init__(
        self,
        store_dir: Path,
        *,
        workers: int = 2,
        writable: bool = False,
        query_timeout: float = 10.0,
        update_timeout: float = 60.0,
        max_rows: int = 10_000,
        memory_mib: int | None = None,
        inline_lookups: bool = True,
    ) -> None:
        self._store_dir = store_dir
        self._query_timeout = query_timeout
        self._update_timeout = update_timeout
        self._max_rows = max_rows
        self._pool = WorkerPool(store_dir, readers=workers, writable=writable, memory_mib=memory_mib)
        pool = self._pool
        self._inline = InlineReader(store_dir, lambda: pool.generation, pool.between_writes) if inline_lookups else None

    # ------------------------------------------------------------ queries

    def execute(self, request: QueryRequest) -> SerializedResult:
        """Evaluate a protocol query in a reader process under the request's deadline."""
        job = QueryJob.of(request)
        return cast(SerializedResult, self._pool.run(job, timeout=request.timeout))

    def execute_bounded(self, request: QueryRequest) -> SerializedResult | None:
        """Answer a bounded point look-up in this process (no worker hop), or None: use :meth:`execute`.

        Only for queries the cost check marked bounded (:mod:`province40.sparql.cost`): their work stops
        after :data:`~province40.store.inline.BOUNDED_ROW_BUDGET` rows, so it may run on the event loop."""
        return None if self._inline is None else self._inline.execute(request)

    def _internal(
        self, text: str, bindings: Mapping[str, Term] | None, timeout: float | None, max_rows: int | None
    ) -> object:
        job = QueryJob(
            text=text,
            result_format=None,
            max_rows=max_rows or self._max_rows,
            bindings=tuple((bindings or {}).items()),
        )
        return self._pool.run(job, timeout=timeout or self._query_timeout)

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Solutions:
        """Evaluate a SELECT query; bindings are pyoxigraph substitutions (variables must be projected)."""
        return cast(Solutions, self._internal(text, bindings, timeout, max_rows))

    def construct(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> GraphResult:
        """Evaluate a CONSTRUCT or DESCRIBE query."""
        return cast(GraphResult, self._internal(text, bindings, timeout, max_rows))

    def ask(self, text: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        """Evaluate an ASK query."""
        return cast(bool, self._internal(text, bindings, timeout, 1))

    # ------------------------------------------------------------ writes

    def update(self, text: str, *, timeout: float | None = None, base_iri: str | None = None) -> None:
        """Apply a SPARQL update in the writer process (one transaction)."""
        self._pool.write(UpdateJob(text, base_iri), timeout=timeout or self._update_timeout)

    def replace_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Replace a graph atomically; True when it was created."""
        job = WriteGraphJob("replace", graph, tuple(quads))
        return cast(bool, self._pool.write(job, timeout=timeout or self._update_timeout))

    def add_to_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """Add to a graph atomically; True when it was created."""
        job = WriteGraphJob("add", graph, tuple(quads))
        return cast(bool, self._pool.write(job, timeout=timeout or self._update_timeout))

    def write_document(
        self,
        operation: Literal["replace", "add"],
        graph: str | None,
        document: bytes,
        *,
        media_type: str,
        timeout: float | None = None,
    ) -> bool:
        """Replace or extend a graph with an RDF document, sent as bytes and parsed in the writer process."""
        job = WriteGraphJob(operation, graph, document=document, media_type=media_type)
        return cast(bool, self._pool.write(job, timeout=timeout or self._update_timeout))

    def drop_graph(self, graph: str | None, *, timeout: float | None = None) -> None:
        """Delete a named graph (or empty the default graph)."""
        self._pool.write(WriteGraphJob("drop", graph), timeout=timeout or self._update_timeout)

    def watch(self, graphs: Iterable[str]) -> None:
        """Have later writes record the exact change they make to ``graphs`` (see
        :meth:`~province40.store.pool.WorkerPool.watch`; :meth:`take_deltas` hands the changes over)."""
        self._pool.watch(graphs)

    def take_deltas(self) -> list[GraphDelta]:
        """The changes writes made to the watched graphs since the last call, oldest first."""
        return self._pool.take_deltas()

    # ------------------------------------------------------------ graphs and status

    def read_graph(self, graph: str | None, *, result_format: ResultFormat) -> bytes:
        """Serialise one graph."""
        return cast(bytes, self._pool.run(ReadGraphJob(graph, result_format), timeout=self._query_timeout))

    def named_graphs(self) -> tuple[str, ...]:
        """Sorted named-graph IRIs."""
        return cast(tuple[str, ...], self._pool.run(NamedGraphsJob(), timeout=self._query_timeout))

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Quads of the given named graphs, or of the whole store."""
        job = ExportJob(None if graphs is None else tuple(graphs))
        exported = cast(tuple[tuple[str, bytes], ...], self._pool.run(job, timeout=max(self._query_timeout, 60.0)))
        return quads_from_export(exported)

    def status(self) -> StoreStatus:
        """Quad and graph counts, read by a worker."""
        quads, graphs = cast(tuple[str, str], self._pool.run(CountJob(), timeout=self._query_timeout))
        return StoreStatus(
            backend=self.backend_name,
            ready=True,
            location=str(self._store_dir),
            quads=int(quads),
            named_graphs=int(graphs),
            detail={"writable": self._pool.writable},
        )

    def close(self) -> None:
        """Stop the worker processes."""
        if self._inline is not None:
            self._inline.close()
        self._pool.close()
