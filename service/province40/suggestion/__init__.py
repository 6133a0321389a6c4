"""Suggested links for a project: master plans (and through them strategies), Government 4.0 dimensions
and success factors, each with its evidence and confidence, or the reason the suggester abstains.

``reference`` reads what is compared (the master plans' descriptions and the rubric's evidence words,
which are data), ``lexical`` and ``embedding`` compute the two similarities, ``suggester`` ranks and
decides, ``result`` is the answer. A suggestion is never a link unless a person accepts it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from province40.suggestion.reference import Kind, SuggestionReference, Target
from province40.suggestion.result import Abstention, Confidence, Evidence, KindSuggestions, Suggestion, Suggestions
from province40.suggestion.suggester import Method, Suggester

__all__ = [
    "Abstention",
    "Confidence",
    "Evidence",
    "Kind",
    "KindSuggestions",
    "Method",
    "Suggester",
    "Suggestion",
    "SuggestionReference",
    "Suggestions",
    "Target",
    "suggester_for",
]

_CACHE: dict[tuple[str, Method], Suggester] = {}
_LOCK = threading.Lock()


def suggester_for(
    quads: Iterable[ox.Quad], *, method: Method = Method.HYBRID, cache_dir: Path | None = None
) -> Suggester:
    """The process's suggester for these reference and curation quads, built once per content and reused
    (``cache_dir``: where the passages' vectors are kept between processes)."""
    reference = SuggestionReference.from_quads(quads)
    key = (reference.digest + "|" + repr(sorted(reference.strategies_of.items())), method)
    with _LOCK:
        found = _CACHE.get(key)
        if found is None:
            found = Suggester(reference, method=method, cache_dir=cache_dir)
            _CACHE.clear() if len(_CACHE) > 4 else None
            _CACHE[key] = found
        return found
