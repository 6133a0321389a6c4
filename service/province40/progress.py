"""Progress of long work (building the store, generating synthetic data) on a terminal.

A thin wrapper around tqdm: quads done, rate and time left on stderr when stderr is a terminal,
and nothing at all otherwise (a log file, a pipe, a test). The total may be an estimate that is
refined while the work runs (bytes read so far tell how many quads a file will give).
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Never, TextIO

from tqdm import tqdm


class Progress:
    """A progress bar counting quads, shown only on a terminal.

    >>> with Progress("quads", stream=None) as progress:   # no terminal: silent
    ...     progress.advance(10)
    ...     progress.done
    10
    """

    def __init__(
        self,
        description: str,
        *,
        total: int | None = None,
        unit: str = "quad",
        stream: TextIO | None = sys.stderr,
    ) -> None:
        self.done = 0
        enabled = stream is not None and _is_terminal(stream)
        self._bar: tqdm[Never] | None = (
            tqdm(
                total=total,
                desc=description,
                unit=unit,
                unit_scale=True,
                file=stream,
                dynamic_ncols=True,
                smoothing=0.1,
                mininterval=0.25,
            )
            if enabled
            else None
        )

    @property
    def shown(self) -> bool:
        """True when a bar is drawn (the stream is a terminal)."""
        return self._bar is not None

    def advance(self, count: int) -> None:
        """Count ``count`` more units done."""
        self.done += count
        if self._bar is not None:
            self._bar.update(count)

    def estimate_total(self, total: int) -> None:
        """Set (or refine) the expected total, which drives the time-left figure."""
        if self._bar is not None and total != self._bar.total:
            self._bar.total = max(total, self.done)
            self._bar.refresh()

    def close(self) -> None:
        """Remove the bar from the terminal."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
