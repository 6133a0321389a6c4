"""The full hardening set runs only under ``make hardening`` (``PROVINCE40_HARDENING=full``)."""

from __future__ import annotations

import os

collect_ignore = [] if os.environ.get("PROVINCE40_HARDENING") == "full" else ["test_full_hardening.py"]
