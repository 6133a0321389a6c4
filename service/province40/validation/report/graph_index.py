"""An index of the validated data: names, types and the few relations reports follow.

Findings name a focus node; a planner reads them by province → plan → project. The index answers
"which project, plan and province is this node about?" (an indicator belongs to the project that
has it, a link description to the node it describes), gives every node its Thai and English name,
and describes the plans of the report.
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TypeVar

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.validation.report import (
    AlignmentTally,
    CuratedLinkInfo,
    GuidanceInfo,
    LocalizedText,
    PlanSummary,
    ProjectInfo,
)
from province40.validation.terms import Term, node_key

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = _RDF + "type"

_V = TypeVar("_V")

INDEX_KEY = "graph index"
"""A :class:`GraphIndex` of one view is kept in the data's memo under ``(INDEX_KEY, include_curation)``."""

_CURATION_READS = frozenset({
    _TYPE,
    _RDF + "subject",
    _RDF + "predicate",
    _RDF + "object",
    str(P40.rationale),
    str(P40.confidence),
    str(P40.meetsCriterion),
    str(P40.rank),
})
"""The predicates the index's table of curated links (``_curation``) is read from."""

FOLLOWED = _CURATION_READS | frozenset({
    _RDFS_LABEL,
    _SKOS + "prefLabel",
    _SKOS + "notation",
    str(P40.inPlan),
    str(P40.hasProject),
    str(P40.planOf),
    str(P40.ownerProvince),
    str(P40.hasIndicator),
    str(P40.usesDataSource),
    str(P40.hasStrategicIssue),
    str(P40.iso3166Code),
    str(P40.presentedAt),
    str(P40.meetingDate),
    str(P40.firstYearBE),
    str(P40.lastYearBE),
    str(P40.sequenceNumber),
    str(P40.givenAt),
    "http://purl.org/dc/terms/isPartOf",
})
"""The predicates the index reads (every other triple is left out of it)."""


def _followed(triples: Iterable[ox.Triple], read: set[str]) -> Iterator[tuple[str, str, Term]]:
    """(subject key, predicate, object) of the triples whose predicate the index follows; their
    predicates are added to ``read``."""
    for t in triples:
        predicate = t.predicate.value
        if predicate in FOLLOWED:
            read.add(predicate)
            yield node_key(t.subject), predicate, t.object  # type: ignore[arg-type, misc]


def _term_order(term: Term) -> str:
    return str(term)


class GraphIndex:
    """Names, types and the relations between plans, projects and provinces of some triples.

    Where a node has several values for a predicate they are kept in order (the least first: a
    term's N-Triples text, a subject's key), so what the index answers does not depend on the order
    the triples came in, and :meth:`change` gives what a new index of the changed triples would."""

    def __init__(self, triples: Iterable[ox.Triple]) -> None:
        self._out: dict[str, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        self._in: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            predicate = t.predicate.value
            if predicate not in FOLLOWED:
                continue
            subject = node_key(t.subject)  # type: ignore[arg-type]
            obj = t.object
            self._out[subject][predicate].append(obj)  # type: ignore[arg-type]
            if isinstance(obj, ox.NamedNode | ox.BlankNode):
                self._in[node_key(obj)][predicate].append(subject)
        for by_predicate in self._out.values():
            for values in by_predicate.values():
                if len(values) > 1:
                    values.sort(key=_term_order)
        for by_subject in self._in.values():
            for subjects in by_subject.values():
                if len(subjects) > 1:
                    subjects.sort()

    def change(self, *, added: Iterable[ox.Triple], removed: Iterable[ox.Triple]) -> None:
        """Bring the index up to date after ``removed`` left the indexed triples and ``added`` joined
        them (each a triple that was, or was not, there): afterwards it answers as an index built
        from the changed triples would."""
        read: set[str] = set()  # the followed predicates that changed
        for subject, predicate, obj in _followed(removed, read):
            _discard(self._out, subject, predicate, obj)
            if isinstance(obj, ox.NamedNode | ox.BlankNode):
                _discard(self._in, node_key(obj), predicate, subject)
        for subject, predicate, obj in _followed(added, read):
            values = self._out[subject][predicate]
            values.append(obj)
            values.sort(key=_term_order)
            if isinstance(obj, ox.NamedNode | ox.BlankNode):
                subjects = self._in[node_key(obj)][predicate]
                subjects.append(subject)
                subjects.sort()
        curation = not read.isdisjoint(_CURATION_READS)
        if curation:
            self.__dict__.pop("_curation", None)  # read again on its next use

    def entries(self) -> dict[str, dict[str, dict[str, list[object]]]]:
        """Everything the index holds, as plain dictionaries (for comparing two indexes)."""
        return {
            "out": {s: {p: list(v) for p, v in by.items() if v} for s, by in self._out.items() if any(by.values())},
            "in": {o: {p: list(v) for p, v in by.items() if v} for o, by in self._in.items() if any(by.values())},
        }

    # ------------------------------------------------------------ basic lookups

    def objects(self, node: str, predicate: str) -> list[Term]:
        """Objects of ``node predicate ?o`` (only for the predicates the index follows)."""
        return self._out.get(node, {}).get(predicate, [])

    def subjects(self, predicate: str, node: str) -> list[str]:
        """Subjects of ``?s predicate node``."""
        return self._in.get(node, {}).get(predicate, [])

    def _first(self, node: str, predicate: str) -> str | None:
        values = self.objects(node, predicate)
        return node_key(values[0]) if values else None

    def is_a(self, node: str, cls: str) -> bool:
        """True when ``node`` is typed ``cls`` (directly)."""
        return any(isinstance(t, ox.NamedNode) and t.value == cls for t in self.objects(node, _TYPE))

    def instances(self, cls: str) -> list[str]:
        """Nodes typed ``cls``, sorted."""
        return sorted(self.subjects(_TYPE, cls))

    def label(self, node: str) -> LocalizedText | None:
        """Thai and English name (rdfs:label, else skos:prefLabel); the texts are interned: a national
        report repeats the same names and rationales thousands of times."""
        texts: dict[str, str] = {}
        for predicate in (_RDFS_LABEL, _SKOS + "prefLabel"):
            for value in self.objects(node, predicate):
                if isinstance(value, ox.Literal) and value.language in ("th", "en"):
                    texts.setdefault(value.language, sys.intern(value.value))
        if not texts:
            return None
        return LocalizedText(texts.get("th", ""), texts.get("en", ""))

    def notation(self, node: str) -> str:
        """skos:notation, or '' when there is none."""
        values = self.objects(node, _SKOS + "notation")
        return values[0].value if values else ""

    def _integer(self, node: str, predicate: str) -> int | None:
        for value in self.objects(node, predicate):
            try:
                return int(value.value)
            except ValueError:
                continue
        return None

    # ------------------------------------------------------------ where a node belongs

    def province_code(self, province: str | None) -> str | None:
        """ISO 3166-2 code of a province node (from p40:iso3166Code, else from the IRI)."""
        if province is None:
            return None
        code = self._first(province, str(P40.iso3166Code))
        if code:
            return code
        tail = province.rsplit("/", 1)[-1]
        return tail if ns.ISO_CODE_PATTERN.match(tail) else None

    def plan_of_project(self, project: str) -> str | None:
        """The plan a project is in (p40:inPlan, else the plan that lists it)."""
        return self._first(project, str(P40.inPlan)) or next(iter(self.subjects(str(P40.hasProject), project)), None)

    def locate(self, node: str, _depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """(province code, plan, project) a node is about; unknown parts are None."""
        if _depth > 4:
            return (None, None, None)
        if self.is_a(node, str(P40.Project)) or self.objects(node, str(P40.inPlan)):
            plan = self.plan_of_project(node)
            province = self._first(node, str(P40.ownerProvince)) or (
                self._first(plan, str(P40.planOf)) if plan else None
            )
            return (self.province_code(province), plan, node)
        if self.is_a(node, str(P40.ProvincialStrategicIssue)):
            owners = self.subjects(str(P40.hasStrategicIssue), node)
            plan = owners[0] if owners else None
            return (self.province_code(self._first(plan, str(P40.planOf))) if plan else None, plan, node)
        if self.is_a(node, str(P40.ProvincialDevelopmentPlan)) or self.objects(node, str(P40.planOf)):
            return (self.province_code(self._first(node, str(P40.planOf))), node, None)
        if self.is_a(node, str(P40.Province)):
            return (self.province_code(node), None, None)
        for predicate in (str(P40.hasIndicator), str(P40.usesDataSource), str(P40.hasStrategicIssue)):
            owners = self.subjects(predicate, node)
            if owners:
                return self.locate(owners[0], _depth + 1)
        described = self._first(node, _RDF + "subject")
        if described is not None:
            return self.locate(described, _depth + 1)
        return (None, None, None)

    # ------------------------------------------------------------ plans

    def plans(self) -> list[str]:
        """The province plans in the data."""
        return self.instances(str(P40.ProvincialDevelopmentPlan))

    def projects_of(self, plan: str) -> list[str]:
        """A plan's projects (listed by the plan or pointing at it), in the source's order."""
        found = {node_key(p) for p in self.objects(plan, str(P40.hasProject))}
        found |= set(self.subjects(str(P40.inPlan), plan))
        return sorted(found, key=lambda p: (self._integer(p, str(P40.sequenceNumber)) or 10**6, p))

    def issues_of(self, plan: str) -> list[str]:
        """A plan's strategic issues (development lines), in the source's order."""
        found = {node_key(p) for p in self.objects(plan, str(P40.hasStrategicIssue))}
        return sorted(found, key=lambda p: (self._integer(p, str(P40.sequenceNumber)) or 10**6, p))

    @functools.cached_property
    def _curation(self) -> dict[str, list[CuratedLinkInfo]]:
        """Every complete p40:CuratedLink description, by the subject of the link it describes
        (read once: the one place the report learns which links are curated and how)."""
        by_subject: dict[str, list[CuratedLinkInfo]] = defaultdict(list)
        for link in self.subjects(_TYPE, str(P40.CuratedLink)):
            subject = self._first(link, _RDF + "subject")
            predicate = self._first(link, _RDF + "predicate")
            obj = self._first(link, _RDF + "object")
            if subject and predicate and obj:
                rationale = self._rationale(link)
                confidence = self._first(link, str(P40.confidence))
                rank = self._integer(confidence, str(P40.rank)) if confidence else None
                criterion = self._first(link, str(P40.meetsCriterion))
                by_subject[subject].append(
                    CuratedLinkInfo(subject, predicate, obj, rationale, confidence, rank, criterion)
                )
        return by_subject

    def curated_links(self, subjects: set[str]) -> tuple[CuratedLinkInfo, ...]:
        """The p40:CuratedLink descriptions of links from the given nodes."""
        links = [link for subject in subjects for link in self._curation.get(subject, ())]
        return tuple(sorted(links, key=lambda c: (c.subject, c.predicate, c.object)))

    def _rationale(self, link: str) -> LocalizedText:
        texts: dict[str, str] = {}
        for value in self.objects(link, str(P40.rationale)):
            if isinstance(value, ox.Literal) and value.language in ("th", "en"):
                texts.setdefault(value.language, sys.intern(value.value))
        return LocalizedText(texts.get("th", ""), texts.get("en", ""))

    def guidance(self, iri: str) -> GuidanceInfo | None:
        """A piece of programme guidance with the date of the meeting it was given at."""
        label = self.label(iri)
        if label is None:
            return None
        given_on = None
        place = self._first(iri, str(P40.givenAt))
        for _ in range(3):  # agenda item → meeting
            if place is None:
                break
            given_on = self._date(place, str(P40.meetingDate))
            if given_on is not None:
                break
            place = self._first(place, "http://purl.org/dc/terms/isPartOf")
        return GuidanceInfo(iri, label, given_on)

    def _date(self, node: str, predicate: str) -> dt.date | None:
        for value in self.objects(node, predicate):
            try:
                return dt.date.fromisoformat(value.value)
            except ValueError:
                continue
        return None

    def plan_summary(self, plan: str, tallies: tuple[AlignmentTally, ...]) -> PlanSummary:
        """What the report says about one plan."""
        province = self._first(plan, str(P40.planOf))
        meeting = self._first(plan, str(P40.presentedAt))
        presented_on = self._date(meeting, str(P40.meetingDate)) if meeting is not None else None
        projects = self.projects_of(plan)
        issues = self.issues_of(plan)
        return PlanSummary(
            iri=plan,
            label=self.label(plan) or LocalizedText(plan, plan),
            province=self.province_code(province),
            province_label=self.label(province) if province else None,
            presented_on=presented_on,
            first_year_be=self._integer(plan, str(P40.firstYearBE)),
            last_year_be=self._integer(plan, str(P40.lastYearBE)),
            projects=tuple(
                ProjectInfo(p, self.label(p) or LocalizedText(p, p), self._integer(p, str(P40.sequenceNumber)))
                for p in projects
            ),
            tallies=tallies,
            curated_links=self.curated_links({plan, *projects, *issues}),
            issues=tuple(
                ProjectInfo(i, self.label(i) or LocalizedText(i, i), self._integer(i, str(P40.sequenceNumber)))
                for i in issues
            ),
        )


def _discard(table: dict[str, dict[str, list[_V]]], key: str, predicate: str, value: _V) -> None:
    by_predicate = table.get(key)
    values = by_predicate.get(predicate) if by_predicate is not None else None
    if values is None or value not in values:
        return
    values.remove(value)
    if not values:
        del by_predicate[predicate]  # type: ignore[union-attr]
        if not by_predicate:
            del table[key]
