"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from province40 import __version__
from province40.api.deps import StoreDep
from province40.api.errors import error_body
from province40.errors import Province40Error

router = APIRouter(tags=["Health"])


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, Any]:
    """Always ``{"status": "ok"}`` while the process runs."""
    return {"status": "ok", "version": __version__}


@router.get("/readyz", summary="Readiness: the store answers a query")
async def readyz(store: StoreDep) -> JSONResponse:
    """200 with store counts when a worker can read the store, 503 otherwise."""
    try:
        status = await run_in_threadpool(store.status)
    except Province40Error as error:
        return JSONResponse(error_body("not_ready", error.message, 503), status_code=503)
    return JSONResponse(
        {
            "status": "ready",
            "version": __version__,
            "backend": status.backend,
            "location": status.location,
            "quads": status.quads,
            "named_graphs": status.named_graphs,
            **{str(k): v for k, v in status.detail.items()},
        }
    )
