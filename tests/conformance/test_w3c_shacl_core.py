"""The W3C SHACL Core test suite, run through pySHACL exactly as the project's validation engine runs it.

Every ``sht:Validate`` entry reachable from ``data-shapes/data-shapes-test-suite/tests/core/manifest.ttl``
is one test (id: ``node/class-001``); reading and comparing are in :mod:`tests.conformance.shacl_suite`.
The suite is read from outside the repository, with the same missing-suite policy as the SPARQL suites
(:func:`tests.conformance.w3c_suite.require_suite`).

**pySHACL directly, not** :class:`province40.validation.engine.PyShaclEngine`. The engine's interface
does not fit a conformance run: it returns no ``sh:conforms``; it drops results whose focus node is a
literal (the suite has 35, e.g. ``sh:targetNode "42"``), since the project's shapes never target
literals; it keeps a complex result path only for shapes with an IRI, in the project's compact syntax;
it identifies source shapes by ``str()``, so a blank-node shape and an IRI cannot be told apart; and
``Severity`` maps unknown severities to Violation. So each test calls ``pyshacl.validate`` the way the
engine does: the data in an in-memory pyoxigraph store wrapped in pySHACL's ``DataGraph`` (the
oxigraph data-graph mode), the shapes as an rdflib graph built term for term by
``province40.validation.terms.rdflib_graph`` (what ``ShapeCatalog`` gives the engine), inside
``ill_typed_literals_allowed()``, with :data:`ENGINE_OPTIONS`. :func:`test_the_options_are_the_engines`
runs the engine with ``pyshacl.validate`` spied on and fails if it passes anything else, so the two
cannot drift apart.

:data:`EXPECTED_FAILURES` lists where pySHACL (in that mode) gives another report than the suite:
strict xfails, so a pySHACL upgrade that fixes one fails the run until its entry goes.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pyshacl
import pytest
from _pytest.mark.structures import ParameterSet
from pyshacl.graph_abstraction import DataGraph
from rdflib import Graph

from province40.validation.engine import PyShaclEngine
from province40.validation.shapes import ShapeCatalog
from province40.validation.terms import from_rdflib, ill_typed_literals_allowed, rdflib_graph
from tests.conformance.shacl_suite import (
    ShaclTest,
    Triples,
    compare_reports,
    find_report,
    parse_turtle,
    read_report,
    read_shacl_suite,
)
from tests.conformance.w3c_suite import locate_suite, require_suite

SUITE = locate_suite()  # at import: the session fixtures remove PROVINCE40_* variables later
require_suite(SUITE, SUITE.shacl_problem())  # fails (PROVINCE40_W3C_TESTS set) or skips the module when missing
CORE = SUITE.shacl_core
TESTS = read_shacl_suite(CORE)

ENGINE_OPTIONS: dict[str, Any] = {
    "inference": "none",
    "advanced": False,
    "abort_on_first": False,
    "allow_warnings": False,
    "allow_infos": False,
}
"""The keyword arguments ``PyShaclEngine.validate`` gives ``pyshacl.validate`` besides ``shacl_graph``."""

_ORACLE = "pySHACL's oxigraph data-graph mode (the engine's; pySHACL over an rdflib graph passes)"

EXPECTED_FAILURES: dict[str, str] = {
    # Checked with pySHACL 0.40.1, rdflib 7.6.0, pyoxigraph 0.5.13.
    "property/hasValue-001": (
        f"{_ORACLE} reads simple literals as Literal('male', datatype=xsd:string), which rdflib does not "
        'equal to the shapes\' "male": sh:hasValue reports ValidMalePerson1 and ValidMalePerson2 too'
    ),
    "property/in-001": (
        f"{_ORACLE} reads simple literals as Literal('A', datatype=xsd:string), which rdflib does not equal "
        'to the shapes\' "A": sh:in reports the valid "A", "B", "C" too (4 extra results)'
    ),
    "property/datatype-ill-formed": (
        'pyoxigraph, the engine\'s data store, keeps the ill-formed "300"^^xsd:byte as "300"^^xsd:integer, so '
        "pySHACL reads and reports another term than the data's (pySHACL over an rdflib graph passes)"
    ),
    "property/datatype-001": (
        'rdflib re-lexicalises the ill-typed "2011-01-01"^^xsd:dateTime as "2011-01-01T00:00:00" in the '
        "report's sh:value; the suite expects the data's term (also over an rdflib graph)"
    ),
    "property/or-datatypes-001": (
        'rdflib turns the ill-typed "none"^^xsd:boolean into "false"^^xsd:boolean in the report\'s sh:value '
        "(also over an rdflib graph); the suite expects the data's term"
    ),
    "property/uniqueLang-002": (
        'pySHACL takes sh:uniqueLang "1"^^xsd:boolean as true and reports the two @en values; SHACL activates '
        "the constraint only for the literal true, so the test expects a conforming report"
    ),
}
"""Test id -> how pySHACL's report differs from the suite's. Each is ``xfail(strict=True)``."""


def _params() -> list[ParameterSet]:
    params = []
    for test in TESTS:
        marks = []
        if test.test_id in EXPECTED_FAILURES:
            marks.append(pytest.mark.xfail(strict=True, reason=EXPECTED_FAILURES[test.test_id]))
        params.append(pytest.param(test, id=test.test_id, marks=marks))
    return params


def _rdflib_literal_warning(warning: warnings.WarningMessage) -> bool:
    """rdflib's UserWarning about an ill-typed literal ("Parsing weird boolean..."), the only expected one."""
    return issubclass(warning.category, UserWarning) and Path(warning.filename).parts[-2:] == ("rdflib", "term.py")


def validate(data: Triples, shapes: Triples) -> tuple[bool, Triples]:
    """``pyshacl.validate`` as the engine calls it; pySHACL's conforms and its report graph."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in data.triples)
    # Record warnings instead of raising them (pytest's filterwarnings=error would): rdflib warns about
    # some ill-typed literals of the suite and, when the warning is an exception, keeps another term
    # than it does in production ("none"^^xsd:boolean instead of "false"), hiding a deviation.
    with ill_typed_literals_allowed(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        conforms, graph, _text = pyshacl.validate(
            DataGraph(store), shacl_graph=rdflib_graph(shapes.triples), **ENGINE_OPTIONS
        )
    unexpected = [w for w in caught if not _rdflib_literal_warning(w)]
    assert not unexpected, [str(w.message) for w in unexpected]
    assert isinstance(graph, Graph)
    report = Triples(
        ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
        for s, p, o in graph
    )
    return bool(conforms), report


@pytest.mark.parametrize("case", _params())
def test_shacl_core(case: ShaclTest) -> None:
    """pySHACL's report equals the test's ``mf:result`` (see :mod:`tests.conformance.shacl_suite`)."""
    data = parse_turtle(CORE, case.data_iri)
    # One parse when data and shapes are one file: its blank nodes are then the same nodes in both.
    shapes = data if case.shapes_iri == case.data_iri else parse_turtle(CORE, case.shapes_iri)
    conforms, report = validate(data, shapes)
    actual = read_report(report, find_report(report), strict=False, shapes=shapes)
    assert actual.conforms == conforms, f"{case}: pySHACL returned conforms={conforms}, its report says otherwise"
    outcome = compare_reports(case.expected, actual)
    assert outcome.equal, f"{case}: {outcome.explanation}"


def test_every_entry_is_run() -> None:
    """The suite was read (all 98 core tests, in 7 folders) and the xfail list names real tests."""
    ids = [test.test_id for test in TESTS]
    assert len(ids) == len(set(ids)), "two entries share an id"
    folders = {test_id.split("/", 1)[0] for test_id in ids}
    assert folders == {"complex", "misc", "node", "path", "property", "targets", "validation-reports"}, folders
    assert len(ids) == 98, f"the SHACL Core suite has {len(ids)} sht:Validate entries, not 98"
    stale = sorted(set(EXPECTED_FAILURES) - set(ids))
    assert not stale, f"EXPECTED_FAILURES names tests that are not in the suite: {stale}"


def test_the_options_are_the_engines(monkeypatch: pytest.MonkeyPatch) -> None:
    """``PyShaclEngine.validate`` calls ``pyshacl.validate`` with a pyoxigraph-backed ``DataGraph``, the
    catalog's rdflib shapes graph and :data:`ENGINE_OPTIONS`, nothing else: what this module runs."""
    shapes = [
        q.triple
        for q in ox.parse(
            b"@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .\n"
            b"ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .",
            format=ox.RdfFormat.TURTLE,
        )
    ]
    catalog = ShapeCatalog.from_triples(shapes)
    calls: list[tuple[tuple[object, ...], dict[str, object]]] = []
    real = pyshacl.validate

    def spy(*args: object, **kwargs: object) -> object:
        calls.append((args, kwargs))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pyshacl, "validate", spy)
    data = [ox.Triple(ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/q"), ox.Literal("x"))]
    run = PyShaclEngine(catalog).validate(data)
    assert [r.constraint for r in run.results] == ["http://www.w3.org/ns/shacl#MinCountConstraintComponent"]
    ((args, kwargs),) = calls
    assert len(args) == 1 and isinstance(args[0], DataGraph), args
    assert kwargs.pop("shacl_graph") is catalog.graph
    assert kwargs == ENGINE_OPTIONS
