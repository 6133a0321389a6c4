"""Ask a stored question: bind its parameters, run it on the store under the deadline and a row cap,
one page at a time. No web framework here: :mod:`province40.api.routes.questions` translates HTTP.

Paging appends ``LIMIT n OFFSET m`` (two integers this module computes, never request text) to the
stored text, which has none of its own (the catalog checks it). One row more than the page is asked
for: when it comes back, the answer says ``truncated`` and there is a next page.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from province40.catalog import StoredQuery
from province40.errors import InvalidParameterValue
from province40.parameters import BoundParameters, bind_parameters, sparql_with_values
from province40.result_cache import ResultCache, Served, estimate_bytes
from province40.results import Term
from province40.store.base import Store

log = logging.getLogger(__name__)

DEFAULT_PAGE = 100
"""Rows of one API page when the request gives no ``limit`` (the row cap may lower it). 100, as
Datasette's pages: a province's plan at national size is about 1,500 rows of 23 columns, 1.2 MB of
JSON at once; ``next`` links the following page and ``limit`` asks for up to ``max_rows``."""

_XSD = "http://www.w3.org/2001/XMLSchema#"
_NUMBERS = {_XSD + "integer": int, _XSD + "decimal": float, _XSD + "double": float, _XSD + "float": float}

JsonValue = str | int | float | bool | None


def plain_value(term: Term | None) -> JsonValue:
    """A term as a plain JSON value: an IRI or a literal's text; numbers and booleans as such."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        convert = _NUMBERS.get(term.datatype.value)
        if convert is not None:
            try:
                number: JsonValue = convert(term.value)
                return number
            except ValueError:
                return term.value
        if term.datatype.value == _XSD + "boolean":
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode):
        return term.value
    return str(term)


@dataclass(frozen=True, kw_only=True)
class Page:
    """Which rows of an answer to return."""

    limit: int
    offset: int = 0


@dataclass(frozen=True, kw_only=True)
class Answer:
    """One page of the answer to a stored question."""

    question: StoredQuery
    values: Mapping[str, str]
    bindings: Mapping[str, Term]
    columns: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]
    page: Page
    truncated: bool
    elapsed_ms: float

    def records(self) -> list[dict[str, JsonValue]]:
        """The rows as plain dictionaries (column → value; None when unbound)."""
        return [{c: plain_value(t) for c, t in zip(self.columns, row, strict=True)} for row in self.rows]

    def column(self, name: str) -> list[JsonValue]:
        """One column's plain values."""
        index = self.columns.index(name)
        return [plain_value(row[index]) for row in self.rows]

    def sparql_with_values(self) -> str:
        """The SPARQL of this answer, to read or to open in the query page."""
        return sparql_with_values(self.question, self.bindings)


def read_page(given: Sequence[tuple[str, str]], *, max_rows: int, default: int = DEFAULT_PAGE) -> Page:
    """``limit`` and ``offset`` from the request: whole numbers; ``limit`` at most the row cap."""
    found = {name: value for name, value in given if name in ("limit", "offset")}
    numbers: dict[str, int] = {}
    for name, ceiling in (("limit", max_rows), ("offset", 10_000_000)):
        raw = found.get(name)
        if raw is None:
            continue
        text = raw.strip().translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
        if not text.isascii() or not text.isdigit() or not (name == "offset" or int(text) >= 1) or int(text) > ceiling:
            low = 1 if name == "limit" else 0
            raise InvalidParameterValue(
                f"parameter '{name}' must be a whole number from {low} to {ceiling} (setting max_rows); "
                f"got {raw[:40]!r}",
                parameter=name,
                pattern=f"^[0-9]+$ ({low}..{ceiling})",
                example="100" if name == "limit" else "0",
            )
        numbers[name] = int(text)
    return Page(limit=numbers.get("limit", min(default, max_rows)), offset=numbers.get("offset", 0))


def ask(
    store: Store,
    question: StoredQuery,
    given: Sequence[tuple[str, str]],
    *,
    page: Page,
    timeout: float,
    cache: ResultCache | None = None,
) -> Answer:
    """Bind ``given`` to the question's parameters and run one page of it on ``store``; with ``cache``,
    an answer already computed at the current data generation is returned without querying (a bad
    parameter is refused before the cache is consulted)."""
    return ask_served(store, question, given, page=page, timeout=timeout, cache=cache)[0]


def ask_served(
    store: Store,
    question: StoredQuery,
    given: Sequence[tuple[str, str]],
    *,
    page: Page,
    timeout: float,
    cache: ResultCache | None = None,
    fresh: bool = False,
) -> tuple[Answer, Served]:
    """As :func:`ask`, and how the answer was served; ``fresh`` asks the store even when the cache holds
    the answer (which it then replaces)."""
    bound = bind_parameters(question, given)
    if cache is None:
        return _run(store, question, bound, page=page, timeout=timeout), Served.OFF
    key = ("question", question.slug, tuple(sorted(bound.values.items())), page.limit, page.offset)
    return cache.serve(key, lambda: _run(store, question, bound, page=page, timeout=timeout),
                       weigh=lambda answer: 256 + estimate_bytes(answer.rows), fresh=fresh)


def _run(store: Store, question: StoredQuery, bound: BoundParameters, *, page: Page, timeout: float) -> Answer:
    text = f"{question.text.rstrip()}\nLIMIT {int(page.limit) + 1} OFFSET {int(page.offset)}\n"
    started = time.perf_counter()
    solutions = store.select(text, bindings=bound.bindings, timeout=timeout, max_rows=page.limit + 1)
    elapsed = (time.perf_counter() - started) * 1000
    rows = solutions.rows[: page.limit]
    truncated = len(solutions.rows) > page.limit or solutions.truncated
    log.info(
        "question %s %s rows=%d truncated=%s time=%.1fms",
        question.slug, dict(bound.values), len(rows), truncated, elapsed,
    )
    return Answer(
        question=question,
        values=bound.values,
        bindings=bound.bindings,
        columns=solutions.variables,
        rows=rows,
        page=page,
        truncated=truncated,
        elapsed_ms=elapsed,
    )
