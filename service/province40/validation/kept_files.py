"""Files kept next to the store by ``province40 validate``, so validating it again does not start over.

``province40 validate --store DIR`` (the whole store) keeps the report of every plan of the store in
``DIR.validation/`` (a sibling of the store directory, never inside it: validation does not touch the
store's files), with what the reports depend on (:mod:`province40.validation.kept_parts`). They are
valid for one :func:`code_key`, a digest of what a report depends on besides the store:

- the engine chosen (``compiled`` or ``pyshacl``) with the installed versions of province40,
  pyoxigraph and pySHACL, and the files of this package (name, size, modification time): a change
  to the shapes compiler or the report model is a new key;
- the view (with curation or as presented);

and for one state of the store, named by its digest (:func:`province40.store.journal.store_digest`).

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
import tempfile
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any

from province40.own_files import is_own_file

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


def read_only(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view of ``mapping`` (how a kept report's mappings are rebuilt when it is loaded)."""
    return MappingProxyType(mapping)


def _reduce_mapping(
    mapping: MappingProxyType[Any, Any],
) -> tuple[Callable[[dict[Any, Any]], MappingProxyType[Any, Any]], tuple[dict[Any, Any]]]:
    return read_only, (dict(mapping),)


def load_object(path: Path) -> object | None:
    """The object kept in ``path`` (a file in a folder of :func:`kept_dir`), or None (none kept, or not
    to be trusted)."""
    if not path.is_file() or not all(is_own_file(p) for p in (path.parent.parent, path.parent, path)):
        return None
    try:
        with path.open("rb") as stream:
            found: object = pickle.load(stream)  # noqa: S301 - our own file, checked by is_own_file
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as error:
        log.warning("ignoring the kept file %s: %s", path, error)
        return None
    return found


def keep_object(path: Path, value: object) -> bool:
    """Keep ``value`` in ``path`` (a file in a folder of :func:`kept_dir`, both created as needed),
    replaced atomically; False when it could not be written (best effort)."""
    folder = path.parent
    try:
        folder.parent.mkdir(mode=0o700, exist_ok=True)
        folder.mkdir(mode=0o700, exist_ok=True)
        if not is_own_file(folder) or not is_own_file(folder.parent):
            return False
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
        os.replace(temporary, path)
        return True
    except (OSError, MemoryError, pickle.PicklingError, RecursionError) as error:  # best effort
        log.info("nothing kept in %s: %s", path, error)
        return False
