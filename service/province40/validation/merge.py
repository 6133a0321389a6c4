"""One report out of several: the whole store, validated plan by plan.

A whole-store validation runs each plan with its context (memory bounded by one plan) and the
rest of the store once; this module puts the parts together as one :class:`Report`: findings in
the report's order (a finding two parts share, e.g. about a province node a plan graph also
describes, counted once), plans ordered by province, the coverage rows of every plan under the
same columns, names and guidance from every part.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from types import MappingProxyType

from province40.validation.report import (
    Coverage,
    CoverageAxis,
    Finding,
    GuidanceInfo,
    LocalizedText,
    Report,
    Scope,
)
from province40.validation.terms import node_key


def finding_order(finding: Finding) -> tuple[object, ...]:
    """The order findings are listed in: province, plan, project, severity, shape, node, value."""
    return (
        finding.province or "",
        finding.plan or "",
        finding.project or "",
        finding.severity.rank,
        finding.shape,
        node_key(finding.focus_node),
        str(finding.value),
    )


def _unique_sorted(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(dict.fromkeys(findings), key=finding_order))


def _coverage(parts: Sequence[Report]) -> Coverage:
    with_rows = [p.coverage for p in parts if p.coverage.axes]
    if not with_rows:
        return Coverage(axes=())
    axes: list[CoverageAxis] = []
    for position, first in enumerate(with_rows[0].axes):
        rows = [row for coverage in with_rows for row in coverage.axes[position].rows]
        rows.sort(key=lambda r: (r.province or "", r.plan))
        axes.append(
            CoverageAxis(first.name, first.label, first.columns, tuple(rows), expects_all=first.expects_all)
        )
    return Coverage(axes=tuple(axes))


def merge_reports(parts: Sequence[Report], *, scope: Scope, seconds: float) -> Report:
    """The report of ``scope`` made of ``parts`` (validated with the same shapes, engine and view)."""
    if not parts:
        raise ValueError("no report to merge")
    first = parts[0]
    labels: dict[str, LocalizedText] = {}
    guidance: dict[str, GuidanceInfo] = {}
    for part in parts:
        labels.update(part.labels)
        guidance.update(part.guidance)
    plans = sorted((plan for part in parts for plan in part.plans), key=lambda p: (p.province or "", p.iri))
    return Report(
        scope=scope,
        engine=first.engine,
        generated_at=first.generated_at,
        include_curation=first.include_curation,
        findings=_unique_sorted(f for part in parts for f in part.findings),
        closed_by_curation=_unique_sorted(f for part in parts for f in part.closed_by_curation),
        plans=tuple(plans),
        coverage=_coverage(parts),
        shapes=first.shapes,
        aspects=first.aspects,
        labels=MappingProxyType(labels),
        guidance=MappingProxyType(guidance),
        seconds=seconds,
        fallback_shapes=first.fallback_shapes,
    )
