"""A plan version as RDF: the quads an import writes into the province's plan graph.

Identifiers:

* the version: ``.../id/plan/TH-84-version-3``; its source document (the imported file, with its
  SHA-256 and the province as creator): ``.../id/source/import-TH-84-version-3``;
* a project or development line keeps its IRI across versions: ``.../id/project/TH-84-01`` from its
  code (the province prefix is added when the code lacks it), or from its Thai title when it has no
  code, so the team's curated links about it still apply to a revised plan;
* an indicator, a data source and the description of each stated link belong to the version
  (``.../id/indicator/TH-84-version-3-TH-84-01-1``...).

Every link read from the spreadsheet is a triple on the project plus a ``p40:StatedLink`` that names the
file (``dcterms:source``) and the sheet and row (``p40:sourceSheet``, ``p40:sourceRow``): stated by the
province. An import never writes a ``p40:CuratedLink``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.plans.model import ItemDraft, ItemKind, LinkDraft, Location, PlanDraft

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_NOTATION = "http://www.w3.org/2004/02/skos/core#notation"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass(frozen=True, kw_only=True)
class VersionInfo:
    """What an import records about the version it makes."""

    number: int
    label: str
    imported_at: datetime
    imported_by: str
    file_name: str
    media_type: str
    digest: str
    """SHA-256 of the file, hexadecimal."""
    revises: str | None
    """IRI of the plan version this one revises (prov:wasRevisionOf)."""
    same_content_as: str | None
    """IRI of the previous version when the content is the same (p40:sameContentAs)."""


def version_local(province: str, number: int) -> str:
    """``TH-84-version-3``."""
    return f"{province}-version-{number}"


def plan_iri(province: str, number: int) -> str:
    """The IRI of version ``number`` of a province's plan made by an import."""
    return f"{ns.ID_BASE}plan/{version_local(province, number)}"


def item_iri(item: ItemDraft) -> str:
    """The IRI of a project or development line (stable across versions)."""
    folder = "project/" if item.kind is ItemKind.PROJECT else "issue/"
    return ns.ID_BASE + folder + quote(item.local_name, safe="-._~")


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def default_titles(province_th: str, province_en: str) -> tuple[str, str]:
    """Plan titles when the spreadsheet gives none."""
    return (f"แผนพัฒนาจังหวัด 4.0 จังหวัด{province_th}", f"{province_en} Province 4.0 development plan")


def literal_for(value: int | Decimal | str) -> ox.Literal:
    """A number as xsd:integer / xsd:decimal, a statement as a plain string."""
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(value)


class _Quads:
    def __init__(self, graph: str) -> None:
        self.graph = ox.NamedNode(graph)
        self.quads: list[ox.Quad] = []

    def add(self, subject: str, predicate: str, obj: ox.NamedNode | ox.Literal | str) -> None:
        term = ox.NamedNode(obj) if isinstance(obj, str) else obj
        self.quads.append(ox.Quad(ox.NamedNode(subject), ox.NamedNode(predicate), term, self.graph))

    def text(self, subject: str, predicate: str, value: str | None, lang: str | None = None) -> None:
        if value:
            self.add(subject, predicate, ox.Literal(value, language=lang) if lang else ox.Literal(value))

    def integer(self, subject: str, predicate: str, value: int | None) -> None:
        if value is not None:
            self.add(subject, predicate, literal_for(value))

    def located(self, subject: str, location: Location | None) -> None:
        if location is not None:
            self.text(subject, str(P40.sourceSheet), location.sheet)
            self.integer(subject, str(P40.sourceRow), location.row)


def build_version(draft: PlanDraft, info: VersionInfo) -> tuple[ox.Quad, ...]:
    """The quads of one plan version, in the province's plan graph."""
    out = _Quads(ns.plan_graph(draft.province))
    plan = plan_iri(draft.province, info.number)
    local = version_local(draft.province, info.number)
    source = f"{ns.ID_BASE}source/import-{local}"
    province = ns.province_iri(draft.province)

    out.add(plan, RDF + "type", str(P40.ProvincialDevelopmentPlan))
    out.text(plan, RDFS_LABEL, draft.title_th, "th")
    out.text(plan, RDFS_LABEL, draft.title_en, "en")
    out.text(plan, str(P40.versionLabel), info.label)
    out.add(plan, str(P40.planOf), province)
    out.integer(plan, str(P40.firstYearBE), draft.first_year)
    out.integer(plan, str(P40.lastYearBE), draft.last_year)
    out.add(plan, DCTERMS + "source", source)
    out.add(
        plan,
        PROV + "generatedAtTime",
        ox.Literal(info.imported_at.isoformat(), datatype=ox.NamedNode(XSD + "dateTime")),
    )
    out.text(plan, str(P40.importedBy), info.imported_by)
    if info.revises:
        out.add(plan, PROV + "wasRevisionOf", info.revises)
    if info.same_content_as:
        out.add(plan, str(P40.sameContentAs), info.same_content_as)

    out.add(source, RDF + "type", str(P40.SourceDocument))
    out.text(source, RDFS_LABEL, info.file_name)
    out.text(source, str(P40.contentDigest), info.digest)
    out.text(source, DCTERMS + "format", info.media_type)
    out.add(source, DCTERMS + "creator", province)

    for link in draft.links:
        _link(out, plan, link, source, local, fallback=draft.location)

    issues = {item.code: item_iri(item) for item in draft.items if item.kind is ItemKind.ISSUE and item.code}
    sources: dict[tuple[str | None, str | None], str] = {}
    for item in draft.items:
        iri = item_iri(item)
        if item.kind is ItemKind.PROJECT:
            out.add(plan, str(P40.hasProject), iri)
            out.add(iri, RDF + "type", str(P40.Project))
            out.add(iri, str(P40.inPlan), plan)
            out.add(iri, str(P40.ownerProvince), province)
        else:
            out.add(plan, str(P40.hasStrategicIssue), iri)
            out.add(iri, RDF + "type", str(P40.ProvincialStrategicIssue))
        out.text(iri, SKOS_NOTATION, item.code)
        out.integer(iri, str(P40.sequenceNumber), item.sequence)
        out.text(iri, RDFS_LABEL, item.title_th, "th")
        out.text(iri, RDFS_LABEL, item.title_en, "en")
        out.add(iri, DCTERMS + "source", source)
        out.located(iri, item.location)
        if item.issue_code and item.issue_code in issues:
            out.add(iri, str(P40.addressesIssue), issues[item.issue_code])
        if item.budget is not None:
            out.add(
                iri,
                str(P40.budgetBaht),
                literal_for(item.budget if isinstance(item.budget, Decimal) else Decimal(item.budget)),
            )
        for link in item.links:
            _link(out, iri, link, source, local, fallback=item.location)
        for number, indicator in enumerate(item.indicators, start=1):
            node = f"{ns.ID_BASE}indicator/{local}-{quote(item.local_name, safe='-._~')}-{number}"
            out.add(iri, str(P40.hasIndicator), node)
            out.add(node, RDF + "type", str(P40.Indicator))
            out.text(node, RDFS_LABEL, indicator.name_th, "th")
            out.text(node, RDFS_LABEL, indicator.name_en, "en")
            if indicator.target is not None:
                out.add(node, str(P40.targetValue), literal_for(indicator.target))
            out.text(node, str(P40.unitOfMeasure), indicator.unit)
            out.integer(node, str(P40.targetFiscalYearBE), indicator.target_year)
            out.located(node, indicator.location)
        for data_source in item.sources:
            key = (data_source.name_th, data_source.name_en)
            if key not in sources:
                used = sources[key] = f"{ns.ID_BASE}data-source/{local}-{len(sources) + 1}"
                out.add(used, RDF + "type", str(P40.DataSource))
                out.text(used, RDFS_LABEL, data_source.name_th, "th")
                out.text(used, RDFS_LABEL, data_source.name_en, "en")
                out.located(used, data_source.location)
            out.add(iri, str(P40.usesDataSource), sources[key])
    return tuple(dict.fromkeys(out.quads))


def _link(out: _Quads, subject: str, link: LinkDraft, source: str, local: str, *, fallback: Location | None) -> None:
    out.add(subject, link.predicate, link.target)
    description = f"{ns.ID_BASE}link/{local}-{_local(subject)}-{_local(link.predicate)}-{_local(link.target)}"
    out.add(description, RDF + "type", str(P40.StatedLink))
    out.add(description, RDF + "subject", subject)
    out.add(description, RDF + "predicate", link.predicate)
    out.add(description, RDF + "object", link.target)
    out.add(description, DCTERMS + "source", source)
    out.located(description, link.location or fallback)
