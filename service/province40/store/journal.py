"""The write journal of the embedded store: which graphs each write through province40 touched.

A program that keeps something computed from the store (``province40 validate`` keeps the report of
every plan, :mod:`province40.validation.kept_parts`) needs to know, when the store has changed, *what*
changed, without reading the store (reading the national store takes longer than validating a plan).
Every write province40 makes to the embedded store appends one line to ``<store>.journal`` (beside the
store directory, never inside it): the store's digest before and after the write, and the graphs the
write may have changed (``null``: possibly any). ``province40 build``, which builds a new store, writes
instead a digest of the *content* of every graph it loaded, so a rebuild that changes one plan names
that plan.

The store's digest (:func:`store_digest`) is cheap: the names and sizes of the RocksDB table files
(``*.sst``: immutable, numbered from a counter that never goes back) and the bytes of every other
file (the write-ahead logs, ``MANIFEST-*``, ``CURRENT``, ``OPTIONS-*`` and ``IDENTITY``, the database's
random id, new for every store built). A write appends to the log or adds table files, and opening
the store for writing rewrites the manifest and starts a new log, so the digest changes; opening it
read-only changes no file. The info logs (``LOG``, ``LOG.old.*``) and ``LOCK`` are not content and are
left out.

:func:`changes_since` chains the journal from a digest to the store's current digest: it answers the
graphs changed since, or None when the chain is broken (a write by another tool, a write whose graphs
could not be known, a journal cut short). None means "recompute everything"; it is never a guess.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from province40.own_files import is_own_file
from province40.store.update_plan import DEFAULT_GRAPH, graphs_of_update

log = logging.getLogger(__name__)

_NOT_CONTENT = ("LOCK", "LOG")
_MAX_BYTES = 4 * 1024 * 1024
"""Past this size the journal keeps its newest half (older entries only serve older digests)."""


def journal_path(store_dir: Path) -> Path:
    """Where the journal of the store at ``store_dir`` is written (``<store_dir>.journal``)."""
    store_dir = store_dir.resolve()
    return store_dir.with_name(store_dir.name + ".journal")


def store_digest(store_dir: Path) -> str | None:
    """A digest of the store's files that changes with every write (see the module's docstring);
    None when there is no store at ``store_dir``."""
    digest = hashlib.blake2b(digest_size=20)
    try:
        names = sorted(os.listdir(store_dir))
    except FileNotFoundError:
        return None
    if "CURRENT" not in names:
        return None
    for name in names:
        if name in _NOT_CONTENT or name.startswith("LOG.old."):
            continue
        path = store_dir / name
        try:
            if name.endswith((".sst", ".blob")):
                digest.update(f"{name}\0{path.stat().st_size}\0".encode())
            else:
                data = path.read_bytes()
                digest.update(f"{name}\0{len(data)}\0".encode())
                digest.update(hashlib.blake2b(data, digest_size=20).digest())
        except (FileNotFoundError, IsADirectoryError):  # removed while listing: the digest differs anyway
            digest.update(f"{name}\0gone\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Entry:
    """One line of the journal."""

    before: str | None
    """The store's digest before the write (None: there was no store)."""
    after: str | None
    graphs: frozenset[str] | None = None
    """The graphs the write may have changed (None: possibly any), for a write to an existing store."""
    contents: Mapping[str, str] | None = None
    """For a build: a digest of the content of every named graph of the new store."""
    by: str = ""

    def to_json(self) -> str:
        """The entry as one JSON line."""
        record: dict[str, object] = {
            "before": self.before,
            "after": self.after,
            "by": self.by,
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        if self.contents is not None:
            record["contents"] = dict(sorted(self.contents.items()))
        else:
            record["graphs"] = None if self.graphs is None else sorted(self.graphs)
        return json.dumps(record, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, line: str) -> Entry | None:
        """The entry of one line, or None for a line that is not one."""
        try:
            record = json.loads(line)
            graphs = record.get("graphs")
            contents = record.get("contents")
            return cls(
                before=record["before"],
                after=record["after"],
                graphs=None if graphs is None else frozenset(str(g) for g in graphs),
                contents=None if contents is None else {str(k): str(v) for k, v in contents.items()},
                by=str(record.get("by", "")),
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def append(store_dir: Path, entry: Entry) -> None:
    """Add ``entry`` to the store's journal (best effort: a journal that cannot be written only means
    that the next validation recomputes everything, which an absent entry already causes)."""
    path = journal_path(store_dir)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as stream:
            fcntl.flock(stream, fcntl.LOCK_EX)
            stream.write(entry.to_json() + "\n")
            stream.flush()
            if os.fstat(stream.fileno()).st_size > _MAX_BYTES:
                _keep_newest_half(path)
    except OSError as error:
        log.warning("could not write the store journal %s: %s", path, error)


def _keep_newest_half(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text("".join(lines[len(lines) // 2 :]), encoding="utf-8")
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)


def read_journal(store_dir: Path) -> list[Entry]:
    """The journal's entries, oldest first (none when there is no journal or it is not to be trusted:
    not the user's own, or writable by others)."""
    path = journal_path(store_dir)
    if not is_own_file(path):
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    return [entry for line in text.splitlines() if (entry := Entry.from_json(line)) is not None]


@dataclass(frozen=True)
class Changes:
    """What changed in the store between two digests, as far as the journal knows."""

    graphs: frozenset[str]
    """The named graphs (and :data:`DEFAULT_GRAPH`) that may have changed."""
    contents: Mapping[str, str] = field(default_factory=dict)
    """The content digests of the graphs not changed since the last build (what a later build is
    compared with)."""


def changes_since(
    store_dir: Path, digest: str, contents: Mapping[str, str], *, current: str | None = None
) -> Changes | None:
    """The graphs changed between the store at ``digest`` (whose graphs had the content digests
    ``contents``, as far as known) and the store now, or None when the journal cannot tell."""
    current = current if current is not None else store_digest(store_dir)
    if current is None:
        return None
    return chain(read_journal(store_dir), digest, contents, current)


def chain(entries: Iterable[Entry], digest: str, contents: Mapping[str, str], current: str) -> Changes | None:
    """Follow ``entries`` from ``digest`` to ``current`` (see :func:`changes_since`)."""
    at = digest
    known = dict(contents)
    touched: set[str] = set()
    for entry in entries:
        if at == current:
            break
        if entry.before != at:
            continue
        if entry.contents is not None:  # a build: compare every graph's content with what was known
            for graph in set(known) | set(entry.contents):
                if known.get(graph) is None or known.get(graph) != entry.contents.get(graph):
                    touched.add(graph)
            known = dict(entry.contents)
        elif entry.graphs is None:
            return None
        else:
            touched.update(entry.graphs)
            for graph in entry.graphs:
                known.pop(graph, None)
        if entry.after is None:
            return None
        at = entry.after
    if at != current:
        return None
    return Changes(frozenset(touched), known)


def contents_at(store_dir: Path, current: str | None = None) -> dict[str, str]:
    """The content digests of the graphs of the store now, as far as the journal knows them: those of
    the last build that the journal chains to the store's current digest, less the graphs written since."""
    current = current if current is not None else store_digest(store_dir)
    entries = read_journal(store_dir)
    for position in range(len(entries) - 1, -1, -1):
        entry = entries[position]
        if entry.contents is None or entry.after is None:
            continue
        found = chain(entries[position + 1 :], entry.after, entry.contents, current or "")
        return dict(found.contents) if found is not None else {}
    return {}


def graph_contents(store: ox.Store) -> dict[str, str]:
    """A digest of the content of every graph of ``store`` (named graphs by IRI, the default graph as
    :data:`DEFAULT_GRAPH`): the graph written as N-Quads by the store, in the order of its index, which
    depends only on the content (the build reads blank nodes with stable identifiers)."""
    graphs: list[ox.NamedNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    graphs.extend(g for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    found: dict[str, str] = {}
    for graph in graphs:
        data = store.dump(format=ox.RdfFormat.N_QUADS, from_graph=graph) or b""
        name = DEFAULT_GRAPH if isinstance(graph, ox.DefaultGraph) else graph.value
        found[name] = hashlib.blake2b(data, digest_size=20).hexdigest()
    return found


def record_build(store_dir: Path, before: str | None, contents: Mapping[str, str]) -> None:
    """Journal a build that replaced the store at ``store_dir`` (digest ``before``; None: there was
    none) by a store whose graphs have the content digests ``contents``."""
    append(store_dir, Entry(before, store_digest(store_dir), contents=contents, by="build"))


def graphs_of_job(job: object) -> frozenset[str] | None:
    """The graphs a write job of the worker pool may change (None: possibly any)."""
    from province40.store.jobs import UpdateJob, WriteGraphJob

    if isinstance(job, WriteGraphJob):
        return frozenset({DEFAULT_GRAPH if job.graph is None else job.graph})
    if isinstance(job, UpdateJob):
        return graphs_of_update(job.text, base_iri=job.base_iri)
    return None


def record_write(store_dir: Path, before: str | None, job: object) -> None:
    """Journal a write job that ran (or failed, or was stopped) on the store at ``store_dir``, whose
    digest was ``before`` (taken with the writer lock held, before the job)."""
    append(store_dir, Entry(before, store_digest(store_dir), graphs_of_job(job), by="service"))
