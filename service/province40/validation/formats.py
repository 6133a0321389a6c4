"""The ways to write a validation report, one registry for the HTTP API and ``province40 validate``.

Each format has a name (``?format=`` / ``--format``), a media type, and a renderer taking the report and the
language of HTML and CSV. ``coverage.json`` / ``coverage.csv`` write the gap matrix only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from province40.errors import NotAcceptable, ParameterError
from province40.media import best_offer
from province40.validation.render.csv import render_coverage_csv, render_findings_csv
from province40.validation.render.graph import render_jsonld, render_turtle
from province40.validation.render.html import render_html
from province40.validation.render.json import coverage_to_dict, render_json
from province40.validation.report import Report


@dataclass(frozen=True)
class ReportFormat:
    """One way to write a report."""

    name: str
    media_type: str
    render: Callable[[Report, str], bytes]
    """``render(report, lang)``: the report's bytes (``lang``, th or en, matters for HTML and CSV)."""


def _coverage_json(report: Report, _lang: str) -> bytes:
    return json.dumps(coverage_to_dict(report.coverage), ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


REPORT_FORMATS: dict[str, ReportFormat] = {
    f.name: f
    for f in (
        ReportFormat("json", "application/json", lambda r, _lang: render_json(r)),
        ReportFormat("html", "text/html; charset=utf-8", lambda r, lang: render_html(r, lang=lang)),
        ReportFormat("csv", "text/csv; charset=utf-8", lambda r, lang: render_findings_csv(r, lang=lang)),
        ReportFormat("ttl", "text/turtle; charset=utf-8", lambda r, _lang: render_turtle(r)),
        ReportFormat("jsonld", "application/ld+json", lambda r, _lang: render_jsonld(r)),
        ReportFormat("coverage.json", "application/json", _coverage_json),
        ReportFormat("coverage.csv", "text/csv; charset=utf-8", lambda r, lang: render_coverage_csv(r, lang=lang)),
    )
}

NEGOTIABLE = ("json", "html", "csv", "ttl", "jsonld")
"""The formats ``Accept`` can choose, in order of preference for ``*/*``."""


def report_format(name: str, *, parameter: str = "format") -> ReportFormat:
    """The format of that name; a 400 naming the parameter and the known names otherwise."""
    key = name.strip().lower()
    if key not in REPORT_FORMATS:
        known = ", ".join(REPORT_FORMATS)
        raise ParameterError(f"unknown report format {name!r}; use one of {known}", parameter=parameter)
    return REPORT_FORMATS[key]


def choose_report_format(format_param: str | None, accept: str | None) -> ReportFormat:
    """``?format=`` when given, else the best match of ``Accept`` (a browser gets HTML, */* JSON)."""
    if format_param:
        return report_format(format_param)
    offers = [(name, REPORT_FORMATS[name].media_type) for name in NEGOTIABLE]
    chosen = best_offer(offers, accept)
    if chosen is None:
        offered = ", ".join(media.split(";")[0] for _, media in offers)
        raise NotAcceptable(f"none of the accepted media types ({accept}) can carry a report; available: {offered}")
    return REPORT_FORMATS[chosen]
