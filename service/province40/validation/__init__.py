"""SHACL validation of Province 4.0 plans and the gap reports built from it.

The shapes (``shapes/*.ttl``) are the project's statement of what an aligned plan is; this package
runs them and reports what a plan still lacks::

    from province40.validation import Validator, validate_province, render_html

    report = validate_province(store, "TH-33")          # the plan as presented and with curation
    report.findings                                       # what still fails
    report.closed_by_curation                             # aligned only through curated links
    report.coverage.axis("strategies")                    # plans × national strategies
    html = render_html(report, lang="th")

Three rooms, in the order the data flows (data and engine → report → render):

- the data and the engine: :mod:`~.dataset` (what is validated, in two views: as presented and with
  curation), :mod:`~.plan_reader` (a plan with its context, the context kept between validations),
  :mod:`~.shapes` (the shapes, their messages and fixes), :mod:`~.engine` (the SHACL engines behind a
  small interface: the shapes compiled to SPARQL by default, pySHACL as the reference),
  :mod:`~.validator` (putting it together), :mod:`~.merge` (the whole store as plan-by-plan parts);
- :mod:`~.report`: the report model, :mod:`~.report.graph_index` (names and ownership),
  :mod:`~.report.coverage` (the gap matrix);
- :mod:`~.render`: JSON, CSV, Turtle/JSON-LD and HTML (with the heatmap and B.E. dates).

:mod:`~.report_cache` keeps the server's latest report per plan.
``province40 validate`` lives with the other commands in :mod:`province40.cli.validate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from province40.lazy import lazy_attributes

if TYPE_CHECKING:
    from province40.validation.dataset import (
        AssetSource,
        QuadSource,
        ValidationData,
        from_bytes,
        from_file,
        from_source,
    )
    from province40.validation.engine import (
        CompiledEngine,
        EngineResult,
        EngineRun,
        PyShaclEngine,
        ValidationEngine,
        make_engine,
    )
    from province40.validation.plan_reader import PlanReader, from_province
    from province40.validation.render.csv import render_coverage_csv, render_findings_csv
    from province40.validation.render.graph import render_jsonld, render_turtle, report_graph
    from province40.validation.render.html import render_html
    from province40.validation.render.json import render_json, report_to_dict
    from province40.validation.report import (
        Basis,
        CellStatus,
        Coverage,
        Finding,
        Report,
        Scope,
        ScopeKind,
        Severity,
    )
    from province40.validation.shapes import ShapeCatalog
    from province40.validation.validator import (
        Validator,
        validate_bytes,
        validate_file,
        validate_province,
        validate_store,
    )

_HOMES = {
    "AssetSource": "province40.validation.dataset",
    "Basis": "province40.validation.report",
    "CellStatus": "province40.validation.report",
    "CompiledEngine": "province40.validation.engine",
    "Coverage": "province40.validation.report",
    "EngineResult": "province40.validation.engine",
    "EngineRun": "province40.validation.engine",
    "Finding": "province40.validation.report",
    "PlanReader": "province40.validation.plan_reader",
    "PyShaclEngine": "province40.validation.engine",
    "QuadSource": "province40.validation.dataset",
    "Report": "province40.validation.report",
    "Scope": "province40.validation.report",
    "ScopeKind": "province40.validation.report",
    "Severity": "province40.validation.report",
    "ShapeCatalog": "province40.validation.shapes",
    "ValidationData": "province40.validation.dataset",
    "ValidationEngine": "province40.validation.engine",
    "Validator": "province40.validation.validator",
    "from_bytes": "province40.validation.dataset",
    "from_file": "province40.validation.dataset",
    "from_province": "province40.validation.plan_reader",
    "from_source": "province40.validation.dataset",
    "make_engine": "province40.validation.engine",
    "render_coverage_csv": "province40.validation.render.csv",
    "render_findings_csv": "province40.validation.render.csv",
    "render_html": "province40.validation.render.html",
    "render_json": "province40.validation.render.json",
    "render_jsonld": "province40.validation.render.graph",
    "render_turtle": "province40.validation.render.graph",
    "report_graph": "province40.validation.render.graph",
    "report_to_dict": "province40.validation.render.json",
    "validate_bytes": "province40.validation.validator",
    "validate_file": "province40.validation.validator",
    "validate_province": "province40.validation.validator",
    "validate_store": "province40.validation.validator",
}
"""Where each public name lives: imported on first use, so a program that needs one room (the CLI
answering from a kept report needs the report model and a renderer) does not import pySHACL."""


__getattr__ = lazy_attributes(__name__, _HOMES)


__all__ = [
    "AssetSource",
    "Basis",
    "CellStatus",
    "CompiledEngine",
    "Coverage",
    "EngineResult",
    "EngineRun",
    "Finding",
    "PlanReader",
    "PyShaclEngine",
    "QuadSource",
    "Report",
    "Scope",
    "ScopeKind",
    "Severity",
    "ShapeCatalog",
    "ValidationData",
    "ValidationEngine",
    "Validator",
    "from_bytes",
    "from_file",
    "from_province",
    "from_source",
    "make_engine",
    "render_coverage_csv",
    "render_findings_csv",
    "render_html",
    "render_json",
    "render_jsonld",
    "render_turtle",
    "report_graph",
    "report_to_dict",
    "validate_bytes",
    "validate_file",
    "validate_province",
    "validate_store",
]
