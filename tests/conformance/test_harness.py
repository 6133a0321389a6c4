"""The conformance harness itself: result comparison, query-text helpers and the suite's location.

A harness that compares too leniently would make the W3C runs prove nothing; these tests show that
it tells wrong answers apart (a changed term, a missing row, a reordered ORDER BY result, blank nodes
that do not correspond) and accepts only what the suite allows (renamed blank nodes, ties in any order).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conformance import w3c_suite
from tests.conformance.query_text import has_dataset_clause, top_level_order_keys, with_base
from tests.conformance.result_sets import (
    Boolean,
    CsvBlank,
    Row,
    Solutions,
    compare,
    csv_cells,
    parse_csv,
    parse_graph,
    read_expected,
)
from tests.conformance.shacl_suite import Report, Triples, compare_reports, find_report, read_report
from tests.conformance.w3c_suite import ENV_VAR, REPOSITORY_ROOT, Resource, SuiteMissing, locate_suite, require_suite

XSD = "http://www.w3.org/2001/XMLSchema#"
TTL = ox.RdfFormat.TURTLE
A, B = ox.NamedNode("http://example.org/a"), ox.NamedNode("http://example.org/b")


def integer(value: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + "integer"))


def table(*rows: Row) -> Solutions:
    return Solutions(("x", "y"), tuple(dict(row) for row in rows))


def test_terms_are_compared_exactly() -> None:
    assert compare(table({"x": integer("1")}), table({"x": integer("1")})).equal
    assert not compare(table({"x": integer("1")}), table({"x": integer("01")})).equal
    assert not compare(table({"x": ox.Literal("1")}), table({"x": integer("1")})).equal
    assert not compare(table({"x": A}), table({"x": A}, {"x": A})).equal  # multiplicity counts
    assert not compare(table({"x": A}), table({"x": A, "y": B})).equal  # unbound is not bound


def test_blank_nodes_match_by_one_bijection() -> None:
    b1, b2, c1, c2 = (ox.BlankNode(label) for label in ("b1", "b2", "c1", "c2"))
    expected = table({"x": b1, "y": b1}, {"x": b2, "y": A})
    assert compare(expected, table({"x": c2, "y": A}, {"x": c1, "y": c1})).equal
    assert not compare(expected, table({"x": c1, "y": c2}, {"x": c2, "y": A})).equal  # b1 needs one node
    shared = table({"x": b1}, {"x": b1})
    assert not compare(shared, table({"x": c1}, {"x": c2})).equal  # one node cannot become two
    assert not compare(table({"x": c1}, {"x": c2}), shared).equal


def test_order_is_checked_on_the_order_by_keys_only() -> None:
    expected = table({"x": integer("1"), "y": A}, {"x": integer("1"), "y": B}, {"x": integer("2"), "y": A})
    ties_swapped = table({"x": integer("1"), "y": B}, {"x": integer("1"), "y": A}, {"x": integer("2"), "y": A})
    reordered = table({"x": integer("2"), "y": A}, {"x": integer("1"), "y": A}, {"x": integer("1"), "y": B})
    assert compare(expected, ties_swapped, order_keys=("x",)).equal
    assert not compare(expected, reordered, order_keys=("x",)).equal
    assert compare(expected, reordered, order_keys=None).equal


def test_booleans_and_kinds() -> None:
    assert compare(Boolean(True), Boolean(True)).equal
    assert not compare(Boolean(True), Boolean(False)).equal
    assert not compare(Boolean(True), table()).equal


def test_graphs_match_up_to_blank_nodes_with_exact_literals() -> None:
    prefix = b"@prefix ex: <http://example.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
    expected = parse_graph(prefix + b'ex:a ex:p [ ex:q "01"^^xsd:integer ], [ ex:q "1.0"^^xsd:decimal ] .', TTL)
    renamed = parse_graph(
        b"<http://example.org/a> <http://example.org/p> _:y .\n<http://example.org/a> <http://example.org/p> _:x .\n"
        b'_:x <http://example.org/q> "1.0"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n'
        b'_:y <http://example.org/q> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
        ox.RdfFormat.N_TRIPLES,
    )
    assert compare(expected, renamed).equal
    canonical = parse_graph(prefix + b'ex:a ex:p [ ex:q "1"^^xsd:integer ], [ ex:q "1.0"^^xsd:decimal ] .', TTL)
    assert not compare(expected, canonical).equal  # "01" is not "1": rdflib's parsers would say it is
    merged = parse_graph(prefix + b'ex:a ex:p _:n . _:n ex:q "01"^^xsd:integer, "1.0"^^xsd:decimal .', TTL)
    assert not compare(expected, merged).equal  # two blank nodes are not one


def test_csv_keeps_strings_and_blank_node_identity() -> None:
    data = b'x,y\r\nhttp://example.org/a,_:b0\r\n"1",\r\n'
    parsed = parse_csv(data)
    assert parsed.rows == ({"x": "http://example.org/a", "y": CsvBlank("b0")}, {"x": "1"})
    expected = csv_cells(table({"x": A, "y": ox.BlankNode("z")}, {"x": integer("1"), "y": ox.Literal("")}))
    assert compare(expected, parsed).equal


def test_result_set_vocabulary_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "result.ttl"
    path.write_text(
        """@prefix rs: <http://www.w3.org/2001/sw/DataAccess/tests/result-set#> .
        [] a rs:ResultSet ; rs:resultVariable "x", "y" ;
           rs:solution [ rs:binding [ rs:variable "x" ; rs:value <a> ] ] ;
           rs:solution [ rs:binding [ rs:variable "x" ; rs:value 1 ] , [ rs:variable "y" ; rs:value _:n ] ] .""",
        encoding="utf-8",
    )
    decoded = read_expected(Resource("http://example.org/result.ttl", path))
    assert isinstance(decoded, Solutions) and set(decoded.variables) == {"x", "y"}
    assert compare(decoded, table({"x": A}, {"x": integer("1"), "y": ox.BlankNode("q")})).equal


def test_query_text_helpers() -> None:
    query = 'SELECT ?x { { SELECT ?x { ?x ?p "ORDER BY ?p" } ORDER BY ?p LIMIT 2 } } ORDER BY DESC(?x) ?y LIMIT 5'
    assert top_level_order_keys(query) == ("x", "y")
    assert top_level_order_keys("SELECT * { { SELECT ?x {} ORDER BY ?x } }") is None
    assert has_dataset_clause("SELECT * FROM <g> { ?s ?p ?o }")
    assert has_dataset_clause("SELECT * from named <g> { ?s ?p ?o }")
    assert not has_dataset_clause('SELECT * { ?s ex:from "FROM" } # FROM <x>')
    assert with_base("\ufeffASK {}", "http://example.org/q.rq") == "BASE <http://example.org/q.rq>\nASK {}"


def test_the_suite_location() -> None:
    default = locate_suite({})
    assert default.root == (REPOSITORY_ROOT / "../shared/w3c-tests").resolve() and not default.explicit
    relative = locate_suite({ENV_VAR: "elsewhere/w3c"})
    assert relative.root == (REPOSITORY_ROOT / "elsewhere/w3c").resolve() and relative.explicit


def test_a_missing_suite_named_by_the_variable_fails_with_directions(tmp_path: Path) -> None:
    location = locate_suite({ENV_VAR: str(tmp_path / "nowhere")})
    assert location.root == tmp_path / "nowhere"
    with pytest.raises(SuiteMissing) as missing:
        location.require()
    for problem, upstream in ((str(missing.value), "w3c/rdf-tests"), (location.shacl_problem(), "w3c/data-shapes")):
        assert problem is not None
        assert str(tmp_path / "nowhere") in problem and ENV_VAR in problem and upstream in problem
        with pytest.raises(pytest.fail.Exception, match="was not found"):
            require_suite(location, problem)
    require_suite(location, None)  # nothing missing: nothing happens


def test_a_missing_suite_at_the_default_location_skips_with_directions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(w3c_suite, "REPOSITORY_ROOT", tmp_path / "checkout")
    location = locate_suite({})
    assert location.root == tmp_path / "shared" / "w3c-tests" and not location.explicit
    for problem in (location.problem(), location.shacl_problem()):
        assert problem is not None and str(location.root) in problem and ENV_VAR in problem
        with pytest.raises(pytest.skip.Exception, match="was not found"):
            require_suite(location, problem)


# ---------------------------------------------------------------- SHACL reports

_REPORT = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
[] a sh:ValidationReport ; sh:conforms false ; sh:result
  [ a sh:ValidationResult ; sh:focusNode _:f ; sh:resultPath [ sh:inversePath ex:p ] ; sh:value 1 ;
    sh:resultSeverity sh:Violation ; sh:sourceShape _:s ; sh:sourceConstraintComponent sh:MaxCountConstraintComponent ],
  [ a sh:ValidationResult ; sh:focusNode ex:a ; sh:resultPath ( ex:p ex:q ) ; sh:resultMessage "a message" ;
    sh:resultSeverity sh:Violation ; sh:sourceShape _:s ; sh:sourceConstraintComponent sh:MinCountConstraintComponent ] .
"""


def _report(text: str, *, strict: bool = False) -> Report:
    triples = Triples(q.triple for q in ox.parse(text.encode(), format=TTL))
    return read_report(triples, find_report(triples), strict=strict)


def test_shacl_reports_match_up_to_blank_nodes_and_messages() -> None:
    expected = _report(_REPORT, strict=True)
    assert len(expected.results) == 2 and not expected.conforms
    renamed = _REPORT.replace("_:f", "_:other").replace("_:s", "_:shape").replace('"a message"', '"another"')
    assert compare_reports(expected, _report(renamed)).equal


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("sh:conforms false", "sh:conforms true"),
        ("sh:value 1", 'sh:value "1"'),  # exact terms
        ("sh:inversePath ex:p", "sh:zeroOrMorePath ex:p"),  # path structure
        ("( ex:p ex:q )", "( ex:q ex:p )"),
        (
            "sh:sourceShape _:s ; sh:sourceConstraintComponent sh:Min",
            "sh:sourceShape _:t ; sh:sourceConstraintComponent sh:Min",
        ),  # one shape, not two
        ("sh:focusNode ex:a", "sh:focusNode _:f"),  # an IRI is not a blank node
        (
            "sh:resultSeverity sh:Violation ; sh:sourceShape _:s ; sh:sourceConstraintComponent sh:Max",
            "sh:resultSeverity sh:Warning ; sh:sourceShape _:s ; sh:sourceConstraintComponent sh:Max",
        ),
    ],
)
def test_shacl_reports_that_differ(old: str, new: str) -> None:
    assert old in _REPORT
    assert not compare_reports(_report(_REPORT), _report(_REPORT.replace(old, new))).equal


def test_shacl_report_multiplicity_and_unread_properties() -> None:
    expected = _report(_REPORT)
    doubled = Report(expected.conforms, expected.results + expected.results[:1])
    assert not compare_reports(expected, doubled).equal
    with pytest.raises(ValueError, match="does not compare"):
        _report(_REPORT.replace("sh:value 1", "sh:value 1 ; ex:extra 2"), strict=True)
