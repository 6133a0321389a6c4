"""The dataset a protocol request names with parameters, and the base IRI requests are read against.

SPARQL 1.1 Protocol §2.1.4 / §2.2.3: ``default-graph-uri`` / ``named-graph-uri`` (queries) and
``using-graph-uri`` / ``using-named-graph-uri`` (updates) replace the request's own dataset. How a
service gets those graphs is up to it; province40 never fetches anything: a graph the store holds is
read from the store, and **a graph it does not hold is an empty graph** (as Oxigraph and Fuseki do), which
the response says in the ``Province40-Absent-Graphs`` header. FROM / USING written in the request text
stay checked by :mod:`province40.sparql.guard` (refused unless the graph is in the store), and ``file:``
IRIs are refused wherever they appear.

``using-graph-uri`` / ``using-named-graph-uri`` become ``USING`` / ``USING NAMED`` clauses in front of the
``WHERE`` of every ``DELETE``/``INSERT ... WHERE`` operation of the update: the IRIs are checked and written
by pyoxigraph (``NamedNode``), never pasted as given. An update that has its own ``USING`` or ``WITH`` and
these parameters is refused (the Protocol's "dataset conflict").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import quote

import pyoxigraph as ox

from province40.errors import ParameterError, QueryRefused
from province40.sparql_text import tokens

ABSENT_GRAPHS_HEADER = "Province40-Absent-Graphs"
"""Response header listing the protocol-dataset graphs that are not in the store (read as empty)."""


def graph_iri(iri: str, parameter: str) -> ox.NamedNode:
    """A dataset parameter's IRI as an RDF term; a 400 naming the parameter when it is not an IRI, and
    ``file:`` IRIs refused outright (400 outbound_access: an engine could read them as files)."""
    if iri.lower().startswith("file:"):
        raise QueryRefused(
            f"{parameter} <{iri}> names a local file; reading files from queries is not allowed",
            reason="outbound_access",
            setting="outbound_allowlist",
        )
    try:
        return ox.NamedNode(iri)
    except ValueError as error:
        raise ParameterError(f"{parameter} <{iri}> is not an absolute IRI: {error}", parameter=parameter) from None


def absent_graphs(iris: Iterable[str], is_local_graph: Callable[[str], bool]) -> tuple[str, ...]:
    """The IRIs (each once, in order) the store does not hold as graphs."""
    seen: dict[str, None] = {}
    for iri in iris:
        if iri not in seen and not is_local_graph(iri):
            seen[iri] = None
    return tuple(seen)


def absent_graphs_header(iris: Iterable[str]) -> str:
    """The header value: ``<iri>`` for each graph, comma-separated (non-ASCII percent-encoded)."""
    return ", ".join(f"<{quote(iri, safe=':/?#[]@!$&()*+,;=%-._~')}>" for iri in iris)


def with_using_parameters(text: str, using: tuple[str, ...], using_named: tuple[str, ...]) -> str:
    """The update with ``USING <g>`` / ``USING NAMED <g>`` before the ``WHERE`` of each modify operation.

    Raises ParameterError when the update names its own dataset (``USING`` or ``WITH``)."""
    if not using and not using_named:
        return text
    clause = " ".join(
        [f"USING {graph_iri(iri, 'using-graph-uri')}" for iri in using]
        + [f"USING NAMED {graph_iri(iri, 'using-named-graph-uri')}" for iri in using_named]
    )
    items = list(tokens(text))
    depth = 0
    cuts: list[int] = []
    for index, token in enumerate(items):
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "word" and depth == 0:
            upper = token.text.upper()
            if upper in ("USING", "WITH"):
                raise ParameterError(
                    f"the update has its own {upper} clause and the request gives using-graph-uri / "
                    "using-named-graph-uri: give the dataset one way only (SPARQL 1.1 Protocol §2.2.3)",
                    parameter="using-graph-uri",
                )
            previous = items[index - 1].text.upper() if index else ""
            if upper == "WHERE" and previous != "DELETE":  # DELETE WHERE has no dataset clause
                cuts.append(token.start)
    pieces: list[str] = []
    position = 0
    for start in cuts:
        pieces.append(text[position:start])
        pieces.append(f"{clause}\n")
        position = start
    pieces.append(text[position:])
    return "".join(pieces)
