"""Worker processes that run jobs on the embedded store, with deadlines that really stop the work.

pyoxigraph cannot cancel a running query from Python, and a hostile query can crash the process it
runs in. So every job runs in a separate process (``spawn`` start method): readers open the store
read-only, one writer opens it read-write (only when updates are enabled). A job that passes its
deadline gets its process killed and replaced; a job whose process dies (a crash) costs only that
request. Readers reopen the store after each write so they see it; the writer opens the store for
each write and closes it before answering, so no reader ever opens it while another process holds it
for writing (undefined behaviour in pyoxigraph). A write that may change a graph someone watches
(:meth:`WorkerPool.watch`) runs as a :class:`~province40.store.jobs.DeltaJob` and hands back the
exact change it made there (:meth:`WorkerPool.take_deltas`).

::

    request thread ──job──▶ idle reader (Store.read_only) ──result──▶ request thread
                   ──job──▶ writer (Store, read-write; one at a time)
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from province40 import errors
from province40.store import journal
from province40.store.graph_delta import GraphDelta
from province40.store.jobs import DeltaJob, DeltaResult, Job, JobResult, UpdateJob, WriteGraphJob
from province40.store.recovery import recover_store

log = logging.getLogger(__name__)

_CONTEXT = multiprocessing.get_context("spawn")
_STARTUP_TIMEOUT = 60.0


def _error_payload(error: errors.Province40Error) -> tuple[str, str, dict[str, Any]]:
    return type(error).__name__, error.message, error.detail


def _rebuild_error(name: str, message: str, detail: dict[str, Any]) -> errors.Province40Error:
    cls = getattr(errors, name, errors.StoreError)
    if not (isinstance(cls, type) and issubclass(cls, errors.Province40Error)):
        cls = errors.StoreError
    error = cls.__new__(cls)
    errors.Province40Error.__init__(error, message, detail=detail)
    return error


_DISK_FULL = "No space left on device"


def _disk_full_payload(error: BaseException) -> tuple[str, str, dict[str, Any]] | None:
    """A write that failed because the disk is full: a 503 (retry once there is room), not a 502."""
    text = error.message if isinstance(error, errors.Province40Error) else str(error)
    if _DISK_FULL not in text:
        return None
    message = "the disk holding the store is full: nothing was written; free some space, then retry"
    return "StoreUnavailable", message, {"reason": "disk_full"}


_TRANSIENT = ("IO error", "Corruption", "No such file")
_ATTEMPTS = 6


def _transient(error: BaseException) -> bool:
    """A read-only RocksDB instance can find an SST file gone: the writer compacted it away."""
    text = error.message if isinstance(error, errors.Province40Error) else str(error)
    return any(marker in text for marker in _TRANSIENT)


def _limit_memory(memory_mib: int | None) -> None:
    """Cap this process's data segment (heap and private anonymous mappings: what queries allocate)."""
    if memory_mib is None:
        return
    import resource

    limit = memory_mib * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit if hard == resource.RLIM_INFINITY else min(limit, hard)))


def worker_main(conn: Connection, store_path: str, writable: bool, memory_mib: int | None = None) -> None:
    """Entry point of a worker process: open the store, then run jobs until told to stop.

    Readers open the store read-only. While the writer process has it open, RocksDB may compact
    files away under a reader; the reader then gets an I/O error, reopens the store (seeing the
    current files) and runs the job again, a few times at most. Read jobs are safe to repeat."""
    import pyoxigraph as ox

    _limit_memory(memory_mib)

    def open_store() -> ox.Store:
        for attempt in range(_ATTEMPTS):
            try:
                return ox.Store(store_path) if writable else ox.Store.read_only(store_path)
            except (OSError, RuntimeError) as error:  # pyoxigraph raises RuntimeError("Corruption: IO error...")
                if writable or not _transient(error) or attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.01 * (attempt + 1))
        raise AssertionError("unreachable")

    try:
        store: ox.Store | None = open_store()
    except OSError as error:
        conn.send(("fatal", f"cannot open the store at {store_path}: {error}"))
        return
    if writable:
        store = None  # opened for each write, closed before it is answered (see below)
    generation = 0
    conn.send(("ready", None))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        job_generation, job = message
        reply: tuple[str, Any]
        try:
            if store is None or (not writable and job_generation != generation):
                store = None  # a reader's old view is closed before the new one opens
                store = open_store()
                generation = job_generation
            for attempt in range(_ATTEMPTS):
                try:
                    result = job.run(store)
                    break
                except (errors.StoreError, OSError) as error:
                    if writable or not _transient(error) or attempt == _ATTEMPTS - 1:
                        raise
                    store = None
                    store = open_store()
            if writable:
                store.flush()
            reply = ("ok", result)
        except errors.Province40Error as error:
            reply = ("error", _disk_full_payload(error) or _error_payload(error))
        except MemoryError:
            message = f"the request needed more memory than a worker may use ({memory_mib} MiB); simplify it"
            detail = {"reason": "too_much_memory", "setting": "worker_memory_mib"}
            reply = ("error", ("QueryRefused", message, detail))
        except Exception as error:  # noqa: BLE001 - reported to the parent, never swallowed
            payload = _disk_full_payload(error) or ("StoreError", f"{type(error).__name__}: {error}", {})
            reply = ("error", payload)
        if writable:
            # Readers open the store (read-only) after a write is answered. pyoxigraph calls opening a store
            # read-only while another process writes it undefined behaviour (seen here: a reader opening
            # while the writer's RocksDB flushed or compacted spun until it hit its memory ceiling, or found
            # files gone), so the writer closes the store, which waits for RocksDB's background work,
            # before it answers: between writes no process has the store open for writing.
            store = None
        conn.send(reply)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    writable: bool

    @classmethod
    def start(cls, store_path: Path, writable: bool, memory_mib: int | None = None) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(
            target=worker_main,
            args=(child, str(store_path), writable, memory_mib),
            daemon=True,
            name="province40-worker",
        )
        process.start()
        child.close()
        worker = cls(process, parent, writable)
        if not parent.poll(_STARTUP_TIMEOUT):
            worker.kill()
            raise errors.StoreError("a store worker did not start within 60 s")
        try:
            status, payload = parent.recv()
        except EOFError:
            worker.kill()
            raise errors.StoreError("a store worker exited while opening the store") from None
        if status != "ready":
            worker.kill()
            raise errors.ConfigurationError(str(payload))
        return worker

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        try:
            self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.process.join(2)
        self.kill()


class WorkerPool:
    """A fixed number of reader processes and, when ``writable``, one writer process."""

    def __init__(self, store_path: Path, *, readers: int, writable: bool, memory_mib: int | None = None) -> None:
        recover_store(store_path)
        if not (store_path / "CURRENT").is_file():
            raise errors.ConfigurationError(
                f"no store at {store_path}: build it first with `province40 build --store {store_path}`"
            )
        self._store_path = store_path
        self._writable = writable
        self._memory_mib = memory_mib
        self._generation = 0
        self._generation_lock = threading.Lock()
        self._closed = False
        self._restarts: list[threading.Thread] = []
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._writer_lock = threading.Lock()
        self._watched: frozenset[str] = frozenset()
        self._deltas: list[GraphDelta] = []
        self._delta_lock = threading.Lock()  # not the writer lock: watching never waits for a write
        before = journal.store_digest(store_path) if writable else None
        self._writer: _Worker | None = (
            _Worker.start(store_path, writable=True, memory_mib=memory_mib) if writable else None
        )
        if before is not None:  # the writer opened and closed the store: new files, the same content
            journal.append(store_path, journal.Entry(before, journal.store_digest(store_path), frozenset(), by="open"))
        self._readers = readers
        for _ in range(readers):
            self._idle.put(_Worker.start(store_path, writable=False, memory_mib=memory_mib))

    @property
    def generation(self) -> int:
        """How many writes have finished (advanced before a write returns): views older than it are stale."""
        return self._generation

    @property
    def writable(self) -> bool:
        """True when a writer process exists (updates enabled)."""
        return self._writer is not None

    def run(self, job: Job, *, timeout: float, setting: str = "query_timeout") -> JobResult:
        """Run a read job on an idle reader, within ``timeout`` seconds (waiting included)."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise errors.ServiceBusy(
                f"every query worker stayed busy for {timeout:g} s; try again shortly "
                "(setting 'workers' sets how many there are)"
            ) from None
        remaining = max(deadline - time.monotonic(), 0.001)
        keep = True
        try:
            return self._call(worker, job, remaining, timeout, setting)
        except (errors.QueryTimeout, errors.QueryCrashed):
            keep = False
            raise
        finally:
            if keep:
                self._idle.put(worker)
            else:
                self._replace_reader_later()

    @contextmanager
    def between_writes(self) -> Iterator[None]:
        """Hold off writes meanwhile: for opening the store read-only in another process or thread, which
        pyoxigraph leaves undefined while a process has it open for writing (the writer only has it open
        during a write)."""
        with self._writer_lock:
            yield

    def watch(self, graphs: Iterable[str]) -> None:
        """Have every later write that may change one of ``graphs`` hand back the exact change it made
        to it (:meth:`take_deltas`), computed by the writer process. A watched graph costs its write
        two reads of the graph (before and after); the set replaces the previous one."""
        with self._delta_lock:
            self._watched = frozenset(graphs)

    def take_deltas(self) -> list[GraphDelta]:
        """The deltas of the watched graphs written since the last call, oldest first (then forgotten)."""
        with self._delta_lock:
            deltas, self._deltas = self._deltas, []
        return deltas

    def _watching(self, job: Job) -> tuple[str, ...]:
        watched = self._watched
        if not watched or not isinstance(job, UpdateJob | WriteGraphJob):
            return ()
        written = journal.graphs_of_job(job)
        return tuple(sorted(watched if written is None else watched & written))

    def write(self, job: Job, *, timeout: float) -> JobResult:
        """Run a write job on the writer; readers see the result from their next job on. A write that
        may change a watched graph (:meth:`watch`) records what it changed there (:meth:`take_deltas`)."""
        if self._writer is None:
            raise errors.AccessDenied("this store is read-only: no update token is configured", token_given=True)
        with self._writer_lock:
            worker = self._writer
            before = journal.store_digest(self._store_path)
            watched = self._watching(job)
            sent: Job = DeltaJob(job, watched) if watched and isinstance(job, UpdateJob | WriteGraphJob) else job
            try:
                result = self._call(worker, sent, timeout, timeout, "update_timeout")
                if isinstance(result, DeltaResult):
                    with self._delta_lock:
                        self._deltas.extend(result.deltas)
                    result = result.result
            except (errors.QueryTimeout, errors.QueryCrashed):
                worker.kill()
                self._writer = _Worker.start(self._store_path, writable=True, memory_mib=self._memory_mib)
                raise
            finally:
                with self._generation_lock:
                    self._generation += 1
                journal.record_write(self._store_path, before, job)
            return result

    def _call(self, worker: _Worker, job: Job, wait: float, budget: float, setting: str) -> JobResult:
        with self._generation_lock:
            generation = self._generation
        try:
            worker.conn.send((generation, job))
            ready = worker.conn.poll(wait)
        except (OSError, EOFError, ValueError):
            worker.kill()
            raise errors.QueryCrashed(
                "the worker process for this request had ended; the request was not run, retry it"
            ) from None
        if not ready:
            worker.kill()
            log.warning("job stopped at its deadline of %.3g s (%s)", budget, setting)
            raise errors.QueryTimeout(budget, setting=setting)
        try:
            status, payload = worker.conn.recv()
        except (EOFError, OSError):
            worker.process.join(2)  # reap it, so the exit code is known
            code = worker.process.exitcode
            worker.kill()
            log.error("worker process ended while running a job (exit code %s)", code)
            raise errors.QueryCrashed(
                f"evaluating this request ended its worker process (exit code {code}); the service is "
                "unaffected. Simplify the request (less nesting, shorter operator chains, smaller "
                "intermediate results: each worker may use worker_memory_mib of memory)",
                detail={"exit_code": code},
            ) from None
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        name, message, detail = payload
        raise _rebuild_error(name, message, detail)

    def _replace_reader_later(self) -> None:
        def start() -> None:
            if self._closed:
                return
            try:
                worker = _Worker.start(self._store_path, writable=False, memory_mib=self._memory_mib)
            except errors.Province40Error:
                if not self._closed:
                    log.exception("could not start a replacement query worker")
                return
            if self._closed:
                worker.stop()
            else:
                self._idle.put(worker)

        thread = threading.Thread(target=start, name="province40-worker-restart", daemon=True)
        self._restarts.append(thread)
        thread.start()

    def close(self) -> None:
        """Stop every worker (waiting for replacements being started)."""
        self._closed = True
        for thread in self._restarts:
            thread.join(_STARTUP_TIMEOUT)
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break
        if self._writer is not None:
            self._writer.stop()
            self._writer = None
