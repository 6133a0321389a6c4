"""``/api/<question>``: each stored question (``queries/*.rq``) as a GET route in the OpenAPI document,
answering JSON or CSV, and ``/api/<question>.rq`` its SPARQL text. The logic is in
:mod:`province40.answer`; this module only translates HTTP.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from province40.answer import DEFAULT_PAGE, Answer, ask_served, read_page
from province40.answer_formats import ANSWER_FORMATS, AnswerLinks, answer_csv, answer_document
from province40.answer_formats import choose_answer_format as answer_format
from province40.api.deps import ResultsDep, SettingsDep, StoreDep
from province40.catalog import StoredQuery, catalog
from province40.result_cache import CACHE_HEADER, Served, wants_fresh

TAG = "Planners' questions"


def query_page_url(question: StoredQuery, values: dict[str, str] | None = None, *, lang: str | None = None) -> str:
    """The query page with ``question`` loaded (its parameters as a VALUES block)."""
    params = {"question": question.slug, **(values or {})}
    if lang:
        params["lang"] = lang
    return "/query?" + urlencode(params)


def answer_links(request: Request, answer: Answer) -> AnswerLinks:
    """The links an answer carries: its SPARQL, the query page, the next page when there is one."""
    question = answer.question
    next_page = None
    if answer.truncated:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        params.append(("offset", str(answer.page.offset + answer.page.limit)))
        next_page = f"{request.url.path}?{urlencode(params)}"
    return AnswerLinks(
        sparql=f"/api/{question.slug}.rq",
        query_page=query_page_url(question, dict(answer.values)),
        next_page=next_page,
    )


def choose_answer_format(request: Request) -> str:
    """The answer's format from the request's ``format`` parameter and ``Accept`` header."""
    return answer_format(request.query_params.get("format"), request.headers.get("accept"))


def answer_response(request: Request, answer: Answer, served: Served | None = None) -> Response:
    """The answer as JSON or CSV (UTF-8 with BOM), with the truncation header (and, given ``served``, the
    header that says whether it came from the result cache)."""
    headers = {"Province40-Truncated": "true" if answer.truncated else "false", "Vary": "Accept"}
    if served is not None:
        headers[CACHE_HEADER] = served.value
    if choose_answer_format(request) == "csv":
        headers["Content-Disposition"] = f'inline; filename="{answer.question.slug}.csv"'
        return Response(answer_csv(answer), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(answer_document(answer, answer_links(request, answer)), headers=headers)


def _openapi_parameters(question: StoredQuery) -> list[dict[str, Any]]:
    declared: list[dict[str, Any]] = [
        {
            "name": p.name,
            "in": "query",
            "required": p.required and p.default is None,
            "description": f"{p.description_en} / {p.description_th}",
            "schema": {"type": "string", "pattern": p.pattern, "example": p.example}
            | ({"enum": list(p.choices)} if p.choices else {})
            | ({"default": p.default} if p.default else {}),
        }
        for p in question.parameters
    ]
    return [
        *declared,
        {"name": "limit", "in": "query", "required": False, "description": "rows per page (at most the row cap)",
         "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_PAGE}},
        {"name": "offset", "in": "query", "required": False, "description": "rows to skip",
         "schema": {"type": "integer", "minimum": 0, "default": 0}},
        {"name": "format", "in": "query", "required": False, "description": "json (default) or csv",
         "schema": {"type": "string", "enum": list(ANSWER_FORMATS)}},
    ]


def _answer_endpoint(question: StoredQuery) -> Callable[[Request, SettingsDep, StoreDep, ResultsDep], Response]:
    def endpoint(request: Request, settings: SettingsDep, store: StoreDep, results: ResultsDep) -> Response:
        given = list(request.query_params.multi_items())
        choose_answer_format(request)  # a bad format is refused before the query runs
        page = read_page(given, max_rows=settings.max_rows)
        fresh = wants_fresh(request.headers.get("cache-control"), request.headers.get("pragma"))
        answer, served = ask_served(store, question, given, page=page, timeout=settings.query_timeout,
                                    cache=results, fresh=fresh)
        return answer_response(request, answer, served)

    endpoint.__doc__ = question.description_en
    return endpoint


def _text_endpoint(question: StoredQuery) -> Callable[[], PlainTextResponse]:
    def endpoint() -> PlainTextResponse:
        return PlainTextResponse(question.text, media_type="application/sparql-query; charset=utf-8")

    endpoint.__doc__ = f"The SPARQL text of '{question.slug}'."
    return endpoint


def build_router() -> APIRouter:
    """One GET route per stored question, its ``.rq`` text, and the list at ``/api``."""
    router = APIRouter(tags=[TAG])
    questions = catalog()

    @router.get("/api", summary="The stored questions")
    def list_questions() -> dict[str, Any]:
        """Every stored question with its parameters and links."""
        return {
            "questions": [
                {
                    "slug": q.slug,
                    "title": {"th": q.title_th, "en": q.title_en},
                    "description": {"th": q.description_th, "en": q.description_en},
                    "answer": f"/api/{q.slug}",
                    "sparql": f"/api/{q.slug}.rq",
                    "parameters": [
                        {"name": p.name, "pattern": p.pattern, "example": p.example, "required": p.required}
                        for p in q.parameters
                    ],
                }
                for q in questions.values()
            ]
        }

    for question in questions.values():
        router.add_api_route(
            f"/api/{question.slug}.rq",
            _text_endpoint(question),
            methods=["GET"],
            name=f"sparql_{question.slug}",
            summary=f"SPARQL of: {question.title_en}",
            response_class=PlainTextResponse,
        )
        router.add_api_route(
            f"/api/{question.slug}",
            _answer_endpoint(question),
            methods=["GET"],
            name=f"answer_{question.slug}",
            summary=question.title_en,
            description=f"{question.description_en}\n\n{question.title_th}: {question.description_th}\n\n"
            "JSON (default) or CSV (`format=csv` or `Accept: text/csv`; UTF-8 with BOM). Paging: `limit`, `offset`; "
            "`truncated` says more rows follow (`next`). A parameter that fails its pattern is a 422.",
            openapi_extra={"parameters": _openapi_parameters(question)},
        )
    return router
