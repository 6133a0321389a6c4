"""The HTTP side of the remote backend: one SPARQL engine's query, update and Graph Store endpoints.

Every request carries an ``Accept`` header (Virtuoso answers HTML otherwise) and a deadline. Failures
become the errors of :mod:`province40.errors`: an engine that cannot be reached, drops the connection
or answers 502/503/504 is :class:`~province40.errors.StoreUnavailable` (HTTP 503 to our client); any
other failure of the engine is :class:`~province40.errors.StoreError` (502); a deadline is
:class:`~province40.errors.QueryTimeout`; a partial result signalled only by a header (Virtuoso's
"anytime" answers) is :class:`~province40.errors.PartialResult`. Results are streamed and parsed with
pyoxigraph while they arrive, and cut at the row cap (the connection is closed there).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, cast
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from province40.errors import NotFound, PartialResult, QuerySyntaxError, QueryTimeout, StoreError, StoreUnavailable
from province40.results import capped
from province40.store.base import GraphResult, Solutions
from province40.store.capabilities import PROFILES, EngineCapabilities

_RESULT_MEDIA = {
    "json": ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    "xml": ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
}
_GRAPH_ACCEPT = "application/n-triples"
_UNAVAILABLE = (502, 503, 504)


class _StreamReader(io.RawIOBase):
    """A file-like view of an httpx byte stream, so pyoxigraph can parse while bytes arrive."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._buffer = b""

    def readable(self) -> bool:
        return True

    def readinto(self, target: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._buffer:
            try:
                self._buffer = next(self._chunks)
            except StopIteration:
                return 0
        size = min(len(target), len(self._buffer))
        target[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


@dataclass(frozen=True, kw_only=True)
class Dataset:
    """A protocol dataset for one query (None: the engine's default, no parameter sent)."""

    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


class RemoteEndpoint:
    """The three endpoints of one engine, used with the engine's capabilities."""

    def __init__(
        self,
        *,
        query_url: str,
        update_url: str | None,
        graph_store_url: str | None,
        client: httpx.Client,
        capabilities: EngineCapabilities | None = None,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url
        self.graph_store_url = graph_store_url
        self.client = client
        self.capabilities = capabilities or PROFILES["generic"]

    # ------------------------------------------------------------ errors

    def _unreachable(self, url: str, error: httpx.HTTPError) -> StoreUnavailable:
        return StoreUnavailable(f"the remote store at {url} cannot be reached or dropped the connection: {error}")

    def _fail(self, response: httpx.Response, what: str, *, syntax_is_client_error: bool = True) -> None:
        if response.status_code < 400:
            return
        text = response.read().decode("utf-8", "replace").strip()[:2000]
        if response.status_code == 400 and syntax_is_client_error:
            raise QuerySyntaxError(f"the remote store refused the {what}: {text}")
        if response.status_code == 404:
            raise NotFound(f"the remote store has no such graph ({text})")
        if response.status_code in _UNAVAILABLE:
            raise StoreUnavailable(f"the remote store is unavailable (HTTP {response.status_code}) for the {what}")
        raise StoreError(f"the remote store answered HTTP {response.status_code} to the {what}: {text}")

    def _check_partial(self, response: httpx.Response, timeout: float) -> None:
        signal = self.capabilities.partial_result_header
        state = response.headers.get("x-sql-state", "")
        name, _, value = (signal or "X-SQL-State: S1TAT").partition(":")
        if response.headers.get(name.strip(), "").strip() == value.strip() or state.strip() == "S1TAT":
            message = response.headers.get("x-sql-message", "incomplete results")
            raise PartialResult(
                f"the remote store stopped the query at its own time limit and answered with incomplete "
                f"results ({name.strip()}: {value.strip()}, {message.strip()}); province40 does not pass them on",
                timeout=timeout,
            )

    # ------------------------------------------------------------ queries

    def send_query(self, text: str, *, accept: str, timeout: float, dataset: Dataset) -> httpx.Response:
        """Send a query (form or direct POST, as the engine needs) and return the streaming response."""
        params: list[tuple[str, str]] = []
        params += [("default-graph-uri", g) for g in dataset.default_graphs or ()]
        params += [("named-graph-uri", g) for g in dataset.named_graphs or ()]
        if self.capabilities.deadline_parameter:  # the engine stops at the deadline too
            params.append((self.capabilities.deadline_parameter, str(max(1, int(timeout * 1000)))))
        headers = {"Accept": accept}
        url = self.query_url
        if self.capabilities.query_method == "direct":
            content = text.encode("utf-8")
            headers["Content-Type"] = "application/sparql-query"
            if params:
                url = f"{url}{'&' if '?' in url else '?'}{urlencode(params)}"
        else:
            content = urlencode([("query", text), *params]).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            request = self.client.build_request(
                "POST", url, content=content, headers=headers, timeout=httpx.Timeout(timeout)
            )
            response = self.client.send(request, stream=True)
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="query_timeout") from None
        except httpx.HTTPError as error:
            raise self._unreachable(self.query_url, error) from None
        self._fail(response, "query")
        self._check_partial(response, timeout)
        return response

    def query(
        self, text: str, *, timeout: float, max_rows: int, graph: bool, dataset: Dataset
    ) -> Solutions | GraphResult | bool:
        """Evaluate a query; ``graph`` asks for triples (CONSTRUCT/DESCRIBE), else solutions or a boolean."""
        media, results_format = _RESULT_MEDIA[self.capabilities.results_format]
        accept = _GRAPH_ACCEPT if graph else f"{media}, {_GRAPH_ACCEPT};q=0.9"
        response = self.send_query(text, accept=accept, timeout=timeout, dataset=dataset)
        reader = cast(IO[bytes], _StreamReader(response.iter_bytes()))
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        row_cap = self.capabilities.row_cap
        try:
            if content_type in ("application/n-triples", "text/plain", "text/turtle"):
                rdf_format = ox.RdfFormat.TURTLE if content_type == "text/turtle" else ox.RdfFormat.N_TRIPLES
                triples, more = capped((quad.triple for quad in ox.parse(reader, format=rdf_format)), max_rows)
                cut = more or (row_cap is not None and len(triples) >= row_cap)
                return GraphResult(tuple(triples), cut)
            if content_type == "application/sparql-results+json":
                results_format = ox.QueryResultsFormat.JSON
            elif content_type == "application/sparql-results+xml":
                results_format = ox.QueryResultsFormat.XML
            parsed = ox.parse_query_results(reader, format=results_format)
            if isinstance(parsed, ox.QueryBoolean):
                return bool(parsed)
            variables = tuple(v.value for v in parsed.variables)
            rows, more = capped((tuple(solution[v] for v in variables) for solution in parsed), max_rows)
            cut = more or (row_cap is not None and len(rows) >= row_cap)
            return Solutions(variables, tuple(rows), cut)
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="query_timeout") from None
        except httpx.HTTPError as error:
            raise self._unreachable(self.query_url, error) from None
        except SyntaxError as error:
            raise StoreError(f"the remote store sent a result that does not parse: {error}") from None
        finally:
            response.close()

    # ------------------------------------------------------------ updates and graphs

    def _need(self, url: str | None, setting: str) -> str:
        if not url:
            raise StoreError(f"the remote backend has no {setting.replace('_', ' ')} configured ({setting})")
        return url

    def update(self, text: str, *, timeout: float) -> None:
        """Send one SPARQL update request as is (form POST: every engine reads it)."""
        url = self._need(self.update_url, "remote_update_url")
        try:
            response = self.client.post(
                url,
                content=urlencode([("update", text)]).encode("ascii"),
                headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "*/*"},
                timeout=timeout,
            )
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="update_timeout") from None
        except httpx.HTTPError as error:
            raise self._unreachable(url, error) from None
        self._fail(response, "update")

    def graph_request(
        self, method: str, graph: str | None, *, timeout: float, content: bytes | None = None
    ) -> httpx.Response:
        """One Graph Store protocol request (``graph`` None: the default graph)."""
        url = self._need(self.graph_store_url, "remote_graph_store_url")
        params = {"default": ""} if graph is None else {"graph": graph}
        headers = {"Accept": _GRAPH_ACCEPT if method == "GET" else "*/*"}
        if content is not None:
            headers["Content-Type"] = "application/n-triples"
        try:
            response = self.client.request(
                method, url, params=params, content=content, headers=headers, timeout=timeout
            )
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="update_timeout") from None
        except httpx.HTTPError as error:
            raise self._unreachable(url, error) from None
        self._fail(response, f"graph store {method}", syntax_is_client_error=False)
        return response
