"""Shared fixtures: one store built from the repository's RDF for the whole session (in a temporary
directory: tests never write into the repository), settings pointing at it, and an in-process app."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from province40.api.app import create_app
from province40.loading import BuildReport, build_store
from province40.settings import Settings
from province40.store.embedded import EmbeddedStore

UPDATE_TOKEN = "test-token-0123456789abcdef"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildReport:
    """The project's store, built once per session (read-only use)."""
    return build_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture(scope="session")
def store_dir(built: BuildReport) -> Path:
    """Directory of the session's read-only store."""
    return built.store_dir


@pytest.fixture()
def writable_store_dir(built: BuildReport, tmp_path: Path) -> Path:
    """A private copy of the built store that a test may change."""
    target = tmp_path / "store"
    shutil.copytree(built.store_dir, target)
    return target


@pytest.fixture(scope="session")
def store(store_dir: Path) -> Iterator[EmbeddedStore]:
    """The embedded store (read-only, two worker processes) shared by the session."""
    opened = EmbeddedStore(store_dir, workers=2, writable=False)
    yield opened
    opened.close()


def make_settings(store_dir: Path, **overrides: object) -> Settings:
    """Settings for a test, never read from the environment of the machine running the tests."""
    values: dict[str, object] = {"store_dir": store_dir, "workers": 2}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client(store: EmbeddedStore, store_dir: Path) -> Iterator[TestClient]:
    """An in-process client of a read-only app over the session store."""
    app = create_app(make_settings(store_dir), store=store)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(autouse=True, scope="session")
def _isolated_environment() -> Iterator[None]:
    """Keep PROVINCE40_* variables of the machine running the tests out of the tests' settings."""
    mp = pytest.MonkeyPatch()
    import os

    for name in list(os.environ):
        if name.startswith("PROVINCE40_"):
            mp.delenv(name)
    yield
    mp.undo()


@pytest.fixture(scope="session")
def live_endpoint(store_dir: Path) -> Iterator[str]:
    """``province40 serve`` on the session store, on a free port, for the whole session; yields its
    SPARQL endpoint URL (started only when a test asks for it)."""
    from tests.servers import province40_server

    with province40_server(store_dir) as base:
        yield f"{base}/sparql"
