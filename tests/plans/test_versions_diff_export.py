"""Versions, diffs and exports: the template's example and a revised copy give exactly that diff; an
export imported again gives an isomorphic plan graph; the five programme plans come back as their
second versions with no gap change."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.loading import BuildReport
from province40.namespaces import P40
from province40.plans.diff import gap_key
from province40.plans.service import PlanService
from province40.spreadsheet.concepts import concept_index
from province40.spreadsheet.layout import FIRST_DATA_ROW, ITEM_FIELDS
from province40.spreadsheet.template import example_plan, write_workbook
from province40.store.embedded import EmbeddedStore
from tests.plans.sheets import edit_xlsx, run_import, writable_store

Env = tuple[EmbeddedStore, PlanService]


def finding_keys(findings: object, plans: set[str]) -> list[tuple[str, str, str, str]]:
    return sorted(gap_key(f, plans) for f in findings)  # type: ignore[attr-defined]


PROGRAMME = ("TH-11", "TH-30", "TH-33", "TH-72", "TH-84")
COLUMN = {f.key: i for i, f in enumerate(ITEM_FIELDS, start=1)}


@pytest.fixture(scope="module")
def env(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    with writable_store(built.store_dir, tmp_path_factory.mktemp("versions") / "store") as (store, service, _):
        yield store, service


def _template(store: EmbeddedStore, province: str) -> bytes:
    concepts = concept_index(store.export([ns.REFERENCE_GRAPH]))
    return write_workbook(example_plan(province, concepts), concepts, lang="th", example=True)


def test_the_template_example_and_a_revised_copy_show_exactly_that_diff(env: Env) -> None:
    store, service = env
    template = _template(store, "TH-81")

    def three_projects(sheet: object) -> None:  # the example row, then two more projects like it
        for offset, code in ((1, "EX-02"), (2, "EX-03")):
            for column in range(1, len(ITEM_FIELDS) + 1):
                value = sheet.cell(row=FIRST_DATA_ROW, column=column).value  # type: ignore[attr-defined]
                sheet.cell(row=FIRST_DATA_ROW + offset, column=column, value=value)  # type: ignore[attr-defined]
            sheet.cell(row=FIRST_DATA_ROW + offset, column=COLUMN["sequence"], value=offset + 1)  # type: ignore[attr-defined]
            sheet.cell(row=FIRST_DATA_ROW + offset, column=COLUMN["code"], value=code)  # type: ignore[attr-defined]
            sheet.cell(row=FIRST_DATA_ROW + offset, column=COLUMN["title_th"], value=f"โครงการตัวอย่างที่ {offset + 1}")  # type: ignore[attr-defined]
            sheet.cell(row=FIRST_DATA_ROW + offset, column=COLUMN["title_en"], value=f"Example project {offset + 1}")  # type: ignore[attr-defined]

    original = edit_xlsx(template, three_projects)
    assert run_import(service, template, province="TH-81").number == 1  # the template's example imports as it is
    first = run_import(service, original, province="TH-81", name="original.xlsx")

    def revise(sheet: object) -> None:
        cell = sheet.cell  # type: ignore[attr-defined]
        cell(row=FIRST_DATA_ROW + 1, column=COLUMN["title_th"], value="โครงการตัวอย่างที่ 2 (ปรับปรุง)")  # renamed
        for column in range(1, len(ITEM_FIELDS) + 1):  # the third project removed
            cell(row=FIRST_DATA_ROW + 2, column=column).value = None
        cell(row=FIRST_DATA_ROW, column=COLUMN["strategies"], value="2\n3")  # a link added
        cell(row=FIRST_DATA_ROW + 1, column=COLUMN["target"], value=7500)  # a target changed

    second = run_import(service, edit_xlsx(original, revise), province="TH-81", name="revised.xlsx")
    diff = service.diff("TH-81", first.number, second.number)
    assert [(c.kind, c.item.code if c.item else None) for c in diff.changes] == [
        ("item_removed", "EX-03"),
        ("link_added", "EX-01"),
        ("item_renamed", "EX-02"),
        ("target_changed", "EX-02"),
    ]
    assert diff.of_kind("link_added")[0].detail["target_iri"] == ns.ID_BASE + "strategy/3"
    assert diff.of_kind("target_changed")[0].detail["from"]["target"] == "5000"
    assert diff.of_kind("target_changed")[0].detail["to"]["target"] == "7500"
    assert diff.of_kind("item_renamed")[0].detail["to"]["th"] == "โครงการตัวอย่างที่ 2 (ปรับปรุง)"
    assert diff.gaps_before == diff.gaps_after == diff.gaps_unchanged and not diff.gaps_opened


def _canonical(quads: list[ox.Quad], version_local: str, plan: str) -> set[tuple[str, str, str]]:
    """The version's triples with its own identifiers put aside and the import record left out."""
    record = {
        str(P40.importedBy),
        str(P40.versionLabel),
        str(P40.sameContentAs),
        str(P40.contentDigest),
        "http://www.w3.org/ns/prov#generatedAtTime",
        "http://www.w3.org/ns/prov#wasRevisionOf",
    }
    source = f"{ns.ID_BASE}source/import-{version_local}"
    out = set()
    for quad in quads:
        if quad.predicate.value in record or (quad.subject.value == source and quad.predicate.value.endswith("#label")):
            continue
        out.add(
            tuple(
                re.sub(re.escape(version_local), "VERSION", str(t)).replace(plan, "PLAN")
                for t in (quad.subject, quad.predicate, quad.object)
            )
        )
    return out  # type: ignore[return-value]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_gives_an_isomorphic_plan_graph(env: Env, fmt: str) -> None:
    store, service = env
    province = "TH-82" if fmt == "xlsx" else "TH-83"
    original = _template(store, province)
    if fmt == "csv":  # the first version read from a CSV too
        run_import(service, original, province=province)
        csv_file = service.export(province, None, fmt="csv", lang="th")
        original = csv_file.data
    first = run_import(service, original, province=province, name=f"plan.{fmt}")
    exported = service.export(province, first.number, fmt=fmt, lang="th")  # type: ignore[arg-type]
    second = run_import(service, exported.data, province=province, name=exported.file_name)
    assert second.same_content_as == first.plan
    old = store.export([service.version(province, first.number).graph])
    new = store.export([service.version(province, second.number).graph])
    assert _canonical(list(old), f"{province}-version-{first.number}", first.plan) == _canonical(
        list(new), f"{province}-version-{second.number}", second.plan
    )
    # nothing lost: only the version record may add prov:wasRevisionOf and p40:sameContentAs
    assert len(new) == len(old) + (2 if first.previous is None else 0)


def test_the_five_programme_plans_come_back_as_second_versions_with_no_gap_change(env: Env) -> None:
    _store, service = env
    for code in PROGRAMME:
        before = service.report(code, service.version(code, None))
        exported = service.export(code, None, fmt="xlsx", lang="th")
        outcome = run_import(service, exported.data, province=code, name=exported.file_name)
        assert outcome.number == 2 and outcome.same_content_as is not None, code
        after = service.report(code, service.version(code, 2))
        plans = {service.version(code, 1).plan, outcome.plan}
        assert finding_keys(before.findings, plans) == finding_keys(after.findings, plans), code
        assert finding_keys(before.closed_by_curation, plans) == finding_keys(after.closed_by_curation, plans), code
        diff = service.diff(code)
        assert diff.changes == () and not diff.gaps_closed and not diff.gaps_opened, code
        earlier = service.version(code, 1)
        assert earlier.graph == ns.plan_version_graph(code, 1) and earlier.stored.label == "presented 2022-04-29"
