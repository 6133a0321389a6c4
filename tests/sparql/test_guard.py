"""The request guard: size, nesting, operator chains and outbound access, before any parser runs."""

from __future__ import annotations

import pytest

from province40.errors import QueryRefused
from province40.sparql.guard import GuardLimits, QueryForm, check_request, scan

LIMITS = GuardLimits(max_bytes=65536, max_depth=64, max_operators=1000)


def local(iri: str) -> bool:
    return iri.startswith("https://w3id.org/province40/graph/")


def check(text: str, *, update: bool = False, limits: GuardLimits = LIMITS) -> None:
    check_request(text, limits=limits, expect_update=update, is_local_graph=local)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", QueryForm.SELECT),
        ("PREFIX ex: <http://e/> # a comment with SELECT\nASK { ex:a ?p ?o }", QueryForm.ASK),
        ("BASE <http://e/> CONSTRUCT WHERE { ?s ?p ?o }", QueryForm.CONSTRUCT),
        ("describe <http://e/x>", QueryForm.DESCRIBE),
        ('SELECT ("ASK {" AS ?x) {}', QueryForm.SELECT),
    ],
)
def test_query_form(text: str, form: QueryForm) -> None:
    assert scan(text).form is form


def test_strings_comments_and_iris_do_not_count() -> None:
    text = 'SELECT ?s WHERE { ?s <http://e/a/b/c> "{{{{ UNION ||" . # {{{{ SERVICE <http://x>\n ?s ?p """ { ( [ """ }'
    result = scan(text)
    assert result.depth == 1
    assert result.operators == 0
    assert result.service_targets == ()


def test_depth_and_operators_are_counted() -> None:
    assert scan("SELECT * { { { ?s ?p ?o } } FILTER(((1+2)*3) > 0) }").depth == 4
    assert scan("SELECT ?a { {?a ?b ?c} UNION {?a ?b ?c} ?a <http://p>/<http://q>|<http://r> ?z }").operators == 3


def test_too_large() -> None:
    with pytest.raises(QueryRefused) as caught:
        check("SELECT * { ?s ?p ?o }" + " " * 70000)
    assert caught.value.reason == "too_large" and caught.value.setting == "max_query_bytes"


def test_five_thousand_nested_groups_are_refused_not_parsed() -> None:
    with pytest.raises(QueryRefused) as caught:
        check("SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000)
    assert caught.value.reason == "too_deep" and caught.value.setting == "max_query_depth"


def test_long_operator_chains_are_refused() -> None:
    with pytest.raises(QueryRefused) as caught:
        check("SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 1500) + " }")
    assert caught.value.reason == "too_many_operators"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "PREFIX ex: <http://evil.example/> SELECT * { SERVICE ex:sparql { ?s ?p ?o } }",
        "SELECT * { SERVICE ?endpoint { ?s ?p ?o } }",
        "select * { service <file:///etc/passwd> { ?s ?p ?o } }",
        "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://example.org/remote.ttl> { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_outbound_access_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused) as caught:
        check(text)
    assert caught.value.reason == "outbound_access"
    assert caught.value.setting == "outbound_allowlist"


@pytest.mark.parametrize(
    "text", ["LOAD <http://example.org/data.ttl>", "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://g>"]
)
def test_load_is_refused(text: str) -> None:
    with pytest.raises(QueryRefused, match="LOAD"):
        check(text, update=True)


def test_allow_list_permits_named_targets_only() -> None:
    allowing = GuardLimits(65536, 64, 1000, outbound_allowlist=("https://query.wikidata.org/",))
    check("SELECT * { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }", limits=allowing)
    with pytest.raises(QueryRefused):
        check("SELECT * { SERVICE <https://example.org/sparql> { ?s ?p ?o } }", limits=allowing)


def test_local_graphs_may_be_named_in_from() -> None:
    check("SELECT * FROM <https://w3id.org/province40/graph/reference> { ?s ?p ?o }")


def test_an_update_sent_as_a_query_is_refused() -> None:
    with pytest.raises(QueryRefused) as caught:
        check("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert caught.value.reason == "update_in_query"
