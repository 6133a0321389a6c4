"""The engine interface: another engine plugs in behind ``Validator`` unchanged, and the default
pySHACL engine does not scan the whole data graph for every result it describes."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl.graph_abstraction import OxigraphDataGraph

from province40.validation import (
    AssetSource,
    Basis,
    EngineResult,
    EngineRun,
    PyShaclEngine,
    Severity,
    ShapeCatalog,
    ValidationEngine,
    Validator,
    render_html,
    validate_file,
)
from province40.validation.engine import CompiledEngine, make_engine
from province40.validation.terms import Resource
from province40.validation.vocabulary import P40SH

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
PROJECT = "https://w3id.org/province40/id/project/example-TH-33-02"


class FixedEngine:
    """A stand-in engine: reports one missing indicator on project 2 whatever the data."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    @property
    def name(self) -> str:
        return "fixed-engine 0"

    def validate(self, triples: Collection[ox.Triple], *, focus: frozenset[Resource] | None = None) -> EngineRun:
        self.calls.append(len(triples))
        result = EngineResult(
            focus_node=ox.NamedNode(PROJECT),
            path="p40:hasIndicator",
            value=None,
            severity=Severity.WARNING,
            shape=str(P40SH.ProjectIndicatorShape),
            constraint="http://www.w3.org/ns/shacl#QualifiedMinCountConstraintComponent",
        )
        return EngineRun(results=(result,), seconds=0.0)


def test_another_engine_replaces_pyshacl() -> None:
    catalog = ShapeCatalog.from_assets()
    engine = FixedEngine()
    _: ValidationEngine = engine  # satisfies the protocol (checked by mypy on the package; here by use)
    validator = Validator(catalog, engine=engine)
    report = validate_file(EXAMPLES / "valid" / "ProvincialDevelopmentPlan-curated-alignment.ttl",
                           validator=validator)
    assert report.engine == "fixed-engine 0"
    assert len(engine.calls) == 2  # as presented, and with the curated links (more triples)
    assert engine.calls[0] < engine.calls[1]
    (finding,) = report.findings
    assert finding.project == PROJECT and finding.basis is Basis.STATED
    # messages and fixes come from the shapes, not from the engine
    assert finding.message_en == "The project has no indicator with a target value yet, so its results cannot be measured."
    assert finding.fix_th.startswith("เพิ่มตัวชี้วัดอย่างน้อยหนึ่งตัว")
    assert "fixed-engine 0" in render_html(report, lang="en").decode("utf-8")


def test_default_engine_is_the_compiled_one_and_pyshacl_can_be_chosen() -> None:
    validator = Validator.from_source(AssetSource())
    assert isinstance(validator.engine, CompiledEngine)
    assert validator.engine.name.startswith("compiled SHACL→SPARQL (pyoxigraph ")
    catalog = ShapeCatalog.from_assets()
    assert make_engine("pyshacl", catalog).name.startswith("pySHACL 0.")
    with pytest.raises(ValueError, match="unknown validation engine"):
        make_engine("jena", catalog)


def test_pyshacl_counts_the_data_graph_at_most_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """pySHACL asks a data graph's truth for every result it describes (sh:or members included); over
    pyoxigraph each ask used to count every triple, making a large plan's validation quadratic."""
    counts: list[object] = []
    original = OxigraphDataGraph.__len__

    def counting(self: OxigraphDataGraph, context: object = None) -> int:
        counts.append(context)
        return original(self, context)  # type: ignore[arg-type]

    monkeypatch.setattr(OxigraphDataGraph, "__len__", counting)
    catalog = ShapeCatalog.from_assets()
    validator = Validator(catalog, engine=PyShaclEngine(catalog))
    # every project cites a master plan, which fails sh:or's first member (sh:class p40:Strategy)
    report = validate_file(EXAMPLES / "valid" / "ProvincialDevelopmentPlan-complete.ttl", validator=validator)
    assert report.conforms
    assert len(counts) <= 2


def test_the_cli_chooses_the_engine(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import json

    from province40.cli import main

    monkeypatch.setenv("PROVINCE40_STORE_DIR", str(ROOT / "var" / "no-store-here"))
    plan = EXAMPLES / "invalid" / "ProjectIndicatorShape.ttl"
    engines = {}
    for name in ("compiled", "pyshacl"):
        code = main(["validate", str(plan), "--format", "json", "--engine", name])
        body = json.loads(capsys.readouterr().out)
        engines[name] = body["generator"]["engine"]
        assert code == 0 and body["generator"]["fallback_shapes"] == []
        assert [f["shape"] for f in body["findings"]] == [str(P40SH.ProjectIndicatorShape)]
    assert engines["compiled"].startswith("compiled SHACL") and engines["pyshacl"].startswith("pySHACL")
