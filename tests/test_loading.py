"""Building the store: per-file reports, idempotence, atomicity, errors that name file and line."""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

import pyoxigraph as ox
import pytest

from province40 import namespaces as ns
from province40.assets import AssetDirs, asset_dirs
from province40.cli import main
from province40.errors import ConfigurationError, RdfSyntaxError
from province40.loading import BuildReport, build_store, discover_sources


@pytest.fixture()
def assets(tmp_path: Path) -> AssetDirs:
    """A private copy of ontology/, shapes/ and data/ that a test may break."""
    source = asset_dirs()
    root = tmp_path / "repo"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(source.root / name, root / name)
    return AssetDirs(root, root / "ontology", root / "shapes", root / "data", in_checkout=True)


def _quads(store_dir: Path) -> set[str]:
    store = ox.Store.read_only(str(store_dir))
    try:
        return {str(q) for q in store if not isinstance(q.subject, ox.BlankNode)}
    finally:
        del store


def test_every_file_is_reported_with_its_graph(built: BuildReport) -> None:
    names = {f.display_name: f.graph for f in built.files}
    assert names["ontology/province40.ttl"] == ns.ONTOLOGY_GRAPH
    assert names["data/reference/provinces.ttl"] == ns.REFERENCE_GRAPH
    assert names["data/programme/plans/TH-33.ttl"] == ns.plan_graph("TH-33")
    assert names["data/curation/project-alignment.ttl"] == ns.CURATION_GRAPH
    assert not any(name.startswith("data/examples/") for name in names)
    assert all(f.triples > 0 for f in built.files)
    assert {ns.plan_graph(c) for c in ("TH-11", "TH-30", "TH-33", "TH-72", "TH-84")} <= set(built.graphs)


def test_rebuilding_gives_the_same_store(tmp_path: Path, assets: AssetDirs) -> None:
    first = build_store(tmp_path / "store", dirs=assets)
    before = _quads(first.store_dir)
    second = build_store(tmp_path / "store", dirs=assets)
    assert second.total_quads == first.total_quads
    assert _quads(second.store_dir) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "store", "store.journal"]  # no staging left


def test_syntax_error_names_file_and_line_and_leaves_the_store_untouched(tmp_path: Path, assets: AssetDirs) -> None:
    good = build_store(tmp_path / "store", dirs=assets)
    before = _quads(good.store_dir)
    broken = assets.data / "programme" / "plans" / "TH-33.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines.insert(30, 'project:TH-33-99 rdfs:label "unterminated ;')
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as caught:
        build_store(tmp_path / "store", dirs=assets)
    assert caught.value.file == "data/programme/plans/TH-33.ttl"
    assert caught.value.line == 31
    assert "data/programme/plans/TH-33.ttl:31" in str(caught.value)
    assert _quads(tmp_path / "store") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repo", "store", "store.journal"]


def test_cli_build_exits_non_zero_with_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \n", encoding="utf-8")
    store = tmp_path / "store"
    assert main(["build", "--store", str(store), "--with", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3" in err or f"{bad}:4" in err
    assert not store.exists()


def test_cli_build_refuses_missing_and_clashing_extra_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    assert main(["build", "--store", str(store), "--with", str(tmp_path / "missing.ttl")]) == 2
    assert f"{tmp_path / 'missing.ttl'}: no such file" in capsys.readouterr().err
    first, second = tmp_path / "a" / "plan.ttl", tmp_path / "b" / "plan.ttl"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n", encoding="utf-8")
    assert main(["build", "--store", str(store), "--with", str(first), "--with", str(second)]) == 2
    err = capsys.readouterr().err
    assert str(first) in err and str(second) in err and f"{ns.EXTRA_GRAPH_BASE}plan" in err
    assert not store.exists()


def test_cli_build_reports_files_and_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = tmp_path / "notes.ttl"
    extra.write_text('<http://example.org/a> <http://example.org/b> "Cafe\u0301 ไทย" .\n', encoding="utf-8")
    assert main(["build", "--store", str(tmp_path / "store"), "--with", str(extra)]) == 0
    out = capsys.readouterr().out
    assert "data/reference/provinces.ttl" in out and "triples" in out
    assert f"<{ns.EXTRA_GRAPH_BASE}notes>" in out
    assert "1 literals normalised to NFC" in out
    store = ox.Store.read_only(str(tmp_path / "store"))
    values = [
        q.object.value for q in store.quads_for_pattern(None, None, None, ox.NamedNode(ns.EXTRA_GRAPH_BASE + "notes"))
    ]
    assert values == [unicodedata.normalize("NFC", "Cafe\u0301 ไทย")]


def test_a_file_outside_the_known_folders_is_refused(assets: AssetDirs) -> None:
    (assets.data / "misc").mkdir()
    (assets.data / "misc" / "stray.ttl").write_text("", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"data/misc/stray\.ttl"):
        discover_sources(assets)


def test_plan_files_must_be_named_after_their_province(assets: AssetDirs) -> None:
    (assets.data / "programme" / "plans" / "suphan.ttl").write_text("", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"TH-33\.ttl"):
        discover_sources(assets)
