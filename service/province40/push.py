"""Moving a deployment: copy a store to a remote engine graph by graph, then verify the copy.

Each graph is written with the target's all-or-nothing ``replace_graph`` (a staging graph and one
``MOVE`` on an engine that is not atomic), so an interrupted push leaves every graph either as it was
or fully copied, and running it again finishes the job: pushing is idempotent. Afterwards every graph
is checked twice: the number of triples, and a digest of the triples' *values*, since engines rewrite
literals (Virtuoso answers ``1.5`` for ``"1.50"^^xsd:decimal`` and ``1`` for ``true``) and rename blank
nodes. Graphs of the target that the source does not have are left alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

from province40.errors import StoreError
from province40.results import ResultFormat
from province40.store.base import Store

XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMERIC = {
    XSD + name
    for name in (
        "integer decimal int long short byte nonNegativeInteger positiveInteger negativeInteger "
        "nonPositiveInteger unsignedInt unsignedLong unsignedShort unsignedByte"
    ).split()
}
_FLOATING = {XSD + "double", XSD + "float"}


def value_key(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    """A term as its value: equal for every spelling an engine may give it (blank nodes all alike)."""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        text = term.value
        try:
            if datatype in _NUMERIC:
                return f"n:{Decimal(text).normalize()}"
            if datatype in _FLOATING:
                return f"f:{float(text)!r}"
        except (InvalidOperation, ValueError):
            pass
        if datatype == XSD + "boolean":
            return "b:" + ("true" if text.strip() in ("true", "1") else "false")
        if term.language:
            return f"l:{text}@{term.language.lower()}"
        return f"s:{text}^^{datatype}"
    return "_"


def value_digest(triples: Iterable[ox.Triple]) -> str:
    """A digest of a multiset of triples by value (order-independent)."""
    keys = sorted(
        "\t".join(value_key(t) for t in (triple.subject, triple.predicate, triple.object))
        for triple in triples
    )
    digest = hashlib.sha256()
    for key in keys:
        digest.update(key.encode("utf-8") + b"\n")
    return digest.hexdigest()


@dataclass(frozen=True, kw_only=True)
class GraphCheck:
    """One graph after a push: its triples here and there, and whether their values agree."""

    graph: str
    source_triples: int
    target_triples: int
    source_digest: str
    target_digest: str

    @property
    def ok(self) -> bool:
        """True when counts and value digests agree."""
        return self.source_triples == self.target_triples and self.source_digest == self.target_digest


@dataclass(frozen=True, kw_only=True)
class PushReport:
    """What a push copied and what the verification found."""

    graphs: tuple[GraphCheck, ...]

    @property
    def ok(self) -> bool:
        """True when every graph verified."""
        return all(check.ok for check in self.graphs)

    @property
    def triples(self) -> int:
        """Triples copied in all."""
        return sum(check.source_triples for check in self.graphs)


def _triples(store: Store, graph: str) -> list[ox.Triple]:
    return [quad.triple for quad in store.export([graph])]


def verify(source: Store, target: Store, graphs: Iterable[str]) -> tuple[GraphCheck, ...]:
    """Compare each graph of ``source`` with the same graph of ``target`` by count and value digest."""
    present = set(target.named_graphs())
    checks = []
    for graph in graphs:
        mine = _triples(source, graph)
        theirs = _triples(target, graph) if graph in present else []
        checks.append(
            GraphCheck(
                graph=graph,
                source_triples=len(mine),
                target_triples=len(theirs),
                source_digest=value_digest(mine),
                target_digest=value_digest(theirs),
            )
        )
    return tuple(checks)


def push(source: Store, target: Store, *, progress: Callable[[str], None] | None = None) -> PushReport:
    """Copy every named graph of ``source`` into ``target`` (replacing it there), then verify.

    Raises :class:`~province40.errors.StoreError` naming the graphs that differ after the copy."""
    say = progress or (lambda _line: None)
    default = _default_quads(source)
    if default:
        target.replace_graph(None, default)
        say(f"default graph: {len(default)} triples")
    graphs = source.named_graphs()
    for number, graph in enumerate(graphs, start=1):
        quads = source.export([graph])
        target.replace_graph(graph, quads)
        say(f"[{number}/{len(graphs)}] {graph}: {len(quads)} triples")
    say(f"verifying {len(graphs)} graphs (triple counts and value digests)")
    report = PushReport(graphs=verify(source, target, graphs))
    failed = [check for check in report.graphs if not check.ok]
    if failed:
        names = ", ".join(f"<{c.graph}> ({c.source_triples} here, {c.target_triples} there)" for c in failed)
        raise StoreError(f"the copy differs from the source in {len(failed)} graph(s): {names}; run push again")
    return report


def _default_quads(store: Store) -> list[ox.Quad]:
    body = store.read_graph(None, result_format=ResultFormat.N_TRIPLES)
    return list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))
