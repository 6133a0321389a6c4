"""Reading RDF files and bodies into quads, with errors that name the file, line and column.

Literals are normalised to Unicode NFC on the way in (Thai text typed on some systems arrives
decomposed); the count of normalised literals is reported so nothing changes silently.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from province40.errors import RdfSyntaxError, UnsupportedMediaType
from province40.rdf_limits import check_document, check_quads

_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
}

_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
}


@dataclass(frozen=True)
class ParsedRdf:
    """Quads read from one source, and how many literals were normalised to NFC."""

    source: str
    quads: tuple[ox.Quad, ...]
    normalised_literals: int


def format_for_path(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension."""
    try:
        return _EXTENSIONS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_EXTENSIONS))
        raise UnsupportedMediaType(
            f"{path}: cannot tell the RDF format from the extension {path.suffix!r} (known: {known})"
        ) from None


def format_for_media_type(media_type: str) -> ox.RdfFormat:
    """The RDF format of a request body, from its Content-Type (parameters ignored)."""
    essence = media_type.split(";", 1)[0].strip().lower()
    try:
        return _MEDIA_TYPES[essence]
    except KeyError:
        known = ", ".join(sorted(_MEDIA_TYPES))
        raise UnsupportedMediaType(
            f"cannot read a body of type {essence or '(none)'!r} as RDF (accepted: {known})"
        ) from None


def _nfc_literal(term: ox.Literal) -> tuple[ox.Literal, bool]:
    value = term.value
    normal = unicodedata.normalize("NFC", value)
    if normal == value:
        return term, False
    if term.language is not None:
        return ox.Literal(normal, language=term.language), True
    return ox.Literal(normal, datatype=term.datatype), True


def normalise_quads(quads: Iterable[ox.Quad]) -> tuple[tuple[ox.Quad, ...], int]:
    """NFC-normalise every literal object; returns the quads and how many literals changed."""
    out: list[ox.Quad] = []
    changed = 0
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Literal):
            obj, did = _nfc_literal(obj)
            if did:
                changed += 1
                quad = ox.Quad(quad.subject, quad.predicate, obj, quad.graph_name)
        out.append(quad)
    return tuple(out), changed


def stable_blank_nodes(quads: Sequence[ox.Quad], seed: str) -> tuple[ox.Quad, ...]:
    """Relabel blank nodes deterministically: the n-th distinct blank node of the document gets the
    label ``b<digest of seed>n``. Parsing the same file again gives the same labels, so rebuilding a
    store from unchanged files gives the same quads (the parser's own labels are random)."""
    prefix = "b" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12] + "n"
    labels: dict[str, ox.BlankNode] = {}

    def relabel(term: ox.BlankNode) -> ox.BlankNode:
        node = labels.get(term.value)
        if node is None:
            node = labels[term.value] = ox.BlankNode(f"{prefix}{len(labels)}")
        return node

    out: list[ox.Quad] = []
    for quad in quads:
        subject, obj, graph = quad.subject, quad.object, quad.graph_name
        if isinstance(subject, ox.BlankNode):
            subject = relabel(subject)
        if isinstance(obj, ox.BlankNode):
            obj = relabel(obj)
        if isinstance(graph, ox.BlankNode):
            graph = relabel(graph)
        out.append(ox.Quad(subject, quad.predicate, obj, graph))
    return tuple(out)


def _syntax_error(error: SyntaxError, source: str) -> RdfSyntaxError:
    reason = str(error.msg if error.msg else error)
    return RdfSyntaxError(reason, file=source, line=error.lineno, column=error.offset)


def parse_bytes(
    data: bytes,
    *,
    rdf_format: ox.RdfFormat,
    source: str,
    graph: str | None = None,
    base_iri: str | None = None,
    blank_node_seed: str | None = None,
) -> ParsedRdf:
    """Parse a whole RDF document; triples go to ``graph`` (or the default graph when None).

    Raises :class:`RdfSyntaxError` naming ``source`` and the line and column of the first error.
    Nothing is fetched: JSON-LD remote contexts are not loaded. Hostile documents (nested XML entities, NUL,
    blank nodes nested too deep) are refused first (:mod:`province40.rdf_limits`). With ``blank_node_seed``, blank nodes
    get stable labels (:func:`stable_blank_nodes`); without it, fresh ones, as RDF merging expects.
    """
    to_graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RdfSyntaxError(
            f"not valid UTF-8 (byte {error.start}): save the file as UTF-8", file=source, line=line
        ) from None
    check_document(data, rdf_format, source)
    try:
        quads = [
            q if not isinstance(q.graph_name, ox.DefaultGraph) else ox.Quad(q.subject, q.predicate, q.object, to_graph)
            for q in ox.parse(data, format=rdf_format, base_iri=base_iri)
        ]
    except SyntaxError as error:
        raise _syntax_error(error, source) from None
    check_quads(quads, source)
    normal, changed = normalise_quads(quads)
    if blank_node_seed is not None:
        normal = stable_blank_nodes(normal, blank_node_seed)
    return ParsedRdf(source=source, quads=normal, normalised_literals=changed)


def parse_file(
    path: Path, *, graph: str | None = None, display_name: str | None = None, stable_blank_nodes: bool = False
) -> ParsedRdf:
    """Parse one RDF file; see :func:`parse_bytes`."""
    name = display_name or str(path)
    rdf_format = format_for_path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise RdfSyntaxError(f"cannot read the file: {error.strerror}", file=name) from None
    seed = f"{name}\n{hashlib.sha256(data).hexdigest()}" if stable_blank_nodes else None
    return parse_bytes(data, rdf_format=rdf_format, source=name, graph=graph, blank_node_seed=seed)


class _CountingReader(io.BufferedReader):
    """A binary file whose bytes read so far are counted (the parser pulls from it)."""

    def __init__(self, path: Path) -> None:
        super().__init__(io.FileIO(path, "r"))
        self.read_bytes = 0

    def read(self, size: int | None = -1, /) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk


class FileReader:
    """One RDF file read in batches of quads, without holding the whole file in memory.

    The same rules as :func:`parse_file`: triples go to ``graph``, literals are normalised to NFC
    (counted in :attr:`normalised_literals`), blank nodes get stable labels when asked, and a syntax
    error raises :class:`RdfSyntaxError` with the file, line and column. :attr:`bytes_read` and
    :attr:`size` tell how far the parser has got (for progress).
    """

    def __init__(
        self, path: Path, *, graph: str | None = None, display_name: str | None = None, stable_blank_nodes: bool = False
    ) -> None:
        self.path = path
        self.name = display_name or str(path)
        self.format = format_for_path(path)
        self._graph: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        self._stable = stable_blank_nodes
        self.normalised_literals = 0
        self.quads = 0
        self.bytes_read = 0
        try:
            self.size = path.stat().st_size
        except OSError as error:
            raise RdfSyntaxError(f"cannot read the file: {error.strerror}", file=self.name) from None

    def _prefix(self) -> str:
        digest = hashlib.sha256()
        with self.path.open("rb") as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        seed = f"{self.name}\n{digest.hexdigest()}"
        return "b" + hashlib.sha256(seed.encode("utf-8")).hexdigest()[:12] + "n"

    def batches(self, size: int = 50_000) -> Iterable[list[ox.Quad]]:
        """The file's quads, ``size`` at a time."""
        try:
            prefix = self._prefix() if self._stable else ""
            reader = _CountingReader(self.path)
        except OSError as error:
            raise RdfSyntaxError(f"cannot read the file: {error.strerror}", file=self.name) from None
        labels: dict[str, ox.BlankNode] = {}

        def relabel(term: ox.BlankNode) -> ox.BlankNode:
            node = labels.get(term.value)
            if node is None:
                node = labels[term.value] = ox.BlankNode(f"{prefix}{len(labels)}")
            return node

        batch: list[ox.Quad] = []
        try:
            for quad in ox.parse(reader, format=self.format):
                subject, obj, graph = quad.subject, quad.object, quad.graph_name
                changed = False
                if isinstance(graph, ox.DefaultGraph):
                    graph, changed = self._graph, True
                if isinstance(obj, ox.Literal):
                    obj, normalised = _nfc_literal(obj)
                    if normalised:
                        self.normalised_literals += 1
                        changed = True
                if self._stable:
                    if isinstance(subject, ox.BlankNode):
                        subject, changed = relabel(subject), True
                    if isinstance(obj, ox.BlankNode):
                        obj, changed = relabel(obj), True
                    if isinstance(graph, ox.BlankNode):
                        graph, changed = relabel(graph), True
                batch.append(ox.Quad(subject, quad.predicate, obj, graph) if changed else quad)
                if len(batch) >= size:
                    self.quads += len(batch)
                    self.bytes_read = reader.read_bytes
                    yield batch
                    batch = []
        except SyntaxError as error:
            raise _syntax_error(error, self.name) from None
        except UnicodeDecodeError as error:
            raise RdfSyntaxError(f"not valid UTF-8: save the file as UTF-8 ({error.reason})", file=self.name) from None
        finally:
            reader.close()
        self.quads += len(batch)
        self.bytes_read = reader.read_bytes
        if batch:
            yield batch
