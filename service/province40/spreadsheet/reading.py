"""A spreadsheet file as rows of cell values: XLSX through python-calamine, CSV through :mod:`csv`.

python-calamine reads an XLSX about twelve times faster than openpyxl in read-only mode (5,000 rows ×
20 columns: 58 ms against 711 ms, measured in ``tests/benchmarks``' figures in the README); it is
only called after :mod:`~.limits` has checked the file. Merged cells give their value in the top-left
cell and empty cells elsewhere, which is how the importer reads continuation rows.

A CSV is decoded by its content, never by its name: a UTF-8 byte-order mark means UTF-8; text that
decodes as UTF-8 is UTF-8; otherwise it must decode as cp874 (Windows Thai, a superset of TIS-620).
Thai text in cp874 is practically never valid UTF-8 (its letters are bytes 0xA1–0xFB, which UTF-8
allows only as continuation bytes after a lead byte), so the check is exact where a statistical
detector guesses: charset-normalizer named short cp874 Thai CSVs cp932 or big5 in 2 of 4 cases.
Every text value is NFC-normalised and stripped.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

import python_calamine

from province40.errors import FileRefused
from province40.spreadsheet.limits import FileKind

CellValue = str | int | float | bool | date | datetime | None
"""A cell: text (NFC, stripped, never empty), a number, a boolean, a date, or None when empty."""

MAX_COLUMNS = 200
CSV_SHEET = "csv"
"""The sheet name of a CSV's one table (constant, so the provenance of a CSV import does not depend on
the file's name)."""


@dataclass(frozen=True, kw_only=True)
class Sheet:
    """One sheet: ``rows[i][j]`` is the cell at row i+1, column j+1 (1-based as spreadsheets show)."""

    name: str
    rows: tuple[tuple[CellValue, ...], ...]

    def cell(self, row: int, column: int) -> CellValue:
        """The value at 1-based ``row`` and ``column`` (None outside the data)."""
        if row < 1 or row > len(self.rows):
            return None
        values = self.rows[row - 1]
        return values[column - 1] if 1 <= column <= len(values) else None


@dataclass(frozen=True, kw_only=True)
class Workbook:
    """The sheets of one file, and how it was read."""

    file_name: str
    kind: FileKind
    encoding: str | None
    sheets: tuple[Sheet, ...]


def decode_text(data: bytes) -> str | None:
    """The text of a CSV: UTF-8 (with or without a BOM) or cp874; None when it is neither."""
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874")
    except UnicodeDecodeError:
        return None


def text_encoding(data: bytes) -> str:
    """The name of the encoding :func:`decode_text` used (for summaries)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "cp874"
    return "utf-8"


def clean(value: object) -> CellValue:
    """One cell as the importer sees it: NFC stripped text (None when empty), integral floats as int."""
    if value is None:
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\u00a0", " ").strip()
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < 1e15 else value
    if isinstance(value, int | date | datetime):
        return value
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


def _too_many_rows(name: str, rows: int, max_rows: int) -> FileRefused:
    return FileRefused(
        f"{name}: มี {rows:,} แถว เกินจำนวนสูงสุด {max_rows:,} แถว / {name}: {rows:,} rows, more than the most "
        f"accepted, {max_rows:,} (setting max_import_rows)",
        reason="too_large",
        setting="max_import_rows",
    )


def _too_many_columns(name: str) -> FileRefused:
    return FileRefused(
        f"{name}: มีคอลัมน์เกิน {MAX_COLUMNS} คอลัมน์ / {name}: more than {MAX_COLUMNS} columns",
        reason="too_large",
    )


def _trim(rows: list[tuple[CellValue, ...]]) -> tuple[tuple[CellValue, ...], ...]:
    while rows and all(v is None for v in rows[-1]):
        rows.pop()
    return tuple(tuple(_rstrip(r)) for r in rows)


def _rstrip(row: tuple[CellValue, ...]) -> list[CellValue]:
    values = list(row)
    while values and values[-1] is None:
        values.pop()
    return values


def read_xlsx(data: bytes, *, name: str, max_rows: int) -> Workbook:
    """Read every visible worksheet of an XLSX (checked first by :func:`~.limits.check_upload`)."""
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets: list[Sheet] = []
        for meta in book.sheets_metadata:
            if meta.typ != python_calamine.SheetTypeEnum.WorkSheet:
                continue
            if meta.visible != python_calamine.SheetVisibleEnum.Visible:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.total_height > max_rows:
                raise _too_many_rows(name, sheet.total_height, max_rows)
            if sheet.total_width > MAX_COLUMNS:
                raise _too_many_columns(name)
            rows = [tuple(clean(v) for v in row) for row in sheet.to_python(skip_empty_area=False, nrows=max_rows)]
            sheets.append(Sheet(name=unicodedata.normalize("NFC", meta.name), rows=_trim(rows)))
    except python_calamine.CalamineError as error:
        raise FileRefused(
            f"{name}: อ่านสมุดงานไม่ได้ / {name}: the workbook cannot be read ({error})", reason="not_a_spreadsheet"
        ) from None
    return Workbook(file_name=name, kind=FileKind.XLSX, encoding=None, sheets=tuple(sheets))


def read_csv(data: bytes, *, name: str, max_rows: int) -> Workbook:
    """Read a CSV (comma, semicolon or tab separated, told apart by the first lines)."""
    text = decode_text(data)
    if text is None:  # check_upload refuses such files first
        raise FileRefused(f"{name}: ไม่ใช่ข้อความ / {name}: not text", reason="not_a_spreadsheet")
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[CellValue, ...]] = []
    for record in csv.reader(io.StringIO(text, newline=""), dialect):
        if len(rows) >= max_rows:
            raise _too_many_rows(name, len(rows) + 1, max_rows)
        if len(record) > MAX_COLUMNS:
            raise _too_many_columns(name)
        rows.append(tuple(clean(v) for v in record))
    return Workbook(
        file_name=name,
        kind=FileKind.CSV,
        encoding=text_encoding(data),
        sheets=(Sheet(name=CSV_SHEET, rows=_trim(rows)),),
    )


def read_workbook(data: bytes, *, name: str, kind: FileKind, max_rows: int) -> Workbook:
    """Read a file :func:`~.limits.check_upload` accepted as ``kind``."""
    if kind is FileKind.XLSX:
        return read_xlsx(data, name=name, max_rows=max_rows)
    return read_csv(data, name=name, max_rows=max_rows)
