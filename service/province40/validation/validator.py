"""Validate the store, one province's plan, or a plan file, and build the report.

A :class:`Validator` holds the shapes and the engine, so a program that validates on every edit
reads the shapes once. Each validation runs the engine on the plan *as presented* and, unless told
not to, again *with the curated links*; comparing the two runs is what lets the report say which
points are aligned only through curated links. When the scope holds no curated triple the second
run would see the same data, so it is skipped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.validation.dataset import (
    CURATED_GRAPH,
    STATED_GRAPH,
    AssetSource,
    Changes,
    QuadSource,
    ValidationData,
    from_bytes,
    from_file,
)
from province40.validation.engine import EngineResult, EngineRun, ValidationEngine
from province40.validation.engine.compiled import CompiledEngine, ViewResults
from province40.validation.merge import finding_order, merge_reports
from province40.validation.plan_reader import PlanReader
from province40.validation.report import (
    AlignmentTally,
    Basis,
    Coverage,
    CuratedLinkInfo,
    Finding,
    GuidanceInfo,
    LocalizedText,
    PlanSummary,
    Report,
    Scope,
    ScopeKind,
)
from province40.validation.report.coverage import compute_coverage
from province40.validation.report.graph_index import INDEX_KEY, GraphIndex
from province40.validation.shapes import ShapeCatalog
from province40.validation.terms import node_key
from province40.validation.vocabulary import P40SH

TALLIED_SHAPES = (
    str(P40SH.ProjectNationalStrategyShape),
    str(P40SH.ProjectDimensionShape),
    str(P40SH.ProjectSuccessFactorShape),
    str(P40SH.ProvincialStrategicIssueNationalStrategyShape),
)
"""Item-level shapes each plan summary counts (as presented / with curation): the three project
shapes over the plan's projects, the strategic-issue shape over its development lines."""

_ISSUE_SHAPES = frozenset({str(P40SH.ProvincialStrategicIssueNationalStrategyShape)})

_CLOSING_PREDICATES: dict[str, tuple[str, ...]] = {
    str(P40SH.ProjectNationalStrategyShape): (str(P40.contributesToStrategy), str(P40.contributesToMasterPlan)),
    str(P40SH.ProjectDimensionShape): (str(P40.servesDimension),),
    str(P40SH.ProjectSuccessFactorShape): (str(P40.appliesSuccessFactor),),
    str(P40SH.ProvincialStrategicIssueNationalStrategyShape): (str(P40.contributesToMasterPlan),),
    str(P40SH.ProvincialDevelopmentPlanDimensionCoverageShape): (str(P40.servesDimension),),
    str(P40SH.ProvincialDevelopmentPlanSuccessFactorCoverageShape): (str(P40.appliesSuccessFactor),),
}
"""For a finding the curation closes: the link properties whose curated links close it."""

_PLAN_COVERAGE = {
    str(P40SH.ProvincialDevelopmentPlanDimensionCoverageShape): str(P40.servesDimension),
    str(P40SH.ProvincialDevelopmentPlanSuccessFactorCoverageShape): str(P40.appliesSuccessFactor),
}
"""Plan-coverage shapes and the plan-level link a source may state for the same target."""


class Validator:
    """Shapes plus an engine; ``validate`` turns :class:`ValidationData` into a :class:`Report`."""

    def __init__(self, shapes: ShapeCatalog, *, engine: ValidationEngine | None = None) -> None:
        self.shapes = shapes
        self.engine: ValidationEngine = engine or CompiledEngine(shapes)

    @classmethod
    def from_source(cls, source: QuadSource, *, engine: ValidationEngine | None = None) -> Validator:
        """A validator with the shapes of ``source`` (the store's shapes graph, or shapes/*.ttl)."""
        return cls(ShapeCatalog.from_source(source), engine=engine)

    def validate(
        self, data: ValidationData, *, include_curation: bool = True, now: dt.datetime | None = None
    ) -> Report:
        """Run the engine on the view(s) of ``data`` and build the report."""
        started = time.perf_counter()
        store = data.loaded
        changes = data.memo.get(Changes)  # (the engine's runs take it out of the memo)
        stated_run, curated_run = self._runs(data, include_curation, store)
        index = self._index(data, include_curation)

        if curated_run is None:
            open_results = [(r, Basis.STATED) for r in stated_run.results]
            closed_results: list[EngineResult] = []
        else:
            stated_keys = {r.key for r in stated_run.results}
            curated_keys = {r.key for r in curated_run.results}
            open_results = [
                (r, Basis.STATED if r.key in stated_keys else Basis.CURATED) for r in curated_run.results
            ]
            closed_results = [r for r in stated_run.results if r.key not in curated_keys]
        claim_predicates = set(_PLAN_COVERAGE.values())
        stated_triples = {
            (node_key(t.subject), t.predicate.value, node_key(t.object))
            for t in data.stated
            if t.predicate.value in claim_predicates
            and not isinstance(t.subject, ox.Triple)
            and not isinstance(t.object, ox.Triple)
        }
        findings = _sorted(
            _with_source_claim(self._finding(r, basis, index), stated_triples) for r, basis in open_results
        )
        plans = self._plans_in_scope(data, index)
        links = index.curated_links({item for plan in plans for item in _items(index, plan)} | set(plans))
        by_subject: dict[str, list[CuratedLinkInfo]] = defaultdict(list)
        for link in links:
            by_subject[link.subject].append(link)
        closed = _sorted(
            _with_confidence(self._finding(r, Basis.STATED, index), index, by_subject) for r in closed_results
        )

        failing = _by_shape_and_item(findings)
        closed_items = _by_shape_and_item(closed)
        summaries = tuple(
            index.plan_summary(plan, _tallies(index, plan, failing, closed_items)) for plan in plans
        )
        graphs = [STATED_GRAPH, CURATED_GRAPH] if include_curation else [STATED_GRAPH]
        coverage = self._coverage(data, include_curation, changes, index, plans, graphs)
        return Report(
            scope=data.scope,
            engine=self.engine.name,
            generated_at=now or dt.datetime.now(dt.UTC),
            include_curation=include_curation,
            findings=findings,
            closed_by_curation=closed,
            plans=summaries,
            coverage=coverage,
            shapes=self.shapes.shapes,
            aspects=self.shapes.aspects,
            labels=MappingProxyType(_labels(index, findings + closed, summaries)),
            guidance=MappingProxyType(self._guidance(index, findings + closed)),
            seconds=time.perf_counter() - started,
            fallback_shapes=self.engine.fallback_shapes if isinstance(self.engine, CompiledEngine) else (),
        )

    @staticmethod
    def _index(data: ValidationData, include_curation: bool) -> GraphIndex:
        """The report's index of one view of ``data``, built once per data (a plan a
        :class:`PlanReader` keeps is validated again without indexing it again)."""
        key = (INDEX_KEY, include_curation)
        index = data.memo.get(key)
        if not isinstance(index, GraphIndex):
            index = data.memo[key] = GraphIndex(data.view(with_curation=include_curation))
        return index

    @staticmethod
    def _coverage(
        data: ValidationData,
        include_curation: bool,
        changes: object,
        index: GraphIndex,
        plans: Sequence[str],
        graphs: Sequence[ox.NamedNode],
    ) -> Coverage:
        """The coverage matrix of one view, kept in the data's memo: the same data validated again
        reuses it, and data changed from earlier data (:class:`Changes`) keeps the axes that read
        none of the changed triples' predicates."""
        key = ("coverage", include_curation)
        if isinstance(changes, Changes):
            earlier, changed = changes.earlier.get(key), frozenset(t.predicate.value for t in changes.triples)
        else:
            earlier, changed = data.memo.get(key), frozenset()
        curated = data.curated_keys if include_curation else frozenset()
        coverage = compute_coverage(
            data.view(with_curation=include_curation), index, plans, store=data.loaded, graphs=graphs,
            curated=curated, earlier=earlier if isinstance(earlier, Coverage) else None, changed=changed,
        )
        data.memo[key] = coverage
        return coverage

    def _runs(
        self, data: ValidationData, include_curation: bool, store: ox.Store
    ) -> tuple[EngineRun, EngineRun | None]:
        """The engine's runs on the data as presented and (unless told not to) with curation."""
        if isinstance(self.engine, CompiledEngine):
            key = ("engine views", self.engine)
            changes = data.memo.pop(Changes, None)  # only the first validation after the change uses it
            known = data.memo.get(key)
            if changes is None and isinstance(known, ViewResults) and known.focus == data.focus:
                if not include_curation:  # the same data validated again: what the engine found then
                    return known.stated_run, None
                if known.curated_run is not None:
                    return known.stated_run, known.curated_run
            earlier = changes.earlier.get(key) if isinstance(changes, Changes) else known
            views = self.engine.run_views_since(
                data.stated,
                data.curated,
                focus=data.focus,
                include_curation=include_curation,
                store=store,
                earlier=earlier if isinstance(earlier, ViewResults) else None,
                changed=changes.triples if isinstance(changes, Changes) else (),
            )
            data.memo[key] = views
            return views.stated_run, views.curated_run
        stated_run = self.engine.validate(data.stated, focus=data.focus)
        if not include_curation:
            return stated_run, None
        if not data.curated:
            return stated_run, stated_run  # nothing curated in scope: the second view is the first
        return stated_run, self.engine.validate(data.view(with_curation=True), focus=data.focus)

    def _finding(self, result: EngineResult, basis: Basis, index: GraphIndex) -> Finding:
        info = self.shapes.shape(result.shape)
        messages = {m.language: m.value for m in result.messages if m.language}
        message = info.message if info is not None and (info.message.th or info.message.en) else None
        province, plan, project = index.locate(node_key(result.focus_node))
        return Finding(
            focus_node=result.focus_node,
            path=result.path,
            severity=result.severity,
            shape=result.shape,
            constraint=result.constraint,
            message_th=message.th if message else messages.get("th", ""),
            message_en=message.en if message else messages.get("en", next(iter(messages.values()), "")),
            fix_th=info.fix.th if info else "",
            fix_en=info.fix.en if info else "",
            value=result.value,
            basis=basis,
            aspect=info.aspect if info else None,
            province=province,
            plan=plan,
            project=project,
        )

    def _guidance(self, index: GraphIndex, findings: Sequence[Finding]) -> dict[str, GuidanceInfo]:
        found: dict[str, GuidanceInfo] = {}
        for shape in {f.shape for f in findings}:
            info = self.shapes.shape(shape)
            for iri in info.derived_from if info else ():
                guidance = index.guidance(iri)
                if guidance is not None:
                    found[iri] = guidance
        return found

    @staticmethod
    def _plans_in_scope(data: ValidationData, index: GraphIndex) -> list[str]:
        plans = index.plans()
        if data.focus is not None:
            keys = {node_key(n) for n in data.focus}
            plans = [p for p in plans if p in keys]
        return sorted(plans, key=lambda p: (index.locate(p)[0] or "", p))


def _sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=finding_order))


def _items(index: GraphIndex, plan: str) -> list[str]:
    return index.projects_of(plan) + index.issues_of(plan)


def _by_shape_and_item(findings: Sequence[Finding]) -> dict[str, dict[str, list[Finding]]]:
    """Findings of the tallied shapes, by shape and by the item (project or issue) they are about."""
    grouped: dict[str, dict[str, list[Finding]]] = {shape: defaultdict(list) for shape in TALLIED_SHAPES}
    for finding in findings:
        if finding.shape in grouped and finding.project:
            grouped[finding.shape][finding.project].append(finding)
    return grouped


def _tallies(
    index: GraphIndex,
    plan: str,
    failing: dict[str, dict[str, list[Finding]]],
    closed: dict[str, dict[str, list[Finding]]],
) -> tuple[AlignmentTally, ...]:
    projects = set(index.projects_of(plan))
    issues = set(index.issues_of(plan))
    tallies = []
    for shape in TALLIED_SHAPES:
        items = issues if shape in _ISSUE_SHAPES else projects
        if not items:
            continue
        failing_now = {item for item in failing[shape] if item in items}
        closed_here = [f for item, found in closed[shape].items() if item in items for f in found]
        closed_now = {f.project for f in closed_here}
        weak = {f.project for f in closed_here if f.confidence == _WEAK}
        with_curation = len(items) - len(failing_now)
        tallies.append(
            AlignmentTally(shape, len(items), with_curation - len(closed_now), with_curation, len(weak))
        )
    return tuple(tallies)


_WEAK = ns.ID_BASE + "confidence/weak"


def _with_confidence(
    finding: Finding, index: GraphIndex, links: dict[str, list[CuratedLinkInfo]]
) -> Finding:
    """A finding closed by curation, with the strongest confidence of the curated links closing it
    (``links``: the curated links in scope, by subject)."""
    predicates = _CLOSING_PREDICATES.get(finding.shape)
    if not predicates:
        return finding
    focus = node_key(finding.focus_node)
    if finding.shape in _PLAN_COVERAGE:
        value = node_key(finding.value) if finding.value is not None else None
        closing = [
            c for item in _items(index, focus) for c in links.get(item, ())
            if c.predicate in predicates and c.object == value
        ]
    else:
        closing = [c for c in links.get(focus, ()) if c.predicate in predicates]
    ranked = [c for c in closing if c.confidence_rank is not None]
    if not ranked:
        return finding
    best = min(ranked, key=lambda c: c.confidence_rank or 99)
    return dataclasses.replace(finding, confidence=best.confidence)


def _with_source_claim(finding: Finding, stated: set[tuple[str, str, str]]) -> Finding:
    """Mark a plan-coverage gap whose plan-level link the source states (a gap of one-line titles)."""
    predicate = _PLAN_COVERAGE.get(finding.shape)
    if predicate is None or finding.value is None:
        return finding
    if (node_key(finding.focus_node), predicate, node_key(finding.value)) in stated:
        return dataclasses.replace(finding, claimed_by_source=True)
    return finding


def _labels(
    index: GraphIndex, findings: Sequence[Finding], plans: Sequence[PlanSummary]
) -> dict[str, LocalizedText]:
    keys: set[str] = set()
    for f in findings:
        keys.update(k for k in (node_key(f.focus_node), f.plan, f.project) if k)
        if f.value is not None:
            keys.add(node_key(f.value))
    for plan in plans:
        keys.add(plan.iri)
        for link in plan.curated_links:
            keys.update(k for k in (link.object, link.predicate, link.confidence, link.criterion) if k)
    keys.update(f.confidence for f in findings if f.confidence)
    labels: dict[str, LocalizedText] = {}
    for key in keys:
        label = index.label(key)
        if label is not None:
            labels[key] = label
    return labels


def validate_store(
    source: QuadSource,
    *,
    include_curation: bool = True,
    validator: Validator | None = None,
    reader: PlanReader | None = None,
) -> Report:
    """Validate every plan in the store (every named graph except the shapes and superseded plan
    versions) in parts of whole plans (:meth:`PlanReader.store_parts`), merged into one report:
    memory holds one part, not the store."""
    started = time.perf_counter()
    validator = validator or Validator.from_source(source)
    reader = reader or PlanReader(source)
    parts = [validator.validate(part, include_curation=include_curation) for part in reader.store_parts()]
    return merge_reports(parts, scope=Scope(ScopeKind.STORE), seconds=time.perf_counter() - started)


def validate_province(
    source: QuadSource,
    code: str,
    *,
    include_curation: bool = True,
    validator: Validator | None = None,
    reader: PlanReader | None = None,
) -> Report:
    """Validate the plan graph of one province (ISO 3166-2 code such as ``TH-33``); ``reader``: one
    that keeps the shared context between validations (as the server does)."""
    validator = validator or Validator.from_source(source)
    reader = reader or PlanReader(source)
    return validator.validate(reader.plan(code), include_curation=include_curation)


def validate_file(
    path: Path,
    *,
    source: QuadSource | None = None,
    include_curation: bool = True,
    validator: Validator | None = None,
) -> Report:
    """Validate a plan file before it is loaded, against ``source`` (default: the repository assets).

    The file is parsed in memory (Turtle, JSON-LD, ... from its extension); a syntax error raises
    :class:`~province40.errors.RdfSyntaxError` with the file and line. Nothing is written anywhere.
    """
    source = source or AssetSource()
    validator = validator or Validator.from_source(source)
    return validator.validate(from_file(path, source), include_curation=include_curation)


def validate_bytes(
    data: bytes,
    rdf_format: ox.RdfFormat,
    *,
    name: str = "request body",
    source: QuadSource | None = None,
    include_curation: bool = True,
    validator: Validator | None = None,
) -> Report:
    """Validate a plan document held in memory (an HTTP request body); like :func:`validate_file`."""
    source = source or AssetSource()
    validator = validator or Validator.from_source(source)
    return validator.validate(from_bytes(data, rdf_format, source, name=name), include_curation=include_curation)
