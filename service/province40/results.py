"""Result formats and serialisers for SPARQL results (JSON, XML, CSV, TSV) and RDF graphs.

pyoxigraph serialises a whole result iterator; the row cap needs to stop after N rows, so solutions
are serialised here, following the W3C formats byte for byte as pyoxigraph writes them
(``tests/sparql/test_results.py`` compares the two on uncapped results). Graph results use
pyoxigraph's own RDF serialisers on the capped list of triples.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Sequence
from enum import Enum
from itertools import islice
from typing import Any, TypeVar
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from province40.namespaces import PREFIXES

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_STRING = XSD + "string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class ResultKind(Enum):
    """What a query returns: solutions (SELECT), a boolean (ASK) or triples (CONSTRUCT/DESCRIBE)."""

    SOLUTIONS = "solutions"
    BOOLEAN = "boolean"
    GRAPH = "graph"


class ResultFormat(Enum):
    """Every format a response can take, with its media type."""

    JSON = "application/sparql-results+json"
    XML = "application/sparql-results+xml"
    CSV = "text/csv"
    TSV = "text/tab-separated-values"
    TURTLE = "text/turtle"
    N_TRIPLES = "application/n-triples"
    JSON_LD = "application/ld+json"
    RDF_XML = "application/rdf+xml"
    N_QUADS = "application/n-quads"
    TRIG = "application/trig"

    @property
    def media_type(self) -> str:
        """The registered media type."""
        return self.value

    @property
    def content_type(self) -> str:
        """The Content-Type header value (UTF-8 for every text format)."""
        return f"{self.value}; charset=utf-8"

    @property
    def for_graphs(self) -> bool:
        """True for RDF formats (graph results), false for SPARQL results formats."""
        return self in _RDF_FORMATS

    @property
    def rdf_format(self) -> ox.RdfFormat:
        """The pyoxigraph RDF format (only for graph formats)."""
        return _RDF_FORMATS[self]


_RDF_FORMATS: dict[ResultFormat, ox.RdfFormat] = {
    ResultFormat.TURTLE: ox.RdfFormat.TURTLE,
    ResultFormat.N_TRIPLES: ox.RdfFormat.N_TRIPLES,
    ResultFormat.JSON_LD: ox.RdfFormat.JSON_LD,
    ResultFormat.RDF_XML: ox.RdfFormat.RDF_XML,
    ResultFormat.N_QUADS: ox.RdfFormat.N_QUADS,
    ResultFormat.TRIG: ox.RdfFormat.TRIG,
}

SOLUTION_FORMATS = (ResultFormat.JSON, ResultFormat.XML, ResultFormat.CSV, ResultFormat.TSV)
GRAPH_FORMATS = (ResultFormat.TURTLE, ResultFormat.N_TRIPLES, ResultFormat.JSON_LD, ResultFormat.RDF_XML)

# ---------------------------------------------------------------- JSON


_Row = TypeVar("_Row")


def capped(items: Iterable[_Row], max_rows: int) -> tuple[list[_Row], bool]:
    """The row cap, the one implementation: at most ``max_rows`` items, and True when more followed (one
    item past the cap is read to know, never more)."""
    iterator = iter(items)
    rows = list(islice(iterator, max_rows))
    return rows, next(iterator, _END) is not _END


_END = object()


def _json_term(term: Term) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _solutions_json(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> bytes:
    bindings = [
        {var: _json_term(value) for var, value in zip(variables, row, strict=True) if value is not None} for row in rows
    ]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


# ---------------------------------------------------------------- XML


def _xml_text(text: str) -> str:
    # Double quotes are escaped in text content too, as pyoxigraph does.
    return escape(text, {'"': "&quot;"})


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{_xml_text(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{_xml_text(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{_xml_text(term.value)}</literal>"
        if term.datatype.value != _XSD_STRING:
            return f"<literal datatype={quoteattr(term.datatype.value)}>{_xml_text(term.value)}</literal>"
        return f"<literal>{_xml_text(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
        f"</predicate><object>{_xml_term(term.object)}</object></triple>"
    )


def _solutions_xml(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> bytes:
    out = ['<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for var, value in zip(variables, row, strict=True):
            if value is not None:
                out.append(f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>")
    return "".join(out).encode("utf-8")


# ---------------------------------------------------------------- CSV / TSV


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def _solutions_csv(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8")


_BARE_NUMERIC = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(?:true|false)$"),
}


def _tsv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and not term.language:
        pattern = _BARE_NUMERIC.get(term.datatype.value)
        if pattern is not None and pattern.match(term.value):
            return term.value
    return str(term)


def _solutions_tsv(variables: Sequence[str], rows: Sequence[Sequence[Term | None]]) -> bytes:
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_value(v) for v in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- entry points


def serialize_solutions(
    variables: Sequence[str], rows: Sequence[Sequence[Term | None]], result_format: ResultFormat
) -> bytes:
    """Serialise SELECT solutions (rows aligned with ``variables``; None for unbound)."""
    if result_format is ResultFormat.JSON:
        return _solutions_json(variables, rows)
    if result_format is ResultFormat.XML:
        return _solutions_xml(variables, rows)
    if result_format is ResultFormat.CSV:
        return _solutions_csv(variables, rows)
    if result_format is ResultFormat.TSV:
        return _solutions_tsv(variables, rows)
    raise ValueError(f"{result_format.media_type} cannot carry SELECT results")


def serialize_boolean(value: bool, result_format: ResultFormat) -> bytes:
    """Serialise an ASK result."""
    if result_format is ResultFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}, separators=(",", ":")).encode("utf-8")
    if result_format is ResultFormat.XML:
        text = "true" if value else "false"
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            f"<boolean>{text}</boolean></sparql>"
        ).encode()
    if result_format in (ResultFormat.CSV, ResultFormat.TSV):
        return b"true" if value else b"false"
    raise ValueError(f"{result_format.media_type} cannot carry ASK results")


def serialize_graph(
    triples: Sequence[ox.Triple] | Sequence[ox.Quad],
    result_format: ResultFormat,
    *,
    prefixes: dict[str, str] | None = None,
) -> bytes:
    """Serialise triples (or quads, for N-Quads/TriG) with pyoxigraph; Turtle and TriG get the
    project's prefixes unless ``prefixes`` says otherwise."""
    rdf_format = result_format.rdf_format
    chosen = PREFIXES if prefixes is None else prefixes
    use_prefixes = chosen if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    data = ox.serialize(triples, format=rdf_format, prefixes=use_prefixes)
    return data if data is not None else b""
