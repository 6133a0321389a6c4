"""``province40 push``: embedded store → a remote engine → province40 on the remote backend answers
the programme's questions exactly as the embedded store does.

Run on a new ``oxigraph serve`` and on the session's Virtuoso (emptied first). The command runs
in-process (``main([...])``), as a user would type it; the service in front of the engine is a real
``province40 serve``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from province40.catalog import stored_queries
from province40.cli import main
from province40.loading import BuildReport
from province40.push import value_digest, value_key
from tests.backends import Engine, oxigraph_engine
from tests.servers import oxigraph_server, province40_server

pytestmark = pytest.mark.server


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def empty_engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """A remote engine holding none of the store's graphs."""
    if request.param == "oxigraph":
        with oxigraph_server(tmp_path_factory.mktemp("push-oxigraph"), union_default_graph=False) as base:
            yield oxigraph_engine(base)
        return
    engine: Engine = request.getfixturevalue("virtuoso")
    remote = engine.store()
    for graph in remote.named_graphs():
        remote.drop_graph(graph)
    assert remote.named_graphs() == ()
    remote.close()
    yield engine


def _push(engine: Engine, store_dir: Path) -> int:
    return main(
        [
            "push",
            "--store",
            str(store_dir),
            "--to",
            engine.query_url,
            "--update-url",
            engine.update_url,
            "--graph-store-url",
            engine.graph_store_url,
        ]
    )


def _rows(response: httpx.Response) -> list[tuple[str, ...]]:
    assert response.status_code == 200, response.text
    results = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
    assert isinstance(results, ox.QuerySolutions)
    names = [v.value for v in results.variables]
    return [tuple(value_key(s[n]) if s[n] is not None else "" for n in names) for s in results]  # type: ignore[arg-type]


def test_push_then_serve_answers_like_the_embedded_store(
    empty_engine: Engine,
    built: BuildReport,
    client: TestClient,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    copy = tmp_path / "store"
    shutil.copytree(built.store_dir, copy)
    graphs = len(built.graphs)
    assert _push(empty_engine, copy) == 0
    out = capsys.readouterr().out
    assert f"[{graphs}/{graphs}]" in out and "counts and value digests verified" in out

    # interrupted or tampered with: running push again finishes the job
    remote = empty_engine.store()
    plan = "https://w3id.org/province40/graph/plan/TH-33"
    remote.drop_graph(plan)
    remote.add_to_graph(
        "https://w3id.org/province40/graph/reference",
        [ox.Quad(ox.NamedNode("http://example.org/stray"), ox.NamedNode("http://example.org/p"), ox.Literal("x"))],
    )
    remote.close()
    assert _push(empty_engine, copy) == 0
    assert "counts and value digests verified" in capsys.readouterr().out

    with province40_server(copy, **empty_engine.env()) as base, httpx.Client(base_url=base, timeout=60) as remote_api:
        ready, embedded_ready = remote_api.get("/readyz").json(), client.get("/readyz").json()
        assert ready["backend"] == "remote" and ready["engine"]["engine"] == empty_engine.name
        assert (ready["quads"], ready["named_graphs"]) == (embedded_ready["quads"], embedded_ready["named_graphs"])
        questions = stored_queries()
        assert len(questions) >= 7
        for question in questions:  # the programme's API questions, each with its example parameters
            params = {p.name: p.example for p in question.parameters} | {"limit": "5000"}
            here = client.get(f"/api/{question.slug}", params=params)
            there = remote_api.get(f"/api/{question.slug}", params=params)
            assert here.status_code == 200 and there.status_code == 200, (question.slug, there.text)
            expected, found = here.json(), there.json()
            assert expected["rows"], question.slug
            assert found["columns"] == expected["columns"], question.slug
            if "ORDER BY" in question.text:
                assert found["rows"] == expected["rows"], question.slug
            else:
                assert sorted(map(repr, found["rows"])) == sorted(map(repr, expected["rows"])), question.slug
            if not question.parameters:  # and the same text through the protocol endpoint
                assert _rows(remote_api.post("/sparql", data={"query": question.text})) == _rows(
                    client.post("/sparql", data={"query": question.text})
                ) or "ORDER BY" not in question.text, question.slug


def test_value_digest_compares_by_value() -> None:
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    xsd = "http://www.w3.org/2001/XMLSchema#"

    def triple(value: str, datatype: str) -> ox.Triple:
        return ox.Triple(s, p, ox.Literal(value, datatype=ox.NamedNode(xsd + datatype)))

    assert value_digest([triple("1.50", "decimal")]) == value_digest([triple("1.5", "decimal")])
    assert value_digest([triple("true", "boolean")]) == value_digest([triple("1", "boolean")])
    assert value_digest([triple("1.5", "decimal")]) != value_digest([triple("1.6", "decimal")])
    assert value_digest([ox.Triple(s, p, ox.BlankNode("a"))]) == value_digest([ox.Triple(s, p, ox.BlankNode("b"))])
    thai = ox.Triple(s, p, ox.Literal("ศรีสะเกษ", language="th"))
    assert value_digest([thai]) != value_digest([ox.Triple(s, p, ox.Literal("ศรีสะเกษ", language="en"))])
