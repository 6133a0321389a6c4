"""The whole-store reports kept next to the store (:mod:`province40.validation.kept_files`,
:mod:`province40.validation.kept_parts`).

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

from province40.cli.validate import KEPT_DOCUMENT
from province40.store.embedded import EmbeddedStore
from province40.validation.kept_files import code_key, keep_object, kept_dir, load_object
from province40.validation.report import Coverage, Report, Scope, ScopeKind

PROVINCE40 = Path(sys.executable).parent / "province40"
KEPT = "kept reports of an unchanged store"
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
    assert list(kept_dir(writable_store_dir).glob("parts-curated/TH-33-*.pickle"))

    again = validate(writable_store_dir)
    assert KEPT in again.stderr.decode()
    assert _without_computation(again.stdout) == _without_computation(first.stdout)
    assert again.returncode == first.returncode
    assert json.loads(again.stdout)["generator"]["computation"] == KEPT_DOCUMENT  # kept body, fresh head

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
    """The report, without what says how it was obtained (computed, or kept) and how long that took."""
    found = json.loads(document)
    found["generator"].pop("computation", None)
    found.pop("seconds", None)
    assert isinstance(found, dict)
    return found


def test_the_key_names_the_view_and_the_engine() -> None:
    curated = code_key(engine="compiled", include_curation=True)
    assert curated == code_key(engine="compiled", include_curation=True)
    assert curated != code_key(engine="pyshacl", include_curation=True)
    assert curated != code_key(engine="compiled", include_curation=False)


def _report() -> Report:
    import datetime as dt

    return Report(
        scope=Scope(ScopeKind.STORE), engine="test", generated_at=dt.datetime.now(dt.UTC), include_curation=True,
        findings=(), closed_by_curation=(), plans=(), coverage=Coverage(axes=()),
    )


def test_a_kept_file_others_may_write_is_ignored(tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    store_dir.mkdir()
    path = kept_dir(store_dir) / "parts-curated" / "TH-33-test.pickle"
    assert keep_object(path, _report())
    found = load_object(path)
    assert isinstance(found, Report) and found.engine == "test"
    os.chmod(path, 0o666)
    assert load_object(path) is None
    os.chmod(path, 0o600)
    os.chmod(path.parent, 0o777)
    assert load_object(path) is None
    assert load_object(path.with_name("another.pickle")) is None
