"""Where the table is: the header row (Thai or English headers, any order, any row), the plan block
above it, and what each column holds.

The header row is the first row in which at least three cells name item fields, one of them a title.
Rows above it are a title, notes, or the plan block (a cell naming a plan field, its value in the
next filled cell to the right). A column whose header names no field is an error when the header is
close to a known one (a typo would lose the column's values) and is otherwise ignored and listed in
the import summary.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from province40.spreadsheet.layout import ITEM_FIELD, ITEM_HEADERS, PLAN_FIELD, PLAN_HEADERS, header_key, match_header
from province40.spreadsheet.problems import Problem, ProblemLog
from province40.spreadsheet.reading import CellValue, Sheet
from province40.spreadsheet.values import cell_text

MIN_HEADER_FIELDS = 3
MAX_HEADER_SEARCH_ROWS = 40


@dataclass(frozen=True, kw_only=True)
class PlanValue:
    """One field of the plan block: its value and where it is."""

    key: str
    value: CellValue
    row: int
    column: int


@dataclass(frozen=True, kw_only=True)
class TableLayout:
    """The located table of one sheet."""

    sheet: Sheet
    header_row: int
    columns: dict[int, str]
    """1-based column → item field key."""
    ignored: dict[int, str]
    """1-based column → header text of a column that names no field (its values are not imported)."""
    plan: dict[str, PlanValue]


def _row_fields(values: tuple[CellValue, ...]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, value in enumerate(values, start=1):
        if isinstance(value, str):
            key = match_header(value, ITEM_HEADERS)
            if key is not None:
                found[index] = key
    return found


def find_table(sheets: tuple[Sheet, ...], log: ProblemLog) -> TableLayout | None:
    """The first sheet with a header row; records a problem (and returns None) when there is none."""
    for sheet in sheets:
        for number, values in enumerate(sheet.rows[:MAX_HEADER_SEARCH_ROWS], start=1):
            fields = _row_fields(values)
            keys = set(fields.values())
            if len(fields) >= MIN_HEADER_FIELDS and keys & {"title_th", "title_en"}:
                return _layout(sheet, number, values, fields, log)
    log.add(
        Problem(
            sheet=sheets[0].name if sheets else None,
            row=None,
            column=None,
            field_th=None,
            field_en=None,
            message_th="ไม่พบแถวหัวตาราง: ตารางต้องมีแถวหัวคอลัมน์ที่มีอย่างน้อย 'ชื่อโครงการ (ภาษาไทย)' และคอลัมน์อื่นของแบบฟอร์ม "
            "(ดาวน์โหลดแบบฟอร์มด้วย province40 template)",
            message_en="no header row found: the table needs a header row with at least 'Title (Thai)' and other "
            "columns of the template (get the template with province40 template)",
        )
    )
    return None


def _layout(
    sheet: Sheet, header_row: int, values: tuple[CellValue, ...], fields: dict[int, str], log: ProblemLog
) -> TableLayout:
    columns: dict[int, str] = {}
    ignored: dict[int, str] = {}
    seen: dict[str, int] = {}
    known_forms = list(ITEM_HEADERS)
    for column, value in enumerate(values, start=1):
        if value is None:
            continue
        text = cell_text(value)
        key = fields.get(column)
        if key is None:
            near = difflib.get_close_matches(header_key(text), known_forms, n=1, cutoff=0.8)
            if near:
                field = ITEM_FIELD[ITEM_HEADERS[near[0]]]
                log.add(
                    Problem(
                        sheet=sheet.name,
                        row=header_row,
                        column=column,
                        field_th=None,
                        field_en=None,
                        message_th=f"ไม่รู้จักหัวคอลัมน์ '{text}' (ถ้าเป็นคอลัมน์ '{field.th}' ให้แก้ชื่อหัวคอลัมน์ "
                        "มิฉะนั้นค่าในคอลัมน์นี้จะไม่ถูกนำเข้า)",
                        message_en=f"unknown column header '{text}' (if it is the column '{field.en}', correct the "
                        "header; otherwise its values would not be imported)",
                        suggestions=(f"{field.th} / {field.en}",),
                    )
                )
            else:
                ignored[column] = text
            continue
        if key in seen:
            field = ITEM_FIELD[key]
            log.add(
                Problem(
                    sheet=sheet.name,
                    row=header_row,
                    column=column,
                    field_th=field.th,
                    field_en=field.en,
                    message_th=f"มีคอลัมน์ '{field.th}' สองคอลัมน์ (คอลัมน์ที่ {seen[key]} และ {column}) ให้เหลือคอลัมน์เดียว",
                    message_en=f"two columns are '{field.en}' (columns {seen[key]} and {column}); keep one",
                )
            )
            continue
        seen[key] = column
        columns[column] = key
    return TableLayout(
        sheet=sheet, header_row=header_row, columns=columns, ignored=ignored, plan=_plan_block(sheet, header_row)
    )


def _plan_block(sheet: Sheet, header_row: int) -> dict[str, PlanValue]:
    found: dict[str, PlanValue] = {}
    for number in range(1, header_row):
        values = sheet.rows[number - 1]
        filled = [(i, v) for i, v in enumerate(values, start=1) if v is not None]
        if not filled or not isinstance(filled[0][1], str):
            continue
        key = match_header(filled[0][1], PLAN_HEADERS)
        if key is None or key in found:
            continue
        value_column, value = filled[1] if len(filled) > 1 else (filled[0][0] + 1, None)
        found[key] = PlanValue(key=key, value=value, row=number, column=value_column)
    return found


def plan_field_problem(value: PlanValue, sheet: str, th: str, en: str, suggestions: tuple[str, ...] = ()) -> Problem:
    """A problem with one plan-block field."""
    field = PLAN_FIELD[value.key]
    return Problem(
        sheet=sheet,
        row=value.row,
        column=value.column,
        field_th=field.th,
        field_en=field.en,
        message_th=th,
        message_en=en,
        suggestions=suggestions,
    )
