"""The shapes' namespace ``p40sh:`` as a closed rdflib namespace, and the SHACL terms used here.

``P40SH`` lists the annotation and report terms of ``shapes/vocabulary.ttl`` and every shape of
``shapes/*.ttl``; a misspelt name raises ``AttributeError`` at once. ``tests/shapes/`` checks that
it lists exactly what the shape files define.
"""

from __future__ import annotations

from rdflib.namespace import SH, DefinedNamespace, Namespace
from rdflib.term import URIRef

SHAPES_IRI = "https://w3id.org/province40/shapes"
P40SH_NS = SHAPES_IRI + "#"


class P40SH(DefinedNamespace):
    """Terms and shapes of ``https://w3id.org/province40/shapes#`` (closed)."""

    _NS = Namespace(P40SH_NS)
    _fail = True

    # annotations on shapes
    fix: URIRef
    aspect: URIRef
    Aspect: URIRef
    Structure: URIRef
    Government40: URIRef
    NationalStrategy: URIRef
    Results: URIRef
    Provenance: URIRef

    # terms added to validation reports
    basis: URIRef
    Basis: URIRef
    Stated: URIRef
    Curated: URIRef
    closedByCuration: URIRef
    plan: URIRef
    project: URIRef
    province: URIRef

    # structure.ttl
    BilingualLabelShape: URIRef
    ThaiScriptLabelShape: URIRef
    ProvinceIsoCodeShape: URIRef
    PlanFirstYearShape: URIRef
    PlanLastYearShape: URIRef
    IndicatorFiscalYearShape: URIRef
    MeetingDateShape: URIRef
    ProvincialDevelopmentPlanProvinceShape: URIRef
    ProvincialDevelopmentPlanProjectShape: URIRef
    ProjectPlanShape: URIRef
    ProjectProvinceShape: URIRef
    ProvincialStrategicIssuePlanShape: URIRef

    # provenance.ttl
    LinkAssertionPredicateShape: URIRef
    LinkAssertionTripleShape: URIRef
    StatedLinkSourceShape: URIRef
    CuratedLinkRationaleShape: URIRef
    CuratedLinkAttributionShape: URIRef
    CuratedLinkTimeShape: URIRef
    CuratedLinkCriterionShape: URIRef
    CuratedLinkConfidenceShape: URIRef

    # alignment.ttl
    ProjectDimensionShape: URIRef
    ProjectSuccessFactorShape: URIRef
    ProjectNationalStrategyShape: URIRef
    ProvincialDevelopmentPlanDimensionCoverageShape: URIRef
    ProvincialDevelopmentPlanSuccessFactorCoverageShape: URIRef
    MasterPlanStrategyConsistencyShape: URIRef
    ProvincialStrategicIssueNationalStrategyShape: URIRef
    ProjectIssueShape: URIRef

    # results.ttl
    ProjectIndicatorShape: URIRef
    ProjectDataSourceShape: URIRef


__all__ = ["P40SH", "P40SH_NS", "SH", "SHAPES_IRI"]
