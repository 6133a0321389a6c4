"""Benchmark: validation at national scale, the compiled engine side by side with pySHACL.

    make bench        # or: .venv/bin/pytest tests/benchmarks/test_validation_speed.py -s -o addopts=""

Data: ``province40 synth`` (77 provinces × PROVINCE40_BENCH_VALIDATION_PROJECTS projects, default 300:
the *national* size) loaded with the project's data by ``build --with``; the *large* size is 77 × 3000.
Printed, each with its ratio to the named baseline, **pySHACL on the same data, the validate call
alone with the data already parsed**:

- the whole national graph, whole CLI process (``province40 validate --store … --format json``);
- one 300-project plan in the national store, shapes and store already open (as in the server);
- the large size validated by the CLI under a 2 GiB address-space limit (peak memory, or the failure);
- the real data (five plans), as a sanity line.

Never fails on time. It asserts that the two engines find the same results (as multisets of focus
node, path, value, shape, component, severity) on the national graph: the differential test at
national size.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.store.snapshot import StoreSnapshot
from province40.synth import SynthOptions, write
from province40.validation import ShapeCatalog, Validator, from_province, from_source, validate_province
from province40.validation.engine import CompiledEngine, EngineRun, PyShaclEngine

PROJECTS = int(os.environ.get("PROVINCE40_BENCH_VALIDATION_PROJECTS", "300"))
LARGE_PROJECTS = int(os.environ.get("PROVINCE40_BENCH_LARGE_PROJECTS", "3000"))
ROUNDS = int(os.environ.get("PROVINCE40_BENCH_ROUNDS", "5"))
BIN = Path(sys.executable).parent
SAMPLE = ("TH-10", "TH-33", "TH-50", "TH-96")
GIB = 1 << 30


def timed(work: Callable[[], object], rounds: int) -> tuple[float, float, object]:
    """(median, p95, last result) of ``rounds`` runs after one warm-up run."""
    result = work()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))], result


def line(label: str, seconds: float, note: str = "") -> None:
    print(f"  {label:<62} {seconds * 1000:10.1f} ms  {note}")


def multiset(run: EngineRun) -> Counter[tuple[object, ...]]:
    return Counter(
        (str(r.focus_node), r.path, str(r.value), r.shape, r.constraint, r.severity) for r in run.results
    )


def build(root: Path, projects: int) -> Path:
    started = time.perf_counter()
    summary = write(root / "synthetic.trig", SynthOptions(projects_per_province=projects), progress_stream=None)
    generated = time.perf_counter() - started
    built = build_store(root / "store", extra=[summary.path])
    print(
        f"\n77 plans × {projects} projects: {summary.quads} synthetic quads generated in {generated:.1f} s, "
        f"store of {built.total_quads} quads built in {time.perf_counter() - started - generated:.1f} s"
    )
    return built.store_dir


@pytest.fixture(scope="module")
def national(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("national"), PROJECTS)


@pytest.fixture(scope="module")
def baseline_engine() -> PyShaclEngine:
    return PyShaclEngine(ShapeCatalog.from_assets())


def test_whole_national_graph(national: Path, baseline_engine: PyShaclEngine, tmp_path: Path) -> None:
    command = [str(BIN / "province40"), "validate", "--store", str(national), "--format", "json",
               "--output", str(tmp_path / "report.json")]

    def cli() -> None:
        subprocess.run(command, check=False, capture_output=True, timeout=3600)

    cli_median, _, _ = timed(cli, max(1, ROUNDS // 5))
    snapshot = StoreSnapshot(national)
    data = from_source(snapshot)
    triples = data.view(with_curation=True)
    compiled = CompiledEngine(ShapeCatalog.from_source(snapshot))
    started = time.perf_counter()
    ours = compiled.validate(triples)
    engine_seconds = time.perf_counter() - started
    started = time.perf_counter()
    theirs = baseline_engine.validate(triples)
    baseline = time.perf_counter() - started
    snapshot.close()
    print(f"\nthe whole national graph (77 × {PROJECTS}, {len(triples)} triples in the validated view)")
    line("baseline: pySHACL validate call alone (data parsed)", baseline, f"{len(theirs.results)} results")
    line("compiled engine, validate call alone (same data)", engine_seconds,
         f"{len(ours.results)} results, {baseline / engine_seconds:.1f}× faster")
    line("province40 validate --store … --format json (whole process)", cli_median,
         f"{baseline / cli_median:.1f}× faster than the baseline; target ≤ 2000 ms and ≥ 15×")
    assert multiset(ours) == multiset(theirs)


def test_one_plan_in_the_national_store(national: Path, baseline_engine: PyShaclEngine) -> None:
    store = EmbeddedStore(national, workers=1, writable=False, query_timeout=600)
    try:
        validator = Validator.from_source(store)
        print(f"\none {PROJECTS}-project plan in the national store (shapes and store open, as in the server)")
        medians = {}
        for code in SAMPLE:
            median, p95, _ = timed(lambda c=code: validate_province(store, c, validator=validator), ROUNDS)
            medians[code] = median
            line(f"{code}: validate_province, as presented + with curation", median, f"p95 {p95 * 1000:.1f} ms")
        data = from_province(store, "TH-33")
        engine_only, _, _ = timed(lambda: validator.validate(data), ROUNDS)
        started = time.perf_counter()
        baseline_engine.validate(data.view(with_curation=True), focus=data.focus)
        baseline = time.perf_counter() - started
        line("TH-33 baseline: pySHACL validate call alone (one view, data parsed)", baseline)
        line("TH-33: report from data already read (both views)", engine_only,
             f"{baseline / engine_only:.1f}× faster")
        line("TH-33: validate_province (reads the store too)", medians["TH-33"],
             f"{baseline / medians['TH-33']:.1f}× faster; target ≤ 100 ms")
    finally:
        store.close()


MEASURE = """
import resource, subprocess, sys
limit = int(sys.argv[1])
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
done = subprocess.run(sys.argv[2:], capture_output=True, preexec_fn=cap)
print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.stderr.write(done.stderr.decode("utf-8", "replace")[-300:])
"""
"""Runs a command under an address-space limit and prints its exit code and peak RSS (KiB)."""


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield build(tmp_path_factory.mktemp("large"), LARGE_PROJECTS)


def test_large_within_two_gib(large: Path, tmp_path: Path) -> None:
    command = [str(BIN / "province40"), "validate", "--store", str(large), "--format", "json",
               "--output", str(tmp_path / "report.json")]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", MEASURE, str(2 * GIB), *command], check=True, capture_output=True,
                          text=True, timeout=3600)
    seconds = time.perf_counter() - started
    code, peak = (int(v) for v in done.stdout.split())
    print(f"\nthe large size (77 × {LARGE_PROJECTS}), CLI under a 2 GiB address-space limit")
    written = (tmp_path / "report.json").is_file()  # exit 1 is also an uncaught MemoryError: look for the report
    last = done.stderr.strip().splitlines()[-1:] or [""]
    outcome = "completed" if code in (0, 1) and written else f"NOT REACHED (exit {code}: {last[0][-120:]!r})"
    line("province40 validate --store … --format json", seconds,
         f"{outcome}; peak RSS {peak / 1024:.0f} MiB (target: within 2 GiB)")
