"""Writing synthetic plans to a file (TriG or N-Quads, from the extension), with progress.

The quads are serialised as they are generated: memory stays flat however many provinces and
projects are asked for. On a terminal a progress bar shows quads written, the rate and the time
left (the total is estimated from the first province and refined as the work goes on).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.errors import ParameterError
from province40.namespaces import P40
from province40.progress import Progress
from province40.synth.context import SynthContext
from province40.synth.generator import SynthOptions, generate

FORMATS: dict[str, ox.RdfFormat] = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS}
"""Output formats by file extension: both keep the named graphs."""

_PREFIXES = {name: ns.PREFIXES[name] for name in (
    "p40", "province", "plan", "project", "strategy", "mp", "dimension", "factor", "link", "issue",
    "confidence", "criterion", "rdf", "rdfs", "xsd", "dcterms", "prov")}


_PROJECT_CLASS = ox.NamedNode(P40.Project)


@dataclass(frozen=True, kw_only=True)
class SynthSummary:
    """What a run wrote."""

    path: Path
    quads: int
    options: SynthOptions


def format_for(path: Path) -> ox.RdfFormat:
    """The output format for ``path`` (``.trig`` or ``.nq``)."""
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise ParameterError(
            f"{path}: write synthetic data to a .trig or .nq file (named graphs are kept)", parameter="output"
        ) from None


def write(
    path: Path,
    options: SynthOptions | None = None,
    *,
    context: SynthContext | None = None,
    progress_stream: TextIO | None = sys.stderr,
) -> SynthSummary:
    """Generate and write synthetic plans to ``path``; returns how many quads were written."""
    options = options or SynthOptions()
    rdf_format = format_for(path)
    expected = options.provinces * options.projects_per_province
    with Progress("synth", stream=progress_stream) as progress:

        def counted() -> Iterator[ox.Quad]:
            projects = n = 0
            for n, quad in enumerate(generate(options, context=context), start=1):
                yield quad
                if quad.object == _PROJECT_CLASS:
                    projects += 1
                if n % 5000 == 0:
                    progress.advance(5000)
                    if projects:  # quads per project so far × projects asked for
                        progress.estimate_total(int(n / projects * expected))
            progress.advance(n % 5000)

        try:
            with path.open("wb") as output:
                prefixes = _PREFIXES if rdf_format == ox.RdfFormat.TRIG else None
                ox.serialize(counted(), output, rdf_format, prefixes=prefixes)
        except OSError as error:
            raise ParameterError(f"cannot write {path}: {error.strerror}", parameter="output") from None
        return SynthSummary(path=path, quads=progress.done, options=options)
