"""province40: knowledge graph, SHACL alignment checks and SPARQL endpoint for Province 4.0 (จังหวัด 4.0).

The public API::

    from province40 import Settings, build_store, create_app, open_store
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING

try:
    __version__ = version("province40")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"

from province40.loading import BuildReport, build_store
from province40.settings import Settings, get_settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from province40.store.base import Store


def create_app(settings: Settings) -> FastAPI:
    """Build the FastAPI application (see :func:`province40.api.app.create_app`)."""
    from province40.api.app import create_app as _create_app

    return _create_app(settings)


def open_store(settings: Settings) -> Store:
    """Open the configured store (see :func:`province40.store.open_store`)."""
    from province40.store import open_store as _open_store

    return _open_store(settings)


__all__ = ["BuildReport", "Settings", "__version__", "build_store", "create_app", "get_settings", "open_store"]
