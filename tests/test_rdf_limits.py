"""Hostile RDF documents are refused by every parse (province40.rdf_limits through rdf_io.parse_bytes)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.errors import RdfSyntaxError
from province40.rdf_io import parse_bytes
from province40.rdf_limits import MAX_BLANK_NODE_DEPTH

RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def _xml(entities: str, value: str) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{entities}]>\n<rdf:RDF {RDF}>'
        f'<rdf:Description rdf:about="http://example.org/s"><ex:p>{value}</ex:p></rdf:Description></rdf:RDF>'
    ).encode()


def _parse(data: bytes, rdf_format: ox.RdfFormat = ox.RdfFormat.TURTLE) -> int:
    return len(parse_bytes(data, rdf_format=rdf_format, source="upload.rdf").quads)


def test_plain_entity_abbreviations_still_parse() -> None:
    assert _parse(_xml('<!ENTITY ex "http://example.org/">\n', "&ex;x"), ox.RdfFormat.RDF_XML) == 1


@pytest.mark.parametrize(
    ("entities", "value", "reason"),
    [
        ('<!ENTITY a "aaaa">\n<!ENTITY b "&a;&a;&a;">\n', "&b;", "refers to other entities"),
        ('<!ENTITY x SYSTEM "file:///etc/passwd">\n', "&x;", "external"),
        ('<!ENTITY % p "x">\n', "x", "parameter"),
        ('<!ENTITY a "' + "a" * 100_000 + '">\n', "&a;" * 20, "would expand"),
    ],
)
def test_expanding_and_external_entities_are_refused(entities: str, value: str, reason: str) -> None:
    with pytest.raises(RdfSyntaxError, match=reason) as caught:
        _parse(_xml(entities, value), ox.RdfFormat.RDF_XML)
    assert caught.value.file == "upload.rdf"


def test_nul_is_refused_raw_and_escaped() -> None:
    with pytest.raises(RdfSyntaxError, match="NUL byte") as caught:
        _parse(
            b'<http://example.org/s> <http://example.org/p> "a" .\n<http://example.org/s> <http://example.org/p> "a\x00" .'
        )
    assert caught.value.line == 2
    with pytest.raises(RdfSyntaxError, match="U\\+0000"):
        _parse(b'<http://example.org/s> <http://example.org/p> "a\\u0000b" .')


def test_nesting_past_the_limit_is_refused_and_up_to_it_parses() -> None:
    def nested(depth: int) -> bytes:
        return (
            "@prefix ex: <http://example.org/> . ex:s ex:p " + "[ ex:p " * depth + "ex:o" + " ]" * depth + " ."
        ).encode()

    assert _parse(nested(MAX_BLANK_NODE_DEPTH)) == MAX_BLANK_NODE_DEPTH + 1
    with pytest.raises(RdfSyntaxError, match="nested more than"):
        _parse(nested(MAX_BLANK_NODE_DEPTH + 1))
    cycle = b"_:a <http://example.org/p> _:b . _:b <http://example.org/p> _:a ."
    assert _parse(cycle) == 2
