"""Bound parameters written into the text (:func:`province40.sparql_binding.substitute`): the same answers as
pyoxigraph's substitutions, which the embedded store uses, and values that can only ever be one term.

The differential tests run each query twice on one pyoxigraph store, once with ``substitutions`` and once as
the substituted text, and compare the answers. The remote engines are compared in tests/store/test_backends.py,
tests/api/test_questions_on_backends.py and tests/test_push.py.
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.catalog import catalog
from province40.errors import QueryRefused
from province40.parameters import bind_parameters
from province40.sparql_binding import substitute
from province40.sparql_text import tokens

EX = "http://example.org/"
A, B, P, Q = (ox.NamedNode(EX + n) for n in ("a", "b", "p", "q"))
G = ox.NamedNode(EX + "g")


@pytest.fixture(scope="module")
def store() -> ox.Store:
    found = ox.Store()
    for s, p, o in ((A, P, ox.Literal("x")), (B, P, ox.Literal("y")), (A, Q, B), (B, Q, A)):
        found.add(ox.Quad(s, p, o))
    found.add(ox.Quad(A, P, ox.Literal("in g"), G))
    found.add(ox.Quad(A, P, ox.Literal("ศรีสะเกษ", language="th")))
    found.add(ox.Quad(B, P, ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))))
    return found


def answers(store: ox.Store, text: str, substitutions: dict[str, ox.NamedNode | ox.Literal] | None = None) -> object:
    result = store.query(text, substitutions={ox.Variable(k): v for k, v in (substitutions or {}).items()} or None)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return sorted(str(t) for t in result)
    names = [v.value for v in result.variables]
    return sorted(tuple((n, str(row[n])) for n in names if row[n] is not None) for row in result)


PREFIX = f"PREFIX ex: <{EX}> "
CASES = [
    ("SELECT ?s ?o WHERE { ?s ex:p ?o }", {"s": A}),
    ("SELECT ?s ?o WHERE { ?x ex:p ?o BIND (?x AS ?s) }", {"s": A}),  # assigned: a filter
    ("SELECT ?s ?o WHERE { ?s ex:p ?o BIND (1/0 AS ?s2) }", {"s": B}),
    ("SELECT ?b ?o WHERE { ?s ex:p ?o BIND (IF(?o = 'x', 'c', 's') AS ?b) }", {"b": ox.Literal("c")}),
    ("SELECT ?b ?o WHERE { ?s ex:p ?o BIND (1/0 AS ?b) }", {"b": ox.Literal("c")}),  # error: stays bound
    ("SELECT ?b ?o WHERE { ?s ex:p ?o VALUES ?b { 'c' 'd' } }", {"b": ox.Literal("c")}),
    ("SELECT ?id ?o WHERE { BIND (IRI(CONCAT('http://example.org/', ?id)) AS ?s) ?s ex:p ?o }", {"id": ox.Literal("a")}),
    ("SELECT ?b ?o WHERE { ?s ex:p ?o { BIND ('c' AS ?c) FILTER (?b = ?c) } }", {"b": ox.Literal("c")}),  # nested group
    ("SELECT ?s ?o WHERE { { SELECT ?o WHERE { ?s ex:p ?o } } }", {"s": A}),  # the subquery's own ?s
    ("SELECT ?s ?o WHERE { { SELECT ?s ?o WHERE { ?s ex:p ?o } } }", {"s": A}),  # shared: bound inside
    ("SELECT ?s ?o WHERE { { SELECT * WHERE { ?s ex:p ?o } } }", {"s": A}),
    ("SELECT ?s ?n WHERE { { SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s } }", {"s": A}),
    ("SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ex:p ?o } GROUP BY ?s ORDER BY ?s", {"s": B}),
    ("SELECT ?s ?o WHERE { ?s ex:p ?o MINUS { ?s ex:p 'x' } }", {"s": A}),  # MINUS compares on ?s
    ("SELECT ?s ?o WHERE { ?s ex:p ?o FILTER NOT EXISTS { ?s ex:q ex:b } }", {"s": A}),
    ("SELECT ?s ?o WHERE { OPTIONAL { ?s ex:p ?o } }", {"s": A}),
    ("SELECT ?s ?o WHERE { { ?s ex:p ?o } UNION { ?o ex:q ?s } }", {"s": B}),
    ("SELECT ?g ?o WHERE { GRAPH ?g { ?s ex:p ?o } }", {"g": G}),
    ("SELECT ?o ?s WHERE { ?s ex:p ?o FILTER (?o = ?lit) }", {"s": A}),
    ("SELECT ?lit ?s WHERE { ?s ex:p ?lit }", {"lit": ox.Literal("ศรีสะเกษ", language="th")}),
    ("SELECT ?n ?s WHERE { ?s ex:p ?n }", {"n": ox.Literal("5", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))}),
    ("SELECT $s ?o WHERE { $s ex:p ?o }", {"s": A}),
    ("SELECT ?s ?o WHERE { ?s ex:p ?o } VALUES ?s { ex:a ex:b }", {"s": A}),
    ("ASK { ?s ex:q ex:a }", {"s": B}),
    ("ASK { ?s ex:q ex:a }", {"s": A}),
    ("CONSTRUCT { ?s ex:r ?o } WHERE { ?s ex:p ?o }", {"s": A}),
    ("SELECT ?s ?t ?o WHERE { ?s ex:p ?o } ", {"s": A, "t": ox.Literal('"} UNION { ?s ?p ?o } #')}),
]


@pytest.mark.parametrize(("text", "bound"), CASES)
def test_the_substituted_text_answers_as_pyoxigraph_substitutions(
    store: ox.Store, text: str, bound: dict[str, ox.NamedNode | ox.Literal]
) -> None:
    written = substitute(PREFIX + text, bound)
    assert answers(store, written) == answers(store, PREFIX + text, bound), written


def test_a_trailing_values_block_is_not_the_same_thing(store: ox.Store) -> None:
    """The defect fixed here: a trailing VALUES block does not reach a BIND that reads the variable."""
    text = PREFIX + "SELECT ?id ?o WHERE { BIND (IRI(CONCAT('http://example.org/', ?id)) AS ?s) ?s ex:p ?o }"
    bound = {"id": ox.Literal("a")}
    right = answers(store, text, bound)
    assert answers(store, substitute(text, bound)) == right != []
    assert answers(store, text + " VALUES ?id { 'a' }") != right  # every subject's values, not a's


HOSTILE = (
    '" } ; DROP ALL ; #',
    "' } UNION { ?s ?p ?o } #",
    '"""',
    "TH-84\n} UNION { ?s ?p ?o }",
    "\\",
    "?id",
    "> } <",
    "# a comment",
    "ศรีสะเกษ\u0000",
)


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_value_stays_one_literal_where_the_variable_was(store: ox.Store, value: str) -> None:
    text = PREFIX + "SELECT ?id ?o WHERE { ?s ex:p ?o FILTER (STR(?o) = ?id) }"
    written = substitute(text, {"id": ox.Literal(value)})
    strings = [t for t in tokens(written) if t.kind == "string"]
    assert len(strings) == 2  # the value, once in the BIND and once in the FILTER, each one string token
    assert all(ox.parse(f"<{EX}s> <{EX}p> {t.text} .", format=ox.RdfFormat.N_TRIPLES) for t in strings)
    assert answers(store, written) == answers(store, text, {"id": ox.Literal(value)}) == []


def test_iris_that_would_break_out_cannot_even_be_made() -> None:
    for value in ("http://e/a> } UNION { ?s ?p ?o } <x", "http://e/a b", "http://e/{x}"):
        with pytest.raises(ValueError):
            ox.NamedNode(value)


@pytest.mark.parametrize(
    ("text", "bound", "message"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", {"s": ox.BlankNode("b")}, "IRI or a literal"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"s ?p": A}, "not a SPARQL variable name"),
        ("SELECT ?s WHERE { ?s ?p ?o }", {"} ?x": A}, "not a SPARQL variable name"),
        ("SELECT (STR(?o) AS ?s) WHERE { ?x ?p ?o }", {"s": A}, "computed by the SELECT clause"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", {"s": A}, "long form"),
        ("DESCRIBE ?s", {"s": A}, "WHERE group"),
    ],
)
def test_what_cannot_be_bound_is_refused(text: str, bound: dict[str, ox.BlankNode | ox.NamedNode], message: str) -> None:
    with pytest.raises(QueryRefused, match=message):
        substitute(text, bound)  # type: ignore[arg-type]


def test_every_stored_question_takes_its_bound_parameters() -> None:
    for question in catalog().values():
        for parameter in question.parameters:
            values = [parameter.example, *parameter.choices]
            for value in values:
                given = [(p.name, p.example) for p in question.parameters if p is not parameter] + [(parameter.name, value)]
                bound = bind_parameters(question, given).bindings
                written = substitute(question.text, bound)
                ox.Store().query(written)  # parses
                for name in bound:
                    assert f"?{name}" in written  # still projected
