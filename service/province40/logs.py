"""Structured logs: one JSON object per line (the query log has one line per query)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any


class JsonFormatter(logging.Formatter):
    """Format records as single-line JSON with time, level, logger and message."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(level: str) -> None:
    """Send province40 and uvicorn logs to stderr as JSON lines (uvicorn's access log off)."""
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logger = logging.getLogger(name)
        logger.handlers[:] = []
        logger.propagate = True
    # no access log (the query log says what was asked): as ``uvicorn.run(access_log=False)`` leaves it, also
    # in each process of ``serve --processes N``, whose application is built after uvicorn set up its logging
    access = logging.getLogger("uvicorn.access")
    access.handlers[:] = []
    access.propagate = False
