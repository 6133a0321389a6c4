"""Checks on a SPARQL request before any parser sees it: size, nesting, operator chains, outbound access.

pyoxigraph's parser and evaluator recurse: about 3,000 nested ``{`` (or a few thousand chained
``UNION`` / ``&&`` / ``/``) overflow the stack and kill the process with a segmentation fault. Queries
also run in isolated worker processes (one hostile request costs at most itself), but refusing such
input here gives the client a clear 4xx instead.

The scanner is a tokenizer, not a parser: it skips comments, string literals and IRIs, counts
brackets and binary operators, reads ``PREFIX``/``BASE`` declarations and collects every IRI that
would make the engine reach outside the store: ``SERVICE``, ``FROM`` / ``FROM NAMED``, ``USING``
and ``LOAD``. pyoxigraph really fetches ``SERVICE`` and ``LOAD`` targets over HTTP and reads
``file:`` IRIs, so those are refused unless the allow-list names them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from urllib.parse import urljoin

from province40.errors import QueryRefused
from province40.results import ResultKind
from province40.sparql.cost import is_bounded_lookup
from province40.sparql_text import Token as _Token
from province40.sparql_text import tokens as _tokens


class QueryForm(Enum):
    """The four SPARQL query forms."""

    SELECT = "SELECT"
    ASK = "ASK"
    CONSTRUCT = "CONSTRUCT"
    DESCRIBE = "DESCRIBE"


def query_kind(form: QueryForm) -> ResultKind:
    """The result kind a query form produces."""
    if form is QueryForm.SELECT:
        return ResultKind.SOLUTIONS
    if form is QueryForm.ASK:
        return ResultKind.BOOLEAN
    return ResultKind.GRAPH


@dataclass(frozen=True)
class GuardLimits:
    """The limits the scanner enforces (from :class:`~province40.settings.Settings`)."""

    max_bytes: int
    max_depth: int
    max_operators: int
    outbound_allowlist: tuple[str, ...] = ()


@dataclass(frozen=True)
class RequestScan:
    """What the scanner learnt about a query or update."""

    form: QueryForm | None
    is_update: bool
    depth: int
    operators: int
    prefixes: dict[str, str]
    service_targets: tuple[str, ...]
    dataset_iris: tuple[str, ...]
    load_sources: tuple[str, ...]
    bounded: bool = False
    """A point look-up of one constant subject (:mod:`province40.sparql.cost`): cheap without a worker."""


_FORMS = frozenset(f.value for f in QueryForm)
_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD"}


def scan(text: str) -> RequestScan:
    """Tokenise a query or update and report its shape (no limits applied)."""
    depth = max_depth = operators = 0
    prefixes: dict[str, str] = {}
    base: str | None = None
    form: QueryForm | None = None
    saw_update = False
    services: list[str] = []
    datasets: list[str] = []
    loads: list[str] = []
    tokens = list(_tokens(text))

    def resolve(token: _Token) -> str:
        if token.kind == "iri":
            iri = token.text[1:-1]
            return urljoin(base, iri) if base and ":" not in iri.split("/", 1)[0] else iri
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            return prefixes.get(prefix, f"{prefix}:") + local.replace("\\", "")
        return token.text  # a variable or something unexpected: kept as written

    index = 0
    while index < len(tokens):
        token = tokens[index]
        upper = token.text.upper() if token.kind == "word" else ""
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        if token.kind == "open":
            depth += 1
            max_depth = max(max_depth, depth)
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "op":
            operators += 1
        elif upper == "UNION":
            operators += 1
        elif upper == "PREFIX" and nxt is not None and nxt.kind == "pname" and index + 2 < len(tokens):
            declared = tokens[index + 2]
            if declared.kind == "iri":
                prefixes[nxt.text.rstrip(":").split(":", 1)[0]] = resolve(declared)
                index += 2
        elif upper == "BASE" and nxt is not None and nxt.kind == "iri":
            base = resolve(nxt)
            index += 1
        elif upper in _FORMS and form is None and not saw_update:
            form = QueryForm(upper)
        elif upper in _UPDATE_WORDS:
            saw_update = True
        if upper == "SERVICE" or upper == "LOAD":
            target_index = index + 1
            if target_index < len(tokens) and tokens[target_index].text.upper() == "SILENT":
                target_index += 1
            if target_index < len(tokens):
                (services if upper == "SERVICE" else loads).append(resolve(tokens[target_index]))
        elif upper in ("FROM", "USING"):
            target_index = index + 1
            if target_index < len(tokens) and tokens[target_index].text.upper() == "NAMED":
                target_index += 1
            if target_index < len(tokens):
                datasets.append(resolve(tokens[target_index]))
        index += 1
    return RequestScan(
        form=None if saw_update else form,
        is_update=saw_update,
        depth=max_depth,
        operators=operators,
        prefixes=prefixes,
        service_targets=tuple(services),
        dataset_iris=tuple(datasets),
        load_sources=tuple(loads),
        bounded=not saw_update and is_bounded_lookup(tokens),
    )


def allowed_outbound(iri: str, allowlist: tuple[str, ...]) -> bool:
    """True when an allow-list entry is a prefix of ``iri``."""
    return any(iri.startswith(entry) for entry in allowlist if entry)


def check_dataset_iri(iri: str, *, limits: GuardLimits, is_local_graph: Callable[[str], bool], where: str) -> None:
    """Refuse a dataset IRI (FROM, USING, default-graph-uri...) that is neither local nor allowed."""
    if allowed_outbound(iri, limits.outbound_allowlist):
        return
    if iri.lower().startswith("file:"):
        raise QueryRefused(
            f"{where} <{iri}> names a local file; reading files from queries is not allowed",
            reason="outbound_access",
            setting="outbound_allowlist",
        )
    if not is_local_graph(iri):
        raise QueryRefused(
            f"{where} <{iri}> is not a graph of this store, and fetching remote data is not allowed "
            "(add its prefix to the outbound_allowlist setting to permit it)",
            reason="outbound_access",
            setting="outbound_allowlist",
        )


def check_request(
    text: str,
    *,
    limits: GuardLimits,
    expect_update: bool,
    is_local_graph: Callable[[str], bool],
    scanned: RequestScan | None = None,
) -> RequestScan:
    """Apply every limit to a query (``expect_update`` False) or an update; raise QueryRefused.
    ``scanned``: the text's :func:`scan`, when the caller already made it."""
    kind = "update" if expect_update else "query"
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise QueryRefused(
            f"the {kind} is {size} bytes long; the limit is {limits.max_bytes} bytes",
            reason="too_large",
            setting="max_query_bytes",
        )
    result = scanned if scanned is not None else scan(text)
    if result.depth > limits.max_depth:
        raise QueryRefused(
            f"the {kind} nests {{ ( [ {result.depth} levels deep; the limit is {limits.max_depth}",
            reason="too_deep",
            setting="max_query_depth",
        )
    if result.operators > limits.max_operators:
        raise QueryRefused(
            f"the {kind} has {result.operators} chained operators (UNION, &&, ||, /, |, +, *); "
            f"the limit is {limits.max_operators}",
            reason="too_many_operators",
            setting="max_query_operators",
        )
    if not expect_update and result.is_update:
        raise QueryRefused(
            "this is a SPARQL update; send it to the update endpoint (POST /sparql with 'update=' or "
            "Content-Type application/sparql-update)",
            reason="update_in_query",
        )
    for target in result.service_targets:
        if target.startswith(("?", "$")) or not allowed_outbound(target, limits.outbound_allowlist):
            raise QueryRefused(
                f"SERVICE {target if target.startswith(('?', '$')) else '<' + target + '>'} would call "
                "another endpoint; federated queries are refused unless the outbound_allowlist setting "
                "permits the target",
                reason="outbound_access",
                setting="outbound_allowlist",
            )
    for source in result.load_sources:
        if not allowed_outbound(source, limits.outbound_allowlist):
            raise QueryRefused(
                f"LOAD <{source}> would fetch a document; loading from URLs or files is refused unless "
                "the outbound_allowlist setting permits it",
                reason="outbound_access",
                setting="outbound_allowlist",
            )
    for iri in result.dataset_iris:
        check_dataset_iri(
            iri,
            limits=limits,
            is_local_graph=is_local_graph,
            where="FROM (NAMED)" if not expect_update else "USING (NAMED)",
        )
    return result
