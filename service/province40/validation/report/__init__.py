"""The report room: what a validation says, and the analysis that goes into it.

- :mod:`.model`: the report's values (findings, plans, coverage, the report itself), engine- and
  format-neutral; re-exported here, so ``from province40.validation.report import Finding`` reads.
- :mod:`.graph_index`: names, types and the plan → project → province relations of the validated data.
- :mod:`.coverage`: the gap matrix (plans × dimensions, success factors, national strategies).
"""

from __future__ import annotations

from province40.validation.report.model import (
    AlignmentTally,
    AspectInfo,
    Basis,
    CellStatus,
    Coverage,
    CoverageAxis,
    CoverageCell,
    CoverageColumn,
    CoverageRow,
    CuratedLinkInfo,
    Finding,
    GuidanceInfo,
    LocalizedText,
    PlanSummary,
    ProjectInfo,
    Report,
    Scope,
    ScopeKind,
    Severity,
    ShapeInfo,
    passes_counts,
)

__all__ = [
    "AlignmentTally",
    "AspectInfo",
    "Basis",
    "CellStatus",
    "Coverage",
    "CoverageAxis",
    "CoverageCell",
    "CoverageColumn",
    "CoverageRow",
    "CuratedLinkInfo",
    "Finding",
    "GuidanceInfo",
    "LocalizedText",
    "PlanSummary",
    "ProjectInfo",
    "Report",
    "Scope",
    "ScopeKind",
    "Severity",
    "ShapeInfo",
    "passes_counts",
]
