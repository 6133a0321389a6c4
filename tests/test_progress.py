"""Progress bars: drawn on a terminal (quads, rate, time left), silent otherwise."""

from __future__ import annotations

import doctest
import io

from province40 import progress
from province40.progress import Progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_shows_quads_rate_and_time_left() -> None:
    screen = _Terminal()
    with Progress("build", stream=screen) as bar:
        assert bar.shown
        bar.estimate_total(2000)
        bar.advance(1000)
        bar.advance(1000)
    text = screen.getvalue()
    assert "build" in text and "2.00k/2.00k" in text and "quad/s" in text


def test_no_terminal_no_output() -> None:
    stream = io.StringIO()
    with Progress("build", stream=stream) as bar:
        bar.advance(5)
    assert not bar.shown and bar.done == 5 and stream.getvalue() == ""


def test_docstring_examples() -> None:
    assert doctest.testmod(progress).failed == 0
