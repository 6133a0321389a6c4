"""``/graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol (indirect graph identification).

``?graph=<iri>`` names a graph, ``?default`` the store's own default graph. GET and HEAD are open;
PUT (replace), POST (merge) and DELETE need the update token. Every write is atomic: a body that
does not parse is refused with 400 before anything changes.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from province40.api.deps import SettingsDep, StoreDep, WriterDep, after_write, read_body
from province40.api.routes.validation import note_write
from province40.errors import ParameterError
from province40.rdf_io import format_for_media_type, parse_bytes
from province40.sparql.negotiation import choose_format
from province40.sparql.results import ResultKind

router = APIRouter(tags=["Graph Store"])


def _target(request: Request) -> str | None:
    params = parse_qsl(request.url.query, keep_blank_values=True)
    graphs = [v for k, v in params if k == "graph"]
    has_default = any(k == "default" for k, _ in params)
    if has_default and graphs:
        raise ParameterError("give either ?graph=<iri> or ?default, not both", parameter="graph")
    if len(graphs) > 1:
        raise ParameterError("give ?graph= once", parameter="graph")
    if graphs:
        iri = graphs[0]
        if ":" not in iri or any(c in iri for c in ' <>"{}|\\^`'):
            raise ParameterError(f"?graph= must be an absolute IRI, not {iri!r}", parameter="graph")
        return iri
    if has_default:
        return None
    raise ParameterError("name the graph with ?graph=<iri>, or ?default for the default graph", parameter="graph")


@router.get("/graph-store", summary="Read a graph")
async def get_graph(request: Request, store: StoreDep) -> Response:
    """Serialise one graph in the negotiated RDF format (404 when a named graph does not exist)."""
    graph = _target(request)
    fmt = choose_format(
        ResultKind.GRAPH, accept=request.headers.get("accept"), format_param=request.query_params.get("format")
    )
    body = await run_in_threadpool(store.read_graph, graph, result_format=fmt)
    return Response(body, media_type=fmt.content_type, headers={"Vary": "Accept"})


@router.head("/graph-store", summary="Check a graph exists", include_in_schema=False)
async def head_graph(request: Request, store: StoreDep) -> Response:
    """Like GET without the body."""
    response = await get_graph(request, store)
    return Response(status_code=response.status_code, media_type=response.media_type)


async def _quads(request: Request, settings: SettingsDep, graph: str | None) -> list:  # type: ignore[type-arg]
    body = await read_body(request, settings.max_body_bytes)
    rdf_format = format_for_media_type(request.headers.get("content-type", ""))
    # parsed in a worker thread: a body of up to max_body_bytes must not hold the event loop
    parsed = await run_in_threadpool(parse_bytes, body, rdf_format=rdf_format, source="request body", graph=graph)
    return list(parsed.quads)


@router.put("/graph-store", summary="Replace a graph (needs the update token)")
async def put_graph(request: Request, settings: SettingsDep, store: StoreDep, _writer: WriterDep) -> Response:
    """Replace the graph's content atomically; 201 when it was created, 204 otherwise."""
    graph = _target(request)
    quads = await _quads(request, settings, graph)
    created = await run_in_threadpool(store.replace_graph, graph, quads)
    await run_in_threadpool(after_write, request)
    note_write(request.app, None if graph is None else [graph])
    return Response(status_code=201 if created else 204)


@router.post("/graph-store", summary="Add to a graph (needs the update token)")
async def post_graph(request: Request, settings: SettingsDep, store: StoreDep, _writer: WriterDep) -> Response:
    """Merge triples into the graph atomically; 201 when it was created, 204 otherwise."""
    graph = _target(request)
    quads = await _quads(request, settings, graph)
    created = await run_in_threadpool(store.add_to_graph, graph, quads)
    await run_in_threadpool(after_write, request)
    note_write(request.app, None if graph is None else [graph])
    return Response(status_code=201 if created else 204)


@router.delete("/graph-store", summary="Delete a graph (needs the update token)")
async def delete_graph(request: Request, store: StoreDep, _writer: WriterDep) -> Response:
    """Delete a named graph (404 when absent) or empty the default graph."""
    graph = _target(request)
    await run_in_threadpool(store.drop_graph, graph)
    await run_in_threadpool(after_write, request)
    note_write(request.app, None if graph is None else [graph])
    return Response(status_code=204)
