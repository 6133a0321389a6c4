"""Benchmark: the province40 endpoint against ``oxigraph serve`` (the named baseline) and
rdflib-endpoint, on the same data and the same queries, in one run.

    make bench        # or: .venv/bin/pytest tests/benchmarks/test_endpoint_speed.py -s -o addopts=""

Prints latency (median, p95, one client) and throughput (requests/s, 4 concurrent clients) per query
and server, and the ratios to oxigraph serve. Never fails on time: it asserts only that every server
gave the same answers. Size: PROVINCE40_BENCH_PROJECTS projects per province (default 100).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx

from province40.loading import build_store
from province40.synth import SynthOptions, write
from tests.servers import BIN, _stop, _wait, free_port, oxigraph_server, province40_server

PROJECTS = int(os.environ.get("PROVINCE40_BENCH_PROJECTS", "100"))
ROUNDS = int(os.environ.get("PROVINCE40_BENCH_ROUNDS", "20"))
CLIENTS = 4

PREFIX = "PREFIX p40: <https://w3id.org/province40/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
QUERIES = {
    "lookup": PREFIX + "SELECT ?p ?o WHERE { <https://w3id.org/province40/id/province/TH-33> ?p ?o } ORDER BY ?p ?o",
    "projects-per-province": PREFIX
    + "SELECT ?code (COUNT(?project) AS ?n) WHERE { ?project p40:ownerProvince/p40:iso3166Code ?code } GROUP BY ?code ORDER BY ?code",
    "dimension-coverage": PREFIX
    + """SELECT ?code ?d (COUNT(DISTINCT ?project) AS ?n) WHERE {
           ?plan p40:planOf/p40:iso3166Code ?code ; p40:hasProject ?project .
           ?project p40:servesDimension ?d } GROUP BY ?code ?d ORDER BY ?code ?d""",
    "curated-strategy-links": PREFIX
    + """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         SELECT ?s (COUNT(?link) AS ?n) WHERE { ?link a p40:CuratedLink ; rdf:predicate p40:contributesToStrategy ;
           rdf:object ?s } GROUP BY ?s ORDER BY ?s""",
}

RDFLIB_ENDPOINT_APP = textwrap.dedent(
    """
    import sys, uvicorn, rdflib
    from rdflib_endpoint import SparqlEndpoint
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(sys.argv[1], format="nquads")
    app = SparqlEndpoint(graph=dataset, title="baseline")
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
    """
)


@contextmanager
def rdflib_endpoint_server(nquads: Path) -> Iterator[str]:
    port = free_port()
    with tempfile.TemporaryFile() as log:
        env = {**os.environ, "PYTHONWARNINGS": "ignore"}
        process = subprocess.Popen(
            [sys.executable, "-c", RDFLIB_ENDPOINT_APP, str(nquads), str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(f"{base}/", process, log, "rdflib-endpoint", timeout=900)
            yield base
        finally:
            _stop(process)


def ask(url: str, query: str, client: httpx.Client) -> list[tuple[str, ...]]:
    response = client.post(url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    body = response.json()
    names = body["head"]["vars"]
    return [tuple(row.get(v, {}).get("value", "") for v in names) for row in body["results"]["bindings"]]


def measure(call: Callable[[], object], rounds: int) -> dict[str, float]:
    call()  # warm-up
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(lambda _: call(), range(rounds * CLIENTS)))
    throughput = rounds * CLIENTS / (time.perf_counter() - started)
    times.sort()
    return {
        "median_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * (len(times) - 1))] * 1000,
        "rps": throughput,
    }


def test_endpoint_against_oxigraph_and_rdflib_endpoint(tmp_path: Path) -> None:
    trig = tmp_path / "national.trig"
    quads = write(trig, SynthOptions(projects_per_province=PROJECTS), progress_stream=None).quads
    report = build_store(tmp_path / "store", extra=[trig])
    oxigraph_copy = tmp_path / "oxigraph"
    subprocess.run(["cp", "-r", str(report.store_dir), str(oxigraph_copy)], check=True)
    nquads = tmp_path / "all.nq"
    subprocess.run(
        [str(BIN / "oxigraph"), "dump", "--location", str(report.store_dir), "--file", str(nquads)], check=True
    )
    print(
        f"\n\ndata: {report.total_quads} quads ({quads} synthetic: 77 provinces × {PROJECTS} projects); rounds={ROUNDS}, clients={CLIENTS}"
    )

    results: dict[str, dict[str, dict[str, float]]] = {}
    answers: dict[str, dict[str, list[tuple[str, ...]]]] = {}
    with httpx.Client(timeout=300) as client:
        servers = {
            "oxigraph serve": lambda: oxigraph_server(oxigraph_copy),
            "province40": lambda: province40_server(
                report.store_dir, workers="2", query_timeout="300", max_rows="1000000"
            ),
            "rdflib-endpoint": lambda: rdflib_endpoint_server(nquads),
        }
        for name, start in servers.items():
            started = time.perf_counter()
            with start() as base:
                ready = time.perf_counter() - started
                url = (
                    f"{base}/query"
                    if name == "oxigraph serve"
                    else f"{base}/sparql"
                    if name == "province40"
                    else f"{base}/"
                )
                results[name], answers[name] = {}, {}
                rounds = ROUNDS if name != "rdflib-endpoint" else max(3, ROUNDS // 5)
                for qname, query in QUERIES.items():
                    answers[name][qname] = ask(url, query, client)
                    results[name][qname] = measure(lambda u=url, q=query: ask(u, q, client), rounds)
            print(f"{name}: ready in {ready:.1f} s")

    print(
        f"\n{'query':<24}{'server':<17}{'median ms':>10}{'p95 ms':>9}{'req/s':>9}{'latency ×':>11}{'throughput ×':>14}"
    )
    for qname in QUERIES:
        base = results["oxigraph serve"][qname]
        for name in servers:
            r = results[name][qname]
            print(
                f"{qname:<24}{name:<17}{r['median_ms']:>10.1f}{r['p95_ms']:>9.1f}{r['rps']:>9.1f}"
                f"{r['median_ms'] / base['median_ms']:>11.2f}{r['rps'] / base['rps']:>14.2f}"
            )
    print("(× = ratio to oxigraph serve: latency > 1 is slower, throughput < 1 is slower)")
    for qname in QUERIES:
        assert answers["province40"][qname] == answers["oxigraph serve"][qname], qname
        assert sorted(answers["rdflib-endpoint"][qname]) == sorted(answers["oxigraph serve"][qname]), qname
