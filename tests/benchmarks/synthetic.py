"""Kept for the benchmarks of other branches that import it: the generator is ``province40 synth``.

``write_trig(path, reference, projects_per_province, *, seed=40)`` used to be a second generator;
it now writes the same synthetic national graph as ``province40 synth`` (:func:`province40.synth.write`)
and returns the number of quads. New code should call :func:`province40.synth.write` directly.
"""

from __future__ import annotations

from pathlib import Path

from province40.synth import SynthOptions, write


def write_trig(path: Path, reference: Path | None, projects_per_province: int, *, seed: int = 40) -> int:
    """Write 77 provinces × ``projects_per_province`` synthetic projects to ``path`` (TriG or N-Quads).

    ``reference`` is ignored: the provinces come from the project's reference data.
    """
    del reference
    options = SynthOptions(provinces=77, projects_per_province=projects_per_province, seed=seed)
    return write(path, options, progress_stream=None).quads
