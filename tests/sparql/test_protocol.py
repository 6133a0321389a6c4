"""Reading SPARQL protocol requests from plain HTTP parts."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from province40.errors import ParameterError, UnsupportedMediaType
from province40.sparql.protocol import Operation, effective_limit, plain_query_text, read_request

FORM = "application/x-www-form-urlencoded"


def test_get_query_with_dataset() -> None:
    qs = urlencode(
        [
            ("query", "ASK {}"),
            ("default-graph-uri", "http://g1"),
            ("default-graph-uri", "http://g2"),
            ("named-graph-uri", "http://n"),
        ]
    )
    request = read_request("GET", qs, None, b"")
    assert request.operation is Operation.QUERY and request.text == "ASK {}"
    assert request.default_graphs == ("http://g1", "http://g2") and request.named_graphs == ("http://n",)


def test_bare_get_is_a_service_description() -> None:
    assert read_request("GET", "", None, b"").operation is Operation.DESCRIPTION


def test_form_post_decodes_utf8_once() -> None:
    body = urlencode({"query": 'SELECT * { ?s ?p "จังหวัด%20+" }'}).encode()
    request = read_request("POST", "", FORM, body)
    assert request.text == 'SELECT * { ?s ?p "จังหวัด%20+" }'


def test_direct_posts() -> None:
    assert read_request("POST", "", "application/sparql-query; charset=utf-8", b"ASK {}").operation is Operation.QUERY
    update = read_request("POST", "using-graph-uri=http://g", "application/sparql-update", b"CLEAR DEFAULT")
    assert update.operation is Operation.UPDATE and update.using_graphs == ("http://g",)


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body", "error"),
    [
        ("GET", "query=ASK{}&query=ASK{}", None, b"", ParameterError),
        ("GET", "update=CLEAR%20ALL", None, b"", ParameterError),
        ("POST", "", "text/plain", b"ASK {}", UnsupportedMediaType),
        ("POST", "", None, b"query=ASK{}", UnsupportedMediaType),
        ("POST", "", "application/sparql-query; charset=utf-16", "ASK {}".encode("utf-16"), UnsupportedMediaType),
        ("POST", "", "application/sparql-query", b"\xff\xfe", UnsupportedMediaType),
        ("POST", "", FORM, b"query=ASK{}&update=CLEAR%20ALL", ParameterError),
        ("POST", "", FORM, b"other=1", ParameterError),
        ("PUT", "query=ASK{}", None, b"", ParameterError),
        ("GET", "query=%20%20", None, b"", ParameterError),
        ("GET", "query=ASK{}&timeout=-1", None, b"", ParameterError),
        ("GET", "query=ASK{}&max-rows=lots", None, b"", ParameterError),
        ("GET", "query=%ff", None, b"", ParameterError),
    ],
)
def test_protocol_violations(method: str, qs: str, ctype: str | None, body: bytes, error: type[Exception]) -> None:
    with pytest.raises(error):
        read_request(method, qs, ctype, body)


def test_requests_may_lower_limits_never_raise_them() -> None:
    assert effective_limit(None, 10.0) == 10.0
    assert effective_limit(2.0, 10.0) == 2.0
    assert effective_limit(60.0, 10.0) == 10.0


LOOKUP_TEXT = "SELECT ?p ?o WHERE { GRAPH ?g { <https://w3id.org/province40/id/จังหวัด/TH-50> ?p ?o } }"


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body"),
    [
        ("GET", urlencode({"query": LOOKUP_TEXT}), None, b""),
        ("GET", "query=" + urlencode({"q": LOOKUP_TEXT})[2:].replace("+", "%20"), None, b""),
        ("POST", "", "application/x-www-form-urlencoded", urlencode({"query": LOOKUP_TEXT}).encode()),
        ("POST", "", "application/sparql-query", LOOKUP_TEXT.encode()),
        ("POST", "", "application/sparql-query; charset=UTF-8", LOOKUP_TEXT.encode()),
    ],
)
def test_a_plain_query_reads_as_read_request_reads_it(method: str, qs: str, ctype: str | None, body: bytes) -> None:
    plain = plain_query_text(method, qs.encode("ascii"), ctype, body)
    assert plain == LOOKUP_TEXT == read_request(method, qs, ctype, body).text


@pytest.mark.parametrize(
    ("method", "qs", "ctype", "body"),
    [
        ("GET", urlencode({"query": LOOKUP_TEXT, "timeout": "1"}), None, b""),  # any other parameter
        ("GET", urlencode({"default-graph-uri": "http://example.org/g", "query": LOOKUP_TEXT}), None, b""),
        ("GET", "", None, b""),  # the service description
        ("GET", "query=%ZZ", None, b""),  # not a percent-escape
        ("GET", "query=%E0%B8", None, b""),  # not UTF-8
        ("GET", "query=a%5Cb\\x41", None, b""),  # a raw backslash
        ("POST", "timeout=1", "application/sparql-query", LOOKUP_TEXT.encode()),
        ("POST", "", "application/sparql-query; charset=latin-1", LOOKUP_TEXT.encode()),
        ("POST", "", "application/sparql-update", b"CLEAR ALL"),
        ("POST", "", "application/x-www-form-urlencoded", b"update=CLEAR+ALL"),
        ("POST", "", "text/plain", LOOKUP_TEXT.encode()),
        ("PUT", "", "application/sparql-query", LOOKUP_TEXT.encode()),
    ],
)
def test_every_other_request_is_left_to_read_request(method: str, qs: str, ctype: str | None, body: bytes) -> None:
    assert plain_query_text(method, qs.encode("ascii"), ctype, body) is None
