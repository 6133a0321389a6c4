"""Logs are JSON lines."""

from __future__ import annotations

import json
import logging

from province40.logs import JsonFormatter


def test_json_formatter_writes_one_object_per_line() -> None:
    record = logging.LogRecord("province40.sparql.service", logging.INFO, __file__, 1, "query %s rows=%d", ("abc", 3), None)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "query abc rows=3" and entry["level"] == "INFO" and entry["time"].endswith("Z")


def test_uvicorn_access_log_is_off_after_configuring_logs() -> None:
    from province40.logs import configure_logging

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    try:
        configure_logging("INFO")  # what each process of `serve --processes N` does after uvicorn set up its logs
        access = logging.getLogger("uvicorn.access")
        assert not access.handlers and not access.propagate
        assert logging.getLogger("uvicorn.error").propagate
    finally:
        root.handlers[:], _ = saved
        root.setLevel(saved[1])
