"""Reading one province's plan from a store with the context it is checked against, fast.

A plan is validated with the shared graphs (ontology, reference data, programme) and the curated
links about any of them. Those shared parts are the same for every plan and change only when a
write touches a shared graph, so a :class:`PlanReader` reads them once and keeps them
(:meth:`PlanReader.invalidate` forgets them after such a write; the server calls it with the
graphs every write names). Each plan then costs two reads: its own graph, and the curated links
about its nodes, selected in the store by one CONSTRUCT (never the whole curation graph).

It also keeps the data of the last few plans it read (:data:`KEPT_PLANS`), loaded for the engine,
until a write touches their graph: the server validates a plan in both views, and again after any
write elsewhere, without reading it twice. After a write to a plan's own graph only, the plan graph
is read again but the curated links about its nodes are not: the curation graph did not change (a
write to it makes the reader forget everything), so the links about the nodes the plan still has are
those read before (:class:`CurationByTopic`); only when the write added nodes the reader has not
looked up are the curated links selected in the store again. The in-memory store the plan was
validated on is not loaded again either: the triples that differ are removed and added
(:func:`~province40.validation.dataset.reuse_loaded`). The stale data gives its store up, so the
validations of one reader's plans must not overlap a read of the same plan (the server's report
cache runs them one at a time).

A reader made with ``follow=True`` (the server's) does not read the plan graph again after a write
to it: it has the store's writer watch the graphs of the plans it keeps (``source.watch``), and the
writer hands back the exact change each write made to them
(:class:`~province40.store.graph_delta.GraphDelta`, ``source.take_deltas``). At the next read the
kept plan is brought up to date from those deltas (:meth:`PlanReader.follow_writes`): its quads, its
two views, its in-memory store and its report indexes are changed in place, when every write that
touched the plan (:meth:`PlanReader.invalidate`) came with its delta, the deltas chain from the kept
plan's fingerprint, no link description changed and no node appeared or was emptied; otherwise the
plan is read as above.

The same reader streams the whole store plan by plan (:meth:`PlanReader.plans` and
:meth:`PlanReader.rest`), so a national validation holds one plan in memory at a time.
"""

from __future__ import annotations

import functools
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import NotFound, ParameterError
from province40.store.graph_delta import GraphDelta, fingerprint
from province40.validation.dataset import (
    CONTEXT_GRAPHS,
    CURATED_GRAPH,
    STATED_GRAPH,
    Changes,
    CurationRule,
    QuadSource,
    ValidationData,
    assemble,
    curation_about,
    plan_data,
    reuse_loaded,
    split_curated,
    topic_filter,
)
from province40.validation.report import Scope, ScopeKind
from province40.validation.report.graph_index import INDEX_KEY, GraphIndex
from province40.validation.terms import Resource

_REST_CURATION = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE {
    GRAPH <%(curation)s> { ?s ?p ?o }
    OPTIONAL { GRAPH <%(curation)s> { ?s rdf:subject ?about } }
    BIND (COALESCE(?about, ?s) AS ?topic)
    FILTER NOT EXISTS { GRAPH ?g { ?topic ?anyPredicate ?anyObject } FILTER (STRSTARTS(STR(?g), "%(plans)s")) }
}"""
"""The curation quads about no node of any plan graph (links about reference data, the team, ...)."""
_CROSS_REFERENCES = """
SELECT DISTINCT ?ref ?own ?node WHERE {
    GRAPH ?own { ?node a ?type }
    GRAPH ?ref { { ?anySubject ?anyPredicate ?node } UNION { ?node ?anyPredicate ?anyObject } }
    FILTER (?ref != ?own && STRSTARTS(STR(?ref), "%(plans)s") && STRSTARTS(STR(?own), "%(plans)s"))
}"""
"""Nodes a plan graph types (owns) that another plan graph mentions (a project addressing another
plan's development line, a project in another province's plan, ...)."""

_BORDER = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE {
    { GRAPH ?graph { ?node ?p ?o } BIND (?node AS ?s) }
    UNION { GRAPH ?graph { ?s ?p ?node } BIND (?node AS ?o) }
    UNION { GRAPH <%(curation)s> { ?s rdf:subject ?node . ?s ?p ?o } }
    UNION { GRAPH <%(curation)s> { ?node ?p ?o } BIND (?node AS ?s) }
}"""
"""What another plan graph says about a node two plans share (as subject or object), with the curated
links about it."""

PART_QUADS = 150_000
"""About how many plan quads a part of a whole-store validation holds (a few hundred MB in memory)."""
KEPT_PLANS = 8
"""How many plans' data a :class:`PlanReader` keeps (about 10 MB each at 300 projects)."""
REUSED_CHANGES = 2_000
"""After a write to a plan, at most this many changed triples are applied to the in-memory store the
plan was validated on; more, and the new data is loaded from scratch."""
_RDF_SUBJECT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"


@dataclass(frozen=True)
class Border:
    """A node a plan shares with another plan graph: the plan's data needs what that graph says about it."""

    node: ox.NamedNode | ox.BlankNode
    graph: str


@dataclass(frozen=True)
class PlanPart:
    """One plan's part of a whole-store validation (:meth:`PlanReader.plan_part`)."""

    code: str
    data: ValidationData
    subjects: frozenset[ox.NamedNode | ox.BlankNode]
    """The subjects of the plan graph (a curated link about one of them belongs to the plan's part)."""
    quads: tuple[ox.Quad, ...]
    """The quads of the plan graph."""
    curation: tuple[ox.Quad, ...]
    """The curation quads about the plan graph's subjects."""
    shared: tuple[ox.Quad, ...]
    """What other plan graphs say about the nodes the plan shares with them (:meth:`PlanReader.border_quads`)."""


@dataclass(frozen=True)
class PlanContext:
    """The shared part of every plan's data: the context graphs and the curated links about them."""

    graphs: tuple[str, ...]
    """The named graphs of the store when it was read."""
    quads: tuple[ox.Quad, ...]
    """The quads of the context graphs (ontology, reference, programme)."""
    curation: tuple[ox.Quad, ...]
    """The curation quads about the context's nodes."""

    @functools.cached_property
    def triples(self) -> frozenset[ox.Triple]:
        """Every triple of the context and its curated links (what a plan's views hold besides the plan's own)."""
        return frozenset(q.triple for part in (self.quads, self.curation) for q in part)


@dataclass(frozen=True)
class PlanSource:
    """What a plan's data was assembled from, kept in its memo: the plan graph's quads (with their
    :func:`~province40.store.graph_delta.fingerprint`, and how many each subject has) and the curation
    quads about its nodes. A write's :class:`~province40.store.graph_delta.GraphDelta` applies to it
    (:meth:`PlanReader.follow_writes`); the quads and counts are then handed on, changed in place."""

    own: dict[ox.Quad, None]
    """The plan graph's quads (a dictionary: a set that keeps the store's order)."""
    subjects: Counter[object]
    fingerprint: int
    curation: tuple[ox.Quad, ...]

    @classmethod
    def of(cls, own: Sequence[ox.Quad], curation: Sequence[ox.Quad]) -> PlanSource:
        """The source of a plan read in full."""
        return cls(dict.fromkeys(own), Counter(q.subject for q in own), fingerprint(own), tuple(curation))


@dataclass(frozen=True)
class CurationByTopic:
    """The curated links read for a plan, by the node they are about (its topic): what the reader
    reuses after a write to the plan's graph alone, as long as the curation graph has not changed."""

    topics: frozenset[object]
    """Every node the links were looked up for (the subjects of the plan graph then)."""
    quads: tuple[ox.Quad, ...]
    """The curation quads read, in the order the store gave them."""
    about: dict[object, frozenset[object]]
    """Quad subject (a link description, or a topic itself) → the topics it is about."""

    @classmethod
    def of(cls, topics: Iterable[object], quads: Sequence[ox.Quad]) -> CurationByTopic:
        """Group ``quads`` (the curation quads about ``topics``, as :func:`curation_about` selects them)."""
        wanted = frozenset(topics)
        about: dict[object, set[object]] = {}
        for quad in quads:
            if quad.predicate.value == _RDF_SUBJECT and quad.object in wanted:
                about.setdefault(quad.subject, set()).add(quad.object)
            if quad.subject in wanted:
                about.setdefault(quad.subject, set()).add(quad.subject)
        return cls(wanted, tuple(quads), {s: frozenset(t) for s, t in about.items()})

    def select(self, topics: AbstractSet[object]) -> list[ox.Quad] | None:
        """The curation quads about ``topics`` (the same the store would select), or None when some
        topic was not looked up when these were read."""
        if not topics <= self.topics:
            return None
        return [q for q in self.quads if not self.about.get(q.subject, frozenset()).isdisjoint(topics)]


def _plan_code(graph: str) -> str | None:
    if not graph.startswith(ns.PLAN_GRAPH_BASE):
        return None
    code = graph[len(ns.PLAN_GRAPH_BASE):]
    return code if ns.ISO_CODE_PATTERN.match(code) else None


def _is_shared(graph: str) -> bool:
    return not graph.startswith(ns.PLAN_GRAPH_BASE) and not graph.startswith(ns.PLAN_VERSION_GRAPH_BASE)


class PlanReader:
    """Reads plans from ``source`` with a context read once (until :meth:`invalidate`)."""

    def __init__(self, source: QuadSource, *, follow: bool = False) -> None:
        self.source = source
        self._context: PlanContext | None = None
        self._plans: OrderedDict[str, ValidationData] = OrderedDict()
        self._curation: OrderedDict[str, CurationByTopic] = OrderedDict()
        self._stale: dict[str, ValidationData] = {}
        self._pending: dict[str, list[GraphDelta]] = {}
        self._touches: dict[str, int] = {}
        self._writes = 0
        self._lock = threading.Lock()
        self._follow = follow and callable(getattr(source, "watch", None))
        self._watched: frozenset[str] = frozenset()
        self.followed = 0
        """How many times a plan was brought up to date from the writes' deltas (for tests and logs)."""

    def invalidate(self, graphs: Iterable[str] | None) -> None:
        """A write changed ``graphs`` (None: any graph): forget the plans it touched, and everything
        if it touched a shared graph or added or removed a plan graph."""
        touched = None if graphs is None else list(graphs)
        with self._lock:
            self._writes += 1
            if touched is None or any(_is_shared(g) or g not in self._known() for g in touched):
                self._context = None
                self._plans.clear()
                self._curation.clear()
                self._stale.clear()
                self._pending.clear()
                self._touches.clear()
                return
            for key in [k for k in (*self._plans, *self._stale) if ns.plan_graph(k) in touched]:
                # its curated links are kept (only the plan graph changed), and its data until the
                # plan is read again, which changes the store it was loaded into instead of loading anew
                # (or, when every write since came with its delta, brings it up to date from them)
                if key in self._plans:
                    self._stale[key] = self._plans.pop(key)
                self._touches[key] = self._touches.get(key, 0) + 1

    def follow_writes(self, deltas: Iterable[GraphDelta]) -> None:
        """Writes changed plan graphs by ``deltas`` (oldest first, as the store's writer computed them):
        a plan kept here is brought up to date from them at its next read instead of being read again
        from the store, when every write that touched it (:meth:`invalidate`) came with its delta and
        the deltas chain from the kept plan's fingerprint; otherwise it is read in full."""
        with self._lock:
            for delta in deltas:
                code = _plan_code(delta.graph)
                if code is None or (code not in self._plans and code not in self._stale):
                    continue
                self._writes += 1  # a read of the plan in flight is older than this write
                if code in self._plans:
                    self._stale[code] = self._plans.pop(code)
                self._pending.setdefault(code, []).append(delta)

    def forget(self, code: str) -> None:
        """Forget everything kept about one plan (its data, its store, the curated links read about its
        nodes): the next read reads it all from the store again, the context excepted."""
        with self._lock:
            self._writes += 1
            for kept in (self._plans, self._curation, self._stale, self._pending, self._touches):
                kept.pop(code, None)

    def _known(self) -> tuple[str, ...]:
        context = self._context
        return context.graphs if context is not None else ()

    def context(self) -> PlanContext:
        """The shared context (read now if not yet read, or after a write to a shared graph)."""
        with self._lock:
            if self._context is None:
                names = self.source.named_graphs()
                contexts = [g for g in CONTEXT_GRAPHS if g in names]
                quads = self.source.export(contexts)
                curation = self._curation_about([*contexts], names, own=quads)
                self._context = PlanContext(tuple(names), quads, tuple(curation))
            return self._context

    def _curation_about(self, graphs: Sequence[str], names: Sequence[str], *, own: Sequence[ox.Quad]) -> list[ox.Quad]:
        if ns.CURATION_GRAPH not in names:
            return []
        selected = curation_about(self.source, graphs)
        if selected is not None:
            return selected
        topics: set[object] = {q.subject for q in own}
        return topic_filter(self.source.export([ns.CURATION_GRAPH]), topics)

    def plan(self, code: str) -> ValidationData:
        """One province's plan graph (``.../graph/plan/TH-NN``) with its context, kept until a write
        touches it."""
        self._take_deltas()
        with self._lock:
            kept = self._plans.get(code)
            if kept is not None:
                self._plans.move_to_end(code)
                return kept
            writes = self._writes
            curation = self._curation.get(code)
            stale = self._stale.pop(code, None)
            pending = self._pending.pop(code, [])
            touches = self._touches.pop(code, 0)
        data = None
        if stale is not None and curation is not None and pending and len(pending) == touches:
            data = self._followed(stale, pending, curation)
        if data is not None and curation is not None:
            read = curation
            self.followed += 1
        else:
            data, read = self._read_plan(code, curation)
            if stale is not None:
                reuse_loaded(data, stale, max_changes=REUSED_CHANGES)
        with self._lock:
            if writes == self._writes:  # no write meanwhile: what was read is still the store's
                self._plans[code] = data
                self._curation[code] = read
                self._curation.move_to_end(code)
                for kept_now in (self._plans, self._curation):
                    while len(kept_now) > KEPT_PLANS:
                        kept_now.popitem(last=False)
        self._watch()
        return data

    def _take_deltas(self) -> None:
        take = getattr(self.source, "take_deltas", None) if self._follow else None
        if take is not None:
            self.follow_writes(take())

    def _watch(self) -> None:
        """Have the store's writer compute the deltas of the plan graphs kept here (a source that can)."""
        if not self._follow:
            return
        with self._lock:
            graphs = frozenset(ns.plan_graph(code) for code in (*self._plans, *self._stale))
            if graphs == self._watched:
                return
            self._watched = graphs
        self.source.watch(graphs)  # type: ignore[attr-defined]

    def _followed(
        self, data: ValidationData, deltas: Sequence[GraphDelta], curation: CurationByTopic
    ) -> ValidationData | None:
        """``data`` brought up to date from ``deltas`` (it gives up its in-memory store and report
        indexes, changed in place), or None when they do not apply (read the plan in full instead)."""
        source = data.memo.get(PlanSource)
        rule = data.memo.get(CurationRule)
        context = self._context
        if not isinstance(source, PlanSource) or not isinstance(rule, CurationRule) or context is None:
            return None
        mark = source.fingerprint
        own = source.own
        net_added: dict[ox.Quad, None] = {}
        net_removed: dict[ox.Quad, None] = {}
        for delta in deltas:
            carried = delta.carried(mark)
            if carried is None or not delta.existed or not delta.exists:
                return None
            mark = carried
            for quad in delta.removed:
                if quad in net_added:
                    del net_added[quad]
                elif quad in own:
                    net_removed[quad] = None
            for quad in delta.added:
                if quad in net_removed:
                    del net_removed[quad]
                elif quad not in own:
                    net_added[quad] = None
        added = [q.triple for q in net_added]
        removed = [q.triple for q in net_removed]
        if any(CurationRule.describes(t) for t in (*added, *removed)):
            return None  # which triples are curated may change: split the views again
        counts = Counter(q.subject for q in net_added)
        counts.subtract(q.subject for q in net_removed)
        kept = source.subjects
        if any((kept[node] == 0) != (kept[node] + change == 0) for node, change in counts.items()):
            return None  # a node appeared or was emptied: the focus and the curated links about it change
        curation_triples = {q.triple for q in source.curation}

        def elsewhere(triple: ox.Triple) -> bool:  # in the views whatever the plan graph says
            return triple in context.triples or triple in curation_triples

        gone = {t for t in removed if not elsewhere(t)}
        new = [t for t in added if not elsewhere(t)]
        gone_stated = [t for t in data.stated if t in gone] if gone else []
        gone_curated = [t for t in data.curated if t in gone] if gone else []
        new_stated = [t for t in new if not rule.is_curated(t)]
        new_curated = [t for t in new if rule.is_curated(t)]
        stated = (tuple(t for t in data.stated if t not in gone) if gone_stated else data.stated) + tuple(new_stated)
        curated_view = (
            tuple(t for t in data.curated if t not in gone) if gone_curated else data.curated
        ) + tuple(new_curated)
        for quad in net_removed:
            del own[quad]
        own.update(net_added)
        source.subjects.update(counts)
        followed = ValidationData(scope=data.scope, stated=stated, curated=curated_view, focus=data.focus)
        followed.memo[CurationRule] = rule
        followed.memo[PlanSource] = PlanSource(own, source.subjects, mark, source.curation)
        keys = data.__dict__.get("curated_keys")
        if isinstance(keys, frozenset) and (gone_curated or new_curated):
            keys = keys.difference(map(tuple, gone_curated)).union(map(tuple, new_curated))
        if isinstance(keys, frozenset):
            followed.__dict__["curated_keys"] = keys
        followed.memo[Changes] = Changes(data.memo, frozenset((*gone_stated, *gone_curated, *new)))
        store = data.__dict__.pop("loaded", None)
        if isinstance(store, ox.Store):
            for graph, gone_here, new_here in (
                (STATED_GRAPH, gone_stated, new_stated),
                (CURATED_GRAPH, gone_curated, new_curated),
            ):
                for t in gone_here:
                    store.remove(ox.Quad(t.subject, t.predicate, t.object, graph))
                for t in new_here:
                    store.add(ox.Quad(t.subject, t.predicate, t.object, graph))
            followed.__dict__["loaded"] = store
        for include_curation in (False, True):
            index = data.memo.pop((INDEX_KEY, include_curation), None)
            if isinstance(index, GraphIndex):
                if include_curation:
                    index.change(added=(*new_stated, *new_curated), removed=(*gone_stated, *gone_curated))
                else:
                    index.change(added=new_stated, removed=gone_stated)
                followed.memo[(INDEX_KEY, include_curation)] = index
        return followed

    def _read_plan(self, code: str, kept: CurationByTopic | None) -> tuple[ValidationData, CurationByTopic]:
        try:
            graph = ns.plan_graph(code)
        except ValueError as error:
            raise ParameterError(str(error), parameter="province") from None
        context = self.context()
        own = self.source.export([graph]) if graph in context.graphs else ()
        if not own:  # a plan graph created or dropped since the context was read, or an empty one
            names = self.source.named_graphs()
            if graph not in names:
                known = sorted(n.rsplit("/", 1)[-1] for n in names if n.startswith(ns.PLAN_GRAPH_BASE))
                raise NotFound(
                    f"no plan of {code} in the store (graph <{graph}>); plans there: {', '.join(known) or 'none'}"
                )
            own = self.source.export([graph])
        topics: set[object] = {q.subject for q in own}
        curation = kept.select(topics) if kept is not None else None
        if kept is None or curation is None:  # first read, or the write added nodes not looked up before
            curation = self._curation_about([graph], context.graphs, own=own)
            kept = CurationByTopic.of(topics, curation)
        data = plan_data(code, own, context.quads, [*context.curation, *curation])
        if self._follow:
            data.memo[PlanSource] = PlanSource.of(own, curation)
        return data, kept

    def store_parts(self, *, budget: int = PART_QUADS) -> Iterator[ValidationData]:
        """The whole store (every named graph but the shapes and superseded plan versions) in parts of
        whole plans, about ``budget`` plan quads each, then the rest (:meth:`rest`). Each part holds its
        plans' graphs, the context, the curated links about them and what other plan graphs say about
        the nodes they share (:meth:`borders`); its focus is its plans' nodes and their curated-link
        descriptions. Validating the parts and merging the reports gives the report of the whole store,
        with memory bounded by one part."""
        context = self.context()
        borders = self.borders()
        graphs: list[str] = []
        own: list[ox.Quad] = []
        for code in self.plan_codes():
            graph = ns.plan_graph(code)
            graphs.append(graph)
            own.extend(self.source.export([graph]))
            if len(own) >= budget:
                yield self._part(context, graphs, own, borders)
                graphs, own = [], []
        if graphs:
            yield self._part(context, graphs, own, borders)
        yield self.rest()

    def plan_part(self, code: str, borders: dict[str, list[Border]]) -> PlanPart:
        """The part of a whole-store validation that holds one plan (as :meth:`store_parts` makes them
        with a budget of one quad), with the subjects of the plan graph."""
        context = self.context()
        graph = ns.plan_graph(code)
        own = self.source.export([graph])
        subjects = frozenset(q.subject for q in own if isinstance(q.subject, ox.NamedNode | ox.BlankNode))
        curation = self._curation_about([graph], context.graphs, own=own)
        shared = self.border_quads(code, borders)
        data = self._part(context, [graph], own, borders, curation=curation, shared=shared)
        return PlanPart(code, data, subjects, tuple(own), tuple(curation), tuple(shared))

    def border_quads(self, code: str, borders: dict[str, list[Border]]) -> list[ox.Quad]:
        """What other plan graphs say about the nodes one plan shares with them (``borders``: as
        :meth:`borders` gives them), with the curated links about these nodes."""
        graph = ns.plan_graph(code)
        return self._border_quads(list(dict.fromkeys(b for b in borders.get(graph, ()) if b.graph != graph)))

    def _part(
        self,
        context: PlanContext,
        graphs: Sequence[str],
        own: Sequence[ox.Quad],
        borders: dict[str, list[Border]],
        *,
        curation: Sequence[ox.Quad] | None = None,
        shared: Sequence[ox.Quad] | None = None,
    ) -> ValidationData:
        if curation is None:
            curation = self._curation_about(graphs, context.graphs, own=own)
        if shared is None:
            inside = set(graphs)
            outside = [b for g in graphs for b in borders.get(g, ()) if b.graph not in inside]
            shared = self._border_quads(list(dict.fromkeys(outside)))
        focus: frozenset[Resource] = frozenset(
            q.subject for part in (own, curation) for q in part if isinstance(q.subject, ox.NamedNode | ox.BlankNode)
        )
        return assemble(
            Scope(ScopeKind.STORE), own, [*context.quads, *shared], [*context.curation, *curation], focus=focus
        )

    def _border_quads(self, borders: Sequence[Border]) -> list[ox.Quad]:
        construct = getattr(self.source, "construct", None)
        if not borders or construct is None:
            return []
        text = _BORDER % {"curation": ns.CURATION_GRAPH}
        found: list[ox.Quad] = []
        for border in borders:
            result = construct(text, bindings={"node": border.node, "graph": ox.NamedNode(border.graph)})
            graph = ox.NamedNode(border.graph)
            found.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in result.triples)
        return found

    def borders(self) -> dict[str, list[Border]]:
        """For each plan graph, the nodes it shares with other plan graphs (one query over the store;
        empty when the source cannot run queries)."""
        select = getattr(self.source, "select", None)
        if select is None:
            return {}
        found: dict[str, list[Border]] = {}
        rows = select(_CROSS_REFERENCES % {"plans": ns.PLAN_GRAPH_BASE}, max_rows=100_000_000).rows
        for ref, own, node in rows:
            found.setdefault(ref.value, []).append(Border(node, own.value))
            found.setdefault(own.value, []).append(Border(node, ref.value))
        return found

    def plan_quads(self, code: str, own: Sequence[ox.Quad]) -> ValidationData:
        """One version of a province's plan given as its quads (a stored earlier version, or one an
        import is about to write), with the same context as :meth:`plan`."""
        context = self.context()
        curation: list[ox.Quad] = []
        if ns.CURATION_GRAPH in context.graphs:
            topics: set[object] = {q.subject for q in own}
            curation = topic_filter(self.source.export([ns.CURATION_GRAPH]), topics)
        return plan_data(code, own, context.quads, [*context.curation, *curation])

    def plan_codes(self) -> list[str]:
        """The provinces whose current plan the store holds, by code."""
        graphs = self.context().graphs
        return sorted(g[len(ns.PLAN_GRAPH_BASE):] for g in graphs if g.startswith(ns.PLAN_GRAPH_BASE))

    def rest(self, *, curation: Sequence[ox.Quad] | None = None) -> ValidationData:
        """Everything a whole-store validation sees outside the plan graphs: the context and any other
        graph (except the shapes and superseded plan versions), with the curated links about no
        plan's node (``curation``: those links, when the caller knows them; else read now). Its focus
        is all of it (None)."""
        context = self.context()
        others = [
            g for g in context.graphs
            if _is_shared(g) and g not in CONTEXT_GRAPHS and g not in (ns.SHAPES_GRAPH, ns.CURATION_GRAPH)
        ]
        own = self.source.export(others) if others else ()
        rest = self.rest_curation() if curation is None else curation
        triples = (q.triple for part in (context.quads, own, rest) for q in part)
        stated, curated = split_curated(triples)
        return ValidationData(scope=Scope(ScopeKind.STORE), stated=stated, curated=curated, focus=None)

    def rest_curation(self) -> Sequence[ox.Quad]:
        """The curation quads about no node of any plan graph (one query over the store)."""
        context = self.context()
        curation: Sequence[ox.Quad] = ()
        if ns.CURATION_GRAPH in context.graphs:
            construct = getattr(self.source, "construct", None)
            if construct is not None:
                text = _REST_CURATION % {"curation": ns.CURATION_GRAPH, "plans": ns.PLAN_GRAPH_BASE}
                graph = ox.NamedNode(ns.CURATION_GRAPH)
                result = construct(text, max_rows=100_000_000)
                curation = [ox.Quad(t.subject, t.predicate, t.object, graph) for t in result.triples]
            else:
                everything = self.source.export([ns.CURATION_GRAPH])
                plans = self.source.export([g for g in context.graphs if g.startswith(ns.PLAN_GRAPH_BASE)])
                topics = {q.subject for q in plans}
                about = {q.subject: q.object for q in everything if q.predicate.value == _RDF_SUBJECT}
                curation = [q for q in everything if about.get(q.subject, q.subject) not in topics]
        return curation


def from_province(source: QuadSource, code: str) -> ValidationData:
    """One province's plan graph (``.../graph/plan/TH-NN``) with the context it is checked against
    (read now; a program validating often keeps a :class:`PlanReader`)."""
    return PlanReader(source).plan(code)


def from_plan_quads(source: QuadSource, code: str, own: Sequence[ox.Quad]) -> ValidationData:
    """One version of a province's plan, given as its quads, with the same context as :func:`from_province`."""
    return PlanReader(source).plan_quads(code, own)
