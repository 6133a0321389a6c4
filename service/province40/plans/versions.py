"""The versions of a province's plan and where each is stored.

The current version is in the province's plan graph ``.../graph/plan/TH-NN``, so everything that reads
"the province's plan" (validation, coverage, the query page) sees the current version. When an import
replaces it, the import moves it, in the same transaction, to ``.../graph/plan-version/TH-NN/K``
(K its version number), where it stays queryable. Version 1 of a programme plan is the plan built from
``data/programme/plans`` (no import record); each import is the next number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import NotFound, ParameterError
from province40.plans.graph import PROV
from province40.plans.snapshot import StoredVersion, plans_in, read_version
from province40.store.base import Store
from province40.validation.dataset import QuadSource


@dataclass(frozen=True, kw_only=True)
class Version:
    """One version of a province's plan."""

    number: int
    graph: str
    current: bool
    stored: StoredVersion

    @property
    def plan(self) -> str:
        """IRI of the plan version."""
        return self.stored.plan

    def to_dict(self) -> dict[str, object]:
        """The version for JSON (``province40 versions --format json``, ``GET /api/plans/{code}/versions``)."""
        s = self.stored
        return {
            "number": self.number,
            "current": self.current,
            "plan": s.plan,
            "graph": self.graph,
            "label": s.label,
            "title": {"th": s.draft.title_th, "en": s.draft.title_en},
            "imported_at": s.imported_at.isoformat() if isinstance(s.imported_at, datetime) else None,
            "imported_by": s.imported_by,
            "file_name": s.file_name,
            "sha256": s.digest,
            "revises": s.revises,
            "same_content_as": s.same_content_as,
            "projects": sum(1 for i in s.draft.items if i.kind.value == "project"),
            "development_lines": sum(1 for i in s.draft.items if i.kind.value == "issue"),
        }


def check_code(code: str) -> str:
    """A province code as given (``th-84`` → ``TH-84``), or ParameterError."""
    normalised = code.strip().upper()
    if not ns.ISO_CODE_PATTERN.match(normalised):
        raise ParameterError(
            f"not an ISO 3166-2:TH province code: {code!r} (expected e.g. TH-84)", parameter="province"
        )
    return normalised


def version_graphs(source: QuadSource, code: str) -> dict[int, str]:
    """Graphs of the superseded versions, by version number."""
    prefix = f"{ns.PLAN_VERSION_GRAPH_BASE}{code}/"
    found: dict[int, str] = {}
    for graph in source.named_graphs():
        if graph.startswith(prefix) and graph[len(prefix) :].isdigit():
            found[int(graph[len(prefix) :])] = graph
    return found


def list_versions(source: QuadSource, code: str) -> tuple[Version, ...]:
    """Every version of the province's plan, oldest first (empty when it has none)."""
    code = check_code(code)
    archived = version_graphs(source, code)
    names = set(source.named_graphs())
    current_graph = ns.plan_graph(code)
    wanted = [archived[n] for n in sorted(archived)] + ([current_graph] if current_graph in names else [])
    if not wanted:
        return ()
    quads = source.export(wanted)
    by_graph: dict[str, list[ox.Quad]] = {g: [] for g in wanted}
    for quad in quads:
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value in by_graph:
            by_graph[quad.graph_name.value].append(quad)
    province = ns.province_iri(code)
    versions: list[Version] = []
    for number in sorted(archived):
        stored = _one(by_graph[archived[number]], province, code)
        if stored is not None:
            versions.append(Version(number=number, graph=archived[number], current=False, stored=stored))
    if current_graph in by_graph:
        stored = _one(by_graph[current_graph], province, code)
        if stored is not None:
            number = max((v.number for v in versions), default=0) + 1
            versions.append(Version(number=number, graph=current_graph, current=True, stored=stored))
    return tuple(versions)


_HEADERS_QUERY = """
PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?graph ?plan ?label ?imported_at ?imported_by ?file_name ?revises ?province WHERE {
  GRAPH ?graph {
    ?plan p40:planOf ?province .
    OPTIONAL { ?plan p40:versionLabel ?label }
    OPTIONAL { ?plan prov:generatedAtTime ?imported_at }
    OPTIONAL { ?plan p40:importedBy ?imported_by }
    OPTIONAL { ?plan dcterms:source ?source . ?source rdfs:label ?file_name }
    OPTIONAL { ?plan prov:wasRevisionOf ?revises }
  }
}"""


def version_headers(store: Store, code: str) -> tuple[dict[str, object], ...]:
    """What a page shows of each version, oldest first: ``number``, ``current``, ``graph``, ``plan``,
    ``label``, ``imported_at`` (ISO text), ``imported_by``, ``file_name``. The same versions, numbers
    and plans as :func:`list_versions`, from one SELECT of the plans' import records instead of
    reading every version's content (a 300-project plan takes 0.4 s to read, its record a few ms)."""
    code = check_code(code)
    solutions = store.select(_HEADERS_QUERY, bindings={"province": ox.NamedNode(ns.province_iri(code))})
    current_graph = ns.plan_graph(code)
    prefix = f"{ns.PLAN_VERSION_GRAPH_BASE}{code}/"
    by_graph: dict[str, list[dict[str, ox.NamedNode | ox.Literal | ox.BlankNode]]] = {}
    for row in solutions.dicts():
        term = row["graph"]
        graph = term.value if isinstance(term, ox.NamedNode) else ""
        if graph == current_graph or (graph.startswith(prefix) and graph[len(prefix):].isdigit()):
            by_graph.setdefault(graph, []).append(row)  # type: ignore[arg-type]

    def header(graph: str, number: int) -> dict[str, object]:
        rows = by_graph[graph]
        revised = {r["revises"].value for r in rows if "revises" in r}
        newest = [r for r in rows if r["plan"].value not in revised] or rows
        row = max(newest, key=lambda r: r["plan"].value)

        def text(name: str) -> str | None:
            return row[name].value if name in row else None

        stamp = text("imported_at")
        return {"number": number, "current": graph == current_graph, "graph": graph, "plan": row["plan"].value,
                "label": text("label"), "imported_at": datetime.fromisoformat(stamp).isoformat() if stamp else None,
                "imported_by": text("imported_by"), "file_name": text("file_name")}

    archived = sorted(int(g[len(prefix):]) for g in by_graph if g != current_graph)
    headers = [header(f"{prefix}{n}", n) for n in archived]
    if current_graph in by_graph:
        headers.append(header(current_graph, max(archived, default=0) + 1))
    return tuple(headers)


def _one(quads: list[ox.Quad], province: str, code: str) -> StoredVersion | None:
    plans = plans_in(quads, province)
    if not plans:
        return None
    if len(plans) > 1:  # more than one plan in one graph: the newest is the one no other revises
        revised = {
            q.object.value
            for q in quads
            if q.predicate.value == PROV + "wasRevisionOf" and isinstance(q.object, ox.NamedNode)
        }
        plans = [p for p in plans if p not in revised] or plans
    return read_version(quads, plans[-1], code)


def find_version(versions: tuple[Version, ...], code: str, number: int | None) -> Version:
    """Version ``number`` (None: the current one), or NotFound naming the versions there are."""
    if not versions:
        raise NotFound(f"no plan of {code} in the store: import one with province40 import FILE --province {code}")
    if number is None:
        return versions[-1]
    for version in versions:
        if version.number == number:
            return version
    raise NotFound(f"{code} has no version {number}; its versions are {', '.join(str(v.number) for v in versions)}")
