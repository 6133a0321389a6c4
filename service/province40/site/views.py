"""What each web page shows, built from the stored questions (the same answers the API gives).

Every page model lists the questions it ran (:class:`Source`), so the page can offer the data as
JSON and CSV and show the SPARQL with a link to the query page. An unknown code or id raises
:class:`~province40.errors.NotFound`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from province40.answer import Answer, JsonValue, Page, ask, plain_value
from province40.catalog import catalog
from province40.errors import InvalidParameterValue, NotFound
from province40.result_cache import ResultCache, estimate_bytes
from province40.search import SearchIndex
from province40.settings import Settings
from province40.site.chain import chain_parts, chain_svg
from province40.store.base import Store
from province40.suggestion.service import SuggestionService

Row = dict[str, JsonValue]

ITEMS_PER_PAGE = 50
"""Projects (or strategic issues) on one page of a province page."""
PROJECTS_PER_PAGE = 100
"""Projects on one page of a strategy or master-plan page."""


@dataclass(frozen=True, kw_only=True)
class Source:
    """One stored question a page ran, with the values it was given."""

    slug: str
    title: str
    values: Mapping[str, str]
    sparql: str
    paging: Mapping[str, str] = field(default_factory=dict)
    """``limit`` / ``offset`` when the page shows one page of the answer."""

    def api(self, fmt: str) -> str:
        """The API URL of this answer in ``fmt`` (json or csv)."""
        return f"/api/{self.slug}?" + urlencode({**self.values, **self.paging, "format": fmt})

    @property
    def query_page(self) -> str:
        """The query page with this question loaded."""
        return "/query?" + urlencode({"question": self.slug, **self.values})


@dataclass(kw_only=True)
class PageModel:
    """A page's template, title and data, and the questions it ran."""

    template: str
    title: str
    data: dict[str, Any] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)

    def weight(self) -> int:
        """Its share of the result cache's budget, in bytes (an estimate of the data it holds)."""
        return 256 + estimate_bytes(self.data)


@dataclass(frozen=True, kw_only=True)
class Pager:
    """Where one page of a long list sits: items ``first``..``last`` of ``total``, and the page numbers."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages there are (at least 1)."""
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        """1-based number of the first item shown (0 when none)."""
        return min(self.total, (self.number - 1) * self.size + 1)

    @property
    def last(self) -> int:
        """1-based number of the last item shown."""
        return min(self.total, self.number * self.size)

    @property
    def offset(self) -> int:
        """Items before this page."""
        return (self.number - 1) * self.size


def page_number(raw: str | None) -> int:
    """The ``page`` of a page's URL: a whole number from 1 (Thai digits accepted); else NotFound."""
    if raw is None or raw == "":
        return 1
    text = raw.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 7:
        raise NotFound(f"no page {raw[:20]!r}: pages are numbered from 1")
    return int(text)


class Asker:
    """Runs the questions of one page, with the service's limits (answers from ``cache`` when it holds
    them at the current data generation), and records them as sources."""

    def __init__(
        self, store: Store, settings: Settings, lang: str, model: PageModel, *, cache: ResultCache | None = None
    ) -> None:
        self.store, self.settings, self.lang, self.model, self.cache = store, settings, lang, model, cache

    def answer(self, slug: str, values: Mapping[str, str], *, limit: int | None = None, offset: int = 0) -> Answer:
        """One page of a stored question's answer (all rows up to the row cap when no ``limit``)."""
        question = catalog()[slug]
        page = Page(limit=min(limit or self.settings.max_rows, self.settings.max_rows), offset=offset)
        try:
            answer: Answer = ask(
                self.store, question, list(values.items()), page=page, timeout=self.settings.query_timeout,
                cache=self.cache,
            )
        except InvalidParameterValue as error:
            raise NotFound(error.message) from None
        paging = {} if limit is None else {"limit": str(page.limit), "offset": str(page.offset)}
        self.model.sources.append(
            Source(slug=slug, title=question.title(self.lang), values=dict(answer.values),
                   sparql=answer.sparql_with_values(), paging=paging)
        )
        return answer

    def rows(self, slug: str, **values: str) -> list[Row]:
        """All rows (up to the row cap) of a stored question."""
        return self.answer(slug, values).records()


def name(row: Mapping[str, JsonValue], prefix: str, lang: str) -> str:
    """The ``prefix_th`` / ``prefix_en`` value in ``lang``, else in the other language."""
    first, second = (f"{prefix}_th", f"{prefix}_en") if lang == "th" else (f"{prefix}_en", f"{prefix}_th")
    return str(row.get(first) or row.get(second) or "")


def tail(iri: JsonValue) -> str:
    """The end of an IRI (``.../project/TH-84-01`` → ``TH-84-01``)."""
    return str(iri or "").rstrip("/").rsplit("/", 1)[-1]


def overview(store: Store, settings: Settings, lang: str, *, cache: ResultCache | None = None) -> PageModel:
    """``/``: the programme, its cohorts, the plans with their project counts, the coverage picture."""
    model = PageModel(template="overview.html", title="จังหวัด 4.0" if lang == "th" else "Province 4.0")
    asker = Asker(store, settings, lang, model, cache=cache)
    model.data["plans"] = asker.rows("list-plans")
    model.data["cohorts"] = [r for r in asker.rows("list-programme-cohorts") if r["kind"] == "cohort"]
    model.data["compare"] = asker.rows("compare-provinces")
    return model


def _group_items(answer: Answer, start: int, stop: int) -> tuple[int, list[dict[str, Any]]]:
    """How many items the answer of ``show-province-plan`` holds, and items ``start``..``stop`` of them,
    each with its links by property. Rows are turned into records only for the items shown."""
    item_at = answer.columns.index("item")
    order: dict[object, list[int]] = {}
    for n, row in enumerate(answer.rows):
        order.setdefault(row[item_at], []).append(n)
    shown = list(order.values())[start:stop]
    entries = []
    for positions in shown:
        records = [dict(zip(answer.columns, map(plain_value, answer.rows[n]), strict=True)) for n in positions]
        links: dict[str, list[Row]] = {}
        for record in records:
            if record.get("property"):
                links.setdefault(tail(record["property"]).split("#")[-1], []).append(record)
        entries.append({"row": records[0], "id": tail(records[0]["item"]), "links": links})
    return len(order), entries


def province_page(
    store: Store,
    settings: Settings,
    lang: str,
    code: str,
    *,
    versions: Sequence[Mapping[str, object]] = (),
    page: int = 1,
    cache: ResultCache | None = None,
) -> PageModel:
    """``/province/{code}``: the province, its plan versions (``versions``: as
    :func:`province40.plans.versions.version_headers` gives them, oldest first), a summary of what its
    projects serve, one page (``page``, :data:`ITEMS_PER_PAGE` items) of its projects with their links,
    and gaps."""
    model = PageModel(template="province.html", title="")
    model.data["versions"] = list(versions)
    asker = Asker(store, settings, lang, model, cache=cache)
    info = asker.rows("show-province", province=code)
    if not info:
        raise NotFound(f"no province {code}")
    model.title = f"{name(info[0], 'name', lang)} ({info[0]['code']})"
    model.data["province"] = info[0]
    model.data["plans"] = [r for r in info if r.get("plan")]
    pager_start = (page - 1) * ITEMS_PER_PAGE
    total, entries = _group_items(asker.answer("show-province-plan", {"province": code}), pager_start,
                                  pager_start + ITEMS_PER_PAGE)
    pager = Pager(number=page, size=ITEMS_PER_PAGE, total=total)
    if page > pager.pages:
        raise NotFound(f"{code} has {total} projects: there is no page {page} of {ITEMS_PER_PAGE}")
    model.data["entries"] = entries
    model.data["pager"] = pager
    coverage = asker.rows("show-coverage-matrix", province=code)
    model.data["coverage"] = coverage
    model.data["gaps"] = [r for r in coverage if not r["stated_items"] and not r["curated_items"]]
    model.data["curated_only"] = [r for r in coverage if not r["stated_items"] and r["curated_items"]]
    return model


def project_page(
    store: Store, settings: Settings, lang: str, identifier: str, *, cache: ResultCache | None = None,
    suggestions: SuggestionService | None = None,
) -> PageModel:
    """``/project/{id}``: the project, its source quote, its chain drawn as SVG, and (with ``suggestions``)
    the links it does not claim but could, with their evidence."""
    model = PageModel(template="project.html", title="")
    asker = Asker(store, settings, lang, model, cache=cache)
    info = asker.rows("show-project", id=identifier)
    if not info:
        raise NotFound(f"no project or strategic issue {identifier}")
    model.title = name(info[0], "item", lang)
    model.data["project"] = info[0]
    chain = asker.rows("trace-project-chain", id=identifier)
    model.data["chain"] = chain
    href: dict[str, str] = {}
    for row in chain:
        for end in ("from", "to"):
            iri, kind = str(row[end]), row.get(f"{end}_type")
            if kind == "MasterPlan":
                href[iri] = f"/master-plan/{row.get('to_notation') if end == 'to' else tail(iri)}?lang={lang}"
            elif kind == "Strategy":
                href[iri] = f"/strategy/{tail(iri)}?lang={lang}"
            elif kind in ("Project", "ProvincialStrategicIssue"):
                href[iri] = f"/project/{tail(iri)}?lang={lang}"
    nodes, edges = chain_parts(chain, lang, href=href)
    legend = {"stated": "ตามแหล่งต้นทาง", "curated": "ทีมคัดสรร"} if lang == "th" else {
        "stated": "stated by a source", "curated": "curated by the team"}
    model.data["svg"] = chain_svg(nodes, edges, title=model.title, legend=legend) if nodes else ""
    if suggestions is not None:
        model.data["unclaimed"] = unclaimed_links(suggestions, info[0], lang)
    return model


def unclaimed_links(suggestions: SuggestionService, project: Row, lang: str) -> list[dict[str, Any]]:
    """Per kind, the suggested links the project does not already have (stated or curated), or why none."""
    title = str(project.get("item_th") or project.get("item_en") or "")
    description = str(project.get("item_en") or "") if project.get("item_th") else ""
    _, kinds = suggestions.unclaimed(str(project["item"]), title, description)
    out = []
    for k in kinds:
        rows = [{
            "notation": s.target.notation,
            "label": s.target.label(lang),
            "iri": s.target.iri,
            "href": {"master-plan": f"/master-plan/{s.target.notation}?lang={lang}",
                     "strategy": f"/strategy/{tail(s.target.iri)}?lang={lang}"}.get(k.kind.value),
            "confidence": s.confidence.label(lang),
            "score": f"{s.score:.3f}",
            "evidence": [e.text(lang) for e in s.evidence[:2]],
        } for s in k.suggestions]
        out.append({"kind": k.kind.label(lang), "suggestions": rows,
                    "abstention": k.abstention.text(lang) if k.abstention else None})
    return out


def _served_by(asker: Asker, model: PageModel, kind: str, page: int, **values: str) -> None:
    """The summary by province (``count-<kind>-projects``) and one page of the projects
    (``find-<kind>-projects``, :data:`PROJECTS_PER_PAGE` a page) of a strategy or master-plan page."""
    summary = asker.rows(f"count-{kind}-projects", **values)
    total = sum(int(r["items"] or 0) for r in summary)
    pager = Pager(number=page, size=PROJECTS_PER_PAGE, total=total)
    if page > pager.pages:
        raise NotFound(f"{total} projects serve it: there is no page {page} of {PROJECTS_PER_PAGE}")
    model.data["summary"] = summary
    model.data["pager"] = pager
    model.data["projects"] = asker.answer(
        f"find-{kind}-projects", values, limit=PROJECTS_PER_PAGE, offset=pager.offset
    ).records()


def strategy_page(
    store: Store, settings: Settings, lang: str, number: str, *, page: int = 1, cache: ResultCache | None = None
) -> PageModel:
    """``/strategy/{n}``: the strategy, its master plans, the projects that serve it summed by province,
    and one page of those projects."""
    model = PageModel(template="strategy.html", title="")
    asker = Asker(store, settings, lang, model, cache=cache)
    info = asker.rows("show-strategy", strategy=number)
    if not info:
        raise NotFound(f"no national strategy {number}")
    model.title = name(info[0], "name", lang)
    model.data["strategy"] = info[0]
    model.data["master_plans"] = [r for r in info if r.get("master_plan")]
    _served_by(asker, model, "strategy", page, strategy=number)
    return model


def master_plan_page(
    store: Store, settings: Settings, lang: str, number: str, *, page: int = 1, cache: ResultCache | None = None
) -> PageModel:
    """``/master-plan/{n}``: the master plan, the strategies it serves, the projects that serve it summed
    by province, and one page of those projects."""
    model = PageModel(template="master_plan.html", title="")
    asker = Asker(store, settings, lang, model, cache=cache)
    info = asker.rows("show-master-plan", master_plan=number)
    if not info:
        raise NotFound(f"no master plan {number}")
    model.title = name(info[0], "name", lang)
    model.data["master_plan"] = info[0]
    model.data["strategies"] = [r for r in info if r.get("strategy")]
    _served_by(asker, model, "master-plan", page, master_plan=number)
    return model


def coverage_page(store: Store, settings: Settings, lang: str, *, cache: ResultCache | None = None) -> PageModel:
    """``/coverage``: every plan's province × dimensions, success factors and strategies."""
    model = PageModel(template="coverage.html", title="ความครอบคลุม" if lang == "th" else "Coverage")
    asker = Asker(store, settings, lang, model, cache=cache)
    rows = asker.rows("show-coverage-matrix")
    columns: dict[str, Row] = {}
    provinces: dict[str, dict[str, Any]] = {}
    for row in rows:
        key = str(row["target"])
        columns.setdefault(key, row)
        province = provinces.setdefault(str(row["code"]), {"row": row, "cells": {}})
        province["cells"][key] = row
    model.data["columns"] = list(columns.values())
    model.data["provinces"] = list(provinces.values())
    model.data["compare"] = asker.rows("compare-provinces")
    return model


def programme_page(store: Store, settings: Settings, lang: str, *, cache: ResultCache | None = None) -> PageModel:
    """``/programme``: cohorts and steps, meetings and agenda, people and posts, recommendations."""
    model = PageModel(template="programme.html", title="แผนงานจังหวัด 4.0" if lang == "th" else "The programme")
    asker = Asker(store, settings, lang, model, cache=cache)
    entries = asker.rows("list-programme-cohorts")
    model.data["cohorts"] = [r for r in entries if r["kind"] == "cohort"]
    model.data["steps"] = [r for r in entries if r["kind"] == "step"]
    meetings: dict[str, dict[str, Any]] = {}
    for row in asker.rows("list-programme-meetings"):
        meetings.setdefault(str(row["meeting"]), {"row": row, "agenda": []})["agenda"].append(row)
    model.data["meetings"] = list(meetings.values())
    model.data["people"] = asker.rows("list-programme-people")
    model.data["recommendations"] = asker.rows("list-programme-recommendations")
    return model


def search_page(index: SearchIndex, lang: str, query: str) -> PageModel:
    """``/search?q=``: results with the matched words highlighted, or the nearest words."""
    model = PageModel(template="search.html", title="ค้นหา" if lang == "th" else "Search")
    model.data["query"] = query
    model.data["result"] = index.search(query, limit=50) if query.strip() else None
    return model
