"""Checks that keep hostile RDF documents from costing more than their size: every parse goes through them
(:func:`province40.rdf_io.parse_bytes`: uploads, validation requests, builds).

* **XML entities** (RDF/XML): pyoxigraph expands internal entities, so the "billion laughs" document (entities
  defined by ten references to the previous one, nine levels deep: 10 GB from 1 KB) would be expanded
  in memory. Entity values that reference other entities, parameter and external entities are refused,
  and so is a document whose entity references would expand past :data:`MAX_ENTITY_EXPANSION` bytes.
  Plain abbreviations (``<!ENTITY xsd "http://www.w3.org/2001/XMLSchema#">``), common in OWL files, stay.
* **NUL**: U+0000 is not an XML character, so no ``xsd:string`` or language-tagged literal may hold it;
  a raw NUL byte or an escaped ``\\u0000`` is refused.
* **Nesting**: blank nodes nested (or a collection chained) deeper than :data:`MAX_BLANK_NODE_DEPTH`
  levels are refused: a plan never nests more than a few levels, and tools that walk such structures
  recursively (SHACL paths, serialisers) would overflow their stack.

Each refusal is an :class:`~province40.errors.RdfSyntaxError` naming the document (and the line, when known).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pyoxigraph as ox

from province40.errors import RdfSyntaxError

MAX_ENTITY_EXPANSION = 1024 * 1024
"""Most bytes the entity references of one RDF/XML document may expand to (beyond the document itself)."""

MAX_BLANK_NODE_DEPTH = 1_000
"""Deepest chain of blank nodes (``[ ... [ ... ] ]``, or the cells of one collection) a document may hold."""

_ENTITY = re.compile(rb"<!ENTITY\s+(%\s*)?([^\s\"'>]+)\s+(SYSTEM|PUBLIC|\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)


def _line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def check_document(data: bytes, rdf_format: ox.RdfFormat, source: str) -> None:
    """Refuse NUL bytes, and in RDF/XML the entity declarations that could expand without bound."""
    nul = data.find(b"\x00")
    if nul >= 0:
        message = f"a NUL byte (offset {nul}) is not allowed in RDF text"
        raise RdfSyntaxError(message, file=source, line=_line(data, nul))
    if rdf_format != ox.RdfFormat.RDF_XML or b"<!ENTITY" not in data.upper():
        return
    values: dict[bytes, int] = {}
    for match in _ENTITY.finditer(data):
        line = _line(data, match.start())
        name = match.group(2)
        if match.group(1) or match.group(3).upper() in (b"SYSTEM", b"PUBLIC"):
            raise RdfSyntaxError(
                f"the XML entity {name.decode(errors='replace')!r} is external or a parameter entity; "
                "documents may only declare plain text entities",
                file=source,
                line=line,
            )
        value = match.group(4) if match.group(4) is not None else match.group(5) or b""
        if b"&" in value or b"%" in value:
            raise RdfSyntaxError(
                f"the XML entity {name.decode(errors='replace')!r} refers to other entities; nested entities are "
                "refused (they can expand to gigabytes: 'billion laughs')",
                file=source,
                line=line,
            )
        values[name] = len(value)
    expansion = sum(data.count(b"&" + name + b";") * size for name, size in values.items())
    if expansion > MAX_ENTITY_EXPANSION:
        raise RdfSyntaxError(
            f"the XML entity references would expand to {expansion} bytes; at most {MAX_ENTITY_EXPANSION} are "
            "allowed",
            file=source,
        )


def check_quads(quads: Sequence[ox.Quad], source: str) -> None:
    """Refuse NUL in literals and blank nodes nested deeper than :data:`MAX_BLANK_NODE_DEPTH`."""
    children: dict[ox.BlankNode, list[ox.BlankNode]] = {}
    for quad in quads:
        obj = quad.object
        if isinstance(obj, ox.Literal) and "\x00" in obj.value:
            raise RdfSyntaxError(f"the literal of {quad.subject} {quad.predicate} holds U+0000 (NUL)", file=source)
        if isinstance(obj, ox.BlankNode) and isinstance(quad.subject, ox.BlankNode):
            children.setdefault(quad.subject, []).append(obj)
    if len(children) < MAX_BLANK_NODE_DEPTH:
        return
    depth: dict[ox.BlankNode, int] = {}
    for root in children:
        if root in depth:
            continue
        stack: list[tuple[ox.BlankNode, int]] = [(root, 0)]
        on_path: set[ox.BlankNode] = set()
        while stack:
            node, index = stack.pop()
            below = children.get(node, [])
            if index == 0:
                on_path.add(node)
            if index < len(below):
                stack.append((node, index + 1))
                child = below[index]
                if child not in depth and child not in on_path:
                    stack.append((child, 0))
                continue
            on_path.discard(node)
            depth[node] = 1 + max((depth.get(child, 0) for child in below), default=0)
            if depth[node] > MAX_BLANK_NODE_DEPTH:
                raise RdfSyntaxError(
                    f"blank nodes (or the cells of a collection) are nested more than {MAX_BLANK_NODE_DEPTH} levels "
                    "deep; flatten the structure",
                    file=source,
                )
