"""Dates the way Thai planners read them: Buddhist-era years and Thai fiscal years.

พ.ศ. (B.E.) = ค.ศ. (C.E.) + 543. The Thai government fiscal year runs from 1 October to
30 September and is named by the B.E. year in which it ends: fiscal 2567 is 1 October 2566 –
30 September 2567 B.E. (1 Oct 2023 – 30 Sep 2024).

>>> format_date(date(2022, 4, 29), "th")
'29 เมษายน 2565'
>>> format_date(date(2022, 4, 29), "en")
'29 April 2022 (B.E. 2565)'
>>> fiscal_year_be(date(2023, 10, 1)), fiscal_year_be(date(2024, 9, 30))
(2567, 2567)
>>> format_fiscal_year(2567, "th")
'ปีงบประมาณ พ.ศ. 2567 (1 ต.ค. 2566 – 30 ก.ย. 2567)'
"""

from __future__ import annotations

from datetime import date

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
    "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def be_year(ce_year: int) -> int:
    """The Buddhist-era year of a Common-Era year."""
    return ce_year + BE_OFFSET


def ce_year(be: int) -> int:
    """The Common-Era year of a Buddhist-era year."""
    return be - BE_OFFSET


def fiscal_year_be(day: date) -> int:
    """The Thai fiscal year (B.E.) a day falls in: October–December count toward the next year."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def format_date(day: date, lang: str) -> str:
    """``29 เมษายน 2565`` in Thai; ``29 April 2022 (B.E. 2565)`` in English."""
    if lang == "th":
        return f"{day.day} {THAI_MONTHS[day.month - 1]} {be_year(day.year)}"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year} (B.E. {be_year(day.year)})"


def format_fiscal_year(fiscal_be: int, lang: str) -> str:
    """A fiscal year with its dates, e.g. ``ปีงบประมาณ พ.ศ. 2567 (1 ต.ค. 2566 – 30 ก.ย. 2567)``."""
    if lang == "th":
        october, september = THAI_MONTHS_SHORT[9], THAI_MONTHS_SHORT[8]
        return f"ปีงบประมาณ พ.ศ. {fiscal_be} (1 {october} {fiscal_be - 1} – 30 {september} {fiscal_be})"
    end = ce_year(fiscal_be)
    return f"fiscal year {fiscal_be} B.E. (1 Oct {end - 1} – 30 Sep {end})"


def format_year_range(first_be: int | None, last_be: int | None, lang: str) -> str:
    """A plan period in B.E. years: ``พ.ศ. 2566–2570``, or ``2566–2570 B.E. (2023–2027)``."""
    if first_be is None and last_be is None:
        return ""
    first = first_be if first_be is not None else last_be
    last = last_be if last_be is not None else first_be
    assert first is not None and last is not None
    if lang == "th":
        return f"พ.ศ. {first}–{last}" if first != last else f"พ.ศ. {first}"
    span = f"{first}–{last}" if first != last else f"{first}"
    ce_span = f"{ce_year(first)}–{ce_year(last)}" if first != last else f"{ce_year(first)}"
    return f"{span} B.E. ({ce_span})"
