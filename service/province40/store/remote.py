"""The remote backend: any SPARQL 1.1 store over HTTP (Query, Update and Graph Store protocols).

For deployments that outgrow one machine. The remote store must present the union of its named
graphs as the default graph, like the embedded backend (``oxigraph serve --union-default-graph``;
Fuseki ``tdb:unionDefaultGraph true``). Results are streamed and parsed with pyoxigraph, cut at the
row cap (the connection is closed there), and serialised here, so both backends answer alike.
Bound parameters travel as a trailing ``VALUES`` block built from RDF terms serialised by pyoxigraph
(the protocol has no other way to pass bindings); they are never user text pasted into a query.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from typing import IO, cast
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox

from province40.errors import NotFound, QuerySyntaxError, QueryTimeout, StoreError
from province40.sparql.results import (
    ResultFormat,
    ResultKind,
    Term,
    serialize_boolean,
    serialize_graph,
    serialize_solutions,
)
from province40.store.base import GraphResult, QueryRequest, SerializedResult, Solutions, StoreStatus

_SOLUTIONS_ACCEPT = "application/sparql-results+json"
_GRAPH_ACCEPT = "application/n-triples"


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


def values_block(bindings: Mapping[str, Term]) -> str:
    """A ``VALUES`` clause binding each variable to one RDF term (terms serialised by pyoxigraph)."""
    names = " ".join(f"?{name}" for name in bindings)
    terms = " ".join(str(term) for term in bindings.values())
    return f"\nVALUES ({names}) {{ ({terms}) }}"


class RemoteStore:
    """A SPARQL 1.1 store reached over HTTP."""

    backend_name = "remote"

    def __init__(
        self,
        *,
        query_url: str,
        update_url: str | None = None,
        graph_store_url: str | None = None,
        query_timeout: float = 10.0,
        update_timeout: float = 60.0,
        max_rows: int = 10_000,
        client: httpx.Client | None = None,
    ) -> None:
        self._query_url = query_url
        self._update_url = update_url
        self._graph_store_url = graph_store_url
        self._query_timeout = query_timeout
        self._update_timeout = update_timeout
        self._max_rows = max_rows
        self._client = client or httpx.Client(follow_redirects=False, trust_env=False)

    # ------------------------------------------------------------ HTTP helpers

    def _fail(self, response: httpx.Response, what: str) -> None:
        if response.status_code < 400:
            return
        text = response.read().decode("utf-8", "replace").strip()[:2000]
        if response.status_code == 400:
            raise QuerySyntaxError(f"the remote store refused the {what}: {text}")
        if response.status_code == 404:
            raise NotFound(f"the remote store has no such graph ({text})")
        raise StoreError(f"the remote store answered HTTP {response.status_code} to the {what}: {text}")

    def _query_stream(
        self,
        text: str,
        *,
        accept: str,
        timeout: float,
        default_graphs: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
    ) -> tuple[httpx.Response, _StreamReader]:
        form: list[tuple[str, str]] = [("query", text)]
        form += [("default-graph-uri", g) for g in default_graphs or ()]
        form += [("named-graph-uri", g) for g in named_graphs or ()]
        try:
            request = self._client.build_request(
                "POST",
                self._query_url,
                content=urlencode(form).encode("ascii"),
                headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
                timeout=httpx.Timeout(timeout),
            )
            response = self._client.send(request, stream=True)
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="query_timeout") from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the remote store at {self._query_url}: {error}") from None
        self._fail(response, "query")
        return response, _StreamReader(response.iter_bytes())

    def _evaluate(
        self,
        text: str,
        *,
        timeout: float,
        max_rows: int,
        kind: ResultKind | None,
        default_graphs: tuple[str, ...] | None = None,
        named_graphs: tuple[str, ...] | None = None,
    ) -> Solutions | GraphResult | bool:
        accept = _GRAPH_ACCEPT if kind is ResultKind.GRAPH else f"{_SOLUTIONS_ACCEPT}, {_GRAPH_ACCEPT};q=0.9"
        response, reader = self._query_stream(
            text, accept=accept, timeout=timeout, default_graphs=default_graphs, named_graphs=named_graphs
        )
        media = response.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            if media in ("application/n-triples", "text/plain", "text/turtle"):
                rdf_format = ox.RdfFormat.TURTLE if media == "text/turtle" else ox.RdfFormat.N_TRIPLES
                triples: list[ox.Triple] = []
                truncated = False
                for quad in ox.parse(cast(IO[bytes], reader), format=rdf_format):
                    if len(triples) >= max_rows:
                        truncated = True
                        break
                    triples.append(quad.triple)
                return GraphResult(tuple(triples), truncated)
            parsed = ox.parse_query_results(cast(IO[bytes], reader), format=ox.QueryResultsFormat.JSON)
            if isinstance(parsed, ox.QueryBoolean):
                return bool(parsed)
            variables = tuple(v.value for v in parsed.variables)
            rows: list[tuple[Term | None, ...]] = []
            truncated = False
            for solution in parsed:
                if len(rows) >= max_rows:
                    truncated = True
                    break
                rows.append(tuple(solution[v] for v in variables))
            return Solutions(variables, tuple(rows), truncated)
        except httpx.TimeoutException:
            raise QueryTimeout(timeout, setting="query_timeout") from None
        except (SyntaxError, httpx.HTTPError) as error:
            raise StoreError(f"the remote store sent a result that does not parse: {error}") from None
        finally:
            response.close()

    # ------------------------------------------------------------ queries

    def execute(self, request: QueryRequest) -> SerializedResult:
        """Evaluate a protocol query remotely and serialise it here in the negotiated format."""
        text = request.text + (values_block(dict(request.bindings)) if request.bindings else "")
        kind = ResultKind.GRAPH if request.result_format is not None and request.result_format.for_graphs else None
        result = self._evaluate(
            text,
            timeout=request.timeout,
            max_rows=request.max_rows,
            kind=kind,
            default_graphs=request.default_graphs,
            named_graphs=request.named_graphs,
        )
        fmt = request.result_format or ResultFormat.JSON
        if isinstance(result, bool):
            return SerializedResult(ResultKind.BOOLEAN, fmt, serialize_boolean(result, fmt), 1, False)
        if isinstance(result, Solutions):
            body = serialize_solutions(result.variables, result.rows, fmt)
            return SerializedResult(ResultKind.SOLUTIONS, fmt, body, len(result.rows), result.truncated)
        body = serialize_graph(result.triples, fmt)
        return SerializedResult(ResultKind.GRAPH, fmt, body, len(result.triples), result.truncated)

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Solutions:
        """Evaluate a SELECT query (bindings as a trailing VALUES block)."""
        full = text + (values_block(bindings) if bindings else "")
        result = self._evaluate(
            full, timeout=timeout or self._query_timeout, max_rows=max_rows or self._max_rows, kind=None
        )
        if not isinstance(result, Solutions):
            raise StoreError("the remote store did not return SELECT results")
        return result

    def construct(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> GraphResult:
        """Evaluate a CONSTRUCT or DESCRIBE query."""
        full = text + (values_block(bindings) if bindings else "")
        result = self._evaluate(
            full, timeout=timeout or self._query_timeout, max_rows=max_rows or self._max_rows, kind=ResultKind.GRAPH
        )
        if not isinstance(result, GraphResult):
            raise StoreError("the remote store did not return a graph")
        return result

    def ask(self, text: str, *, bindings: Mapping[str, Term] | None = None, timeout: float | None = None) -> bool:
        """Evaluate an ASK query."""
        full = text + (values_block(bindings) if bindings else "")
        result = self._evaluate(full, timeout=timeout or self._query_timeout, max_rows=1, kind=None)
        if not isinstance(result, bool):
            raise StoreError("the remote store did not return a boolean")
        return result

    # ------------------------------------------------------------ writes

    def _need(self, url: str | None, setting: str) -> str:
        if not url:
            raise StoreError(f"the remote backend has no {setting.replace('_', ' ')} configured ({setting})")
        return url

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Send a SPARQL update."""
        url = self._need(self._update_url, "remote_update_url")
        budget = timeout or self._update_timeout
        try:
            response = self._client.post(url, data={"update": text}, timeout=budget)
        except httpx.TimeoutException:
            raise QueryTimeout(budget, setting="update_timeout") from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the remote store at {url}: {error}") from None
        self._fail(response, "update")

    def _graph_params(self, graph: str | None) -> dict[str, str]:
        return {"default": ""} if graph is None else {"graph": graph}

    def _graph_request(
        self, method: str, graph: str | None, *, content: bytes | None = None, timeout: float | None = None
    ) -> httpx.Response:
        url = self._need(self._graph_store_url, "remote_graph_store_url")
        budget = timeout or self._update_timeout
        headers = {"Accept": _GRAPH_ACCEPT}
        if content is not None:
            headers["Content-Type"] = "application/n-triples"
        try:
            response = self._client.request(
                method, url, params=self._graph_params(graph), content=content, headers=headers, timeout=budget
            )
        except httpx.TimeoutException:
            raise QueryTimeout(budget, setting="update_timeout") from None
        except httpx.HTTPError as error:
            raise StoreError(f"cannot reach the remote store at {url}: {error}") from None
        self._fail(response, f"graph store {method}")
        return response

    def _exists(self, graph: str | None) -> bool:
        if graph is None:
            return True
        return self.ask("ASK { GRAPH ?g { } }", bindings={"g": ox.NamedNode(graph)})

    def replace_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """HTTP PUT of the graph (the remote store applies it atomically)."""
        existed = self._exists(graph)
        body = serialize_graph([q.triple for q in quads], ResultFormat.N_TRIPLES)
        self._graph_request("PUT", graph, content=body, timeout=timeout)
        return not existed

    def add_to_graph(self, graph: str | None, quads: Sequence[ox.Quad], *, timeout: float | None = None) -> bool:
        """HTTP POST of triples into the graph."""
        existed = self._exists(graph)
        body = serialize_graph([q.triple for q in quads], ResultFormat.N_TRIPLES)
        self._graph_request("POST", graph, content=body, timeout=timeout)
        return not existed

    def drop_graph(self, graph: str | None, *, timeout: float | None = None) -> None:
        """HTTP DELETE of the graph."""
        self._graph_request("DELETE", graph, timeout=timeout)

    # ------------------------------------------------------------ graphs and status

    def read_graph(self, graph: str | None, *, result_format: ResultFormat) -> bytes:
        """Read a graph over the Graph Store protocol and serialise it."""
        response = self._graph_request("GET", graph, timeout=self._query_timeout)
        triples = [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]
        return serialize_graph(triples, result_format)

    def named_graphs(self) -> tuple[str, ...]:
        """Sorted named-graph IRIs."""
        solutions = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", max_rows=1_000_000)
        return tuple(sorted(t.value for t in solutions.values("g") if isinstance(t, ox.NamedNode)))

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Quads of the given named graphs (or of every graph) via the Graph Store protocol."""
        names: list[str | None] = list(graphs) if graphs is not None else [None, *self.named_graphs()]
        quads: list[ox.Quad] = []
        for name in names:
            response = self._graph_request("GET", name, timeout=max(self._query_timeout, 60.0))
            target = ox.DefaultGraph() if name is None else ox.NamedNode(name)
            for quad in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES):
                quads.append(ox.Quad(quad.subject, quad.predicate, quad.object, target))
        return tuple(quads)

    def status(self) -> StoreStatus:
        """Counts from the remote store."""
        solutions = self.select(
            "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?s ?p ?o } }"
        )
        row = solutions.dicts()[0] if solutions.rows else {}
        count, graph_count = row.get("n"), row.get("graphs")
        quads = int(count.value) if isinstance(count, ox.Literal) else None
        graphs = int(graph_count.value) if isinstance(graph_count, ox.Literal) else None
        return StoreStatus(
            backend=self.backend_name, ready=True, location=self._query_url, quads=quads, named_graphs=graphs
        )

    def close(self) -> None:
        """Close the HTTP client."""
        self._client.close()
