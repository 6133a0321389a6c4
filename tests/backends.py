"""The three backends every store-facing test can run on: the embedded store, ``oxigraph serve`` and
Virtuoso, each engine started once per session on free loopback ports and stopped at the end.

A test module opts in by using the ``backend`` fixture (a writable :class:`~province40.store.base.Store`
holding the project's data, one per module and backend) or ``backend_settings``; the ``backend_name``
parameter is what ``-k`` selects (``-k virtuoso``). A test that cannot pass on an engine is marked
``@pytest.mark.deviation("virtuoso", DEVIATIONS[...])``: a strict xfail on that engine only, whose
reason is the engine's documented deviation (``../shared/reference/virtuoso.md``), never a silent skip.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from province40.push import push
from province40.settings import Settings
from province40.store.base import Store
from province40.store.remote import RemoteStore

BACKENDS = ("embedded", "oxigraph", "virtuoso")


@dataclass(frozen=True)
class Engine:
    """A running remote engine: its name and SPARQL endpoints."""

    name: str
    base: str
    query_url: str
    update_url: str
    graph_store_url: str

    def settings(self, store_dir: Path, **overrides: object) -> Settings:
        """Settings of a province40 service using this engine as its remote backend."""
        values: dict[str, object] = {
            "store_dir": store_dir,
            "workers": 2,
            "backend": "remote",
            "remote_query_url": self.query_url,
            "remote_update_url": self.update_url,
            "remote_graph_store_url": self.graph_store_url,
        }
        values.update(overrides)
        return Settings(**values)  # type: ignore[arg-type]

    def env(self) -> dict[str, str]:
        """The same settings as ``province40 serve`` keyword arguments (see tests.servers)."""
        return {
            "backend": "remote",
            "remote_query_url": self.query_url,
            "remote_update_url": self.update_url,
            "remote_graph_store_url": self.graph_store_url,
        }

    def store(self, **options: object) -> RemoteStore:
        """A remote backend on this engine."""
        return RemoteStore(
            query_url=self.query_url,
            update_url=self.update_url,
            graph_store_url=self.graph_store_url,
            **options,  # type: ignore[arg-type]
        )


def oxigraph_engine(base: str) -> Engine:
    """The endpoints of ``oxigraph serve``."""
    return Engine("oxigraph", base, f"{base}/query", f"{base}/update", f"{base}/store")


def virtuoso_engine(base: str) -> Engine:
    """The endpoints of Virtuoso (the anonymous ones, granted SPARQL_UPDATE by the test set-up)."""
    return Engine("virtuoso", base, f"{base}/sparql", f"{base}/sparql", f"{base}/sparql-graph-crud")


def load_engine(engine: Engine, source: Store) -> None:
    """Empty the engine of every graph of the store and push ``source`` into it (what a module starts from)."""
    remote = engine.store(query_timeout=30, update_timeout=120)
    try:
        for graph in remote.named_graphs():
            remote.drop_graph(graph)
        push(source, remote)
    finally:
        remote.close()


@contextmanager
def remote_backend(engine: Engine, source: Store) -> Iterator[RemoteStore]:
    """A remote backend on ``engine`` loaded with ``source``'s graphs."""
    load_engine(engine, source)
    remote = engine.store(query_timeout=10, update_timeout=60)
    try:
        yield remote
    finally:
        remote.close()


DEVIATIONS = {
    "default-graph": "Virtuoso has no writable default graph (virtuoso.md §5.5: INSERT DATA without GRAPH is "
    "400, GSP ?default is 500); province40 refuses writes to the default graph there with 400 "
    "query_refused (default_graph_not_writable) instead of the embedded store's answer",
    "scoped-default-graph": "oxigraph serve without --union-default-graph (the mode province40 needs: with it, "
    "oxigraph ignores FROM and refuses USING): queries are scoped to the store's named graphs with "
    "default-graph-uri, and the protocol has no IRI for the engine's own default graph, so triples written to "
    "?default are read back through ?default but are not in the union default graph",
    "datatype-rewrite": "Virtuoso rewrites literals (virtuoso.md §5.4: booleans become 1, numbers are "
    "canonicalised, and true and 1 are the same value): results compared term by term differ",
}
"""Each engine deviation a test may be marked with, as the reference measured it."""
