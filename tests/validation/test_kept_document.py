"""The JSON document of the whole store kept beside it (:mod:`province40.validation.kept_document`).

An unchanged store is answered by a fresh head and the kept body, without loading any plan report,
and the document is, byte for byte, the one ``--recompute`` writes but for when, how long and how it
was computed. A body that is not the one kept (changed, cut short) is never copied: the run falls
back to the kept reports and is still right. A write to the store is never answered from it.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from province40.cli import main
from province40.cli.validate import KEPT_DOCUMENT
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.synth import SynthOptions, write
from province40.validation import kept_parts
from province40.validation.kept_document import document_dir

SMALL = SynthOptions(provinces=6, projects_per_province=6, seed=7, gap_share=0.2)
STRATEGY = "https://w3id.org/province40/ontology#contributesToStrategy"
ALIGNMENT = {STRATEGY, *(f"https://w3id.org/province40/ontology#{name}" for name in ("contributesToMasterPlan",
                                                                                     "servesDimension"))}
BODY_START = b',\n  "plans": '
KEPT_REPORTS = "kept reports of the unchanged store"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kept-document")
    synthetic = write(folder / "small.trig", SMALL, progress_stream=None).path
    return build_store(folder / "store", extra=[synthetic]).store_dir


@pytest.fixture()
def store_dir(built: Path, tmp_path: Path) -> Path:
    """A private copy of the built store (without anything kept beside it)."""
    target = tmp_path / "store"
    shutil.copytree(built, target)
    return target


class Run:
    def __init__(self, code: int, document: bytes, stderr: str) -> None:
        self.code = code
        self.document = document
        self.stderr = stderr

    @property
    def parsed(self) -> dict[str, Any]:
        found = json.loads(self.document)
        assert isinstance(found, dict)
        return found

    @property
    def how(self) -> str:
        return str(self.parsed["generator"].get("computation", ""))

    @property
    def head(self) -> bytes:
        return self.document[: self.document.index(BODY_START)]

    @property
    def body(self) -> bytes:
        """Everything after the head (when, how long and how are in the head)."""
        return self.document[self.document.index(BODY_START):]


def _validate(store_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    output = store_dir.parent / "report.json"
    code = main(["validate", "--store", str(store_dir), "--format", "json", "--output", str(output), *args])
    assert code in (0, 1)
    return Run(code, output.read_bytes(), capsys.readouterr().err)


def _without_when_and_how(run: Run) -> dict[str, Any]:
    found = run.parsed
    for volatile in ("generated_at", "seconds"):
        found.pop(volatile)
    found["generator"].pop("computation", None)
    return found


def _no_plan_report(*args: object, **kwargs: object) -> None:
    raise AssertionError("a kept plan report was loaded")


def test_an_unchanged_store_is_answered_from_the_kept_document_without_loading_a_plan_report(
    store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _validate(store_dir, capsys)
    assert "computed in full" in first.how
    assert (document_dir(store_dir, True) / "body.json").read_bytes() == first.body

    with monkeypatch.context() as patched:
        patched.setattr(kept_parts, "load_parts", _no_plan_report)
        kept = _validate(store_dir, capsys)
    assert kept.how == KEPT_DOCUMENT
    assert "kept JSON document" in kept.stderr and KEPT_REPORTS.replace("the", "an") in kept.stderr
    assert kept.body == first.body  # byte for byte
    assert kept.code == first.code
    assert kept.stderr.split(" (")[0] == first.stderr.split(" (")[0]  # the same counts on the summary line
    assert list(kept.parsed) == list(first.parsed)  # the head's keys in the same order
    assert _without_when_and_how(kept) == _without_when_and_how(first)
    assert kept.parsed["generated_at"] == first.parsed["generated_at"]  # computed then, not now

    recomputed = _validate(store_dir, capsys, "--recompute")
    assert "--recompute" in recomputed.how
    assert recomputed.body == kept.body
    assert _without_when_and_how(recomputed) == _without_when_and_how(kept)

    presented = _validate(store_dir, capsys, "--as-presented")  # another view: not this document
    assert "computed in full" in presented.how and presented.body != kept.body
    assert _validate(store_dir, capsys, "--as-presented").how == KEPT_DOCUMENT
    assert _validate(store_dir, capsys).body == kept.body


@pytest.mark.parametrize("damage", ["changed", "cut short", "missing"])
def test_a_body_that_is_not_the_kept_one_is_never_copied(
    store_dir: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    first = _validate(store_dir, capsys)
    body = document_dir(store_dir, True) / "body.json"
    kept = body.read_bytes()
    if damage == "changed":  # same size, one finding's severity changed
        at = kept.index(b'"Violation"')
        body.write_bytes(kept[:at] + b'"Violatiom"' + kept[at + len(b'"Violation"'):])
    elif damage == "cut short":
        body.write_bytes(kept[: len(kept) // 2])
    else:
        body.unlink()

    fallback = _validate(store_dir, capsys)
    assert fallback.how == KEPT_REPORTS  # from the kept reports, not the document
    assert fallback.body == first.body
    assert body.read_bytes() == first.body  # kept again, sound
    assert _validate(store_dir, capsys).how == KEPT_DOCUMENT


def test_a_write_to_the_store_is_never_answered_from_the_kept_document(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _validate(store_dir, capsys)
    assert _validate(store_dir, capsys).how == KEPT_DOCUMENT
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        graph = sorted(g for g in store.named_graphs() if "/graph/plan/TH-" in g)[0]
        quads = list(store.export([graph]))
        projects = sorted({q.subject for q in quads if q.predicate.value == STRATEGY}, key=str)[:3]
        store.replace_graph(graph, [q for q in quads if not (q.subject in projects and q.predicate.value in ALIGNMENT)])
    finally:
        store.close()

    after = _validate(store_dir, capsys)
    assert "incremental" in after.how
    assert after.body != first.body
    again = _validate(store_dir, capsys)
    assert again.how == KEPT_DOCUMENT and again.body == after.body
    recomputed = _validate(store_dir, capsys, "--recompute")
    assert recomputed.body == after.body


def test_other_formats_of_an_unchanged_store_leave_the_document_alone(
    store_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    first = _validate(store_dir, capsys)
    page = tmp_path / "report.html"
    assert main(["validate", "--store", str(store_dir), "--format", "html", "--output", str(page)]) in (0, 1)
    assert "kept reports of an unchanged store" in capsys.readouterr().err
    assert b"<html" in page.read_bytes()[:500]
    rows = tmp_path / "coverage.json"
    assert main(["validate", "--store", str(store_dir), "--format", "json", "--coverage", "--output", str(rows)]) in (0, 1)
    capsys.readouterr()
    assert "plan" in rows.read_text(encoding="utf-8")
    kept = _validate(store_dir, capsys)
    assert kept.how == KEPT_DOCUMENT and kept.body == first.body
