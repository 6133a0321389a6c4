"""A plan's content as planners write it, independent of RDF and of spreadsheets.

``content()`` leaves out where each value was read (sheet and row), so two imports of the same plan
from differently laid-out files have equal content.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where in a spreadsheet a value was read (row counts from 1)."""

    sheet: str
    row: int


class ItemKind(enum.Enum):
    """A row is a project or a development line (province strategic issue)."""

    PROJECT = "project"
    ISSUE = "issue"

    def name_in(self, lang: str) -> str:
        """The kind as the template writes it."""
        if self is ItemKind.PROJECT:
            return "โครงการ" if lang == "th" else "Project"
        return "ประเด็นการพัฒนา" if lang == "th" else "Development line"


@dataclass(frozen=True, kw_only=True)
class LinkDraft:
    """A link the plan states: predicate IRI (p40:servesDimension ...) and target concept IRI."""

    predicate: str
    target: str
    location: Location | None = None


@dataclass(frozen=True, kw_only=True)
class IndicatorDraft:
    """An indicator with its target."""

    name_th: str | None
    name_en: str | None
    target: int | Decimal | str | None
    unit: str | None
    target_year: int | None
    location: Location | None = None

    def content(self) -> tuple[object, ...]:
        """Everything but the location."""
        return (self.name_th, self.name_en, self.target, self.unit, self.target_year)


@dataclass(frozen=True, kw_only=True)
class DataSourceDraft:
    """A data source a project uses."""

    name_th: str | None
    name_en: str | None
    location: Location | None = None

    def content(self) -> tuple[object, ...]:
        """Everything but the location."""
        return (self.name_th, self.name_en)


@dataclass(frozen=True, kw_only=True)
class ItemDraft:
    """A project or development line."""

    kind: ItemKind
    code: str | None
    local_name: str
    """The last segment of its IRI (``TH-84-01``): from the code, or from the Thai title without one."""
    sequence: int
    title_th: str | None
    title_en: str | None
    issue_code: str | None = None
    links: tuple[LinkDraft, ...] = ()
    budget: Decimal | None = None
    indicators: tuple[IndicatorDraft, ...] = ()
    sources: tuple[DataSourceDraft, ...] = ()
    location: Location | None = None

    def content(self) -> tuple[object, ...]:
        """Everything but locations (links as a sorted set)."""
        return (
            self.kind.value,
            self.code,
            self.local_name,
            self.sequence,
            self.title_th,
            self.title_en,
            self.issue_code,
            tuple(sorted({(link.predicate, link.target) for link in self.links})),
            self.budget,
            tuple(i.content() for i in self.indicators),
            tuple(s.content() for s in self.sources),
        )


@dataclass(frozen=True, kw_only=True)
class PlanDraft:
    """One version's content."""

    province: str
    title_th: str | None
    title_en: str | None
    first_year: int | None = None
    last_year: int | None = None
    links: tuple[LinkDraft, ...] = ()
    items: tuple[ItemDraft, ...] = ()
    location: Location | None = None
    """Where the plan block is (for the provenance of plan-level links without their own row)."""

    def content(self) -> tuple[object, ...]:
        """Everything but locations; equal content means an unchanged plan."""
        return (
            self.province,
            self.title_th,
            self.title_en,
            self.first_year,
            self.last_year,
            tuple(sorted({(link.predicate, link.target) for link in self.links})),
            tuple(sorted((i.content() for i in self.items), key=repr)),
        )
