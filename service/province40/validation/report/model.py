"""The validation report model: findings, plan summaries and the coverage matrix, as frozen values.

A :class:`Report` is what every renderer reads (Turtle/JSON-LD, JSON, CSV, HTML). It keeps two views
of the same plans apart:

- ``findings``: what still fails with the team's curated links taken into account (or, with
  ``include_curation=False``, what fails in the plan as presented);
- ``closed_by_curation``: what fails in the plan as presented but the curated links close: on those
  points the plan is aligned *only through curated links*.

Each finding's ``basis`` says whether it holds for the plan as presented (``stated``) or appears
only once curated links are added (``curated``: for instance a curated master plan that does not
serve the strategy a project claims).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

import pyoxigraph as ox

from province40.validation.terms import Resource, Term, compact

_SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class LocalizedText:
    """A text in Thai and English."""

    th: str
    en: str

    def get(self, lang: str) -> str:
        """The text in ``lang`` ('th' or 'en'), falling back to the other language."""
        if lang == "th":
            return self.th or self.en
        return self.en or self.th


class Severity(enum.Enum):
    """SHACL severities, most serious first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> str:
        """The sh: IRI of the severity."""
        return _SH + self.value

    @property
    def rank(self) -> int:
        """0 for Violation, 1 for Warning, 2 for Info."""
        return _SEVERITY_RANKS[self]

    def at_least(self, other: Severity) -> bool:
        """True when this severity is as serious as ``other`` or more."""
        return self.rank <= other.rank

    @property
    def label(self) -> LocalizedText:
        """How reports name the severity."""
        return _SEVERITY_LABELS[self]

    @classmethod
    def from_iri(cls, iri: str) -> Severity:
        """The severity of an sh: IRI; unknown severities count as Violation (SHACL's default)."""
        for severity in cls:
            if severity.iri == iri:
                return severity
        return cls.VIOLATION


_SEVERITY_RANKS = {severity: position for position, severity in enumerate(Severity)}
"""Each severity's :attr:`Severity.rank` (its place in the enumeration: listing it each time is slow)."""
_SEVERITY_LABELS = {
    Severity.VIOLATION: LocalizedText("ต้องแก้ไข", "Violation"),
    Severity.WARNING: LocalizedText("ควรปรับปรุง", "Warning"),
    Severity.INFO: LocalizedText("ข้อสังเกต", "Info"),
}


class Basis(enum.Enum):
    """Whether a finding holds for the plan as presented or only with the curated links."""

    STATED = "stated"
    CURATED = "curated"


@dataclass(frozen=True)
class Finding:
    """One validation result, with what a planner needs to fix it."""

    focus_node: Resource
    path: str | None
    """The SHACL path as a SPARQL property path with compact IRIs, e.g. ``p40:servesDimension``."""
    severity: Severity
    shape: str
    """IRI of the shape (sh:sourceShape)."""
    constraint: str
    """IRI of the constraint component (sh:sourceConstraintComponent)."""
    message_th: str
    message_en: str
    fix_th: str
    fix_en: str
    value: Term | None
    basis: Basis
    aspect: str | None = None
    province: str | None = None
    """ISO 3166-2 code of the province the finding concerns, e.g. ``TH-33``."""
    plan: str | None = None
    project: str | None = None
    confidence: str | None = None
    """For a finding closed by curation: IRI of the strongest confidence among the curated links that
    close it (``.../confidence/strong``, ``moderate`` or ``weak``); None otherwise."""
    claimed_by_source: bool = False
    """For a plan-coverage gap: the source states the plan-level link the plan's items do not show,
    so the gap may come from the source's one-line titles rather than from the plan."""

    def message(self, lang: str) -> str:
        """The message in ``lang``."""
        return LocalizedText(self.message_th, self.message_en).get(lang)

    def fix(self, lang: str) -> str:
        """The fix hint in ``lang``."""
        return LocalizedText(self.fix_th, self.fix_en).get(lang)


@dataclass(frozen=True)
class ShapeInfo:
    """What reports show about a shape: names, message, fix, severity, aspect, and its path."""

    iri: str
    label: LocalizedText
    message: LocalizedText
    fix: LocalizedText
    severity: Severity
    aspect: str | None
    path: str | None
    derived_from: tuple[str, ...] = ()
    """IRIs of the programme guidance the shape comes from (prov:wasDerivedFrom)."""
    path_node: Term | None = None
    """The shape's sh:path as a term (an IRI, or a blank node described by ``path_rdf``)."""
    path_rdf: tuple[ox.Triple, ...] = ()
    """The triples describing a compound path, to copy it into a SHACL report graph."""


@dataclass(frozen=True)
class AspectInfo:
    """One aspect of alignment (p40sh:Aspect), in report order."""

    iri: str
    label: LocalizedText
    order: int


class ScopeKind(enum.Enum):
    """What was validated."""

    STORE = "store"
    PROVINCE = "province"
    FILE = "file"


@dataclass(frozen=True)
class Scope:
    """The whole store, one province's plan graph, or a plan file."""

    kind: ScopeKind
    province: str | None = None
    file: str | None = None


@dataclass(frozen=True)
class AlignmentTally:
    """How many of a plan's projects pass one project-level alignment shape, in each view."""

    shape: str
    projects: int
    as_presented: int
    with_curation: int
    only_through_weak: int = 0
    """Of ``only_through_curation``: items whose closing curated links are all weak."""

    @property
    def only_through_curation(self) -> int:
        """Projects aligned on this point only because of curated links."""
        return self.with_curation - self.as_presented


@dataclass(frozen=True)
class ProjectInfo:
    """A project of a plan in the report."""

    iri: str
    label: LocalizedText
    sequence: int | None


@dataclass(frozen=True)
class CuratedLinkInfo:
    """A curated link (p40:CuratedLink) on a project or plan of the report, with its rationale."""

    subject: str
    predicate: str
    object: str
    rationale: LocalizedText
    confidence: str | None = None
    """IRI of the link's confidence level (p40:confidence)."""
    confidence_rank: int | None = None
    """1 = strong … 3 = weak (p40:rank of the confidence level)."""
    criterion: str | None = None
    """IRI of the rubric criterion the link meets (p40:meetsCriterion)."""


@dataclass(frozen=True)
class GuidanceInfo:
    """Programme guidance a shape derives from (a principle or an expert recommendation)."""

    iri: str
    label: LocalizedText
    given_on: date | None


@dataclass(frozen=True)
class PlanSummary:
    """A plan in the report: who owns it, when it was presented, its projects and tallies."""

    iri: str
    label: LocalizedText
    province: str | None
    province_label: LocalizedText | None
    presented_on: date | None
    first_year_be: int | None
    last_year_be: int | None
    projects: tuple[ProjectInfo, ...]
    tallies: tuple[AlignmentTally, ...]
    curated_links: tuple[CuratedLinkInfo, ...] = ()
    issues: tuple[ProjectInfo, ...] = ()
    """The plan's strategic issues (development lines), for a plan that lists them."""

    @property
    def only_through_weak(self) -> int:
        """Items aligned on some tallied point only through weak curated links."""
        return sum(t.only_through_weak for t in self.tallies)


class CellStatus(enum.Enum):
    """A coverage cell: how a plan reaches one dimension, success factor or strategy."""

    STATED = "stated"
    """At least one project links to it in the plan as presented."""
    CURATED = "curated"
    """Projects link to it only through curated links."""
    CLAIMED = "claimed"
    """No project links to it, but the plan itself claims it (a plan-level stated link)."""
    GAP = "gap"
    """Nothing links the plan to it."""


@dataclass(frozen=True)
class CoverageCell:
    """One cell of the coverage matrix."""

    column: str
    status: CellStatus
    stated_projects: int
    curated_projects: int
    plan_claim: bool


@dataclass(frozen=True)
class CoverageRow:
    """One plan's row of a coverage axis."""

    plan: str
    province: str | None
    cells: tuple[CoverageCell, ...]


@dataclass(frozen=True)
class CoverageColumn:
    """A dimension, success factor or strategy, with its label and notation."""

    iri: str
    label: LocalizedText
    notation: str


@dataclass(frozen=True)
class CoverageAxis:
    """Plans × one kind of target (dimensions, success factors or strategies)."""

    name: str
    """``dimensions``, ``success_factors`` or ``strategies``."""
    label: LocalizedText
    columns: tuple[CoverageColumn, ...]
    rows: tuple[CoverageRow, ...]
    expects_all: bool = True
    """True when a plan should reach every column (dimensions, factors); a strategy gap is not a fault."""


@dataclass(frozen=True)
class Coverage:
    """The coverage (gap) matrix: plans × dimensions, × success factors, × strategies."""

    axes: tuple[CoverageAxis, ...]

    def axis(self, name: str) -> CoverageAxis:
        """The axis called ``name``."""
        for axis in self.axes:
            if axis.name == name:
                return axis
        raise KeyError(name)


def passes_counts(open_counts: Mapping[str, int], fail_on: Severity = Severity.VIOLATION) -> bool:
    """:meth:`Report.passes` from the counts of open findings per severity (``Report.counts()["open"]``)."""
    return not any(open_counts.get(s.value, 0) for s in Severity if s.at_least(fail_on))


@dataclass(frozen=True)
class Report:
    """The outcome of one validation."""

    scope: Scope
    engine: str
    generated_at: datetime
    include_curation: bool
    findings: tuple[Finding, ...]
    closed_by_curation: tuple[Finding, ...]
    plans: tuple[PlanSummary, ...]
    coverage: Coverage
    shapes: Mapping[str, ShapeInfo] = field(default_factory=lambda: MappingProxyType({}))
    aspects: tuple[AspectInfo, ...] = ()
    labels: Mapping[str, LocalizedText] = field(default_factory=lambda: MappingProxyType({}))
    """Thai and English names of the nodes the findings mention (key: IRI or ``_:id``)."""
    guidance: Mapping[str, GuidanceInfo] = field(default_factory=lambda: MappingProxyType({}))
    """The programme guidance the shapes of the findings derive from (key: IRI)."""
    seconds: float = 0.0
    fallback_shapes: tuple[str, ...] = ()
    """Shapes the engine could not compile, validated by pySHACL instead (empty for pySHACL itself)."""
    computation: str = ""
    """How a whole-store report of the CLI was obtained: computed in full, answered from the report
    kept for the unchanged store, or brought up to date from the kept reports of the plans (which
    plans were validated again, and why); empty otherwise."""

    @property
    def conforms(self) -> bool:
        """SHACL's sense: no finding of any severity (sh:conforms of the report graph)."""
        return not self.findings

    def failing(self, fail_on: Severity = Severity.VIOLATION) -> tuple[Finding, ...]:
        """Findings at least as serious as ``fail_on``."""
        return tuple(f for f in self.findings if f.severity.at_least(fail_on))

    def passes(self, fail_on: Severity = Severity.VIOLATION) -> bool:
        """True when no finding is at least as serious as ``fail_on`` (the CLI's exit code 0)."""
        return not self.failing(fail_on)

    def counts(self) -> dict[str, dict[str, int]]:
        """Findings per severity: open ones, and the ones curated links close."""
        result: dict[str, dict[str, int]] = {}
        for name, findings in (("open", self.findings), ("closed_by_curation", self.closed_by_curation)):
            result[name] = {s.value: sum(1 for f in findings if f.severity is s) for s in Severity}
        return result

    def label(self, key: str, lang: str) -> str:
        """The name of a node in ``lang``, or its compact IRI when it has none."""
        text = self.labels.get(key)
        if text is not None:
            return text.get(lang)
        return key if key.startswith("_:") else compact(key)
