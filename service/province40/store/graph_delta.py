"""What one write changed in one named graph: the exact quads added and removed, chained by fingerprints.

A program that keeps a graph's content in memory (the server's :class:`~province40.validation.plan_reader.PlanReader`
keeps the plans it validated) can bring it up to date after a write from the write's
:class:`GraphDelta` instead of reading the graph back from the store. The writer process computes
the delta of the graphs it was asked to watch (:meth:`province40.store.pool.WorkerPool.watch`) by
comparing the graph before and after the write, inside the same process and transaction order, so
the delta is exact whatever the write was (Graph Store PUT/POST/DELETE, any SPARQL Update, a plan
import).

Each delta carries the :func:`fingerprint` of the graph before and after the write: a holder whose
copy's fingerprint is not ``before`` missed a write (or applied it already) and must read the graph
in full. The fingerprint is a sum of per-quad hashes (modulo 2**128), so it does not depend on the
order the store gives the quads in and can be carried forward from the delta alone
(:meth:`GraphDelta.carried`). Blank nodes keep the store's labels on both sides (the store's dump
and ``quads_for_pattern`` give the same labels), so a delta about blank nodes applies as it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

_MODULUS = 1 << 128


def quad_hash(quad: ox.Quad | ox.Triple) -> int:
    """The hash of one triple (the graph name left out) that :func:`fingerprint` sums: of its
    N-Triples text, as :func:`line_hash` hashes a line of the store's N-Triples dump."""
    triple = quad.triple if isinstance(quad, ox.Quad) else quad
    return _hash(str(triple).encode("utf-8"))


def line_hash(line: bytes) -> int:
    """:func:`quad_hash` of the triple on one line of an N-Triples dump (``<s> <p> <o> .``)."""
    return _hash(line[:-2] if line.endswith(b" .") else line)


def _hash(text: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(text, digest_size=16).digest(), "big")


def fingerprint(quads: Iterable[ox.Quad | ox.Triple]) -> int:
    """An order-independent fingerprint of a graph's content (the sum of :func:`quad_hash`, mod 2**128)."""
    return sum(map(quad_hash, quads)) % _MODULUS


@dataclass(frozen=True)
class GraphDelta:
    """The quads one write added to and removed from one named graph."""

    graph: str
    added: tuple[ox.Quad, ...]
    removed: tuple[ox.Quad, ...]
    before: int
    """:func:`fingerprint` of the graph before the write."""
    after: int
    """:func:`fingerprint` of the graph after the write."""
    existed: bool = True
    """The graph was in the store before the write."""
    exists: bool = True
    """The graph is in the store after the write (False: the write dropped it)."""

    @property
    def empty(self) -> bool:
        """True when the write changed nothing in the graph (nor created or dropped it)."""
        return not self.added and not self.removed and self.existed == self.exists

    @classmethod
    def between(
        cls, graph: str, before: Sequence[ox.Quad], after: Sequence[ox.Quad], *, existed: bool, exists: bool
    ) -> GraphDelta:
        """The delta from the graph's quads ``before`` to its quads ``after`` a write."""
        old, new = set(before), set(after)
        added = tuple(q for q in after if q not in old)
        removed = tuple(q for q in before if q not in new)
        start = fingerprint(old)
        end = (start + sum(map(quad_hash, added)) - sum(map(quad_hash, removed))) % _MODULUS
        return cls(graph, added, removed, start, end, existed=existed, exists=exists)

    @classmethod
    def between_lines(
        cls, graph: str, before: bytes, after: bytes, *, existed: bool, exists: bool
    ) -> GraphDelta:
        """The delta from the graph's N-Triples dump ``before`` to its dump ``after`` a write: the lines
        are compared as bytes and only the lines that differ are parsed (the same delta as
        :meth:`between` of the parsed quads, at a fraction of the cost)."""
        old, new = set(before.splitlines()), set(after.splitlines())
        old.discard(b"")
        new.discard(b"")
        added, removed = new - old, old - new
        start = sum(map(line_hash, old)) % _MODULUS
        end = (start + sum(map(line_hash, added)) - sum(map(line_hash, removed))) % _MODULUS
        return cls(graph, _parsed(added, graph), _parsed(removed, graph), start, end, existed=existed, exists=exists)

    def carried(self, start: int) -> int | None:
        """The fingerprint after this delta of a copy whose fingerprint is ``start``; None when the copy
        is not the graph this delta was computed from (the copy missed a write)."""
        return self.after if start == self.before else None


def graph_quads(store: ox.Store, graph: str) -> tuple[bool, list[ox.Quad]]:
    """(is the graph in the store, its quads), read from an open store."""
    name = ox.NamedNode(graph)
    if not store.contains_named_graph(name):
        return False, []
    return True, list(store.quads_for_pattern(None, None, None, name))


def graph_dump(store: ox.Store, graph: str) -> tuple[bool, bytes]:
    """(is the graph in the store, its triples as N-Triples), read from an open store (written in Rust:
    several times faster than making a Python object of every quad)."""
    name = ox.NamedNode(graph)
    if not store.contains_named_graph(name):
        return False, b""
    return True, store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name) or b""


def _parsed(lines: Iterable[bytes], graph: str) -> tuple[ox.Quad, ...]:
    text = b"\n".join(sorted(lines))
    if not text:
        return ()
    name = ox.NamedNode(graph)
    return tuple(ox.Quad(t.subject, t.predicate, t.object, name) for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
