"""Whole-store validation that survives the process: the report of every plan, kept beside the store.

``province40 validate --store DIR`` validates the whole store one plan at a time (each plan with the
context, the curated links about its nodes and what other plan graphs say about the nodes it shares
with them, as :meth:`~province40.validation.plan_reader.PlanReader.store_parts` makes parts), then the
rest of the store, and merges the reports (:mod:`~province40.validation.merge`). It keeps the report
of each plan and of the rest in ``DIR.validation/`` with what they depend on, at the store's digest.

When the store has changed since, the store's journal (:mod:`province40.store.journal`, written by
every write province40 makes: the service's Graph Store, Update and plan imports, ``province40
build``) says which graphs changed. If only plan graphs changed, only these are validated again:

- the plans whose graph changed (added, replaced, dropped);
- the plans that share a node with a changed plan, before or after the change (their part holds what
  the changed graph says about the shared node): the nodes the changed graphs share are looked up in
  the store's indexes, not by the whole-store query;
- the rest, only if the curated links about no plan's node changed (a curated link moves between a
  plan's part and the rest when its topic appears in or leaves a plan graph): only the topics of the
  changed plans are looked up.

Anything else falls back to validating everything, and says why: no kept reports, ``--recompute``, a
journal that does not lead from the kept digest to the store's digest now (a write by another
program, a write whose graphs could not be known, a journal cut short), or a change to a shared
graph (ontology, reference data, programme, curation, shapes: every plan depends on them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.store import journal
from province40.store.snapshot import StoreSnapshot
from province40.store.update_plan import DEFAULT_GRAPH
from province40.validation.document_pieces import Pieces, pieces_of
from province40.validation.kept_files import keep_object, kept_dir, load_object
from province40.validation.kept_reports import KeptReportLost, KeptReports, SomeReports
from province40.validation.merge import merge_reports
from province40.validation.plan_reader import Border, PlanReader
from province40.validation.report import Report, Scope, ScopeKind
from province40.validation.validator import Validator

_FORMAT = "province40-kept-parts/3"
_INDEX = "index.pickle"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_RDF_SUBJECT = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject")
_CURATION = ox.NamedNode(ns.CURATION_GRAPH)

Node = ox.NamedNode | ox.BlankNode


@dataclass(frozen=True)
class KeptParts:
    """The reports of a whole-store validation, part by part, with what they depend on."""

    format: str
    code: str
    """:func:`~province40.validation.kept_files.code_key` of the run (engine, versions, code, view)."""
    digest: str
    """The store's digest the parts describe."""
    contents: Mapping[str, str]
    """Content digests of the store's graphs at that digest, as far as the journal knew them."""
    graphs: tuple[str, ...]
    """The store's named graphs."""
    plans: Mapping[str, Report]
    """The report of each plan's part, by province code."""
    rest: Report
    borders: Mapping[str, tuple[Border, ...]]
    """For each plan graph, the nodes it shares with other plan graphs."""
    topics: Mapping[str, frozenset[Node]]
    """For each plan, the subjects of its graph that curated links are about."""
    rest_curation: tuple[ox.Quad, ...]
    """The curation quads about no plan's node (in the rest's part), sorted."""
    shared: Mapping[str, str]
    """For each plan, a digest of what other plan graphs say about the nodes it shares with them."""
    computed_at: dt.datetime = dataclasses.field(default_factory=lambda: dt.datetime.now(dt.UTC))
    """When the parts were brought up to date with the store (the report's ``generated_at``)."""
    files: Mapping[str, str] = dataclasses.field(default_factory=dict)
    """Where each plan's report is kept (file names in :func:`parts_dir`); set when kept."""


@dataclass(frozen=True)
class Outcome:
    """A whole-store validation: the parts to keep for the next run, and how they were obtained."""

    parts: KeptParts
    revalidated: tuple[str, ...]
    """The plans validated in this run (every plan when computed in full)."""
    how: str
    """How the parts were brought up to date (the report's ``computation``)."""
    started: float
    """When the run started (``time.perf_counter()``)."""

    @functools.cached_property
    def report(self) -> Report:
        """The merged report (reads every kept plan report: the JSON document needs none of them,
        see :mod:`~province40.validation.document_pieces`)."""
        return merged_report(self.parts, self.how, self.started)


def parts_dir(store_dir: Path, include_curation: bool) -> Path:
    """Where the parts of one view are kept: an index, and one file per plan (so that a run that
    validated one plan again writes one file), each with the plan's lines of the JSON document
    (:func:`pieces_name`)."""
    return kept_dir(store_dir) / f"parts-{'curated' if include_curation else 'presented'}"


def pieces_name(report_name: str) -> str:
    """The file of the JSON lines (:class:`~province40.validation.document_pieces.Pieces`) of the
    plan whose report is kept in ``report_name``."""
    return report_name.removesuffix(".pickle") + ".pieces"


def load_parts(store_dir: Path, code: str, include_curation: bool) -> KeptParts | None:
    """The parts kept for ``code`` (engine, versions, code and view), or None. The plans' reports are
    read when they are needed (:class:`KeptReports`)."""
    folder = parts_dir(store_dir, include_curation)
    index = load_object(folder / _INDEX)
    if not isinstance(index, KeptParts) or index.format != _FORMAT or index.code != code:
        return None
    if not all((folder / name).is_file() for name in index.files.values()):
        return None
    return dataclasses.replace(index, plans=KeptReports(folder, index.files, index.rest))


def load_pieces(store_dir: Path, parts: KeptParts, include_curation: bool, plan: str) -> Pieces | None:
    """The kept JSON lines of ``plan``'s kept report, or None."""
    name = parts.files.get(plan)
    if name is None:
        return None
    found = load_object(parts_dir(store_dir, include_curation) / pieces_name(name))
    return found if isinstance(found, Pieces) else None


def keep_parts(
    store_dir: Path,
    parts: KeptParts,
    include_curation: bool,
    *,
    written: Iterable[str],
    pieces: Mapping[str, Pieces] | None = None,
) -> bool:
    """Keep ``parts`` beside the store: the reports of the plans ``written`` (validated in this run)
    with their JSON lines (``pieces``, else rendered here), the lines in ``pieces`` of the other plans,
    then the index, then remove the files no longer listed. False when they could not be kept."""
    folder = parts_dir(store_dir, include_curation)
    files = {plan: name for plan, name in parts.files.items() if plan in parts.plans}
    written = tuple(written)
    for plan, lines in (pieces or {}).items():
        if plan not in written and plan in files and not keep_object(folder / pieces_name(files[plan]), lines):
            return False
    for plan in written:
        name = f"{plan}-{parts.digest[:16]}.pickle"
        report = parts.plans[plan]
        lines = pieces[plan] if pieces is not None and plan in pieces else pieces_of(report)
        stripped = dataclasses.replace(report, shapes=MappingProxyType({}), aspects=())
        if not keep_object(folder / name, stripped) or not keep_object(folder / pieces_name(name), lines):
            return False
        files[plan] = name
    index = dataclasses.replace(parts, plans={}, files=files)
    if set(files) != set(parts.plans) or not keep_object(folder / _INDEX, index):
        return False
    listed = {*files.values(), *(pieces_name(n) for n in files.values())}
    for old in (*folder.glob("*.pickle"), *folder.glob("*.pieces")):
        if old.name != _INDEX and old.name not in listed:
            old.unlink(missing_ok=True)
    return True


def _plan_graph(graph: str) -> bool:
    return graph.startswith(ns.PLAN_GRAPH_BASE)


def _no_effect(graph: str) -> bool:
    """Graphs a whole-store validation never reads: superseded plan versions and the default graph."""
    return graph.startswith(ns.PLAN_VERSION_GRAPH_BASE) or graph == DEFAULT_GRAPH


def _shared(graphs: Iterable[str]) -> set[str]:
    """The graphs of ``graphs`` every plan's part depends on (neither plans nor plan versions)."""
    return {g for g in graphs if not _plan_graph(g) and not _no_effect(g)}


def _term_key(term: object) -> str:
    return str(term)


def _sorted_borders(borders: Mapping[str, Iterable[Border]]) -> dict[str, tuple[Border, ...]]:
    return {
        graph: tuple(sorted(set(found), key=lambda b: (_term_key(b.node), b.graph)))
        for graph, found in sorted(borders.items())
    }


def _sorted_quads(quads: Iterable[ox.Quad]) -> tuple[ox.Quad, ...]:
    return tuple(sorted(set(quads), key=lambda q: (str(q.subject), str(q.predicate), str(q.object))))


def _quads_digest(quads: Iterable[ox.Quad]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for text in sorted({str(q) for q in quads}):
        digest.update(text.encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _topics(subjects: frozenset[Node], curation: Sequence[ox.Quad]) -> frozenset[Node]:
    """The subjects of a plan graph that some of the plan's curation quads are about."""
    found: set[Node] = set()
    for quad in curation:
        if quad.subject in subjects and isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
            found.add(quad.subject)
        about = quad.object
        if quad.predicate == _RDF_SUBJECT and about in subjects and isinstance(about, ox.NamedNode | ox.BlankNode):
            found.add(about)
    return frozenset(found)


class WholeStore:
    """Validates the whole embedded store at ``store_dir`` (opened as ``source``, a
    :class:`~province40.store.snapshot.StoreSnapshot`), plan by plan, from kept parts when it can."""

    def __init__(
        self, store_dir: Path, source: StoreSnapshot, validator: Validator, *, include_curation: bool
    ) -> None:
        self.store_dir = store_dir
        self.source = source
        self.store = source.store
        self.validator = validator
        self.include_curation = include_curation
        self.reader = PlanReader(source)

    def validate(self, *, code: str, digest: str, kept: KeptParts | None, recompute: bool) -> Outcome:
        """The report of the whole store, brought up to date from ``kept`` when the journal allows it."""
        started = time.perf_counter()
        reason = "--recompute" if recompute else None if kept is not None else "no kept reports of the plans"
        if reason is None and kept is not None:
            changes = journal.changes_since(self.store_dir, kept.digest, kept.contents, current=digest)
            if changes is None:
                reason = (
                    "the store's journal does not lead from the kept reports to the store now "
                    "(a write by another program, a write whose graphs are unknown, or no journal)"
                )
            else:
                shared = sorted(g for g in changes.graphs if not _plan_graph(g) and not _no_effect(g))
                now = self.reader.context().graphs
                if shared:
                    reason = "a shared graph changed (" + ", ".join(f"<{g}>" for g in shared[:3]) + ")"
                elif _shared(now) != _shared(kept.graphs):
                    reason = "the store's shared graphs differ from the kept reports'"
                elif {g for g in set(now) ^ set(kept.graphs) if _plan_graph(g)} - changes.graphs:
                    reason = "the store's plan graphs differ from what the journal says"
                else:
                    try:
                        return self._update(kept, changes, code=code, digest=digest, started=started)
                    except KeptReportLost as lost:
                        reason = str(lost)
        return self._full(code=code, digest=digest, reason=reason or "", started=started)

    # ------------------------------------------------------------ in full

    def _full(self, *, code: str, digest: str, reason: str, started: float) -> Outcome:
        reader = self.reader
        borders = _sorted_borders(reader.borders())
        plans: dict[str, Report] = {}
        topics: dict[str, frozenset[Node]] = {}
        shared: dict[str, str] = {}
        codes = reader.plan_codes()
        for plan in codes:
            part = reader.plan_part(plan, {g: list(b) for g, b in borders.items()})
            plans[plan] = self.validator.validate(part.data, include_curation=self.include_curation)
            topics[plan] = _topics(part.subjects, part.curation)
            shared[plan] = _quads_digest(part.shared)
        rest_curation = _sorted_quads(reader.rest_curation())
        rest = self.validator.validate(reader.rest(curation=rest_curation), include_curation=self.include_curation)
        parts = KeptParts(
            format=_FORMAT,
            code=code,
            digest=digest,
            contents=journal.contents_at(self.store_dir, digest),
            graphs=reader.context().graphs,
            plans=plans,
            rest=rest,
            borders=borders,
            topics=topics,
            rest_curation=rest_curation,
            shared=shared,
        )
        how = f"computed in full, plan by plan ({len(codes)} plans): {reason}" if reason else "computed in full"
        return Outcome(parts, tuple(codes), how, started)

    # ------------------------------------------------------------ incrementally

    def _update(
        self, kept: KeptParts, changes: journal.Changes, *, code: str, digest: str, started: float
    ) -> Outcome:
        reader = self.reader
        codes = reader.plan_codes()
        changed_graphs = {g for g in changes.graphs if _plan_graph(g)}
        present = {ns.plan_graph(c) for c in codes}
        borders = self._new_borders(kept.borders, changed_graphs, present=present)
        affected = set(changed_graphs)
        for found in (kept.borders, borders):
            for graph, nodes in found.items():
                if any(b.graph in changed_graphs for b in nodes):
                    affected.add(graph)
        fresh: dict[str, Report] = {}
        topics = {c: t for c, t in kept.topics.items() if c in codes}
        shared = {c: d for c, d in kept.shared.items() if c in codes}
        as_lists = {g: list(b) for g, b in borders.items()}
        redo = [
            c for c in codes
            if ns.plan_graph(c) in changed_graphs or c not in kept.plans
            or (ns.plan_graph(c) in affected and not self._same_borders(c, kept, borders, as_lists))
        ]
        for plan in redo:
            part = reader.plan_part(plan, as_lists)
            fresh[plan] = self.validator.validate(part.data, include_curation=self.include_curation)
            topics[plan] = _topics(part.subjects, part.curation)
            shared[plan] = _quads_digest(part.shared)
        candidates: set[Node] = set()
        for graph in changed_graphs:
            plan = graph[len(ns.PLAN_GRAPH_BASE):]
            candidates |= kept.topics.get(plan, frozenset()) | topics.get(plan, frozenset())
        rest_curation = self._new_rest_curation(kept.rest_curation, candidates)
        rest = kept.rest
        rest_note = "rest reused"
        if rest_curation != kept.rest_curation:
            rest = self.validator.validate(
                reader.rest(curation=rest_curation), include_curation=self.include_curation
            )
            rest_note = "rest validated again (its curated links changed)"
        parts = KeptParts(
            format=_FORMAT,
            code=code,
            digest=digest,
            contents=changes.contents,
            graphs=reader.context().graphs,
            plans=SomeReports(kept.plans, codes, fresh),
            rest=rest,
            borders=borders,
            topics=topics,
            rest_curation=rest_curation,
            shared=shared,
            files=kept.files,
        )
        written = sorted(g[len(ns.PLAN_GRAPH_BASE):] for g in changed_graphs)
        how = (
            f"incremental: plans written since the kept reports: {', '.join(written) or 'none'}; "
            f"validated again: {', '.join(redo) or 'none'}; reused: {len(codes) - len(redo)} plans; {rest_note}"
        )
        return Outcome(parts, tuple(redo), how, started)

    def _same_borders(
        self,
        code: str,
        kept: KeptParts,
        borders: Mapping[str, tuple[Border, ...]],
        as_lists: dict[str, list[Border]],
    ) -> bool:
        """True when an unchanged plan shares the same nodes as before with other plan graphs and
        they say the same about them: its part is the same data, its kept report still holds."""
        graph = ns.plan_graph(code)
        if set(kept.borders.get(graph, ())) != set(borders.get(graph, ())):
            return False
        return _quads_digest(self.reader.border_quads(code, as_lists)) == kept.shared.get(code)

    def _new_borders(
        self, old: Mapping[str, tuple[Border, ...]], changed: set[str], *, present: set[str]
    ) -> dict[str, tuple[Border, ...]]:
        """The borders of the store now: the kept ones between unchanged graphs, and those of the
        changed graphs still in the store looked up again (what the whole-store query finds, for
        these graphs only)."""
        found: dict[str, set[Border]] = {
            graph: {b for b in shared if b.graph not in changed}
            for graph, shared in old.items()
            if graph not in changed
        }
        for ref, own, node in self._cross_references(changed & present):
            found.setdefault(ref, set()).add(Border(node, own))
            found.setdefault(own, set()).add(Border(node, ref))
        return _sorted_borders({g: b for g, b in found.items() if b})

    def _cross_references(self, graphs: Iterable[str]) -> set[tuple[str, str, Node]]:
        """(ref, own, node): ``node`` typed in plan graph ``own`` and mentioned in plan graph ``ref``,
        with ``own`` or ``ref`` among ``graphs`` (as ``PlanReader``'s whole-store query)."""
        rows: set[tuple[str, str, Node]] = set()
        store = self.store
        for graph in graphs:
            name = ox.NamedNode(graph)
            mentioned: set[Node] = set()
            typed: set[Node] = set()
            for quad in store.quads_for_pattern(None, None, None, name):
                if isinstance(quad.subject, ox.NamedNode | ox.BlankNode):
                    mentioned.add(quad.subject)
                    if quad.predicate == _RDF_TYPE:
                        typed.add(quad.subject)
                if isinstance(quad.object, ox.NamedNode | ox.BlankNode):
                    mentioned.add(quad.object)
            for node in typed:  # owned here, mentioned elsewhere
                for pattern in (store.quads_for_pattern(node, None, None), store.quads_for_pattern(None, None, node)):
                    for quad in pattern:
                        ref = quad.graph_name
                        if isinstance(ref, ox.NamedNode) and ref.value != graph and _plan_graph(ref.value):
                            rows.add((ref.value, graph, node))
            for node in mentioned:  # mentioned here, owned elsewhere
                for quad in store.quads_for_pattern(node, _RDF_TYPE, None):
                    own = quad.graph_name
                    if isinstance(own, ox.NamedNode) and own.value != graph and _plan_graph(own.value):
                        rows.add((graph, own.value, node))
        return rows

    def _in_a_plan(self, node: Node) -> bool:
        return any(
            isinstance(q.graph_name, ox.NamedNode) and _plan_graph(q.graph_name.value)
            for q in self.store.quads_for_pattern(node, None, None)
        )

    def _new_rest_curation(self, old: tuple[ox.Quad, ...], candidates: set[Node]) -> tuple[ox.Quad, ...]:
        """The curation quads about no plan's node, now: the kept ones, with those about the topics
        of the changed plans (before or after the change) decided again."""
        if not candidates:
            return old
        store = self.store
        affected: set[ox.Quad] = set()
        for topic in candidates:
            affected.update(store.quads_for_pattern(topic, None, None, _CURATION))
            for link in store.quads_for_pattern(None, _RDF_SUBJECT, topic, _CURATION):
                affected.update(store.quads_for_pattern(link.subject, None, None, _CURATION))
        now_in_rest: set[ox.Quad] = set()
        verdicts: dict[object, bool] = {}
        for quad in affected:
            subject = quad.subject
            if subject not in verdicts:
                abouts = [
                    q.object for q in store.quads_for_pattern(subject, _RDF_SUBJECT, None, _CURATION)
                ]
                topics = abouts or [subject]
                verdicts[subject] = any(
                    not isinstance(t, ox.NamedNode | ox.BlankNode) or not self._in_a_plan(t) for t in topics
                )
            if verdicts[subject]:
                now_in_rest.add(quad)
        return _sorted_quads([*(q for q in old if q not in affected), *now_in_rest])



def merged_report(parts: KeptParts, how: str, started: float) -> Report:
    """The report of the whole store made of ``parts`` (``how``: how it was obtained, for its metadata)."""
    reports = [parts.plans[c] for c in sorted(parts.plans)] + [parts.rest]
    merged = merge_reports(reports, scope=Scope(ScopeKind.STORE), seconds=0.0)
    return dataclasses.replace(
        merged,
        generated_at=parts.computed_at,
        seconds=time.perf_counter() - started,
        computation=how,
    )
