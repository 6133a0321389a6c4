"""The W3C SHACL Core test suite: its manifests read into test cases, and validation reports compared.

The suite (github.com/w3c/data-shapes, ``data-shapes-test-suite/tests/core``) is read from outside the
repository, like the SPARQL suite (see :mod:`tests.conformance.w3c_suite`). ``core/manifest.ttl``
``mf:include``\\ s one manifest per folder (``node``, ``property``, ``path``...), which includes one
Turtle file per test; each of those is a manifest whose ``mf:entries`` list one ``sht:Validate`` entry::

    <class-001> a sht:Validate ;
        mf:action [ sht:dataGraph <> ; sht:shapesGraph <> ] ;      # <> : this very file
        mf:result [ a sh:ValidationReport ; sh:conforms false ; sh:result [ ... ] ] .

Relative IRIs resolve against ``http://datashapes.org/sh/tests/core/<folder>/<file>``, the location the
files were published at (their ``ex:`` prefixes are ``http://datashapes.org/sh/tests/core/<folder>/
<test>.test#``), not against ``file:`` IRIs of this machine.

Comparison, following the suite's rules (``w3c.github.io/data-shapes/data-shapes-test-suite``: the
actual report must be isomorphic to the expected one, messages aside): ``sh:conforms`` must be equal,
and the results must be equal as a multiset of (focus node, path, value, severity, source shape, source
constraint component) -- each result is its own node in a report graph, so two equal results are two
results. Terms are compared exactly (RDF term equality, literals by lexical form). Blank nodes are
matched by one bijection for the whole report (graph isomorphism): a blank focus node, value or source
shape of the expected report may stand for any blank node of the actual one, the same one wherever it
occurs. A result path that is a blank node (``[ sh:inversePath ex:p ]``, a sequence list...) is compared
by its structure, read from the report graph (or from the shapes graph, if the report lacks it).
``sh:resultMessage`` is not compared (messages are implementation-specific), nor are ``sh:detail``
results nested in top-level ones.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from tests.conformance.result_sets import Comparison, Row, match_rows

PUBLISHED_BASE = "http://datashapes.org/sh/tests/core/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
SH = "http://www.w3.org/ns/shacl#"

Term = ox.NamedNode | ox.BlankNode | ox.Literal

RESULT_FIELDS = {
    "focus": SH + "focusNode",
    "path": SH + "resultPath",
    "value": SH + "value",
    "severity": SH + "resultSeverity",
    "shape": SH + "sourceShape",
    "component": SH + "sourceConstraintComponent",
}
"""The properties of a validation result that are compared, by the name rows use for them."""

_NOT_COMPARED = {RDF + "type", SH + "resultMessage", SH + "detail"}


class Triples:
    """Triples indexed by subject and predicate."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self.triples = tuple(triples)
        self._index: dict[tuple[object, str], list[Term]] = {}
        for triple in self.triples:
            obj = triple.object
            if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal):
                self._index.setdefault((triple.subject, triple.predicate.value), []).append(obj)

    def all(self, subject: object, predicate: str) -> list[Term]:
        return list(self._index.get((subject, predicate), ()))

    def one(self, subject: object, predicate: str) -> Term | None:
        values = self.all(subject, predicate)
        if len(values) > 1:
            raise ValueError(f"{subject} has {len(values)} values for <{predicate}>; expected at most one")
        return values[0] if values else None

    def predicates(self, subject: object) -> set[str]:
        return {t.predicate.value for t in self.triples if t.subject == subject}

    def items(self, head: Term) -> list[Term]:
        """The members of an RDF list."""
        members: list[Term] = []
        node: Term | None = head
        while node is not None and node != ox.NamedNode(RDF + "nil"):
            first = self.one(node, RDF + "first")
            if first is None:
                raise ValueError(f"malformed RDF list at {node}")
            members.append(first)
            node = self.one(node, RDF + "rest")
        return members


# ---------------------------------------------------------------- manifests


@dataclass(frozen=True)
class ShaclTest:
    """One ``sht:Validate`` entry: where its data and shapes are, and its expected report."""

    iri: str
    test_id: str
    label: str
    status: str
    data: Path
    shapes: Path
    data_iri: str
    shapes_iri: str
    expected: Report

    def __str__(self) -> str:
        return f"{self.test_id} ({self.label!r})"


def _path_of(core: Path, iri: str) -> Path:
    if not iri.startswith(PUBLISHED_BASE):
        raise ValueError(f"<{iri}> is not a file of the SHACL Core suite")
    return core / iri[len(PUBLISHED_BASE) :]


def parse_turtle(core: Path, iri: str) -> Triples:
    """A file of the suite, named by its published IRI, parsed with that IRI as base."""
    return Triples(q.triple for q in ox.parse(path=_path_of(core, iri), format=ox.RdfFormat.TURTLE, base_iri=iri))


def read_shacl_suite(core: Path) -> list[ShaclTest]:
    """Every entry reachable from ``core/manifest.ttl`` through ``mf:include`` and ``mf:entries``."""
    tests: list[ShaclTest] = []
    seen: set[str] = set()
    pending = [PUBLISHED_BASE + "manifest.ttl"]
    while pending:
        iri = pending.pop(0)
        if iri in seen:
            continue
        seen.add(iri)
        triples = parse_turtle(core, iri)
        manifest = ox.NamedNode(iri)
        pending.extend(include.value for include in triples.all(manifest, MF + "include"))
        head = triples.one(manifest, MF + "entries")
        for entry in triples.items(head) if head is not None else ():
            tests.append(_read_entry(core, triples, entry))
    return tests


def _read_entry(core: Path, triples: Triples, entry: Term) -> ShaclTest:
    if not isinstance(entry, ox.NamedNode):
        raise ValueError(f"a SHACL test entry is not an IRI: {entry}")
    kinds = [t.value for t in triples.all(entry, RDF + "type")]
    if kinds != [SHT + "Validate"]:
        raise ValueError(f"{entry.value}: expected a sht:Validate entry, got {kinds}")
    action = triples.one(entry, MF + "action")
    data, shapes = triples.one(action, SHT + "dataGraph"), triples.one(action, SHT + "shapesGraph")
    result = triples.one(entry, MF + "result")
    label = triples.one(entry, "http://www.w3.org/2000/01/rdf-schema#label")
    status = triples.one(entry, MF + "status")
    if not isinstance(data, ox.NamedNode) or not isinstance(shapes, ox.NamedNode) or result is None:
        raise ValueError(f"{entry.value}: sht:dataGraph, sht:shapesGraph and mf:result are required")
    return ShaclTest(
        iri=entry.value,
        test_id=entry.value[len(PUBLISHED_BASE) :] if entry.value.startswith(PUBLISHED_BASE) else entry.value,
        label=label.value if label is not None else entry.value,
        status=status.value.rsplit("#", 1)[-1] if status is not None else "",
        data=_path_of(core, data.value),
        shapes=_path_of(core, shapes.value),
        data_iri=data.value,
        shapes_iri=shapes.value,
        expected=read_report(triples, result, strict=True),
    )


# ---------------------------------------------------------------- reports


@dataclass(frozen=True)
class Report:
    """What is compared of a validation report: ``sh:conforms`` and the results' fields."""

    conforms: bool
    results: tuple[Row, ...]


PathKey = tuple[Hashable, ...]


def path_key(node: Term, graphs: Sequence[Triples]) -> Hashable:
    """A SHACL property path as a nested tuple, read from the first graph that describes ``node``.

    An IRI is itself; a blank node is a sequence (an RDF list), or ``sh:alternativePath``,
    ``sh:inversePath``, ``sh:zeroOrMorePath``, ``sh:oneOrMorePath`` or ``sh:zeroOrOnePath`` of paths."""
    if not isinstance(node, ox.BlankNode):
        return node
    for graph in graphs:
        if graph.one(node, RDF + "first") is not None:
            return ("sequence", *(path_key(item, graphs) for item in graph.items(node)))
        for kind in ("alternativePath", "inversePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath"):
            inner = graph.one(node, SH + kind)
            if inner is None:
                continue
            if kind == "alternativePath":
                return (kind, *(path_key(item, graphs) for item in graph.items(inner)))
            return (kind, path_key(inner, graphs))
    raise ValueError(f"the path {node} is described in neither the report nor the shapes graph")


def read_report(triples: Triples, report: Term, *, strict: bool, shapes: Triples | None = None) -> Report:
    """The report node's ``sh:conforms`` and top-level ``sh:result``\\ s.

    ``strict`` (for the expected reports): a result may have no property the comparison leaves out
    unnoticed, so a test that states more than this harness compares makes it fail, not pass."""
    conforms = triples.one(report, SH + "conforms")
    if not isinstance(conforms, ox.Literal) or conforms.datatype != ox.NamedNode(
        "http://www.w3.org/2001/XMLSchema#boolean"
    ):
        raise ValueError(f"the report {report} has no boolean sh:conforms")
    graphs = [triples] if shapes is None else [triples, shapes]
    rows: list[Row] = []
    for result in triples.all(report, SH + "result"):
        if strict:
            unknown = triples.predicates(result) - set(RESULT_FIELDS.values()) - _NOT_COMPARED
            if unknown:
                raise ValueError(f"an expected result states {sorted(unknown)}, which the harness does not compare")
        row: Row = {}
        for name, predicate in RESULT_FIELDS.items():
            value = triples.one(result, predicate)
            if value is not None:
                row[name] = path_key(value, graphs) if name == "path" else value
        rows.append(row)
    return Report(conforms=conforms.value in ("true", "1"), results=tuple(rows))


def find_report(triples: Triples) -> Term:
    """The one ``sh:ValidationReport`` node of a report graph."""
    reports = [
        t.subject
        for t in triples.triples
        if t.predicate.value == RDF + "type" and t.object == ox.NamedNode(SH + "ValidationReport")
    ]
    if len(reports) != 1:
        raise ValueError(f"expected one sh:ValidationReport, found {len(reports)}")
    node = reports[0]
    assert isinstance(node, ox.NamedNode | ox.BlankNode)
    return node


def _show_term(value: Hashable) -> str:
    if isinstance(value, tuple):
        return "(" + " ".join(_show_term(v) for v in value) + ")"
    return str(value)


def show_report(report: Report) -> str:
    lines = [f"conforms {str(report.conforms).lower()}, {len(report.results)} results"]
    for row in sorted(report.results, key=lambda r: sorted((k, _show_term(v)) for k, v in r.items())):
        lines.append("  " + " ".join(f"{k}={_show_term(row[k])}" for k in RESULT_FIELDS if k in row))
    return "\n    ".join(lines)


def compare_reports(expected: Report, actual: Report) -> Comparison:
    """Equal ``sh:conforms``, and the same multiset of results up to one blank-node bijection."""
    problems = []
    if expected.conforms != actual.conforms:
        problems.append(f"sh:conforms: expected {expected.conforms}, got {actual.conforms}")
    if not match_rows(expected.results, actual.results):
        problems.append("the results differ")
    if not problems:
        return Comparison(True)
    return Comparison(
        False,
        "; ".join(problems) + f"\n  expected:\n    {show_report(expected)}\n  actual:\n    {show_report(actual)}",
    )
