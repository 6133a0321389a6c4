"""A search result as JSON (with the matched words highlighted) or CSV (UTF-8 with BOM), shaped like
a stored question's answer so the two read alike."""

from __future__ import annotations

import csv
import io
from typing import Any

from province40.search.index import SearchResult

TITLE = {"th": "ค้นหาโครงการด้วยคำภาษาไทยหรือภาษาอังกฤษ", "en": "Projects found by words in Thai or English"}
DESCRIPTION = {
    "th": "โครงการและประเด็นการพัฒนาที่มีทุกคำที่ค้น เรียงตาม BM25 (ชื่อมีน้ำหนักมากกว่าคำอธิบาย) "
    "คำที่ตรงถูกเน้น เลขไทยและเลขอารบิกเท่ากัน",
    "en": "Projects and strategic issues that contain every word searched for, ranked by BM25 (titles weigh more "
    "than descriptions), matches highlighted; Thai and Arabic digits are equal.",
}
COLUMNS = ("item", "id", "kind", "code", "province_th", "province_en", "title_th", "title_en", "description", "score")


def search_document(result: SearchResult, *, limit: int, offset: int, next_page: str | None) -> dict[str, Any]:
    """The JSON document of one page of search results."""
    rows = []
    for hit in result.hits:
        d = hit.document
        rows.append(
            {
                "item": d.item, "id": d.identifier, "kind": d.kind, "code": d.code,
                "province_th": d.province_th, "province_en": d.province_en,
                "title_th": d.title_th, "title_en": d.title_en, "description": d.description,
                "score": round(hit.score, 4),
                "highlight": {"title_th": hit.title_th_html, "title_en": hit.title_en_html,
                              "description": hit.description_html},
            }
        )
    return {
        "question": {"slug": "search", "title": TITLE, "description": DESCRIPTION, "sparql": None, "query_page": None},
        "parameters": {"q": result.query},
        "words": list(result.words),
        "total": result.total,
        "columns": list(COLUMNS),
        "rows": rows,
        "suggestions": list(result.suggestions),
        "limit": limit,
        "offset": offset,
        "truncated": offset + len(rows) < result.total,
        "next": next_page,
    }


def search_csv(result: SearchResult) -> bytes:
    """The page of results as CSV, UTF-8 with a byte-order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for hit in result.hits:
        d = hit.document
        writer.writerow([d.item, d.identifier, d.kind, d.code, d.province_th, d.province_en, d.title_th, d.title_en,
                         d.description, f"{hit.score:.4f}"])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
