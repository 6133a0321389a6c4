"""The query page at ``/``: YASGUI (vendored, no CDN) with the stored planner queries as examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from province40 import __version__
from province40 import namespaces as ns
from province40.catalog import stored_queries

router = APIRouter(tags=["Pages"])

_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
_STATIC = Path(__file__).resolve().parent.parent / "static"
_env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html"]))


def _plan_codes(request: Request) -> list[str]:
    """ISO codes of the provinces whose plan graph the store holds (for the report links)."""
    store = getattr(request.app.state, "store", None)
    if store is None:
        return []
    graphs = store.named_graphs()
    return sorted(g.removeprefix(ns.PLAN_GRAPH_BASE) for g in graphs if g.startswith(ns.PLAN_GRAPH_BASE))


@router.get("/", response_class=HTMLResponse, summary="Query page (Thai by default, ?lang=en for English)")
def query_page(request: Request, lang: Literal["th", "en"] = Query("th")) -> HTMLResponse:
    """The SPARQL query page with example planner questions."""
    examples = [
        {
            "slug": q.slug,
            "title": q.title_th if lang == "th" else q.title_en,
            "description": q.description_th if lang == "th" else q.description_en,
            "query": q.text,
        }
        for q in stored_queries()
    ]
    html = _env.get_template("index.html").render(
        lang=lang,
        version=__version__,
        endpoint=str(request.url_for("sparql_get")),
        examples=examples,
        examples_json=json.dumps(examples, ensure_ascii=False).replace("</", "<\\/"),
        yasgui_vendored=(_STATIC / "vendor" / "yasgui" / "yasgui.min.js").is_file(),
        plans=_plan_codes(request),
    )
    return HTMLResponse(html)
