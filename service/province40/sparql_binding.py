"""Bound parameters written into a query's text token by token, with the meaning of pyoxigraph's substitutions.

The SPARQL protocol has no way to send bindings with a query, so a backend that talks to an engine over
HTTP (and the query page, which shows people the text it runs) must put the bound terms in the text. A
trailing ``VALUES`` block is not the same thing: it is joined after the query's patterns are evaluated,
so a ``BIND`` or ``FILTER`` that reads the variable inside the query, or a subquery, sees it unbound
(``show-project`` then answers nothing and other questions scan everything). pyoxigraph's substitutions,
which the embedded store uses, bind the variable wherever it is in scope. :func:`substitute` gives the
text the same meaning:

* in the query's WHERE group and in every subquery that projects the variable (``SELECT ?x`` or
  ``SELECT *``), each occurrence of ``?x`` / ``$x`` becomes the term, and ``BIND (term AS ?x)`` opens the
  group so the projection, ``GROUP BY``, ``ORDER BY`` and a CONSTRUCT template still read ``?x``;
* a subquery that does not project ``?x`` has a variable of its own of that name: left alone;
* inside ``MINUS`` the variable is left alone (replacing it there would remove the shared variable that
  MINUS compares on);
* where the query assigns the variable itself (``BIND (... AS ?x)``, ``(... AS ?x)`` in a subquery's
  projection, ``VALUES ?x``), the term is joined as ``VALUES ?x { term }`` at the end of the WHERE group:
  the assignment then acts as a filter, as it does with pyoxigraph's substitutions.

Nothing of the caller's text is pasted: each term is an RDF term (an IRI or a literal, checked) that
pyoxigraph serialises canonically (IRIs validated, literals escaped), and the result is proved, not
assumed: it is tokenized again with the same lexer (:mod:`province40.sparql_text`) and must give exactly
the original tokens with each replaced variable turned into the term's tokens and the inserted clauses'
tokens, else :class:`~province40.errors.QueryRefused`. A value can therefore only ever be one term in
the places the variable was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from province40.errors import QueryRefused
from province40.results import Term
from province40.sparql_text import Token, tokens

_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")


def _upper(token: Token) -> str:
    return token.text.upper() if token.kind == "word" else ""


def _term_text(name: str, term: Term) -> tuple[str, list[tuple[str, str]]]:
    """The canonical text of a bindable term and its tokens; QueryRefused for anything else."""
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise QueryRefused(
            f"?{name} can only be bound to an IRI or a literal, not {type(term).__name__}", reason="binding"
        )
    text = str(term)
    found = [(t.kind, t.text) for t in tokens(text)]
    kinds = [kind for kind, _ in found]
    if isinstance(term, ox.NamedNode):
        shape_ok = kinds == ["iri"]
    else:
        shape_ok = kinds in (["string"], ["string", "other", "word"], ["string", "op", "op", "iri"])
    if not shape_ok or "".join(t for _, t in found) != text:
        raise QueryRefused(f"the value bound to ?{name} does not read as one SPARQL term", reason="binding")
    return text, found


def _check_name(name: str) -> None:
    found = list(tokens(f"?{name}"))
    if len(found) != 1 or found[0].kind != "var" or found[0].text != f"?{name}":
        raise QueryRefused(f"{name[:40]!r} is not a SPARQL variable name", reason="binding")


def _matches(items: Sequence[Token]) -> dict[int, int]:
    """Index of each opening bracket -> index of its closing bracket (the text has been parsed already)."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(items):
        if token.kind == "open":
            stack.append(index)
        elif token.kind == "close" and stack:
            pairs[stack.pop()] = index
    return pairs


@dataclass
class _Plan:
    """What to do for one variable: occurrences to replace, groups to open with BIND, or a join."""

    replace: list[int] = field(default_factory=list)
    opens: list[int] = field(default_factory=list)
    assigned: bool = False


class _Query:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items = list(tokens(text))
        self.pairs = _matches(self.items)

    def where_group(self, form: int, end: int) -> int | None:
        """The ``{`` of the WHERE group of the query form at ``form`` (a CONSTRUCT template skipped)."""
        index = form + 1
        if _upper(self.items[form]) == "CONSTRUCT":
            if index < end and _upper(self.items[index]) == "WHERE":
                raise QueryRefused(
                    "bound variables need the long form CONSTRUCT { template } WHERE { pattern }", reason="binding"
                )
            while index < end and self.items[index].text != "{":
                index += 1
            index = self.pairs.get(index, end) + 1
        while index < end:
            token = self.items[index]
            if token.text == "{":
                return index
            if token.kind == "open":
                index = self.pairs.get(index, end)
            index += 1
        return None

    def projection(self, select: int, group: int, name: str) -> str:
        """How a (sub)query's SELECT clause names ``?name``: 'projected', 'assigned' or 'absent'."""
        depth = 0
        for index in range(select + 1, group):
            token = self.items[index]
            if token.kind == "open":
                depth += 1
            elif token.kind == "close":
                depth -= 1
            elif token.text == "*" and depth == 0:
                return "projected"
            elif token.kind == "var" and token.text[1:] == name:
                if depth == 0:
                    return "projected"
                if _upper(self.items[index - 1]) == "AS":
                    return "assigned"
        return "absent"

    def values_vars(self, index: int) -> tuple[list[str], int]:
        """The variables a ``VALUES`` at ``index`` assigns and the index of its data block's ``}``."""
        names: list[str] = []
        position = index + 1
        if position < len(self.items) and self.items[position].kind == "var":
            names.append(self.items[position].text[1:])
            position += 1
        elif position < len(self.items) and self.items[position].text == "(":
            close = self.pairs.get(position, position)
            names.extend(t.text[1:] for t in self.items[position + 1 : close] if t.kind == "var")
            position = close + 1
        if position < len(self.items) and self.items[position].text == "{":
            return names, self.pairs.get(position, position)
        return names, position - 1

    def scan(self, name: str, group: int, plan: _Plan) -> None:
        """Record the occurrences of ``?name`` in the group at ``group`` (a scope where it is bound)."""
        plan.opens.append(group)
        end = self.pairs[group]
        index = group + 1
        while index < end:
            token = self.items[index]
            upper = _upper(token)
            if token.text == "{" and index + 1 < end and _upper(self.items[index + 1]) == "SELECT":
                index = self.subquery(name, index, plan)
            elif upper == "MINUS" and index + 1 < end and self.items[index + 1].text == "{":
                index = self.pairs[index + 1]
            elif upper == "VALUES":
                names, index = self.values_vars(index)
                plan.assigned = plan.assigned or name in names
            elif token.kind == "var" and token.text[1:] == name:
                if _upper(self.items[index - 1]) == "AS":
                    plan.assigned = True
                else:
                    plan.replace.append(index)
            index += 1

    def subquery(self, name: str, brace: int, plan: _Plan) -> int:
        """Scan the subquery in the braces at ``brace`` when it shares ``?name``; the index of its ``}``."""
        end = self.pairs[brace]
        select = brace + 1
        group = self.where_group(select, end)
        if group is None:
            return end
        how = self.projection(select, group, name)
        if how == "assigned":
            plan.assigned = True
        elif how == "projected":
            self.scan(name, group, plan)
            for index in range(self.pairs[group] + 1, end):
                if _upper(self.items[index]) == "VALUES":
                    names, _ = self.values_vars(index)
                    plan.assigned = plan.assigned or name in names
        return end


def substitute(text: str, bindings: Mapping[str, Term]) -> str:
    """``text`` (a SPARQL query that parses) with each variable of ``bindings`` bound to its term."""
    if not bindings:
        return text
    query = _Query(text)
    items = query.items
    form = next((i for i, t in enumerate(items) if _upper(t) in _FORMS), None)
    if form is None:
        raise QueryRefused("bound variables need a SELECT, CONSTRUCT, ASK or DESCRIBE query", reason="binding")
    group = query.where_group(form, len(items))
    if group is None or group not in query.pairs:
        raise QueryRefused("bound variables need a query with a WHERE group", reason="binding")
    if _upper(items[group + 1]) == "SELECT":
        raise QueryRefused(
            "bound variables need a WHERE group that is not a bare subquery: write WHERE { { SELECT … } }",
            reason="binding",
        )
    replace: dict[int, list[tuple[str, str]]] = {}
    replace_text: dict[int, str] = {}
    inserts: dict[int, list[tuple[str, list[tuple[str, str]]]]] = {}  # token index -> clauses after it
    before_close: list[tuple[str, list[tuple[str, str]]]] = []
    trailing = query.pairs[group] + 1
    for name, term in bindings.items():
        _check_name(name)
        term_text, term_tokens = _term_text(name, term)
        plan = _Plan()
        if _upper(items[form]) == "SELECT" and query.projection(form, group, name) == "assigned":
            raise QueryRefused(f"?{name} is computed by the SELECT clause: it cannot be bound", reason="binding")
        query.scan(name, group, plan)
        for index in range(trailing, len(items)):
            if _upper(items[index]) == "VALUES":
                names, _ = query.values_vars(index)
                plan.assigned = plan.assigned or name in names
        if plan.assigned:
            clause = f"VALUES ?{name} {{ {term_text} }}"
            before_close.append((clause, [("word", "VALUES"), ("var", f"?{name}"), ("open", "{"),
                                          *term_tokens, ("close", "}")]))
            continue
        for index in plan.replace:
            replace[index] = term_tokens
            replace_text[index] = term_text
        clause = f"BIND ({term_text} AS ?{name})"
        clause_tokens = [("word", "BIND"), ("open", "("), *term_tokens, ("word", "AS"), ("var", f"?{name}"),
                         ("close", ")")]
        for opening in plan.opens:
            inserts.setdefault(opening, []).append((clause, clause_tokens))
    close = query.pairs[group]
    pieces: list[str] = []
    expected: list[tuple[str, str]] = []
    position = 0
    for index, token in enumerate(items):
        if index == close:
            for clause, clause_tokens in before_close:
                pieces.append(f"{text[position:token.start]} {clause} ")
                expected.extend(clause_tokens)
                position = token.start
        if index in replace:
            left = " " if token.start and not text[token.start - 1].isspace() else ""
            right = " " if token.end < len(text) and not text[token.end].isspace() else ""
            pieces.append(f"{text[position:token.start]}{left}{replace_text[index]}{right}")
            expected.extend(replace[index])
        else:
            pieces.append(text[position : token.end])
            expected.append((token.kind, token.text))
        position = token.end
        for clause, clause_tokens in inserts.get(index, []):
            pieces.append(f" {clause} ")
            expected.extend(clause_tokens)
    pieces.append(text[position:])
    result = "".join(pieces)
    if [(t.kind, t.text) for t in tokens(result)] != expected:
        raise QueryRefused("the bound values would change the query's structure; nothing was run", reason="binding")
    return result
