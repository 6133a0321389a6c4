"""The cost check: is a query a *bounded point look-up*, cheap enough to answer without a worker process?

Most requests of pages, the API and other systems read the triples of one resource. Sending each of them
to a worker process (a pipe, pickling, a context switch) costs more than the look-up itself. A query of
exactly this shape, and nothing else, may run in the server process (:meth:`EmbeddedStore.execute_bounded`)::

    PREFIX ... BASE ...                                   (any prologue)
    SELECT [DISTINCT|REDUCED] (* | ?v ...)  [WHERE]
    {  [GRAPH (?g | <iri>) {]  <subject> (?p | <iri> | a) (?o | <iri>) [.]  [}]  }
    [LIMIT n] [OFFSET n]

One triple pattern with a constant subject: the engine reads one contiguous range of its subject index
(SPOG), streaming, so the work grows only with the rows read, and the store stops after a row budget
(:data:`province40.store.embedded.BOUNDED_ROW_BUDGET`), falling back to a worker past it. No join, no
path, no FILTER, no ORDER BY or GROUP BY (which read everything before the first row), no FROM, no
SERVICE: every other query runs in a worker process under its deadline, as before.

The check reads the tokens the guard already made (:func:`province40.sparql_text.tokens`); it never
parses the query, and anything it does not recognise is simply "not bounded".
"""

from __future__ import annotations

from collections.abc import Sequence

from province40.sparql_text import Token

_TERM_KINDS = ("iri", "pname")


def _word(token: Token, *words: str) -> bool:
    return token.kind == "word" and token.text.upper() in words


def _skip_prologue(tokens: Sequence[Token]) -> int:
    """The index of the first token after PREFIX and BASE declarations."""
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if _word(token, "BASE") and index + 1 < len(tokens) and tokens[index + 1].kind == "iri":
            index += 2
        elif (
            _word(token, "PREFIX")
            and index + 2 < len(tokens)
            and tokens[index + 1].kind == "pname"
            and tokens[index + 2].kind == "iri"
        ):
            index += 3
        else:
            return index
    return index


def _triple_end(tokens: Sequence[Token], index: int) -> int | None:
    """The index after one triple pattern with a constant subject (and an optional '.'), or None."""
    if index + 3 > len(tokens):
        return None
    subject, predicate, obj = tokens[index : index + 3]
    if subject.kind not in _TERM_KINDS:
        return None
    if not (predicate.kind in (*_TERM_KINDS, "var") or (predicate.kind == "word" and predicate.text == "a")):
        return None
    if obj.kind not in (*_TERM_KINDS, "var"):
        return None
    index += 3
    if index < len(tokens) and tokens[index].text == ".":
        index += 1
    return index


def _group_end(tokens: Sequence[Token], index: int) -> int | None:
    """The index after ``{ [GRAPH g {] triple [}] }``, or None."""
    if index >= len(tokens) or tokens[index].text != "{":
        return None
    index += 1
    in_graph = index + 2 < len(tokens) and _word(tokens[index], "GRAPH")
    if in_graph:
        name = tokens[index + 1]
        if name.kind not in (*_TERM_KINDS, "var") or tokens[index + 2].text != "{":
            return None
        index += 3
    end = _triple_end(tokens, index)
    if end is None:
        return None
    closing = 2 if in_graph else 1
    if end + closing > len(tokens) or any(t.text != "}" for t in tokens[end : end + closing]):
        return None
    return end + closing


def _modifiers_end(tokens: Sequence[Token], index: int) -> int:
    """The index after LIMIT n / OFFSET n (each at most once, in any order; the tokenizer gives a number
    as one token per digit)."""
    seen: set[str] = set()
    while index + 1 < len(tokens) and _word(tokens[index], "LIMIT", "OFFSET"):
        keyword = tokens[index].text.upper()
        digits = index + 1
        while digits < len(tokens) and tokens[digits].kind == "other" and tokens[digits].text.isdigit():
            digits += 1
        if keyword in seen or digits == index + 1:
            return index
        seen.add(keyword)
        index = digits
    return index


def is_bounded_lookup(tokens: Sequence[Token]) -> bool:
    """True when the query is a point look-up of one constant subject (the shape in the module docstring)."""
    index = _skip_prologue(tokens)
    if index >= len(tokens) or not _word(tokens[index], "SELECT"):
        return False
    index += 1
    if index < len(tokens) and _word(tokens[index], "DISTINCT", "REDUCED"):
        index += 1
    if index < len(tokens) and tokens[index].text == "*":
        index += 1
    else:
        start = index
        while index < len(tokens) and tokens[index].kind == "var":
            index += 1
        if index == start:
            return False
    if index < len(tokens) and _word(tokens[index], "WHERE"):
        index += 1
    end = _group_end(tokens, index)
    return end is not None and _modifiers_end(tokens, end) == len(tokens)
