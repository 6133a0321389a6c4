"""The SPARQL endpoint's logic: guard, negotiate, evaluate under limits (or serve the answer from the
one result cache), log one line per query.

No web framework here: :mod:`province40.api.routes.sparql` only translates HTTP to these calls.

A query's serialised result is kept in :class:`~province40.result_cache.ResultCache` under everything
that shapes it: the text, the result format, the row cap, the protocol dataset (``default-graph-uri``,
``named-graph-uri``, whether the union default graph applies) and the base IRI, at the current data
generation (every write through the service advances it, so no answer outlives a write). The cached
value is the whole result, the truncation flag among it, so a cached answer's body and headers are those
of an uncached one. The guard's verdict on a text is kept in the same cache (it depends only on the
text and on the store's graphs, which only a write changes; a refused text is never kept); the
protocol dataset's checks run on every request. A request whose text is being answered for another
waits for that answer instead of computing it twice.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from province40 import namespaces as ns
from province40.errors import AccessDenied, ParameterError, Province40Error
from province40.result_cache import ResultCache, Served
from province40.results import ResultFormat, ResultKind
from province40.settings import Settings
from province40.sparql.guard import GuardLimits, QueryForm, RequestScan, check_request, query_kind, scan
from province40.sparql.lookup_log import LookupLog
from province40.sparql.lookup_shape import is_strict_lookup
from province40.sparql.negotiation import choose_format
from province40.sparql.protocol import Operation, ProtocolRequest, effective_limit
from province40.sparql.protocol_dataset import absent_graphs, graph_iri, with_using_parameters
from province40.store.base import QueryRequest, SerializedResult, Store
from province40.store.update_plan import graphs_of_update

log = logging.getLogger(__name__)

_GRAPH_CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class QueryOutcome:
    """A serialised result and the limits it ran under."""

    result: SerializedResult
    timeout: float
    max_rows: int
    query_hash: str
    elapsed: float
    absent_graphs: tuple[str, ...] = ()
    """Graphs of the protocol dataset the store does not hold, read as empty graphs."""
    served: Served = Served.OFF
    """Whether the result came from the result cache."""


@dataclass(frozen=True)
class _Prepared:
    """A guarded, negotiated query, ready for the store."""

    form: QueryForm
    store_request: QueryRequest
    digest: str


class _NotBounded(Exception):
    """The store declined to answer a bounded look-up at once."""


_BOUNDED_TEXT_CHARS = 2_000
"""Longer texts are never point look-ups worth checking on the event loop."""

_LOOKUP_NESTING = 2
"""How deep the strict look-up shape nests (``{ GRAPH ?g { ... } }``): the guard's depth limit must allow it."""

_NEGOTIATED_ACCEPTS = 256
"""Distinct ``Accept`` headers whose negotiated SELECT format the look-up path remembers."""


@dataclass(frozen=True)
class UpdateOutcome:
    """An applied update: how long it took, the protocol-dataset graphs read as empty and the graphs
    it may have written (None: possibly any; :func:`~province40.store.update_plan.graphs_of_update`)."""

    elapsed: float
    absent_graphs: tuple[str, ...] = ()
    written: frozenset[str] | None = None


def query_hash(text: str) -> str:
    """A short, stable identifier of a query text for logs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _size(result: SerializedResult) -> int:
    """A cached result's share of the cache's bytes: its body and a little for the rest."""
    return len(result.body) + 256


class SparqlService:
    """Runs protocol requests against a store with the configured limits."""

    def __init__(self, store: Store, settings: Settings, *, cache: ResultCache | None = None) -> None:
        self.store = store
        self.settings = settings
        self.cache = cache
        self.limits = GuardLimits(
            max_bytes=settings.max_query_bytes,
            max_depth=settings.max_query_depth,
            max_operators=settings.max_query_operators,
            outbound_allowlist=settings.outbound_allowlist,
        )
        self._graphs: frozenset[str] = frozenset()
        self._graphs_read = 0.0
        self._graphs_lock = threading.Lock()
        self._lookup_formats: dict[str | None, ResultFormat | None] = {}
        self.lookup_log = LookupLog()
        """The fast path's look-ups, logged one line per second (flushed at shutdown)."""
        # the strict look-up shape passes the guard whenever its limits admit the text's size and two levels
        self._strict_lookups = settings.max_query_depth >= _LOOKUP_NESTING

    # ------------------------------------------------------------ helpers

    def is_local_graph(self, iri: str) -> bool:
        """True for the project's own graph IRIs and any named graph in the store.

        The cached list answers "yes" for a few seconds; a "no" is always checked against the store,
        since the Graph Store protocol may have created the graph a moment ago."""
        if iri.startswith(ns.GRAPH_BASE):
            return True
        with self._graphs_lock:
            fresh = time.monotonic() - self._graphs_read <= _GRAPH_CACHE_SECONDS
            if fresh and iri in self._graphs:
                return True
            self._graphs = frozenset(self.store.named_graphs())
            self._graphs_read = time.monotonic()
            return iri in self._graphs

    def _protocol_dataset(self, request: ProtocolRequest) -> tuple[str, ...]:
        """Check the dataset parameters and return the graphs among them the store does not hold.

        Those are read as empty graphs (nothing is ever fetched): SPARQL 1.1 Protocol §2.1.4 leaves it to
        the service, and Oxigraph and Fuseki do the same. Each IRI must be an absolute IRI (else 400)."""
        named = (
            ("default-graph-uri", request.default_graphs),
            ("named-graph-uri", request.named_graphs),
            ("using-graph-uri", request.using_graphs),
            ("using-named-graph-uri", request.using_named_graphs),
        )
        for parameter, iris in named:
            for iri in iris:
                graph_iri(iri, parameter)
        every = [iri for _, iris in named for iri in iris]
        return absent_graphs(every, self.is_local_graph)

    # ------------------------------------------------------------ operations

    def scan_query(self, text: str, scanned: RequestScan | None = None) -> RequestScan:
        """Apply the guard to a query text (``scanned``: its :func:`scan`, when already made)."""
        return check_request(
            text, limits=self.limits, expect_update=False, is_local_graph=self.is_local_graph, scanned=scanned
        )

    def query(
        self, request: ProtocolRequest, *, accept: str | None, base_iri: str | None = None, fresh: bool = False
    ) -> QueryOutcome:
        """Guard, negotiate and evaluate a protocol query; relative IRIs resolve against ``base_iri``
        (the endpoint's URL, which the Protocol allows as the service-defined base). An answer computed
        at the current data generation is served from the result cache unless ``fresh`` is asked for.
        The guard's verdict on a text is kept in the cache too (it depends on the text and on the
        store's graphs, which only a write changes); a refused text is never kept."""
        text = request.text
        scanned = (
            self.scan_query(text)
            if self.cache is None
            else self.cache.get(("guard", text), lambda: self.scan_query(text), weigh=lambda _: 512 + 2 * len(text))
        )
        prepared = self._prepare(request, scanned, accept=accept, base_iri=base_iri)
        absent = self._protocol_dataset(request)
        return self._evaluate(prepared, self._cached(prepared, fresh=fresh), absent)

    def query_bounded(
        self, request: ProtocolRequest, *, accept: str | None, base_iri: str | None = None
    ) -> QueryOutcome | None:
        """The same answer as :meth:`query` for a bounded point look-up the store answers at once (no
        worker hop, cheap enough for the event loop); None for every other request: call :meth:`query`.

        Only short query texts without a protocol dataset are looked at, so nothing here waits on the store."""
        if (
            request.operation is not Operation.QUERY
            or len(request.text) > _BOUNDED_TEXT_CHARS
            or request.default_graphs
            or request.named_graphs
            or request.using_graphs
            or request.using_named_graphs
        ):
            return None
        scanned = scan(request.text)
        if not scanned.bounded:
            return None
        prepared = self._prepare(request, self.scan_query(request.text, scanned), accept=accept, base_iri=base_iri)

        def evaluate() -> tuple[SerializedResult, Served]:
            result = self.store.execute_bounded(prepared.store_request)
            if result is None:
                raise _NotBounded
            return result, Served.INLINE

        try:
            return self._evaluate(prepared, evaluate, ())
        except _NotBounded:
            return None

    def lookup(self, text: str, *, accept: str | None) -> QueryOutcome | None:
        """The answer to a query request that is nothing but ``text`` (no dataset, limit or format
        parameter) when ``text`` is a point look-up of the strict shape
        (:mod:`province40.sparql.lookup_shape`) the store answers at once; None otherwise: read the
        request in full and call :meth:`query_bounded` / :meth:`query`, which also word every error.

        The strict shape is one the guard accepts (``_strict_lookups``: its size and nesting fit the
        limits; no operator, dataset or outbound IRI) and the cost check marks bounded, so neither runs
        here; the answer and its headers are those :meth:`query_bounded` gives, and its log line is tallied
        with the others' (:mod:`province40.sparql.lookup_log`)."""
        if not self._strict_lookups or not is_strict_lookup(text) or len(text.encode()) > self.limits.max_bytes:
            return None
        result_format = self._lookup_format(accept)
        if result_format is None:
            return None
        timeout = self.settings.query_timeout
        max_rows = self.settings.max_rows
        request = QueryRequest(text=text, result_format=result_format, timeout=timeout, max_rows=max_rows)
        started = time.perf_counter()
        try:
            result = self.store.execute_bounded(request)
        except Province40Error:  # a text the engine refuses: the full path gives the same error, worded
            return None
        if result is None:
            return None
        elapsed = time.perf_counter() - started
        digest = query_hash(text)
        self.lookup_log.note(
            digest, rows=result.rows, truncated=result.truncated, format_name=result.result_format.name, elapsed=elapsed
        )
        return QueryOutcome(result, timeout, max_rows, digest, elapsed, (), Served.INLINE)

    def _lookup_format(self, accept: str | None) -> ResultFormat | None:
        """The negotiated format of SELECT results for ``accept`` (remembered), or None when the client
        accepts none of them (the full path words the 406)."""
        try:
            return self._lookup_formats[accept]
        except KeyError:
            pass
        try:
            chosen: ResultFormat | None = choose_format(ResultKind.SOLUTIONS, accept=accept)
        except Province40Error:
            chosen = None
        if len(self._lookup_formats) >= _NEGOTIATED_ACCEPTS:
            self._lookup_formats.clear()
        self._lookup_formats[accept] = chosen
        return chosen

    def _prepare(
        self, request: ProtocolRequest, scanned: RequestScan, *, accept: str | None, base_iri: str | None
    ) -> _Prepared:
        if scanned.form is None:
            raise ParameterError("the query has no SELECT, ASK, CONSTRUCT or DESCRIBE form", parameter="query")
        result_format = choose_format(query_kind(scanned.form), accept=accept, format_param=request.format)
        timeout = effective_limit(request.timeout, self.settings.query_timeout)
        max_rows = int(effective_limit(request.max_rows, self.settings.max_rows))
        # A protocol dataset is the whole dataset (SPARQL 1.1 Protocol §2.1.4): default-graph-uri alone
        # means no named graphs, named-graph-uri alone an empty default graph; () says so, None = unset.
        protocol_dataset = bool(request.default_graphs or request.named_graphs)
        store_request = QueryRequest(
            text=request.text,
            result_format=result_format,
            timeout=timeout,
            max_rows=max_rows,
            default_graphs=request.default_graphs if protocol_dataset else None,
            named_graphs=request.named_graphs if protocol_dataset else None,
            union_default_graph=not scanned.dataset_iris,
            base_iri=base_iri,
        )
        return _Prepared(scanned.form, store_request, query_hash(request.text))

    def _cached(self, prepared: _Prepared, *, fresh: bool) -> Callable[[], tuple[SerializedResult, Served]]:
        """Evaluate ``prepared`` in a worker, through the result cache when there is one."""
        query = prepared.store_request

        def evaluate() -> tuple[SerializedResult, Served]:
            if self.cache is None:
                return self.store.execute(query), Served.OFF
            key = (
                "sparql",
                query.text,
                query.result_format,
                query.max_rows,
                query.default_graphs,
                query.named_graphs,
                query.union_default_graph,
                query.base_iri,
            )
            return self.cache.serve(key, lambda: self.store.execute(query), weigh=_size, fresh=fresh)

        return evaluate

    def _evaluate(
        self,
        prepared: _Prepared,
        evaluate: Callable[[], tuple[SerializedResult, Served]],
        absent: tuple[str, ...],
    ) -> QueryOutcome:
        """Run ``evaluate`` and log one line (the query's hash, form, rows, format, cache and time)."""
        started = time.perf_counter()
        try:
            result, served = evaluate()
        except _NotBounded:
            raise
        except Exception as error:
            log.info(
                "query %s form=%s failed after %.1f ms: %s",
                prepared.digest,
                prepared.form.value,
                (time.perf_counter() - started) * 1000,
                type(error).__name__,
            )
            raise
        elapsed = time.perf_counter() - started
        log.info(
            "query %s form=%s rows=%d truncated=%s format=%s cache=%s time=%.1fms",
            prepared.digest,
            prepared.form.value,
            result.rows,
            result.truncated,
            result.result_format.name,
            served.value,
            elapsed * 1000,
        )
        request = prepared.store_request
        return QueryOutcome(result, request.timeout, request.max_rows, prepared.digest, elapsed, absent, served)

    def update(self, request: ProtocolRequest, *, authorised: bool, base_iri: str | None = None) -> UpdateOutcome:
        """Guard and apply an update (``authorised``: token checked); relative IRIs resolve against
        ``base_iri``. ``using-graph-uri`` / ``using-named-graph-uri`` become USING / USING NAMED clauses."""
        if not authorised:
            raise AccessDenied("updates need the bearer token", token_given=False)
        check_request(request.text, limits=self.limits, expect_update=True, is_local_graph=self.is_local_graph)
        absent = self._protocol_dataset(request)
        text = with_using_parameters(request.text, request.using_graphs, request.using_named_graphs)
        digest = query_hash(request.text)
        started = time.perf_counter()
        try:
            self.store.update(text, timeout=self.settings.update_timeout, base_iri=base_iri)
        finally:
            with self._graphs_lock:
                self._graphs_read = 0.0
        elapsed = time.perf_counter() - started
        log.info("update %s applied in %.1f ms", digest, elapsed * 1000)
        return UpdateOutcome(elapsed, absent, graphs_of_update(text, base_iri=base_iri))
