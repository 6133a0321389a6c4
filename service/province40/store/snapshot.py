"""A read-only view of the embedded store opened in this process, for one-shot commands.

``province40 validate`` reads whole graphs; through the worker pool every quad would be pickled
across a pipe (the national store: most of a minute). Opened here read-only, the same quads come
straight from the store's files. It offers what validation reads (:class:`QuadSource`: named graphs,
export) and SELECT and CONSTRUCT queries; it never writes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from province40.errors import StoreError
from province40.results import Term, capped
from province40.store.base import GraphResult, Solutions


class StoreSnapshot:
    """The embedded store at ``store_dir``, opened read-only in this process."""

    def __init__(self, store_dir: Path) -> None:
        try:
            self._store: ox.Store | None = ox.Store.read_only(str(store_dir))
        except OSError as error:
            raise StoreError(f"cannot open the store at {store_dir} read-only: {error}") from error

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph store (read-only)."""
        if self._store is None:
            raise StoreError("the store snapshot is closed")
        return self._store

    def named_graphs(self) -> tuple[str, ...]:
        """IRIs of the named graphs."""
        return tuple(sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode)))

    def export(self, graphs: Sequence[str] | None = None) -> tuple[ox.Quad, ...]:
        """Every quad of the given named graphs (all named graphs when None)."""
        names = self.named_graphs() if graphs is None else graphs
        return tuple(q for name in names for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(name)))

    def select(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> Solutions:
        """Evaluate a SELECT query (no deadline: a one-shot command, not a server)."""
        del timeout
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        result = self.store.query(text, substitutions=substitutions or None)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("not a SELECT query")
        variables = tuple(v.value for v in result.variables)
        solutions = (tuple(solution) for solution in result)
        if max_rows is None:
            return Solutions(variables, tuple(solutions))
        rows, truncated = capped(solutions, max_rows)
        return Solutions(variables, tuple(rows), truncated=truncated)

    def construct(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = None,
        max_rows: int | None = None,
    ) -> GraphResult:
        """Evaluate a CONSTRUCT query (no deadline: a one-shot command, not a server)."""
        del timeout
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        result = self.store.query(text, substitutions=substitutions or None)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        if max_rows is None:
            return GraphResult(tuple(result))
        triples, truncated = capped(result, max_rows)
        return GraphResult(tuple(triples), truncated=truncated)

    def close(self) -> None:
        """Release the store's files."""
        self._store = None
