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

import asyncio
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Annotated, Literal

from fastapi import APIRouter, FastAPI, Path, Query, Request, Response
from starlette.concurrency import run_in_threadpool

from province40 import namespaces as ns
from province40.api.deps import SettingsDep, StoreDep, read_body
from province40.errors import NotAcceptable, ParameterError, QueryRefused
from province40.rdf_io import format_for_media_type, parse_bytes
from province40.sparql.negotiation import parse_accept
from province40.store.base import Store
from province40.validation import (
    PlanReader,
    Report,
    ShapeCatalog,
    Validator,
    render_coverage_csv,
    render_findings_csv,
    render_html,
    render_json,
    render_jsonld,
    render_turtle,
    validate_province,
    validate_store,
)
from province40.validation.dataset import INPUT_GRAPH, from_parsed
from province40.validation.engine import make_engine
from province40.validation.render.json import coverage_to_dict
from province40.validation.report_cache import ReportCache

router = APIRouter(tags=["Validation"])

Lang = Literal["th", "en"]


@dataclass(frozen=True)
class ReportFormat:
    """One way to write a report."""

    name: str
    media_type: str
    render: Callable[[Report, str], bytes]


def _coverage_json(report: Report, _lang: str) -> bytes:
    return json.dumps(coverage_to_dict(report.coverage), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("json", "application/json", lambda r, _lang: render_json(r)),
        ReportFormat("html", "text/html; charset=utf-8", lambda r, lang: render_html(r, lang=lang)),
        ReportFormat("csv", "text/csv; charset=utf-8", lambda r, lang: render_findings_csv(r, lang=lang)),
        ReportFormat("ttl", "text/turtle; charset=utf-8", lambda r, _lang: render_turtle(r)),
        ReportFormat("jsonld", "application/ld+json", lambda r, _lang: render_jsonld(r)),
        ReportFormat("coverage.json", "application/json", _coverage_json),
        ReportFormat("coverage.csv", "text/csv; charset=utf-8", lambda r, lang: render_coverage_csv(r, lang=lang)),
    )
}
_NEGOTIABLE = ("json", "html", "csv", "ttl", "jsonld")  # in order of preference for */*


def choose_report_format(format_param: str | None, accept: str | None) -> ReportFormat:
    """``?format=`` when given, else the best match of ``Accept`` (a browser gets HTML, */* JSON)."""
    if format_param:
        name = format_param.strip().lower()
        if name not in FORMATS:
            raise ParameterError(
                f"unknown report format {format_param!r}; use one of {', '.join(FORMATS)}", parameter="format"
            )
        return FORMATS[name]
    ranges = parse_accept(accept)
    best: tuple[float, int, ReportFormat] | None = None
    for order, name in enumerate(_NEGOTIABLE):
        fmt = FORMATS[name]
        media = fmt.media_type.split(";")[0]
        scored = [(r.matches(media), r.q) for r in ranges if r.matches(media) >= 0]
        if not scored:
            continue
        q = max(scored)[1]
        if q > 0 and (best is None or (q, -order) > (best[0], -best[1])):
            best = (q, order, fmt)
    if best is None:
        offered = ", ".join(FORMATS[n].media_type.split(";")[0] for n in _NEGOTIABLE)
        raise NotAcceptable(f"none of the accepted media types ({accept}) can carry a report; available: {offered}")
    return best[2]


class ValidatorCache:
    """One :class:`Validator` per version of the store's shapes graph (read once, reused)."""

    def __init__(self, *, engine: str = "compiled") -> None:
        self._engine = engine
        self._key: str | None = None
        self._validator: Validator | None = None
        self.lock = asyncio.Lock()

    def reset(self) -> None:
        """Forget the validator (the shapes changed)."""
        self._validator = None

    def get(self, store: Store) -> Validator:
        """The validator for the shapes the store holds now."""
        quads = store.export([ns.SHAPES_GRAPH]) if ns.SHAPES_GRAPH in store.named_graphs() else ()
        key = hashlib.sha256("\n".join(sorted(str(q) for q in quads)).encode("utf-8")).hexdigest()
        if self._validator is None or key != self._key:
            catalog = ShapeCatalog.from_triples(quads) if quads else ShapeCatalog.from_source(store)
            self._validator = Validator(catalog, engine=make_engine(self._engine, catalog))
            self._key = key
        return self._validator


def report_cache(app: FastAPI) -> ReportCache:
    """The app's cache of the latest report of every province plan (made on first use)."""
    cache: ReportCache | None = getattr(app.state, "reports", None)
    if cache is None:
        validators = _app_validators(app)
        store: Store = app.state.store

        reader = _app_reader(app)

        def compute(code: str, include_curation: bool) -> Report:
            return validate_province(
                store, code, include_curation=include_curation, validator=validators.get(store), reader=reader
            )

        cache = app.state.reports = ReportCache(compute)
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
    touches it, and the last plans read (made on first use)."""
    reader: PlanReader | None = getattr(app.state, "plan_reader", None)
    if reader is None:
        reader = app.state.plan_reader = PlanReader(app.state.store)
    return reader


def _app_validators(app: FastAPI) -> ValidatorCache:
    cache: ValidatorCache | None = getattr(app.state, "validators", None)
    if cache is None:
        cache = app.state.validators = ValidatorCache(engine=app.state.settings.validation_engine)
    return cache


def _respond(report: Report, fmt: ReportFormat, lang: str) -> Response:
    body = fmt.render(report, lang)
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
    return _respond(report, fmt, lang)


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
    return _respond(report, fmt, lang)


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
    rdf_format = format_for_media_type(request.headers.get("content-type", ""))
    body = await read_body(request, settings.max_body_bytes)
    parsed = await run_in_threadpool(
        lambda: parse_bytes(body, rdf_format=rdf_format, source="request body", graph=INPUT_GRAPH)
    )
    if len(parsed.quads) > settings.max_validation_triples:
        raise QueryRefused(
            f"the plan holds {len(parsed.quads)} triples; validation takes at most {settings.max_validation_triples}",
            reason="too_large",
            setting="max_validation_triples",
        )
    report = await _run(
        request,
        store,
        lambda v: v.validate(from_parsed(parsed, store, name="request body"), include_curation=not as_presented),
    )
    return _respond(report, fmt, lang)
