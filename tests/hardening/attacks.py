"""The attacks of ``make hardening``, each against a really running ``province40 serve``.

An attack sends something hostile and returns what happened (:class:`Outcome`). :func:`run_attacks`
runs a list of them against one server, checking around each one that the service still answers
``/healthz`` and that the store holds exactly what it held before (a fingerprint: the triple count of
every graph), and returns the rows of the table :func:`table` prints.

The verdict of a row is ``ok`` when the attack ended as its ``expect`` says, within ``bound`` seconds,
with the service alive and the store unchanged:

* ``refused``: a 4xx, or a 503, in the one JSON error shape (``{"error": {"code", "message", ...},
  "status"}``) — the rule for every attack on the service's input;
* ``served``: every response a 2xx, a 4xx or a 503 in the error shape, none a 5xx other than 503 (the
  flood of concurrent connections, where answering is the right outcome);
* ``consistent`` (crashes): the store opens afterwards with the old or the new content, never a mix.

Crash attacks (:mod:`tests.hardening.crashes`) report the same way.
"""

from __future__ import annotations

import http.server
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import ClassVar, Literal

import httpx

SCRATCH = "http://example.org/hardening/scratch"
"""The graph RDF-body attacks try to write: it must still not exist afterwards."""

Expect = Literal["refused", "served", "consistent"]


@dataclass
class Outcome:
    """What one attack got back."""

    status: str
    error_code: str = ""
    shape_ok: bool = True
    note: str = ""
    statuses: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """A running server: its base URL and update token."""

    base: str
    token: str
    query_timeout: float
    max_body_bytes: int
    body_timeout: float

    def client(self, timeout: float = 60.0) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=timeout)

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass(frozen=True)
class Attack:
    """One attack: its group, name, what it does (for the table), and how it is run."""

    group: str
    name: str
    what: str
    run: Callable[[Target], Outcome]
    expect: Expect = "refused"
    reduced: bool = False
    """Part of the reduced form that ``make test`` runs."""
    bound: float = 30.0
    """Seconds the attack may take at most (a hang is a failure)."""


@dataclass
class Row:
    """One line of the table."""

    attack: Attack
    outcome: Outcome
    seconds: float
    alive: bool
    unchanged: bool

    @property
    def ok(self) -> bool:
        if not (self.alive and self.unchanged and self.seconds <= self.attack.bound and self.outcome.shape_ok):
            return False
        if self.attack.expect == "consistent":  # a crash: no answer expected, the store old or new
            return True
        if self.attack.expect == "served":
            return all(s < 500 or s == 503 for s in self.outcome.statuses) and bool(self.outcome.statuses)
        return self.outcome.status.isdigit() and (400 <= int(self.outcome.status) < 500 or self.outcome.status == "503")


# ---------------------------------------------------------------- checks around each attack


def error_shape(response: httpx.Response) -> tuple[str, bool]:
    """The error code of a response and whether the body is the one JSON error shape."""
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return "(not JSON)", False
    if not isinstance(body, dict) or set(body) != {"error", "status"} or body["status"] != response.status_code:
        return "(not the error shape)", False
    error = body["error"]
    if not isinstance(error, dict) or not {"code", "message"} <= set(error) or "Traceback" in json.dumps(body):
        return "(not the error shape)", False
    code = str(error["code"])
    reason = error.get("detail", {}).get("reason") if isinstance(error.get("detail"), dict) else None
    return code + (f" ({reason})" if reason and len(str(reason)) <= 20 else ""), True


def outcome_of(response: httpx.Response, note: str = "") -> Outcome:
    """An attack's outcome from its response (the error shape is checked on every 4xx / 5xx)."""
    if response.status_code < 400:
        return Outcome(str(response.status_code), "", True, note)
    code, shape = error_shape(response)
    return Outcome(str(response.status_code), code, shape, note)


FINGERPRINT = "SELECT ?g (COUNT(*) AS ?n) WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g"


def fingerprint(target: Target) -> dict[str, int]:
    """Triples per graph (the key "" is the default graph, read as the union here)."""
    with target.client() as client:
        response = client.post(
            "/sparql", data={"query": FINGERPRINT}, headers={"Accept": "application/sparql-results+json"}
        )
        response.raise_for_status()
        rows = response.json()["results"]["bindings"]
    return {row.get("g", {}).get("value", ""): int(row["n"]["value"]) for row in rows}


def alive(target: Target) -> bool:
    """``/healthz`` answers 200 within 5 s."""
    try:
        with target.client(timeout=5.0) as client:
            return client.get("/healthz").status_code == 200
    except httpx.HTTPError:
        return False


def run_attacks(target: Target, attacks: list[Attack]) -> list[Row]:
    """Run each attack, checking liveness and the store around it."""
    rows: list[Row] = []
    for attack in attacks:
        before = fingerprint(target)
        started = time.perf_counter()
        try:
            outcome = attack.run(target)
        except httpx.HTTPError as error:
            outcome = Outcome(f"({type(error).__name__})", "", False, str(error)[:80])
        seconds = time.perf_counter() - started
        is_alive = alive(target)
        unchanged = is_alive and fingerprint(target) == before
        rows.append(Row(attack, outcome, seconds, is_alive, unchanged))
    return rows


def table(rows: list[Row], title: str) -> str:
    """The table of what was tried and what happened."""
    lines = [
        "",
        title,
        f"{'group':<10} {'attack':<30} {'status':>8} {'time s':>7}  {'error code':<36} {'alive':<6} {'store':<10} verdict",
    ]
    for row in rows:
        status = row.outcome.status
        if row.attack.expect == "served":
            counts: dict[int, int] = {}
            for code in row.outcome.statuses:
                counts[code] = counts.get(code, 0) + 1
            status = "/".join(f"{n}×{c}" for c, n in sorted(counts.items()))
        lines.append(
            f"{row.attack.group:<10} {row.attack.name:<30} {status:>8} {row.seconds:>7.2f}  "
            f"{(row.outcome.error_code or '-')[:36]:<36} {'yes' if row.alive else 'NO':<6} "
            f"{_store_label(row):<10} {'ok' if row.ok else 'FAIL'}"
            + (f"  ({row.outcome.note})" if row.outcome.note else "")
        )
    failed = [row.attack.name for row in rows if not row.ok]
    lines.append(f"{len(rows) - len(failed)} of {len(rows)} ok" + (f"; FAILED: {', '.join(failed)}" if failed else ""))
    return "\n".join(lines)


def _store_label(row: Row) -> str:
    if row.attack.expect == "consistent" or row.attack.group == "crash":
        return "old|new" if row.unchanged else "MIX"
    return "unchanged" if row.unchanged else "CHANGED"


# ---------------------------------------------------------------- a web server that records requests


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        body = b'{"@context": {"name": "http://xmlns.com/foaf/0.1/name"}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        return


@contextmanager
def recorder() -> Iterator[tuple[str, list[str]]]:
    """A loopback web server that answers anything, and the list of paths it was asked for."""
    _Recorder.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", _Recorder.requests
    finally:
        httpd.shutdown()
        httpd.server_close()


# ---------------------------------------------------------------- RDF bodies


RDF_NS = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/"'


def _upload(target: Target, body: bytes, content_type: str, note: str = "") -> Outcome:
    with target.client() as client:
        response = client.put(
            "/graph-store",
            params={"graph": SCRATCH},
            content=body,
            headers={"Content-Type": content_type, **target.auth},
        )
    return outcome_of(response, note)


def entity_expansion(target: Target) -> Outcome:
    """Billion laughs: nine levels of ten references, 10⁹ × 10 bytes once expanded."""
    entities = '<!ENTITY a "aaaaaaaaaa">\n' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">\n' for i in range(9)
    )
    body = (
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n{entities}]>\n<rdf:RDF {RDF_NS}>'
        '<rdf:Description rdf:about="http://example.org/s"><ex:p>&j;</ex:p></rdf:Description></rdf:RDF>'
    )
    return _upload(target, body.encode(), "application/rdf+xml")


def external_entity(target: Target) -> Outcome:
    """An external entity naming a local file (XXE)."""
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f'<rdf:RDF {RDF_NS}><rdf:Description rdf:about="http://example.org/s"><ex:p>&x;</ex:p>'
        "</rdf:Description></rdf:RDF>"
    )
    return _upload(target, body.encode(), "application/rdf+xml")


def remote_context(target: Target) -> Outcome:
    """JSON-LD whose @context is a URL (served on loopback, which records whether it was fetched)."""
    with recorder() as (url, requests):
        body = json.dumps({"@context": f"{url}/context.jsonld", "@id": "http://example.org/s", "name": "x"})
        outcome = _upload(target, body.encode(), "application/ld+json")
        time.sleep(0.2)
        outcome.note = f"context fetched {len(requests)} times"
        if requests:
            outcome.shape_ok = False
    return outcome


def gigantic_literal(target: Target) -> Outcome:
    """One literal one byte larger than the body limit."""
    body = b'<http://example.org/s> <http://example.org/p> "' + b"x" * target.max_body_bytes + b'" .'
    return _upload(target, body, "application/n-triples")


def deep_collection(target: Target) -> Outcome:
    """An RDF collection nested 100,000 deep."""
    depth = 100_000
    body = "@prefix ex: <http://example.org/> . ex:s ex:p " + "( " * depth + "ex:o" + " )" * depth + " ."
    return _upload(target, body.encode(), "text/turtle")


def deep_collection_validation(target: Target) -> Outcome:
    """The same nesting posted to /validation (validators walk lists recursively)."""
    depth = 100_000
    body = "@prefix ex: <http://example.org/> . ex:s ex:p " + "( " * depth + "ex:o" + " )" * depth + " ."
    with target.client() as client:
        response = client.post("/validation", content=body.encode(), headers={"Content-Type": "text/turtle"})
    return outcome_of(response)


def invalid_utf8(target: Target) -> Outcome:
    return _upload(target, b'<http://example.org/s> <http://example.org/p> "caf\xe9" .', "application/n-triples")


def nul_bytes(target: Target) -> Outcome:
    return _upload(target, b'<http://example.org/s> <http://example.org/p> "a\x00b" .', "application/n-triples")


# ---------------------------------------------------------------- SPARQL


def _query(target: Target, query: str, *, accept: str = "application/sparql-results+json") -> Outcome:
    with target.client() as client:
        response = client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    return outcome_of(response)


def deep_nesting(target: Target) -> Outcome:
    return _query(target, "SELECT * WHERE " + "{" * 5000 + " ?s ?p ?o " + "}" * 5000)


def huge_values(target: Target) -> Outcome:
    rows = " ".join(f"(<http://example.org/v{i}>)" for i in range(100_000))
    return _query(target, f"SELECT * WHERE {{ VALUES (?v) {{ {rows} }} ?v ?p ?o }}")


def catastrophic_regex(target: Target) -> Outcome:
    """A backtracking pattern over every pair of literals (Rust's regex engine is linear; the join is not)."""
    return _query(
        target,
        'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?a ?b ?c FILTER(REGEX(CONCAT(STR(?o), STR(?c), "!"), "^(a+)+$")) }',
    )


def cartesian_join(target: Target) -> Outcome:
    return _query(target, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")


def path_explosion(target: Target) -> Outcome:
    """Any-predicate closure from every node to every node, twice over."""
    return _query(
        target, "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x:p>|!<urn:x:p>)* ?b . ?b (<urn:x:p>|!<urn:x:p>)* ?c }"
    )


def memory_construct(target: Target) -> Outcome:
    """A CONSTRUCT that sorts the square of the store: memory grows until the worker's ceiling or deadline."""
    return _query(
        target,
        "CONSTRUCT { ?a ?b ?c . ?d ?e ?f } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
        accept="application/n-triples",
    )


# ---------------------------------------------------------------- HTTP


def _raw(target: Target, payload: bytes, *, trickle: bytes = b"", every: float = 0.0, wait: float = 30.0) -> bytes:
    """Send raw bytes on one connection (then ``trickle`` one byte every ``every`` s); the raw answer."""
    host, port = target.base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as sock:
        sock.sendall(payload)
        try:
            for byte in trickle:
                sock.sendall(bytes([byte]))
                time.sleep(every)
        except OSError:
            pass  # the server closed the connection: read what it said
        chunks: list[bytes] = []
        try:
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
                if b"\r\n\r\n" in b"".join(chunks) and _complete(b"".join(chunks)):
                    break
        except OSError:
            pass
    return b"".join(chunks)


def _complete(raw: bytes) -> bool:
    head, _, body = raw.partition(b"\r\n\r\n")
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return len(body) >= int(line.split(b":", 1)[1])
    return False


def _raw_outcome(raw: bytes, note: str = "") -> Outcome:
    if not raw:
        return Outcome("(closed)", "", False, note or "connection closed without an answer")
    head, _, body = raw.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1].decode() if head.startswith(b"HTTP/") else "(garbage)"
    response = httpx.Response(int(status) if status.isdigit() else 599, content=body)
    if status.isdigit() and int(status) >= 400:
        code, shape = error_shape(response)
        return Outcome(status, code, shape, note)
    return Outcome(status, "", True, note)


def oversized_declared(target: Target) -> Outcome:
    """A Content-Length of 1 GiB (only a few bytes follow)."""
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 1073741824\r\nConnection: close\r\n\r\nASK {}"
    )
    return _raw_outcome(_raw(target, request))


def oversized_streamed(target: Target) -> Outcome:
    """A chunked body (no Content-Length) that grows past the limit."""

    def chunks() -> Iterator[bytes]:
        block = b"#" * 65536
        for _ in range(target.max_body_bytes // len(block) + 8):
            yield block

    with target.client() as client:
        response = client.post("/sparql", content=chunks(), headers={"Content-Type": "application/sparql-query"})
    return outcome_of(response)


def slow_upload(target: Target) -> Outcome:
    """Slowloris on the body: headers at once, then one byte every 0.5 s of a declared 1,000."""
    request = (
        b"PUT /graph-store?graph=" + SCRATCH.encode() + b" HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: text/turtle\r\nAuthorization: Bearer " + target.token.encode() + b"\r\n"
        b"Content-Length: 1000\r\nConnection: close\r\n\r\n"
    )
    started = time.perf_counter()
    raw = _raw(target, request, trickle=b"#" * 1000, every=0.5, wait=target.body_timeout + 30)
    return _raw_outcome(raw, f"answered after {time.perf_counter() - started:.1f} s")


def many_connections(target: Target) -> Outcome:
    """300 connections at once, each asking a query (answers or 503 busy expected, never a 500)."""
    statuses: list[int] = []
    shape_ok = True

    def one(_: int) -> tuple[int, bool]:
        with httpx.Client(base_url=target.base, timeout=60) as client:
            response = client.post("/sparql", data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        return response.status_code, response.status_code < 400 or error_shape(response)[1]

    with ThreadPoolExecutor(300) as pool:
        for status, shape in pool.map(one, range(300)):
            statuses.append(status)
            shape_ok = shape_ok and shape
    return Outcome("", "", shape_ok, f"{len(statuses)} answers", statuses)


def malformed_accept(target: Target) -> Outcome:
    with target.client() as client:
        response = client.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": ";;;,,q=x/y;q=abc, */*;q=-1"})
    return outcome_of(response)


def malformed_content_type(target: Target) -> Outcome:
    with target.client() as client:
        response = client.post("/sparql", content=b"ASK {}", headers={"Content-Type": ';;=; charset="'})
    return outcome_of(response)


ATTACKS: list[Attack] = [
    Attack("rdf", "rdfxml_entity_expansion", "billion laughs in RDF/XML", entity_expansion, reduced=True),
    Attack("rdf", "rdfxml_external_entity", "XXE: file:///etc/passwd", external_entity),
    Attack("rdf", "jsonld_remote_context", "@context on a URL", remote_context),
    Attack("rdf", "gigantic_literal", "literal > max_body_bytes", gigantic_literal),
    Attack("rdf", "deep_collection_upload", "list nested 100,000 deep", deep_collection),
    Attack("rdf", "deep_collection_validation", "the same, POST /validation", deep_collection_validation),
    Attack("rdf", "invalid_utf8", "Latin-1 byte in N-Triples", invalid_utf8, reduced=True),
    Attack("rdf", "nul_bytes", "NUL byte in a literal", nul_bytes, reduced=True),
    Attack("sparql", "deep_nesting", "5,000 nested groups", deep_nesting, reduced=True),
    Attack("sparql", "huge_values", "VALUES with 100,000 rows", huge_values),
    Attack("sparql", "catastrophic_regex", "(a+)+$ over literal pairs", catastrophic_regex),
    Attack("sparql", "cartesian_join", "COUNT of the store cubed", cartesian_join, reduced=True),
    Attack("sparql", "path_explosion", "any-predicate closure", path_explosion),
    Attack("sparql", "memory_construct", "CONSTRUCT sorting the cube", memory_construct, reduced=True),
    Attack("http", "oversized_declared", "Content-Length: 1 GiB", oversized_declared, reduced=True),
    Attack("http", "oversized_streamed", "chunked body past the limit", oversized_streamed),
    Attack("http", "slow_upload", "1 byte / 0.5 s body", slow_upload, reduced=True, bound=60.0),
    Attack("http", "many_connections", "300 concurrent queries", many_connections, expect="served", bound=120.0),
    Attack("http", "malformed_accept", "Accept: ;;;,,q=x/y", malformed_accept),
    Attack("http", "malformed_content_type", 'Content-Type: ;;=; charset="', malformed_content_type, reduced=True),
]
