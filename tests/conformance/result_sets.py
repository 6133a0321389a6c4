"""Expected and actual SPARQL results, decoded into one model and compared the way the W3C suite means.

* Solutions and booleans: ``.srx`` / ``.srj`` / ``.tsv`` through ``pyoxigraph.parse_query_results``;
  ``.csv`` read as text (CSV is lossy by design, so it is compared lossily, see :func:`csv_cells`);
  ``.ttl`` / ``.rdf`` / ``.nt`` files that use the ``rs:`` result-set vocabulary are decoded here.
* Graphs (CONSTRUCT / DESCRIBE): parsed with pyoxigraph, turned into rdflib graphs term for term
  (literals keep their lexical form: rdflib's parsers would normalise ``"01"^^xsd:integer`` to ``"1"``
  and so hide a wrong term) and compared with ``rdflib.compare.isomorphic`` (blank nodes matched).

Solution sequences are compared as multisets, terms by exact RDF term equality (``"01"^^xsd:integer``
is not ``"1"^^xsd:integer``; the suite's results give exact terms), with one bijection between the blank
nodes of both sides for the whole result (blank-node isomorphism, found by backtracking). When the
query has a top-level ORDER BY, the order is checked too, as a sound approximation of "respects the
ordering": the sequence of values of the variables the ORDER BY clause mentions must be the same on
both sides. Rows that tie on those values may come in any order; the check is skipped when a key
variable is not in the results (its values are not visible). It is stricter than needed only when an
ORDER BY expression maps different values to the same key (e.g. ``ORDER BY STRLEN(?x)``), which no test
of the folders used here does.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.term import Node

from tests.conformance.w3c_suite import RDF, Resource

RS = "http://www.w3.org/2001/sw/DataAccess/tests/result-set#"

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Row = dict[str, Hashable]


@dataclass(frozen=True)
class Solutions:
    """A sequence of solutions: the variables and, per row, the bound variables' values."""

    variables: tuple[str, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Boolean:
    """An ASK result."""

    value: bool


@dataclass(frozen=True)
class Graph:
    """A CONSTRUCT / DESCRIBE result."""

    graph: rdflib.Graph


Expected = Solutions | Boolean | Graph


@dataclass(frozen=True)
class CsvBlank:
    """A blank node as CSV writes it (``_:label``): only its identity within the result counts."""

    label: str


# ---------------------------------------------------------------- reading


_RESULTS_FORMATS = {
    ".srx": ox.QueryResultsFormat.XML,
    ".srj": ox.QueryResultsFormat.JSON,
    ".tsv": ox.QueryResultsFormat.TSV,
}
_RDF_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}


def _rdflib_term(term: object) -> Node:
    """The rdflib term for a pyoxigraph term, literals exactly as written (``normalize=False``)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language, normalize=False)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not an RDF term of a graph: {term!r}")


def exact_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph of pyoxigraph triples, every term kept exactly (graph names dropped)."""
    graph = rdflib.Graph()
    for triple in triples:
        graph.add((_rdflib_term(triple.subject), _rdflib_term(triple.predicate), _rdflib_term(triple.object)))
    return graph


def parse_graph(data: bytes, rdf_format: ox.RdfFormat, base_iri: str | None = None) -> Graph:
    """An RDF document (a CONSTRUCT / DESCRIBE result) into the model, every term kept exactly."""
    return Graph(exact_graph(quad.triple for quad in ox.parse(data, format=rdf_format, base_iri=base_iri)))


def parse_results(data: bytes, results_format: ox.QueryResultsFormat) -> Solutions | Boolean:
    """SPARQL results (XML, JSON or TSV) into the model."""
    parsed = ox.parse_query_results(data, results_format)
    if isinstance(parsed, ox.QueryBoolean):
        return Boolean(bool(parsed))
    variables = tuple(v.value for v in parsed.variables)
    rows = tuple(
        {name: value for name, value in zip(variables, solution, strict=True) if value is not None}
        for solution in parsed
    )
    return Solutions(variables, rows)


def parse_csv(data: bytes) -> Solutions:
    """SPARQL CSV results: every value is a string, except ``_:label`` cells (blank nodes)."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""))
    header = next(reader, [])
    rows: list[Row] = []
    for record in reader:
        row: Row = {}
        for name, cell in zip(header, record, strict=True):
            if cell != "":
                row[name] = CsvBlank(cell[2:]) if cell.startswith("_:") else cell
        rows.append(row)
    return Solutions(tuple(header), tuple(rows))


def csv_cells(solutions: Solutions) -> Solutions:
    """What CSV keeps of solutions: IRIs and literals become their string, blank nodes their label.

    An empty literal and an unbound variable are both an empty field in CSV, so empty strings are
    dropped like unbound values."""

    def cell(term: Hashable) -> Hashable:
        if isinstance(term, ox.BlankNode):
            return CsvBlank(term.value)
        if isinstance(term, ox.NamedNode | ox.Literal):
            return term.value
        return str(term)

    rows = tuple({k: cell(v) for k, v in row.items() if cell(v) != ""} for row in solutions.rows)
    return Solutions(solutions.variables, rows)


def _decode_result_set(triples: list[ox.Triple], source: str) -> Solutions | Boolean:
    """The ``rs:`` vocabulary (http://www.w3.org/2001/sw/DataAccess/tests/result-set#) into the model."""
    by_subject: dict[object, list[ox.Triple]] = {}
    for triple in triples:
        by_subject.setdefault(triple.subject, []).append(triple)

    def values(subject: object, predicate: str) -> list[object]:
        return [t.object for t in by_subject.get(subject, []) if t.predicate.value == predicate]

    sets = [
        t.subject for t in triples if t.predicate.value == RDF + "type" and t.object == ox.NamedNode(RS + "ResultSet")
    ]
    if len(sets) != 1:
        raise ValueError(f"{source}: expected one rs:ResultSet, found {len(sets)}")
    result_set = sets[0]
    booleans = values(result_set, RS + "boolean")
    if booleans:
        literal = booleans[0]
        assert isinstance(literal, ox.Literal)
        return Boolean(literal.value == "true")
    variables = tuple(str(getattr(v, "value", v)) for v in values(result_set, RS + "resultVariable"))
    indexed: list[tuple[int, Row]] = []
    for position, solution in enumerate(values(result_set, RS + "solution")):
        row: Row = {}
        for binding in values(solution, RS + "binding"):
            (name,) = values(binding, RS + "variable")
            (value,) = values(binding, RS + "value")
            assert isinstance(name, ox.Literal) and isinstance(value, Hashable)
            row[name.value] = value
        index = values(solution, RS + "index")
        indexed.append((int(index[0].value) if index and isinstance(index[0], ox.Literal) else position, row))
    indexed.sort(key=lambda item: item[0])
    return Solutions(variables, tuple(row for _, row in indexed))


def read_expected(resource: Resource) -> Expected:
    """Decode an ``mf:result`` file (its relative IRIs resolved against the file's IRI)."""
    data = resource.path.read_bytes()
    if resource.suffix in _RESULTS_FORMATS:
        return parse_results(data, _RESULTS_FORMATS[resource.suffix])
    if resource.suffix == ".csv":
        return parse_csv(data)
    if resource.suffix in _RDF_FORMATS:
        triples = [q.triple for q in ox.parse(data, format=_RDF_FORMATS[resource.suffix], base_iri=resource.iri)]
        if any(t.object == ox.NamedNode(RS + "ResultSet") for t in triples):
            return _decode_result_set(triples, resource.iri)
        return Graph(exact_graph(triples))
    raise ValueError(f"{resource.iri}: no reader for results in {resource.suffix!r} files")


# ---------------------------------------------------------------- comparing


def _is_blank(value: Hashable) -> bool:
    return isinstance(value, ox.BlankNode | CsvBlank)


def _shape(row: Row) -> frozenset[tuple[str, Hashable]]:
    """A row with every blank node replaced by one placeholder: rows that can match share a shape."""
    return frozenset((k, "_:" if _is_blank(v) else v) for k, v in row.items())


def match_rows(expected: Sequence[Row], actual: Sequence[Row]) -> bool:
    """True when one bijection between blank nodes makes the two multisets of rows equal.

    Values are compared with ``==`` (so they must be hashable and exact); :class:`pyoxigraph.BlankNode`
    and :class:`CsvBlank` values are the blank nodes, matched by the bijection."""
    if Counter(map(_shape, expected)) != Counter(map(_shape, actual)):
        return False
    if not any(_is_blank(v) for row in expected for v in row.values()):
        return True
    # Rows without blank nodes already match (same shapes); pair the rest by backtracking.
    pending = [row for row in expected if any(_is_blank(v) for v in row.values())]
    candidates = [row for row in actual if any(_is_blank(v) for v in row.values())]
    pending.sort(key=lambda row: -sum(_is_blank(v) for v in row.values()))
    forward: dict[Hashable, Hashable] = {}
    backward: dict[Hashable, Hashable] = {}
    used = [False] * len(candidates)

    def bind(row: Row, other: Row) -> list[Hashable] | None:
        added: list[Hashable] = []
        for name, value in row.items():
            if not _is_blank(value):
                continue
            mate = other[name]
            known = forward.get(value)
            if known is None and mate not in backward:
                forward[value], backward[mate] = mate, value
                added.append(value)
            elif known != mate:
                for undo in added:
                    del backward[forward.pop(undo)]
                return None
        return added

    def search(position: int) -> bool:
        if position == len(pending):
            return True
        row = pending[position]
        shape = _shape(row)
        for index, other in enumerate(candidates):
            if used[index] or _shape(other) != shape:
                continue
            added = bind(row, other)
            if added is None:
                continue
            used[index] = True
            if search(position + 1):
                return True
            used[index] = False
            for undo in added:
                del backward[forward.pop(undo)]
        return False

    return search(0)


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing an actual result with the expected one."""

    equal: bool
    explanation: str = ""


def _show(solutions: Solutions) -> str:
    def term(value: Hashable) -> str:
        return f"_:{value.label}" if isinstance(value, CsvBlank) else str(value)

    lines = [" | ".join(f"?{k}={term(v)}" for k, v in sorted(row.items())) or "(empty row)" for row in solutions.rows]
    return "\n    ".join([f"vars {list(solutions.variables)}", *lines[:40], *(["..."] if len(lines) > 40 else [])])


def compare_solutions(expected: Solutions, actual: Solutions, *, order_keys: tuple[str, ...] | None) -> Comparison:
    """Compare solution sequences (see the module docstring for the rules)."""
    if set(expected.variables) != set(actual.variables):
        return Comparison(False, f"variables differ: expected {expected.variables}, got {actual.variables}")
    if len(expected.rows) != len(actual.rows):
        message = f"expected {len(expected.rows)} rows, got {len(actual.rows)}"
        return Comparison(False, f"{message}\n  expected:\n    {_show(expected)}\n  actual:\n    {_show(actual)}")
    if not match_rows(expected.rows, actual.rows):
        return Comparison(False, f"rows differ\n  expected:\n    {_show(expected)}\n  actual:\n    {_show(actual)}")
    if order_keys and all(key in expected.variables for key in order_keys):

        def keys(rows: Sequence[Row]) -> list[tuple[Hashable, ...]]:
            return [tuple("_:" if _is_blank(row.get(k)) else row.get(k) for k in order_keys) for row in rows]

        if keys(expected.rows) != keys(actual.rows):
            return Comparison(
                False,
                f"ORDER BY {' '.join('?' + k for k in order_keys)}: same rows in another order\n"
                f"  expected:\n    {_show(expected)}\n  actual:\n    {_show(actual)}",
            )
    return Comparison(True)


def compare_graphs(expected: rdflib.Graph, actual: rdflib.Graph) -> Comparison:
    """Graph isomorphism (blank nodes matched), with the differing triples when they differ."""
    if isomorphic(expected, actual):
        return Comparison(True)
    _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(only_expected, key=str)]
    lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(only_actual, key=str)]
    return Comparison(
        False, "graphs are not isomorphic (- expected only, + actual only):\n  " + "\n  ".join(lines[:60])
    )


def compare(expected: Expected, actual: Expected, *, order_keys: tuple[str, ...] | None = None) -> Comparison:
    """Compare two results of the same kind."""
    if isinstance(expected, Boolean) and isinstance(actual, Boolean):
        return Comparison(expected.value == actual.value, f"expected {expected.value}, got {actual.value}")
    if isinstance(expected, Solutions) and isinstance(actual, Solutions):
        return compare_solutions(expected, actual, order_keys=order_keys)
    if isinstance(expected, Graph) and isinstance(actual, Graph):
        return compare_graphs(expected.graph, actual.graph)
    return Comparison(False, f"expected a {type(expected).__name__} result, got a {type(actual).__name__}")
