"""The conformance harness itself: result comparison, query-text helpers and the suite's location.

A harness that compares too leniently would make the W3C runs prove nothing; these tests show that
it tells wrong answers apart (a changed term, a missing row, a reordered ORDER BY result, blank nodes
that do not correspond) and accepts only what the suite allows (renamed blank nodes, ties in any order).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.conformance.query_text import has_dataset_clause, top_level_order_keys, with_base
from tests.conformance.result_sets import (
    Boolean,
    CsvBlank,
    Row,
    Solutions,
    compare,
    csv_cells,
    parse_csv,
    read_expected,
)
from tests.conformance.w3c_suite import ENV_VAR, REPOSITORY_ROOT, Resource, SuiteMissing, locate_suite

XSD = "http://www.w3.org/2001/XMLSchema#"
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


def test_a_missing_suite_fails_with_directions(tmp_path: Path) -> None:
    location = locate_suite({ENV_VAR: str(tmp_path / "nowhere")})
    assert location.root == tmp_path / "nowhere"
    with pytest.raises(SuiteMissing) as missing:
        location.require()
    message = str(missing.value)
    assert str(tmp_path / "nowhere") in message and ENV_VAR in message and "w3c/rdf-tests" in message
    default = locate_suite({})
    assert default.root == (REPOSITORY_ROOT / "../shared/w3c-tests").resolve()
    relative = locate_suite({ENV_VAR: "elsewhere/w3c"})
    assert relative.root == (REPOSITORY_ROOT / "elsewhere/w3c").resolve()
