"""The whole store's JSON document put together from the lines of each part
(:mod:`province40.validation.document_pieces`), kept with the plans' reports.

The document put together is, byte for byte, the one the merged report renders to; after a write
only the plans validated again are rendered and no other plan's report is read; a plan whose lines
are not kept is rendered from its report, and a report that cannot be read either makes the run
validate everything again.
"""

from __future__ import annotations

import io
import json
import shutil
import time
from pathlib import Path

import pytest

from province40.cli import main
from province40.loading import build_store
from province40.store.embedded import EmbeddedStore
from province40.synth import SynthOptions, write
from province40.validation.document_pieces import assemble, pieces_of
from province40.validation.kept_document import whole_document
from province40.validation.kept_files import code_key
from province40.validation.kept_parts import Outcome, load_parts, parts_dir, pieces_name
from province40.validation.kept_reports import KeptReports
from province40.validation.render.json import write_document, write_json

SMALL = SynthOptions(provinces=6, projects_per_province=6, seed=5, gap_share=0.25)
ALIGNMENT = {f"https://w3id.org/province40/ontology#{name}"
             for name in ("contributesToStrategy", "contributesToMasterPlan", "servesDimension")}
BODY_START = b',\n  "plans": '


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("document-pieces")
    synthetic = write(folder / "small.trig", SMALL, progress_stream=None).path
    return build_store(folder / "store", extra=[synthetic]).store_dir


@pytest.fixture()
def store_dir(built: Path, tmp_path: Path) -> Path:
    target = tmp_path / "store"
    shutil.copytree(built, target)
    return target


def _validate(store_dir: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[bytes, str]:
    output = store_dir.parent / "report.json"
    code = main(["validate", "--store", str(store_dir), "--format", "json", "--output", str(output), *args])
    assert code in (0, 1)
    capsys.readouterr()
    document = output.read_bytes()
    return document, str(json.loads(document)["generator"].get("computation", ""))


def _body(document: bytes) -> bytes:
    return document[document.index(BODY_START):]


def _merged_document(store_dir: Path, include_curation: bool) -> bytes:
    """The document ``write_json`` renders for the merged report of the kept parts."""
    parts = load_parts(store_dir, code_key(engine="compiled", include_curation=include_curation), include_curation)
    assert parts is not None
    stream = io.BytesIO()
    write_json(Outcome(parts, (), "merged", time.perf_counter()).report, stream)
    return stream.getvalue()


def _write_plan(store_dir: Path, projects: int) -> str:
    """Replace the first plan's graph without the alignment links of ``projects`` of its projects."""
    store = EmbeddedStore(store_dir, workers=1, writable=True)
    try:
        graph = sorted(g for g in store.named_graphs() if "/graph/plan/TH-" in g)[0]
        quads = list(store.export([graph]))
        chosen = sorted({q.subject for q in quads if q.predicate.value in ALIGNMENT}, key=str)[:projects]
        store.replace_graph(graph, [q for q in quads if not (q.subject in chosen and q.predicate.value in ALIGNMENT)])
    finally:
        store.close()
    return graph.rsplit("/", 1)[-1]


@pytest.mark.parametrize("include_curation", [True, False], ids=["with-curation", "as-presented"])
def test_the_lines_put_together_are_the_merged_report_s_document(
    store_dir: Path, capsys: pytest.CaptureFixture[str], include_curation: bool
) -> None:
    _validate(store_dir, capsys, *(() if include_curation else ("--as-presented",)))
    parts = load_parts(store_dir, code_key(engine="compiled", include_curation=include_curation), include_curation)
    assert parts is not None
    outcome = Outcome(parts, (), "put together", time.perf_counter())
    report = outcome.report
    assert report.findings and report.closed_by_curation if include_curation else report.findings
    ordered = [pieces_of(parts.plans[c]) for c in sorted(parts.plans)] + [pieces_of(parts.rest)]
    document = assemble(ordered, generated_at=report.generated_at, seconds=report.seconds, computation="put together")
    rendered, expected = io.BytesIO(), io.BytesIO()
    write_document(document.head, document.body, rendered)
    write_json(report, expected)
    assert rendered.getvalue() == expected.getvalue()  # byte for byte, head included
    assert document.counts == report.counts() and document.passes == report.passes()

    kept = whole_document(store_dir, outcome, include_curation)  # the lines read where they are kept
    assert not kept.rendered
    again = io.BytesIO()
    write_document(kept.document.head, kept.document.body, again)
    assert _body(again.getvalue()) == _body(expected.getvalue())


def test_after_a_write_only_the_plans_validated_again_are_rendered_and_no_kept_report_is_read(
    store_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _validate(store_dir, capsys)
    written = _write_plan(store_dir, 2)

    def never(self: KeptReports, plan: str) -> None:
        raise AssertionError(f"the kept report of {plan} was read")

    with monkeypatch.context() as patched:
        patched.setattr(KeptReports, "__getitem__", never)
        after, how = _validate(store_dir, capsys)
    assert "incremental" in how and written in how, how
    assert _body(after) == _body(_merged_document(store_dir, True))
    recomputed, how_again = _validate(store_dir, capsys, "--recompute")
    assert "--recompute" in how_again
    assert _body(recomputed) == _body(after)


def test_a_plan_whose_lines_are_lost_is_rendered_from_its_report(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, _how = _validate(store_dir, capsys)
    folder = parts_dir(store_dir, True)
    pieces = sorted(folder.glob("*.pieces"))
    pieces[0].unlink()
    pieces[1].write_bytes(b"not a pickle")
    written = _write_plan(store_dir, 1)
    after, how = _validate(store_dir, capsys)
    assert "incremental" in how and written in how, how
    assert _body(after) == _body(_merged_document(store_dir, True)) != _body(first)
    assert len(list(folder.glob("*.pieces"))) == len(list(folder.glob("TH-*.pickle")))  # rendered, kept again
    assert _body(_validate(store_dir, capsys, "--recompute")[0]) == _body(after)


def test_a_report_that_cannot_be_read_when_needed_means_validating_everything(
    store_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _validate(store_dir, capsys)
    folder = parts_dir(store_dir, True)
    report = sorted(p for p in folder.glob("TH-*.pickle"))[-1]
    report.write_bytes(b"not a pickle")
    (folder / pieces_name(report.name)).unlink()  # its lines too: the report is needed
    _write_plan(store_dir, 1)
    after, how = _validate(store_dir, capsys)
    assert "computed in full" in how, how
    assert _body(after) == _body(_validate(store_dir, capsys, "--recompute")[0])


def test_other_formats_after_a_write_come_from_the_merged_report(
    store_dir: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _validate(store_dir, capsys)
    _write_plan(store_dir, 2)
    rows = tmp_path / "findings.csv"

    def csv(*args: str) -> tuple[bytes, str]:
        assert main(["validate", "--store", str(store_dir), "--format", "csv", "--output", str(rows), *args]) in (0, 1)
        return rows.read_bytes(), capsys.readouterr().err

    after, how = csv()
    assert "incremental" in how, how
    recomputed, how_again = csv("--recompute")
    assert "--recompute" in how_again and recomputed == after
    again, _how = _validate(store_dir, capsys)  # the lines of the plan validated again were kept by the csv run
    assert _body(again) == _body(_merged_document(store_dir, True))
