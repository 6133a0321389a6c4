"""The protocol dataset helpers: USING clauses from using-graph-uri, absent graphs, the header."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.errors import ParameterError, QueryRefused
from province40.sparql.protocol_dataset import (
    absent_graphs,
    absent_graphs_header,
    graph_iri,
    with_using_parameters,
)
from province40.sparql_text import with_base


def test_using_clauses_go_before_each_modify_where() -> None:
    update = (
        "PREFIX ex: <http://example.org/>\n"
        "INSERT { GRAPH ex:out { ?s a ex:T } } WHERE { ?s a ex:S } ;\n"
        "DELETE WHERE { GRAPH ex:old { ?s ?p ?o } } ;\n"
        'DELETE { ?s ex:p "WHERE" } WHERE { ?s ex:p "WHERE" }'
    )
    rewritten = with_using_parameters(update, ("http://example.org/g1",), ("http://example.org/g2",))
    clause = "USING <http://example.org/g1> USING NAMED <http://example.org/g2>\n"
    assert rewritten.count(clause) == 2
    assert "DELETE WHERE { GRAPH" in rewritten  # DELETE WHERE has no dataset clause
    ox.Store().update(rewritten)  # still a valid update


def test_the_update_unchanged_without_parameters() -> None:
    assert with_using_parameters("CLEAR ALL", (), ()) == "CLEAR ALL"


@pytest.mark.parametrize(
    "update",
    [
        "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <http://example.org/g> WHERE { ?s ?p ?o }",
    ],
)
def test_own_dataset_and_parameters_conflict(update: str) -> None:
    with pytest.raises(ParameterError, match="one way only"):
        with_using_parameters(update, ("http://example.org/x",), ())


def test_an_iri_that_is_not_absolute_is_a_parameter_error() -> None:
    with pytest.raises(ParameterError) as caught:
        graph_iri("not an iri", "named-graph-uri")
    assert caught.value.parameter == "named-graph-uri"
    with pytest.raises(ParameterError):
        with_using_parameters("INSERT { } WHERE { }", ("a b>",), ())


def test_file_iris_are_refused() -> None:
    with pytest.raises(QueryRefused) as caught:
        graph_iri("file:///etc/passwd", "default-graph-uri")
    assert caught.value.reason == "outbound_access"


def test_absent_graphs_once_in_order_and_the_header() -> None:
    held = {"http://example.org/held"}
    iris = ["http://example.org/b", "http://example.org/held", "http://example.org/a", "http://example.org/b"]
    absent = absent_graphs(iris, held.__contains__)
    assert absent == ("http://example.org/b", "http://example.org/a")
    assert absent_graphs_header(absent) == "<http://example.org/b>, <http://example.org/a>"
    assert absent_graphs_header(["http://example.org/จังหวัด"]) == "<http://example.org/%E0%B8%88%E0%B8%B1%E0%B8%87%E0%B8%AB%E0%B8%A7%E0%B8%B1%E0%B8%94>"


def test_with_base_keeps_the_first_line() -> None:
    assert with_base("SELECT * {}", None) == "SELECT * {}"
    text = with_base("ASK { <s> ?p ?o }", "http://localhost:8000/sparql")
    assert text == "BASE <http://localhost:8000/sparql> ASK { <s> ?p ?o }"
    assert "\n" not in text
    own = "BASE <http://example.org/> ASK { <s> ?p ?o }"
    assert with_base(own, "http://localhost:8000/sparql") == own
