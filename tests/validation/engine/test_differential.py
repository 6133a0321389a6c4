"""The compiled engine against pySHACL (the reference): the same results, as multisets of
(focus node, path, value, source shape, constraint component, severity), on every valid and invalid
example of the manifest, the programme data and a small synthetic national graph, in both views
(as presented and with curation). Every shape must be compiled (none left to the pySHACL fallback)
and reached by at least one result, so no shape is compared only on silence."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40.loading import BuildReport, build_store
from province40.store.embedded import EmbeddedStore
from province40.synth import SynthOptions, write
from province40.validation import AssetSource, ShapeCatalog, ValidationData, from_file, from_source
from province40.validation.engine import CompiledEngine, EngineRun, PyShaclEngine
from province40.validation.engine.types import EngineResult
from province40.validation.terms import Resource

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted(p for p in (ROOT / "data" / "examples").rglob("*") if p.suffix in {".ttl", ".jsonld"}
                  and p.name != "manifest.ttl")
SMALL = SynthOptions(provinces=77, projects_per_province=30, seed=40)
"""The small size of the issue (77 × 30)."""

Key = tuple[str, str | None, str | None, str, str, str]
_reached: set[str] = set()


@pytest.fixture(scope="module")
def catalog() -> ShapeCatalog:
    return ShapeCatalog.from_assets()


@pytest.fixture(scope="module")
def engines(catalog: ShapeCatalog) -> tuple[CompiledEngine, PyShaclEngine]:
    return CompiledEngine(catalog), PyShaclEngine(catalog)


def _key(result: EngineResult) -> Key:
    value = None if result.value is None else str(result.value)
    return (str(result.focus_node), result.path, value, result.shape, result.constraint, result.severity.value)


def _multiset(run: EngineRun) -> Counter[Key]:
    return Counter(_key(r) for r in run.results)


def _compare(
    engines: tuple[CompiledEngine, PyShaclEngine],
    triples: Collection[ox.Triple],
    focus: frozenset[Resource] | None,
) -> None:
    compiled, reference = engines
    ours, theirs = _multiset(compiled.validate(triples, focus=focus)), _multiset(reference.validate(triples, focus=focus))
    assert ours - theirs == Counter(), "only the compiled engine found these"
    assert theirs - ours == Counter(), "only pySHACL found these"
    _reached.update(k[3] for k in ours)


def _views(data: ValidationData) -> Iterator[tuple[str, tuple[ox.Triple, ...]]]:
    yield "as presented", data.stated
    yield "with curation", data.view(with_curation=True)


def test_every_shape_is_compiled(engines: tuple[CompiledEngine, PyShaclEngine], catalog: ShapeCatalog) -> None:
    compiled, _ = engines
    assert dict(compiled.compilation.unsupported) == {}
    assert compiled.fallback_shapes == ()
    targeted = {iri for iri in catalog.shapes if "#" in iri}
    assert targeted <= compiled.compilation.compiled


@pytest.mark.parametrize("view", ["as presented", "with curation"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples(engines: tuple[CompiledEngine, PyShaclEngine], path: Path, view: str) -> None:
    data = from_file(path, AssetSource())
    triples = dict(_views(data))[view]
    _compare(engines, triples, data.focus)


@pytest.mark.parametrize("view", ["as presented", "with curation"])
def test_programme_data(engines: tuple[CompiledEngine, PyShaclEngine], view: str) -> None:
    data = from_source(AssetSource())
    _compare(engines, dict(_views(data))[view], None)


@pytest.fixture(scope="module")
def small_national(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ValidationData]:
    root = tmp_path_factory.mktemp("small-national")
    summary = write(root / "small.trig", SMALL, progress_stream=None)
    built: BuildReport = build_store(root / "store", extra=[summary.path])
    store = EmbeddedStore(built.store_dir, workers=1, writable=False, query_timeout=600)
    try:
        yield from_source(store)
    finally:
        store.close()


def test_small_synthetic_graph(engines: tuple[CompiledEngine, PyShaclEngine], small_national: ValidationData) -> None:
    _compare(engines, small_national.view(with_curation=True), None)


def test_every_shape_was_compared_on_results(catalog: ShapeCatalog) -> None:
    """Runs last in this module: each targeted shape produced results somewhere above."""
    if not _reached:
        pytest.skip("run with the comparisons above")
    targeted = {iri for iri in catalog.shapes if "#" in iri}
    assert targeted - _reached == set()
