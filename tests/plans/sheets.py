"""Spreadsheets built inside the tests (never committed binaries), and a store a test may write to."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from openpyxl import Workbook, load_workbook

from province40.plans.importer import ImportOutcome, ImportRequest
from province40.plans.service import PlanService
from province40.settings import Settings
from province40.store.embedded import EmbeddedStore

THAI_HEADERS = [
    "ลำดับ",
    "รหัสโครงการ",
    "ชื่อโครงการ (ภาษาไทย)",
    "ชื่อโครงการ (ภาษาอังกฤษ)",
    "มิติระบบราชการ 4.0",
    "ปัจจัยความสำเร็จ",
    "แผนแม่บท",
    "ยุทธศาสตร์ชาติ",
    "งบประมาณ (บาท)",
    "ตัวชี้วัด (ภาษาไทย)",
    "ตัวชี้วัด (ภาษาอังกฤษ)",
    "ค่าเป้าหมาย",
    "หน่วยนับ",
    "ปีงบประมาณเป้าหมาย (พ.ศ.)",
    "แหล่งข้อมูล (ภาษาไทย)",
    "แหล่งข้อมูล (ภาษาอังกฤษ)",
]
ENGLISH_HEADERS = [
    "No.",
    "Project code",
    "Title (Thai)",
    "Title (English)",
    "Government 4.0 dimensions",
    "Success factors",
    "Master plans",
    "National strategies",
    "Budget (baht)",
    "Indicator (Thai)",
    "Indicator (English)",
    "Target value",
    "Unit",
    "Target fiscal year (B.E.)",
    "Data source (Thai)",
    "Data source (English)",
]


def project_row(
    number: int,
    *,
    code: str | None = None,
    title: str | None = None,
    budget: object = 1500000,
    year: object = 2568,
    target: object = 40,
) -> list[object]:
    """A complete project row in the order of THAI_HEADERS / ENGLISH_HEADERS."""
    return [
        number,
        code if code is not None else f"P{number:02d}",
        title or f"โครงการทดสอบที่ {number}",
        f"Test project {number}",
        "1; 2; 3",
        "การสร้างการมีส่วนร่วมทุกภาคส่วน\nInnovation\n3",
        "3",
        "2",
        budget,
        f"ตัวชี้วัดที่ {number}",
        f"Indicator {number}",
        target,
        "กลุ่ม",
        year,
        f"ทะเบียนข้อมูล {number}",
        f"Register {number}",
    ]


def xlsx(
    rows: Sequence[Sequence[object]], *, title: str | None = None, merge_title: bool = False, sheet: str = "แผน"
) -> bytes:
    """An XLSX with ``rows`` (after an optional title row, merged across when asked)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet
    start = 1
    if title is not None:
        ws.cell(row=1, column=1, value=title)
        if merge_title:
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
        start = 3
    for offset, row in enumerate(rows):
        for column, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=start + offset, column=column, value=value)  # type: ignore[arg-type]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: Sequence[Sequence[object]], *, encoding: str) -> bytes:
    """A CSV in ``encoding`` (``utf-8-sig`` writes the BOM)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue().encode(encoding)


def edit_xlsx(data: bytes, edit: object) -> bytes:
    """Open an XLSX with openpyxl, let ``edit(sheet)`` change it, save it again."""
    book = load_workbook(io.BytesIO(data))
    edit(book.worksheets[0])  # type: ignore[operator]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def all_quads(store: EmbeddedStore) -> set[ox.Quad]:
    """Every quad of the store (to compare before and after a refused import)."""
    return set(store.export(None))


@contextmanager
def writable_store(built_dir: Path, target: Path) -> Iterator[tuple[EmbeddedStore, PlanService, Settings]]:
    """A private copy of the built store with a writer process, and the plan service on it."""
    shutil.copytree(built_dir, target)
    settings = Settings(store_dir=target, workers=1)  # type: ignore[call-arg]
    store = EmbeddedStore(target, workers=1, writable=True)
    try:
        yield store, PlanService(store, settings), settings
    finally:
        store.close()


def run_import(
    service: PlanService,
    data: bytes,
    *,
    province: str = "TH-84",
    name: str = "plan.xlsx",
    dry_run: bool = False,
    by: str = "tests",
) -> ImportOutcome:
    """Import ``data`` through the service."""
    return service.import_file(
        ImportRequest(data=data, file_name=name, province=province, imported_by=by, dry_run=dry_run)
    )
