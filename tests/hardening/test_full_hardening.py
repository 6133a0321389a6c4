"""``make hardening``: every attack, the crash attacks, schemathesis over the OpenAPI document and, with
``SOAK=<seconds>``, the soak, against a really running ``province40 serve``; each prints its table.

Collected only with ``PROVINCE40_HARDENING=full`` (see ``conftest.py``); the reduced form is
:mod:`tests.hardening.test_hardening`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from province40.loading import BuildReport, build_store
from province40.synth import SynthOptions, write
from tests.hardening import crashes
from tests.hardening.attacks import ATTACKS, Attack, Row, Target, run_attacks
from tests.hardening.soak import soak
from tests.hardening.test_hardening import TOKEN, _assert_all_ok, _crash_row, _noop, target
from tests.servers import BIN, province40_server

SOAK_SECONDS = float(os.environ.get("PROVINCE40_SOAK_SECONDS") or 0)

pytestmark = [pytest.mark.server, pytest.mark.hardening]
__all__ = ["target"]  # the server fixture, shared with the reduced form


def test_every_attack(target: Target) -> None:
    _assert_all_ok(run_attacks(target, ATTACKS), "hardening: RDF bodies, SPARQL, HTTP")


def test_crashes(built: BuildReport, tmp_path: Path) -> None:
    """kill -9 of the server and of its writer during a 12 MiB write, of `province40 build`; a full disk."""
    rows: list[Row] = []

    def fresh(name: str) -> Path:
        store = tmp_path / name / "store"
        shutil.copytree(built.store_dir, store)
        return store

    for delay in (0.5, 2.0, 5.0, 12.0, 40.0):
        attack = Attack(
            "crash", f"kill9_server_write_{delay:g}s", "kill -9 of every server process", _noop, "consistent", bound=120
        )
        rows.append(_crash_row(attack, lambda d=delay: crashes.kill_server_during_write(fresh(f"server-{d}"), d)))
    for delay in (1.0, 4.0):
        attack = Attack("crash", f"kill9_writer_write_{delay:g}s", "kill -9 of the writer process", _noop, bound=120)
        rows.append(_crash_row(attack, lambda d=delay: crashes.kill_writer_during_write(fresh(f"writer-{d}"), d)))
    extra = tmp_path / "national.trig"
    write(extra, SynthOptions(projects_per_province=30), progress_stream=None)
    reference = fresh("reference")
    build_store(reference, extra=[extra])
    new = crashes.graph_counts(reference)
    for delay in (1.0, 3.0, 5.0, 6.0, 7.0, 8.0):
        attack = Attack(
            "crash", f"kill9_build_{delay:g}s", "kill -9 of province40 build", _noop, "consistent", bound=120
        )
        rows.append(_crash_row(attack, lambda d=delay: crashes.kill_build(fresh(f"build-{d}"), extra, d, new)))
    disk = Attack("crash", "disk_full", "12 MiB PUT on a tiny tmpfs", _noop, bound=300)
    started = time.perf_counter()
    outcome, consistent, why_not = crashes.disk_full(built.store_dir, tmp_path)
    if why_not:
        print(f"\ndisk-full attack not run: {why_not}")
    else:
        rows.append(Row(disk, outcome, time.perf_counter() - started, True, consistent))
    _assert_all_ok(rows, "hardening: crashes (store afterwards: old or new content, never a mix)")


def test_schemathesis_finds_no_server_error(target: Target) -> None:
    """schemathesis over the OpenAPI document, as a client with the update token: no 5xx but 503."""
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{target.base}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        os.environ.get("PROVINCE40_SCHEMATHESIS_EXAMPLES", "25"),
        "--header",
        f"Authorization: Bearer {TOKEN}",
        "--request-timeout",
        "30",
        "--exclude-method",
        "DELETE",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=1800, check=False)
    output = result.stdout + result.stderr
    print("\nschemathesis over /openapi.json:\n" + "\n".join(output.splitlines()[-25:]))
    assert result.returncode == 0, output[-4000:]  # the not_a_server_error check failed on some request


@pytest.mark.skipif(SOAK_SECONDS <= 0, reason="no soak asked for (make hardening SOAK=600)")
def test_soak(built: BuildReport, tmp_path: Path) -> None:
    """A fresh server at the benchmark's rate for SOAK seconds: 0 errors, resident memory of the server and
    its workers flat, p99 within 2× of a fresh server's measured beside it (see :mod:`tests.hardening.soak`).
    The service's own limits (deadline 10 s, ...), as deployed: the attacks' small limits are not for a soak."""
    from tests.benchmarks.test_endpoint_speed import CLIENTS

    settings = {"workers": "2", "update_token": TOKEN}
    copies = {}
    for name in ("soak", "fresh"):
        copies[name] = tmp_path / name / "store"
        shutil.copytree(built.store_dir, copies[name])
    with province40_server(copies["soak"], **settings) as base:
        report = soak(
            base, TOKEN, SOAK_SECONDS, clients=CLIENTS, fresh=lambda: province40_server(copies["fresh"], **settings)
        )
    printed = report.table()
    print(printed)
    assert report.ok(), printed
