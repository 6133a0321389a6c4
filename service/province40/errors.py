"""The one exception hierarchy of province40.

Every error the library raises on purpose is a :class:`Province40Error`; only the HTTP layer
(:mod:`province40.api.errors`) turns them into status codes, always with the same JSON shape::

    Province40Error
    ├── InputError                 the caller's input is wrong (HTTP 4xx)
    │   ├── RdfSyntaxError         an RDF file or body does not parse: names file/line/column
    │   ├── QuerySyntaxError       a SPARQL query or update does not parse: message and position
    │   ├── QueryEvaluationError   it parses but cannot be carried out (e.g. CREATE an existing graph)
    │   ├── QueryRefused           refused before running: too large, too deep, outbound access
    │   │   └── FileRefused        an uploaded file refused before parsing: too large, not a spreadsheet,
    │   │                          a zip bomb, macros or external links
    │   ├── SpreadsheetRejected    a plan spreadsheet is malformed: every problem, each naming sheet, row,
    │   │                          column and field in Thai and English
    │   ├── ParameterError         a request or CLI parameter is missing or malformed
    │   │   └── InvalidParameterValue  a stored question's parameter fails its declared pattern (422)
    │   ├── NotAcceptable          no result format the client accepts (406)
    │   ├── UnsupportedMediaType   a body in a format we do not read (415)
    │   └── NotFound               no such graph, province, query... (404)
    ├── AccessDenied               writes are disabled or the token is wrong (401/403)
    ├── LimitExceeded              a limit stopped the work
    │   ├── QueryTimeout           the deadline passed; names the setting
    │   ├── PartialResult          the remote engine stopped at its own limit and sent a partial result
    │   ├── ServiceBusy            no worker became free before the deadline
    │   └── ResultTruncated        a result an analysis needs whole was cut at a row cap
    ├── QueryCrashed               the isolated worker died while evaluating the request
    ├── StoreError                 the store itself failed (I/O, the remote store answered badly) (502)
    │   ├── StoreUnavailable       the remote store cannot be reached or dropped the connection (503)
    │   └── EndpointUnavailable    a SPARQL endpoint the analysis module queries does not answer
    └── ConfigurationError         settings or assets are wrong; raised at start-up

Messages are written for the person who has to fix the problem: which file, which line, which field.
"""

from __future__ import annotations

import re
from typing import Any


class Province40Error(Exception):
    """Base of every error raised on purpose by province40."""

    code = "error"

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail: dict[str, Any] = dict(detail or {})

    def to_dict(self) -> dict[str, Any]:
        """The error as the ``error`` member of the JSON error shape."""
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.detail:
            body["detail"] = self.detail
        return body


class InputError(Province40Error):
    """The caller's input is wrong; retrying the same input will fail again."""

    code = "bad_input"


class RdfSyntaxError(InputError):
    """An RDF document does not parse. ``file``, ``line`` and ``column`` say where."""

    code = "rdf_syntax_error"

    def __init__(self, message: str, *, file: str, line: int | None = None, column: int | None = None) -> None:
        where = file if line is None else f"{file}:{line}" + (f":{column}" if column is not None else "")
        super().__init__(
            f"{where}: {message}",
            detail={"file": file, "line": line, "column": column, "reason": message},
        )
        self.file = file
        self.line = line
        self.column = column


class QuerySyntaxError(InputError):
    """A SPARQL query or update does not parse; the parser's message includes the position, which also
    goes in ``detail`` (``line``, ``column``, 1-based) when the parser gave one (``error at L:C``)."""

    code = "query_syntax_error"

    def __init__(self, message: str) -> None:
        found = re.search(r"error at (\d+):(\d+)", message)
        super().__init__(message, detail={"line": int(found[1]), "column": int(found[2])} if found else None)


class QueryEvaluationError(InputError):
    """A query or update parses but the store cannot carry it out (the message says why)."""

    code = "evaluation_error"


class BodyTimeout(InputError):
    """The client sent its request body too slowly (setting ``body_timeout``)."""

    code = "body_timeout"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"the request body did not arrive within {seconds:g} s (setting body_timeout); send it at once",
            detail={"setting": "body_timeout"},
        )


class QueryRefused(InputError):
    """A request refused before it runs (size, nesting depth, outbound access, writes)."""

    code = "query_refused"

    def __init__(self, message: str, *, reason: str, setting: str | None = None) -> None:
        detail: dict[str, Any] = {"reason": reason}
        if setting:
            detail["setting"] = setting
        super().__init__(message, detail=detail)
        self.reason = reason
        self.setting = setting


class FileRefused(QueryRefused):
    """An uploaded file refused before anything in it is parsed (``reason`` says why; a size limit
    names its ``setting``): too large, not a spreadsheet at all, a zip bomb, macros, external links."""

    code = "file_refused"


class SpreadsheetRejected(InputError):
    """A plan spreadsheet that cannot be imported as it is. ``problems`` lists every problem of the
    file (a planner fixes them in one pass), each a dict with ``sheet``, ``row``, ``column``, ``field``,
    ``message_th`` and ``message_en`` (and ``suggestions`` where the importer has some)."""

    code = "spreadsheet_rejected"

    def __init__(self, message: str, *, problems: list[dict[str, Any]]) -> None:
        super().__init__(message, detail={"problems": problems})
        self.problems = problems


class ParameterError(InputError):
    """A request or command-line parameter is missing or malformed."""

    code = "bad_parameter"

    def __init__(self, message: str, *, parameter: str) -> None:
        super().__init__(message, detail={"parameter": parameter})
        self.parameter = parameter


class InvalidParameterValue(ParameterError):
    """A stored question's parameter does not match its declared pattern: the message and ``detail``
    name the parameter, the expected pattern and an example."""

    code = "invalid_parameter"

    def __init__(self, message: str, *, parameter: str, pattern: str, example: str | None = None) -> None:
        super().__init__(message, parameter=parameter)
        self.detail.update({"pattern": pattern, "example": example})
        self.pattern = pattern


class NotAcceptable(InputError):
    """None of the media types the client accepts can carry this result."""

    code = "not_acceptable"


class UnsupportedMediaType(InputError):
    """A request body is in a media type that is not read here."""

    code = "unsupported_media_type"


class NotFound(InputError):
    """The named resource (graph, province, stored query...) does not exist."""

    code = "not_found"


class AccessDenied(Province40Error):
    """Writing is disabled, or the bearer token is missing, wrong, revoked or outside its scope
    (``token_given``: False → 401, True → 403; ``detail`` may name the token and its scope)."""

    code = "access_denied"

    def __init__(self, message: str, *, token_given: bool, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message, detail=detail)
        self.token_given = token_given


class LimitExceeded(Province40Error):
    """A configured limit stopped the work."""

    code = "limit_exceeded"


class QueryTimeout(LimitExceeded):
    """The request ran past its deadline and its worker was stopped."""

    code = "query_timeout"

    def __init__(self, seconds: float, *, setting: str) -> None:
        super().__init__(
            f"the request ran longer than {seconds:g} s and was stopped (setting {setting}; "
            "a request may lower it with the 'timeout' parameter, never raise it)",
            detail={"timeout_seconds": seconds, "setting": setting},
        )
        self.seconds = seconds
        self.setting = setting


class PartialResult(LimitExceeded):
    """The remote engine hit its own time limit and answered with incomplete results (e.g. Virtuoso's
    ``X-SQL-State: S1TAT``); they are never passed on as if complete."""

    code = "partial_result"

    def __init__(self, message: str, *, timeout: float) -> None:
        super().__init__(message, detail={"timeout_seconds": timeout})


class ServiceBusy(LimitExceeded):
    """Every worker stayed busy until the request's deadline."""

    code = "service_busy"


class ResultTruncated(LimitExceeded):
    """A result that an analysis must see whole was cut at a row cap (``max_rows``); counting or
    drawing the rest would give wrong figures, so the analysis stops instead."""

    code = "result_truncated"


class QueryCrashed(Province40Error):
    """The isolated worker process ended while evaluating this request; the service is unaffected."""

    code = "query_crashed"


class StoreError(Province40Error):
    """The store failed: an I/O error, or the remote SPARQL store is unreachable or answered badly."""

    code = "store_error"


class EndpointUnavailable(StoreError):
    """A SPARQL endpoint a client of the service (the analysis module, a notebook) queries does not
    answer; the message names the URL and the command that starts the service."""

    code = "endpoint_unavailable"


class StoreUnavailable(StoreError):
    """The remote store cannot be reached, or dropped the connection mid-request: retry later."""

    code = "store_unavailable"


class ConfigurationError(Province40Error):
    """Settings or packaged assets are wrong; raised when the service or a command starts."""

    code = "configuration_error"
