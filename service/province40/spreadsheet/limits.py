"""Refuse a file before anything in it is parsed that could cost memory or run code.

Checked in this order, each refusal a :class:`~province40.errors.FileRefused` whose message says what
to do, in Thai and English:

1. size (setting ``max_import_bytes``), before the file is even read when it comes from disk;
2. what the bytes are: an XLSX is a zip with a workbook inside; a CSV is text (UTF-8, UTF-8 with a
   BOM, or cp874 / TIS-620) without control characters; anything else (random bytes, a PDF, an old
   ``.xls``, an ODS) is not a spreadsheet;
3. for an XLSX, only its zip directory and small metadata parts are read: too many entries, more
   than ``max_import_unpacked_bytes`` unpacked, an entry that unpacks more than 200-fold, or an entry
   whose real size differs from what the directory claims (each entry is inflated in 64 KiB chunks
   and counted, never held whole) is a zip bomb; a ``vbaProject.bin`` or a macro-enabled content type
   is a workbook with macros; an ``xl/externalLinks/`` part is a workbook with external links.
"""

from __future__ import annotations

import enum
import io
import zipfile
from pathlib import Path

from province40.errors import FileRefused

MAX_ZIP_ENTRIES = 2_000
MAX_RATIO = 200
_CHUNK = 64 * 1024
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)}


class FileKind(enum.Enum):
    """What an accepted file is."""

    XLSX = "xlsx"
    CSV = "csv"


def _refuse(th: str, en: str, *, reason: str, setting: str | None = None) -> FileRefused:
    return FileRefused(f"{th} / {en}", reason=reason, setting=setting)


def check_size(size: int, *, name: str, max_bytes: int) -> None:
    """Refuse a file larger than ``max_bytes`` (setting ``max_import_bytes``)."""
    if size > max_bytes:
        raise _refuse(
            f"{name}: ไฟล์มีขนาด {size:,} ไบต์ เกินขนาดสูงสุดที่รับได้ {max_bytes:,} ไบต์",
            f"{name}: the file is {size:,} bytes, more than the largest accepted, {max_bytes:,} bytes "
            "(setting max_import_bytes)",
            reason="too_large",
            setting="max_import_bytes",
        )
    if size == 0:
        raise _refuse(f"{name}: ไฟล์ว่างเปล่า", f"{name}: the file is empty", reason="empty")


def read_limited(path: Path, *, max_bytes: int) -> bytes:
    """Read a file from disk, refusing it by its size before reading it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse(
            f"{path}: เปิดไฟล์ไม่ได้", f"{path}: cannot open the file ({error.strerror})", reason="unreadable"
        ) from None
    check_size(size, name=path.name, max_bytes=max_bytes)
    return path.read_bytes()


def check_upload(data: bytes, *, name: str, max_bytes: int, max_unpacked: int) -> FileKind:
    """Tell what ``data`` is, refusing anything that is not a safe XLSX or a text CSV."""
    check_size(len(data), name=name, max_bytes=max_bytes)
    if data.startswith(b"PK\x03\x04"):
        _check_xlsx(data, name=name, max_unpacked=max_unpacked)
        return FileKind.XLSX
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            f"{name}: เป็นไฟล์ Excel แบบเก่า (.xls) หรือไฟล์ที่ตั้งรหัสผ่าน ให้บันทึกเป็น .xlsx (Excel Workbook) แบบไม่มีรหัสผ่าน",
            f"{name}: an old Excel file (.xls) or a password-protected workbook; save it as .xlsx "
            "(Excel Workbook) without a password",
            reason="not_a_spreadsheet",
        )
    if _looks_like_text(data):
        return FileKind.CSV
    raise _refuse(
        f"{name}: ไม่ใช่ไฟล์ตาราง (รับเฉพาะ .xlsx หรือ .csv ที่เป็นข้อความ UTF-8 หรือ TIS-620)",
        f"{name}: not a spreadsheet (only .xlsx, or a .csv of text in UTF-8 or TIS-620/cp874, is accepted)",
        reason="not_a_spreadsheet",
    )


def _looks_like_text(data: bytes) -> bool:
    from province40.spreadsheet.reading import decode_text  # the one decoder

    text = decode_text(data)
    if text is None:
        return False
    return not any(ord(c) in _CONTROL for c in text)


def _check_xlsx(data: bytes, *, name: str, max_unpacked: int) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(
            f"{name}: ไฟล์ .xlsx เสียหาย (เปิดเป็น zip ไม่ได้)",
            f"{name}: a damaged .xlsx (not a readable zip)",
            reason="not_a_spreadsheet",
        ) from None
    with archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        if len(infos) > MAX_ZIP_ENTRIES:
            raise _zip_bomb(name, f"{len(infos):,} entries")
        if "mimetype" in names and "xl/workbook.xml" not in names:
            raise _refuse(
                f"{name}: เป็นไฟล์ OpenDocument (.ods) ให้บันทึกเป็น .xlsx",
                f"{name}: an OpenDocument spreadsheet (.ods); save it as .xlsx",
                reason="not_a_spreadsheet",
            )
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/workbook") for n in names):
            raise _refuse(
                f"{name}: เป็นไฟล์ zip แต่ไม่มีสมุดงาน Excel อยู่ภายใน",
                f"{name}: a zip file, but there is no Excel workbook inside",
                reason="not_a_spreadsheet",
            )
        if any(info.flag_bits & 0x1 for info in infos):
            raise _refuse(
                f"{name}: ไฟล์ถูกเข้ารหัส ให้บันทึกแบบไม่มีรหัสผ่าน",
                f"{name}: the file is encrypted; save it without a password",
                reason="not_a_spreadsheet",
            )
        declared = sum(info.file_size for info in infos)
        if declared > max_unpacked:
            raise _zip_bomb(name, f"{declared:,} bytes unpacked (setting max_import_unpacked_bytes: {max_unpacked:,})")
        for info in infos:
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _zip_bomb(name, f"{info.filename} unpacks {info.file_size // max(info.compress_size, 1)}-fold")
        if any(n.lower().endswith("vbaproject.bin") for n in names) or _macro_content_type(archive):
            raise _refuse(
                f"{name}: สมุดงานมีมาโคร (VBA) ซึ่งไม่รับเพื่อความปลอดภัย ให้บันทึกเป็น .xlsx ธรรมดา (ไม่ใช่ .xlsm)",
                f"{name}: the workbook contains macros (VBA), which are not accepted; save it as a plain .xlsx "
                "(not .xlsm)",
                reason="macros",
            )
        if any(n.startswith("xl/externalLinks/") for n in names):
            raise _refuse(
                f"{name}: สมุดงานมีการเชื่อมโยงไปยังไฟล์ภายนอก ให้ตัดการเชื่อมโยง (Data → Edit Links → Break Link) แล้วบันทึกใหม่",
                f"{name}: the workbook links to external files; break the links (Data → Edit Links → Break Link) "
                "and save again",
                reason="external_links",
            )
        total = 0
        for info in infos:
            total += _inflate_and_count(archive, info, name=name, budget=max_unpacked - total)


def _macro_content_type(archive: zipfile.ZipFile) -> bool:
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > 1024 * 1024:
        return True  # no honest content-types part is that large
    return b"macroEnabled" in archive.read(info)


def _inflate_and_count(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, name: str, budget: int) -> int:
    size = 0
    try:
        with archive.open(info) as entry:
            while chunk := entry.read(_CHUNK):
                size += len(chunk)
                if size > info.file_size or size > budget:
                    raise _zip_bomb(name, f"{info.filename} unpacks to more than it declares")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        raise _refuse(
            f"{name}: ไฟล์ .xlsx เสียหาย ({info.filename})",
            f"{name}: a damaged .xlsx ({info.filename} cannot be unpacked)",
            reason="not_a_spreadsheet",
        ) from None
    return size


def _zip_bomb(name: str, what: str) -> FileRefused:
    return _refuse(
        f"{name}: ไฟล์ขยายตัวผิดปกติเมื่อแตกไฟล์ (zip bomb: {what}) จึงไม่อ่าน",
        f"{name}: the file unpacks abnormally (a zip bomb: {what}), so it is not read",
        reason="zip_bomb",
        setting="max_import_unpacked_bytes",
    )
