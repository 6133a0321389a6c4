"""The SPARQL 1.1 Protocol's request forms, read from plain HTTP parts (no web framework here).

=====================================  =========================================================
request                                operation
=====================================  =========================================================
GET ?query=...                         query (dataset from default-graph-uri / named-graph-uri)
GET with neither query nor update      service description
POST application/x-www-form-urlencoded query=... or update=... in the body
POST application/sparql-query          the body is the query
POST application/sparql-update         the body is the update
=====================================  =========================================================

Form bodies are decoded exactly once, as UTF-8 (``urllib.parse.parse_qsl``); direct bodies must be
UTF-8. ``timeout`` and ``max-rows`` parameters may lower the configured limits, never raise them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum
from urllib.parse import parse_qsl

from province40.errors import ParameterError, UnsupportedMediaType


class Operation(Enum):
    """What a request to the endpoint asks for."""

    QUERY = "query"
    UPDATE = "update"
    DESCRIPTION = "description"


@dataclass(frozen=True)
class ProtocolRequest:
    """A SPARQL protocol request, decoded."""

    operation: Operation
    text: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    using_graphs: tuple[str, ...]
    using_named_graphs: tuple[str, ...]
    timeout: float | None
    max_rows: int | None
    format: str | None


FORM = "application/x-www-form-urlencoded"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"


def _media(content_type: str | None) -> tuple[str, str | None]:
    if not content_type:
        return "", None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


def _decode_body(body: bytes, charset: str | None, what: str) -> str:
    if charset not in (None, "utf-8", "utf8"):
        raise UnsupportedMediaType(f"the {what} must be UTF-8 encoded (got charset={charset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UnsupportedMediaType(f"the {what} is not valid UTF-8 (byte {error.start})") from None


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ParameterError(f"give '{name}' once; it was given {len(values)} times", parameter=name)
    return values[0] if values else None


def _all(params: list[tuple[str, str]], name: str) -> tuple[str, ...]:
    return tuple(v for k, v in params if k == name)


def _positive_float(value: str | None, name: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        raise ParameterError(f"'{name}' must be a number of seconds, not {value!r}", parameter=name) from None
    if not math.isfinite(number) or number <= 0:
        raise ParameterError(f"'{name}' must be a positive number of seconds", parameter=name)
    return number


def _positive_int(value: str | None, name: str) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise ParameterError(f"'{name}' must be a whole number, not {value!r}", parameter=name) from None
    if number < 1:
        raise ParameterError(f"'{name}' must be at least 1", parameter=name)
    return number


def read_request(
    method: str,
    query_string: str,
    content_type: str | None,
    body: bytes,
) -> ProtocolRequest:
    """Decode a request to the SPARQL endpoint; raise on protocol violations (always a 4xx)."""
    try:
        params = parse_qsl(query_string, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise ParameterError("the query string has percent-escapes that are not UTF-8", parameter="query") from None
    text: str | None = None
    operation: Operation | None = None
    method = method.upper()
    if method == "GET":
        if _one(params, "update") is not None:
            raise ParameterError("SPARQL updates must be sent with POST, not GET", parameter="update")
        text = _one(params, "query")
        operation = Operation.QUERY if text is not None else Operation.DESCRIPTION
    elif method == "POST":
        media, charset = _media(content_type)
        if media == FORM:
            form_text = _decode_body(body, charset, "form body")
            try:
                params += parse_qsl(form_text, keep_blank_values=True, encoding="utf-8", errors="strict")
            except UnicodeDecodeError:
                raise UnsupportedMediaType("the form body has percent-escapes that are not UTF-8") from None
            query_text = _one(params, "query")
            update_text = _one(params, "update")
            if query_text is not None and update_text is not None:
                raise ParameterError("give either 'query' or 'update', not both", parameter="query")
            if query_text is not None:
                operation, text = Operation.QUERY, query_text
            elif update_text is not None:
                operation, text = Operation.UPDATE, update_text
            else:
                raise ParameterError("the form body has neither 'query' nor 'update'", parameter="query")
        elif media == SPARQL_QUERY:
            operation, text = Operation.QUERY, _decode_body(body, charset, "query")
        elif media == SPARQL_UPDATE:
            operation, text = Operation.UPDATE, _decode_body(body, charset, "update")
        else:
            raise UnsupportedMediaType(
                f"POST to the SPARQL endpoint needs Content-Type {FORM}, {SPARQL_QUERY} or {SPARQL_UPDATE}"
                f" (got {media or 'none'})"
            )
    else:
        raise ParameterError(f"the SPARQL endpoint answers GET and POST, not {method}", parameter="method")
    if operation is not Operation.DESCRIPTION and (text is None or not text.strip()):
        raise ParameterError(f"the {operation.value if operation else 'query'} is empty", parameter="query")
    return ProtocolRequest(
        operation=operation,
        text=text or "",
        default_graphs=_all(params, "default-graph-uri"),
        named_graphs=_all(params, "named-graph-uri"),
        using_graphs=_all(params, "using-graph-uri"),
        using_named_graphs=_all(params, "using-named-graph-uri"),
        timeout=_positive_float(_one(params, "timeout"), "timeout"),
        max_rows=_positive_int(_one(params, "max-rows"), "max-rows"),
        format=next(iter(_all(params, "format")), None),  # clients such as SPARQLWrapper repeat it
    )


def _plain_form_query(encoded: bytes) -> str | None:
    """``query=<text>`` and nothing else, decoded to the text :func:`read_request` reads; else None.

    Percent-decoding in C rather than ``urllib``'s Python loop (a quarter of the time): every ``%XY``
    becomes the escape ``\\xXY`` of ``unicode_escape`` (one character per byte), which is then read as
    UTF-8. A backslash in the input, a ``%`` not followed by two hex digits or bytes that are not UTF-8
    give None (the full path reads the request and words any error)."""
    if not encoded.startswith(b"query=") or b"&" in encoded or b"\\" in encoded:
        return None
    try:
        escaped = encoded[6:].replace(b"+", b" ").replace(b"%", b"\\x").decode("unicode_escape")
        return escaped.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None


def plain_query_text(method: str, query_string: bytes, content_type: str | None, body: bytes) -> str | None:
    """The text of a query request that has nothing but its query (no dataset, limit, format or other
    parameter), read without :func:`read_request`'s general parsing; None for any other request (read it
    with :func:`read_request`, which also words every error). Used by the endpoint's look-up fast path:
    ``GET ?query=...``, ``POST`` form ``query=...`` or ``POST`` ``application/sparql-query`` (UTF-8)."""
    if method == "GET":
        return _plain_form_query(query_string) if not body else None
    if method != "POST" or query_string:
        return None
    media, charset = _media(content_type)
    if charset not in (None, "utf-8", "utf8"):
        return None
    if media == FORM:
        return _plain_form_query(body)
    if media == SPARQL_QUERY:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return None


def effective_limit(requested: float | None, configured: float) -> float:
    """A request may lower a limit, never raise it."""
    return configured if requested is None else min(requested, configured)
