"""What every SHACL engine returns, and the interface the validator talks to.

Everything else in :mod:`province40.validation` talks to a :class:`ValidationEngine`: give it the
data as pyoxigraph triples (and, optionally, the focus nodes whose results matter) and it returns
engine-neutral :class:`EngineResult` values. The compiled engine (:mod:`.compiled`, the shapes as
SPARQL run in pyoxigraph) and the reference engine (:mod:`.pyshacl_engine`) both implement it; the
report, renderers and CLI do not change with the engine.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from province40.validation.report import Severity
from province40.validation.terms import Resource, Term


@dataclass(frozen=True)
class EngineResult:
    """One sh:ValidationResult, independent of the engine that produced it."""

    focus_node: Resource
    path: str | None
    """The result path as a SPARQL property path with compact IRIs (None for node-level results)."""
    value: Term | None
    severity: Severity
    shape: str
    constraint: str
    messages: tuple[ox.Literal, ...] = ()

    @property
    def key(self) -> tuple[str, str | None, str, str, str | None]:
        """What identifies a result across two validations of overlapping data."""
        value = None if self.value is None else str(self.value)
        return (str(self.focus_node), self.path, self.shape, self.constraint, value)


@dataclass(frozen=True)
class EngineRun:
    """The results of one validation and how long the engine took."""

    results: tuple[EngineResult, ...]
    seconds: float


class ValidationEngine(Protocol):
    """Validates triples against the shapes it was built with."""

    @property
    def name(self) -> str:
        """Engine name and version, shown in reports."""
        ...

    def validate(self, triples: Collection[ox.Triple], *, focus: frozenset[Resource] | None = None) -> EngineRun:
        """Validate the triples; with ``focus``, return only the results on those focus nodes."""
        ...
