"""Reading plans with their context (:mod:`province40.validation.plan_reader`), and the whole store
validated plan by plan: the same report as the whole store validated in one piece."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.errors import NotFound
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.store.snapshot import StoreSnapshot
from province40.synth import SynthOptions, write
from province40.validation import (
    PlanReader,
    Report,
    Scope,
    ScopeKind,
    Validator,
    from_source,
    validate_province,
    validate_store,
)
from province40.validation.dataset import load_views
from province40.validation.merge import merge_reports

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
SMALL = SynthOptions(provinces=12, projects_per_province=12, seed=7, gap_share=0.1)
"""Every gap kind, cross-plan ones included (a project addressing another plan's development line)."""


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plan-reader")
    summary = write(root / "small.trig", SMALL, progress_stream=None)
    return build_store(root / "store", extra=[summary.path]).store_dir


@pytest.fixture(scope="module")
def snapshot(store_dir: Path) -> Iterator[StoreSnapshot]:
    opened = StoreSnapshot(store_dir)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def validator(snapshot: StoreSnapshot) -> Validator:
    return Validator.from_source(snapshot)


class ExportOnly:
    """The same store seen through the two calls every source has (no queries): the reader then
    selects the curated links in Python, the way it did before it could ask the store."""

    def __init__(self, source: StoreSnapshot) -> None:
        self.source = source
        self.exports: list[tuple[str, ...]] = []

    def named_graphs(self) -> tuple[str, ...]:
        return self.source.named_graphs()

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        self.exports.append(tuple(graphs or ()))
        return self.source.export(graphs)


def _key(report: Report, name: str) -> list[tuple[str, ...]]:
    return sorted(
        (str(f.focus_node), str(f.path), str(f.value), f.shape, f.constraint, f.severity.name, f.basis.name,
         str(f.plan), str(f.project))
        for f in getattr(report, name)
    )


def test_the_store_plan_by_plan_is_the_store_in_one_piece(snapshot: StoreSnapshot, validator: Validator) -> None:
    reader = PlanReader(snapshot)
    assert any(reader.borders().values()), "the small graph should have plans that share nodes"
    streamed = validate_store(snapshot, validator=validator, reader=reader)
    whole = validator.validate(from_source(snapshot))
    assert _key(streamed, "findings") == _key(whole, "findings")
    assert _key(streamed, "closed_by_curation") == _key(whole, "closed_by_curation")
    assert {"ProjectIssueShape", "ProjectPlanShape"} <= {f.shape.rsplit("#", 1)[-1] for f in streamed.findings}
    assert streamed.plans == whole.plans
    assert streamed.coverage == whole.coverage
    assert streamed.scope == whole.scope


@pytest.mark.parametrize("budget", [1, 1_000])
def test_the_store_in_small_parts_is_the_store_in_one_piece(
    snapshot: StoreSnapshot, validator: Validator, budget: int
) -> None:
    """One plan per part (budget 1), or a few: the nodes plans share cross the parts' edges."""
    parts = list(PlanReader(snapshot).store_parts(budget=budget))
    assert len(parts) > 3
    streamed = merge_reports([validator.validate(p) for p in parts], scope=Scope(ScopeKind.STORE), seconds=0.0)
    whole = validator.validate(from_source(snapshot))
    assert _key(streamed, "findings") == _key(whole, "findings")
    assert _key(streamed, "closed_by_curation") == _key(whole, "closed_by_curation")
    assert streamed.plans == whole.plans
    assert streamed.coverage == whole.coverage


def test_the_store_as_presented_too(snapshot: StoreSnapshot, validator: Validator) -> None:
    streamed = validate_store(snapshot, validator=validator, include_curation=False)
    whole = validator.validate(from_source(snapshot), include_curation=False)
    assert _key(streamed, "findings") == _key(whole, "findings")
    assert streamed.coverage == whole.coverage


def test_curated_links_selected_in_the_store_are_those_selected_in_python(snapshot: StoreSnapshot) -> None:
    in_store = PlanReader(snapshot).plan("TH-10")
    in_python = PlanReader(ExportOnly(snapshot)).plan("TH-10")  # type: ignore[arg-type]
    assert set(in_store.stated) == set(in_python.stated)
    assert set(in_store.curated) == set(in_python.curated)
    assert in_store.curated, "the synthetic plan has curated links"
    assert in_store.focus == in_python.focus


def test_the_context_is_read_once_until_a_write_touches_it(snapshot: StoreSnapshot) -> None:
    source = ExportOnly(snapshot)
    reader = PlanReader(source)  # type: ignore[arg-type]
    context = reader.context()
    first = reader.plan("TH-10")
    assert reader.context() is context and reader.plan("TH-10") is first
    reads = len(source.exports)

    reader.invalidate([ns.plan_graph("TH-11")])  # another plan: nothing of TH-10 is read again
    assert reader.plan("TH-10") is first and len(source.exports) == reads

    reader.invalidate([ns.plan_graph("TH-10")])  # the plan itself: read again, the context kept
    again = reader.plan("TH-10")
    assert again is not first and reader.context() is context
    assert set(again.stated) == set(first.stated)

    reader.invalidate([ns.REFERENCE_GRAPH])  # a shared graph: everything read again
    assert reader.context() is not context
    context = reader.context()
    reader.invalidate(None)  # a write that names no graph
    assert reader.context() is not context


def test_an_unknown_province_names_the_plans_there(snapshot: StoreSnapshot) -> None:
    with pytest.raises(NotFound, match="TH-10"):
        PlanReader(snapshot).plan("TH-99")


def test_a_province_through_the_store_workers(store_dir: Path, validator: Validator) -> None:
    store = EmbeddedStore(store_dir, workers=1, writable=False, query_timeout=600)
    try:
        reader = PlanReader(store)
        through_workers = validate_province(store, "TH-12", validator=validator, reader=reader)
        snapshot = StoreSnapshot(store_dir)
        in_process = validate_province(snapshot, "TH-12", validator=validator)
        snapshot.close()
    finally:
        store.close()
    assert _key(through_workers, "findings") == _key(in_process, "findings")
    assert through_workers.findings, "the synthetic plan has gaps"


class Edited:
    """The store with a plan graph edited in memory (a triple removed, one added), as after a write."""

    def __init__(self, source: StoreSnapshot) -> None:
        self.source = source
        self.edits: dict[str, tuple[set[ox.Quad], list[ox.Quad]]] = {}
        self.constructs = 0

    def named_graphs(self) -> tuple[str, ...]:
        return self.source.named_graphs()

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        quads = list(self.source.export(graphs))
        for graph in graphs or ():
            removed, added = self.edits.get(graph, (set(), []))
            quads = [q for q in quads if q not in removed] + added
        return tuple(quads)

    def construct(self, text: str, **options: object) -> object:
        self.constructs += 1
        return self.source.construct(text, **options)  # type: ignore[arg-type]


def _loaded_quads(store: ox.Store) -> set[ox.Quad]:
    return set(store.quads_for_pattern(None, None, None, None))


def test_after_a_write_to_the_plan_its_data_is_changed_not_reloaded(
    snapshot: StoreSnapshot, validator: Validator
) -> None:
    source = Edited(snapshot)
    reader = PlanReader(source)  # type: ignore[arg-type]
    graph = ns.plan_graph("TH-10")
    first = reader.plan("TH-10")
    validator.validate(first)
    store = first.loaded
    looked_up = source.constructs
    label = next(q for q in snapshot.export([graph]) if q.predicate.value.endswith("#label"))
    added = ox.Quad(label.subject, label.predicate, ox.Literal("แก้ไขแล้ว", language="th"), label.graph_name)
    source.edits[graph] = ({label}, [added])
    reader.invalidate([graph])

    again = reader.plan("TH-10")
    assert source.constructs == looked_up, "the same nodes: the curated links kept are used"
    assert again.loaded is store and "loaded" not in first.__dict__, "the store was changed, not loaded anew"
    assert _loaded_quads(store) == _loaded_quads(load_views(again.stated, again.curated))
    assert label.triple not in again.stated and added.triple in again.stated
    fresh = validator.validate(PlanReader(source).plan("TH-10"))  # type: ignore[arg-type]
    report = validator.validate(again)
    for name in ("findings", "closed_by_curation"):
        assert _key(report, name) == _key(fresh, name)
    assert report.coverage == fresh.coverage and report.plans == fresh.plans
    assert _loaded_quads(first.loaded) == _loaded_quads(load_views(first.stated, first.curated)), (
        "the earlier data, validated again, loads its own store"
    )


def test_after_a_write_only_the_queries_reading_what_changed_run_again(
    snapshot: StoreSnapshot, validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A stated link removed (a project then serves no dimension): the engine runs again only the
    queries that read that link's predicate, and the report equals a validation from scratch."""
    source = Edited(snapshot)
    reader = PlanReader(source)  # type: ignore[arg-type]
    graph = ns.plan_graph("TH-10")
    before = validator.validate(reader.plan("TH-10"))
    serves = "https://w3id.org/province40/ontology#servesDimension"
    links = [q for q in snapshot.export([graph]) if q.predicate.value == serves]
    per_project: dict[object, list[ox.Quad]] = {}
    for quad in links:
        per_project.setdefault(quad.subject, []).append(quad)
    removed = next(quads for quads in per_project.values() if len(quads) == 1)  # its only stated dimension
    source.edits[graph] = (set(removed), [])
    reader.invalidate([graph])

    engine = validator.engine
    run: list[int] = []
    real = engine._run_queries  # type: ignore[attr-defined]

    def counting(store: ox.Store, graphs: object, focus: object, indices: Sequence[int]) -> object:
        run.extend(indices)
        return real(store, graphs, focus, indices)

    monkeypatch.setattr(engine, "_run_queries", counting)
    report = validator.validate(reader.plan("TH-10"))
    total = len(engine.compilation.queries)  # type: ignore[attr-defined]
    assert 0 < len(run) < total, f"{len(run)} queries run again of {total} (both views)"
    monkeypatch.undo()
    fresh = validator.validate(PlanReader(source).plan("TH-10"))  # type: ignore[arg-type]
    for name in ("findings", "closed_by_curation"):
        assert _key(report, name) == _key(fresh, name)
    assert report.coverage == fresh.coverage and report.plans == fresh.plans
    assert _key(report, "findings") != _key(before, "findings"), "the removed link opens or closes a finding"


def test_after_any_one_triple_changes_the_report_equals_a_fresh_one(snapshot: StoreSnapshot, validator: Validator) -> None:
    """One triple of each predicate of a plan graph removed in turn (the previous one put back), then
    a node given another class and a value of the wrong kind: each time the report, validated from the
    reader's changed data and the engine's earlier results, equals a validation from scratch."""
    source = Edited(snapshot)
    reader = PlanReader(source)  # type: ignore[arg-type]
    graph = ns.plan_graph("TH-10")
    quads = snapshot.export([graph])
    validator.validate(reader.plan("TH-10"))
    first_of: dict[str, ox.Quad] = {}
    for quad in quads:
        first_of.setdefault(quad.predicate.value, quad)
    project = next(q.subject for q in quads if q.object == ox.NamedNode(ns.P40_NS + "Project"))
    edits: list[tuple[set[ox.Quad], list[ox.Quad]]] = [({quad}, []) for quad in first_of.values()]
    edits.append((set(), [ox.Quad(project, first_of[_RDF + "type"].predicate, ox.NamedNode(ns.P40_NS + "Indicator"), ox.NamedNode(graph))]))
    edits.append((set(), [ox.Quad(project, ox.NamedNode(ns.P40_NS + "servesDimension"), ox.Literal("3"), ox.NamedNode(graph))]))
    assert len(edits) > 10
    for removed, added in edits:
        source.edits[graph] = (removed, added)
        reader.invalidate([graph])
        report = validator.validate(reader.plan("TH-10"))
        fresh = validator.validate(PlanReader(source).plan("TH-10"))  # type: ignore[arg-type]
        change = f"removed {removed}, added {added}"
        for name in ("findings", "closed_by_curation"):
            assert _key(report, name) == _key(fresh, name), change
        assert report.coverage == fresh.coverage and report.plans == fresh.plans, change
