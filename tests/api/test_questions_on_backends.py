"""The stored questions on each backend (embedded, ``oxigraph serve``, Virtuoso): every question, with every
choice of its parameters, answers exactly as on the embedded store, and injection attempts through every
parameter cannot change the query or the store there either.

The remote backend writes bound parameters into the text (:mod:`province40.sparql_binding`), the embedded
store passes them to pyoxigraph as substitutions: these tests are what says the two mean the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from province40.catalog import StoredQuery, catalog
from province40.parameters import bind_parameters, sparql_with_values
from province40.store.base import Store
from tests.api.test_questions import INJECTIONS, count_quads
from tests.api.test_sparql_endpoint import assert_error_shape

LIMIT = 5000


@pytest.fixture(scope="module")
def there(backend_client: TestClient) -> TestClient:
    """This module's tests run on each backend: embedded, oxigraph serve and Virtuoso."""
    return backend_client


def parameter_sets(question: StoredQuery) -> Iterator[dict[str, str]]:
    """The examples, each choice of each choice parameter, and each optional parameter left out."""
    examples = {p.name: p.example for p in question.parameters}
    yield examples
    for parameter in question.parameters:
        for choice in parameter.choices:
            if choice != parameter.example:
                yield {**examples, parameter.name: choice}
        if not parameter.required:
            yield {k: v for k, v in examples.items() if k != parameter.name}


def _answer(client: TestClient, slug: str, params: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/{slug}", params={**params, "limit": str(LIMIT)})
    assert response.status_code == 200, (slug, params, response.text)
    body: dict[str, Any] = response.json()
    return body


def _same_rows(question: StoredQuery, rows: list[dict[str, Any]]) -> list[dict[str, Any]] | list[str]:
    if "ORDER BY" in question.text:
        return rows
    return sorted(json.dumps(row, sort_keys=True, ensure_ascii=False) for row in rows)


def test_every_question_with_every_choice_answers_as_on_the_embedded_store(
    there: TestClient, client: TestClient
) -> None:
    compared = 0
    for slug, question in catalog().items():
        for params in parameter_sets(question):
            expected, found = _answer(client, slug, params), _answer(there, slug, params)
            assert not expected["truncated"], (slug, params)
            assert found["columns"] == expected["columns"], (slug, params)
            assert _same_rows(question, found["rows"]) == _same_rows(question, expected["rows"]), (slug, params)
            assert found["truncated"] is False
            compared += 1
    assert compared >= len(catalog()) + 4


def test_the_query_page_text_answers_as_the_api(there: TestClient, client: TestClient) -> None:
    """The text the query page shows (values written in) runs through /sparql to the API's answer."""
    for slug, question in catalog().items():
        if not question.parameters:
            continue
        params = {p.name: p.example for p in question.parameters}
        text = sparql_with_values(question, bind_parameters(question, list(params.items())).bindings)
        response = there.post("/sparql", data={"query": text}, headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 200, (slug, response.text)
        assert len(response.json()["results"]["bindings"]) == len(_answer(client, slug, params)["rows"]), slug


def test_injection_through_every_parameter_cannot_change_the_query_or_the_store(there: TestClient) -> None:
    before = count_quads(there)
    tried = 0
    for slug, question in catalog().items():
        for parameter in question.parameters:
            valid = {p.name: p.example for p in question.parameters}
            for attempt in INJECTIONS:
                response = there.get(f"/api/{slug}", params={**valid, parameter.name: attempt})
                tried += 1
                if response.status_code == 200:
                    assert response.json()["rows"] == [], (slug, parameter.name, attempt)
                else:
                    assert_error_shape(response, 422, "invalid_parameter")
    assert tried >= 10 * 8
    assert count_quads(there) == before


HOSTILE_VALUES = (
    '" } ; DROP ALL ; #',
    "' } UNION { ?s ?p ?o } #",
    "TH-84\n} UNION { GRAPH ?g { ?s ?p ?o } }",
    '""" } INSERT DATA { <http://e/s> <http://e/p> 1 } #',
    "\\u0022 } #",
)


def test_hostile_values_bound_past_the_patterns_are_one_term_on_every_backend(
    backend: Store, store: Store, there: TestClient
) -> None:
    """The patterns refuse such values at the API; bound directly through the store, each is still one
    literal (or an IRI that cannot even be made): the answers are the embedded store's, the store unchanged."""
    before = count_quads(there)
    for slug, question in catalog().items():
        examples = [(p.name, p.example) for p in question.parameters]
        bound = dict(bind_parameters(question, examples).bindings)
        for variable in bound:
            for value in HOSTILE_VALUES:
                hostile = {**bound, variable: ox.Literal(value)}
                text = f"{question.text.rstrip()}\nLIMIT 50\n"
                expected = store.select(text, bindings=hostile, timeout=30)
                found = backend.select(text, bindings=hostile, timeout=30)
                assert len(found.rows) == len(expected.rows), (slug, variable, value)
    assert count_quads(there) == before
