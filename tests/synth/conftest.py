"""A small synthetic graph written once for the synth tests, and a store built with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from province40.loading import BuildReport, build_store
from province40.synth import SynthOptions, SynthSummary, write

SMALL = SynthOptions(provinces=12, projects_per_province=12, seed=7, gap_share=0.1)
"""Small enough to validate in seconds, with every gap kind present."""


@pytest.fixture(scope="session")
def small_synth(tmp_path_factory: pytest.TempPathFactory) -> SynthSummary:
    """The small graph as TriG."""
    return write(tmp_path_factory.mktemp("synth") / "small.trig", SMALL, progress_stream=None)


@pytest.fixture(scope="session")
def small_synth_store(small_synth: SynthSummary, tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The project's store plus the small synthetic graph (``province40 build --with``)."""
    return build_store(tmp_path_factory.mktemp("synth-store") / "store", extra=[Path(small_synth.path)])
