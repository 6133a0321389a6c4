"""One SPARQL parser for every engine: requests are parsed here (pyoxigraph) before any engine sees them.

A syntax error then reads the same on every backend (``query_syntax_error`` with line and column,
never an engine's HTML page or a 500), and nothing half-understood is sent. pyoxigraph has no
parse-only call, so the text is prepared against an empty in-memory store: query results are lazy and
never read; an update is evaluated against nothing, and only its syntax error is kept.
"""

from __future__ import annotations

import pyoxigraph as ox

from province40.errors import QuerySyntaxError


def check_query(text: str) -> None:
    """Raise QuerySyntaxError when ``text`` is not a SPARQL 1.1 query."""
    try:
        ox.Store().query(text)
    except SyntaxError as error:
        raise QuerySyntaxError(f"the query does not parse: {error}") from None
    except (OSError, ValueError, RuntimeError):
        pass  # it parsed; evaluating it against an empty store is not the point


def check_update(text: str) -> None:
    """Raise QuerySyntaxError when ``text`` is not a SPARQL 1.1 update."""
    try:
        ox.Store().update(text)
    except SyntaxError as error:
        raise QuerySyntaxError(f"the update does not parse: {error}") from None
    except (OSError, ValueError, RuntimeError):
        pass
