"""SHACL engines behind one small interface (:class:`ValidationEngine`).

- :mod:`.types`: :class:`EngineResult`, :class:`EngineRun`, the :class:`ValidationEngine` protocol;
- :mod:`.pyshacl_engine`: pySHACL, the reference engine;
- :mod:`.compiler`: the shapes compiled to SPARQL queries (SHACL Core and SHACL-SPARQL constraints);
- :mod:`.compiled`: the compiled engine, which runs those queries in pyoxigraph and falls back to
  pySHACL for any shape the compiler does not support.
"""

from __future__ import annotations

from province40.validation.engine.compiled import CompiledEngine
from province40.validation.engine.pyshacl_engine import PyShaclEngine
from province40.validation.engine.types import EngineResult, EngineRun, ValidationEngine
from province40.validation.shapes import ShapeCatalog

ENGINES = ("compiled", "pyshacl")
"""Engine names (the ``validation_engine`` setting, ``province40 validate --engine``)."""


def make_engine(name: str, shapes: ShapeCatalog) -> ValidationEngine:
    """The engine called ``name`` for ``shapes``."""
    if name == "compiled":
        return CompiledEngine(shapes)
    if name == "pyshacl":
        return PyShaclEngine(shapes)
    raise ValueError(f"unknown validation engine {name!r} (known: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "CompiledEngine", "EngineResult", "EngineRun", "PyShaclEngine", "ValidationEngine", "make_engine"]
