"""A kept plan brought up to date from the writes' deltas (:meth:`PlanReader.follow_writes`), through
a real writable store: after every kind of write the report equals the report of the plan read and
validated from scratch, and whatever the deltas cannot account for is read in full."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.errors import NotFound
from province40.loading import build_store
from province40.plans.importer import update_text
from province40.store.embedded import EmbeddedStore
from province40.store.graph_delta import GraphDelta
from province40.synth import SynthOptions, write
from province40.validation import PlanReader, Report, Validator, validate_province
from province40.validation.dataset import ValidationData, load_views
from province40.validation.report.graph_index import INDEX_KEY, GraphIndex

SMALL = SynthOptions(provinces=6, projects_per_province=10, seed=11, gap_share=0.2)
CODE = "TH-10"
GRAPH = ns.plan_graph(CODE)
SERVES = ox.NamedNode(ns.P40_NS + "servesDimension")
DIMENSION = ox.NamedNode(f"{ns.ID_BASE}dimension/open-connected")
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("follow-writes")
    summary = write(root / "small.trig", SMALL, progress_stream=None)
    return build_store(root / "store", extra=[summary.path]).store_dir


@pytest.fixture()
def store(built: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    target = tmp_path / "store"
    shutil.copytree(built, target)
    opened = EmbeddedStore(target, workers=1, writable=True, query_timeout=600)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def validator(built: Path) -> Iterator[Validator]:
    opened = EmbeddedStore(built, workers=1, writable=False, query_timeout=600)
    try:
        yield Validator.from_source(opened)
    finally:
        opened.close()


def _same(report: Report, fresh: Report) -> None:
    for name in ("findings", "closed_by_curation", "plans", "coverage", "labels", "guidance"):
        assert getattr(report, name) == getattr(fresh, name), name


def _views(data: ValidationData) -> tuple[set[ox.Triple], set[ox.Triple], frozenset[object] | None]:
    return set(data.stated), set(data.curated), data.focus


def _check(store: EmbeddedStore, reader: PlanReader, validator: Validator) -> ValidationData:
    """The reader's plan, validated in both views, equals the plan read and validated from scratch."""
    kept = reader.plan(CODE)
    fresh = PlanReader(store).plan(CODE)
    assert _views(kept) == _views(fresh)
    loaded = set(kept.loaded.quads_for_pattern(None, None, None, None))
    assert loaded == set(load_views(fresh.stated, fresh.curated).quads_for_pattern(None, None, None, None))
    for include_curation in (True, False):
        report = validator.validate(kept, include_curation=include_curation)
        _same(report, validator.validate(fresh, include_curation=include_curation))
    return kept


def _project(store: EmbeddedStore, number: int = 1) -> ox.NamedNode:
    return ox.NamedNode(f"{ns.ID_BASE}project/{CODE}-S{number:04d}")


def _sparql(text: str) -> Callable[[EmbeddedStore], object]:
    return lambda store: store.update(text)


def _link(store: EmbeddedStore) -> ox.Quad:
    return ox.Quad(_project(store), SERVES, DIMENSION, ox.NamedNode(GRAPH))


def _put_without_one_label(store: EmbeddedStore) -> object:
    quads = store.export([GRAPH])
    label = next(q for q in quads if q.predicate.value == _LABEL and q.subject == _project(store, 2))
    return store.replace_graph(GRAPH, [q for q in quads if q != label])


def _import(store: EmbeddedStore) -> object:
    """What a plan import writes (one update: the current version moved away, the new one inserted)."""
    quads = [q for q in store.export([GRAPH]) if not (q.subject == _project(store, 3) and q.predicate == SERVES)]
    quads.append(ox.Quad(_project(store, 3), SERVES, DIMENSION, ox.NamedNode(GRAPH)))
    store.update(update_text(tuple(quads), graph=GRAPH, archive_to=ns.plan_version_graph(CODE, 1)))
    return None


P = f"<{GRAPH}>"
FOLLOWED: dict[str, Callable[[EmbeddedStore], object]] = {
    "SPARQL INSERT DATA": _sparql(
        f"INSERT DATA {{ GRAPH {P} {{ <{ns.ID_BASE}project/{CODE}-S0001> {SERVES} {DIMENSION} }} }}"
    ),
    "SPARQL DELETE DATA": _sparql(
        f"DELETE DATA {{ GRAPH {P} {{ <{ns.ID_BASE}project/{CODE}-S0002> <{_LABEL}> ?x }} }}".replace(
            "?x", '"no such label"@en'
        )
    ),
    "SPARQL DELETE WHERE": _sparql(f"DELETE WHERE {{ GRAPH {P} {{ <{ns.ID_BASE}project/{CODE}-S0004> {SERVES} ?d }} }}"),
    "Graph Store POST": lambda store: store.add_to_graph(GRAPH, [_link(store)]),
    "Graph Store PUT": _put_without_one_label,
    "plan import": _import,
}


@pytest.mark.parametrize("name", list(FOLLOWED))
def test_after_a_write_the_kept_plan_follows_it_and_equals_a_fresh_read(
    name: str, store: EmbeddedStore, validator: Validator
) -> None:
    reader = PlanReader(store, follow=True)
    first = reader.plan(CODE)
    for include_curation in (True, False):
        validator.validate(first, include_curation=include_curation)
    for turn in range(2):  # twice: the second write follows data that was itself followed
        FOLLOWED[name](store)
        reader.invalidate([GRAPH])  # as the server does after every write
        followed = reader.followed
        _check(store, reader, validator)
        assert reader.followed == followed + 1, f"turn {turn}: brought up to date from the delta, not read again"


def test_a_real_change_is_followed_through_the_engine_and_the_index(store: EmbeddedStore, validator: Validator) -> None:
    reader = PlanReader(store, follow=True)
    project = _project(store, 5)
    before = validator.validate(reader.plan(CODE))
    serves = [q for q in store.export([GRAPH]) if q.subject == project and q.predicate == SERVES]
    assert serves, "the synthetic project serves a dimension"
    store.update(f"DELETE WHERE {{ GRAPH {P} {{ {project} {SERVES} ?d }} }}")
    reader.invalidate([GRAPH])
    kept = _check(store, reader, validator)
    assert reader.followed == 1
    after = validator.validate(kept)
    assert after.findings != before.findings, "a project without a dimension is a gap"
    assert after.coverage.axis("success_factors") is before.coverage.axis("success_factors"), (
        "an axis that reads no changed predicate is kept"
    )
    assert after.coverage.axis("dimensions") != before.coverage.axis("dimensions")
    for include_curation in (True, False):
        index = kept.memo[(INDEX_KEY, include_curation)]
        assert isinstance(index, GraphIndex)
        assert index.entries() == GraphIndex(kept.view(with_curation=include_curation)).entries()


def _new_project(store: EmbeddedStore) -> object:
    node = f"{ns.ID_BASE}project/{CODE}-S0999"
    return store.update(
        f"INSERT DATA {{ GRAPH {P} {{ <{node}> a <{ns.P40_NS}Project> ; <{ns.P40_NS}inPlan> "
        f"<{ns.ID_BASE}plan/{CODE}> }} }}"
    )


def _describe_a_link(store: EmbeddedStore) -> object:
    link = f"{ns.ID_BASE}link/new"
    return store.update(
        f"INSERT DATA {{ GRAPH {P} {{ <{link}> a <{ns.P40_NS}CuratedLink> ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> {_project(store)} ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> {SERVES} ; "
        f"<http://www.w3.org/1999/02/22-rdf-syntax-ns#object> {DIMENSION} }} }}"
    )


@pytest.mark.parametrize("write", [_new_project, _describe_a_link], ids=["a new node", "a link description"])
def test_what_a_delta_cannot_settle_is_read_in_full(
    write: Callable[[EmbeddedStore], object], store: EmbeddedStore, validator: Validator
) -> None:
    reader = PlanReader(store, follow=True)
    validator.validate(reader.plan(CODE))
    write(store)
    reader.invalidate([GRAPH])
    _check(store, reader, validator)
    assert reader.followed == 0


def test_a_missed_write_or_a_fingerprint_that_does_not_chain_reads_the_plan_in_full(
    store: EmbeddedStore, validator: Validator
) -> None:
    reader = PlanReader(store, follow=True)
    validator.validate(reader.plan(CODE))
    store.add_to_graph(GRAPH, [_link(store)])
    assert len(store.take_deltas()) == 1  # the delta goes astray: the reader never sees it
    reader.invalidate([GRAPH])
    _check(store, reader, validator)
    assert reader.followed == 0

    stranger = GraphDelta(GRAPH, (), (), before=12345, after=12345)
    reader.follow_writes([stranger])  # a delta that does not start from the kept plan
    reader.invalidate([GRAPH])
    _check(store, reader, validator)
    assert reader.followed == 0

    store.update(f"DELETE DATA {{ GRAPH {P} {{ {_project(store)} {SERVES} {DIMENSION} }} }}")
    reader.invalidate([GRAPH])
    _check(store, reader, validator)
    assert reader.followed == 1, "chained again once read in full"


def test_a_dropped_plan_graph_is_not_found(store: EmbeddedStore, validator: Validator) -> None:
    reader = PlanReader(store, follow=True)
    validate_province(store, CODE, validator=validator, reader=reader)
    store.drop_graph(GRAPH)
    reader.invalidate([GRAPH])
    with pytest.raises(NotFound):
        reader.plan(CODE)


def test_a_reader_that_does_not_follow_leaves_the_deltas_alone(store: EmbeddedStore) -> None:
    reader = PlanReader(store)
    reader.plan(CODE)
    store.add_to_graph(GRAPH, [_link(store)])
    assert store.take_deltas() == [], "no graph watched"
