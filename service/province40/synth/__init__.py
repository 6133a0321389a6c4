"""Synthetic Province 4.0 plans for all 77 provinces (``province40 synth``).

For benchmarks, notebooks and demonstrations at national scale::

    from province40.synth import SynthOptions, generate, write

    write(Path("national.trig"), SynthOptions(provinces=77, projects_per_province=300, seed=40))
    for quad in generate(SynthOptions(projects_per_province=30)):   # or stream the quads
        ...

The file loads with ``province40 build --with national.trig`` (and into any quad store). Modules:
:mod:`~.vocabulary` (the words of real provincial plans), :mod:`~.context` (the reference data it
points at), :mod:`~.gaps` (the kinds of gap, one per shape), :mod:`~.generator` (the quads),
:mod:`~.writer` (the file, with progress).
"""

from __future__ import annotations

from province40.synth.context import SynthContext
from province40.synth.gaps import GapKind
from province40.synth.generator import SYNTHETIC_GRAPH, SynthOptions, generate
from province40.synth.writer import SynthSummary, write

__all__ = ["SYNTHETIC_GRAPH", "GapKind", "SynthContext", "SynthOptions", "SynthSummary", "generate", "write"]
