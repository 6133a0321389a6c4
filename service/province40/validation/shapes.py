"""The shapes graph and what reports need to know about each shape.

The shapes are read once (from the store's shapes graph, or from ``shapes/*.ttl``) into a
:class:`ShapeCatalog`: the rdflib graph the SHACL engine runs, plus for every shape its Thai and
English label, message and fix hint, its severity, its aspect and its path.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import pyoxigraph as ox
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import PROV, SH, SKOS
from rdflib.term import Node

from province40 import namespaces as ns
from province40.assets import AssetDirs, asset_dirs
from province40.errors import ConfigurationError
from province40.rdf_io import parse_file
from province40.validation.dataset import AssetSource, QuadSource
from province40.validation.paths import path_text, path_triples
from province40.validation.report import AspectInfo, LocalizedText, Severity, ShapeInfo
from province40.validation.terms import from_rdflib, rdflib_graph
from province40.validation.vocabulary import P40SH


def _text(graph: Graph, node: Node, predicate: URIRef) -> LocalizedText:
    texts: dict[str, str] = {}
    for value in graph.objects(node, predicate):
        if isinstance(value, Literal) and value.language in ("th", "en"):
            texts.setdefault(value.language, str(value))
    return LocalizedText(texts.get("th", ""), texts.get("en", ""))


@dataclass(frozen=True)
class ShapeCatalog:
    """The shapes graph and a description of each shape in it (keyed by IRI)."""

    graph: Graph
    shapes: Mapping[str, ShapeInfo]
    aspects: tuple[AspectInfo, ...]

    @classmethod
    def from_graph(cls, graph: Graph) -> ShapeCatalog:
        """Describe every node shape and property shape of ``graph`` that has an IRI."""
        nodes = set(graph.subjects(RDF.type, SH.NodeShape)) | set(graph.subjects(RDF.type, SH.PropertyShape))
        if not nodes:
            raise ConfigurationError("the shapes graph holds no SHACL shapes (is shapes/ empty, or the store stale?)")
        shapes: dict[str, ShapeInfo] = {}
        for node in nodes:
            if not isinstance(node, URIRef):
                continue
            severity = graph.value(node, SH.severity)
            path = graph.value(node, SH.path)
            aspect = graph.value(node, P40SH.aspect)
            shapes[str(node)] = ShapeInfo(
                iri=str(node),
                label=_text(graph, node, RDFS.label),
                message=_text(graph, node, SH.message),
                fix=_text(graph, node, P40SH.fix),
                severity=Severity.from_iri(str(severity)) if severity is not None else Severity.VIOLATION,
                aspect=str(aspect) if aspect is not None else None,
                path=path_text(graph, path) if path is not None else None,
                derived_from=tuple(sorted(str(g) for g in graph.objects(node, PROV.wasDerivedFrom))),
                path_node=from_rdflib(path) if path is not None else None,
                path_rdf=tuple(
                    ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))  # type: ignore[arg-type]
                    for s, p, o in (path_triples(graph, path) if path is not None else ())
                ),
            )
        aspects = []
        for node in graph.subjects(RDF.type, P40SH.Aspect):
            notation = graph.value(node, SKOS.notation)
            order = int(str(notation)) if notation is not None and str(notation).isdigit() else 99
            aspects.append(AspectInfo(str(node), _text(graph, node, RDFS.label), order))
        aspects.sort(key=lambda a: (a.order, a.iri))
        return cls(graph=graph, shapes=MappingProxyType(shapes), aspects=tuple(aspects))

    @classmethod
    def from_triples(cls, triples: Iterable[ox.Triple | ox.Quad]) -> ShapeCatalog:
        """The catalog of the given shapes triples."""
        return cls.from_graph(rdflib_graph(triples))

    @classmethod
    def from_files(cls, paths: Iterable[Path]) -> ShapeCatalog:
        """The catalog of shape files (errors name the file and line)."""
        quads: list[ox.Quad] = []
        for path in paths:
            quads.extend(parse_file(path).quads)
        return cls.from_triples(quads)

    @classmethod
    def from_assets(cls, dirs: AssetDirs | None = None) -> ShapeCatalog:
        """The catalog of ``shapes/*.ttl`` (the checkout's, or the installed package's)."""
        dirs = dirs or asset_dirs()
        return cls.from_files(sorted(dirs.shapes.rglob("*.ttl")))

    @classmethod
    def from_source(cls, source: QuadSource) -> ShapeCatalog:
        """The shapes of a source: the store's shapes graph (what ``province40 build`` loaded), or
        ``shapes/*.ttl`` when the source is the repository's assets."""
        if isinstance(source, AssetSource):
            return cls.from_assets(source.dirs)
        if ns.SHAPES_GRAPH not in source.named_graphs():
            raise ConfigurationError(
                f"the store has no shapes graph <{ns.SHAPES_GRAPH}>; rebuild it with `province40 build`"
            )
        return cls.from_triples(source.export([ns.SHAPES_GRAPH]))

    def shape(self, iri: str) -> ShapeInfo | None:
        """The description of the shape ``iri``, if it is one of the catalog's."""
        return self.shapes.get(iri)
