"""An answer as JSON (a document naming its question, with links) or CSV (UTF-8 with a byte-order
mark, so Excel opens Thai text correctly).

JSON::

    {"question": {"slug", "title": {"th", "en"}, "description": {"th", "en"}, "sparql", "query_page"},
     "parameters": {...}, "columns": [...], "rows": [{column: value}], "limit", "offset",
     "truncated", "next"}
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from province40.answer import Answer, JsonValue
from province40.errors import InvalidParameterValue
from province40.media import best_offer

BOM = "\ufeff"

ANSWER_FORMATS = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
"""The formats of an answer, by name (``format=``), in order of preference for ``*/*``."""


def choose_answer_format(format_param: str | None, accept: str | None) -> str:
    """``format=json|csv`` wins; otherwise the one ``Accept`` ranks higher; JSON by default (a browser)."""
    if format_param is not None:
        if format_param not in ANSWER_FORMATS:
            raise InvalidParameterValue(
                f"parameter 'format' must be json or csv; got {format_param[:40]!r}",
                parameter="format",
                pattern="^(json|csv)$",
                example="csv",
            )
        return format_param
    return best_offer(list(ANSWER_FORMATS.items()), accept) or "json"


@dataclass(frozen=True, kw_only=True)
class AnswerLinks:
    """Where the answer's SPARQL text, the query page with it loaded, and the next page are."""

    sparql: str
    query_page: str
    next_page: str | None = None


def answer_document(answer: Answer, links: AnswerLinks) -> dict[str, Any]:
    """The JSON document of one answer page."""
    question = answer.question
    return {
        "question": {
            "slug": question.slug,
            "title": {"th": question.title_th, "en": question.title_en},
            "description": {"th": question.description_th, "en": question.description_en},
            "sparql": links.sparql,
            "query_page": links.query_page,
        },
        "parameters": dict(answer.values),
        "columns": list(answer.columns),
        "rows": answer.records(),
        "limit": answer.page.limit,
        "offset": answer.page.offset,
        "truncated": answer.truncated,
        "next": links.next_page,
    }


def _csv_cell(value: JsonValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def answer_csv(answer: Answer) -> bytes:
    """The answer page as CSV: a header row of column names, then one line per row; UTF-8 with BOM."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(answer.columns)
    for record in answer.records():
        writer.writerow([_csv_cell(record[c]) for c in answer.columns])
    return (BOM + buffer.getvalue()).encode("utf-8")
