"""Where the official W3C test suites live, and the SPARQL manifests read into typed test cases.

The suites are not copied into this repository (W3C test-suite licence; one source of truth). They are
read from the folder named by ``PROVINCE40_W3C_TESTS`` (a relative path counts from the repository
root), by default ``../shared/w3c-tests`` next to the checkout. That folder holds a copy of
github.com/w3c/rdf-tests under ``rdf-tests/``, so ``rdf-tests/sparql/sparql11/<folder>/manifest.ttl``
exists for every folder used here, and of github.com/w3c/data-shapes under ``data-shapes/``, so
``data-shapes/data-shapes-test-suite/tests/core/manifest.ttl`` exists (the SHACL Core tests).

A test module that finds its suite missing (:func:`require_suite`, at import) fails the run when
``PROVINCE40_W3C_TESTS`` is set, and is skipped when it is not (a clean clone, CI without the suite);
either way the message says what is missing and where to put it.

Read the location at import (collection) time: ``tests/conftest.py`` removes every ``PROVINCE40_*``
variable from the environment when the session's fixtures start.

Relative IRIs in the manifests, queries, data and results are resolved against the suite's published
location, ``https://w3c.github.io/rdf-tests/sparql/sparql11/<folder>/<file>`` (the base the suite's
own README names), not against ``file:`` IRIs of this machine: the test's graphs are therefore named
by the same IRIs wherever the suite is checked out, and the service's guard (which refuses ``file:``
dataset IRIs on purpose) sees them as ordinary graphs of the store.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest

ENV_VAR = "PROVINCE40_W3C_TESTS"
REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_LOCATION = Path("../shared/w3c-tests")
SPARQL11 = Path("rdf-tests/sparql/sparql11")
SHACL_CORE = Path("data-shapes/data-shapes-test-suite/tests/core")
PUBLISHED_BASE = "https://w3c.github.io/rdf-tests/sparql/sparql11/"
TEST_IRI_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"

EVALUATION_FOLDERS = (
    "aggregates",
    "bind",
    "bindings",
    "construct",
    "exists",
    "functions",
    "grouping",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
QT = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#"


class SuiteMissing(Exception):
    """The W3C test suite is not where the tests look for it."""


@dataclass(frozen=True)
class SuiteLocation:
    """The folder the tests read the suites from, and how it was chosen."""

    root: Path
    chosen_by: str
    explicit: bool = False
    """True when ``PROVINCE40_W3C_TESTS`` named the folder (a missing suite then fails the run)."""

    @property
    def sparql11(self) -> Path:
        """``rdf-tests/sparql/sparql11`` inside the suite folder."""
        return self.root / SPARQL11

    @property
    def shacl_core(self) -> Path:
        """``data-shapes/data-shapes-test-suite/tests/core`` inside the suite folder."""
        return self.root / SHACL_CORE

    def problem(self) -> str | None:
        """Why the SPARQL 1.1 suite cannot be used, or None when it is complete enough to run."""
        needed = [self.sparql11 / folder / "manifest.ttl" for folder in (*EVALUATION_FOLDERS, "protocol")]
        return self._missing(needed, "SPARQL 1.1", "https://github.com/w3c/rdf-tests", f"{self.sparql11}/<folder>")

    def shacl_problem(self) -> str | None:
        """Why the SHACL Core suite cannot be used, or None when it is there."""
        needed = [self.shacl_core / "manifest.ttl"]
        return self._missing(needed, "SHACL Core", "https://github.com/w3c/data-shapes", str(self.shacl_core))

    def _missing(self, needed: list[Path], suite: str, upstream: str, where: str) -> str | None:
        absent = [path for path in needed if not path.is_file()]
        if not absent:
            return None
        return (
            f"The W3C {suite} test suite was not found: {absent[0]} does not exist "
            f"({len(absent)} of {len(needed)} manifests missing). The tests read it from {self.root} "
            f"({self.chosen_by}). Put a copy of {upstream} there, so that {where}/manifest.ttl exists, "
            f"or set {ENV_VAR} to the folder that holds it (a relative path counts from the repository "
            "root). The suite is not copied into this repository on purpose (W3C test-suite licence)."
        )

    def require(self) -> Path:
        """The sparql11 folder; :class:`SuiteMissing` (with the message above) when it is absent."""
        message = self.problem()
        if message is not None:
            raise SuiteMissing(message)
        return self.sparql11


def require_suite(location: SuiteLocation, problem: str | None) -> None:
    """The missing-suite policy, applied when a test module is imported (collected).

    Nothing happens when ``problem`` is None. Otherwise: when ``PROVINCE40_W3C_TESTS`` names the folder,
    collection fails with ``problem`` (the suite was asked for and is not there); when the default
    location is used, the module is skipped with ``problem`` as the reason (it says where to put the
    suite), so that a clean clone, or CI without the suite, still passes.
    """
    if problem is None:
        return
    if location.explicit:
        pytest.fail(problem, pytrace=False)
    pytest.skip(problem, allow_module_level=True)


def locate_suite(environ: Mapping[str, str] | None = None) -> SuiteLocation:
    """Where the suite is: ``PROVINCE40_W3C_TESTS`` if set, else ``../shared/w3c-tests``."""
    env = os.environ if environ is None else environ
    configured = env.get(ENV_VAR, "").strip()
    if configured:
        path, chosen_by, explicit = Path(configured).expanduser(), f"set by {ENV_VAR}", True
    else:
        path, chosen_by, explicit = DEFAULT_LOCATION, f"the default, as {ENV_VAR} is not set", False
    if not path.is_absolute():
        path = REPOSITORY_ROOT / path
    return SuiteLocation(root=path.resolve(), chosen_by=chosen_by, explicit=explicit)


# ---------------------------------------------------------------- manifests


@dataclass(frozen=True)
class Resource:
    """A file of the suite: its IRI (as the manifest gives it, resolved) and where it is on disk."""

    iri: str
    path: Path

    @property
    def suffix(self) -> str:
        """The file extension, lower case (``.srx``, ``.ttl``...)."""
        return self.path.suffix.lower()


@dataclass(frozen=True)
class ManifestEntry:
    """One entry of a manifest's ``mf:entries`` list."""

    iri: str
    test_id: str
    name: str
    kind: str
    folder: str

    def __str__(self) -> str:
        return f"{self.test_id} ({self.name!r})"


@dataclass(frozen=True)
class EvaluationTest(ManifestEntry):
    """An ``mf:QueryEvaluationTest``: a query, its dataset and its expected result."""

    query: Resource
    data: tuple[Resource, ...]
    graph_data: tuple[Resource, ...]
    result: Resource


@dataclass(frozen=True)
class SyntaxTest(ManifestEntry):
    """An ``mf:PositiveSyntaxTest11`` or ``mf:NegativeSyntaxTest11``."""

    query: Resource
    positive: bool


class _Triples:
    """A manifest's triples indexed by subject and predicate."""

    def __init__(self, triples: list[ox.Triple]) -> None:
        self._index: dict[tuple[object, str], list[ox.NamedNode | ox.BlankNode | ox.Literal]] = defaultdict(list)
        for triple in triples:
            obj = triple.object
            if isinstance(obj, ox.NamedNode | ox.BlankNode | ox.Literal):
                self._index[(triple.subject, triple.predicate.value)].append(obj)

    def all(self, subject: object, predicate: str) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        return list(self._index.get((subject, predicate), ()))

    def one(self, subject: object, predicate: str) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
        values = self.all(subject, predicate)
        if len(values) > 1:
            raise ValueError(f"{subject} has {len(values)} values for <{predicate}>; the harness expects one")
        return values[0] if values else None

    def items(self, head: object) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
        """The members of an RDF list."""
        members = []
        node = head
        while node is not None and not (isinstance(node, ox.NamedNode) and node.value == RDF + "nil"):
            first = self.one(node, RDF + "first")
            if first is None:
                raise ValueError(f"malformed RDF list at {node}")
            members.append(first)
            node = self.one(node, RDF + "rest")
        return members


def entry_id(iri: str) -> str:
    """A readable, stable id for a test IRI: ``aggregates/manifest#agg01``."""
    return iri[len(TEST_IRI_BASE) :] if iri.startswith(TEST_IRI_BASE) else iri


def _resource(sparql11: Path, term: object, where: str) -> Resource:
    if not isinstance(term, ox.NamedNode) or not term.value.startswith(PUBLISHED_BASE):
        raise ValueError(f"{where}: expected a file of the suite, got {term}")
    return Resource(term.value, sparql11 / term.value[len(PUBLISHED_BASE) :])


@dataclass(frozen=True)
class Manifest:
    """One manifest: its entries, in the order ``mf:entries`` lists them."""

    folder: str
    iri: str
    entries: tuple[ManifestEntry, ...]


def read_manifest(sparql11: Path, folder: str) -> Manifest:
    """Read ``<folder>/manifest.ttl`` with relative IRIs resolved against the published location."""
    iri = f"{PUBLISHED_BASE}{folder}/manifest.ttl"
    triples = _Triples(
        [q.triple for q in ox.parse(path=sparql11 / folder / "manifest.ttl", format=ox.RdfFormat.TURTLE, base_iri=iri)]
    )
    head = triples.one(ox.NamedNode(iri), MF + "entries")
    entries: list[ManifestEntry] = []
    for node in triples.items(head):
        if not isinstance(node, ox.NamedNode):
            raise ValueError(f"{folder}/manifest.ttl: an entry is not an IRI: {node}")
        kinds = [t.value for t in triples.all(node, RDF + "type") if t.value.startswith(MF)]
        if len(kinds) != 1:
            raise ValueError(f"{node.value}: expected one mf: type, got {kinds}")
        kind = kinds[0][len(MF) :]
        name_term = triples.one(node, MF + "name")
        common = {
            "iri": node.value,
            "test_id": entry_id(node.value),
            "name": name_term.value if name_term is not None else entry_id(node.value),
            "kind": kind,
            "folder": folder,
        }
        action = triples.one(node, MF + "action")
        if kind == "QueryEvaluationTest":
            result = triples.one(node, MF + "result")
            entries.append(
                EvaluationTest(
                    **common,
                    query=_resource(sparql11, triples.one(action, QT + "query"), node.value),
                    data=tuple(_resource(sparql11, t, node.value) for t in triples.all(action, QT + "data")),
                    graph_data=tuple(_resource(sparql11, t, node.value) for t in triples.all(action, QT + "graphData")),
                    result=_resource(sparql11, result, node.value),
                )
            )
        elif kind in ("PositiveSyntaxTest11", "NegativeSyntaxTest11"):
            entries.append(
                SyntaxTest(
                    **common, query=_resource(sparql11, action, node.value), positive=kind.startswith("Positive")
                )
            )
        else:
            entries.append(ManifestEntry(**common))
    return Manifest(folder=folder, iri=iri, entries=tuple(entries))


UT = "http://www.w3.org/2009/sparql/tests/test-update#"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def read_protocol_graph_data(sparql11: Path) -> dict[str, Resource]:
    """The protocol manifest's ``ut:graphData``: graph name (its ``rdfs:label``) -> the file to load."""
    iri = f"{PUBLISHED_BASE}protocol/manifest.ttl"
    parsed = [
        q.triple
        for q in ox.parse(path=sparql11 / "protocol" / "manifest.ttl", format=ox.RdfFormat.TURTLE, base_iri=iri)
    ]
    triples = _Triples(parsed)
    graphs: dict[str, Resource] = {}
    for triple in parsed:
        if triple.predicate.value != UT + "graphData":
            continue
        label = triples.one(triple.object, RDFS_LABEL)
        graph = triples.one(triple.object, UT + "graph")
        if label is None or graph is None:
            raise ValueError(f"protocol/manifest.ttl: ut:graphData without ut:graph or rdfs:label ({triple})")
        graphs[label.value] = _resource(sparql11, graph, "protocol/manifest.ttl")
    return graphs
