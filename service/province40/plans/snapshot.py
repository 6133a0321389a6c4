"""A stored plan version read back into a :class:`~province40.plans.model.PlanDraft`.

Works for imported versions and for the plans built from ``data/programme/plans`` alike: an item's
code is its ``skos:notation``, or else the last segment of its IRI (``TH-84-01``), so exporting a
programme plan and importing it again keeps every project's IRI (and the team's curated links about it).
"""

from __future__ import annotations

import dataclasses
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from urllib.parse import unquote

import pyoxigraph as ox

from province40.namespaces import P40
from province40.plans.graph import DCTERMS, PROV, RDFS_LABEL, SKOS_NOTATION, XSD
from province40.plans.model import DataSourceDraft, IndicatorDraft, ItemDraft, ItemKind, LinkDraft, Location, PlanDraft

_LINK_PREDICATES = (
    str(P40.servesDimension),
    str(P40.appliesSuccessFactor),
    str(P40.contributesToMasterPlan),
    str(P40.contributesToStrategy),
)
_PLAN_LINK_PREDICATES = (str(P40.servesDimension), str(P40.appliesSuccessFactor))

Node = ox.NamedNode | ox.BlankNode
_TITLE_NAMED = re.compile(r"-t[0-9a-f]{12}$")


@dataclass(frozen=True, kw_only=True)
class StoredVersion:
    """One stored version: its plan node, what the import recorded, and its content."""

    plan: str
    draft: PlanDraft
    label: str | None
    imported_at: datetime | None
    imported_by: str | None
    file_name: str | None
    digest: str | None
    revises: str | None
    same_content_as: str | None


class _Graph:
    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.out: dict[Node, dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for quad in quads:
            if isinstance(quad.subject, ox.NamedNode | ox.BlankNode) and not isinstance(quad.object, ox.Triple):
                self.out[quad.subject][quad.predicate.value].append(quad.object)

    def objects(self, node: Node, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return list(self.out.get(node, {}).get(predicate, []))

    def nodes(self, node: Node, predicate: str) -> list[Node]:
        return [o for o in self.objects(node, predicate) if isinstance(o, ox.NamedNode | ox.BlankNode)]

    def iris(self, node: Node, predicate: str) -> list[str]:
        return sorted(o.value for o in self.objects(node, predicate) if isinstance(o, ox.NamedNode))

    def literal(self, node: Node, predicate: str, lang: str | None = None) -> ox.Literal | None:
        for value in self.objects(node, predicate):
            if isinstance(value, ox.Literal) and (lang is None or value.language == lang):
                return value
        return None

    def text(self, node: Node, predicate: str, lang: str | None = None) -> str | None:
        found = self.literal(node, predicate, lang)
        return found.value if found is not None else None

    def integer(self, node: Node, predicate: str) -> int | None:
        found = self.literal(node, predicate)
        try:
            return int(found.value) if found is not None else None
        except ValueError:
            return None

    def location(self, node: Node) -> Location | None:
        sheet, row = self.text(node, str(P40.sourceSheet)), self.integer(node, str(P40.sourceRow))
        return Location(sheet=sheet, row=row) if sheet is not None and row is not None else None


def _target(literal: ox.Literal | None) -> int | Decimal | str | None:
    if literal is None:
        return None
    kind = literal.datatype.value
    if kind in (XSD + "integer", XSD + "int", XSD + "long", XSD + "nonNegativeInteger", XSD + "positiveInteger"):
        return int(literal.value)
    if kind in (XSD + "decimal", XSD + "double", XSD + "float"):
        return Decimal(literal.value)
    return literal.value


def _local(node: Node) -> str:
    return unquote(node.value.rstrip("/").rsplit("/", 1)[-1]) if isinstance(node, ox.NamedNode) else node.value


def plans_in(quads: Iterable[ox.Quad], province_iri: str) -> list[str]:
    """IRIs of the province's plans in these quads."""
    found = set()
    for quad in quads:
        if (
            quad.predicate.value == str(P40.planOf)
            and isinstance(quad.object, ox.NamedNode)
            and quad.object.value == province_iri
            and isinstance(quad.subject, ox.NamedNode)
        ):
            found.add(quad.subject.value)
    return sorted(found)


def read_version(quads: Iterable[ox.Quad], plan: str, province: str) -> StoredVersion:
    """The content and import record of the plan version ``plan`` among ``quads``."""
    graph = _Graph(quads)
    node = ox.NamedNode(plan)
    items = [
        _item(graph, n, ItemKind.PROJECT, i) for i, n in enumerate(graph.nodes(node, str(P40.hasProject)), start=1)
    ] + [
        _item(graph, n, ItemKind.ISSUE, i) for i, n in enumerate(graph.nodes(node, str(P40.hasStrategicIssue)), start=1)
    ]
    codes = {n: item.code for n, item in items}
    drafts = []
    for n, item in items:
        issue = next(iter(graph.nodes(n, str(P40.addressesIssue))), None)
        drafts.append(dataclasses.replace(item, issue_code=codes.get(issue) if issue is not None else None))
    drafts.sort(key=lambda d: (d.kind is ItemKind.PROJECT, d.sequence, d.local_name))
    source = next(iter(graph.nodes(node, DCTERMS + "source")), None)
    draft = PlanDraft(
        province=province,
        title_th=graph.text(node, RDFS_LABEL, "th"),
        title_en=graph.text(node, RDFS_LABEL, "en"),
        first_year=graph.integer(node, str(P40.firstYearBE)),
        last_year=graph.integer(node, str(P40.lastYearBE)),
        links=tuple(LinkDraft(predicate=p, target=t) for p in _PLAN_LINK_PREDICATES for t in graph.iris(node, p)),
        items=tuple(drafts),
    )
    stamp = graph.text(node, PROV + "generatedAtTime")
    return StoredVersion(
        plan=plan,
        draft=draft,
        label=graph.text(node, str(P40.versionLabel)),
        imported_at=datetime.fromisoformat(stamp) if stamp else None,
        imported_by=graph.text(node, str(P40.importedBy)),
        file_name=graph.text(source, RDFS_LABEL) if source is not None else None,
        digest=graph.text(source, str(P40.contentDigest)) if source is not None else None,
        revises=next(iter(graph.iris(node, PROV + "wasRevisionOf")), None),
        same_content_as=next(iter(graph.iris(node, str(P40.sameContentAs))), None),
    )


def _item(graph: _Graph, node: Node, kind: ItemKind, position: int) -> tuple[Node, ItemDraft]:
    local = _local(node)
    code = graph.text(node, SKOS_NOTATION) or (None if _TITLE_NAMED.search(local) else local)
    indicators = [
        IndicatorDraft(
            name_th=graph.text(i, RDFS_LABEL, "th"),
            name_en=graph.text(i, RDFS_LABEL, "en"),
            target=_target(graph.literal(i, str(P40.targetValue))),
            unit=graph.text(i, str(P40.unitOfMeasure)),
            target_year=graph.integer(i, str(P40.targetFiscalYearBE)),
            location=graph.location(i),
        )
        for i in graph.nodes(node, str(P40.hasIndicator))
    ]
    indicators.sort(key=lambda i: (i.location.row if i.location else 0, i.name_th or "", i.name_en or ""))
    sources = [
        DataSourceDraft(
            name_th=graph.text(s, RDFS_LABEL, "th"), name_en=graph.text(s, RDFS_LABEL, "en"), location=graph.location(s)
        )
        for s in graph.nodes(node, str(P40.usesDataSource))
    ]
    sources.sort(key=lambda s: (s.location.row if s.location else 0, s.name_th or "", s.name_en or ""))
    budget = graph.literal(node, str(P40.budgetBaht))
    links = [LinkDraft(predicate=p, target=t) for p in _LINK_PREDICATES for t in graph.iris(node, p)]
    draft = ItemDraft(
        kind=kind,
        code=code,
        local_name=local,
        sequence=graph.integer(node, str(P40.sequenceNumber)) or position,
        title_th=graph.text(node, RDFS_LABEL, "th"),
        title_en=graph.text(node, RDFS_LABEL, "en"),
        links=tuple(links),
        budget=Decimal(budget.value) if budget is not None else None,
        indicators=tuple(indicators),
        sources=tuple(sources),
        location=graph.location(node),
    )
    return node, draft
