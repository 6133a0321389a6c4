"""Bounded look-ups answered in the server process: the same answers as a worker, the row cap, the row
budget that sends a long look-up to a worker, and read-your-writes after a write."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from province40.errors import QuerySyntaxError
from province40.results import ResultFormat
from province40.store import inline
from province40.store.base import QueryRequest
from province40.store.embedded import EmbeddedStore

PROVINCE = "<https://w3id.org/province40/id/province/TH-10>"
LOOKUP = f"SELECT ?p ?o WHERE {{ GRAPH ?g {{ {PROVINCE} ?p ?o }} }}"


def request(text: str, *, max_rows: int = 10_000, fmt: ResultFormat = ResultFormat.JSON) -> QueryRequest:
    return QueryRequest(text=text, result_format=fmt, timeout=10.0, max_rows=max_rows)


def rows(body: bytes) -> list[tuple[str, ...]]:
    document = json.loads(body)
    names = document["head"]["vars"]
    return sorted(tuple(b[v]["value"] for v in names if v in b) for b in document["results"]["bindings"])


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV])
def test_the_same_answer_as_a_worker(store: EmbeddedStore, fmt: ResultFormat) -> None:
    here = store.execute_bounded(request(LOOKUP, fmt=fmt))
    there = store.execute(request(LOOKUP, fmt=fmt))
    assert here is not None
    assert (here.kind, here.result_format, here.rows, here.truncated) == (
        there.kind,
        there.result_format,
        there.rows,
        there.truncated,
    )
    assert here.rows >= 5
    if fmt is ResultFormat.JSON:
        assert rows(here.body) == rows(there.body)
    else:
        assert sorted(here.body.splitlines()) == sorted(there.body.splitlines())


@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.CSV])
def test_the_row_cap_truncates_and_says_so(store: EmbeddedStore, fmt: ResultFormat) -> None:
    answer = store.execute_bounded(request(LOOKUP, max_rows=3, fmt=fmt))
    assert answer is not None
    assert answer.rows == 3 and answer.truncated
    if fmt is ResultFormat.JSON:
        assert len(json.loads(answer.body)["results"]["bindings"]) == 3


def test_more_rows_than_the_budget_go_to_a_worker(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inline, "BOUNDED_ROW_BUDGET", 4)
    assert store.execute_bounded(request(LOOKUP)) is None  # more than 4 rows: declined, not cut
    within = store.execute_bounded(request(LOOKUP, max_rows=2))  # the cap is below the budget: answered
    assert within is not None and within.rows == 2 and within.truncated
    assert store.execute(request(LOOKUP)).rows > 4


def test_a_syntax_error_is_the_workers_error(store: EmbeddedStore) -> None:
    with pytest.raises(QuerySyntaxError):
        store.execute_bounded(request("SELECT ?p ?o WHERE { undeclared:x ?p ?o }"))


def test_a_write_is_visible_to_the_next_look_up(writable_store_dir: Path) -> None:
    store = EmbeddedStore(writable_store_dir, workers=1, writable=True)
    try:
        lookup = request("SELECT ?p ?o WHERE { GRAPH ?g { <http://example.org/new> ?p ?o } }")
        before = store.execute_bounded(lookup)
        assert before is not None and before.rows == 0
        store.update(
            "INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/new> <http://example.org/p> 1 } }"
        )
        # the view is older than the write: declined (never a stale answer); the worker sees the write
        assert store.execute_bounded(lookup) is None
        assert store.execute(lookup).rows == 1
        for _ in range(200):  # reopened in the background, then answered here again, with the write
            answer = store.execute_bounded(lookup)
            if answer is not None:
                assert answer.rows == 1
                break
            time.sleep(0.05)
        else:
            pytest.fail("the in-process view was not reopened after the write")
    finally:
        store.close()


def test_a_store_without_inline_look_ups_declines(store_dir: Path) -> None:
    store = EmbeddedStore(store_dir, workers=1, inline_lookups=False)
    try:
        assert store.execute_bounded(request(LOOKUP)) is None
    finally:
        store.close()


AWKWARD = ['a,{"b', 'x},{"y', '"bindings":[]}}', ",{}", "[{}", 'ก,{"p":', "\\", "line\nbreak", '}},{"p":{', ""]


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?p ?o WHERE { GRAPH ?g { <http://example.org/s> ?p ?o } }",
        "SELECT ?o WHERE { GRAPH ?g { <http://example.org/s> <http://example.org/p3> ?o } }",
        "SELECT * WHERE { GRAPH ?g { <http://example.org/s> <http://example.org/p0> <http://example.org/none> } }",
        'SELECT * WHERE { GRAPH ?g { <http://example.org/s> <http://example.org/p0> "a,{\\"b" } }',  # one empty row
        "SELECT ?unbound WHERE { GRAPH ?g { <http://example.org/s> ?p ?o } }",  # ten empty rows
        "SELECT ?g ?p WHERE { GRAPH ?g { <http://example.org/s> ?p ?o } } LIMIT 1",
    ],
)
def test_rows_are_counted_in_the_engines_json_as_a_parser_counts_them(query: str) -> None:
    import pyoxigraph as ox

    memory = ox.Store()
    subject, graph = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/g")
    for index, value in enumerate(AWKWARD):
        memory.add(ox.Quad(subject, ox.NamedNode(f"http://example.org/p{index}"), ox.Literal(value), graph))
    memory.add(ox.Quad(subject, ox.NamedNode("http://example.org/lang"), ox.Literal("ไทย", language="th"), graph))
    solutions = memory.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    body = solutions.serialize(format=ox.QueryResultsFormat.JSON)
    assert inline.json_rows(body) == len(json.loads(body)["results"]["bindings"])
