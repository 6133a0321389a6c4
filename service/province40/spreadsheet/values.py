"""Cell values the way Thai planners write them: Thai digits, B.E. or C.E. years, Thai fiscal years
(October–September, :mod:`province40.validation.render.thai_calendar`), budgets in every written form.

Each reader returns the value or raises :class:`ValueProblem` with a Thai and an English message that
says what to write instead.

>>> parse_budget("1.5 ล้านบาท"), parse_budget("๑,๕๐๐,๐๐๐ บาท"), parse_budget("1,500,000")
(Decimal('1500000'), Decimal('1500000'), Decimal('1500000'))
>>> parse_year("2023"), parse_year("พ.ศ. ๒๕๖๖"), parse_fiscal_year("30 ก.ย. 2568"), parse_fiscal_year("FY2025")
(2566, 2566, 2568, 2568)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from province40.spreadsheet.reading import CellValue
from province40.validation.render.thai_calendar import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    THAI_MONTHS,
    THAI_MONTHS_SHORT,
    be_year,
    fiscal_year_be,
)

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class ValueProblem(ValueError):
    """A cell that cannot be read as the field needs; ``th`` and ``en`` say what to write."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


def arabic_digits(text: str) -> str:
    """Thai digits (๐–๙) as Arabic digits."""
    return text.translate(THAI_DIGITS)


def cell_text(value: CellValue) -> str:
    """A cell as text (numbers without a trailing .0, dates as ISO dates)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return str(value)


def parse_integer(value: CellValue) -> int:
    """A whole number, in Thai or Arabic digits."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = arabic_digits(cell_text(value)).replace(",", "").strip()
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    raise ValueProblem(f"'{cell_text(value)}' ไม่ใช่จำนวนเต็ม", f"'{cell_text(value)}' is not a whole number")


_BE_MARK = re.compile(r"พ\.?\s*ศ\.?|b\.?\s*e\.?", re.IGNORECASE)
_CE_MARK = re.compile(r"ค\.?\s*ศ\.?|c\.?\s*e\.?|a\.?\s*d\.?", re.IGNORECASE)
_FISCAL_MARK = re.compile(r"ปีงบประมาณ|ปีงบ\.?|งป\.|fiscal\s*year|fiscal|fy", re.IGNORECASE)


def _four_digit_year(number: int, *, be: bool | None, original: str) -> int:
    """B.E. from a year: marked, or a four-digit year above 2400 is B.E., else C.E."""
    if be is True or (be is None and number > 2400):
        return number
    if 1000 <= number <= 2400:
        return be_year(number)
    raise ValueProblem(
        f"'{original}' ไม่ใช่ปีสี่หลัก ให้เขียนปี พ.ศ. เช่น 2568",
        f"'{original}' is not a four-digit year; write a B.E. year such as 2568 (or a C.E. year such as 2025)",
    )


def parse_year(value: CellValue) -> int:
    """A calendar year as B.E.: ``2566``, ``๒๕๖๖``, ``พ.ศ. 2566``, ``2023``, ``ค.ศ. 2023``, a date."""
    if isinstance(value, datetime | date):
        return be_year(value.year)
    original = cell_text(value)
    text = arabic_digits(original)
    be = True if _BE_MARK.search(text) else (False if _CE_MARK.search(text) else None)
    digits = re.sub(r"[^0-9]", "", re.sub(r"\.0+$", "", text.strip()))
    if len(digits) == 4:
        return _four_digit_year(int(digits), be=be, original=original)
    if len(digits) == 2 and be:
        return 2500 + int(digits)
    raise ValueProblem(
        f"'{original}' ไม่ใช่ปี ให้เขียนปี พ.ศ. สี่หลัก เช่น 2568",
        f"'{original}' is not a year; write a four-digit B.E. year such as 2568",
    )


_MONTHS: dict[str, int] = {}
for _index, (_th, _short, _en) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT, ENGLISH_MONTHS, strict=True)):
    _MONTHS[_th] = _MONTHS[_short] = _MONTHS[_short.replace(".", "")] = _index + 1
    _MONTHS[_en.casefold()] = _MONTHS[_en[:3].casefold()] = _index + 1
_MONTH_WORDS = sorted(_MONTHS, key=len, reverse=True)
_TEXT_DATE = re.compile(
    r"(\d{1,2})\s*(" + "|".join(re.escape(m) for m in _MONTH_WORDS) + r")\.?\s*(?:พ\.?\s*ศ\.?|ค\.?\s*ศ\.?)?\s*(\d{4})",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date(text: str) -> date | None:
    """A date written as ``30 ก.ย. 2568``, ``30 กันยายน 2568``, ``30/09/2568``, ``2025-09-30`` (B.E. or C.E.)."""
    text = arabic_digits(text).strip()
    found = _ISO_DATE.fullmatch(text)
    if found:
        year, month, day = int(found[1]), int(found[2]), int(found[3])
    elif found := _TEXT_DATE.fullmatch(text):
        day, month, year = int(found[1]), _MONTHS[found[2].casefold()], int(found[3])
    elif found := _NUMERIC_DATE.fullmatch(text):
        day, month, year = int(found[1]), int(found[2]), int(found[3])
    else:
        return None
    if year > 2400:
        year -= BE_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_fiscal_year(value: CellValue) -> int:
    """A Thai fiscal year (B.E., October–September): ``2568``, ``ปีงบ 68``, ``FY2025``, or a date in it."""
    if isinstance(value, datetime | date):
        return fiscal_year_be(value if not isinstance(value, datetime) else value.date())
    original = cell_text(value)
    text = arabic_digits(original)
    day = parse_date(text)
    if day is not None:
        return fiscal_year_be(day)
    fiscal_mark = _FISCAL_MARK.search(text)
    english_fy = fiscal_mark is not None and fiscal_mark.group(0).casefold().startswith(("fy", "fiscal"))
    be = True if _BE_MARK.search(text) else (False if _CE_MARK.search(text) else None)
    digits = re.sub(r"[^0-9]", "", re.sub(r"\.0+$", "", text.strip()))
    if len(digits) == 4:
        return _four_digit_year(int(digits), be=be, original=original)
    if len(digits) == 2 and fiscal_mark is not None:
        return be_year(2000 + int(digits)) if english_fy and be is not True else 2500 + int(digits)
    raise ValueProblem(
        f"'{original}' ไม่ใช่ปีงบประมาณ ให้เขียนปีงบประมาณ พ.ศ. เช่น 2568 (1 ต.ค. 2567 – 30 ก.ย. 2568)",
        f"'{original}' is not a fiscal year; write the B.E. fiscal year such as 2568 (1 Oct 2024 – 30 Sep 2025)",
    )


_MULTIPLIERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"พันล้าน|billion|(?<![a-z])bn(?![a-z])", re.IGNORECASE), 1_000_000_000),
    (re.compile(r"ล้าน|ลบ\.?|million|(?<![a-z])mn?(?![a-z])", re.IGNORECASE), 1_000_000),
    (re.compile(r"แสน", re.IGNORECASE), 100_000),
    (re.compile(r"หมื่น", re.IGNORECASE), 10_000),
    (re.compile(r"พัน|thousand|(?<![a-z])k(?![a-z])", re.IGNORECASE), 1_000),
)
_CURRENCY = re.compile(r"บาท|baht|thb|฿|\s", re.IGNORECASE)


def _decimal(text: str) -> Decimal | None:
    if not re.fullmatch(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?", text):
        return None
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def normalise_decimal(number: Decimal) -> Decimal:
    """A decimal without trailing zeros or an exponent (``1500000``, ``12.5``)."""
    text = format(number.normalize(), "f")
    return Decimal(text)


def parse_budget(value: CellValue) -> Decimal:
    """A budget in baht: ``1500000``, ``1,500,000``, ``1.5 ล้านบาท``, ``๑,๕๐๐,๐๐๐ บาท``, ``฿1.5M``..."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        amount = Decimal(str(value))
    else:
        original = cell_text(value)
        text = arabic_digits(original)
        factor = 1
        for pattern, multiplier in _MULTIPLIERS:
            text, found = pattern.subn("", text)
            if found:
                factor = multiplier if found == 1 else 0
                break
        number = _decimal(_CURRENCY.sub("", text).rstrip("-"))
        if number is None or factor == 0:
            raise ValueProblem(
                f"'{original}' ไม่ใช่จำนวนเงิน ให้เขียนเป็นบาท เช่น 1500000, 1,500,000, 1.5 ล้านบาท",
                f"'{original}' is not an amount; write baht such as 1500000, 1,500,000 or 1.5 ล้านบาท (million baht)",
            )
        amount = number * factor
    if amount < 0:
        raise ValueProblem(f"งบประมาณติดลบ ({cell_text(value)})", f"the budget is negative ({cell_text(value)})")
    return normalise_decimal(amount)


def parse_target(value: CellValue) -> int | Decimal | str:
    """A target value: a number when it is one (Thai digits, thousands commas), else the statement as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        return normalise_decimal(Decimal(str(value)))
    text = arabic_digits(cell_text(value)).strip()
    number = _decimal(text)
    if number is None:
        return cell_text(value)
    number = normalise_decimal(number)
    return int(number) if number == number.to_integral_value() else number
