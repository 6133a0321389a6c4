"""Request dependencies as named ``Annotated`` aliases, so handler signatures read as requirements."""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated

from fastapi import Depends, Request

from province40.errors import AccessDenied, BodyTimeout, QueryRefused
from province40.plans.service import PlanService
from province40.result_cache import DataGeneration, ResultCache
from province40.search import SearchIndex, refresh_index
from province40.settings import Settings
from province40.sparql.service import SparqlService
from province40.store.base import Store
from province40.suggestion.service import SuggestionService
from province40.tokens import TokenEntry, TokenFile


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def _plans(request: Request) -> PlanService:
    service: PlanService = request.app.state.plans
    return service


def _tokens(request: Request) -> TokenFile:
    tokens: TokenFile = request.app.state.tokens
    return tokens


async def _sparql(request: Request) -> SparqlService:
    service: SparqlService = request.app.state.sparql
    return service


async def _search(request: Request) -> SearchIndex:
    index: SearchIndex = request.app.state.search
    return index


async def _results(request: Request) -> ResultCache:
    cache: ResultCache = request.app.state.results
    return cache


async def _suggestions(request: Request) -> SuggestionService:
    service: SuggestionService = request.app.state.suggestions
    return service


def after_write(request: Request) -> None:
    """Bring what the service derives from the data in step after a write: the data generation
    first (no answer or page cached before the write is served again), then the search index.
    Blocking: call it in a worker thread, before answering."""
    generation: DataGeneration = request.app.state.generation
    generation.advance()
    refresh_index(request.app.state.search, request.app.state.store)
    request.app.state.suggestions.forget()


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


def _scoped(request: Request, token: str) -> TokenEntry | None:
    return _tokens(request).verify(token)


def _refuse_scoped(entry: TokenEntry) -> AccessDenied:
    if entry.revoked:
        return AccessDenied(f"โทเคน '{entry.name}' ถูกเพิกถอนเมื่อ {entry.revoked} / the token '{entry.name}' was revoked "
                            f"on {entry.revoked}", token_given=False,
                            detail={"token": entry.name, "revoked": entry.revoked})
    return AccessDenied(
        f"โทเคน '{entry.name}' ใช้นำเข้าได้เฉพาะแผนของ {entry.scope()} / the token '{entry.name}' may only import the "
        f"plans of {entry.scope()} (POST /api/plans/{{code}}/imports); SPARQL Update and Graph Store writes need the "
        "administrator's update token",
        token_given=True,
        detail={"token": entry.name, "scope": list(entry.provinces)},
    )


def require_writer(request: Request) -> None:
    """Refuse writes: 403 when the service is read-only, the token is wrong or only province-scoped,
    401 when it is missing or revoked."""
    settings = _settings(request)
    token = bearer_token(request)
    if token is not None and not is_authorised(request, settings):
        entry = _scoped(request, token)
        if entry is not None:
            raise _refuse_scoped(entry)
    if settings.update_token is None:
        raise AccessDenied(
            "this service is read-only: no update token is configured (setting update_token)", token_given=True
        )
    if token is None:
        raise AccessDenied("writing needs 'Authorization: Bearer <token>'", token_given=False)
    if not is_authorised(request, settings):
        raise AccessDenied("the bearer token is not the configured update token", token_given=True)


def authorise_import(request: Request, code: str) -> str:
    """Who may import ``code``'s plan: the administrator's update token, or a token scoped to ``code``.

    Returns the name recorded as who imported the version. 401 without a token, with an unknown or a
    revoked one; 403 with a token scoped to other provinces (the message names its scope)."""
    settings = _settings(request)
    token = bearer_token(request)
    if token is None:
        raise AccessDenied(
            "การนำเข้าต้องใช้โทเคน / importing needs 'Authorization: Bearer <token>' "
            "(a province token or the update token)",
            token_given=False,
        )
    if is_authorised(request, settings):
        return "administrator"
    entry = _scoped(request, token)
    if entry is None:
        raise AccessDenied("ไม่รู้จักโทเคนนี้ / the bearer token is not a known token", token_given=False)
    if entry.revoked:
        raise _refuse_scoped(entry)
    if code not in entry.provinces:
        raise AccessDenied(
            f"โทเคน '{entry.name}' นำเข้าได้เฉพาะแผนของ {entry.scope()} ไม่ใช่ {code} / the token '{entry.name}' may "
            f"import only the plans of {entry.scope()}, not {code}",
            token_given=True,
            detail={"token": entry.name, "scope": list(entry.provinces), "province": code},
        )
    return entry.name


async def read_body(request: Request, limit: int, *, setting: str = "max_body_bytes") -> bytes:
    """The request body, refused with 413 once it grows past ``limit`` bytes, and with 408 when it takes
    longer than the ``body_timeout`` setting to arrive (a slow upload cannot hold a connection forever)."""
    seconds = _settings(request).body_timeout
    try:
        async with asyncio.timeout(seconds):
            return await _read_body(request, limit, setting)
    except TimeoutError:
        raise BodyTimeout(seconds) from None


async def _read_body(request: Request, limit: int, setting: str) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise QueryRefused(
            f"the request body is {declared} bytes; the limit is {limit} bytes",
            reason="too_large",
            setting=setting,
        )
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise QueryRefused(
                f"the request body is larger than the limit of {limit} bytes",
                reason="too_large",
                setting=setting,
            )
        chunks.append(chunk)
    return b"".join(chunks)


async def _settings_dependency(request: Request) -> Settings:
    return _settings(request)


# The getters are ``async def``: FastAPI runs a plain ``def`` dependency in the thread pool, a hop that
# cost more than a point look-up itself (measured: README, "The query path").
SettingsDep = Annotated[Settings, Depends(_settings_dependency)]
StoreDep = Annotated[Store, Depends(_store)]
SparqlDep = Annotated[SparqlService, Depends(_sparql)]
WriterDep = Annotated[None, Depends(require_writer)]
SearchDep = Annotated[SearchIndex, Depends(_search)]
PlansDep = Annotated[PlanService, Depends(_plans)]
ResultsDep = Annotated[ResultCache, Depends(_results)]
SuggestionsDep = Annotated[SuggestionService, Depends(_suggestions)]
