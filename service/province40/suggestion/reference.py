"""What the suggester compares a project with, read from the reference and curation graphs.

* each master plan's labels, and the team's summary of it (``skos:scopeNote``, ``skos:example`` in
  ``data/reference/master-plan-descriptions.ttl``), as :class:`Passage` s;
* the strategies each master plan serves (the curated ``p40:servesStrategy`` links);
* the dimension and success-factor criteria of the curation rubric with the words that name their
  evidence (``skos:hiddenLabel`` in ``data/reference/curation-rubric.ttl``).

Nothing here is written in code: improving the suggester means improving those files.
"""

from __future__ import annotations

import enum
import hashlib
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_SKOS = "http://www.w3.org/2004/02/skos/core#"


class Kind(enum.Enum):
    """The kinds of target a project can be linked to."""

    MASTER_PLAN = "master-plan"
    STRATEGY = "strategy"
    DIMENSION = "dimension"
    FACTOR = "success-factor"

    def label(self, lang: str) -> str:
        """What the kind is called, in Thai or English."""
        th, en = {
            Kind.MASTER_PLAN: ("แผนแม่บท", "master plan"),
            Kind.STRATEGY: ("ยุทธศาสตร์ชาติ", "national strategy"),
            Kind.DIMENSION: ("มิติระบบราชการ 4.0", "Government 4.0 dimension"),
            Kind.FACTOR: ("ปัจจัยความสำเร็จ", "success factor"),
        }[self]
        return th if lang == "th" else en

    @property
    def concept_class(self) -> str:
        """The p40 class of the kind's concepts."""
        return str(
            {
                Kind.MASTER_PLAN: P40.MasterPlan,
                Kind.STRATEGY: P40.Strategy,
                Kind.DIMENSION: P40.Dimension,
                Kind.FACTOR: P40.SuccessFactor,
            }[self]
        )

    @property
    def link_property(self) -> str:
        """The property a project links to a target of this kind with."""
        return str(
            {
                Kind.MASTER_PLAN: P40.contributesToMasterPlan,
                Kind.STRATEGY: P40.contributesToStrategy,
                Kind.DIMENSION: P40.servesDimension,
                Kind.FACTOR: P40.appliesSuccessFactor,
            }[self]
        )


@dataclass(frozen=True, kw_only=True)
class Target:
    """A master plan, strategy, dimension or success factor."""

    iri: str
    kind: Kind
    notation: str
    label_th: str
    label_en: str

    def label(self, lang: str) -> str:
        """The label in ``lang`` (Thai when there is no English one)."""
        return self.label_en if lang == "en" and self.label_en else self.label_th


@dataclass(frozen=True, kw_only=True)
class Passage:
    """One piece of a master plan's text: a label, its scope note or one example subject."""

    text: str
    lang: str
    role: str
    """``label``, ``scope`` or ``example``."""


@dataclass(frozen=True, kw_only=True)
class MasterPlanText:
    """A master plan and every passage of text that describes it."""

    target: Target
    passages: tuple[Passage, ...]


@dataclass(frozen=True, kw_only=True)
class Criterion:
    """A rubric criterion for a dimension or success factor and the words that name its evidence."""

    iri: str
    notation: str
    target: Target
    words: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class SuggestionReference:
    """Everything the suggester ranks against (see the module docstring)."""

    master_plans: tuple[MasterPlanText, ...]
    strategies: dict[str, Target]
    strategies_of: dict[str, tuple[str, ...]]
    """Master plan IRI → the IRIs of the strategies it serves (curated)."""
    criteria: tuple[Criterion, ...]
    digest: str
    """SHA-256 of the passages, to reuse computed vectors while the text is unchanged."""

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> SuggestionReference:
        """Read the reference and curation graphs' quads (``store.export([REFERENCE_GRAPH, CURATION_GRAPH])``)."""
        wanted = {ns.REFERENCE_GRAPH, ns.CURATION_GRAPH}
        values: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]] = defaultdict(lambda: defaultdict(list))
        for quad in quads:
            if not isinstance(quad.graph_name, ox.NamedNode) or quad.graph_name.value not in wanted:
                continue
            if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal | ox.NamedNode):
                values[quad.subject.value][quad.predicate.value].append(quad.object)
        targets = {kind: _targets(values, kind) for kind in Kind}
        plans = tuple(
            MasterPlanText(target=t, passages=_passages(values[t.iri]))
            for t in sorted(targets[Kind.MASTER_PLAN].values(), key=lambda t: _number(t.notation))
        )
        serves: dict[str, list[str]] = defaultdict(list)
        for mp in targets[Kind.MASTER_PLAN]:
            for obj in values[mp][str(P40.servesStrategy)]:
                if obj.value in targets[Kind.STRATEGY]:
                    serves[mp].append(obj.value)
        linkable = targets[Kind.DIMENSION] | targets[Kind.FACTOR]
        criteria = []
        for iri, props in values.items():
            if not any(o.value == str(P40.CurationCriterion) for o in props[_RDF_TYPE]):
                continue
            goal = next((o.value for o in props[str(P40.criterionTarget)] if o.value in linkable), None)
            words = tuple(_nfc(o.value) for o in props[_SKOS + "hiddenLabel"] if isinstance(o, ox.Literal))
            if goal is not None and words:
                criteria.append(Criterion(iri=iri, notation=_first(props[_SKOS + "notation"]), target=linkable[goal],
                                          words=words))
        criteria.sort(key=lambda c: c.notation)
        digest = hashlib.sha256(
            "\n".join(f"{p.target.iri}\t{x.lang}\t{x.role}\t{x.text}" for p in plans for x in p.passages).encode()
        ).hexdigest()
        return cls(
            master_plans=plans,
            strategies=targets[Kind.STRATEGY],
            strategies_of={mp: tuple(sorted(set(s), key=lambda i: _number(targets[Kind.STRATEGY][i].notation)))
                           for mp, s in serves.items()},
            criteria=tuple(criteria),
            digest=digest,
        )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _number(notation: str) -> int:
    return int(notation) if notation.isdigit() else 10_000


def _first(objects: list[ox.Literal | ox.NamedNode]) -> str:
    return objects[0].value if objects else ""


def _label(props: dict[str, list[ox.Literal | ox.NamedNode]], lang: str) -> str:
    for prop in (_SKOS + "prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"):
        for obj in props[prop]:
            if isinstance(obj, ox.Literal) and obj.language == lang:
                return _nfc(obj.value)
    return ""


def _targets(values: dict[str, dict[str, list[ox.Literal | ox.NamedNode]]], kind: Kind) -> dict[str, Target]:
    found = {}
    for iri, props in values.items():
        if any(o.value == kind.concept_class for o in props[_RDF_TYPE]):
            found[iri] = Target(iri=iri, kind=kind, notation=_first(props[_SKOS + "notation"]),
                                label_th=_label(props, "th"), label_en=_label(props, "en"))
    return found


def _passages(props: dict[str, list[ox.Literal | ox.NamedNode]]) -> tuple[Passage, ...]:
    out: list[Passage] = []
    for prop, role in ((_SKOS + "prefLabel", "label"), (_SKOS + "altLabel", "label"),
                       (_SKOS + "scopeNote", "scope"), (_SKOS + "example", "example")):
        found = {Passage(text=_nfc(o.value), lang=o.language, role=role)
                 for o in props[prop] if isinstance(o, ox.Literal) and o.language in ("th", "en")}
        out.extend(sorted(found, key=lambda p: (p.lang != "th", p.text)))
    return tuple(dict.fromkeys(out))
