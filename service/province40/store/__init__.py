"""Stores behind one interface: embedded pyoxigraph (default) and a remote SPARQL 1.1 store."""

from __future__ import annotations

from province40.settings import Settings
from province40.store.base import (
    GraphResult,
    QueryRequest,
    SerializedResult,
    Solutions,
    Store,
    StoreStatus,
)


def open_store(settings: Settings) -> Store:
    """Open the store the settings describe (embedded unless ``backend`` is 'remote'). The embedded store
    gets a writer process when an update token is set or the tokens file exists (province imports)."""
    if settings.backend == "remote":
        from province40.store.remote import RemoteStore

        assert settings.remote_query_url is not None  # checked by Settings
        return RemoteStore(
            query_url=settings.remote_query_url,
            update_url=settings.remote_update_url,
            graph_store_url=settings.remote_graph_store_url,
            query_timeout=settings.query_timeout,
            update_timeout=settings.update_timeout,
            max_rows=settings.max_rows,
        )
    from province40.store.embedded import EmbeddedStore

    return EmbeddedStore(
        settings.store_dir,
        workers=settings.workers,
        writable=settings.updates_enabled or settings.tokens_file.is_file(),
        query_timeout=settings.query_timeout,
        update_timeout=settings.update_timeout,
        max_rows=settings.max_rows,
    )


__all__ = ["GraphResult", "QueryRequest", "SerializedResult", "Solutions", "Store", "StoreStatus", "open_store"]
