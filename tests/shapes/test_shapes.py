"""The shape files themselves: every shape is complete (names, message, fix, severity, aspect, in Thai
and English), ``P40SH`` lists exactly the terms the files define, and shapes/README.md's table lists
every shape with its target and severity."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import OWL, SH, SKOS

from province40.validation import Severity, ShapeCatalog
from province40.validation.vocabulary import P40SH, P40SH_NS, SHAPES_IRI

ROOT = Path(__file__).resolve().parents[2]
SHAPES_DIR = ROOT / "shapes"
THAI = re.compile("[\u0e01-\u0e5b]")
SHAPE_FILES = ("structure.ttl", "alignment.ttl", "results.ttl", "provenance.ttl")


def _graph(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES_DIR / name, format="turtle")
    return graph


ALL = _graph(*(p.name for p in sorted(SHAPES_DIR.glob("*.ttl"))))
SHAPES = sorted(
    str(s)
    for s in set(ALL.subjects(RDF.type, SH.NodeShape)) | set(ALL.subjects(RDF.type, SH.PropertyShape))
    if isinstance(s, URIRef)
)


def _texts(node: URIRef, predicate: URIRef) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for value in ALL.objects(node, predicate):
        assert isinstance(value, Literal), f"{node} {predicate}: {value!r} is not a literal"
        found.setdefault(value.language or "", []).append(str(value))
    return found


def test_shape_files_are_the_expected_ones() -> None:
    # the validator reads shapes/**/*.ttl: no other file may slip in
    assert sorted(p.name for p in SHAPES_DIR.rglob("*.ttl")) == sorted((*SHAPE_FILES, "vocabulary.ttl"))
    # vocabulary.ttl defines no shape; every other file does
    assert not (set(_graph("vocabulary.ttl").subjects(RDF.type, SH.PropertyShape)))
    for name in SHAPE_FILES:
        graph = _graph(name)
        assert set(graph.subjects(RDF.type, SH.PropertyShape)) | set(graph.subjects(RDF.type, SH.NodeShape)), name


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: s.rsplit("#", 1)[1])
def test_shape_is_complete_in_thai_and_english(shape: str) -> None:
    node = URIRef(shape)
    for predicate in (RDFS.label, SH.message, P40SH.fix):
        texts = _texts(node, predicate)
        assert set(texts) == {"th", "en"}, f"{shape} {predicate}: languages {sorted(texts)}"
        assert len(texts["th"]) == 1 and len(texts["en"]) == 1, f"{shape} {predicate}: one text per language"
        assert THAI.search(texts["th"][0]), f"{shape} {predicate}@th has no Thai letters"
        if predicate != P40SH.fix:  # a fix may quote a Thai example date
            assert not THAI.search(texts["en"][0]), f"{shape} {predicate}@en has Thai letters"
    severity = ALL.value(node, SH.severity)
    assert severity in (SH.Violation, SH.Warning), f"{shape}: severity must be given explicitly"
    aspect = ALL.value(node, P40SH.aspect)
    assert aspect is not None and (aspect, RDF.type, P40SH.Aspect) in ALL, f"{shape}: aspect {aspect}"


def test_severities_are_the_documented_ones() -> None:
    warnings = {s.rsplit("#", 1)[1] for s in SHAPES if ALL.value(URIRef(s), SH.severity) == SH.Warning}
    assert warnings == {
        "ThaiScriptLabelShape",
        "ProvincialDevelopmentPlanDimensionCoverageShape",
        "ProvincialDevelopmentPlanSuccessFactorCoverageShape",
        "MasterPlanStrategyConsistencyShape",
        "ProjectIndicatorShape",
        "ProjectDataSourceShape",
    }


def test_sparql_constraints_declare_their_prefixes() -> None:
    declared = {str(ALL.value(d, SH.prefix)) for d in ALL.objects(URIRef(SHAPES_IRI), SH.declare)}
    assert declared == {"p40", "rdf", "rdfs", "skos"}
    constraints = list(ALL.objects(None, SH.sparql))
    assert len(constraints) == 10
    for constraint in constraints:
        assert ALL.value(constraint, SH.prefixes) == URIRef(SHAPES_IRI)
        select = str(ALL.value(constraint, SH.select))
        used = set(re.findall(r"\b([a-z]+):[A-Za-z]", select))
        assert used <= declared, used - declared


def test_vocabulary_lists_exactly_the_defined_terms() -> None:
    defined = {str(s)[len(P40SH_NS) :] for s in ALL.subjects() if isinstance(s, URIRef) and str(s).startswith(P40SH_NS)}
    listed = set(P40SH.__annotations__)
    assert listed == defined
    with pytest.raises(AttributeError):
        _ = P40SH.NoSuchShape
    for term in ("fix", "aspect", "basis", "closedByCuration", "plan", "project", "province"):
        assert (URIRef(P40SH_NS + term), RDF.type, OWL.AnnotationProperty) in ALL or (
            URIRef(P40SH_NS + term), RDF.type, OWL.ObjectProperty) in ALL, term


def test_aspects_are_ordered() -> None:
    catalog = ShapeCatalog.from_assets()
    assert [a.iri[len(P40SH_NS) :] for a in catalog.aspects] == [
        "Structure", "Government40", "NationalStrategy", "Results", "Provenance"]
    assert [str(ALL.value(URIRef(a.iri), SKOS.notation)) for a in catalog.aspects] == ["1", "2", "3", "4", "5"]


def test_catalog_describes_each_shape_as_the_files_do() -> None:
    catalog = ShapeCatalog.from_assets()
    assert sorted(catalog.shapes) == SHAPES
    for iri, info in catalog.shapes.items():
        node = URIRef(iri)
        assert info.message.th == _texts(node, SH.message)["th"][0]
        assert info.message.en == _texts(node, SH.message)["en"][0]
        assert info.severity is Severity.from_iri(str(ALL.value(node, SH.severity)))
        assert info.aspect == str(ALL.value(node, P40SH.aspect))
    paths = {iri.rsplit("#", 1)[1]: info.path for iri, info in catalog.shapes.items()}
    assert paths["ProvincialStrategicIssuePlanShape"] == "^p40:hasStrategicIssue"
    assert paths["ProvincialDevelopmentPlanDimensionCoverageShape"] == "p40:hasProject/p40:servesDimension"
    assert paths["LinkAssertionTripleShape"] is None
    assert paths["ProjectNationalStrategyShape"] == (
        "p40:contributesToStrategy|p40:contributesToMasterPlan|"
        "(p40:addressesIssue/p40:contributesToMasterPlan)|(p40:addressesIssue/p40:contributesToStrategy)"
    )
    derived = catalog.shapes[str(P40SH.ProjectNationalStrategyShape)].derived_from
    assert derived == (
        "https://w3id.org/province40/id/guidance/principle-4",
        "https://w3id.org/province40/id/guidance/recommendation-national-strategy",
    )


def test_readme_table_lists_every_shape_with_its_severity() -> None:
    readme = (SHAPES_DIR / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in readme.splitlines():
        match = re.match(r"^\| `(p40sh:\w+Shape)` \|(.*)\|\s*$", line)
        if match:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    assert sorted(rows) == sorted("p40sh:" + s.rsplit("#", 1)[1] for s in SHAPES)
    for shape in SHAPES:
        cells = rows["p40sh:" + shape.rsplit("#", 1)[1]]
        severity = str(ALL.value(URIRef(shape), SH.severity)).rsplit("#", 1)[1]
        assert any(cell.startswith(severity) for cell in cells), (shape, cells)
