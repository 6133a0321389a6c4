"""SHACL engines behind one small interface (:class:`ValidationEngine`).

- :mod:`.types`: :class:`EngineResult`, :class:`EngineRun`, the :class:`ValidationEngine` protocol;
- :mod:`.pyshacl_engine`: pySHACL, the reference engine;
- :mod:`.compiler`: the shapes compiled to SPARQL queries (SHACL Core and SHACL-SPARQL constraints);
- :mod:`.compiled`: the compiled engine, which runs those queries in pyoxigraph and falls back to
  pySHACL for any shape the compiler does not support.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from province40.lazy import lazy_attributes
from province40.validation.engine.names import ENGINES

if TYPE_CHECKING:
    from province40.validation.engine.compiled import CompiledEngine
    from province40.validation.engine.pyshacl_engine import PyShaclEngine
    from province40.validation.engine.types import EngineResult, EngineRun, ValidationEngine
    from province40.validation.shapes import ShapeCatalog

_HOMES = {
    "CompiledEngine": "province40.validation.engine.compiled",
    "PyShaclEngine": "province40.validation.engine.pyshacl_engine",
    "EngineResult": "province40.validation.engine.types",
    "EngineRun": "province40.validation.engine.types",
    "ValidationEngine": "province40.validation.engine.types",
}
"""Where each public name lives: imported on first use (pySHACL and rdflib are slow to import)."""


__getattr__ = lazy_attributes(__name__, _HOMES)


def make_engine(name: str, shapes: ShapeCatalog) -> ValidationEngine:
    """The engine called ``name`` for ``shapes``."""
    if name == "compiled":
        from province40.validation.engine.compiled import CompiledEngine

        return CompiledEngine(shapes)
    if name == "pyshacl":
        from province40.validation.engine.pyshacl_engine import PyShaclEngine

        return PyShaclEngine(shapes)
    raise ValueError(f"unknown validation engine {name!r} (known: {', '.join(ENGINES)})")


__all__ = ["ENGINES", "CompiledEngine", "EngineResult", "EngineRun", "PyShaclEngine", "ValidationEngine", "make_engine"]
