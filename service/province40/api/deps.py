"""Request dependencies as named ``Annotated`` aliases, so handler signatures read as requirements."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request

from province40.errors import AccessDenied, QueryRefused
from province40.search import SearchIndex, refresh_index
from province40.settings import Settings
from province40.sparql.service import SparqlService
from province40.store.base import Store


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _sparql(request: Request) -> SparqlService:
    service: SparqlService = request.app.state.sparql
    return service


def _search(request: Request) -> SearchIndex:
    index: SearchIndex = request.app.state.search
    return index


def after_write(request: Request) -> None:
    """Bring what the service derives from the data in step after a write: the search index, and the
    pages cached for the previous data. Blocking: call it in a worker thread, before answering."""
    refresh_index(request.app.state.search, request.app.state.store)
    request.app.state.page_cache.clear()


def bearer_token(request: Request) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if any."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def is_authorised(request: Request, settings: Settings) -> bool:
    """True when updates are enabled and the request carries the right token (constant-time compare)."""
    token = bearer_token(request)
    if settings.update_token is None or token is None:
        return False
    return secrets.compare_digest(token.encode("utf-8"), settings.update_token.get_secret_value().encode("utf-8"))


def require_writer(request: Request) -> None:
    """Refuse writes: 403 when the service is read-only or the token is wrong, 401 when it is missing."""
    settings = _settings(request)
    token = bearer_token(request)
    if settings.update_token is None:
        raise AccessDenied(
            "this service is read-only: no update token is configured (setting update_token)", token_given=True
        )
    if token is None:
        raise AccessDenied("writing needs 'Authorization: Bearer <token>'", token_given=False)
    if not is_authorised(request, settings):
        raise AccessDenied("the bearer token is not the configured update token", token_given=True)


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it grows past ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise QueryRefused(
            f"the request body is {declared} bytes; the limit is {limit} bytes",
            reason="too_large",
            setting="max_body_bytes",
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryRefused(
                f"the request body is larger than the limit of {limit} bytes",
                reason="too_large",
                setting="max_body_bytes",
            )
        chunks.append(chunk)
    return b"".join(chunks)


SettingsDep = Annotated[Settings, Depends(_settings)]
StoreDep = Annotated[Store, Depends(_store)]
SparqlDep = Annotated[SparqlService, Depends(_sparql)]
WriterDep = Annotated[None, Depends(require_writer)]
SearchDep = Annotated[SearchIndex, Depends(_search)]
