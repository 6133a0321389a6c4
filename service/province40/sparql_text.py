"""SPARQL text as tokens: a tokenizer, not a parser, shared by the request guard and the remote backend.

It skips whitespace and comments and keeps string literals and IRIs whole, so brackets, ``;`` and
keywords inside them are never mistaken for structure. Each token keeps its position in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

TOKEN_PATTERN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w]+)
  | (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w:%\-]|\\.|\.(?=[\w:%\-]))*)
  | (?P<word>[^\W\d][\w\-]*)
  | (?P<op>&&|\|\||[|/+*^])
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind (a group name of :data:`TOKEN_PATTERN`), its text and where it starts and ends."""

    kind: str
    text: str
    start: int = 0
    end: int = 0


def tokens(text: str) -> Iterator[Token]:
    """The tokens of a query or update, without whitespace and comments."""
    for match in TOKEN_PATTERN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, match.group(), match.start(), match.end())


def with_base(text: str, base_iri: str | None) -> str:
    """The request text read against ``base_iri``: a ``BASE`` declaration in front, on the first line, for
    engines reached over HTTP, which take no base IRI parameter. A text that declares its own ``BASE`` is
    left as it is (Virtuoso refuses a second declaration). The IRI is checked and written by pyoxigraph."""
    if not base_iri or any(t.kind == "word" and t.text.upper() == "BASE" for t in tokens(text)):
        return text
    return f"BASE {ox.NamedNode(base_iri)} {text}"
