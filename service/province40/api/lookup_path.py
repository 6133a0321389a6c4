"""The look-up fast path: ``/sparql`` point look-ups answered before the web framework.

Most requests to the endpoint read one resource's triples, and for them the framework's work per request
(routing, a request object, the protocol's general parsing, the guard's tokenizer, negotiation, header
objects) cost more than the engine's answer (README, "The query path"). :class:`Province40App` looks at
each HTTP request first: a ``GET``/``POST`` to ``/sparql`` whose only parameter is the query
(:func:`~province40.sparql.protocol.plain_query_text`), whose text is as a whole the strict look-up shape
(:mod:`province40.sparql.lookup_shape`), is answered here by
:meth:`~province40.sparql.service.SparqlService.lookup` with the body and headers the full path gives
(``Province40-Cache: inline``). Every other request, and any look-up that path declines (more rows than
the budget, a stale view after a write, an Accept it cannot serve, CORS), goes the normal way, the body
read here handed on unchanged. Routes stay in ``routes/sparql.py``; this module only translates HTTP.
"""

from __future__ import annotations

import asyncio
import logging
from functools import lru_cache

from fastapi import FastAPI
from starlette.types import Message, Receive, Scope, Send

from province40.api.errors import error_response
from province40.api.routes.sparql import result_headers
from province40.errors import BodyTimeout
from province40.result_cache import CACHE_HEADER
from province40.settings import Settings
from province40.sparql.lookup_shape import MAX_LOOKUP_CHARS
from province40.sparql.protocol import FORM, SPARQL_QUERY, plain_query_text
from province40.sparql.service import QueryOutcome, SparqlService

log = logging.getLogger(__name__)

_PATH = "/sparql"
_MAX_BODY = 3 * MAX_LOOKUP_CHARS
"""A longer POST body (percent-encoded, up to three bytes a character) is never a look-up: not read here."""
_QUERY_BODIES = (FORM, SPARQL_QUERY)


class Province40App(FastAPI):
    """The FastAPI application, with the look-up fast path in front of it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == _PATH:
            handed_on = await _answer_lookup(self, scope, receive, send)
            if handed_on is None:
                return
            receive = handed_on
        await super().__call__(scope, receive, send)


async def _answer_lookup(app: FastAPI, scope: Scope, receive: Receive, send: Send) -> Receive | None:
    """Answer a plain point look-up (None: answered); otherwise the ``receive`` to hand on to the full
    path (replaying the body read here, if any)."""
    sparql: SparqlService | None = getattr(app.state, "sparql", None)
    method = scope["method"]
    if sparql is None or method not in ("GET", "POST"):
        return receive
    settings: Settings = app.state.settings
    accept = content_type = length = None
    for name, value in scope["headers"]:  # the first of a repeated header, as the full path reads it
        if name == b"accept" and accept is None:
            accept = value.decode("latin-1")
        elif name == b"content-type" and content_type is None:
            content_type = value.decode("latin-1")
        elif name == b"content-length":
            length = value
        elif name == b"origin" and settings.cors_origins:
            return receive  # the CORS middleware answers it
    body = b""
    if method == "POST":
        if length is None or not length.isdigit() or int(length) > _MAX_BODY:
            return receive
        if not content_type or not content_type.lower().startswith(_QUERY_BODIES):
            return receive  # an update or another body: not read here
        try:
            async with asyncio.timeout(settings.body_timeout):
                messages = await _read_body(receive)
        except TimeoutError:
            await error_response(BodyTimeout(settings.body_timeout))(scope, receive, send)
            return None
        body = b"".join(m.get("body", b"") for m in messages)
        receive = _replay(messages, receive)
        if len(body) > _MAX_BODY:
            return receive
    text = plain_query_text(method, scope["query_string"], content_type, body)
    if text is None:
        return receive
    try:
        outcome = sparql.lookup(text, accept=accept)
    except Exception:  # a defect here must not cost the request: the full path answers it
        log.exception("the look-up fast path failed; answering through the full path")
        return receive
    if outcome is None:
        return receive
    await _send(outcome, send)
    return None


async def _read_body(receive: Receive) -> list[Message]:
    """The request's messages up to the last body part (a disconnect ends them too)."""
    messages = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    """A ``receive`` that gives ``messages`` first, then whatever the server sends next."""
    pending = list(messages)

    async def replay() -> Message:
        return pending.pop(0) if pending else await receive()

    return replay


@lru_cache(maxsize=64)
def _raw_headers(
    truncated: bool, max_rows: int, timeout: float, served: str, content_type: str
) -> tuple[tuple[bytes, bytes], ...]:
    """The answer's headers but its query hash and length, as the server sends them (few distinct sets:
    the limits are the settings', the format one of a handful)."""
    headers = result_headers(truncated, max_rows, timeout, "")
    del headers["Province40-Query-Hash"]
    headers[CACHE_HEADER] = served
    headers["Content-Type"] = content_type
    return tuple((name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items())


async def _send(outcome: QueryOutcome, send: Send) -> None:
    result = outcome.result
    raw = list(
        _raw_headers(
            result.truncated,
            outcome.max_rows,
            outcome.timeout,
            outcome.served.value,
            result.result_format.content_type,
        )
    )
    raw.append((b"province40-query-hash", outcome.query_hash.encode("ascii")))
    raw.append((b"content-length", str(len(result.body)).encode("ascii")))
    await send({"type": "http.response.start", "status": 200, "headers": raw})
    await send({"type": "http.response.body", "body": result.body})
