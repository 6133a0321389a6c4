"""Where the analyses read from: the SPARQL endpoint's URL, and whether it answers.

The URL is the setting ``endpoint`` (``PROVINCE40_ENDPOINT``, default
``http://127.0.0.1:8000/sparql``). A notebook's first cell calls :func:`check_endpoint`, which
raises :class:`~province40.errors.EndpointUnavailable` naming the URL and the command that starts
the service when nothing answers there.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx

from province40.errors import EndpointUnavailable, ParameterError
from province40.settings import get_settings

START_COMMAND = "make run"
"""How to start the service from a checkout (builds the store first when needed)."""

START_HELP = (
    "start the service in another terminal from the repository: `make run` "
    "(or `province40 serve --store var/store` once the store is built), "
    "or point PROVINCE40_ENDPOINT at a running province40 endpoint"
)


@dataclass(frozen=True)
class EndpointStatus:
    """What :func:`check_endpoint` found at an endpoint."""

    url: str
    """The SPARQL endpoint's URL."""
    root: str
    """The service's base URL (the endpoint's URL without ``/sparql``)."""
    quads: int | None
    """Quads in the store, as the service's ``/readyz`` reports them (None when it does not say)."""


def endpoint_url() -> str:
    """The endpoint the analyses query: ``PROVINCE40_ENDPOINT``, else ``http://127.0.0.1:8000/sparql``."""
    return get_settings().endpoint


def service_root(url: str) -> str:
    """The service's base URL for an endpoint URL: ``http://h:8000/sparql`` → ``http://h:8000``."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ParameterError(f"not an http(s) URL of a SPARQL endpoint: {url!r}", parameter="endpoint")
    path = parts.path.rstrip("/")
    if path.endswith("/sparql"):
        path = path[: -len("/sparql")]
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def check_endpoint(url: str | None = None, *, timeout: float = 5.0) -> EndpointStatus:
    """Ask the endpoint ``ASK {}`` and the service how many quads it holds; raise when it does not answer.

    Raises :class:`~province40.errors.EndpointUnavailable` with the command that starts the service.
    """
    url = url or endpoint_url()
    root = service_root(url)
    try:
        answer = httpx.get(
            url, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=timeout
        )
    except httpx.HTTPError as error:
        raise EndpointUnavailable(
            f"no SPARQL endpoint answers at {url} ({type(error).__name__}: {error}); {START_HELP}",
            detail={"url": url, "start": START_COMMAND},
        ) from None
    if answer.status_code != 200 or "boolean" not in answer.text:
        raise EndpointUnavailable(
            f"{url} answered HTTP {answer.status_code}, not a SPARQL result; is it a province40 endpoint? {START_HELP}",
            detail={"url": url, "status": answer.status_code, "start": START_COMMAND},
        )
    quads = None
    try:
        ready = httpx.get(f"{root}/readyz", timeout=timeout)
        if ready.status_code == 200:
            value = ready.json().get("quads")
            quads = value if isinstance(value, int) else None
    except (httpx.HTTPError, ValueError):
        quads = None  # another SPARQL endpoint than province40's: it answers queries, that is enough
    return EndpointStatus(url=url, root=root, quads=quads)
