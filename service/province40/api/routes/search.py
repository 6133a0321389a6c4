"""``/api/search?q=``: Thai-aware search over projects and strategic issues (JSON or CSV). The logic is
in :mod:`province40.search`; this module only translates HTTP."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from province40.answer import read_page
from province40.api.deps import SearchDep, SettingsDep
from province40.api.routes.questions import TAG, choose_answer_format
from province40.errors import InvalidParameterValue
from province40.search.render import search_csv, search_document

router = APIRouter(tags=[TAG])
MAX_QUERY_LENGTH = 200


@router.get(
    "/api/search",
    name="api_search",
    summary="Projects found by words in Thai or English",
    description="Words are found inside Thai compounds (ท่องเที่ยว finds การท่องเที่ยว) without matching across "
    "tone marks (ข้าว never finds ข่าว); BM25 ranking with titles above descriptions; Thai digits equal Arabic "
    "digits; `highlight` marks the matches. No result: `suggestions` gives the nearest indexed words. "
    "`format=csv` for CSV (UTF-8 with BOM); `limit`/`offset` page.",
)
def search(
    request: Request,
    index: SearchDep,
    settings: SettingsDep,
    q: str = Query(..., description="words to find, Thai or English (e.g. ท่องเที่ยว)", examples=["ท่องเที่ยว"]),
    limit: str | None = Query(None, description="results per page (default 20)"),
    offset: str | None = Query(None, description="results to skip"),
    format: str | None = Query(None, description="json (default) or csv"),
) -> Response:
    """Search the index (blocking SQLite: a plain ``def`` runs in the thread pool)."""
    if not q.strip() or len(q) > MAX_QUERY_LENGTH:
        raise InvalidParameterValue(
            f"parameter 'q' must hold 1 to {MAX_QUERY_LENGTH} characters of words",
            parameter="q", pattern=f"^.{{1,{MAX_QUERY_LENGTH}}}$", example="ท่องเที่ยว",
        )
    page = read_page(list(request.query_params.multi_items()), max_rows=settings.max_rows, default=20)
    as_csv = choose_answer_format(request) == "csv"
    result = index.search(q, limit=page.limit, offset=page.offset)
    if as_csv:
        return Response(search_csv(result), media_type="text/csv; charset=utf-8")
    next_page = None
    if page.offset + len(result.hits) < result.total:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        next_page = f"/api/search?{urlencode([*params, ('offset', str(page.offset + page.limit))])}"
    return JSONResponse(search_document(result, limit=page.limit, offset=page.offset, next_page=next_page))
