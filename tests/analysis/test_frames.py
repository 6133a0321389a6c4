"""``select``: typed columns, the same frame from every kind of source, errors that say what to do."""

from __future__ import annotations

import pandas as pd
import pyoxigraph as ox
import pytest

from province40.analysis.frames import XSD, Cell, select, typed_frame
from province40.errors import EndpointUnavailable, QuerySyntaxError, ResultTruncated
from province40.store.embedded import EmbeddedStore
from tests.servers import free_port, province40_server

EX = "http://example.org/"


def _literal(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


def _store(rows: list[dict[str, ox.Literal | ox.NamedNode]]) -> ox.Store:
    store = ox.Store()
    graph = ox.NamedNode(EX + "g")
    for number, row in enumerate(rows):
        subject = ox.NamedNode(f"{EX}row{number}")
        store.add(ox.Quad(subject, ox.NamedNode(EX + "row"), _literal(str(number), "integer"), graph))
        for name, value in row.items():
            store.add(ox.Quad(subject, ox.NamedNode(EX + name), value, graph))
    return store


def _columns(store: ox.Store, *names: str) -> pd.DataFrame:
    optional = " ".join(f"OPTIONAL {{ ?s <{EX}{n}> ?{n} }}" for n in names)
    return select(f"SELECT ?s {' '.join('?' + n for n in names)} WHERE {{ ?s <{EX}row> ?row {optional} }} ORDER BY ?row",
                  store)


def test_columns_take_the_type_of_their_values() -> None:
    store = _store(
        [
            {"n": _literal("3", "integer"), "x": _literal("1.50", "decimal"), "b": _literal("true", "boolean"),
             "d": _literal("2022-04-29", "date"), "t": _literal("2026-11-30T07:00:00+07:00", "dateTime"),
             "y": _literal("2565", "gYear"), "th": ox.Literal("สุพรรณบุรี", language="th"),
             "en": ox.Literal("Suphan Buri", language="en"), "iri": ox.NamedNode(EX + "thing")},
            {"n": _literal("-12", "int"), "x": _literal("2.5E0", "double"), "b": _literal("0", "boolean")},
        ]
    )
    frame = _columns(store, "n", "x", "b", "d", "t", "y", "th", "en", "iri", "missing")
    assert str(frame["n"].dtype) == "Int64" and frame["n"].tolist() == [3, -12]
    assert str(frame["x"].dtype) == "Float64" and frame["x"].tolist() == [1.5, 2.5]
    assert str(frame["b"].dtype) == "boolean" and frame["b"].tolist() == [True, False]
    assert frame["d"].dtype.kind == "M" and frame["d"][0] == pd.Timestamp("2022-04-29")
    assert frame["d"].isna()[1]
    assert str(frame["t"].dtype).endswith("UTC]") and frame["t"][0] == pd.Timestamp("2026-11-30T00:00:00Z")
    assert str(frame["y"].dtype) == "Int64" and frame["y"][0] == 2565
    assert str(frame["th"].dtype) == "string" and frame["th"][0] == "สุพรรณบุรี" and frame["th"].isna()[1]
    assert frame["en"][0] == "Suphan Buri"
    assert str(frame["iri"].dtype) == "string" and frame["iri"][0] == EX + "thing"
    assert frame["missing"].isna().all()
    assert list(frame.columns) == ["s", "n", "x", "b", "d", "t", "y", "th", "en", "iri", "missing"]


def test_integers_and_decimals_together_are_decimals_and_other_mixes_are_text() -> None:
    store = _store(
        [
            {"v": _literal("1", "integer"), "m": _literal("1", "integer"), "bad": _literal("12", "integer")},
            {"v": _literal("0.5", "decimal"), "m": ox.Literal("one", language="en"), "bad": _literal("x", "integer")},
        ]
    )
    frame = _columns(store, "v", "m", "bad")
    assert str(frame["v"].dtype) == "Float64" and frame["v"].tolist() == [1.0, 0.5]
    assert str(frame["m"].dtype) == "string" and frame["m"].tolist() == ["1", "one"]
    assert str(frame["bad"].dtype) == "string" and frame["bad"].tolist() == ["12", "x"]  # not an integer: kept as text


def test_blank_nodes_are_written_as_blank_node_labels() -> None:
    frame = typed_frame(("b",), [(Cell("blank", "x1"),), (None,)])
    assert frame["b"][0] == "_:x1" and frame["b"].isna()[1]


def test_empty_result_keeps_its_columns() -> None:
    frame = select("SELECT ?a ?b WHERE { ?a ?b ?c }", ox.Store())
    assert list(frame.columns) == ["a", "b"] and len(frame) == 0


QUERY = """PREFIX p40: <https://w3id.org/province40/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?project ?label ?sequence WHERE {
  ?project a p40:Project ; p40:sequenceNumber ?sequence ; rdfs:label ?label FILTER (lang(?label) = "th")
} ORDER BY ?project"""


def test_the_local_store_the_province40_store_and_the_endpoint_give_the_same_frame(
    store_dir: object, store: EmbeddedStore, live_endpoint: str
) -> None:
    local = select(QUERY, ox.Store.read_only(str(store_dir)))
    assert len(local) == 14 and str(local["sequence"].dtype) == "Int64"
    assert local["label"].str.contains("[\u0e00-\u0e7f]", regex=True).all()  # Thai text as written
    pd.testing.assert_frame_equal(select(QUERY, store), local)
    pd.testing.assert_frame_equal(select(QUERY, live_endpoint), local)


def test_a_bad_query_is_a_syntax_error_from_every_source(store: EmbeddedStore, live_endpoint: str) -> None:
    with pytest.raises(QuerySyntaxError):
        select("SELECT ?x WHERE { ?x", ox.Store())
    with pytest.raises(QuerySyntaxError, match="refused the query"):
        select("SELECT ?x WHERE { ?x", live_endpoint)
    with pytest.raises(QuerySyntaxError, match="SELECT"):
        select("ASK { ?s ?p ?o }", ox.Store())


@pytest.mark.server
def test_a_truncated_result_is_an_error_not_part_of_the_data(store_dir: object) -> None:
    with province40_server(store_dir, max_rows="5") as base:  # type: ignore[arg-type]
        with pytest.raises(ResultTruncated, match="max_rows"):
            select(QUERY, f"{base}/sparql")
        assert len(select(QUERY + " LIMIT 5", f"{base}/sparql")) == 5


def test_an_endpoint_that_does_not_answer_says_how_to_start_the_service() -> None:
    with pytest.raises(EndpointUnavailable, match="make run"):
        select(QUERY, f"http://127.0.0.1:{free_port()}/sparql", timeout=5)


def test_docstring_examples_run() -> None:
    import doctest

    from province40.analysis import frames

    failed, attempted = doctest.testmod(frames)
    assert attempted > 0 and failed == 0
