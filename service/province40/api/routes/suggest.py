"""``GET /api/suggest?title=…&description=…``: suggested links for a project (JSON). The logic is in
:mod:`province40.suggestion`; this module only translates HTTP."""

from __future__ import annotations

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from province40.api.deps import SuggestionsDep
from province40.api.routes.questions import TAG

router = APIRouter(tags=[TAG])


@router.get(
    "/api/suggest",
    name="api_suggest",
    summary="Suggested master plans, strategies, dimensions and success factors for a project",
    description="Per kind (`master-plan`, `strategy`, `dimension`, `success-factor`): suggestions best first, "
    "each with the target's IRI, Thai and English labels, score, confidence (strong / moderate / weak) and "
    "evidence (the words that matched and the master plan's text they matched), or `abstained` with the "
    "reason (\"no clear link: write the link yourself\"). Suggestions are not links: nothing is written. "
    "422 when `title` is empty or longer than 500 characters, or `description` longer than 4000.",
)
def suggest(
    suggestions: SuggestionsDep,
    title: str | None = Query(
        None, description="the project's title, Thai or English (required: a missing or empty title is a 422)",
        examples=["โครงการส่งเสริมการท่องเที่ยวชุมชน"],
    ),
    description: str = Query("", description="what the project does (optional)"),
) -> JSONResponse:
    """Suggest (the model runs: a plain ``def`` runs in the thread pool, off the event loop)."""
    return JSONResponse(suggestions.suggest(title, description).to_dict())
