"""The store's write journal (:mod:`province40.store.journal`): a digest that changes with every write
and no read, the graphs each kind of write names, and chaining entries from one digest to another."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from province40.store import journal
from province40.store.journal import Entry, chain, store_digest
from province40.store.update_plan import DEFAULT_GRAPH, graphs_of_update

G = "https://w3id.org/province40/graph/plan/TH-10"
H = "https://w3id.org/province40/graph/plan/TH-11"


def _quad(value: str, graph: str = G) -> ox.Quad:
    return ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(value),
                   ox.NamedNode(graph))


def test_the_digest_changes_with_every_write_and_never_with_a_read(tmp_path: Path) -> None:
    path = tmp_path / "store"
    assert store_digest(path) is None
    store = ox.Store(str(path))
    store.add(_quad("a"))
    store.flush()
    del store
    first = store_digest(path)
    assert first is not None
    reader = ox.Store.read_only(str(path))
    assert len(list(reader.quads_for_pattern(None, None, None))) == 1
    del reader
    assert store_digest(path) == first
    writer = ox.Store(str(path))
    writer.add(_quad("b"))
    writer.flush()
    del writer
    second = store_digest(path)
    assert second not in (first, None)
    rebuilt = tmp_path / "again"  # the same content in a new store: another database id, another digest
    again = ox.Store(str(rebuilt))
    again.extend([_quad("a"), _quad("b")])
    again.flush()
    del again
    assert store_digest(rebuilt) not in (first, second)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"INSERT DATA {{ GRAPH <{G}> {{ <http://x> <http://y> 1 }} }}", {G}),
        (f"DROP GRAPH <{G}> ; CLEAR SILENT GRAPH <{H}>", {G, H}),
        (f"WITH <{G}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", {G, DEFAULT_GRAPH}),  # a superset
        ("INSERT DATA { <http://x> <http://y> 1 }", {DEFAULT_GRAPH}),
        (f"COPY <{G}> TO <{H}>", {H}),
        ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }", None),
        (f"DELETE WHERE {{ GRAPH <{G}> {{ <http://x> ?p ?o }} }}", {G}),  # the short form's pattern is its template
        (f"DELETE {{ GRAPH <{G}> {{ ?s ?p ?o }} }} INSERT {{ GRAPH <{H}> {{ ?s ?p 1 }} }} WHERE {{ ?s ?p ?o }}", {G, H}),
        (f"INSERT {{ ?s ?p 1 . GRAPH <{G}> {{ ?s ?p 2 }} }} WHERE {{ GRAPH <{H}> {{ ?s ?p ?o }} }}", {G, DEFAULT_GRAPH}),
        ("DELETE WHERE { ?s ?p ?o }", {DEFAULT_GRAPH}),
        ("DELETE WHERE { GRAPH ?g { ?s ?p ?o } }", None),
        ("DROP ALL", None),
        ("CLEAR NAMED", None),
        ("this is not SPARQL {", None),
    ],
)
def test_the_graphs_an_update_names(text: str, expected: set[str] | None) -> None:
    found = graphs_of_update(text)
    assert (None if found is None else set(found)) == expected


def test_a_relative_graph_name_with_a_base_given_outside_the_text_is_unknown() -> None:
    assert graphs_of_update("INSERT DATA { GRAPH <plan/TH-10> { <http://x> <http://y> 1 } }",
                            base_iri="https://w3id.org/province40/graph/") is None


def test_the_chain_from_a_digest_to_another() -> None:
    entries = [
        Entry("d0", "d1", frozenset({G}), by="service"),
        Entry("d1", "d2", frozenset(), by="open"),
        Entry("d2", "d3", frozenset({H}), by="service"),
    ]
    found = chain(entries, "d0", {G: "g", H: "h", "other": "o"}, "d3")
    assert found is not None and found.graphs == {G, H} and dict(found.contents) == {"other": "o"}
    assert chain(entries, "d1", {}, "d3") is not None and chain(entries, "d1", {}, "d3").graphs == {H}  # type: ignore[union-attr]
    assert chain(entries, "d3", {}, "d3") is not None
    assert chain(entries, "d0", {}, "d9") is None  # the store moved on without the journal: a foreign write
    assert chain(entries, "dx", {}, "d3") is None
    unknown = [*entries, Entry("d3", "d4", None, by="service")]
    assert chain(unknown, "d0", {}, "d4") is None


def test_a_build_names_the_graphs_whose_content_changed() -> None:
    built = Entry("d0", "d1", contents={G: "g2", H: "h", "other": "o"}, by="build")
    found = chain([built], "d0", {G: "g", H: "h", "other": "o"}, "d1")
    assert found is not None and found.graphs == {G}
    found = chain([built], "d0", {H: "h"}, "d1")  # contents not known before: changed, as far as anyone can tell
    assert found is not None and found.graphs == {G, "other"}


def test_entries_survive_the_file_and_an_untrusted_journal_is_ignored(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    journal.append(store_dir, Entry(None, "d1", contents={G: "g"}, by="build"))
    journal.append(store_dir, Entry("d1", "d2", frozenset({H}), by="service"))
    read = journal.read_journal(store_dir)
    assert [(e.before, e.after, e.graphs, e.by) for e in read] == [
        (None, "d1", None, "build"),
        ("d1", "d2", frozenset({H}), "service"),
    ]
    assert read[0].contents == {G: "g"}
    journal.journal_path(store_dir).chmod(0o666)
    assert journal.read_journal(store_dir) == []
