"""Write a plan workbook in the template's layout: the empty template with one example row
(``province40 template``) and a stored version (``province40 export``) are the same layout, so an
export can be edited and imported again.

Sheets: the plan (title row, plan block, header, items), the instructions in Thai and English, and a
hidden sheet of the lists the drop-downs (data validation) offer, generated from the graph's
provinces, dimensions, success factors, master plans and strategies. A drop-down warns but accepts a
typed value, so several values can be written in one cell (separated by new lines or ';').
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from province40.plans.model import ItemDraft, ItemKind, PlanDraft
from province40.spreadsheet.concepts import ConceptIndex, Scheme
from province40.spreadsheet.layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    ITEM_FIELDS,
    PLAN_BLOCK_FIRST_ROW,
    PLAN_FIELDS,
    TITLE_ROW,
)

DATA_VALIDATION_ROWS = 300
Written = str | int | float | None
"""A value written into a cell."""
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_PLAN_FILL = PatternFill("solid", fgColor="DDEBF7")
_EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_LIST_SCHEMES = (Scheme.PROVINCE, Scheme.DIMENSION, Scheme.FACTOR, Scheme.MASTER_PLAN, Scheme.STRATEGY)
_LINK_SCHEME = {
    "dimensions": Scheme.DIMENSION,
    "factors": Scheme.FACTOR,
    "master_plans": Scheme.MASTER_PLAN,
    "strategies": Scheme.STRATEGY,
    "plan_dimensions": Scheme.DIMENSION,
    "plan_factors": Scheme.FACTOR,
}
_PREDICATE_FIELD = {
    "https://w3id.org/province40/ontology#servesDimension": "dimensions",
    "https://w3id.org/province40/ontology#appliesSuccessFactor": "factors",
    "https://w3id.org/province40/ontology#contributesToMasterPlan": "master_plans",
    "https://w3id.org/province40/ontology#contributesToStrategy": "strategies",
}


def sheet_names(lang: str) -> tuple[str, str, str]:
    """(plan, instructions, lists) sheet names."""
    return ("แผน", "คำแนะนำ", "รายการ") if lang == "th" else ("Plan", "Instructions", "Lists")


def example_plan(province: str, concepts: ConceptIndex) -> PlanDraft:
    """The template's one example row (marked as an example, to be replaced)."""
    from province40.plans.model import DataSourceDraft, IndicatorDraft, LinkDraft

    def link(predicate_field: str, scheme: Scheme, notation: str) -> LinkDraft:
        concept = next(c for c in concepts.concepts(scheme) if c.notation == notation)
        predicate = next(p for p, f in _PREDICATE_FIELD.items() if f == predicate_field)
        return LinkDraft(predicate=predicate, target=concept.iri)

    item = ItemDraft(
        kind=ItemKind.PROJECT,
        code="EX-01",
        local_name=f"{province}-EX-01",
        sequence=1,
        title_th="(ตัวอย่าง) ส่งเสริมการท่องเที่ยวชุมชนด้วยแพลตฟอร์มดิจิทัล",
        title_en="(Example) Promoting community tourism with a digital platform",
        links=(
            link("dimensions", Scheme.DIMENSION, "2"),
            link("factors", Scheme.FACTOR, "1"),
            link("factors", Scheme.FACTOR, "3"),
            link("master_plans", Scheme.MASTER_PLAN, "5"),
            link("strategies", Scheme.STRATEGY, "2"),
        ),
        budget=Decimal(1_500_000),
        indicators=(
            IndicatorDraft(
                name_th="จำนวนนักท่องเที่ยวที่จองผ่านแพลตฟอร์ม",
                name_en="Visitors booking through the platform",
                target=5000,
                unit="คน",
                target_year=2568,
            ),
        ),
        sources=(
            DataSourceDraft(
                name_th="สถิตินักท่องเที่ยว สำนักงานการท่องเที่ยวและกีฬาจังหวัด",
                name_en="Visitor statistics, provincial tourism and sports office",
            ),
        ),
    )
    return PlanDraft(province=province, title_th=None, title_en=None, items=(item,))


def _concept_cell(iris: list[str], concepts: ConceptIndex, lang: str) -> str | None:
    shown = []
    for iri in iris:
        concept = concepts.by_iri(iri)
        shown.append(concept.display(lang) if concept is not None else iri)
    return "\n".join(shown) or None


def _number(value: int | Decimal | str | None) -> int | float | str | None:
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return int(value)
        return float(value) if Decimal(str(float(value))) == value else format(value, "f")
    return value


def _item_rows(item: ItemDraft, concepts: ConceptIndex, lang: str) -> list[dict[str, Written]]:
    first: dict[str, Written] = {
        "sequence": item.sequence,
        "type": item.kind.name_in(lang),
        "code": item.code,
        "title_th": item.title_th,
        "title_en": item.title_en,
        "issue": item.issue_code,
        "budget": _number(item.budget),
    }
    for field_key in ("dimensions", "factors", "master_plans", "strategies"):
        iris = [link.target for link in item.links if _PREDICATE_FIELD.get(link.predicate) == field_key]
        first[field_key] = _concept_cell(iris, concepts, lang)
    rows = [first]
    for index in range(max(len(item.indicators), len(item.sources))):
        row = rows[index] if index < len(rows) else {}
        if index < len(item.indicators):
            indicator = item.indicators[index]
            row.update(
                {
                    "indicator_th": indicator.name_th,
                    "indicator_en": indicator.name_en,
                    "target": _number(indicator.target),
                    "unit": indicator.unit,
                    "target_year": indicator.target_year,
                }
            )
        if index < len(item.sources):
            row.update({"source_th": item.sources[index].name_th, "source_en": item.sources[index].name_en})
        if index >= len(rows):
            rows.append(row)
    return rows


def write_workbook(draft: PlanDraft, concepts: ConceptIndex, *, lang: str = "th", example: bool = False) -> bytes:
    """The plan in the template's layout, as XLSX bytes."""
    book = Workbook()
    plan_name, help_name, lists_name = sheet_names(lang)
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = plan_name
    lists = book.create_sheet(lists_name)
    ranges = _write_lists(lists, concepts, lang)
    lists.sheet_state = "hidden"
    _write_plan_sheet(sheet, draft, concepts, lang, example, ranges)
    _write_instructions(book.create_sheet(help_name, 1), lang)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _write_lists(lists: Worksheet, concepts: ConceptIndex, lang: str) -> dict[str, str]:
    ranges: dict[str, str] = {}
    columns = [*(s.value for s in _LIST_SCHEMES), "type"]
    for index, key in enumerate(columns, start=1):
        letter = get_column_letter(index)
        if key == "type":
            values = [ItemKind.PROJECT.name_in(lang), ItemKind.ISSUE.name_in(lang)]
            title = "ประเภท / Type"
        else:
            scheme = Scheme(key)
            values = [c.display(lang) for c in concepts.concepts(scheme)]
            title = f"{scheme.name('th')} / {scheme.name('en')}"
        lists.cell(row=1, column=index, value=title)
        for row, value in enumerate(values, start=2):
            lists.cell(row=row, column=index, value=value)
        ranges[key] = f"'{lists.title}'!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _validation(ranges: dict[str, str], key: str, lang: str) -> DataValidation:
    th = lang == "th"
    return DataValidation(
        type="list",
        formula1=f"={ranges[key]}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        errorTitle="ค่านอกรายการ" if th else "Not in the list",
        error=(
            "ค่านี้ไม่อยู่ในรายการ: ใส่ได้หลายค่าคั่นด้วย ; แต่ทุกค่าต้องเป็นเลขหรือชื่อในรายการ"
            if th
            else "Not in the list: several values may be separated by ';', each a number or name from the list"
        ),
    )


def _write_plan_sheet(
    sheet: Worksheet, draft: PlanDraft, concepts: ConceptIndex, lang: str, example: bool, ranges: dict[str, str]
) -> None:
    th = lang == "th"
    title = (
        "แผนพัฒนาจังหวัด 4.0 — แบบฟอร์มนำเข้า / Province 4.0 development plan — import template"
        if th
        else "Province 4.0 development plan — import template / แผนพัฒนาจังหวัด 4.0 — แบบฟอร์มนำเข้า"
    )
    sheet.cell(row=TITLE_ROW, column=1, value=title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=8)
    hint = (
        "กรอกข้อมูลแผนด้านล่าง แล้วกรอกหนึ่งแถวต่อหนึ่งโครงการใต้หัวตาราง (ดูแผ่นงาน 'คำแนะนำ')"
        if th
        else "Fill in the plan below, then one row per project under the header (see the 'Instructions' sheet)"
    )
    sheet.cell(row=TITLE_ROW + 1, column=1, value=hint).font = Font(italic=True, color="555555")
    province = concepts.by_iri(f"https://w3id.org/province40/id/province/{draft.province}")
    values: dict[str, Written] = {
        "province": province.display(lang) if province is not None and not example else None,
        "plan_title_th": draft.title_th,
        "plan_title_en": draft.title_en,
        "first_year": draft.first_year,
        "last_year": draft.last_year,
        "plan_dimensions": _concept_cell(
            [lk.target for lk in draft.links if lk.predicate.endswith("servesDimension")], concepts, lang
        ),
        "plan_factors": _concept_cell(
            [lk.target for lk in draft.links if lk.predicate.endswith("appliesSuccessFactor")], concepts, lang
        ),
    }
    for offset, field in enumerate(PLAN_FIELDS):
        row = PLAN_BLOCK_FIRST_ROW + offset
        label = sheet.cell(row=row, column=1, value=f"{field.name(lang)} / {field.name('en' if th else 'th')}")
        label.font = Font(bold=True)
        label.fill = _PLAN_FILL
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=5)
        cell = sheet.cell(row=row, column=2, value=values[field.key])
        cell.alignment = _WRAP
        scheme = _LINK_SCHEME.get(field.key)
        list_key = "province" if field.key == "province" else (scheme.value if scheme else None)
        if list_key:
            validation = _validation(ranges, list_key, lang)
            sheet.add_data_validation(validation)
            validation.add(f"B{row}")
    for column, field in enumerate(ITEM_FIELDS, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=column, value=field.header(lang))
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        sheet.column_dimensions[get_column_letter(column)].width = max(field.width, 14 if column == 1 else 0)
        list_key = (
            "type" if field.key == "type" else (_LINK_SCHEME[field.key].value if field.key in _LINK_SCHEME else None)
        )
        if list_key:
            validation = _validation(ranges, list_key, lang)
            sheet.add_data_validation(validation)
            letter = get_column_letter(column)
            validation.add(f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + DATA_VALIDATION_ROWS}")
    sheet.column_dimensions["A"].width = 46
    sheet.row_dimensions[HEADER_ROW].height = 48
    sheet.page_setup.orientation = "landscape"  # printed (and rendered to PDF) one page wide
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    row = FIRST_DATA_ROW
    for item in draft.items:
        for values_row in _item_rows(item, concepts, lang):
            for column, field in enumerate(ITEM_FIELDS, start=1):
                value = values_row.get(field.key)
                if value is None:
                    continue
                cell = sheet.cell(row=row, column=column, value=value)
                cell.alignment = _WRAP
                if field.key == "budget" and isinstance(value, int | float):
                    cell.number_format = "#,##0.##"
                if example:
                    cell.fill = _EXAMPLE_FILL
            row += 1
    sheet.freeze_panes = f"D{FIRST_DATA_ROW}"


_STEPS = (
    (
        "กรอกข้อมูลแผนในแถวบนของแผ่นงาน 'แผน' (จังหวัด ชื่อแผนภาษาไทยและอังกฤษ ปีเริ่มต้นและสิ้นสุด มิติและปัจจัยความสำเร็จของทั้งแผน)",
        "Fill in the plan in the top rows of the 'Plan' sheet (province, Thai and English titles, first and last year, "
        "dimensions and success factors of the whole plan).",
    ),
    (
        "แทนแถวตัวอย่าง (สีเหลือง) ด้วยโครงการของจังหวัด หนึ่งแถวต่อหนึ่งโครงการหรือประเด็นการพัฒนา",
        "Replace the example row (yellow) with the province's projects: one row per project or development line.",
    ),
    (
        "ตัวชี้วัดหรือแหล่งข้อมูลที่สองขึ้นไป ใส่ในแถวถัดไปโดยเว้นชื่อโครงการว่าง (หรือใช้รหัสโครงการเดิม)",
        "A second indicator or data source goes on the next row with the title left empty (or the same project code).",
    ),
    (
        "มิติ ปัจจัยความสำเร็จ แผนแม่บท และยุทธศาสตร์ชาติ เลือกจากรายการหรือพิมพ์เลข/ชื่อ หลายค่าคั่นด้วย ; หรือขึ้นบรรทัดใหม่ "
        "ค่าที่ไม่ตรงกับรายการจะถูกแจ้งพร้อมค่าที่ใกล้เคียง ไม่มีการเดา",
        "Dimensions, success factors, master plans and strategies: pick from the list or type "
        "numbers or names; several "
        "values separated by ';' or new lines. A value matching nothing is reported with the nearest "
        "ones, never guessed.",
    ),
    (
        "ปีเขียนเป็น พ.ศ. หรือ ค.ศ. ได้ (ปีสี่หลักที่มากกว่า 2400 คือ พ.ศ.) ปีงบประมาณเริ่ม 1 ตุลาคม ตัวเลขไทยหรืออารบิกก็ได้ "
        "งบประมาณเขียนได้ เช่น 1500000, 1,500,000, 1.5 ล้านบาท, ๑,๕๐๐,๐๐๐ บาท",
        "Years in B.E. or C.E. (a four-digit year above 2400 is B.E.); the fiscal year starts on 1 October; Thai or "
        "Arabic digits; budgets such as 1500000, 1,500,000, 1.5 ล้านบาท or ๑,๕๐๐,๐๐๐ บาท.",
    ),
    (
        "บันทึกเป็น .xlsx (หรือ .csv แบบ UTF-8 หรือ TIS-620) แล้วนำเข้า: province40 import แผน.xlsx "
        "--province TH-NN --dry-run "
        "เพื่อตรวจก่อน แล้วนำเข้าจริงโดยไม่ใส่ --dry-run ปัญหาทั้งหมดของไฟล์จะแจ้งพร้อมกัน ระบุแผ่นงาน แถว และคอลัมน์",
        "Save as .xlsx (or .csv in UTF-8 or TIS-620) and import: province40 import plan.xlsx "
        "--province TH-NN --dry-run "
        "to check first, then without --dry-run. All problems of the file are reported together, "
        "with sheet, row and column.",
    ),
    (
        "การนำเข้าแต่ละครั้งเป็นฉบับใหม่ ฉบับก่อนหน้ายังอยู่ ดูรายการฉบับด้วย province40 versions และความเปลี่ยนแปลงด้วย province40 diff",
        "Each import is a new version; earlier versions stay. List them with province40 versions, "
        "compare with province40 diff.",
    ),
)


def _write_instructions(sheet: Worksheet, lang: str) -> None:
    th_first = lang == "th"
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 70
    heads = ("คำแนะนำ", "Instructions") if th_first else ("Instructions", "คำแนะนำ")
    sheet.cell(row=1, column=1, value=" / ".join(heads)).font = Font(bold=True, size=14)
    row = 3
    for number, (th, en) in enumerate(_STEPS, start=1):
        sheet.cell(row=row, column=1, value=str(number)).font = Font(bold=True)
        for column, text in ((2, th if th_first else en), (3, en if th_first else th)):
            sheet.cell(row=row, column=column, value=text).alignment = _WRAP
        row += 1
    row += 1
    for column, text in enumerate(
        ("คอลัมน์ / Column", "ภาษาไทย", "English") if th_first else ("Column / คอลัมน์", "English", "ภาษาไทย"), start=1
    ):
        sheet.cell(row=row, column=column, value=text).font = Font(bold=True)
    for field in (*PLAN_FIELDS, *ITEM_FIELDS):
        row += 1
        sheet.cell(row=row, column=1, value=f"{field.name(lang)} / {field.name('en' if th_first else 'th')}")
        pair = (field.help_th, field.help_en) if th_first else (field.help_en, field.help_th)
        sheet.cell(row=row, column=2, value=pair[0]).alignment = _WRAP
        sheet.cell(row=row, column=3, value=pair[1]).alignment = _WRAP


def sheet_rows(draft: PlanDraft, concepts: ConceptIndex, *, lang: str = "th") -> list[list[object]]:
    """The plan sheet as rows of values (the CSV export), row for row as :func:`write_workbook` lays it out."""
    th = lang == "th"
    rows: list[list[object]] = [["แผนพัฒนาจังหวัด 4.0 / Province 4.0 development plan"], []]
    province = concepts.by_iri(f"https://w3id.org/province40/id/province/{draft.province}")
    values: dict[str, Written] = {
        "province": province.display(lang) if province is not None else draft.province,
        "plan_title_th": draft.title_th,
        "plan_title_en": draft.title_en,
        "first_year": draft.first_year,
        "last_year": draft.last_year,
        "plan_dimensions": _concept_cell(
            [lk.target for lk in draft.links if lk.predicate.endswith("servesDimension")], concepts, lang
        ),
        "plan_factors": _concept_cell(
            [lk.target for lk in draft.links if lk.predicate.endswith("appliesSuccessFactor")], concepts, lang
        ),
    }
    for field in PLAN_FIELDS:
        rows.append([f"{field.name(lang)} / {field.name('en' if th else 'th')}", values[field.key]])
    rows.append([])
    rows.append([field.header(lang) for field in ITEM_FIELDS])
    for item in draft.items:
        for values_row in _item_rows(item, concepts, lang):
            rows.append([values_row.get(field.key) for field in ITEM_FIELDS])
    assert len(rows) >= HEADER_ROW  # the header is at HEADER_ROW, as in the workbook
    return rows
