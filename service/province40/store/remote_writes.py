"""All-or-nothing writes on any remote engine: staging graphs, batches, and snapshots restored on failure.

What the engine cannot promise (see :mod:`.capabilities`) is built here from single operations it can:

* **Replace a graph** (Graph Store PUT): the triples, already parsed locally, go into a fresh staging
  graph in batches; one ``MOVE <staging> TO <graph>`` switches them in; on failure the staging graph
  is dropped and the target was never touched. An engine with ``atomic_graph_replace`` gets one PUT.
* **Add to a graph** (POST): one ``INSERT DATA`` when it fits in a batch, else the graph is copied to a
  staging graph, the batches go there, and one ``MOVE`` switches it in.
* **A SPARQL update** of several operations on an engine without ``atomic_update``: every graph the
  update may write is copied to a snapshot graph first, the operations run one at a time (``CLEAR
  ALL`` and friends expanded to the store's own graphs: Virtuoso ignores them), and on failure every
  snapshot is moved back and graphs the update created are dropped.

Batches never split the triples that share a blank node (a blank node is scoped to one request), and
stay at or below ``insert_batch_triples`` otherwise. Writes to the default graph on an engine that has
no writable default graph are refused before anything is sent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence

import pyoxigraph as ox

from province40.errors import QueryEvaluationError, QueryRefused
from province40.store.local_parse import check_update
from province40.store.remote_http import RemoteEndpoint
from province40.store.update_plan import ALL_GRAPHS, Scope, UpdateOperation, plan_update

log = logging.getLogger(__name__)

WORK_GRAPH_BASE = "urn:x-province40:work/"
"""Staging and snapshot graphs live under this prefix; they are never listed as the store's graphs."""


def _refuse_default_graph(what: str) -> QueryRefused:
    return QueryRefused(
        f"{what} writes the default graph, and this remote engine has no writable default graph "
        "(capability writable_default_graph); write into a named graph",
        reason="default_graph_not_writable",
    )


def batches(triples: Sequence[ox.Triple], size: int) -> Iterator[list[ox.Triple]]:
    """The triples in batches of at most ``size``, never splitting those that share a blank node."""
    parent: dict[str, str] = {}

    def find(label: str) -> str:
        while parent.setdefault(label, label) != label:
            parent[label] = parent[parent[label]]
            label = parent[label]
        return label

    for triple in triples:
        blanks = [t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)]
        for other in blanks[1:]:
            parent[find(other)] = find(blanks[0])
        for label in blanks:
            find(label)
    groups: dict[str, list[ox.Triple]] = {}
    batch: list[ox.Triple] = []
    for triple in triples:
        blank = next((t.value for t in (triple.subject, triple.object) if isinstance(t, ox.BlankNode)), None)
        if blank is None:
            batch.append(triple)
            if len(batch) >= size:
                yield batch
                batch = []
        else:
            groups.setdefault(find(blank), []).append(triple)
    for group in groups.values():
        if batch and len(batch) + len(group) > size:
            yield batch
            batch = []
        batch.extend(group)
    if batch:
        yield batch


GRAPH_STORE_BATCH_TRIPLES = 50_000
"""Triples per Graph Store POST into a staging graph (one request per batch; no SPARQL text limits)."""


def _data_text(keyword: str, graph: str | None, triples: Sequence[ox.Triple]) -> str:
    """INSERT DATA / DELETE DATA; a batch with blank nodes is inserted as ``INSERT { … } WHERE {}``
    (Virtuoso refuses blank nodes in INSERT DATA; in a template they are fresh once per request)."""
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    inner = lines if graph is None else f"GRAPH <{graph}> {{\n{lines}\n}}"
    blank = any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples)
    if keyword == "INSERT" and blank:
        return f"INSERT {{\n{inner}\n}} WHERE {{}}"
    return f"{keyword} DATA {{\n{inner}\n}}"


def _n_triples(triples: Iterable[ox.Triple]) -> bytes:
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples).encode("utf-8")


class RemoteWriter:
    """Writes through one endpoint, with the store's graph list from ``graphs``."""

    def __init__(self, endpoint: RemoteEndpoint, graphs: Callable[[], tuple[str, ...]], timeout: float) -> None:
        self.endpoint = endpoint
        self.graphs = graphs
        self.timeout = timeout

    @property
    def _caps(self):  # type: ignore[no-untyped-def]
        return self.endpoint.capabilities

    def _send(self, text: str, timeout: float | None) -> None:
        self.endpoint.update(text, timeout=timeout or self.timeout)

    def insert(self, graph: str | None, triples: Sequence[ox.Triple], *, timeout: float | None = None) -> int:
        """Insert triples in batches (Graph Store POSTs into a named graph when the engine has a Graph
        Store endpoint, else INSERT DATA); returns the number of requests sent."""
        sent = 0
        if graph is not None and self.endpoint.graph_store_url:
            size = max(self._caps.insert_batch_triples, GRAPH_STORE_BATCH_TRIPLES)
            for batch in batches(triples, size):
                self.endpoint.graph_request("POST", graph, timeout=timeout or self.timeout, content=_n_triples(batch))
                sent += 1
            return sent
        for batch in batches(triples, self._caps.insert_batch_triples):
            self._send(_data_text("INSERT", graph, batch), timeout)
            sent += 1
        return sent

    def _staged(self, graph: str, triples: Sequence[ox.Triple], *, keep: bool, timeout: float | None) -> None:
        staging = f"{WORK_GRAPH_BASE}staging/{uuid.uuid4().hex}"
        try:
            if keep:
                self._send(f"COPY SILENT <{graph}> TO <{staging}>", timeout)
            self.insert(staging, triples, timeout=timeout)
            self._send(f"MOVE SILENT <{staging}> TO <{graph}>", timeout)
        finally:
            self._send(f"DROP SILENT GRAPH <{staging}>", timeout)

    def replace_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> None:
        """Replace a graph's triples, all or nothing."""
        triples = [q.triple for q in quads]
        if graph is None and not self._caps.writable_default_graph:
            raise _refuse_default_graph("replacing ?default")
        if self._caps.atomic_graph_replace and self.endpoint.graph_store_url:
            self.endpoint.graph_request("PUT", graph, timeout=timeout or self.timeout, content=_n_triples(triples))
        elif graph is None:
            self._send("CLEAR DEFAULT", timeout)  # an engine with a writable default graph: atomic updates
            self.insert(None, triples, timeout=timeout)
        elif not triples:
            self._send(f"CLEAR SILENT GRAPH <{graph}>", timeout)
        else:
            self._staged(graph, triples, keep=False, timeout=timeout)

    def add_to_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> None:
        """Add triples to a graph, all or nothing."""
        triples = [q.triple for q in quads]
        if graph is None and not self._caps.writable_default_graph:
            raise _refuse_default_graph("adding to ?default")
        if len(triples) <= self._caps.insert_batch_triples or graph is None:
            self.insert(graph, triples, timeout=timeout)
        else:
            self._staged(graph, triples, keep=True, timeout=timeout)

    # ------------------------------------------------------------ SPARQL updates

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Apply an update all or nothing, whatever the engine promises."""
        check_update(text)
        operations = plan_update(text)
        caps = self._caps
        exists = set(self.graphs())
        for operation in operations:
            self._precheck(operation, exists)
        if caps.atomic_update and caps.writable_default_graph and not caps.scoped_dataset:
            self._send(text, timeout)
            return
        simple = len(operations) == 1 and operations[0].data is None and operations[0].scope is not Scope.ALL
        if simple and operations[0].scope is not Scope.NAMED:
            self._apply(operations[0], timeout)
            return
        self._guarded(operations, timeout)

    def _precheck(self, operation: UpdateOperation, exists: set[str]) -> None:
        """Refuse what must fail before anything is sent, tracking which graphs exist as operations run."""
        if operation.data is not None and not self._caps.writable_default_graph:
            if any(isinstance(q.graph_name, ox.DefaultGraph) for q in operation.data) and operation.keyword == "INSERT":
                raise _refuse_default_graph(f"{operation.keyword} DATA")
        if operation.keyword in ("LOAD", "ADD", "MOVE", "COPY") and None in operation.writes:
            if not self._caps.writable_default_graph:
                raise _refuse_default_graph(operation.keyword)
        graph = operation.graph
        if operation.scope is Scope.GRAPH and graph is not None:
            if operation.keyword in ("DROP", "CLEAR") and not operation.silent and graph not in exists:
                raise QueryEvaluationError(f"the graph <{graph}> does not exist ({operation.keyword} GRAPH)")
            if operation.keyword == "CREATE" and not operation.silent and graph in exists:
                raise QueryEvaluationError(f"the graph <{graph}> already exists (CREATE GRAPH)")
            if operation.keyword == "DROP":
                exists.discard(graph)
            elif operation.keyword == "CREATE":
                exists.add(graph)
        elif operation.scope in (Scope.ALL, Scope.NAMED) and operation.keyword == "DROP":
            exists.clear()
        else:
            exists.update(g for g in operation.writes if g is not None and g != ALL_GRAPHS)

    def _apply(self, operation: UpdateOperation, timeout: float | None) -> None:
        caps = self._caps
        keyword = operation.keyword
        if operation.data is not None:
            by_graph: dict[str | None, list[ox.Triple]] = {}
            for quad in operation.data:
                name = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
                by_graph.setdefault(name, []).append(quad.triple)
            for graph, triples in by_graph.items():
                if graph is None and not caps.writable_default_graph:
                    continue  # DELETE DATA from an always-empty default graph: nothing to do
                for batch in batches(triples, caps.insert_batch_triples):
                    self._send(_data_text(keyword, graph, batch), timeout)
            return
        if keyword in ("CLEAR", "DROP") and operation.scope is not None:
            if operation.scope is Scope.GRAPH:
                self._send(f"{keyword} SILENT GRAPH <{operation.graph}>", timeout)
                return
            if operation.scope in (Scope.ALL, Scope.NAMED):
                for graph in self.graphs():
                    self._send(f"{keyword} SILENT GRAPH <{graph}>", timeout)
            if operation.scope in (Scope.ALL, Scope.DEFAULT) and caps.writable_default_graph:
                self._send(f"{keyword} SILENT DEFAULT", timeout)
            return
        if keyword == "CREATE" and operation.graph is not None:
            self._send(f"CREATE SILENT GRAPH <{operation.graph}>", timeout)
            return
        self._send(operation.text, timeout)

    def _guarded(self, operations: Sequence[UpdateOperation], timeout: float | None) -> None:
        before = set(self.graphs())
        touched: set[str] = set()
        for operation in operations:
            if ALL_GRAPHS in operation.writes:
                touched |= before
            touched |= {g for g in operation.writes if g is not None and g != ALL_GRAPHS}
        run = uuid.uuid4().hex
        snapshots = {g: f"{WORK_GRAPH_BASE}snapshot/{run}/{i}" for i, g in enumerate(sorted(touched & before))}
        for graph, snapshot in snapshots.items():
            self._send(f"COPY SILENT <{graph}> TO <{snapshot}>", timeout)
        try:
            for operation in operations:
                self._apply(operation, timeout)
        except BaseException:
            log.warning("update failed on the remote engine; restoring %d graph snapshots", len(snapshots))
            for graph, snapshot in snapshots.items():
                self._send(f"MOVE SILENT <{snapshot}> TO <{graph}>", timeout)
            for graph in set(self.graphs()) - before:
                self._send(f"DROP SILENT GRAPH <{graph}>", timeout)
            raise
        for snapshot in snapshots.values():
            self._send(f"DROP SILENT GRAPH <{snapshot}>", timeout)

