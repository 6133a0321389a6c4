"""Stores behind one interface: embedded pyoxigraph (default) and a remote SPARQL 1.1 store."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

import httpx
from pydantic import SecretStr

from province40.errors import ConfigurationError
from province40.settings import Settings
from province40.store.base import (
    GraphResult,
    QueryRequest,
    SerializedResult,
    Solutions,
    Store,
    StoreStatus,
)

if TYPE_CHECKING:
    from province40.store.remote import RemoteStore


def open_store(settings: Settings) -> Store:
    """Open the store the settings describe (embedded unless ``backend`` is 'remote'). The embedded store
    gets a writer process when an update token is set or the tokens file exists (province imports)."""
    if settings.backend == "remote":
        return open_remote_store(settings)
    from province40.store.embedded import EmbeddedStore

    return EmbeddedStore(
        settings.store_dir,
        workers=settings.workers,
        writable=settings.updates_enabled or settings.tokens_file.is_file(),
        query_timeout=settings.query_timeout,
        update_timeout=settings.update_timeout,
        max_rows=settings.max_rows,
        memory_mib=settings.worker_memory_mib,
        inline_lookups=settings.inline_lookups,
    )


def remote_auth(settings: Settings) -> httpx.Auth | None:
    """The HTTP authentication the settings give for the remote store (none by default)."""
    if settings.remote_token is not None:
        return _BearerAuth(settings.remote_token)
    if settings.remote_user is not None and settings.remote_password is not None:
        password = settings.remote_password.get_secret_value()
        if settings.remote_auth_scheme == "digest":
            return httpx.DigestAuth(settings.remote_user, password)
        return httpx.BasicAuth(settings.remote_user, password)
    return None


class _BearerAuth(httpx.Auth):
    """``Authorization: Bearer <token>`` on every request (the token stays a SecretStr until sent)."""

    def __init__(self, token: SecretStr) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self._token.get_secret_value()}"
        yield request


def open_remote_store(
    settings: Settings,
    *,
    query_url: str | None = None,
    update_url: str | None = None,
    graph_store_url: str | None = None,
    probe_writes: bool | None = None,
) -> RemoteStore:
    """The remote backend the settings describe; the URLs given here override the settings', and
    ``probe_writes`` (default: the service may write) lets the probe measure write capabilities."""
    from province40.store.remote import RemoteStore

    url = query_url or settings.remote_query_url
    if not url:
        raise ConfigurationError("the remote backend needs remote_query_url (PROVINCE40_REMOTE_QUERY_URL)")
    overrides = {
        "query_method": settings.remote_query_method,
        "writable_default_graph": settings.remote_writable_default_graph,
        "insert_batch_triples": settings.remote_insert_batch_triples,
        "atomic_update": settings.remote_atomic_update,
        "atomic_graph_replace": settings.remote_atomic_graph_replace,
        "row_cap": settings.remote_row_cap,
        "system_graphs": settings.remote_system_graphs,
        "deadline_parameter": settings.remote_deadline_parameter,
    }
    return RemoteStore(
        query_url=url,
        update_url=update_url or settings.remote_update_url,
        graph_store_url=graph_store_url or settings.remote_graph_store_url,
        query_timeout=settings.query_timeout,
        update_timeout=settings.update_timeout,
        max_rows=settings.max_rows,
        auth=remote_auth(settings),
        engine=None if settings.remote_engine == "auto" else settings.remote_engine,
        overrides=overrides,
        probe_writes=settings.updates_enabled if probe_writes is None else probe_writes,
    )


__all__ = [
    "GraphResult",
    "QueryRequest",
    "SerializedResult",
    "Solutions",
    "Store",
    "StoreStatus",
    "open_remote_store",
    "open_store",
    "remote_auth",
]
