"""Whole-store reports kept next to the store, so validating an *unchanged* store answers at once.

``province40 validate --store DIR`` (the whole store) keeps the report it computed in
``DIR.validation/`` (a sibling of the store directory, never inside it: validation does not touch
the store's files). The next run over the same store answers from the kept report when, and only
when, its key is the same. The key is a digest of:

- every file of the store directory (relative name, size, modification time in nanoseconds,
  inode): any write to the store (a plan, the shapes graph, the shared context, the curation graph)
  appends to the store's write-ahead log or adds a table file, so it changes the key;
- the engine chosen (``compiled`` or ``pyshacl``) with the installed versions of province40,
  pyoxigraph and pySHACL, and the files of this package (name, size, modification time): a change
  to the shapes compiler or the report model is a new key;
- the view (with curation or as presented).

A store file that changed without changing its content (a compaction) only costs a recomputation.
The report says when it was computed (:attr:`~province40.validation.report.Report.generated_at`);
the command's summary line says it came from the kept report. ``--recompute`` ignores it.

The kept report is a pickle, loaded only when the directory and the file belong to the user running
the command and nobody else may write them (the trust Python gives its own ``__pycache__``). Writing
it is best effort: a store directory whose parent is read-only simply keeps nothing.
"""

from __future__ import annotations

import copyreg
import hashlib
import logging
import os
import pickle
import stat
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any

from province40.validation.report import Report

log = logging.getLogger(__name__)

_PACKAGE = Path(__file__).resolve().parent
_FORMAT = "province40-kept-report/1"


def kept_dir(store_dir: Path) -> Path:
    """Where the reports of the store at ``store_dir`` are kept (``<store_dir>.validation``)."""
    store_dir = store_dir.resolve()
    return store_dir.with_name(store_dir.name + ".validation")


def _files(root: Path) -> list[tuple[str, int, int, int]]:
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            try:
                info = path.stat()
            except FileNotFoundError:  # removed while listing (a compaction): the key just differs
                continue
            found.append((str(path.relative_to(root)), info.st_size, info.st_mtime_ns, info.st_ino))
    return sorted(found)


def _installed(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def report_key(store_dir: Path, *, engine: str, include_curation: bool) -> str:
    """The key a kept report of the store at ``store_dir`` is valid for (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    parts: list[object] = [
        _FORMAT,
        engine,
        include_curation,
        *(f"{name} {_installed(name)}" for name in ("province40", "pyoxigraph", "pyshacl")),
        *_files(store_dir.resolve()),
        *(("code", *entry) for entry in _files(_PACKAGE) if entry[0].endswith((".py", ".rq"))),
    ]
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return ("curated-" if include_curation else "presented-") + digest.hexdigest()


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of ``mapping`` (how a kept report's mappings are rebuilt when it is loaded)."""
    return MappingProxyType(mapping)


def _reduce_mapping(
    mapping: MappingProxyType[Any, Any],
) -> tuple[Callable[[dict[Any, Any]], MappingProxyType[Any, Any]], tuple[dict[Any, Any]]]:
    return read_only, (dict(mapping),)


def _trusted(path: Path) -> bool:
    """True when ``path`` belongs to this user and no one else may write it."""
    try:
        info = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or info.st_uid == getuid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def load_kept(store_dir: Path, key: str) -> Report | None:
    """The report kept for ``key``, or None (none kept, another key, or a file not to be trusted)."""
    folder = kept_dir(store_dir)
    path = folder / f"{key}.pickle"
    if not path.is_file() or not _trusted(folder) or not _trusted(path):
        return None
    try:
        with path.open("rb") as stream:
            found = pickle.load(stream)  # noqa: S301 - our own file, checked by _trusted
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError) as error:
        log.warning("ignoring the kept report %s: %s", path, error)
        return None
    return found if isinstance(found, Report) else None


def keep(store_dir: Path, key: str, report: Report) -> Path | None:
    """Keep ``report`` for ``key`` (replacing the report kept for another key of the same view);
    the path written, or None when it could not be written."""
    folder = kept_dir(store_dir)
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if not _trusted(folder):
            return None
        pickler_table = copyreg.dispatch_table.copy()
        pickler_table[MappingProxyType] = _reduce_mapping
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                pickler = pickle.Pickler(stream, protocol=pickle.HIGHEST_PROTOCOL)
                pickler.dispatch_table = pickler_table
                pickler.dump(report)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        target = folder / f"{key}.pickle"
        os.replace(temporary, target)
        view = key.split("-", 1)[0]
        for old in folder.glob(f"{view}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
        return target
    except (OSError, MemoryError, pickle.PicklingError) as error:  # best effort: the report is already written
        log.info("no kept report for %s: %s", store_dir, error)
        return None


