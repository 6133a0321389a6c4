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
from province40.store.base import Store
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


@pytest.fixture()
def writer(writable_store_dir: Path) -> Iterator[TestClient]:
    """An in-process client of a writable app (update token ``UPDATE_TOKEN``, one worker, its own tokens
    file) over a private copy of the store."""
    settings = make_settings(writable_store_dir, update_token=UPDATE_TOKEN, workers=1,
                             tokens_file=writable_store_dir.parent / "tokens.json")
    opened = EmbeddedStore(writable_store_dir, workers=1, writable=True)
    try:
        with TestClient(create_app(settings, store=opened)) as test_client:
            yield test_client
    finally:
        opened.close()


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


# ---------------------------------------------------------------- the three backends (tests/backends.py)

from tests.backends import BACKENDS, Engine, oxigraph_engine, remote_backend, virtuoso_engine  # noqa: E402
from tests.servers import oxigraph_server, virtuoso_server  # noqa: E402


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One ``oxigraph serve`` for the session (empty; modules load it through ``backend``). Without
    ``--union-default-graph``: in that mode oxigraph ignores FROM and refuses USING, so province40 scopes
    queries to the store's graphs itself (capability scoped_dataset, probed)."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph-engine"), union_default_graph=False) as base:
        yield oxigraph_engine(base)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One Virtuoso for the session (a new database; modules load it through ``backend``)."""
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso-engine")) as base:
        yield virtuoso_engine(base)


@pytest.fixture(scope="module", params=BACKENDS)
def backend_name(request: pytest.FixtureRequest) -> str:
    """Which backend a module's tests run on: embedded, oxigraph or virtuoso."""
    return str(request.param)


@pytest.fixture(scope="module")
def engine(backend_name: str, request: pytest.FixtureRequest) -> Engine | None:
    """The running engine of a remote backend (None for the embedded store)."""
    if backend_name == "embedded":
        return None
    found: Engine = request.getfixturevalue(backend_name)
    return found


@pytest.fixture(scope="module")
def backend(
    backend_name: str,
    engine: Engine | None,
    built: BuildReport,
    store: EmbeddedStore,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Store]:
    """A writable store with the project's data on the module's backend (a fresh copy per module)."""
    if engine is None:
        copy = tmp_path_factory.mktemp("embedded") / "store"
        shutil.copytree(built.store_dir, copy)
        opened = EmbeddedStore(copy, workers=2, writable=True, query_timeout=10, update_timeout=10)
        yield opened
        opened.close()
        return
    with remote_backend(engine, store) as remote:
        yield remote


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """``@pytest.mark.deviation(engine, reason)``: a strict xfail on that engine's parameter only."""
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        for marker in list(item.iter_markers("deviation")):
            engine_name, reason = marker.args
            if params.get("backend_name") == engine_name:
                item.add_marker(pytest.mark.xfail(strict=True, reason=f"{engine_name}: {reason}"), append=False)


def backend_app_settings(backend_name: str, engine: Engine | None, store_dir: Path, **overrides: object) -> Settings:
    """Settings of an app on the module's backend (the remote URLs when it is an engine)."""
    if engine is None:
        return make_settings(store_dir, **overrides)
    return engine.settings(store_dir, **overrides)


@pytest.fixture(scope="module")
def backend_client(backend_name: str, engine: Engine | None, backend: Store, store_dir: Path) -> Iterator[TestClient]:
    """An in-process client of a read-only app over the module's backend (API tests opt in with
    ``client = backend_client`` style fixtures, see tests/api/test_health.py)."""
    app = create_app(backend_app_settings(backend_name, engine, store_dir), store=backend)
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture()
def backend_writer(
    backend_name: str, engine: Engine | None, backend: Store, store: EmbeddedStore, store_dir: Path
) -> Iterator[TestClient]:
    """An in-process client of an app with the update token over the module's backend; after the test
    the backend is put back as the project's data (graphs added are dropped, graphs changed re-copied)."""
    settings = backend_app_settings(backend_name, engine, store_dir, update_token=UPDATE_TOKEN, workers=1)
    try:
        with TestClient(create_app(settings, store=backend)) as test_client:
            yield test_client
    finally:
        restore_backend(backend, store)


def _graph_counts(target: Store) -> dict[str, int]:
    rows = target.select("SELECT ?g (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").dicts()
    return {row["g"].value: int(row["n"].value) for row in rows}


def restore_backend(target: Store, source: Store) -> None:
    """Make ``target`` hold ``source``'s graphs again: drop graphs ``source`` lacks, re-copy those whose
    triple count differs, and empty the default graph."""
    wanted, present = _graph_counts(source), _graph_counts(target)
    for graph in target.named_graphs():
        if graph not in wanted:
            target.drop_graph(graph)
    for graph, count in wanted.items():
        if present.get(graph) != count:
            target.replace_graph(graph, source.export([graph]))
    target.drop_graph(None)
