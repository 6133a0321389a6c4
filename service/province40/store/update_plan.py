"""A SPARQL update read as its operations, so an engine that is not atomic can be driven safely.

:func:`plan_update` splits an update request at the top-level ``;`` (tokens, never characters inside
strings, IRIs or braces), carries the prologue (``PREFIX``/``BASE``) to every operation, and says for
each which graphs it may write: the graphs it names, every graph (``ALL``/``NAMED``, or a template
with ``GRAPH ?var``), and the default graph. ``INSERT DATA`` / ``DELETE DATA`` bodies are parsed
locally as TriG (the SPARQL quad syntax is TriG's), so they can be checked and sent in batches.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from urllib.parse import urljoin

import pyoxigraph as ox

from province40.errors import QuerySyntaxError
from province40.sparql_text import Token, tokens


class Scope(Enum):
    """Which graphs a CLEAR / DROP names."""

    GRAPH = "GRAPH"
    DEFAULT = "DEFAULT"
    NAMED = "NAMED"
    ALL = "ALL"


ALL_GRAPHS = "*"
"""In :attr:`UpdateOperation.writes`: the operation may write any graph."""
DEFAULT_GRAPH = ""
"""How :func:`graphs_of_update` names the default graph."""
_OPERATIONS = frozenset({"INSERT", "DELETE", "WITH", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "LOAD"})


@dataclass(frozen=True, kw_only=True)
class UpdateOperation:
    """One operation of an update request."""

    keyword: str
    """INSERT, DELETE, WITH, CLEAR, DROP, CREATE, ADD, MOVE, COPY or LOAD."""
    text: str
    """The operation with the request's prologue before it: a complete update on its own."""
    prologue: str
    silent: bool = False
    scope: Scope | None = None
    """For CLEAR / DROP / CREATE."""
    graph: str | None = None
    """The graph a CLEAR / DROP / CREATE names (``scope`` GRAPH)."""
    writes: frozenset[str | None] = frozenset()
    """Graphs the operation may change (None: the default graph; :data:`ALL_GRAPHS`: any graph)."""
    data: tuple[ox.Quad, ...] | None = None
    """The quads of an INSERT DATA / DELETE DATA."""


def _resolve(token: Token, prefixes: dict[str, str], base: str | None) -> str:
    if token.kind == "iri":
        iri = token.text[1:-1]
        return urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri
    prefix, _, local = token.text.partition(":")
    return prefixes.get(prefix, f"{prefix}:") + local.replace("\\", "")


def _graph_ref(items: list[Token], at: int, prefixes: dict[str, str], base: str | None) -> tuple[str | None, int]:
    """A ``DEFAULT`` / ``GRAPH <iri>`` / ``<iri>`` reference at ``items[at]``: (graph or None, next index)."""
    word = items[at].text.upper() if items[at].kind == "word" else ""
    if word == "DEFAULT":
        return None, at + 1
    if word == "GRAPH":
        at += 1
    return _resolve(items[at], prefixes, base), at + 1


def _data_quads(body: str, prologue: str, base: str | None) -> tuple[ox.Quad, ...]:
    text = body.strip()
    if text and not text.endswith((".", "}")):
        text += " ."
    try:
        return tuple(ox.parse(f"{prologue}\n{text}".encode(), format=ox.RdfFormat.TRIG, base_iri=base))
    except SyntaxError as error:
        raise QuerySyntaxError(f"the update's data block does not parse: {error}") from None


def _operation(
    source: str, items: list[Token], prologue: str, prefixes: dict[str, str], base: str | None
) -> UpdateOperation:
    keyword = items[0].text.upper()
    text = f"{prologue}\n{source[items[0].start : items[-1].end]}"
    at = 1
    silent = len(items) > 1 and items[1].text.upper() == "SILENT"
    if silent:
        at += 1
    common = {"keyword": keyword, "text": text, "prologue": prologue, "silent": silent}
    if keyword in ("CLEAR", "DROP", "CREATE"):
        word = items[at].text.upper() if items[at].kind == "word" else ""
        if word in ("DEFAULT", "NAMED", "ALL"):
            scope = Scope(word)
            writes: frozenset[str | None] = frozenset({None} if scope is Scope.DEFAULT else {ALL_GRAPHS})
            return UpdateOperation(**common, scope=scope, writes=writes)  # type: ignore[arg-type]
        graph, _ = _graph_ref(items, at, prefixes, base)
        return UpdateOperation(**common, scope=Scope.GRAPH, graph=graph, writes=frozenset({graph}))  # type: ignore[arg-type]
    if keyword in ("ADD", "MOVE", "COPY"):
        source_graph, at = _graph_ref(items, at, prefixes, base)
        target, _ = _graph_ref(items, at + 1, prefixes, base)  # skip TO
        moved = {target, source_graph} if keyword == "MOVE" else {target}
        return UpdateOperation(**common, writes=frozenset(moved))  # type: ignore[arg-type]
    if keyword == "LOAD":
        into = next((i for i, t in enumerate(items) if t.text.upper() == "INTO"), None)
        target = _graph_ref(items, into + 1, prefixes, base)[0] if into is not None else None
        return UpdateOperation(**common, writes=frozenset({target}))  # type: ignore[arg-type]
    if keyword in ("INSERT", "DELETE") and len(items) > 2 and items[1].text.upper() == "DATA":
        body = source[items[2].end : items[-1].start]
        quads = _data_quads(body, prologue, base)
        graphs = frozenset(None if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name.value for q in quads)
        return UpdateOperation(**common, writes=graphs, data=quads)  # type: ignore[arg-type]
    # DELETE/INSERT ... WHERE, optionally WITH <g>, and DELETE WHERE (its pattern is its template):
    # the graphs its templates name, the default graph when a template has triples outside GRAPH, or any graph.
    short = keyword == "DELETE" and len(items) > 1 and items[1].text.upper() == "WHERE"
    where = next((i for i, t in enumerate(items) if t.text.upper() in ("WHERE", "USING")), len(items))
    templates = items[2:] if short else items[:where]
    writes = frozenset(_template_writes(templates, prefixes, base))
    return UpdateOperation(**common, writes=writes)  # type: ignore[arg-type]


def _template_writes(items: list[Token], prefixes: dict[str, str], base: str | None) -> set[str | None]:
    """The graphs update templates write: each ``GRAPH <g>`` block's graph (any graph for ``GRAPH ?g``),
    the default graph (None) for a triple outside every GRAPH block, and a ``WITH`` graph with the
    default graph (a superset)."""
    changed: set[str | None] = set()
    depth = 0
    blocks: list[int] = []  # the depths at which GRAPH blocks opened
    graph_named = False
    index = 0
    while index < len(items):
        token = items[index]
        upper = token.text.upper() if token.kind == "word" else ""
        if upper in ("GRAPH", "WITH") and index + 1 < len(items):
            target = items[index + 1]
            if target.kind in ("iri", "pname"):
                changed.add(_resolve(target, prefixes, base))
            else:
                changed.add(ALL_GRAPHS)
            if upper == "WITH":
                changed.add(None)
            graph_named = upper == "GRAPH"
            index += 2
            continue
        if token.kind == "open" and token.text == "{":
            depth += 1
            if graph_named:
                blocks.append(depth)
                graph_named = False
        elif token.kind == "close" and token.text == "}":
            if blocks and blocks[-1] == depth:
                blocks.pop()
            depth -= 1
        elif depth >= 1 and not blocks:
            changed.add(None)  # a triple of the default graph
        index += 1
    return changed


def plan_update(text: str) -> tuple[UpdateOperation, ...]:
    """The operations of an update request, in order (an empty request has none)."""
    operations: list[UpdateOperation] = []
    prefixes: dict[str, str] = {}
    base: str | None = None
    prologue_parts: list[str] = []
    current: list[Token] = []
    depth = 0
    items = list(tokens(text))
    index = 0
    while index < len(items):
        token = items[index]
        upper = token.text.upper() if token.kind == "word" else ""
        if not current and upper == "PREFIX" and index + 2 < len(items):
            name = items[index + 1].text.rstrip(":").split(":", 1)[0]
            prefixes[name] = _resolve(items[index + 2], prefixes, base)
            prologue_parts.append(text[token.start : items[index + 2].end])
            index += 3
            continue
        if not current and upper == "BASE" and index + 1 < len(items):
            base = _resolve(items[index + 1], prefixes, base)
            prologue_parts.append(text[token.start : items[index + 1].end])
            index += 2
            continue
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        if depth == 0 and token.text == ";":
            if current:
                operations.append(_operation(text, current, "\n".join(prologue_parts), prefixes, base))
            current = []
        else:
            current.append(token)
        index += 1
    if current:
        operations.append(_operation(text, current, "\n".join(prologue_parts), prefixes, base))
    return tuple(operations)


def graphs_of_update(text: str, *, base_iri: str | None = None) -> frozenset[str] | None:
    """The graphs a SPARQL update may change (:data:`DEFAULT_GRAPH` for the default graph), or None
    when that cannot be known (any graph: ``ALL``, ``NAMED``, ``GRAPH ?g``; an update that does not
    parse; a relative graph name resolved against a base the text does not state)."""
    try:
        operations = plan_update(text)
    except Exception:  # noqa: BLE001 - any failure to read the update means: unknown graphs
        return None
    graphs: set[str] = set()
    for operation in operations:
        if operation.keyword.upper() not in _OPERATIONS:
            return None
        for graph in operation.writes:
            if graph == ALL_GRAPHS:
                return None
            if graph is None:
                graphs.add(DEFAULT_GRAPH)
                continue
            if ":" not in graph.split("/", 1)[0] and base_iri is not None:
                return None
            graphs.add(graph)
    return frozenset(graphs)
