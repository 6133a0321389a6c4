"""Keep the search index in step with the store: read every searchable item, compare the digest of
its text with what the index holds, and re-index only what changed (and drop what is gone).

``province40 build`` calls it on the new store; the service calls it at start-up and after every
write it makes (Graph Store, SPARQL Update), before answering the write, so a search never sees
older data than a query does.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from province40.search.documents import DOCUMENTS_QUERY, documents_from_rows
from province40.search.index import SearchIndex
from province40.settings import Settings
from province40.store.base import Store

log = logging.getLogger(__name__)

READ_ALL_ROWS = 10_000_000
"""Row cap when reading the searchable items: all of them, whatever ``max_rows`` says for requests."""


def index_path(settings: Settings) -> Path | None:
    """Where the index lives: the ``search_index`` setting, else beside the embedded store
    (``<store_dir>.search.sqlite3``); None (in memory) for a remote store without the setting."""
    if settings.search_index is not None:
        return settings.search_index
    if settings.backend == "remote":
        return None
    return settings.store_dir.with_name(settings.store_dir.name + ".search.sqlite3")


def refresh_index(index: SearchIndex, store: Store, *, timeout: float = 120.0) -> int:
    """Bring ``index`` in step with ``store``; returns how many documents were added, changed or removed."""
    started = time.perf_counter()
    solutions = store.select(DOCUMENTS_QUERY, timeout=timeout, max_rows=READ_ALL_ROWS)
    documents = documents_from_rows(solutions.dicts())
    held = index.digests()
    current = {d.item for d in documents}
    changed = [d for d in documents if held.get(d.item) != d.digest]
    gone = [item for item in held if item not in current]
    count = index.apply(changed, gone) if changed or gone else 0
    log.info(
        "search index: %d documents, %d changed, %d removed, %.0f ms",
        len(documents), len(changed), len(gone), (time.perf_counter() - started) * 1000,
    )
    return count
