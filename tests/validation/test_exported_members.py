"""The public API of ``province40.validation`` (other packages and branches import it): every name
exported before the compiled engine is still there, and ``__all__`` lists exactly what is public."""

from __future__ import annotations

import inspect

import province40.synth as synth
import province40.validation as validation

BEFORE = {
    "AssetSource", "Basis", "CellStatus", "Coverage", "EngineResult", "EngineRun", "Finding", "PyShaclEngine",
    "QuadSource", "Report", "Scope", "ScopeKind", "Severity", "ShapeCatalog", "ValidationData", "ValidationEngine",
    "Validator", "from_bytes", "from_file", "from_province", "from_source", "render_coverage_csv",
    "render_findings_csv", "render_html", "render_json", "render_jsonld", "render_turtle", "report_graph",
    "report_to_dict", "validate_bytes", "validate_file", "validate_province", "validate_store",
}


def test_every_earlier_name_is_still_exported() -> None:
    assert set(validation.__all__) >= BEFORE | {"CompiledEngine", "make_engine"}
    assert all(hasattr(validation, name) for name in validation.__all__)


def test_signatures_kept() -> None:
    assert list(inspect.signature(validation.validate_bytes).parameters) == [
        "data", "rdf_format", "name", "source", "include_curation", "validator",
    ]
    assert list(inspect.signature(validation.Validator).parameters) == ["shapes", "engine"]
    assert list(inspect.signature(validation.validate_province).parameters) == [
        "source", "code", "include_curation", "validator", "reader",
    ]


def test_synth_api() -> None:
    assert set(synth.__all__) == {"SYNTHETIC_GRAPH", "GapKind", "SynthContext", "SynthOptions", "SynthSummary",
                                  "generate", "write"}
    assert all(hasattr(synth, name) for name in synth.__all__)
