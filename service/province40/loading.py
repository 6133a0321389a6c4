"""Build the persistent store from ontology/, shapes/ and data/ (plus extra files).

Which named graph a file goes to follows from where it lives (see ``data/README.md``):

============================================  =============================================
file                                          named graph
============================================  =============================================
ontology/**.ttl                               .../graph/ontology
shapes/**.ttl                                 .../graph/shapes
data/reference/*.ttl                          .../graph/reference
data/programme/plans/TH-NN*.ttl               .../graph/plan/TH-NN (one graph per province)
data/programme/**.ttl (other files)           .../graph/programme
data/curation/**.ttl                          .../graph/curation
``--with FILE``                               .../graph/extra/<file stem> (TriG/N-Quads keep
                                              their own named graphs)
============================================  =============================================

data/examples/ (valid and invalid example plans for the shape tests) is never loaded.

A build is all or nothing: files are streamed into a new store in a sibling directory, a syntax
error anywhere stops the build with the file, line and column and removes it, and only a complete
store is swapped in by renaming, so a failed or interrupted build leaves the previous store exactly
as it was. Rebuilding from the same files gives the same store.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import pyoxigraph as ox

from province40 import namespaces as ns
from province40.assets import AssetDirs, asset_dirs
from province40.errors import ConfigurationError, InputError, StoreError
from province40.progress import Progress
from province40.rdf_io import FileReader, ParsedRdf, parse_file
from province40.store import journal
from province40.store.recovery import recover_store

log = logging.getLogger(__name__)

_PLAN_FILE = re.compile(r"^(TH-[0-9]{2})(?:[-_.].*)?\.[A-Za-z]+$")
_RDF_SUFFIXES = {".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf", ".owl"}


@dataclass(frozen=True)
class SourceFile:
    """One file to load and the named graph it goes to (None: keep the file's own graphs)."""

    path: Path
    graph: str | None
    display_name: str


@dataclass(frozen=True)
class LoadedFile:
    """What one file contributed to a build."""

    display_name: str
    graph: str | None
    triples: int
    normalised_literals: int


@dataclass(frozen=True)
class BuildReport:
    """The outcome of a build: per-file counts and the store's total."""

    store_dir: Path
    files: tuple[LoadedFile, ...]
    total_quads: int
    graphs: tuple[str, ...]


def _graph_for_data_file(relative: Path) -> str | None:
    parts = relative.parts
    if parts[0] == "reference":
        return ns.REFERENCE_GRAPH
    if parts[0] == "curation":
        return ns.CURATION_GRAPH
    if parts[0] == "programme":
        if len(parts) >= 3 and parts[1] == "plans":
            match = _PLAN_FILE.match(parts[-1])
            if not match:
                raise ConfigurationError(
                    f"data/{relative}: a plan file must be named after its province code, e.g. TH-33.ttl"
                )
            return ns.plan_graph(match.group(1))
        return ns.PROGRAMME_GRAPH
    return None


def discover_sources(dirs: AssetDirs | None = None) -> list[SourceFile]:
    """Every RDF file of the project, in a stable order, with its named graph."""
    dirs = dirs or asset_dirs()
    sources: list[SourceFile] = []
    for top, graph in ((dirs.ontology, ns.ONTOLOGY_GRAPH), (dirs.shapes, ns.SHAPES_GRAPH)):
        for path in sorted(top.rglob("*.ttl")):
            sources.append(SourceFile(path, graph, f"{top.name}/{path.relative_to(top).as_posix()}"))
    for path in sorted(dirs.data.rglob("*")):
        if path.suffix not in _RDF_SUFFIXES or not path.is_file():
            continue
        relative = path.relative_to(dirs.data)
        if relative.parts[0] == "examples":
            continue
        data_graph = _graph_for_data_file(relative)
        if data_graph is None:
            raise ConfigurationError(
                f"data/{relative.as_posix()}: no named graph for this folder; "
                "put data under data/reference, data/programme or data/curation"
            )
        sources.append(SourceFile(path, data_graph, f"data/{relative.as_posix()}"))
    if not sources:
        raise ConfigurationError(f"no RDF files found under {dirs.root}")
    return sources


def extra_source(path: Path) -> SourceFile:
    """A file given with ``--with``: its own graph under .../graph/extra/, or its own named graphs."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.suffix.lower() in {".trig", ".nq"}:
        return SourceFile(path, None, str(path))
    stem = re.sub(r"[^A-Za-z0-9_.-]", "-", path.stem)
    return SourceFile(path, ns.EXTRA_GRAPH_BASE + stem, str(path))


def parse_sources(sources: Sequence[SourceFile]) -> list[ParsedRdf]:
    """Parse every file; the first syntax error raises :class:`~province40.errors.RdfSyntaxError`."""
    return [parse_file(s.path, graph=s.graph, display_name=s.display_name, stable_blank_nodes=True) for s in sources]


def _load(store: ox.Store, sources: Sequence[SourceFile], progress: Progress) -> list[LoadedFile]:
    """Stream every file into ``store`` in batches; the total is estimated from bytes read."""
    readers = [FileReader(s.path, graph=s.graph, display_name=s.display_name, stable_blank_nodes=True) for s in sources]
    total_bytes = sum(r.size for r in readers) or 1
    finished_bytes = 0
    files: list[LoadedFile] = []
    for source, reader in zip(sources, readers, strict=True):
        for batch in reader.batches():
            store.bulk_extend(batch)
            progress.advance(len(batch))
            read = finished_bytes + reader.bytes_read
            if read:
                progress.estimate_total(int(progress.done * total_bytes / read))
        finished_bytes += reader.size
        files.append(LoadedFile(source.display_name, source.graph, reader.quads, reader.normalised_literals))
    return files


def build_store(
    store_dir: Path,
    *,
    extra: Sequence[Path] = (),
    dirs: AssetDirs | None = None,
    progress_stream: TextIO | None = None,
) -> BuildReport:
    """Build the store at ``store_dir`` from the project's RDF (and ``extra`` files), atomically.

    Files are streamed into a new store beside ``store_dir`` (memory stays flat however large an
    extra file is); a syntax error anywhere removes it and leaves ``store_dir`` untouched. With
    ``progress_stream`` a terminal shows quads loaded, the rate and the time left.
    """
    extras = [extra_source(p) for p in extra]
    seen: dict[str, SourceFile] = {}
    for source in extras:
        if source.graph is not None and source.graph in seen:
            raise InputError(
                f"{seen[source.graph].display_name} and {source.display_name} would both load into <{source.graph}> "
                "(extra graphs are named after the file name): rename one of them"
            )
        if source.graph is not None:
            seen[source.graph] = source
    sources = discover_sources(dirs) + extras

    store_dir = store_dir.resolve()
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    recover_store(store_dir)
    staging = store_dir.with_name(f"{store_dir.name}.building-{os.getpid()}")
    retired = store_dir.with_name(f"{store_dir.name}.old-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    store: ox.Store | None = None
    try:
        store = ox.Store(str(staging))
        with Progress("build", stream=progress_stream) as progress:
            files = _load(store, sources, progress)
        store.flush()
        store.optimize()
        total = len(store)
        graphs = tuple(sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode)))
        contents = journal.graph_contents(store)
        store = None
    except BaseException as error:
        # close the half-built store before removing it: the traceback's frames still hold it
        store = None
        traceback.clear_frames(error.__traceback__)
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise StoreError(f"could not write the new store in {staging}: {error}") from error
        raise

    before = journal.store_digest(store_dir)
    try:
        if store_dir.exists():
            os.replace(store_dir, retired)
        os.replace(staging, store_dir)
    except OSError as error:
        if retired.exists() and not store_dir.exists():
            os.replace(retired, store_dir)
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"could not swap the new store into {store_dir}: {error}") from error
    journal.record_build(store_dir, before, contents)
    shutil.rmtree(retired, ignore_errors=True)
    log.info("built %s: %d quads in %d named graphs from %d files", store_dir, total, len(graphs), len(files))
    return BuildReport(store_dir=store_dir, files=tuple(files), total_quads=total, graphs=graphs)
