"""What a remote SPARQL engine can be trusted to do, as explicit properties the remote backend obeys.

SPARQL 1.1 engines differ in ways a client must not accept silently (``../shared/reference/virtuoso.md``
measures Virtuoso's). :class:`EngineCapabilities` names each such property; :func:`probe` detects them
at start-up with a few cheap requests (read-only ones always; write probes only into a private probe
graph, and only when an update endpoint is configured), and the ``remote_*`` settings may set any of
them instead. ``/readyz`` reports them, so an operator sees what the backend works around.

=========================  ==========================================================================
property                   what the backend does with it
=========================  ==========================================================================
``query_method``           ``direct`` POSTs ``application/sparql-query``; ``form`` POSTs ``query=``
                           (Virtuoso never answers a direct POST)
``results_format``         ``xml`` when the engine's JSON is the 2007 draft (``typed-literal``,
                           booleans as ``1``)
``writable_default_graph`` without it, writes to the default graph are refused (400) before they
                           reach the engine, and ``?default`` reads as empty
``scoped_dataset``         queries without their own dataset are scoped to the store's graphs with
                           ``default-graph-uri``/``named-graph-uri``, so system graphs never leak
``empty_graphs``           whether a graph without triples exists (oxigraph) or vanishes (Virtuoso):
                           graphs are listed with ``GRAPH ?g {}`` or by grouping the quads
``insert_batch_triples``   bulk writes are sent in batches of at most this many triples
``atomic_update``          without it, an update of several operations is applied one operation at a
                           time under snapshots of the graphs it touches, restored on failure
``atomic_graph_replace``   without it, a graph is replaced by loading a staging graph and ``MOVE``-ing
                           it over the target in one operation
``partial_result_header``  a response carrying this header (``X-SQL-State: S1TAT``) is a timeout
``deadline_parameter``     the request parameter that gives the engine the query's deadline in
                           milliseconds (Virtuoso's ``timeout``), so the engine stops when province40
                           gives up instead of running on and holding one of its few threads
``row_cap``                a result of exactly this many rows may have been cut by the engine: it is
                           flagged ``truncated`` (never silently short)
``system_graphs``          IRI prefixes of the engine's own graphs, never listed, counted or queried
=========================  ==========================================================================
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

log = logging.getLogger(__name__)

QueryMethod = Literal["form", "direct"]
ResultsFormat = Literal["json", "xml"]
Engine = Literal["oxigraph", "virtuoso", "generic"]

PROBE_GRAPH = "urn:x-province40:probe"
"""A graph the probe writes into and removes again (never one of the store's graphs)."""


@dataclass(frozen=True, kw_only=True)
class EngineCapabilities:
    """The behaviour of one remote engine that the backend relies on or works around."""

    engine: Engine
    server: str = ""
    """The engine's ``Server`` header, as it answered the probe."""
    query_method: QueryMethod = "form"
    results_format: ResultsFormat = "json"
    writable_default_graph: bool = True
    scoped_dataset: bool = False
    empty_graphs: bool = False
    """Whether the engine keeps a named graph that has no triples (and lists it)."""
    insert_batch_triples: int = 50_000
    atomic_update: bool = True
    atomic_graph_replace: bool = True
    partial_result_header: str | None = None
    deadline_parameter: str | None = None
    """Query parameter carrying the deadline in milliseconds to the engine (None: not sent)."""
    row_cap: int | None = None
    system_graphs: tuple[str, ...] = ()
    probed: tuple[str, ...] = ()
    """The properties measured by the probe (the others come from the engine profile or the settings)."""

    def is_system_graph(self, iri: str) -> bool:
        """True for a graph the engine keeps for itself."""
        return any(iri.startswith(prefix) for prefix in self.system_graphs)

    def as_dict(self) -> dict[str, Any]:
        """The capabilities as JSON-friendly values (``/readyz``)."""
        values = asdict(self)
        values["system_graphs"] = list(self.system_graphs)
        values["probed"] = list(self.probed)
        return values


VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://www.w3.org/2002/07/owl#",
    "http://localuriqaserver/",
    "http://localhost:8890/",
    "http://www.openlinksw.com/",
)
"""Graphs a new Virtuoso 7.2 database holds before anything is loaded (measured: ``virtrdf#``,
``ldp#`` and the endpoint's service description under ``http://localuriqaserver/sparql``), and those the
full Debian package adds (``owl``, the DAV and Conductor graphs under ``localhost:8890``)."""

PROFILES: dict[Engine, EngineCapabilities] = {
    "oxigraph": EngineCapabilities(engine="oxigraph", query_method="direct", empty_graphs=True),
    "virtuoso": EngineCapabilities(
        engine="virtuoso",
        query_method="form",
        results_format="xml",
        writable_default_graph=False,
        scoped_dataset=True,
        insert_batch_triples=1_000,
        atomic_update=False,
        atomic_graph_replace=False,
        partial_result_header="X-SQL-State: S1TAT",
        deadline_parameter="timeout",
        row_cap=10_000,
        system_graphs=VIRTUOSO_SYSTEM_GRAPHS,
    ),
    "generic": EngineCapabilities(
        engine="generic",
        query_method="form",
        writable_default_graph=False,
        scoped_dataset=True,
        insert_batch_triples=1_000,
        atomic_update=False,
        atomic_graph_replace=False,
    ),
}
"""What is known of each engine before probing; ``generic`` assumes the least (every workaround on)."""


def identify(server_header: str) -> Engine:
    """The engine family named by a ``Server`` response header (``generic`` when unknown)."""
    lowered = server_header.lower()
    if "virtuoso" in lowered:
        return "virtuoso"
    if "oxigraph" in lowered:
        return "oxigraph"
    return "generic"


def with_overrides(capabilities: EngineCapabilities, overrides: dict[str, Any]) -> EngineCapabilities:
    """The capabilities with the settings' explicit values (None means: keep the detected value)."""
    given = {name: value for name, value in overrides.items() if value is not None}
    if "system_graphs" in given:
        given["system_graphs"] = tuple(given["system_graphs"])
    return replace(capabilities, **given) if given else capabilities
