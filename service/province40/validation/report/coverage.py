"""The coverage (gap) matrix: plans × dimensions, × success factors, × national strategies.

Computed with SPARQL over the validated data (an in-memory pyoxigraph store). For each plan and
each target the matrix counts the projects that reach it by a *stated* link and those that reach
it *only through curated links* (a link is curated when a p40:CuratedLink describes it; a route
through a master plan is curated when either step is). A plan-level claim (the plan itself states
p40:servesDimension, as the five real plans do) is shown apart: a claim that no project backs is a
gap the report names.

Routes to a strategy: the project's own p40:contributesToStrategy; a master plan it contributes to
that p40:servesStrategy the strategy; and the same two through the strategic issue it addresses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.namespaces import P40
from province40.validation.report import (
    CellStatus,
    Coverage,
    CoverageAxis,
    CoverageCell,
    CoverageColumn,
    CoverageRow,
    LocalizedText,
)
from province40.validation.report.graph_index import FOLLOWED, GraphIndex

_PROLOGUE = ns.sparql_prologue(("p40", "rdf", "rdfs", "skos"))

# pyoxigraph substitutions must name projected variables: ?property and ?class are projected for that.
# Whether a link is curated is looked up in Python (a set of the described triples), not with an
# EXISTS per row: pyoxigraph evaluates such an EXISTS without the row's bindings pushed into it, so
# its cost grew with rows × curated links (minutes for the whole national-scale store).

_DIRECT_QUERY = _PROLOGUE + """
SELECT ?plan ?project ?target ?property ?class WHERE {
    ?plan a p40:ProvincialDevelopmentPlan .
    { ?plan p40:hasProject ?project }
    UNION { ?plan p40:hasStrategicIssue ?project FILTER NOT EXISTS { ?anyProject p40:addressesIssue ?project } }
    ?project ?property ?target .
    ?target a ?class .
}"""

_STRATEGY_QUERY = _PROLOGUE + """
SELECT ?plan ?project ?target ?issue ?mp WHERE {
    ?plan a p40:ProvincialDevelopmentPlan .
    { ?plan p40:hasProject ?project }
    UNION { ?plan p40:hasStrategicIssue ?project FILTER NOT EXISTS { ?anyProject p40:addressesIssue ?project } }
    {
        ?project p40:contributesToStrategy ?target .
    } UNION {
        ?project p40:contributesToMasterPlan ?mp . ?mp p40:servesStrategy ?target .
    } UNION {
        ?project p40:addressesIssue ?issue . ?issue p40:contributesToStrategy ?target .
    } UNION {
        ?project p40:addressesIssue ?issue . ?issue p40:contributesToMasterPlan ?mp . ?mp p40:servesStrategy ?target .
    }
    ?target a p40:Strategy .
}"""

_CLAIM_QUERY = _PROLOGUE + """
SELECT ?plan ?target ?property ?class WHERE {
    ?plan a p40:ProvincialDevelopmentPlan ; ?property ?target .
    ?target a ?class .
}"""

_CONTRIBUTES_TO_STRATEGY = ox.NamedNode(str(P40.contributesToStrategy))
_CONTRIBUTES_TO_MASTER_PLAN = ox.NamedNode(str(P40.contributesToMasterPlan))
_SERVES_STRATEGY = ox.NamedNode(str(P40.servesStrategy))
_ADDRESSES_ISSUE = ox.NamedNode(str(P40.addressesIssue))

_Link = tuple[ox.NamedNode | ox.BlankNode | ox.Literal, ...]


def _strategy_route(row: ox.QuerySolution) -> list[_Link]:
    """The links one route to a strategy takes (it is curated when any of them is)."""
    project, target, issue, mp = row["project"], row["target"], row["issue"], row["mp"]
    start = (project, _ADDRESSES_ISSUE, issue) if issue is not None else None
    links: list[_Link] = [start] if start is not None else []
    via = issue if issue is not None else project
    if mp is not None:
        links += [(via, _CONTRIBUTES_TO_MASTER_PLAN, mp), (mp, _SERVES_STRATEGY, target)]
    else:
        links.append((via, _CONTRIBUTES_TO_STRATEGY, target))
    return links


_COLUMNS_QUERY = _PROLOGUE + """
SELECT ?target ?class WHERE { ?target a ?class }"""


_STRATEGY_ROUTES = frozenset(
    str(p) for p in (P40.contributesToStrategy, P40.contributesToMasterPlan, P40.servesStrategy, P40.addressesIssue)
)


@dataclass(frozen=True)
class _AxisSpec:
    name: str
    label: LocalizedText
    cls: str
    prop: str | None  # None: the strategy routes
    expects_all: bool = True

    @property
    def reads(self) -> frozenset[str]:
        """Every predicate the axis depends on: its queries' (the type, the plan's projects and
        development lines, the axis's links) and the index's (names, notations, where a node belongs)."""
        own = _STRATEGY_ROUTES if self.prop is None else frozenset({self.prop})
        return own | FOLLOWED | {str(P40.addressesIssue)}


_AXES = (
    _AxisSpec("dimensions", LocalizedText("มิติระบบราชการ 4.0", "Government 4.0 dimensions"),
              str(P40.Dimension), str(P40.servesDimension)),
    _AxisSpec("success_factors", LocalizedText("ปัจจัยความสำเร็จ", "Success factors"),
              str(P40.SuccessFactor), str(P40.appliesSuccessFactor)),
    _AxisSpec("strategies", LocalizedText("ยุทธศาสตร์ชาติ", "National strategies"),
              str(P40.Strategy), None, expects_all=False),
)


def _notation_key(notation: str, iri: str) -> tuple[int, str, str]:
    return (int(notation) if notation.isdigit() else 10**6, notation, iri)


def compute_coverage(
    triples: Iterable[ox.Triple],
    index: GraphIndex,
    plans: Sequence[str],
    *,
    store: ox.Store | None = None,
    graphs: Sequence[ox.NamedNode] | None = None,
    curated: AbstractSet[tuple[object, ...]],
    earlier: Coverage | None = None,
    changed: AbstractSet[str] = frozenset(),
) -> Coverage:
    """The matrix for ``plans`` (rows, in the given order) over the given triples.

    ``store`` and ``graphs``: the same triples already loaded (the validator's views), queried
    instead of loading them again; ``curated``: the curated triples, as
    :attr:`~province40.validation.dataset.ValidationData.curated_keys` gives them (the one place
    that decides what is curated: :func:`~province40.validation.dataset.split_curated`).

    ``earlier``: the matrix of the same view before triples of the predicates ``changed`` were added
    or removed (the same data: none); an axis that reads none of them, over the same plans, is kept."""
    if store is None:
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples)
        graphs = None
    query = _Queries(store, list(graphs) if graphs is not None else None)
    axes = []
    for spec in _AXES:
        kept = _kept_axis(earlier, spec, plans, changed)
        axes.append(kept if kept is not None else _axis(query, index, spec, plans, curated))
    return Coverage(axes=tuple(axes))


def _kept_axis(
    earlier: Coverage | None, spec: _AxisSpec, plans: Sequence[str], changed: AbstractSet[str]
) -> CoverageAxis | None:
    if earlier is None or not spec.reads.isdisjoint(changed):
        return None
    try:
        axis = earlier.axis(spec.name)
    except KeyError:
        return None
    return axis if tuple(row.plan for row in axis.rows) == tuple(plans) else None


class _Queries:
    """Runs the matrix's queries on one store, over the given default graph(s)."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode] | None) -> None:
        self._store = store
        self._graphs = graphs

    def __call__(self, text: str, substitutions: dict[ox.Variable, ox.NamedNode] | None = None) -> ox.QuerySolutions:
        result = self._store.query(text, substitutions=substitutions, default_graph=self._graphs)  # type: ignore[arg-type]
        if not isinstance(result, ox.QuerySolutions):
            raise TypeError("a coverage query is not a SELECT")
        return result


def _axis(
    query: _Queries, index: GraphIndex, spec: _AxisSpec, plans: Sequence[str], curated: AbstractSet[tuple[object, ...]]
) -> CoverageAxis:
    cls = ox.NamedNode(spec.cls)
    columns = []
    for row in query(_COLUMNS_QUERY, {ox.Variable("class"): cls}):
        iri = row["target"].value
        label = index.label(iri) or LocalizedText(iri, iri)
        columns.append(CoverageColumn(iri, label, index.notation(iri)))
    columns.sort(key=lambda c: _notation_key(c.notation, c.iri))

    stated: dict[tuple[str, str], set[str]] = defaultdict(set)
    reached: dict[tuple[str, str], set[str]] = defaultdict(set)
    if spec.prop is None:
        routes = ((row, _strategy_route(row)) for row in query(_STRATEGY_QUERY))
        claim_property = ox.NamedNode(str(P40.contributesToStrategy))
    else:
        prop = ox.NamedNode(spec.prop)
        solutions = query(_DIRECT_QUERY, {ox.Variable("property"): prop, ox.Variable("class"): cls})
        routes = ((row, [(row["project"], prop, row["target"])]) for row in solutions)
        claim_property = prop
    for row, route in routes:
        key = (row["plan"].value, row["target"].value)
        project = row["project"].value
        reached[key].add(project)
        if curated.isdisjoint(route):
            stated[key].add(project)
    claims = {
        (row["plan"].value, row["target"].value)
        for row in query(_CLAIM_QUERY, {ox.Variable("property"): claim_property, ox.Variable("class"): cls})
        if (row["plan"], claim_property, row["target"]) not in curated
    }

    rows = []
    for plan in plans:
        cells = []
        for column in columns:
            key = (plan, column.iri)
            n_stated = len(stated.get(key, ()))
            n_curated = len(reached.get(key, set()) - stated.get(key, set()))
            if n_stated:
                status = CellStatus.STATED
            elif n_curated:
                status = CellStatus.CURATED
            elif key in claims:
                status = CellStatus.CLAIMED
            else:
                status = CellStatus.GAP
            cells.append(CoverageCell(column.iri, status, n_stated, n_curated, key in claims))
        province = index.locate(plan)[0]
        rows.append(CoverageRow(plan, province, tuple(cells)))
    return CoverageAxis(spec.name, spec.label, tuple(columns), tuple(rows), expects_all=spec.expects_all)
