"""Every renderer on every example report: the output parses as its format says, carries every
finding, and escapes what comes from the data."""

from __future__ import annotations

import csv
import functools
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SH

from province40.validation import (
    AssetSource,
    Report,
    Validator,
    render_coverage_csv,
    render_findings_csv,
    render_html,
    render_json,
    render_jsonld,
    render_turtle,
    validate_file,
)
from province40.validation.render.csv import FINDING_COLUMNS
from province40.validation.render.json import FORMAT, report_head, report_to_dict, write_json, write_json_with_body
from province40.validation.terms import rdflib_graph
from province40.validation.vocabulary import P40SH

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
FILES = sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p.name != "manifest.ttl")


@functools.cache
def _validator() -> Validator:
    return Validator.from_source(AssetSource())


@functools.cache
def report_of(path: Path, include_curation: bool = True) -> Report:
    return validate_file(path, include_curation=include_curation, validator=_validator())


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.mark.parametrize("path", FILES, ids=_name)
@pytest.mark.parametrize("include_curation", [True, False], ids=["with-curation", "as-presented"])
def test_every_format_renders_every_example(path: Path, include_curation: bool) -> None:
    report = report_of(path, include_curation)
    total = len(report.findings) + len(report.closed_by_curation)

    graph = Graph().parse(data=render_turtle(report).decode("utf-8"), format="turtle")
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == Literal(report.conforms)
    assert len(list(graph.objects(root, SH.result))) == len(report.findings)
    assert len(list(graph.objects(root, P40SH.closedByCuration))) == len(report.closed_by_curation)
    jsonld = rdflib_graph(ox.parse(render_jsonld(report), format=ox.RdfFormat.JSON_LD))
    assert isomorphic(jsonld, graph)  # the same graph in both syntaxes

    rendered = render_json(report)
    body = json.loads(rendered)
    assert body == report_to_dict(report)  # the document is the report's dictionary, whatever its layout
    streamed, body_copy = io.BytesIO(), io.BytesIO()
    write_json(report, streamed, body_copy=body_copy)
    assert streamed.getvalue() == rendered
    assert rendered.endswith(body_copy.getvalue()) and body_copy.getvalue().startswith(b',\n  "plans": ')
    head = {**report_head(report), "seconds": 12.5, "generator": {**report_head(report)["generator"], "computation": "x"}}
    again = io.BytesIO()
    write_json_with_body(head, body_copy.getvalue(), again)  # another head, the same body: the same document else
    assert json.loads(again.getvalue()) == {**body, **head}
    assert list(json.loads(again.getvalue())) == list(body)  # the keys in the same order
    for finding, row in zip(body["findings"], rendered.split(b'\n  "findings": [\n', 1)[-1].splitlines(), strict=False):
        assert json.loads(row.strip().rstrip(b",")) == finding  # one finding a line
    assert body["format"] == FORMAT
    assert len(body["findings"]) == len(report.findings)
    assert len(body["closed_by_curation"]) == len(report.closed_by_curation)

    for lang in ("th", "en"):
        rows = list(csv.reader(io.StringIO(render_findings_csv(report, lang=lang).decode("utf-8"))))
        assert tuple(rows[0]) == FINDING_COLUMNS and len(rows) == total + 1
        coverage = list(csv.DictReader(io.StringIO(render_coverage_csv(report, lang=lang).decode("utf-8"))))
        assert len(coverage) == len(report.plans) * 12
        html = render_html(report, lang=lang).decode("utf-8")
        assert html.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in html
        assert html.count('<div class="gap ') == len(report.findings)


def test_plain_literal_values_are_written_as_plain_literals() -> None:
    """RDF 1.1's "x" and "x"^^xsd:string are one term; rdflib tells them apart, so write the plain form."""
    report = report_of(EXAMPLES / "invalid" / "MeetingDateShape--thai-text.ttl")
    graph = Graph().parse(data=render_turtle(report).decode("utf-8"), format="turtle")
    (result,) = graph.objects(None, SH.result)
    assert graph.value(result, SH.value) == Literal("16 มกราคม 2566")


def test_finding_on_a_province_without_an_iso_code_still_renders() -> None:
    """A province coded 'TH-S' has no province IRI to name in p40sh:province; the report still renders."""
    report = report_of(EXAMPLES / "invalid" / "ProvinceIsoCodeShape.ttl")
    (finding,) = report.findings
    assert finding.province == "TH-S"
    graph = Graph().parse(data=render_turtle(report).decode("utf-8"), format="turtle")
    (result,) = graph.objects(None, SH.result)
    assert graph.value(result, SH.focusNode) == URIRef("https://w3id.org/province40/id/province/TH-S")
    assert graph.value(result, P40SH.province) is None
    assert json.loads(render_json(report))["findings"][0]["province"] == "TH-S"


def test_text_from_the_data_is_escaped(tmp_path: Path) -> None:
    source = (EXAMPLES / "invalid" / "ProjectDimensionShape--missing.ttl").read_text(encoding="utf-8")
    label = '"ผ้าทออัตลักษณ์ศรีสะเกษสู่ตลาดออนไลน์"@th'
    assert label in source
    hostile = tmp_path / "hostile.ttl"
    hostile.write_text(source.replace(label, '"ผ้าทอ <script>alert(1)</script> & <b>"@th'), encoding="utf-8")
    report = validate_file(hostile, validator=_validator())
    html = render_html(report, lang="th").decode("utf-8")
    assert "<script" not in html and "<b>\"" not in html
    assert "ผ้าทอ &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;" in html
    rows = list(csv.DictReader(io.StringIO(render_findings_csv(report).decode("utf-8"))))
    assert rows[0]["focus_label"] == "ผ้าทอ <script>alert(1)</script> & <b>"


def test_the_national_html_report_opens_with_provinces_by_gap_kind() -> None:
    from province40.validation import AssetSource, render_html, validate_store

    report = validate_store(AssetSource())
    html = render_html(report, lang="en").decode("utf-8")
    provinces = sorted({p.province for p in report.plans if p.province})
    assert html.index("National summary: provinces × kinds of gap") < html.index('class="plan"')
    for code in provinces:
        assert f'<a href="#plan-{code}">' in html and f'id="plan-{code}"' in html
    for aspect in report.aspects:
        assert f"<th>{aspect.label.en}</th>" in html
    one = render_html(report.__class__(**{**report.__dict__, "plans": report.plans[:1]}), lang="en").decode("utf-8")
    assert "National summary" not in one
