"""``province40 validate`` driven as a user drives it: a real process against the session's store.

Exit status (0 nothing fails, 1 something fails, 2 bad input), every output format parsed the way
its reader would parse it (HTML, JSON, CSV with the csv module, Turtle and JSON-LD as a SHACL
validation report graph), ``--output``, ``--coverage``, and the promise that validation only reads:
the store holds exactly the same quads and files after a validation as before it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SH

from province40.store.embedded import EmbeddedStore
from province40.validation import AssetSource, validate_file, validate_province
from province40.validation.render.csv import COVERAGE_COLUMNS, FINDING_COLUMNS
from province40.validation.render.json import FORMAT
from province40.validation.terms import rdflib_graph
from province40.validation.vocabulary import P40SH

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
VALID = EXAMPLES / "valid" / "ProvincialDevelopmentPlan-complete.ttl"
INVALID = EXAMPLES / "invalid" / "ProjectDimensionShape--missing.ttl"
WARNING_ONLY = EXAMPLES / "invalid" / "ThaiScriptLabelShape.ttl"
PROVINCE40 = Path(sys.executable).parent / "province40"
THAI = re.compile("[\u0e01-\u0e5b]")

ID = "https://w3id.org/province40/id/"
P40 = "https://w3id.org/province40/ontology#"
P40SH_NS = str(P40SH._NS)
TH33_PLAN = ID + "plan/TH-33-v2022-04-29"
TH33_PROJECTS = [ID + f"project/TH-33-0{n}" for n in (1, 2, 3)]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: bytes
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout.decode("utf-8")

    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.stdout)


def validate(store_dir: Path, *args: str | Path) -> Run:
    """Run ``province40 validate --store STORE ARGS`` in a new process."""
    done = subprocess.run(
        [str(PROVINCE40), "validate", "--store", str(store_dir), *map(str, args)],
        capture_output=True,
        timeout=600,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr.decode("utf-8"))


# The same invocations are needed by several tests; each runs once per session.
_runs: dict[tuple[str, ...], Run] = {}


@pytest.fixture(scope="module")
def cli(store_dir: Path):  # type: ignore[no-untyped-def]
    def run(*args: str | Path) -> Run:
        key = tuple(map(str, args))
        if key not in _runs:
            _runs[key] = validate(store_dir, *args)
        return _runs[key]

    return run


# ================================================================ exit status


def test_conforming_file_exits_0(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(VALID, "--format", "json")
    assert run.returncode == 0, run.stderr
    body = run.json()
    assert body["conforms"] is True and body["passes"] is True
    assert body["findings"] == [] and body["closed_by_curation"] == []
    assert body["scope"] == {"kind": "file", "province": None, "file": str(VALID)}
    assert f"{VALID}: 0 violations, 0 warnings, 0 infos" in run.stderr


def test_violating_file_exits_1_and_names_the_gap(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli(INVALID, "--format", "json")
    assert run.returncode == 1, run.stderr
    body = run.json()
    assert body["conforms"] is False and body["passes"] is False
    (finding,) = body["findings"]
    assert finding["focus_node"] == ID + "project/example-TH-33-02"
    assert finding["path"] == "p40:servesDimension"
    assert finding["severity"] == "Violation"
    assert finding["shape"] == P40SH_NS + "ProjectDimensionShape"
    assert finding["constraint"] == str(SH.MinCountConstraintComponent)
    assert finding["message"]["en"].startswith("A project must serve at least one Government 4.0 dimension")
    assert finding["message"]["th"].startswith("โครงการต้องตอบมิติของระบบราชการ 4.0")
    assert finding["fix"]["th"] and finding["fix"]["en"]
    assert finding["focus_label"] == {"th": "ผ้าทออัตลักษณ์ศรีสะเกษสู่ตลาดออนไลน์",
                                      "en": "Si Sa Ket identity textiles for online markets"}
    assert (finding["province"], finding["plan"], finding["project"]) == (
        "TH-33", ID + "plan/example-TH-33", ID + "project/example-TH-33-02")
    assert "1 violations, 0 warnings" in run.stderr


def test_warnings_fail_only_with_fail_on_warning(cli) -> None:  # type: ignore[no-untyped-def]
    default = cli(WARNING_ONLY, "--format", "json")
    assert default.returncode == 0, default.stderr
    assert default.json()["counts"]["open"] == {"Violation": 0, "Warning": 1, "Info": 0}
    assert default.json()["conforms"] is False  # SHACL's sense: a warning is a result
    strict = cli(WARNING_ONLY, "--format", "json", "--fail-on", "warning")
    assert strict.returncode == 1


def test_malformed_turtle_exits_2_naming_file_and_line(store_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken-plan.ttl"
    bad.write_text(
        "@prefix p40: <https://w3id.org/province40/ontology#> .\n"
        "<https://w3id.org/province40/id/plan/x> a p40:ProvincialDevelopmentPlan ;\n"
        '    p40:firstYearBE 2566 ;\n'
        "    p40:lastYearBE 2570 ,, .\n",
        encoding="utf-8",
    )
    run = validate(store_dir, bad)
    assert run.returncode == 2
    assert run.stdout == b""
    assert re.search(re.escape(str(bad)) + r":4(:\d+)?: ", run.stderr), run.stderr


def test_unknown_province_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--province", "TH-99")
    assert run.returncode == 2
    assert run.stdout == b""
    assert "TH-99" in run.stderr and "TH-33" in run.stderr  # names the plans the store has
    malformed = cli("--province", "Sisaket")
    assert malformed.returncode == 2
    assert "Sisaket" in malformed.stderr or "SISAKET" in malformed.stderr


def test_empty_file_exits_2(store_dir: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.ttl"
    empty.write_text("# nothing here\n", encoding="utf-8")
    run = validate(store_dir, empty)
    assert run.returncode == 2
    assert str(empty) in run.stderr


def test_missing_store_exits_2(tmp_path: Path) -> None:
    run = validate(tmp_path / "no-store", "--province", "TH-33")
    assert run.returncode == 2
    assert "province40 build" in run.stderr


def test_as_presented_fails_where_curation_closes_the_national_strategy_gap(cli) -> None:  # type: ignore[no-untyped-def]
    curated = cli("--province", "TH-33", "--format", "json")
    presented = cli("--province", "TH-33", "--format", "json", "--as-presented")
    assert curated.returncode == 1, curated.stderr  # dimension gaps the re-curated layer leaves open
    assert presented.returncode == 1, presented.stderr
    body = presented.json()
    assert body["include_curation"] is False and body["closed_by_curation"] == []
    failing = {f["focus_node"] for f in body["findings"] if f["shape"] == P40SH_NS + "ProjectNationalStrategyShape"}
    assert failing == set(TH33_PROJECTS)
    still = {f["focus_node"] for f in curated.json()["findings"] if f["shape"] == P40SH_NS + "ProjectNationalStrategyShape"}
    assert still == set()
    assert "closed only by curated links" not in presented.stderr
    assert "closed only by curated links" in curated.stderr


# ================================================================ formats


class _Outline(HTMLParser):
    """Headings, fix hints, 'closed by curation' boxes and SVG elements of a report, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.events: list[tuple[str, str]] = []
        self._stack: list[tuple[str, str]] = []
        self.svg = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "svg":
            self.svg += 1
        kind = attributes.get("class") or ""
        if tag in ("h1", "h2", "h3") or (tag == "div" and kind in ("fix", "closed")):
            self._stack.append((tag if tag != "div" else kind, ""))
        elif self._stack and tag not in ("br", "meta", "rect", "line", "span"):
            self._stack.append(("", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("br", "meta", "rect", "line", "span"):
            return
        if self._stack:
            kind, text = self._stack.pop()
            if kind:
                self.events.append((kind, " ".join(text.split())))
            elif self._stack:
                outer, outer_text = self._stack.pop()
                self._stack.append((outer, outer_text + text))

    def handle_data(self, data: str) -> None:
        if self._stack:
            kind, text = self._stack.pop()
            self._stack.append((kind, text + data))


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return parser


@functools.cache
def th33_report(store_dir: Path) -> dict:  # type: ignore[type-arg]
    """The JSON report of TH-33 (with curation), as the CLI writes it."""
    run = validate(store_dir, "--province", "TH-33", "--format", "json")
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    return run.json()  # type: ignore[no-any-return]


def test_html_report_in_thai(cli, store_dir: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli("--province", "TH-33", "--format", "html")
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    html = run.text
    doc = outline(html)
    assert doc.lang == "th"
    headings = [(k, t) for k, t in doc.events if k in ("h1", "h2", "h3")]
    assert headings[0] == ("h1", "รายงานความสอดคล้องของแผนพัฒนาจังหวัด 4.0")
    assert ("h2", "จังหวัดศรีสะเกษ (TH-33)") in headings
    assert ("h2", "ตารางความครอบคลุม (แผน × มิติ ปัจจัยความสำเร็จ และยุทธศาสตร์ชาติ)") in headings
    # grouped province → plan gaps → project → gap with its fix
    events = doc.events
    province_at = events.index(("h2", "จังหวัดศรีสะเกษ (TH-33)"))
    body = th33_report(store_dir)
    projects = body["plans"][0]["projects"]
    project_at = [events.index(("h3", f"{p['sequence']}. {p['label']['th']}")) for p in projects]
    assert province_at < project_at[0] < project_at[1] < project_at[2]
    coverage_at = events.index(("h2", "ตารางความครอบคลุม (แผน × มิติ ปัจจัยความสำเร็จ และยุทธศาสตร์ชาติ)"))
    bounds = [*project_at, coverage_at]
    for number, project in enumerate(projects):
        fixes = [t for k, t in events[bounds[number] : bounds[number + 1]] if k == "fix"]
        expected = [f["fix"]["th"] for f in body["findings"] if f["project"] == project["project"]]
        assert expected, "every real project has open gaps (no indicator, no data source)"
        assert fixes == [f"วิธีแก้: {fix}" for fix in expected]
        closed = [t for k, t in events[bounds[number] : bounds[number + 1]] if k == "closed"]
        assert closed and closed[0].startswith("สอดคล้องผ่านความเชื่อมโยงที่ทีมคัดสรรเท่านั้น")
        assert "โครงการเชื่อมโยงยุทธศาสตร์ชาติ" in closed[0]  # the shape closed by curation, by name
    # the plan-level gap (a success factor no project applies) sits between the plan heading and project 1
    plan_fixes = [t for k, t in events[province_at : project_at[0]] if k == "fix"]
    assert plan_fixes == [f"วิธีแก้: {f['fix']['th']}" for f in body["findings"] if f["project"] is None]
    # the heatmap is inline SVG, labelled in Thai; Buddhist-era dates
    assert doc.svg == 1 and '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "<title>ความครอบคลุมของแผน</title>" in html
    assert "29 เมษายน 2565" in html and "ปีงบประมาณ พ.ศ. 2565" in html
    assert "<script" not in html


def test_html_report_in_english(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--province", "TH-33", "--format", "html", "--lang", "en")
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    doc = outline(run.text)
    assert doc.lang == "en"
    headings = [t for k, t in doc.events if k in ("h1", "h2")]
    assert headings[0] == "Province 4.0 plan alignment report"
    assert "Si Sa Ket (TH-33)" in headings
    assert "Coverage matrix (plans × dimensions, success factors and national strategies)" in headings
    fixes = [t for k, t in doc.events if k == "fix"]
    assert fixes and all(t.startswith("How to fix: ") for t in fixes)
    assert all(not THAI.search(t) for t in fixes)
    assert "29 April 2022 (B.E. 2565)" in run.text
    assert doc.svg == 1


def test_json_report_structure(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--province", "TH-33", "--format", "json")
    body = run.json()
    assert set(body) == {
        "format", "generator", "generated_at", "seconds", "scope", "include_curation", "conforms", "passes",
        "counts", "plans", "findings", "closed_by_curation", "coverage", "prefixes",
    }
    assert body["format"] == FORMAT
    assert body["generator"]["name"] == "province40" and body["generator"]["engine"].startswith("compiled SHACL")
    assert body["scope"] == {"kind": "province", "province": "TH-33", "file": None}
    assert body["include_curation"] is True
    for view in ("findings", "closed_by_curation"):
        counts = body["counts"]["open" if view == "findings" else view]
        assert sum(counts.values()) == len(body[view])
        for severity, count in counts.items():
            assert count == sum(1 for f in body[view] if f["severity"] == severity)
    assert body["counts"]["open"]["Violation"] == 4 and body["passes"] is False and body["conforms"] is False
    (plan,) = body["plans"]
    assert plan["plan"] == TH33_PLAN and plan["province"] == "TH-33"
    assert plan["province_label"] == {"th": "ศรีสะเกษ", "en": "Si Sa Ket"}
    assert plan["presented_on"] == "2022-04-29"
    assert [p["project"] for p in plan["projects"]] == TH33_PROJECTS
    assert [p["sequence"] for p in plan["projects"]] == [1, 2, 3]
    strategy = next(a for a in plan["alignment"] if a["shape"] == P40SH_NS + "ProjectNationalStrategyShape")
    assert strategy == {"shape": P40SH_NS + "ProjectNationalStrategyShape", "projects": 3, "as_presented": 0,
                        "with_curation": 3, "only_through_curation": 3,
                        "only_through_weak": 0}
    assert plan["curated_links"] and all(c["rationale"]["th"] and c["rationale"]["en"] for c in plan["curated_links"])
    keys = {"focus_node", "focus_label", "path", "severity", "shape", "shape_label", "constraint", "aspect",
            "message", "fix", "value", "value_kind", "value_label", "basis", "province", "plan", "project",
            "curated_confidence", "curated_confidence_label", "claimed_by_source"}
    for finding in body["findings"] + body["closed_by_curation"]:
        assert set(finding) == keys
        assert finding["province"] == "TH-33" and finding["plan"] == TH33_PLAN
        assert THAI.search(finding["message"]["th"]) and finding["message"]["en"]
        assert finding["severity"] in ("Violation", "Warning", "Info")
    indicator = [f for f in body["findings"] if f["shape"] == P40SH_NS + "ProjectIndicatorShape"]
    assert sorted(f["focus_node"] for f in indicator) == TH33_PROJECTS
    assert all(f["path"] == "p40:hasIndicator" and f["severity"] == "Warning" for f in indicator)
    assert all(f["message"]["th"] == "โครงการยังไม่มีตัวชี้วัดที่มีค่าเป้าหมาย ผลของโครงการจึงยังวัดไม่ได้" for f in indicator)
    assert body["prefixes"]["p40"] == P40


def test_csv_report_structure(cli) -> None:  # type: ignore[no-untyped-def]
    body = cli("--province", "TH-33", "--format", "json").json()
    run = cli("--province", "TH-33", "--format", "csv")
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    rows = list(csv.reader(io.StringIO(run.text)))
    assert tuple(rows[0]) == FINDING_COLUMNS
    records = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert len(records) == len(body["findings"]) + len(body["closed_by_curation"])
    open_rows = [r for r in records if r["closed_by_curation"] == "false"]
    closed_rows = [r for r in records if r["closed_by_curation"] == "true"]
    assert [(r["focus_node"], r["shape"], r["path"], r["severity"]) for r in open_rows] == [
        (f["focus_node"], f["shape"], f["path"] or "", f["severity"]) for f in body["findings"]
    ]
    assert len(closed_rows) == len(body["closed_by_curation"])
    assert {r["province"] for r in records} == {"TH-33"}
    for record, finding in zip(open_rows, body["findings"], strict=True):
        assert record["message"] == finding["message"]["th"]  # Thai by default
        assert record["fix"] == finding["fix"]["th"]
    english = cli("--province", "TH-33", "--format", "csv", "--lang", "en")
    en_rows = list(csv.DictReader(io.StringIO(english.text)))
    assert [r["message"] for r in en_rows if r["closed_by_curation"] == "false"] == [
        f["message"]["en"] for f in body["findings"]
    ]


@pytest.mark.parametrize("fmt", ["ttl", "jsonld"])
def test_report_graph_formats(cli, fmt: str) -> None:  # type: ignore[no-untyped-def]
    body = cli("--province", "TH-33", "--format", "json").json()
    run = cli("--province", "TH-33", "--format", fmt)
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    if fmt == "ttl":
        graph = Graph().parse(data=run.text, format="turtle")
    else:  # read by another JSON-LD processor than the one that wrote it (rdflib's is deprecated)
        assert set(json.loads(run.stdout)) >= {"@context"}
        graph = rdflib_graph(ox.parse(run.stdout, format=ox.RdfFormat.JSON_LD))
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    assert graph.value(report, SH.conforms) == Literal(False)
    results = list(graph.objects(report, SH.result))
    assert len(results) == len(body["findings"])
    assert len(list(graph.objects(report, P40SH.closedByCuration))) == len(body["closed_by_curation"])
    seen = set()
    for result in results:
        assert (result, RDF.type, SH.ValidationResult) in graph
        focus = graph.value(result, SH.focusNode)
        severity = graph.value(result, SH.resultSeverity)
        shape = graph.value(result, SH.sourceShape)
        assert isinstance(focus, URIRef) and severity in (SH.Violation, SH.Warning, SH.Info)
        assert graph.value(result, SH.resultPath) is not None
        assert graph.value(result, SH.sourceConstraintComponent) is not None
        messages = {m.language for m in graph.objects(result, SH.resultMessage)}  # type: ignore[union-attr]
        assert messages == {"th", "en"}
        assert graph.value(result, P40SH.basis) in (P40SH.Stated, P40SH.Curated)
        seen.add((str(focus), str(shape), str(severity).rsplit("#", 1)[1]))
    assert seen == {(f["focus_node"], f["shape"], f["severity"]) for f in body["findings"]}
    # an alternative path is written as SHACL writes it, not as text
    for closed in graph.objects(report, P40SH.closedByCuration):
        if graph.value(closed, SH.sourceShape) == P40SH.ProjectNationalStrategyShape:
            path = graph.value(closed, SH.resultPath)
            assert graph.value(path, SH.alternativePath) is not None


def test_output_file_and_format_from_extension(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.html"
    run = cli("--province", "TH-33", "--output", target)
    assert run.returncode == 1, run.stderr  # TH-33's items serve no dimension even with curation
    assert run.stdout == b""
    assert f"→ {target}" in run.stderr
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and outline(html).lang == "th"
    json_target = tmp_path / "report.json"
    assert cli(INVALID, "--output", json_target).returncode == 1
    assert json.loads(json_target.read_text(encoding="utf-8"))["format"] == FORMAT


def test_output_to_unwritable_place_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(VALID, "--output", tmp_path / "missing-dir" / "r.json")
    assert run.returncode == 2
    assert "cannot write" in run.stderr


def test_coverage_json_matrix(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--coverage", "--format", "json")
    assert run.returncode in (0, 1), run.stderr
    matrix = run.json()
    assert list(matrix) == ["dimensions", "success_factors", "strategies"]
    sizes = {name: len(axis["columns"]) for name, axis in matrix.items()}
    assert sizes == {"dimensions": 3, "success_factors": 3, "strategies": 6}
    for axis in matrix.values():
        assert [r["province"] for r in axis["rows"]] == ["TH-11", "TH-30", "TH-33", "TH-72", "TH-84"]
        for row in axis["rows"]:
            assert [c["column"] for c in row["cells"]] == [c["iri"] for c in axis["columns"]]
            for cell in row["cells"]:
                assert cell["status"] in ("stated", "curated", "claimed", "gap")
    assert [c["notation"] for c in matrix["strategies"]["columns"]] == ["1", "2", "3", "4", "5", "6"]
    th72 = next(r for r in matrix["dimensions"]["rows"] if r["province"] == "TH-72")
    smart = next(c for c in th72["cells"] if c["column"] == ID + "dimension/smart-high-performance")
    # Suphan Buri claims the dimension in the plan; no project serves it, even with curation
    assert smart == {"column": ID + "dimension/smart-high-performance", "status": "claimed",
                     "stated_projects": 0, "curated_projects": 0, "plan_claim": True}


def test_coverage_csv_matrix(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--coverage", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.text)))
    assert tuple(rows[0]) == COVERAGE_COLUMNS
    assert len(rows) == 5 * (3 + 3 + 6)  # provinces × (dimensions + factors + strategies)
    assert {r["axis"] for r in rows} == {"dimensions", "success_factors", "strategies"}
    assert {r["province"] for r in rows} == {"TH-11", "TH-30", "TH-33", "TH-72", "TH-84"}
    cell = next(r for r in rows if r["province"] == "TH-84" and r["target"] == ID + "success-factor/participation")
    assert (cell["status"], cell["stated_projects"], cell["curated_projects"]) == ("claimed", "0", "0")
    assert THAI.search(cell["target_label"])  # Thai by default
    province = cli("--province", "TH-33", "--coverage", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(province.text)))) == 3 + 3 + 6


def test_coverage_needs_json_or_csv(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--province", "TH-33", "--coverage", "--format", "html")
    assert run.returncode == 2
    assert "--coverage" in run.stderr


# ================================================================ validation only reads


def _store_digest(store: EmbeddedStore) -> str:
    quads = sorted(str(q) for q in store.export())
    return hashlib.sha256("\n".join(quads).encode("utf-8")).hexdigest() + f" ({len(quads)} quads)"


def _files(store_dir: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(store_dir)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(store_dir.rglob("*"))
        if p.is_file()
    }


def test_validation_writes_nothing_to_the_store(store: EmbeddedStore, store_dir: Path, tmp_path: Path) -> None:
    before_digest, before_files = _store_digest(store), _files(store_dir)
    before_graphs = store.named_graphs()
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before_count = store.select(count).values("n")
    # a plan file, by the CLI and by the library with the store as its source
    assert validate(store_dir, INVALID, "--output", tmp_path / "r.ttl").returncode == 1
    assert validate(store_dir, "--province", "TH-72", "--format", "json").returncode in (0, 1)
    report = validate_file(VALID, source=store)
    assert report.conforms
    validate_province(store, "TH-84", include_curation=False)
    assert store.named_graphs() == before_graphs
    assert not any("validation" in g for g in store.named_graphs())
    assert store.select(count).values("n") == before_count
    assert _store_digest(store) == before_digest
    assert _files(store_dir) == before_files


def test_file_checked_against_the_store_matches_the_repository_assets(store: EmbeddedStore) -> None:
    """The store built from the repository and the repository files give a file the same findings."""
    from_store = validate_file(INVALID, source=store)
    from_assets = validate_file(INVALID, source=AssetSource())
    key = [(str(f.focus_node), f.path, f.shape, f.constraint, f.basis) for f in from_store.findings]
    assert key == [(str(f.focus_node), f.path, f.shape, f.constraint, f.basis) for f in from_assets.findings]
    assert key and isinstance(from_store.findings[0].focus_node, ox.NamedNode)
