"""SPARQL results as pandas DataFrames with typed columns: the one way into the data for the analyses,
the notebooks and researchers' own code.

:func:`select` runs a SELECT query against

* an endpoint URL (``str``), through SPARQLWrapper (SPARQL 1.1 Protocol, JSON results): the live
  service, or any other SPARQL endpoint;
* a local :class:`pyoxigraph.Store` (the default graph is the union of the named graphs, as on the
  service);
* a province40 :class:`~province40.store.base.Store` (embedded or remote backend).

Each column takes the type of its values:

============================================  ==========================================
RDF values in the column                      pandas dtype
============================================  ==========================================
xsd:integer and its subtypes, xsd:gYear       ``Int64``
xsd:decimal, xsd:double, xsd:float            ``Float64`` (mixed with integers too)
xsd:boolean                                   ``boolean``
xsd:date                                      ``datetime64`` (day precision kept as midnight)
xsd:dateTime                                  ``datetime64`` in UTC
strings, Thai or English labels, IRIs         ``string`` (Thai text as written, NFC)
anything else, or a mix of the above          ``string`` (the lexical forms)
============================================  ==========================================

Unbound values are ``<NA>``. A result the endpoint cut at its row cap raises
:class:`~province40.errors.ResultTruncated` rather than returning part of the data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeAlias
from urllib.error import URLError

import pandas as pd
import pyoxigraph as ox
from SPARQLWrapper import JSON, POST, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from province40.analysis.endpoint import START_HELP
from province40.errors import EndpointUnavailable, QuerySyntaxError, ResultTruncated, StoreError

if TYPE_CHECKING:
    from province40.store.base import Store

QuerySource: TypeAlias = "str | ox.Store | Store"
"""What :func:`select` reads from: an endpoint URL, a local pyoxigraph store, or a province40 store."""

XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
        "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
    )
)
_FLOAT_TYPES = frozenset(XSD + name for name in ("decimal", "double", "float"))
_YEAR = re.compile(r"^(-?[0-9]{4,})(?:Z|[+-][0-9]{2}:[0-9]{2})?$")
_Family = Literal["integer", "year", "float", "boolean", "date", "datetime", "string"]


@dataclass(frozen=True)
class Cell:
    """One value of a result, whatever the source: an IRI, a blank node or a literal."""

    kind: Literal["iri", "blank", "literal"]
    value: str
    datatype: str | None = None
    language: str | None = None

    def family(self) -> _Family:
        """The column type this value asks for."""
        if self.kind != "literal" or self.language:
            return "string"
        if self.datatype in _INTEGER_TYPES:
            return "integer"
        if self.datatype == XSD + "gYear":
            return "year"
        if self.datatype in _FLOAT_TYPES:
            return "float"
        if self.datatype == XSD + "boolean":
            return "boolean"
        if self.datatype == XSD + "date":
            return "date"
        if self.datatype == XSD + "dateTime":
            return "datetime"
        return "string"

    def text(self) -> str:
        """The value as text: IRIs in full, blank nodes as ``_:id``, literals by their lexical form."""
        return "_:" + self.value if self.kind == "blank" else self.value


Row = tuple[Cell | None, ...]


def select(query: str, source: str | ox.Store | Store, *, timeout: float = 60.0) -> pd.DataFrame:
    """Run a SELECT query on ``source`` and return its solutions as a typed DataFrame.

    >>> store = ox.Store()
    >>> three = ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))
    >>> store.add(ox.Quad(ox.NamedNode("http://ex/p"), ox.NamedNode("http://ex/n"), three))
    >>> select("SELECT ?n WHERE { ?p ?q ?n }", store)["n"].dtype
    Int64Dtype()
    """
    if isinstance(source, str):
        variables, rows = _from_endpoint(query, source, timeout=timeout)
    elif isinstance(source, ox.Store):
        variables, rows = _from_pyoxigraph(query, source)
    else:
        variables, rows = _from_store(query, source, timeout=timeout)
    return typed_frame(variables, rows)


def typed_frame(variables: Sequence[str], rows: Sequence[Row]) -> pd.DataFrame:
    """A DataFrame from result rows, each column typed by its values (see the module's table)."""
    columns = {name: _column([row[i] for row in rows]) for i, name in enumerate(variables)}
    return pd.DataFrame(columns, columns=list(variables), index=pd.RangeIndex(len(rows)))


def _column(cells: list[Cell | None]) -> pd.Series[Any]:
    families = {cell.family() for cell in cells if cell is not None}
    if families == {"integer", "year"}:
        families = {"integer"}
    if families == {"integer", "float"}:
        families = {"float"}
    family = families.pop() if len(families) == 1 else "string"
    try:
        return _convert(cells, family)
    except (ValueError, OverflowError):  # a value not in its datatype's lexical space: keep the text
        return _convert(cells, "string")


def _convert(cells: list[Cell | None], family: _Family) -> pd.Series[Any]:
    texts = [None if cell is None else cell.text() for cell in cells]
    if family == "integer":
        return pd.Series([None if t is None else int(t) for t in texts], dtype="Int64")
    if family == "year":  # "2022", "2022Z", "2022+07:00", "-0044": the year, without its time zone
        return pd.Series([None if t is None else _year(t) for t in texts], dtype="Int64")
    if family == "float":
        return pd.Series([None if t is None else float(t) for t in texts], dtype="Float64")
    if family == "boolean":
        return pd.Series([None if t is None else _boolean(t) for t in texts], dtype="boolean")
    if family in ("date", "datetime"):
        return pd.to_datetime(pd.Series(texts, dtype="string"), format="ISO8601", utc=family == "datetime")
    return pd.Series(texts, dtype="string")


def _year(text: str) -> int:
    found = _YEAR.match(text)
    if found is None:
        raise ValueError(f"not an xsd:gYear: {text!r}")
    return int(found[1])


def _boolean(text: str) -> bool:
    if text in ("true", "1"):
        return True
    if text in ("false", "0"):
        return False
    raise ValueError(f"not an xsd:boolean: {text!r}")


# ---------------------------------------------------------------- sources


def _from_endpoint(query: str, url: str, *, timeout: float) -> tuple[tuple[str, ...], list[Row]]:
    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    client.setTimeout(int(timeout))
    try:
        response = client.query()
        headers = {k.lower(): v for k, v in response.info().items()}
        body = response.response.read()
    except QueryBadFormed as error:
        raise QuerySyntaxError(f"{url} refused the query: {_endpoint_message(error)}") from None
    except SPARQLWrapperException as error:
        raise StoreError(f"{url} failed: {_endpoint_message(error)}") from None
    except (URLError, OSError) as error:
        raise EndpointUnavailable(
            f"no SPARQL endpoint answers at {url} ({error}); {START_HELP}", detail={"url": url}
        ) from None
    if headers.get("province40-truncated", "").lower() == "true":
        raise ResultTruncated(
            f"{url} cut the result at its row cap (setting max_rows, {headers.get('province40-max-rows', '?')} rows):"
            " narrow the query, or page through it with LIMIT/OFFSET",
            detail={"url": url, "setting": "max_rows"},
        )
    try:
        document = json.loads(body)
        variables = tuple(document["head"]["vars"])
        bindings = document["results"]["bindings"]
    except (ValueError, KeyError, TypeError) as error:
        raise StoreError(f"{url} did not answer with SPARQL JSON results ({error})") from None
    return variables, [tuple(_json_cell(binding.get(v)) for v in variables) for binding in bindings]


def _endpoint_message(error: SPARQLWrapperException) -> str:
    text = str(error)
    start = text.find("{")
    if start >= 0:  # province40's JSON error shape: keep its message
        try:
            message = json.loads(text[start:])["error"]["message"]
            return str(message)
        except (ValueError, KeyError, TypeError):
            pass
    return text.strip()


def _json_cell(binding: dict[str, str] | None) -> Cell | None:
    if binding is None:
        return None
    kind = binding["type"]
    if kind == "uri":
        return Cell("iri", binding["value"])
    if kind == "bnode":
        return Cell("blank", binding["value"])
    language = binding.get("xml:lang")
    datatype = binding.get("datatype") or (None if language else XSD + "string")
    return Cell("literal", binding["value"], datatype=datatype, language=language)


def _term_cell(term: object) -> Cell | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return Cell("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("blank", term.value)
    if isinstance(term, ox.Literal):
        return Cell("literal", term.value, datatype=term.datatype.value, language=term.language)
    return Cell("literal", str(term))  # an RDF-star triple term: its text


def _from_pyoxigraph(query: str, store: ox.Store) -> tuple[tuple[str, ...], list[Row]]:
    try:
        solutions = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as error:
        raise QuerySyntaxError(str(error)) from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QuerySyntaxError("select() takes a SELECT query; this one is an ASK, CONSTRUCT or DESCRIBE")
    variables = tuple(v.value for v in solutions.variables)
    return variables, [tuple(_term_cell(solution[v]) for v in variables) for solution in solutions]


def _from_store(query: str, store: Store, *, timeout: float) -> tuple[tuple[str, ...], list[Row]]:
    solutions = store.select(query, timeout=timeout)
    if solutions.truncated:
        raise ResultTruncated(
            f"the store cut the result at its row cap (setting max_rows, {len(solutions.rows)} rows):"
            " narrow the query, or page through it with LIMIT/OFFSET",
            detail={"setting": "max_rows"},
        )
    return solutions.variables, [tuple(_term_cell(term) for term in row) for row in solutions.rows]
