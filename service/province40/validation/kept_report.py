"""Whole-store reports kept next to the store, so validating an *unchanged* store answers at once.

``province40 validate --store DIR`` (the whole store) keeps the report it computed in
``DIR.validation/`` (a sibling of the store directory, never inside it: validation does not touch
the store's files). The next run over the same store answers from the kept report when, and only
when, its key is the same. The key is a digest of:

- the store's files (:func:`province40.store.journal.store_digest`: names and sizes of the immutable
  table files, bytes of the others): any write to the store (a plan, the shapes graph, the shared
  context, the curation graph) appends to the store's write-ahead log or adds a table file, so it
  changes the key; opening the store read-only changes no file;
- the engine chosen (``compiled`` or ``pyshacl``) with the installed versions of province40,
  pyoxigraph and pySHACL, and the files of this package (name, size, modification time): a change
  to the shapes compiler or the report model is a new key (:func:`code_key`);
- the view (with curation or as presented).

When the store has changed, the reports of its plans kept beside it
(:mod:`province40.validation.kept_parts`) are brought up to date instead of validating everything.
A store file that changed without changing its content (a compaction) only costs a recomputation.
The report says when it was computed (:attr:`~province40.validation.report.Report.generated_at`)
and how (:attr:`~province40.validation.report.Report.computation`). ``--recompute`` ignores both.

What is kept is a pickle, loaded only when the directory and the file belong to the user running
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

from province40.store.journal import store_digest
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


def code_key(*, engine: str, include_curation: bool) -> str:
    """A digest of what a report depends on besides the store: the engine and the versions of the
    packages, the files of this package, the view (see the module's docstring)."""
    digest = hashlib.blake2b(digest_size=20)
    parts: list[object] = [
        _FORMAT,
        engine,
        include_curation,
        *(f"{name} {_installed(name)}" for name in ("province40", "pyoxigraph", "pyshacl")),
        *(("code", *entry) for entry in _files(_PACKAGE) if entry[0].endswith((".py", ".rq"))),
    ]
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def report_key(store_dir: Path, *, engine: str, include_curation: bool, store: str | None = None) -> str:
    """The key a kept report of the store at ``store_dir`` is valid for (see the module's docstring);
    ``store``: the store's digest when the caller has it."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(code_key(engine=engine, include_curation=include_curation).encode("ascii"))
    digest.update(str(store or store_digest(store_dir.resolve())).encode("ascii"))
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


def load_object(store_dir: Path, name: str) -> object | None:
    """The object kept as ``name`` beside the store, or None (none kept, or not to be trusted)."""
    folder = kept_dir(store_dir)
    path = folder / f"{name}.pickle"
    if not path.is_file() or not _trusted(folder) or not _trusted(path):
        return None
    try:
        with path.open("rb") as stream:
            found: object = pickle.load(stream)  # noqa: S301 - our own file, checked by _trusted
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as error:
        log.warning("ignoring the kept file %s: %s", path, error)
        return None
    return found


def keep_object(store_dir: Path, name: str, value: object, *, replaces: str) -> Path | None:
    """Keep ``value`` as ``name`` beside the store, removing the other files named ``replaces*``; the
    path written, or None when it could not be written (best effort)."""
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
                pickler.dump(value)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        target = folder / f"{name}.pickle"
        os.replace(temporary, target)
        for old in folder.glob(f"{replaces}*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)
        return target
    except (OSError, MemoryError, pickle.PicklingError, RecursionError) as error:  # best effort
        log.info("nothing kept for %s: %s", store_dir, error)
        return None


def load_kept(store_dir: Path, key: str) -> Report | None:
    """The report kept for ``key``, or None (none kept, another key, or a file not to be trusted)."""
    found = load_object(store_dir, key)
    return found if isinstance(found, Report) else None


def keep(store_dir: Path, key: str, report: Report) -> Path | None:
    """Keep ``report`` for ``key`` (replacing the report kept for another key of the same view);
    the path written, or None when it could not be written."""
    return keep_object(store_dir, key, report, replaces=key.split("-", 1)[0] + "-")
