"""A plan spreadsheet read into a :class:`~province40.plans.model.PlanDraft`, every problem collected.

Rows under the header are read in order:

* a blank row separates items and is skipped;
* a row with a single text cell that starts like a note (หมายเหตุ, Note, ที่มา, *), or whose only
  cell has no column, is a note; a total row (รวม, Total) is skipped; both are listed in the summary;
* a row with a title or a code starts an item, unless its code is one already read (then it adds to
  that item); a row with neither, directly under an item, adds an indicator, a data source or links to
  it (the way merged cells read);
* every value is checked: numbers, years, fiscal years, budgets, and each dimension, success
  factor, master plan and strategy must map to exactly one concept of the graph.

Nothing is guessed silently: a value that maps to no concept is a problem naming the nearest
concepts, and all problems of the file are raised together (:class:`~province40.errors.SpreadsheetRejected`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from province40.namespaces import ISO_CODE_PATTERN, P40
from province40.plans.model import DataSourceDraft, IndicatorDraft, ItemDraft, ItemKind, LinkDraft, Location, PlanDraft
from province40.spreadsheet.concepts import ConceptIndex, Scheme, Unresolved
from province40.spreadsheet.headers import PlanValue, TableLayout, find_table, plan_field_problem
from province40.spreadsheet.layout import ITEM_FIELD
from province40.spreadsheet.problems import Problem, ProblemLog
from province40.spreadsheet.reading import CellValue, Workbook
from province40.spreadsheet.values import (
    ValueProblem,
    arabic_digits,
    cell_text,
    parse_budget,
    parse_fiscal_year,
    parse_integer,
    parse_target,
    parse_year,
)

LINK_FIELDS: dict[str, tuple[Scheme, str]] = {
    "dimensions": (Scheme.DIMENSION, str(P40.servesDimension)),
    "factors": (Scheme.FACTOR, str(P40.appliesSuccessFactor)),
    "master_plans": (Scheme.MASTER_PLAN, str(P40.contributesToMasterPlan)),
    "strategies": (Scheme.STRATEGY, str(P40.contributesToStrategy)),
}
PLAN_LINK_FIELDS: dict[str, tuple[Scheme, str]] = {
    "plan_dimensions": (Scheme.DIMENSION, str(P40.servesDimension)),
    "plan_factors": (Scheme.FACTOR, str(P40.appliesSuccessFactor)),
}
_KINDS = {
    "โครงการ": ItemKind.PROJECT,
    "project": ItemKind.PROJECT,
    "p": ItemKind.PROJECT,
    "ประเด็นการพัฒนา": ItemKind.ISSUE,
    "แนวทางการพัฒนา": ItemKind.ISSUE,
    "ประเด็นยุทธศาสตร์": ItemKind.ISSUE,
    "developmentline": ItemKind.ISSUE,
    "strategicissue": ItemKind.ISSUE,
    "issue": ItemKind.ISSUE,
}
_NOTE = re.compile(r"^(หมายเหตุ|ที่มา|note|notes|source\s*:|\*|※)", re.IGNORECASE)
_TOTAL = re.compile(r"^(รวม|รวมทั้งสิ้น|รวมทั้งหมด|total|grand\s*total|sum)\s*[:：]?$", re.IGNORECASE)
_FOREIGN_CODE = re.compile(r"^TH-[0-9]{2}-", re.IGNORECASE)


@dataclass(frozen=True, kw_only=True)
class ParsedPlan:
    """What a spreadsheet holds: the plan, the sheet it was read from, and what was skipped."""

    draft: PlanDraft
    sheet: str
    notices: tuple[str, ...]
    """Ignored columns, notes and total rows, in English and Thai (nothing is skipped silently)."""


@dataclass
class _Item:
    kind: ItemKind | None
    code: str | None
    sequence: int | None
    title_th: str | None
    title_en: str | None
    row: int
    issue_code: str | None = None
    links: list[LinkDraft] = field(default_factory=list)
    budget: Decimal | None = None
    indicators: list[IndicatorDraft] = field(default_factory=list)
    sources: list[DataSourceDraft] = field(default_factory=list)


class _Reader:
    def __init__(self, table: TableLayout, province: str, concepts: ConceptIndex, log: ProblemLog) -> None:
        self.table = table
        self.sheet = table.sheet.name
        self.province = province
        self.concepts = concepts
        self.log = log
        self.items: list[_Item] = []
        self.notices: list[str] = []

    # ------------------------------------------------------------ problems

    def problem(self, row: int, key: str | None, th: str, en: str, suggestions: tuple[str, ...] = ()) -> None:
        column = next((c for c, k in self.table.columns.items() if k == key), None) if key else None
        spec = ITEM_FIELD[key] if key else None
        self.log.add(
            Problem(
                sheet=self.sheet,
                row=row,
                column=column,
                field_th=spec.th if spec else None,
                field_en=spec.en if spec else None,
                message_th=th,
                message_en=en,
                suggestions=suggestions,
            )
        )

    def value_problem(self, row: int, key: str, error: ValueProblem) -> None:
        self.problem(row, key, error.th, error.en)

    # ------------------------------------------------------------ rows

    def read_rows(self) -> None:
        previous_blank = True
        current: _Item | None = None
        for number in range(self.table.header_row + 1, len(self.table.sheet.rows) + 1):
            values = self.table.sheet.rows[number - 1]
            filled: dict[int, CellValue] = {c: v for c, v in enumerate(values, start=1) if v is not None}
            if not filled:
                previous_blank = True
                continue
            row = {
                key: values[c - 1]
                for c, key in self.table.columns.items()
                if c <= len(values) and values[c - 1] is not None
            }
            if self._skipped(number, filled, row):
                previous_blank = True
                continue
            for column in filled:
                if column not in self.table.columns and column not in self.table.ignored:
                    self.log.add(
                        Problem(
                            sheet=self.sheet,
                            row=number,
                            column=column,
                            field_th=None,
                            field_en=None,
                            message_th=f"มีค่า '{cell_text(filled[column])}' ในคอลัมน์ที่ไม่มีหัวคอลัมน์ (ค่านี้จะสูญหาย) "
                            "ให้ย้ายไปคอลัมน์ที่ถูกต้องหรือลบออก",
                            message_en=f"a value '{cell_text(filled[column])}' in a column without a header "
                            "(it would be "
                            "lost); move it to the right column or delete it",
                        )
                    )
            if not row:
                previous_blank = False
                continue
            current = self._row(number, row, current, previous_blank)
            previous_blank = False

    def _skipped(self, number: int, filled: dict[int, CellValue], row: dict[str, CellValue]) -> bool:
        texts = [cell_text(v) for v in filled.values()]
        first = texts[0]
        if len(filled) == 1 and isinstance(next(iter(filled.values())), str):
            column = next(iter(filled))
            if (
                _NOTE.match(first)
                or column not in self.table.columns
                or (self.table.columns[column] in {"sequence", "type"} and len(first) > 20)
            ):
                self.notices.append(f"row {number}: note skipped / แถว {number}: ข้ามหมายเหตุ: {first[:60]}")
                return True
        title = cell_text(row.get("title_th") or row.get("title_en") or row.get("sequence") or row.get("code"))
        if _TOTAL.match(title) or (not title and any(_TOTAL.match(t) for t in texts)):
            self.notices.append(f"row {number}: total row skipped / แถว {number}: ข้ามแถวผลรวม")
            return True
        return False

    def _row(self, number: int, row: dict[str, CellValue], current: _Item | None, after_blank: bool) -> _Item | None:
        code = _code(row.get("code"))
        title_th = _text(row.get("title_th"))
        title_en = _text(row.get("title_en"))
        item: _Item | None
        if code is not None and (known := next((i for i in self.items if i.code == code), None)) is not None:
            item = known
            for key, new, old in (("title_th", title_th, item.title_th), ("title_en", title_en, item.title_en)):
                if new and old and new != old:
                    self.problem(
                        number,
                        key,
                        f"รหัส {code} ใช้กับสองรายการที่ชื่อต่างกัน (แถว {item.row} และ {number})",
                        f"the code {code} is used by two items with different titles (rows {item.row} and {number})",
                    )
        elif code is not None or title_th or title_en or "sequence" in row or "type" in row:
            item = _Item(kind=None, code=code, sequence=None, title_th=title_th, title_en=title_en, row=number)
            self.items.append(item)
            if not (title_th or title_en):
                self.problem(
                    number,
                    "title_th",
                    "ไม่มีชื่อโครงการ (ต้องมีชื่อภาษาไทยหรือภาษาอังกฤษ)",
                    "the item has no title (a Thai or English title is needed)",
                )
        elif current is not None and not after_blank:
            item = current
        else:
            self.problem(
                number,
                None,
                "แถวนี้มีข้อมูลแต่ไม่มีชื่อหรือรหัสโครงการ (แถวต่อเนื่องของโครงการต้องอยู่ถัดจากโครงการโดยไม่เว้นแถว)",
                "this row has values but no project title or code (continuation rows must directly follow their "
                "project, without a blank row)",
            )
            return current
        self._fill(item, number, row)
        return item

    def _fill(self, item: _Item, number: int, row: dict[str, CellValue]) -> None:
        if "sequence" in row:
            try:
                sequence = parse_integer(row["sequence"])
                if item.sequence is not None and item.sequence != sequence:
                    self.problem(
                        number, "sequence", "ลำดับไม่ตรงกับแถวแรกของรายการ", "the number differs from the item's first row"
                    )
                item.sequence = sequence
            except ValueProblem as error:
                self.value_problem(number, "sequence", error)
        if "type" in row:
            kind = _KINDS.get(re.sub(r"\s+", "", cell_text(row["type"]).casefold()))
            if kind is None:
                self.problem(
                    number,
                    "type",
                    f"ไม่รู้จักประเภท '{cell_text(row['type'])}'",
                    f"unknown type '{cell_text(row['type'])}'",
                    ("โครงการ / Project", "ประเด็นการพัฒนา / Development line"),
                )
            elif item.kind is not None and item.kind is not kind:
                self.problem(
                    number, "type", "ประเภทไม่ตรงกับแถวแรกของรายการ", "the type differs from the item's first row"
                )
            else:
                item.kind = kind
        if "issue" in row:
            item.issue_code = _code(row["issue"])
        for key, (scheme, predicate) in LINK_FIELDS.items():
            if key in row:
                for concept_iri in self._concepts(number, key, row[key], scheme):
                    item.links.append(LinkDraft(predicate=predicate, target=concept_iri, location=self._at(number)))
        if "budget" in row:
            try:
                budget = parse_budget(row["budget"])
                if item.budget is not None and item.budget != budget:
                    self.problem(
                        number,
                        "budget",
                        f"รายการนี้มีงบประมาณสองค่า ({item.budget} และ {budget})",
                        f"the item has two budgets ({item.budget} and {budget})",
                    )
                item.budget = budget
            except ValueProblem as error:
                self.value_problem(number, "budget", error)
        self._indicator(item, number, row)
        if "source_th" in row or "source_en" in row:
            item.sources.append(
                DataSourceDraft(
                    name_th=_text(row.get("source_th")), name_en=_text(row.get("source_en")), location=self._at(number)
                )
            )

    def _indicator(self, item: _Item, number: int, row: dict[str, CellValue]) -> None:
        keys = ("indicator_th", "indicator_en", "target", "unit", "target_year")
        if not any(k in row for k in keys):
            return
        name_th, name_en = _text(row.get("indicator_th")), _text(row.get("indicator_en"))
        if not (name_th or name_en):
            self.problem(
                number,
                "indicator_th",
                "มีค่าเป้าหมาย หน่วยนับ หรือปีเป้าหมาย แต่ไม่มีชื่อตัวชี้วัด",
                "a target value, unit or target year without the indicator's name",
            )
        year: int | None = None
        if "target_year" in row:
            try:
                year = parse_fiscal_year(row["target_year"])
            except ValueProblem as error:
                self.value_problem(number, "target_year", error)
        item.indicators.append(
            IndicatorDraft(
                name_th=name_th,
                name_en=name_en,
                target=parse_target(row["target"]) if "target" in row else None,
                unit=_text(row.get("unit")),
                target_year=year,
                location=self._at(number),
            )
        )

    def _concepts(self, number: int, key: str, value: CellValue, scheme: Scheme) -> list[str]:
        found: list[str] = []
        for piece in split_values(cell_text(value)):
            try:
                concept = self.concepts.resolve(piece, scheme)
            except Unresolved as error:
                parts = [p.strip() for p in piece.split(",") if p.strip()]
                resolved = []
                for part in parts if len(parts) > 1 else []:
                    try:
                        resolved.append(self.concepts.resolve(part, scheme).iri)
                    except Unresolved:
                        resolved = []
                        break
                if resolved:
                    found.extend(resolved)
                    continue
                self.problem(
                    number,
                    key,
                    f"'{piece}' ไม่ตรงกับ{scheme.name('th')}ใดในกราฟ (ไม่นำเข้าโดยเดา)",
                    f"'{piece}' matches no {scheme.name('en')} in the graph (not mapped by guessing)",
                    tuple(c.both() for c in error.suggestions),
                )
                continue
            found.append(concept.iri)
        return found

    def _at(self, number: int) -> Location:
        return Location(sheet=self.sheet, row=number)

    # ------------------------------------------------------------ items

    def drafts(self) -> tuple[ItemDraft, ...]:
        drafts: list[ItemDraft] = []
        counters = {ItemKind.PROJECT: 0, ItemKind.ISSUE: 0}
        seen_names: dict[str, int] = {}
        seen_sequences: dict[tuple[ItemKind, int], int] = {}
        issue_codes = {i.code for i in self.items if i.kind is ItemKind.ISSUE and i.code}
        for item in self.items:
            kind = item.kind or ItemKind.PROJECT
            counters[kind] += 1
            sequence = item.sequence if item.sequence is not None else counters[kind]
            if (kind, sequence) in seen_sequences:
                self.problem(
                    item.row,
                    "sequence",
                    f"ลำดับ {sequence} ซ้ำกับแถว {seen_sequences[(kind, sequence)]}",
                    f"the number {sequence} repeats row {seen_sequences[(kind, sequence)]}",
                )
            seen_sequences[(kind, sequence)] = item.row
            local = self._local_name(item, kind)
            if local in seen_names:
                self.problem(
                    item.row,
                    "code" if item.code else "title_th",
                    f"รายการนี้ซ้ำกับแถว {seen_names[local]} (รหัสหรือชื่อเดียวกัน)",
                    f"this item repeats row {seen_names[local]} (same code or title)",
                )
            seen_names[local] = item.row
            if kind is ItemKind.ISSUE and (
                item.indicators or item.budget is not None or item.sources or item.issue_code
            ):
                self.problem(
                    item.row,
                    None,
                    "ประเด็นการพัฒนาไม่มีตัวชี้วัด งบประมาณ แหล่งข้อมูล หรือประเด็นที่ตอบในแบบฟอร์มนี้: ใส่ไว้ที่โครงการของประเด็น",
                    "a development line has no indicators, budget, data sources or development line of its own in "
                    "this template: put them on its projects",
                )
            if item.issue_code is not None and item.issue_code not in issue_codes:
                self.problem(
                    item.row,
                    "issue",
                    f"ไม่มีประเด็นการพัฒนารหัส {item.issue_code} ในไฟล์นี้",
                    f"no development line with the code {item.issue_code} in this file",
                    tuple(sorted(issue_codes)),
                )
            drafts.append(
                ItemDraft(
                    kind=kind,
                    code=item.code,
                    local_name=local,
                    sequence=sequence,
                    title_th=item.title_th,
                    title_en=item.title_en,
                    issue_code=item.issue_code,
                    links=_unique_links(item.links),
                    budget=item.budget,
                    indicators=tuple(item.indicators),
                    sources=tuple(item.sources),
                    location=self._at(item.row),
                )
            )
        return tuple(drafts)

    def _local_name(self, item: _Item, kind: ItemKind) -> str:
        if item.code is not None:
            if _FOREIGN_CODE.match(item.code) and not item.code.upper().startswith(self.province + "-"):
                self.problem(
                    item.row,
                    "code",
                    f"รหัส {item.code} เป็นของจังหวัดอื่น (แผนนี้เป็นของ {self.province})",
                    f"the code {item.code} belongs to another province (this plan is {self.province}'s)",
                )
            if item.code.upper().startswith(self.province + "-"):
                return self.province + item.code[len(self.province) :]
            return f"{self.province}-{item.code}"
        title = item.title_th or item.title_en or ""
        digest = hashlib.sha256(f"{kind.value}\n{title}".encode()).hexdigest()[:12]
        return f"{self.province}-t{digest}"


def split_values(text: str) -> list[str]:
    """A cell's values: separated by new lines or semicolons (commas are tried when a piece names nothing)."""
    return [p.strip() for p in re.split(r"[\n;]+", text) if p.strip()]


def _unique_links(links: list[LinkDraft]) -> tuple[LinkDraft, ...]:
    seen: set[tuple[str, str]] = set()
    unique: list[LinkDraft] = []
    for link in links:
        if (link.predicate, link.target) not in seen:
            seen.add((link.predicate, link.target))
            unique.append(link)
    return tuple(unique)


def _text(value: CellValue) -> str | None:
    text = cell_text(value).strip()
    return text or None


def _code(value: CellValue) -> str | None:
    if value is None:
        return None
    text = arabic_digits(unicodedata.normalize("NFC", cell_text(value))).strip()
    return re.sub(r"\s+", "-", text) or None


def parse_plan(workbook: Workbook, *, province: str, concepts: ConceptIndex) -> ParsedPlan:
    """Read the plan of ``province`` from ``workbook``; raises SpreadsheetRejected listing every problem."""
    log = ProblemLog(workbook.file_name)
    if not ISO_CODE_PATTERN.match(province):
        raise ValueError(f"not a province code: {province!r}")
    table = find_table(workbook.sheets, log)
    if table is None:
        log.raise_if_any()
        raise AssertionError("unreachable: find_table logged a problem")
    reader = _Reader(table, province, concepts, log)
    reader.read_rows()
    items = reader.drafts()
    if not items:
        log.add(
            Problem(
                sheet=table.sheet.name,
                row=table.header_row + 1,
                column=None,
                field_th=None,
                field_en=None,
                message_th="ตารางไม่มีโครงการหรือประเด็นการพัฒนาเลย",
                message_en="the table has no project or development line",
            )
        )
    plan = _plan_fields(table, province, concepts, log)
    log.raise_if_any()
    notices = list(reader.notices)
    notices += [
        f"column {c} '{text}' is not a template column: its values were not imported / "
        f"คอลัมน์ {c} '{text}' ไม่ใช่คอลัมน์ของแบบฟอร์ม: ไม่ได้นำเข้า"
        for c, text in sorted(table.ignored.items())
    ]
    draft = PlanDraft(
        province=province,
        title_th=plan.title_th,
        title_en=plan.title_en,
        first_year=plan.first_year,
        last_year=plan.last_year,
        links=tuple(plan.links),
        items=items,
        location=Location(sheet=table.sheet.name, row=min((v.row for v in table.plan.values()), default=1)),
    )
    return ParsedPlan(draft=draft, sheet=table.sheet.name, notices=tuple(notices))


@dataclass
class _PlanFields:
    title_th: str | None = None
    title_en: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    links: list[LinkDraft] = field(default_factory=list)


def _plan_fields(table: TableLayout, province: str, concepts: ConceptIndex, log: ProblemLog) -> _PlanFields:
    found = _PlanFields()
    sheet = table.sheet.name
    for key, value in table.plan.items():
        if value.value is None:
            continue
        try:
            if key == "province":
                _check_province(value, sheet, province, concepts, log)
            elif key == "plan_title_th":
                found.title_th = cell_text(value.value)
            elif key == "plan_title_en":
                found.title_en = cell_text(value.value)
            elif key == "first_year":
                found.first_year = parse_year(value.value)
            elif key == "last_year":
                found.last_year = parse_year(value.value)
            elif key in PLAN_LINK_FIELDS:
                found.links.extend(_plan_links(value, sheet, concepts, log))
        except ValueProblem as error:
            log.add(plan_field_problem(value, sheet, error.th, error.en))
    return found


def _check_province(value: PlanValue, sheet: str, province: str, concepts: ConceptIndex, log: ProblemLog) -> None:
    try:
        concept = concepts.resolve(cell_text(value.value), Scheme.PROVINCE)
    except Unresolved as error:
        log.add(
            plan_field_problem(
                value,
                sheet,
                f"ไม่รู้จักจังหวัด '{cell_text(value.value)}'",
                f"unknown province '{cell_text(value.value)}'",
                tuple(c.both() for c in error.suggestions),
            )
        )
        return
    if concept.notation != province:
        log.add(
            plan_field_problem(
                value,
                sheet,
                f"ไฟล์นี้เป็นแผนของ{concept.label_th} ({concept.notation}) แต่นำเข้าเป็นแผนของ {province}",
                f"this file is the plan of {concept.label_en} ({concept.notation}), but it is imported as {province}'s",
            )
        )


def _plan_links(value: PlanValue, sheet: str, concepts: ConceptIndex, log: ProblemLog) -> list[LinkDraft]:
    scheme, predicate = PLAN_LINK_FIELDS[value.key]
    links: list[LinkDraft] = []
    for piece in split_values(cell_text(value.value)):
        try:
            links.append(
                LinkDraft(
                    predicate=predicate,
                    target=concepts.resolve(piece, scheme).iri,
                    location=Location(sheet=sheet, row=value.row),
                )
            )
        except Unresolved as error:
            log.add(
                plan_field_problem(
                    value,
                    sheet,
                    f"'{piece}' ไม่ตรงกับ{scheme.name('th')}ใดในกราฟ (ไม่นำเข้าโดยเดา)",
                    f"'{piece}' matches no {scheme.name('en')} in the graph (not mapped by guessing)",
                    tuple(c.both() for c in error.suggestions),
                )
            )
    return links
