"""Exit codes of the ``province40`` command line."""

from __future__ import annotations

EXIT_OK = 0
"""The work ran and found nothing wrong."""
EXIT_FAILED = 1
"""The work ran but found problems (e.g. validation violations), or failed."""
EXIT_BAD_INPUT = 2
"""Bad input: a file that does not parse, a malformed query, a wrong option."""
