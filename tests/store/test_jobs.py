"""Jobs of the embedded store's worker processes, run in-process on an in-memory pyoxigraph store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from province40.errors import RdfSyntaxError
from province40.store.jobs import QueryJob, UpdateJob, WriteGraphJob


def test_a_graph_document_is_parsed_by_the_job_itself() -> None:
    """WriteGraphJob takes the upload as bytes and parses it where it runs (the writer process), with a
    syntax error raised before anything changes."""
    store = ox.Store()
    body = '<http://example.org/s> <http://example.org/p> "Cafe\u0301 น้ำ"@th .'.encode()
    job = WriteGraphJob("replace", "http://example.org/g", document=body, media_type="text/turtle; charset=utf-8")
    assert job.run(store) is True
    (quad,) = list(store)
    assert quad.graph_name == ox.NamedNode("http://example.org/g") and quad.object.value == "Caf\u00e9 น้ำ"
    broken = WriteGraphJob(
        "replace", "http://example.org/g", document=b"<http://example.org/s> .", media_type="text/turtle"
    )
    with pytest.raises(RdfSyntaxError, match="request body:1"):
        broken.run(store)
    assert len(store) == 1


def test_relative_iris_resolve_against_the_base_iri() -> None:
    store = ox.Store()
    UpdateJob("INSERT DATA { GRAPH <http://example.org/g> { <s> <p> <o> } }", "http://host/sparql").run(store)
    (quad,) = list(store)
    assert quad.subject == ox.NamedNode("http://host/s")
    solutions = QueryJob("SELECT ?o { GRAPH ?g { <s> ?p ?o } }", None, 10, base_iri="http://host/sparql").run(store)
    assert solutions.rows == ((ox.NamedNode("http://host/o"),),)  # type: ignore[union-attr]
