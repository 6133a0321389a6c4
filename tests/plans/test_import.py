"""Importing plan spreadsheets: every written form the issue names, and the store unchanged after every
refusal (compared quad for quad). Spreadsheets are built here; none is committed."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.errors import FileRefused, SpreadsheetRejected
from province40.loading import BuildReport
from province40.namespaces import P40
from province40.plans.service import PlanService
from province40.store.embedded import EmbeddedStore
from tests.plans.sheets import (
    ENGLISH_HEADERS,
    THAI_HEADERS,
    all_quads,
    csv_bytes,
    project_row,
    run_import,
    writable_store,
    xlsx,
)

Env = tuple[EmbeddedStore, PlanService]


@pytest.fixture(scope="module")
def env(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    with writable_store(built.store_dir, tmp_path_factory.mktemp("imports") / "store") as (store, service, _):
        yield store, service


def _values(store: EmbeddedStore, subject: str, predicate: str, graph: str) -> list[ox.Term]:
    return [
        q.object
        for q in store.export([graph])
        if q.subject == ox.NamedNode(subject) and q.predicate == ox.NamedNode(predicate)
    ]


def _refused(env: Env, data: bytes, error: type[Exception], *, name: str = "plan.xlsx") -> Exception:
    store, service = env
    before = all_quads(store)
    with pytest.raises(error) as caught:
        run_import(service, data, name=name)
    assert all_quads(store) == before  # quad for quad
    return caught.value


def test_thai_headers_with_a_merged_title_blank_rows_and_trailing_notes(env: Env) -> None:
    store, service = env
    data = xlsx(
        [
            THAI_HEADERS,
            project_row(1),
            [],
            [],
            project_row(2),
            [],
            ["หมายเหตุ: ข้อมูล ณ เดือนกันยายน 2567"],
            ["ที่มา: สำนักงานจังหวัด"],
        ],
        title="แผนพัฒนาจังหวัด 4.0 จังหวัดสุราษฎร์ธานี",
        merge_title=True,
    )
    outcome = run_import(service, data, province="TH-84")
    assert outcome.written and outcome.counts["projects"] == 2
    assert len(outcome.notices) == 2 and all("note" in n for n in outcome.notices)
    project = ns.ID_BASE + "project/TH-84-P01"
    graph = ns.plan_graph("TH-84")
    assert ox.Literal("โครงการทดสอบที่ 1", language="th") in _values(
        store, project, "http://www.w3.org/2000/01/rdf-schema#label", graph
    )
    assert {t.value for t in _values(store, project, str(P40.servesDimension), graph)} == {
        ns.ID_BASE + "dimension/open-connected",
        ns.ID_BASE + "dimension/citizen-centric",
        ns.ID_BASE + "dimension/smart-high-performance",
    }
    assert len(_values(store, project, str(P40.appliesSuccessFactor), graph)) == 3


def test_english_headers_in_shuffled_order(env: Env) -> None:
    _, service = env
    order = [3, 0, 15, 8, 1, 13, 2, 9, 4, 12, 5, 11, 6, 10, 7, 14]
    rows = [[ENGLISH_HEADERS[i] for i in order]] + [[project_row(n)[i] for i in order] for n in (1, 2, 3)]
    outcome = run_import(service, xlsx(rows), province="TH-33", dry_run=True)
    draft_counts = outcome.counts
    assert draft_counts["projects"] == 3 and draft_counts["indicators"] == 3 and draft_counts["data_sources"] == 3
    assert draft_counts["links"] == 3 * 8


def test_thai_digits_be_and_ce_years_and_fiscal_years(env: Env) -> None:
    store, service = env
    rows = [
        ["ปีเริ่มต้นของแผน (พ.ศ.)", "๒๕๖๖"],
        ["ปีสิ้นสุดของแผน (พ.ศ.)", "2027"],
        [],
        THAI_HEADERS,
        project_row(1, code="๐๑", year="๒๕๖๘", target="๑,๒๐๐"),
        project_row(2, year="FY2026"),
        project_row(3, year="30 ก.ย. 2569"),
        project_row(4, year=2025),
    ]
    outcome = run_import(service, xlsx(rows), province="TH-11")
    graph = ns.plan_graph("TH-11")
    plan = outcome.plan
    assert _values(store, plan, str(P40.firstYearBE), graph) == [
        ox.Literal("2566", datatype=ox.NamedNode(ns.PREFIXES["xsd"] + "integer"))
    ]
    assert [t.value for t in _values(store, plan, str(P40.lastYearBE), graph)] == ["2570"]
    years = {}
    for quad in store.export([graph]):
        if quad.predicate == ox.NamedNode(str(P40.targetFiscalYearBE)):
            years[quad.subject.value.rsplit("-", 1)[0].rsplit("TH-11-", 1)[-1]] = int(quad.object.value)
    assert sorted(years.values()) == [2568, 2568, 2569, 2569]
    targets = [q.object.value for q in store.export([graph]) if q.predicate == ox.NamedNode(str(P40.targetValue))]
    assert "1200" in targets
    assert ns.ID_BASE + "project/TH-11-01" in {q.subject.value for q in store.export([graph])}


@pytest.mark.parametrize(
    "written", [1500000, 1500000.0, "1500000", "1,500,000", "1.5 ล้านบาท", "๑,๕๐๐,๐๐๐ บาท", "฿1.5M", "1,500,000.00 บาท"]
)
def test_a_budget_in_each_written_form_is_1_500_000_baht(env: Env, written: object) -> None:
    _, service = env
    outcome = run_import(service, xlsx([THAI_HEADERS, project_row(1, budget=written)]), province="TH-30", dry_run=True)
    budgets = [
        i.budget
        for i in service.importer.read(
            _request(xlsx([THAI_HEADERS, project_row(1, budget=written)])), service.importer.concepts()
        )[0].draft.items
    ]
    assert budgets == [Decimal(1500000)]
    assert outcome.counts["projects"] == 1


def _request(data: bytes) -> object:
    from province40.plans.importer import ImportRequest

    return ImportRequest(data=data, file_name="plan.xlsx", province="TH-30", imported_by="tests")


def test_a_wrong_label_is_an_error_naming_the_nearest_concept(env: Env) -> None:
    row = project_row(1)
    row[7] = "ยุทธศาสตร์ที่ 2 การสร้างความสามารถในการแข่งขนั"  # a typo: never silently mapped
    error = _refused(env, xlsx([THAI_HEADERS, row]), SpreadsheetRejected)
    assert isinstance(error, SpreadsheetRejected)
    [problem] = error.problems
    assert problem["row"] == 2 and problem["column"] == "H" and problem["field"]["en"] == "National strategies"
    assert problem["suggestions"][0].startswith("2 ยุทธศาสตร์ชาติด้านการสร้างความสามารถในการแข่งขัน")
    assert "ไม่ตรงกับ" in problem["message_th"] and "matches no national strategy" in problem["message_en"]


def test_two_bad_rows_are_both_reported(env: Env) -> None:
    first, second = project_row(1, budget="หนึ่งล้าน"), project_row(2)
    second[4] = "มิติที่ 4"
    error = _refused(env, xlsx([THAI_HEADERS, first, project_row(3), second]), SpreadsheetRejected)
    assert isinstance(error, SpreadsheetRejected)
    assert [(p["row"], p["column"]) for p in error.problems] == [(2, "I"), (4, "E")]
    assert "แถว 2" in error.message and "row 4" in error.message


@pytest.mark.parametrize("encoding", ["cp874", "utf-8-sig", "utf-8"])
def test_csv_in_thai_code_page_utf8_with_and_without_bom(env: Env, encoding: str) -> None:
    _, service = env
    data = csv_bytes([THAI_HEADERS, project_row(1, budget="1,500,000"), project_row(2)], encoding=encoding)
    outcome = run_import(service, data, province="TH-72", name="plan.csv", dry_run=True)
    assert outcome.encoding == encoding and outcome.file_kind == "csv"
    draft = service.importer.read(_request(data), service.importer.concepts())[0].draft
    assert draft.items[0].title_th == "โครงการทดสอบที่ 1"


def test_random_bytes_are_not_a_spreadsheet(env: Env) -> None:
    error = _refused(env, os.urandom(4096), FileRefused)
    assert isinstance(error, FileRefused) and error.reason == "not_a_spreadsheet"
    assert "ไม่ใช่ไฟล์ตาราง" in error.message and "not a spreadsheet" in error.message


def test_an_oversized_file_is_refused_by_its_size(env: Env) -> None:
    _, service = env
    data = xlsx([THAI_HEADERS] + [project_row(n) for n in range(1, 5)])
    limited = PlanService(
        service.store, service.importer.settings.model_copy(update={"max_import_bytes": len(data) - 1})
    )
    before = all_quads(env[0])
    with pytest.raises(FileRefused) as caught:
        run_import(limited, data)
    assert caught.value.reason == "too_large" and caught.value.setting == "max_import_bytes"
    assert all_quads(env[0]) == before


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(env: Env) -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"0" * (80 * 1024 * 1024),
        }
    )
    assert len(bomb) < 200 * 1024
    error = _refused(env, bomb, FileRefused)
    assert isinstance(error, FileRefused) and error.reason == "zip_bomb"


def _with_part(data: bytes, name: str, body: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, body)
    return buffer.getvalue()


def test_macros_and_external_links_are_refused(env: Env) -> None:
    plain = xlsx([THAI_HEADERS, project_row(1)])
    macro = _refused(env, _with_part(plain, "xl/vbaProject.bin", b"\x00" * 64), FileRefused)
    links = _refused(env, _with_part(plain, "xl/externalLinks/externalLink1.xml", b"<externalLink/>"), FileRefused)
    assert isinstance(macro, FileRefused) and macro.reason == "macros"
    assert isinstance(links, FileRefused) and links.reason == "external_links"


def test_a_file_of_another_province_and_a_missing_header_are_refused(env: Env) -> None:
    other = _refused(env, xlsx([["จังหวัด", "ศรีสะเกษ (TH-33)"], [], THAI_HEADERS, project_row(1)]), SpreadsheetRejected)
    assert "TH-33" in other.message
    nothing = _refused(env, xlsx([["a", "b"], [1, 2]]), SpreadsheetRejected)
    assert "no header row" in nothing.message


def test_dry_run_writes_nothing_and_every_import_is_a_new_version(env: Env) -> None:
    store, service = env
    data = xlsx([THAI_HEADERS, project_row(1), project_row(2)])
    before = all_quads(store)
    preview = run_import(service, data, province="TH-85", dry_run=True)
    assert not preview.written and all_quads(store) == before
    first = run_import(service, data, province="TH-85")
    second = run_import(service, data, province="TH-85", name="again.xlsx")
    assert (preview.number, first.number, second.number) == (1, 1, 2)
    assert first.same_content_as is None and second.same_content_as == first.plan
    versions = service.versions("TH-85")
    assert [(v.number, v.current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].graph == ns.plan_version_graph("TH-85", 1)
    assert versions[1].stored.file_name == "again.xlsx" and versions[1].stored.imported_by == "tests"
    assert versions[1].stored.digest is not None and len(versions[1].stored.digest) == 64
    # what the province page shows comes from the import records alone, and says the same
    keys = ("number", "current", "graph", "plan", "label", "imported_at", "imported_by", "file_name")
    assert list(service.version_headers("TH-85")) == [{k: v.to_dict()[k] for k in keys} for v in versions]
    assert service.version_headers("TH-10") == ()


def test_links_are_stated_by_the_province_with_file_and_row_never_curated(env: Env) -> None:
    store, service = env
    outcome = run_import(service, xlsx([THAI_HEADERS, project_row(1)]), province="TH-86")
    quads = store.export([ns.plan_graph("TH-86")])
    types = {q.object.value for q in quads if q.predicate.value.endswith("#type")}
    assert str(P40.StatedLink) in types and str(P40.CuratedLink) not in types
    rows = {int(q.object.value) for q in quads if q.predicate == ox.NamedNode(str(P40.sourceRow))}
    assert 2 in rows
    source = ns.ID_BASE + "source/import-TH-86-version-1"
    assert ox.NamedNode(ns.province_iri("TH-86")) in _values(
        store, source, "http://purl.org/dc/terms/creator", outcome.graph
    )
    assert not [q for q in store.export([ns.CURATION_GRAPH]) if "TH-86" in q.subject.value]


def test_rows_over_the_limit_are_refused(env: Env) -> None:
    _, service = env
    limited = PlanService(service.store, service.importer.settings.model_copy(update={"max_import_rows": 10}))
    with pytest.raises(FileRefused) as caught:
        run_import(
            limited, csv_bytes([THAI_HEADERS] + [project_row(n) for n in range(1, 20)], encoding="utf-8"), name="p.csv"
        )
    assert caught.value.setting == "max_import_rows"


def test_the_thai_and_english_headers_name_the_same_fields() -> None:
    from province40.spreadsheet.layout import ITEM_HEADERS, match_header

    thai = [match_header(h, ITEM_HEADERS) for h in THAI_HEADERS]
    english = [match_header(h, ITEM_HEADERS) for h in ENGLISH_HEADERS]
    assert thai == english and None not in thai and len(set(thai)) == len(thai)
