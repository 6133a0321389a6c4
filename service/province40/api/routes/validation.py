"""``/validation``: plan-gap reports over HTTP (the same reports as ``province40 validate``).

- ``POST /validation``: validate a plan sent in the body (Turtle, JSON-LD, N-Triples, RDF/XML, TriG
  by ``Content-Type``) against the store's ontology, reference data, programme and curated links.
  Nothing is written to the store.
- ``GET /validation/{code}``: the report for the plan of one province in the store (``TH-33``).
- ``GET /validation``: the report for every plan in the store.

The report format comes from ``?format=`` (``json``, ``html``, ``csv``, ``ttl``, ``jsonld``, or
``coverage.json`` / ``coverage.csv`` for the gap matrix only) or else from ``Accept``; ``?lang=th|en``
picks the language of HTML and CSV; ``?as_presented=true`` leaves the curated links out. A report is
a 200 whether or not the plan conforms: ``Province40-Conforms`` and the report itself say which.
Validations run one at a time per process (pySHACL holds the CPU), in a thread so that SPARQL queries
keep answering; a posted plan is capped by ``max_body_bytes`` and ``max_validation_triples`` (413).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from province40 import namespaces as ns
from province40.api.deps import SettingsDep, StoreDep, read_body
from province40.rdf_io import format_for_media_type
from province40.store.base import Store
from province40.validation import PlanReader, Report, Validator, validate_store
from province40.validation.dataset import posted_plan
from province40.validation.formats import ReportFormat, choose_report_format
from province40.validation.report_cache import ReportCache, ValidatorCache

router = APIRouter(tags=["Validation"])

Lang = Literal["th", "en"]


def report_cache(app: FastAPI) -> ReportCache:
    """The app's cache of the latest report of every province plan (built in the lifespan)."""
    cache: ReportCache = app.state.reports
    return cache


def note_write(app: FastAPI, graphs: Iterable[str] | None) -> None:
    """Tell the report cache that a write changed ``graphs`` (None: possibly any graph); the reports
    it touched are revalidated in the background."""
    reader: PlanReader | None = getattr(app.state, "plan_reader", None)
    if reader is not None:
        reader.invalidate(graphs)
    cache: ReportCache | None = getattr(app.state, "reports", None)
    if cache is not None:
        cache.invalidate(graphs)
    validators: ValidatorCache | None = getattr(app.state, "validators", None)
    if validators is not None and (graphs is None or ns.SHAPES_GRAPH in graphs):
        validators.reset()


def _app_reader(app: FastAPI) -> PlanReader:
    """The app's plan reader: the context every plan is checked against, read once until a write
    touches it, and the last plans read (built in the lifespan)."""
    reader: PlanReader = app.state.plan_reader
    return reader


def _app_validators(app: FastAPI) -> ValidatorCache:
    cache: ValidatorCache = app.state.validators
    return cache


async def _respond(report: Report, fmt: ReportFormat, lang: str) -> Response:
    body = await run_in_threadpool(fmt.render, report, lang)  # a national report takes seconds: off the loop
    headers = {
        "Vary": "Accept",
        "Province40-Conforms": "true" if report.conforms else "false",
        "Province40-Computed-At": report.generated_at.isoformat(),
        "Content-Language": lang if fmt.name in {"html", "csv", "coverage.csv"} else "th, en",
    }
    if fmt.name.endswith("csv"):
        stem = report.scope.province or "report"
        headers["Content-Disposition"] = f'inline; filename="province40-validation-{stem}.csv"'
    return Response(body, media_type=fmt.media_type, headers=headers)


FormatQuery = Annotated[
    str | None,
    Query(alias="format", description="json, html, csv, ttl, jsonld, coverage.json or coverage.csv (else Accept)"),
]
LangQuery = Annotated[Lang, Query(description="language of the HTML and CSV reports")]
PresentedQuery = Annotated[bool, Query(description="leave out the team's curated links")]


async def _run(request: Request, store: Store, work: Callable[[Validator], Report]) -> Report:
    cache = _app_validators(request.app)
    async with cache.lock:  # one validation at a time: pySHACL is CPU-bound
        return await run_in_threadpool(lambda: work(cache.get(store)))


@router.get("/validation", summary="Validate every plan in the store")
async def validate_all(
    request: Request,
    store: StoreDep,
    report_format: FormatQuery = None,
    lang: LangQuery = "th",
    as_presented: PresentedQuery = False,
) -> Response:
    """The gap report of every plan in the store, grouped by province → project → gap."""
    fmt = choose_report_format(report_format, request.headers.get("accept"))
    report = await _run(
        request, store, lambda v: validate_store(
            store, include_curation=not as_presented, validator=v, reader=_app_reader(request.app)
        )
    )
    return await _respond(report, fmt, lang)


@router.get("/validation/{code}", summary="Validate one province's plan in the store")
async def validate_one(
    request: Request,
    store: StoreDep,
    code: Annotated[str, Path(description="ISO 3166-2 code of the province, e.g. TH-33")],
    report_format: FormatQuery = None,
    lang: LangQuery = "th",
    as_presented: PresentedQuery = False,
) -> Response:
    """The gap report of the plan graph of one province (404 when the store holds no plan of it).

    Answered from the latest report the server keeps (revalidated when a write touches the plan or
    the data it is checked against); ``Province40-Computed-At`` says when it was computed."""
    fmt = choose_report_format(report_format, request.headers.get("accept"))
    province = code.strip().upper()
    cache = report_cache(request.app)
    report = await run_in_threadpool(lambda: cache.get(province, include_curation=not as_presented))
    return await _respond(report, fmt, lang)


@router.post(
    "/validation",
    summary="Validate a plan before it is loaded",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                media: {"schema": {"type": "string"}}
                for media in ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml")
            },
        }
    },
)
async def validate_posted(
    request: Request,
    settings: SettingsDep,
    store: StoreDep,
    report_format: FormatQuery = None,
    lang: LangQuery = "th",
    as_presented: PresentedQuery = False,
) -> Response:
    """Validate the plan in the request body against the store's reference data; nothing is stored.

    A body that does not parse is a 400 naming the line and column; an unknown ``Content-Type`` a 415.
    """
    fmt = choose_report_format(report_format, request.headers.get("accept"))
    media_type = request.headers.get("content-type", "")
    format_for_media_type(media_type)  # 415 before the body is read
    body = await read_body(request, settings.max_body_bytes)
    plan = await run_in_threadpool(
        lambda: posted_plan(body, media_type, store, max_triples=settings.max_validation_triples)
    )
    report = await _run(
        request,
        store,
        lambda v: v.validate(plan, include_curation=not as_presented),
    )
    return await _respond(report, fmt, lang)
