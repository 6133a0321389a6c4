"""Detect a remote engine's capabilities with a few cheap requests (see :mod:`.capabilities`).

Read-only checks always run: the engine's identity (``Server``), whether a direct POST is answered
(a 1 s budget: Virtuoso never answers one), whether its JSON results are the 2007 draft, whether it
silently caps results (a 10,100-row ``VALUES`` cross product), whether system graphs are present, and
whether a triple of a named graph is also in the default graph (if not, queries are scoped).
With ``writes=True`` (the service may write) it also checks, inside the private graph
:data:`~.capabilities.PROBE_GRAPH` which it removes again, whether the default graph is writable,
whether the default graph is the union of the named graphs, and whether a failing multi-operation
update leaves its first operation behind. Anything not measured keeps the engine profile's value or
the setting's: ``atomic_graph_replace`` among them, since a small probe cannot show it (Virtuoso
half-replaces a graph only on a large bad body: 323k triples in ``virtuoso.md`` §5.8; a 2-line body
was measured here to fail cleanly), nor can ``insert_batch_triples`` without writing 1,500 triples.
"""

from __future__ import annotations

import logging
from dataclasses import replace

import httpx

from province40.errors import Province40Error, QueryTimeout
from province40.store.capabilities import PROBE_GRAPH, PROFILES, Engine, EngineCapabilities, identify
from province40.store.remote_http import Dataset, RemoteEndpoint

log = logging.getLogger(__name__)

_ROWS_SIDE = (101, 100)
_PROBE_S = "<urn:x-province40:probe>"
_FAILING = "DROP GRAPH <urn:x-province40:probe-never-created>"


def _row_cap(endpoint: RemoteEndpoint) -> int | None:
    left, right = _ROWS_SIDE
    text = (
        f"SELECT ?a ?b WHERE {{ VALUES ?a {{ {' '.join(map(str, range(left)))} }} "
        f"VALUES ?b {{ {' '.join(map(str, range(right)))} }} }}"
    )
    probing = replace(endpoint.capabilities, row_cap=None)
    original, endpoint.capabilities = endpoint.capabilities, probing
    try:
        result = endpoint.query(text, timeout=10, max_rows=left * right + 1, graph=False, dataset=Dataset())
    finally:
        endpoint.capabilities = original
    seen = len(getattr(result, "rows", ()))
    return seen if 0 < seen < left * right else None


def _direct_post_answers(endpoint: RemoteEndpoint) -> bool:
    probing = replace(endpoint.capabilities, query_method="direct")
    original, endpoint.capabilities = endpoint.capabilities, probing
    try:
        return endpoint.query("ASK {}", timeout=1.0, max_rows=1, graph=False, dataset=Dataset()) is True
    except (QueryTimeout, Province40Error):
        return False
    finally:
        endpoint.capabilities = original


def _draft_json(endpoint: RemoteEndpoint) -> bool:
    response = endpoint.client.post(
        endpoint.query_url,
        data={"query": "SELECT ?n WHERE { BIND(1 AS ?n) }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=5.0,
    )
    return b"typed-literal" in response.content


def _graphs(endpoint: RemoteEndpoint) -> list[str]:
    result = endpoint.query(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
        timeout=10,
        max_rows=100_000,
        graph=False,
        dataset=Dataset(),
    )
    return [row[0].value for row in getattr(result, "rows", ()) if row and row[0] is not None]


def _default_is_union(endpoint: RemoteEndpoint) -> bool | None:
    """Whether a triple of a named graph is in the default graph too (None: the engine holds no triples)."""
    sample = endpoint.query(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1",
        timeout=10,
        max_rows=1,
        graph=False,
        dataset=Dataset(),
    )
    rows = getattr(sample, "rows", ())
    if not rows:
        return None
    s, p, o = rows[0]
    return endpoint.query(f"ASK {{ {s} {p} {o} }}", timeout=10, max_rows=1, graph=False, dataset=Dataset()) is True


def _in_probe_graph(endpoint: RemoteEndpoint, literal: str) -> bool:
    text = f'ASK {{ GRAPH <{PROBE_GRAPH}> {{ {_PROBE_S} {_PROBE_S} "{literal}" }} }}'
    return endpoint.query(text, timeout=10, max_rows=1, graph=False, dataset=Dataset()) is True


def _write_probes(endpoint: RemoteEndpoint, found: dict[str, object]) -> None:
    triple = f'{_PROBE_S} {_PROBE_S} "probe"'
    try:
        endpoint.update(f"INSERT DATA {{ {triple} }}", timeout=10)
        endpoint.update(f"DELETE DATA {{ {triple} }}", timeout=10)
        found["writable_default_graph"] = True
    except Province40Error:
        found["writable_default_graph"] = False
    try:
        endpoint.update(f'INSERT DATA {{ GRAPH <{PROBE_GRAPH}> {{ {_PROBE_S} {_PROBE_S} "union" }} }}', timeout=10)
        union = endpoint.query(
            f'ASK {{ {_PROBE_S} {_PROBE_S} "union" }}', timeout=10, max_rows=1, graph=False, dataset=Dataset()
        )
        if union is not True:
            found["scoped_dataset"] = True
        try:
            half = f'INSERT DATA {{ GRAPH <{PROBE_GRAPH}> {{ {_PROBE_S} {_PROBE_S} "half" }} }}'
            endpoint.update(f"{half} ; {_FAILING}", timeout=10)
        except Province40Error:
            found["atomic_update"] = not _in_probe_graph(endpoint, "half")
    finally:
        endpoint.update(f"DROP SILENT GRAPH <{PROBE_GRAPH}>", timeout=10)


def probe(endpoint: RemoteEndpoint, *, engine: Engine | None = None, writes: bool = False) -> EngineCapabilities:
    """The capabilities of the engine behind ``endpoint`` (``engine`` skips identification)."""
    try:
        response = endpoint.client.post(
            endpoint.query_url,
            data={"query": "ASK {}"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=10.0,
        )
    except httpx.HTTPError as error:
        from province40.errors import StoreUnavailable

        raise StoreUnavailable(f"the remote store at {endpoint.query_url} cannot be reached: {error}") from None
    server = response.headers.get("server", "")
    family = engine or identify(server)
    endpoint.capabilities = replace(PROFILES[family], server=server.strip(), query_method="form")
    found: dict[str, object] = {
        "query_method": "direct" if _direct_post_answers(endpoint) else "form",
        "results_format": "xml" if _draft_json(endpoint) else "json",
        "row_cap": _row_cap(endpoint),
    }
    system = [g for g in _graphs(endpoint) if PROFILES["virtuoso"].is_system_graph(g)]
    if system or _default_is_union(endpoint) is False:
        found["scoped_dataset"] = True
    if writes and endpoint.update_url:
        _write_probes(endpoint, found)
    capabilities = replace(endpoint.capabilities, **found, probed=tuple(sorted(found)))  # type: ignore[arg-type]
    log.info("remote engine %s (%s): %s", family, server.strip() or "no Server header", capabilities.as_dict())
    return capabilities
