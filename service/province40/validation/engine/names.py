"""The names of the SHACL engines (a module of its own so the CLI can list them without importing
the engines: pySHACL takes a good part of a second to import)."""

from __future__ import annotations

ENGINES = ("compiled", "pyshacl")
"""Engine names (the ``validation_engine`` setting, ``province40 validate --engine``)."""
