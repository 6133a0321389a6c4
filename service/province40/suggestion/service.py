"""The suggester on a store: checked parameters, one suggester per process, links an item does not claim.

Used by ``province40 suggest``, ``GET /api/suggest``, the spreadsheet import and the project page. The
suggester is built from the store's reference and curation graphs on first use (the model loads once,
the passages' vectors are computed once) and reused; callers run it off the event loop.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import InvalidParameterValue
from province40.settings import Settings
from province40.store.base import Store
from province40.suggestion import Method, Suggester, suggester_for
from province40.suggestion.reference import Kind
from province40.suggestion.result import KindSuggestions, Suggestions
from province40.text.normalise import normalise_input

MAX_TITLE = 500
MAX_DESCRIPTION = 4000

_LINKS = """
SELECT ?item ?property ?target ?g WHERE {
  VALUES ?property { <%s> <%s> <%s> <%s> }
  GRAPH ?g { ?item ?property ?target }
}""" % tuple(k.link_property for k in Kind)  # noqa: UP031 (constant IRIs; the item is bound, never pasted)


def vector_cache_dir(settings: Settings) -> Path | None:
    """Where the suggester keeps its passage vectors between processes: beside the embedded store
    (``<store_dir>.suggester/``, like the search index); None (not kept) for a remote store."""
    if settings.backend == "remote":
        return None
    return settings.store_dir.with_name(settings.store_dir.name + ".suggester")


def checked_text(title: str | None, description: str | None) -> tuple[str, str]:
    """The title and description, NFC with Thai digits read, or :class:`InvalidParameterValue` naming the field."""
    title = normalise_input(title or "").strip()
    description = normalise_input(description or "").strip()
    if not title:
        raise InvalidParameterValue(
            "parameter 'title' must name the project (1 to 500 characters) / ต้องระบุชื่อโครงการ",
            parameter="title", pattern=f"^.{{1,{MAX_TITLE}}}$", example="โครงการส่งเสริมการท่องเที่ยวชุมชน")
    if len(title) > MAX_TITLE:
        raise InvalidParameterValue(
            f"parameter 'title' is {len(title)} characters long; at most {MAX_TITLE} / "
            f"ชื่อโครงการยาวเกิน {MAX_TITLE} ตัวอักษร",
            parameter="title", pattern=f"^.{{1,{MAX_TITLE}}}$", example="โครงการส่งเสริมการท่องเที่ยวชุมชน")
    if len(description) > MAX_DESCRIPTION:
        raise InvalidParameterValue(
            f"parameter 'description' is {len(description)} characters long; at most {MAX_DESCRIPTION} / "
            f"คำอธิบายยาวเกิน {MAX_DESCRIPTION} ตัวอักษร",
            parameter="description", pattern=f"^.{{0,{MAX_DESCRIPTION}}}$", example="พัฒนาแหล่งท่องเที่ยวโดยชุมชน")
    return title, description


class SuggestionService:
    """Suggestions on one store (see the module docstring). Thread-safe.

    A write calls :meth:`forget` before it is answered, so forgetting never waits for a build: building
    (reading the store, embedding the passages: seconds, tens of seconds on a loaded machine) holds only
    ``_building``, and a suggester built while a write was forgotten is returned to the caller that asked
    for it but not kept (the next use builds again, from the written data)."""

    def __init__(self, store: Store, *, cache_dir: Path | None = None) -> None:
        self.store = store
        self.cache_dir = cache_dir
        self._suggester: Suggester | None = None
        self._version = 0  # advanced by every forget()
        self._state = threading.Lock()  # guards _suggester and _version; never held while building
        self._building = threading.Lock()  # one build at a time

    def suggester(self) -> Suggester:
        """The suggester of the store's reference and curation graphs (built on first use; blocking)."""
        with self._state:
            if self._suggester is not None:
                return self._suggester
        with self._building:
            with self._state:
                if self._suggester is not None:  # built by the caller this one waited for
                    return self._suggester
                version = self._version
            built = suggester_for(
                self.store.export([ns.REFERENCE_GRAPH, ns.CURATION_GRAPH]), method=Method.HYBRID,
                cache_dir=self.cache_dir)
            with self._state:
                if self._version == version:
                    self._suggester = built
            return built

    def forget(self) -> None:
        """Rebuild from the store on next use (after a write that may change the reference or curation);
        returns at once, even while a suggester is being built."""
        with self._state:
            self._version += 1
            self._suggester = None

    def suggest(self, title: str | None, description: str | None = None) -> Suggestions:
        """Suggestions for a checked title and description (blocking: the model runs)."""
        checked_title, checked_description = checked_text(title, description)
        return self.suggester().suggest(checked_title, checked_description)

    def unclaimed(
        self, item: str, title: str, description: str = ""
    ) -> tuple[Suggestions, tuple[KindSuggestions, ...]]:
        """Suggestions for an item, less the targets it already links to (stated or curated)."""
        answer = self.suggester().suggest(title, description)
        linked = {
            (p.value, t.value)
            for r in self.store.select(_LINKS, bindings={"item": ox.NamedNode(item)}).dicts()
            if isinstance(p := r.get("property"), ox.NamedNode) and isinstance(t := r.get("target"), ox.NamedNode)
        }
        kinds = []
        for k in answer.kinds:
            kept = tuple(s for s in k.suggestions if (k.kind.link_property, s.target.iri) not in linked)
            kinds.append(KindSuggestions(kind=k.kind, suggestions=kept, abstention=k.abstention, ranking=k.ranking))
        return answer, tuple(kinds)
