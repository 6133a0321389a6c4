"""Write a stored plan version in the template's layout, as XLSX or CSV (UTF-8 with a BOM, so Excel
reads Thai), ready to be edited and imported again: export → import gives an isomorphic plan graph
(the version's own identifiers aside; see ``tests/plans/test_export.py``)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Literal

from province40.plans.model import PlanDraft
from province40.spreadsheet.concepts import ConceptIndex
from province40.spreadsheet.template import sheet_rows, write_workbook

ExportFormat = Literal["xlsx", "csv"]
MEDIA_TYPES: dict[str, str] = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@dataclass(frozen=True, kw_only=True)
class ExportedFile:
    """An exported plan."""

    data: bytes
    media_type: str
    file_name: str


def export_plan(
    draft: PlanDraft, concepts: ConceptIndex, *, fmt: ExportFormat, lang: str, version: int
) -> ExportedFile:
    """The plan as a spreadsheet file."""
    name = f"province40-plan-{draft.province}-v{version}.{fmt}"
    if fmt == "xlsx":
        return ExportedFile(
            data=write_workbook(draft, concepts, lang=lang), media_type=MEDIA_TYPES[fmt], file_name=name
        )
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in sheet_rows(draft, concepts, lang=lang):
        writer.writerow(["" if v is None else v for v in row])
    return ExportedFile(
        data=b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8"), media_type=MEDIA_TYPES[fmt], file_name=name
    )
