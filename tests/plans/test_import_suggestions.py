"""Suggested links in the spreadsheet import: listed in the summary marked suggested, not stated, never
written unless accepted; accepted ones are curated links attributed to the suggester (weak at most)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.cli import main
from province40.loading import BuildReport
from province40.namespaces import P40
from province40.plans.importer import ImportRequest
from province40.plans.service import PlanService
from province40.plans.suggested import SUGGESTER_AGENT
from province40.store.embedded import EmbeddedStore
from province40.validation.plan_reader import from_plan_quads
from tests.plans.sheets import THAI_HEADERS, all_quads, project_row, writable_store, xlsx

PROJECT = ns.ID_BASE + "project/TH-84-P02"
MP5 = ns.ID_BASE + "master-plan/5"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def _plan() -> bytes:
    """Row 1 states every kind of link; row 2 (cultural tourism, online booking) states none."""
    bare = project_row(2, title="โครงการส่งเสริมการท่องเที่ยวเชิงวัฒนธรรมด้วยระบบจองออนไลน์")
    bare[3] = "Promoting cultural tourism with online booking"
    bare[4:8] = ["", "", "", ""]
    return xlsx([THAI_HEADERS, project_row(1), bare], title="แผนพัฒนาจังหวัด 4.0 จังหวัดสุราษฎร์ธานี")


@pytest.fixture()
def env(built: BuildReport, tmp_path: Path) -> Iterator[tuple[EmbeddedStore, PlanService]]:
    with writable_store(built.store_dir, tmp_path / "store") as (store, service, _):
        yield store, service


def _import(service: PlanService, *, accept: bool, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return service.import_file(ImportRequest(data=_plan(), file_name="plan.xlsx", province="TH-84",
                                             imported_by="tests", dry_run=dry_run, accept_suggestions=accept))


def _curation(store: EmbeddedStore) -> set[ox.Quad]:
    return set(store.export([ns.CURATION_GRAPH]))


def test_rows_without_links_get_suggestions_in_the_summary_and_nothing_is_written(
    env: tuple[EmbeddedStore, PlanService],
) -> None:
    store, service = env
    curation_before = _curation(store)
    outcome = _import(service, accept=False)
    assert [row.item for row in outcome.suggestions] == [PROJECT]  # row 1 states every kind
    body = outcome.to_dict(with_report=False)
    row = body["suggestions"][0]
    assert row["status"] == "suggested, not stated" and row["sheet"] and row["row"] > 2
    assert row["master-plan"]["suggestions"][0]["iri"] == MP5
    assert row["success-factor"]["suggestions"][0]["iri"].endswith("/digital-technology")
    assert body["suggestions_accepted"] == 0
    text = "\n".join(outcome.summary())
    assert "suggested, not stated" in text and "not written" in text and "Tourism" in text
    assert _curation(store) == curation_before
    plan_links = {(q.subject.value, q.object.value) for q in store.export([ns.plan_graph("TH-84")])
                  if q.predicate.value == str(P40.contributesToMasterPlan)}
    assert (PROJECT, MP5) not in plan_links


def test_a_dry_run_with_accept_writes_nothing(env: tuple[EmbeddedStore, PlanService]) -> None:
    store, service = env
    before = all_quads(store)
    outcome = _import(service, accept=True, dry_run=True)
    assert outcome.suggestions and outcome.accepted == 0
    assert all_quads(store) == before


def test_accepted_suggestions_are_curated_links_by_the_suggester_weak_at_most(
    env: tuple[EmbeddedStore, PlanService],
) -> None:
    store, service = env
    outcome = _import(service, accept=True)
    assert outcome.accepted >= 3  # master plan 5, strategy 2, digital technology
    # what the server's validation is told the import changed: the plan and the curation
    assert outcome.validated_graphs_changed == (ns.plan_graph("TH-84"), ns.CURATION_GRAPH)
    assert _import(service, accept=False).validated_graphs_changed == (ns.plan_graph("TH-84"),)
    assert _import(service, accept=True, dry_run=True).validated_graphs_changed == ()
    curation = store.export([ns.CURATION_GRAPH])
    assert ox.Quad(ox.NamedNode(PROJECT), ox.NamedNode(str(P40.contributesToMasterPlan)), ox.NamedNode(MP5),
                   ox.NamedNode(ns.CURATION_GRAPH)) in curation
    links = {q.subject for q in curation if q.predicate.value == RDF + "subject" and q.object.value == PROJECT}
    assert len(links) == outcome.accepted
    for link in links:
        props: dict[str, list[ox.Term]] = {}
        for q in curation:
            if q.subject == link:
                props.setdefault(q.predicate.value, []).append(q.object)
        assert props[RDF + "type"] == [ox.NamedNode(str(P40.CuratedLink))]
        assert props["http://www.w3.org/ns/prov#wasAttributedTo"] == [ox.NamedNode(SUGGESTER_AGENT)]
        assert props[str(P40.confidence)] == [ox.NamedNode(ns.ID_BASE + "confidence/weak")]
        assert props[str(P40.meetsCriterion)][0].value.startswith(ns.ID_BASE + "criterion/")
        rationale = {lit.language: lit.value for lit in props[str(P40.rationale)]}  # type: ignore[union-attr]
        assert set(rationale) == {"th", "en"} and "accepted" in rationale["en"]
    assert "suggestions written as curated links" in "\n".join(outcome.summary())
    # the accepted links satisfy the provenance shapes (rationale, agent, time, criterion, confidence)
    report = service.importer.validator().validate(
        from_plan_quads(store, "TH-84", tuple(store.export([ns.plan_graph("TH-84")]))))
    provenance = [f for f in report.findings if "suggested-" in str(getattr(f, "focus_node", ""))]
    assert provenance == []
    # importing the same file again with accept keeps one description per link
    again = _import(service, accept=True)
    curation_again = store.export([ns.CURATION_GRAPH])
    assert again.accepted == outcome.accepted
    assert {q.subject for q in curation_again if q.predicate.value == RDF + "subject" and q.object.value == PROJECT} == links
    times = [q for q in curation_again if q.subject in links and q.predicate.value.endswith("generatedAtTime")]
    assert len(times) == len(links)


def test_the_import_command_takes_accept_suggestions(built: BuildReport, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    store_dir = tmp_path / "store"
    shutil.copytree(built.store_dir, store_dir)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(_plan())
    code = main(["import", str(path), "--province", "TH-84", "--store", str(store_dir), "--dry-run"])
    out = capsys.readouterr().out
    assert code in (0, 1) and "suggested, not stated" in out and "nothing written" in out
