"""The whole-store report kept next to the store (:mod:`province40.validation.kept_report`).

An unchanged store is answered from the kept report (the same report as the run that computed it,
saying it was kept);
a store in which one plan changed is never answered from it: the next run validates again and
reports the change.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from province40.store.embedded import EmbeddedStore
from province40.validation.kept_report import keep, kept_dir, load_kept, report_key
from province40.validation.report import Coverage, Report, Scope, ScopeKind

PROVINCE40 = Path(sys.executable).parent / "province40"
KEPT = "kept report of an unchanged store"
PLAN_TH33 = "https://w3id.org/province40/graph/plan/TH-33"
NEW_PROJECT = "https://w3id.org/province40/id/project/TH-33-kept-report-test"


def validate(store_dir: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(PROVINCE40), "validate", "--store", str(store_dir), "--format", "json", *args],
        capture_output=True, timeout=600, check=False,
    )


def test_unchanged_store_answers_from_the_kept_report_and_a_changed_plan_never_does(
    writable_store_dir: Path,
) -> None:
    first = validate(writable_store_dir)
    assert first.returncode in (0, 1) and b"Traceback" not in first.stderr, first.stderr
    assert KEPT not in first.stderr.decode()
    assert list(kept_dir(writable_store_dir).glob("curated-*.pickle"))

    again = validate(writable_store_dir)
    assert KEPT in again.stderr.decode()
    assert _without_computation(again.stdout) == _without_computation(first.stdout)
    assert again.returncode == first.returncode
    assert json.loads(again.stdout)["generator"]["computation"] == "kept report of the unchanged store"

    recomputed = validate(writable_store_dir, "--recompute")
    assert KEPT not in recomputed.stderr.decode()

    store = EmbeddedStore(writable_store_dir, workers=1, writable=True)
    try:
        store.update(
            f"INSERT DATA {{ GRAPH <{PLAN_TH33}> {{ <{NEW_PROJECT}> "
            "a <https://w3id.org/province40/ontology#Project> } }"
        )
    finally:
        store.close()

    changed = validate(writable_store_dir)
    assert KEPT not in changed.stderr.decode()
    assert NEW_PROJECT.encode() in changed.stdout and NEW_PROJECT.encode() not in first.stdout
    assert KEPT in validate(writable_store_dir).stderr.decode()  # kept again, for the changed store


def _without_computation(document: bytes) -> dict[str, object]:
    """The report, without what says how it was obtained (computed, or kept)."""
    found = json.loads(document)
    found["generator"].pop("computation", None)
    assert isinstance(found, dict)
    return found


def test_the_key_names_the_view_and_the_engine(store_dir: Path) -> None:
    curated = report_key(store_dir, engine="compiled", include_curation=True)
    assert curated == report_key(store_dir, engine="compiled", include_curation=True)
    assert curated != report_key(store_dir, engine="pyshacl", include_curation=True)
    assert report_key(store_dir, engine="compiled", include_curation=False).startswith("presented-")


def _report() -> Report:
    import datetime as dt

    return Report(
        scope=Scope(ScopeKind.STORE), engine="test", generated_at=dt.datetime.now(dt.UTC), include_curation=True,
        findings=(), closed_by_curation=(), plans=(), coverage=Coverage(axes=()),
    )


def test_a_kept_report_others_may_write_is_ignored(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    (store_dir / "CURRENT").write_text("x")
    key = report_key(store_dir, engine="compiled", include_curation=True)
    written = keep(store_dir, key, _report())
    assert written is not None
    assert load_kept(store_dir, key) == _report_like(load_kept(store_dir, key))
    os.chmod(written, 0o666)
    assert load_kept(store_dir, key) is None
    assert load_kept(store_dir, "curated-another-key") is None


def _report_like(report: Report | None) -> Report | None:
    assert report is not None and report.engine == "test"
    return report
