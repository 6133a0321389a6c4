"""Bounded point look-ups answered in the server process, from the store opened read-only there.

A worker process costs a pipe round trip, pickling and a context switch per request: about ten times
the work of reading one resource's triples. The query path's cost check
(:func:`province40.sparql.cost.is_bounded_lookup`) picks out the one query shape whose work is bounded
by the rows it reads (one triple pattern with a constant subject); those run here, on a read-only view,
and stop after :data:`BOUNDED_ROW_BUDGET` rows. Everything else, and anything that goes wrong here (a
look-up with more rows than the budget, an I/O error while the writer compacts files away), goes to the
worker processes, which keep the deadline, the crash isolation and the memory ceiling.

Read-your-writes: the view remembers the write generation it was opened at (the pool advances it after
every write, before the write's response is sent). When the generation has moved, the view declines
(the request goes to a worker, which reopens the store itself) and reopens in a background thread, so a
request never waits for RocksDB to open.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import pyoxigraph as ox

from province40.errors import Province40Error, QuerySyntaxError, StoreError
from province40.results import ResultFormat, ResultKind
from province40.store.base import QueryRequest, SerializedResult
from province40.store.jobs import QueryJob

log = logging.getLogger(__name__)

BOUNDED_ROW_BUDGET = 500
"""Rows a look-up may read in the server process; one more sends it to a worker (measured worst case:
see the README's "query path" section)."""


class InlineReader:
    """A read-only view of the store in this process, reopened in the background after each write."""

    def __init__(
        self,
        store_path: Path,
        generation: Callable[[], int],
        between_writes: Callable[[], AbstractContextManager[None]] = nullcontext,
    ) -> None:
        self._store_path = store_path
        self._generation = generation
        self._between_writes = between_writes
        self._lock = threading.Lock()
        self._view: tuple[int, ox.Store] | None = None
        self._reopening = False
        self._closed = False
        self._open()

    def _open(self) -> None:
        """Open a view at the current generation (read first: a write meanwhile makes it stale, not wrong)."""
        try:
            with self._between_writes():  # never while the writer has the store open
                generation = self._generation()
                store = ox.Store.read_only(str(self._store_path))
        except (OSError, RuntimeError) as error:  # RocksDB mid-compaction: the next request tries again
            log.warning("could not open the store read-only in the server process: %s", error)
            store = None
            generation = -1
        with self._lock:
            self._reopening = False
            if store is not None and not self._closed:
                self._view = (generation, store)

    def _current(self) -> ox.Store | None:
        with self._lock:
            view = self._view
            if view is not None and view[0] == self._generation():
                return view[1]
            self._view = None
            if self._reopening or self._closed:
                return None
            self._reopening = True
        threading.Thread(target=self._open, name="province40-inline-reopen", daemon=True).start()
        return None

    def execute(self, request: QueryRequest) -> SerializedResult | None:
        """Answer a bounded look-up here, or None: send it to a worker instead."""
        store = self._current()
        if store is None or request.result_format is None:
            return None
        job = QueryJob.of(request, max_rows=min(request.max_rows, BOUNDED_ROW_BUDGET))
        if request.result_format is ResultFormat.JSON:
            native = _native_json(store, job)
            if native is not None:
                return native
        try:
            result = job.run(store)
        except QuerySyntaxError:
            raise  # the same answer a worker would give
        except StoreError:  # an I/O error under a read-only view: the worker path retries and reopens
            with self._lock:
                if self._view is not None and self._view[1] is store:
                    self._view = None
            return None
        except Province40Error:  # any other failure: the worker path gives the authoritative answer
            return None
        assert isinstance(result, SerializedResult)
        if result.truncated and request.max_rows > BOUNDED_ROW_BUDGET:
            return None  # more rows than the budget: a worker reads them under the deadline
        return result

    def close(self) -> None:
        """Drop the view (the store closes when the last reference goes)."""
        with self._lock:
            self._closed = True
            self._view = None


def _native_json(store: ox.Store, job: QueryJob) -> SerializedResult | None:
    """SPARQL JSON written by the engine itself (a third of the time of building it term by term), when
    the rows fit the job's cap: the rows are counted in the written document. None: use the job's path
    (more rows than the cap, or an error, which that path words)."""
    try:
        solutions = store.query(job.text, **job.query_options())  # type: ignore[arg-type]
        if not isinstance(solutions, ox.QuerySolutions):
            return None
        body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, RuntimeError, OSError):
        return None
    if body is None:
        return None
    rows = json_rows(body)
    if rows > job.max_rows:
        return None
    return SerializedResult(ResultKind.SOLUTIONS, ResultFormat.JSON, body, rows, False)


def json_rows(body: bytes) -> int:
    """The solutions in SPARQL JSON as the engine writes it (compact: ``{"head":{"vars":[...]},"results":
    {"bindings":[{...},{...}]}}``), counted without parsing it (a tenth of the time).

    Inside a JSON string every ``"`` is escaped, so the bytes ``,{"`` occur only between two solutions that
    each bind something. A solution that binds nothing (``{}``) has no such mark: when ``[{}`` or ``,{}``
    occurs anywhere (perhaps only inside a literal), or the text is not in the compact form, the document is
    parsed instead (``tests/store/test_inline.py`` compares both on awkward literals)."""
    if not body.startswith(b'{"head":{"vars":[') or b"[{}" in body or b",{}" in body:
        return len(json.loads(body)["results"]["bindings"])
    if body.endswith(b'"bindings":[]}}'):
        return 0
    return body.count(b',{"') + 1
