"""The only place errors become HTTP status codes, always with one JSON shape::

    {"error": {"code": "query_syntax_error", "message": "...", "detail": {...}}, "status": 400}

Client mistakes are 4xx; a timeout, a full worker pool, a partial answer of the remote engine or a
remote engine that cannot be reached is 503 (with ``Retry-After``); a remote engine that answers badly is
502; only a failure of the service itself is 5xx, and it never carries a stack trace (the trace goes to the log).
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from province40 import errors

log = logging.getLogger(__name__)

_STATUS: tuple[tuple[type[errors.Province40Error], int], ...] = (
    (errors.NotAcceptable, 406),
    (errors.UnsupportedMediaType, 415),
    (errors.BodyTimeout, 408),
    (errors.NotFound, 404),
    (errors.InvalidParameterValue, 422),
    (errors.InputError, 400),
    (errors.LimitExceeded, 503),
    (errors.QueryCrashed, 400),
    (errors.StoreUnavailable, 503),
    (errors.StoreError, 502),
    (errors.ConfigurationError, 500),
)

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_parameter",
}


def status_for(error: errors.Province40Error) -> int:
    """The HTTP status of a province40 error."""
    if isinstance(error, errors.AccessDenied):
        return 403 if error.token_given else 401
    if isinstance(error, errors.QueryRefused) and error.reason == "too_large":
        return 413
    for cls, status in _STATUS:
        if isinstance(error, cls):
            return status
    return 500


def error_body(code: str, message: str, status: int, detail: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON error shape."""
    error: dict[str, Any] = {"code": code, "message": message}
    if detail:
        error["detail"] = detail
    return {"error": error, "status": status}


def error_response(error: errors.Province40Error) -> JSONResponse:
    """A JSON response for a province40 error."""
    status = status_for(error)
    headers = {}
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="province40"'
    if status == 503:
        headers["Retry-After"] = "1"
    return JSONResponse(
        error_body(error.code, error.message, status, error.detail), status_code=status, headers=headers
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register handlers so every error leaves in the same JSON shape."""

    @app.exception_handler(errors.Province40Error)
    async def _province40(request: Request, error: errors.Province40Error) -> JSONResponse:
        if status_for(error) >= 500:
            log.error("%s %s failed: %s", request.method, request.url.path, error.message)
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {"field": ".".join(str(p) for p in item.get("loc", ())), "message": item.get("msg", "")}
            for item in error.errors()
        ]
        message = "; ".join(f"{p['field']}: {p['message']}" for p in problems) or "invalid request"
        return JSONResponse(error_body("bad_parameter", message, 400, {"problems": problems}), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, error: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        return JSONResponse(
            error_body(code, str(error.detail), error.status_code),
            status_code=error.status_code,
            headers=getattr(error, "headers", None),
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return JSONResponse(
            error_body("internal_error", "the service failed on this request; the error is logged", 500),
            status_code=500,
        )
