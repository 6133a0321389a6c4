"""Content negotiation: Accept rules, aliases, the format parameter, browsers and 406."""

from __future__ import annotations

import pytest

from province40.errors import NotAcceptable, ParameterError
from province40.results import ResultFormat, ResultKind
from province40.sparql.negotiation import choose_format

S, B, G = ResultKind.SOLUTIONS, ResultKind.BOOLEAN, ResultKind.GRAPH


@pytest.mark.parametrize(
    ("kind", "accept", "expected"),
    [
        (S, None, ResultFormat.JSON),
        (S, "*/*", ResultFormat.JSON),
        (S, "application/sparql-results+xml", ResultFormat.XML),
        (S, "text/csv", ResultFormat.CSV),
        (S, "text/tab-separated-values", ResultFormat.TSV),
        (S, "application/json", ResultFormat.JSON),
        (S, "text/*", ResultFormat.CSV),
        (S, "text/csv;q=0.5, application/sparql-results+xml;q=0.9", ResultFormat.XML),
        (S, "application/sparql-results+json;q=0, */*;q=0.1", ResultFormat.XML),
        (B, "application/sparql-results+xml", ResultFormat.XML),
        (G, None, ResultFormat.TURTLE),
        (G, "application/n-triples", ResultFormat.N_TRIPLES),
        (G, "application/ld+json", ResultFormat.JSON_LD),
        (G, "application/rdf+xml", ResultFormat.RDF_XML),
        (G, "application/json", ResultFormat.JSON_LD),
        (G, "text/plain", ResultFormat.N_TRIPLES),
        (G, "application/rdf+xml, text/turtle;q=0.8", ResultFormat.RDF_XML),
        # a browser
        (S, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ResultFormat.JSON),
        (G, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ResultFormat.TURTLE),
    ],
)
def test_accept(kind: ResultKind, accept: str | None, expected: ResultFormat) -> None:
    assert choose_format(kind, accept=accept) is expected


@pytest.mark.parametrize(("kind", "accept"), [(S, "text/turtle"), (G, "text/csv"), (S, "image/png")])
def test_nothing_acceptable(kind: ResultKind, accept: str) -> None:
    with pytest.raises(NotAcceptable, match="available"):
        choose_format(kind, accept=accept)


def test_format_parameter_wins_over_accept() -> None:
    assert choose_format(S, accept="text/csv", format_param="json") is ResultFormat.JSON
    assert choose_format(G, accept=None, format_param="application/n-triples") is ResultFormat.N_TRIPLES
    with pytest.raises(NotAcceptable):
        choose_format(G, accept=None, format_param="csv")
    with pytest.raises(ParameterError):
        choose_format(S, accept=None, format_param="yaml")
