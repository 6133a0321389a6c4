"""A partial "anytime" answer is an error, never a short result.

Virtuoso signals it only by headers (``X-SQL-State: S1TAT``, ``X-SQL-Message``) on a 200 whose body
parses fine (``virtuoso.md`` §5.11); the timing that makes a real Virtuoso do it cannot be reproduced
reliably on a shared CI machine, so a loopback HTTP server answers exactly as Virtuoso did when measured.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from province40.errors import PartialResult
from province40.store.capabilities import PROFILES
from province40.store.remote import RemoteStore

_BODY = b"""<?xml version="1.0" encoding="utf-8" ?>
<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="n"/></head>
<results distinct="false" ordered="true"><result><binding name="n">
<literal datatype="http://www.w3.org/2001/XMLSchema#integer">1234</literal></binding></result></results></sparql>"""


class _AnytimeAnswer(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", "0")))
        self.send_response(200)
        self.send_header("Server", "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu")
        self.send_header("Content-Type", "application/sparql-results+xml")
        self.send_header("X-SQL-State", "S1TAT")
        self.send_header("X-SQL-Message", "RC...: Returning incomplete results, query interrupted by result timeout.")
        self.send_header("Content-Length", str(len(_BODY)))
        self.end_headers()
        self.wfile.write(_BODY)

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture()
def anytime_engine() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _AnytimeAnswer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    finally:
        server.shutdown()
        server.server_close()


def test_a_partial_answer_is_an_error(anytime_engine: str) -> None:
    store = RemoteStore(query_url=anytime_engine, capabilities=PROFILES["virtuoso"])
    try:
        with pytest.raises(PartialResult) as raised:
            store.select("SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o }")
        assert "S1TAT" in raised.value.message and "incomplete results" in raised.value.message
    finally:
        store.close()
