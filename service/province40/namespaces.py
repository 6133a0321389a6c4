"""The project's IRIs and prefixes, in one place.

``P40`` is a closed rdflib namespace: a misspelt term raises ``AttributeError`` at once instead of
silently minting a new IRI. ``tests/test_namespaces.py`` checks that it lists exactly the terms the
ontology defines.
"""

from __future__ import annotations

import re

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

ONTOLOGY_IRI = "https://w3id.org/province40/ontology"
P40_NS = "https://w3id.org/province40/ontology#"
ID_BASE = "https://w3id.org/province40/id/"
GRAPH_BASE = "https://w3id.org/province40/graph/"

ONTOLOGY_GRAPH = GRAPH_BASE + "ontology"
SHAPES_GRAPH = GRAPH_BASE + "shapes"
REFERENCE_GRAPH = GRAPH_BASE + "reference"
PROGRAMME_GRAPH = GRAPH_BASE + "programme"
CURATION_GRAPH = GRAPH_BASE + "curation"
PLAN_GRAPH_BASE = GRAPH_BASE + "plan/"
PLAN_VERSION_GRAPH_BASE = GRAPH_BASE + "plan-version/"
"""Earlier versions of a province's plan: ``.../graph/plan-version/TH-NN/K`` holds version K once a
later version has replaced it in ``.../graph/plan/TH-NN`` (which always holds the current version)."""
EXTRA_GRAPH_BASE = GRAPH_BASE + "extra/"

ISO_CODE_PATTERN = re.compile(r"^TH-[0-9]{2}$")


def plan_graph(iso_code: str) -> str:
    """The named graph that holds one province's plans, e.g. ``.../graph/plan/TH-33``."""
    if not ISO_CODE_PATTERN.match(iso_code):
        raise ValueError(f"not an ISO 3166-2:TH province code: {iso_code!r} (expected e.g. TH-33)")
    return PLAN_GRAPH_BASE + iso_code


def plan_version_graph(iso_code: str, number: int) -> str:
    """The named graph that keeps version ``number`` of a province's plan once it is superseded."""
    if not ISO_CODE_PATTERN.match(iso_code):
        raise ValueError(f"not an ISO 3166-2:TH province code: {iso_code!r} (expected e.g. TH-33)")
    return f"{PLAN_VERSION_GRAPH_BASE}{iso_code}/{number}"


def province_iri(iso_code: str) -> str:
    """The IRI of a province, e.g. ``.../id/province/TH-33``."""
    if not ISO_CODE_PATTERN.match(iso_code):
        raise ValueError(f"not an ISO 3166-2:TH province code: {iso_code!r} (expected e.g. TH-33)")
    return ID_BASE + "province/" + iso_code


PREFIXES: dict[str, str] = {
    "p40": P40_NS,
    "id": ID_BASE,
    "province": ID_BASE + "province/",
    "plan": ID_BASE + "plan/",
    "project": ID_BASE + "project/",
    "strategy": ID_BASE + "strategy/",
    "mp": ID_BASE + "master-plan/",
    "dimension": ID_BASE + "dimension/",
    "factor": ID_BASE + "success-factor/",
    "link": ID_BASE + "link/",
    "issue": ID_BASE + "issue/",
    "confidence": ID_BASE + "confidence/",
    "criterion": ID_BASE + "criterion/",
    "graph": GRAPH_BASE,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
}
"""Prefixes offered to query writers (the query page, stored queries, reports)."""


def sparql_prologue(names: tuple[str, ...] | None = None) -> str:
    """``PREFIX`` lines for the given prefix names (all of them by default)."""
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in chosen.items())


class P40(DefinedNamespace):
    """The province40 ontology (closed: unknown names raise ``AttributeError``)."""

    _NS = Namespace(P40_NS)
    _fail = True

    # classes
    Province: URIRef
    Region: URIRef
    ProvincialAdministration: URIRef
    Plan: URIRef
    PlanLevel: URIRef
    NationalStrategy: URIRef
    Strategy: URIRef
    MasterPlan: URIRef
    ProvincialDevelopmentPlan: URIRef
    Project: URIRef
    ProvincialStrategicIssue: URIRef
    Indicator: URIRef
    DataSource: URIRef
    Dimension: URIRef
    SuccessFactor: URIRef
    Programme: URIRef
    ProgrammeStep: URIRef
    Cohort: URIRef
    Meeting: URIRef
    AgendaItem: URIRef
    MeetingMode: URIRef
    Guidance: URIRef
    Policy: URIRef
    Principle: URIRef
    Assessment: URIRef
    Recommendation: URIRef
    Decision: URIRef
    IncentiveMechanism: URIRef
    MeetingAction: URIRef
    SourceDocument: URIRef
    LinkAssertion: URIRef
    StatedLink: URIRef
    CuratedLink: URIRef
    CurationCriterion: URIRef
    ConfidenceLevel: URIRef

    # properties
    iso3166Code: URIRef
    dopaCode: URIRef
    subdivisionType: URIRef
    region: URIRef
    administers: URIRef
    planLevel: URIRef
    implementsPlan: URIRef
    partOfNationalStrategy: URIRef
    servesStrategy: URIRef
    firstYearBE: URIRef
    lastYearBE: URIRef
    planOf: URIRef
    versionLabel: URIRef
    statedBasis: URIRef
    statedPurpose: URIRef
    hasProject: URIRef
    inPlan: URIRef
    ownerProvince: URIRef
    hasStrategicIssue: URIRef
    addressesIssue: URIRef
    alignsWith: URIRef
    servesDimension: URIRef
    appliesSuccessFactor: URIRef
    contributesToMasterPlan: URIRef
    contributesToStrategy: URIRef
    hasIndicator: URIRef
    targetValue: URIRef
    unitOfMeasure: URIRef
    targetFiscalYearBE: URIRef
    usesDataSource: URIRef
    runBy: URIRef
    hasStep: URIRef
    hasCohort: URIRef
    sequenceNumber: URIRef
    hasMemberProvince: URIRef
    statedSize: URIRef
    membersNamedInSource: URIRef
    coversAllProvinces: URIRef
    nextCohort: URIRef
    partOfProgramme: URIRef
    meetingDate: URIRef
    dateAsWritten: URIRef
    meetingMode: URIRef
    participant: URIRef
    hasAgendaItem: URIRef
    speaker: URIRef
    hasDecision: URIRef
    presentedAt: URIRef
    givenAt: URIRef
    givenBy: URIRef
    addressedTo: URIRef
    concernsPlan: URIRef
    employedBy: URIRef
    honorific: URIRef
    rationale: URIRef
    meetsCriterion: URIRef
    confidence: URIRef
    criterionTarget: URIRef
    rank: URIRef
    sourceQuote: URIRef
    localCopy: URIRef
    contentDigest: URIRef
    sourceSheet: URIRef
    sourceRow: URIRef
    importedBy: URIRef
    sameContentAs: URIRef
    budgetBaht: URIRef
