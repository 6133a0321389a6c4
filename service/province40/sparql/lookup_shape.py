"""The strict look-up shape: one compiled regular expression for the busiest request of the endpoint.

Pages, the API and other systems mostly ask for one resource's triples. The endpoint's fast path
(:mod:`province40.api.lookup_path`) answers such a request before the web framework, and this module
decides which texts it may take: the *whole* text must match

::

    SELECT [DISTINCT|REDUCED] (* | ?v ...) [WHERE]
    {  [GRAPH ?g {]  <absolute-iri> (?p | <absolute-iri> | a) (?o | <absolute-iri>) [.]  [}]  }
    [LIMIT n] [OFFSET n]

with whitespace between tokens and nothing else: no prologue, no comment, no literal, no prefixed name,
no relative IRI (so the base IRI cannot matter), no FROM, no SERVICE, no subquery, no GRAPH <iri>.
A text that matches is therefore one the request guard accepts (size within
:data:`MAX_LOOKUP_CHARS`, nesting two, no operator, no outbound access) and one the token-based cost
check (:func:`province40.sparql.cost.is_bounded_lookup`) marks bounded: the test suite checks both
on every form. Anything else, however harmless, goes the normal way through the full guard.
"""

from __future__ import annotations

import re

MAX_LOOKUP_CHARS = 2_000
"""Longer texts are never taken by the fast path (a look-up is a few hundred characters)."""

_IRI = r"<[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*>"
"""An absolute IRI (IRIREF's characters, with a scheme): the base IRI cannot change it."""
_VAR = r"[?$][A-Za-z0-9_]+"
_SHAPE = (
    r"_SELECT_+(?:(?:DISTINCT|REDUCED)_+)?(?:\*|VAR(?:_+VAR)*)_(?:WHERE_)?\{"
    r"_(?:GRAPH_VAR_\{_(?P<graph>))?"
    r"IRI_(?:VAR|IRI|(?-i:a)(?=[ \t\r\n<?$]))_(?:VAR|IRI)_\.?_(?(graph)\}_)\}"
    r"(?:_LIMIT_+[0-9]{1,9}(?:_+OFFSET_+[0-9]{1,9})?|_OFFSET_+[0-9]{1,9}(?:_+LIMIT_+[0-9]{1,9})?)?_"
)
_LOOKUP = re.compile(
    _SHAPE.replace("_+", r"[ \t\r\n]+").replace("_", r"[ \t\r\n]*").replace("VAR", _VAR).replace("IRI", _IRI),
    re.IGNORECASE,
)
"""Whitespace is SPARQL's (space, tab, CR, LF); keywords in any case, ``a`` only in lower case."""


def is_strict_lookup(text: str) -> bool:
    """True when ``text`` is, as a whole, a point look-up of the strict shape in the module docstring."""
    return len(text) <= MAX_LOOKUP_CHARS and _LOOKUP.fullmatch(text) is not None
