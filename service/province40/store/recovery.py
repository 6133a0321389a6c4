"""Putting the embedded store back after a build was killed half-way (``kill -9``, power loss).

``province40 build`` writes the new store beside the old one (``<store>.building-<pid>``), then swaps
directories: the old one becomes ``<store>.old-<pid>``, the new one takes its name. Killed before the
swap, the old store is intact and the half-built directory is garbage; killed between the two renames,
no directory has the store's name. :func:`recover_store` runs before the store is opened or rebuilt: it
renames the retired store back in the second case and removes the leftovers of builds whose process
is gone, so the store opens with the old or the new content, never a mix and never nothing.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

log = logging.getLogger(__name__)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _leftovers(store_dir: Path, kind: str) -> list[tuple[Path, int]]:
    found: list[tuple[Path, int]] = []
    for path in store_dir.parent.glob(f"{store_dir.name}.{kind}-*"):
        pid = path.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _pid_alive(int(pid)):
            found.append((path, int(pid)))
    return found


def recover_store(store_dir: Path) -> None:
    """Undo what a killed build left: restore a retired store that lost its name, remove dead leftovers."""
    if not store_dir.parent.is_dir():
        return
    retired = [path for path, _ in _leftovers(store_dir, "old") if (path / "CURRENT").is_file()]
    if not (store_dir / "CURRENT").is_file() and retired:
        newest = max(retired, key=lambda path: path.stat().st_mtime)
        if store_dir.exists():
            shutil.rmtree(store_dir)
        os.replace(newest, store_dir)
        log.warning("restored %s from %s (a build was stopped while swapping the store)", store_dir, newest.name)
    for path, _ in _leftovers(store_dir, "old") + _leftovers(store_dir, "building"):
        shutil.rmtree(path, ignore_errors=True)
        log.info("removed %s, left by a build that was stopped", path)
