"""Real servers for the tests: ``province40 serve`` and ``oxigraph serve`` on free loopback ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

BIN = Path(sys.executable).parent


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-3000:]


def _wait(url: str, process: subprocess.Popen[bytes], log: IO[bytes], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}:\n{_log_tail(log)}")
        try:
            if httpx.get(url, timeout=1.0).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    _stop(process)
    raise RuntimeError(f"{what} did not answer {url} within {timeout} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@contextmanager
def province40_server(store_dir: Path, *, ready_within: float = 60.0, **settings: str) -> Iterator[str]:
    """Run ``province40 serve`` on a free port; yields its base URL once ``/readyz`` answers."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROVINCE40_")}
    env.update({f"PROVINCE40_{k.upper()}": v for k, v in settings.items()})
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [str(BIN / "province40"), "serve", "--store", str(store_dir), "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(f"{base}/readyz", process, log, "province40 serve", timeout=ready_within)
            yield base
        finally:
            _stop(process)


@contextmanager
def oxigraph_server(location: Path, *, union_default_graph: bool = True) -> Iterator[str]:
    """Run ``oxigraph serve`` (the PyPI ``oxigraph`` package) on a free port; yields its base URL."""
    port = free_port()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait(f"{base}/query?query=ASK%7B%7D", process, log, "oxigraph serve")
            yield base
        finally:
            _stop(process)


VIRTUOSO_INI = """[Database]
DatabaseFile    = db/virtuoso.db
ErrorLogFile    = db/virtuoso.log
LockFile        = db/virtuoso.lck
TransactionFile = db/virtuoso.trx
xa_persistent_file = db/virtuoso.pxa
ErrorLogLevel   = 7
FileExtend      = 200
Striping        = 0
TempStorage     = TempDatabase
[TempDatabase]
DatabaseFile    = db/virtuoso-temp.db
TransactionFile = db/virtuoso-temp.trx
Striping        = 0
[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
CheckpointInterval   = 60
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000
MaxQueryMem          = 256M
DirsAllowed          = .
CaseMode             = 2
[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
ServerRoot           = www
ServerThreads        = 10
MaxKeepAlives        = 10
KeepAliveTimeout     = 10
Charset              = UTF-8
[SPARQL]
ResultSetMaxRows           = 10000
MaxQueryCostEstimationTime = 0
MaxQueryExecutionTime      = 60
"""
"""The minimal configuration of ``../shared/reference/virtuoso.md`` on free loopback ports, with
Virtuoso's default row cap kept (10,000) so the tests see the truncation the backend must flag."""

VIRTUOSO = Path("/usr/bin/virtuoso-t")
ISQL = Path("/usr/bin/isql-vt")


def start_virtuoso(workdir: Path) -> tuple[subprocess.Popen[bytes], str, IO[bytes]]:
    """Start ``virtuoso-t`` with a new database in ``workdir``; returns the process, its base URL and log."""
    if not VIRTUOSO.exists():
        raise RuntimeError(f"{VIRTUOSO} is missing: `make virtuoso` installs Debian's virtuoso-opensource-7-bin")
    sql_port, http_port = free_port(), free_port()
    (workdir / "db").mkdir(parents=True, exist_ok=True)
    (workdir / "www").mkdir(exist_ok=True)
    (workdir / "virtuoso.ini").write_text(VIRTUOSO_INI.format(sql_port=sql_port, http_port=http_port))
    log = (workdir / "virtuoso.out").open("w+b")
    process = subprocess.Popen(
        [str(VIRTUOSO), "+foreground", "+configfile", "virtuoso.ini"], cwd=workdir, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{http_port}"
    _wait(f"{base}/sparql?query=ASK%7B%7D", process, log, "virtuoso-t", timeout=120)
    grant = subprocess.run(
        [str(ISQL), f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
        capture_output=True,
        timeout=60,
        check=False,
    )
    if grant.returncode != 0:
        _stop(process)
        raise RuntimeError(f"isql-vt could not grant SPARQL_UPDATE: {grant.stdout!r} {grant.stderr!r}")
    return process, base, log


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process started here (SIGTERM, then SIGKILL)."""
    _stop(process)


@contextmanager
def virtuoso_server(workdir: Path) -> Iterator[str]:
    """Run Virtuoso Open Source 7 on free loopback ports with a new database; yields its base URL."""
    process, base, log = start_virtuoso(workdir)
    try:
        yield base
    finally:
        _stop(process)
        log.close()


def start_oxigraph(location: Path, port: int) -> tuple[subprocess.Popen[bytes], IO[bytes]]:
    """Start ``oxigraph serve --union-default-graph`` on ``port`` (a test that kills and restarts it)."""
    log = tempfile.TemporaryFile()
    command = [str(BIN / "oxigraph"), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, "--union-default-graph"], stdout=log, stderr=subprocess.STDOUT)
    _wait(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process, log, "oxigraph serve")
    return process, log
