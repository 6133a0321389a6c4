"""Files province40 keeps beside a store and reads back (the store's journal, the kept validation
reports): read only when they are this user's own and no one else may write them, since what they
hold is trusted (a kept report is unpickled; the journal decides what is validated again)."""

from __future__ import annotations

import os
import stat
from pathlib import Path


def is_own_file(path: Path) -> bool:
    """True when ``path`` exists, belongs to this user and neither its group nor others may write it."""
    try:
        info = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    owned = getuid is None or info.st_uid == getuid()
    return owned and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
