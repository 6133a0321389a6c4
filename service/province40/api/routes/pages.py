"""The bilingual web pages (server-rendered, Thai by default, ``?lang=en`` for English): ``/``,
``/province/{code}``, ``/project/{id}``, ``/strategy/{n}``, ``/master-plan/{n}``, ``/coverage``,
``/programme``, ``/search``. The page models come from :mod:`province40.site.views`; this module
translates HTTP: the language, the cache, and a 404 page in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from province40 import __version__
from province40.api.deps import PlansDep, ResultsDep, SearchDep, SettingsDep, StoreDep, SuggestionsDep
from province40.api.templating import templates
from province40.errors import NotFound, ParameterError
from province40.site import views

router = APIRouter(tags=["Pages"])
Lang = Literal["th", "en"]
LANG = Query("th", description="th (default) or en")
PAGE = Query(None, description="page of a long list, from 1", max_length=20)


def _switch_url(request: Request, lang: str) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return f"{request.url.path}?{urlencode([*params, ('lang', 'en' if lang == 'th' else 'th')])}"


def _html(request: Request, lang: str, model: views.PageModel, *, status: int = 200) -> HTMLResponse:
    html = templates().get_template(model.template).render(
        lang=lang,
        th=lang == "th",
        title=model.title,
        data=model.data,
        sources=model.sources,
        switch_url=_switch_url(request, lang),
        path=request.url.path,
        version=__version__,
        name=views.name,
        tail=views.tail,
    )
    return HTMLResponse(html, status_code=status)


def _weight(model: views.PageModel) -> int:
    return model.weight()


def _page(request: Request, lang: str, build: Callable[[], views.PageModel]) -> HTMLResponse:
    try:
        return _html(request, lang, build())
    except NotFound as error:
        model = views.PageModel(template="not_found.html", title="ไม่พบหน้านี้" if lang == "th" else "Not found")
        model.data["message"] = error.message
        return _html(request, lang, model, status=404)


@router.get("/", response_class=HTMLResponse, summary="Overview of the programme (page)")
def overview(
    request: Request, store: StoreDep, settings: SettingsDep, results: ResultsDep, lang: Lang = LANG
) -> HTMLResponse:
    """What Province 4.0 is, the cohorts, the plans, the national coverage picture, search."""
    return _page(request, lang, lambda: results.get(
        ("page", "overview", lang), lambda: views.overview(store, settings, lang, cache=results), weigh=_weight))


@router.get("/province/{code}", response_class=HTMLResponse, summary="A province and its plan (page)")
def province(
    request: Request,
    code: str,
    store: StoreDep,
    settings: SettingsDep,
    plans: PlansDep,
    results: ResultsDep,
    lang: Lang = LANG,
    page: str | None = PAGE,
) -> HTMLResponse:
    """The province, its plan versions (with a link to each diff), a summary of what its projects
    serve, one page of its projects and their links (``page``), gaps."""

    def build() -> views.PageModel:
        number = views.page_number(page)

        try:
            versions = plans.version_headers(code)
        except ParameterError:
            versions = ()  # not a province code: the page says 404 below
        return views.province_page(store, settings, lang, code, versions=versions, page=number, cache=results)

    return _page(request, lang, lambda: results.get(("page", "province", code, lang, page), build, weigh=_weight))


@router.get("/project/{identifier}", response_class=HTMLResponse, summary="A project and its chain (page)")
def project(
    request: Request, identifier: str, store: StoreDep, settings: SettingsDep, results: ResultsDep,
    suggestions: SuggestionsDep, lang: Lang = LANG,
) -> HTMLResponse:
    """The project, its source quote, its chain to the National Strategy (SVG) and the links it does not
    claim but could (suggested, with their evidence)."""
    return _page(request, lang, lambda: results.get(
        ("page", "project", identifier, lang),
        lambda: views.project_page(store, settings, lang, identifier, cache=results, suggestions=suggestions),
        weigh=_weight))


@router.get("/strategy/{number}", response_class=HTMLResponse, summary="A national strategy (page)")
def strategy(
    request: Request,
    number: str,
    store: StoreDep,
    settings: SettingsDep,
    results: ResultsDep,
    lang: Lang = LANG,
    page: str | None = PAGE,
) -> HTMLResponse:
    """The strategy, the projects that serve it summed by province, and one page of them (``page``)."""
    return _page(request, lang, lambda: results.get(
        ("page", "strategy", number, lang, page),
        lambda: views.strategy_page(store, settings, lang, number, page=views.page_number(page), cache=results),
        weigh=_weight))


@router.get("/master-plan/{number}", response_class=HTMLResponse, summary="A master plan (page)")
def master_plan(
    request: Request,
    number: str,
    store: StoreDep,
    settings: SettingsDep,
    results: ResultsDep,
    lang: Lang = LANG,
    page: str | None = PAGE,
) -> HTMLResponse:
    """The master plan, the projects that serve it summed by province, and one page of them (``page``)."""
    return _page(request, lang, lambda: results.get(
        ("page", "master-plan", number, lang, page),
        lambda: views.master_plan_page(store, settings, lang, number, page=views.page_number(page), cache=results),
        weigh=_weight))


@router.get("/coverage", response_class=HTMLResponse, summary="Coverage heatmap (page)")
def coverage(
    request: Request, store: StoreDep, settings: SettingsDep, results: ResultsDep, lang: Lang = LANG
) -> HTMLResponse:
    """Every plan's province × dimensions, success factors and strategies."""
    return _page(request, lang, lambda: results.get(
        ("page", "coverage", lang), lambda: views.coverage_page(store, settings, lang, cache=results), weigh=_weight))


@router.get("/programme", response_class=HTMLResponse, summary="The programme (page)")
def programme(
    request: Request, store: StoreDep, settings: SettingsDep, results: ResultsDep, lang: Lang = LANG
) -> HTMLResponse:
    """Meetings, agenda, people, steps and recommendations, with the sources' words."""
    return _page(request, lang, lambda: results.get(
        ("page", "programme", lang), lambda: views.programme_page(store, settings, lang, cache=results),
        weigh=_weight))


@router.get("/search", response_class=HTMLResponse, summary="Search (page)")
def search(request: Request, index: SearchDep, lang: Lang = LANG, q: str = Query("", max_length=200)) -> HTMLResponse:
    """Projects found by words in Thai or English, matches highlighted."""
    return _page(request, lang, lambda: views.search_page(index, lang, q))
