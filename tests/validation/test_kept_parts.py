"""Whole-store validation brought up to date from the reports of the plans kept beside the store
(:mod:`province40.validation.kept_parts`), driven by the store's journal.

After each kind of write province40 makes (a Graph Store PUT, a SPARQL Update, a plan import, a
rebuild with one plan changed) ``province40 validate --store`` validates again only what the write
can have changed, and its report is the report ``--recompute`` gives. A write the journal cannot
account for (another program writing the store, an update whose graphs are unknown) and a write to a
shared graph are answered by validating everything."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.cli import main
from province40.cli.validate import KEPT_DOCUMENT
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.store.journal import journal_path
from province40.synth import SynthOptions, write
from tests.plans.sheets import THAI_HEADERS, project_row, xlsx

SMALL = SynthOptions(provinces=8, projects_per_province=8, seed=11, gap_share=0.15)
STRATEGY = "https://w3id.org/province40/ontology#contributesToStrategy"
ALIGNMENT = {STRATEGY, *(f"https://w3id.org/province40/ontology#{name}" for name in ("contributesToMasterPlan",
                                                                                     "servesDimension"))}
PROJECT = ox.NamedNode("https://w3id.org/province40/ontology#Project")
INCREMENTAL = "incremental"
FULL = "computed in full"


def _validate(store_dir: Path, tmp_path: Path, *args: str) -> tuple[dict[str, Any], str]:
    output = tmp_path / "report.json"
    code = main(["validate", "--store", str(store_dir), "--format", "json", "--output", str(output), *args])
    assert code in (0, 1)
    document = json.loads(output.read_text(encoding="utf-8"))
    how = str(document["generator"].get("computation", ""))
    for volatile in ("generated_at", "seconds"):
        document.pop(volatile)
    document["generator"].pop("computation", None)
    return document, how


def _plans(store_dir: Path) -> list[str]:
    store = ox.Store.read_only(str(store_dir))
    try:
        return sorted(g.value for g in store.named_graphs() if g.value.startswith(ns.PLAN_GRAPH_BASE))
    finally:
        del store


def _same_as_recomputed(store_dir: Path, tmp_path: Path, expected_how: str, *names: str) -> dict[str, Any]:
    incremental, how = _validate(store_dir, tmp_path)
    assert expected_how in how, how
    for name in names:
        assert name in how, how
    recomputed, how_again = _validate(store_dir, tmp_path, "--recompute")
    assert "--recompute" in how_again
    assert incremental == recomputed
    return incremental


def _less_strategies(quads: list[ox.Quad], count: int) -> list[ox.Quad]:
    """The plan without the alignment links (strategy, master plan, dimension) of ``count`` projects."""
    projects = sorted({str(q.subject) for q in quads if q.predicate.value == STRATEGY})[:count]
    return [q for q in quads if not (str(q.subject) in projects and q.predicate.value in ALIGNMENT)]


@pytest.fixture()
def synthetic(tmp_path: Path) -> Path:
    return write(tmp_path / "small.trig", SMALL, progress_stream=None).path


def test_after_each_kind_of_write_the_report_is_the_recomputed_one(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir = build_store(tmp_path / "store", extra=[synthetic]).store_dir
    first, how = _validate(store_dir, tmp_path)
    assert FULL in how and "no kept reports" in how
    assert _validate(store_dir, tmp_path)[1] == KEPT_DOCUMENT
    plans = [g for g in _plans(store_dir) if "TH-" in g and g.rsplit("/", 1)[-1] not in ("TH-84",)]
    target = plans[0]
    code = target.rsplit("/", 1)[-1]

    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:  # a Graph Store PUT: the plan replaced, with fewer strategy links
        store.replace_graph(target, _less_strategies(list(store.export([target])), 3))
    finally:
        store.close()
    after_put = _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, code)
    assert after_put["counts"]["open"]["Violation"] > first["counts"]["open"]["Violation"]

    other = plans[1]
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:  # a SPARQL Update through the service's writer: a project with nothing but its type
        store.update(
            f"INSERT DATA {{ GRAPH <{other}> {{ <{ns.ID_BASE}project/kept-parts-test> "
            "a <https://w3id.org/province40/ontology#Project> } }"
        )
    finally:
        store.close()
    after_update = _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, other.rsplit("/", 1)[-1])
    assert "kept-parts-test" in json.dumps(after_update)

    # an update to one plan graph about a node another plan owns: that plan is validated again too
    owner, writer = plans[3], plans[4]
    reader = ox.Store.read_only(str(store_dir))
    project = next(q.subject for q in reader.quads_for_pattern(None, None, PROJECT, ox.NamedNode(owner)))
    del reader
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        store.update(f"INSERT DATA {{ GRAPH <{writer}> {{ {project} <{STRATEGY}> <{ns.ID_BASE}no-such-strategy> }} }}")
    finally:
        store.close()
    crossed = _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, writer.rsplit("/", 1)[-1], owner.rsplit("/", 1)[-1])
    assert "no-such-strategy" in json.dumps(crossed)

    # a plan dropped (a Graph Store DELETE): its report goes, its neighbours lose what it said
    dropped = plans[5]
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        store.drop_graph(dropped)
    finally:
        store.close()
    after_drop = _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, dropped.rsplit("/", 1)[-1])
    assert len(after_drop["plans"]) < len(crossed["plans"])  # the plans the graph held are gone

    # a plan import from the command line (a new version of TH-84's plan)
    sheet = tmp_path / "plan.xlsx"
    sheet.write_bytes(xlsx([THAI_HEADERS, project_row(1), project_row(2)]))
    assert main(["import", str(sheet), "--province", "TH-84", "--store", str(store_dir)]) in (0, 1)
    capsys.readouterr()
    _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, "TH-84")

    # province40 build again, with one plan of the extra file changed: only that plan is named
    dataset = ox.Dataset(ox.parse(path=str(synthetic), format=ox.RdfFormat.TRIG))
    changed = plans[2]
    in_graph = [q for q in dataset if q.graph_name == ox.NamedNode(changed)]
    for quad in in_graph:
        if quad.predicate.value == STRATEGY:
            dataset.remove(quad)
            break
    rewritten = tmp_path / "small.trig"
    rewritten.write_bytes(ox.serialize(dataset, format=ox.RdfFormat.TRIG) or b"")
    build_store(store_dir, extra=[rewritten])
    rebuilt = _same_as_recomputed(store_dir, tmp_path, INCREMENTAL, changed.rsplit("/", 1)[-1])
    assert "kept-parts-test" not in json.dumps(rebuilt)  # the rebuild dropped what the update had added


def _foreign(store_dir: Path, graph: str) -> None:
    store = ox.Store(str(store_dir))
    store.add(ox.Quad(ox.NamedNode(f"{ns.ID_BASE}project/foreign-write"),
                      ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                      ox.NamedNode("https://w3id.org/province40/ontology#Project"), ox.NamedNode(graph)))
    store.flush()
    del store


def _unknown_update(store_dir: Path, graph: str) -> None:
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        store.update(
            f"INSERT {{ GRAPH ?g {{ <{ns.ID_BASE}project/foreign-write> a "
            f"<https://w3id.org/province40/ontology#Project> }} }} WHERE {{ BIND (<{graph}> AS ?g) }}"
        )
    finally:
        store.close()


def _curation(store_dir: Path, graph: str) -> None:
    del graph
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        store.update(
            f"INSERT DATA {{ GRAPH <{ns.CURATION_GRAPH}> {{ <{ns.ID_BASE}project/foreign-write> "
            "<http://www.w3.org/2000/01/rdf-schema#comment> \"curated\" } }"
        )
    finally:
        store.close()


@pytest.mark.parametrize(
    ("write_it", "reason"),
    [
        (_foreign, "journal does not lead"),
        (_unknown_update, "journal does not lead"),
        (_curation, "a shared graph changed"),
    ],
    ids=["another program", "an update whose graphs are unknown", "the curation graph"],
)
def test_what_the_journal_cannot_account_for_is_validated_in_full(
    synthetic: Path, tmp_path: Path, write_it: Callable[[Path, str], None], reason: str
) -> None:
    store_dir = build_store(tmp_path / "store", extra=[synthetic]).store_dir
    _validate(store_dir, tmp_path)
    graph = _plans(store_dir)[0]
    write_it(store_dir, graph)
    found, how = _validate(store_dir, tmp_path)
    assert FULL in how and reason in how, how
    if write_it is not _curation:
        assert "foreign-write" in json.dumps(found)
    assert found == _validate(store_dir, tmp_path, "--recompute")[0]


def test_without_a_journal_nothing_is_reused(synthetic: Path, tmp_path: Path) -> None:
    store_dir = build_store(tmp_path / "store", extra=[synthetic]).store_dir
    _validate(store_dir, tmp_path)
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        graph = _plans(store_dir)[0]
        store.replace_graph(graph, _less_strategies(list(store.export([graph])), 1))
    finally:
        store.close()
    journal_path(store_dir).unlink()
    assert FULL in _validate(store_dir, tmp_path)[1]
