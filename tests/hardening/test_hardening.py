"""The reduced form of ``make hardening`` that ``make test`` runs: the attacks marked ``reduced`` in
:data:`tests.hardening.attacks.ATTACKS` and one ``kill -9`` of the server during a write, against a really
running ``province40 serve``, well under a minute. The full set is :mod:`tests.hardening.test_full_hardening`
(collected only with ``PROVINCE40_HARDENING=full``, which ``make hardening`` sets).

Every row must be ``ok`` (see :class:`tests.hardening.attacks.Row`); the tables are printed with ``-s``.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from province40.loading import BuildReport
from tests.hardening import crashes
from tests.hardening.attacks import ATTACKS, Attack, Outcome, Row, Target, run_attacks, table
from tests.hardening.soak import soak
from tests.servers import province40_server

TOKEN = "hardening-update-token"
SETTINGS = {
    "workers": "2",
    "update_token": TOKEN,
    "query_timeout": "3",
    "max_body_bytes": str(4 * 1024 * 1024),
    "body_timeout": "3",
    "worker_memory_mib": "1024",
}

pytestmark = [pytest.mark.server, pytest.mark.hardening]


@pytest.fixture(scope="module")
def target(built: BuildReport, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Target]:
    """A server with an update token over a private copy of the store, with small limits so that the
    attacks reach them quickly (deadline 3 s, bodies 4 MiB sent within 3 s, workers 1 GiB)."""
    copy = tmp_path_factory.mktemp("hardening") / "store"
    shutil.copytree(built.store_dir, copy)
    with province40_server(copy, **SETTINGS) as base:
        yield Target(base, TOKEN, 3.0, 4 * 1024 * 1024, 3.0)


def _assert_all_ok(rows: list[Row], title: str) -> None:
    printed = table(rows, title)
    print(printed)
    assert all(row.ok for row in rows), printed


def _crash_row(attack: Attack, run: object) -> Row:
    started = time.perf_counter()
    result = run()  # type: ignore[operator]
    outcome, consistent = result[0], result[1]
    return Row(attack, outcome, time.perf_counter() - started, True, consistent)


def _noop(_: Target) -> Outcome:
    raise AssertionError("crash attacks are run by their own functions")


def test_reduced_attacks(target: Target, built: BuildReport, tmp_path: Path) -> None:
    """The CI form: a few representative attacks, and one kill -9 of the server during a write."""
    rows = run_attacks(target, [attack for attack in ATTACKS if attack.reduced])
    store = tmp_path / "crash" / "store"
    shutil.copytree(built.store_dir, store)
    kill = Attack(
        "crash", "kill9_server_during_write", "kill -9 of every server process", _noop, "consistent", bound=60
    )
    rows.append(_crash_row(kill, lambda: crashes.kill_server_during_write(store, 1.0, triples=30_000)))
    _assert_all_ok(rows, "hardening (reduced form, as in make test)")


def test_short_soak_samples_the_server_and_its_workers(built: BuildReport, tmp_path: Path) -> None:
    """The soak's machinery, briefly (the 10-minute soak is `make hardening SOAK=600`): a fresh server
    answers every request and write, and the memory samples cover the server and its three store processes
    (two readers, the writer)."""
    store = tmp_path / "soak" / "store"
    shutil.copytree(built.store_dir, store)
    with province40_server(store, **SETTINGS) as base:
        report = soak(base, TOKEN, 12.0, clients=2, sample_every=2.0, write_every=4.0)
    print(report.table())
    assert report.error_count == 0, report.table()
    assert report.writes >= 2 and len(report.requests) > 20
    assert all(sample.workers >= 3 and sample.workers_kib > 0 and sample.server_kib > 0 for sample in report.samples)
