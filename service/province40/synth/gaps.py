"""The kinds of gap synthetic plans carry on purpose, each named after the shape that finds it.

A national report should have something to find, in known proportions. Each kind is a defect the
shapes (``shapes/*.ttl``) detect, introduced in a controlled share of the items it applies to:

* item kinds (``ITEM``) hit a share of projects, indicators, curated or stated links, each item
  drawn independently with probability ``share``;
* plan kinds (``PLAN``) hit ``max(1, round(share × provinces))`` provinces, drawn once per run, so
  even a small graph has at least one of each.

``p40sh:ProvinceIsoCodeShape`` is the one shape with no synthetic kind: provinces are the reference
data's 77, which ``synth`` does not regenerate.
"""

from __future__ import annotations

import enum
import random
from collections.abc import Sequence
from dataclasses import dataclass


class GapKind(enum.Enum):
    """A kind of gap; the value is the local name of the shape that reports it."""

    # projects
    MISSING_ENGLISH_LABEL = "BilingualLabelShape"
    LATIN_THAI_LABEL = "ThaiScriptLabelShape"
    PROJECT_NOT_LISTED = "ProjectPlanShape"
    FOREIGN_OWNER = "ProjectProvinceShape"
    NO_DIMENSION = "ProjectDimensionShape"
    NO_SUCCESS_FACTOR = "ProjectSuccessFactorShape"
    NO_NATIONAL_STRATEGY = "ProjectNationalStrategyShape"
    MASTER_PLAN_MISMATCH = "MasterPlanStrategyConsistencyShape"
    FOREIGN_ISSUE = "ProjectIssueShape"
    NO_INDICATOR = "ProjectIndicatorShape"
    NO_DATA_SOURCE = "ProjectDataSourceShape"
    INDICATOR_YEAR_CE = "IndicatorFiscalYearShape"
    # link descriptions
    MISSPELT_PREDICATE = "LinkAssertionPredicateShape"
    DESCRIBED_LINK_MISSING = "LinkAssertionTripleShape"
    STATED_LINK_WITHOUT_SOURCE = "StatedLinkSourceShape"
    RATIONALE_THAI_ONLY = "CuratedLinkRationaleShape"
    NO_CURATOR = "CuratedLinkAttributionShape"
    CURATION_TIME_AS_TEXT = "CuratedLinkTimeShape"
    NO_CRITERION = "CuratedLinkCriterionShape"
    NO_CONFIDENCE = "CuratedLinkConfidenceShape"
    # plans
    FIRST_YEAR_CE = "PlanFirstYearShape"
    LAST_YEAR_CE = "PlanLastYearShape"
    MEETING_DATE_AS_TEXT = "MeetingDateShape"
    UNKNOWN_PROVINCE = "ProvincialDevelopmentPlanProvinceShape"
    EMPTY_DRAFT = "ProvincialDevelopmentPlanProjectShape"
    DIMENSION_NOT_COVERED = "ProvincialDevelopmentPlanDimensionCoverageShape"
    FACTOR_NOT_COVERED = "ProvincialDevelopmentPlanSuccessFactorCoverageShape"
    ORPHAN_ISSUE = "ProvincialStrategicIssuePlanShape"
    ISSUE_WITHOUT_MASTER_PLAN = "ProvincialStrategicIssueNationalStrategyShape"

    @property
    def shape(self) -> str:
        """The IRI of the shape that reports this kind."""
        return "https://w3id.org/province40/shapes#" + self.value


PROJECT = (
    GapKind.MISSING_ENGLISH_LABEL,
    GapKind.LATIN_THAI_LABEL,
    GapKind.PROJECT_NOT_LISTED,
    GapKind.FOREIGN_OWNER,
    GapKind.NO_DIMENSION,
    GapKind.NO_SUCCESS_FACTOR,
    GapKind.NO_NATIONAL_STRATEGY,
    GapKind.MASTER_PLAN_MISMATCH,
    GapKind.FOREIGN_ISSUE,
    GapKind.NO_INDICATOR,
    GapKind.NO_DATA_SOURCE,
    GapKind.INDICATOR_YEAR_CE,
)
"""Kinds drawn for each project."""

CURATED_LINK = (
    GapKind.DESCRIBED_LINK_MISSING,
    GapKind.RATIONALE_THAI_ONLY,
    GapKind.NO_CURATOR,
    GapKind.CURATION_TIME_AS_TEXT,
    GapKind.NO_CRITERION,
    GapKind.NO_CONFIDENCE,
)
"""Kinds drawn for each curated link."""

STATED_LINK = (GapKind.MISSPELT_PREDICATE, GapKind.STATED_LINK_WITHOUT_SOURCE)
"""Kinds drawn for each stated-link description."""

ITEM = PROJECT + CURATED_LINK + STATED_LINK

PLAN = (
    GapKind.FIRST_YEAR_CE,
    GapKind.LAST_YEAR_CE,
    GapKind.MEETING_DATE_AS_TEXT,
    GapKind.UNKNOWN_PROVINCE,
    GapKind.EMPTY_DRAFT,
    GapKind.DIMENSION_NOT_COVERED,
    GapKind.FACTOR_NOT_COVERED,
    GapKind.ORPHAN_ISSUE,
    GapKind.ISSUE_WITHOUT_MASTER_PLAN,
)
"""Kinds given to whole provinces' plans."""


@dataclass(frozen=True)
class GapDraw:
    """Which kinds an item carries (drawn from the run's random generator)."""

    kinds: frozenset[GapKind]

    def __contains__(self, kind: object) -> bool:
        return kind in self.kinds


NO_GAPS = GapDraw(frozenset())


def draw(rng: random.Random, kinds: Sequence[GapKind], share: float) -> GapDraw:
    """Each of ``kinds`` independently with probability ``share`` (one random number per kind, always,
    so the rest of the run does not depend on which gaps were drawn)."""
    if share <= 0:
        for _ in kinds:
            rng.random()
        return NO_GAPS
    return GapDraw(frozenset(k for k in kinds if rng.random() < share))


def plan_gaps(rng: random.Random, codes: Sequence[str], share: float) -> dict[str, frozenset[GapKind]]:
    """For each province code, the plan kinds its plan carries: every kind goes to
    ``max(1, round(share × len(codes)))`` provinces (none when ``share`` is 0)."""
    given: dict[str, set[GapKind]] = {code: set() for code in codes}
    if share > 0 and codes:
        count = min(len(codes), max(1, round(share * len(codes))))
        for kind in PLAN:
            for code in rng.sample(list(codes), count):
                given[code].add(kind)
    return {code: frozenset(kinds) for code, kinds in given.items()}
