"""Labels and codes planners write, mapped to the graph's concepts, with nearest-concept suggestions.

A cell names a dimension, success factor, master plan, strategy or province by its number
(``2``, ``๒``), its label or alternative label in Thai or English, both (``ยุทธศาสตร์ที่ 2
การสร้างความสามารถในการแข่งขัน``), or its ISO code (provinces). Words that only say which list the
value is from (ยุทธศาสตร์ชาติ, ด้าน, แผนแม่บทประเด็นที่, มิติ, Strategy, Master plan...) are ignored.
When a number is given together with a text, the text must be a label of *that* concept. Anything
else is not mapped: :meth:`ConceptIndex.resolve` raises :class:`Unresolved` with the nearest
concepts, so a near miss is reported, never silently mapped and never silently dropped.
"""

from __future__ import annotations

import difflib
import enum
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.spreadsheet.values import arabic_digits

_RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class Scheme(enum.Enum):
    """The lists a spreadsheet cell may name a concept of."""

    DIMENSION = "dimension"
    FACTOR = "success-factor"
    MASTER_PLAN = "master-plan"
    STRATEGY = "strategy"
    PROVINCE = "province"

    @property
    def concept_class(self) -> str:
        """The p40 class of the scheme's concepts."""
        return {
            Scheme.DIMENSION: str(P40.Dimension),
            Scheme.FACTOR: str(P40.SuccessFactor),
            Scheme.MASTER_PLAN: str(P40.MasterPlan),
            Scheme.STRATEGY: str(P40.Strategy),
            Scheme.PROVINCE: str(P40.Province),
        }[self]

    def name(self, lang: str) -> str:  # type: ignore[override]
        """What the list is called."""
        th, en = {
            Scheme.DIMENSION: ("มิติระบบราชการ 4.0", "Government 4.0 dimension"),
            Scheme.FACTOR: ("ปัจจัยความสำเร็จ", "success factor"),
            Scheme.MASTER_PLAN: ("แผนแม่บท", "master plan"),
            Scheme.STRATEGY: ("ยุทธศาสตร์ชาติ", "national strategy"),
            Scheme.PROVINCE: ("จังหวัด", "province"),
        }[self]
        return th if lang == "th" else en


_LIST_WORDS: dict[Scheme, tuple[str, ...]] = {
    Scheme.DIMENSION: (
        "มิติระบบราชการ4.0",
        "มิติระบบราชการ",
        "มิติที่",
        "มิติ",
        "government4.0dimension",
        "government4.0",
        "dimensionno",
        "dimension",
        "ด้าน",
        "ที่",
        "no",
    ),
    Scheme.FACTOR: (
        "ปัจจัยความสำเร็จที่",
        "ปัจจัยความสำเร็จ",
        "ปัจจัยที่",
        "ปัจจัย",
        "successfactorno",
        "successfactor",
        "factor",
        "การนำ",
        "ที่",
        "no",
    ),
    Scheme.MASTER_PLAN: (
        "แผนแม่บทภายใต้ยุทธศาสตร์ชาติ",
        "แผนแม่บทประเด็นที่",
        "แผนแม่บทประเด็น",
        "แผนแม่บทที่",
        "แผนแม่บท",
        "ประเด็นที่",
        "ประเด็น",
        "masterplanno",
        "masterplan",
        "ที่",
        "no",
    ),
    Scheme.STRATEGY: (
        "ยุทธศาสตร์ชาติด้าน",
        "ยุทธศาสตร์ชาติที่",
        "ยุทธศาสตร์ชาติ",
        "ยุทธศาสตร์ที่",
        "ยุทธศาสตร์",
        "ด้าน",
        "nationalstrategyon",
        "nationalstrategyno",
        "nationalstrategy",
        "strategyno",
        "strategy",
        "on",
        "ที่",
        "no",
    ),
    Scheme.PROVINCE: ("จังหวัด", "จ.", "province"),
}


def _key(text: str) -> str:
    text = arabic_digits(unicodedata.normalize("NFC", text)).casefold()
    return re.sub(r"[\s\"'“”‘’()\[\]:：,;–—-]+", "", text).replace("&", "and").rstrip(".")


def _strip_list_words(key: str, scheme: Scheme) -> str:
    changed = True
    while changed and key:
        changed = False
        for word in _LIST_WORDS[scheme]:
            if key.startswith(word) and len(key) > len(word):
                key = key[len(word) :].lstrip(".")
                changed = True
                break
    return key


@dataclass(frozen=True, kw_only=True)
class Concept:
    """A concept a cell can name."""

    iri: str
    scheme: Scheme
    notation: str | None
    label_th: str
    label_en: str
    names: frozenset[str]
    """Normalised labels (list words stripped) and codes that name it exactly."""

    def display(self, lang: str) -> str:
        """How the template's drop-down lists show it: ``2 ยุทธศาสตร์ชาติด้าน…`` / ``TH-84 สุราษฎร์ธานี``."""
        label = self.label_th if lang == "th" else self.label_en
        return f"{self.notation} {label}" if self.notation else label

    def both(self) -> str:
        """Thai and English, for messages."""
        prefix = f"{self.notation} " if self.notation else ""
        return f"{prefix}{self.label_th} / {self.label_en}"


class Unresolved(LookupError):
    """A cell value that names no concept; ``suggestions`` are the nearest concepts."""

    def __init__(self, text: str, scheme: Scheme, suggestions: Sequence[Concept]) -> None:
        super().__init__(text)
        self.text = text
        self.scheme = scheme
        self.suggestions = tuple(suggestions)


_NUMBERED = re.compile(r"^([0-9]{1,3})(?:[.)/]|(?=[^0-9])|$)(.*)$")


class ConceptIndex:
    """Every concept of the reference data, looked up by what planners write."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._by_scheme: dict[Scheme, list[Concept]] = {s: [] for s in Scheme}
        for concept in concepts:
            self._by_scheme[concept.scheme].append(concept)
        for scheme, items in self._by_scheme.items():
            items.sort(key=lambda c: (int(c.notation) if c.notation and c.notation.isdigit() else 999, c.iri))
            self._by_scheme[scheme] = items

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad]) -> ConceptIndex:
        """Build the index from the reference graph's quads."""
        classes = {s.concept_class: s for s in Scheme}
        kinds: dict[str, Scheme] = {}
        props: dict[str, dict[str, list[ox.Literal]]] = {}
        for quad in quads:
            if not isinstance(quad.subject, ox.NamedNode):
                continue
            subject, predicate, obj = quad.subject.value, quad.predicate.value, quad.object
            if predicate == _TYPE and isinstance(obj, ox.NamedNode) and obj.value in classes:
                kinds[subject] = classes[obj.value]
            elif isinstance(obj, ox.Literal):
                props.setdefault(subject, {}).setdefault(predicate, []).append(obj)
        concepts: list[Concept] = []
        for iri, scheme in kinds.items():
            values = props.get(iri, {})
            labels = values.get(_RDFS_LABEL, []) + values.get(_SKOS + "prefLabel", [])
            alts = values.get(_SKOS + "altLabel", [])
            notation = next((v.value for v in values.get(_SKOS + "notation", [])), None)
            iso = next((v.value for v in values.get(str(P40.iso3166Code), [])), None)
            dopa = next((v.value for v in values.get(str(P40.dopaCode), [])), None)
            shown = values.get(_SKOS + "prefLabel") or values.get(_RDFS_LABEL, [])
            label_th = next((v.value for v in shown if v.language == "th"), iri)
            label_en = next((v.value for v in shown if v.language == "en"), label_th)
            names = {_key(iri), _key(iri.rsplit("/", 1)[-1])}
            for literal in labels + alts:
                names.add(_key(literal.value))
                names.add(_strip_list_words(_key(literal.value), scheme))
            if iso:
                names |= {_key(iso), _key(f"{label_th} ({iso})"), _key(f"{iso} {label_th}"), _key(f"{iso} {label_en}")}
            if dopa:
                names.add(_key(dopa))
            if scheme is Scheme.PROVINCE:
                notation = iso
            concepts.append(
                Concept(
                    iri=iri,
                    scheme=scheme,
                    notation=notation,
                    label_th=label_th,
                    label_en=label_en,
                    names=frozenset(n for n in names if n),
                )
            )
        return cls(concepts)

    def concepts(self, scheme: Scheme) -> tuple[Concept, ...]:
        """The scheme's concepts in notation order."""
        return tuple(self._by_scheme[scheme])

    def by_iri(self, iri: str) -> Concept | None:
        """The concept with this IRI."""
        return next((c for items in self._by_scheme.values() for c in items if c.iri == iri), None)

    def resolve(self, text: str, scheme: Scheme) -> Concept:
        """The concept ``text`` names, or :class:`Unresolved` with suggestions."""
        key = _key(text)
        items = self._by_scheme[scheme]
        exact = [c for c in items if key in c.names]
        if len(exact) == 1:
            return exact[0]
        stripped = _strip_list_words(key, scheme)
        if scheme is not Scheme.PROVINCE:
            numbered = _NUMBERED.match(stripped)
            if numbered:
                number, rest = numbered.group(1), _strip_list_words(numbered.group(2).lstrip("."), scheme)
                by_number = [c for c in items if c.notation == number]
                if by_number and (not rest or rest in by_number[0].names):
                    return by_number[0]
                raise Unresolved(text, scheme, self._nearest(rest or stripped, scheme, first=by_number))
        exact = [c for c in items if stripped in c.names]
        if len(exact) == 1:
            return exact[0]
        raise Unresolved(text, scheme, self._nearest(stripped, scheme, first=[]))

    def _nearest(self, key: str, scheme: Scheme, *, first: list[Concept]) -> list[Concept]:
        scored: list[tuple[float, Concept]] = []
        for concept in self._by_scheme[scheme]:
            best = max((difflib.SequenceMatcher(None, key, name).ratio() for name in concept.names), default=0.0)
            scored.append((best, concept))
        scored.sort(key=lambda pair: -pair[0])
        nearest = list(first)
        for score, concept in scored:
            if len(nearest) >= 3:
                break
            if score >= 0.5 and concept not in nearest:
                nearest.append(concept)
        if not nearest and len(self._by_scheme[scheme]) <= 6:
            return list(self._by_scheme[scheme])  # a short list: every choice is a suggestion
        return nearest


def concept_index(source_quads: Iterable[ox.Quad]) -> ConceptIndex:
    """The index of the reference graph's quads (``store.export([REFERENCE_GRAPH])``)."""
    return ConceptIndex.from_quads(q for q in source_quads if q.graph_name == ox.NamedNode(ns.REFERENCE_GRAPH))
