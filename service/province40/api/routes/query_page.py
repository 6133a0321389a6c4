"""The query page at ``/query``: YASGUI (vendored, no CDN) with the stored questions as examples.

``/query?question=<slug>&<parameters>`` opens it with that question loaded, its parameters given as
a VALUES block (checked against their patterns first, and serialised as RDF terms)."""

from __future__ import annotations

import json
from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from province40 import __version__
from province40 import namespaces as ns
from province40.api.deps import StoreDep
from province40.api.templating import STATIC_DIR, templates
from province40.catalog import catalog
from province40.errors import NotFound
from province40.parameters import bind_parameters, sparql_with_values

router = APIRouter(tags=["Pages"])


def _plan_codes(store: StoreDep) -> list[str]:
    """ISO codes of the provinces whose plan graph the store holds (for the report links)."""
    graphs = store.named_graphs()
    return sorted(g.removeprefix(ns.PLAN_GRAPH_BASE) for g in graphs if g.startswith(ns.PLAN_GRAPH_BASE))


@router.get("/query", response_class=HTMLResponse, summary="Query page (Thai by default, ?lang=en for English)")
def query_page(
    request: Request,
    store: StoreDep,
    lang: Literal["th", "en"] = Query("th"),
    question: str | None = Query(None, description="a stored question to load, e.g. show-province-plan"),
) -> HTMLResponse:
    """The SPARQL query page with the planners' stored questions as examples."""
    questions = catalog()
    examples = [
        {"slug": q.slug, "title": q.title(lang), "description": q.description(lang), "query": q.text}
        for q in questions.values()
    ]
    initial = None
    if question is not None:
        chosen = questions.get(question)
        if chosen is None:
            raise NotFound(f"no stored question '{question[:60]}' (see /api)")
        given = [(k, v) for k, v in request.query_params.multi_items() if k != "question"]
        initial = sparql_with_values(chosen, bind_parameters(chosen, given).bindings)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    html = templates().get_template("query.html").render(
        lang=lang,
        version=__version__,
        endpoint=str(request.url_for("sparql_get")),
        examples=examples,
        examples_json=json.dumps(examples, ensure_ascii=False).replace("</", "<\\/"),
        config_json=json.dumps(
            {"endpoint": str(request.url_for("sparql_get")), "lang": lang, "initial": initial}, ensure_ascii=False
        ).replace("</", "<\\/"),
        yasgui_vendored=(STATIC_DIR / "vendor" / "yasgui" / "yasgui.min.js").is_file(),
        plans=_plan_codes(store),
        switch_url="/query?" + urlencode([*kept, ("lang", "en" if lang == "th" else "th")]),
    )
    return HTMLResponse(html)
