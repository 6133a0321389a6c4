"""CSV of the findings, or of the coverage matrix (``--format csv [--coverage]``).

One row per finding, open ones first, then the ones curated links close
(``closed_by_curation = true``). Names, messages and fixes are in the report language; IRIs are in
full so a spreadsheet or program can join on them. UTF-8, comma-separated, a header row.
"""

from __future__ import annotations

import csv
import io

from province40.validation.report import Finding, Report
from province40.validation.terms import node_key

FINDING_COLUMNS = (
    "province",
    "plan",
    "plan_label",
    "project",
    "project_label",
    "focus_node",
    "focus_label",
    "severity",
    "aspect",
    "shape",
    "shape_label",
    "constraint",
    "path",
    "value",
    "value_label",
    "basis",
    "closed_by_curation",
    "curated_confidence",
    "claimed_by_source",
    "message",
    "fix",
)

COVERAGE_COLUMNS = (
    "axis",
    "province",
    "plan",
    "plan_label",
    "target",
    "target_notation",
    "target_label",
    "status",
    "stated_projects",
    "curated_projects",
    "plan_claim",
)


def _row(finding: Finding, report: Report, lang: str, closed: bool) -> dict[str, str]:
    shape = report.shapes.get(finding.shape)
    focus = node_key(finding.focus_node)
    value = "" if finding.value is None else node_key(finding.value)
    aspect = next((a for a in report.aspects if a.iri == finding.aspect), None)
    return {
        "province": finding.province or "",
        "plan": finding.plan or "",
        "plan_label": report.label(finding.plan, lang) if finding.plan else "",
        "project": finding.project or "",
        "project_label": report.label(finding.project, lang) if finding.project else "",
        "focus_node": focus,
        "focus_label": report.label(focus, lang),
        "severity": finding.severity.value,
        "aspect": aspect.label.get(lang) if aspect else "",
        "shape": finding.shape,
        "shape_label": shape.label.get(lang) if shape else "",
        "constraint": finding.constraint,
        "path": finding.path or "",
        "value": value,
        "value_label": report.label(value, lang) if value and value in report.labels else "",
        "basis": finding.basis.value,
        "closed_by_curation": "true" if closed else "false",
        "curated_confidence": report.label(finding.confidence, lang) if finding.confidence else "",
        "claimed_by_source": "true" if finding.claimed_by_source else "false",
        "message": finding.message(lang),
        "fix": finding.fix(lang),
    }


def render_findings_csv(report: Report, *, lang: str = "th") -> bytes:
    """The findings as CSV (open findings, then those closed by curation)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=FINDING_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for finding in report.findings:
        writer.writerow(_row(finding, report, lang, closed=False))
    for finding in report.closed_by_curation:
        writer.writerow(_row(finding, report, lang, closed=True))
    return out.getvalue().encode("utf-8")


def render_coverage_csv(report: Report, *, lang: str = "th") -> bytes:
    """The coverage matrix in long form: one row per plan × target of each axis."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COVERAGE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for axis in report.coverage.axes:
        columns = {c.iri: c for c in axis.columns}
        for row in axis.rows:
            for cell in row.cells:
                column = columns[cell.column]
                writer.writerow(
                    {
                        "axis": axis.name,
                        "province": row.province or "",
                        "plan": row.plan,
                        "plan_label": report.label(row.plan, lang),
                        "target": cell.column,
                        "target_notation": column.notation,
                        "target_label": column.label.get(lang),
                        "status": cell.status.value,
                        "stated_projects": cell.stated_projects,
                        "curated_projects": cell.curated_projects,
                        "plan_claim": "true" if cell.plan_claim else "false",
                    }
                )
    return out.getvalue().encode("utf-8")
