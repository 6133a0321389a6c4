"""Synthetic plans: what every province gets, marked synthetic, versions, and each kind of gap."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.loading import BuildReport
from province40.namespaces import P40
from province40.store.embedded import EmbeddedStore
from province40.synth import GapKind, SynthOptions, generate
from province40.synth.gaps import PLAN, PROJECT, plan_gaps
from province40.validation import validate_store
from province40.validation.terms import node_key

_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_SYNTHETIC_NODE = re.compile(r"-S[0-9-]|synthetic")


def test_every_label_says_synthetic_and_every_plan_cites_the_generator() -> None:
    quads = list(generate(SynthOptions(provinces=3, projects_per_province=5, gap_share=0)))
    labels = [q.object for q in quads if q.predicate == _LABEL]
    assert labels and all(isinstance(label, ox.Literal) for label in labels)
    assert all(
        label.value.endswith("(สังเคราะห์)" if label.language == "th" else "(synthetic)")
        for label in labels
        if isinstance(label, ox.Literal)
    )
    plans = {q.subject for q in quads if q.object == ox.NamedNode(P40.ProvincialDevelopmentPlan)}
    cited = {q.subject for q in quads if q.predicate == ox.NamedNode("http://purl.org/dc/terms/source")}
    assert plans and plans <= cited
    curators = {q.object for q in quads if q.predicate == ox.NamedNode("http://www.w3.org/ns/prov#wasAttributedTo")}
    assert curators == {ox.NamedNode(ns.ID_BASE + "agent/synthetic-curator")}


def test_each_province_gets_its_plan_graph_with_the_projects_asked_for() -> None:
    quads = list(generate(SynthOptions(provinces=5, projects_per_province=7, gap_share=0)))
    projects = Counter(
        q.graph_name.value for q in quads
        if q.object == ox.NamedNode(P40.Project) and isinstance(q.graph_name, ox.NamedNode)
    )
    assert len(projects) == 5
    assert all(g.startswith(ns.PLAN_GRAPH_BASE) for g in projects)
    assert all(n >= 7 for n in projects.values())
    curated = [q for q in quads if q.object == ox.NamedNode(P40.CuratedLink)]
    assert curated and all(q.graph_name == ox.NamedNode(ns.CURATION_GRAPH) for q in curated)


def test_some_plans_have_several_versions() -> None:
    quads = list(generate(SynthOptions(provinces=30, projects_per_province=3, gap_share=0)))
    revisions = [q for q in quads if q.predicate == ox.NamedNode("http://www.w3.org/ns/prov#wasRevisionOf")]
    assert revisions
    assert all(isinstance(q.subject, ox.NamedNode) and "-synthetic" in q.subject.value for q in revisions)


def test_every_plan_kind_goes_to_at_least_one_province() -> None:
    import random

    given = plan_gaps(random.Random(1), [f"TH-{n}" for n in range(10, 20)], 0.01)
    assert {kind for kinds in given.values() for kind in kinds} == set(PLAN)
    assert plan_gaps(random.Random(1), ["TH-10"], 0) == {"TH-10": frozenset()}


def test_without_gaps_nothing_synthetic_fails(tmp_path_factory: object) -> None:
    del tmp_path_factory
    quads = list(generate(SynthOptions(provinces=2, projects_per_province=4, gap_share=0, seed=5)))
    assert not any(q.predicate == ox.NamedNode(P40.firstYearBE) and int(q.object.value) < 2500 for q in quads)


def test_the_shapes_find_every_kind_of_gap_in_a_controlled_share(small_synth_store: BuildReport) -> None:
    store = EmbeddedStore(small_synth_store.store_dir, workers=1, writable=False)
    try:
        report = validate_store(store)
    finally:
        store.close()
    synthetic = [
        f for f in (*report.findings, *report.closed_by_curation) if _SYNTHETIC_NODE.search(node_key(f.focus_node))
    ]
    found = {f.shape for f in synthetic}
    missing = [kind for kind in GapKind if kind.shape not in found]
    assert missing == []
    # a project-level kind hits about its share of the 144 current projects (share 0.1)
    without_dimension = {node_key(f.focus_node) for f in synthetic if f.shape == GapKind.NO_DIMENSION.shape}
    assert 3 <= len(without_dimension) <= 40
    assert len(PROJECT) == 12


def test_the_national_report_covers_all_77_provinces(tmp_path_factory: pytest.TempPathFactory) -> None:
    from province40.loading import build_store
    from province40.store.snapshot import StoreSnapshot
    from province40.synth import write
    from province40.validation import render_html

    root = tmp_path_factory.mktemp("all-77")
    summary = write(root / "all.nq", SynthOptions(provinces=77, projects_per_province=2, seed=3), progress_stream=None)
    built = build_store(root / "store", extra=[summary.path])
    snapshot = StoreSnapshot(built.store_dir)
    try:
        report = validate_store(snapshot)
    finally:
        snapshot.close()
    provinces = {p.province for p in report.plans if p.province}
    assert len(provinces) == 77
    html = render_html(report, lang="en").decode("utf-8")
    heatmap = html[html.index("<svg"):]
    assert all(f">{code} " in heatmap for code in provinces)  # one heatmap row per province
    assert html.count('<a href="#plan-TH-') == 77
