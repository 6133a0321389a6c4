"""The exact change a write makes to a watched graph (:mod:`province40.store.graph_delta`), computed by
the writer: equal to the graph's real change for every kind of write, chained by fingerprints."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40.store.embedded import EmbeddedStore
from province40.store.graph_delta import GraphDelta, fingerprint, graph_quads
from province40.store.jobs import DeltaJob, DeltaResult, UpdateJob, WriteGraphJob

G = "http://example.org/graph/plan/TH-99"
OTHER = "http://example.org/graph/other"
EX = "http://example.org/"


def _q(s: str, p: str, o: ox.NamedNode | ox.Literal | ox.BlankNode, graph: str = G) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + s), ox.NamedNode(EX + p), o, ox.NamedNode(graph))


def _seeded() -> ox.Store:
    store = ox.Store()
    store.extend([
        _q("a", "p", ox.Literal("one")),
        _q("a", "q", ox.NamedNode(EX + "b")),
        _q("b", "p", ox.Literal("two", language="th")),
        ox.Quad(ox.BlankNode("x1"), ox.NamedNode(EX + "p"), ox.Literal("blank"), ox.NamedNode(G)),
        _q("b", "note", ox.Literal('two lines\nwith "quotes", a \\ and ภาษาไทย\t', language="th")),
        _q("b", "when", ox.Literal("2024-01-02", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date"))),
        _q("a", "p", ox.Literal("elsewhere"), OTHER),
    ])
    return store


WRITES: dict[str, UpdateJob | WriteGraphJob] = {
    "INSERT DATA": UpdateJob(f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}c> <{EX}p> 'new' . <{EX}a> <{EX}p> 'one' }} }}"),
    "DELETE DATA": UpdateJob(f"DELETE DATA {{ GRAPH <{G}> {{ <{EX}a> <{EX}p> 'one' }} }}"),
    "DELETE WHERE": UpdateJob(f"DELETE WHERE {{ GRAPH <{G}> {{ ?s <{EX}p> ?o }} }}"),
    "DELETE/INSERT with a blank node": UpdateJob(
        f"DELETE {{ GRAPH <{G}> {{ ?s <{EX}p> ?o }} }} INSERT {{ GRAPH <{G}> {{ ?s <{EX}p> 'changed' }} }} "
        f"WHERE {{ GRAPH <{G}> {{ ?s <{EX}p> ?o FILTER isBlank(?s) }} }}"
    ),
    "an update of another graph": UpdateJob(f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{EX}z> <{EX}p> 'z' }} }}"),
    "Graph Store PUT": WriteGraphJob("replace", G, (_q("a", "p", ox.Literal("one")), _q("d", "p", ox.Literal("4")))),
    "Graph Store POST": WriteGraphJob("add", G, (_q("a", "p", ox.Literal("one")), _q("e", "p", ox.Literal("5")))),
    "Graph Store PUT of a document": WriteGraphJob(
        "replace", G, document=f"<{EX}a> <{EX}p> 'one' . _:n <{EX}p> 'doc' .".encode(), media_type="text/turtle"
    ),
    "Graph Store DELETE": WriteGraphJob("drop", G),
}


@pytest.mark.parametrize("name", list(WRITES))
def test_the_delta_is_the_real_change_of_the_graph(name: str) -> None:
    job = WRITES[name]
    plain, watched = _seeded(), _seeded()
    result = job.run(plain)
    existed, before = graph_quads(watched, G)
    answer = DeltaJob(job, (G,)).run(watched)
    exists, after = graph_quads(watched, G)
    assert isinstance(answer, DeltaResult) and answer.result == result
    assert len(watched) == len(plain), "the watched write wrote what the plain one did"
    (delta,) = answer.deltas
    assert set(delta.added) == set(after) - set(before)
    assert set(delta.removed) == set(before) - set(after)
    assert (delta.existed, delta.exists) == (existed, exists)
    assert delta.before == fingerprint(before) and delta.after == fingerprint(after), (
        "the writer's fingerprint of the dump's lines is the reader's of the parsed quads"
    )
    applied = (set(before) - set(delta.removed)) | set(delta.added)
    assert applied == set(after), "the old content with the delta applied is the new content"
    assert delta.empty == (set(before) == set(after) and existed == exists)


def test_fingerprints_ignore_order_and_chain() -> None:
    quads = list(_seeded())
    assert fingerprint(quads) == fingerprint(reversed(quads))
    assert fingerprint(quads) != fingerprint(quads[1:])
    first = GraphDelta.between(G, quads[:2], quads[:3], existed=True, exists=True)
    second = GraphDelta.between(G, quads[:3], quads[1:3], existed=True, exists=True)
    assert first.carried(fingerprint(quads[:2])) == fingerprint(quads[:3])
    assert second.carried(first.after) == fingerprint(quads[1:3])
    assert second.carried(fingerprint(quads[:2])) is None, "a copy that missed the first write"


def _rows(store: EmbeddedStore, graph: str) -> set[ox.Quad]:
    return set(store.export([graph]))


def test_the_embedded_store_hands_back_the_deltas_of_watched_graphs_only(tmp_path: Path) -> None:
    path = tmp_path / "store"
    seeded = ox.Store(str(path))
    seeded.extend(_seeded())
    seeded.flush()
    del seeded
    store = EmbeddedStore(path, workers=1, writable=True)
    try:
        writes: list[Callable[[], object]] = [
            lambda: store.update(f"INSERT DATA {{ GRAPH <{G}> {{ <{EX}c> <{EX}p> 'c' }} }}"),
            lambda: store.add_to_graph(G, [_q("f", "p", ox.Literal("f"))]),
            lambda: store.update(f"INSERT DATA {{ GRAPH <{OTHER}> {{ <{EX}c> <{EX}p> 'c' }} }}"),
        ]
        writes[0]()
        assert store.take_deltas() == [], "nothing watched yet"
        store.watch([G])
        contents = [_rows(store, G)]
        for write in writes:
            write()
            contents.append(_rows(store, G))
        deltas = store.take_deltas()
        assert store.take_deltas() == [], "handed over once"
        assert [d.graph for d in deltas] == [G, G], "the write to another graph is not watched"
        assert fingerprint(contents[0]) == deltas[0].before and deltas[1].after == fingerprint(contents[-1])
        assert deltas[0].after == deltas[1].before
        assert set(deltas[0].added) == contents[1] - contents[0] and not deltas[0].removed
    finally:
        store.close()
