"""Problems found in a spreadsheet, each naming the sheet, row, column and field in Thai and English.

All problems of a file are collected (a planner fixes them in one pass) and raised together as one
:class:`~province40.errors.SpreadsheetRejected`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from province40.errors import SpreadsheetRejected


@dataclass(frozen=True, kw_only=True)
class Problem:
    """One problem of a file. ``row`` and ``column`` count from 1, as spreadsheet programs show them."""

    sheet: str | None
    row: int | None
    column: int | None
    field_th: str | None
    field_en: str | None
    message_th: str
    message_en: str
    suggestions: tuple[str, ...] = ()

    @property
    def column_letter(self) -> str | None:
        """The column as a spreadsheet letter (``C``), or None."""
        return get_column_letter(self.column) if self.column else None

    def where(self, lang: str) -> str:
        """``แผ่นงาน แผน แถว 12 คอลัมน์ D (มิติ)`` / ``sheet แผน, row 12, column D (dimensions)``."""
        parts: list[str] = []
        th = lang == "th"
        if self.sheet is not None:
            parts.append(f"แผ่นงาน {self.sheet}" if th else f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"แถว {self.row}" if th else f"row {self.row}")
        if self.column is not None:
            parts.append(f"คอลัมน์ {self.column_letter}" if th else f"column {self.column_letter}")
        text = " ".join(parts) if th else ", ".join(parts)
        name = self.field_th if th else self.field_en
        if name:
            text += f" ({name})"
        return text

    def text(self, lang: str) -> str:
        """The problem as one line in ``lang``, with its place and suggestions."""
        message = self.message_th if lang == "th" else self.message_en
        line = f"{self.where(lang)}: {message}" if self.where(lang) else message
        if self.suggestions:
            line += (" — ใกล้เคียง: " if lang == "th" else " — nearest: ") + "; ".join(self.suggestions)
        return line

    def to_dict(self) -> dict[str, Any]:
        """The problem for JSON (the ``problems`` of the error detail)."""
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column_letter,
            "field": {"th": self.field_th, "en": self.field_en} if (self.field_th or self.field_en) else None,
            "message_th": self.message_th,
            "message_en": self.message_en,
            "suggestions": list(self.suggestions),
        }


@dataclass
class ProblemLog:
    """Collects the problems of one file."""

    file_name: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        """Record one problem."""
        self.problems.append(problem)

    def raise_if_any(self) -> None:
        """Raise :class:`SpreadsheetRejected` with every problem, in sheet/row/column order."""
        if not self.problems:
            return
        ordered = sorted(self.problems, key=lambda p: (p.sheet or "", p.row or 0, p.column or 0, p.message_en))
        count = len(ordered)
        lines = [
            f"{self.file_name}: นำเข้าไม่ได้ พบปัญหา {count} รายการ (แก้ทั้งหมดแล้วนำเข้าใหม่; ไม่มีการเปลี่ยนแปลงข้อมูล) / "
            f"cannot be imported: {count} problem{'s' if count != 1 else ''} (fix them all and import again; "
            "nothing was changed)"
        ]
        for problem in ordered:
            lines.append(f"  - {problem.text('th')}")
            lines.append(f"    {problem.text('en')}")
        raise SpreadsheetRejected("\n".join(lines), problems=[p.to_dict() for p in ordered])
