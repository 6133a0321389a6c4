"""The whole store's JSON document put together from the lines each part's report contributes.

A whole-store report is merged from the reports of its parts (:mod:`~province40.validation.merge`):
plans ordered by province, findings in the report's order with those two parts share listed once,
coverage rows of every plan under the first part's columns. Each of these is one line of the JSON
document (:mod:`~province40.validation.render.json`), and a finding's line depends only on the
finding and the names of the nodes it mentions, which its part's report carries. So the lines of a
part (:class:`Pieces`, with the keys merge sorts them by) can be rendered once, kept with the part's
report, and put together again after a write validated another part: only the parts validated again
are rendered, the others' lines are copied, and their reports are never loaded.

:func:`assemble` puts the lines together in the order :func:`~province40.validation.merge.merge_reports`
gives, and the counts of the head from them: the document is the one
:func:`~province40.validation.render.json.write_json` writes for the merged report
(``tests/validation/test_document_pieces.py`` checks it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from province40.validation.merge import finding_order
from province40.validation.render.json import (
    Encoded,
    coverage_to_dict,
    document_head,
    encoded,
    finding_to_dict,
    plan_to_dict,
    prefixes,
)
from province40.validation.report import Finding, Report, Scope, ScopeKind, Severity

Key = tuple[object, ...]
"""What merge sorts a line by (:func:`~province40.validation.merge.finding_order`, or province and IRI)."""


@dataclass(frozen=True)
class Pieces:
    """The lines one part's report contributes to the whole store's JSON document."""

    engine: str
    fallback_shapes: tuple[str, ...]
    include_curation: bool
    plans: tuple[tuple[Key, bytes], ...]
    findings: tuple[tuple[Key, bytes, str], ...]
    """Each finding's key, line and severity (``Severity.value``)."""
    closed_by_curation: tuple[tuple[Key, bytes, str], ...]
    axes: tuple[tuple[str, dict[str, Any]], ...]
    """Each coverage axis's name, label and columns (the first part's are the document's)."""
    rows: tuple[tuple[tuple[Key, bytes], ...], ...]
    """The coverage rows of each axis, with their keys."""


@dataclass(frozen=True)
class Assembled:
    """The document of the whole store: its head and its body (its lines
    :class:`~province40.validation.render.json.Encoded`)."""

    head: dict[str, Any]
    body: dict[str, Any]

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Findings per severity (:meth:`~province40.validation.report.Report.counts`)."""
        counts: dict[str, dict[str, int]] = self.head["counts"]
        return counts

    @property
    def passes(self) -> bool:
        """No violation (the head's ``passes``)."""
        return bool(self.head["passes"])


def _findings(findings: Sequence[Finding], report: Report) -> tuple[tuple[Key, bytes, str], ...]:
    return tuple((finding_order(f), bytes(encoded(finding_to_dict(f, report))), f.severity.value) for f in findings)


def pieces_of(report: Report) -> Pieces:
    """The lines of one part's ``report``."""
    coverage = coverage_to_dict(report.coverage)
    return Pieces(
        engine=report.engine,
        fallback_shapes=tuple(report.fallback_shapes),
        include_curation=report.include_curation,
        plans=tuple(((p.province or "", p.iri), bytes(encoded(plan_to_dict(p)))) for p in report.plans),
        findings=_findings(report.findings, report),
        closed_by_curation=_findings(report.closed_by_curation, report),
        axes=tuple(
            (axis.name, {"label": coverage[axis.name]["label"], "columns": coverage[axis.name]["columns"]})
            for axis in report.coverage.axes
        ),
        rows=tuple(
            tuple(
                ((row.province or "", row.plan), bytes(encoded(document)))
                for row, document in zip(axis.rows, coverage[axis.name]["rows"], strict=True)
            )
            for axis in report.coverage.axes
        ),
    )


def _unique_sorted(found: list[tuple[Key, bytes, str]]) -> list[tuple[Key, bytes, str]]:
    return sorted(dict.fromkeys(found), key=itemgetter(0))


def _counts(findings: list[tuple[Key, bytes, str]]) -> dict[str, int]:
    by_severity = {s.value: 0 for s in Severity}
    for _key, _line, severity in findings:
        by_severity[severity] += 1
    return by_severity


def _coverage(parts: Sequence[Pieces]) -> dict[str, Any]:
    with_rows = [p for p in parts if p.axes]
    if not with_rows:
        return {}
    coverage: dict[str, Any] = {}
    for position, (name, head) in enumerate(with_rows[0].axes):
        rows = sorted((row for part in with_rows for row in part.rows[position]), key=itemgetter(0))
        coverage[name] = {**head, "rows": [Encoded(line) for _key, line in rows]}
    return coverage


def assemble(
    parts: Sequence[Pieces], *, generated_at: dt.datetime, seconds: float, computation: str
) -> Assembled:
    """The document of the whole store made of ``parts`` (in merge's order: the plans' parts by
    province code, then the rest)."""
    if not parts:
        raise ValueError("no part to put together")
    first = parts[0]
    plans = sorted((plan for part in parts for plan in part.plans), key=itemgetter(0))
    findings = _unique_sorted([f for part in parts for f in part.findings])
    closed = _unique_sorted([f for part in parts for f in part.closed_by_curation])
    counts = {"open": _counts(findings), "closed_by_curation": _counts(closed)}
    head = document_head(
        engine=first.engine,
        fallback_shapes=first.fallback_shapes,
        computation=computation,
        generated_at=generated_at,
        seconds=seconds,
        scope=Scope(ScopeKind.STORE),
        include_curation=first.include_curation,
        counts=counts,
    )
    body = {
        "plans": [Encoded(line) for _key, line in plans],
        "findings": [Encoded(line) for _key, line, _severity in findings],
        "closed_by_curation": [Encoded(line) for _key, line, _severity in closed],
        "coverage": _coverage(parts),
        "prefixes": prefixes(),
    }
    return Assembled(head, body)
