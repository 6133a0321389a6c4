"""The template's layout: the plan block and the item columns, with Thai and English headers.

One source for the template writer, the reader (which also accepts the aliases planners write) and
the export. The sheet holds a title row, the *plan block* (one field per row: a label in column A, its
value in column B), a blank row, the header row and one row per project or development line; extra
rows for a second indicator or data source follow their item with the title left empty.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Field:
    """One field: its key, its header in Thai and English, other headers planners write for it."""

    key: str
    th: str
    en: str
    help_th: str
    help_en: str
    aliases: tuple[str, ...] = ()
    width: int = 18

    def header(self, lang: str) -> str:
        """The template's header: the language asked for first, the other below it."""
        first, second = (self.th, self.en) if lang == "th" else (self.en, self.th)
        return f"{first}\n{second}"

    def name(self, lang: str) -> str:
        """The field's name in ``lang``."""
        return self.th if lang == "th" else self.en


LIST_HELP_TH = "เลือกจากรายการ หรือพิมพ์เลข/ชื่อ หลายค่าคั่นด้วย ; หรือขึ้นบรรทัดใหม่"
LIST_HELP_EN = "pick from the list, or type numbers or names; several values separated by ; or new lines"

PLAN_FIELDS: tuple[Field, ...] = (
    Field(
        key="province",
        th="จังหวัด",
        en="Province",
        aliases=("province code", "รหัสจังหวัด"),
        help_th="จังหวัดเจ้าของแผน (ต้องตรงกับจังหวัดที่นำเข้า)",
        help_en="the province that owns the plan (must be the province imported into)",
    ),
    Field(
        key="plan_title_th",
        th="ชื่อแผน (ภาษาไทย)",
        en="Plan title (Thai)",
        aliases=("ชื่อแผน", "plan title", "plan"),
        help_th="ชื่อแผนภาษาไทย",
        help_en="the plan's Thai title",
    ),
    Field(
        key="plan_title_en",
        th="ชื่อแผน (ภาษาอังกฤษ)",
        en="Plan title (English)",
        help_th="ชื่อแผนภาษาอังกฤษ",
        help_en="the plan's English title",
    ),
    Field(
        key="first_year",
        th="ปีเริ่มต้นของแผน (พ.ศ.)",
        en="First year of the plan (B.E.)",
        aliases=("ปีเริ่มต้น", "first year"),
        help_th="ปี พ.ศ. หรือ ค.ศ. (ปีสี่หลักที่มากกว่า 2400 คือ พ.ศ.)",
        help_en="B.E. or C.E. year (a four-digit year above 2400 is B.E.)",
    ),
    Field(
        key="last_year",
        th="ปีสิ้นสุดของแผน (พ.ศ.)",
        en="Last year of the plan (B.E.)",
        aliases=("ปีสิ้นสุด", "last year"),
        help_th="ปี พ.ศ. หรือ ค.ศ.",
        help_en="B.E. or C.E. year",
    ),
    Field(
        key="plan_dimensions",
        th="มิติระบบราชการ 4.0 ของทั้งแผน",
        en="Government 4.0 dimensions of the whole plan",
        aliases=("มิติของแผน", "plan dimensions"),
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
    Field(
        key="plan_factors",
        th="ปัจจัยความสำเร็จของทั้งแผน",
        en="Success factors of the whole plan",
        aliases=("ปัจจัยความสำเร็จของแผน", "plan success factors"),
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
)

ITEM_FIELDS: tuple[Field, ...] = (
    Field(
        key="sequence",
        th="ลำดับ",
        en="No.",
        aliases=("ลำดับที่", "ที่", "no", "number", "seq", "#"),
        width=7,
        help_th="ลำดับของโครงการในแผน (ว่างได้: ใช้ลำดับแถว)",
        help_en="the item's order in the plan (may be empty: the row order is used)",
    ),
    Field(
        key="type",
        th="ประเภท",
        en="Type",
        aliases=("ประเภทรายการ", "item type", "kind"),
        width=16,
        help_th="โครงการ หรือ ประเด็นการพัฒนา (ว่าง = โครงการ)",
        help_en="Project or Development line (empty = project)",
    ),
    Field(
        key="code",
        th="รหัสโครงการ",
        en="Project code",
        aliases=("รหัส", "code", "project id", "id", "รหัสรายการ"),
        width=14,
        help_th="รหัสที่จังหวัดใช้ (ใช้จับคู่โครงการระหว่างฉบับ; ว่างได้)",
        help_en="the province's code (matches projects across versions; may be empty)",
    ),
    Field(
        key="title_th",
        th="ชื่อโครงการ (ภาษาไทย)",
        en="Title (Thai)",
        aliases=(
            "ชื่อโครงการ",
            "โครงการ",
            "ชื่อ",
            "ชื่อภาษาไทย",
            "ชื่อโครงการ/ประเด็นการพัฒนา",
            "project title",
            "project name",
            "title",
            "name",
            "project",
            "thai title",
        ),
        width=45,
        help_th="ชื่อโครงการหรือประเด็นการพัฒนาภาษาไทย (จำเป็น)",
        help_en="Thai title of the project or development line (required)",
    ),
    Field(
        key="title_en",
        th="ชื่อโครงการ (ภาษาอังกฤษ)",
        en="Title (English)",
        aliases=("ชื่อภาษาอังกฤษ", "english title", "title in english"),
        width=40,
        help_th="ชื่อภาษาอังกฤษ",
        help_en="English title",
    ),
    Field(
        key="issue",
        th="ประเด็นการพัฒนา (รหัส)",
        en="Development line (code)",
        aliases=("ประเด็นการพัฒนาที่ตอบ", "development line", "strategic issue"),
        width=16,
        help_th="รหัสของประเด็นการพัฒนาในไฟล์นี้ที่โครงการตอบ",
        help_en="code of the development line in this file that the project addresses",
    ),
    Field(
        key="dimensions",
        th="มิติระบบราชการ 4.0",
        en="Government 4.0 dimensions",
        aliases=("มิติ", "dimension", "dimensions"),
        width=26,
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
    Field(
        key="factors",
        th="ปัจจัยความสำเร็จ",
        en="Success factors",
        aliases=("ปัจจัย", "success factor", "factors"),
        width=26,
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
    Field(
        key="master_plans",
        th="แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        en="Master plans",
        aliases=("แผนแม่บท", "master plan"),
        width=26,
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
    Field(
        key="strategies",
        th="ยุทธศาสตร์ชาติ",
        en="National strategies",
        aliases=("ยุทธศาสตร์", "ยุทธศาสตร์ชาติด้าน", "national strategy", "strategy", "strategies"),
        width=26,
        help_th=LIST_HELP_TH,
        help_en=LIST_HELP_EN,
    ),
    Field(
        key="budget",
        th="งบประมาณ (บาท)",
        en="Budget (baht)",
        aliases=("งบประมาณ", "วงเงิน", "งบ", "budget"),
        width=16,
        help_th="จำนวนบาท เช่น 1500000, 1,500,000, 1.5 ล้านบาท, ๑,๕๐๐,๐๐๐ บาท",
        help_en="baht, e.g. 1500000, 1,500,000, 1.5 ล้านบาท (million baht), ๑,๕๐๐,๐๐๐ บาท",
    ),
    Field(
        key="indicator_th",
        th="ตัวชี้วัด (ภาษาไทย)",
        en="Indicator (Thai)",
        aliases=("ตัวชี้วัด", "indicator", "kpi"),
        width=36,
        help_th="ชื่อตัวชี้วัดภาษาไทย (ตัวชี้วัดถัดไปใส่แถวถัดไปโดยเว้นชื่อโครงการ)",
        help_en="Thai name of the indicator (more indicators: next rows, title left empty)",
    ),
    Field(
        key="indicator_en",
        th="ตัวชี้วัด (ภาษาอังกฤษ)",
        en="Indicator (English)",
        width=32,
        help_th="ชื่อตัวชี้วัดภาษาอังกฤษ",
        help_en="English name of the indicator",
    ),
    Field(
        key="target",
        th="ค่าเป้าหมาย",
        en="Target value",
        aliases=("เป้าหมาย", "target"),
        width=12,
        help_th="ตัวเลข (หรือข้อความ)",
        help_en="a number (or a statement)",
    ),
    Field(
        key="unit",
        th="หน่วยนับ",
        en="Unit",
        aliases=("หน่วย", "unit of measure"),
        width=12,
        help_th="เช่น ร้อยละ, กลุ่ม, คน",
        help_en="e.g. ร้อยละ (percent), กลุ่ม (groups), คน (people)",
    ),
    Field(
        key="target_year",
        th="ปีงบประมาณเป้าหมาย (พ.ศ.)",
        en="Target fiscal year (B.E.)",
        aliases=("ปีงบประมาณเป้าหมาย", "ปีเป้าหมาย", "ปีงบประมาณ", "target year", "fiscal year", "target fiscal year"),
        width=16,
        help_th="ปีงบประมาณ (ต.ค.–ก.ย.) เช่น 2568, ปีงบ 68, FY2025 หรือวันที่ เช่น 30 ก.ย. 2568",
        help_en="Thai fiscal year (Oct–Sep), e.g. 2568, FY2025, or a date such as 30 Sep 2025",
    ),
    Field(
        key="source_th",
        th="แหล่งข้อมูล (ภาษาไทย)",
        en="Data source (Thai)",
        aliases=("แหล่งข้อมูล", "data source", "source"),
        width=36,
        help_th="ข้อมูลที่โครงการใช้ (แหล่งถัดไปใส่แถวถัดไป)",
        help_en="data the project uses (more: next rows)",
    ),
    Field(
        key="source_en",
        th="แหล่งข้อมูล (ภาษาอังกฤษ)",
        en="Data source (English)",
        width=32,
        help_th="ชื่อแหล่งข้อมูลภาษาอังกฤษ",
        help_en="English name of the data source",
    ),
)

PLAN_FIELD = {f.key: f for f in PLAN_FIELDS}
ITEM_FIELD = {f.key: f for f in ITEM_FIELDS}

TITLE_ROW = 1
PLAN_BLOCK_FIRST_ROW = 3
HEADER_ROW = PLAN_BLOCK_FIRST_ROW + len(PLAN_FIELDS) + 1
FIRST_DATA_ROW = HEADER_ROW + 1

_PUNCTUATION = re.compile(r"[\s*:：\"'“”‘’.,;_]+")


def header_key(text: str) -> str:
    """How headers are compared: NFC, case-folded, without spaces, stars, colons, dots, quotes."""
    return _PUNCTUATION.sub("", unicodedata.normalize("NFC", text).casefold())


def _forms(f: Field) -> set[str]:
    forms = {f.th, f.en, *f.aliases}
    return {header_key(x) for x in forms} | {header_key(f"{f.th} / {f.en}"), header_key(f"{f.th}\n{f.en}")}


ITEM_HEADERS: dict[str, str] = {form: f.key for f in ITEM_FIELDS for form in _forms(f)}
PLAN_HEADERS: dict[str, str] = {form: f.key for f in PLAN_FIELDS for form in _forms(f)}


def match_header(text: str, table: dict[str, str]) -> str | None:
    """The field key a header cell names (whole text, or one of its lines or '/'-separated parts)."""
    whole = header_key(text)
    if whole in table:
        return table[whole]
    parts = [p for p in re.split(r"[\n/]", text) if p.strip()]
    keys = {table[header_key(p)] for p in parts if header_key(p) in table}
    return keys.pop() if len(keys) == 1 else None
