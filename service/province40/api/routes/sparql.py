"""``/sparql``: the SPARQL 1.1 Query and Update protocols, and the service description."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Route

from province40 import __version__
from province40.api.deps import after_write, is_authorised, read_body, require_writer
from province40.api.routes.validation import note_write
from province40.result_cache import CACHE_HEADER, wants_fresh
from province40.results import ResultKind, serialize_graph
from province40.settings import Settings
from province40.sparql.description import service_description
from province40.sparql.negotiation import choose_format
from province40.sparql.protocol import Operation, read_request
from province40.sparql.protocol_dataset import ABSENT_GRAPHS_HEADER, absent_graphs_header
from province40.sparql.service import SparqlService

router = APIRouter(tags=["SPARQL"])

_DESCRIPTION = """SPARQL 1.1 Protocol endpoint.

* **Query**: `GET ?query=…`, `POST` form-encoded `query=…`, or `POST` with `Content-Type:
  application/sparql-query`. Dataset: `default-graph-uri`, `named-graph-uri` (else the default graph
  is the union of all named graphs; a graph the store does not hold is read as an empty graph, never
  fetched, and listed in the `Province40-Absent-Graphs` response header). Relative IRIs resolve against
  the endpoint's URL. Results by `Accept` (or `format=`): SPARQL JSON, XML, CSV, TSV;
  Turtle, N-Triples, JSON-LD, RDF/XML for CONSTRUCT/DESCRIBE.
* **Update**: `POST` form-encoded `update=…` or `Content-Type: application/sparql-update`, with
  `Authorization: Bearer <token>`; refused (401/403) unless an update token is configured.
  `using-graph-uri` / `using-named-graph-uri` give the dataset of its WHERE clauses (not together with
  USING or WITH in the update).
* **Limits**: every query has a deadline and a row cap; `timeout` (seconds) and `max-rows` may lower
  them. Responses say `Province40-Truncated: true` when the cap cut the result.
* **Cache**: a query answered before at the current data (no write since) is served from the result
  cache, with the same body and headers; `Province40-Cache` says `hit`, `miss`, `refresh` or `off`.
  `Cache-Control: no-cache` asks for an answer from the engine (it then replaces the cached one).
* A bare `GET` returns the SPARQL Service Description.
"""


def result_headers(outcome_truncated: bool, max_rows: int, timeout: float, digest: str) -> dict[str, str]:
    """The headers of every query answer (also the look-up fast path's, ``api/lookup_path.py``)."""
    return {
        "Province40-Truncated": "true" if outcome_truncated else "false",
        "Province40-Max-Rows": str(max_rows),
        "Province40-Timeout": f"{timeout:g}",
        "Province40-Query-Hash": digest,
        "Vary": "Accept",
        "Cache-Control": "no-store",
    }


def _absent_headers(graphs: tuple[str, ...]) -> dict[str, str]:
    return {ABSENT_GRAPHS_HEADER: absent_graphs_header(graphs)} if graphs else {}


def _endpoint_url(request: Request) -> str:
    """This endpoint's URL as the client named it (the base IRI of relative IRIs in queries)."""
    host = request.headers.get("host")
    if not host:
        return str(request.url_for("sparql_get"))
    return f"{request.scope.get('scheme', 'http')}://{host}{request.scope.get('root_path', '')}/sparql"


async def handle(request: Request) -> Response:
    """Every request to ``/sparql``: read the protocol request, then describe, update or query."""
    settings: Settings = request.app.state.settings
    sparql: SparqlService = request.app.state.sparql
    body = await read_body(request, settings.max_body_bytes) if request.method == "POST" else b""
    query_string = request.scope.get("query_string", b"").decode()  # as Starlette's request.url.query
    parsed = read_request(request.method, query_string, request.headers.get("content-type"), body)
    accept = request.headers.get("accept")
    endpoint = _endpoint_url(request)
    if parsed.operation is Operation.DESCRIPTION:
        named = await run_in_threadpool(sparql.store.named_graphs)
        triples = service_description(
            endpoint,
            updates_enabled=settings.updates_enabled,
            federation=bool(settings.outbound_allowlist),
            named_graphs=named,
            version=__version__,
        )
        fmt = choose_format(ResultKind.GRAPH, accept=accept, format_param=parsed.format)
        prefixes = {"sd": "http://www.w3.org/ns/sparql-service-description#", "dcterms": "http://purl.org/dc/terms/"}
        return Response(
            serialize_graph(triples, fmt, prefixes=prefixes), media_type=fmt.content_type, headers={"Vary": "Accept"}
        )
    if parsed.operation is Operation.UPDATE:
        require_writer(request)  # 401 without a token, 403 when read-only or the token is wrong
        applied = await run_in_threadpool(
            sparql.update, parsed, authorised=is_authorised(request, settings), base_iri=endpoint
        )
        await run_in_threadpool(after_write, request)
        note_write(request.app, applied.written)
        return Response(status_code=204, headers=_absent_headers(applied.absent_graphs))
    # a bounded point look-up is answered here, on the event loop (its work stops after a row budget;
    # never through the result cache, whose waits would block the loop); every other query goes to a
    # worker process under its deadline, through the cache
    outcome = sparql.query_bounded(parsed, accept=accept, base_iri=endpoint)
    if outcome is None:
        fresh = wants_fresh(request.headers.get("cache-control"), request.headers.get("pragma"))
        outcome = await run_in_threadpool(sparql.query, parsed, accept=accept, base_iri=endpoint, fresh=fresh)
    result = outcome.result
    headers = result_headers(result.truncated, outcome.max_rows, outcome.timeout, outcome.query_hash)
    headers[CACHE_HEADER] = outcome.served.value
    return Response(
        result.body,
        media_type=result.result_format.content_type,
        headers=headers | _absent_headers(outcome.absent_graphs),
    )


# The endpoint itself is a plain Starlette route placed before FastAPI's (``create_app``): FastAPI's request
# handling (dependency solving, query-parameter models) cost more than a point look-up itself (README,
# "The query path"). The two FastAPI routes below describe /sparql in the OpenAPI document and keep its name.
plain_route = Route("/sparql", handle, methods=["GET", "POST"])


@router.get("/sparql", name="sparql_get", summary="SPARQL query (GET) or service description", description=_DESCRIPTION)
async def sparql_get(request: Request) -> Response:
    """Query via GET, or the service description when no query is given."""
    return await handle(request)


@router.post("/sparql", name="sparql_post", summary="SPARQL query or update (POST)", description=_DESCRIPTION)
async def sparql_post(request: Request) -> Response:
    """Query or update via POST (form-encoded or direct body)."""
    return await handle(request)
