"""How good and how fast the link suggester is, against word TF-IDF (the named baseline), in one run.

Two evaluation sets:

* development: the programme's 18 projects and development lines with the master plans the team
  curated for them, read from the store (titles in Thai as the source gives them, and the team's English
  translations); the suggester's constants were chosen on this set;
* held-out: ``suggestion_heldout.tsv``, 56 titles written from the subjects of real provincial plans, each
  with its expected master plan decided and committed before the suggester first ran on it; never tuned on.

Printed per method and set: top-1 and top-3 accuracy (of the ranking, abstaining or not), the
abstention rate, and the accuracy when it does not abstain (top-1 among the answered); and the time per
suggestion (p50 / p95) with the load average. Run with ``make bench`` or
``.venv/bin/pytest tests/benchmarks/test_suggestion_quality.py -s -o addopts=""``.
"""

from __future__ import annotations

import csv
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from province40 import namespaces as ns
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.suggestion import Kind, Method, Suggester, SuggestionReference

HELDOUT = Path(__file__).with_name("suggestion_heldout.tsv")

DEV_QUERY = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?item ?th ?en (GROUP_CONCAT(?n; separator=" ") AS ?plans) WHERE {
  VALUES ?type { p40:Project p40:ProvincialStrategicIssue }
  GRAPH ?plan { ?item a ?type ; rdfs:label ?th . FILTER(lang(?th) = "th") }
  FILTER(STRSTARTS(STR(?plan), "https://w3id.org/province40/graph/plan/"))
  OPTIONAL { ?item rdfs:label ?en . FILTER(lang(?en) = "en") }
  OPTIONAL { GRAPH <https://w3id.org/province40/graph/curation> { ?item p40:contributesToMasterPlan ?mp }
             ?mp skos:notation ?n }
} GROUP BY ?item ?th ?en ORDER BY ?item
"""


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    description: str
    expected: frozenset[str]


@dataclass
class Tally:
    n: int = 0
    top1: int = 0
    top3: int = 0
    abstained: int = 0
    answered_right: int = 0

    def row(self) -> str:
        answered = self.n - self.abstained
        acc = f"{self.answered_right / answered:.2f}" if answered else "–"
        return (f"{self.top1 / self.n:6.2f} {self.top3 / self.n:6.2f} {self.abstained / self.n:10.2f} "
                f"{acc:>14}  ({self.top1}/{self.top3}/{self.abstained} of {self.n}; right {self.answered_right} "
                f"of {answered} answered)")


def _dev_cases(store: EmbeddedStore, lang: str) -> tuple[list[Case], list[Case]]:
    rows = store.select(DEV_QUERY).dicts()
    with_plan, without = [], []
    for r in rows:
        title = r["th"].value if lang == "th" else (r["en"].value if r.get("en") else r["th"].value)
        plans = frozenset(r["plans"].value.split()) if r.get("plans") and r["plans"].value else frozenset()
        case = Case(r["item"].value.rsplit("/", 1)[1], title, "", plans)
        (with_plan if plans else without).append(case)
    return with_plan, without


def _heldout_cases() -> list[Case]:
    lines = [line for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    return [Case(r["id"], r["title"], r["description"], frozenset({r["expected"]}))
            for r in csv.DictReader(lines, delimiter="\t")]


def _evaluate(suggester: Suggester, cases: list[Case], times: list[float]) -> tuple[Tally, list[str]]:
    tally, misses = Tally(), []
    for case in cases:
        start = time.perf_counter()
        answer = suggester.suggest(case.title, case.description).of(Kind.MASTER_PLAN)
        times.append(time.perf_counter() - start)
        ranking = [s.target.notation for s in answer.ranking]
        tally.n += 1
        tally.top1 += bool(ranking) and ranking[0] in case.expected
        tally.top3 += bool(set(ranking[:3]) & case.expected)
        if answer.abstention is not None:
            tally.abstained += 1
        elif answer.suggestions[0].target.notation in case.expected:
            tally.answered_right += 1
        if not ranking or ranking[0] not in case.expected or answer.abstention is not None:
            state = answer.abstention.reason if answer.abstention else "answered"
            misses.append(f"    {case.name:9} expected {','.join(sorted(case.expected)):6} top-3 {ranking[:3]} "
                          f"{state}: {case.title[:60]}")
    return tally, misses


def _ms(values: list[float], q: float) -> float:
    return sorted(values)[min(len(values) - 1, int(q * len(values)))] * 1000


def test_suggestion_quality_and_speed(tmp_path: Path) -> None:
    built = build_store(tmp_path / "store")
    store = EmbeddedStore(built.store_dir, workers=1)
    try:
        quads = store.export([ns.REFERENCE_GRAPH, ns.CURATION_GRAPH])
        dev_th, no_plan = _dev_cases(store, "th")
        dev_en, _ = _dev_cases(store, "en")
    finally:
        store.close()
    reference = SuggestionReference.from_quads(quads)
    heldout = _heldout_cases()
    start = time.perf_counter()
    methods = {Method.TFIDF: Suggester(reference, method=Method.TFIDF)}
    build_tfidf = time.perf_counter() - start
    start = time.perf_counter()
    methods[Method.HYBRID] = Suggester(reference, method=Method.HYBRID)
    build_hybrid = time.perf_counter() - start
    print(f"\nLink suggester (issue 13), load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} on "
          f"{os.cpu_count()} CPUs; {sum(len(p.passages) for p in reference.master_plans)} master-plan passages")
    print(f"{'set':34} {'method':8} {'top-1':>6} {'top-3':>6} {'abstention':>10} {'acc answered':>14}")
    times: dict[Method, list[float]] = {m: [] for m in methods}
    all_misses: list[str] = []
    sets = [("development, Thai titles (17)", dev_th), ("development, English titles (17)", dev_en),
            (f"held-out ({len(heldout)})", heldout)]
    for label, cases in sets:
        for method, suggester in methods.items():
            tally, misses = _evaluate(suggester, cases, times[method])
            print(f"{label:34} {method.value:8} {tally.row()}")
            if method is Method.HYBRID:
                all_misses += [f"  {label}:", *misses]
    hybrid = methods[Method.HYBRID]
    for case in no_plan:
        answer = hybrid.suggest(case.title).of(Kind.MASTER_PLAN)
        said = answer.abstention.reason if answer.abstention else [s.target.notation for s in answer.suggestions]
        print(f"  no curated master plan: {case.name} {case.title}: {said}")
    print("  hybrid misses and abstentions:")
    print("\n".join(all_misses))
    t_h, t_t = times[Method.HYBRID], times[Method.TFIDF]
    print(f"time per suggestion: hybrid p50 {_ms(t_h, .5):.1f} ms p95 {_ms(t_h, .95):.1f} ms; TF-IDF p50 "
          f"{_ms(t_t, .5):.1f} ms p95 {_ms(t_t, .95):.1f} ms; ratio p50 {statistics.median(t_h) / statistics.median(t_t):.1f}×"
          f" (target 100 ms); building: hybrid {build_hybrid:.1f} s (model + passage vectors), TF-IDF {build_tfidf:.2f} s")
    assert len(heldout) >= 40
