"""What the harness needs to know about a test query's text, read without the service's own code.

The guard (``province40.sparql.guard``) is under test, so the harness does not reuse its scanner:
these helpers blank out strings, IRIs and comments, then look at the keywords left outside braces.
"""

from __future__ import annotations

import re

_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*"
)
_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)
_AFTER_ORDER_BY = re.compile(r"\b(?:LIMIT|OFFSET|VALUES)\b", re.IGNORECASE)
_FROM = re.compile(r"(?<![\w:?$])FROM(?![\w:])", re.IGNORECASE)


def _blank_noise(query: str) -> str:
    return _NOISE.sub(lambda m: " " * len(m.group()), query)


def _outside_braces(text: str) -> str:
    depth = 0
    kept = []
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        kept.append(char if depth == 0 and char not in "{}" else " ")
    return "".join(kept)


def with_base(query: str, base_iri: str) -> str:
    """The query with ``BASE <base_iri>`` in front.

    The SPARQL protocol has no base-IRI parameter; a query's base is the IRI it was retrieved from
    (RFC 3986 §5.1.3), and a BASE declaration first in the prologue is the standard way to state it.
    A BASE the query declares itself still applies (it is resolved against this one).
    """
    return f"BASE <{base_iri}>\n{query.lstrip(chr(0xFEFF))}"


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM or FROM NAMED)."""
    return _FROM.search(_blank_noise(query)) is not None


def top_level_order_keys(query: str) -> tuple[str, ...] | None:
    """Variables of the outermost ORDER BY clause, or None when the results are not ordered.

    An ORDER BY inside a subquery (inside braces) does not order the query's results.
    """
    top = _outside_braces(_blank_noise(query))
    found = _ORDER_BY.search(top)
    if found is None:
        return None
    clause = top[found.end() :]
    end = _AFTER_ORDER_BY.search(clause)
    if end is not None:
        clause = clause[: end.start()]
    return tuple(dict.fromkeys(re.findall(r"[?$](\w+)", clause)))
