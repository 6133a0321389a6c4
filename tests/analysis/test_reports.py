"""The gap report as DataFrames: the figures the notebooks quote, from the report the service computes."""

from __future__ import annotations

from typing import Any

import pytest

from province40.analysis.reports import (
    alignment_frame,
    coverage_frame,
    coverage_table,
    fetch_report,
    findings_frame,
)
from province40.errors import EndpointUnavailable, StoreError
from province40.store.embedded import EmbeddedStore
from province40.validation import report_to_dict, validate_store
from tests.servers import free_port

NATIONAL_STRATEGY = ("ProjectNationalStrategyShape", "ProvincialStrategicIssueNationalStrategyShape")


@pytest.fixture(scope="module")
def reports(store: EmbeddedStore) -> dict[bool, dict[str, Any]]:
    """The whole store's report with the curated links (True) and as presented (False)."""
    return {curated: report_to_dict(validate_store(store, include_curation=curated)) for curated in (True, False)}


def test_the_experts_recommendation_in_numbers(reports: dict[bool, dict[str, Any]]) -> None:
    """As presented no item links to the National Strategy; with the curated links 17 of the 18 do."""
    for curated, expected in ((False, 0), (True, 17)):
        frame = alignment_frame(reports[curated])
        national = frame[frame["check"].isin(NATIONAL_STRATEGY)]
        assert national["items"].sum() == 18
        assert national["with_curation" if curated else "as_presented"].sum() == expected
    assert str(frame["items"].dtype) == "Int64"


def test_findings_frame_has_one_row_per_gap_open_or_closed_by_curation(reports: dict[bool, dict[str, Any]]) -> None:
    report = reports[True]
    frame = findings_frame(report, lang="en")
    assert len(frame) == len(report["findings"]) + len(report["closed_by_curation"])
    assert set(frame["state"]) == {"open", "closed_by_curation"}
    assert set(frame["severity"]) <= {"Violation", "Warning", "Info"}
    closed = frame[frame["state"] == "closed_by_curation"]
    assert closed["curated_confidence"].dropna().isin(["strong", "moderate", "weak"]).all()
    thai = findings_frame(report, lang="th")
    assert thai["message"].str.contains("[\u0e00-\u0e7f]", regex=True).all()


def test_coverage_tables_follow_the_report(reports: dict[bool, dict[str, Any]]) -> None:
    report = reports[True]
    long = coverage_frame(report)
    assert list(long["status"].cat.categories) == ["stated", "curated", "claimed", "gap"]
    table = coverage_table(report, "strategies", lang="en")
    assert table.shape == (5, 6)
    assert table.columns[0] == "National Strategy on Security"
    assert (table["National Strategy on Security"] == "gap").all()
    presented = coverage_table(reports[False], "strategies")
    assert set(presented.stack()) == {"gap"}  # as presented, no plan reaches any strategy
    dimensions = coverage_table(reports[False], "dimensions", lang="en")
    assert set(dimensions.stack()) == {"claimed"}  # the plans claim all three dimensions, no project shows one
    counts = coverage_table(report, "dimensions", value="curated_items")
    assert counts.to_numpy().sum() == long[long["axis"] == "dimensions"]["curated_items"].sum()
    with pytest.raises(ValueError, match="strategies"):
        coverage_table(report, "regions")  # type: ignore[arg-type]


def test_fetch_report_reads_the_services_json(live_endpoint: str) -> None:
    report = fetch_report("TH-72", endpoint=live_endpoint)
    assert report["scope"] == {"kind": "province", "province": "TH-72", "file": None}
    assert report["include_curation"] is True
    assert fetch_report("TH-72", endpoint=live_endpoint, as_presented=True)["include_curation"] is False
    with pytest.raises(StoreError, match="404"):
        fetch_report("TH-99", endpoint=live_endpoint)


def test_fetch_report_from_nowhere_says_how_to_start_the_service() -> None:
    with pytest.raises(EndpointUnavailable, match="make run"):
        fetch_report(endpoint=f"http://127.0.0.1:{free_port()}/sparql", timeout=5)
