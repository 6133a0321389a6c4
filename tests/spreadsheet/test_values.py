"""Values as Thai planners write them (the module's doctests run here too)."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest

from province40.spreadsheet import values
from province40.spreadsheet.values import ValueProblem, parse_budget, parse_fiscal_year, parse_target, parse_year


def test_doctests() -> None:
    assert doctest.testmod(values).failed == 0


@pytest.mark.parametrize(
    ("written", "baht"),
    [
        ("1,500,000", 1500000),
        ("1.5 ล้านบาท", 1500000),
        ("๑,๕๐๐,๐๐๐ บาท", 1500000),
        ("2 ลบ.", 2000000),
        ("500 พันบาท", 500000),
        ("3 แสน", 300000),
        ("1.5 million baht", 1500000),
        ("฿1.5M", 1500000),
        (1500000, 1500000),
        (1500000.5, Decimal("1500000.5")),
        ("0", 0),
    ],
)
def test_budgets(written: object, baht: object) -> None:
    assert parse_budget(written) == Decimal(baht)  # type: ignore[arg-type]


@pytest.mark.parametrize("written", ["หนึ่งล้าน", "1.5 ล้าน ล้าน", "-5", "ประมาณ 2 ล้าน", "1,50,000"])
def test_budgets_that_are_not_amounts(written: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_budget(written)
    assert caught.value.th and caught.value.en


@pytest.mark.parametrize(
    ("written", "be"),
    [
        ("2566", 2566),
        ("๒๕๖๖", 2566),
        ("พ.ศ. 2566", 2566),
        ("2023", 2566),
        ("ค.ศ. 2023", 2566),
        (2401, 2401),
        (2400, 2943),
        (date(2023, 5, 1), 2566),
        ("2566.0", 2566),
    ],
)
def test_years(written: object, be: int) -> None:
    assert parse_year(written) == be  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "fiscal"),
    [
        ("2568", 2568),
        ("ปีงบ 68", 2568),
        ("ปีงบประมาณ พ.ศ. ๒๕๖๘", 2568),
        ("FY2025", 2568),
        ("FY25", 2568),
        ("30 ก.ย. 2568", 2568),
        ("1 ต.ค. 2567", 2568),
        ("30 กันยายน 2567", 2567),
        ("2024-10-01", 2568),
        ("30 Sep 2025", 2568),
        (date(2024, 9, 30), 2567),
        (date(2024, 10, 1), 2568),
        ("1/10/2567", 2568),
    ],
)
def test_fiscal_years_run_october_to_september(written: object, fiscal: int) -> None:
    assert parse_fiscal_year(written) == fiscal  # type: ignore[arg-type]


def test_years_that_are_not_years() -> None:
    for written in ("ปีหน้า", "68", "12345"):
        with pytest.raises(ValueProblem):
            parse_year(written)


def test_targets_are_numbers_when_they_are_numbers() -> None:
    assert parse_target("๑,๒๐๐") == 1200
    assert parse_target("12.50") == Decimal("12.5")
    assert parse_target(40) == 40
    assert parse_target("เพิ่มขึ้นอย่างน้อยร้อยละ 10") == "เพิ่มขึ้นอย่างน้อยร้อยละ 10"
