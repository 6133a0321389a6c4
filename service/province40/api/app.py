"""``create_app(settings)``: the FastAPI application. Nothing is built at import time."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from province40 import __version__
from province40.api.errors import install_error_handlers
from province40.api.lookup_path import Province40App
from province40.api.routes import (
    graph_store,
    health,
    pages,
    plans,
    query_page,
    questions,
    search,
    sparql,
    suggest,
    validation,
)
from province40.errors import Province40Error
from province40.plans.service import PlanService
from province40.result_cache import DataGeneration, ResultCache, cache_enabled
from province40.search import SearchIndex, index_path, refresh_index
from province40.settings import Settings
from province40.sparql.service import SparqlService
from province40.store import Store, open_store
from province40.suggestion.service import SuggestionService, vector_cache_dir
from province40.tokens import TokenFile
from province40.validation.plan_reader import PlanReader
from province40.validation.report_cache import ValidatorCache, province_reports

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"

_DESCRIPTION = """Knowledge graph of Thailand's Province 4.0 programme (จังหวัด 4.0): a SPARQL 1.1
endpoint, a Graph Store, plan-gap validation reports (SHACL), the planners' stored questions as JSON/CSV
(`/api/...`), Thai-aware search, bilingual web pages, provinces' plan imports from spreadsheets with
versions, diffs and exports, and a query page. All errors use one JSON shape:
`{"error": {"code", "message", "detail"}, "status"}`."""


def _check_store(store: Store) -> None:
    """Ask the store for its status once at start-up (a remote backend probes its engine here); a store
    that does not answer is logged, and ``/readyz`` says not ready until it does."""
    try:
        status = store.status()
    except Province40Error as error:
        log.warning("the %s store does not answer yet: %s", store.backend_name, error.message)
        return
    log.info("store: %s quads in %s named graphs at %s", status.quads, status.named_graphs, status.location)


def _warm(service: SuggestionService) -> None:
    try:
        service.suggester()
    except Exception:
        log.warning("the link suggester could not be prepared at start-up", exc_info=True)


def create_app_from_environment() -> FastAPI:
    """The application of one of several server processes (``province40 serve --processes N``): the
    settings from ``PROVINCE40_*`` variables, logging configured in this process."""
    from province40.logs import configure_logging
    from province40.settings import get_settings

    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """Build the application. Without ``store``, the store the settings describe is opened at start-up
    (and closed at shutdown); a given store is used as is and left open."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        opened = store if store is not None else await run_in_threadpool(open_store, settings)
        app.state.store = opened
        app.state.generation = DataGeneration()
        app.state.results = ResultCache(
            app.state.generation,
            max_bytes=settings.result_cache_bytes,
            enabled=cache_enabled(
                settings.result_cache_bytes, backend=opened.backend_name, remote_sole_writer=settings.remote_sole_writer
            ),
        )
        app.state.sparql = SparqlService(opened, settings, cache=app.state.results)
        await run_in_threadpool(_check_store, opened)
        index = SearchIndex(index_path(settings))
        app.state.search = index
        try:
            await run_in_threadpool(refresh_index, index, opened)
        except Province40Error as error:  # a remote engine that is down: the next write brings it in step
            log.warning("search index not checked against the store at start-up: %s", error.message)
        app.state.suggestions = SuggestionService(opened, cache_dir=vector_cache_dir(settings))
        app.state.plans = PlanService(opened, settings, suggestions=app.state.suggestions)
        # the suggester's model and passage vectors load in a worker thread, never on the event loop;
        # a request that needs them before they are ready waits for them there
        threading.Thread(target=_warm, args=(app.state.suggestions,), name="suggester-warm-up", daemon=True).start()
        app.state.validators = ValidatorCache(engine=settings.validation_engine)
        app.state.plan_reader = PlanReader(opened, follow=True)
        app.state.reports = province_reports(opened, app.state.validators, app.state.plan_reader)
        log.info("province40 %s ready (%s backend)", __version__, opened.backend_name)
        try:
            yield
        finally:
            app.state.sparql.lookup_log.flush()
            index.close()
            if owned:
                await run_in_threadpool(opened.close)

    app = Province40App(  # FastAPI, with the look-up fast path in front (api/lookup_path.py)
        title="province40",
        version=__version__,
        description=_DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # served below from the vendored Swagger UI: no CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.tokens = TokenFile(settings.tokens_file)
    install_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            allow_credentials=False,
        )
    app.include_router(sparql.router)
    app.router.routes.insert(0, sparql.plain_route)  # first: the busiest route, without FastAPI's per-request work
    app.include_router(pages.router)
    app.include_router(query_page.router)
    app.include_router(search.router)
    app.include_router(suggest.router)
    app.include_router(questions.build_router())
    app.include_router(graph_store.router)
    app.include_router(validation.router)
    app.include_router(plans.router)
    app.include_router(health.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=True), name="static")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        """The OpenAPI documentation, with Swagger UI from this service (``make vendor``), never a CDN."""
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="province40 — API",
            swagger_js_url="/static/vendor/swagger-ui/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    return app
