"""The fast path's query log: one INFO line per interval while look-ups arrive, the rest at shutdown,
one line per look-up at DEBUG."""

from __future__ import annotations

import logging

import pytest

from province40.sparql.lookup_log import LookupLog

LOGGER = "province40.sparql.service"


def _messages(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == level]


def test_look_ups_are_tallied_into_one_line_per_interval(caplog: pytest.LogCaptureFixture) -> None:
    tally = LookupLog(interval=3600.0)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        tally.note("aaa", rows=14, truncated=False, format_name="JSON", elapsed=0.0002)
        tally.note("bbb", rows=320, truncated=True, format_name="JSON", elapsed=0.0012)
        tally.note("ccc", rows=3, truncated=False, format_name="CSV", elapsed=0.0001)
        assert _messages(caplog, logging.INFO) == []  # within the interval: nothing written yet
        tally.flush()
        tally.flush()  # nothing new: no line
    [line] = _messages(caplog, logging.INFO)
    assert line.startswith("look-ups answered in-process: 3 in ")
    assert "rows=337 truncated=1 slowest=1.2ms (query bbb)" in line
    assert _messages(caplog, logging.DEBUG) == []


def test_a_line_is_written_once_the_interval_has_passed(caplog: pytest.LogCaptureFixture) -> None:
    tally = LookupLog(interval=0.0)
    with caplog.at_level(logging.INFO, logger=LOGGER):
        tally.note("aaa", rows=1, truncated=False, format_name="JSON", elapsed=0.001)
        tally.note("bbb", rows=2, truncated=False, format_name="JSON", elapsed=0.001)
    assert [m.split(",")[0] for m in _messages(caplog, logging.INFO)] == [
        "look-ups answered in-process: 1 in 0.0 s",
        "look-ups answered in-process: 1 in 0.0 s",
    ]


def test_at_debug_each_look_up_has_its_own_line(caplog: pytest.LogCaptureFixture) -> None:
    tally = LookupLog(interval=3600.0)
    with caplog.at_level(logging.DEBUG, logger=LOGGER):
        tally.note("aaa", rows=14, truncated=False, format_name="JSON", elapsed=0.0002)
    assert _messages(caplog, logging.DEBUG) == [
        "query aaa form=SELECT rows=14 truncated=False format=JSON cache=inline time=0.2ms"
    ]
