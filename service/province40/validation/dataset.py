"""Assembling the data a validation sees, from the store or from a plan file, in two views.

What is validated (the *scope*) and what it is validated with are kept apart:

============  ==========================================  ===========================================
scope         data graph                                  focus (whose findings are reported)
============  ==========================================  ===========================================
store         every named graph except the shapes         everything
province      .../graph/plan/TH-NN + ontology, reference,  the subjects of the plan graph
              programme + the curated links about them
file          the file (never loaded into the store) +    the subjects of the file
              ontology, reference, programme + the
              curated links about its nodes
============  ==========================================  ===========================================

The ontology is part of the data graph on purpose: SHACL looks ``rdfs:subClassOf`` up in the data
graph, so targets such as ``sh:targetClass p40:Plan`` reach subclasses without any inference.

Two views of the same data: *as presented* leaves out every curated triple, and *with curation* has
them all. A triple is curated exactly when a ``p40:CuratedLink`` describes it (rdf:subject,
rdf:predicate, rdf:object), wherever it is stored; the descriptions themselves count as curated too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.assets import AssetDirs, asset_dirs
from province40.errors import InputError, QueryRefused, QuerySyntaxError
from province40.loading import discover_sources, parse_sources
from province40.namespaces import P40
from province40.rdf_io import ParsedRdf, format_for_media_type, parse_bytes, parse_file
from province40.validation.report import Scope, ScopeKind
from province40.validation.terms import Resource

INPUT_GRAPH = ns.GRAPH_BASE + "validation/input"
"""The graph a plan file is read into (in memory only; validation never writes to the store)."""

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_TYPE = ox.NamedNode(_RDF + "type")
_SUBJECT = ox.NamedNode(_RDF + "subject")
_PREDICATE = ox.NamedNode(_RDF + "predicate")
_OBJECT = ox.NamedNode(_RDF + "object")
_CURATED_LINK = ox.NamedNode(str(P40.CuratedLink))
_STATED_LINK = ox.NamedNode(str(P40.StatedLink))
CONTEXT_GRAPHS = (ns.ONTOLOGY_GRAPH, ns.REFERENCE_GRAPH, ns.PROGRAMME_GRAPH)
"""The shared graphs every plan is checked against."""


class QuadSource(Protocol):
    """Where ontology, reference, programme, curation and plan graphs are read from.

    :class:`province40.store.base.Store` (embedded or remote) satisfies it, and so does
    :class:`AssetSource` for work without a store.
    """

    def named_graphs(self) -> tuple[str, ...]:
        """IRIs of the named graphs."""
        ...

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Every quad of the given named graphs."""
        ...


@functools.cache
def _asset_quads(dirs: AssetDirs) -> dict[str, tuple[ox.Quad, ...]]:
    by_graph: dict[str, list[ox.Quad]] = {}
    for parsed in parse_sources(discover_sources(dirs)):
        for quad in parsed.quads:
            name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
            by_graph.setdefault(name, []).append(quad)
    return {name: tuple(quads) for name, quads in by_graph.items()}


class AssetSource:
    """The project's ontology/, shapes/ and data/ files, parsed in memory (read once per process)."""

    def __init__(self, dirs: AssetDirs | None = None) -> None:
        self._dirs = dirs or asset_dirs()

    @property
    def dirs(self) -> AssetDirs:
        """The asset folders read."""
        return self._dirs

    def named_graphs(self) -> tuple[str, ...]:
        """The graphs ``province40 build`` would create from these files."""
        return tuple(sorted(name for name in _asset_quads(self._dirs) if name))

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """The quads of the given graphs (all of them when None)."""
        quads = _asset_quads(self._dirs)
        names = list(quads) if graphs is None else list(graphs)
        return tuple(q for name in names for q in quads.get(name, ()))


STATED_GRAPH = ox.NamedNode("urn:province40:validation:stated")
"""Where :func:`load_views` puts the data as presented."""
CURATED_GRAPH = ox.NamedNode("urn:province40:validation:curated")
"""Where :func:`load_views` puts what curation adds."""


def load_views(stated: Iterable[ox.Triple], curated: Iterable[ox.Triple]) -> ox.Store:
    """An in-memory store with the two views' triples in :data:`STATED_GRAPH` and :data:`CURATED_GRAPH`."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, STATED_GRAPH) for t in stated)
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, CURATED_GRAPH) for t in curated)
    return store


@dataclass(frozen=True)
class ValidationData:
    """The triples of one validation, split into the two views, and its focus."""

    scope: Scope
    stated: tuple[ox.Triple, ...]
    """The data as presented: no curated triple."""
    curated: tuple[ox.Triple, ...]
    """What curation adds: the curated links and their p40:CuratedLink descriptions."""
    focus: frozenset[Resource] | None
    """The nodes whose findings are reported (None: all)."""
    memo: dict[object, object] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """What is computed from this data once and reused while it lives (the report's index)."""

    def view(self, *, with_curation: bool) -> tuple[ox.Triple, ...]:
        """The triples of one view."""
        return self.stated + self.curated if with_curation else self.stated

    @functools.cached_property
    def loaded(self) -> ox.Store:
        """Both views in an in-memory store, loaded once: the data as presented in
        :data:`STATED_GRAPH`, what curation adds in :data:`CURATED_GRAPH` (query the first graph
        for the view as presented, both for the view with curation)."""
        return load_views(self.stated, self.curated)

    @functools.cached_property
    def curated_keys(self) -> frozenset[tuple[object, object, object]]:
        """The curated triples as (subject, predicate, object): what "is this triple curated?"
        looks up, everywhere a report asks it (decided once, by :func:`split_curated`)."""
        return frozenset(map(tuple, self.curated))  # a Triple unpacks to (subject, predicate, object)


@dataclass(frozen=True)
class Changes:
    """How a :class:`ValidationData` differs from the data it was changed from (:func:`reuse_loaded`),
    kept in its memo (under this class) until its first validation: an engine may then run again only
    what reads the changed triples, and reuse the rest of what it found on the earlier data."""

    earlier: dict[object, object]
    """The memo of the earlier data (what was computed from it)."""
    triples: frozenset[ox.Triple]
    """The triples added to or removed from either view."""


def reuse_loaded(data: ValidationData, previous: ValidationData, *, max_changes: int) -> bool:
    """Give ``data`` the in-memory store ``previous`` loaded (:attr:`ValidationData.loaded`), changed
    into ``data``'s two views by removing and adding the triples that differ, instead of loading every
    triple again; ``previous`` gives it up (it loads its own again if it is ever validated). False, and
    nothing changed, when ``previous`` has no store loaded or more than ``max_changes`` triples differ.

    The store must not be in use by a validation of ``previous`` meanwhile: a :class:`PlanReader`
    hands a plan's store on only to the next read of that plan, after a write made it stale."""
    store = previous.__dict__.get("loaded")
    if not isinstance(store, ox.Store):
        return False
    changes: list[tuple[bool, ox.NamedNode, ox.Triple]] = []
    for graph, before, after in (
        (STATED_GRAPH, previous.stated, data.stated),
        (CURATED_GRAPH, previous.curated, data.curated),
    ):
        old, new = set(before), set(after)
        removed, added = old - new, new - old
        if len(changes) + len(removed) + len(added) > max_changes:
            return False
        changes.extend((False, graph, t) for t in removed)
        changes.extend((True, graph, t) for t in added)
    del previous.__dict__["loaded"]
    data.memo[Changes] = Changes(previous.memo, frozenset(t for _add, _graph, t in changes))
    for add, graph, t in changes:
        quad = ox.Quad(t.subject, t.predicate, t.object, graph)
        if add:
            store.add(quad)
        else:
            store.remove(quad)
    data.__dict__["loaded"] = store
    return True


def split_curated(triples: Iterable[ox.Triple]) -> tuple[tuple[ox.Triple, ...], tuple[ox.Triple, ...]]:
    """(stated, curated): a triple is curated when a p40:CuratedLink describes it (or is its subject),
    unless a p40:StatedLink describes it too: a link a source (e.g. a province's imported plan) states
    is stated, even when the team had curated it before."""
    stated, curated, _rule = split_with_rule(triples)
    return stated, curated


@dataclass(frozen=True)
class CurationRule:
    """Which triples of some data are curated (:func:`split_with_rule`): what decides the view of a
    triple added to the data later, as long as the triple describes no link itself (:meth:`describes`)."""

    links: frozenset[object]
    """The subjects typed p40:CuratedLink."""
    triples: frozenset[tuple[object, ...]]
    """The triples the curated links describe, less those a p40:StatedLink describes."""

    def is_curated(self, triple: ox.Triple) -> bool:
        """The view ``triple`` belongs to (True: what curation adds), by the same rule as :func:`split_curated`."""
        subject, predicate, obj = triple
        return subject in self.links or (subject, predicate, obj) in self.triples

    @staticmethod
    def describes(triple: ox.Triple) -> bool:
        """True when adding or removing ``triple`` can change the rule (a link's type or description)."""
        predicate = triple.predicate
        return predicate in _DESCRIBING or (predicate == _TYPE and triple.object in (_CURATED_LINK, _STATED_LINK))


def split_with_rule(
    triples: Iterable[ox.Triple],
) -> tuple[tuple[ox.Triple, ...], tuple[ox.Triple, ...], CurationRule]:
    """(stated, curated, the rule that split them): :func:`split_curated` with its rule."""
    unique = list(dict.fromkeys(triples))
    links: dict[ox.NamedNode, set[object]] = {_CURATED_LINK: set(), _STATED_LINK: set()}
    parts: dict[object, dict[ox.NamedNode, object]] = {}
    for subject, predicate, obj in unique:  # one pass; a term is read from a triple once (each read copies it)
        if predicate == _TYPE:
            kind = links.get(obj)
            if kind is not None:
                kind.add(subject)
        elif predicate in _DESCRIBING:
            parts.setdefault(subject, {})[predicate] = obj
    curated_links = links[_CURATED_LINK]
    curated_triples = _described(curated_links, parts) - _described(links[_STATED_LINK], parts)
    stated: list[ox.Triple] = []
    curated: list[ox.Triple] = []
    for triple in unique:
        subject, predicate, obj = triple
        is_curated = subject in curated_links or (subject, predicate, obj) in curated_triples
        (curated if is_curated else stated).append(triple)
    return tuple(stated), tuple(curated), CurationRule(frozenset(curated_links), frozenset(curated_triples))


_DESCRIBING = frozenset({_SUBJECT, _PREDICATE, _OBJECT})


def _described(links: set[object], parts: dict[object, dict[ox.NamedNode, object]]) -> set[tuple[object, ...]]:
    """The triples the link descriptions ``links`` describe (rdf:subject, rdf:predicate, rdf:object;
    the last value of each when a description repeats one)."""
    found: set[tuple[object, ...]] = set()
    for link in links:
        part = parts.get(link)
        if part is not None and len(part) == 3:
            found.add((part[_SUBJECT], part[_PREDICATE], part[_OBJECT]))
    return found


def topic_filter(curation: Sequence[ox.Quad], topics: set[object]) -> list[ox.Quad]:
    """Curation quads about ``topics``: links whose subject is one, and descriptions of those links."""
    about = {q.subject: q.object for q in curation if q.predicate == _SUBJECT}
    return [q for q in curation if (about.get(q.subject, q.subject)) in topics]


_CURATION_ABOUT = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE {
    { SELECT DISTINCT ?topic WHERE { VALUES ?g { %s } GRAPH ?g { ?topic ?anyPredicate ?anyObject } } }
    LATERAL {
        { GRAPH <%s> { ?s rdf:subject ?topic . ?s ?p ?o } }
        UNION
        { GRAPH <%s> { ?topic ?p ?o } BIND (?topic AS ?s) }
    }
}"""
"""The curation quads about the subjects of some graphs. ``LATERAL`` (oxigraph's SPARQL 1.2 join that
runs its right side once per row, with the row's bindings) looks each topic up in the curation
graph's indexes: a plain join made pyoxigraph hash the whole curation graph first (1.1 GB and 7 s
for the 77 × 3000 store's 2.5 million curation quads, where this takes 10 ms)."""


def curation_about(source: QuadSource, graphs: Sequence[str]) -> list[ox.Quad] | None:
    """The curation quads about the subjects of ``graphs`` (the same as :func:`_topic_filter`),
    selected in the store by one CONSTRUCT when the source can run queries, instead of sending the
    whole curation graph over; None when it cannot (no queries, or an engine that does not know
    ``LATERAL``: the remote backend on Virtuoso refuses it as a syntax error)."""
    construct = getattr(source, "construct", None)
    if construct is None or any(not g.startswith(("http://", "https://")) for g in graphs):
        return None
    text = _CURATION_ABOUT % (" ".join(f"<{g}>" for g in graphs), ns.CURATION_GRAPH, ns.CURATION_GRAPH)
    try:
        result = construct(text, max_rows=100_000_000)
    except QuerySyntaxError:  # an engine without LATERAL (Virtuoso 7): the caller selects them here instead
        return None
    curation = ox.NamedNode(ns.CURATION_GRAPH)
    return [ox.Quad(t.subject, t.predicate, t.object, curation) for t in result.triples]


def assemble(
    scope: Scope,
    own: Sequence[ox.Quad],
    context: Sequence[ox.Quad],
    curation: Sequence[ox.Quad],
    *,
    focus: frozenset[Resource] | None,
    filter_curation: bool = False,
) -> ValidationData:
    """The data of one validation: ``own``, ``context`` and ``curation`` quads split into the two
    views; ``filter_curation``: keep only the curation quads about the subjects of the others."""
    if filter_curation:
        topics: set[object] = {q.subject for q in own} | {q.subject for q in context}
        curation = topic_filter(curation, topics)
    triples = (q.triple for part in (own, context, curation) for q in part)
    stated, curated, rule = split_with_rule(triples)
    data = ValidationData(scope=scope, stated=stated, curated=curated, focus=focus)
    data.memo[CurationRule] = rule
    return data


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Quad]]:
    grouped: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""
        grouped.setdefault(name, []).append(quad)
    return grouped


def from_source(source: QuadSource) -> ValidationData:
    """The whole store: every named graph except the shapes graph and superseded plan versions
    (``.../graph/plan-version/...``: history, validated one version at a time), no focus restriction."""
    names = [
        g for g in source.named_graphs() if g != ns.SHAPES_GRAPH and not g.startswith(ns.PLAN_VERSION_GRAPH_BASE)
    ]
    grouped = _by_graph(source.export(names))
    curation = grouped.pop(ns.CURATION_GRAPH, [])
    everything = [q for quads in grouped.values() for q in quads]
    return assemble(Scope(ScopeKind.STORE), everything, [], curation, focus=None, filter_curation=False)


def plan_data(
    code: str, own: Sequence[ox.Quad], context: Sequence[ox.Quad], curation: Sequence[ox.Quad]
) -> ValidationData:
    """One province's plan: its own quads with the context graphs' quads and the curation quads about
    them (already selected); the focus is the plan's subjects."""
    focus = frozenset(q.subject for q in own if isinstance(q.subject, ox.NamedNode | ox.BlankNode))
    return assemble(Scope(ScopeKind.PROVINCE, province=code), own, context, curation, focus=focus)


def from_file(path: Path, source: QuadSource) -> ValidationData:
    """A plan file (Turtle, JSON-LD, ...) checked against ``source``'s context; nothing is stored.

    Raises :class:`~province40.errors.RdfSyntaxError` naming the file, line and column when the file
    does not parse, and :class:`~province40.errors.InputError` when it holds no triples.
    """
    parsed = parse_file(path, graph=INPUT_GRAPH, display_name=str(path))
    return from_parsed(parsed, source, name=str(path))


def from_bytes(data: bytes, rdf_format: ox.RdfFormat, source: QuadSource, *, name: str) -> ValidationData:
    """A plan sent as bytes (an HTTP request body), like :func:`from_file`; ``name`` goes in messages."""
    parsed = parse_bytes(data, rdf_format=rdf_format, source=name, graph=INPUT_GRAPH)
    return from_parsed(parsed, source, name=name)


def posted_plan(body: bytes, media_type: str, source: QuadSource, *, max_triples: int) -> ValidationData:
    """A plan sent in a request body (its ``Content-Type`` says the format), parsed and checked against
    ``source``'s context; more than ``max_triples`` triples is a 413 (setting max_validation_triples)."""
    parsed = parse_bytes(body, rdf_format=format_for_media_type(media_type), source="request body", graph=INPUT_GRAPH)
    if len(parsed.quads) > max_triples:
        raise QueryRefused(
            f"the plan holds {len(parsed.quads)} triples; validation takes at most {max_triples}",
            reason="too_large",
            setting="max_validation_triples",
        )
    return from_parsed(parsed, source, name="request body")


def from_parsed(parsed: ParsedRdf, source: QuadSource, *, name: str) -> ValidationData:
    """A parsed plan document checked against ``source``'s context (see :func:`from_file`)."""
    if not parsed.quads:
        raise InputError(f"{name}: the document holds no RDF triples: nothing to validate")
    if not any(
        q.predicate == _TYPE and isinstance(q.object, ox.NamedNode) and q.object.value.startswith(ns.P40_NS)
        for q in parsed.quads
    ):
        raise InputError(
            f"{name}: nothing in the document has a province40 type (rdf:type p40:ProvincialDevelopmentPlan, "
            "p40:Project, ...): nothing to validate as a plan"
        )
    names = source.named_graphs()
    wanted = [g for g in (*CONTEXT_GRAPHS, ns.CURATION_GRAPH) if g in names]
    grouped = _by_graph(source.export(wanted))
    context = [q for g in CONTEXT_GRAPHS for q in grouped.get(g, [])]
    focus = frozenset(q.subject for q in parsed.quads if isinstance(q.subject, ox.NamedNode | ox.BlankNode))
    return assemble(
        Scope(ScopeKind.FILE, file=name),
        parsed.quads,
        context,
        grouped.get(ns.CURATION_GRAPH, []),
        focus=focus,
        filter_curation=True,
    )
