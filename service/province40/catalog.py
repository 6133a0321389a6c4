"""Stored planner queries: ``queries/*.rq``, each a valid SPARQL file with a comment header::

    # title: English title
    # title@th: ชื่อภาษาไทย
    # description: What it answers.
    # description@th: คำอธิบาย

The file stem is the query's slug (``list-plans.rq`` → ``list-plans``). The query page offers them
as examples; later they become REST routes with bound parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_HEADER = re.compile(r"^#\s*(?P<key>[a-z]+)(?:@(?P<lang>[a-z]{2}))?\s*:\s*(?P<value>.+?)\s*$")


@dataclass(frozen=True)
class StoredQuery:
    """One stored query and its bilingual metadata."""

    slug: str
    title_en: str
    title_th: str
    description_en: str
    description_th: str
    text: str


def _parse(path: Path) -> StoredQuery:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            key = match["key"] + ("@" + match["lang"] if match["lang"] else "")
            meta[key] = match["value"]
    missing = [k for k in ("title", "title@th", "description", "description@th") if k not in meta]
    if missing:
        raise ValueError(f"{path.name}: the header lacks {', '.join(missing)}")
    return StoredQuery(
        slug=path.stem,
        title_en=meta["title"],
        title_th=meta["title@th"],
        description_en=meta["description"],
        description_th=meta["description@th"],
        text=text,
    )


def stored_queries(directory: Path = QUERY_DIR) -> list[StoredQuery]:
    """Every stored query, sorted by slug."""
    return [_parse(path) for path in sorted(directory.glob("*.rq"))]
