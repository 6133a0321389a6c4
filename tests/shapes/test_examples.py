"""The example plans against the shapes, as data/examples/manifest.ttl expects them.

The manifest is written in the style of the W3C SHACL test suite: one ``sht:Validate`` entry per
example file whose ``mf:result`` is the validation report province40 must produce for it
(``province40 validate FILE``: the file checked with the repository's reference data and curated
links). Each entry's results are compared exactly, as a multiset, on focus node, path, value,
severity, source shape, constraint component and basis, for the open results (``sh:result``) and
for the results closed by curation (``p40sh:closedByCuration``) alike; and the report graph
province40 writes must be isomorphic to the expected one on those terms.

Besides the entries themselves: every shape of shapes/*.ttl is exercised by a conforming example
(it applies to a node of a valid file, reaches values there and passes) and by a violating one (an
invalid file named after it, whose only open findings come from that shape), and every finding
carries the shape's message in Thai and in English.
"""

from __future__ import annotations

import collections
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

import pyoxigraph as ox
import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import SH, Namespace
from rdflib.term import Node

from province40.validation import (
    AssetSource,
    Basis,
    Finding,
    Report,
    Severity,
    ShapeCatalog,
    Validator,
    from_file,
    report_graph,
    validate_file,
)
from province40.validation.paths import path_text
from province40.validation.terms import DISPLAY_PREFIXES, from_rdflib, ill_typed_literals_allowed, node_key
from province40.validation.vocabulary import P40SH, P40SH_NS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "data" / "examples"
MANIFEST = EXAMPLES / "manifest.ttl"
SHAPES_DIR = ROOT / "shapes"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")
RDFS_SUBCLASSOF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
THAI = re.compile("[\u0e01-\u0e5b]")

ResultKey = tuple[str, str | None, str | None, str, str, str, str]
"""(focus node, path, value, severity, source shape, constraint component, basis), terms in N-Triples."""


# ---------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class Entry:
    """One sht:Validate entry of the manifest."""

    name: str
    """The entry's fragment, e.g. ``invalid-ProjectDimensionShape--missing``."""
    file: Path
    label: str
    conforms: bool
    results: tuple[ResultKey, ...]
    closed: tuple[ResultKey, ...]
    status: str
    result_node: Node


def _term_key(term: Node | None) -> str | None:
    return None if term is None else str(from_rdflib(term))


def _expected_key(graph: Graph, node: Node) -> ResultKey:
    path = graph.value(node, SH.resultPath)
    basis = graph.value(node, P40SH.basis)
    assert basis in (P40SH.Stated, P40SH.Curated), f"manifest result {node} has no p40sh:basis"
    focus = _term_key(graph.value(node, SH.focusNode))
    severity = graph.value(node, SH.resultSeverity)
    shape = graph.value(node, SH.sourceShape)
    component = graph.value(node, SH.sourceConstraintComponent)
    assert focus is not None and severity is not None and shape is not None and component is not None, node
    return (
        focus,
        None if path is None else path_text(graph, path),
        _term_key(graph.value(node, SH.value)),
        str(severity),
        str(shape),
        str(component),
        "stated" if basis == P40SH.Stated else "curated",
    )


@functools.cache
def manifest_graph() -> Graph:
    graph = Graph()
    with ill_typed_literals_allowed():
        graph.parse(MANIFEST, format="turtle")
    return graph


@functools.cache
def manifest_entries() -> tuple[Entry, ...]:
    graph = manifest_graph()
    manifests = list(graph.subjects(RDF.type, MF.Manifest))
    assert len(manifests) == 1
    entries = []
    for node in Collection(graph, graph.value(manifests[0], MF.entries)):
        action = graph.value(node, MF.action)
        data = graph.value(action, SHT.dataGraph)
        result = graph.value(node, MF.result)
        assert (result, RDF.type, SH.ValidationReport) in graph, node
        conforms = graph.value(result, SH.conforms)
        assert isinstance(conforms, Literal), node
        entries.append(
            Entry(
                name=str(node).rsplit("#", 1)[1],
                file=Path(unquote(urlparse(str(data)).path)),
                label=str(graph.value(node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))),
                conforms=bool(conforms.toPython()),
                results=tuple(sorted(_expected_key(graph, r) for r in graph.objects(result, SH.result))),
                closed=tuple(sorted(_expected_key(graph, r) for r in graph.objects(result, P40SH.closedByCuration))),
                status=str(graph.value(node, MF.status)),
                result_node=result,
            )
        )
    return tuple(entries)


def entry(name: str) -> Entry:
    return next(e for e in manifest_entries() if e.name == name)


def finding_key(finding: Finding) -> ResultKey:
    return (
        str(finding.focus_node),
        finding.path,
        None if finding.value is None else str(finding.value),
        finding.severity.iri,
        finding.shape,
        finding.constraint,
        finding.basis.value,
    )


# ---------------------------------------------------------------- validating the examples


@functools.cache
def validator() -> Validator:
    return Validator.from_source(AssetSource())


@functools.cache
def report_of(path: Path, include_curation: bool = True) -> Report:
    """The report of one example file (each file is validated once per test session and view)."""
    return validate_file(path, include_curation=include_curation, validator=validator())


def _shape_name(iri: str) -> str:
    assert iri.startswith(P40SH_NS), iri
    return iri[len(P40SH_NS) :]


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.rglob("*") if p.is_file() and p != MANIFEST)


# ---------------------------------------------------------------- the shapes, read independently


@functools.cache
def shapes_graph() -> Graph:
    graph = Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@functools.cache
def named_shapes() -> tuple[str, ...]:
    """Every node and property shape of shapes/*.ttl that has an IRI (those are the reported ones)."""
    graph = shapes_graph()
    shapes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
    return tuple(sorted(str(s) for s in shapes if isinstance(s, URIRef)))


def _message(shape: str, lang: str, predicate: URIRef = SH.message) -> str:
    texts = [
        str(m)
        for m in shapes_graph().objects(URIRef(shape), predicate)
        if isinstance(m, Literal) and m.language == lang
    ]
    assert len(texts) == 1, f"{shape} has {len(texts)} {predicate}@{lang}"
    return texts[0]


_TARGET_QUERIES = {
    SH.targetClass: "SELECT DISTINCT ?n WHERE {{ ?n a/<" + RDFS_SUBCLASSOF + ">* {term} }}",
    SH.targetObjectsOf: "SELECT DISTINCT ?n WHERE {{ ?s {term} ?n }}",
    SH.targetSubjectsOf: "SELECT DISTINCT ?n WHERE {{ ?n {term} ?o }}",
}
_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(DISPLAY_PREFIXES.items()))


def focus_nodes(store: ox.Store, shape: str) -> set[ox.NamedNode | ox.BlankNode]:
    """The focus nodes of ``shape`` in ``store`` (SHACL targets, class membership via rdfs:subClassOf*)."""
    found: set[ox.NamedNode | ox.BlankNode] = set()
    for predicate, query in _TARGET_QUERIES.items():
        for target in shapes_graph().objects(URIRef(shape), predicate):
            for row in store.query(query.format(term=f"<{target}>")):  # type: ignore[union-attr]
                found.add(row["n"])
    for node in shapes_graph().objects(URIRef(shape), SH.targetNode):
        found.add(from_rdflib(node))  # type: ignore[arg-type]
    return found


def value_count(store: ox.Store, shape: str, focus: ox.NamedNode | ox.BlankNode) -> int:
    """How many value nodes ``focus`` has along the shape's path (1 for a node shape: itself)."""
    path = shapes_graph().value(URIRef(shape), SH.path)
    if path is None:
        return 1
    query = _PROLOGUE + f"SELECT DISTINCT ?this ?v WHERE {{ ?this {path_text(shapes_graph(), path)} ?v }}"
    return len(list(store.query(query, substitutions={ox.Variable("this"): focus})))  # type: ignore[arg-type]


# ================================================================ the manifest itself


def test_manifest_lists_every_example_file_once() -> None:
    listed = [e.file for e in manifest_entries()]
    assert len(listed) == len(set(listed))
    assert sorted(listed) == example_files()
    for e in manifest_entries():
        assert e.status == str(SHT.approved), e.name
        assert e.file.relative_to(EXAMPLES).as_posix() == e.label, e.name
        assert e.name == e.file.relative_to(EXAMPLES).parent.as_posix() + "-" + e.file.name.split(".")[0]
        # the expected report agrees with itself: conforms exactly when no result is expected
        assert e.conforms == (not e.results), e.name


def test_manifest_entries_are_valid_or_invalid_by_folder() -> None:
    for e in manifest_entries():
        folder = e.file.parent.name
        assert folder in ("valid", "invalid"), e.file
        assert e.conforms is (folder == "valid"), e.name


# ================================================================ each example against its expected report


@pytest.mark.parametrize("name", [e.name for e in manifest_entries()])
def test_example_report_matches_manifest(name: str) -> None:
    expected = entry(name)
    report = report_of(expected.file)
    assert report.include_curation
    assert report.scope.file == str(expected.file)
    assert collections.Counter(finding_key(f) for f in report.findings) == collections.Counter(expected.results)
    assert collections.Counter(finding_key(f) for f in report.closed_by_curation) == collections.Counter(
        expected.closed
    )
    assert report.conforms is expected.conforms
    # a closed result always holds for the plan as presented
    assert all(f.basis is Basis.STATED for f in report.closed_by_curation)


def _copy(source: Graph, node: Node, target: Graph, copies: dict[Node, Node]) -> Node:
    """``node`` in ``target``; a blank node (a path, an RDF list) is copied afresh with its triples."""
    if not isinstance(node, BNode):
        return node
    if node not in copies:
        copies[node] = BNode()
        for p, o in source.predicate_objects(node):
            target.add((copies[node], p, _copy(source, o, target, copies)))
    return copies[node]


_COMPARED = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape,
             SH.sourceConstraintComponent, P40SH.basis)


def normalised_report(graph: Graph, report: Node) -> Graph:
    """The report with only the compared terms, each result's path copied on its own."""
    out = Graph()
    root = BNode()
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, graph.value(report, SH.conforms)))  # type: ignore[arg-type]
    for link in (SH.result, P40SH.closedByCuration):
        for result in graph.objects(report, link):
            node = BNode()
            out.add((root, link, node))
            out.add((node, RDF.type, SH.ValidationResult))
            for predicate in _COMPARED:
                for value in graph.objects(result, predicate):
                    out.add((node, predicate, _copy(graph, value, out, {})))
    return out


@pytest.mark.parametrize("name", [e.name for e in manifest_entries()])
def test_example_report_graph_is_the_expected_one(name: str) -> None:
    expected = entry(name)
    written = report_graph(report_of(expected.file))
    roots = list(written.subjects(RDF.type, SH.ValidationReport))
    assert len(roots) == 1
    with ill_typed_literals_allowed():
        got = normalised_report(written, roots[0])
        want = normalised_report(manifest_graph(), expected.result_node)
        assert len(got) == len(want)
        assert isomorphic(got, want), (
            f"{name}: report graph differs from the manifest\n"
            f"got:\n{got.serialize(format='turtle')}\nexpected:\n{want.serialize(format='turtle')}"
        )


def test_curated_example_as_presented_shows_what_curation_closes() -> None:
    """Without the curated links, the points the manifest lists as closed are open again."""
    expected = entry("valid-ProvincialDevelopmentPlan-curated-alignment")
    assert expected.closed, "the curated example is expected to close some results"
    as_presented = report_of(expected.file, include_curation=False)
    assert not as_presented.include_curation
    assert not as_presented.conforms
    assert not as_presented.passes()  # the project with no National Strategy link is a Violation
    assert as_presented.closed_by_curation == ()
    assert sorted(finding_key(f) for f in as_presented.findings) == list(expected.closed)


def test_curated_example_tallies_count_projects_aligned_only_through_curation() -> None:
    report = report_of(entry("valid-ProvincialDevelopmentPlan-curated-alignment").file)
    (plan,) = report.plans
    assert plan.province == "TH-33"
    assert [p.iri.rsplit("/", 1)[1] for p in plan.projects] == ["example-TH-33-01", "example-TH-33-02"]
    tally = {t.shape: t for t in plan.tallies}[str(P40SH.ProjectNationalStrategyShape)]
    assert (tally.projects, tally.as_presented, tally.with_curation, tally.only_through_curation) == (2, 1, 2, 1)
    # the curated links of project 1 are listed with their rationale in both languages
    links = [c for c in plan.curated_links if c.subject.endswith("/example-TH-33-01")]
    assert links and all(c.rationale.th and c.rationale.en for c in links)
    assert all(THAI.search(c.rationale.th) and not THAI.search(c.rationale.en) for c in links)


# ================================================================ every shape exercised both ways


def test_every_named_shape_has_a_target() -> None:
    graph = shapes_graph()
    targets = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.target)
    assert len(named_shapes()) == 30
    for shape in named_shapes():
        assert any(graph.value(URIRef(shape), t) is not None for t in targets), f"{shape} has no target"


def test_validator_reads_the_same_shapes() -> None:
    catalog = ShapeCatalog.from_assets()
    assert sorted(catalog.shapes) == list(named_shapes())


@functools.cache
def valid_data(path: Path) -> tuple[ox.Store, frozenset[ox.NamedNode | ox.BlankNode]]:
    """The data a valid example is checked in (with curation) and the file's own nodes."""
    data = from_file(path, AssetSource())
    store = ox.Store()
    store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in data.view(with_curation=True))
    assert data.focus is not None
    return store, data.focus  # type: ignore[return-value]


def _passing_examples(shape: str) -> Iterator[str]:
    for e in manifest_entries():
        if not e.file.parent.name == "valid":
            continue
        store, own = valid_data(e.file)
        applies = [n for n in focus_nodes(store, shape) if n in own]
        if not applies or not any(value_count(store, shape, n) for n in applies):
            continue
        report = report_of(e.file)
        if any(f.shape == shape for f in report.findings + report.closed_by_curation):
            continue
        yield e.file.name


@pytest.mark.parametrize("shape", named_shapes(), ids=_shape_name)
def test_shape_passes_on_a_valid_example(shape: str) -> None:
    """Some valid example has a node the shape targets, with values on its path, and the shape passes."""
    passing = list(_passing_examples(shape))
    assert passing, f"no valid example exercises {_shape_name(shape)} and passes it"


@pytest.mark.parametrize("shape", named_shapes(), ids=_shape_name)
def test_shape_fails_on_the_invalid_example_named_after_it(shape: str) -> None:
    name = _shape_name(shape)
    files = [p for p in (EXAMPLES / "invalid").iterdir() if p.name.split(".")[0].split("--")[0] == name]
    assert files, f"no invalid example named after {name}"
    for path in files:
        report = report_of(path)
        assert report.findings, f"{path.name} conforms"
        assert not report.conforms
        assert {f.shape for f in report.findings} == {shape}, f"{path.name} violates other shapes too"
        severity = Severity.from_iri(str(shapes_graph().value(URIRef(shape), SH.severity)))
        assert {f.severity for f in report.findings} == {severity}
        # the CLI's exit status follows the severity: a Violation fails by default, a Warning does not
        assert report.passes() is (severity is not Severity.VIOLATION)
        assert not report.passes(Severity.WARNING)


def test_every_invalid_file_is_named_after_a_shape() -> None:
    names = {_shape_name(s) for s in named_shapes()}
    for path in (EXAMPLES / "invalid").iterdir():
        assert path.name.split(".")[0].split("--")[0] in names, path.name


def test_valid_examples_conform_and_pass() -> None:
    valid = [e for e in manifest_entries() if e.file.parent.name == "valid"]
    assert len(valid) == 3
    for e in valid:
        report = report_of(e.file)
        assert report.conforms and report.passes(Severity.INFO), e.name
        (plan,) = report.plans
        assert plan.province == ("TH-30" if e.file.suffix == ".jsonld" else "TH-33")
        assert plan.projects


# ================================================================ messages in Thai and English


def _all_findings() -> Iterator[tuple[str, Finding]]:
    for e in manifest_entries():
        report = report_of(e.file)
        for finding in report.findings + report.closed_by_curation:
            yield e.name, finding


def test_every_finding_has_the_shapes_message_and_fix_in_thai_and_english() -> None:
    seen = 0
    for name, finding in _all_findings():
        seen += 1
        where = f"{name}: {finding.shape}"
        assert finding.message_th == _message(finding.shape, "th"), where
        assert finding.message_en == _message(finding.shape, "en"), where
        assert finding.fix_th == _message(finding.shape, "th", P40SH.fix), where
        assert finding.fix_en == _message(finding.shape, "en", P40SH.fix), where
        assert THAI.search(finding.message_th) and THAI.search(finding.fix_th), where
        assert not THAI.search(finding.message_en), where
        assert finding.message("th") == finding.message_th and finding.message("en") == finding.message_en
        assert finding.aspect == str(shapes_graph().value(URIRef(finding.shape), P40SH.aspect)), where
    assert seen >= len(manifest_entries())


def test_thai_message_of_a_known_finding() -> None:
    report = report_of(EXAMPLES / "invalid" / "ProjectDimensionShape--missing.ttl")
    (finding,) = report.findings
    assert node_key(finding.focus_node) == "https://w3id.org/province40/id/project/example-TH-33-02"
    assert finding.path == "p40:servesDimension"
    assert finding.severity is Severity.VIOLATION
    assert finding.message_th == (
        "โครงการต้องตอบมิติของระบบราชการ 4.0 อย่างน้อยหนึ่งมิติ (เปิดกว้างและเชื่อมโยงกัน ยึดประชาชนเป็นศูนย์กลาง "
        "หรือองค์การที่มีขีดสมรรถนะสูงและทันสมัย)"
    )
    assert finding.message_en == (
        "A project must serve at least one Government 4.0 dimension (Open & Connected, Citizen-Centric, "
        "or Smart & High Performance)."
    )
    assert (finding.province, finding.plan, finding.project) == (
        "TH-33",
        "https://w3id.org/province40/id/plan/example-TH-33",
        "https://w3id.org/province40/id/project/example-TH-33-02",
    )
    # the report graph carries both messages as sh:resultMessage
    graph = report_graph(report)
    (result,) = graph.objects(None, SH.result)
    messages = {m.language: str(m) for m in graph.objects(result, SH.resultMessage)}  # type: ignore[union-attr]
    assert messages == {"th": finding.message_th, "en": finding.message_en}


def test_indicator_findings_are_reported_under_the_project_that_has_the_indicator() -> None:
    report = report_of(EXAMPLES / "invalid" / "IndicatorFiscalYearShape.ttl")
    (finding,) = report.findings
    assert finding.project == "https://w3id.org/province40/id/project/example-TH-33-01"
    assert finding.value == ox.Literal("2025", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
