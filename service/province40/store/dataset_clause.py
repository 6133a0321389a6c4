"""A query's own dataset (``FROM`` / ``FROM NAMED``) moved into the protocol's dataset parameters.

Engines disagree on FROM: ``oxigraph serve --union-default-graph`` ignores it (the default graph stays
the union), Virtuoso keeps every graph as a named graph when only FROM is given. The protocol's
``default-graph-uri`` / ``named-graph-uri`` replace the query's dataset by definition (SPARQL 1.1
Protocol §2.1.4) and every engine tested honours them, so the remote backend sends the query without
its dataset clauses and the same IRIs as protocol parameters: the same dataset, read the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from province40.sparql_text import tokens


@dataclass(frozen=True, kw_only=True)
class LiftedDataset:
    """A query text without its FROM / FROM NAMED clauses, and the graphs they named."""

    text: str
    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]
    graph_constants: tuple[str, ...] = ()
    """IRIs the query names in ``GRAPH <iri>`` patterns."""


def lift_dataset(text: str) -> LiftedDataset:
    """Remove the top-level FROM / FROM NAMED clauses of a query and return what they named."""
    items = list(tokens(text))
    prefixes: dict[str, str] = {}
    base: str | None = None
    default: list[str] = []
    named: list[str] = []
    cuts: list[tuple[int, int]] = []
    constants: list[str] = []
    depth = 0

    def resolve(index: int) -> str:
        token = items[index]
        if token.kind == "iri":
            iri = token.text[1:-1]
            return urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri
        prefix, _, local = token.text.partition(":")
        return prefixes.get(prefix, f"{prefix}:") + local.replace("\\", "")

    index = 0
    while index < len(items):
        token = items[index]
        upper = token.text.upper() if token.kind == "word" else ""
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        elif upper == "PREFIX" and index + 2 < len(items):
            prefixes[items[index + 1].text.rstrip(":").split(":", 1)[0]] = resolve(index + 2)
            index += 3
            continue
        elif upper == "BASE" and index + 1 < len(items):
            base = resolve(index + 1)
            index += 2
            continue
        elif upper == "GRAPH" and index + 1 < len(items) and items[index + 1].kind in ("iri", "pname"):
            constants.append(resolve(index + 1))
        elif upper == "FROM" and depth == 0 and index + 1 < len(items):
            is_named = items[index + 1].text.upper() == "NAMED"
            target = index + 2 if is_named else index + 1
            if target < len(items) and items[target].kind in ("iri", "pname"):
                (named if is_named else default).append(resolve(target))
                cuts.append((token.start, items[target].end))
                index = target + 1
                continue
        index += 1
    pieces: list[str] = []
    position = 0
    for start, end in cuts:
        pieces.append(text[position:start])
        position = end
    pieces.append(text[position:])
    lifted = " ".join(pieces) if cuts else text
    return LiftedDataset(
        text=lifted, default_graphs=tuple(default), named_graphs=tuple(named), graph_constants=tuple(constants)
    )
