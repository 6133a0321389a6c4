"""Benchmark: how fast ``province40 validate`` checks one plan, on the real data and at national scale.

    make bench        # or: .venv/bin/pytest tests/benchmarks/test_validation_speed.py -s -o addopts=""

Two stores are built in a temporary directory:

- *real*: the repository's data (five plans of 3–5 projects, the curated alignment);
- *national*: every one of the 77 provinces gets a generated plan of PROVINCE40_BENCH_VALIDATION_PROJECTS
  projects (default 300) with two strategic issues, indicators, data sources and stated links, about
  15 % of the project links curated instead (p40:CuratedLink in the curation graph), and a few gaps.

Printed per scope: median and p95 wall time of the library call (store export, two engine runs,
coverage, report), with the shapes already loaded, as in an editor or server that validates on every
edit; the CLI end to end (process start, store workers, HTML written); and the ratio to the named
baseline, pySHACL over an rdflib graph (pySHACL's default data graph), which the default engine
(pySHACL over an in-memory pyoxigraph store) replaces. Never fails on time; it asserts only that
both engines find the same results.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Collection, Iterator
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph

from province40 import namespaces as ns
from province40.assets import AssetDirs, asset_dirs
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.validation import PyShaclEngine, Validator, validate_file, validate_province, validate_store
from province40.validation.engine import EngineRun
from province40.validation.report import Report
from province40.validation.terms import Resource, ill_typed_literals_allowed, to_rdflib

PROJECTS = int(os.environ.get("PROVINCE40_BENCH_VALIDATION_PROJECTS", "300"))
ROUNDS = int(os.environ.get("PROVINCE40_BENCH_ROUNDS", "7"))
BIN = Path(sys.executable).parent
REAL = ("TH-11", "TH-30", "TH-33", "TH-72", "TH-84")
NATIONAL_SAMPLE = ("TH-10", "TH-33", "TH-50", "TH-96")

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
TYPE = ox.NamedNode(RDF + "type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
DIMENSIONS = ("open-connected", "citizen-centric", "smart-high-performance")
FACTORS = ("participation", "innovation", "digital-technology")
MASTER_PLANS = {1: (1,), 3: (2,), 4: (2,), 5: (2,), 6: (2, 5), 10: (3,), 13: (3,), 16: (4,), 18: (5,), 20: (6,)}


# ---------------------------------------------------------------- the national-scale graph


def _p40(local: str) -> ox.NamedNode:
    return ox.NamedNode(ns.P40_NS + local)


def _id(path: str) -> ox.NamedNode:
    return ox.NamedNode(ns.ID_BASE + path)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _labels(node: ox.NamedNode, th: str, en: str) -> Iterator[ox.Triple]:
    yield ox.Triple(node, LABEL, ox.Literal(th, language="th"))
    yield ox.Triple(node, LABEL, ox.Literal(en, language="en"))


def national_plan(code: str, projects: int, rng: random.Random) -> tuple[list[ox.Triple], list[ox.Triple]]:
    """(plan triples, curated triples) of one generated province plan."""
    plan, province = _id(f"plan/{code}-bench"), _id(f"province/{code}")
    out: list[ox.Triple] = [
        ox.Triple(plan, TYPE, _p40("ProvincialDevelopmentPlan")),
        ox.Triple(plan, _p40("planOf"), province),
        ox.Triple(plan, _p40("firstYearBE"), _int(2566)),
        ox.Triple(plan, _p40("lastYearBE"), _int(2570)),
        *_labels(plan, f"แผนพัฒนาจังหวัด 4.0 (สังเคราะห์) {code}", f"Synthetic Province 4.0 plan {code}"),
    ]
    curated: list[ox.Triple] = []
    issues = []
    for n, mp in enumerate(rng.sample(sorted(MASTER_PLANS), 2), start=1):
        issue = _id(f"issue/{code}-bench-{n}")
        issues.append(issue)
        out += [
            ox.Triple(issue, TYPE, _p40("ProvincialStrategicIssue")),
            ox.Triple(plan, _p40("hasStrategicIssue"), issue),
            ox.Triple(issue, _p40("contributesToMasterPlan"), _id(f"master-plan/{mp}")),
            ox.Triple(issue, _p40("contributesToStrategy"), _id(f"strategy/{MASTER_PLANS[mp][0]}")),
            *_labels(issue, f"ประเด็นการพัฒนา {n}", f"Strategic issue {n}"),
        ]
    source = _id(f"data-source/{code}-bench-statistics")
    out += [ox.Triple(source, TYPE, _p40("DataSource")), *_labels(source, "สถิติจังหวัด", "Provincial statistics")]
    for number in range(1, projects + 1):
        project = _id(f"project/{code}-B{number:04d}")
        out += [
            ox.Triple(project, TYPE, _p40("Project")),
            ox.Triple(plan, _p40("hasProject"), project),
            ox.Triple(project, _p40("inPlan"), plan),
            ox.Triple(project, _p40("ownerProvince"), province),
            ox.Triple(project, _p40("sequenceNumber"), _int(number)),
            ox.Triple(project, _p40("addressesIssue"), rng.choice(issues)),
            *_labels(project, f"โครงการสังเคราะห์ {code} ลำดับ {number}", f"Synthetic project {code} no. {number}"),
        ]
        mp = rng.choice(sorted(MASTER_PLANS))
        links = [("servesDimension", _id(f"dimension/{d}")) for d in rng.sample(DIMENSIONS, rng.randint(1, 2))]
        links += [("appliesSuccessFactor", _id(f"success-factor/{f}")) for f in rng.sample(FACTORS, rng.randint(1, 2))]
        links += [("contributesToMasterPlan", _id(f"master-plan/{mp}"))]
        links += [("contributesToStrategy", _id(f"strategy/{s}")) for s in MASTER_PLANS[mp]]
        for prop, target in links:
            triple = ox.Triple(project, _p40(prop), target)
            if rng.random() < 0.15:  # the team curated this one
                link = _id(f"link/curated-{code}-B{number:04d}-{prop}-{target.value.rsplit('/', 1)[1]}")
                curated += [
                    triple,
                    ox.Triple(link, TYPE, _p40("CuratedLink")),
                    ox.Triple(link, ox.NamedNode(RDF + "subject"), project),
                    ox.Triple(link, ox.NamedNode(RDF + "predicate"), _p40(prop)),
                    ox.Triple(link, ox.NamedNode(RDF + "object"), target),
                    ox.Triple(link, _p40("rationale"), ox.Literal("เหตุผลสังเคราะห์", language="th")),
                    ox.Triple(link, _p40("rationale"), ox.Literal("synthetic rationale", language="en")),
                    ox.Triple(link, ox.NamedNode(PROV + "wasAttributedTo"), _id("agent/province40-team")),
                    ox.Triple(
                        link,
                        ox.NamedNode(PROV + "generatedAtTime"),
                        ox.Literal("2026-11-23T00:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
                    ),
                ]
            else:
                out.append(triple)
        if rng.random() < 0.9:
            indicator = _id(f"indicator/{code}-B{number:04d}")
            out += [
                ox.Triple(project, _p40("hasIndicator"), indicator),
                ox.Triple(indicator, TYPE, _p40("Indicator")),
                ox.Triple(indicator, _p40("targetValue"), _int(rng.randint(1, 100))),
                ox.Triple(indicator, _p40("unitOfMeasure"), ox.Literal("ร้อยละ")),
                ox.Triple(indicator, _p40("targetFiscalYearBE"), _int(rng.choice((2567, 2568, 2569)))),
                *_labels(indicator, f"ตัวชี้วัดโครงการ {number}", f"Indicator of project {number}"),
            ]
        if rng.random() < 0.8:
            out.append(ox.Triple(project, _p40("usesDataSource"), source))
    return out, curated


def national_assets(root: Path, projects: int) -> AssetDirs:
    """A copy of ontology/, shapes/ and data/ whose plans are the generated ones (all 77 provinces)."""
    real = asset_dirs()
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(getattr(real, name), root / name, ignore=shutil.ignore_patterns("examples"))
    plans = root / "data" / "programme" / "plans"
    shutil.rmtree(plans)
    plans.mkdir()
    (root / "data" / "curation" / "project-alignment.ttl").unlink()  # about the real projects
    codes = sorted(
        q.object.value
        for q in ox.parse(path=str(real.data / "reference" / "provinces.ttl"), format=ox.RdfFormat.TURTLE)
        if q.predicate == _p40("iso3166Code")
    )
    rng = random.Random(40)
    curated_all: list[ox.Triple] = []
    for code in codes:
        triples, curated = national_plan(code, projects, rng)
        (plans / f"{code}.nt").write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        curated_all += curated
    (root / "data" / "curation" / "bench-alignment.nt").write_bytes(
        ox.serialize(curated_all, format=ox.RdfFormat.N_TRIPLES) or b""
    )
    return AssetDirs(root, root / "ontology", root / "shapes", root / "data", in_checkout=False)


# ---------------------------------------------------------------- the named baseline


class RdflibPyShaclEngine(PyShaclEngine):
    """The baseline: pySHACL over an rdflib Graph (its default data graph), same shapes, same options."""

    @property
    def name(self) -> str:
        return f"pySHACL {pyshacl.__version__} over rdflib"

    def validate(self, triples: Collection[ox.Triple], *, focus: frozenset[Resource] | None = None) -> EngineRun:
        started = time.perf_counter()
        graph = Graph()
        with ill_typed_literals_allowed():
            for t in triples:
                graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
            _conforms, results, _text = pyshacl.validate(graph, shacl_graph=self._shapes.graph, inference="none")
            assert isinstance(results, Graph)
            found = tuple(self._results(results, focus))
        return EngineRun(results=found, seconds=time.perf_counter() - started)


# ---------------------------------------------------------------- measuring


def timed(work: Callable[[], object], rounds: int) -> tuple[float, float, object]:
    """(median, p95, last result) of ``rounds`` runs after one warm-up run."""
    result = work()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


def line(label: str, median: float, p95: float, note: str = "") -> None:
    print(f"  {label:<52} median {median * 1000:8.1f} ms   p95 {p95 * 1000:8.1f} ms  {note}")


def same_findings(a: Report, b: Report) -> bool:
    def key(r: Report) -> set[tuple[object, ...]]:
        return {(str(f.focus_node), f.path, f.shape, f.constraint, str(f.value), f.basis) for f in r.findings} | {
            ("closed", str(f.focus_node), f.path, f.shape, str(f.value)) for f in r.closed_by_curation
        }

    return key(a) == key(b)


@pytest.fixture(scope="module")
def real_store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("real") / "store").store_dir


@pytest.fixture(scope="module")
def real_store(real_store_dir: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(real_store_dir, workers=1)
    yield store
    store.close()


@pytest.fixture(scope="module")
def national_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    root = tmp_path_factory.mktemp("national")
    started = time.perf_counter()
    dirs = national_assets(root / "assets", PROJECTS)
    built = build_store(root / "store", dirs=dirs)
    print(
        f"\nnational graph: 77 plans × {PROJECTS} projects, {built.total_quads} quads, "
        f"generated and built in {time.perf_counter() - started:.1f} s"
    )
    store = EmbeddedStore(built.store_dir, workers=1, query_timeout=600.0)
    yield store
    store.close()


def test_one_real_plan(real_store: EmbeddedStore) -> None:
    validator = Validator.from_source(real_store)
    baseline = Validator(validator.shapes, engine=RdflibPyShaclEngine(validator.shapes))
    print(f"\nreal data: one province's plan (3–5 projects), shapes loaded once, {ROUNDS} rounds")
    for code in REAL:
        median, p95, report = timed(lambda c=code: validate_province(real_store, c, validator=validator), ROUNDS)
        assert isinstance(report, Report)
        projects = sum(len(p.projects) for p in report.plans)
        line(f"{code} ({projects} projects), as presented + with curation", median, p95)
    median, p95, _ = timed(lambda: validate_province(real_store, "TH-33", validator=validator,
                                                     include_curation=False), ROUNDS)
    line("TH-33, as presented only (--as-presented)", median, p95)
    plan_file = asset_dirs().data / "programme" / "plans" / "TH-33.ttl"
    median, p95, _ = timed(lambda: validate_file(plan_file, source=real_store, validator=validator), ROUNDS)
    line("TH-33.ttl as a file, before loading", median, p95)
    fast_median, _, fast = timed(lambda: validate_province(real_store, "TH-33", validator=validator), ROUNDS)
    slow_median, slow_p95, slow = timed(lambda: validate_province(real_store, "TH-33", validator=baseline), ROUNDS)
    line("TH-33, baseline: pySHACL over rdflib", slow_median, slow_p95, f"ratio {slow_median / fast_median:.1f}×")
    assert isinstance(fast, Report) and isinstance(slow, Report) and same_findings(fast, slow)
    median, p95, _ = timed(lambda: validate_store(real_store, validator=validator), max(3, ROUNDS // 2))
    line("whole real store (5 plans, reference, curation)", median, p95)


def test_cli_end_to_end(real_store_dir: Path, tmp_path: Path) -> None:
    command = [str(BIN / "province40"), "validate", "--store", str(real_store_dir), "--province", "TH-33",
               "--format", "html", "--output", str(tmp_path / "r.html")]

    def run() -> None:
        subprocess.run(command, check=True, capture_output=True, timeout=300)

    median, p95, _ = timed(run, 3)
    print("\nCLI end to end (new process, store worker, HTML written)")
    line("province40 validate --province TH-33 --format html", median, p95)


def test_one_plan_at_national_scale(national_store: EmbeddedStore) -> None:
    validator = Validator.from_source(national_store)
    print(f"\nnational graph: one province's plan ({PROJECTS} projects) in a store of 77 such plans")
    reports = {}
    for code in NATIONAL_SAMPLE:
        median, p95, report = timed(
            lambda c=code: validate_province(national_store, c, validator=validator), max(3, ROUNDS // 2)
        )
        assert isinstance(report, Report)
        reports[code] = report
        counts = report.counts()["open"]
        line(f"{code}, as presented + with curation", median, p95,
             f"{counts['Violation']} violations, {counts['Warning']} warnings")
    median, p95, _ = timed(
        lambda: validate_province(national_store, "TH-33", validator=validator, include_curation=False), 3
    )
    line("TH-33, as presented only", median, p95)
    baseline = Validator(validator.shapes, engine=RdflibPyShaclEngine(validator.shapes))
    slow_median, slow_p95, slow = timed(lambda: validate_province(national_store, "TH-33", validator=baseline), 1)
    fast_median = timed(lambda: validate_province(national_store, "TH-33", validator=validator), 3)[0]
    line("TH-33, baseline: pySHACL over rdflib", slow_median, slow_p95, f"ratio {slow_median / fast_median:.1f}×")
    assert isinstance(slow, Report) and same_findings(reports["TH-33"], slow)


def test_whole_store_at_national_scale(national_store: EmbeddedStore) -> None:
    validator = Validator.from_source(national_store)
    started = time.perf_counter()
    report = validate_store(national_store, validator=validator)
    seconds = time.perf_counter() - started
    counts = report.counts()["open"]
    print(f"\nnational graph: the whole store (77 plans × {PROJECTS} projects)")
    line("validate_store", seconds, seconds,
         f"{counts['Violation']} violations, {counts['Warning']} warnings, 1 round")
